"""Importing Help Scout conversations: threads in time order, notes, line items, drafts left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from qa_desk.cli import main
from qa_desk.db.models import Conversation
from qa_desk.errors import InputError
from qa_desk.ingest import import_file
from tests.conftest import REALDATA

FIXTURE = REALDATA / "formats" / "helpscout" / "realistic.json"
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


def conversation(ident: int, **fields: Any) -> dict[str, Any]:
    agent = {"id": 4, "type": "user", "first": "Dana", "last": "Smith", "email": "dana@ex.com"}
    customer = {"id": 100, "type": "customer", "first": "Olena", "email": "olena@ex.com"}
    data: dict[str, Any] = {
        "id": ident, "number": ident + 1000, "type": "email", "subject": "Invoice needed",
        "createdAt": "2026-03-02T09:00:00Z", "assignee": agent, "primaryCustomer": customer,
        "tags": [{"id": 1, "tag": "invoice"}],
        "_embedded": {"threads": [
            {"id": 2, "type": "message", "body": "<p>Attached.</p>", "createdBy": agent,
             "createdAt": "2026-03-02T09:10:00Z"},
            {"id": 1, "type": "customer", "body": "<div>Can I get an invoice?</div>",
             "createdBy": customer, "createdAt": "2026-03-02T09:00:00Z"},
        ]},
    }  # fmt: skip
    data.update(fields)
    return data


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def test_a_realistic_export_keeps_real_texts_in_time_order(db):
    result = import_file(db, FIXTURE)
    assert (result.format, result.counts.added) == ("helpscout", 7)
    chat = stored(db, "3592")
    assert [m.text for m in chat.messages][:-1] == [text for _, text in ABCD[0]["original"]]
    assert chat.messages[-1].role == "system"
    assert chat.messages[-1].text == "Dana Smith closed the conversation"  # the line item
    assert "unsent draft" not in [m.text for m in chat.messages]
    assert [m.internal for m in chat.messages][:-1] == [
        r == "action" for r, _ in ABCD[0]["original"]
    ]
    assert chat.agent.name == "Dana Smith" and chat.agent.external_id == "helpscout:801"
    assert chat.customer_name == "Crystal Minh" and chat.channel == "chat"
    assert sorted(chat.tags) == ["product_defect", "return_size"]
    assert chat.fields["mailboxId"] == 61 and chat.fields["number"] == 592
    assert chat.fields["customFields"][0]["value"] == "product_defect"
    banking = stored(db, "4100")
    assert [m.text for m in banking.messages][:-1] == [t["utterance"] for t in SGD[0]["turns"]]
    assert banking.channel == "email"
    unicode = stored(db, "4200")
    assert unicode.subject == "Замовлення №4411 — 退款"
    assert unicode.messages[1].text == '您好，我们会在24小时内为您退款。 <Refund> & "quotes"'
    empty = stored(db, "4300")
    assert [(m.role, m.text) for m in empty.messages] == [("customer", "")]
    assert empty.agent is None and empty.customer_name is None


def test_twice_unchanged_duplicates_once(db, data_dir):
    import_file(db, FIXTURE)
    assert import_file(db, FIXTURE).counts.unchanged == 7
    path = write(
        data_dir / "d.json", {"conversations": [conversation(1), conversation(1, subject="B")]}
    )
    assert import_file(db, path, "helpscout").counts.conversations == 1
    assert stored(db, "1").subject == "B"


def test_threads_newest_first_are_put_in_time_order(db, data_dir):
    import_file(db, write(data_dir / "one.json", conversation(5)))
    assert [(m.role, m.text) for m in stored(db, "5").messages] == [
        ("customer", "Can I get an invoice?"),
        ("agent", "Attached."),
    ]


def test_a_corrupt_thread_names_its_record_and_stores_nothing(db, data_dir):
    items = [conversation(n) for n in range(4)]
    items[2]["_embedded"]["threads"][1]["createdBy"] = "Olena"
    path = write(
        data_dir / "page.json", {"_embedded": {"conversations": items}, "page": {"number": 1}}
    )
    with pytest.raises(InputError) as caught:
        import_file(db, path)
    problem = caught.value.problems[0]
    assert problem.field == "_embedded.conversations[2]._embedded.threads[1].createdBy"
    assert "must be an object" in problem.message and count(db) == 0


def test_the_command_line_detects_help_scout(db_url, capsys):
    assert main(["--db", db_url, "import", str(FIXTURE)]) == 0
    assert "7 conversations (helpscout)" in capsys.readouterr().out
