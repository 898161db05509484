"""Writing normalized conversations to the database in batches, idempotently on (source, external id).

An unchanged conversation (same content fingerprint) is left alone; a changed one is updated and its
messages and tags replaced; a new one is inserted. Agents and teams are created as they appear. The
caller owns the transaction, so a failure anywhere leaves the database as it was.
"""

from __future__ import annotations

import gc
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, tuple_, update

from qa_desk.db.fulltext import FTS_FUNCTION, changed_index_text
from qa_desk.db.models import Agent, Conversation, ConversationTag, Message, Team
from qa_desk.errors import InputError, Problem
from qa_desk.ingest.records import ConversationRecord, PersonRecord

BATCH_SIZE = 1000
"""Conversations written per batch: one round of bulk inserts, one progress report, one chance to
cancel."""

conversations_table: Table = Conversation.__table__  # type: ignore[assignment]
messages_table: Table = Message.__table__  # type: ignore[assignment]
tags_table: Table = ConversationTag.__table__  # type: ignore[assignment]


_INSERT_TEAM = insert(Team).returning(Team.id)
_INSERT_AGENT = insert(Agent).returning(Agent.id)


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
        # (id, name, email, team id) of an agent as a record names them -> the agent's id, for
        # names already matched and brought up to date; forgotten whenever an agent is added or
        # changed, since that can change what a name matches.
        self._settled: dict[tuple[str | None, str | None, str | None, int | None], int] = {}
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
            self.teams[name] = self.connection.execute(_INSERT_TEAM, {"name": name}).scalar_one()
        return self.teams[name]

    def agent_id(self, person: PersonRecord | None, team_id: int | None) -> int | None:
        """The id of the agent ``person`` names, created or brought up to date as needed."""
        if person is None or not person.label:
            return None
        as_named = (person.id, person.name, person.email, team_id)
        settled = self._settled.get(as_named)
        if settled is not None:
            return settled
        found = None
        if person.id:
            found = self.by_external.get(person.id)
        if found is None and person.email:
            found = self.by_email.get(person.email.casefold())
        if found is None and not person.id and person.name:
            # a name alone matches, but not an agent of that name with another e-mail address:
            # two people may share a name, and their rows must not take turns at one agent
            found = self.by_name.get(person.name.casefold())
            known = None if found is None else self.agent_rows[found]["email"]
            if person.email and known and known.casefold() != person.email.casefold():
                found = None
        wanted = {
            "external_id": person.id,
            "name": person.name or person.email or person.id,
            "email": person.email,
            "team_id": team_id,
        }
        if found is None:
            wanted["id"] = self.connection.execute(_INSERT_AGENT, wanted).scalar_one()
            self._remember(wanted)
            self._settled.clear()
            self._settled[as_named] = wanted["id"]
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
            self._settled.clear()
        self._settled[as_named] = found
        return found


def _batches(records: Iterable[ConversationRecord]) -> Iterator[list[ConversationRecord]]:
    iterator = iter(records)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


def write_conversations(
    connection: Connection, records: Iterable[ConversationRecord], counts: WriteCounts
) -> Iterator[WriteCounts]:
    """Store ``records``, adding to ``counts``; yields after each batch (a chance to cancel).

    On SQLite the full-text index of a batch's messages is filled in a background thread while the
    next batch is read and checked (SQLite does that work without holding Python's GIL). It is
    always finished before this yields or raises, so nothing runs on the connection once the
    caller has control again.
    """
    people = PeopleCache(connection)
    rows_out = _Rows(connection)
    batches = _batches(_checked(records))
    try:
        with _collector_paused():
            batch = next(batches, None)
        while batch is not None:
            with _collector_paused():
                try:
                    _write_batch(rows_out, people, _last_of_each(batch), counts)
                except UnicodeEncodeError:
                    raise _not_text(batch) from None
                written, batch = batch, next(batches, None)
                try:
                    rows_out.index.finish()
                except UnicodeEncodeError:  # the batch's messages, written in the background
                    raise _not_text(written) from None
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
        self.index = _FullTextIndex(connection if self.sqlite else None)

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


