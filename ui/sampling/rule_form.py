"""The sample rule as form controls: period, size, seed, filters, strata, exclusions, focus and
reviewers. :meth:`RuleForm.rule` reads a :class:`SampleRule` from them; :meth:`RuleForm.set_rule`
shows one. ``sig_changed`` fires on every edit (the page previews a moment later);
:meth:`RuleForm.problem` says what stops the rule from being drawn (a reversed period), shown
under the dates."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qa_desk.autoqa_catalog import AUTOQA_CHECKS
from qa_desk.sampling_rule import (
    FOCUS_OPTIONS,
    STRATA,
    AssignOptions,
    Focus,
    Period,
    RuleFilters,
    SampleRule,
)
from qa_desk.users import UserInfo
from ui import theme
from ui.sampling.reviewer_picker import ReviewerPicker

SIZE_KINDS = ("per_agent", "total", "percent")
DEFAULT_DAYS = 7


@dataclass
class FormChoices:
    """What the lists offer: teams, channels, languages and tags in the data, and reviewers
    (reviewers first); ``newest_day``: the day the newest conversation started."""

    teams: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    reviewers: list[UserInfo] = field(default_factory=list)
    newest_day: date | None = None


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


class RuleForm(QWidget):
    """Form controls for every part of a sample rule.

    Attributes:
        name: the rule's name (used when it is saved).
        period_from, period_to: the start days drawn from (inclusive, UTC).
        period_note: why the period is what it is when the form chose it; period_error: what is
            wrong with the period (hidden when nothing is).
        size_kind, size: per agent, in total or a percentage, and how many.
        seed: the draw's seed; ``new_seed_button`` picks another.
        team, channel, language: one each, or any; tags_in, tags_out: comma-separated tags.
        csat_min, csat_max, min_messages, failed_check, text: the other filters.
        strata, exclude_reviewed, exclude_assigned, focus (one box per option), random_share.
        picker: who it is assigned to (:class:`ReviewerPicker`; its ``reviewers`` list and
            ``capacity_box`` are here too, and :attr:`capacities`); due: the assignments' due date.
    """

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._quiet = False
        today = date.today()
        self._default_period = (today - timedelta(days=DEFAULT_DAYS - 1), today)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Unsaved rule"))
        self.period_from = self._date_edit(_qdate(self._default_period[0]))
        self.period_to = self._date_edit(_qdate(today))
        self.period_note = QLabel()
        self.period_note.setWordWrap(True)
        self.period_note.setVisible(False)
        self.period_error = QLabel()
        self.period_error.setObjectName("periodError")
        self.period_error.setWordWrap(True)
        self.period_error.setStyleSheet(f"color: {theme.FAIL};")
        self.period_error.setVisible(False)
        self.next_period_button = QPushButton(self.tr("Next period"))
        self.next_period_button.setToolTip(
            self.tr(
                "The following period: a whole month gives the next month, a week the next week"
            )
        )
        self.next_period_button.clicked.connect(self.next_period)
        self.rolling = QCheckBox(self.tr("&Rolling: the last"))
        self.rolling.setToolTip(
            self.tr(
                "A saved rule with a rolling period always draws from the days up to the day it "
                "is drawn (e.g. every Monday, the last 7 days)"
            )
        )
        self.rolling_days = QSpinBox()
        self.rolling_days.setRange(1, 3660)
        self.rolling_days.setValue(DEFAULT_DAYS)
        self.rolling_days.setSuffix(self.tr(" days"))
        self.rolling_days.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.rolling_days.setEnabled(False)
        self.size_kind = QComboBox()
        for key, text in zip(
            SIZE_KINDS, (self.tr("per agent"), self.tr("in total"), self.tr("percent")), strict=True
        ):
            self.size_kind.addItem(text, key)
        self.size = QDoubleSpinBox()
        self.size.setDecimals(0)
        self.size.setRange(1, 100_000)
        self.size.setValue(5)
        self.size.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_000_000_000)
        self.seed.setValue(1)
        self.seed.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.new_seed_button = QPushButton(self.tr("New seed"))
        self.new_seed_button.clicked.connect(lambda: self.seed.setValue(random.randint(1, 999_999)))

        self.team, self.channel, self.language = (
            self._any(self.tr("Any team")),
            self._any(self.tr("Any channel")),
            self._any(self.tr("Any language")),
        )
        self.tags_in, self.tags_out, self.text = QLineEdit(), QLineEdit(), QLineEdit()
        self.tags_in.setPlaceholderText(self.tr("any tags; comma-separated"))
        self.tags_out.setPlaceholderText(self.tr("none"))
        self.text.setPlaceholderText(self.tr("words in the messages"))
        self.csat_min, self.csat_max = self._csat(self.tr("Any")), self._csat(self.tr("Any"))
        self.min_messages = QSpinBox()
        self.min_messages.setRange(0, 10_000)
        self.min_messages.setSpecialValueText(self.tr("Any"))
        self.min_messages.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.failed_check = self._any(self.tr("Any outcome"))
        for check in AUTOQA_CHECKS:
            self.failed_check.addItem(self.tr("failed: {0}").format(check), check)

        self.strata = QComboBox()
        self.strata.addItem(self.tr("No strata"), None)
        for key, text in zip(
            STRATA, (self.tr("by channel"), self.tr("by team"), self.tr("by language")), strict=True
        ):
            self.strata.addItem(text, key)
        self.exclude_reviewed = QCheckBox(self.tr("Leave out reviewed conversations"))
        self.exclude_assigned = QCheckBox(self.tr("Leave out assigned conversations"))
        self.exclude_reviewed.setChecked(True)
        self.exclude_assigned.setChecked(True)
        focus_texts = (
            self.tr("Low CSAT"), self.tr("Failed automatic checks"),
            self.tr("Negative sentiment"), self.tr("Outliers (long or slow)"),
        )  # fmt: skip
        self.focus = {
            key: QCheckBox(text) for key, text in zip(FOCUS_OPTIONS, focus_texts, strict=True)
        }
        self.random_share = QSpinBox()
        self.random_share.setRange(0, 100)
        self.random_share.setSuffix(" %")
        self.random_share.setValue(30)
        self.random_share.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.random_share.setToolTip(
            self.tr("This share of each agent's picks is drawn plainly at random")
        )
        self.picker = ReviewerPicker()
        self.reviewers, self.capacity_box = self.picker.reviewers, self.picker.capacity_box
        self.has_due = QCheckBox(self.tr("Due"))
        self.due = self._date_edit(_qdate(today).addDays(7))
        self._lay_out()
        self._connect()

    # --- building --------------------------------------------------------------------------------

    def _date_edit(self, day: QDate) -> QDateEdit:
        edit = QDateEdit(day)
        edit.setCalendarPopup(True)
        return edit

    def _any(self, text: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(text, None)
        return combo

    def _csat(self, any_text: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(0, 5)
        box.setDecimals(0)
        box.setSpecialValueText(any_text)
        box.setAlignment(Qt.AlignmentFlag.AlignRight)
        return box

    def _row(self, *widgets: QWidget, stretch: tuple[int, ...] = (1,)) -> QWidget:
        """The widgets side by side; ``stretch`` gives each its share (the rest get none)."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for n, widget in enumerate(widgets):
            layout.addWidget(widget, stretch[n] if n < len(stretch) else 0)
        return row

    def _group(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(4)
        return box, form

    def _lay_out(self) -> None:
        draw, form = self._group(self.tr("Sample"))
        form.addRow(self.tr("&Name"), self.name)
        dash = QLabel("–")
        form.addRow(
            self.tr("&Started"),
            self._row(self.period_from, dash, self.period_to, stretch=(1, 0, 1)),
        )
        form.addRow("", self._row(self.rolling, self.rolling_days, stretch=(0, 1)))
        form.addRow("", self.period_error)
        form.addRow("", self.period_note)
        form.addRow("", self.next_period_button)
        form.addRow(self.tr("Si&ze"), self._row(self.size, self.size_kind))
        form.addRow(self.tr("S&eed"), self._row(self.seed, self.new_seed_button))
        form.addRow(self.tr("St&rata"), self.strata)

        filters, form = self._group(self.tr("Filters"))
        form.addRow(self.tr("&Team"), self.team)
        form.addRow(self.tr("C&hannel"), self.channel)
        form.addRow(self.tr("&Language"), self.language)
        form.addRow(self.tr("Ta&gs"), self.tags_in)
        form.addRow(self.tr("Not tagged"), self.tags_out)
        csat = self._row(self.csat_min, QLabel("–"), self.csat_max, stretch=(1, 0, 1))
        form.addRow(self.tr("&CSAT"), csat)
        form.addRow(self.tr("Messages at least"), self.min_messages)
        form.addRow(self.tr("Automatic check"), self.failed_check)
        form.addRow(self.tr("Te&xt"), self.text)
        form.addRow(self.exclude_reviewed)
        form.addRow(self.exclude_assigned)

        focus = QGroupBox(self.tr("Focus"))
        focus_layout = QVBoxLayout(focus)
        focus_layout.setSpacing(2)
        for box in self.focus.values():
            focus_layout.addWidget(box)
        share = QFormLayout()
        share.addRow(self.tr("Random share"), self.random_share)
        focus_layout.addLayout(share)

        assign, form = self._group(self.tr("Assign to"))
        form.addRow(self.picker)
        form.addRow(self.has_due, self.due)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        for box in (draw, assign, focus, filters):
            layout.addWidget(box)
        layout.addStretch(1)

    def _connect(self) -> None:
        changed = self._changed
        for edit in (self.period_from, self.period_to, self.due):
            edit.dateChanged.connect(changed)
        for edit in (self.period_from, self.period_to):
            edit.dateChanged.connect(self._period_changed)
        self.rolling.toggled.connect(self._rolling_changed)
        self.rolling.toggled.connect(changed)
        self.rolling_days.valueChanged.connect(self._rolling_changed)
        self.rolling_days.valueChanged.connect(changed)
        for combo in (self.size_kind, self.team, self.channel, self.language, self.strata,
                      self.failed_check):  # fmt: skip
            combo.currentIndexChanged.connect(changed)
        for spin in (self.size, self.seed, self.csat_min, self.csat_max, self.min_messages,
                     self.random_share):  # fmt: skip
            spin.valueChanged.connect(changed)
        for edit in (self.tags_in, self.tags_out, self.text):
            edit.textChanged.connect(changed)
        for box in (
            self.exclude_reviewed,
            self.exclude_assigned,
            self.has_due,
            *self.focus.values(),
        ):
            box.toggled.connect(changed)
        self.picker.sig_changed.connect(changed)
        self.size_kind.currentIndexChanged.connect(self._size_kind_changed)
        self.has_due.toggled.connect(self.due.setEnabled)
        self.due.setEnabled(False)

    def _changed(self, *_args: object) -> None:
        if not self._quiet:
            self.sig_changed.emit()

    def _period_changed(self, *_args: object) -> None:
        problem = self.problem()
        self.period_error.setText(problem or "")
        self.period_error.setVisible(problem is not None)
        period = (_date(self.period_from.date()), _date(self.period_to.date()))
        if period != self._default_period:
            self.period_note.setVisible(False)  # it explained the dates the form chose

    def _rolling_changed(self, *_args: object) -> None:
        """A rolling period shows the days it stands for today; its dates cannot be edited, nor
        moved on (it moves by itself)."""
        rolling = self.rolling.isChecked()
        for widget in (self.period_from, self.period_to, self.next_period_button):
            widget.setEnabled(not rolling)
        self.rolling_days.setEnabled(rolling)
        if rolling:
            quiet, self._quiet = self._quiet, True  # one change, announced by the caller
            try:
                start, end = _last_days(self.rolling_days.value())
                self.period_from.setDate(_qdate(start))
                self.period_to.setDate(_qdate(end))
            finally:
                self._quiet = quiet

    def problem(self) -> str | None:
        """What stops the rule from being drawn, in words (None: nothing)."""
        if not self.rolling.isChecked() and self.period_to.date() < self.period_from.date():
            return self.tr(
                "The period ends before it starts: pick a last day on or after {0}."
            ).format(QLocale().toString(self.period_from.date(), QLocale.FormatType.ShortFormat))
        return None

    def default_to_data(self, newest: date | None) -> None:
        """When nothing started in the default last days, move the (untouched) period to the days
        up to the newest conversation, and say so."""
        today = self._default_period[1]
        if newest is None or newest >= today - timedelta(days=DEFAULT_DAYS - 1):
            return
        chosen = (_date(self.period_from.date()), _date(self.period_to.date()))
        if chosen != self._default_period or self.rolling.isChecked():
            return  # the user (or a loaded rule) chose the period
        self._default_period = (newest - timedelta(days=DEFAULT_DAYS - 1), newest)
        self.period_from.setDate(_qdate(self._default_period[0]))
        self.period_to.setDate(_qdate(newest))
        self.period_note.setText(
            self.tr(
                "Nothing started in the last {0} days: these are the {0} days up to the newest "
                "conversation."
            ).format(DEFAULT_DAYS)
        )
        self.period_note.setVisible(True)

    def _size_kind_changed(self) -> None:
        percent = self.size_kind.currentData() == "percent"
        self.size.setDecimals(1 if percent else 0)
        self.size.setMaximum(100 if percent else 100_000)

    # --- choices ---------------------------------------------------------------------------------

    def set_choices(self, choices: FormChoices) -> None:
        """Fill the lists, keeping what is picked."""
        rule = self.rule()
        self._quiet = True
        try:
            for combo, values in (
                (self.team, choices.teams), (self.channel, choices.channels),
                (self.language, choices.languages),
            ):  # fmt: skip
                while combo.count() > 1:
                    combo.removeItem(1)
                for value in values:
                    combo.addItem(value, value)
            self.picker.set_people(choices.reviewers)
        finally:
            self._quiet = False
        self.set_rule(rule)
        self.default_to_data(choices.newest_day)

    # --- the rule ----------------------------------------------------------------------------------

    def rule(self) -> SampleRule:
        """The rule the controls describe."""
        checks = ()
        if self.failed_check.currentData():
            checks = ((self.failed_check.currentData(), "fail"),)
        filters = RuleFilters(
            teams=_one(self.team), channels=_one(self.channel), languages=_one(self.language),
            tags_in=_names(self.tags_in.text()), tags_out=_names(self.tags_out.text()),
            csat_min=self.csat_min.value() or None, csat_max=self.csat_max.value() or None,
            min_messages=self.min_messages.value() or None, checks=checks,
            text=self.text.text().strip(),
        )  # fmt: skip
        return SampleRule(
            size_kind=self.size_kind.currentData(),
            size=self.size.value(),
            name=self.name.text().strip(),
            seed=self.seed.value(),
            period=Period(last_days=self.rolling_days.value())
            if self.rolling.isChecked()
            else Period(_date(self.period_from.date()), _date(self.period_to.date())),
            filters=filters,
            strata=self.strata.currentData(),
            exclude_reviewed=self.exclude_reviewed.isChecked(),
            exclude_assigned=self.exclude_assigned.isChecked(),
            focus=Focus(
                tuple(k for k, box in self.focus.items() if box.isChecked()),
                float(self.random_share.value()),
            ),
            assign=AssignOptions(*self.picker.chosen()),
        )

    @property
    def capacities(self) -> dict[str, QSpinBox]:
        """Per reviewer key, the most conversations they take (see :class:`ReviewerPicker`)."""
        return self.picker.capacities

    def due_on(self) -> date | None:
        return _date(self.due.date()) if self.has_due.isChecked() else None

    def set_rule(self, rule: SampleRule) -> None:
        """Show ``rule`` in the controls (one ``sig_changed`` at the end)."""
        self._quiet = True
        try:
            self.name.setText(rule.name)
            start, end = rule.period.first, rule.period.last
            rolling = rule.period.last_days is not None
            if rule.period.last_days is not None:
                self.rolling_days.setValue(rule.period.last_days)
                start, end = _last_days(rule.period.last_days)
            self.rolling.setChecked(rolling)
            self._rolling_changed()
            if start is not None:
                self.period_from.setDate(_qdate(start))
            if end is not None:
                self.period_to.setDate(_qdate(end))
            self.size_kind.setCurrentIndex(max(0, self.size_kind.findData(rule.size_kind)))
            self.size.setValue(rule.size)
            self.seed.setValue(rule.seed)
            f = rule.filters
            for combo, values in ((self.team, f.teams), (self.channel, f.channels),
                                  (self.language, f.languages)):  # fmt: skip
                combo.setCurrentIndex(max(0, combo.findData(values[0])) if values else 0)
            self.tags_in.setText(", ".join(f.tags_in))
            self.tags_out.setText(", ".join(f.tags_out))
            self.csat_min.setValue(f.csat_min or 0)
            self.csat_max.setValue(f.csat_max or 0)
            self.min_messages.setValue(f.min_messages or 0)
            failed = next((check for check, outcome in f.checks if outcome == "fail"), None)
            self.failed_check.setCurrentIndex(max(0, self.failed_check.findData(failed)))
            self.text.setText(f.text)
            self.strata.setCurrentIndex(max(0, self.strata.findData(rule.strata)))
            self.exclude_reviewed.setChecked(rule.exclude_reviewed)
            self.exclude_assigned.setChecked(rule.exclude_assigned)
            for key, box in self.focus.items():
                box.setChecked(key in rule.focus.options)
            self.random_share.setValue(round(rule.focus.random_share))
            self.picker.choose(rule.assign.reviewers, rule.assign.capacity)
        finally:
            self._quiet = False
        self.sig_changed.emit()

    def next_period(self) -> None:
        """Move the period forward by its length (the same rule, the following week or month)."""
        rule = self.rule()
        self.set_rule(rule.for_next_period())


def _last_days(days: int) -> tuple[date, date]:
    """The first and last day of a rolling period of ``days`` days today, as the draw counts
    them (UTC days, :meth:`Period.bounds`)."""
    start, before = Period(last_days=days).bounds()
    assert start is not None and before is not None
    return start.date(), (before - timedelta(days=1)).date()


def _one(combo: QComboBox) -> tuple[str, ...]:
    value = combo.currentData()
    return (value,) if value else ()
