"""The team overview the Reports page shows, read in one go (off the window's thread there): quality per team and agent
with a trend and the change from the previous period, the criteria heat map, reviewer statistics
and CSAT against QA, for a period and optionally one team.

Everything comes from the analytics core (:mod:`qa_desk.analytics`), which counts the reviews the
same way everywhere (current, submitted, not calibration, dated by submission); the few sums the
core has no front door for (teams × agents, every CSAT point) are built from its own pieces
(:mod:`qa_desk.analytics_base`), so a number here and the reviews listed behind it always agree.
:func:`load_report` runs in the page's worker and is tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from qa_desk.analytics import (
    CriteriaMatrix,
    CsatVsQuality,
    GroupStats,
    ReviewerStats,
    criteria_by_agent,
    csat_vs_quality,
    reviewer_stats,
    trends_by,
)
from qa_desk.analytics_base import (
    NO_SUMS,
    Sums,
    add_sums,
    counted_conditions,
    group_conditions,
    moments,
    newest_counted_review,
    stats_of,
    sums_columns,
)
from qa_desk.db import Database
from qa_desk.db.models import Agent, Conversation, Review, Rubric, RubricVersion, Team
from qa_desk.periods import previous_period
from qa_desk.progress import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from qa_desk.statistics import Difference, difference_interval

WEEKLY_UP_TO_DAYS = 92
"""Periods up to this long get a weekly trend line, longer ones a monthly one."""
TREND_WEEKS = 12
TREND_MONTHS = 12
NO_TEAM = "(no team)"
NO_AGENT = "(no agent)"


@dataclass(frozen=True)
class ReportFilter:
    """What the page shows: a period of inclusive days (UTC) and a team (None: every team)."""

    date_from: date
    date_to: date
    team_id: int | None = None


@dataclass(frozen=True)
class QualityRow:
    """A team's or an agent's quality figures.

    Attributes:
        kind: ``team``, ``agent`` or ``everyone``.
        name: the team's or agent's name.
        team_id, team: the team (the conversations' team; None for conversations without one).
        agent_id: the agent (agent rows; None for conversations without an agent).
        stats: the figures of the period.
        previous: the figures of the period before (None without reviews then).
        change: this period's IQS minus the previous one's, with its interval.
        trend: the IQS of each period of :attr:`ReportData.trend_periods` (None: no reviews).
        agents: a team row's agents (their reviews in this team's conversations).
    """

    kind: str
    name: str
    team_id: int | None
    team: str
    agent_id: int | None
    stats: GroupStats
    previous: GroupStats | None
    change: Difference | None
    trend: tuple[float | None, ...] = ()
    agents: list[QualityRow] = field(default_factory=list)


@dataclass(frozen=True)
class CsatPair:
    """A conversation (database and external id) with both a CSAT and a quality score (the mean
    of its counted reviews)."""

    conversation_id: int
    conversation: str
    csat: float
    quality: float
    reviews: int


@dataclass(frozen=True)
class ReportData:
    """Everything the page shows for one :class:`ReportFilter`.

    Attributes:
        filter: what was asked for.
        previous_from, previous_to: the period compared with (of the same length, just before).
        reviews: counted reviews in the period (scored or not).
        overall: every scored review of the period, as a row (``kind`` ``everyone``) with the
            figures of the period before and the change.
        teams: a row per team, each with its agents.
        trend_period, trend_periods: ``week`` or ``month`` and the labels of the trend lines' points.
        matrices: agents × criteria, per rubric, the most used rubric first.
        reviewers: reviewer statistics.
        csat: CSAT against quality (correlations and the conversations where they disagree).
        csat_pairs: every conversation with both figures (the scatter's points).
        latest: the day of the newest counted review anywhere (to offer when the period is empty).
        team_choices: every team as ``(id, name)`` by name, for the team filter.
    """

    filter: ReportFilter
    previous_from: date
    previous_to: date
    reviews: int
    overall: QualityRow
    teams: list[QualityRow]
    trend_period: str
    trend_periods: list[str]
    matrices: dict[str, CriteriaMatrix]
    reviewers: list[ReviewerStats]
    csat: CsatVsQuality
    csat_pairs: list[CsatPair]
    latest: date | None
    team_choices: list[tuple[int, str]]

    @property
    def agent_count(self) -> int:
        return len({row.agent_id for team in self.teams for row in team.agents})


def trend_span(date_from: date, date_to: date) -> tuple[str, date]:
    """The trend lines' granularity and first day: weeks for periods up to about three months,
    reaching back at least :data:`TREND_WEEKS` weeks; months otherwise (at least
    :data:`TREND_MONTHS`)."""
    if (date_to - date_from).days < WEEKLY_UP_TO_DAYS:
        return "week", min(date_from, date_to - timedelta(weeks=TREND_WEEKS - 1))
    back = date_to.year * 12 + date_to.month - TREND_MONTHS
    return "month", min(date_from, date(back // 12, back % 12 + 1, 1))


def _team_agent_sums(
    session: Session, conditions: list[ColumnElement[bool]]
) -> dict[tuple[int | None, int | None], Sums]:
    """Sums per (conversation team, agent) of the counted, scored reviews meeting ``conditions``."""
    keys = (Conversation.team_id, Conversation.agent_id)
    statement = (
        select(*keys, *sums_columns(Review.score))
        .select_from(Review)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .where(*conditions, Review.score.is_not(None))
        .group_by(*keys)
    )
    sums: dict[tuple[int | None, int | None], Sums] = {}
    for team_id, agent_id, *row in session.execute(statement):
        add_sums(sums, (team_id, agent_id), tuple(row))
    return sums


def _total(sums: dict[tuple[int | None, int | None], Sums], team_id: Any = ...) -> Sums:
    """The sums of one team's rows (``team_id``), or of every row."""
    total: dict[None, Sums] = {}
    for (row_team, _), row in sums.items():
        if team_id is ... or row_team == team_id:
            add_sums(total, None, row)
    return total.get(None, NO_SUMS)


def _trend_lines(
    session: Session, report: ReportFilter
) -> tuple[str, list[str], dict[tuple[str, Any], tuple[float | None, ...]]]:
    """The trend lines of every team and agent: ``(granularity, labels, lines by (kind, id))``.
    An agent's line counts all their reviews in the selection (every team's, or the one asked)."""
    period, trend_from = trend_span(report.date_from, report.date_to)
    lines: dict[tuple[str, Any], tuple[float | None, ...]] = {}
    labels: list[str] = []
    for by in ("team", "agent"):
        for series in trends_by(
            session, by, period, team_id=report.team_id, date_from=trend_from,
            date_to=report.date_to,
        ):  # fmt: skip
            labels = [p.period for p in series.points]
            lines[(by, series.key)] = tuple(p.stats.iqs for p in series.points)
    return period, labels, lines


def _row(
    kind: str,
    name: str,
    team: tuple[int | None, str],
    agent_id: int | None,
    now: Sums,
    then: Sums,
    trend: tuple[float | None, ...],
    agents: list[QualityRow] | None = None,
) -> QualityRow:
    return QualityRow(
        kind, name, team[0], team[1], agent_id, stats_of(name, now),
        stats_of(name, then) if then[0] else None,
        difference_interval(moments(now), moments(then)) if then[0] else None,
        trend, agents or [],
    )  # fmt: skip


def _quality_rows(
    session: Session, report: ReportFilter, previous: tuple[date, date]
) -> tuple[list[QualityRow], QualityRow, str, list[str]]:
    """Team rows with their agents (largest team first, agents by name), a row of every review
    (``everyone``), and the trend lines' granularity and labels."""
    team_filter = group_conditions(team_id=report.team_id)
    now = _team_agent_sums(
        session, counted_conditions(report.date_from, report.date_to) + team_filter
    )
    then = _team_agent_sums(session, counted_conditions(*previous) + team_filter)
    period, labels, lines = _trend_lines(session, report)
    team_names = dict(session.execute(select(Team.id, Team.name)).all())
    agent_names = dict(session.execute(select(Agent.id, Agent.name)).all())
    rows = []
    for team_id in {t for t, _ in now}:
        team = (team_id, team_names.get(team_id, NO_TEAM) if team_id is not None else NO_TEAM)
        agents = [
            _row(
                "agent", agent_names.get(agent_id, NO_AGENT) if agent_id is not None else NO_AGENT,
                team, agent_id, sums, then.get((team_id, agent_id), NO_SUMS),
                lines.get(("agent", agent_id), ()),
            )
            for (row_team, agent_id), sums in now.items()
            if row_team == team_id
        ]  # fmt: skip
        agents.sort(key=lambda r: (r.name.casefold(), r.agent_id or 0))
        rows.append(
            _row(
                "team", team[1], team, None, _total(now, team_id), _total(then, team_id),
                lines.get(("team", team_id), ()), agents,
            )
        )  # fmt: skip
    rows.sort(key=lambda r: (-r.stats.reviews, r.name.casefold()))
    everyone = _row(
        "everyone", "everyone", (report.team_id, ""), None, _total(now), _total(then), ()
    )
    return rows, everyone, period, labels


def _csat_pairs(session: Session, report: ReportFilter) -> list[CsatPair]:
    """Every conversation with a CSAT and a counted, scored review in the selection, with the mean
    of those reviews' scores (as :func:`qa_desk.analytics.csat_vs_quality` pairs them)."""
    conditions = counted_conditions(report.date_from, report.date_to) + group_conditions(
        team_id=report.team_id
    )
    statement = (
        select(
            Conversation.id,
            Conversation.external_id,
            Conversation.csat,
            func.count(Review.score),
            func.sum(Review.score),
        )
        .select_from(Review)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .where(*conditions, Review.score.is_not(None), Conversation.csat.is_not(None))
        .group_by(Conversation.id, Conversation.external_id, Conversation.csat)
        .order_by(Conversation.id)
    )
    return [
        CsatPair(conversation_id, external, float(csat), float(total) / n, int(n))
        for conversation_id, external, csat, n, total in session.execute(statement)
    ]


def _rubrics(session: Session, report: ReportFilter) -> list[str]:
    """The rubrics of the selection's reviews, the most used first."""
    conditions = counted_conditions(report.date_from, report.date_to) + group_conditions(
        team_id=report.team_id
    )
    statement = (
        select(Rubric.key, func.count(Review.id))
        .select_from(Review)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .join(RubricVersion, RubricVersion.id == Review.rubric_version_id)
        .join(Rubric, Rubric.id == RubricVersion.rubric_id)
        .where(*conditions)
        .group_by(Rubric.key)
    )
    counts = session.execute(statement).all()
    return [key for key, _ in sorted(counts, key=lambda kv: (-kv[1], kv[0]))]


def _counted(session: Session, report: ReportFilter) -> tuple[int, date | None]:
    """How many reviews the selection counts, and the day of the newest counted review."""
    conditions = counted_conditions(report.date_from, report.date_to) + group_conditions(
        team_id=report.team_id
    )
    count = session.scalar(
        select(func.count(Review.id))
        .join(Conversation, Conversation.id == Review.conversation_id)
        .where(*conditions)
    )
    return int(count or 0), newest_counted_review(session)


STEPS = ("Counting reviews", "Teams and agents", "Criteria", "Reviewers", "CSAT")


def load_report(
    db: Database,
    report: ReportFilter,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> ReportData:
    """Read everything the page shows for ``report`` (the work done in the worker)."""
    previous = previous_period(report.date_from, report.date_to)
    dates = {"date_from": report.date_from, "date_to": report.date_to}
    with db.reader() as session:
        progress(0, len(STEPS), STEPS[0])
        reviews, latest = _counted(session, report)
        check_cancel(cancelled)
        progress(1, len(STEPS), STEPS[1])
        teams, overall, period, labels = _quality_rows(
            session, report, (previous.start, previous.end)
        )
        check_cancel(cancelled)
        progress(2, len(STEPS), STEPS[2])
        matrices = {
            rubric: criteria_by_agent(session, team_id=report.team_id, rubric=rubric, **dates)
            for rubric in _rubrics(session, report)
        }
        check_cancel(cancelled)
        progress(3, len(STEPS), STEPS[3])
        reviewers = reviewer_stats(session, team_id=report.team_id, **dates)
        check_cancel(cancelled)
        progress(4, len(STEPS), STEPS[4])
        csat = csat_vs_quality(session, team_id=report.team_id, **dates)
        pairs = _csat_pairs(session, report)
        team_choices = [
            (team_id, name)
            for team_id, name in session.execute(select(Team.id, Team.name).order_by(Team.name))
        ]
        progress(5, len(STEPS), "")
    return ReportData(
        report, previous.start, previous.end, reviews,
        overall, teams, period, labels,
        matrices, reviewers, csat, pairs, latest, team_choices,
    )  # fmt: skip
