"""Quality scores over groups of reviews: IQS with its n and 95% interval, pass rate, critical fails.

The quality score (IQS) of a group is the plain mean of its review scores (DESIGN.md). Only current,
submitted, non-calibration reviews with a score count; a review is dated by when it was submitted.
A criterion's score is the mean of its fractions over the reviews that rated it (no critical zeroing);
its pass rate is the share of those ratings at or above the middle of the scale (fraction ≥ 0.5), and
its critical fails are the ratings of a critical criterion below that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session

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
from qa_desk.statistics import mean_interval

GROUPINGS = ("agent", "team", "reviewer", "criterion", "channel", "week", "month", "rubric")


@dataclass(frozen=True)
class GroupStats:
    """Quality figures for one group.

    Attributes:
        group: what the row is about (an agent's name, a team, a week such as ``2026-W07``...).
        reviews: the number of scored reviews (for a criterion: of ratings) behind the figures.
        iqs: the quality score in percent, None without reviews.
        ci_low, ci_high: its 95% confidence interval (None with fewer than two reviews).
        pass_rate: the share of reviews that passed, 0–1.
        critical_fails: how many reviews failed a critical criterion.
        rubric: the rubric id, for criterion rows (criteria are per rubric).
    """

    group: str
    reviews: int
    iqs: float | None
    ci_low: float | None
    ci_high: float | None
    pass_rate: float | None
    critical_fails: int
    rubric: str | None = None

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "group": self.group,
            "reviews": self.reviews,
            "iqs": _round(self.iqs),
            "ci_low": _round(self.ci_low),
            "ci_high": _round(self.ci_high),
            "pass_rate": _round(self.pass_rate, 4),
            "critical_fails": self.critical_fails,
        }
        if self.rubric is not None:
            data["rubric"] = self.rubric
        return data


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _period_bounds(
    date_from: date | None, date_to: date | None
) -> tuple[datetime | None, datetime | None]:
    """Inclusive calendar days as a half-open UTC range."""
    start = datetime.combine(date_from, time.min, UTC) if date_from else None
    end = datetime.combine(date_to + timedelta(days=1), time.min, UTC) if date_to else None
    return start, end


def counted_reviews(
    date_from: date | None = None,
    date_to: date | None = None,
    rubric: str | None = None,
) -> Select:
    """The reviews quality scores count, as a SELECT of review ids to refine or join."""
    start, end = _period_bounds(date_from, date_to)
    conditions = [
        Review.is_current,
        Review.status == "submitted",
        Review.is_calibration.is_(False),
    ]
    if start is not None:
        conditions.append(Review.submitted_at >= start)
    if end is not None:
        conditions.append(Review.submitted_at < end)
    statement = select(Review.id).where(and_(*conditions))
    if rubric is not None:
        statement = (
            statement.join(RubricVersion, RubricVersion.id == Review.rubric_version_id)
            .join(Rubric, Rubric.id == RubricVersion.rubric_id)
            .where(Rubric.key == rubric)
        )
    return statement


def review_frame(
    session: Session,
    date_from: date | None = None,
    date_to: date | None = None,
    rubric: str | None = None,
) -> pd.DataFrame:
    """One row per counted review: id, score, passed, critical_fail, submitted_at, agent, team,
    reviewer, channel and rubric, with readable names."""
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
    (periods in time order)."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by '{by}' (one of: {', '.join(GROUPINGS)})")
    if by == "criterion":
        return _criterion_table(session, date_from, date_to, rubric)
    frame = review_frame(session, date_from, date_to, rubric)
    frame = frame[frame["score"].notna()]
    if by == "week":
        iso = frame["submitted_at"].dt.isocalendar()
        keys = iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)
    elif by == "month":
        keys = frame["submitted_at"].dt.strftime("%Y-%m")
    else:
        keys = frame[by].fillna(f"(no {by})")
    frame = frame.assign(key=keys.values, square=frame["score"] ** 2)
    grouped = frame.groupby("key", sort=False).agg(
        n=("score", "size"),
        total=("score", "sum"),
        squares=("square", "sum"),
        passed=("passed", "sum"),
        critical=("critical_fail", "sum"),
    )
    result = []
    for key, row in grouped.iterrows():
        n = int(row["n"])
        interval = mean_interval(n, float(row["total"]), float(row["squares"]))
        result.append(
            GroupStats(
                group=str(key),
                reviews=n,
                iqs=interval.mean,
                ci_low=interval.low,
                ci_high=interval.high,
                pass_rate=float(row["passed"]) / n if n else None,
                critical_fails=int(row["critical"]),
            )
        )
    if by in ("week", "month"):
        result.sort(key=lambda g: g.group)
    else:
        result.sort(key=lambda g: (-g.reviews, g.group))
    return result


def _criterion_table(
    session: Session, date_from: date | None, date_to: date | None, rubric: str | None
) -> list[GroupStats]:
    frame = rating_frame(session, date_from, date_to, rubric)
    critical = _critical_criteria(session)
    result = []
    for (rubric_key, criterion), part in frame.groupby(["rubric", "criterion"], sort=False):
        percent = part["fraction"] * 100.0
        n = int(percent.count())
        interval = mean_interval(n, float(percent.sum()), float((percent * percent).sum()))
        is_critical = (rubric_key, criterion) in critical
        result.append(
            GroupStats(
                group=str(criterion),
                reviews=n,
                iqs=interval.mean,
                ci_low=interval.low,
                ci_high=interval.high,
                pass_rate=float((part["fraction"] >= 0.5).sum()) / n if n else None,
                critical_fails=int((part["fraction"] < 0.5).sum()) if is_critical else 0,
                rubric=str(rubric_key),
            )
        )
    result.sort(key=lambda g: (g.rubric or "", g.iqs if g.iqs is not None else 101.0))
    return result
