"""What every help-desk format shares: CSAT on one scale with the raw value kept, unknown fields
kept, and one agent per person whichever help desk named them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from qa_desk.db.models import Agent, Conversation
from qa_desk.ingest import csat, import_file
from tests import test_import_intercom as intercom
from tests import test_import_zendesk as zendesk
from tests import test_import_zendesk_qa as zendesk_qa


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def import_each(db, folder: Path, tickets: list, chats: list, qa: list) -> None:
    """Import Zendesk ``tickets``, Intercom ``chats`` and Zendesk QA tickets ``qa``."""
    for name, fmt, export in (
        ("zendesk.json", "zendesk", {"tickets": tickets}),
        ("intercom.json", "intercom", {"conversations": chats}),
        ("qa.json", "zendesk_qa", {"data": qa}),
    ):
        import_file(db, write(folder / name, export), fmt)


def conversations(db) -> dict[str, Conversation]:
    with db.reader() as session:
        found = session.scalars(select(Conversation)).all()
        return {c.external_id: c for c in found}


# --- CSAT ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "scale", "expected"),
    [
        ("good", None, 5.0),
        ("bad", None, 1.0),
        ("Good", None, 5.0),
        ("offered", None, None),
        ("unoffered", None, None),
        (1, (1, 10), 1.0),
        (10, (1, 10), 5.0),
        (5.5, (1, 10), 3.0),
        (8, None, 4.11),  # above 5: read as 1–10
        (4, (1, 5), 4.0),
        ("90", None, 4.6),  # above 10: a percentage
    ],
)
def test_ratings_on_one_to_five(value: Any, scale: Any, expected: float | None) -> None:
    assert csat.normalise(value, scale) == expected


def test_each_format_stores_the_normalized_csat_and_keeps_the_raw_value(db, data_dir) -> None:
    import_each(
        db,
        data_dir,
        tickets=[
            zendesk.ticket(1, satisfaction_rating={"score": "good", "comment": "quick"}),
            zendesk.ticket(2, satisfaction_rating={"score": "bad"}),
        ],
        chats=[intercom.conversation("i1", conversation_rating={"rating": 2})],
        qa=[zendesk_qa.ticket("q1", satisfactionScore="8")],
    )
    stored = conversations(db)
    assert {key: c.csat for key, c in stored.items()} == {"1": 5, "2": 1, "i1": 2, "q1": 4.11}
    assert stored["1"].fields["satisfaction_rating"] == {"score": "good", "comment": "quick"}
    assert stored["2"].fields["satisfaction_rating"] == {"score": "bad"}
    assert stored["i1"].fields["conversation_rating"]["rating"] == 2
    assert stored["q1"].fields["satisfactionScore"] == "8"


# --- unknown fields ------------------------------------------------------------------------------


def test_fields_qa_desk_does_not_know_are_kept(db, data_dir) -> None:
    import_each(
        db,
        data_dir,
        tickets=[zendesk.ticket(5, brand_id=77, custom_thing={"a": [1, "два"]})],
        chats=[intercom.conversation("i5", sla_applied={"sla_name": "VIP"})],
        qa=[zendesk_qa.ticket("q5", brand="Northwind")],
    )
    stored = conversations(db)
    assert stored["5"].fields["brand_id"] == 77
    assert stored["5"].fields["custom_thing"] == {"a": [1, "два"]}
    assert stored["i5"].fields["sla_applied"] == {"sla_name": "VIP"}
    assert stored["q5"].fields["brand"] == "Northwind"


# --- one agent across help desks -----------------------------------------------------------------


@pytest.mark.parametrize("zendesk_first", [True, False])
def test_an_agent_with_the_same_email_in_two_help_desks_is_one_agent(
    db, data_dir, zendesk_first: bool
) -> None:
    tickets = {
        "tickets": [zendesk.ticket(7, assignee_id=99)],
        "users": [
            {"id": 1, "name": "Olena", "role": "end-user"},
            {"id": 99, "name": "Dana Smith", "email": "Dana@Support.example.com", "role": "agent"},
        ],
    }
    chat = intercom.conversation(
        "i7",
        admin_assignee_id=7,
        teammates={"admins": [{"id": "7", "email": "dana@support.example.com"}]},
    )
    chat["conversation_parts"]["conversation_parts"][0]["author"] = {
        "type": "admin",
        "id": "7",
        "name": "Dana Smith",
        "email": "dana@support.example.com",
    }
    files = [
        (write(data_dir / "zendesk.json", tickets), "zendesk"),
        (write(data_dir / "intercom.json", {"conversations": [chat]}), "intercom"),
    ]
    for path, fmt in files if zendesk_first else reversed(files):
        import_file(db, path, fmt)
    with db.reader() as session:
        agents = session.execute(select(Agent.id, Agent.name, Agent.email)).all()
        by_conversation = dict(
            session.execute(select(Conversation.external_id, Conversation.agent_id)).all()
        )
    assert len(agents) == 1, agents
    assert agents[0].email.casefold() == "dana@support.example.com"
    assert by_conversation == {"7": agents[0].id, "i7": agents[0].id}


def test_two_agents_with_one_name_and_different_emails_stay_two(db, data_dir) -> None:
    # CSV exports name agents without ids: a shared name must not merge two people (nor make the
    # one agent's e-mail flip with every row)
    path = data_dir / "namesakes.csv"
    path.write_text(
        "conversation_id,timestamp,role,author,text,agent,agent_email\n"
        "N-1,2026-03-02T09:00:00Z,customer,Kim,Hello,Dana Smith,dana.smith@north.example\n"
        "N-2,2026-03-02T10:00:00Z,customer,Lee,Hi,Dana Smith,dana.smith@south.example\n"
        "N-3,2026-03-02T11:00:00Z,customer,Max,Hey,Dana Smith,dana.smith@north.example\n"
        "N-4,2026-03-02T12:00:00Z,customer,Ada,Yo,Dana Smith,\n",
        encoding="utf-8",
    )
    import_file(db, path)
    import_file(db, path)  # again: nothing changes
    with db.reader() as session:
        agents = session.execute(select(Agent.id, Agent.email).order_by(Agent.id)).all()
        by_conversation = dict(
            session.execute(select(Conversation.external_id, Conversation.agent_id)).all()
        )
    assert [email for _, email in agents] == [
        "dana.smith@north.example",
        "dana.smith@south.example",
    ]
    north, south = (agent_id for agent_id, _ in agents)
    assert by_conversation == {"N-1": north, "N-2": south, "N-3": north, "N-4": north}
