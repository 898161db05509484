"""The transcript pane: the conversation's messages as bubbles, with a search box that highlights
every hit and steps through them (Enter, Shift+Enter) showing where you are ("3 of 12")."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qa_desk.conversation_detail import MessageView
from ui import theme
from ui.review.transcript_delegate import BubbleDelegate
from ui.review.transcript_model import TranscriptModel

SEARCH_DELAY_MS = 150  # wait for a pause in typing before searching a long transcript


class MessageList(QListView):
    """The list of bubbles; Ctrl+C copies the selected message's text."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            index = self.currentIndex()
            if index.isValid():
                QGuiApplication.clipboard().setText(index.data())
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # bubbles re-wrap to the new width

    def keyboardSearch(self, search: str) -> None:
        """Typing in the transcript does not jump to messages by their first letters."""


class TranscriptView(QWidget):
    """The transcript of the open conversation and its search box.

    Attributes:
        model: the messages and search hits.
        search_box: where the search text is typed.
        hit_label: "3 of 12", or "No matches".
        list_view: the bubbles.
    """

    sig_search_left = Signal()  # Esc in the search box: the keyboard goes back to the rubric

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = TranscriptModel(self)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("transcriptSearch")
        self.search_box.setPlaceholderText(self.tr("Search the conversation"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.addAction(theme.icon("magnify"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_box.setToolTip(self.tr("Enter: next match · Shift+Enter: previous match"))
        self.search_box.installEventFilter(self)
        self.hit_label = QLabel()
        self.hit_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.hit_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000 of 0000"))
        self.previous_button = self._tool_button(
            "chevron-up", self.tr("Previous match (Shift+Enter)")
        )
        self.next_button = self._tool_button("chevron-down", self.tr("Next match (Enter)"))
        self.previous_button.clicked.connect(lambda: self.step(False))
        self.next_button.clicked.connect(lambda: self.step(True))

        self.list_view = MessageList()
        self.list_view.setObjectName("transcript")
        self.list_view.setModel(self.model)
        self.delegate = BubbleDelegate(self.list_view)
        self.list_view.setItemDelegate(self.delegate)
        self.list_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list_view.verticalScrollBar().setSingleStep(24)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # a scroll bar that comes and goes would change the width and re-wrap every message
        self.list_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.list_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setFrameShape(QListView.Shape.NoFrame)
        self.list_view.setAccessibleName(self.tr("Transcript"))

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search)
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self.model.sig_hits_changed.connect(self._show_hits)

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        bar.setSpacing(4)
        bar.addWidget(self.search_box, 1)
        bar.addWidget(self.hit_label)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.list_view, 1)
        self._show_hits()

    def _tool_button(self, icon_name: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setIcon(theme.icon(icon_name))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    def set_messages(self, messages: list[MessageView]) -> None:
        """Show these messages from the top, with an empty search (the last conversation's
        search would only say "No matches" here)."""
        self.search_box.clear()
        self._search_timer.stop()
        self.model.query = ""
        self.model.set_messages(messages)
        self.list_view.scrollToTop()
        if self.model.hits:
            self._reveal()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def step(self, forward: bool = True) -> None:
        """Go to the next (or previous) hit; right after new search text, to its first hit."""
        if self.search_box.text() != self.model.query:
            self._search()
        elif self.model.step(forward) is not None:
            self._reveal()

    def _search(self) -> None:
        self._search_timer.stop()
        text = self.search_box.text()
        if text != self.model.query:
            self.model.set_query(text)
            if self.model.hits:
                self._reveal()

    def _reveal(self) -> None:
        """Scroll so the current hit's line is in view, even inside a very long message."""
        hit = self.model.current_hit()
        if hit is None:
            return
        index = self.model.index(hit.row)
        view = self.list_view
        view.setCurrentIndex(index)
        view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        rect = view.visualRect(index)
        line_y = rect.top() + self.delegate.line_top(index, hit.start)
        height = view.viewport().height()
        if not 0 <= line_y <= height - view.fontMetrics().height() * 2:
            bar = view.verticalScrollBar()
            bar.setValue(bar.value() + int(line_y - height / 3))

    def _show_hits(self) -> None:
        model = self.model
        if not model.query:
            self.hit_label.setText("")
        elif not model.hits:
            self.hit_label.setText(self.tr("No matches"))
        else:
            self.hit_label.setText(self.tr("{0} of {1}").format(model.current + 1, len(model.hits)))
        for button in (self.previous_button, self.next_button):
            button.setEnabled(len(model.hits) > 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_box and isinstance(event, QKeyEvent):
            if event.type() != QEvent.Type.KeyPress:
                return super().eventFilter(watched, event)
            key, modifiers = event.key(), event.modifiers()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                modifiers & Qt.KeyboardModifier.ControlModifier
            ):
                self.step(not modifiers & Qt.KeyboardModifier.ShiftModifier)
                return True
            if key == Qt.Key.Key_Escape:
                self.search_box.clear()
                self.sig_search_left.emit()  # back to the rubric
                return True
        return super().eventFilter(watched, event)
