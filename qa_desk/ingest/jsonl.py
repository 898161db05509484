"""QA Desk's native format: JSON Lines, one conversation per line (documented in the README)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from difflib import get_close_matches
from typing import Any

from qa_desk.ingest.fields import RecordReader
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


def detect(head: bytes, filename: str) -> bool:
    """A JSON object per line that has ``messages`` (what :func:`read` takes)."""
    first = head.lstrip().split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    try:
        data = json.loads(first)
    except ValueError:
        return False
    return isinstance(data, dict) and "messages" in data and "id" in data


def read(source: SourceFile, options: ImportOptions) -> Iterator[ConversationRecord]:
    """Yield one record per non-empty line; raise :class:`InputError` at the first bad one."""
    with source.open_binary() as binary:
        line_number = 0
        for raw in binary:
            line_number += 1
            if not raw.strip():
                continue
            location = f"{source.name}:{line_number}"
            try:
                text = raw.decode("utf-8-sig" if line_number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                raise decode_error(source, line_number, error) from None
            reader = RecordReader(location, options.zone)
            try:
                data = json.loads(text)
            except json.JSONDecodeError as error:
                raise reader.fail(
                    "", f"not valid JSON ({error.msg} at column {error.colno})"
                ) from None
            yield parse_conversation(data, reader, options)


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
    _check_keys(reader, value, PERSON_KEYS, f"{field}.")
    person = PersonRecord(
        id=reader.text(value.get("id"), f"{field}.id"),
        name=reader.text(value.get("name"), f"{field}.name"),
        email=reader.text(value.get("email"), f"{field}.email"),
    )
    return person if person.label else None


def parse_conversation(
    data: Any, reader: RecordReader, options: ImportOptions
) -> ConversationRecord:
    """Check one native conversation object and turn it into a record."""
    if not isinstance(data, dict):
        raise reader.fail("", "each line must be a JSON object (a conversation)")
    _check_keys(reader, data, CONVERSATION_KEYS, "")
    messages_data = data.get("messages")
    if not isinstance(messages_data, list):
        raise reader.fail("messages", "missing (a list of messages)")
    messages = []
    for i, item in enumerate(messages_data):
        field = f"messages[{i}]"
        if not isinstance(item, dict):
            raise reader.fail(field, "must be an object with role, text, at")
        _check_keys(reader, item, MESSAGE_KEYS, f"{field}.")
        text = item.get("text")
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise reader.fail(f"{field}.text", f"must be text, not {type(text).__name__}")
        messages.append(
            MessageRecord(
                role=reader.role(item.get("role"), f"{field}.role"),
                text=text,
                at=reader.timestamp(item.get("at"), f"{field}.at"),
                author=reader.text(item.get("author"), f"{field}.author"),
                external_id=reader.text(item.get("id"), f"{field}.id"),
                internal=reader.flag(item.get("internal"), f"{field}.internal"),
            )
        )
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
