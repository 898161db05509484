"""Previewing a file before importing it: its format, its first conversations, the first problem,
without storing anything and without reading the whole file."""

from __future__ import annotations

import csv
import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from qa_desk.ingest import ImportOptions, csv_messages
from qa_desk.ingest.preview import excerpt, preview_file, preview_files
from qa_desk.ingest.source import open_source
from tests.helpers import conversation, write_jsonl


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def test_jsonl_preview_lists_the_first_conversations(data_dir: Path) -> None:
    path = write_jsonl(
        data_dir / "chats.jsonl",
        [conversation(f"T-{i}") for i in range(30)]
        + [conversation("T-late", agent={"name": "Олена"})],
    )
    preview = preview_file(path)
    assert preview.format == "jsonl"
    assert preview.error is None and preview.importable
    assert [c.external_id for c in preview.conversations] == [f"T-{i}" for i in range(20)]
    assert preview.more
    first = preview.conversations[0]
    assert first.source == "test"
    assert first.agent == "Dana Smith"
    assert first.channel == "chat"
    assert first.message_count == 2
    assert first.first_message == "Hi, my parcel has not arrived."
    assert first.started_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert preview.size == path.stat().st_size


def test_a_small_file_is_shown_whole(data_dir: Path) -> None:
    path = write_jsonl(data_dir / "chats.jsonl", [conversation("A"), conversation("B")])
    preview = preview_file(path, limit=5)
    assert [c.external_id for c in preview.conversations] == ["A", "B"]
    assert not preview.more


def test_an_error_in_the_first_records_is_part_of_the_preview(data_dir: Path) -> None:
    items = [conversation(f"T-{i}") for i in range(6)]
    items[3]["messages"][1]["role"] = "operator"
    path = write_jsonl(data_dir / "chats.jsonl", items)
    preview = preview_file(path)
    assert preview.error == (
        f"{path}:4: messages[1].role: 'operator' is not a role (one of: customer, agent, bot, "
        "system)"
    )
    assert not preview.importable
    assert [c.external_id for c in preview.conversations] == ["T-0", "T-1", "T-2"]


def test_a_value_too_long_to_store_is_found_in_the_preview(data_dir: Path) -> None:
    path = write_jsonl(data_dir / "chats.jsonl", [conversation("A", team="x" * 300)])
    preview = preview_file(path)
    assert preview.error is not None and f"{path}:1: team: 300 characters" in preview.error


def test_an_unknown_format_is_said_plainly(data_dir: Path) -> None:
    path = data_dir / "notes.txt"
    path.write_text("just some notes\n", encoding="utf-8")
    preview = preview_file(path)
    assert preview.format is None
    assert preview.error is not None and "cannot tell the format" in preview.error
    missing = preview_file(data_dir / "gone.jsonl")
    assert missing.error == f"{data_dir / 'gone.jsonl'}: no such file"


def test_csv_preview_reads_header_samples_and_conversations(data_dir: Path) -> None:
    path = write_csv(
        data_dir / "chats.csv",
        [
            ["ticket_id", "created_at", "sender", "body", "assignee", "via"],
            ["1", "2026-03-02T09:00:00Z", "customer", "Hello   there\nsecond line", "Dana", "Chat"],
            ["1", "2026-03-02T09:01:00Z", "agent", "Hi!", "Dana", "Chat"],
            ["2", "2026-03-03T10:00:00Z", "user", "Where is my order?", "Sam", "email"],
        ],
    )
    preview = preview_file(path)
    assert preview.format == "csv" and preview.error is None
    assert preview.header == ["ticket_id", "created_at", "sender", "body", "assignee", "via"]
    assert preview.columns == {
        "ticket_id": "conversation_id",
        "created_at": "timestamp",
        "sender": "role",
        "body": "text",
        "assignee": "agent",
        "via": "channel",
    }
    assert preview.columns_given is None and not preview.needs_columns
    assert preview.sample_rows[2][3] == "Where is my order?"
    one, two = preview.conversations
    assert (one.external_id, one.message_count, one.agent, one.channel) == ("1", 2, "Dana", "chat")
    assert one.first_message == "Hello there second line"
    assert (two.external_id, two.message_count) == ("2", 1)


def test_csv_preview_reads_only_the_start_of_a_big_file(data_dir: Path) -> None:
    rows = [["conversation_id", "role", "text"]]
    rows += [
        [str(i), role, f"message {i}"] for i in range(20_000) for role in ("customer", "agent")
    ]
    path = write_csv(data_dir / "big.csv", rows)
    preview = preview_file(path, limit=3)
    assert [c.external_id for c in preview.conversations] == ["0", "1", "2"]
    assert all(c.message_count == 2 for c in preview.conversations)
    assert preview.more and not preview.partial


