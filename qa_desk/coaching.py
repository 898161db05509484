"""Coaching sessions (one-on-ones): a coach and an agent, a day, the reviews discussed, notes and
the action items agreed.

A session belongs to one agent and one coach (a :class:`~qa_desk.db.models.User`). Reviews are
picked from the agent's page, so only reviews of the agent's own conversations may be linked. An
action item has a text, an owner (free text: usually the agent or the coach), an optional due day
and is done once completed; open items of earlier sessions come up again when the agent's next
session is prepared (:func:`open_action_items`, :attr:`CoachingSessionInfo.earlier_open_items`).

Every function takes the database session of the caller's action and returns plain data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session

from qa_desk.db.models import (
    ActionItem,
    Agent,
    CoachingSession,
    CoachingSessionReview,
    Conversation,
    Review,
    User,
    utcnow,
)
from qa_desk.errors import InputError, Problem


@dataclass(frozen=True)
class ActionItemInfo:
    """An action item as the app shows it.

    Attributes:
        id: its id.
        coaching_session_id: the session it was agreed in; ``held_on`` that session's day.
        text: what is to be done; ``owner`` who does it; ``due_on`` by when (None: no date).
        done_at: when it was completed (None while open).
    """

    id: int
    coaching_session_id: int
    held_on: date
    text: str
    owner: str | None
    due_on: date | None
    done_at: datetime | None

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True)
class CoachingSessionInfo:
    """A coaching session as the app shows it.

    Attributes:
        id, agent_id, agent_name, coach_id, coach_name, held_on, notes: what it is.
        review_ids: the reviews discussed, oldest link first.
        action_items: the items agreed in it, in order.
        earlier_open_items: the items of the agent's earlier sessions still open (what to follow
            up on in this one).
    """

    id: int
    agent_id: int
    agent_name: str
    coach_id: int
    coach_name: str
    held_on: date
    notes: str
    review_ids: tuple[int, ...] = ()
    action_items: tuple[ActionItemInfo, ...] = ()
    earlier_open_items: tuple[ActionItemInfo, ...] = field(default=())


def _problem(field_name: str, message: str) -> InputError:
    return InputError(Problem("", field_name, message))


def _item_info(item: ActionItem, held_on: date) -> ActionItemInfo:
    return ActionItemInfo(
        id=item.id,
        coaching_session_id=item.coaching_session_id,
        held_on=held_on,
        text=item.text,
        owner=item.owner,
        due_on=item.due_on,
        done_at=item.done_at,
    )


def _get(session: Session, coaching_session_id: int) -> CoachingSession:
    found = session.get(CoachingSession, coaching_session_id)
    if found is None:
        raise _problem("coaching session", f"no coaching session with id {coaching_session_id}")
    return found


def _check_coach(session: Session, coach_id: int) -> None:
    if session.get(User, coach_id) is None:
        raise _problem("coach", f"no user with id {coach_id}")


def _check_reviews(session: Session, agent_id: int, review_ids: Iterable[int]) -> list[int]:
    """The ids, each checked to be a review of one of the agent's conversations."""
    wanted = list(dict.fromkeys(review_ids))
    if not wanted:
        return []
    owners = dict(
        session.execute(
            select(Review.id, Conversation.agent_id)
            .join(Conversation, Conversation.id == Review.conversation_id)
            .where(Review.id.in_(wanted))
        ).all()
    )
    for review_id in wanted:
        if review_id not in owners:
            raise _problem("reviews", f"no review with id {review_id}")
        if owners[review_id] != agent_id:
            raise _problem("reviews", f"review {review_id} is not of this agent's conversations")
    return wanted


def _clean_text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise _problem("action item", "an action item needs a text")
    return cleaned


def create_session(
    session: Session,
    *,
    agent_id: int,
    coach_id: int,
    held_on: date,
    notes: str = "",
    review_ids: Iterable[int] = (),
) -> CoachingSessionInfo:
    """Record a coaching session of ``coach_id`` with ``agent_id`` on ``held_on``."""
    if session.get(Agent, agent_id) is None:
        raise _problem("agent", f"no agent with id {agent_id}")
    _check_coach(session, coach_id)
    reviews = _check_reviews(session, agent_id, review_ids)
    row = CoachingSession(agent_id=agent_id, coach_id=coach_id, held_on=held_on, notes=notes)
    row.review_links = [CoachingSessionReview(review_id=r) for r in reviews]
    session.add(row)
    session.flush()
    return get_session(session, row.id)


