"""A period picker: presets (this month, last month, the last three months, quarters, the year)
and a custom range of days, each shown with the dates it stands for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from ui.reports.figures import tr

PRESETS = (
    "this-month", "last-month", "last-3-months", "this-quarter", "last-quarter", "this-year",
    "last-12-months", "custom",
)  # fmt: skip


def _month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def preset_range(preset: str, today: date) -> tuple[date, date]:
    """The inclusive days a preset stands for on ``today`` (whole calendar months and quarters;
    "last 3 months" are the three whole months before this one)."""
    this_month = _month_start(today)
    quarter = _month_start(today, (today.month - 1) % 3)
    ranges = {
        "this-month": (this_month, today),
        "last-month": (_month_start(today, 1), this_month - timedelta(days=1)),
        "last-3-months": (_month_start(today, 3), this_month - timedelta(days=1)),
        "this-quarter": (quarter, today),
        "last-quarter": (_month_start(quarter, 3), quarter - timedelta(days=1)),
        "this-year": (date(today.year, 1, 1), today),
        "last-12-months": (_month_start(today, 12), this_month - timedelta(days=1)),
    }
    return ranges[preset]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class PeriodPicker(QWidget):
    """A combo of presets and, for a custom period, two date fields.

    Attributes:
        preset: the chosen preset (``custom`` for dates picked by hand).
        today: the day presets count from (a callable, so tests can fix it).
    """

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today):
        super().__init__(parent)
        self.today = today
        self.combo = QComboBox()
        names = (
            tr("This month"), tr("Last month"), tr("Last 3 months"), tr("This quarter"),
            tr("Last quarter"), tr("This year"), tr("Last 12 months"), tr("Custom…"),
        )  # fmt: skip
        for key, name in zip(PRESETS, names, strict=True):
            self.combo.addItem(name, key)
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(QLocale().dateFormat(QLocale.FormatType.ShortFormat))
        self.to_label = QLabel(tr("to"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.date_from)
        layout.addWidget(self.to_label)
        layout.addWidget(self.date_to)
        self.set_preset("last-month")
        self.combo.currentIndexChanged.connect(self._preset_chosen)
        self.date_from.dateChanged.connect(self._dates_edited)
        self.date_to.dateChanged.connect(self._dates_edited)

    @property
    def preset(self) -> str:
        return str(self.combo.currentData())

    def period(self) -> tuple[date, date]:
        """The chosen days, first and last (inclusive); swapped if picked the wrong way round."""
        first = self.date_from.date().toPython()
        last = self.date_to.date().toPython()
        return (first, last) if first <= last else (last, first)

    def set_preset(self, preset: str) -> None:
        """Choose a preset (unknown names fall back to last month)."""
        if preset not in PRESETS:
            preset = "last-month"
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(PRESETS.index(preset))
        self.combo.blockSignals(False)
        self._preset_chosen()

    def set_period(self, first: date, last: date) -> None:
        """Show a custom period."""
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(PRESETS.index("custom"))
        self.combo.blockSignals(False)
        self._set_dates(first, last)
        self._show_dates()
        self.sig_changed.emit()

    def _set_dates(self, first: date, last: date) -> None:
        for edit, day in ((self.date_from, first), (self.date_to, last)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _show_dates(self) -> None:
        custom = self.preset == "custom"
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(custom)

    def _preset_chosen(self) -> None:
        if self.preset != "custom":
            self._set_dates(*preset_range(self.preset, self.today()))
        self._show_dates()
        self.sig_changed.emit()

    def _dates_edited(self) -> None:
        if self.preset == "custom":
            self.sig_changed.emit()
