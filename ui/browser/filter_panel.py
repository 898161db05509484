"""The conversation browser's filters: a narrow, collapsible panel beside the table.

The panel writes what the user picks into the :class:`BrowserState`; it holds no query of its own.
Start dates are the user's local calendar days, turned into a half-open range of instants.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from qa_desk.autoqa_catalog import AUTOQA_CHECKS
from qa_desk.conversation_query import ReviewStatus
from qa_desk.conversation_rows import FilterChoices
from ui import theme
from ui.autoqa_labels import check_description, check_title
from ui.browser.browser_state import BrowserState

ANY_CSAT = -1.0  # the spin boxes' lowest value, shown as "Any"
PERIODS = ("any", "today", "7", "30", "90", "year", "custom")


def local_midnight(day: QDate) -> datetime:
    """The instant the user's local calendar day ``day`` starts, as an aware datetime."""
    return datetime.fromtimestamp(QDateTime(day, QTime(0, 0)).toSecsSinceEpoch(), UTC)


def period_bounds(
    period: str, today: QDate, first: QDate, last: QDate
) -> tuple[datetime | None, datetime | None]:
    """The start-time range a period stands for; ``first`` and ``last`` (inclusive) for custom."""
    if period == "any":
        return None, None
    tomorrow = today.addDays(1)
    if period == "custom":
        return local_midnight(first), local_midnight(max(first, last).addDays(1))
    if period == "today":
        start = today
    elif period == "year":
        start = QDate(today.year(), 1, 1)
    else:
        start = today.addDays(1 - int(period))
    return local_midnight(start), local_midnight(tomorrow)


