"""Quality scores over groups of reviews: IQS with its n and 95% interval, pass rate, critical fails.

The quality score (IQS) of a group is the plain mean of its review scores (DESIGN.md). Only current,
submitted, non-calibration reviews with a score count; a review is dated by when it was submitted.
A criterion's score is the mean of its fractions over the reviews that rated it (no critical zeroing);
its pass rate is the share of those ratings at or above the middle of the scale (fraction ≥ 0.5), and
its critical fails are the ratings of a critical criterion below that.

This module is also the front door of the analytics API (plain dataclasses, no Qt), each part in a
module of its own and importable from here:

- :func:`quality_table`: figures per agent, team, reviewer, channel, rubric, criterion, week or month;
- :func:`trend`, :func:`trends_by` (:mod:`qa_desk.trends`): week or month series with the change
  against the previous period and, for agents, against their team;
- :func:`agent_profile` (:mod:`qa_desk.analytics_agent`): one agent for coaching;
- :func:`criteria_by_agent` (:mod:`qa_desk.analytics_criteria`): agents × criteria, a heat map;
- :func:`reviewer_stats` (:mod:`qa_desk.analytics_reviewers`): reviewers' work and severity;
- :func:`csat_vs_quality` (:mod:`qa_desk.analytics_csat`): CSAT against the quality score;
- :func:`reviews_behind` (:mod:`qa_desk.analytics_base`): the reviews behind any of these figures.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from qa_desk.analytics_agent import AgentProfile, CriterionResult, agent_profile, agents
from qa_desk.analytics_base import (
    GroupStats,
    ReviewRef,
    Sums,
    add_sums,
    counted_conditions,
    reviews_behind,
    stats_of,
    sums_columns,
)
from qa_desk.analytics_criteria import (
    CriteriaMatrix,
    CriterionCell,
    criteria_by_agent,
    criterion_sums,
)
from qa_desk.analytics_csat import CsatPoint, CsatVsQuality, csat_vs_quality
from qa_desk.analytics_feedback import LowReview, ReviewerComment, RootCauseCount
from qa_desk.analytics_reviewers import ReviewerStats, reviewer_stats
from qa_desk.db.models import (
    Agent,
    Conversation,
    Rating,
    Review,
    Rubric,
    RubricVersion,
    Team,
    User,
)
from qa_desk.trends import Trend, TrendPoint, trend, trends_by

if TYPE_CHECKING:  # pandas is imported where a frame is made: the command line starts faster
    import pandas as pd

GROUPINGS = ("agent", "team", "reviewer", "criterion", "channel", "week", "month", "rubric")

__all__ = [
    "GROUPINGS",
    "AgentProfile",
    "CriteriaMatrix",
    "CriterionCell",
    "CriterionResult",
    "CsatPoint",
    "CsatVsQuality",
    "GroupStats",
    "LowReview",
    "ReviewRef",
    "ReviewerComment",
    "ReviewerStats",
    "RootCauseCount",
    "Trend",
    "TrendPoint",
    "agent_profile",
    "agents",
    "counted_reviews",
    "criteria_by_agent",
    "csat_vs_quality",
    "quality_table",
    "rating_frame",
    "review_frame",
    "reviewer_stats",
    "reviews_behind",
    "trend",
    "trends_by",
]


def counted_reviews(
    date_from: date | None = None,
    date_to: date | None = None,
    rubric: str | None = None,
) -> Select:
    """The reviews quality scores count, as a SELECT of review ids to refine or join."""
    return select(Review.id).where(*counted_conditions(date_from, date_to, rubric))


def review_frame(
    session: Session,
    date_from: date | None = None,
    date_to: date | None = None,
    rubric: str | None = None,
) -> pd.DataFrame:
    """One row per counted review: id, score, passed, critical_fail, submitted_at, agent, team,
    reviewer, channel and rubric, with readable names."""
    import pandas as pd

    ids = counted_reviews(date_from, date_to, rubric).subquery()
    statement = (
        select(
            Review.id.label("review_id"),
            Review.score,
            Review.passed,
            Review.critical_fail,
            Review.submitted_at,
            Agent.name.label("agent"),
            Team.name.label("team"),
            User.name.label("reviewer"),
            Conversation.channel.label("channel"),
            Rubric.key.label("rubric"),
        )
        .join(ids, ids.c.id == Review.id)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .outerjoin(Agent, Agent.id == Conversation.agent_id)
        .outerjoin(Team, Team.id == Conversation.team_id)
        .join(User, User.id == Review.reviewer_id)
        .join(RubricVersion, RubricVersion.id == Review.rubric_version_id)
        .join(Rubric, Rubric.id == RubricVersion.rubric_id)
    )
    rows = session.execute(statement).all()
    frame = pd.DataFrame(
        rows,
        columns=[
            "review_id", "score", "passed", "critical_fail", "submitted_at", "agent", "team",
            "reviewer", "channel", "rubric",
        ],
    )  # fmt: skip
    frame["submitted_at"] = pd.to_datetime(frame["submitted_at"], utc=True)
    frame["score"] = frame["score"].astype("float64")
    return frame


def rating_frame(
    session: Session,
    date_from: date | None = None,
    date_to: date | None = None,
    rubric: str | None = None,
) -> pd.DataFrame:
    """One row per counted rating that is not N/A: review id, rubric, criterion id, fraction."""
    import pandas as pd

    ids = counted_reviews(date_from, date_to, rubric).subquery()
    statement = (
        select(Rating.review_id, Rubric.key, Rating.criterion_id, Rating.fraction)
        .join(ids, ids.c.id == Rating.review_id)
        .join(Review, Review.id == Rating.review_id)
        .join(RubricVersion, RubricVersion.id == Review.rubric_version_id)
        .join(Rubric, Rubric.id == RubricVersion.rubric_id)
        .where(Rating.fraction.is_not(None))
    )
    rows = session.execute(statement).all()
    frame = pd.DataFrame(rows, columns=["review_id", "rubric", "criterion", "fraction"])
    frame["fraction"] = frame["fraction"].astype("float64")
    return frame


def _critical_criteria(session: Session) -> set[tuple[str, str]]:
    critical = set()
    for key, definition in session.execute(
        select(Rubric.key, RubricVersion.definition).join(RubricVersion)
    ):
        for section in definition.get("sections", []):
            for criterion in section.get("criteria", []):
                if criterion.get("critical"):
                    critical.add((key, criterion["id"]))
    return critical


def quality_table(
    session: Session,
    by: str,
    date_from: date | None = None,
    date_to: date | None = None,
    rubric: str | None = None,
) -> list[GroupStats]:
    """Quality figures per group (``by`` one of :data:`GROUPINGS`), largest groups first
    (periods in time order; criteria by rubric, weakest first).

    The database adds up each group (one ``GROUP BY`` on ids, days or criteria); only the few
    groups it returns are named and merged here, so this stays quick on hundreds of thousands of
    reviews.
    """
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by '{by}' (one of: {', '.join(GROUPINGS)})")
    if by == "criterion":
        return _criterion_table(session, date_from, date_to, rubric)
    if by in ("week", "month"):
        sums = _period_sums(session, by, date_from, date_to, rubric)
    else:
        sums = _group_sums(session, by, date_from, date_to, rubric)
    result = [stats_of(group, group_sums) for group, group_sums in sums.items()]
    if by in ("week", "month"):
        result.sort(key=lambda g: g.group)
    else:
        result.sort(key=lambda g: (-g.reviews, g.group))
    return result


def _group_sums(
    session: Session, by: str, date_from: date | None, date_to: date | None, rubric: str | None
) -> dict[str, Sums]:
    """The sums behind each group's figures for agent, team, reviewer, channel or rubric: the
    database groups by the id, which is then named; groups of the same name are one group, and
    a group without a name is called ``(no agent)`` and so on."""
    names: dict[Any, str] = {}
    if by == "agent":
        key: Any = Conversation.agent_id
        names = dict(session.execute(select(Agent.id, Agent.name)).all())
    elif by == "team":
        key = Conversation.team_id
        names = dict(session.execute(select(Team.id, Team.name)).all())
    elif by == "reviewer":
        key = Review.reviewer_id
        names = dict(session.execute(select(User.id, User.name)).all())
    elif by == "rubric":
        key = Review.rubric_version_id
        names = dict(
            session.execute(
                select(RubricVersion.id, Rubric.key).join(
                    Rubric, Rubric.id == RubricVersion.rubric_id
                )
            ).all()
        )
    else:
        key = Conversation.channel
    statement = (
        select(key, *sums_columns(Review.score))
        .select_from(Review)
        .where(*counted_conditions(date_from, date_to, rubric), Review.score.is_not(None))
        .group_by(key)
    )
    if key.table is Conversation.__table__:
        statement = statement.join(Conversation, Conversation.id == Review.conversation_id)
    sums: dict[str, Sums] = {}
    for value, *row in session.execute(statement):
        name = value if by == "channel" else names.get(value)
        add_sums(sums, f"(no {by})" if name is None else str(name), tuple(row))
    return sums


def _period_sums(
    session: Session, by: str, date_from: date | None, date_to: date | None, rubric: str | None
) -> dict[str, Sums]:
    """The sums behind each week's (``2026-W07``, ISO weeks) or month's (``2026-03``) figures:
    the database groups by the day submitted (UTC), the days are then put in their period."""
    day = func.date(Review.submitted_at)
    statement = (
        select(day, *sums_columns(Review.score))
        .where(*counted_conditions(date_from, date_to, rubric), Review.score.is_not(None))
        .group_by(day)
    )
    sums: dict[str, Sums] = {}
    for value, *row in session.execute(statement):
        when = date.fromisoformat(value) if isinstance(value, str) else value
        if by == "week":
            year, week, _ = when.isocalendar()
            period = f"{year}-W{week:02d}"
        else:
            period = f"{when.year}-{when.month:02d}"
        add_sums(sums, period, tuple(row))
    return sums


def _criterion_table(
    session: Session, date_from: date | None, date_to: date | None, rubric: str | None
) -> list[GroupStats]:
    """Per criterion (of each rubric): the mean of its fractions in percent over the counted
    reviews that rated it (N/A left out), the share rated at least half-way up the scale, and
    for a critical criterion how many ratings fell below that."""
    sums = criterion_sums(session, counted_conditions(date_from, date_to, rubric))
    critical = _critical_criteria(session)
    result = [
        stats_of(
            criterion,
            (n, total, squares, n - low, low if (rubric_key, criterion) in critical else 0),
            rubric=rubric_key,
        )
        for (rubric_key, criterion), (n, total, squares, low, _) in sums.items()
    ]
    result.sort(key=lambda g: (g.rubric or "", g.iqs if g.iqs is not None else 101.0, g.group))
    return result
