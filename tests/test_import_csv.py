"""Importing conversations from CSV, one row per message, into a real SQLite database."""

from __future__ import annotations

import csv
import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qa_desk.cli import main
from qa_desk.db import Database
from qa_desk.db.models import Agent, Conversation, Message, Team
from qa_desk.errors import InputError
from qa_desk.ingest import ImportOptions, detect_format, import_file, read_records
from qa_desk.ingest.source import open_source
from tests.conftest import REALDATA

HEADER = ["conversation_id", "timestamp", "role", "author", "text"]


def write_csv(
    path: Path, rows: list[list[str]], *, delimiter: str = ",", bom: bool = False
) -> Path:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
        csv.writer(out, delimiter=delimiter).writerows(rows)
    return path


def stored(db: Database) -> dict[str, dict[str, object]]:
    """Every stored conversation by external id: its fields and its messages in order."""
    with db.session() as session:
        result = {}
        for conversation in session.scalars(select(Conversation)):
            result[conversation.external_id] = {
                "source": conversation.source,
                "agent": conversation.agent.name if conversation.agent else None,
                "team": conversation.team.name if conversation.team else None,
                "channel": conversation.channel,
                "subject": conversation.subject,
                "customer_name": conversation.customer_name,
                "csat": conversation.csat,
                "tags": sorted(conversation.tags),
                "language": conversation.language,
                "started_at": conversation.started_at,
                "messages": [
                    (m.role, m.author, m.sent_at, m.text, m.internal) for m in conversation.messages
                ],
            }
        return result


def count(db: Database, model: type) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


GROUPED = [
    [*HEADER, "agent", "team", "channel", "csat", "tags"],
    ["T-1", "2026-03-01T09:00:00Z", "customer", "Maria", "My order never arrived.", "", "", "chat", "", ""],
    ["T-1", "2026-03-01T09:01:30Z", "agent", "Sam", "Sorry to hear that! Let me check.", "Sam Lee", "Billing", "chat", "4", "shipping; late"],
    ["T-1", "2026-03-01T09:03:00Z", "customer", "Maria", "Thanks.", "", "", "", "", ""],
    ["T-2", "2026-03-01T09:02:00Z", "customer", "Olek", "Хочу повернути товар.", "Ann Roe", "Returns", "email", "5", "returns"],
    ["T-2", "2026-03-01T09:05:00Z", "agent", "Ann", "Звісно, допоможу.", "", "", "", "", ""],
]  # fmt: skip


def test_plain_file_imports_conversations_messages_and_fields(db: Database, data_dir: Path):
    path = write_csv(data_dir / "export.csv", GROUPED)

    result = import_file(db, path)

    assert result.format == "csv"
    assert (result.counts.added, result.counts.messages) == (2, 5)
    conversations = stored(db)
    first = conversations["T-1"]
    assert first["source"] == "csv"
    assert first["agent"] == "Sam Lee"  # the first row that names the agent
    assert first["team"] == "Billing"
    assert first["channel"] == "chat"
    assert first["csat"] == 4.0
    assert first["tags"] == ["late", "shipping"]
    assert first["started_at"] == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assert [m[0] for m in first["messages"]] == ["customer", "agent", "customer"]
    assert first["messages"][1][3] == "Sorry to hear that! Let me check."
    assert conversations["T-2"]["messages"][0][3] == "Хочу повернути товар."
    assert count(db, Team) == 2


def test_source_option_and_time_zone(db: Database, data_dir: Path):
    from zoneinfo import ZoneInfo

    path = write_csv(
        data_dir / "zones.csv",
        [
            HEADER,
            ["a", "2026-03-01 10:00:00", "customer", "", "local time"],
            ["a", "2026-03-01T10:00:00+05:00", "agent", "", "with a zone"],
        ],
    )

    import_file(db, path, options=ImportOptions(source="helpdesk", zone=ZoneInfo("Europe/Kyiv")))

    conversation = stored(db)["a"]
    assert conversation["source"] == "helpdesk"
    times = [m[2] for m in conversation["messages"]]
    assert times == [datetime(2026, 3, 1, 8, 0, tzinfo=UTC), datetime(2026, 3, 1, 5, 0, tzinfo=UTC)]


def test_alternative_headers_and_role_words(db: Database, data_dir: Path):
    path = write_csv(
        data_dir / "zendesk.csv",
        [
            ["Ticket ID", "Created-At", "Sender", "Sender Name", "Body", "Assignee", "GROUP", "Is Public"],
            ["900", "2026-02-01T12:00:00Z", "End-User", "Kim", "Where is my refund?", "", "", "true"],
            ["900", "2026-02-01T12:05:00Z", "Support", "Ola", "Checking now.", "Ola N", "Tier 1", "true"],
            ["900", "2026-02-01T12:06:00Z", "admin", "Ola", "note: refund was late", "", "", "false"],
            ["900", "2026-02-01T12:07:00Z", "BOT", "", "Was this helpful?", "", "", "true"],
            ["900", "2026-02-01T12:08:00Z", "client", "Kim", "Yes", "", "", "true"],
        ],
    )  # fmt: skip

    import_file(db, path)

    conversation = stored(db)["900"]
    assert [m[0] for m in conversation["messages"]] == [
        "customer", "agent", "agent", "bot", "customer",
    ]  # fmt: skip
    assert [m[4] for m in conversation["messages"]] == [False, False, True, False, False]
    assert conversation["agent"] == "Ola N"
    assert conversation["team"] == "Tier 1"


