"""Writing normalized conversations to the database in batches, idempotently on (source, external id).

An unchanged conversation (same content fingerprint) is left alone; a changed one is updated and its
messages and tags replaced; a new one is inserted. Agents and teams are created as they appear. The
caller owns the transaction, so a failure anywhere leaves the database as it was.
"""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, tuple_, update

from qa_desk.db.models import Conversation, ConversationTag, Message
from qa_desk.errors import InputError, Problem
from qa_desk.ingest.fulltext_fill import FullTextFill
from qa_desk.ingest.people import PeopleCache
from qa_desk.ingest.records import ConversationRecord

BATCH_SIZE = 2000
"""Conversations written per batch: one round of bulk inserts, one progress report, one chance to
cancel (about half a second of an import). Each batch's messages make one new segment of the
full-text index; larger segments leave SQLite less merging: measured on 100,000 Zendesk tickets,
1,000 a batch took 19.6 s, 2,000 17.9 s and 4,000 17.8 s (the peak memory grows with the batch)."""

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


def _batches(records: Iterable[ConversationRecord]) -> Iterator[list[ConversationRecord]]:
    iterator = iter(records)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


def write_conversations(
    connection: Connection, records: Iterable[ConversationRecord], counts: WriteCounts
) -> Iterator[WriteCounts]:
    """Store ``records``, adding to ``counts``; yields after each batch (a chance to cancel).

    On SQLite the full-text index of a batch's messages is filled in a background thread (SQLite
    does that work without holding Python's GIL) while the next batch is read and its rows are
    made (:func:`_prepare`, which touches no database). It is always finished before this yields
    or raises, so nothing runs on the connection once the caller has control again.
    """
    people = PeopleCache(connection)
    rows_out = _Rows(connection)
    batches = _batches(_checked(records))
    try:
        with _collector_paused():
            ready = _prepare(rows_out, next(batches, None))
        while ready is not None:
            with _collector_paused():
                try:
                    _store(rows_out, people, ready, counts)
                except UnicodeEncodeError:
                    raise _not_text(ready.batch) from None
                written, ready = ready, _prepare(rows_out, next(batches, None))
                try:
                    rows_out.index.finish()
                except UnicodeEncodeError:  # the batch's messages, written in the background
                    raise _not_text(written.batch) from None
            yield counts
        rows_out.index.done()
    finally:
        rows_out.index.close()


def _bad_text(value: object) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_bad_text(k) or _bad_text(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_bad_text(v) for v in value)
    return False


def _not_text(batch: list[ConversationRecord]) -> InputError:
    """The error for text no database can store (a lone surrogate such as JSON's ``"\\ud800"``),
    naming the record and field; looked for only once a write has failed on it."""
    for record in batch:
        fields = {
            "source": record.source, "id": record.external_id, "channel": record.channel,
            "subject": record.subject, "team": record.team, "language": record.language,
            "tags": record.tags, "fields": record.fields,
        }  # fmt: skip
        for role, person in (("agent", record.agent), ("customer", record.customer)):
            if person is not None:
                fields.update({f"{role}.{k}": getattr(person, k) for k in ("id", "name", "email")})
        for i, message in enumerate(record.messages):
            fields.update(
                {f"messages[{i}].{k}": getattr(message, k) for k in ("text", "author")}
                | {f"messages[{i}].id": message.external_id}
            )
        for name, value in fields.items():
            if _bad_text(value):
                return InputError(
                    Problem(record.location, name, "holds a lone surrogate code point, not text")
                )
    return InputError(Problem("", "", "a text value holds a lone surrogate code point"))


