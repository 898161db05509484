"""Which reviews a report counts, and how the database is best asked for them.

A :class:`Scope` is a period of inclusive days, optionally narrowed to one agent or one team (the
conversation's agent and team). It counts the reviews quality scores count everywhere (see
:func:`qa_desk.analytics.counted_reviews`): current, submitted, not calibration, dated by when
they were submitted.

The reviews index leads with ``is_current`` then ``submitted_at``: it finds a short period's
reviews quickly, but walking it over most of the table and looking each review up is several
times slower than reading the table. :func:`planned` looks at how many reviews the period holds
(a count the index answers alone) and marks a scope that covers a large share of them as *wide*;
a wide scope's conditions keep the database from that index.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, func, literal_column, select
from sqlalchemy.orm import Session

from qa_desk.db.models import Conversation, Review

WIDE_SHARE = 0.2
"""A period holding more than this share of the current reviews is read from the table."""


@dataclass(frozen=True)
class Scope:
    """Which reviews a figure counts.

    Attributes:
        date_from, date_to: the period, inclusive days (UTC).
        agent_id, team_id: only this agent's or this team's conversations, when given.
        wide: the period holds much of the table (see :func:`planned`).
    """

    date_from: date
    date_to: date
    agent_id: int | None = None
    team_id: int | None = None
    wide: bool = False

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as a half-open range of UTC times."""
        start = datetime.combine(self.date_from, time.min, UTC)
        return start, datetime.combine(self.date_to + timedelta(days=1), time.min, UTC)

    def conditions(self) -> list[ColumnElement[bool]]:
        """Conditions on ``reviews`` (and ``conversations``, which the statement must join)."""
        start, end = self.bounds()
        conditions: list[ColumnElement[bool]] = [
            Review.is_current.is_not(False) if self.wide else Review.is_current,
            Review.status == "submitted",
            Review.is_calibration.is_(False),
            Review.submitted_at >= start,
            Review.submitted_at < end,
        ]
        if self.agent_id is not None:
            conditions.append(Conversation.agent_id == self.agent_id)
        if self.team_id is not None:
            conditions.append(Conversation.team_id == self.team_id)
        return conditions

    def unindexed(self, column: Any) -> Any:
        """``column`` for grouping or joining: in a wide scope an indexed whole-number column
        becomes ``column + 0``, which SQLite finds no index for, so it reads the table rather
        than walking the index and looking up every row it names (four times slower for a year
        of reviews grouped by reviewer)."""
        if self.wide and isinstance(getattr(column, "type", None), Integer):
            return column + literal_column("0")
        return column

    def moved(self, start: date, end: date) -> Scope:
        """The same scope over another period (of the same length: as wide)."""
        return replace(self, date_from=start, date_to=end)


def planned(session: Session, scope: Scope) -> Scope:
    """``scope``, marked wide when its period holds more than :data:`WIDE_SHARE` of the
    current reviews."""
    start, end = scope.bounds()
    current = select(func.count()).select_from(Review).where(Review.is_current)
    total = session.scalar(current) or 0
    in_period = session.scalar(
        current.where(Review.submitted_at >= start, Review.submitted_at < end)
    )
    return replace(scope, wide=bool(total) and (in_period or 0) > WIDE_SHARE * total)
