"""The normalized conversation every import format produces, whatever help desk it came from."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from qa_desk.errors import InputError, Problem

LIMITS = {"source": 100, "id": 200, "channel": 50, "team": 200, "language": 20, "tags": 200}
"""Longest text each conversation field may hold (the database columns' sizes)."""
PERSON_LIMITS = {"id": 200, "name": 200, "email": 320}
MESSAGE_LIMITS = {"id": 200, "author": 200}
_SOURCE, _ID, _CHANNEL = LIMITS["source"], LIMITS["id"], LIMITS["channel"]
_TEAM, _LANGUAGE, _TAG = LIMITS["team"], LIMITS["language"], LIMITS["tags"]
_PERSON_ID, _PERSON_NAME, _PERSON_EMAIL = (
    PERSON_LIMITS["id"],
    PERSON_LIMITS["name"],
    PERSON_LIMITS["email"],
)
_AUTHOR, _MESSAGE_ID = MESSAGE_LIMITS["author"], MESSAGE_LIMITS["id"]


@dataclass(slots=True)
class PersonRecord:
    """An agent or a customer as the source names them (any of the three may be missing)."""

    id: str | None = None
    name: str | None = None
    email: str | None = None

    @property
    def label(self) -> str | None:
        return self.name or self.email or self.id


@dataclass(slots=True)
class MessageRecord:
    """One message: ``role`` is customer, agent, bot or system; ``internal`` marks a private note."""

    role: str
    text: str
    at: datetime | None = None
    author: str | None = None
    external_id: str | None = None
    internal: bool = False
    at_text: str | None = None
    """``at`` as naive UTC text ``YYYY-MM-DD HH:MM:SS.ffffff`` (the form SQLite stores), when the
    reader had it for nothing from the source text; None otherwise. It always agrees with ``at``."""


@dataclass
class ConversationRecord:
    """One conversation ready to store.

    ``location`` says where it was read (``FILE:LINE``), for messages about it; it is not stored.
    Times are timezone-aware.

    ``fingerprint`` may be set by a reader that can fingerprint the record's source text (with the
    import options that shape the record) more cheaply than :meth:`content_hash` can fingerprint
    the record: the same source text read with the same options always gives the same record.
    """

    source: str
    external_id: str
    messages: list[MessageRecord] = field(default_factory=list)
    channel: str | None = None
    subject: str | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    agent: PersonRecord | None = None
    team: str | None = None
    customer: PersonRecord | None = None
    csat: float | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    location: str = ""
    fingerprint: str | None = None

    def fill_times(self) -> None:
        """Take the start and end from the messages when the source did not give them."""
        if self.started_at is not None and self.ended_at is not None:
            return
        times = [m.at for m in self.messages if m.at is not None]
        if self.started_at is None and times:
            self.started_at = min(times)
        if self.ended_at is None and times:
            self.ended_at = max(times)

    def first_response_seconds(self) -> float | None:
        """Seconds from the first customer message to the first public agent reply after it."""
        asked: datetime | None = None
        for message in self.messages:
            if message.at is None:
                continue
            if message.role == "customer" and asked is None:
                asked = message.at
            elif message.role == "agent" and not message.internal and asked is not None:
                return max(0.0, (message.at - asked).total_seconds())
        return None

    def check(self) -> None:
        """Refuse values the database cannot hold, the same on every database: text longer than
        its column (SQLite would store it, PostgreSQL would not). NUL characters, which
        PostgreSQL text cannot hold and no help desk means, are removed from message text and
        the subject."""
        if not self._fits():
            self._check_in_detail()

    def _fits(self) -> bool:
        """Whether nothing here is too long or holds a NUL (the usual case), checked quickly."""
        channel, team, language, subject = self.channel, self.team, self.language, self.subject
        if (
            len(self.source) > _SOURCE
            or len(self.external_id) > _ID
            or (channel is not None and len(channel) > _CHANNEL)
            or (team is not None and len(team) > _TEAM)
            or (language is not None and len(language) > _LANGUAGE)
            or (subject is not None and "\x00" in subject)
        ):
            return False
        for tag in self.tags:
            if len(tag) > _TAG:
                return False
        for person in (self.agent, self.customer):
            if person is not None and (
                (person.id is not None and len(person.id) > _PERSON_ID)
                or (person.name is not None and len(person.name) > _PERSON_NAME)
                or (person.email is not None and len(person.email) > _PERSON_EMAIL)
            ):
                return False
        for message in self.messages:
            author, external_id = message.author, message.external_id
            if (
                "\x00" in message.text
                or (author is not None and len(author) > _AUTHOR)
                or (external_id is not None and len(external_id) > _MESSAGE_ID)
            ):
                return False
        return True

    def _check_in_detail(self) -> None:
        problems: list[Problem] = []

        def limit(value: str | None, field_name: str, longest: int) -> None:
            if value is not None and len(value) > longest:
                problems.append(
                    Problem(
                        self.location,
                        field_name,
                        f"{len(value):,} characters, longer than the {longest} it may have",
                    )
                )

        for name, value in (
            ("source", self.source), ("id", self.external_id), ("channel", self.channel),
            ("team", self.team), ("language", self.language),
        ):  # fmt: skip
            limit(value, name, LIMITS[name])
        for i, tag in enumerate(self.tags):
            limit(tag, f"tags[{i}]", LIMITS["tags"])
        for role, person in (("agent", self.agent), ("customer", self.customer)):
            if person is not None:
                for name, longest in PERSON_LIMITS.items():
                    limit(getattr(person, name), f"{role}.{name}", longest)
        if self.subject and "\x00" in self.subject:
            self.subject = self.subject.replace("\x00", "")
        for i, message in enumerate(self.messages):
            if "\x00" in message.text:
                message.text = message.text.replace("\x00", "")
            author, external_id = message.author, message.external_id
            if (author and len(author) > MESSAGE_LIMITS["author"]) or (
                external_id and len(external_id) > MESSAGE_LIMITS["id"]
            ):
                limit(author, f"messages[{i}].author", MESSAGE_LIMITS["author"])
                limit(external_id, f"messages[{i}].id", MESSAGE_LIMITS["id"])
        if problems:
            raise InputError(problems)

    def content_hash(self) -> str:
        """A fingerprint of everything stored from this record, to recognise an unchanged import:
        the reader's :attr:`fingerprint` when it gave one, else a hash of the record's content."""
        if self.fingerprint is not None:
            return self.fingerprint
        people = [(p.id, p.name, p.email) if p else None for p in (self.agent, self.customer)]
        data = [
            self.source, self.external_id, self.channel, self.subject, _iso(self.started_at),
            _iso(self.ended_at), people, self.team, self.csat, sorted(set(self.tags)), self.language, self.fields,
            [(m.role, m.text, _iso(m.at), m.author, m.external_id, m.internal) for m in self.messages],
        ]  # fmt: skip
        encoded = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
