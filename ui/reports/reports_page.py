"""The Reports page: a team dashboard for a period. A period and a team at the top; below, in
tabs, quality per team and agent (with trend lines), the criteria heat map, reviewer statistics,
CSAT against QA and the automatic checks. Any number opens the reviews behind it; "Export scorecard…" writes the
manager's workbook for the same period and team.

Everything is read in the worker (:func:`~qa_desk.reports.overview.load_report`); the page keeps
showing the last result until the next one arrives, so nothing jumps while it loads.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings, QSortFilterProxyModel, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from qa_desk.changes import Changes
from qa_desk.reports import ReportResult, write_scorecard
from qa_desk.reports.overview import ReportData, ReportFilter, load_report
from ui import theme
from ui.analysis.period_picker import PeriodPicker
from ui.browser.empty_state import EmptyState
from ui.context import AppContext
from ui.operations import Operation, show_error
from ui.reports import drill_down, figures
from ui.reports.autoqa_tab import AutoQATab
from ui.reports.csat_panel import CsatPanel
from ui.reports.drill_down import ReviewsBehind
from ui.reports.figures import BEHIND_ROLE, SORT_ROLE, tr, trn
from ui.reports.heat_map_view import HeatMapPanel
from ui.reports.quality_model import REVIEWS, TEAM, TREND, QualityModel
from ui.reports.reviewer_model import REVIEWS as REVIEWER_REVIEWS
from ui.reports.reviewer_model import ReviewerModel
from ui.reports.reviews_behind_dialog import ReviewsBehindDialog
from ui.reports.sparkline_delegate import SparklineDelegate
from ui.reports.tables import tidy

SETTINGS = "reports"
QUALITY_WIDTHS = (220, 140, 70, 60, 100, 75, 90, 70, 170)


def _sorted_proxy(parent: QWidget) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSortRole(SORT_ROLE)
    return proxy


class ReportsPage(QWidget):
    """The team dashboard.

    Attributes:
        context: the database, the user and change notifications.
        data_set: the report shown (None until the first one is read).
        loading: whether a report is being read.
        quality_model, heat_map, reviewer_model, csat, autoqa: the tabs' contents.
        behind_dialog: the "reviews behind" dialog last opened.
    """

    sig_loaded = Signal(object)  # ReportData
    sig_exported = Signal(object)  # ReportResult

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.data_set: ReportData | None = None
        self.loading = False
        self.behind_dialog: ReviewsBehindDialog | None = None
        self._generation = 0
        self._stale = True  # read when first shown
        self._wanted_team: int | None = None
        self._make_widgets()
        self._restore_state()
        self.period.sig_period_changed.connect(lambda _first, _last: self.reload())
        self.team_combo.currentIndexChanged.connect(self.reload)
        context.sig_changed.connect(self._data_changed)

    # --- layout --------------------------------------------------------------------------------

    def _make_widgets(self) -> None:
        self.period = PeriodPicker()
        self.team_combo = QComboBox()
        self.team_combo.setMinimumWidth(160)
        self.team_combo.addItem(tr("All teams"), None)
        self.status = QLabel()
        self.export_button = QPushButton(theme.icon("microsoft-excel"), tr("Export scorecard…"))
        self.export_button.setToolTip(
            tr("Write the team scorecard workbook (Excel) for this period and team")
        )
        self.export_button.clicked.connect(self.choose_export_file)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Period:")))
        top.addWidget(self.period)
        top.addSpacing(12)
        top.addWidget(QLabel(tr("Team:")))
        top.addWidget(self.team_combo)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addWidget(self.export_button)

        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.linkActivated.connect(self._summary_link)

        self.quality_model = QualityModel(self)
        self.quality_proxy = _sorted_proxy(self)
        self.quality_proxy.setSourceModel(self.quality_model)
        self.quality_view = QTreeView()
        self.quality_view.setModel(self.quality_proxy)
        tidy(self.quality_view)
        self.quality_view.setUniformRowHeights(True)
        self.quality_view.header().setStretchLastSection(False)
        self.quality_view.setItemDelegateForColumn(TREND, SparklineDelegate(self.quality_view))
        for column, width in enumerate(QUALITY_WIDTHS):
            self.quality_view.setColumnWidth(column, width)
        self.quality_view.sortByColumn(REVIEWS, Qt.SortOrder.DescendingOrder)
        self.group_check = QCheckBox(tr("Agents under their team"))
        self.group_check.setChecked(True)
        self.group_check.toggled.connect(self._grouping_changed)
        quality_tab = QWidget()
        quality_layout = QVBoxLayout(quality_tab)
        quality_layout.addWidget(self.group_check)
        quality_layout.addWidget(self.quality_view, 1)

        self.heat_map = HeatMapPanel()
        heat_tab = QWidget()
        QVBoxLayout(heat_tab).addWidget(self.heat_map)

        self.reviewer_model = ReviewerModel(self)
        self.reviewer_proxy = _sorted_proxy(self)
        self.reviewer_proxy.setSourceModel(self.reviewer_model)
        self.reviewer_view = QTableView()
        self.reviewer_view.setModel(self.reviewer_proxy)
        tidy(self.reviewer_view)
        for column, width in enumerate((160, 70, 95, 120, 80, 85, 95, 85, 130)):
            self.reviewer_view.setColumnWidth(column, width)
        self.reviewer_view.horizontalHeader().setStretchLastSection(True)
        self.reviewer_view.sortByColumn(REVIEWER_REVIEWS, Qt.SortOrder.DescendingOrder)
        reviewer_note = QLabel(
            tr(
                "Severity compares like with like: each review's score against the mean the other "
                "reviewers gave the same agent in the same month with the same rubric. Below zero "
                "the reviewer is harsher than the others, above zero more lenient; only an "
                "interval clear of zero says so."
            )
        )
        reviewer_note.setWordWrap(True)
        reviewer_tab = QWidget()
        reviewer_layout = QVBoxLayout(reviewer_tab)
        reviewer_layout.addWidget(self.reviewer_view, 1)
        reviewer_layout.addWidget(reviewer_note)

        self.csat = CsatPanel()
        self.csat.sig_open_behind.connect(self.open_behind)
        csat_tab = QWidget()
        QVBoxLayout(csat_tab).addWidget(self.csat)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(quality_tab, theme.icon("account-group-outline"), tr("Teams and agents"))
        self.tabs.addTab(heat_tab, theme.icon("grid"), tr("Criteria heat map"))
        self.tabs.addTab(reviewer_tab, theme.icon("account-check-outline"), tr("Reviewers"))
        self.tabs.addTab(csat_tab, theme.icon("emoticon-happy-outline"), tr("CSAT and QA"))
        self.autoqa = AutoQATab(self.context)
        self.sig_loaded.connect(self.autoqa.load)
        self.tabs.addTab(self.autoqa, theme.icon("robot-outline"), tr("Automatic checks"))
        for view in (self.quality_view, self.heat_map.table, self.reviewer_view):
            view.clicked.connect(self._cell_clicked)
            view.activated.connect(self._cell_clicked)

        self.empty = EmptyState()
        self.empty.button.clicked.connect(self.show_latest_month)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack, 1)

    # --- loading -------------------------------------------------------------------------------

    def report_filter(self) -> ReportFilter:
        first, last = self.period.period()
        return ReportFilter(first, last, self.team_combo.currentData())

    def reload(self) -> None:
        """Read the report for the chosen period and team in the worker; a newer request wins."""
        self._generation += 1
        generation = self._generation
        wanted = self.report_filter()
        db = self.context.db
        self.loading = True
        self._stale = False
        self.status.setText(tr("Loading…"))
        Operation(
            self, lambda progress, cancelled: load_report(db, wanted, progress, cancelled)
        ).success(lambda data: self._loaded(generation, data)).failure(
            lambda error: self._failed(generation, error)
        ).run()

    def _loaded(self, generation: int, data: ReportData) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self.status.setText("")
        self.data_set = data
        self._fill_teams(data.team_choices)
        self.quality_model.set_report(data)
        self.quality_view.expandAll()
        self.heat_map.set_report(data)
        self.reviewer_model.set_reviewers(data.reviewers, data.filter)
        self.csat.set_report(data)
        self._show_summary(data)
        self.export_button.setEnabled(data.reviews > 0)
        self.sig_loaded.emit(data)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self.status.setText(tr("Could not read the report: {0}").format(error))

    def _fill_teams(self, teams: list[tuple[int, str]]) -> None:
        """Offer every team, keeping the chosen one (or the one remembered from last time)."""
        chosen = self.team_combo.currentData()
        if self._wanted_team is not None:
            chosen, self._wanted_team = self._wanted_team, None
        self.team_combo.blockSignals(True)
        self.team_combo.clear()
        self.team_combo.addItem(tr("All teams"), None)
        for team_id, name in teams:
            self.team_combo.addItem(name, team_id)
        index = self.team_combo.findData(chosen) if chosen is not None else 0
        self.team_combo.setCurrentIndex(max(0, index))
        self.team_combo.blockSignals(False)
        shown = self.data_set.filter.team_id if self.data_set is not None else None
        if chosen is not None and index >= 0 and shown != chosen:
            self.reload()

    def _show_summary(self, data: ReportData) -> None:
        report = data.filter
        if data.reviews == 0:
            self.summary.setText("")
            latest = data.latest
            self.empty.show_message(
                "chart-box-outline",
                tr("No reviews in this period"),
                tr(
                    "Nothing was reviewed between {0} and {1}{2}. Pick another period or team, "
                    "or review some conversations first."
                ).format(
                    figures.day(report.date_from),
                    figures.day(report.date_to),
                    tr(" in this team") if report.team_id is not None else "",
                ),
                tr("Show the month of the latest review ({0})").format(figures.day(latest))
                if latest
                else None,
            )
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentWidget(self.tabs)
        stats = data.overall.stats
        before = data.overall.previous.reviews if data.overall.previous else 0
        change = data.overall.change
        moved = (
            tr("<b>{0}</b> points (95% CI {1})").format(
                figures.signed(change.value), figures.signed_interval(change.low, change.high)
            )
            if change
            else tr("nothing to compare")
        )
        self.summary.setText(
            tr(
                "<b><a href='iqs'>IQS {0}</a></b> (95% CI {1}) over <a href='all'>{2}</a> of "
                "{3} · <a href='pass'>pass rate {4}</a> · <a href='critical'>{5}</a> · "
                "against the period before ({6} to {7}, <a href='previous'>{8}</a>): "
                "{9}. <span style='color:palette(placeholder-text)'>Click any number for the "
                "reviews behind it.</span>"
            ).format(
                figures.number(stats.iqs), figures.interval(stats.ci_low, stats.ci_high),
                trn("%Ln scored review(s)", stats.reviews), trn("%Ln agent(s)", data.agent_count),
                figures.percent(stats.pass_rate),
                trn("%Ln critical fail(s)", stats.critical_fails), figures.day(data.previous_from),
                figures.day(data.previous_to), trn("%Ln review(s)", before), moved,
            )
        )  # fmt: skip

    def show_latest_month(self) -> None:
        """Show the calendar month of the newest review."""
        latest = self.data_set.latest if self.data_set else None
        if latest is None:
            return
        first = latest.replace(day=1)
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        self.period.set_period(first, following - timedelta(days=1))

    # --- the reviews behind a number -----------------------------------------------------------

    def open_behind(self, behind: ReviewsBehind | None) -> ReviewsBehindDialog | None:
        """Open the dialog listing the reviews behind a number."""
        if behind is None:
            return None
        if self.behind_dialog is not None:
            self.behind_dialog.close()
            self.behind_dialog.deleteLater()
        self.behind_dialog = ReviewsBehindDialog(self.context, behind, self)
        self.behind_dialog.show()
        return self.behind_dialog

    def _cell_clicked(self, index: QModelIndex) -> None:
        self.open_behind(index.data(BEHIND_ROLE))

    def _summary_link(self, link: str) -> None:
        self.open_behind(self.summary_behind(link))

    def summary_behind(self, link: str) -> ReviewsBehind | None:
        """The reviews behind a number of the summary line (``iqs``, ``all``, ``pass``,
        ``critical`` or ``previous``), with what the number is."""
        data = self.data_set
        if data is None:
            return None
        report = data.filter
        everyone = ReviewsBehind(
            tr("Scored reviews in the period"), report.date_from, report.date_to,
            team_id=report.team_id, figure=drill_down.REVIEWS,
        )  # fmt: skip
        if link == "iqs":
            return replace(everyone, title=tr("IQS of the period"), figure=drill_down.IQS)
        if link == "pass":
            return replace(
                everyone, title=tr("Pass rate of the period"), figure=drill_down.PASS_RATE
            )
        if link == "critical":
            return replace(
                everyone, title=tr("Critical fails in the period"), critical_only=True,
                figure=drill_down.CRITICAL,
            )  # fmt: skip
        if link == "previous":
            return replace(
                everyone, title=tr("Scored reviews in the period before"),
                date_from=data.previous_from, date_to=data.previous_to,
            )  # fmt: skip
        return everyone

    # --- export --------------------------------------------------------------------------------

    def choose_export_file(self) -> None:
        report = self.report_filter()
        team = self.team_combo.currentText() if report.team_id is not None else "all-teams"
        folder = QSettings().value(f"{SETTINGS}/export_folder", str(Path.home()))
        name = f"scorecard-{team}-{report.date_from:%Y-%m-%d}-{report.date_to:%Y-%m-%d}.xlsx"
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export scorecard"), str(Path(str(folder)) / name.replace(" ", "-")),
            tr("Excel workbook (*.xlsx)"),
        )  # fmt: skip
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            QSettings().setValue(f"{SETTINGS}/export_folder", str(Path(path).parent))
            self.export_scorecard(Path(path))

    def export_scorecard(self, path: Path) -> Operation[ReportResult]:
        """Write the scorecard for the chosen period and team to ``path`` in the worker, with a
        progress dialog and Cancel."""
        report = self.report_filter()
        db = self.context.db

        def work(progress, cancelled) -> ReportResult:  # type: ignore[no-untyped-def]
            with db.reader() as session:
                return write_scorecard(
                    session, path, report.date_from, report.date_to, team_id=report.team_id,
                    progress=progress, cancelled=cancelled,
                )  # fmt: skip

        self.export_button.setEnabled(False)
        operation = Operation(self, work, title=tr("Exporting the scorecard"))
        operation.success(self._exported).cancelled(self._export_ended).failure(self._export_failed)
        return operation.run()

    def _export_ended(self) -> None:
        self.export_button.setEnabled(True)
        self.status.setText(tr("Export cancelled: nothing was written."))

    def _export_failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        show_error(self, error, tr("Export scorecard"))

    def _exported(self, result: ReportResult) -> None:
        self.export_button.setEnabled(True)
        self.status.setText(
            tr("Scorecard saved: {0} ({1})").format(
                result.path.name, trn("%Ln review(s)", result.reviews)
            )
        )
        self.sig_exported.emit(result)
        if self.isVisible():
            box = QMessageBox(
                QMessageBox.Icon.Information, tr("Scorecard saved"),
                tr("The scorecard was saved to {0}.").format(result.path),
                QMessageBox.StandardButton.Close, self,
            )  # fmt: skip
            folder = box.addButton(tr("Open folder"), QMessageBox.ButtonRole.ActionRole)
            box.exec()
            if box.clickedButton() is folder:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path.parent)))

    # --- state ---------------------------------------------------------------------------------

    def _grouping_changed(self, grouped: bool) -> None:
        self.quality_model.set_report(self.data_set, grouped)
        self.quality_view.setColumnHidden(TEAM, grouped)
        self.quality_view.setRootIsDecorated(grouped)
        self.quality_view.expandAll()

    def _data_changed(self, changes: Changes) -> None:
        if not (changes.reviews or changes.conversations or changes.rubrics):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _restore_state(self) -> None:
        settings = QSettings()
        self.period.blockSignals(True)
        self.period.set_preset(str(settings.value(f"{SETTINGS}/preset", "last-month")))
        if self.period.preset() == "custom":
            first = settings.value(f"{SETTINGS}/from")
            last = settings.value(f"{SETTINGS}/to")
            if isinstance(first, str) and isinstance(last, str):
                with contextlib.suppress(ValueError):
                    self.period.set_period(date.fromisoformat(first), date.fromisoformat(last))
        self.period.blockSignals(False)
        team = settings.value(f"{SETTINGS}/team")
        self._wanted_team = int(team) if team not in (None, "") else None
        self.quality_view.setColumnHidden(TEAM, True)

    def save_state(self) -> None:
        """Remember the period and team (the main window calls this when it closes)."""
        settings = QSettings()
        first, last = self.period.period()
        settings.setValue(f"{SETTINGS}/preset", self.period.preset())
        settings.setValue(f"{SETTINGS}/from", first.isoformat())
        settings.setValue(f"{SETTINGS}/to", last.isoformat())
        team = self.team_combo.currentData()
        settings.setValue(f"{SETTINGS}/team", "" if team is None else int(team))
