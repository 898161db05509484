"""A reviewer's queue: the conversations waiting for them, as plain data, read a page at a time.

Until sampling assigns conversations to reviewers, the queue is:

1. the reviewer's own drafts (unfinished reviews, including reopened ones), most recently worked
   on first; then
2. every conversation nobody has reviewed yet (no review of any status by anyone), newest first.

A conversation somebody else has a draft of or has reviewed is left out, so two reviewers working
through the same database do not score the same conversations twice. Pages are read with
``LIMIT``/``OFFSET`` over the ``started_at`` index; the queue is never loaded whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from qa_desk.db.models import Agent, Conversation, Review

QueueStatus = Literal["draft", "new"]


@dataclass(frozen=True)
class QueueItem:
    """One conversation in a reviewer's queue.

    Attributes:
        conversation_id: the conversation's row id.
        external_id: its id in the help desk.
        subject: its subject (None when it has none).
        agent: the agent's name.
        channel: chat, email, phone, ...
        started_at: when it started (UTC).
        message_count: how many messages it has.
        status: ``draft`` when the reviewer has started reviewing it, ``new`` otherwise.
        review_id: the reviewer's draft, for a ``draft``.
    """

    conversation_id: int
    external_id: str
    subject: str | None
    agent: str | None
    channel: str | None
    started_at: datetime | None
    message_count: int
    status: QueueStatus
    review_id: int | None = None


@dataclass(frozen=True)
class QueueCounts:
    """How far a reviewer is through their queue.

    Attributes:
        done: conversations whose review they have submitted (current revisions, calibration aside).
        drafts: conversations they have started and not submitted.
        new: conversations nobody has reviewed yet.
    """

    done: int
    drafts: int
    new: int

    @property
    def to_do(self) -> int:
        """Everything still in the queue: drafts and new conversations."""
        return self.drafts + self.new


def _columns() -> Select:
    return select(
        Conversation.id,
        Conversation.external_id,
        Conversation.subject,
        Agent.name,
        Conversation.channel,
        Conversation.started_at,
        Conversation.message_count,
    ).outerjoin(Agent, Agent.id == Conversation.agent_id)


def _drafts(reviewer_id: int) -> Select:
    return (
        _columns()
        .add_columns(Review.id)
        .join(Review, Review.conversation_id == Conversation.id)
        .where(Review.reviewer_id == reviewer_id, Review.status == "draft")
        .order_by(Review.updated_at.desc(), Review.id.desc())
    )


def _unreviewed() -> Select:
    reviewed = exists().where(Review.conversation_id == Conversation.id)
    # started_at DESC puts NULLs last on SQLite; ordering on the indexed column alone lets SQLite
    # walk the index and stop at the page's end instead of sorting every conversation.
    return (
        _columns().where(~reviewed).order_by(Conversation.started_at.desc(), Conversation.id.desc())
    )


def queue_counts(session: Session, reviewer_id: int) -> QueueCounts:
    """How many conversations the reviewer has done, has started, and has not started."""
    done = session.scalar(
        select(func.count(func.distinct(Review.conversation_id))).where(
            Review.reviewer_id == reviewer_id,
            Review.status == "submitted",
            Review.is_current,
            ~Review.is_calibration,
        )
    )
    drafts = session.scalar(
        select(func.count(func.distinct(Review.conversation_id))).where(
            Review.reviewer_id == reviewer_id, Review.status == "draft"
        )
    )
    # Counting the reviewed ones and subtracting uses two indexes instead of a probe per row.
    total = session.scalar(select(func.count()).select_from(Conversation))
    reviewed = session.scalar(select(func.count(func.distinct(Review.conversation_id))))
    return QueueCounts(done or 0, drafts or 0, (total or 0) - (reviewed or 0))


def queue_page(
    session: Session, reviewer_id: int, offset: int = 0, limit: int = 100
) -> list[QueueItem]:
    """``limit`` items of the reviewer's queue from ``offset`` (drafts first, then new ones)."""
    if limit <= 0:
        return []
    draft_count = session.scalar(
        select(func.count()).where(Review.reviewer_id == reviewer_id, Review.status == "draft")
    )
    draft_count = draft_count or 0
    items: list[QueueItem] = []
    if offset < draft_count:
        for *row, review_id in session.execute(_drafts(reviewer_id).offset(offset).limit(limit)):
            items.append(QueueItem(*row, status="draft", review_id=review_id))
    if len(items) < limit:
        new_offset = max(0, offset - draft_count)
        for row in session.execute(_unreviewed().offset(new_offset).limit(limit - len(items))):
            items.append(QueueItem(*row, status="new"))
    return items


def next_in_queue(
    session: Session, reviewer_id: int, exclude: tuple[int, ...] = ()
) -> QueueItem | None:
    """The conversation the reviewer should review next: the top of their queue, leaving out
    the conversations in ``exclude`` (e.g. the one just submitted)."""
    for item in queue_page(session, reviewer_id, 0, len(exclude) + 1):
        if item.conversation_id not in exclude:
            return item
    return None


__all__ = ["QueueCounts", "QueueItem", "next_in_queue", "queue_counts", "queue_page"]