def update_session(
    session: Session,
    coaching_session_id: int,
    *,
    held_on: date | None = None,
    notes: str | None = None,
    coach_id: int | None = None,
) -> CoachingSessionInfo:
    """Change a session's day, notes or coach (None leaves a field as it is)."""
    row = _get(session, coaching_session_id)
    if coach_id is not None:
        _check_coach(session, coach_id)
        row.coach_id = coach_id
    if held_on is not None:
        row.held_on = held_on
    if notes is not None:
        row.notes = notes
    row.updated_at = utcnow()
    session.flush()
    return get_session(session, row.id)


def delete_session(session: Session, coaching_session_id: int) -> None:
    """Remove a session with its review links and action items."""
    session.delete(_get(session, coaching_session_id))
    session.flush()


def add_reviews(
    session: Session, coaching_session_id: int, review_ids: Iterable[int]
) -> CoachingSessionInfo:
    """Link reviews of the agent to the session (reviews linked already stay as they are)."""
    row = _get(session, coaching_session_id)
    linked = {link.review_id for link in row.review_links}
    for review_id in _check_reviews(session, row.agent_id, review_ids):
        if review_id not in linked:
            row.review_links.append(CoachingSessionReview(review_id=review_id))
    row.updated_at = utcnow()
    session.flush()
    return get_session(session, row.id)


def remove_reviews(
    session: Session, coaching_session_id: int, review_ids: Iterable[int]
) -> CoachingSessionInfo:
    """Unlink reviews from the session (ids not linked are ignored)."""
    row = _get(session, coaching_session_id)
    session.execute(
        delete(CoachingSessionReview).where(
            CoachingSessionReview.coaching_session_id == row.id,
            CoachingSessionReview.review_id.in_(list(review_ids)),
        )
    )
    row.updated_at = utcnow()
    session.flush()
    session.expire(row, ["review_links"])
    return get_session(session, row.id)


def add_action_item(
    session: Session,
    coaching_session_id: int,
    text: str,
    *,
    owner: str | None = None,
    due_on: date | None = None,
) -> ActionItemInfo:
    """Add an action item at the end of the session's list."""
    row = _get(session, coaching_session_id)
    position = max((item.position for item in row.action_items), default=-1) + 1
    item = ActionItem(
        text=_clean_text(text),
        owner=(owner or "").strip() or None,
        due_on=due_on,
        position=position,
    )
    row.action_items.append(item)
    session.flush()
    return _item_info(item, row.held_on)


def complete_action_item(
    session: Session, item_id: int, done: bool = True, when: datetime | None = None
) -> ActionItemInfo:
    """Mark an action item done (at ``when``, default now) or, with ``done=False``, open again."""
    item = session.get(ActionItem, item_id)
    if item is None:
        raise _problem("action item", f"no action item with id {item_id}")
    item.done_at = (when or utcnow()) if done else None
    session.flush()
    held_on = session.scalar(
        select(CoachingSession.held_on).where(CoachingSession.id == item.coaching_session_id)
    )
    assert held_on is not None
    return _item_info(item, held_on)


def _items(session: Session, *conditions: ColumnElement[bool]) -> list[ActionItemInfo]:
    rows = session.execute(
        select(ActionItem, CoachingSession.held_on)
        .join(CoachingSession, CoachingSession.id == ActionItem.coaching_session_id)
        .where(*conditions)
        .order_by(CoachingSession.held_on, CoachingSession.id, ActionItem.position, ActionItem.id)
    ).all()
    return [_item_info(item, held_on) for item, held_on in rows]


def open_action_items(
    session: Session, agent_id: int, before: date | None = None
) -> list[ActionItemInfo]:
    """The agent's action items not done yet, oldest session first; with ``before``, only those of
    sessions held before that day (what the session on that day follows up on)."""
    conditions = [CoachingSession.agent_id == agent_id, ActionItem.done_at.is_(None)]
    if before is not None:
        conditions.append(CoachingSession.held_on < before)
    return _items(session, *conditions)


def action_items_of_agent(
    session: Session, agent_id: int, date_from: date | None = None, date_to: date | None = None
) -> list[ActionItemInfo]:
    """Every action item of the agent's sessions held in the period (inclusive days)."""
    conditions = [CoachingSession.agent_id == agent_id]
    if date_from is not None:
        conditions.append(CoachingSession.held_on >= date_from)
    if date_to is not None:
        conditions.append(CoachingSession.held_on <= date_to)
    return _items(session, *conditions)


def get_session(session: Session, coaching_session_id: int) -> CoachingSessionInfo:
    """One session with its reviews, its action items and the earlier sessions' open items."""
    row = _get(session, coaching_session_id)
    review_ids = session.scalars(
        select(CoachingSessionReview.review_id)
        .where(CoachingSessionReview.coaching_session_id == row.id)
        .order_by(CoachingSessionReview.added_at, CoachingSessionReview.review_id)
    ).all()
    return CoachingSessionInfo(
        id=row.id,
        agent_id=row.agent_id,
        agent_name=row.agent.name,
        coach_id=row.coach_id,
        coach_name=row.coach.name,
        held_on=row.held_on,
        notes=row.notes,
        review_ids=tuple(review_ids),
        action_items=tuple(_item_info(item, row.held_on) for item in row.action_items),
        earlier_open_items=tuple(open_action_items(session, row.agent_id, before=row.held_on)),
    )


