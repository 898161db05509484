"""The scoring panel: a rubric version as controls to rate with, and the review's live score.

Built from a :class:`qa_desk.rubric.Rubric` alone, with no database, so the rubric editor can show a
live preview of a rubric being edited. The public API is kept stable for that:
``ScoringPanel(parent)``, :meth:`~ScoringPanel.set_rubric`, :meth:`~ScoringPanel.set_ratings`,
:meth:`~ScoringPanel.set_read_only`, :meth:`~ScoringPanel.set_suggestions` and ``sig_rating_changed(criterion_id, RatingInput | None)``.

Keyboard (while a criterion has the focus): Up/Down or K/J move between criteria; 1–9 pick the
n-th value of the scale, worst first, and move on to the next criterion; 0 or N pick N/A where
allowed; Delete clears the rating; C opens the criterion's comment (while unrated too: it is
saved with the rating). Enter or Space confirms the current criterion's automatic-check suggestion
and Ctrl+Shift+A (or the "Confirm all suggestions" button) every suggestion still waiting; an
unconfirmed suggestion is not a rating.

The live score is neutral ("… so far") until every criterion is rated: a pass or fail in colour
then would be a verdict on part of the review (a critical fail, which no other rating can undo,
shows at once).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence, QPalette, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qa_desk.autoqa_review import Suggestion
from qa_desk.reviews import RatingInput
from qa_desk.rubric import NA, RatingError, ReviewScore, Rubric
from ui import theme
from ui.analysis.plural import plural
from ui.review.criterion_row import CriterionRow
from ui.review.transcript_delegate import mix

NAVIGATION_KEYS = {
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_K: -1,
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_J: 1,
}
CONFIRM_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class ScoringPanel(QWidget):
    """Rate a conversation against a rubric, with the keyboard or the mouse.

    Attributes:
        rubric: the rubric shown (None before :meth:`set_rubric`).
        rows: the row of each criterion, by criterion id, in rubric order.
        score: the live score of the ratings shown (None without a rubric).
        read_only: whether the ratings can be changed.
    """

    sig_rating_changed = Signal(str, object)  # criterion id, RatingInput or None
    sig_batch = Signal(bool)  # True before several ratings change as one step, False after

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rubric: Rubric | None = None
        self.rows: dict[str, CriterionRow] = {}
        self.score: ReviewScore | None = None
        self.read_only = False
        self._current: str | None = None
        self._pixmaps: dict[str, QPixmap] = {}
        self._verdict_key: tuple[object, ...] = ("unset",)

        self.score_label = QLabel()
        self.score_label.setObjectName("reviewScore")
        self.score_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        font = self.score_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.score_label.setFont(font)
        self.score_label.setMinimumSize(  # keeps its room while empty: nothing jumps
            self.score_label.fontMetrics().horizontalAdvance("100.0 %"),
            self.score_label.fontMetrics().height(),
        )
        self.verdict_icon = QLabel()
        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("reviewVerdict")
        self.progress_label = QLabel()
        self.progress_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.progress_label.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.confirm_all_action = QAction(self.tr("Confirm all suggestions"), self)
        self.confirm_all_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.confirm_all_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.confirm_all_action.setToolTip(
            self.tr(
                "Rate every criterion still showing an automatic-check suggestion with the "
                "suggested value (Ctrl+Shift+A)"
            )
        )
        self.confirm_all_action.setIcon(theme.icon("check-all"))
        self.confirm_all_action.triggered.connect(self.confirm_all_suggestions)
        self.addAction(self.confirm_all_action)
        self.confirm_all_button = QToolButton()
        self.confirm_all_button.setDefaultAction(self.confirm_all_action)
        self.confirm_all_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.confirm_all_button.setAutoRaise(True)
        self.confirm_all_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm_all_button.setVisible(False)
        summary = QGridLayout()
        summary.setContentsMargins(8, 6, 8, 4)
        summary.setHorizontalSpacing(6)
        summary.addWidget(self.verdict_icon, 0, 0)
        summary.addWidget(self.verdict_label, 0, 1)
        summary.addWidget(self.score_label, 0, 2, 2, 1)
        summary.addWidget(self.progress_label, 1, 0, 1, 2)
        # a row of its own: beside the counts it was cut to "Confirm al…uggestions"
        summary.addWidget(self.confirm_all_button, 2, 0, 1, 3, Qt.AlignmentFlag.AlignLeft)
        summary.setColumnStretch(1, 1)

        self.critical_banner = QFrame()
        self.critical_banner.setObjectName("criticalBanner")
        self.critical_banner.setAutoFillBackground(True)
        banner_layout = QHBoxLayout(self.critical_banner)
        banner_layout.setContentsMargins(8, 4, 8, 4)
        self.critical_icon = QLabel()
        self.critical_label = QLabel()
        self.critical_label.setWordWrap(True)
        self.critical_label.setTextFormat(Qt.TextFormat.PlainText)
        banner_layout.addWidget(self.critical_icon, 0, Qt.AlignmentFlag.AlignTop)
        banner_layout.addWidget(self.critical_label, 1)
        self.critical_banner.setVisible(False)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.empty_label = QLabel(self.tr("No rubric to score with."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.hint_label = QLabel()
        self.hint_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hint_label.setWordWrap(True)
        self.hint_label.setContentsMargins(8, 2, 8, 4)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(summary)
        layout.addWidget(self.critical_banner)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.hint_label)
        self._show_empty()

    # --- public API ----------------------------------------------------------------------------

    def set_rubric(self, rubric: Rubric | None) -> None:
        """Show the criteria of ``rubric``, all unrated."""
        self.rubric = rubric
        self.rows = {}
        self._current = None
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        for section in rubric.sections if rubric else ():
            heading = QLabel(section.name)
            heading.setTextFormat(Qt.TextFormat.PlainText)
            heading.setContentsMargins(8, 8, 8, 2)
            font = heading.font()
            font.setPointSizeF(font.pointSizeF() * 1.08)
            font.setBold(True)
            heading.setFont(font)
            heading.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            column.addWidget(heading)
            for criterion in section.criteria:
                row = CriterionRow(criterion, self._handle_key)
                row.set_read_only(self.read_only)
                row.sig_picked.connect(lambda _v, r=row: self._picked(r))
                row.sig_details_changed.connect(lambda r=row: self._details_changed(r))
                row.installEventFilter(self)
                column.addWidget(row)
                self.rows[criterion.id] = row
        column.addStretch(1)
        self.scroll.setWidget(body)  # deletes the previous rows
        self._show_empty()
        if self.rows:
            self._set_current(next(iter(self.rows)), focus=False)
        self._rescore()

    def set_ratings(self, ratings: dict[str, RatingInput]) -> None:
        """Show these ratings (criteria missing from ``ratings`` show as unrated); a bare value as
        written (``"pass"``, ``"4"``, ``"NA"``) is taken as a rating without comment."""
        for criterion_id, row in self.rows.items():
            self._show(row, ratings.get(criterion_id))
        self._rescore()

    def set_rating(self, criterion_id: str, rating: RatingInput | None) -> None:
        """Show one rating (e.g. after an undo), without emitting :attr:`sig_rating_changed`."""
        row = self.rows.get(criterion_id)
        if row is not None:
            self._show(row, rating)
            self._rescore()

    def set_suggestions(self, suggestions: dict[str, Suggestion]) -> None:
        """Show what automatic checks suggest, by criterion id (see
        :meth:`CriterionRow.set_suggestion`); never counted in the score until confirmed."""
        for criterion_id, row in self.rows.items():
            row.set_suggestion(suggestions.get(criterion_id))
        self._show_summary()
        self._show_empty()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for row in self.rows.values():
            row.set_read_only(read_only)
        self._show_summary()
        self._show_empty()

    def ratings(self) -> dict[str, RatingInput]:
        """The ratings shown, by criterion id (unrated criteria left out)."""
        shown = {cid: row.rating() for cid, row in self.rows.items()}
        return {cid: rating for cid, rating in shown.items() if rating is not None}

    def current_criterion(self) -> str | None:
        return self._current

    def set_current(self, criterion_id: str, focus: bool = True) -> None:
        """Make ``criterion_id`` the criterion the keyboard acts on, scrolled into view."""
        if criterion_id in self.rows:
            self._set_current(criterion_id, focus)

    def focus_current(self) -> None:
        """Give the keyboard to the current criterion (the first unrated one when none is)."""
        if self._current is None and self.rows:
            self._current = next(iter(self.rows))
        if self._current is not None:
            self._set_current(self._current, focus=True)

    def commit_comments(self) -> None:
        """Tell every criterion comment still being typed (see :meth:`CriterionRow.commit_comment`)."""
        for row in self.rows.values():
            row.commit_comment()

    def first_unrated(self) -> str | None:
        return next((cid for cid, row in self.rows.items() if row.value is None), None)

    def awaiting_confirmation(self) -> list[str]:
        """The criteria showing a suggestion not confirmed yet (unrated), in rubric order."""
        return [cid for cid, row in self.rows.items() if row.awaiting_confirmation]

    def confirm_all_suggestions(self) -> list[str]:
        """Rate every criterion still showing a suggestion with the suggested value, as one step
        (see :attr:`sig_batch`); returns the criteria rated."""
        waiting = [] if self.read_only else self.awaiting_confirmation()
        if not waiting:
            return []
        self.sig_batch.emit(True)
        try:
            for cid in waiting:
                self.rows[cid].confirm_suggestion()
        finally:
            self.sig_batch.emit(False)
        self._set_current(self.first_unrated() or waiting[-1], focus=True)
        return waiting

    # --- behaviour -----------------------------------------------------------------------------

    def _show(self, row: CriterionRow, rating: RatingInput | object | None) -> None:
        if rating is not None and not isinstance(rating, RatingInput):
            rating = RatingInput(rating)  # a bare value as written ("pass", "4", "NA")
        try:
            row.show_rating(rating)
        except RatingError:
            row.show_rating(None)  # a value off the scale (e.g. a stale preview) shows unrated

    def _set_current(self, criterion_id: str, focus: bool) -> None:
        self._current = criterion_id
        for cid, row in self.rows.items():
            row.set_current(cid == criterion_id)
        row = self.rows[criterion_id]
        if focus:
            row.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll.ensureWidgetVisible(row, 0, 24)
        # rows above may just have grown or shrunk (chips, comment): look again once laid out
        QTimer.singleShot(0, self, lambda: self._reveal(criterion_id))

    def _reveal(self, criterion_id: str) -> None:
        row = self.rows.get(criterion_id)
        if row is not None and self._current == criterion_id:
            self.scroll.ensureWidgetVisible(row, 0, 24)

    def _move(self, step: int) -> None:
        ids = list(self.rows)
        if not ids:
            return
        position = ids.index(self._current) if self._current in ids else 0
        self._set_current(ids[max(0, min(len(ids) - 1, position + step))], focus=True)

    def _picked(self, row: CriterionRow) -> None:
        self._rescore()
        self.sig_rating_changed.emit(row.criterion.id, row.rating())
        self._set_current(row.criterion.id, focus=False)
        self._move(1)

    def _details_changed(self, row: CriterionRow) -> None:
        if row.value is not None:
            self.sig_rating_changed.emit(row.criterion.id, row.rating())

    def _handle_key(self, row: CriterionRow, event: QKeyEvent) -> bool:
        """The rubric's keys, pressed while ``row`` has the focus; True when handled."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return False
        key = event.key()
        if self._current != row.criterion.id:
            self._set_current(row.criterion.id, focus=False)
        if key in NAVIGATION_KEYS:
            self._move(NAVIGATION_KEYS[Qt.Key(key)])
            return True
        if key == Qt.Key.Key_C:
            row.open_comment()
            return True
        if row.read_only:
            return False
        if key in CONFIRM_KEYS and modifiers == Qt.KeyboardModifier.NoModifier:
            return row.confirm_suggestion()
        values = row.criterion.scale.values
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            n = key - Qt.Key.Key_1
            if n < len(values):
                row.pick(values[n])
            return True
        if key in (Qt.Key.Key_0, Qt.Key.Key_N):
            if row.criterion.allow_na:
                row.pick(NA)
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and row.value is not None:
            row.show_rating(None)
            self._rescore()
            self.sig_rating_changed.emit(row.criterion.id, None)
            return True
        return False

    def eventFilter(self, watched: object, event: object) -> bool:
        # a row gaining the focus (a click, Tab) becomes the current criterion
        if (
            isinstance(watched, CriterionRow)
            and isinstance(event, QEvent)
            and event.type() == QEvent.Type.FocusIn
            and watched.criterion.id != self._current
        ):
            self._set_current(watched.criterion.id, focus=False)
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    # --- the score -----------------------------------------------------------------------------

    def _rescore(self) -> None:
        if self.rubric is None:
            self.score = None
            self._show_summary()
            return
        self.score = self.rubric.score({cid: r.value for cid, r in self.ratings().items()})
        self._show_summary()

    def _verdict_pixmap(self, name: str, colour: str) -> QPixmap:
        pixmap = self._pixmaps.get(name)
        if pixmap is None:
            pixmap = self._pixmaps[name] = theme.icon(name, colour).pixmap(18, 18)
        return pixmap

    def _show_summary(self) -> None:
        locale = QLocale()
        score, rubric = self.score, self.rubric
        threshold = locale.toString(rubric.pass_threshold, "g", 4) if rubric else ""
        rated = len(score.fractions) if score else 0  # N/A counts as rated
        complete = bool(self.rows) and rated == len(self.rows)
        if score is None or score.score is None:
            verdict_key: tuple[object, ...] = (None,)
            text = ""
            pixmap = self._verdict_pixmap("progress-question", theme.NEUTRAL)
            verdict = (
                self.tr("Not scored yet · pass mark {0} %").format(threshold) if rubric else ""
            )
        elif not complete and not score.critical_fail:
            verdict_key = ("so far",)
            text = self.tr("{0} %").format(locale.toString(score.score, "f", 1))
            pixmap = self._verdict_pixmap("progress-clock", theme.NEUTRAL)
            verdict = self.tr("So far · pass mark {0} %").format(threshold)
        else:
            verdict_key = (score.passed,)
            text = self.tr("{0} %").format(locale.toString(score.score, "f", 1))
            colour = theme.PASS if score.passed else theme.FAIL
            pixmap = self._verdict_pixmap(
                "check-circle" if score.passed else "close-circle", colour
            )
            word = self.tr("Pass") if score.passed else self.tr("Fail")
            verdict = self.tr("{0} · pass mark {1} %").format(word, threshold)
        self.score_label.setText(text)
        if verdict_key != self._verdict_key:  # colours and icons change only with the verdict
            self._verdict_key = verdict_key
            palette = self.palette()
            if verdict_key[0] in (True, False):
                colour = QColor(theme.PASS if verdict_key[0] else theme.FAIL)
                palette.setColor(QPalette.ColorRole.WindowText, colour)
            self.score_label.setPalette(palette)
            self.verdict_icon.setPixmap(pixmap)
        self.verdict_label.setText(verdict)
        progress = self.tr("{0} of {1} rated").format(rated, len(self.rows)) if self.rows else ""
        waiting = 0 if self.read_only else len(self.awaiting_confirmation())
        if waiting:
            progress += " · " + plural(self.tr("%n suggestion(s) to confirm", "", waiting), waiting)
        self.progress_label.setText(progress)
        self.confirm_all_button.setVisible(bool(waiting))
        self.confirm_all_action.setEnabled(bool(waiting))
        self._show_critical()

    def _show_critical(self) -> None:
        score, rubric = self.score, self.rubric
        if score is None or rubric is None or not score.critical_fail:
            self.critical_banner.setVisible(False)
            return
        names = ", ".join(rubric.criterion(cid).name for cid in score.failed_critical)
        self.critical_label.setText(
            self.tr("Critical fail: {0}. The review scores 0.").format(names)
        )
        self.critical_icon.setPixmap(theme.icon("alert-octagon", theme.CRITICAL).pixmap(20, 20))
        palette = self.critical_banner.palette()
        base = palette.color(QPalette.ColorRole.Window)
        palette.setColor(QPalette.ColorRole.Window, mix(base, QColor(theme.CRITICAL), 0.22))
        self.critical_banner.setPalette(palette)
        self.critical_banner.setVisible(True)

    def _show_empty(self) -> None:
        has_rows = bool(self.rows)
        self.scroll.setVisible(has_rows)
        self.empty_label.setVisible(not has_rows)
        self.hint_label.setVisible(has_rows and not self.read_only)
        hint = self.tr("↑↓ move · 1–9 rate · 0 N/A · C comment · Ctrl+Enter submit")
        if any(row.suggestion is not None for row in self.rows.values()):
            hint = self.tr(
                "↑↓ move · 1–9 rate · 0 N/A · Enter confirm ✦ · C comment · Ctrl+Enter submit"
            )
        self.hint_label.setText(hint)


__all__ = ["NA", "ScoringPanel"]
