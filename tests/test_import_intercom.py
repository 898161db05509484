"""Importing Intercom conversations: HTML parts, notes, system events, ratings, all-or-nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from qa_desk.cli import main
from qa_desk.db.models import Agent, Conversation
from qa_desk.errors import InputError
from qa_desk.ingest import import_file
from tests.conftest import REALDATA

FOLDER = REALDATA / "formats" / "intercom"
FIXTURE = FOLDER / "realistic.json"
ABCD = json.loads((REALDATA / "abcd" / "abcd_sample.json").read_text(encoding="utf-8"))
_sessions: list = []


def count(db, model) -> int:
    with db.reader() as session:
        return session.scalar(select(func.count()).select_from(model))


def stored(db, external_id: str) -> Conversation:
    session = db.reader()
    _sessions.append(session)  # kept open for the conversation's relationships
    return session.scalar(select(Conversation).where(Conversation.external_id == external_id))


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def conversation(ident: str, parts: list[dict[str, Any]] | None = None, **fields: Any) -> dict:
    data: dict[str, Any] = {
        "type": "conversation",
        "id": ident,
        "created_at": 1772442000,
        "source": {"type": "conversation", "body": "<p>Hi, my card was charged twice.</p>",
                   "author": {"type": "user", "id": "u1", "name": "Olena"}},
        "admin_assignee_id": 7,
        "conversation_parts": {"conversation_parts": parts if parts is not None else [
            {"id": "p1", "part_type": "comment", "body": "<p>Sorry! Refunding now.</p>",
             "created_at": 1772442060, "author": {"type": "admin", "id": "7", "name": "Dana"}},
        ]},
    }  # fmt: skip
    data.update(fields)
    return data


def test_the_reference_payloads_are_read(db):
    import_file(db, FOLDER / "conversation.GET_conversations_id.openapi-2.14-example.json")
    chat = stored(db, "503")
    assert [(m.role, m.text) for m in chat.messages] == [
        ("agent", "this is the message body"),
        ("agent", "Okay!"),
        ("system", "Custom action started (Jamie Oliver)"),
        ("system", "Conversation attribute updated by admin (Fin)"),
        ("system", "Custom action finished (Jamie Oliver)"),
    ]
    assert chat.messages[0].sent_at == chat.started_at  # the source's time is the conversation's
    assert (
        chat.agent.external_id == "intercom:991267715" and chat.team.name == "intercom team 5017691"
    )
    assert chat.tags == ["Test tag"] and chat.channel == "chat"
    assert (
        chat.fields["state"] == "closed"
        and chat.fields["source"]["delivered_as"] == "admin_initiated"
    )
    result = import_file(
        db, FOLDER / "conversation_list.GET_conversations.openapi-2.14-example.json"
    )
    assert result.format == "intercom" and result.counts.added == 1


def test_a_realistic_export_keeps_real_texts_notes_and_ratings(db):
    assert import_file(db, FIXTURE).counts.added == 7
    chat = stored(db, "3592")
    texts = [m.text for m in chat.messages if m.role != "system"]
    assert texts == [text for _, text in ABCD[0]["original"]]
    notes = [m.text for m in chat.messages if m.internal]
    assert notes == [text for role, text in ABCD[0]["original"] if role == "action"]
    assert chat.messages[1].role == "system" and chat.messages[1].text == "Assignment (Operator)"
    assert chat.messages[-1].text == "Close (Dana Smith)"
    assert chat.agent.name == "Dana Smith" and chat.agent.email == "dana@support.example.com"
    assert chat.customer_name == "Crystal Minh" and chat.subject == "Product defect"
    assert chat.csat == 5 and chat.fields["conversation_rating"]["remark"] == "Thanks!"
    assert chat.fields["custom_attributes"] == {"Order": "product_defect"}
    assert stored(db, "3695").csat is None
    unicode = stored(db, "4200")
    assert unicode.messages[2].text == '您好，我们会在24小时内为您退款。 <Refund> & "quotes"'
    assert unicode.messages[-2].text == "Спасибо 🙏 — line one\n\nline two"
    empty = stored(db, "4300")
    assert [(m.role, m.text) for m in empty.messages] == [("customer", ""), ("customer", "")]
    assert empty.agent is None and empty.started_at is None


def test_twice_is_unchanged_and_duplicates_keep_the_later(db, data_dir):
    import_file(db, FIXTURE)
    assert import_file(db, FIXTURE).counts.unchanged == 7
    later = conversation("c1", title="Second version")
    path = write(data_dir / "dup.json", {"conversations": [conversation("c1"), later]})
    assert import_file(db, path).counts.conversations == 1
    assert stored(db, "c1").subject == "Second version"


def test_one_conversation_per_line_and_no_assignee(db, data_dir):
    lines = [conversation(f"c{n}", admin_assignee_id=None) for n in range(3)]
    path = data_dir / "export.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in lines), encoding="utf-8")
    assert import_file(db, path).counts.added == 3
    assert stored(db, "c0").agent.name == "Dana"  # the admin who replied publicly


def test_a_corrupt_part_in_the_middle_stops_everything(db, data_dir):
    items = [conversation(f"c{n}") for n in range(4)]
    items[2]["conversation_parts"]["conversation_parts"][0]["created_at"] = "yesterday"
    path = data_dir / "list.json"
    path.write_text(json.dumps({"conversations": items}, indent=2), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_file(db, path)
    problem = caught.value.problems[0]
    assert problem.field == "conversations[2].conversation_parts.conversation_parts[0].created_at"
    assert "'yesterday' is not a timestamp" in problem.message
    assert problem.location.rsplit(":", 1)[1] != "1"  # the line where that conversation starts
    assert count(db, Conversation) == 0


def test_a_rating_outside_one_to_five_is_refused(db, data_dir):
    path = write(data_dir / "r.json", [conversation("c1", conversation_rating={"rating": 9})])
    with pytest.raises(InputError, match=r"conversation_rating\.rating: 9 is outside the 1–5"):
        import_file(db, path)


def test_agents_are_matched_by_email_across_help_desks(db):
    import_file(db, FIXTURE)
    import_file(db, REALDATA / "formats" / "zendesk" / "realistic.json")
    with db.reader() as session:
        agents = session.execute(select(Agent.name, Agent.email, Agent.external_id)).all()
    assert sorted(agents) == [
        ("Dana Smith", "dana@support.example.com", "intercom:801"),
        ("Olek Bondar", "olek@support.example.com", "intercom:802"),
    ]


def test_the_command_line_detects_intercom(db_url, capsys):
    assert main(["--db", db_url, "import", str(FIXTURE)]) == 0
    assert "7 conversations (intercom)" in capsys.readouterr().out
