"""Writing conversations out in the native JSONL format, streamed, so any database can be moved.

Importing the written file into an empty database gives back the same conversations, messages and
people; ``qa_desk.ingest.jsonl`` reads exactly what this writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from qa_desk.db.engine import Database
from qa_desk.db.models import Conversation
from qa_desk.progress import CancelCheck, Progress, check_cancel, never_cancelled, no_progress


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def conversation_to_data(conversation: Conversation) -> dict[str, Any]:
    """A stored conversation as one native JSONL object."""
    agent = conversation.agent
    customer = None
    if conversation.customer_external_id or conversation.customer_name:
        customer = {"id": conversation.customer_external_id, "name": conversation.customer_name}
    return {
        "id": conversation.external_id,
        "source": conversation.source,
        "channel": conversation.channel,
        "subject": conversation.subject,
        "started_at": _iso(conversation.started_at),
        "ended_at": _iso(conversation.ended_at),
        "agent": {"id": agent.external_id, "name": agent.name, "email": agent.email}
        if agent
        else None,
        "team": conversation.team.name if conversation.team else None,
        "customer": customer,
        "csat": conversation.csat,
        "tags": conversation.tags,
        "language": conversation.language,
        "fields": conversation.fields or {},
        "messages": [
            {
                "id": m.external_id,
                "role": m.role,
                "author": m.author,
                "at": _iso(m.sent_at),
                "text": m.text,
                "internal": m.internal,
            }
            for m in conversation.messages
        ],
    }


def _selection(date_from: date | None, date_to: date | None):
    statement = select(Conversation)
    if date_from is not None:
        statement = statement.where(
            Conversation.started_at >= datetime.combine(date_from, time.min, UTC)
        )
    if date_to is not None:
        end = datetime.combine(date_to + timedelta(days=1), time.min, UTC)
        statement = statement.where(Conversation.started_at < end)
    return statement


def iter_conversations(
    session: Session, date_from: date | None = None, date_to: date | None = None
) -> Iterator[Conversation]:
    """Conversations started in the period (all without one), in id order, loaded in chunks."""
    statement = (
        _selection(date_from, date_to)
        .options(
            selectinload(Conversation.messages),
            selectinload(Conversation.tag_rows),
            selectinload(Conversation.agent),
            selectinload(Conversation.team),
        )
        .order_by(Conversation.id)
        .execution_options(yield_per=500)
    )
    yield from session.scalars(statement)


def export_conversations(
    db: Database,
    path: str | Path,
    date_from: date | None = None,
    date_to: date | None = None,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> int:
    """Write the conversations to ``path`` as JSONL; returns how many. A cancel removes the file."""
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    written = 0
    with db.reader() as session:
        total = session.scalar(
            select(func.count()).select_from(_selection(date_from, date_to).subquery())
        )
        try:
            with open(partial, "w", encoding="utf-8", newline="\n") as out:
                for conversation in iter_conversations(session, date_from, date_to):
                    data = conversation_to_data(conversation)
                    out.write(json.dumps(data, ensure_ascii=False) + "\n")
                    written += 1
                    if written % 500 == 0:
                        check_cancel(cancelled)
                        progress(written, total or 0, "Exporting conversations")
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    progress(written, written, "Exporting conversations")
    return written
