"""Freshdesk: tickets as API v2 returns them, with their conversations.

A file holds a list of tickets (``GET /tickets``), ``{"tickets": [...]}``, a single ticket, or one
ticket per line. A ticket's first message is its description (``description_text``, else
``description`` reduced from HTML), written by the requester (by the agent for an outbound e-mail,
``source`` 10); the others are its conversations, embedded (``include=conversations`` gives
``"conversations": [...]``) or in files of their own named with the tickets files in one import
(``GET /tickets/{id}/conversations``: each conversation's ``ticket_id`` says whose it is). Agents
(``GET /agents``: ``id`` and ``contact.name``/``contact.email``) may be given in a file too, to name
the agents. In a conversation ``incoming: true`` marks the customer, ``private: true`` an internal
note; the text is ``body_text``, else ``body`` reduced from HTML.

The agent is ``responder_id``, the team ``group_id``, the customer ``requester_id`` (named by an
embedded ``requester``), the channel the ``source`` code (1 e-mail, 2 portal, 3 phone, 7 chat, …),
tags ``tags``; a ``satisfaction_rating`` (a survey answer, 103 … -103) gives the CSAT. Every other
field (``status``, ``priority``, ``type``, ``custom_fields``, ``source``, ``due_by``, ``stats``, …) is
kept in the conversation's ``fields``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, closing
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Any

from qa_desk.errors import InputError, Problem
from qa_desk.ingest import csat
from qa_desk.ingest.fields import utc_moment
from qa_desk.ingest.helpdesk import (
    Fields,
    Parser,
    Staging,
    gathered,
    json_with,
    leftover,
    number_in_name,
    person,
    stream,
)
from qa_desk.ingest.html_text import html_to_text
from qa_desk.ingest.json_stream import REST, Element
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.records import ConversationRecord, MessageRecord
from qa_desk.ingest.source import SourceFile

NAME = "freshdesk"
FINGERPRINT_VERSION = 1
WRAPPERS = ("tickets", "ticket", "conversations", "agents")
SOURCES = {1: "email", 2: "web", 3: "phone", 4: "forum", 5: "social", 6: "social", 7: "chat",
           8: "mobile", 9: "web", 10: "email"}  # fmt: skip
"""Freshdesk's ticket source codes as channels."""
OUTBOUND = 10
CONSUMED = frozenset(
    ("id", "subject", "created_at", "responder_id", "group_id", "tags", "requester_id",
     "requester", "description", "description_text", "conversations")
)  # fmt: skip
_SIGNS = re.compile(
    rb'"(?:description_text|body_text|responder_id|fr_due_by|fr_escalated|support_email)"\s*:'
)
Someone = tuple[str | None, str | None]
"""An agent or requester as (name, e-mail)."""


def detect(head: bytes, filename: str) -> bool:
    """JSON whose start has names only Freshdesk tickets and conversations have."""
    return json_with(head, _SIGNS)


@dataclass
class Context:
    """Agents and conversations read from other files of the same import."""

    agents: dict[str, Someone] = field(default_factory=dict)
    conversations: Staging = field(default_factory=Staging)


def _kind(element: Element) -> str:
    if element.key == REST:
        return "rest"
    if element.key in ("conversations", "agents"):
        return element.key[:-1]
    value = element.value
    if element.key is None and type(value) is dict and "subject" not in value:
        if type(value.get("contact")) is dict:
            return "agent"
        if "body_text" in value or "incoming" in value:
            return "conversation"
    return "ticket"


def _add_agent(agents: dict[str, Someone], source: SourceFile, element: Element) -> None:
    f = Fields(f"{source.name}:{element.line}", element.label, _UTC)
    data = f.record(element.value, "an agent")
    contact = f.obj(data.get("contact"), "contact")
    agents[f.ident(data.get("id"), "id")] = (
        f.text(contact.get("name"), "contact.name"),
        f.text(contact.get("email"), "contact.email"),
    )


_UTC = ImportOptions().zone


