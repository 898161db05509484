"""Zendesk QA (formerly Klaus): its conversation import format.

The file is what Zendesk QA's import API takes, ``{"data": [ticket, ...]}``, or a list of tickets,
or one ticket per line. A ticket has ``id``, ``subject``, ``created``/``updated``/``closed``,
``status``, ``assigneeName``/``assigneeEmail`` (the agent), ``customerName``/``customerEmail``,
``channel``, ``satisfactionScore``, ``tags``, ``ticketFields[].values[]`` and ``comments[]``. A
comment written by someone with ``authorIsNotClient: true`` is the agent's (when the flag is
missing: the assignee's are), others the customer's; ``public: false`` marks an internal note; the
text (``comment``) is Markdown, kept as written, or HTML, reduced to text. A ticket without
comments has its ``description`` as its only message. Times without a zone
(``yyyy-mm-ddThh:mm:ss``, as the format asks) are read in the import's time zone.

``satisfactionScore`` is read on the scale ``options.extra["csat_scale"]`` gives (e.g. ``(1, 10)``),
else guessed from the number (up to 5: 1–5, up to 10: 1–10, else a percentage) and kept as written
in ``fields``. Call details of comments (``callDuration``, ``callDirection``, ``recordingUrl``) are
kept in ``fields["calls"]``, and a ticket with calls and no channel is a phone conversation. Every
other ticket field is kept in ``fields``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from qa_desk.ingest import csat
from qa_desk.ingest.fields import PLAIN_UTC as _PLAIN_UTC
from qa_desk.ingest.helpdesk import (
    Fields,
    Parser,
    channel_name,
    json_with,
    leftover,
    person,
    records,
)
from qa_desk.ingest.html_text import html_to_text, looks_like_html
from qa_desk.ingest.json_stream import Element
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.records import ConversationRecord, MessageRecord
from qa_desk.ingest.source import SourceFile

NAME = "zendesk_qa"
FINGERPRINT_VERSION = 1
WRAPPERS = ("data",)
CALL_FIELDS = ("callDuration", "callDirection", "recordingUrl")
CONSUMED = frozenset(
    ("id", "subject", "created", "assigneeEmail", "assigneeName", "customerName", "customerEmail",
     "channel", "tags", "comments", "description")
)  # fmt: skip
_PLAIN_KEYS = frozenset(
    ("id", "authorName", "authorEmail", "authorIsNotClient", "public", "comment", "created")
)
"""The members of a comment without call details: such a comment may take the quick way."""
_from_iso = datetime.fromisoformat
_SIGNS = re.compile(
    rb'"(?:authorIsNotClient|assigneeEmail|assigneeName|customerEmail|customerName|ticketFields'
    rb'|satisfactionScore|authorEmail)"\s*:'
)


def detect(head: bytes, filename: str) -> bool:
    """JSON whose start has names only Zendesk QA's import format has."""
    return json_with(head, _SIGNS)


def read(source: SourceFile, options: ImportOptions) -> Iterator[ConversationRecord]:
    """Yield one record per ticket; :class:`InputError` at the first bad one."""
    return records(source, WRAPPERS, _Tickets(source, options).ticket)


