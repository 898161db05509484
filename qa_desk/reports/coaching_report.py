"""The coaching report: one agent over a period, as a workbook a coach hands over or walks through
in a one-on-one.

Sheets:

- **Summary**: reviews, IQS with its 95% interval, pass rate and critical fails of the agent, of the
  agent's previous period and of the agent's team; the trend over the last periods of the same
  length against the team (with a line chart), and each criterion against the team (bar chart);
- **Strengths & focus areas**: the agent's best and weakest criteria, each with examples: the
  reviews behind them with the reviewers' comments and links to the review on the next sheet;
- **Reviews**: every review of the period with its ratings and comments;
- **Action items**: the open action items of the agent's coaching sessions, those agreed in the
  period, and the sessions held.

The figures come from :mod:`qa_desk.reports.data`; the sheets of the reviews and of the action
items are in :mod:`qa_desk.reports.coaching_sheets`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from qa_desk.analytics import GroupStats, agent_profile
from qa_desk.coaching import (
    ActionItemInfo,
    CoachingSessionInfo,
    action_items_of_agent,
    open_action_items,
    sessions_of_agent,
)
from qa_desk.db.models import Agent
from qa_desk.errors import InputError, Problem
from qa_desk.periods import Period, periods_up_to
from qa_desk.progress import CancelCheck, Progress, never_cancelled, no_progress
from qa_desk.reports import coaching_sheets, data
from qa_desk.reports.charts import bar_chart, line_chart
from qa_desk.reports.common import (
    STATS_HEADER,
    ReportResult,
    change,
    check_period,
    fraction,
    iqs,
    stats_cells,
    write_book,
)
from qa_desk.reports.data import CriterionInfo, CriterionStats
from qa_desk.reports.excel_style import ReportBook, SheetBuilder, Styled
from qa_desk.reports.output import check_writable
from qa_desk.reports.scope import Scope

TREND_PERIODS = 6
"""How many periods the trend reaches back: the report's period and those before it (from the
agent's first reviewed one, :func:`from_first_review`)."""
AREAS = 3
"""How many strengths and how many focus areas."""

SUMMARY, AREAS_SHEET, REVIEWS, ACTIONS = (
    "Summary",
    "Strengths & focus areas",
    "Reviews",
    "Action items",
)


TrendRow = tuple[Period, GroupStats | None, GroupStats | None]
"""A period of the trend with the agent's figures and the team's (None: no scored review)."""


def from_first_review(trend: list[TrendRow]) -> list[TrendRow]:
    """The trend without the periods before the agent's first scored review in it, as the
    Coaching page shows it: the earlier periods show where the agent comes from, so they start
    with a review. Without any, only the report's period (the last) is left."""
    first = next((i for i, (_, mine, _) in enumerate(trend) if mine), len(trend) - 1)
    return trend[first:]


@dataclass
class CoachingData:
    """Everything the coaching report shows, read before a sheet is written."""

    agent: Agent
    team_name: str | None
    period: Period
    previous: Period
    agent_stats: GroupStats | None
    previous_stats: GroupStats | None
    team_stats: GroupStats | None
    trend: list[TrendRow]
    criteria: list[CriterionInfo]
    agent_criteria: dict[tuple[str, str], CriterionStats]
    team_criteria: dict[tuple[str, str], CriterionStats]
    reviews: list[Any]
    ratings: dict[int, dict[str, tuple[str, float | None, str | None]]]
    rubric_of: dict[int, str]
    open_items: list[ActionItemInfo] = field(default_factory=list)
    period_items: list[ActionItemInfo] = field(default_factory=list)
    sessions: list[CoachingSessionInfo] = field(default_factory=list)
    strengths: list[tuple[str, str]] = field(default_factory=list)
    """(rubric, criterion) of the agent's strengths and focus areas as the Coaching page names
    them (:func:`qa_desk.analytics.agent_profile`), best and weakest first; ``rated_enough`` counts
    the criteria with enough ratings to be named at all."""
    focus: list[tuple[str, str]] = field(default_factory=list)
    rated_enough: int = 0