def gather(
    sources: Sequence[SourceFile], options: ImportOptions
) -> AbstractContextManager[tuple[ImportOptions, dict[str, str]]]:
    """Read agents and conversations from every file up to its first ticket; files without
    tickets are companions. Yields the options for the tickets files and the companions."""
    context = Context()
    return gathered(sources, options, NAME, context, _gather_file, context.conversations)


def _gather_file(context: Context, group: int, source: SourceFile) -> str | None:
    found: dict[str, int] = {}
    with closing(stream(source, WRAPPERS)) as items:
        for element in items:
            kind = _kind(element)
            if kind == "ticket":
                return None
            found[kind] = found.get(kind, 0) + 1
            if kind == "agent":
                _add_agent(context.agents, source, element)
            elif kind == "conversation":
                value = element.value
                owner = value.get("ticket_id") if type(value) is dict else None
                key = None if owner is None else str(owner)
                context.conversations.add(group, key, f"{source.name}:{element.line}", element)
    if context.conversations.unkeyed(group):
        ticket_id = number_in_name(source.path)
        if ticket_id is None:
            raise InputError(
                Problem(
                    source.name,
                    "ticket_id",
                    "cannot tell which ticket these conversations belong to: give each its "
                    "ticket_id, or name the file after the ticket (conversations_12345.json)",
                )
            )
        context.conversations.assign(group, ticket_id)
    held = [f"{found[k]:,} {k}s" for k in ("agent", "conversation") if found.get(k)]
    return f"Freshdesk {', '.join(held)}" if held else None


def read(source: SourceFile, options: ImportOptions) -> Iterator[ConversationRecord]:
    """Yield one record per ticket; :class:`InputError` at the first bad one."""
    context = options.extra.get(NAME)
    context = context if isinstance(context, Context) else Context()
    tickets = _Tickets(source, options, context)
    count = others = 0
    for element in stream(source, WRAPPERS):
        kind = _kind(element)
        if kind == "ticket":
            count += 1
            yield tickets.ticket(element)
        elif kind != "rest":
            others += 1
    if not count and others:
        raise InputError(
            Problem(
                source.name,
                "",
                "holds Freshdesk conversations or agents but no tickets: import it together "
                "with the tickets files it belongs to (qa-desk import tickets.json agents.json)",
            )
        )


