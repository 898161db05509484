"""The Queue page: the reviewer's queue (with how many are done and how many are left) beside the
review workspace. Opening a conversation from anywhere in the window (``sig_open_conversation``)
shows it here."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QItemSelectionModel, QLocale, QSettings, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qa_desk.changes import Changes
from ui.context import AppContext
from ui.review.queue_model import CONVERSATION_ID_ROLE, QueueModel
from ui.review.workspace import ReviewWorkspace

SPLITTER_SETTING = "review/queue_splitter"


class QueueTable(QTableView):
    """The queue list; Enter hands the keyboard to the scoring panel of the open conversation."""

    def __init__(self, on_enter: object, parent: QWidget | None = None):
        super().__init__(parent)
        self._on_enter = on_enter

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self._on_enter()  # type: ignore[operator]
            return
        super().keyPressEvent(event)


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
        self.table = QueueTable(self._focus_workspace)
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setColumnHidden(4, True)  # the message count: room for the subject instead
        self.table.setColumnHidden(5, True)  # why picked: shown while assignments are in the queue
        header.moveSection(5, 1)  # next to the status, where a narrow queue still shows it
        self.table.setAccessibleName(self.tr("Review queue"))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        queue = QWidget()
        queue_layout = QVBoxLayout(queue)
        queue_layout.setContentsMargins(0, 0, 0, 0)
        queue_layout.setSpacing(0)
        queue_layout.addWidget(self.counts_label)
        queue_layout.addWidget(self.table, 1)

        self.workspace = ReviewWorkspace(context)
        self.workspace.sig_conversation_opened.connect(self._select_open_conversation)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("queueSplitter")
        self.splitter.addWidget(queue)
        self.splitter.addWidget(self.workspace)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([300, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        context.sig_open_conversation.connect(self.open_conversation)
        context.sig_changed.connect(self._data_changed)
        context.sig_user_changed.connect(self._user_changed)
        state = QSettings().value(SPLITTER_SETTING)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)

    # --- the queue -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the queue and its counts again, keeping the open conversation selected."""
        self._stale = False
        user = self.context.user
        self.model.refresh(user.id if user else None)
        header = self.table.horizontalHeader()
        counts = self.model.counts
        self.table.setColumnHidden(5, counts.assigned == 0)
        for column in (0, 2, 3, 5):
            self.table.resizeColumnToContents(column)
        header.resizeSection(2, min(header.sectionSize(2), 110))
        header.resizeSection(5, min(header.sectionSize(5), 120))
        locale = QLocale()
        text = self.tr("{0} done · {1} to do ({2} drafts)").format(
            locale.toString(counts.done), locale.toString(counts.to_do),
            locale.toString(counts.drafts),
        )  # fmt: skip
        if counts.assigned:
            text = self.tr("{0} assigned · {1}").format(locale.toString(counts.assigned), text)
        self.counts_label.setText(text if user else self.tr("Sign in to see your queue."))
        detail = self.workspace.state.detail
        self._select_open_conversation(detail.id if detail else None)

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

    # --- the page's API ------------------------------------------------------------------------

    def open_conversation(self, conversation_id: int) -> None:
        """Show a conversation in the workspace, ready to rate with the keyboard."""
        if self._stale:
            self.refresh()
        self.workspace.open_conversation(conversation_id, focus=True)

    def focus_search(self) -> None:
        """Ctrl+F: the transcript's search box."""
        self.workspace.focus_search()

    def save_state(self) -> None:
        """Remember the splitter positions (and save the open draft's comment and time)."""
        QSettings().setValue(SPLITTER_SETTING, self.splitter.saveState())
        self.workspace.save_state()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()
        if self.workspace.state.detail is None and self.model.items:
            self.workspace.open_conversation(self.model.items[0].conversation_id, focus=True)
