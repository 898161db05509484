"""The Reports page's "Automatic checks" tab: per check, over the page's period and team, how many
conversations it checked, how many passed, failed or were not applicable, and how often reviewers
agreed with it; a bar chart of the fail rate and the agreement beside the table. Clicking a pass,
fail or n.a. count lists the conversations behind it.

The figures are read in the worker (:func:`load_checks`, a plain function of the database) each
time the page has read a report, for the same period and team.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qa_desk.autoqa_summary import CheckSummary, check_summaries
from qa_desk.db import Database
from qa_desk.reports.overview import ReportData, ReportFilter
from ui import theme
from ui.analysis.trend_chart import chart_view, style_axis, style_chart
from ui.autoqa_labels import check_description, check_title
from ui.browser.sort_header import SortHeader
from ui.context import AppContext
from ui.operations import Operation
from ui.reports import figures
from ui.reports.autoqa_behind_dialog import OutcomeConversationsDialog, OutcomesBehind
from ui.reports.figures import MISSING, RIGHT, SORT_ROLE, tr

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
(CHECK, CHECKED, PASSED, FAILED, NOT_APPLICABLE, FAIL_RATE, COMPARED, AGREEMENT, CHECK_FAIL,
 CHECK_PASS) = range(10)  # fmt: skip
OUTCOME_COLUMNS = {PASSED: "pass", FAILED: "fail", NOT_APPLICABLE: "na"}
OUTCOMES_BEHIND_ROLE = Qt.ItemDataRole.UserRole + 42
"""A count's :class:`OutcomesBehind` (None: the cell opens nothing)."""


def load_checks(db: Database, wanted: ReportFilter) -> list[CheckSummary]:
    """Every check's figures for the period and team (run in the worker)."""
    with db.reader() as session:
        return check_summaries(session, wanted.date_from, wanted.date_to, wanted.team_id)


class AutoQAModel(QAbstractTableModel):
    """One row per check of the catalogue.

    Attributes:
        rows: the figures shown; ``filter`` the period and team they are for.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rows: list[CheckSummary] = []
        self.filter: ReportFilter | None = None
        self.headers = [
            tr("Check"), tr("Checked"), tr("Pass"), tr("Fail"), tr("N/A"), tr("Fail rate"),
            tr("Ratings compared"), tr("Agreement"), tr("Check fail, reviewer pass"),
            tr("Check pass, reviewer fail"),
        ]  # fmt: skip
        self.header_tips = {
            CHECKED: tr("Conversations started in the period that the check ran on"),
            FAIL_RATE: tr("Failed, out of the conversations where the check applied"),
            COMPARED: tr(
                "Ratings of criteria naming the check, in reviews submitted in the period, "
                "compared with the check's outcome on the same conversation"
            ),
            AGREEMENT: tr("How often the reviewer's verdict matched the check's"),
        }

    def set_rows(self, rows: list[CheckSummary], wanted: ReportFilter) -> None:
        self.beginResetModel()
        self.rows, self.filter = rows, wanted
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips.get(section)
        if role == Qt.ItemDataRole.TextAlignmentRole and section != CHECK:
            return RIGHT
        return None

    def value(self, row: CheckSummary, column: int) -> float | int | str | None:
        """The cell's value as a number (or the check's title)."""
        agreement = row.agreement
        return (
            check_title(row.check), row.checked, row.passed, row.failed, row.not_applicable,
            row.fail_rate, agreement.compared, agreement.rate, agreement.check_fail_reviewer_pass,
            agreement.check_pass_reviewer_fail,
        )[column]  # fmt: skip

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        value = self.value(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == CHECK:
                return value
            if column in (FAIL_RATE, AGREEMENT):
                return figures.percent(value)  # type: ignore[arg-type]
            return figures.count(int(value))  # type: ignore[arg-type]
        if role == SORT_ROLE:
            if column == CHECK:
                return str(value).casefold()
            return MISSING if value is None else value
        if role == Qt.ItemDataRole.TextAlignmentRole and column != CHECK:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == FAILED and value:
            return QColor(theme.FAIL)  # the header says "Fail" too: not colour alone
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == CHECK:
                return check_description(row.check)
            if column in OUTCOME_COLUMNS and value:
                return tr("Click to list these conversations")
        if role == OUTCOMES_BEHIND_ROLE:
            return self.behind(row, column)
        return None

    def behind(self, row: CheckSummary, column: int) -> OutcomesBehind | None:
        """What an outcome count stands on (None for any other cell, or a zero)."""
        outcome = OUTCOME_COLUMNS.get(column)
        if outcome is None or self.filter is None or not self.value(row, column):
            return None
        titles = {
            "pass": tr("Conversations that passed: {0}"),
            "fail": tr("Conversations that failed: {0}"),
            "na": tr("Conversations where it did not apply: {0}"),
        }
        wanted = self.filter
        return OutcomesBehind(
            titles[outcome].format(check_title(row.check)), row.check, outcome,
            wanted.date_from, wanted.date_to, wanted.team_id,
        )  # fmt: skip


class AutoQAChart(QWidget):
    """A horizontal bar chart: per check, its fail rate and reviewers' agreement with it.

    Attributes:
        chart: the QtCharts chart; ``fail_set`` and ``agreement_set`` its two bar sets (percent;
            0 where there is nothing to measure, said in the table as "–").
        categories: the check titles, top to bottom.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart = QChart()
        style_chart(self.chart, self, tr("Fail rate and agreement with reviewers, per check"))
        self.categories: list[str] = []
        self.fail_set = QBarSet(tr("Failed (% of conversations where it applied)"))
        self.agreement_set = QBarSet(tr("Agreement with reviewers (% of ratings compared)"))
        for bar_set, colour in ((self.fail_set, theme.FAIL), (self.agreement_set, theme.BLUE)):
            bar_set.setColor(QColor(colour))
            bar_set.setBorderColor(QColor(colour))
            bar_set.setLabelColor(self.palette().color(QPalette.ColorRole.WindowText))
        self.series = QHorizontalBarSeries()
        self.series.append(self.agreement_set)
        self.series.append(self.fail_set)
        self.series.setLabelsVisible(True)
        self.series.setLabelsFormat("@value %")
        self.series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        self.series.setLabelsPrecision(3)
        self.chart.addSeries(self.series)
        self.value_axis = QValueAxis()
        self.value_axis.setRange(0, 110)  # room for the labels beside full bars
        self.value_axis.setTickCount(12)
        self.value_axis.setLabelFormat("%d")
        style_axis(self.value_axis, self, tr("Percent"))
        self.category_axis = QBarCategoryAxis()
        style_axis(self.category_axis, self, "")
        self.chart.addAxis(self.value_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.category_axis, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.value_axis)
        self.series.attachAxis(self.category_axis)
        self.view = chart_view(self.chart)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def set_rows(self, rows: list[CheckSummary]) -> None:
        # bottom to top in a horizontal chart: reversed, so the first check is on top
        shown = list(reversed(rows))
        self.categories = [check_title(r.check) for r in shown]
        self.category_axis.clear()
        self.category_axis.append(self.categories)
        for bar_set, values in (
            (self.fail_set, [r.fail_rate for r in shown]),
            (self.agreement_set, [r.agreement.rate for r in shown]),
        ):
            bar_set.remove(0, bar_set.count())
            bar_set.append([round(100.0 * (v or 0.0), 1) for v in values])


