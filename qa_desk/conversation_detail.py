"""One conversation as the review workspace shows it: its messages in order and the context a
reviewer needs beside them (agent, team, channel, CSAT, tags, times), as plain data.

Reading is one query for the conversation and one for its messages' columns (no ORM objects per
message), so a long conversation opens quickly.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from qa_desk.db.models import Agent, Conversation, Message

Direction = Literal["ltr", "rtl"]


def text_direction(text: str, default: Direction = "ltr") -> Direction:
    """The writing direction of ``text`` from its first strong character (the Unicode bidi rule
    P2): Arabic or Hebrew letters first make it right to left, Latin or CJK left to right.

    Text with no strong character at all (digits, punctuation, emoji) gets ``default``.
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return default


@dataclass(frozen=True)
class MessageView:
    """One message as shown in the transcript.

    Attributes:
        position: its place in the conversation, from 0.
        role: customer, agent, bot or system.
        internal: a private note the customer never saw.
        author: who wrote it, as the source names them.
        sent_at: when (UTC), if known.
        text: the text, plain (never markup).
        direction: ``rtl`` when the text starts with a right-to-left letter, else ``ltr``.
    """

    position: int
    role: str
    internal: bool
    author: str | None
    sent_at: datetime | None
    text: str
    direction: Direction = "ltr"


@dataclass(frozen=True)
class ConversationDetail:
    """A conversation with its messages and context.

    Attributes:
        id: the conversation's row id.
        source, external_id: where it came from and its id there.
        channel, subject, language: as imported (None when unknown).
        agent, agent_email, team: who handled it (names).
        customer: the customer's name or id.
        csat: the customer's satisfaction rating, if given.
        tags: its tags, sorted.
        started_at, ended_at: UTC.
        duration_seconds: from start to end, when both are known.
        first_response_seconds: from the first customer message to the first public agent reply.
        fields: the help desk's extra fields.
        messages: every message in order.
    """

    id: int
    source: str
    external_id: str
    channel: str | None
    subject: str | None
    language: str | None
    agent: str | None
    agent_email: str | None
    team: str | None
    customer: str | None
    csat: float | None
    tags: list[str]
    started_at: datetime | None
    ended_at: datetime | None
    duration_seconds: float | None
    first_response_seconds: float | None
    fields: dict[str, Any] = field(default_factory=dict)
    messages: list[MessageView] = field(default_factory=list)

    @property
    def title(self) -> str:
        """What to call it in a heading: its subject, or its id when it has none."""
        return self.subject or self.external_id


def conversation_detail(session: Session, conversation_id: int) -> ConversationDetail:
    """The conversation with this id, with its messages. Raises ``KeyError`` when there is none."""
    conversation = session.scalar(
        select(Conversation)
        .where(Conversation.id == conversation_id)
        .options(
            selectinload(Conversation.agent).selectinload(Agent.team),
            selectinload(Conversation.team),
            selectinload(Conversation.tag_rows),
        )
    )
    if conversation is None:
        raise KeyError(conversation_id)
    rows = session.execute(
        select(
            Message.position,
            Message.role,
            Message.internal,
            Message.author,
            Message.sent_at,
            Message.text,
        )
        .where(Message.conversation_id == conversation_id)
        .order_by(Message.position)
    )
    messages = [
        MessageView(position, role, bool(internal), author, sent_at, text, text_direction(text))
        for position, role, internal, author, sent_at, text in rows
    ]
    started, ended = conversation.started_at, conversation.ended_at
    agent = conversation.agent
    team = conversation.team or (agent.team if agent is not None else None)
    return ConversationDetail(
        id=conversation.id,
        source=conversation.source,
        external_id=conversation.external_id,
        channel=conversation.channel,
        subject=conversation.subject,
        language=conversation.language,
        agent=agent.name if agent is not None else None,
        agent_email=agent.email if agent is not None else None,
        team=team.name if team is not None else None,
        customer=conversation.customer_name or conversation.customer_external_id,
        csat=conversation.csat,
        tags=sorted(conversation.tags),
        started_at=started,
        ended_at=ended,
        duration_seconds=(ended - started).total_seconds() if started and ended else None,
        first_response_seconds=conversation.first_response_seconds,
        fields=dict(conversation.fields or {}),
        messages=messages,
    )


__all__ = [
    "ConversationDetail",
    "MessageView",
    "conversation_detail",
    "text_direction",
]