def test_interleaved_csv_preview_gathers_rows_and_says_when_counts_may_be_low(
    data_dir: Path,
) -> None:
    rows = [["conversation_id", "role", "text"]]
    rows += [[str(i % 4), "customer", f"row {i}"] for i in range(40)]
    path = write_csv(data_dir / "by-time.csv", rows)
    whole = preview_file(path, limit=2)
    assert [(c.external_id, c.message_count) for c in whole.conversations] == [("0", 10), ("1", 10)]
    assert whole.more and not whole.partial
    head = csv_messages.read_head(open_source(path), ImportOptions(), limit=2, max_rows=12)
    assert [len(r.messages) for r in head.records] == [3, 3]
    assert head.more and head.partial


def test_a_bad_csv_row_in_the_preview_names_its_line(data_dir: Path) -> None:
    path = write_csv(
        data_dir / "chats.csv",
        [["conversation_id", "role", "text"], ["1", "customer", "hi"], ["1", "operator?", "x"]],
    )
    preview = preview_file(path)
    assert preview.error is not None and preview.error.startswith(f"{path}:3: role: 'operator?'")


def test_gzip_files_are_previewed(data_dir: Path) -> None:
    path = data_dir / "chats.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps(conversation("Z-1")) + "\n")
    preview = preview_file(path)
    assert preview.format == "jsonl"
    assert [c.external_id for c in preview.conversations] == ["Z-1"]


def test_a_chosen_format_overrides_detection(data_dir: Path) -> None:
    path = data_dir / "export.txt"
    path.write_text("Nr;Who;Words\n7;customer;hello\n", encoding="utf-8")
    assert preview_file(path).format is None
    as_csv = preview_file(path, "csv")
    assert as_csv.format == "csv" and as_csv.chosen_format == "csv"
    assert as_csv.needs_columns and not as_csv.importable
    assert as_csv.header == ["Nr", "Who", "Words"]
    assert as_csv.columns == {"Nr": "", "Who": "role", "Words": ""}
    mapped = preview_file(
        path, "csv", ImportOptions(columns={"nr": "conversation_id", "WORDS": "text"})
    )
    assert mapped.importable and not mapped.needs_columns
    assert mapped.columns == {"Nr": "conversation_id", "Who": "role", "Words": "text"}
    assert [(c.external_id, c.first_message) for c in mapped.conversations] == [("7", "hello")]


def test_preview_files_reports_progress_and_keeps_order(data_dir: Path) -> None:
    a = write_jsonl(data_dir / "a.jsonl", [conversation("A")])
    b = write_jsonl(data_dir / "b.jsonl", [conversation("B")])
    seen: list[tuple[int, int]] = []
    previews = preview_files([a, b], progress=lambda d, t, _m: seen.append((d, t)))
    assert [p.conversations[0].external_id for p in previews] == ["A", "B"]
    assert seen[-1] == (2, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("short", "short"),
        ("  spread\n\tout  ", "spread out"),
        ("word " * 50, ("word " * 27).strip() + "…"),
    ],
)
def test_excerpt(text: str, expected: str) -> None:
    assert excerpt(text) == expected


HARPER = Path(__file__).resolve().parent / "data" / "harper-valley"
CALL = "004860b1ab2e4c88"


def test_a_metadata_file_named_with_its_transcript_is_read_with_it(data_dir: Path) -> None:
    # kept apart from each other, so the metadata is found only because it is named too
    transcript = data_dir / "calls" / f"{CALL}.json"
    metadata = data_dir / "crm" / f"{CALL}.json"
    for path, folder in ((transcript, "transcript"), (metadata, "metadata")):
        path.parent.mkdir()
        path.write_bytes((HARPER / folder / f"{CALL}.json").read_bytes())

    call, meta = preview_files([transcript, metadata])
    assert call.importable and call.metadata == str(metadata)
    assert call.conversations[0].agent == "Robert"  # from the metadata
    assert call.options().call_metadata == {CALL: metadata}
    assert meta.companion_of == str(transcript) and meta.error is None
    assert not meta.importable  # imported with its transcript, not by itself

    (alone,) = preview_files([metadata])
    assert alone.companion_of is None and not alone.importable
    assert alone.error is not None and "this is a call's metadata" in alone.error
    (no_metadata,) = preview_files([transcript])
    assert no_metadata.metadata is None and no_metadata.conversations[0].agent is None


def test_a_metadata_folder_beside_the_transcripts_is_named_in_the_preview() -> None:
    (call,) = preview_files([HARPER / "transcript" / f"{CALL}.json"])
    assert call.metadata == str(HARPER / "metadata" / f"{CALL}.json")
