"""What the analytics modules share: which reviews count, group figures from SQL sums, periods,
the rubrics' criteria, and references to the reviews behind a number.

Every figure counts the same reviews as :func:`qa_desk.analytics.quality_table`: current, submitted,
non-calibration reviews, dated by when they were submitted (UTC), and for scores only those with a
score. A number a screen shows can be traced back with :func:`reviews_behind`, given the same filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Date, case, cast, func, literal_column, select
from sqlalchemy.orm import Session

from qa_desk.db.models import Agent, Conversation, Review, Rubric, RubricVersion, User
from qa_desk.statistics import mean_interval

PERIODS = ("week", "month")


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


Sums = tuple[int, float, float, int, int]
"""Per group: values counted, their sum, the sum of their squares, passes, critical fails."""

NO_SUMS: Sums = (0, 0.0, 0.0, 0, 0)


def sums_columns(value: Any) -> tuple[Any, ...]:
    """The SQL aggregates of :data:`Sums` for reviews (``value`` their score)."""
    return (
        func.count(value),
        func.sum(value),
        func.sum(value * value),
        func.sum(case((Review.passed.is_(True), 1), else_=0)),
        func.sum(case((Review.critical_fail.is_(True), 1), else_=0)),
    )


def add_sums(sums: dict[Any, Sums], key: Any, row: tuple[Any, ...]) -> None:
    """Add one database row of sums (``n, total, squares, passed, critical``) to ``sums[key]``."""
    n, total, squares, passed, critical = row
    before = sums.get(key, NO_SUMS)
    sums[key] = (
        before[0] + int(n),
        before[1] + float(total or 0.0),
        before[2] + float(squares or 0.0),
        before[3] + int(passed or 0),
        before[4] + int(critical or 0),
    )


def moments(sums: Sums) -> tuple[int, float, float]:
    """``(n, sum, sum of squares)``, what the interval functions of :mod:`qa_desk.statistics` take."""
    return sums[0], sums[1], sums[2]


def stats_of(group: str, sums: Sums, rubric: str | None = None) -> GroupStats:
    """The figures of a group from its sums."""
    n, total, squares, passed, critical = sums
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


def period_bounds(
    date_from: date | None, date_to: date | None
) -> tuple[datetime | None, datetime | None]:
    """Inclusive calendar days as a half-open UTC range."""
    start = datetime.combine(date_from, time.min, UTC) if date_from else None
    end = datetime.combine(date_to + timedelta(days=1), time.min, UTC) if date_to else None
    return start, end


def counted_conditions(
    date_from: date | None = None, date_to: date | None = None, rubric: str | None = None
) -> list[ColumnElement[bool]]:
    """The conditions on ``reviews`` that pick the reviews quality scores count."""
    start, end = period_bounds(date_from, date_to)
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


def group_conditions(
    agent_id: int | None = None,
    team_id: int | None = None,
    reviewer_id: int | None = None,
    channel: str | None = None,
) -> list[ColumnElement[bool]]:
    """Conditions narrowing the reviews to one agent, team (the conversation's), reviewer or
    channel; all but the reviewer's need ``conversations`` joined."""
    conditions: list[ColumnElement[bool]] = []
    if agent_id is not None:
        conditions.append(Conversation.agent_id == agent_id)
    if team_id is not None:
        conditions.append(Conversation.team_id == team_id)
    if reviewer_id is not None:
        conditions.append(Review.reviewer_id == reviewer_id)
    if channel is not None:
        conditions.append(Conversation.channel == channel)
    return conditions


def newest_counted_review(
    session: Session, agent_id: int | None = None, team_id: int | None = None
) -> date | None:
    """The day the newest review that quality scores count was submitted (of one agent or team),
    None when there is none: where to look when a period holds no reviews."""
    statement = select(func.max(Review.submitted_at)).where(*counted_conditions())
    if agent_id is not None or team_id is not None:
        statement = statement.join(Conversation, Conversation.id == Review.conversation_id).where(
            *group_conditions(agent_id=agent_id, team_id=team_id)
        )
    newest = session.scalar(statement)
    return newest.date() if newest is not None else None


def needs_conversation(*expressions: Any) -> bool:
    """Whether any of these conditions or columns reads ``conversations`` (to join it only then)."""
    tables = set()
    for expression in expressions:
        tables.update(getattr(expression, "_from_objects", ()))
    return Conversation.__table__ in tables


# --- periods ---------------------------------------------------------------------------------


def period_start(day: date, period: str) -> date:
    """The first day of the ISO week (a Monday) or the month holding ``day``."""
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    raise ValueError(f"no period '{period}' (one of: {', '.join(PERIODS)})")


def next_period(start: date, period: str) -> date:
    """The first day of the period after the one starting on ``start``."""
    if period == "week":
        return start + timedelta(days=7)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def period_label(start: date, period: str) -> str:
    """``2026-W07`` for an ISO week, ``2026-03`` for a month (as ``qa-desk stats`` writes them)."""
    if period == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{start.year}-{start.month:02d}"


def periods_between(first: date, last: date, period: str) -> list[date]:
    """The first days of every period from the one holding ``first`` to the one holding ``last``."""
    starts = []
    current, end = period_start(first, period), period_start(last, period)
    while current <= end:
        starts.append(current)
        current = next_period(current, period)
    return starts


def period_day(session: Session, period: str | None) -> ColumnElement[Any]:
    """SQL for the first day (UTC) of the period of each review's submission, so the database
    groups by period; where the database has no such function, the day itself (callers put
    days in their periods with :func:`as_period_start`)."""
    column = Review.submitted_at
    dialect = session.get_bind().dialect.name
    if period == "month" and dialect == "sqlite":
        return func.date(column, literal_column("'start of month'"))
    if period == "week" and dialect == "sqlite":
        return func.date(column, literal_column("'-6 days'"), literal_column("'weekday 1'"))
    if period in PERIODS and dialect == "postgresql":
        return cast(func.date_trunc(literal_column(f"'{period}'"), column), Date)
    return func.date(column)


def as_period_start(value: Any, period: str) -> date:
    """A day from :func:`period_day` (a date, or ISO text from SQLite) as its period's first day."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(day, datetime):
        day = day.date()
    return period_start(day, period)


# --- rubrics and criteria --------------------------------------------------------------------


def rubric_keys(session: Session) -> dict[int, str]:
    """The rubric id (key) of every rubric version, by version id."""
    statement = select(RubricVersion.id, Rubric.key).join(
        Rubric, Rubric.id == RubricVersion.rubric_id
    )
    return {version_id: key for version_id, key in session.execute(statement)}


@dataclass(frozen=True)
class CriterionInfo:
    """What a screen shows about a criterion, from the newest version of its rubric that has it.

    ``order`` is its place in the rubric (sections in order), for columns and lists.
    """

    rubric: str
    criterion: str
    name: str
    section: str
    weight: int
    critical: bool
    order: int


def criterion_catalog(session: Session) -> dict[tuple[str, str], CriterionInfo]:
    """Every criterion of every rubric by ``(rubric id, criterion id)``; a criterion dropped
    from a newer version keeps its description from the last version that had it."""
    catalog: dict[tuple[str, str], CriterionInfo] = {}
    statement = (
        select(Rubric.key, RubricVersion.definition)
        .join(Rubric, Rubric.id == RubricVersion.rubric_id)
        .order_by(Rubric.key, RubricVersion.version.desc())
    )
    for key, definition in session.execute(statement):
        order = 0
        for section in definition.get("sections", []):
            for criterion in section.get("criteria", []):
                order += 1
                catalog.setdefault(
                    (key, criterion["id"]),
                    CriterionInfo(
                        rubric=key,
                        criterion=criterion["id"],
                        name=criterion.get("name", criterion["id"]),
                        section=section.get("name", section.get("id", "")),
                        weight=int(criterion.get("weight", 1)),
                        critical=bool(criterion.get("critical", False)),
                        order=order,
                    ),
                )
    return catalog


def describe(
    catalog: dict[tuple[str, str], CriterionInfo], rubric: str, criterion: str
) -> CriterionInfo:
    """The catalog's entry, or a bare one for a criterion no stored version describes."""
    found = catalog.get((rubric, criterion))
    return found or CriterionInfo(rubric, criterion, criterion, "", 1, False, 10_000)


# --- the reviews behind a number -------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRef:
    """One review behind a figure, with what a screen needs to open it.

    ``conversation`` is the conversation's external id (as in the help desk) and ``source`` where
    it came from; ``conversation_id`` and ``review_id`` are the database ids.
    """

    review_id: int
    conversation_id: int
    conversation: str
    source: str
    channel: str | None
    submitted_at: datetime | None
    agent: str | None
    reviewer: str
    rubric: str
    score: float | None
    critical_fail: bool
    passed: bool | None
    comment: str | None


def reviews_behind(
    session: Session,
    *,
    agent_id: int | None = None,
    team_id: int | None = None,
    reviewer_id: int | None = None,
    channel: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    rubric: str | None = None,
    review_ids: list[int] | None = None,
) -> list[ReviewRef]:
    """The counted reviews a figure with this filter stands on, oldest first (scored or not: a
    review without a score is listed but counts in no average)."""
    columns = (
        Review.id, Review.conversation_id, Conversation.external_id, Conversation.source,
        Conversation.channel, Review.submitted_at, Agent.name, User.name, Rubric.key,
        Review.score, Review.critical_fail, Review.passed, Review.comment,
    )  # fmt: skip
    statement = (
        select(*columns)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .outerjoin(Agent, Agent.id == Conversation.agent_id)
        .join(User, User.id == Review.reviewer_id)
        .join(RubricVersion, RubricVersion.id == Review.rubric_version_id)
        .join(Rubric, Rubric.id == RubricVersion.rubric_id)
        .where(
            *counted_conditions(date_from, date_to, rubric),
            *group_conditions(agent_id, team_id, reviewer_id, channel),
        )
        .order_by(Review.submitted_at, Review.id)
    )
    if review_ids is not None:
        statement = statement.where(Review.id.in_(review_ids))
    return [
        ReviewRef(*row[:10], critical_fail=bool(row[10]), passed=row[11], comment=row[12])
        for row in session.execute(statement)
    ]
