"""One criterion in the scoring panel: its name (guidance on hover, or expanded below), a button
for each scale value worst first, N/A where allowed, a comment box, and root-cause chips.

A criterion that names an automatic check can show the check's suggestion (:meth:`set_suggestion`):
while unrated, the suggested value's button is pre-filled in italics and a line below says
"Suggested" with why (the evidence on hover). It is not a rating: clicking that value (or its
key, or Enter or Space) confirms it, any other value overrides it. Submit stops at a criterion whose
suggestion is still unconfirmed, as at any unrated criterion.

The comment box opens on an unrated criterion too (C): what is typed there is kept in the box and
saved with the rating once the criterion is rated, as a line below the box says. Keys typed in the
box are text, never the rubric's shortcuts.

Root-cause chips show when the rating is below the top of its scale (fraction < 1): any rating short
of full marks can have a reason worth coaching on, and a pass/fail criterion shows them on a fail.

The value buttons take no keyboard focus: the row itself does, so the number keys and arrows of the
scoring panel work wherever the reviewer is in the rubric.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qa_desk.autoqa_review import Suggestion
from qa_desk.reviews import RatingInput
from qa_desk.rubric import NA, Criterion
from ui import theme
from ui.review.flow_layout import FlowLayout
from ui.review.transcript_delegate import mix
from ui.review.typing_pause import TypingPause

if TYPE_CHECKING:
    from collections.abc import Callable


def start_alignment(widget: QWidget) -> Qt.AlignmentFlag:
    """Align to the start of lines in the window's direction, whatever the text's own direction
    (a label would otherwise right-align English text in an Arabic window and vice versa)."""
    side = Qt.AlignmentFlag.AlignRight if widget.isRightToLeft() else Qt.AlignmentFlag.AlignLeft
    return side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignTop


def is_low(criterion: Criterion, value: str | None) -> bool:
    """Whether root causes apply to this rating: rated, not N/A, and below full marks."""
    if value is None or value == NA:
        return False
    fraction = criterion.fraction(value)
    return fraction is not None and fraction < 1


class CriterionRow(QWidget):
    """The controls of one criterion.

    Attributes:
        criterion: the criterion rated here.
        value_buttons: one checkable button per scale value, worst first.
        na_button: the N/A button (None when N/A is not allowed).
        comment_box: the criterion's comment.
        chips: one checkable button per root cause.
        current: whether this is the criterion the keyboard acts on.
    """

    sig_picked = Signal(str)  # the value as the scale writes it, or NA
    sig_details_changed = Signal()  # comment or root causes edited

    def __init__(
        self, criterion: Criterion, key_handler: Callable[[CriterionRow, QKeyEvent], bool]
    ):
        super().__init__()
        self.criterion = criterion
        self.current = False
        self.read_only = False
        self._value: str | None = None
        self._comment_open = False  # opened with C while unrated: shown though still empty
        self._key_handler = key_handler
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName(f"criterion_{criterion.id}")
        self.setAccessibleName(criterion.name)
        if criterion.guidance:
            self.setToolTip(criterion.guidance)

        self.expand_button = QToolButton()
        self.expand_button.setAutoRaise(True)
        self.expand_button.setCheckable(True)
        self.expand_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.expand_button.setToolTip(self.tr("Show the guidance"))
        self.expand_button.toggled.connect(self._show_guidance)
        self.name_label = QLabel(criterion.name)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setWordWrap(True)
        font = self.name_label.font()
        font.setBold(True)
        self.name_label.setFont(font)
        self.caption = QLabel(self._caption_text())
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.guidance_label = QLabel(criterion.guidance)
        self.guidance_label.setTextFormat(Qt.TextFormat.PlainText)
        self.guidance_label.setWordWrap(True)
        self.guidance_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for label in (self.name_label, self.caption, self.guidance_label):
            label.setAlignment(start_alignment(self))

        self.group = QButtonGroup(self)
        self.value_buttons: list[QToolButton] = []
        self.button_box = QWidget()
        buttons = FlowLayout(self.button_box, spacing=3)  # wraps in a narrow panel
        for n, value in enumerate(criterion.scale.values, start=1):
            text = {"fail": self.tr("Fail"), "pass": self.tr("Pass")}.get(value, value)
            button = self._value_button(text, value, self.tr("Key {0}").format(n) if n < 10 else "")
            self.value_buttons.append(button)
            buttons.addWidget(button)
        self.na_button: QToolButton | None = None
        if criterion.allow_na:
            self.na_button = self._value_button(
                self.tr("N/A"), NA, self.tr("Not applicable (key 0 or N)")
            )
            buttons.addWidget(self.na_button)
        self.group.setExclusive(False)
        self.suggestion: Suggestion | None = None
        self.suggestion_label = QLabel()
        self.suggestion_label.setObjectName("suggestion")
        self.suggestion_label.setTextFormat(Qt.TextFormat.PlainText)
        self.suggestion_label.setWordWrap(True)
        self.suggestion_label.setAlignment(start_alignment(self))
        self.suggestion_label.setVisible(False)

        self.comment_box = QLineEdit()
        self.comment_box.setPlaceholderText(self.tr("Comment on this criterion (C)"))
        self.comment_box.setAccessibleName(self.tr("Comment on {0}").format(criterion.name))
        self._typing = TypingPause(self)  # when the comment being typed is told
        self._typing.sig_due.connect(self.sig_details_changed.emit)
        self.comment_box.textEdited.connect(lambda _t: self._typing.edited())
        self.comment_box.editingFinished.connect(self.commit_comment)  # also on leaving the box
        self.comment_box.installEventFilter(self)
        self.comment_note = QLabel(self.tr("Rate this criterion to save the comment."))
        self.comment_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.comment_note.setAlignment(start_alignment(self))
        self.comment_note.setVisible(False)

        self.chips: list[QToolButton] = []
        self.chip_box = QWidget()
        chips_layout = FlowLayout(self.chip_box)
        for cause in criterion.root_causes:
            chip = QToolButton()
            chip.setText(cause)
            chip.setCheckable(True)
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            chip.toggled.connect(lambda _on: self.sig_details_changed.emit())
            chips_layout.addWidget(chip)
            self.chips.append(chip)

        title = QHBoxLayout()
        title.setSpacing(2)
        title.addWidget(self.expand_button, 0, Qt.AlignmentFlag.AlignTop)
        title.addWidget(self.name_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 5, 8, 6)
        layout.setSpacing(3)
        layout.addLayout(title)
        layout.addWidget(self.caption)
        layout.addWidget(self.guidance_label)
        layout.addWidget(self.button_box)
        layout.addWidget(self.suggestion_label)
        layout.addWidget(self.comment_box)
        layout.addWidget(self.comment_note)
        layout.addWidget(self.chip_box)
        # only now, with a parent: a widget shown without one would open as a window of its own
        self.expand_button.setVisible(bool(criterion.guidance))
        self._show_guidance(False)
        self._update_details()

    def _caption_text(self) -> str:
        criterion = self.criterion
        parts = [self.tr("weight {0}").format(criterion.weight)]
        if criterion.weight == 0:
            parts = [self.tr("not counted")]
        if criterion.critical:
            parts.insert(0, self.tr("⚠ Critical"))
        if criterion.allow_na:
            parts.append(self.tr("N/A allowed"))
        return " · ".join(parts)

    def _value_button(self, text: str, value: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setCheckable(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setToolTip(tip)
        button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        bold = QFont(button.font())
        bold.setBold(True)
        button.setMinimumWidth(max(44, QFontMetrics(bold).horizontalAdvance(text) + 20))
        button.toggled.connect(lambda on, b=button: self._mark(b, on))
        button.clicked.connect(lambda _checked=False, v=value: self._clicked(v))
        self.group.addButton(button)
        return button

    def _mark(self, button: QToolButton, checked: bool) -> None:
        """A chosen value stands out by more than the style's pressed look: bold, tinted."""
        font = QFont(button.font())
        font.setBold(checked)
        button.setFont(font)
        palette = self.palette()
        if checked:
            base = palette.color(QPalette.ColorRole.Button)
            highlight = palette.color(QPalette.ColorRole.Highlight)
            palette.setColor(QPalette.ColorRole.Button, mix(base, highlight, 0.45))
        button.setPalette(palette)

    # --- state ---------------------------------------------------------------------------------

    @property
    def value(self) -> str | None:
        return self._value

    def show_rating(self, rating: RatingInput | None) -> None:
        """Show ``rating`` (None: unrated) without telling anyone."""
        self._value = None if rating is None else self.criterion.parse(rating.value)
        for button, value in zip(self.value_buttons, self.criterion.scale.values, strict=True):
            button.setChecked(value == self._value)
        if self.na_button is not None:
            self.na_button.setChecked(self._value == NA)
        comment = (rating.comment or "") if rating else ""
        if self.comment_box.text() != comment:
            self.comment_box.setText(comment)
        causes = set(rating.root_causes) if rating else set()
        for chip in self.chips:
            chip.blockSignals(True)
            chip.setChecked(chip.text() in causes)
            chip.blockSignals(False)
        self._show_suggestion()
        self._update_locks()
        self._update_details()

    def set_suggestion(self, suggestion: Suggestion | None) -> None:
        """Show (None: stop showing) what an automatic check suggests for this criterion."""
        self._clear_suggested_look()
        self.suggestion = suggestion
        self._show_suggestion()

    @property
    def suggested_button(self) -> QToolButton | None:
        """The button of the suggested value, pre-filled while the criterion is unrated."""
        if self.suggestion is None:
            return None
        if self.suggestion.value == NA:
            return self.na_button
        values = self.criterion.scale.values
        value = self.suggestion.value
        return self.value_buttons[values.index(value)] if value in values else None

    def _show_suggestion(self) -> None:
        suggestion, button = self.suggestion, self.suggested_button
        self.suggestion_label.setVisible(suggestion is not None)
        if suggestion is None or button is None:
            return
        shown = button.text()
        self._clear_suggested_look()
        if self._value is None:
            button.setChecked(True)  # pre-filled, but not a rating: italic, lightly tinted
            font = QFont(button.font())
            font.setBold(False)
            font.setItalic(True)
            button.setFont(font)
            palette = self.palette()
            base = palette.color(QPalette.ColorRole.Button)
            highlight = palette.color(QPalette.ColorRole.Highlight)
            palette.setColor(QPalette.ColorRole.Button, mix(base, highlight, 0.18))
            button.setPalette(palette)
            text = self.tr(
                "Suggested: {0} — {1}. Press {2} or Enter to confirm, or pick another value."
            )
            if self.read_only:
                text = self.tr("Suggested: {0} — {1}.")
        elif self._value == suggestion.value:
            text = self.tr("Suggested: {0} — {1}. Confirmed.")
        else:
            text = self.tr("Suggested: {0} — {1}. Overridden.")
        detail, key = suggestion.detail or "", self._key_of(suggestion.value)
        self.suggestion_label.setText("✦ " + text.format(shown, detail, key))
        evidence = "\n".join(
            self.tr("Message {0}: “{1}”").format(e.get("position", 0) + 1, e.get("text", ""))
            for e in suggestion.evidence
        )
        tip = self.tr("Automatic check “{0}”: {1}").format(suggestion.check, suggestion.description)
        self.suggestion_label.setToolTip(tip + ("\n\n" + evidence if evidence else ""))
        button.setToolTip(tip)

    def _key_of(self, value: str) -> str:
        """The key that picks ``value`` (as the scoring panel reads the keys)."""
        if value == NA:
            return "0"
        n = self.criterion.scale.values.index(value) + 1
        return str(n) if n < 10 else self.tr("its button")

    @property
    def awaiting_confirmation(self) -> bool:
        """Whether a suggestion is shown pre-filled on this unrated criterion."""
        return self._value is None and self.suggested_button is not None

    def confirm_suggestion(self) -> bool:
        """Rate with the suggested value, as if its button were clicked; False when there is no
        suggestion waiting."""
        if self.read_only or not self.awaiting_confirmation:
            return False
        self._clicked(self.suggestion.value)  # type: ignore[union-attr]
        return True

    def rating(self) -> RatingInput | None:
        """The rating as shown (None when unrated); root causes only while the rating is low."""
        if self._value is None:
            return None
        causes = [c.text() for c in self.chips if c.isChecked()] if self._low() else []
        return RatingInput(self._value, self.comment_box.text().strip() or None, causes)

    def set_current(self, current: bool) -> None:
        if current != self.current:
            self.current = current
            self._comment_open = False
            self._update_details()
            self.update()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.comment_box.setReadOnly(read_only)
        self._show_suggestion()
        self._update_locks()
        self._update_details()

    def _update_locks(self) -> None:
        """Read-only, the chosen value and root causes keep the look they have while editable
        (a greyed-out choice is hard to read) but take no click; the values not chosen are
        greyed out, which shows nothing can be picked here."""
        values = [*self.value_buttons, *([self.na_button] if self.na_button else [])]
        for button in [*values, *self.chips]:
            button.setEnabled(not self.read_only or button.isChecked())
            button.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, self.read_only)

    def pick(self, value: str) -> None:
        """Choose ``value`` (as the scale writes it, or NA) as if its button were clicked."""
        self._clicked(value)

    def _low(self) -> bool:
        return is_low(self.criterion, self._value)

    def _clicked(self, value: str) -> None:
        if self.read_only:  # a click that reached a button anyway changes nothing
            self.show_rating(self.rating())
            return
        if value == self._value:
            self.show_rating(self.rating())  # a click on the checked button keeps it checked
            return
        self._value = value
        if not self._low():  # root causes explain a low rating only
            for chip in self.chips:
                chip.blockSignals(True)
                chip.setChecked(False)
                chip.blockSignals(False)
        self.show_rating(self.rating())
        self.sig_picked.emit(value)

    def _clear_suggested_look(self) -> None:
        """The suggested value's button as any other: italics off, checked only if it is the
        rating."""
        button = self.suggested_button
        if button is not None:
            button.setChecked(self._value == self.suggestion.value)  # type: ignore[union-attr]
            self._mark(button, button.isChecked())
            font = QFont(button.font())
            font.setItalic(False)
            button.setFont(font)

    def open_comment(self) -> None:
        """Show the comment box (also while unrated) and give it the keyboard."""
        if self.read_only:
            return
        self._comment_open = True
        self._update_details()
        self.comment_box.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _update_details(self) -> None:
        rated = self._value is not None
        has_comment = bool(self.comment_box.text())
        editable = self.current and not self.read_only
        shown = has_comment or (editable and (rated or self._comment_open))
        self.comment_box.setVisible(shown)
        self.comment_note.setVisible(shown and not rated and not self.read_only)
        self.chip_box.setVisible(bool(self.chips) and self._low())

    def _show_guidance(self, shown: bool) -> None:
        self.guidance_label.setVisible(shown)
        collapsed = "chevron-left" if self.isRightToLeft() else "chevron-right"
        self.expand_button.setIcon(theme.icon("chevron-down" if shown else collapsed))
        self.expand_button.setToolTip(
            self.tr("Hide the guidance") if shown else self.tr("Show the guidance")
        )

    def commit_comment(self) -> None:
        """Tell the comment being typed now instead of after the pause in typing (before a
        submit, or before another conversation replaces it)."""
        self._typing.flush()

    # --- events --------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._key_handler(self, event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: object, event: object) -> bool:
        if not (
            watched is self.comment_box
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            return super().eventFilter(watched, event)  # type: ignore[arg-type]
        commands = (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        if event.modifiers() & commands:
            return False  # Ctrl+Enter submits, Ctrl+Z undoes: the window's shortcuts
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Enter or Escape in the comment box hands the keyboard back to the rubric
            self.commit_comment()
            self.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        # every other key is the box's alone: one it leaves unused (an arrow, a letter while
        # read-only) would otherwise go up to the row and rate or move
        self.comment_box.event(event)
        event.accept()  # an ignored key goes on to the parent even past a filter
        return True

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.current:
            return
        painter = QPainter(self)
        highlight = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        highlight.setAlphaF(0.14 if self.hasFocus() else 0.07)
        painter.fillRect(self.rect(), highlight)
        bar = QRectF(self.width() - 3 if self.isRightToLeft() else 0, 0, 3, self.height())
        highlight.setAlphaF(1.0 if self.hasFocus() else 0.45)
        painter.fillRect(bar, highlight)