def collect(session: Session, agent: Agent, date_from: date, date_to: date) -> CoachingData:
    """Read the agent's figures, the team's, the trend, the criteria, reviews and action items."""
    scope = Scope(date_from, date_to, agent_id=agent.id)
    team_scope = Scope(date_from, date_to, team_id=agent.team_id)
    has_team = agent.team_id is not None
    periods = periods_up_to(date_from, date_to, TREND_PERIODS)
    trend = [
        (
            p,
            data.figures(session, scope.moved(p.start, p.end)),
            data.figures(session, team_scope.moved(p.start, p.end)) if has_team else None,
        )
        for p in periods
    ]
    previous = periods[-2]

    def by_criterion(of: Scope) -> dict[tuple[str, str], CriterionStats]:
        found = data.criterion_stats_by(session, of)
        return {(rubric, criterion): s for (_, rubric, criterion), s in found.items()}

    sessions = [
        s for s in sessions_of_agent(session, agent.id) if date_from <= s.held_on <= date_to
    ]
    profile = agent_profile(session, agent.id, date_from, date_to, top=AREAS)
    return CoachingData(
        agent=agent,
        team_name=agent.team.name if agent.team else None,
        period=periods[-1],
        previous=previous,
        agent_stats=trend[-1][1],
        previous_stats=trend[-2][1],
        team_stats=trend[-1][2],
        trend=from_first_review(trend),
        criteria=data.criteria_in(session, scope),
        agent_criteria=by_criterion(scope),
        team_criteria=by_criterion(team_scope) if has_team else {},
        reviews=list(data.iter_reviews(session, scope)),
        ratings=data.ratings_of(session, scope),
        rubric_of=data.rubric_keys(session),
        open_items=open_action_items(session, agent.id, before=_day_after(date_to)),
        period_items=action_items_of_agent(session, agent.id, date_from, date_to),
        sessions=sorted(sessions, key=lambda s: (s.held_on, s.id)),
        strengths=[(c.rubric, c.criterion) for c in profile.strongest],
        focus=[(c.rubric, c.criterion) for c in profile.weakest],
        rated_enough=sum(1 for c in profile.criteria if c.enough),
    )


def _day_after(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)