class _FullTextIndex:
    """Fills SQLite's full-text index (``message_fts``, external content) for new messages.

    The index must hold :func:`index_text` of each message. Most text is indexed as it is stored,
    so one ``INSERT ... SELECT`` adds it straight from ``messages``; text with CJK characters is
    spaced here first and handed over as one JSON parameter. Neither statement runs any Python,
    so they run in a background thread (SQLite releases the GIL) while the next batch is read.
    Where the connection may not be used from another thread (a ``:memory:`` database) they run
    at once. ``connection`` None (PostgreSQL, whose GIN index keeps itself): nothing to do.

    (Writing the messages themselves the same way, as one ``INSERT ... SELECT`` from a JSON
    array in the background, was measured too: it saved main-thread time on 10,000
    conversations but not on 100,000, and cost a fifth more CPU in all, so the rows still go
    in through ``executemany``.)
    """

    def __init__(self, connection: Connection | None):
        self.driver: Any = None
        self.pool: ThreadPoolExecutor | None = None
        self.pending: Future[None] | None = None
        self.automerge: Any = None
        self.cache_size: int | None = None
        if connection is None:
            return
        self.driver = connection.connection.driver_connection
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qa-desk-fulltext")
        try:
            self.pool.submit(self.driver.execute, "SELECT 1").result()
        except sqlite3.ProgrammingError:  # check_same_thread: this connection stays in its thread
            self.pool.shutdown()
            self.pool = None

    def _tune(self) -> None:
        """Settings that make a bulk import cheaper, taken at its first batch of at least
        :data:`BULK_MESSAGES` messages and put back by :meth:`done` and :meth:`close`.

        - A larger page cache: the default 2 MB cannot hold the pages of the indexes a large
          import writes to, so SQLite would read them back again and again.
        - No automatic merging of the index's segments while the import runs: FTS5 would merge
          the same terms over and over as segments pile up (about a third of the index's time).
          Its crisis merge still bounds the number of segments, and searches over an index
          filled this way are as fast (measured on a million messages); merging resumes with
          the next write once the setting is back.
        """
        execute = self.driver.execute
        self.cache_size = int(execute("PRAGMA cache_size").fetchone()[0])
        execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
        row = execute("SELECT v FROM message_fts_config WHERE k = 'automerge'").fetchone()
        self.automerge = DEFAULT_AUTOMERGE if row is None else row[0]
        execute(_SET_FTS_CONFIG, ("automerge", 0))

    def done(self) -> None:
        """The import went through: finish the index and merge automatically again (in the
        import's transaction: a failed import rolls the setting back with everything else)."""
        self.finish()
        if self.automerge is not None:
            self.driver.execute(_SET_FTS_CONFIG, ("automerge", self.automerge))
            self.automerge = None

    def prepare(self, messages: int) -> None:
        """Before a batch of ``messages`` is written: wait for the last batch's index, and tune
        the connection for a bulk import at its first large batch (see :meth:`_tune`)."""
        self.finish()
        if self.driver is not None and self.cache_size is None and messages >= BULK_MESSAGES:
            self._tune()

    def add(self, first: int, last: int, texts: list[str]) -> None:
        """Index messages ``first``..``last``, whose texts are ``texts`` in id order."""
        self.finish()
        if last - first + 1 != len(texts):  # not SQLite's usual ids: let the SQL function do it
            self.driver.execute(
                f"INSERT INTO message_fts(rowid, text) SELECT id, {FTS_FUNCTION}(text) "
                "FROM messages WHERE id >= ?",
                (first,),
            )
            return
        spaced = [
            (first + i, changed)
            for i, text in enumerate(texts)
            if not text.isascii() and (changed := changed_index_text(text)) is not None
        ]
        arguments = (json.dumps(spaced, ensure_ascii=False), first, last)
        if self.pool is None:
            self._run(arguments)
        else:
            self.pending = self.pool.submit(self._run, arguments)

    def _run(self, arguments: tuple[str, int, int]) -> None:
        spaced, first, last = arguments
        self.driver.execute(_INDEX_SPACED, (spaced,))
        self.driver.execute(_INDEX_AS_STORED, (first, last, spaced))

    def finish(self) -> None:
        """Wait for the index to be filled; raises what filling it raised."""
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        """Wait for any work still running (its outcome no longer matters) and stop the thread."""
        if self.pending is not None:
            wait([self.pending])
            self.pending = None
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
        if self.cache_size is not None:  # the connection goes back to the pool as it came
            self.driver.execute(f"PRAGMA cache_size = {self.cache_size}")
            self.cache_size = None


BULK_MESSAGES = 2000
"""Messages in one batch from which an import counts as a bulk import (see ``_tune``)."""
IMPORT_CACHE_KIB = 65536
"""SQLite's page cache on an importing connection, in KiB (SQLite's default is 2,000)."""
DEFAULT_AUTOMERGE = 4
"""FTS5's own default for its ``automerge`` setting."""
_SET_FTS_CONFIG = "INSERT INTO message_fts(message_fts, rank) VALUES (?, ?)"
_INDEX_SPACED = (
    "INSERT INTO message_fts(rowid, text) "
    "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)"
)
_INDEX_AS_STORED = (
    "INSERT INTO message_fts(rowid, text) SELECT id, text FROM messages WHERE id BETWEEN ? AND ? "
    "AND id NOT IN (SELECT json_extract(value, '$[0]') FROM json_each(?))"
)


def _write_batch(
    rows_out: _Rows,
    people: PeopleCache,
    batch: list[ConversationRecord],
    counts: WriteCounts,
) -> None:
    existing = rows_out.existing([(r.source, r.external_id) for r in batch])
    time, fields = rows_out.time, rows_out.fields
    now = time(datetime.now(UTC))
    new_rows: list[tuple[Any, ...]] = []
    new_records: list[ConversationRecord] = []
    changed_rows: list[tuple[int, tuple[Any, ...]]] = []
    changed_records: list[tuple[int, ConversationRecord]] = []
    team_id_of, agent_id_of = people.team_id, people.agent_id
    for record in batch:
        record.fill_times()
        digest = record.content_hash()
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
            time(record.started_at),
            time(record.ended_at),
            agent_id_of(record.agent, team_id),
            team_id,
            customer.id if customer else None,
            customer.label if customer else None,
            record.csat,
            record.language,
            fields(record.fields),
            len(record.messages),
            record.first_response_seconds(),
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
    if rows_out.sqlite:  # the stored text of a time, when the reader had it, saves formatting it
        message_rows = [
            (
                cid,
                position,
                m.external_id,
                m.role,
                m.internal,
                m.author,
                m.at_text or time(m.at),
                m.text,
            )
            for cid, record in pairs
            for position, m in enumerate(record.messages)
        ]
    else:
        message_rows = [
            (cid, position, m.external_id, m.role, m.internal, m.author, m.at, m.text)
            for cid, record in pairs
            for position, m in enumerate(record.messages)
        ]
    rows_out.insert_messages(message_rows)  # last: its indexing may go on in the background
    counts.messages += len(message_rows)
