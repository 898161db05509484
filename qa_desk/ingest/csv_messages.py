"""CSV with one row per message, as most help desks and spreadsheets export conversations.

Columns (the header row names them; order does not matter):

- required: ``conversation_id``, ``role`` (customer, agent, bot or system), ``text``;
- message columns: ``timestamp`` (ISO 8601 with or without a zone, or unix time; a time without a
  zone is read in the import's time zone, stored in UTC), ``author``, ``message_id``, ``internal``
  (true/false, yes/no, 1/0: a private note) or ``public`` (its opposite);
- conversation columns, taken from the first of the conversation's rows that fills them:
  ``source``, ``agent``, ``agent_email``, ``agent_id``, ``team``, ``channel``, ``subject``,
  ``csat`` (a number), ``tags`` (separated by commas or semicolons), ``language``, ``customer``,
  ``customer_email``, ``customer_id``, ``started_at``, ``ended_at``.

Header names are matched ignoring case, spaces, underscores and dashes, and common names from
other tools are understood (:data:`ALIASES`): ``ticket_id``/``chat_id``/``case_id`` for the
conversation, ``created_at``/``sent_at``/``time`` for the timestamp, ``sender``/``from``/``speaker``
for the role, ``body``/``message``/``content`` for the text, ``assignee`` for the agent, ``group``
for the team, and so on. Role values are read the same way: ``user``, ``client``, ``end-user`` mean
customer; ``admin``, ``support``, ``staff``, ``operator`` mean agent (:data:`ROLE_WORDS`). A header
that is not recognised, or a required column that is missing, stops the import and lists the
columns found and the ones expected.

The delimiter is a comma, a semicolon or a tab (chosen from the header row); the file is UTF-8
with or without a byte-order mark, optionally gzip-compressed. Quoted values may span lines; errors
name the line in the file where the row starts.

The file is streamed, never held in memory whole. Rows of one conversation usually follow each
other; exports sorted by time interleave conversations instead. A first pass over the file notes
which it is (keeping only the conversation ids): grouped files are then read once more and each
conversation stored as soon as its last row is read; interleaved ones are staged in a temporary
SQLite file (deleted afterwards) and read back conversation by conversation. Either way messages
keep the order of the file, and conversations the order of their first row.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from qa_desk.errors import InputError, Problem
from qa_desk.ingest.fields import MESSAGE_ROLES, RecordReader
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.records import ConversationRecord, MessageRecord, PersonRecord
from qa_desk.ingest.source import SourceFile

NAME = "csv"
DELIMITERS = (",", ";", "\t")
REQUIRED = ("conversation_id", "role", "text")
MESSAGE_COLUMNS = ("timestamp", "author", "message_id", "internal", "public")
CONVERSATION_COLUMNS = (
    "source", "agent", "agent_email", "agent_id", "team", "channel", "subject", "csat", "tags",
    "language", "customer", "customer_email", "customer_id", "started_at", "ended_at",
)  # fmt: skip
COLUMNS = (*REQUIRED, *MESSAGE_COLUMNS, *CONVERSATION_COLUMNS)

ALIASES: dict[str, tuple[str, ...]] = {
    "conversation_id": (
        "conversation", "ticket_id", "ticket", "ticket_number", "chat_id", "chat", "case_id",
        "case", "case_number", "thread_id", "thread", "session_id", "interaction_id",
        "conversation_number",
    ),
    "timestamp": (
        "created_at", "created", "time", "date", "sent_at", "sent", "datetime", "date_time",
        "message_time", "message_timestamp", "posted_at", "at", "time_stamp",
    ),
    "role": (
        "sender", "from", "speaker", "author_type", "sender_type", "sender_role", "author_role",
        "speaker_role", "participant", "participant_role", "who",
    ),
    "author": ("author_name", "name", "sender_name", "speaker_name", "from_name", "user_name"),
    "text": (
        "body", "message", "content", "comment", "message_text", "message_body", "plain_body",
        "comment_body", "utterance", "transcript",
    ),
    "message_id": ("comment_id", "event_id", "msg_id", "message_number", "line_id"),
    "internal": ("is_internal", "private", "is_private", "internal_note", "note", "is_note"),
    "public": ("is_public",),
    "agent": ("agent_name", "assignee", "assignee_name", "owner", "owner_name", "handled_by"),
    "agent_email": ("assignee_email", "owner_email"),
    "agent_id": ("assignee_id", "owner_id"),
    "team": ("group", "group_name", "team_name", "queue", "department"),
    "channel": ("via", "medium", "channel_type"),
    "subject": ("title", "topic", "ticket_subject"),
    "csat": ("satisfaction", "csat_score", "satisfaction_score", "satisfaction_rating", "rating"),
    "tags": ("tag", "labels", "label"),
    "language": ("lang", "locale"),
    "customer": ("customer_name", "requester", "requester_name", "client", "client_name"),
    "customer_email": ("requester_email", "client_email"),
    "customer_id": ("requester_id", "client_id"),
    "started_at": ("start", "start_time", "opened_at", "conversation_start", "ticket_created_at"),
    "ended_at": ("end", "end_time", "closed_at", "solved_at", "resolved_at", "conversation_end"),
}  # fmt: skip
"""Other names each column goes by (matched like the canonical name: ignoring case, spaces,
underscores and dashes)."""

ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "customer": (
        "user", "client", "enduser", "requester", "visitor", "contact", "caller", "guest",
        "consumer", "member", "buyer", "shopper",
    ),
    "agent": (
        "admin", "support", "staff", "operator", "rep", "representative", "humanagent",
        "supportagent", "csr", "advisor", "adviser", "assignee", "teammate", "employee",
    ),
    "bot": ("chatbot", "virtualagent", "virtualassistant", "automation", "ai", "aiagent"),
    "system": ("action", "event", "automated", "workflow", "trigger", "log"),
}  # fmt: skip
"""Other words for each message role (matched ignoring case, spaces, underscores and dashes)."""

_FIELD_LIMIT = 64 * 1024 * 1024
_STAGE_BATCH = 2000


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name.strip().lstrip("\ufeff")).casefold()


HEADER_NAMES: dict[str, str] = {}
for _canonical in COLUMNS:
    HEADER_NAMES[_norm(_canonical)] = _canonical
    for _alias in ALIASES.get(_canonical, ()):
        HEADER_NAMES.setdefault(_norm(_alias), _canonical)

ROLE_NAMES: dict[str, str] = {}
for _role in MESSAGE_ROLES:
    ROLE_NAMES[_role] = _role
    for _word in ROLE_WORDS.get(_role, ()):
        ROLE_NAMES[_norm(_word)] = _role


def canonical_role(value: str) -> str | None:
    """The message role a role value means (``"End-User"`` → customer), None when none."""
    return ROLE_NAMES.get(_norm(value))


def _first_row(text: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    except csv.Error:
        return []


def sniff_delimiter(head: bytes, candidates: Iterable[str] = DELIMITERS) -> str:
    """The delimiter of a delimited file from its first bytes: the one whose header row splits
    into the most recognised column names, then into the most columns; a comma when in doubt."""
    text = head.decode("utf-8-sig", errors="replace")
    first_line = text.splitlines()[0] if text else ""
    best, best_key = ",", (0, 1)
    for delimiter in candidates:
        row = _first_row(first_line, delimiter)
        known = sum(1 for cell in row if _norm(cell) in HEADER_NAMES)
        key = (known, len(row))
        if key > best_key:
            best, best_key = delimiter, key
    return best


def detect(head: bytes, filename: str) -> bool:
    """A ``.csv`` or ``.tsv`` file (gzipped or not), or any delimited file whose header names a
    conversation id and a message text."""
    lower = filename.lower().removesuffix(".gz")
    if lower.endswith((".csv", ".tsv")):
        return True
    text = head.decode("utf-8-sig", errors="replace")
    if not text.strip():
        return False
    row = _first_row(text.splitlines()[0], sniff_delimiter(head))
    found = {HEADER_NAMES.get(_norm(cell)) for cell in row}
    return len(row) >= 2 and {"conversation_id", "text"} <= found


@dataclass(frozen=True)
class _Layout:
    """Where each known column is in the file's rows."""

    index: dict[str, int]
    width: int

    def get(self, row: list[str], column: str) -> str | None:
        i = self.index.get(column)
        return row[i] if i is not None else None

    def key(self, item: tuple[int, list[str]]) -> str:
        """The conversation id of a ``(line, row)``, as conversations are matched on it."""
        return item[1][self.index["conversation_id"]].strip()


