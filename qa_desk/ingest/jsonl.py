"""QA Desk's native format: JSON Lines, one conversation per line (documented in the README)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from difflib import get_close_matches
from typing import Any

from qa_desk.ingest.fields import MESSAGE_ROLES, RecordReader
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.records import ConversationRecord, MessageRecord, PersonRecord
from qa_desk.ingest.source import SourceFile, decode_error

NAME = "jsonl"
CONVERSATION_KEYS = (
    "id", "source", "channel", "subject", "started_at", "ended_at", "agent", "team", "customer",
    "csat", "tags", "language", "fields", "messages",
)  # fmt: skip
MESSAGE_KEYS = ("id", "role", "author", "at", "text", "internal")
PERSON_KEYS = ("id", "name", "email")
_CONVERSATION_KEY_SET = frozenset(CONVERSATION_KEYS)
_MESSAGE_KEY_SET = frozenset(MESSAGE_KEYS)
_PERSON_KEY_SET = frozenset(PERSON_KEYS)
_ROLE_SET = frozenset(MESSAGE_ROLES)
_PLAIN_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.(\d{1,6}))?Z", re.ASCII).fullmatch
"""The commonest ways exports write a time (UTC, whole seconds or a fraction); its stored text is
a rearrangement of its characters."""
FINGERPRINT_VERSION = 1
"""Part of every record's fingerprint: raise it when the same line would be stored differently (and
hash any new option :func:`read` comes to depend on, as it hashes the source and the zone)."""


def detect(head: bytes, filename: str) -> bool:
    """A JSON object per line that has ``messages`` (what :func:`read` takes)."""
    stripped = head.lstrip()
    first, newline, _ = stripped.partition(b"\n")
    if not first.startswith(b"{") or b'"messages"' not in first:
        return False  # (the name written with escapes, "\u006dessages", is not worth a parse)
    try:
        data = json.loads(first)
    except ValueError:
        if newline:
            return False
        # a first line longer than the head (a long e-mail thread): judge by the keys seen so far
        return b'"messages"' in first and b'"id"' in first and b'"role"' in first
    return isinstance(data, dict) and "messages" in data and "id" in data


def read(source: SourceFile, options: ImportOptions) -> Iterator[ConversationRecord]:
    """Yield one record per non-empty line; raise :class:`InputError` at the first bad one.

    Each record's fingerprint is a hash of its line and of the options a line's record depends on
    (the default source, the time zone): the same line read the same way is the same record, and
    hashing the line is many times cheaper than serializing the record again.
    """
    fingerprint = hashlib.sha256(
        f"{NAME}/{FINGERPRINT_VERSION}\0{options.source}\0{options.zone}\0".encode()
    )
    with source.open_binary() as binary:
        line_number = 0
        for raw in binary:
            line_number += 1
            line = raw.strip()
            if not line:
                continue
            try:
                text = raw.decode("utf-8-sig" if line_number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                raise decode_error(source, line_number, error) from None
            reader = RecordReader(f"{source.name}:{line_number}", options.zone)
            try:
                data = json.loads(text)
            except json.JSONDecodeError as error:
                raise reader.fail(
                    "", f"not valid JSON ({error.msg} at column {error.colno})"
                ) from None
            record = parse_conversation(data, reader, options)
            line_hash = fingerprint.copy()
            line_hash.update(line)
            record.fingerprint = line_hash.hexdigest()
            yield record


def _check_keys(
    reader: RecordReader, data: dict[str, Any], allowed: tuple[str, ...], path: str
) -> None:
    for key in data:
        if key not in allowed:
            hint = get_close_matches(key, allowed, n=1)
            extra = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise reader.fail(f"{path}{key}", f"unknown field{extra}")


def _person(reader: RecordReader, value: Any, field: str) -> PersonRecord | None:
    if value is None:
        return None
    if isinstance(value, str):
        return PersonRecord(name=value)
    if not isinstance(value, dict):
        raise reader.fail(field, "must be an object with id, name, email")
    if not value.keys() <= _PERSON_KEY_SET:
        _check_keys(reader, value, PERSON_KEYS, f"{field}.")
    person = PersonRecord(
        id=reader.text(value.get("id"), f"{field}.id"),
        name=reader.text(value.get("name"), f"{field}.name"),
        email=reader.text(value.get("email"), f"{field}.email"),
    )
    return person if person.label else None


def _message(reader: RecordReader, item: Any, i: int) -> MessageRecord:
    """One message, every field checked and any problem named precisely."""
    field = f"messages[{i}]"
    if not isinstance(item, dict):
        raise reader.fail(field, "must be an object with role, text, at")
    _check_keys(reader, item, MESSAGE_KEYS, f"{field}.")
    text = item.get("text")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise reader.fail(f"{field}.text", f"must be text, not {type(text).__name__}")
    return MessageRecord(
        role=reader.role(item.get("role"), f"{field}.role"),
        text=text,
        at=reader.timestamp(item.get("at"), f"{field}.at"),
        author=reader.text(item.get("author"), f"{field}.author"),
        external_id=reader.text(item.get("id"), f"{field}.id"),
        internal=reader.flag(item.get("internal"), f"{field}.internal"),
    )


def _messages(reader: RecordReader, items: list[Any]) -> list[MessageRecord]:
    """The messages of one conversation.

    This loop runs for every message imported, so a message written the usual way (known keys, a
    role in lower case, text, author and id as strings, ``internal`` true or false or left out, an
    ISO 8601 time) is taken with a few type checks that accept exactly what :func:`_message`
    accepts and give the same record; anything else goes through :func:`_message`, which decides
    and names the problem. A time written ``YYYY-MM-DDTHH:MM:SSZ`` also gives its stored text.
    """
    messages: list[MessageRecord] = []
    append = messages.append
    zone = reader.zone
    keys, roles, plain_utc, from_iso = (
        _MESSAGE_KEY_SET,
        _ROLE_SET,
        _PLAIN_UTC,
        datetime.fromisoformat,
    )
    for i, item in enumerate(items):
        if type(item) is dict and item.keys() <= keys:
            get = item.get
            role = get("role")
            text = get("text")
            author = get("author")
            ident = get("id")
            internal = get("internal", False)
            at = get("at")
            if (
                type(role) is str
                and role in roles
                and type(text) is str
                and (author is None or type(author) is str)
                and (ident is None or type(ident) is str)
                and (internal is False or internal is True)
            ):
                if at is None:
                    append(MessageRecord(role, text, None, author, ident, internal))
                    continue
                # fields.iso_time, written out: this is the hottest line of an import
                if type(at) is str and at[4:5] == "-":
                    try:
                        moment = from_iso(at)
                    except ValueError:
                        pass
                    else:
                        at_zone = moment.tzinfo
                        if at_zone is UTC:
                            plain = plain_utc(at)
                            at_text = (
                                None
                                if plain is None
                                else f"{at[:10]} {at[11:19]}.{(plain[1] or '').ljust(6, '0')}"
                            )
                            append(
                                MessageRecord(role, text, moment, author, ident, internal, at_text)
                            )
                            continue
                        if at_zone is None:
                            moment = moment.replace(tzinfo=zone)
                        append(
                            MessageRecord(
                                role, text, moment.astimezone(UTC), author, ident, internal
                            )
                        )
                        continue
        append(_message(reader, item, i))
    return messages


def parse_conversation(
    data: Any, reader: RecordReader, options: ImportOptions
) -> ConversationRecord:
    """Check one native conversation object and turn it into a record."""
    if not isinstance(data, dict):
        raise reader.fail("", "each line must be a JSON object (a conversation)")
    if not data.keys() <= _CONVERSATION_KEY_SET:
        _check_keys(reader, data, CONVERSATION_KEYS, "")
    messages_data = data.get("messages")
    if not isinstance(messages_data, list):
        raise reader.fail("messages", "missing (a list of messages)")
    messages = _messages(reader, messages_data)
    fields = data.get("fields") or {}
    if not isinstance(fields, dict):
        raise reader.fail("fields", "must be an object")
    customer = _person(reader, data.get("customer"), "customer")
    return ConversationRecord(
        source=reader.text(data.get("source"), "source") or options.source or NAME,
        external_id=reader.ident(data.get("id"), "id"),
        messages=messages,
        channel=(reader.text(data.get("channel"), "channel") or "").strip().lower() or None,
        subject=reader.text(data.get("subject"), "subject"),
        started_at=reader.timestamp(data.get("started_at"), "started_at"),
        ended_at=reader.timestamp(data.get("ended_at"), "ended_at"),
        agent=_person(reader, data.get("agent"), "agent"),
        team=reader.text(data.get("team"), "team"),
        customer=customer,
        csat=reader.number(data.get("csat"), "csat"),
        tags=reader.tags(data.get("tags"), "tags"),
        language=reader.text(data.get("language"), "language"),
        fields=fields,
        location=reader.location,
    )
