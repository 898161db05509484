"""Importing Freshdesk tickets with their conversations, embedded or in files of their own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from qa_desk.cli import main
from qa_desk.db.models import Conversation
from qa_desk.errors import InputError
from qa_desk.ingest import import_file, import_files
from tests.conftest import REALDATA

FOLDER = REALDATA / "formats" / "freshdesk"
FIXTURE = FOLDER / "realistic.json"
ABCD = json.loads((REALDATA / "abcd" / "abcd_sample.json").read_text(encoding="utf-8"))
SGD = json.loads((REALDATA / "sgd" / "dev_banks_sample.json").read_text(encoding="utf-8"))
_sessions: list = []


def count(db) -> int:
    with db.reader() as session:
        return session.scalar(select(func.count()).select_from(Conversation))


def stored(db, external_id: str) -> Conversation:
    session = db.reader()
    _sessions.append(session)  # kept open for the conversation's relationships
    return session.scalar(select(Conversation).where(Conversation.external_id == external_id))


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def ticket(ident: int, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ident, "subject": "Charged twice", "description_text": "I was charged twice.",
        "created_at": "2026-03-02T09:00:00Z", "requester_id": 11, "responder_id": 21,
        "source": 3, "status": 4, "tags": ["billing"],
        "conversations": [{"id": 1, "body_text": "Refund issued.", "incoming": False,
                           "private": False, "user_id": 21, "created_at": "2026-03-02T09:05:00Z"}],
    }  # fmt: skip
    data.update(fields)
    return data


def test_the_reference_ticket_and_its_conversations_file(db):
    results = import_files(db, [FOLDER / "ticket_1.json", FOLDER / "conversations.json"])
    assert [r.companion for r in results] == [None, "Freshdesk 2 conversations"]
    chat = stored(db, "1")
    assert [(m.role, m.internal, m.author, m.text) for m in chat.messages] == [
        ("customer", False, "Dummyname", "This is a sample ticket, feel free to delete it."),
        ("agent", True, "Rachel", "This is a private note"),  # named by her reply's from_email
        ("agent", False, "Rachel", "This is a reply"),
    ]
    assert chat.channel == "web" and chat.fields["source"] == 2  # portal; the code is kept
    assert chat.fields["custom_fields"]["parent_ticket_id"] is None and sorted(chat.tags) == [
        "bar",
        "foo",
    ]
    assert chat.customer_name == "Dummyname" and chat.agent.external_id == "freshdesk:6010396333"


def test_a_realistic_export_keeps_real_texts_and_survey_ratings(db):
    assert import_file(db, FIXTURE).counts.added == 7
    chat = stored(db, "9489")
    assert [m.text for m in chat.messages] == [text for _, text in ABCD[1]["original"]]
    first_role = ABCD[1]["original"][0][0]
    assert chat.messages[0].role == first_role  # an outbound ticket starts with the agent
    assert [m.internal for m in chat.messages] == [r == "action" for r, _ in ABCD[1]["original"]]
    assert chat.csat == 1.67 and chat.fields["satisfaction_rating"] == {
        "ratings": {"default_question": -102}
    }
    banking = stored(db, "4100")
    assert [m.text for m in banking.messages] == [t["utterance"] for t in SGD[0]["turns"]]
    assert banking.team.name == "freshdesk group 62" and banking.csat == 4.33
    assert banking.agent.name == "Olek Bondar" and banking.agent.email == "olek@support.example.com"
    unicode = stored(db, "4200")
    assert unicode.messages[0].text == "Добрий день! Де моє замовлення №4411? 📦"
    assert unicode.channel == "chat"
    empty = stored(db, "4300")
    assert [(m.role, m.text) for m in empty.messages] == [("customer", "")]
    assert empty.subject is None and empty.agent is None and empty.csat is None


def test_html_only_bodies_are_reduced_to_text(db, data_dir):
    item = ticket(
        5,
        description_text=None,
        description="<div>Hello<br>I was <b>charged</b> twice&nbsp;!</div>",
    )
    item["conversations"][0].update(body_text=None, body="<p>Refund</p><p>issued.</p>")
    import_file(db, write(data_dir / "t.json", [item]))
    assert [m.text for m in stored(db, "5").messages] == [
        "Hello\nI was charged twice !",
        "Refund\n\nissued.",
    ]


def test_twice_unchanged_duplicates_once_and_one_per_line(db, data_dir):
    import_file(db, FIXTURE)
    assert import_file(db, FIXTURE).counts.unchanged == 7
    lines = data_dir / "tickets.jsonl"
    lines.write_text("\n".join(json.dumps(ticket(n)) for n in (1, 2, 1)), encoding="utf-8")
    result = import_file(db, lines)
    assert result.format == "freshdesk" and result.counts.conversations == 2


def test_a_corrupt_conversation_names_its_record_and_stores_nothing(db, data_dir):
    items = [ticket(n) for n in range(1, 6)]
    items[2]["conversations"][0]["incoming"] = "sometimes"
    path = write(data_dir / "tickets.json", items)
    with pytest.raises(InputError) as caught:
        import_file(db, path)
    problem = caught.value.problems[0]
    assert problem.field == "[2].conversations[0].incoming"
    assert int(problem.location.rsplit(":", 1)[1]) > 20
    assert count(db) == 0


def test_conversation_files_need_their_ticket(db, data_dir):
    export = write(data_dir / "tickets.json", [ticket(7, conversations=None)])
    loose = write(data_dir / "notes.json", [{"body_text": "x", "incoming": False, "user_id": 1}])
    with pytest.raises(InputError, match="which ticket these conversations belong to"):
        import_files(db, [export, loose])
    with pytest.raises(InputError, match="no tickets"):
        import_file(db, loose)
    named = write(data_dir / "conversations_7.json", [{"body_text": "x", "incoming": True}])
    import_files(db, [export, named])
    assert [m.text for m in stored(db, "7").messages] == ["I was charged twice.", "x"]


def test_the_command_line_detects_freshdesk(db_url, capsys):
    assert main(["--db", db_url, "import", str(FIXTURE)]) == 0
    assert "7 conversations (freshdesk)" in capsys.readouterr().out
