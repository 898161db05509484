"""Search finds the same messages on SQLite and on PostgreSQL, each word as the start of a word.

The conversation browser searches while the user types, so ``refu`` must already find
``REFUND`` on either database; an inflected word is found from its stem (``заказ`` finds
``заказа``), an Arabic word also with the article or a preposition joined to it (``طلب`` finds
``الطلب``), and what the user types is never read as query syntax.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa_desk.db.engine import Database
from qa_desk.db.fulltext import matching_message_ids, tsquery_prefix
from qa_desk.db.models import Message
from qa_desk.ingest import import_file

TEXTS = {
    "en": "I have issued the REFUND for order 889, it's on its way.",
    "ru": "Здравствуйте! Моя посылка не пришла, заказ №4521.",
    "zh": "您好，我想申请退款。订单号是 889，谢谢！",
    "mixed": "Refund #889 sent; see the O'Brien note \\ backslash",
    "ru2": "Статус заказа изменён, возврат оформлен.",
    "ar": "تم استلام الطلب وسنعيد المبلغ بالكامل",
}
CASES = [
    ("refu", {"en", "mixed"}),
    ("REFUND", {"en", "mixed"}),
    ("посыл", {"ru"}),
    ("refund 88", {"en", "mixed"}),  # the last word is a prefix of 889
    ("88 refund", {"en", "mixed"}),  # every word is the start of a word
    ("заказ", {"ru", "ru2"}),  # заказ, заказа
    ("заказ возврат", {"ru2"}),
    ("طلب", {"ar"}),  # الطلب: the article joined to the word
    ("مبلغ كامل", {"ar"}),  # المبلغ, بالكامل
    ("استلام", {"ar"}),
    ("طلبات", set()),
    ("order 889", {"en"}),
    ("o'bri", {"mixed"}),
    ("it's", {"en"}),
    ("退款", {"zh"}),
    ("refund & | ! :* (", set()),
    ("\\", set()),
    ("zzzz", set()),
]


def _import(db: Database, folder: Path) -> None:
    lines = [
        {"id": key, "messages": [{"role": "customer", "text": text}]} for key, text in TEXTS.items()
    ]
    path = folder / "search.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), "utf-8")
    import_file(db, path)


def _found(db: Database, query: str) -> set[str]:
    with db.reader() as session:
        ids = session.scalars(matching_message_ids(query, db.engine.dialect)).all()
        texts = {session.get(Message, id_).text for id_ in ids}
    return {key for key, text in TEXTS.items() if text in texts}


def test_sqlite_finds_words_from_their_start(db: Database, data_dir: Path) -> None:
    _import(db, data_dir)
    assert {query: _found(db, query) for query, _ in CASES} == dict(CASES)


@pytest.mark.postgres
def test_postgresql_finds_what_sqlite_finds(pg_db: Database, tmp_path: Path) -> None:
    _import(pg_db, tmp_path)
    assert {query: _found(pg_db, query) for query, _ in CASES} == dict(CASES)


def test_a_typed_term_is_quoted_for_postgresql() -> None:
    assert tsquery_prefix("refu") == "'refu':*"
    assert tsquery_prefix("o'bri") == "'o''bri':*"
    assert tsquery_prefix("a\\b") == "'a\\\\b':*"
