"""Choosing a period: presets (this month, last month, last 3 months) or a custom range of days."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

PRESETS = ("this_month", "last_month", "last_3_months", "custom")


def month_start(day: date, months_back: int = 0) -> date:
    """The first day of the month ``months_back`` months before ``day``'s."""
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def preset_range(preset: str, today: date) -> tuple[date, date]:
    """The inclusive days of a preset: this month and the last 3 months end today, last month is
    the whole calendar month before this one."""
    if preset == "this_month":
        return month_start(today), today
    if preset == "last_month":
        return month_start(today, 1), month_start(today) - timedelta(days=1)
    if preset == "last_3_months":
        return month_start(today, 2), today
    raise ValueError(f"no preset period '{preset}'")


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class PeriodPicker(QWidget):
    """A preset choice and, for a custom range, the first and last day.

    Attributes:
        preset_combo: the presets (item data: a key of :data:`PRESETS`).
        from_edit, to_edit: the days; editable with the custom range only.
        today: the day the presets count from (a test may set it).
    """

    sig_period_changed = Signal(object, object)  # first day, last day (datetime.date)

    def __init__(self, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("periodPreset")
        for key, text in (
            ("this_month", self.tr("This month")),
            ("last_month", self.tr("Last month")),
            ("last_3_months", self.tr("Last 3 months")),
            ("custom", self.tr("Custom range")),
        ):
            self.preset_combo.addItem(text, key)
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.dateChanged.connect(self._custom_changed)
        self.to_label = QLabel(self.tr("to"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.preset_combo)
        layout.addWidget(self.from_edit)
        layout.addWidget(self.to_label)
        layout.addWidget(self.to_edit)
        self.preset_combo.currentIndexChanged.connect(self._preset_changed)
        self._quiet = False
        self.set_preset("last_3_months")

    def period(self) -> tuple[date, date]:
        """The first and last day chosen (inclusive)."""
        return from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date())

    def preset(self) -> str:
        return self.preset_combo.currentData()

    def set_preset(self, preset: str) -> None:
        index = self.preset_combo.findData(preset)
        if index == self.preset_combo.currentIndex():
            self._preset_changed(index)
        else:
            self.preset_combo.setCurrentIndex(index)

    def set_range(self, first: date, last: date) -> None:
        """Choose a custom range."""
        self._quiet = True
        self.preset_combo.setCurrentIndex(self.preset_combo.findData("custom"))
        self.from_edit.setDate(to_qdate(first))
        self.to_edit.setDate(to_qdate(last))
        self._quiet = False
        self._emit()

    def _preset_changed(self, _index: int) -> None:
        preset = self.preset()
        custom = preset == "custom"
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        if custom:
            self._emit()
            return
        first, last = preset_range(preset, self.today)
        self._quiet = True
        self.from_edit.setDate(to_qdate(first))
        self.to_edit.setDate(to_qdate(last))
        self._quiet = False
        self._emit()

    def _custom_changed(self, _day: QDate) -> None:
        if not self._quiet and self.preset() == "custom":
            self._emit()

    def _emit(self) -> None:
        first, last = self.period()
        if last < first:  # a range typed backwards means the same days
            first, last = last, first
        self.sig_period_changed.emit(first, last)
