"""Zendesk Support: tickets as the Tickets API or the incremental export return them.

A file holds tickets as ``{"tickets": [...]}`` (an API page or a whole export), a single
``{"ticket": {...}}``, a list, or one ticket (or one page) per line. A ticket may carry its
comments (``"comments": [...]``, as ``GET /tickets/{id}/comments`` gives them); without them its
``description`` is its only message. Users (``"users": [...]``, as ``include=users`` sideloads them)
and groups (``"groups": [...]``) tell who wrote each comment and name the team; they may stand in
the tickets file, before or after the tickets, or in files of their own. Comments may also come in
files of their own (``{"comments": [...]}`` per ticket): each comment's ``ticket_id``, a
``ticket_id`` beside the list, or else the last number in the file's name (``comments_123.json``)
says whose they are. Files of users, groups or comments only are read first, when they are named
with the tickets files in one import (:func:`gather`); each tickets file is then one transaction.

A comment's author is the customer when it is the ticket's requester or a user with role
``end-user``, and the agent when the user's role is ``agent`` or ``admin``; without users, anyone
but the requester counts as the agent. ``public: false`` marks an internal note. The text is
``plain_body``, else ``body``, else ``html_body`` reduced to text. The agent is the assignee (else the
last agent who replied publicly), the team the ticket's group, the channel ``via.channel``, and
CSAT ``satisfaction_rating.score`` (``good`` → 5, ``bad`` → 1, ``offered``/``unoffered`` → none). Every
other ticket field (status, priority, ``custom_fields``, ``via``, ``satisfaction_rating``, …) is kept
in the conversation's ``fields``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, closing
from dataclasses import dataclass, field
from typing import Any

from qa_desk.errors import InputError, Problem
from qa_desk.ingest import csat
from qa_desk.ingest.fields import utc_moment
from qa_desk.ingest.helpdesk import (
    Fields,
    Parser,
    Staging,
    channel_name,
    gathered,
    json_with,
    leftover,
    mentions,
    number_in_name,
    person,
    stream,
)
from qa_desk.ingest.html_text import html_to_text
from qa_desk.ingest.json_stream import REST, Element
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.records import ConversationRecord, MessageRecord, PersonRecord
from qa_desk.ingest.source import SourceFile

NAME = "zendesk"
FINGERPRINT_VERSION = 1
WRAPPERS = ("tickets", "ticket", "users", "user", "groups", "group", "comments")
_KINDS = {"tickets": "ticket", "ticket": "ticket", "users": "user", "user": "user",
          "groups": "group", "group": "group", "comments": "comment", REST: "rest"}  # fmt: skip
CONSUMED = frozenset(
    ("id", "subject", "created_at", "tags", "comments", "requester_id", "assignee_id", "group_id",
     "description")
)  # fmt: skip
"""Ticket fields the conversation holds elsewhere; all others go to its ``fields``."""
_SIGNS = re.compile(
    rb'"(?:requester_id|assignee_id|submitter_id|plain_body|html_body|author_id)"\s*:'
    rb'|"role"\s*:\s*"(?:end-user|agent|admin)"'
)
_SIDELOADS = (b'"users"', b'"groups"', b'"role"')
_MESSAGES = re.compile(rb'"messages"\s*:')
"""Conversations with a ``messages`` list (QA Desk's own, and others) are no Zendesk export, even
where a message's ``"role": "agent"`` looks like a Zendesk user's."""

_UTC = ImportOptions().zone
User = tuple[str | None, str | None, str | None]
"""A user as comments need them: (role, name, e-mail)."""


def detect(head: bytes, filename: str) -> bool:
    """JSON whose start has names only Zendesk tickets, comments or users have."""
    return json_with(head, _SIGNS) and _MESSAGES.search(head) is None


@dataclass
class Context:
    """Users, groups and comments read from other files of the same import."""

    users: dict[str, User] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    comments: Staging = field(default_factory=Staging)


def _kind(element: Element) -> str:
    if element.key is not None:
        return _KINDS[element.key]
    value = element.value
    if type(value) is dict and "subject" not in value and "requester_id" not in value:
        if "role" in value:
            return "user"
        if "author_id" in value or "plain_body" in value or "html_body" in value:
            return "comment"
    return "ticket"


def _add_user(users: dict[str, User], source: SourceFile, element: Element) -> None:
    f = Fields(f"{source.name}:{element.line}", element.label, _UTC)
    data = f.record(element.value, "a user")
    role = f.text(data.get("role"), "role")
    users[f.ident(data.get("id"), "id")] = (
        role.strip().lower() if role else None,
        f.text(data.get("name"), "name"),
        f.text(data.get("email"), "email"),
    )


def _add_group(groups: dict[str, str], source: SourceFile, element: Element) -> None:
    f = Fields(f"{source.name}:{element.line}", element.label, _UTC)
    data = f.record(element.value, "a group")
    name = f.text(data.get("name"), "name")
    if name and name.strip():
        groups[f.ident(data.get("id"), "id")] = name.strip()


def gather(
    sources: Sequence[SourceFile], options: ImportOptions
) -> AbstractContextManager[tuple[ImportOptions, dict[str, str]]]:
    """Read the users, groups and comments of every file up to its first ticket; files without
    tickets are companions (what they hold is returned by name). Yields the options to read the
    tickets files with (the gathered context in ``extra``) and the companions."""
    context = Context()
    return gathered(sources, options, NAME, context, _gather_file, context.comments)


def _gather_file(context: Context, group: int, source: SourceFile) -> str | None:
    found: dict[str, int] = {}
    ticket_id = None
    with closing(stream(source, WRAPPERS)) as items:
        for element in items:
            kind = _kind(element)
            if kind == "ticket":
                return None
            found[kind] = found.get(kind, 0) + 1
            if kind == "user":
                _add_user(context.users, source, element)
            elif kind == "group":
                _add_group(context.groups, source, element)
            elif kind == "comment":
                value = element.value
                owner = value.get("ticket_id") if type(value) is dict else None
                key = None if owner is None else str(owner)
                context.comments.add(group, key, f"{source.name}:{element.line}", element)
            elif type(element.value) is dict and element.value.get("ticket_id") is not None:
                ticket_id = str(element.value["ticket_id"])
    if context.comments.unkeyed(group):
        ticket_id = ticket_id or number_in_name(source.path)
        if ticket_id is None:
            raise InputError(
                Problem(
                    source.name,
                    "comments",
                    "cannot tell which ticket these comments belong to: give each a ticket_id, "
                    "or name the file after the ticket (comments_12345.json)",
                )
            )
        context.comments.assign(group, ticket_id)
    held = [f"{found[k]:,} {k}s" for k in ("user", "group", "comment") if found.get(k)]
    return f"Zendesk {', '.join(held)}" if held else None


def read(source: SourceFile, options: ImportOptions) -> Iterator[ConversationRecord]:
    """Yield one record per ticket; :class:`InputError` at the first bad one."""
    context = options.extra.get(NAME)
    context = context if isinstance(context, Context) else None
    users: dict[str, User] = dict(context.users) if context else {}
    groups: dict[str, str] = dict(context.groups) if context else {}
    if mentions(source, _SIDELOADS):  # users or groups may follow the tickets: read them first
        for element in stream(source, WRAPPERS):
            kind = _kind(element)
            if kind == "user":
                _add_user(users, source, element)
            elif kind == "group":
                _add_group(groups, source, element)
    tickets = _Tickets(source, options, users, groups, context.comments if context else None)
    count = others = 0
    for element in stream(source, WRAPPERS):
        kind = _kind(element)
        if kind == "ticket":
            count += 1
            yield tickets.ticket(element)
        elif kind == "comment":
            raise InputError(
                Problem(
                    f"{source.name}:{element.line}",
                    element.label,
                    "a comment outside a ticket: give comments inside their ticket "
                    '("comments": [...]) or in a file of their own imported with the tickets',
                )
            )
        elif kind != "rest":
            others += 1
    if not count and others:
        raise InputError(
            Problem(
                source.name,
                "",
                "holds Zendesk users or groups but no tickets: import it together with the "
                "tickets files it belongs to (qa-desk import tickets.json users.json)",
            )
        )


class _Tickets(Parser):
    """Turns Zendesk tickets into records."""

    def __init__(
        self,
        source: SourceFile,
        options: ImportOptions,
        users: dict[str, User],
        groups: dict[str, str],
        staged: Staging | None,
    ):
        super().__init__(source, options, NAME, FINGERPRINT_VERSION)
        self.users = users
        self.groups = groups
        self.staged = staged
        self.last_agent: str | None = None  # of the ticket being read: its last public reply's

    def ticket(self, element: Element) -> ConversationRecord:
        f = Fields.of(self.source, element, self.options)
        data = f.record(element.value, "a ticket")
        ident = f.ident(data.get("id"), "id")
        requester = f.optional_id(data.get("requester_id"), "requester_id")
        assignee = f.optional_id(data.get("assignee_id"), "assignee_id")
        group = f.optional_id(data.get("group_id"), "group_id")
        users = self.users
        shaped_by: dict[Any, Any] = {0: users.get(requester or ""), 1: users.get(assignee or "")}
        self.last_agent = None
        comments = data.get("comments")
        messages: list[MessageRecord] = []
        if comments is None and self.staged is not None and self.staged.count:
            staged = self.staged.take(ident)
            for location, label, item in staged:
                where = Fields(location, label, f.zone)
                messages.append(self.comment(where, "", (), item, requester, shaped_by))
            shaped_by[2] = [item for _, _, item in staged]
        else:
            messages = self.comments(f, f.items(comments, "comments"), requester, shaped_by)
        created = f.timestamp(data.get("created_at"), "created_at")
        if not messages:
            messages = self._description(f, data, requester, created, shaped_by)
        via = f.obj(data.get("via"), "via")
        agent = self._agent(assignee)
        team = None
        if group is not None:
            team = self.groups.get(group) or f"{self.name} group {group}"
            shaped_by[3] = team
        requester_user = users.get(requester or "")
        return ConversationRecord(
            source=self.name,
            external_id=ident,
            messages=messages,
            channel=channel_name(via.get("channel")),
            subject=f.text(data.get("subject"), "subject"),
            started_at=created,
            agent=agent,
            team=team,
            customer=person(
                self.name,
                requester,
                requester_user[1] if requester_user else None,
                requester_user[2] if requester_user else None,
            ),
            csat=self._csat(f, data.get("satisfaction_rating")),
            tags=f.tags(data.get("tags"), "tags"),
            fields=leftover(data, CONSUMED),
            location=f.location,
            fingerprint=self.fingerprints.of(element.raw, shaped_by),
        )

    def comments(
        self, f: Fields, items: list[Any], requester: str | None, shaped_by: dict[Any, Any]
    ) -> list[MessageRecord]:
        """The messages of a ticket's ``comments``.

        This loop runs for every message imported, so a comment written the usual way (author and
        id numbers, ``public`` true or false, ``plain_body`` text, a ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z``
        time) is taken with a few type checks that accept exactly what :meth:`comment` accepts and
        give the same record; anything else goes through :meth:`comment`, which decides and names
        the problem.
        """
        messages: list[MessageRecord] = []
        append, user_of, moment_of = messages.append, self.users.get, utc_moment
        for i, item in enumerate(items):
            if type(item) is dict:
                get = item.get
                author, public, text, ident = (
                    get("author_id"), get("public"), get("plain_body"), get("id"),
                )  # fmt: skip
                if (
                    type(author) is int
                    and (public is True or public is False)
                    and type(text) is str
                    and type(ident) is int
                    and (at := moment_of(get("created_at"))) is not None
                ):
                    author = str(author)
                    user = user_of(author)
                    if user is not None:
                        shaped_by[author] = user
                    if author == requester or (user is not None and user[0] == "end-user"):
                        role = "customer"
                    else:
                        role = "agent"
                        if public:
                            self.last_agent = author
                    name = (user[1] or user[2]) if user is not None else None
                    append(
                        MessageRecord(
                            role, text, at[0], name or author, str(ident), not public, at[1]
                        )
                    )
                    continue
            append(self.comment(f, "comments[%d].", (i,), item, requester, shaped_by))
        return messages

    def comment(
        self,
        f: Fields,
        path: str,
        index: tuple[int, ...],
        data: Any,
        requester: str | None,
        shaped_by: dict[Any, Any],
    ) -> MessageRecord:
        if type(data) is not dict:
            raise f.fail(path, "must be an object (a comment)", *index)
        get = data.get
        author = get("author_id")
        if type(author) is int:
            author = str(author)
        elif author is not None:
            author = f.optional_id(author, path + "author_id", *index)
        user = self.users.get(author) if author is not None else None
        if user is not None:
            shaped_by[author] = user
        if author is None:
            role = "system"
        elif author == requester or (user is not None and user[0] == "end-user"):
            role = "customer"
        else:
            role = "agent"
        public = get("public")
        internal = public is False or (
            public is not None
            and public is not True
            and not f.flag(public, path + "public", *index)
        )
        if role == "agent" and not internal:
            self.last_agent = author
        text = get("plain_body")
        if text is None:
            text = get("body")
            if text is None and get("html_body") is not None:
                html = f.text(get("html_body"), path + "html_body", *index) or ""
                text = html_to_text(html)
        if type(text) is not str:
            text = f.text(text, path + "body", *index) or ""
        at = get("created_at")
        at, at_text = utc_moment(at) or (f.timestamp(at, path + "created_at", *index), None)
        ident = get("id")
        return MessageRecord(
            role,
            text,
            at,
            (user[1] or user[2] if user else None) or author,
            str(ident) if type(ident) is int else f.optional_id(ident, path + "id", *index),
            internal,
            at_text,
        )

    def _description(
        self,
        f: Fields,
        data: dict[str, Any],
        requester: str | None,
        created: Any,
        shaped_by: dict[Any, Any],
    ) -> list[MessageRecord]:
        text = f.text(data.get("description"), "description")
        if not text:
            return []
        submitter = f.optional_id(data.get("submitter_id"), "submitter_id")
        role = "customer" if submitter in (None, requester) else "agent"
        user = self.users.get((submitter if role == "agent" else requester) or "")
        shaped_by[4] = user
        author = (user[1] or user[2] if user else None) or submitter or requester
        return [MessageRecord(role, text, created, author)]

    def _agent(self, assignee: str | None) -> PersonRecord | None:
        assignee = assignee or self.last_agent
        if assignee is None:
            return None
        user = self.users.get(assignee)
        return person(self.name, assignee, user[1] if user else None, user[2] if user else None)

    def _csat(self, f: Fields, rating: Any) -> float | None:
        score = rating.get("score") if type(rating) is dict else rating
        try:
            return csat.normalise(score)
        except csat.RatingError as error:
            field_name = (
                "satisfaction_rating.score" if type(rating) is dict else "satisfaction_rating"
            )
            raise f.fail(field_name, str(error)) from None
