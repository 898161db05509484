"""The period picker the Reports and Coaching pages share: a combo of presets (this month, last
month, quarters, the year…) and a custom range of days, with the two date fields always showing the
days the choice stands for. A period set from code (a remembered one, "show the latest month")
shows the preset it matches, so last month reads "Last month", not "Custom range"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

PRESETS = (
    "this-month", "last-month", "month-and-2-before", "last-3-months", "this-quarter",
    "last-quarter", "this-year", "last-12-months", "custom",
)  # fmt: skip
ALIASES = {
    "this_month": "this-month",
    "last_month": "last-month",
    "last_3_months": "month-and-2-before",
}
"""Preset names the Coaching page used before the pickers were one (remembered or in old code)."""


def month_start(day: date, months_back: int = 0) -> date:
    """The first day of the month ``months_back`` months before ``day``'s."""
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def preset_range(preset: str, today: date) -> tuple[date, date]:
    """The inclusive days a preset stands for on ``today``: "this …" presets end today; "last
    month", "last 3 months", "last quarter" and "last 12 months" are whole calendar months before
    this one; "this month and the 2 before" starts two months back and ends today."""
    this_month = month_start(today)
    quarter = month_start(today, (today.month - 1) % 3)
    before = this_month - timedelta(days=1)
    ranges = {
        "this-month": (this_month, today),
        "last-month": (month_start(today, 1), before),
        "month-and-2-before": (month_start(today, 2), today),
        "last-3-months": (month_start(today, 3), before),
        "this-quarter": (quarter, today),
        "last-quarter": (month_start(quarter, 3), quarter - timedelta(days=1)),
        "this-year": (date(today.year, 1, 1), today),
        "last-12-months": (month_start(today, 12), before),
    }
    if preset not in ranges:
        raise ValueError(f"no preset period '{preset}'")
    return ranges[preset]


def matching_preset(first: date, last: date, today: date) -> str:
    """The first preset standing for exactly ``first``…``last`` on ``today`` (else ``custom``)."""
    return next((p for p in PRESETS[:-1] if preset_range(p, today) == (first, last)), "custom")


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class PeriodPicker(QWidget):
    """A combo of presets and two date fields (editable for a custom range only).

    Attributes:
        combo: the presets (item data: a key of :data:`PRESETS`); ``preset_combo`` is the same.
        date_from, date_to: the days chosen (``from_edit``, ``to_edit`` are the same).
        today: the day the presets count from (a callable, so a test can fix it).
    """

    sig_period_changed = Signal(object, object)  # first day, last day (datetime.date)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        default: str = "last-month",
        today: Callable[[], date] = date.today,
    ):
        super().__init__(parent)
        self.today = today
        self.combo = QComboBox()
        self.combo.setObjectName("periodPreset")
        self.preset_combo = self.combo
        names = (
            self.tr("This month"), self.tr("Last month"), self.tr("This month and the 2 before"),
            self.tr("Last 3 months"), self.tr("This quarter"), self.tr("Last quarter"),
            self.tr("This year"), self.tr("Last 12 months"), self.tr("Custom range"),
        )  # fmt: skip
        for key, name in zip(PRESETS, names, strict=True):
            self.combo.addItem(name, key)
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        self.from_edit, self.to_edit = self.date_from, self.date_to
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(QLocale().dateFormat(QLocale.FormatType.ShortFormat))
        self.to_label = QLabel(self.tr("to"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.combo)
        layout.addWidget(self.date_from)
        layout.addWidget(self.to_label)
        layout.addWidget(self.date_to)
        self.set_preset(default)
        self.combo.currentIndexChanged.connect(self._preset_chosen)
        self.date_from.dateChanged.connect(self._dates_edited)
        self.date_to.dateChanged.connect(self._dates_edited)

    def preset(self) -> str:
        """The preset chosen (``custom`` for days picked by hand)."""
        return str(self.combo.currentData())

    def period(self) -> tuple[date, date]:
        """The chosen days, first and last (inclusive); swapped if picked the wrong way round."""
        first = from_qdate(self.date_from.date())
        last = from_qdate(self.date_to.date())
        return (first, last) if first <= last else (last, first)

    def set_preset(self, preset: str) -> None:
        """Choose a preset (unknown names fall back to last month)."""
        preset = ALIASES.get(preset, preset)
        if preset not in PRESETS:
            preset = "last-month"
        self._choose(preset)
        self._preset_chosen()

    def set_period(self, first: date, last: date) -> None:
        """Show ``first``…``last``: as the preset it matches today, else as a custom range."""
        if last < first:
            first, last = last, first
        self._choose(matching_preset(first, last, self.today()))
        self._set_dates(first, last)
        self._enable_dates()
        self._emit()

    set_range = set_period

    def _choose(self, preset: str) -> None:
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(PRESETS.index(preset))
        self.combo.blockSignals(False)

    def _set_dates(self, first: date, last: date) -> None:
        for edit, day in ((self.date_from, first), (self.date_to, last)):
            edit.blockSignals(True)
            edit.setDate(to_qdate(day))
            edit.blockSignals(False)

    def _enable_dates(self) -> None:
        custom = self.preset() == "custom"
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(custom)

    def _preset_chosen(self) -> None:
        if self.preset() != "custom":
            self._set_dates(*preset_range(self.preset(), self.today()))
        self._enable_dates()
        self._emit()

    def _dates_edited(self) -> None:
        if self.preset() == "custom":
            self._emit()

    def _emit(self) -> None:
        self.sig_period_changed.emit(*self.period())
