"""Exporting conversations as native JSONL and importing them elsewhere gives the same data."""

from __future__ import annotations

import json

from sqlalchemy import select

from qa_desk.cli import main
from qa_desk.conversation_export import conversation_to_data
from qa_desk.db import open_database
from qa_desk.db.models import Conversation
from qa_desk.ingest import import_file
from tests.helpers import conversation, write_jsonl
from tests.test_import_jsonl import MULTILINGUAL


def snapshot(db) -> list[dict]:
    with db.reader() as session:
        rows = session.scalars(select(Conversation).order_by(Conversation.external_id))
        return [conversation_to_data(c) for c in rows]


def test_round_trip_through_the_command_line(db, db_url, data_dir):
    items = [
        conversation("C-1", MULTILINGUAL, tags=["zeta", "alpha"], fields={"plan": "pro", "n": 3}),
        conversation("C-2", agent={"id": "ag-2", "name": "Omar", "email": None}, team="Tier 2",
                     customer=None, csat=None, channel="email"),
        conversation("C-3", [("bot", "2026-03-03T10:00:00Z", "Hi, I'm the bot"),
                             ("system", "2026-03-03T10:00:01Z", "Assigned to Dana")]),
    ]  # fmt: skip
    items[0]["messages"][1]["internal"] = True
    import_file(db, write_jsonl(data_dir / "in.jsonl", items))
    out = data_dir / "out.jsonl"
    assert main(["--db", db_url, "conversations", "export", "-o", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3

    other_url = "sqlite:///" + str(data_dir / "other.sqlite3")
    assert main(["--db", other_url, "import", str(out)]) == 0
    other = open_database(other_url)
    try:
        assert snapshot(other) == snapshot(db)
        first = snapshot(other)[0]
        assert first["messages"][1]["internal"] is True
        assert sorted(first["tags"]) == ["alpha", "zeta"]
        assert first["fields"] == {"plan": "pro", "n": 3}
        # exporting again and importing into the same database changes nothing
        again = import_file(other, out)
        assert again.counts.unchanged == 3
    finally:
        other.dispose()


def test_export_by_period(db, db_url, data_dir):
    early = conversation("E", [("customer", "2026-01-10T10:00:00Z", "early")])
    late = conversation("L", [("customer", "2026-02-10T10:00:00Z", "late")])
    import_file(db, write_jsonl(data_dir / "in.jsonl", [early, late]))
    out = data_dir / "feb.jsonl"
    args = ["--db", db_url, "conversations", "export", "--from", "2026-02-01", "--to", "2026-02-28"]
    assert main([*args, "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["L"]
