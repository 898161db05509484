"""The Queue page: the reviewer's queue (with how many are done and how many are left) beside the
review workspace. Opening a conversation from anywhere in the window (``sig_open_conversation``)
shows it here."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QItemSelectionModel, QLocale, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from qa_desk.changes import Changes
from qa_desk.demo import database_is_empty
from ui import theme
from ui.analysis.plural import plural
from ui.browser.cell_direction import OwnDirectionDelegate
from ui.browser.empty_state import EmptyState, demo_action, start_actions
from ui.context import AppContext
from ui.first_run import change_identity
from ui.review.queue_model import CONVERSATION_ID_ROLE, QueueModel
from ui.review.queue_table import QueueTable
from ui.review.workspace import ReviewWorkspace

SPLITTER_SETTING = "review/queue_splitter"
QUEUE_WIDTH = (300, 440)  # the queue's first width, from narrowest to widest
WORKSPACE_ROOM = 830  # the queue grows past its narrowest only while the workspace keeps this


class QueuePage(QWidget):
    """The reviewer's queue and the review workspace.

    Attributes:
        context: the database, the user and change notifications.
        model: the queue, read page by page.
        table: the queue list.
        counts_label: done and to do.
        workspace: the review workspace.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._stale = True
        self.model = QueueModel(context.db, self)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("queueCounts")
        self.counts_label.setContentsMargins(8, 6, 8, 4)
        self.table = QueueTable(self._focus_workspace, self._rate_from_queue)
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(OwnDirectionDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header.moveSection(5, 1)  # why picked, next to the status: both always show
        self.table.fit_columns()
        self.table.setAccessibleName(self.tr("Review queue"))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        queue = QWidget()
        queue_layout = QVBoxLayout(queue)
        queue_layout.setContentsMargins(0, 0, 0, 0)
        queue_layout.setSpacing(0)
        queue_layout.addWidget(self.counts_label)
        queue_layout.addWidget(self.table, 1)
        self.hint_label = QLabel(self.tr("↑↓ choose · 1–9 rate it · Enter go to the rubric"))
        self.hint_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hint_label.setWordWrap(True)
        self.hint_label.setContentsMargins(8, 2, 8, 4)
        queue_layout.addWidget(self.hint_label)

        self.workspace = ReviewWorkspace(context)
        self.workspace.sig_conversation_opened.connect(self._select_open_conversation)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("queueSplitter")
        self.splitter.addWidget(queue)
        self.splitter.addWidget(self.workspace)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([QUEUE_WIDTH[0], 1000])
        self._sized = False  # whether the splitter has its first sizes (or remembered ones)
        self.empty = EmptyState()  # nobody signed in, or nothing to review: what to do
        self.sign_in_action = QAction(theme.icon("account-outline"), self.tr("Sign in…"), self)
        self.sign_in_action.triggered.connect(lambda: change_identity(self.window(), context))
        self.demo_action = demo_action(self, context)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        context.sig_open_conversation.connect(self.open_conversation)
        context.sig_changed.connect(self._data_changed)
        context.sig_user_changed.connect(self._user_changed)
        state = QSettings().value(SPLITTER_SETTING)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self._sized = self.splitter.restoreState(state)

    # --- the queue -----------------------------------------------------------------------------

    def refresh(self, open_first: bool = True) -> None:
        """Read the queue and its counts again, keeping the open conversation selected (and,
        with ``open_first``, opening the first one when none is open and the page shows)."""
        self._stale = False
        user = self.context.user
        self.model.refresh(user.id if user else None)
        counts = self.model.counts
        self.table.reason_shown = counts.assigned > 0
        self.table.fit_columns()
        locale = QLocale()
        drafts = plural(self.tr("%Ln draft(s)", "", counts.drafts), counts.drafts)
        text = self.tr("{0} done · {1} to do ({2})").format(
            locale.toString(counts.done), locale.toString(counts.to_do), drafts
        )
        if counts.assigned:
            text = self.tr("{0} assigned · {1}").format(locale.toString(counts.assigned), text)
        self.counts_label.setText(text if user else self.tr("Sign in to see your queue."))
        self._show_empty_state()
        detail = self.workspace.state.detail
        self._select_open_conversation(detail.id if detail else None)
        if open_first and self.isVisible():
            self._open_first()

    def _show_empty_state(self) -> None:
        """Nobody signed in: a way to sign in; an empty database: ways to fill it."""
        if self.context.user is None:
            self.empty.show_message(
                "account-question-outline",
                self.tr("Sign in to see your queue"),
                self.tr("Your queue holds the conversations waiting for your review."),
                actions=[self.sign_in_action],
            )
        elif not self.model.items and database_is_empty(self.context.db):
            self.empty.show_message(
                "forum-outline",
                self.tr("No conversations to review yet"),
                self.tr(
                    "Import an export from your help desk or drop the file on this window. "
                    "To try QA Desk first, load the demo data."
                ),
                actions=start_actions(self, self.demo_action),
            )
        else:
            self.stack.setCurrentWidget(self.splitter)
            return
        self.stack.setCurrentWidget(self.empty)

    def _open_first(self) -> None:
        """With no conversation open, the queue's first one opens, ready to rate."""
        if self.workspace.state.detail is None and self.model.items:
            self.workspace.open_conversation(self.model.items[0].conversation_id, focus=True)

    def _data_changed(self, changes: Changes) -> None:
        if changes.reviews or changes.conversations or changes.users:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def _user_changed(self, _user: object) -> None:
        self._data_changed(Changes.everything())

    def _select_open_conversation(self, conversation_id: int | None) -> None:
        row = self.model.row_of(conversation_id) if conversation_id is not None else -1
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        if row >= 0:
            index = self.model.index(row, 1)
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        else:
            selection.clearSelection()
            selection.setCurrentIndex(
                self.model.index(-1, -1), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        selection.blockSignals(False)
        self.table.viewport().update()

    def _row_changed(self, current: object, _previous: object) -> None:
        conversation_id = current.data(CONVERSATION_ID_ROLE)  # type: ignore[attr-defined]
        if conversation_id is not None:
            self.workspace.open_conversation(conversation_id, focus=False)

    def _focus_workspace(self) -> None:
        self.workspace.scoring_panel.focus_current()

    def _rate_from_queue(self, event: QKeyEvent) -> bool:
        """A rating key pressed in the queue: the keyboard goes to the open conversation's
        current criterion (its first unrated one), which takes the key; False when it cannot."""
        panel = self.workspace.scoring_panel
        if self.workspace.state.read_only or not panel.rows:
            return False
        panel.focus_current()
        target = QApplication.focusWidget()
        if target is None or target is self.table:
            return False
        key = QKeyEvent(QEvent.Type.KeyPress, event.key(), event.modifiers(), event.text())
        QApplication.sendEvent(target, key)
        return True

    # --- the page's API ------------------------------------------------------------------------

    def open_conversation(self, conversation_id: int) -> None:
        """Show a conversation in the workspace, ready to rate with the keyboard."""
        if self._stale:
            self.refresh(open_first=False)
        self.workspace.open_conversation(conversation_id, focus=True)

    def focus_search(self) -> None:
        """Ctrl+F: the transcript's search box."""
        self.workspace.focus_search()

    def save_state(self) -> None:
        """Remember the splitter positions (and save the open draft's comment and time)."""
        QSettings().setValue(SPLITTER_SETTING, self.splitter.saveState())
        self.workspace.save_state()

    def _first_sizes(self) -> None:
        """The queue as wide as the workspace can spare, the first time the page shows."""
        if self._sized or not self.isVisible() or self.splitter.width() <= 0:
            return
        self._sized = True
        total = self.splitter.width() - self.splitter.handleWidth()
        low, high = QUEUE_WIDTH
        queue = max(low, min(high, total - WORKSPACE_ROOM))
        self.splitter.setSizes([queue, total - queue])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._first_sizes()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._first_sizes)  # once laid out at the size it shows at
        if self._stale:
            self.refresh()
        self._open_first()
