"""Reading conversations for the automatic checks and writing their results, in chunks.

Messages are read with bare column queries (no ORM objects), and on SQLite the results go in as
plain tuples through ``executemany``: checking 100,000 conversations is bound by the checks, not by
the database (see ``benchmarks/autoqa_speed.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, delete, insert, select, type_coerce
from sqlalchemy.engine import Connection

from qa_desk.autoqa_checks import CheckResult, ConversationInput, MessageInput
from qa_desk.db.models import AutoQAResult, Conversation, Message

CHUNK = 200
"""Conversations read, checked and written at a time."""

_COLUMNS = (
    "conversation_id", "check", "outcome", "evidence", "value", "detail", "engine_version",
    "checked_at",
)  # fmt: skip
_SQLITE_INSERT = (
    'INSERT INTO autoqa_results (conversation_id, "check", outcome, evidence, value, detail, '
    "engine_version, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _moment(value: Any) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite gives its text, other databases datetimes)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def read_conversations(connection: Connection, ids: Sequence[int]) -> list[ConversationInput]:
    """The conversations with these ids and their messages, in the order of ``ids``."""
    found = {
        row[0]: ConversationInput(row[0], row[1], row[2], row[3])
        for row in connection.execute(
            select(
                Conversation.id,
                Conversation.channel,
                Conversation.language,
                Conversation.customer_name,
            ).where(Conversation.id.in_(ids))
        )
    }
    messages = connection.execute(
        select(
            Message.conversation_id,
            Message.id,
            Message.position,
            Message.role,
            Message.internal,
            type_coerce(Message.sent_at, String),  # parsed only here, once
            Message.text,
        )
        .where(Message.conversation_id.in_(ids))
        .order_by(Message.conversation_id, Message.position)
    )
    current: ConversationInput | None = None
    for conversation_id, id_, position, role, internal, sent_at, text in messages:
        if current is None or current.id != conversation_id:
            current = found.get(conversation_id)
            if current is None:
                continue
        current.messages.append(
            MessageInput(id_, position, role, bool(internal), _moment(sent_at), text or "")
        )
    return [found[i] for i in ids if i in found]


def _sqlite_time(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def replace_results(
    connection: Connection,
    ids: Sequence[int],
    results: Iterable[tuple[int, list[CheckResult]]],
    engine_version: int,
    checked_at: datetime,
) -> None:
    """Delete the stored results of ``ids`` and store ``results`` in their place."""
    table = AutoQAResult.__table__
    connection.execute(delete(table).where(table.c.conversation_id.in_(ids)))
    if connection.dialect.name == "sqlite":
        stamp = _sqlite_time(checked_at)
        rows = [
            (cid, r.check, r.outcome, _encode(r.evidence), r.value, r.detail, engine_version, stamp)
            for cid, checks in results
            for r in checks
        ]
        if rows:
            connection.exec_driver_sql(_SQLITE_INSERT, rows)
        return
    values = [
        dict(
            zip(
                _COLUMNS,
                (
                    cid,
                    r.check,
                    r.outcome,
                    r.evidence,
                    r.value,
                    r.detail,
                    engine_version,
                    checked_at,
                ),
                strict=True,
            )
        )
        for cid, checks in results
        for r in checks
    ]
    if values:
        connection.execute(insert(table), values)


__all__ = ["CHUNK", "chunks", "read_conversations", "replace_results"]
