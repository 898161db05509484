"""The team scorecard: the manager's workbook over a period, for every team or one.

Sheets:

- **Team summary**: reviews, IQS with its 95% interval, pass rate and critical fails of the period
  and of the period before, per team, and per week with a line chart;
- **Agents**: one row per agent: reviews, IQS, interval, pass rate, critical fails and the change
  from the previous period (an Excel table: sort and filter);
- **Criteria heat map**: each agent's score per criterion, coloured by a colour scale (conditional
  formatting), the team's in the first row;
- **Reviewers**: per reviewer, as the Reports page shows them: reviews, median minutes, the mean
  score, pass rate and critical fails they gave, agents reviewed, and their severity: over the
  reviews with a comparison, their mean against the other reviewers' for the same agents, with its
  95% interval and a verdict only when the interval is clear of zero;
- **Raw data**: one row per review with a column per criterion plus score, reviewer, dates and
  comments, as an Excel table with filters, continued on further sheets past Excel's row limit
  (:mod:`qa_desk.reports.raw_sheet`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_desk.analytics import GroupStats, reviewer_stats
from qa_desk.analytics_criteria import MIN_RATINGS
from qa_desk.analytics_reviewers import VERDICT_WORDS, verdict
from qa_desk.db.models import Agent, Conversation, Review, Team
from qa_desk.errors import InputError, Problem
from qa_desk.periods import previous_period
from qa_desk.progress import CancelCheck, Progress, never_cancelled, no_progress
from qa_desk.reports import data
from qa_desk.reports.charts import line_chart
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
from qa_desk.reports.data import CriterionStats, FigureCache
from qa_desk.reports.excel_style import (
    EXCEL_MAX_ROWS,
    ORANGE,
    SKY,
    ReportBook,
    SheetBuilder,
    Styled,
)
from qa_desk.reports.output import check_writable
from qa_desk.reports.raw_rows import RawOutcome
from qa_desk.reports.raw_rows import write_raw as write_raw_sheets
from qa_desk.reports.scope import Scope, planned

SUMMARY, AGENTS, HEAT_MAP, REVIEWERS, RAW = (
    "Team summary",
    "Agents",
    "Criteria heat map",
    "Reviewers",
    "Raw data",
)


def _title(sheet: SheetBuilder, heading: str, scope: Scope, team: str, made: datetime) -> None:
    sheet.heading(heading, "QA title")
    sheet.heading(
        f"{team} · {scope.date_from:%Y-%m-%d} to {scope.date_to:%Y-%m-%d} · "
        f"made {made:%Y-%m-%d %H:%M} UTC",
        "QA subtitle",
    )


def _summary(
    sheet: SheetBuilder,
    figures: FigureCache,
    scope: Scope,
    team: str,
    made: datetime,
    all_teams: bool,
) -> None:
    _title(sheet, f"Team scorecard: {team}", scope, team, made)
    sheet.heading(
        "Counts current, submitted reviews (never calibration), dated by when they were "
        "submitted. IQS is the mean review score, shown with its 95% confidence interval.",
        "QA note",
    )
    sheet.blank()
    sheet.heading("Quality")
    sheet.header(*STATS_HEADER)
    before = previous_period(scope.date_from, scope.date_to)
    now_stats = figures.overall(scope)
    before_stats = figures.overall(scope.moved(before.start, before.end))
    sheet.add(*stats_cells(Styled("This period", "QA label"), now_stats))
    label = f"Previous period ({before.start:%Y-%m-%d} to {before.end:%Y-%m-%d})"
    sheet.add(*stats_cells(label, before_stats))
    moved = change(iqs(now_stats), iqs(before_stats))
    if moved is None:
        sheet.add("Change", None, Styled("no reviews in one of the periods", "QA note"))
    else:
        sheet.add("Change", None, Styled(moved, "QA change"))
    session = figures.session
    agents = figures.by(scope, Conversation.agent_id)
    reviewers = figures.by(scope, Review.reviewer_id)
    sheet.add("Agents reviewed", len(agents))
    sheet.add("Reviewers", len(reviewers))
    if all_teams:
        sheet.blank()
        sheet.heading("Teams")
        sheet.header("Team", *STATS_HEADER[1:])
        names = dict(session.execute(select(Team.id, Team.name)).all())
        rows = figures.by(scope, Conversation.team_id)
        for team_id, stats in sorted(rows.items(), key=lambda kv: -(kv[1].iqs or 0)):
            sheet.add(*stats_cells(names.get(team_id, "(no team)"), stats))
    sheet.blank()
    weeks_row = sheet.heading("Weeks")
    header = sheet.header("Week", "Reviews", "IQS", "Pass rate")
    for week in data.weekly_figures(session, scope):
        sheet.add(
            week.group,
            week.reviews,
            Styled(fraction(week.iqs), "QA percent"),
            Styled(week.pass_rate, "QA percent"),
        )
    if sheet.next_row - 1 > header:
        line_chart(
            sheet.ws,
            title="IQS by week",
            header_row=header,
            first_row=header + 1,
            last_row=sheet.next_row - 1,
            category_column=1,
            series_columns=[3],
            anchor=f"I{weeks_row}",
            x_title="Week (ISO)",
        )
    sheet.finish()


def _agent_rows(
    figures: FigureCache, scope: Scope
) -> list[tuple[str, str | None, GroupStats, GroupStats | None, int]]:
    """Per agent: name, team, figures now and in the previous period, agent id; best first."""
    session = figures.session
    before = previous_period(scope.date_from, scope.date_to)
    now = figures.by(scope, Conversation.agent_id)
    then = figures.by(scope.moved(before.start, before.end), Conversation.agent_id)
    agents = {
        a.id: (a.name, a.team.name if a.team else None)
        for a in session.scalars(select(Agent).where(Agent.id.in_([k for k in now if k])))
    }
    rows = [
        (*agents.get(agent_id, ("(no agent)", None)), stats, then.get(agent_id), agent_id)
        for agent_id, stats in now.items()
    ]
    rows.sort(key=lambda r: (-(r[2].iqs or 0.0), r[0]))
    return rows  # type: ignore[return-value]


def _agents(sheet: SheetBuilder, rows: list, scope: Scope, team: str, made: datetime) -> None:
    _title(sheet, f"Agents: {team}", scope, team, made)
    header = sheet.header("Agent", "Team", *STATS_HEADER[1:], "Previous IQS", "Change")
    for name, team_name, stats, before, _ in rows:
        label, *figures = stats_cells(name, stats)
        sheet.add(
            label,
            team_name,
            *figures,
            Styled(fraction(iqs(before)), "QA percent"),
            Styled(change(stats.iqs, iqs(before)), "QA change"),
        )
    last = max(sheet.next_row - 1, header)
    sheet.finish(freeze=f"B{header + 1}", title_rows=f"{header}:{header}", widths={1: 24.0})
    if last > header:
        rule = ColorScaleRule(
            start_type="num", start_value=0, start_color=ORANGE,
            mid_type="num", mid_value=0.8, mid_color="FFFFFF",
            end_type="num", end_value=1, end_color=SKY,
        )  # fmt: skip
        sheet.ws.conditional_formatting.add(f"D{header + 1}:D{last}", rule)


def _heat_map(
    sheet: SheetBuilder,
    figures: FigureCache,
    scope: Scope,
    rows: list,
    criterion_figures: dict[tuple[Any, str, str], CriterionStats],
    team: str,
    made: datetime,
) -> None:
    _title(sheet, f"Criteria heat map: {team}", scope, team, made)
    sheet.heading(
        f"In brackets, grey and not coloured: fewer than {MIN_RATINGS} ratings, too few to "
        "compare (as on the Reports page).",
        "QA subtitle",
    )
    criteria = data.criteria_in(figures.session, scope)
    names = data.column_names(criteria, ["Agent", "Reviews"])
    rubrics = [c.rubric if i == 0 or criteria[i - 1].rubric != c.rubric else None
               for i, c in enumerate(criteria)]  # fmt: skip
    if len(set(c.rubric for c in criteria)) > 1:
        sheet.add(Styled("Rubric", "QA label"), None, *(Styled(r, "QA label") for r in rubrics))
    header = sheet.header("Agent", "Reviews", *names)

    def cells(group: int | None) -> list[Styled]:
        found = [criterion_figures.get((group, c.rubric, c.id)) for c in criteria]
        return [_heat_cell(s) for s in found]

    total = figures.overall(scope)
    everyone = Styled(f"Everyone ({team})", "QA label")
    sheet.add(everyone, total.reviews if total else 0, *cells(None))
    for name, _, stats, _, agent_id in rows:
        sheet.add(name, stats.reviews, *cells(agent_id))
    widths = {i: 11.0 for i in range(3, len(names) + 3)}
    sheet.finish(
        freeze=f"C{header + 1}", title_rows=f"{header}:{header}", widths={1: 24.0, **widths}
    )
    last_row, last_column = sheet.next_row - 1, get_column_letter(len(names) + 2)
    if criteria and last_row > header:
        rule = ColorScaleRule(
            start_type="num", start_value=0, start_color=ORANGE,
            mid_type="num", mid_value=0.8, mid_color="FFFFFF",
            end_type="num", end_value=1, end_color=SKY,
        )  # fmt: skip
        sheet.ws.conditional_formatting.add(f"C{header + 1}:{last_column}{last_row}", rule)


def _heat_cell(stats: CriterionStats | None) -> Styled:
    """A heat-map cell: the score as a percentage, or with fewer than :data:`MIN_RATINGS`
    ratings the score as text in brackets, which the colour scale leaves white."""
    if stats is None or stats.score is None:
        return Styled(None, "QA percent")
    if stats.ratings < MIN_RATINGS:
        return Styled(f"({stats.score:.0%})", "QA few")
    return Styled(stats.score, "QA percent")


def _reviewers(
    sheet: SheetBuilder, figures: FigureCache, scope: Scope, team: str, made: datetime
) -> None:
    """The Reports page's reviewer statistics (:func:`qa_desk.analytics.reviewer_stats`): the
    severity compares each review with what the other reviewers gave the same agent in the same
    month with the same rubric, and only an interval clear of zero calls a reviewer harsher or
    more lenient."""
    _title(sheet, f"Reviewers: {team}", scope, team, made)
    header = sheet.header(
        "Reviewer", "Reviews", "Median minutes", "Mean score given", "Pass rate given",
        "Critical fails given", "Agents reviewed", "Compared", "Their mean", "Others' mean",
        "Difference", "95% CI", "Severity / leniency",
    )  # fmt: skip
    session = figures.session
    extras = data.reviewer_extras(session, scope)
    found = reviewer_stats(
        session, date_from=scope.date_from, date_to=scope.date_to, team_id=scope.team_id
    )
    for stats in found:
        agents, _ = extras.get(stats.reviewer_id, (0, None))
        severity = stats.severity
        interval = None
        if severity.low is not None and severity.high is not None:
            interval = f"{_signed(severity.low)} to {_signed(severity.high)}"
        median = None if stats.median_seconds is None else stats.median_seconds / 60
        sheet.add(
            stats.reviewer,
            stats.reviews,
            Styled(median, "QA number"),
            Styled(fraction(stats.given.iqs), "QA percent"),
            Styled(stats.given.pass_rate, "QA percent"),
            stats.given.critical_fails,
            agents,
            stats.compared,
            Styled(fraction(stats.own_mean), "QA percent"),
            Styled(fraction(stats.others_mean), "QA percent"),
            Styled(severity.mean if stats.compared else None, "QA change"),
            Styled(interval, "QA interval"),
            VERDICT_WORDS[verdict(stats)],
        )
    widths = {1: 24.0, 11: 12.0, 12: 17.0, 13: 24.0}  # the interval and the verdict in full
    sheet.finish(freeze=f"B{header + 1}", title_rows=f"{header}:{header}", widths=widths)


def _signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


def write_scorecard(
    session: Session,
    path: Path,
    date_from: date,
    date_to: date,
    *,
    team_id: int | None = None,
    mask_pii: bool = False,
    max_rows: int = EXCEL_MAX_ROWS,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
    now: datetime | None = None,
) -> ReportResult:
    """Write the team scorecard for the period (inclusive days), of one team or of all, to
    ``path``; raw data sheets hold at most ``max_rows`` rows each (the header included). Raises
    :class:`InputError` for an unknown team, a period ending before it starts or a path that
    cannot be written; :class:`qa_desk.errors.Cancelled` when cancelled (``path`` is then
    untouched)."""
    path = Path(path)
    check_period(date_from, date_to)
    check_writable(path)
    team = "All teams"
    if team_id is not None:
        found = session.get(Team, team_id)
        if found is None:
            raise InputError(Problem("", "team", f"no team with id {team_id}"))
        team = found.name
    made = now or datetime.now(UTC)
    progress(0, 0, "Adding up the figures")
    scope = planned(session, Scope(date_from, date_to, team_id=team_id))
    figures = FigureCache(session)
    rows = _agent_rows(figures, scope)
    book = ReportBook(mask_pii)
    # write-only sheets keep the order they are made in, and are filled in any order: the heat
    # map is filled last, from the criterion figures the raw data pass adds up
    summary, agents, heat_map, reviewers = (
        SheetBuilder(book, title) for title in (SUMMARY, AGENTS, HEAT_MAP, REVIEWERS)
    )
    raw: list[RawOutcome] = []

    def write_raw() -> None:
        raw.append(write_raw_sheets(book, session, scope, max_rows, progress, cancelled, RAW))

    steps = [
        (
            "Writing the summary",
            lambda: _summary(summary, figures, scope, team, made, team_id is None),
        ),
        ("Writing the agents", lambda: _agents(agents, rows, scope, team, made)),
        ("Writing the reviewers", lambda: _reviewers(reviewers, figures, scope, team, made)),
        ("Writing the raw data", write_raw),
        (
            "Writing the heat map",
            lambda: _heat_map(heat_map, figures, scope, rows, raw[0].criteria, team, made),
        ),
    ]
    write_book(book, path, steps, progress, cancelled)
    sheets = [SUMMARY, AGENTS, HEAT_MAP, REVIEWERS, *raw[0].sheets]
    return ReportResult(path, sheets, raw[0].rows, raw[0].rows)
