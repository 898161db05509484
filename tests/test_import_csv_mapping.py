"""Importing a CSV whose columns the user named (``ImportOptions.columns``), without any window."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qa_desk.db import Database
from qa_desk.db.models import Conversation, Message
from qa_desk.errors import InputError
from qa_desk.ingest import ImportOptions, import_file, read_records
from qa_desk.ingest.csv_columns import (
    COLUMNS,
    columns_problems,
    header_key,
    make_layout,
    resolve_columns,
)

HEADER = ["Case Nr", "Party", "Utterance text", "Mood", "Handled by", "When"]
ROWS = [
    ["A-1", "customer", "My card was charged twice", "angry", "Dana", "2026-03-02 09:00"],
    ["A-1", "agent", "Let me look at that for you", "", "Dana", "2026-03-02 09:02"],
    ["A-2", "end-user", "How do I reset my password?", "calm", "Sam", "2026-03-03 10:00"],
]
MAPPING = {
    "Case Nr": "conversation_id",
    "Party": "role",
    "Utterance text": "text",
    "Mood": "",
    "Handled by": "agent",
    "When": "timestamp",
}


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


@pytest.fixture
def export(data_dir: Path) -> Path:
    return write_csv(data_dir / "unknown-tool.csv", [HEADER, *ROWS])


def count(db: Database, model: type) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_without_a_mapping_the_header_is_refused(export: Path) -> None:
    with pytest.raises(InputError) as caught:
        list(read_records(export))
    message = str(caught.value)
    assert message.startswith(f"{export}:1: header: unknown columns 'Case Nr', 'Party'")
    assert "missing columns conversation_id, role, text" in message


def test_a_mapping_reads_the_columns_it_names(db: Database, export: Path) -> None:
    result = import_file(db, export, options=ImportOptions(columns=MAPPING))
    assert (result.format, result.counts.added, result.counts.messages) == ("csv", 2, 3)
    records = list(read_records(export, options=ImportOptions(columns=MAPPING)))
    first, second = records
    assert first.external_id == "A-1"
    assert [m.role for m in first.messages] == ["customer", "agent"]
    assert first.messages[0].text == "My card was charged twice"
    assert first.agent is not None and first.agent.name == "Dana"
    assert first.messages[1].at is not None and first.messages[1].at.minute == 2
    assert second.messages[0].role == "customer"  # "end-user", as without a mapping
    assert "angry" not in repr(records)  # an ignored column is not read at all
    with db.session() as session:
        assert {c.external_id for c in session.scalars(select(Conversation))} == {"A-1", "A-2"}


def test_mapping_keys_match_like_header_names(export: Path) -> None:
    loose = {k.upper().replace(" ", "_"): v for k, v in MAPPING.items()}
    records = list(read_records(export, options=ImportOptions(columns=loose)))
    assert [r.external_id for r in records] == ["A-1", "A-2"]


def test_a_mapping_wins_over_a_known_name(data_dir: Path) -> None:
    path = write_csv(
        data_dir / "x.csv",
        [["conversation_id", "role", "text", "message"], ["1", "agent", "short", "the long one"]],
    )
    columns = {"text": "", "message": "text"}
    (record,) = read_records(path, options=ImportOptions(columns=columns))
    assert record.messages[0].text == "the long one"


def test_columns_not_in_the_mapping_are_read_from_their_names(data_dir: Path) -> None:
    path = write_csv(
        data_dir / "x.csv", [["ticket_id", "sender", "Words"], ["9", "customer", "hello"]]
    )
    (record,) = read_records(path, options=ImportOptions(columns={"Words": "text"}))
    assert (record.external_id, record.messages[0].text) == ("9", "hello")


def test_a_bad_mapping_is_refused_before_anything_is_stored(db: Database, export: Path) -> None:
    twice = {**MAPPING, "Mood": "text"}
    with pytest.raises(InputError) as caught:
        import_file(db, export, options=ImportOptions(columns=twice))
    assert "columns 'Utterance text' and 'Mood' both mean text" in str(caught.value)
    missing = {**MAPPING, "Party": ""}
    with pytest.raises(InputError) as caught:
        import_file(db, export, options=ImportOptions(columns=missing))
    assert "missing column role" in str(caught.value)
    nonsense = {**MAPPING, "Mood": "feelings"}
    with pytest.raises(InputError) as caught:
        import_file(db, export, options=ImportOptions(columns=nonsense))
    assert "column 'Mood' is mapped to 'feelings', which is not a QA Desk column" in str(
        caught.value
    )
    assert count(db, Conversation) == 0 and count(db, Message) == 0


def test_a_bad_row_under_a_mapping_names_its_line_and_column(db: Database, data_dir: Path) -> None:
    path = write_csv(data_dir / "x.csv", [HEADER, ROWS[0], [*ROWS[1][:1], "wizard", *ROWS[1][2:]]])
    with pytest.raises(InputError) as caught:
        import_file(db, path, options=ImportOptions(columns=MAPPING))
    assert str(caught.value).startswith(f"{path}:3: role: 'wizard' is not a role")
    assert count(db, Conversation) == 0


def test_header_key_ignores_case_and_spacing_but_not_order() -> None:
    assert header_key(["Case Nr", "Party"]) == header_key(["case_nr", " PARTY "])
    assert header_key(["Case Nr", "Party"]) != header_key(["Party", "Case Nr"])
    assert header_key(["a", "b"]) != header_key(["a", "b", "c"])


def test_resolve_columns_starts_from_the_names_and_the_mapping() -> None:
    assert resolve_columns(["ticket_id", "Mood", "body", "message"]) == {
        "ticket_id": "conversation_id",
        "Mood": "",
        "body": "text",
        "message": "",  # "message" means text too, which body already is
    }
    assert resolve_columns(["ticket_id", "Mood"], {"mood": "tags"}) == {
        "ticket_id": "conversation_id",
        "Mood": "tags",
    }


def test_columns_problems_and_layout() -> None:
    assert columns_problems(HEADER, MAPPING) == []
    assert columns_problems(HEADER, None) != []
    layout = make_layout("f.csv:1", HEADER, MAPPING)
    assert layout.index == {
        "conversation_id": 0,
        "role": 1,
        "text": 2,
        "agent": 4,
        "timestamp": 5,
    }
    assert layout.meanings(HEADER) == MAPPING
    assert set(MAPPING.values()) - {""} <= set(COLUMNS)