def _summary(book: ReportBook, found: CoachingData, made: datetime) -> None:
    sheet = SheetBuilder(book, SUMMARY)
    agent = found.agent
    team = found.team_name or "no team"
    period = found.period
    sheet.heading(f"Coaching report: {agent.name}", "QA title")
    sheet.heading(
        f"{team} · {period.start:%Y-%m-%d} to {period.end:%Y-%m-%d} · made {made:%Y-%m-%d %H:%M} UTC",
        "QA subtitle",
    )
    sheet.heading(
        "Counts current, submitted reviews (never calibration), dated by when they were "
        "submitted. IQS is the mean review score, shown with its 95% confidence interval.",
        "QA note",
    )
    sheet.blank()
    sheet.heading("Quality this period")
    sheet.header(*STATS_HEADER)
    previous = found.previous
    sheet.add(*stats_cells(Styled(agent.name, "QA label"), found.agent_stats))
    sheet.add(
        *stats_cells(
            f"Previous period ({previous.start:%Y-%m-%d} to {previous.end:%Y-%m-%d})",
            found.previous_stats,
        )
    )
    sheet.add(*stats_cells(f"Team ({team})", found.team_stats))
    now = iqs(found.agent_stats)
    sheet.add(
        "Change from the previous period",
        None,
        Styled(change(now, iqs(found.previous_stats)), "QA change"),
    )
    sheet.add(
        "Difference from the team", None, Styled(change(now, iqs(found.team_stats)), "QA change")
    )
    sheet.blank()

    trend_row = sheet.heading("Trend")
    header = sheet.header("Period", "From", "To", "Reviews", agent.name, f"Team ({team})")
    for p, mine, theirs in found.trend:
        sheet.add(
            p.label,
            p.start,
            p.end,
            mine.reviews if mine else 0,
            Styled(fraction(iqs(mine)), "QA percent"),
            Styled(fraction(iqs(theirs)), "QA percent"),
        )
    if len(found.trend) < 2:  # one point is no trend: say why instead of drawing it
        sheet.add(
            Styled(
                f"No reviews of {agent.name} in the {TREND_PERIODS - 1} periods before this "
                "one: no trend to chart yet.",
                "QA note",
            )
        )
        sheet.blank()
    else:
        line_chart(
            sheet.ws,
            title="IQS by period",
            header_row=header,
            first_row=header + 1,
            last_row=sheet.next_row - 1,
            category_column=1,
            series_columns=[5, 6],
            anchor=f"H{trend_row}",
            x_title="Period",
        )
        while sheet.next_row < trend_row + 20:  # room for the chart beside the table
            sheet.blank()

    criteria_row = sheet.heading("Criteria this period")
    header = sheet.header("Criterion", "Section", "Ratings", agent.name, "Team", "Difference")
    first = sheet.next_row
    for criterion in found.criteria:
        key = (criterion.rubric, criterion.id)
        mine_c = found.agent_criteria.get(key)
        theirs_c = found.team_criteria.get(key)
        if mine_c is None:
            continue
        score = mine_c.score
        team_score = theirs_c.score if theirs_c else None
        sheet.add(
            coaching_sheets.criterion_label(criterion),
            criterion.section,
            mine_c.ratings,
            Styled(score, "QA percent"),
            Styled(team_score, "QA percent"),
            Styled(
                None if score is None or team_score is None else (score - team_score) * 100,
                "QA change",
            ),
        )
    if sheet.next_row > first:
        bar_chart(
            sheet.ws,
            title="Criteria: agent and team",
            header_row=header,
            first_row=first,
            last_row=sheet.next_row - 1,
            category_column=1,
            series_columns=[4, 5],
            anchor=f"H{criteria_row}",
        )
    else:
        sheet.add(Styled("No ratings in this period.", "QA note"))
    sheet.finish()


def write_coaching_report(
    session: Session,
    path: Path,
    agent_id: int,
    date_from: date,
    date_to: date,
    *,
    mask_pii: bool = False,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
    now: datetime | None = None,
) -> ReportResult:
    """Write the coaching report of agent ``agent_id`` for the period (inclusive days) to
    ``path``. Raises :class:`InputError` for an unknown agent, a period that ends before it
    starts or a path that cannot be written; :class:`qa_desk.errors.Cancelled` when cancelled
    (``path`` is then untouched)."""
    path = Path(path)
    check_period(date_from, date_to)
    check_writable(path)
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise InputError(Problem("", "agent", f"no agent with id {agent_id}"))
    made = now or datetime.now(UTC)
    progress(0, 0, "Reading the reviews")
    found = collect(session, agent, date_from, date_to)
    book = ReportBook(mask_pii)
    steps = [
        ("Writing the summary", lambda: _summary(book, found, made)),
        (
            "Writing strengths and focus areas",
            lambda: coaching_sheets.areas_sheet(book, found, AREAS_SHEET, REVIEWS, AREAS),
        ),
        ("Writing the reviews", lambda: coaching_sheets.reviews_sheet(book, found, REVIEWS)),
        (
            "Writing the action items",
            lambda: coaching_sheets.actions_sheet(book, found, ACTIONS, made.date()),
        ),
    ]
    write_book(book, path, steps, progress, cancelled)
    return ReportResult(path, [SUMMARY, AREAS_SHEET, REVIEWS, ACTIONS], len(found.reviews))
