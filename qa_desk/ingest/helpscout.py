"""Help Scout: conversations as the Mailbox API 2.0 returns them with ``embed=threads``.

A file holds ``{"_embedded": {"conversations": [...]}}`` (a list page, or a whole export),
``{"conversations": [...]}``, a list, a single conversation, or one conversation per line. Each
conversation's messages are its ``_embedded.threads``: ``customer`` threads are the customer's,
``message`` threads the agent's replies, ``note`` threads internal notes, ``lineitem`` threads
system events (their ``action.text``); ``chat`` and ``phone`` threads belong to whoever
``createdBy`` names (``customer`` or ``user``, an agent); forwards are internal. ``body`` is HTML,
reduced to text; drafts are left out. Help Scout lists threads newest first: messages are put in
time order.

The agent is ``assignee``, the customer ``primaryCustomer`` (or ``customer``), the channel the
conversation's ``type`` (email, chat, phone; else ``source.type``), tags ``tags[].tag``. Every other
field (``number``, ``status``, ``mailboxId``, ``customFields``, ``source``, ``closedAt``, …) is kept in
the conversation's ``fields``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from qa_desk.ingest.helpdesk import (
    Fields,
    Parser,
    channel_name,
    full_name,
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

NAME = "helpscout"
FINGERPRINT_VERSION = 1
WRAPPERS = ("conversations", "_embedded.conversations")
THREAD_ROLES = {"customer": "customer", "message": "agent", "note": "agent", "reply": "agent",
                "lineitem": "system", "forwardparent": "agent", "forwardchild": "agent"}  # fmt: skip
"""Thread types and the role of their author; other types (chat, phone) follow ``createdBy``."""
INTERNAL = frozenset(("note", "forwardparent", "forwardchild"))
CONSUMED = frozenset(
    ("id", "subject", "createdAt", "assignee", "owner", "primaryCustomer", "customer",
     "tags", "_embedded")
)  # fmt: skip
_SIGNS = re.compile(
    rb'"(?:mailboxId|primaryCustomer|customerWaitingSince|userUpdatedAt|closedByUser)"\s*:'
    rb'|"_embedded"\s*:\s*\{\s*"(?:threads|conversations)"'
)


def detect(head: bytes, filename: str) -> bool:
    """JSON whose start has names only Help Scout conversations have."""
    return json_with(head, _SIGNS)


def read(source: SourceFile, options: ImportOptions) -> Iterator[ConversationRecord]:
    """Yield one record per conversation; :class:`InputError` at the first bad one."""
    return records(source, WRAPPERS, _Conversations(source, options).conversation)


class _Conversations(Parser):
    def __init__(self, source: SourceFile, options: ImportOptions):
        super().__init__(source, options, NAME, FINGERPRINT_VERSION)
        self.people: dict[tuple[Any, ...], PersonRecord | None] = {}

    def someone(self, f: Fields, value: Any, field: str, *index: int) -> PersonRecord | None:
        """A person as Help Scout writes one (remembered: the same people write many threads)."""
        data = f.obj(value, field, *index)
        if not data:
            return None
        get = data.get
        try:
            key = (get("id"), get("first"), get("last"), get("name"), get("email"))
            if key in self.people:
                return self.people[key]
        except TypeError:  # a list or an object where text belongs: checked below
            key = None
        ident = f.optional_id(get("id"), field + ".id", *index)
        found = person(
            self.name, ident, full_name(get("first"), get("last")) or get("name"), get("email")
        )
        if key is not None and len(self.people) < 100_000:
            self.people[key] = found
        return found

    def conversation(self, element: Element) -> ConversationRecord:
        f = Fields.of(self.source, element, self.options)
        data = f.record(element.value, "a conversation")
        ident = f.ident(data.get("id"), "id")
        embedded = f.obj(data.get("_embedded"), "_embedded")
        threads = f.items(embedded.get("threads"), "_embedded.threads")
        messages = [
            message
            for i, item in enumerate(threads)
            if (message := self.thread(f, i, item)) is not None
        ]
        if all(m.at is not None for m in messages):
            messages.sort(key=lambda m: m.at)  # type: ignore[arg-type,return-value]
        source_data = f.obj(data.get("source"), "source")
        channel = channel_name(data.get("type")) or channel_name(source_data.get("type"))
        fields = leftover(data, CONSUMED)
        if set(embedded) - {"threads"}:
            fields["_embedded"] = {k: v for k, v in embedded.items() if k != "threads"}
        customer_field = "primaryCustomer" if "primaryCustomer" in data else "customer"
        return ConversationRecord(
            source=self.name,
            external_id=ident,
            messages=messages,
            channel=channel,
            subject=f.text(data.get("subject"), "subject"),
            started_at=f.timestamp(data.get("createdAt"), "createdAt"),
            agent=self.someone(f, data.get("assignee") or data.get("owner"), "assignee"),
            customer=self.someone(f, data.get(customer_field), customer_field),
            tags=self._tags(f, data.get("tags")),
            fields=fields,
            location=f.location,
            fingerprint=self.fingerprints.of(element.raw),
        )

    def thread(self, f: Fields, i: int, data: Any) -> MessageRecord | None:
        path = "_embedded.threads[%d]."
        if type(data) is not dict:
            raise f.fail(path, "must be an object (a thread)", i)
        kind = (f.text(data.get("type"), path + "type", i) or "").strip().lower()
        state = f.text(data.get("state"), path + "state", i)
        if state and state.strip().lower() in ("draft", "hidden"):
            return None
        author = self.someone(f, data.get("createdBy"), path + "createdBy", i)
        creator = data.get("createdBy")  # an object or null: someone() said so
        created_by = creator.get("type") if type(creator) is dict else None
        role = THREAD_ROLES.get(kind)
        if role is None:
            role = "customer" if created_by == "customer" else "agent" if created_by else "system"
        body = data.get("body")
        if type(body) is not str:
            body = f.text(body, path + "body", i)
        text = html_to_text(body) if body else ""
        if not text and kind == "lineitem":
            action = f.obj(data.get("action"), path + "action", i)
            text = f.text(action.get("text"), path + "action.text", i) or ""
        at, at_text = f.moment(data.get("createdAt"), path + "createdAt", i)
        return MessageRecord(
            role,
            text,
            at,
            (author.name or author.email or author.id) if author else None,
            f.optional_id(data.get("id"), path + "id", i),
            kind in INTERNAL,
            at_text,
        )

    def _tags(self, f: Fields, value: Any) -> list[str]:
        names = []
        for i, tag in enumerate(f.items(value, "tags")):
            name = f.obj(tag, "tags[%d]", i).get("tag") if type(tag) is not str else tag
            text = f.text(name, "tags[%d].tag", i)
            if text and text.strip():
                names.append(text.strip())
        return names