class FilterPanel(QWidget):
    """Date range, agent, team, channel, CSAT range, tag, review status, a failed automatic check,
    and Clear filters.

    Attributes:
        state: the browser state the filters are written to.
    """

    def __init__(self, state: BrowserState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.period = QComboBox()
        for key, text in zip(PERIODS, self._period_names(), strict=True):
            self.period.addItem(text, key)
        self.date_from = self._date_edit(QDate.currentDate().addDays(-29))
        self.date_to = self._date_edit(QDate.currentDate())
        self.dates = QWidget()
        dates = QHBoxLayout(self.dates)
        dates.setContentsMargins(0, 0, 0, 0)
        dates.addWidget(self.date_from, 1)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to, 1)
        self.dates.setVisible(False)

        self.agent, self.team = (
            self._choice(self.tr("All agents")),
            self._choice(self.tr("All teams")),
        )
        self.channel, self.tag = (
            self._choice(self.tr("All channels")),
            self._choice(self.tr("All tags")),
        )
        self.review_status = self._choice(self.tr("Any status"))
        for status, text in (
            (ReviewStatus.NOT_REVIEWED, self.tr("Not reviewed")),
            (ReviewStatus.DRAFT, self.tr("Draft")),
            (ReviewStatus.REVIEWED, self.tr("Reviewed")),
        ):
            self.review_status.addItem(text, status)
        self.failed_check = self._choice(self.tr("Any outcome"))
        for check in AUTOQA_CHECKS:
            self.failed_check.addItem(self.tr("Failed: {0}").format(check_title(check)), check)
            self.failed_check.setItemData(
                self.failed_check.count() - 1, check_description(check), Qt.ItemDataRole.ToolTipRole
            )
        self.csat_min, self.csat_max = self._csat_box(), self._csat_box()
        csat = QHBoxLayout()
        csat.addWidget(self.csat_min, 1)
        csat.addWidget(QLabel("–"))
        csat.addWidget(self.csat_max, 1)

        self.clear_button = QPushButton(
            theme.icon("filter-remove-outline"), self.tr("Clear filters")
        )
        self.clear_button.clicked.connect(state.clear_filters)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(4)
        form.addRow(self.tr("&Started"), self.period)
        form.addRow(self.dates)
        form.addRow(self.tr("A&gent"), self.agent)
        form.addRow(self.tr("&Team"), self.team)
        form.addRow(self.tr("C&hannel"), self.channel)
        csat_label = QLabel(self.tr("&CSAT from – to"))
        csat_label.setBuddy(self.csat_min)
        form.addRow(csat_label, csat)
        form.addRow(self.tr("T&ag"), self.tag)
        form.addRow(self.tr("&Review status"), self.review_status)
        form.addRow(self.tr("A&utomatic check"), self.failed_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        self.period.currentIndexChanged.connect(self._period_changed)
        self.date_from.dateChanged.connect(self._period_changed)
        self.date_to.dateChanged.connect(self._period_changed)
        for combo, key in (
            (self.agent, "agent_id"), (self.team, "team_id"), (self.channel, "channel"),
            (self.tag, "tag"), (self.failed_check, "failed_check"),
        ):  # fmt: skip
            combo.currentIndexChanged.connect(
                lambda _i, combo=combo, key=key: self._write(**{key: combo.currentData()})
            )
        self.review_status.currentIndexChanged.connect(self._review_status_changed)
        self.csat_min.valueChanged.connect(lambda v: self._write(csat_min=_csat(v)))
        self.csat_max.valueChanged.connect(lambda v: self._write(csat_max=_csat(v)))
        state.sig_query_changed.connect(self._show_state)

    def _period_names(self) -> list[str]:
        return [
            self.tr("Any time"), self.tr("Today"), self.tr("Last 7 days"), self.tr("Last 30 days"),
            self.tr("Last 90 days"), self.tr("This year"), self.tr("Custom range"),
        ]  # fmt: skip

    def _date_edit(self, day: QDate) -> QDateEdit:
        edit = QDateEdit(day)
        edit.setCalendarPopup(True)
        return edit

    def _choice(self, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, None)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        return combo

    def _csat_box(self) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(ANY_CSAT, 100.0)
        box.setDecimals(0)  # CSAT is a whole-number rating: "2", never "2.0"
        box.setSingleStep(1.0)
        box.setSpecialValueText(self.tr("Any"))
        box.setValue(ANY_CSAT)
        return box

    # --- writing to the state ------------------------------------------------------------------

    def _write(self, **changes: Any) -> None:
        self.state.update_filter(**changes)

    def _review_status_changed(self, *_args: object) -> None:
        status = self.review_status.currentData()  # Qt hands the enum back as a plain str
        self._write(review_status=None if status is None else ReviewStatus(status))

    def _period_changed(self, *_args: object) -> None:
        period = self.period.currentData()
        self.dates.setVisible(period == "custom")
        started_from, started_before = period_bounds(
            period, QDate.currentDate(), self.date_from.date(), self.date_to.date()
        )
        self._write(started_from=started_from, started_before=started_before)

    # --- showing the state ---------------------------------------------------------------------

    def set_choices(self, choices: FilterChoices) -> None:
        """Fill the lists with what the database holds, keeping what is picked."""
        for combo, items in (
            (self.agent, choices.agents),
            (self.team, choices.teams),
            (self.channel, [(c, c) for c in choices.channels]),
            (self.tag, [(t, t) for t in choices.tags]),
        ):
            picked = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value, text in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(picked)))
            combo.blockSignals(False)

    def _show_state(self, *_args: object) -> None:
        """Show cleared filters as cleared (after Clear filters)."""
        wanted = self.state.filter
        widgets: list[tuple[QWidget, bool]] = [
            (self.agent, wanted.agent_id is None), (self.team, wanted.team_id is None),
            (self.channel, wanted.channel is None), (self.tag, wanted.tag is None),
            (self.review_status, wanted.review_status is None),
            (self.failed_check, wanted.failed_check is None),
            (self.period, wanted.started_from is None and wanted.started_before is None),
        ]  # fmt: skip
        for widget, cleared in widgets:
            if cleared and isinstance(widget, QComboBox) and widget.currentIndex() != 0:
                widget.blockSignals(True)
                widget.setCurrentIndex(0)
                widget.blockSignals(False)
                self.dates.setVisible(self.period.currentData() == "custom")
        for box, value in ((self.csat_min, wanted.csat_min), (self.csat_max, wanted.csat_max)):
            if value is None and box.value() != ANY_CSAT:
                box.blockSignals(True)
                box.setValue(ANY_CSAT)
                box.blockSignals(False)


def _csat(value: float) -> float | None:
    return None if value <= ANY_CSAT else value
