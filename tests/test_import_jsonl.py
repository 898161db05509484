"""Importing native JSONL: stored as given, idempotent, updated when changed, all-or-nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from qa_desk.db.fulltext import matching_message_ids
from qa_desk.db.models import Agent, Conversation, Message, Team
from qa_desk.errors import Cancelled, InputError
from qa_desk.ingest import ImportOptions, import_file
from qa_desk.ingest.timeparse import zone_named
from qa_desk.ingest.writer import BATCH_SIZE
from tests.helpers import conversation, write_jsonl

MULTILINGUAL = [
    ("customer", "2026-03-02T11:00:00+02:00", "Добрий день! Де моє замовлення №4411?"),
    ("agent", "2026-03-02T09:03:00Z", "您好，我们会在24小时内为您退款。"),
    ("customer", "2026-03-02 09:05:00", "شكراً جزيلاً، هل يمكنني تتبع الطلب؟"),
    ("agent", "2026-03-02T09:06:00.250Z", "Спасибо 🙏 — line one\nline two\ttab"),
]


def count(db, model) -> int:
    with db.reader() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_conversations_messages_and_people_are_stored(db, data_dir):
    path = write_jsonl(data_dir / "chats.jsonl", [conversation("C-1", MULTILINGUAL)])
    result = import_file(db, path)
    assert (result.format, result.counts.added, result.counts.messages) == ("jsonl", 1, 4)
    with db.reader() as session:
        stored = session.scalar(select(Conversation))
        assert stored.agent.name == "Dana Smith" and stored.agent.team.name == "Tier 1"
        assert stored.customer_name == "Olena" and stored.csat == 4 and stored.tags == ["delivery"]
        assert [m.text for m in stored.messages] == [m[2] for m in MULTILINGUAL]
        times = [m.sent_at for m in stored.messages]
        assert times[0] == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # +02:00 converted to UTC
        assert times[2] == datetime(2026, 3, 2, 9, 5, tzinfo=UTC)  # no zone: read as UTC
        assert times[3] == datetime(2026, 3, 2, 9, 6, 0, 250000, tzinfo=UTC)
        assert stored.started_at == times[0] and stored.ended_at == times[3]
        assert stored.first_response_seconds == 180


def test_timestamps_without_zone_can_be_read_in_a_named_zone(db, data_dir):
    path = write_jsonl(
        data_dir / "kyiv.jsonl",
        [conversation("K-1", [("customer", "2026-07-01 12:00:00", "Привіт")])],
    )
    import_file(db, path, options=ImportOptions(zone=zone_named("Europe/Kyiv")))
    with db.reader() as session:
        assert session.scalar(select(Message.sent_at)) == datetime(2026, 7, 1, 9, 0, tzinfo=UTC)


def test_importing_the_same_file_twice_changes_nothing(db, data_dir):
    path = write_jsonl(data_dir / "a.jsonl", [conversation(f"C-{i}") for i in range(5)])
    import_file(db, path)
    with db.reader() as session:
        before = session.execute(select(Message.id, Message.text).order_by(Message.id)).all()
    again = import_file(db, path)
    assert (again.counts.added, again.counts.updated, again.counts.unchanged) == (0, 0, 5)
    with db.reader() as session:
        after = session.execute(select(Message.id, Message.text).order_by(Message.id)).all()
    assert after == before
    assert count(db, Agent) == 1 and count(db, Team) == 1


def test_a_newer_export_replaces_the_messages_and_the_index(db, data_dir):
    import_file(db, write_jsonl(data_dir / "v1.jsonl", [conversation("C-1")]))
    newer = conversation(
        "C-1",
        [
            ("customer", "2026-03-02T09:00:00Z", "Hi, my parcel has not arrived."),
            ("agent", "2026-03-02T09:01:00Z", "Refund issued for the zebra umbrella."),
            ("customer", "2026-03-02T09:02:00Z", "Thanks!"),
        ],
        csat=5,
    )
    result = import_file(db, write_jsonl(data_dir / "v2.jsonl", [newer]))
    assert (result.counts.updated, result.counts.added) == (1, 0)
    assert count(db, Conversation) == 1 and count(db, Message) == 3
    with db.reader() as session:
        assert session.scalar(select(Conversation.csat)) == 5
        dialect = db.engine.dialect
        assert len(session.execute(matching_message_ids("zebra umbrella", dialect)).all()) == 1
        # the replaced agent message is gone from search too
        assert session.execute(matching_message_ids("Dana", dialect)).all() == []


def test_an_export_mixing_new_changed_and_unchanged_keeps_each_conversations_messages(db, data_dir):
    def said(ident: str, words: str) -> dict:
        return conversation(ident, [("customer", "2026-03-02T09:00:00Z", f"{ident}: {words}")])

    import_file(db, write_jsonl(data_dir / "v1.jsonl", [said(f"C-{i}", "first") for i in range(4)]))
    newer = [
        said("C-0", "first"),
        said("C-new", "hello"),
        said("C-2", "second"),
        said("C-3", "first"),
    ]
    result = import_file(db, write_jsonl(data_dir / "v2.jsonl", newer))
    assert (result.counts.added, result.counts.updated, result.counts.unchanged) == (1, 1, 2)
    with db.reader() as session:
        stored = dict(
            session.execute(
                select(Conversation.external_id, Message.text).join(
                    Message, Message.conversation_id == Conversation.id
                )
            ).all()
        )
    assert stored == {
        "C-0": "C-0: first", "C-1": "C-1: first", "C-2": "C-2: second", "C-3": "C-3: first",
        "C-new": "C-new: hello",
    }  # fmt: skip


def test_a_bad_record_stops_the_file_and_stores_nothing(db, data_dir):
    extra = BATCH_SIZE + 200  # more than one batch is written before the error
    good = [conversation(f"C-{i}") for i in range(extra)]
    bad = conversation("C-bad")
    bad["messages"][1]["role"] = "operator"
    path = write_jsonl(data_dir / "bad.jsonl", [*good, bad])
    with pytest.raises(InputError) as caught:
        import_file(db, path)
    assert str(caught.value) == (
        f"{path}:{extra + 1}: messages[1].role: 'operator' is not a role "
        "(one of: customer, agent, bot, system)"
    )
    assert count(db, Conversation) == 0 and count(db, Message) == 0 and count(db, Agent) == 0


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"id": "x", "messages": [', "not valid JSON"),
        ('["not", "an", "object"]', "each line must be a JSON object"),
        ('{"id": "x"}', "messages: missing"),
        ('{"id": "x", "mesages": []}', "mesages: unknown field (did you mean 'messages'?)"),
        ('{"messages": []}', "id: missing"),
        ('{"id": "x", "csat": "great", "messages": []}', "csat: must be a number, not 'great'"),
        (
            '{"id": "x", "messages": [{"role": "agent", "text": "hi", "at": "yesterday"}]}',
            "messages[0].at: 'yesterday' is not a timestamp",
        ),
    ],
)
def test_problems_name_file_line_and_field(db, data_dir, line, expected):
    path = data_dir / "one.jsonl"
    path.write_text(json.dumps(conversation("ok")) + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_file(db, path, "jsonl")
    assert str(caught.value).startswith(f"{path}:3: ")
    assert expected in str(caught.value)


def test_progress_is_reported_and_cancel_rolls_back(db, data_dir):
    path = write_jsonl(data_dir / "many.jsonl", [conversation(f"C-{i}") for i in range(1500)])
    seen: list[tuple[int, int]] = []
    import_file(db, path, progress=lambda done, total, message: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] == path.stat().st_size
    assert len(seen) >= 3

    other = write_jsonl(data_dir / "more.jsonl", [conversation(f"D-{i}") for i in range(1500)])
    with pytest.raises(Cancelled):
        import_file(db, other, cancelled=lambda: True)
    assert count(db, Conversation) == 1500


def test_gzip_files_are_read(db, data_dir):
    import gzip

    path = data_dir / "chats.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps(conversation("Z-1"), ensure_ascii=False) + "\n")
    assert import_file(db, path).counts.added == 1


def test_search_finds_words_in_any_script(db, data_dir):
    import_file(db, write_jsonl(data_dir / "m.jsonl", [conversation("C-1", MULTILINGUAL)]))
    dialect = db.engine.dialect
    with db.reader() as session:
        for query in ("замовлення", "退款", "تتبع", "спасибо", "line two", "зам"):
            hits = session.execute(matching_message_ids(query, dialect)).all()
            assert len(hits) == 1, query
        assert session.execute(matching_message_ids('"; DROP', dialect)).all() == []


def test_a_lone_surrogate_is_refused_naming_the_record_and_nothing_is_stored(db, data_dir):
    good = [conversation(f"ok-{i}") for i in range(3)]
    path = write_jsonl(data_dir / "surrogate.jsonl", good)
    with path.open("a", encoding="utf-8") as file:  # JSON may escape a half of a surrogate pair
        file.write('{"id": "bad", "messages": [{"role": "customer", "text": "oops \\ud800"}]}\n')

    with pytest.raises(InputError) as raised:
        import_file(db, path)

    assert str(raised.value) == (
        f"{path}:4: messages[0].text: holds a lone surrogate code point, not text"
    )
    with db.reader() as session:
        assert session.scalar(select(func.count(Conversation.id))) == 0


def test_a_first_line_longer_than_the_detection_window_is_still_jsonl(db, data_dir):
    thread = conversation("long-thread")
    thread["messages"][0]["text"] = "Quoted e-mail history. " * 20_000  # about 460 kB
    path = write_jsonl(data_dir / "long.jsonl", [thread, conversation("short")])

    result = import_file(db, path)

    assert result.format == "jsonl" and result.counts.added == 2


def _fulltext_settings(db) -> tuple[object, int]:
    """The index's automerge setting (None: FTS5's default) and a pooled connection's cache."""
    with db.engine.connect() as connection:
        automerge = connection.exec_driver_sql(
            "SELECT v FROM message_fts_config WHERE k = 'automerge'"
        ).scalar()
        cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    return automerge, cache