def _expected_text() -> str:
    optional = [c for c in COLUMNS if c not in REQUIRED]
    return (
        f"expected: {', '.join(REQUIRED)}, and optionally {', '.join(optional)} "
        "(names such as ticket_id, created_at, sender, body, assignee, group are understood too)"
    )


def _layout(source: SourceFile, header: list[str]) -> _Layout:
    location = f"{source.name}:1"
    index: dict[str, int] = {}
    problems: list[str] = []
    unknown: list[str] = []
    for i, cell in enumerate(header):
        name = cell.strip().lstrip("\ufeff")
        if not name:
            unknown.append(f"(empty, column {i + 1})")
            continue
        canonical = HEADER_NAMES.get(_norm(name))
        if canonical is None:
            unknown.append(f"'{name}'")
        elif canonical in index:
            first = header[index[canonical]].strip().lstrip("\ufeff")
            problems.append(f"columns '{first}' and '{name}' both mean {canonical}")
        else:
            index[canonical] = i
    if unknown:
        problems.insert(0, f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}")
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        problems.append(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if problems:
        found = ", ".join(h.strip().lstrip("\ufeff") for h in header) or "none"
        raise InputError(
            Problem(
                location,
                "header",
                f"{'; '.join(problems)} (columns found: {found}; {_expected_text()})",
            )
        )
    return _Layout(index, len(header))


class _Rows:
    """The data rows of the file as ``(line, values)``, ``line`` being where the row starts."""

    def __init__(self, source: SourceFile, delimiter: str):
        self.source = source
        self.delimiter = delimiter

    @contextmanager
    def open(self) -> Iterator[tuple[list[str], Iterator[tuple[int, list[str]]]]]:
        """The header and an iterator over the data rows (valid inside the ``with``)."""
        if csv.field_size_limit() < _FIELD_LIMIT:
            csv.field_size_limit(_FIELD_LIMIT)
        with self.source.open_text() as text:
            reader = csv.reader(text, delimiter=self.delimiter)
            header = self._next(reader, 0)
            if header is None:
                raise InputError(Problem(self.source.name, "", "empty file: no header row"))
            yield header, self._data(reader)

    def _next(self, reader: Any, previous: int) -> list[str] | None:
        try:
            return next(reader, None)
        except UnicodeDecodeError as error:
            raise InputError(
                Problem(
                    f"{self.source.name}:{previous + 1}", "", f"not UTF-8 text ({error.reason})"
                )
            ) from None
        except csv.Error as error:
            raise InputError(
                Problem(f"{self.source.name}:{previous + 1}", "", f"not valid CSV ({error})")
            ) from None

    def _data(self, reader: Any) -> Iterator[tuple[int, list[str]]]:
        previous = reader.line_num
        while True:
            row = self._next(reader, previous)
            if row is None:
                return
            start = previous + 1
            previous = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            yield start, row


def read(source: SourceFile, options: ImportOptions) -> Iterator[ConversationRecord]:
    """Yield one record per conversation; raise :class:`InputError` at the first bad row."""
    rows = _Rows(source, sniff_delimiter(source.head()))
    with rows.open() as (header, data):
        layout = _layout(source, header)
        grouped = _rows_are_grouped(source, layout, data)
    parser = _Parser(source, options)
    with rows.open() as (_, data):
        if grouped:
            for _, group in groupby(data, key=layout.key):
                yield parser.conversation(layout, list(group))
        else:
            yield from _staged(parser, layout, data)


def _check_width(source: SourceFile, layout: _Layout, line: int, row: list[str]) -> None:
    if len(row) != layout.width:
        raise InputError(
            Problem(
                f"{source.name}:{line}",
                "",
                f"the row has {len(row)} values but the header has {layout.width} columns "
                "(an unquoted delimiter or line break in a value?)",
            )
        )


def _rows_are_grouped(
    source: SourceFile, layout: _Layout, data: Iterator[tuple[int, list[str]]]
) -> bool:
    """Whether each conversation's rows follow each other (only the ids are kept)."""
    seen: set[str] = set()
    current: str | None = None
    grouped = True
    for line, row in data:
        _check_width(source, layout, line, row)
        key = layout.key((line, row))
        if key == current:
            continue
        if key in seen:
            grouped = False  # keep reading: every row's shape is checked before anything is stored
        seen.add(key)
        current = key
    return grouped


def _staged(
    parser: _Parser, layout: _Layout, data: Iterator[tuple[int, list[str]]]
) -> Iterator[ConversationRecord]:
    """Conversations from interleaved rows, regrouped through a temporary SQLite file."""
    with tempfile.TemporaryDirectory(prefix="qa-desk-csv-") as folder:
        connection = sqlite3.connect(Path(folder) / "rows.sqlite3")
        try:
            connection.execute("PRAGMA journal_mode=OFF")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute("CREATE TABLE row (conversation INTEGER, line INTEGER, data TEXT)")
            order: dict[str, int] = {}
            batch: list[tuple[int, int, str]] = []
            for line, row in data:
                number = order.setdefault(layout.key((line, row)), len(order))
                batch.append((number, line, json.dumps(row, ensure_ascii=False)))
                if len(batch) >= _STAGE_BATCH:
                    connection.executemany("INSERT INTO row VALUES (?, ?, ?)", batch)
                    batch.clear()
            connection.executemany("INSERT INTO row VALUES (?, ?, ?)", batch)
            order.clear()
            connection.execute("CREATE INDEX row_order ON row (conversation, line)")
            cursor = connection.execute(
                "SELECT conversation, line, data FROM row ORDER BY conversation, line"
            )
            for _, group in groupby(cursor, key=lambda item: item[0]):
                yield parser.conversation(layout, [(line, json.loads(d)) for _, line, d in group])
        finally:
            connection.close()


class _Parser:
    """Turns the rows of one conversation into a record."""

    def __init__(self, source: SourceFile, options: ImportOptions):
        self.source = source
        self.options = options

    def _reader(self, line: int) -> RecordReader:
        return RecordReader(f"{self.source.name}:{line}", self.options.zone)

    def conversation(
        self, layout: _Layout, rows: list[tuple[int, list[str]]]
    ) -> ConversationRecord:
        first_line = rows[0][0]
        messages = [self.message(layout, line, row) for line, row in rows]
        values: dict[str, tuple[int, str]] = {}
        for column in CONVERSATION_COLUMNS:
            if column not in layout.index:
                continue
            for line, row in rows:
                value = layout.get(row, column)
                if value is not None and value.strip():
                    values[column] = (line, value.strip())
                    break

        def text(column: str) -> str | None:
            found = values.get(column)
            return found[1] if found else None

        def parsed(column: str, parse_name: str) -> object:
            found = values.get(column)
            if not found:
                return None
            reader = self._reader(found[0])
            return getattr(reader, parse_name)(found[1], column)

        first = self._reader(first_line)
        agent = PersonRecord(id=text("agent_id"), name=text("agent"), email=text("agent_email"))
        customer = PersonRecord(
            id=text("customer_id"), name=text("customer"), email=text("customer_email")
        )
        channel = text("channel")
        return ConversationRecord(
            source=text("source") or self.options.source or NAME,
            external_id=first.ident(layout.get(rows[0][1], "conversation_id"), "conversation_id"),
            messages=messages,
            channel=channel.lower() if channel else None,
            subject=text("subject"),
            started_at=parsed("started_at", "timestamp"),  # type: ignore[arg-type]
            ended_at=parsed("ended_at", "timestamp"),  # type: ignore[arg-type]
            agent=agent if agent.label else None,
            team=text("team"),
            customer=customer if customer.label else None,
            csat=parsed("csat", "number"),  # type: ignore[arg-type]
            tags=parsed("tags", "tags") or [],  # type: ignore[arg-type]
            language=text("language"),
            location=first.location,
        )

    def message(self, layout: _Layout, line: int, row: list[str]) -> MessageRecord:
        reader = self._reader(line)
        raw_role = layout.get(row, "role") or ""
        if not raw_role.strip():
            raise reader.fail("role", "missing")
        role = canonical_role(raw_role)
        if role is None:
            raise reader.fail(
                "role",
                f"'{raw_role.strip()}' is not a role (one of: {', '.join(MESSAGE_ROLES)}; "
                "words such as user, client, support, operator are understood too)",
            )
        internal = False
        if "internal" in layout.index:
            internal = reader.flag(layout.get(row, "internal"), "internal")
        elif "public" in layout.index and (layout.get(row, "public") or "").strip():
            internal = not reader.flag(layout.get(row, "public"), "public")
        author = (layout.get(row, "author") or "").strip()
        message_id = (layout.get(row, "message_id") or "").strip()
        return MessageRecord(
            role=role,
            text=layout.get(row, "text") or "",
            at=reader.timestamp(layout.get(row, "timestamp"), "timestamp"),
            author=author or None,
            external_id=message_id or None,
            internal=internal,
        )
