"""The conversations behind an outcome count of the Reports page's "Automatic checks" tab (say the
conversations that failed the greeting check in March): a sortable table read in the worker;
double-click or Enter opens one in the review workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QWidget,
)

from qa_desk.autoqa_summary import OutcomeConversation, conversations_with_outcome
from qa_desk.db import Database
from ui.context import AppContext
from ui.operations import Operation
from ui.reports import figures
from ui.reports.figures import MISSING, SORT_ROLE, tr
from ui.reports.tables import list_dialog_body, list_table
from ui.review.transcript_delegate import local_time

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
CONVERSATION, AGENT, CHANNEL, STARTED, WHY = range(5)
CONVERSATION_ID_ROLE = Qt.ItemDataRole.UserRole + 41


@dataclass(frozen=True)
class OutcomesBehind:
    """The selection behind one outcome count: a check, an outcome, the period (inclusive days,
    by the conversations' start) and optionally a team; ``title`` names it for the dialog."""

    title: str
    check: str
    outcome: str
    date_from: date
    date_to: date
    team_id: int | None = None


def find_conversations(db: Database, behind: OutcomesBehind) -> list[OutcomeConversation]:
    """The conversations behind the count, newest first (run in the worker)."""
    with db.reader() as session:
        return conversations_with_outcome(
            session, behind.check, behind.outcome, behind.date_from, behind.date_to,
            behind.team_id,
        )  # fmt: skip


class OutcomeConversationsModel(QAbstractTableModel):
    """Conversations, one per row, with the check's reason."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.conversations: list[OutcomeConversation] = []
        self.headers = [tr("Conversation"), tr("Agent"), tr("Channel"), tr("Started"), tr("Why")]

    def set_conversations(self, conversations: list[OutcomeConversation]) -> None:
        self.beginResetModel()
        self.conversations = conversations
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.conversations)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.conversations[index.row()]
        column = index.column()
        if role == CONVERSATION_ID_ROLE:
            return item.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == WHY:
            return item.detail
        if role == SORT_ROLE:
            if column == STARTED:
                return item.started_at.timestamp() if item.started_at else MISSING
            return self._text(item, column).casefold()
        return None

    def _text(self, item: OutcomeConversation, column: int) -> str:
        return (
            f"{item.source} · {item.external_id}",
            item.agent or "",
            item.channel or "",
            local_time(item.started_at),
            item.detail or "",
        )[column]


class OutcomeConversationsDialog(QDialog):
    """Lists the conversations behind an outcome count and opens them for review.

    Attributes:
        behind: the selection listed.
        model: its conversations (filled when the worker has read them).
    """

    def __init__(self, context: AppContext, behind: OutcomesBehind, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.behind = behind
        self.setWindowTitle(behind.title)
        self.resize(860, 520)
        self.summary = QLabel(tr("Reading the conversations…"))
        self.summary.setWordWrap(True)
        self.model = OutcomeConversationsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSourceModel(self.model)
        self.table = list_table(
            self.proxy, (190, 140, 80, 140), STARTED, Qt.SortOrder.DescendingOrder
        )
        self.table.doubleClicked.connect(self.open_conversation)
        list_dialog_body(
            self,
            self.summary,
            self.table,
            tr("Double-click a conversation (or press Enter) to open it in the review workspace."),
        )
        db = context.db
        Operation(self, lambda _p, _c: find_conversations(db, behind)).success(self._show).run()

    def _show(self, conversations: list[OutcomeConversation]) -> None:
        self.model.set_conversations(conversations)
        self.summary.setText(
            figures.trn(
                "%Ln conversation(s) started between {0} and {1}.", len(conversations)
            ).format(figures.day(self.behind.date_from), figures.day(self.behind.date_to))
        )
        if conversations:
            self.table.selectRow(0)

    def conversation_ids(self) -> list[int]:
        """The ids of the conversations listed, in the table's order."""
        return [
            self.proxy.index(row, 0).data(CONVERSATION_ID_ROLE)
            for row in range(self.proxy.rowCount())
        ]

    def open_conversation(self, index: QModelIndex) -> int | None:
        """Open the conversation of ``index`` in the review workspace; its id."""
        if not index.isValid():
            return None
        conversation_id = int(index.data(CONVERSATION_ID_ROLE))
        self.context.open_conversation(conversation_id)
        return conversation_id