_pause_lock = threading.Lock()
_pauses = 0
_collector_was_enabled = False


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for one batch of an import.

    A batch makes tens of thousands of records and rows that reference counting frees (they hold
    no cycles); left running, the cycle collector would go through them, and the rest of the
    heap, dozens of times per batch (about a seventh of an import's time). It runs again between
    batches, before the caller gets control, so cycles made elsewhere are still collected.
    Nested and concurrent pauses are counted: the collector resumes when the last one ends, and
    only if it was running before the first.
    """
    global _pauses, _collector_was_enabled
    with _pause_lock:
        if _pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _collector_was_enabled:
                gc.enable()


def _checked(records: Iterable[ConversationRecord]) -> Iterator[ConversationRecord]:
    for record in records:
        record.check()
        yield record


def _last_of_each(batch: list[ConversationRecord]) -> list[ConversationRecord]:
    # The same conversation twice in one batch: the later one is the newer export.
    latest = {(r.source, r.external_id): r for r in batch}
    return list(latest.values()) if len(latest) < len(batch) else batch


CONVERSATION_COLUMNS = (
    "source", "external_id", "channel", "subject", "started_at", "ended_at", "agent_id", "team_id",
    "customer_external_id", "customer_name", "csat", "language", "fields", "message_count",
    "first_response_seconds", "content_hash", "imported_at",
)  # fmt: skip
MESSAGE_COLUMNS = (
    "conversation_id", "position", "external_id", "role", "internal", "author", "sent_at", "text",
)  # fmt: skip
TAG_COLUMNS = ("conversation_id", "tag")


def sqlite_time(value: datetime | None) -> str | None:
    """A time as SQLAlchemy stores a DATETIME in SQLite: naive UTC text with microseconds."""
    if value is None:
        return None
    if value.tzinfo is UTC:  # every time the readers make: no conversion needed
        text = value.isoformat(" ")[:-6]
    else:
        text = value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    return text if len(text) > 19 else text + ".000000"


_encode_json = json.JSONEncoder(ensure_ascii=False).encode
"""``json.dumps(value, ensure_ascii=False)`` without making an encoder for every call."""


def _same(value: Any) -> Any:
    return value


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


class _Rows:
    """Bulk writes, as plain tuples through the driver on SQLite (the fast path) or through
    SQLAlchemy Core elsewhere. Rows are tuples in the order of the ``*_COLUMNS`` above, with times
    and JSON already in the form the database takes (see :attr:`time`).

    SQLite conversation ids are handed out here, which is safe because imports hold SQLite's write
    lock from their first statement (``BEGIN IMMEDIATE``)."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"
        self.time = sqlite_time if self.sqlite else _same
        """A time as rows carry it: SQLite's DATETIME text there, the datetime elsewhere."""
        self.next_conversation_id = 0
        if self.sqlite:
            self.next_conversation_id = self._max_id("conversations") + 1
        self.index = FullTextFill(connection if self.sqlite else None)

    def _max_id(self, table: str) -> int:
        return self.connection.exec_driver_sql(
            f"SELECT coalesce(max(id), 0) FROM {table}"
        ).scalar_one()

    def fields(self, value: dict[str, Any]) -> object:
        return _encode_json(value) if self.sqlite else value

    def existing(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, str]]:
        """The id and content hash of each of these (source, external id) already stored."""
        found: dict[tuple[str, str], tuple[int, str]] = {}
        if not self.sqlite:
            statement = select(
                Conversation.id,
                Conversation.source,
                Conversation.external_id,
                Conversation.content_hash,
            ).where(tuple_(Conversation.source, Conversation.external_id).in_(keys))
            for row in self.connection.execute(statement):
                found[(row.source, row.external_id)] = (row.id, row.content_hash)
            return found
        by_source: dict[str, list[str]] = {}
        for source, external_id in keys:
            by_source.setdefault(source, []).append(external_id)
        for source, external_ids in by_source.items():
            marks = ", ".join("?" * len(external_ids))
            for id_, external_id, digest in self.connection.exec_driver_sql(
                "SELECT id, external_id, content_hash FROM conversations "
                f"WHERE source = ? AND external_id IN ({marks})",
                (source, *external_ids),
            ):
                found[(source, external_id)] = (id_, digest)
        return found

    def insert(self, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self.sqlite:
            self.connection.exec_driver_sql(_insert_sql(table.name, columns), rows)
        else:
            self.connection.execute(
                insert(table), [dict(zip(columns, r, strict=True)) for r in rows]
            )

    def insert_conversations(self, rows: list[tuple[Any, ...]]) -> list[int]:
        """Insert conversation rows; their new ids in the same order."""
        if self.sqlite:
            first = self.next_conversation_id
            self.next_conversation_id += len(rows)
            self.insert(
                conversations_table,
                ("id", *CONVERSATION_COLUMNS),
                [(first + i, *row) for i, row in enumerate(rows)],
            )
            return list(range(first, first + len(rows)))
        result = self.connection.execute(
            insert(conversations_table).returning(
                conversations_table.c.id, sort_by_parameter_order=True
            ),
            [dict(zip(CONVERSATION_COLUMNS, r, strict=True)) for r in rows],
        )
        return list(result.scalars().all())

    def replace_conversations(self, rows: list[tuple[int, tuple[Any, ...]]]) -> None:
        """Update conversations (id, row) and remove their messages and tags, to be written anew."""
        ids = [id_ for id_, _ in rows]
        if self.sqlite:
            assignments = ", ".join(f"{column} = ?" for column in CONVERSATION_COLUMNS)
            self.connection.exec_driver_sql(
                f"UPDATE conversations SET {assignments} WHERE id = ?",
                [(*row, id_) for id_, row in rows],
            )
        else:
            self.connection.execute(
                update(conversations_table).where(conversations_table.c.id == bindparam("b_id")),
                [
                    {**dict(zip(CONVERSATION_COLUMNS, row, strict=True)), "b_id": id_}
                    for id_, row in rows
                ],
            )
        self.connection.execute(delete(Message).where(Message.conversation_id.in_(ids)))
        self.connection.execute(
            delete(ConversationTag).where(ConversationTag.conversation_id.in_(ids))
        )

    def insert_messages(self, rows: list[tuple[Any, ...]]) -> None:
        """Insert message rows and (SQLite) add them to the full-text index."""
        if not self.sqlite:
            self.insert(messages_table, MESSAGE_COLUMNS, rows)  # PostgreSQL's GIN index follows
            return
        if not rows:
            return
        # Deleted messages free their ids for reuse, so what is new is what lies above the
        # highest id right now, not at the start of the import.
        first = self._max_id("messages") + 1
        self.index.prepare(len(rows))
        self.insert(messages_table, MESSAGE_COLUMNS, rows)
        self.index.add(first, self._max_id("messages"), [row[-1] for row in rows])


@dataclass(slots=True)
class _Batch:
    """A batch of records with what storing them needs that no database is asked for.

    ``made`` holds, per record, its content hash and the conversation columns that depend on the
    record alone; ``message_rows`` (SQLite) the rows of all its messages, numbered as if every
    record were new, from ``first_id`` (ids SQLite hands out in order, see :class:`_Rows`)."""

    batch: list[ConversationRecord]
    records: list[ConversationRecord]
    made: list[tuple[str, Any, Any, Any, float | None]]
    first_id: int
    message_rows: list[tuple[Any, ...]] | None


def _prepare(rows_out: _Rows, batch: list[ConversationRecord] | None) -> _Batch | None:
    """What :func:`_store` needs of ``batch`` that takes no database: made while the index of the
    batch before is filled in the background. None for no batch."""
    if batch is None:
        return None
    records = _last_of_each(batch)
    time, fields = rows_out.time, rows_out.fields
    made = []
    try:
        for record in records:
            record.fill_times()
            made.append(
                (
                    record.content_hash(),
                    time(record.started_at),
                    time(record.ended_at),
                    fields(record.fields),
                    record.first_response_seconds(),
                )
            )
    except UnicodeEncodeError:
        raise _not_text(batch) from None
    first = rows_out.next_conversation_id
    message_rows = _message_rows(rows_out, enumerate(records, first)) if rows_out.sqlite else None
    return _Batch(batch, records, made, first, message_rows)


def _message_rows(
    rows_out: _Rows, pairs: Iterable[tuple[int, ConversationRecord]]
) -> list[tuple[Any, ...]]:
    if rows_out.sqlite:  # the stored text of a time, when the reader had it, saves formatting it
        time = rows_out.time
        return [
            (cid, position, m.external_id, m.role, m.internal, m.author, m.at_text or time(m.at), m.text)
            for cid, record in pairs
            for position, m in enumerate(record.messages)
        ]  # fmt: skip
    return [
        (cid, position, m.external_id, m.role, m.internal, m.author, m.at, m.text)
        for cid, record in pairs
        for position, m in enumerate(record.messages)
    ]


def _store(rows_out: _Rows, people: PeopleCache, ready: _Batch, counts: WriteCounts) -> None:
    records = ready.records
    existing = rows_out.existing([(r.source, r.external_id) for r in records])
    now = rows_out.time(datetime.now(UTC))
    new_rows: list[tuple[Any, ...]] = []
    new_records: list[ConversationRecord] = []
    changed_rows: list[tuple[int, tuple[Any, ...]]] = []
    changed_records: list[tuple[int, ConversationRecord]] = []
    team_id_of, agent_id_of = people.team_id, people.agent_id
    for record, (digest, started, ended, fields, first_response) in zip(
        records, ready.made, strict=True
    ):
        found = existing.get((record.source, record.external_id))
        if found is not None and found[1] == digest:
            counts.unchanged += 1
            continue
        team_id = team_id_of(record.team)
        customer = record.customer
        row = (
            record.source,
            record.external_id,
            record.channel,
            record.subject,
            started,
            ended,
            agent_id_of(record.agent, team_id),
            team_id,
            customer.id if customer else None,
            customer.label if customer else None,
            record.csat,
            record.language,
            fields,
            len(record.messages),
            first_response,
            digest,
            now,
        )
        if found is None:
            new_rows.append(row)
            new_records.append(record)
        else:
            changed_rows.append((found[0], row))
            changed_records.append((found[0], record))
    pairs: list[tuple[int, ConversationRecord]] = changed_records
    if changed_rows:
        rows_out.replace_conversations(changed_rows)
        counts.updated += len(changed_rows)
    if new_rows:
        ids = rows_out.insert_conversations(new_rows)
        pairs.extend(zip(ids, new_records, strict=True))
        counts.added += len(new_rows)
    tag_rows = [(cid, tag) for cid, record in pairs for tag in dict.fromkeys(record.tags)]
    rows_out.insert(tags_table, TAG_COLUMNS, tag_rows)
    message_rows = ready.message_rows
    if message_rows is None or existing or pairs[0][0] != ready.first_id:
        message_rows = _message_rows(rows_out, pairs)  # not every record new: numbered anew
    rows_out.insert_messages(message_rows)  # last: its indexing may go on in the background
    counts.messages += len(message_rows)