def test_without_agent_columns_the_authors_name_the_agent_and_customer(
    db: Database, data_dir: Path
):
    path = write_csv(
        data_dir / "helpdesk.csv",
        [
            ["Ticket Ref", "Sent", "From", "Name", "Body"],
            ["T-1", "2026-02-01T12:00:00Z", "customer", "Kim", "Where is my refund?"],
            ["T-1", "2026-02-01T12:05:00Z", "agent", "Ola", "Checking now."],
            ["T-1", "2026-02-01T12:06:00Z", "agent", "Dana", "Refund issued."],
        ],
    )
    import_file(db, path)  # "Ticket Ref" is understood as the conversation id
    conversation = stored(db)["T-1"]
    assert conversation["agent"] == "Dana"  # who replied last, as a help desk assigns
    assert conversation["customer_name"] == "Kim"


def test_semicolon_and_tab_files_with_bom(db: Database, data_dir: Path):
    semicolon = write_csv(data_dir / "semi.csv", GROUPED, delimiter=";", bom=True)
    tab = write_csv(data_dir / "tabs.tsv", [[c.replace("T-", "U-") for c in r] for r in GROUPED],
                    delimiter="\t")  # fmt: skip

    import_file(db, semicolon)
    import_file(db, tab)

    conversations = stored(db)
    assert set(conversations) == {"T-1", "T-2", "U-1", "U-2"}
    assert conversations["T-2"]["messages"] == conversations["U-2"]["messages"]
    assert conversations["T-1"]["tags"] == ["late", "shipping"]


def test_detected_by_content_without_csv_extension(data_dir: Path):
    path = write_csv(data_dir / "export.txt", GROUPED, delimiter=";")
    assert detect_format(open_source(path)) == "csv"


def test_multi_line_quoted_text_and_real_line_numbers(db: Database, data_dir: Path):
    text = 'Line one,\nline two; "quoted"\r\nline three'  # lines 2-4 of the file
    rows = [
        HEADER,
        ["m", "2026-03-01T09:00:00Z", "customer", "", text],
        ["m", "2026-03-01T09:01:00Z", "agent", "", "Second\nmessage"],  # lines 5-6
    ]
    bad = write_csv(
        data_dir / "multi-bad.csv",
        [*rows, ["m", "2026-03-01T09:02:00Z", "moderator", "", "bad role on line 7"]],
    )

    with pytest.raises(InputError) as caught:
        import_file(db, bad)
    assert str(caught.value).startswith(f"{bad}:7: role: 'moderator' is not a role")

    import_file(db, write_csv(data_dir / "multi.csv", rows))
    messages = stored(db)["m"]["messages"]
    assert messages[0][3] == text
    assert messages[1][3] == "Second\nmessage"


def test_interleaved_rows_give_the_same_result_as_grouped(data_dir: Path, tmp_path: Path):
    from qa_desk.db import open_database

    header, *rows = GROUPED
    by_time = sorted(rows, key=lambda r: r[1])
    assert [r[0] for r in by_time] == ["T-1", "T-1", "T-2", "T-1", "T-2"]  # really interleaved
    grouped_db = open_database("sqlite:///" + str(tmp_path / "grouped.sqlite3"))
    interleaved_db = open_database("sqlite:///" + str(tmp_path / "interleaved.sqlite3"))
    try:
        import_file(grouped_db, write_csv(data_dir / "grouped.csv", [header, *rows]))
        result = import_file(
            interleaved_db, write_csv(data_dir / "by-time.csv", [header, *by_time])
        )
        assert result.counts.added == 2
        assert stored(interleaved_db) == stored(grouped_db)
    finally:
        grouped_db.dispose()
        interleaved_db.dispose()


def test_interleaved_keeps_file_order_within_a_conversation(data_dir: Path):
    path = write_csv(
        data_dir / "order.csv",
        [
            HEADER,
            ["b", "2026-03-01T09:05:00Z", "customer", "", "b1"],
            ["a", "2026-03-01T09:00:00Z", "customer", "", "a1"],
            ["b", "2026-03-01T09:01:00Z", "agent", "", "b2 (earlier time, later in the file)"],
            ["a", "2026-03-01T09:02:00Z", "agent", "", "a2"],
        ],
    )
    records = list(read_records(path))
    assert [r.external_id for r in records] == ["b", "a"]
    assert [m.text for m in records[0].messages] == ["b1", "b2 (earlier time, later in the file)"]
    assert records[0].location == f"{path}:2"


def test_gzip_file(db: Database, data_dir: Path):
    plain = write_csv(data_dir / "plain.csv", GROUPED)
    packed = data_dir / "packed.csv.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert import_file(db, packed).counts.added == 2


