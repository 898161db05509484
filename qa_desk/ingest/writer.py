"""Writing normalized conversations to the database in batches, idempotently on (source, external id).

An unchanged conversation (same content fingerprint) is left alone; a changed one is updated and its
messages and tags replaced; a new one is inserted. Agents and teams are created as they appear. The
caller owns the transaction, so a failure anywhere leaves the database as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, tuple_, update

from qa_desk.db.fulltext import FTS_FUNCTION
from qa_desk.db.models import Agent, Conversation, ConversationTag, Message, Team
from qa_desk.ingest.records import ConversationRecord, PersonRecord

BATCH_SIZE = 500

conversations_table: Table = Conversation.__table__  # type: ignore[assignment]
messages_table: Table = Message.__table__  # type: ignore[assignment]
tags_table: Table = ConversationTag.__table__  # type: ignore[assignment]


@dataclass
class WriteCounts:
    """How many conversations an import added, updated or found unchanged, and messages written."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    messages: int = 0

    @property
    def conversations(self) -> int:
        return self.added + self.updated + self.unchanged


class PeopleCache:
    """Agents and teams by the keys imports match them on, loaded once per import."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.teams: dict[str, int] = {
            name: id_ for id_, name in connection.execute(select(Team.id, Team.name))
        }
        self.agent_rows: dict[int, dict[str, Any]] = {}
        self.by_external: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        for row in connection.execute(
            select(Agent.id, Agent.external_id, Agent.name, Agent.email, Agent.team_id)
        ):
            self._remember(dict(row._mapping))

    def _remember(self, row: dict[str, Any]) -> None:
        self.agent_rows[row["id"]] = row
        if row["external_id"]:
            self.by_external[row["external_id"]] = row["id"]
        if row["email"]:
            self.by_email.setdefault(row["email"].casefold(), row["id"])
        self.by_name.setdefault(row["name"].casefold(), row["id"])

    def team_id(self, name: str | None) -> int | None:
        if not name:
            return None
        if name not in self.teams:
            self.teams[name] = self.connection.execute(
                insert(Team).values(name=name).returning(Team.id)
            ).scalar_one()
        return self.teams[name]

    def agent_id(self, person: PersonRecord | None, team_id: int | None) -> int | None:
        """The id of the agent ``person`` names, created or brought up to date as needed."""
        if person is None or not person.label:
            return None
        found = None
        if person.id:
            found = self.by_external.get(person.id)
        if found is None and person.email:
            found = self.by_email.get(person.email.casefold())
        if found is None and not person.id and person.name:
            found = self.by_name.get(person.name.casefold())
        wanted = {
            "external_id": person.id,
            "name": person.name or person.email or person.id,
            "email": person.email,
            "team_id": team_id,
        }
        if found is None:
            wanted["id"] = self.connection.execute(
                insert(Agent).values(**wanted).returning(Agent.id)
            ).scalar_one()
            self._remember(wanted)
            return wanted["id"]
        row = self.agent_rows[found]
        changes = {
            key: value
            for key, value in wanted.items()
            if value is not None and value != row[key] and not (key == "external_id" and row[key])
        }
        if changes:
            self.connection.execute(update(Agent).where(Agent.id == found).values(**changes))
            row.update(changes)
            self._remember(row)
        return found


def _batches(records: Iterable[ConversationRecord]) -> Iterator[list[ConversationRecord]]:
    iterator = iter(records)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


def write_conversations(
    connection: Connection, records: Iterable[ConversationRecord], counts: WriteCounts
) -> Iterator[WriteCounts]:
    """Store ``records``, adding to ``counts``; yields after each batch (a chance to cancel)."""
    people = PeopleCache(connection)
    rows_out = _Rows(connection)
    for batch in _batches(_checked(records)):
        _write_batch(rows_out, people, _last_of_each(batch), counts)
        yield counts


def _checked(records: Iterable[ConversationRecord]) -> Iterator[ConversationRecord]:
    for record in records:
        record.check()
        yield record


def _last_of_each(batch: list[ConversationRecord]) -> list[ConversationRecord]:
    # The same conversation twice in one batch: the later one is the newer export.
    latest = {(r.source, r.external_id): r for r in batch}
    return list(latest.values())


class _Rows:
    """Bulk inserts, as plain tuples through the driver on SQLite (the fast path) or through
    SQLAlchemy Core elsewhere. SQLite conversation ids are handed out here, which is safe because
    imports hold SQLite's write lock from their first statement (``BEGIN IMMEDIATE``)."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"
        self.next_conversation_id = 0
        self.indexed_up_to = 0
        if self.sqlite:
            self.next_conversation_id = self._max_id("conversations") + 1
            self.indexed_up_to = self._max_id("messages")

    def _max_id(self, table: str) -> int:
        return self.connection.exec_driver_sql(
            f"SELECT coalesce(max(id), 0) FROM {table}"
        ).scalar_one()

    def time(self, value: datetime | None) -> object:
        if value is None or not self.sqlite:
            return value
        # SQLAlchemy's SQLite DATETIME text (isoformat is several times faster than strftime)
        text = value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
        return text if len(text) > 19 else text + ".000000"

    def insert(self, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self.sqlite:
            marks = ", ".join("?" * len(columns))
            self.connection.exec_driver_sql(
                f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", rows
            )
        else:
            self.connection.execute(
                insert(table), [dict(zip(columns, r, strict=True)) for r in rows]
            )

    def insert_conversations(self, rows: list[dict[str, Any]]) -> list[int]:
        if self.sqlite:
            ids = list(range(self.next_conversation_id, self.next_conversation_id + len(rows)))
            self.next_conversation_id += len(rows)
            columns = ("id", *CONVERSATION_COLUMNS)
            self.insert(
                conversations_table,
                columns,
                [(i, *self._conversation_values(r)) for i, r in zip(ids, rows, strict=True)],
            )
            return ids
        result = self.connection.execute(
            insert(conversations_table).returning(
                conversations_table.c.id, sort_by_parameter_order=True
            ),
            rows,
        )
        return list(result.scalars().all())

    def _conversation_values(self, row: dict[str, Any]) -> tuple[Any, ...]:
        values = []
        for column in CONVERSATION_COLUMNS:
            value = row[column]
            if column in ("started_at", "ended_at", "imported_at"):
                value = self.time(value)
            elif column == "fields":
                value = json.dumps(value, ensure_ascii=False)
            values.append(value)
        return tuple(values)

    def index_new_messages(self) -> None:
        """Add the messages written since the last call to the full-text index (SQLite)."""
        if not self.sqlite:
            return  # PostgreSQL keeps its GIN index itself
        self.connection.exec_driver_sql(
            f"INSERT INTO message_fts(rowid, text) SELECT id, {FTS_FUNCTION}(text) "
            "FROM messages WHERE id > ?",
            (self.indexed_up_to,),
        )
        self.indexed_up_to = self._max_id("messages")


CONVERSATION_COLUMNS = (
    "source", "external_id", "channel", "subject", "started_at", "ended_at", "agent_id", "team_id",
    "customer_external_id", "customer_name", "csat", "language", "fields", "message_count",
    "first_response_seconds", "content_hash", "imported_at",
)  # fmt: skip
MESSAGE_COLUMNS = (
    "conversation_id", "position", "external_id", "role", "internal", "author", "sent_at", "text",
)  # fmt: skip


def _write_batch(
    rows_out: _Rows,
    people: PeopleCache,
    batch: list[ConversationRecord],
    counts: WriteCounts,
) -> None:
    connection = rows_out.connection
    keys = [(r.source, r.external_id) for r in batch]
    existing = {
        (row.source, row.external_id): (row.id, row.content_hash)
        for row in connection.execute(
            select(
                Conversation.id,
                Conversation.source,
                Conversation.external_id,
                Conversation.content_hash,
            ).where(tuple_(Conversation.source, Conversation.external_id).in_(keys))
        )
    }
    now = datetime.now(UTC)
    new_rows: list[dict[str, Any]] = []
    new_records: list[ConversationRecord] = []
    changed_rows: list[dict[str, Any]] = []
    changed_records: list[tuple[int, ConversationRecord]] = []
    for record in batch:
        record.fill_times()
        digest = record.content_hash()
        found = existing.get((record.source, record.external_id))
        if found is not None and found[1] == digest:
            counts.unchanged += 1
            continue
        team_id = people.team_id(record.team)
        row = {
            "source": record.source,
            "external_id": record.external_id,
            "channel": record.channel,
            "subject": record.subject,
            "started_at": record.started_at,
            "ended_at": record.ended_at,
            "agent_id": people.agent_id(record.agent, team_id),
            "team_id": team_id,
            "customer_external_id": record.customer.id if record.customer else None,
            "customer_name": record.customer.label if record.customer else None,
            "csat": record.csat,
            "language": record.language,
            "fields": record.fields,
            "message_count": len(record.messages),
            "first_response_seconds": record.first_response_seconds(),
            "content_hash": digest,
            "imported_at": now,
        }
        if found is None:
            new_rows.append(row)
            new_records.append(record)
        else:
            row["b_id"] = found[0]
            changed_rows.append(row)
            changed_records.append((found[0], record))
    pairs: list[tuple[int, ConversationRecord]] = list(changed_records)
    if changed_rows:
        changed_ids = [id_ for id_, _ in changed_records]
        connection.execute(
            update(conversations_table).where(conversations_table.c.id == bindparam("b_id")),
            changed_rows,
        )
        connection.execute(delete(Message).where(Message.conversation_id.in_(changed_ids)))
        connection.execute(
            delete(ConversationTag).where(ConversationTag.conversation_id.in_(changed_ids))
        )
        counts.updated += len(changed_rows)
    if new_rows:
        ids = rows_out.insert_conversations(new_rows)
        pairs.extend(zip(ids, new_records, strict=True))
        counts.added += len(new_rows)
    time = rows_out.time
    message_rows = [
        (cid, position, m.external_id, m.role, m.internal, m.author, time(m.at), m.text)
        for cid, record in pairs
        for position, m in enumerate(record.messages)
    ]
    if rows_out.sqlite:
        # Deleted messages free their ids for reuse, so what is new is what lies above the
        # highest id right now, not at the start of the import.
        rows_out.indexed_up_to = rows_out._max_id("messages")
    rows_out.insert(messages_table, MESSAGE_COLUMNS, message_rows)
    rows_out.index_new_messages()
    counts.messages += len(message_rows)
    tag_rows = [(cid, tag) for cid, record in pairs for tag in dict.fromkeys(record.tags)]
    rows_out.insert(tags_table, ("conversation_id", "tag"), tag_rows)