class _Tickets(Parser):
    """Turns Freshdesk tickets into records."""

    def __init__(self, source: SourceFile, options: ImportOptions, context: Context):
        super().__init__(source, options, NAME, FINGERPRINT_VERSION)
        self.context = context

    def ticket(self, element: Element) -> ConversationRecord:
        f = Fields.of(self.source, element, self.options)
        data = f.record(element.value, "a ticket")
        ident = f.ident(data.get("id"), "id")
        requester = f.optional_id(data.get("requester_id"), "requester_id")
        responder = f.optional_id(data.get("responder_id"), "responder_id")
        group = f.optional_id(data.get("group_id"), "group_id")
        embedded = f.obj(data.get("requester"), "requester")
        requester = requester or f.optional_id(embedded.get("id"), "requester.id")
        customer = person(self.name, requester, embedded.get("name"), embedded.get("email"))
        customer_label = (customer.name or customer.email) if customer else None
        created = f.timestamp(data.get("created_at"), "created_at")
        source_code = data.get("source")
        people: dict[str, Someone] = {}  # user id -> (name, e-mail) as conversations name them
        messages: list[MessageRecord] = []
        text = f.text(data.get("description_text"), "description_text")
        if text is None and data.get("description") is not None:
            text = html_to_text(f.text(data.get("description"), "description") or "")
        if text and text.strip():
            role = "agent" if source_code == OUTBOUND else "customer"
            author = responder if role == "agent" else requester
            messages.append(MessageRecord(role, text, created, customer_label or author))
        shaped_by: list[Any] = []
        conversations = data.get("conversations")
        replies: list[tuple[Fields, str, tuple[int, ...], Any]]
        if conversations is None and self.context.conversations.count:
            staged = self.context.conversations.take(ident)
            replies = [
                (Fields(where, label, f.zone), "", (), item) for where, label, item in staged
            ]
            shaped_by.append([item for _, _, item in staged])
        else:
            items = f.items(conversations, "conversations")
            replies = [(f, "conversations[%d].", (i,), item) for i, item in enumerate(items)]
        for *_, item in replies:  # agents' names from their e-mails, for notes written before
            if type(item) is dict and item.get("incoming") is not True:
                sender = item.get("from_email")
                if sender is not None:  # (None names no one)
                    _sender(people, item.get("user_id"), sender)
        for where, path, index, item in replies:
            messages.append(
                self.reply(where, path, index, item, requester, customer_label, people, shaped_by)
            )
        agent = None
        if responder is not None:
            name, email = (
                self.context.agents.get(responder) or people.get(responder) or (None, None)
            )
            shaped_by.append((name, email))
            agent = person(self.name, responder, name, email)
        return ConversationRecord(
            source=self.name,
            external_id=ident,
            messages=messages,
            channel=SOURCES.get(source_code) if type(source_code) is int else None,
            subject=f.text(data.get("subject"), "subject"),
            started_at=created,
            agent=agent,
            team=f"{self.name} group {group}" if group is not None else None,
            customer=customer,
            csat=self._csat(f, data.get("satisfaction_rating")),
            tags=f.tags(data.get("tags"), "tags"),
            fields=leftover(data, CONSUMED),
            location=f.location,
            fingerprint=self.fingerprints.of(element.raw, shaped_by),
        )

    def reply(
        self,
        f: Fields,
        path: str,
        index: tuple[int, ...],
        data: Any,
        requester: str | None,
        customer_label: str | None,
        people: dict[str, Someone],
        shaped_by: list[Any],
    ) -> MessageRecord:
        if type(data) is not dict:
            raise f.fail(path, "must be an object (a conversation)", *index)
        get = data.get
        # this runs for every message: the usual values are taken without a call
        incoming = get("incoming")
        if incoming is not True and incoming is not False:
            incoming = f.flag(incoming, path + "incoming", *index)
        private = get("private")
        if private is not True and private is not False:
            private = f.flag(private, path + "private", *index)
        user = get("user_id")
        user = str(user) if type(user) is int else f.optional_id(user, path + "user_id", *index)
        text = get("body_text")
        if text is None and get("body") is not None:
            text = html_to_text(f.text(get("body"), path + "body", *index) or "")
        if type(text) is not str:
            text = f.text(text, path + "body_text", *index) or ""
        name, email = ("", "") if incoming else _sender(people, user, get("from_email"))
        if not (name or email) and user in people:
            name, email = (part or "" for part in people[user])
        known = self.context.agents.get(user or "")
        if known is not None:
            shaped_by.append(known)
        if incoming:
            author = customer_label if user in (None, requester) else name or email or user
        else:
            author = (known[0] or known[1] if known else None) or name or email or user
        at = get("created_at")
        at, at_text = utc_moment(at) or (f.timestamp(at, path + "created_at", *index), None)
        ident = get("id")
        return MessageRecord(
            "customer" if incoming else "agent",
            text,
            at,
            author,
            str(ident) if type(ident) is int else f.optional_id(ident, path + "id", *index),
            private,
            at_text,
        )

    def _csat(self, f: Fields, rating: Any) -> float | None:
        value = rating
        if type(rating) is dict:
            ratings = rating.get("ratings")
            value = (
                ratings.get("default_question") if type(ratings) is dict else rating.get("rating")
            )
        try:
            return csat.freshdesk(value)
        except csat.RatingError as error:
            raise f.fail("satisfaction_rating", str(error)) from None


def _sender(people: dict[str, Someone], user: Any, sender: Any) -> tuple[str, str]:
    """The name and e-mail of a ``from_email`` (``Rachel <rachel@example.com>``), remembered for
    the user who sent it."""
    name, email = parseaddr(sender) if type(sender) is str else ("", "")
    if (name or email) and type(user) in (int, str):
        people.setdefault(str(user), (name or None, email or None))
    return name, email
