"""Full-text search over message text: SQLite FTS5, PostgreSQL text search.

On SQLite the importer adds new messages to the index in bulk; triggers keep it right when messages
are deleted or edited.

Chinese and Japanese are written without spaces, so FTS5's word tokenizer would see a whole sentence as
one word. Text is indexed with a space around every CJK character, and a CJK search term becomes a
phrase of its characters, which matches exactly where those characters stand together.
"""

from __future__ import annotations

import re

from sqlalchemy import Select, func, literal_column, select, text
from sqlalchemy.engine import Dialect

from qa_desk.db.models import Message

FTS_FUNCTION = "qa_fts_text"

_CJK_CHARACTERS = (
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
)
_CJK = re.compile(f"([{_CJK_CHARACTERS}])")
_CJK_RUN = re.compile(f"[{_CJK_CHARACTERS}]+")


def _spaced(run: re.Match[str]) -> str:
    return " " + "  ".join(run.group()) + " "


def index_text(value: str | None) -> str:
    """The text as the index stores it: CJK characters stand apart as words of their own.

    Every CJK character gets a space on each side (``"ab"`` becomes ``" a  b "``). This runs for
    every message imported, so ASCII text is returned at once and a run of CJK characters is
    replaced in one step rather than one character at a time.
    """
    if not value:
        return ""
    if value.isascii():
        return value
    return _CJK_RUN.sub(_spaced, value)


def changed_index_text(value: str) -> str | None:
    """:func:`index_text` of ``value`` when it differs from ``value`` (it has CJK characters),
    else None: text that is indexed as it is can go to the index without a Python call."""
    if value.isascii() or _CJK_RUN.search(value) is None:
        return None
    return _CJK_RUN.sub(_spaced, value)


def fts5_query(query: str) -> str:
    """An FTS5 MATCH expression that finds messages containing every term of ``query``.

    Terms are quoted, so punctuation in what a user types is never read as FTS5 syntax; the last
    term matches as a prefix, so results appear while typing.
    """
    terms = query.split()
    parts = []
    for i, term in enumerate(terms):
        words = index_text(term).split()
        words = [w.replace('"', '""') for w in words if w.strip('"')]
        if not words:
            continue
        phrase = '"' + " ".join(words) + '"'
        if i == len(terms) - 1 and not _CJK.search(term):
            phrase += " *"
        parts.append(phrase)
    return " AND ".join(parts)


def matching_message_ids(query: str, dialect: Dialect) -> Select[tuple[int]]:
    """A SELECT of the ids of messages whose text contains every term of ``query``."""
    if dialect.name == "sqlite":
        expression = fts5_query(query)
        if not expression:
            return select(Message.id).where(literal_column("0") == 1)
        return (
            select(literal_column("rowid").label("id"))
            .select_from(text("message_fts"))
            .where(text("message_fts MATCH :fts_query").bindparams(fts_query=expression))
        )
    # PostgreSQL: word search through the GIN index, substring search for CJK terms.
    statement = select(Message.id)
    for term in query.split():
        if _CJK.search(term):
            statement = statement.where(Message.text.contains(term, autoescape=True))
        else:
            statement = statement.where(
                func.to_tsvector("simple", Message.text).op("@@")(
                    func.plainto_tsquery("simple", term)
                )
            )
    return statement
