"""A reviewer's queue: the conversations waiting for them, as plain data, read a page at a time.

The queue is:

1. the conversations a sample assigned to the reviewer and they have not submitted a review of
   yet (their draft, if they started one, goes with it), soonest due first, with why each was
   picked; then
2. the reviewer's other drafts (unfinished reviews, including reopened ones), most recently
   worked on first; then
3. every conversation nobody has reviewed yet (no review of any status by anyone) and no sample
   has assigned to anyone, newest first.

A conversation somebody else has a draft of or has reviewed is left out, so two reviewers working
through the same database do not score the same conversations twice. Pages are read with
``LIMIT``/``OFFSET`` over the ``started_at`` index; the queue is never loaded whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from qa_desk.db.models import Agent, Assignment, Conversation, Review

QueueStatus = Literal["assigned", "draft", "new"]


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
        status: ``assigned`` when a sample gave it to the reviewer, ``draft`` when they have
            started reviewing it on their own, ``new`` otherwise.
        review_id: the reviewer's draft, for a ``draft`` (and an ``assigned`` one they started).
        due_on: when an assigned conversation is due (None: no due date).
        reason: why the sample picked an assigned conversation ("random", "low CSAT 1/5", ...).
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
    due_on: date | None = None
    reason: str | None = None


@dataclass(frozen=True)
class QueueCounts:
    """How far a reviewer is through their queue.

    Attributes:
        done: conversations whose review they have submitted (current revisions, calibration aside).
        drafts: conversations they have started and not submitted (assigned ones aside).
        new: conversations nobody has reviewed yet and no sample has assigned.
        assigned: conversations assigned to them that they have not submitted yet.
    """

    done: int
    drafts: int
    new: int
    assigned: int = 0

    @property
    def to_do(self) -> int:
        """Everything still in the queue: assigned, drafts and new conversations."""
        return self.assigned + self.drafts + self.new


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


def _open_assignments(reviewer_id: int | None = None) -> Select:
    """The conversations with an open assignment (to ``reviewer_id``, or to anyone)."""
    statement = select(Assignment.conversation_id).where(Assignment.status == "open")
    if reviewer_id is not None:
        statement = statement.where(Assignment.reviewer_id == reviewer_id)
    return statement


def _assigned(reviewer_id: int) -> Select:
    """The reviewer's open assignments they have not submitted, one per conversation."""
    submitted = exists().where(
        Review.conversation_id == Assignment.conversation_id,
        Review.reviewer_id == reviewer_id,
        Review.status == "submitted",
    )
    first = (
        select(func.min(Assignment.id))
        .where(Assignment.reviewer_id == reviewer_id, Assignment.status == "open")
        .group_by(Assignment.conversation_id)
    )
    draft = (
        select(func.max(Review.id))
        .where(
            Review.conversation_id == Assignment.conversation_id,
            Review.reviewer_id == reviewer_id,
            Review.status == "draft",
        )
        .scalar_subquery()
    )
    return (
        _columns()
        .add_columns(draft, Assignment.due_on, Assignment.reason)
        .join(Assignment, Assignment.conversation_id == Conversation.id)
        .where(Assignment.id.in_(first), ~submitted)
        .order_by(Assignment.due_on.is_(None), Assignment.due_on, Assignment.id)
    )


def _drafts(reviewer_id: int) -> Select:
    return (
        _columns()
        .add_columns(Review.id)
        .join(Review, Review.conversation_id == Conversation.id)
        .where(
            Review.reviewer_id == reviewer_id,
            Review.status == "draft",
            Conversation.id.not_in(_open_assignments(reviewer_id)),
        )
        .order_by(Review.updated_at.desc(), Review.id.desc())
    )


def _unreviewed() -> Select:
    reviewed = exists().where(Review.conversation_id == Conversation.id)
    # started_at DESC puts NULLs last on SQLite; ordering on the indexed column alone lets SQLite
    # walk the index and stop at the page's end instead of sorting every conversation.
    return (
        _columns()
        .where(~reviewed, Conversation.id.not_in(_open_assignments()))
        .order_by(Conversation.started_at.desc(), Conversation.id.desc())
    )


def _count(statement: Select) -> Select:
    return select(func.count()).select_from(statement.order_by(None).subquery())


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
            Review.reviewer_id == reviewer_id,
            Review.status == "draft",
            Review.conversation_id.not_in(_open_assignments(reviewer_id)),
        )
    )
    assigned = session.scalar(_count(_assigned(reviewer_id)))
    # Counting the reviewed ones and subtracting uses two indexes instead of a probe per row.
    total = session.scalar(select(func.count()).select_from(Conversation))
    reviewed = session.scalar(select(func.count(func.distinct(Review.conversation_id))))
    assigned_unreviewed = session.scalar(
        select(func.count(func.distinct(Assignment.conversation_id))).where(
            Assignment.status == "open",
            ~exists().where(Review.conversation_id == Assignment.conversation_id),
        )
    )
    new = (total or 0) - (reviewed or 0) - (assigned_unreviewed or 0)
    return QueueCounts(done or 0, drafts or 0, new, assigned or 0)


def queue_page(
    session: Session, reviewer_id: int, offset: int = 0, limit: int = 100
) -> list[QueueItem]:
    """``limit`` items of the reviewer's queue from ``offset`` (assigned ones first, then
    drafts, then new ones)."""
    if limit <= 0:
        return []
    items: list[QueueItem] = []
    assigned_count = session.scalar(_count(_assigned(reviewer_id))) or 0
    if offset < assigned_count:
        page = session.execute(_assigned(reviewer_id).offset(offset).limit(limit))
        for *row, review_id, due_on, reason in page:
            items.append(QueueItem(*row, "assigned", review_id, due_on, reason))
    offset = max(0, offset - assigned_count)
    draft_count = session.scalar(_count(_drafts(reviewer_id))) or 0
    if offset < draft_count and len(items) < limit:
        statement = _drafts(reviewer_id).offset(offset).limit(limit - len(items))
        for *row, review_id in session.execute(statement):
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
