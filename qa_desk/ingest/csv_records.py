"""Turning the rows of one conversation in a CSV of messages into its record
(:mod:`qa_desk.ingest.csv_messages` reads the file and groups the rows).

A row written the usual way (a known role word, a ``…Z`` time, an ``internal`` flag written one of
the common ways) is taken with a few look-ups that give the record the full checks give; anything
else goes through :class:`~qa_desk.ingest.fields.RecordReader`, which names the problem.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from qa_desk.ingest.csv_columns import CONVERSATION_COLUMNS, Layout, role_reader
from qa_desk.ingest.fields import MESSAGE_ROLES, PLAIN_UTC, RecordReader, utc_moment
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.records import ConversationRecord, MessageRecord, PersonRecord
from qa_desk.ingest.source import SourceFile

NAME = "csv"
FINGERPRINT_VERSION = 3
"""Part of every conversation's fingerprint: raise it when the same rows would be stored
differently (3: the agent and customer taken from the messages' authors when no column names
them)."""


class RowsToRecord:
    """Turns the rows of one conversation into a record."""

    def __init__(self, source: SourceFile, options: ImportOptions, header: list[str] | None = None):
        self.source = source
        self.options = options
        self.role_of = role_reader(options.roles)
        self.roles: dict[str, str] = {}
        """Role values already read, as written → role."""
        self._layout: Layout | None = None
        self._columns: tuple[int | None, ...] = ()
        self._conversation_at: tuple[tuple[str, int], ...] = ()
        self.fingerprint: Any = None
        """With the file's ``header``: a hash of the header and of the options a conversation's
        record depends on, to which each conversation adds its rows (its fingerprint: the same
        rows read the same way are the same record, and hashing them is cheaper than
        serializing the record)."""
        if header is not None:
            shaping = (
                f"{NAME}/{FINGERPRINT_VERSION}", options.source, str(options.zone),
                sorted((options.columns or {}).items()), sorted((options.roles or {}).items()),
                header,
            )  # fmt: skip
            self.fingerprint = hashlib.sha256(json.dumps(shaping, ensure_ascii=False).encode())

    def _reader(self, line: int) -> RecordReader:
        return RecordReader(f"{self.source.name}:{line}", self.options.zone)

    def conversation(self, layout: Layout, rows: list[tuple[int, list[str]]]) -> ConversationRecord:
        first_line = rows[0][0]
        messages = self.messages(layout, rows)
        values: dict[str, tuple[int, str]] = {}  # column -> the first value given, and its line
        for column, at in self._conversation_columns(layout):
            for line, row in rows:
                value = row[at].strip()
                if value:
                    values[column] = (line, value)
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
        if not agent.label:  # no agent column: who replied last in public, as a help desk assigns
            agent.name = _last_author(messages, "agent")
        customer = PersonRecord(
            id=text("customer_id"), name=text("customer"), email=text("customer_email")
        )
        if not customer.label:
            customer.name = _last_author(messages, "customer")
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
            fingerprint=self._fingerprint(rows),
        )

    def _fingerprint(self, rows: list[tuple[int, list[str]]]) -> str | None:
        if self.fingerprint is None:
            return None
        found = self.fingerprint.copy()
        # The cells joined by separators, unambiguous when no cell holds one (counted); else
        # their repr. Joining is a third of the cost of repr.
        cells = "\x1e".join(["\x1f".join(row) for _, row in rows])
        if cells.count("\x1f") + cells.count("\x1e") != sum(len(row) for _, row in rows) - 1:
            cells = repr([row for _, row in rows])
        found.update(cells.encode("utf-8", "surrogatepass"))
        return found.hexdigest()

    def _message_columns(self, layout: Layout) -> tuple[int | None, ...]:
        """Where role, internal, public, author, message id, text and timestamp are in a row."""
        if layout is not self._layout:
            self._layout = layout
            self._columns = tuple(layout.index.get(column) for column in _MESSAGE_FIELDS)
            self._conversation_at = tuple(
                (column, layout.index[column])
                for column in CONVERSATION_COLUMNS
                if column in layout.index
            )
        return self._columns

    def _conversation_columns(self, layout: Layout) -> tuple[tuple[str, int], ...]:
        """The conversation columns the file has and where they are in a row."""
        self._message_columns(layout)
        return self._conversation_at

    def messages(self, layout: Layout, rows: list[tuple[int, list[str]]]) -> list[MessageRecord]:
        """The messages of one conversation's rows.

        This loop runs for every message imported, so a row written the usual way (a role value
        already read, an ``internal`` flag written one of the commonest ways or no such column, a
        ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z`` time) is taken as :meth:`message` takes it, written
        out; any other row goes through :meth:`message`, which decides and names the problem.
        """
        role_at, internal_at, public_at, author_at, id_at, text_at, time_at = self._message_columns(
            layout
        )
        if (
            role_at is None
            or text_at is None
            or time_at is None
            or (internal_at is None and public_at is not None)
        ):
            return [self.message(layout, line, row) for line, row in rows]
        roles, flags, plain_utc, from_iso = self.roles, _FLAGS, PLAIN_UTC, _from_iso
        messages: list[MessageRecord] = []
        append = messages.append
        for line, row in rows:
            role = roles.get(row[role_at])
            internal = False if internal_at is None else flags.get(row[internal_at])
            stamp = row[time_at]
            if (
                role is not None
                and internal is not None
                and stamp[-1:] == "Z"
                and (plain := plain_utc(stamp)) is not None
            ):
                try:
                    moment = from_iso(stamp)
                except ValueError:  # a date that does not exist: message() says so
                    pass
                else:
                    author = row[author_at].strip() if author_at is not None else ""
                    message_id = row[id_at].strip() if id_at is not None else ""
                    append(
                        MessageRecord(
                            role,
                            row[text_at],
                            moment,
                            author or None,
                            message_id or None,
                            internal,
                            f"{stamp[:10]} {stamp[11:19]}.{(plain[1] or '').ljust(6, '0')}",
                        )
                    )
                    continue
            append(self.message(layout, line, row))
        return messages

    def message(self, layout: Layout, line: int, row: list[str]) -> MessageRecord:
        role_at, internal_at, public_at, author_at, id_at, text_at, time_at = self._message_columns(
            layout
        )
        raw_role = row[role_at] if role_at is not None else ""
        role = self.roles.get(raw_role)
        if role is None:
            role = self._role(line, raw_role)
        internal = False
        if internal_at is not None:
            internal = _FLAGS.get(row[internal_at])  # type: ignore[assignment]
            if internal is None:
                internal = self._reader(line).flag(row[internal_at], "internal")
        elif public_at is not None and row[public_at].strip():
            internal = not self._reader(line).flag(row[public_at], "public")
        author = row[author_at].strip() if author_at is not None else ""
        message_id = row[id_at].strip() if id_at is not None else ""
        stamp = row[time_at] if time_at is not None else None
        timed = utc_moment(stamp)
        if timed is None:
            at, at_text = self._reader(line).timestamp(stamp, "timestamp"), None
        else:
            at, at_text = timed
        return MessageRecord(
            role,
            row[text_at] if text_at is not None else "",
            at,
            author or None,
            message_id or None,
            internal,
            at_text,
        )

    def _role(self, line: int, raw_role: str) -> str:
        """The role a role value means (remembered), or the error naming the line."""
        if not raw_role.strip():
            raise self._reader(line).fail("role", "missing")
        role = self.role_of(raw_role)
        if role is None:
            raise self._reader(line).fail(
                "role",
                f"'{raw_role.strip()}' is not a role (one of: {', '.join(MESSAGE_ROLES)}; words "
                "such as user, client, support, operator are understood too; or map it in roles:)",
            )
        if len(self.roles) < _REMEMBERED_ROLES:
            self.roles[raw_role] = role
        return role


_MESSAGE_FIELDS = ("role", "internal", "public", "author", "message_id", "text", "timestamp")
_FLAGS = {"": False, "yes": True, "no": False, "true": True, "false": False, "1": True, "0": False,
          "Yes": True, "No": False, "TRUE": True, "FALSE": False, "True": True, "False": False}  # fmt: skip
"""The commonest ways to write an ``internal`` flag, read as :meth:`RecordReader.flag` reads them."""
_from_iso = datetime.fromisoformat
_REMEMBERED_ROLES = 1000
"""Role values remembered per file (a file has a handful; the bound keeps a bad file harmless)."""


def _last_author(messages: list[MessageRecord], role: str) -> str | None:
    """The author of the last public message of ``role`` that names one."""
    return next(
        (m.author for m in reversed(messages) if m.role == role and not m.internal and m.author),
        None,
    )
