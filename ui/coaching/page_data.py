"""What the Coaching page shows of one agent and period, read in one go off the GUI thread: the
agent's profile, the monthly trend against the team, open action items and past sessions.

:func:`load_agent_page` is a plain function (no Qt) the page runs through
:class:`ui.operations.Operation`; tests call it directly too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from qa_desk.analytics import AgentProfile, Trend, agent_profile, trend
from qa_desk.coaching import ActionItemInfo, CoachingSessionInfo, open_action_items
from qa_desk.coaching import sessions_of_agent as list_sessions
from qa_desk.db import Database
from qa_desk.progress import CancelCheck, Progress, check_cancel

TREND_MONTHS = 6
"""The trend reaches back this many months from the period's last one (or to the period's start,
when it is longer), from the agent's first review in that span (:func:`from_first_review`)."""


@dataclass(frozen=True)
class AgentPage:
    """One agent over one period.

    Attributes:
        agent_id, date_from, date_to: what was asked for (inclusive days).
        profile: the figures, criteria, low reviews, comments and root causes of the period.
        trend: IQS per month with the team's, over :func:`trend_start` … ``date_to``, from the
            agent's first review in that span.
        open_items: the agent's action items not done yet, oldest session first.
        sessions: the agent's coaching sessions, the most recent first.
    """

    agent_id: int
    date_from: date
    date_to: date
    profile: AgentProfile
    trend: Trend
    open_items: list[ActionItemInfo]
    sessions: list[CoachingSessionInfo]


def trend_start(date_from: date, date_to: date) -> date:
    """The first day the trend covers: :data:`TREND_MONTHS` months back from ``date_to``'s
    month, or ``date_from`` when the period starts earlier."""
    month = date_to.year * 12 + date_to.month - 1 - (TREND_MONTHS - 1)
    return min(date_from, date(month // 12, month % 12 + 1, 1))


def from_first_review(series: Trend, date_from: date) -> Trend:
    """The trend without the empty months before the agent's first review in it: the earlier
    months are there to show where the agent comes from, so they start with a review (without
    any review in the whole trend, it covers the period asked for)."""
    points = series.points
    first = next((i for i, p in enumerate(points) if p.stats.reviews), None)
    if first is None:
        first = next((i for i, p in enumerate(points) if p.end >= date_from), len(points))
    return replace(series, points=points[first:])


def load_agent_page(
    db: Database,
    agent_id: int,
    date_from: date,
    date_to: date,
    progress: Progress,
    cancelled: CancelCheck,
) -> AgentPage:
    """Read everything the page shows of ``agent_id`` from ``date_from`` to ``date_to``."""
    with db.reader() as session:
        progress(0, 3, "Reading the agent's reviews")
        profile = agent_profile(session, agent_id, date_from, date_to)
        check_cancel(cancelled)
        progress(1, 3, "Reading the trend")
        series = trend(
            session,
            "month",
            agent_id=agent_id,
            date_from=trend_start(date_from, date_to),
            date_to=date_to,
        )
        series = from_first_review(series, date_from)
        check_cancel(cancelled)
        progress(2, 3, "Reading coaching sessions")
        items = open_action_items(session, agent_id)
        sessions = list_sessions(session, agent_id)
        progress(3, 3, "")
    return AgentPage(agent_id, date_from, date_to, profile, series, items, sessions)
