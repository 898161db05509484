"""A small, varied set of conversations for the sampling tests: six agents (one of them also a
reviewer), three channels, three languages, tags, CSAT from 1 to 5 and a few very long ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from qa_desk.db import Database
from qa_desk.db.models import AutoQAResult, Conversation
from qa_desk.ingest import import_file
from qa_desk.reviews import find_or_create_user
from qa_desk.users import sign_in
from tests.helpers import conversation, write_jsonl

START = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
AGENTS = (
    ("ag-1", "Dana Smith", "dana@example.com", "Tier 1"),
    ("ag-2", "Oleh Bondar", "oleh@example.com", "Tier 1"),
    ("ag-3", "Wei Chen", "wei@example.com", "Tier 1"),
    ("ag-4", "Rita Stone", "rita@example.com", "Tier 2"),  # also a reviewer
    ("ag-5", "Amal Haddad", "amal@example.com", "Tier 2"),
    ("ag-6", "Jon Park", "jon@example.com", "Tier 2"),
)
CHANNELS = ("chat", "chat", "email", "chat", "phone")  # 60% chat, 20% e-mail, 20% phone
LANGUAGES = ("en", "en", "uk", "en", "zh")
PER_AGENT = 20


def make_conversations(count_per_agent: int = PER_AGENT) -> list[dict]:
    items = []
    for a, (agent_id, name, email, team) in enumerate(AGENTS):
        for n in range(count_per_agent):
            at = START + timedelta(days=n % 30, hours=a)
            length = 40 if n == 7 else 2 + n % 4  # the 8th of each agent is very long
            messages = []
            for m in range(length):
                role = "customer" if m % 2 == 0 else "agent"
                text = (
                    "I want a refund please"
                    if n % 5 == 0 and m == 0
                    else f"Message {m} about the order"
                )
                messages.append((role, (at + timedelta(minutes=3 * m)).isoformat(), text))
            items.append(
                conversation(
                    f"{agent_id}-{n:03d}",
                    messages,
                    agent={"id": agent_id, "name": name, "email": email},
                    team=team,
                    channel=CHANNELS[n % 5],
                    language=LANGUAGES[n % 5],
                    csat=1 + (n * 3 + a) % 5,
                    tags=["refund"] if n % 5 == 0 else (["spam"] if n % 7 == 3 else ["order"]),
                )
            )
    return items


def load(db: Database, folder: Path, count_per_agent: int = PER_AGENT) -> dict[str, int]:
    """Import the conversations and add reviewers Rita (also agent ag-4), Sam and Tess; returns
    the users' ids by first name."""
    import_file(db, write_jsonl(folder / "sampling.jsonl", make_conversations(count_per_agent)))
    with db.session() as session:
        rita = sign_in(session, "Rita Stone", "rita@example.com", "reviewer")
        sam, _ = find_or_create_user(session, "sam@example.com")
        tess, _ = find_or_create_user(session, "Tess")
        return {"rita": rita.id, "sam": sam.id, "tess": tess.id}


def add_check_results(
    db: Database, results: dict[str, list[tuple[str, str, float | None]]]
) -> None:
    """Store automatic-check results: external id -> [(check, outcome, value)]."""
    with db.session() as session:
        ids = dict(session.execute(select(Conversation.external_id, Conversation.id)).all())
        for external_id, rows in results.items():
            for check, outcome, value in rows:
                session.add(
                    AutoQAResult(
                        conversation_id=ids[external_id], check=check, outcome=outcome, value=value
                    )
                )