def test_non_latin_text_survives_byte_for_byte(db: Database, data_dir: Path):
    texts = [
        "Здравствуйте! Заказ №123 не пришёл 😕",
        "您好，我的订单还没有到。请帮我查一下。",
        "مرحبًا، لم يصل طلبي بعد. هل يمكنك المساعدة؟",
        "e\u0301 combining, \u200bzero width, tab\tinside",
    ]
    rows = [HEADER] + [["intl", "", "customer", "", t] for t in texts]
    path = write_csv(data_dir / "intl.csv", rows, bom=True)

    import_file(db, path)

    with db.session() as session:
        got = session.scalars(select(Message.text).order_by(Message.position)).all()
    assert [t.encode("utf-8") for t in got] == [t.encode("utf-8") for t in texts]


def test_real_abcd_chats(db: Database, data_dir: Path):
    chats = json.loads((REALDATA / "abcd" / "abcd_sample.json").read_text(encoding="utf-8"))
    rows = [["Chat ID", "Speaker", "Message"]]
    for chat in chats:
        rows += [[str(chat["convo_id"]), speaker, text] for speaker, text in chat["original"]]
    path = write_csv(data_dir / "abcd.csv", rows)

    result = import_file(db, path, options=ImportOptions(source="abcd"))

    assert result.counts.added == len(chats)
    conversations = stored(db)
    for chat in chats:
        messages = conversations[str(chat["convo_id"])]["messages"]
        assert [m[3] for m in messages] == [text for _, text in chat["original"]]
        # ABCD's "action" turns are system events
        assert [m[0] for m in messages] == [
            "system" if s == "action" else s for s, _ in chat["original"]
        ]


def test_unknown_header_lists_found_and_expected(db: Database, data_dir: Path):
    path = write_csv(
        data_dir / "odd.csv",
        [["conversation_id", "role", "text", "mood"], ["1", "customer", "hi", "happy"]],
    )
    with pytest.raises(InputError) as caught:
        import_file(db, path)
    message = str(caught.value)
    assert message.startswith(f"{path}:1:")
    assert "unknown column 'mood'" in message
    assert "columns found: conversation_id, role, text, mood" in message
    assert "expected: conversation_id, role, text" in message
    assert count(db, Conversation) == 0


def test_missing_required_column(db: Database, data_dir: Path):
    path = write_csv(data_dir / "notext.csv", [["ticket", "sender"], ["1", "customer"]])
    with pytest.raises(InputError) as caught:
        import_file(db, path)
    assert "missing column text" in str(caught.value)
    assert str(path) in str(caught.value)


def test_bad_role_names_its_line_and_writes_nothing(db: Database, data_dir: Path):
    rows = [*GROUPED, ["T-3", "2026-03-01T10:00:00Z", "manager", "", "hello", "", "", "", "", ""]]
    path = write_csv(data_dir / "badrole.csv", rows)

    with pytest.raises(InputError) as caught:
        import_file(db, path)

    problem = caught.value.problems[0]
    assert (problem.location, problem.field) == (f"{path}:7", "role")
    assert "'manager' is not a role" in problem.message
    assert count(db, Conversation) == count(db, Message) == count(db, Agent) == 0


def test_bad_timestamp_and_csat(db: Database, data_dir: Path):
    path = write_csv(data_dir / "badtime.csv", [HEADER, ["1", "yesterday", "customer", "", "x"]])
    with pytest.raises(InputError, match=r"badtime\.csv:2: timestamp: 'yesterday'"):
        import_file(db, path)
    path = write_csv(
        data_dir / "badcsat.csv",
        [
            [*HEADER, "csat"],
            ["1", "", "customer", "", "x", ""],
            ["1", "", "agent", "", "y", "great"],
        ],
    )
    with pytest.raises(InputError, match=r"badcsat\.csv:3: csat: must be a number"):
        import_file(db, path)


def test_row_with_wrong_number_of_values(db: Database, data_dir: Path):
    path = data_dir / "ragged.csv"
    path.write_text(
        "conversation_id,role,text\n1,customer,hello\n1,agent,hi, how can I help\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"ragged\.csv:3: the row has 4 values"):
        import_file(db, path)


def test_reimport_changes_nothing(db: Database, data_dir: Path):
    path = write_csv(data_dir / "export.csv", GROUPED)
    import_file(db, path)
    before = stored(db)

    again = import_file(db, path)

    assert (again.counts.added, again.counts.updated, again.counts.unchanged) == (0, 0, 2)
    assert stored(db) == before
    assert count(db, Message) == 5


def test_cli_exit_codes(db_url: str, data_dir: Path, capsys: pytest.CaptureFixture[str]):
    good = write_csv(data_dir / "good.csv", GROUPED)
    bad = write_csv(data_dir / "bad.csv", [["id?", "role", "text"], ["1", "customer", "x"]])

    assert main(["--db", db_url, "import", str(good)]) == 0
    assert "2 conversations (csv)" in capsys.readouterr().out
    assert main(["--db", db_url, "import", str(bad)]) == 2
    assert "unknown column 'id?'" in capsys.readouterr().err
    assert main(["--db", db_url, "import", "--format", "csv", str(good)]) == 0
