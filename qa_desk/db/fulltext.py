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


_ARABIC = re.compile("[\u0600-\u06ff]")
ARABIC_PREFIXES = ("ال", "و", "ف", "ب", "ل", "ك", "وال", "فال", "بال", "كال", "لل")
"""What Arabic writes joined to the front of a word: the article ال, the conjunctions و and ف,
the prepositions ب, ل and ك, and their combinations (ل with the article is written لل)."""


def search_forms(term: str) -> list[str]:
    """The written forms a search term finds: itself, and for an Arabic word the word with each
    prefix Arabic joins to it (searching طلب "order" finds الطلب "the order" and بالطلب)."""
    if not _ARABIC.match(term):
        return [term]
    return [term, *(prefix + term for prefix in ARABIC_PREFIXES)]


def fts5_query(query: str) -> str:
    """An FTS5 MATCH expression that finds messages containing every term of ``query``.

    Terms are quoted, so punctuation in what a user types is never read as FTS5 syntax. Each term
    matches as the start of a word, so results appear while typing and an inflected word is found
    from its stem (``заказ`` finds ``заказа``); an Arabic term also with the prefixes Arabic joins
    to words (:func:`search_forms`). CJK text, indexed character by character, matches as a phrase.
    """
    parts = []
    for term in query.split():
        forms = []
        for form in search_forms(term):
            words = index_text(form).split()
            words = [w.replace('"', '""') for w in words if w.strip('"')]
            if words:
                cjk = _CJK.search(form) is not None
                forms.append('"' + " ".join(words) + '"' + ("" if cjk else " *"))
        if forms:
            parts.append(forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")")
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
    # SQLite, each term matches as the start of a word (an Arabic one also after its prefixes).
    statement = select(Message.id)
    for term in query.split():
        if _CJK.search(term):
            statement = statement.where(Message.text.contains(term, autoescape=True))
            continue
        words = func.to_tsquery(
            "simple", " | ".join(f"({tsquery_prefix(form)})" for form in search_forms(term))
        )
        statement = statement.where(func.to_tsvector("simple", Message.text).op("@@")(words))
    return statement


def tsquery_prefix(term: str) -> str:
    """A PostgreSQL ``tsquery`` text matching the words of ``term``, each as a word's start.

    The term is quoted, so what a user types is never read as ``tsquery`` syntax (``&``, ``|``,
    ``!``, ``:``); PostgreSQL splits it into words as it splits the stored text, and every word
    must be there.
    """
    quoted = term.replace("\\", "\\\\").replace("'", "''")
    return f"'{quoted}':*"
