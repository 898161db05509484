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
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, case, func, select
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

if TYPE_CHECKING:  # pandas is imported where a frame is made: the command line starts faster
    import pandas as pd

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
    return select(Review.id).where(*_counted_conditions(date_from, date_to, rubric))


def _counted_conditions(
    date_from: date | None, date_to: date | None, rubric: str | None
) -> list[ColumnElement[bool]]:
    """The conditions on ``reviews`` that pick the reviews quality scores count."""
    start, end = _period_bounds(date_from, date_to)
    conditions: list[ColumnElement[bool]] = [
        # "is not false" rather than "is true" (the column is never null): with no statistics
        # SQLite would otherwise walk ix_reviews_current_submitted, whose first column matches
        # nearly every review, and look each one up: several times slower than reading the
        # table. With a period the index is worth it (its second column narrows the range).
        Review.is_current if start or end else Review.is_current.is_not(False),
        Review.status == "submitted",
        Review.is_calibration.is_(False),
    ]
    if start is not None:
        conditions.append(Review.submitted_at >= start)
    if end is not None:
        conditions.append(Review.submitted_at < end)
    if rubric is not None:
        conditions.append(
            Review.rubric_version_id.in_(
                select(RubricVersion.id)
                .join(Rubric, Rubric.id == RubricVersion.rubric_id)
                .where(Rubric.key == rubric)
            )
        )
    return conditions


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
    result = [
        _stats(group, n, total, squares, passed, critical)
        for group, (n, total, squares, passed, critical) in sums.items()
    ]
    if by in ("week", "month"):
        result.sort(key=lambda g: g.group)
    else:
        result.sort(key=lambda g: (-g.reviews, g.group))
    return result


def _stats(
    group: str,
    n: int,
    total: float,
    squares: float,
    passed: int,
    critical: int,
    rubric: str | None = None,
) -> GroupStats:
    interval = mean_interval(n, total, squares)
    return GroupStats(
        group=group,
        reviews=n,
        iqs=interval.mean,
        ci_low=interval.low,
        ci_high=interval.high,
        pass_rate=passed / n if n else None,
        critical_fails=critical,
        rubric=rubric,
    )


_Sums = tuple[int, float, float, int, int]
"""Per group: values counted, their sum, the sum of their squares, passes, critical fails."""


def _sums_columns(value: Any) -> tuple[Any, ...]:
    """The SQL aggregates of :data:`_Sums` for reviews (``value`` their score)."""
    return (
        func.count(value),
        func.sum(value),
        func.sum(value * value),
        func.sum(case((Review.passed.is_(True), 1), else_=0)),
        func.sum(case((Review.critical_fail.is_(True), 1), else_=0)),
    )


def _add(sums: dict[Any, _Sums], key: Any, row: tuple[Any, ...]) -> None:
    """Add one database row of sums (``n, total, squares, passed, critical``) to ``sums[key]``."""
    n, total, squares, passed, critical = row
    before = sums.get(key, (0, 0.0, 0.0, 0, 0))
    sums[key] = (
        before[0] + int(n),
        before[1] + float(total or 0.0),
        before[2] + float(squares or 0.0),
        before[3] + int(passed or 0),
        before[4] + int(critical or 0),
    )


def _group_sums(
    session: Session, by: str, date_from: date | None, date_to: date | None, rubric: str | None
) -> dict[str, _Sums]:
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
        select(key, *_sums_columns(Review.score))
        .select_from(Review)
        .where(*_counted_conditions(date_from, date_to, rubric), Review.score.is_not(None))
        .group_by(key)
    )
    if key.table is Conversation.__table__:
        statement = statement.join(Conversation, Conversation.id == Review.conversation_id)
    sums: dict[str, _Sums] = {}
    for value, *row in session.execute(statement):
        name = value if by == "channel" else names.get(value)
        _add(sums, f"(no {by})" if name is None else str(name), tuple(row))
    return sums


def _period_sums(
    session: Session, by: str, date_from: date | None, date_to: date | None, rubric: str | None
) -> dict[str, _Sums]:
    """The sums behind each week's (``2026-W07``, ISO weeks) or month's (``2026-03``) figures:
    the database groups by the day submitted (UTC), the days are then put in their period."""
    day = func.date(Review.submitted_at)
    statement = (
        select(day, *_sums_columns(Review.score))
        .where(*_counted_conditions(date_from, date_to, rubric), Review.score.is_not(None))
        .group_by(day)
    )
    sums: dict[str, _Sums] = {}
    for value, *row in session.execute(statement):
        when = date.fromisoformat(value) if isinstance(value, str) else value
        if by == "week":
            year, week, _ = when.isocalendar()
            period = f"{year}-W{week:02d}"
        else:
            period = f"{when.year}-{when.month:02d}"
        _add(sums, period, tuple(row))
    return sums


def _criterion_table(
    session: Session, date_from: date | None, date_to: date | None, rubric: str | None
) -> list[GroupStats]:
    """Per criterion (of each rubric): the mean of its fractions in percent over the counted
    reviews that rated it (N/A left out), the share rated at least half-way up the scale, and
    for a critical criterion how many ratings fell below that."""
    percent = Rating.fraction * 100.0
    statement = (
        select(
            Review.rubric_version_id,
            Rating.criterion_id,
            func.count(percent),
            func.sum(percent),
            func.sum(percent * percent),
            func.sum(case((Rating.fraction >= 0.5, 1), else_=0)),
            func.sum(case((Rating.fraction < 0.5, 1), else_=0)),
        )
        .select_from(Rating)
        .join(Review, Review.id == Rating.review_id)
        .where(*_counted_conditions(date_from, date_to, rubric), Rating.fraction.is_not(None))
        .group_by(Review.rubric_version_id, Rating.criterion_id)
    )
    keys = dict(
        session.execute(
            select(RubricVersion.id, Rubric.key).join(Rubric, Rubric.id == RubricVersion.rubric_id)
        ).all()
    )
    sums: dict[tuple[str, str], _Sums] = {}
    for version_id, criterion, *row in session.execute(statement):
        _add(sums, (str(keys.get(version_id)), str(criterion)), tuple(row))
    critical = _critical_criteria(session)
    result = [
        _stats(
            criterion,
            n,
            total,
            squares,
            passed,
            low if (rubric_key, criterion) in critical else 0,
            rubric=rubric_key,
        )
        for (rubric_key, criterion), (n, total, squares, passed, low) in sums.items()
    ]
    result.sort(key=lambda g: (g.rubric or "", g.iqs if g.iqs is not None else 101.0, g.group))
    return result