def test_a_bulk_import_leaves_the_index_settings_as_it_found_them(db, data_dir, monkeypatch):
    from qa_desk.ingest import fulltext_fill, writer

    monkeypatch.setattr(fulltext_fill, "BULK_MESSAGES", 2)  # every batch counts as bulk
    monkeypatch.setattr(writer, "BATCH_SIZE", 2)
    before = _fulltext_settings(db)
    items = [conversation(f"C-{i}", MULTILINGUAL) for i in range(5)]
    import_file(db, write_jsonl(data_dir / "bulk.jsonl", items))
    automerge, cache = _fulltext_settings(db)
    assert automerge in (None, fulltext_fill.DEFAULT_AUTOMERGE) and cache == before[1]
    with db.reader() as session:  # the index holds every message, searchable
        hits = session.execute(matching_message_ids("замовлення", db.engine.dialect)).all()
        assert len(hits) == 5
    settled = _fulltext_settings(db)

    bad = [conversation(f"D-{i}", MULTILINGUAL) for i in range(4)]
    bad[3]["messages"][0]["role"] = "operator"  # after two bulk batches were written
    with pytest.raises(InputError, match=r"bad\.jsonl:4: messages\[0\]\.role"):
        import_file(db, write_jsonl(data_dir / "bad.jsonl", bad))
    assert _fulltext_settings(db) == settled and count(db, Conversation) == 5
