"""Intercom: conversations as the Conversations API returns them.

A file holds ``{"conversations": [...]}`` (a list or search page, or a whole export), a list, a
single conversation (``GET /conversations/{id}``), or one conversation per line. The first message
is the conversation's ``source`` (``body`` in HTML, ``author``, ``delivered_as``; its ``type`` is the
channel, ``conversation`` meaning the Messenger, i.e. chat); the others are
``conversation_parts.conversation_parts``. An author typed ``user``, ``lead`` or ``contact`` is the
customer, ``admin`` (or ``team``) the agent, ``bot`` a bot; a part of type ``note`` is an internal
note; a part without a body (an assignment, a state change, an action) is a system event, worded
from its ``part_type``. Times are unix seconds (ISO 8601 is read too).

The agent is ``admin_assignee_id`` (named from the admin's own messages when they wrote any), else
the last admin who replied publicly; the team is ``team_assignee_id``; the customer is the first
contact who wrote, else the conversation's first contact; tags are ``tags.tags[].name``; CSAT is
``conversation_rating.rating`` (1–5). Every other field (``state``, ``priority``,
``conversation_rating`` with its ``remark``, ``custom_attributes``, ``statistics``, the ``source``
without its body, …) is kept in the conversation's ``fields``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from qa_desk.ingest import csat
from qa_desk.ingest.helpdesk import (
    Fields,
    Parser,
    channel_name,
    json_with,
    leftover,
    person,
    records,
)
from qa_desk.ingest.html_text import html_to_text
from qa_desk.ingest.json_stream import Element
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.records import ConversationRecord, MessageRecord, PersonRecord
from qa_desk.ingest.source import SourceFile

NAME = "intercom"
FINGERPRINT_VERSION = 1
WRAPPERS = ("conversations",)
ROLES = {"user": "customer", "lead": "customer", "contact": "customer", "admin": "agent",
         "team": "agent", "bot": "bot"}  # fmt: skip
"""Author types and the role of what they write; any other type writes system events."""
NOTES = frozenset(("note", "note_and_reopen"))
MESSAGES = NOTES | {"comment"}
"""Part types that are messages even when empty (e.g. only an attachment)."""
CONSUMED = frozenset(
    ("id", "created_at", "source", "conversation_parts", "tags", "admin_assignee_id",
     "team_assignee_id", "title")
)  # fmt: skip
_SIGNS = re.compile(
    rb'"(?:conversation_parts|admin_assignee_id|team_assignee_id)"\s*:'
    rb'|"type"\s*:\s*"conversation(?:\.list)?"'
)


def detect(head: bytes, filename: str) -> bool:
    """JSON whose start has names only Intercom conversations have."""
    return json_with(head, _SIGNS)


def read(source: SourceFile, options: ImportOptions) -> Iterator[ConversationRecord]:
    """Yield one record per conversation; :class:`InputError` at the first bad one."""
    return records(source, WRAPPERS, _Conversations(source, options).conversation)


class _Conversations(Parser):
    def __init__(self, source: SourceFile, options: ImportOptions):
        super().__init__(source, options, NAME, FINGERPRINT_VERSION)
        self.last_agent: PersonRecord | None = None  # who replied last in public, in this one
        self.authors: dict[tuple[Any, ...], tuple[str, str | None, PersonRecord | None]] = {}

    def conversation(self, element: Element) -> ConversationRecord:
        f = Fields.of(self.source, element, self.options)
        data = f.record(element.value, "a conversation")
        ident = f.ident(data.get("id"), "id")
        people: dict[str, tuple[str, PersonRecord | None]] = {}  # author id -> (role, person)
        messages: list[MessageRecord] = []
        self.last_agent = None
        first = f.obj(data.get("source"), "source")
        started = f.timestamp(data.get("created_at"), "created_at")
        if first:
            message = self.part(f, "source.", (), first, people, first=True)
            message.at = message.at or started
            messages.append(message)
        parts = f.obj(data.get("conversation_parts"), "conversation_parts")
        path = "conversation_parts.conversation_parts[%d]."
        for i, item in enumerate(f.items(parts.get("conversation_parts"), path[:-5])):
            messages.append(self.part(f, path, (i,), item, people))
        fields = leftover(data, CONSUMED)
        if first:
            fields["source"] = {k: v for k, v in first.items() if k != "body"}
        rating = data.get("conversation_rating")
        team = f.optional_id(data.get("team_assignee_id"), "team_assignee_id")
        return ConversationRecord(
            source=self.name,
            external_id=ident,
            messages=messages,
            channel=channel_name(first.get("type")),
            subject=_subject(f, first, data),
            started_at=started,
            agent=self._agent(f, data, people),
            team=f"{self.name} team {team}" if team is not None else None,
            customer=self._customer(f, data, people),
            csat=self._csat(f, rating),
            tags=self._tags(f, data.get("tags")),
            fields=fields,
            location=f.location,
            fingerprint=self.fingerprints.of(element.raw),
        )

    def part(
        self,
        f: Fields,
        path: str,
        index: tuple[int, ...],
        data: Any,
        people: dict[str, tuple[str, PersonRecord | None]],
        first: bool = False,
    ) -> MessageRecord:
        if type(data) is not dict:
            raise f.fail(path, "must be an object (a conversation part)", *index)
        role, author_id, named = self._author(f, path, index, data.get("author"))
        if author_id is not None and author_id not in people:
            people[author_id] = (role, named)
        label = named.name or named.email if named else None
        body = data.get("body")
        if type(body) is not str:
            body = f.text(body, path + "body", *index)
        text = html_to_text(body) if body else ""
        part_type = data.get("part_type")
        if type(part_type) is not str:
            part_type = f.text(part_type, path + "part_type", *index) or ""
        kind = part_type.strip().lower()
        internal = kind in NOTES
        if role == "agent" and not internal and named is not None and text.strip():
            self.last_agent = named
        if not first and kind not in MESSAGES and not text.strip():
            role = "system"
            text = part_type.replace("_", " ").capitalize() or "Event"
            if label:
                text = f"{text} ({label})"
        return MessageRecord(
            role,
            text,
            f.timestamp(data.get("created_at"), path + "created_at", *index),
            label or author_id,
            f.optional_id(data.get("id"), path + "id", *index),
            internal,
        )

    def _author(
        self, f: Fields, path: str, index: tuple[int, ...], value: Any
    ) -> tuple[str, str | None, PersonRecord | None]:
        """The role, id and person of a part's ``author`` (remembered: authors repeat)."""
        author = f.obj(value, path + "author", *index)
        get = author.get
        try:
            key = (get("type"), get("id"), get("name"), get("email"))
            known = self.authors.get(key)
        except TypeError:  # a list or an object where text belongs: checked below
            key, known = None, None
        if known is not None:
            return known
        kind = f.text(get("type"), path + "author.type", *index)
        role = ROLES.get((kind or "").strip().lower(), "system")
        author_id = f.optional_id(get("id"), path + "author.id", *index)
        found = (role, author_id, person(self.name, author_id, get("name"), get("email")))
        if key is not None and len(self.authors) < 100_000:
            self.authors[key] = found
        return found

    def _agent(
        self,
        f: Fields,
        data: dict[str, Any],
        people: dict[str, tuple[str, PersonRecord | None]],
    ) -> PersonRecord | None:
        assignee = f.optional_id(data.get("admin_assignee_id"), "admin_assignee_id")
        if assignee is None:
            return self.last_agent
        known = people.get(assignee)
        return known[1] if known and known[1] else person(self.name, assignee, None, None)

    def _customer(
        self,
        f: Fields,
        data: dict[str, Any],
        people: dict[str, tuple[str, PersonRecord | None]],
    ) -> PersonRecord | None:
        for role, named in people.values():
            if role == "customer" and named is not None:
                return named
        contacts = f.obj(data.get("contacts"), "contacts")
        listed = f.items(contacts.get("contacts"), "contacts.contacts")
        if listed and type(listed[0]) is dict:
            ident = f.optional_id(listed[0].get("id"), "contacts.contacts[0].id")
            return person(self.name, ident, listed[0].get("name"), listed[0].get("email"))
        return None

    def _tags(self, f: Fields, value: Any) -> list[str]:
        listed = f.obj(value, "tags").get("tags") if type(value) is not list else value
        names = []
        for i, tag in enumerate(f.items(listed, "tags.tags")):
            name = f.obj(tag, "tags.tags[%d]", i).get("name") if type(tag) is not str else tag
            text = f.text(name, "tags.tags[%d].name", i)
            if text and text.strip():
                names.append(text.strip())
        return names

    def _csat(self, f: Fields, rating: Any) -> float | None:
        value = rating.get("rating") if type(rating) is dict else rating
        try:
            return csat.normalise(value, (1, 5))
        except csat.RatingError as error:
            raise f.fail("conversation_rating.rating", str(error)) from None


def _subject(f: Fields, first: dict[str, Any], data: dict[str, Any]) -> str | None:
    for value, name in ((data.get("title"), "title"), (first.get("subject"), "source.subject")):
        text = f.text(value, name)
        if text and text.strip():
            return html_to_text(text) if "<" in text else text.strip()
    return None
