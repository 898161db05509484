"""No input crashes a help-desk importer or leaves part of a file stored.

Random bytes, random JSON, and random values in the places each format reads are imported:
either the import succeeds or it raises :class:`InputError`, and then the database holds exactly
what it held before.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from qa_desk.db.models import Agent, Conversation, ConversationTag, Message, Team
from qa_desk.errors import InputError
from qa_desk.ingest import FORMATS as FORMAT_MODULES
from qa_desk.ingest import import_file, import_files, json_stream

FORMATS = ("zendesk", "intercom", "freshdesk", "helpscout", "zendesk_qa")
"""The help desks' formats, whose exports are shaped below."""
EVERY_FORMAT = (*FORMATS, "jsonl", "csv", "transcript_text", "transcript_json")
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "2026-03-02T09:00:00Z",
            "",
            " ",
            "good",
            "bad",
            "customer",
            "agent",
            "admin",
            "end-user",
            "note",
            "<p>Hi &amp; bye</p>",
            "1700000000",
            "-1",
        ]
    )
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=25,
)


def shaped(keys: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects holding any of ``keys`` (each with its own strategy, or random JSON)."""
    return st.fixed_dictionaries(
        {}, optional={k: json_values if v is None else v for k, v in keys.items()}
    )


def listed(record: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    return st.lists(record | json_values, max_size=4)


ids = st.integers(min_value=-5, max_value=10**12) | st.text(max_size=8) | scalars
people = shaped({"id": ids, "type": None, "name": None, "email": None, "first": None, "last": None})
zendesk_comment = shaped(
    {
        "id": ids,
        "author_id": ids,
        "body": None,
        "plain_body": None,
        "html_body": None,
        "public": None,
        "created_at": None,
    }
)
zendesk_ticket = shaped(
    {
        "id": ids,
        "requester_id": ids,
        "assignee_id": ids,
        "group_id": ids,
        "subject": None,
        "created_at": None,
        "tags": None,
        "via": None,
        "satisfaction_rating": None,
        "description": None,
        "comments": listed(zendesk_comment),
    }
)
intercom_part = shaped(
    {"id": ids, "part_type": None, "body": None, "author": people, "created_at": None}
)
intercom_conversation = shaped(
    {
        "id": ids,
        "created_at": None,
        "source": intercom_part,
        "admin_assignee_id": ids,
        "team_assignee_id": ids,
        "tags": None,
        "conversation_rating": None,
        "contacts": None,
        "conversation_parts": shaped({"conversation_parts": listed(intercom_part)}),
    }
)
freshdesk_reply = shaped(
    {
        "id": ids,
        "body_text": None,
        "body": None,
        "incoming": None,
        "private": None,
        "user_id": ids,
        "from_email": None,
        "created_at": None,
    }
)
freshdesk_ticket = shaped(
    {
        "id": ids,
        "subject": None,
        "description_text": None,
        "description": None,
        "requester_id": ids,
        "responder_id": ids,
        "group_id": ids,
        "source": None,
        "requester": people,
        "satisfaction_rating": None,
        "tags": None,
        "created_at": None,
        "conversations": listed(freshdesk_reply),
    }
)
helpscout_thread = shaped(
    {
        "id": ids,
        "type": None,
        "state": None,
        "body": None,
        "action": None,
        "createdBy": people,
        "createdAt": None,
    }
)
helpscout_conversation = shaped(
    {
        "id": ids,
        "type": None,
        "subject": None,
        "createdAt": None,
        "assignee": people,
        "primaryCustomer": people,
        "tags": None,
        "source": None,
        "_embedded": shaped({"threads": listed(helpscout_thread)}),
    }
)
qa_comment = shaped(
    {
        "id": ids,
        "authorName": None,
        "authorEmail": None,
        "authorIsNotClient": None,
        "public": None,
        "comment": None,
        "created": None,
        "callDuration": None,
    }
)
qa_ticket = shaped(
    {
        "id": ids,
        "subject": None,
        "created": None,
        "assigneeName": None,
        "assigneeEmail": None,
        "customerName": None,
        "customerEmail": None,
        "channel": None,
        "satisfactionScore": None,
        "tags": None,
        "description": None,
        "comments": listed(qa_comment),
    }
)
EXPORTS = {
    "zendesk": st.fixed_dictionaries(
        {"tickets": listed(zendesk_ticket)},
        optional={
            "users": listed(shaped({"id": ids, "role": None, "name": None})),
            "groups": listed(shaped({"id": ids, "name": None})),
        },
    ),
    "intercom": st.fixed_dictionaries({"conversations": listed(intercom_conversation)}),
    "freshdesk": listed(freshdesk_ticket),
    "helpscout": st.fixed_dictionaries(
        {"_embedded": st.fixed_dictionaries({"conversations": listed(helpscout_conversation)})}
    ),
    "zendesk_qa": st.fixed_dictionaries({"data": listed(qa_ticket)}),
}


def snapshot(db) -> tuple[int, ...]:
    with db.reader() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model))
            for model in (Conversation, Message, Agent, Team, ConversationTag)
        )


def import_or_refuse(db, paths: list[Path], fmt: str) -> None:
    """Import; a refusal must be an :class:`InputError` and leave the database as it was."""
    before = snapshot(db)
    try:
        if len(paths) == 1:
            import_file(db, paths[0], fmt)
        else:
            import_files(db, paths, fmt)
    except InputError as error:
        assert error.problems and all(str(p) for p in error.problems)
        assert snapshot(db) == before


def test_every_format_is_fuzzed() -> None:
    assert set(EVERY_FORMAT) == set(FORMAT_MODULES)


@pytest.mark.parametrize("fmt", [*EVERY_FORMAT, "auto"])
@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes(db, data_dir, fmt, data):
    path = data_dir / "random.json"
    path.write_bytes(data)
    import_or_refuse(db, [path], fmt)


@pytest.mark.parametrize("fmt", [*EVERY_FORMAT, "auto"])
@FUZZ
@given(value=json_values, lines=st.booleans())
def test_random_json(db, data_dir, fmt, value, lines):
    path = data_dir / "random.json"
    text = json.dumps(value, ensure_ascii=False)
    path.write_text(
        f"{text}\n{text}\n" if lines else text, encoding="utf-8", errors="surrogatepass"
    )
    import_or_refuse(db, [path], fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(data=st.data())
def test_random_values_where_each_format_reads(db, data_dir, fmt, data):
    export = data.draw(EXPORTS[fmt])
    path = data_dir / "export.json"
    text = json.dumps(export, ensure_ascii=data.draw(st.booleans()))
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    import_or_refuse(db, [path], fmt)


@FUZZ
@given(comments=listed(zendesk_comment), users=listed(shaped({"id": ids, "role": None})))
def test_random_companion_files(db, data_dir, comments, users):
    tickets = data_dir / "tickets.json"
    tickets.write_text(json.dumps({"tickets": [{"id": 12, "requester_id": 1}]}), encoding="utf-8")
    side = data_dir / "comments_12.json"
    side.write_text(json.dumps({"comments": comments}), encoding="utf-8", errors="surrogatepass")
    people = data_dir / "users.json"
    people.write_text(json.dumps({"users": users}), encoding="utf-8", errors="surrogatepass")
    import_or_refuse(db, [tickets, side, people], "zendesk")


no_nul = st.characters(
    blacklist_categories=("Cs",), blacklist_characters="\x00"
)  # cleaned: see below
plain_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(no_nul, max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(no_nul, max_size=6), inner, max_size=3)
    ),
    max_leaves=12,
)
records = st.lists(
    st.dictionaries(st.sampled_from(["id", "a", "b", "comments"]), plain_json), max_size=6
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)  # monkeypatch sets the same names for every example
@given(items=records, chunk=st.integers(1, 64), indent=st.sampled_from([None, 1]))
def test_records_are_read_whole_whatever_the_window(monkeypatch, items, chunk, indent):
    """Records come out as ``json.loads`` reads them, with their lines, however the file is cut."""
    monkeypatch.setattr(json_stream, "CHUNK", chunk)
    monkeypatch.setattr(json_stream, "LOW_WATER", chunk // 2)
    monkeypatch.setattr(json_stream, "WHOLE_LIMIT", 3 * chunk)
    wrapped = json.dumps({"count": len(items), "tickets": items, "next": None}, indent=indent)
    found = list(json_stream.elements(io.BytesIO(wrapped.encode()), "t.json", ["tickets"]))
    assert [e.value for e in found if e.key == "tickets"] == items
    assert [e.value for e in found if e.key == json_stream.REST] == [
        {"count": len(items), "next": None}
    ]
    if items and all(isinstance(i, dict) and "id" in i for i in items):
        assert [json.loads(e.raw) for e in found if e.key == "tickets"] == items
    lines = "\n".join(json.dumps(item) for item in items) + "\n"
    found = list(json_stream.elements(io.BytesIO(lines.encode()), "t.jsonl", ["tickets"]))
    assert [(e.line, e.value) for e in found] == list(enumerate(items, start=1))
    assert all(e.raw in (None, json.dumps(e.value)) for e in found)  # None: longer than the limit


def test_unpaired_surrogates_nul_and_nan_are_made_storable(db, data_dir):
    path = data_dir / "odd.json"
    path.write_text(
        '{"tickets": [{"id": 1, "subject": "bad \\ud800 pair\\u0000", "score": NaN,'
        ' "comments": [{"author_id": 2, "body": "ok \\ud83d\\ude00 \\udfff"}]}]}',
        encoding="utf-8",
    )
    import_file(db, path, "zendesk")
    with db.reader() as session:
        stored = session.scalar(select(Conversation))
        assert stored.subject == "bad \ufffd pair" and stored.fields["score"] is None
        assert stored.messages[0].text == "ok 😀 \ufffd"