def sessions_of_agent(session: Session, agent_id: int) -> list[CoachingSessionInfo]:
    """The agent's coaching sessions, the most recent first."""
    ids = session.scalars(
        select(CoachingSession.id)
        .where(CoachingSession.agent_id == agent_id)
        .order_by(CoachingSession.held_on.desc(), CoachingSession.id.desc())
    ).all()
    return [get_session(session, i) for i in ids]


@dataclass(frozen=True)
class ActionItemDraft:
    """An action item as the session form holds it before saving.

    Attributes:
        text, owner, due_on: as for :func:`add_action_item`.
        id: the item's id when it is already stored in this session (None for a new one).
        done: whether it is ticked done.
        carried_from: the id of an open item of an earlier session this one continues; saving
            closes that earlier item (it lives on here, with its new owner or due day).
    """

    text: str
    owner: str | None = None
    due_on: date | None = None
    id: int | None = None
    done: bool = False
    carried_from: int | None = None


def _check_earlier_item(session: Session, item_id: int, agent_id: int) -> ActionItem:
    item = session.get(ActionItem, item_id)
    if item is None:
        raise _problem("action item", f"no action item with id {item_id}")
    owner = session.scalar(
        select(CoachingSession.agent_id).where(CoachingSession.id == item.coaching_session_id)
    )
    if owner != agent_id:
        raise _problem("action item", f"action item {item_id} is not of this agent's sessions")
    return item


def save_session(
    session: Session,
    *,
    agent_id: int,
    coach_id: int,
    held_on: date,
    notes: str = "",
    review_ids: Iterable[int] = (),
    action_items: Iterable[ActionItemDraft] = (),
    done_item_ids: Iterable[int] = (),
    coaching_session_id: int | None = None,
    when: datetime | None = None,
) -> CoachingSessionInfo:
    """Store a coaching session as its form shows it, in the caller's one transaction: a new
    session (``coaching_session_id`` None) or an edit of a stored one, with exactly these reviews
    discussed and these action items in this order (stored items missing from ``action_items``
    are removed). ``done_item_ids`` are open items of the agent's earlier sessions followed up
    and done (at ``when``, default now); an item's ``carried_from`` is closed the same way.

    Raises :class:`InputError` naming the field (``action item 2``...) for an item without text,
    a review not of the agent's conversations, or an item of another agent."""
    now = when or utcnow()
    drafts = list(action_items)
    for number, draft in enumerate(drafts, start=1):
        if not draft.text.strip():
            raise _problem(f"action item {number}", "an action item needs a text")
    if coaching_session_id is None:
        info = create_session(
            session, agent_id=agent_id, coach_id=coach_id, held_on=held_on, notes=notes,
            review_ids=review_ids,
        )  # fmt: skip
        row = _get(session, info.id)
    else:
        row = _get(session, coaching_session_id)
        if row.agent_id != agent_id:
            raise _problem("agent", "a coaching session cannot move to another agent")
        update_session(session, row.id, held_on=held_on, notes=notes, coach_id=coach_id)
        wanted = _check_reviews(session, agent_id, review_ids)
        linked = {link.review_id for link in row.review_links}
        remove_reviews(session, row.id, linked - set(wanted))
        add_reviews(session, row.id, wanted)
    stored = {item.id: item for item in row.action_items}
    kept: list[ActionItem] = []
    for number, draft in enumerate(drafts, start=1):
        if draft.id is not None and draft.id not in stored:
            raise _problem(f"action item {number}", f"no action item {draft.id} in this session")
        item = stored[draft.id] if draft.id is not None else ActionItem()
        item.text = draft.text.strip()
        item.owner = (draft.owner or "").strip() or None
        item.due_on = draft.due_on
        item.position = number - 1
        if draft.done and item.done_at is None:
            item.done_at = now
        elif not draft.done:
            item.done_at = None
        kept.append(item)
        if draft.carried_from is not None:
            earlier = _check_earlier_item(session, draft.carried_from, agent_id)
            earlier.done_at = earlier.done_at or now
    for item in stored.values():
        if item not in kept:
            row.action_items.remove(item)
    for item in kept:
        if item not in row.action_items:
            row.action_items.append(item)
    row.action_items.sort(key=lambda item: item.position)
    for item_id in done_item_ids:
        earlier = _check_earlier_item(session, item_id, agent_id)
        earlier.done_at = earlier.done_at or now
    session.flush()
    return get_session(session, row.id)
