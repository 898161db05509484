"""Finding conversations for the browser: filters, sort orders, paging and counts.

A :class:`ConversationQuery` (a :class:`ConversationFilter`, a sort column and a direction) selects
conversations; a :class:`ConversationPager` hands out their ids a page at a time, never rows (the
rows on screen come from :mod:`qa_desk.conversation_rows`).

A large result is paged by keyset: a page continues after the sort key of the previous page's last
row, so page 500 costs what page 1 costs, and every sort column is served by an index (migration
0003). A column's empty values (no agent, no CSAT, not reviewed...) come last in both directions, as
a run of their own ordered by id, which keeps each run's order index-friendly. A small result (a
narrow filter) and any full-text search (the index finds messages, not conversations in sort
order) are read whole instead: their ids, in order, kept in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Select,
    and_,
    func,
    literal,
    literal_column,
    select,
    tuple_,
)
from sqlalchemy.orm import Session

from qa_desk.db.fulltext import matching_message_ids
from qa_desk.db.models import (
    Agent,
    AutoQAResult,
    Conversation,
    ConversationTag,
    Message,
    Review,
    Team,
)

PAGE_SIZE = 200


class SortColumn(StrEnum):
    """What the conversations can be ordered by."""

    EXTERNAL_ID = "external_id"
    STARTED = "started"
    AGENT = "agent"
    TEAM = "team"
    CHANNEL = "channel"
    CSAT = "csat"
    MESSAGES = "messages"
    REVIEW_STATUS = "review_status"
    SCORE = "score"


class ReviewStatus(StrEnum):
    """Where a conversation stands: nobody reviewed it, a draft only, or submitted review(s)."""

    NOT_REVIEWED = "not_reviewed"
    DRAFT = "draft"
    REVIEWED = "reviewed"


@dataclass(frozen=True)
class ConversationFilter:
    """Which conversations to show; None (or an empty text) leaves a criterion out.

    Attributes:
        started_from, started_before: a half-open range of start times (aware datetimes; the
            screen turns the user's local calendar days into them).
        agent_id, team_id, channel, tag: exact matches.
        csat_min, csat_max: an inclusive CSAT range; conversations without CSAT never match one.
        review_status: see :class:`ReviewStatus`.
        failed_check: only conversations that failed this automatic check (its id).
        text: full-text search: a conversation matches when one of its messages holds every word
            (the last one as a prefix, so results follow typing).
    """

    started_from: datetime | None = None
    started_before: datetime | None = None
    agent_id: int | None = None
    team_id: int | None = None
    channel: str | None = None
    csat_min: float | None = None
    csat_max: float | None = None
    tag: str | None = None
    review_status: ReviewStatus | None = None
    failed_check: str | None = None
    text: str = ""

    def is_empty(self) -> bool:
        return replace(self, text=self.text.strip()) == ConversationFilter()


@dataclass(frozen=True)
class ConversationQuery:
    """Filters plus an order: what the browser shows."""

    filter: ConversationFilter = field(default_factory=ConversationFilter)
    sort: SortColumn = SortColumn.STARTED
    descending: bool = True


# --- conditions ------------------------------------------------------------------------------

_SUBMITTED = and_(Review.is_current, Review.status == "submitted")
_SCORED = and_(_SUBMITTED, Review.score.is_not(None))


def _reviewed(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """Whether the conversation has a review meeting ``conditions``.

    An uncorrelated IN (the reviewed ids are found once per statement): without statistics,
    SQLite would answer a correlated EXISTS through the (is_current, submitted_at) index, once
    for every conversation.
    """
    return Conversation.id.in_(select(Review.conversation_id).where(*conditions))


def _failed(check: str) -> ColumnElement[bool]:
    """Whether the conversation failed ``check``: an uncorrelated IN, like :func:`_reviewed`,
    its ids found once through the (check, outcome) index."""
    failing = select(AutoQAResult.conversation_id).where(
        AutoQAResult.check == check, AutoQAResult.outcome == "fail"
    )
    return Conversation.id.in_(failing)


def filter_conditions(session: Session, wanted: ConversationFilter) -> list[ColumnElement[bool]]:
    """The WHERE conditions on ``Conversation`` that ``wanted`` stands for."""
    c, w = Conversation, wanted
    given = [
        (w.started_from, lambda: c.started_at >= w.started_from),
        (w.started_before, lambda: c.started_at < w.started_before),
        (w.agent_id, lambda: c.agent_id == w.agent_id),
        (w.team_id, lambda: c.team_id == w.team_id),
        (w.channel, lambda: c.channel == w.channel),
        (w.csat_min, lambda: c.csat >= w.csat_min),
        (w.csat_max, lambda: c.csat <= w.csat_max),
        (w.tag, lambda: c.id.in_(select(ConversationTag.conversation_id).where(ConversationTag.tag == w.tag))),
    ]  # fmt: skip
    conditions = [condition() for value, condition in given if value is not None]
    if w.review_status == ReviewStatus.NOT_REVIEWED:
        conditions.append(~_reviewed())
    elif w.review_status == ReviewStatus.DRAFT:
        conditions.append(_reviewed(Review.status == "draft"))
        conditions.append(~_reviewed(_SUBMITTED))
    elif w.review_status == ReviewStatus.REVIEWED:
        conditions.append(_reviewed(_SUBMITTED))
    if w.failed_check is not None:
        conditions.append(_failed(w.failed_check))
    if w.text.strip():
        messages = matching_message_ids(w.text, session.get_bind().dialect)
        conditions.append(c.id.in_(select(Message.conversation_id).where(Message.id.in_(messages))))
    return conditions


def count_conversations(session: Session, wanted: ConversationFilter) -> int:
    """How many conversations match ``wanted``."""
    statement = select(func.count()).select_from(Conversation)
    return session.scalar(statement.where(*filter_conditions(session, wanted))) or 0


# --- sort orders as keyset segments ----------------------------------------------------------


@dataclass(frozen=True)
class _Segment:
    """A run of conversations ordered by ``keys`` then id; ``narrow`` adds its joins and WHERE.

    A ``whole`` run is ordered by a value computed from reviews, which no index holds: it is
    read in one go (it holds only reviewed conversations) and handed out from memory.
    """

    keys: tuple[ColumnElement[Any], ...]
    narrow: Callable[[Select[Any]], Select[Any]]
    whole: bool = False


def _same(statement: Select[Any]) -> Select[Any]:
    return statement


def _computed(sort: SortColumn) -> Any:
    """Per reviewed conversation, the ``value`` a review column sorts by: the number of current
    submitted reviews (0: a draft only), or the score of the latest one with a score."""
    if sort is SortColumn.REVIEW_STATUS:
        return (
            select(Review.conversation_id, func.count(Review.id).filter(_SUBMITTED).label("value"))
            .group_by(Review.conversation_id)
            .subquery("review_ranks")
        )
    order = (Review.submitted_at.desc(), Review.id.desc())
    latest = func.row_number().over(partition_by=Review.conversation_id, order_by=order)
    ranked = (
        select(Review.conversation_id, Review.score, latest.label("n"))
        .where(_SCORED)
        .subquery("ranked_reviews")
    )
    return (
        select(ranked.c.conversation_id, ranked.c.score.label("value"))
        .where(ranked.c.n == 1)
        .subquery("latest_scores")
    )


_COLUMNS: dict[SortColumn, Any] = {
    SortColumn.EXTERNAL_ID: Conversation.external_id,
    SortColumn.MESSAGES: Conversation.message_count,
    SortColumn.STARTED: Conversation.started_at,
    SortColumn.CHANNEL: Conversation.channel,
    SortColumn.CSAT: Conversation.csat,
}
_GROUPS: dict[SortColumn, tuple[Any, Any]] = {
    SortColumn.AGENT: (Agent, Conversation.agent_id),
    SortColumn.TEAM: (Team, Conversation.team_id),
}


def _segments(session: Session, query: ConversationQuery, by_group: bool) -> list[_Segment]:
    """The runs ``query``'s order falls into: conversations with a value, then those without.

    With ``by_group``, agents and teams make a run each, in name order, each served by the
    agent_id (team_id) index: a join ordered by name would make SQLite sort every conversation.
    """
    c, sort = Conversation, query.sort
    if sort in (SortColumn.EXTERNAL_ID, SortColumn.MESSAGES):
        return [_Segment((_COLUMNS[sort],), _same)]
    if sort in _COLUMNS:
        column = _COLUMNS[sort]
        first = [_Segment((column,), lambda s: s.where(column.is_not(None)))]
        empty = column.is_(None)
    elif sort in _GROUPS:
        table, column = _GROUPS[sort]
        if not by_group:
            join = lambda s: s.join(table, table.id == column)  # noqa: E731
            first = [_Segment((table.name, table.id), join)]
        else:
            ids = session.scalars(select(table.id).order_by(table.name, table.id)).all()
            first = [_Segment((), lambda s, i=i: s.where(column == i)) for i in ids]
            if query.descending:
                first.reverse()
        empty = column.is_(None)
    else:
        values = _computed(sort)
        join = lambda s: s.join(values, values.c.conversation_id == c.id)  # noqa: E731
        first = [_Segment((values.c.value,), join, whole=True)]
        empty = ~_reviewed() if sort is SortColumn.REVIEW_STATUS else ~_reviewed(_SCORED)
    return [*first, _Segment((), lambda s: s.where(empty))]


def _whole_order(query: ConversationQuery) -> _Segment:
    """All matches of a column or group order in one run, empty values last: one statement for a
    text search's matches (its runs would each search again; the sort is no cost next to it)."""
    if query.sort in _COLUMNS:
        values, join = (_COLUMNS[query.sort],), _same
    else:
        table, column = _GROUPS[query.sort]
        values = (table.name, table.id)
        join = lambda s: s.outerjoin(table, table.id == column)  # noqa: E731
    last = values[0].is_not(None) if query.descending else values[0].is_(None)
    return _Segment((last, *values), join)


def _likely(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """``condition`` marked, for SQLite's planner, as true for most rows.

    Without statistics SQLite takes any indexed equality for a narrow one, fetches every
    matching row through that index and sorts them all; told that the filter keeps most rows
    (the pager only pages by keyset when it does), it walks the sort order's index and stops
    after a page.
    """
    return func.likelihood(condition, literal_column("0.9"), type_=Boolean)


# --- paging ----------------------------------------------------------------------------------

WHOLE_LIMIT = 20_000
"""Up to this many matches the ids are read in one go, in the worker (a few tens of milliseconds,
and then scrolling costs nothing); past it a filter keeps enough rows for a keyset page to be found
quickly along the sort order's index."""


class ConversationPager:
    """Hands out the ids of the conversations a query selects, a page at a time, in its order.

    The first page counts the matches. Up to :data:`WHOLE_LIMIT` of them, and for any text
    search, every matching id is read at once, in order, and handed out from memory; more are
    paged by keyset. Not thread-safe: one thread pages at a time (the browser makes the first
    page in a worker, then hands the pager to the window).

    Attributes:
        query: what it pages through.
        total: how many conversations match (known after the first page).
        exhausted: whether every id has been handed out.
    """

    def __init__(self, query: ConversationQuery):
        self.query = query
        self.total: int | None = None
        self.exhausted = False
        self._segments: list[_Segment] = []
        self._conditions: list[ColumnElement[bool]] = []
        self._ids: list[int] | None = None  # every id, when read whole
        self._segment = 0
        self._after: tuple[Any, ...] | None = None  # sort key and id of the last id handed out
        self._buffer: list[int] | None = None  # the current whole segment's ids
        self._position = 0  # in _ids or _buffer

    def _prepare(self, session: Session) -> None:
        wanted = self.query.filter
        self._conditions = filter_conditions(session, wanted)
        if not wanted.text.strip():
            self.total = count_conversations(session, wanted)
        if self.total is None or self.total <= WHOLE_LIMIT:
            searching = bool(wanted.text.strip())
            if searching and (self.query.sort in _COLUMNS or self.query.sort in _GROUPS):
                segments = [_whole_order(self.query)]  # the search runs once, not per segment
            else:
                segments = _segments(session, self.query, by_group=False)
            read = session.connection().execute
            self._ids = [i for s in segments for i in read(self._statement(s)).scalars().all()]
            self.total = len(self._ids)
            return
        self._segments = _segments(session, self.query, by_group=True)
        if session.get_bind().dialect.name == "sqlite":
            self._conditions = [_likely(condition) for condition in self._conditions]

    def next_page(self, session: Session, limit: int = PAGE_SIZE) -> list[int]:
        """The next ``limit`` ids at most; fewer (or none) at the end."""
        if self.total is None:
            self._prepare(session)
        if self._ids is not None:
            page = self._ids[self._position : self._position + limit]
            self._position += len(page)
            self.exhausted = self._position >= len(self._ids)
            return page
        ids: list[int] = []
        while len(ids) < limit and self._segment < len(self._segments):
            segment, wanted = self._segments[self._segment], limit - len(ids)
            if segment.whole:
                if self._buffer is None:
                    statement = self._statement(segment)
                    self._buffer = list(session.connection().execute(statement).scalars().all())
                ids.extend(self._buffer[self._position : self._position + wanted])
                self._position = min(self._position + wanted, len(self._buffer))
                done = self._position == len(self._buffer)
            else:
                statement = self._statement(segment, keyed=True).limit(wanted + 1)
                rows = session.connection().execute(statement).all()
                ids.extend(row[-1] for row in rows[:wanted])
                done = len(rows) <= wanted
                self._after = None if done else tuple(rows[wanted - 1])
            if done:
                self._segment, self._buffer, self._position = self._segment + 1, None, 0
        self.exhausted = self._segment >= len(self._segments)
        return ids

    def _statement(self, segment: _Segment, keyed: bool = False) -> Select[Any]:
        """The ids of ``segment`` in order, each after its sort key when ``keyed`` (for the
        keyset; reading keys such as times costs more than the ids alone)."""
        keys = (*segment.keys, Conversation.id)
        shown = keys if keyed else (Conversation.id,)
        statement = segment.narrow(select(*shown).select_from(Conversation))
        statement = statement.where(*self._conditions)
        if self._after is not None:
            row = tuple_(*keys)
            after = tuple_(*(literal(v, k.type) for k, v in zip(keys, self._after, strict=True)))
            statement = statement.where(row < after if self.query.descending else row > after)
        descending = self.query.descending
        order = [key.desc() if descending else key.asc() for key in keys]
        return statement.order_by(*order)