class AutoQATab(QWidget):
    """The tab: a note on what is counted, the table, and the chart.

    Attributes:
        context: the database and change notifications.
        model, proxy, table: the figures per check.
        chart: the bar chart.
        loading: whether figures are being read; ``dialog`` the conversations list last opened.
    """

    sig_loaded = Signal(object)  # list[CheckSummary]

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.loading = False
        self.dialog: OutcomeConversationsDialog | None = None
        self._generation = 0
        self.note = QLabel(
            tr(
                "Outcomes count the conversations that started in the period; agreement compares "
                "the reviews submitted in it with the check's outcome on the same conversation. "
                "Click a pass, fail or N/A count for the conversations behind it."
            )
        )
        self.note.setWordWrap(True)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.model = AutoQAModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("autoqaTable")
        self.table.setModel(self.proxy)
        self.table.setHorizontalHeader(SortHeader(self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((170, 75, 75, 75, 75, 75, 120, 85, 165, 165)):
            self.table.setColumnWidth(column, width)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # catalogue order at first
        self.table.clicked.connect(self.open_behind)
        self.table.activated.connect(self.open_behind)
        self.chart = AutoQAChart()
        self.chart.setMinimumHeight(260)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart)
        splitter.setSizes([300, 340])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)

    def load(self, data: ReportData) -> None:
        """Read the checks' figures for the report's period and team in the worker."""
        self.load_filter(data.filter)

    def load_filter(self, wanted: ReportFilter) -> None:
        self._generation += 1
        generation = self._generation
        db = self.context.db
        self.loading = True
        Operation(self, lambda _p, _c: load_checks(db, wanted)).success(
            lambda rows: self._loaded(generation, wanted, rows)
        ).failure(lambda _error: self._failed(generation)).run()

    def _loaded(self, generation: int, wanted: ReportFilter, rows: list[CheckSummary]) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self.model.set_rows(rows, wanted)
        self.chart.set_rows(rows)
        self.sig_loaded.emit(rows)

    def _failed(self, generation: int) -> None:
        if generation == self._generation:
            self.loading = False

    def open_behind(self, index: QModelIndex) -> OutcomeConversationsDialog | None:
        """List the conversations behind an outcome count."""
        behind = index.data(OUTCOMES_BEHIND_ROLE) if index.isValid() else None
        if behind is None:
            return None
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = OutcomeConversationsDialog(self.context, behind, self)
        self.dialog.show()
        return self.dialog
