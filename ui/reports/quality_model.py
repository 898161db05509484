"""The quality table of the Reports page: a row per team with its agents beneath it (or every
agent in one flat list), each with its reviews, IQS, interval, pass rate, critical fails, change
from the previous period and a trend line.

Every number cell carries the selection behind it (:data:`~ui.reports.figures.BEHIND_ROLE`) and a
value to sort by (:data:`~ui.reports.figures.SORT_ROLE`); a proxy model sorts teams among teams and
agents within their team.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from qa_desk.reports.overview import QualityRow, ReportData, trend_span
from ui import theme
from ui.reports import drill_down, figures
from ui.reports.drill_down import ReviewsBehind
from ui.reports.figures import BEHIND_ROLE, MISSING, RIGHT, SORT_ROLE, TREND_ROLE, tr, trn

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
NAME, TEAM, REVIEWS, IQS, CI, PASS_RATE, CRITICAL, CHANGE, TREND = range(9)
FIGURES = {
    REVIEWS: drill_down.REVIEWS, IQS: drill_down.IQS, CI: drill_down.INTERVAL,
    PASS_RATE: drill_down.PASS_RATE, CRITICAL: drill_down.CRITICAL, CHANGE: drill_down.CHANGE,
    TREND: drill_down.TREND,
}  # fmt: skip
"""What each number column is, for the dialog listing the reviews behind a cell."""


class QualityModel(QAbstractItemModel):
    """Teams and agents with their quality figures.

    Attributes:
        data_set: the report shown (None: nothing yet).
        grouped: agents under their team (a tree), or every agent in one list.
        rows: the top-level rows (teams when grouped, else agents).
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.data_set: ReportData | None = None
        self.grouped = True
        self.rows: list[QualityRow] = []
        self.headers = [
            tr("Team / agent"), tr("Team"), tr("Reviews"), tr("IQS"), tr("95% CI"),
            tr("Pass rate"), tr("Critical fails"), tr("Change"), tr("Trend"),
        ]  # fmt: skip

    def set_report(self, data: ReportData | None, grouped: bool | None = None) -> None:
        self.beginResetModel()
        self.data_set = data
        if grouped is not None:
            self.grouped = grouped
        teams = data.teams if data is not None else []
        self.rows = teams if self.grouped else [a for team in teams for a in team.agents]
        self.endResetModel()

    # --- structure -----------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if not parent.isValid():
            return len(self.rows)
        if self.grouped and parent.internalId() == 0 and parent.column() == 0:
            return len(self.rows[parent.row()].agents)
        return 0

    def columnCount(self, parent: Index = _ROOT) -> int:
        return len(self.headers)

    def row_of(self, index: Index) -> QualityRow:
        if index.internalId() == 0:
            return self.rows[index.row()]
        return self.rows[index.internalId() - 1].agents[index.row()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section >= REVIEWS:
            return RIGHT if section != TREND else Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            return _header_tip(section)
        return None

    # --- cells ---------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.data_set is None:
            return None
        row = self.row_of(index)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column >= REVIEWS else None
        if role == Qt.ItemDataRole.FontRole and row.kind == "team":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if (
            column == CHANGE
            and role == Qt.ItemDataRole.ForegroundRole
            and row.change is not None
            and row.change.could_be_chance
        ):
            return figures.muted_color()  # as the tooltip says: this could be chance
        if column == CI and few_reviews(row):
            if role == Qt.ItemDataRole.ForegroundRole:
                return figures.muted_color()
            if role == Qt.ItemDataRole.DecorationRole:
                return theme.icon("information-outline", figures.muted_color().name())
        if role == BEHIND_ROLE:
            return self.behind(row, column)
        if role == TREND_ROLE and column == TREND:
            return row.trend
        return None

    def _text(self, row: QualityRow, column: int) -> str | None:
        stats = row.stats
        if column == NAME:
            return row.name
        if column == TEAM:
            return row.team
        if column == REVIEWS:
            return figures.count(stats.reviews)
        if column == IQS:
            return figures.number(stats.iqs)
        if column == CI:
            return figures.interval(stats.ci_low, stats.ci_high)
        if column == PASS_RATE:
            return figures.percent(stats.pass_rate)
        if column == CRITICAL:
            return figures.count(stats.critical_fails)
        if column == CHANGE:
            return figures.signed(row.change.value if row.change else None)
        return None

    def _sort_value(self, row: QualityRow, column: int) -> Any:
        stats = row.stats
        values: dict[int, Any] = {
            NAME: row.name.casefold(),
            TEAM: row.team.casefold(),
            REVIEWS: stats.reviews,
            IQS: stats.iqs,
            CI: stats.ci_low,
            PASS_RATE: stats.pass_rate,
            CRITICAL: stats.critical_fails,
            CHANGE: row.change.value if row.change else None,
            TREND: next((v for v in reversed(row.trend) if v is not None), None),
        }
        value = values[column]
        return MISSING if value is None else value

    def _tooltip(self, row: QualityRow, column: int) -> str | None:
        data = self.data_set
        assert data is not None
        stats = row.stats
        if column == CHANGE:
            return figures.change_tooltip(row.change, tr("IQS against the period before"))
        if column == TREND:
            labels = data.trend_periods
            points = [
                f"{label}: {figures.number(value)}"
                for label, value in zip(labels, row.trend, strict=False)
                if value is not None
            ]
            by = tr("week") if data.trend_period == "week" else tr("month")
            return tr("IQS by {0}\n{1}").format(by, "\n".join(points) or tr("no reviews"))
        if column in (IQS, CI, REVIEWS):
            text = tr("IQS {0} over {1} (95% CI {2})").format(
                figures.number(stats.iqs),
                trn("%Ln review(s)", stats.reviews),
                figures.interval(stats.ci_low, stats.ci_high),
            )
            if few_reviews(row):
                text += "\n" + tr("Few reviews: the interval is wide.")
            return text
        if column == NAME and row.kind == "agent":
            return tr("{0} in {1}").format(row.name, row.team)
        return None

    def _trend_note(self, row: QualityRow) -> str:
        """The trend line's points in one sentence, for the dialog behind it."""
        data = self.data_set
        assert data is not None
        points = [
            f"{label} {figures.number(value)}"
            for label, value in zip(data.trend_periods, row.trend, strict=False)
            if value is not None
        ]
        by = tr("week") if data.trend_period == "week" else tr("month")
        return tr("The line is the IQS of each {0} of them: {1}.").format(by, " · ".join(points))

    def behind(self, row: QualityRow, column: int) -> ReviewsBehind | None:
        """The reviews a cell's number stands on."""
        data = self.data_set
        if data is None or column in (NAME, TEAM):
            return None
        report = data.filter
        what = row.name if row.kind == "agent" else tr("team {0}").format(row.name)
        behind = ReviewsBehind(
            tr("Reviews of {0}").format(what),
            report.date_from,
            report.date_to,
            team_id=row.team_id,
            agent_id=row.agent_id if row.kind == "agent" else None,
            no_team=row.team_id is None,
            no_agent=row.kind == "agent" and row.agent_id is None,
            figure=FIGURES.get(column, drill_down.IQS),
            who=row.name,
        )
        if column == CRITICAL:
            return replace(
                behind, title=tr("Critical fails of {0}").format(what), critical_only=True
            )
        if column == CHANGE:
            return replace(
                behind,
                title=tr("Reviews of {0}, this period and the one before").format(what),
                date_from=data.previous_from,
                split=report.date_from,
            )
        if column == TREND:
            return replace(
                behind,
                title=tr("Reviews of {0} over the trend").format(what),
                date_from=trend_span(report.date_from, report.date_to)[1],
                note=self._trend_note(row),
            )
        return behind


def few_reviews(row: QualityRow) -> bool:
    """Whether a row's interval stands on so few reviews that it is wide (marked, not hidden)."""
    stats = row.stats
    return figures.wide_interval(stats.reviews, stats.ci_low, stats.ci_high)


def _header_tip(section: int) -> str | None:
    return {
        REVIEWS: tr("Scored reviews in the period (never calibration reviews)"),
        IQS: tr("Quality score: the mean review score, in percent"),
        CI: tr("95% confidence interval of the IQS: few reviews give a wide interval"),
        PASS_RATE: tr("Share of reviews at or above the rubric's pass mark"),
        CRITICAL: tr("Reviews that failed a critical criterion (scored 0)"),
        CHANGE: tr(
            "IQS now minus IQS in the period of the same length before; greyed when its 95% "
            "interval holds 0 (it could be chance)"
        ),
        TREND: tr("IQS by week (or month, for long periods); click to list the reviews"),
    }.get(section)
