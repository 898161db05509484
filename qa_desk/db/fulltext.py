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


def index_text(value: str | None) -> str:
    """The text as the index stores it: CJK characters stand apart as words of their own.

    Every CJK character gets a space on each side (``"ab"`` becomes ``" a  b "``). This runs for
    every message imported, so ASCII text is returned at once, and the spacing is done by
    splitting around each CJK character and joining the pieces with a space, which stays in C
    (a replacement template or function would call back into Python for every character).
    """
    if not value:
        return ""
    if value.isascii():
        return value
    return " ".join(_CJK.split(value))


def changed_index_text(value: str) -> str | None:
    """:func:`index_text` of ``value`` when it differs from ``value`` (it has CJK characters),
    else None: text that is indexed as it is can go to the index without a Python call."""
    if value.isascii():
        return None
    pieces = _CJK.split(value)
    return " ".join(pieces) if len(pieces) > 1 else None


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
    # PostgreSQL: word search through the GIN index, substring search for CJK terms; as on
    # SQLite, the last term matches as a prefix, so results appear while typing.
    statement = select(Message.id)
    terms = query.split()
    for i, term in enumerate(terms):
        if _CJK.search(term):
            statement = statement.where(Message.text.contains(term, autoescape=True))
            continue
        if i == len(terms) - 1:
            words = func.to_tsquery("simple", tsquery_prefix(term))
        else:
            words = func.plainto_tsquery("simple", term)
        statement = statement.where(func.to_tsvector("simple", Message.text).op("@@")(words))
    return statement


def tsquery_prefix(term: str) -> str:
    """A PostgreSQL ``tsquery`` text matching the words of ``term``, the last as a prefix.

    The term is quoted, so what a user types is never read as ``tsquery`` syntax (``&``, ``|``,
    ``!``, ``:``); PostgreSQL splits it into words as it splits the stored text, and every word
    must be there.
    """
    quoted = term.replace("\\", "\\\\").replace("'", "''")
    return f"'{quoted}':*"