class _Tickets(Parser):
    def __init__(self, source: SourceFile, options: ImportOptions):
        super().__init__(source, options, NAME, FINGERPRINT_VERSION)
        scale = options.extra.get("csat_scale")
        self.scale = tuple(scale) if isinstance(scale, tuple | list) and len(scale) == 2 else None

    def ticket(self, element: Element) -> ConversationRecord:
        f = Fields.of(self.source, element, self.options)
        data = f.record(element.value, "a ticket")
        ident = f.ident(data.get("id"), "id")
        agent = person(self.name, None, data.get("assigneeName"), data.get("assigneeEmail"))
        customer = person(self.name, None, data.get("customerName"), data.get("customerEmail"))
        assignee_email = (agent.email or "").casefold() if agent else ""
        created = f.timestamp(data.get("created"), "created")
        calls: list[dict[str, Any]] = []
        messages = self.comments(
            f, f.items(data.get("comments"), "comments"), assignee_email, calls
        )
        if not messages:
            text = f.text(data.get("description"), "description")
            if text and text.strip():
                body = html_to_text(text) if looks_like_html(text) else text.strip()
                label = (customer.name or customer.email) if customer else None
                messages.append(MessageRecord("customer", body, created, label))
        fields = leftover(data, CONSUMED)
        if calls:
            fields["calls"] = calls
        channel = channel_name(f.text(data.get("channel"), "channel"))
        return ConversationRecord(
            source=self.name,
            external_id=ident,
            messages=messages,
            channel=channel or ("phone" if calls else None),
            subject=f.text(data.get("subject"), "subject"),
            started_at=created,
            agent=agent,
            customer=customer,
            csat=self._csat(f, data.get("satisfactionScore")),
            tags=f.tags(data.get("tags"), "tags"),
            fields=fields,
            location=f.location,
            fingerprint=self.fingerprints.of(element.raw, self.scale),
        )

    def comments(
        self, f: Fields, items: list[Any], assignee_email: str, calls: list[dict[str, Any]]
    ) -> list[MessageRecord]:
        """The messages of one ticket.

        This loop runs for every message imported, so a comment written the usual way (no call
        details, author, text and id as text, the flags true or false or left out, plain text, a
        ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z`` time) is taken with a few type checks that accept exactly
        what :meth:`comment` accepts and give the same record; anything else goes through
        :meth:`comment`, which decides and names the problem.
        """
        messages: list[MessageRecord] = []
        append = messages.append
        plain_keys, plain_utc, from_iso = _PLAIN_KEYS, _PLAIN_UTC, _from_iso
        for i, item in enumerate(items):
            if type(item) is dict and item.keys() <= plain_keys:
                get = item.get
                email = get("authorEmail")
                flag = get("authorIsNotClient")
                public = get("public", True)
                text = get("comment")
                ident = get("id")
                name = get("authorName")
                at = get("created")
                if (
                    (email is None or type(email) is str)
                    and (public is True or public is False)
                    and type(text) is str
                    and "<" not in text
                    and (ident is None or type(ident) is str)
                    and (name is None or type(name) is str)
                    and type(at) is str
                    and at[-1:] == "Z"
                ):
                    if flag is None:
                        is_agent = bool(email) and email.strip().casefold() == assignee_email
                    elif flag is True or flag is False:
                        is_agent = flag
                    else:
                        append(self.comment(f, i, item, assignee_email, calls))
                        continue
                    plain = plain_utc(at)
                    if plain is not None:
                        try:
                            moment = from_iso(at)
                        except ValueError:  # a date that does not exist: comment() says so
                            pass
                        else:
                            append(
                                MessageRecord(
                                    "agent" if is_agent else "customer",
                                    text,
                                    moment,
                                    (name.strip() if name else None) or email,
                                    (ident.strip() or None) if ident is not None else None,
                                    not public,
                                    f"{at[:10]} {at[11:19]}.{(plain[1] or '').ljust(6, '0')}",
                                )
                            )
                            continue
            append(self.comment(f, i, item, assignee_email, calls))
        return messages

    def comment(
        self, f: Fields, i: int, data: Any, assignee_email: str, calls: list[dict[str, Any]]
    ) -> MessageRecord:
        path = "comments[%d]."
        if type(data) is not dict:
            raise f.fail(path, "must be an object (a comment)", i)
        get = data.get
        email = f.text(get("authorEmail"), path + "authorEmail", i)
        flag = get("authorIsNotClient")
        if flag is None:
            is_agent = bool(email) and email.strip().casefold() == assignee_email
        else:
            is_agent = f.flag(flag, path + "authorIsNotClient", i)
        public = get("public")
        internal = public is not None and not f.flag(public, path + "public", i)
        text = f.text(get("comment"), path + "comment", i) or ""
        if looks_like_html(text):
            text = html_to_text(text)
        ident = f.optional_id(get("id"), path + "id", i)
        call = {key: get(key) for key in CALL_FIELDS if get(key) is not None}
        if call:
            calls.append({"comment": ident, **call})
        name = f.text(get("authorName"), path + "authorName", i)
        at, at_text = f.moment(get("created"), path + "created", i)
        return MessageRecord(
            "agent" if is_agent else "customer",
            text,
            at,
            (name.strip() if name and name.strip() else None) or email,
            ident,
            internal,
            at_text,
        )

    def _csat(self, f: Fields, value: Any) -> float | None:
        try:
            return csat.normalise(value, self.scale)  # type: ignore[arg-type]
        except csat.RatingError as error:
            raise f.fail("satisfactionScore", str(error)) from None
