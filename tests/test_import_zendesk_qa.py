"""Importing Zendesk QA's (Klaus's) import format: comments in Markdown or HTML, calls, CSAT."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from qa_desk.cli import main
from qa_desk.db.models import Conversation
from qa_desk.errors import InputError
from qa_desk.ingest import ImportOptions, import_file
from qa_desk.ingest.timeparse import zone_named
from tests.conftest import REALDATA

FIXTURE = REALDATA / "formats" / "zendesk_qa" / "realistic.json"
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


def ticket(ident: str, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ident, "subject": "My fish bowl looks fishy", "created": "2026-04-16T11:24:51",
        "assigneeName": "Dana Smith", "assigneeEmail": "dana@example.com",
        "customerName": "Olena", "customerEmail": "olena@example.com", "channel": "Email",
        "comments": [
            {"id": f"{ident}-1", "authorName": "Olena", "authorEmail": "olena@example.com",
             "authorIsNotClient": False, "comment": "**Hi**, the bowl is\nempty.",
             "created": "2026-04-16T11:24:51"},
            {"id": f"{ident}-2", "authorEmail": "dana@example.com", "public": True,
             "comment": "<p>Sorry!</p><p>A fish is on its way.</p>", "created": "2026-04-16T11:30:00"},
        ],
    }  # fmt: skip
    data.update(fields)
    return data


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def test_a_realistic_export_keeps_real_texts_roles_notes_and_calls(db):
    result = import_file(db, FIXTURE)
    assert (result.format, result.counts.added) == ("zendesk_qa", 7)
    chat = stored(db, "3592")
    assert [m.text for m in chat.messages] == [text for _, text in ABCD[0]["original"]]
    roles = {"agent": ("agent", False), "customer": ("customer", False), "action": ("agent", True)}
    assert [(m.role, m.internal) for m in chat.messages] == [
        roles[r] for r, _ in ABCD[0]["original"]
    ]
    assert chat.agent.email == "dana@support.example.com" and chat.agent.external_id is None
    assert chat.customer_name == "Crystal Minh" and chat.channel == "chat"
    assert chat.csat == 5 and chat.fields["satisfactionScore"] == "10"
    assert chat.fields["ticketFields"][0]["values"] == [
        {"label": "product_defect", "value": "product_defect"}
    ]
    call = stored(db, "4100")
    assert [m.text for m in call.messages] == [t["utterance"] for t in SGD[0]["turns"]]
    assert call.channel == "phone"  # no channel given, comments with call details
    assert call.fields["calls"][0] == {
        "comment": "4100-0",
        "callDuration": "20",
        "callDirection": "inbound",
    }
    unicode = stored(db, "4200")
    assert unicode.messages[-1].text == "Спасибо 🙏 — line one\n\nline two"  # from HTML
    empty = stored(db, "4300")
    assert [(m.role, m.text) for m in empty.messages] == [("customer", "")]
    assert empty.agent is None and empty.csat is None and empty.channel is None


def test_markdown_is_kept_html_reduced_and_roles_follow_the_assignee(db, data_dir):
    import_file(db, write(data_dir / "t.json", {"data": [ticket("c4t-1")]}))
    chat = stored(db, "c4t-1")
    assert [(m.role, m.author, m.text) for m in chat.messages] == [
        ("customer", "Olena", "**Hi**, the bowl is\nempty."),
        ("agent", "dana@example.com", "Sorry!\n\nA fish is on its way."),
    ]
    assert chat.channel == "email" and chat.started_at.isoformat() == "2026-04-16T11:24:51+00:00"


def test_times_without_a_zone_are_read_in_the_chosen_zone(db, data_dir):
    path = write(data_dir / "t.json", {"data": [ticket("k-1")]})
    import_file(db, path, options=ImportOptions(zone=zone_named("Europe/Kyiv")))
    assert stored(db, "k-1").started_at.isoformat() == "2026-04-16T08:24:51+00:00"


def test_satisfaction_scores_on_a_named_or_guessed_scale(db, data_dir):
    scores = [
        ticket(f"s{n}", satisfactionScore=value) for n, value in enumerate(["4", "8", "75", ""])
    ]
    import_file(db, write(data_dir / "s.json", {"data": scores}))
    assert [stored(db, f"s{n}").csat for n in range(4)] == [4, 4.11, 4, None]
    ten = [ticket(f"ten{n}", satisfactionScore=value) for n, value in enumerate(["4", "8", ""])]
    path = write(data_dir / "ten.json", {"data": ten})
    import_file(db, path, options=ImportOptions(extra={"csat_scale": (1, 10)}))
    assert [stored(db, f"ten{n}").csat for n in range(3)] == [2.33, 4.11, None]
    with pytest.raises(InputError, match=r"data\[0\]\.satisfactionScore: 'great-ish' is not"):
        import_file(
            db, write(data_dir / "w.json", {"data": [ticket("w", satisfactionScore="great-ish")]})
        )


def test_twice_unchanged_duplicates_once_and_a_corrupt_ticket_stops_all(db, data_dir):
    import_file(db, FIXTURE)
    assert import_file(db, FIXTURE).counts.unchanged == 7
    tickets = [ticket(f"t{n}") for n in range(5)] + [ticket("t1", subject="again")]
    assert import_file(db, write(data_dir / "d.json", {"data": tickets})).counts.conversations == 5
    assert stored(db, "t1").subject == "again"
    tickets[3]["comments"][1]["created"] = "16/04/2026"
    before = count(db)
    with pytest.raises(InputError) as caught:
        import_file(db, write(data_dir / "bad.json", {"data": tickets}))
    problem = caught.value.problems[0]
    assert problem.field == "data[3].comments[1].created"
    assert "is not a timestamp" in problem.message and count(db) == before


def test_the_command_line_detects_zendesk_qa(db_url, capsys):
    assert main(["--db", db_url, "import", str(FIXTURE)]) == 0
    assert "7 conversations (zendesk_qa)" in capsys.readouterr().out
