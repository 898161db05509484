"""The queue table's model: the reviewer's queue read from the core a page at a time as the view
scrolls (``canFetchMore``/``fetchMore``), never all at once."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from qa_desk.db import Database
from qa_desk.queue import QueueCounts, QueueItem, queue_counts, queue_page
from ui import theme
from ui.review.transcript_delegate import local_date, local_time

PAGE = 100
Index = QModelIndex | QPersistentModelIndex
CONVERSATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def short_day(moment: datetime | None) -> str:
    """The local day of a UTC time, short: "31 Oct" within the current year, the locale's short
    date otherwise."""
    if moment is None:
        return ""
    when = QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000)).toLocalTime().date()
    if when.year() == QDate.currentDate().year():
        return QLocale().toString(when, "d MMM")
    return local_date(moment)


class QueueModel(QAbstractTableModel):
    """The rows of a reviewer's queue loaded so far.

    Attributes:
        db: the database read from.
        reviewer_id: whose queue (None: nobody signed in, an empty queue).
        items: the rows loaded, in queue order.
        counts: done, drafts and new, as of the last refresh.
    """

    COLUMNS = ("status", "subject", "agent", "started", "messages", "reason")

    def __init__(self, db: Database, parent: object | None = None):
        super().__init__(parent)
        self.db = db
        self.reviewer_id: int | None = None
        self.items: list[QueueItem] = []
        self.counts = QueueCounts(0, 0, 0)
        self._complete = True
        self._draft_icon = theme.icon("pencil-outline", theme.ORANGE)
        self._new_icon = theme.icon("circle-small")
        self._assigned_icon = theme.icon("clipboard-account-outline", theme.BLUE)

    def refresh(self, reviewer_id: int | None) -> None:
        """Read the queue again from its top (the rows scrolled to are read again as needed)."""
        self.beginResetModel()
        self.reviewer_id = reviewer_id
        self.items = []
        self._complete = reviewer_id is None
        if reviewer_id is not None:
            with self.db.reader() as session:
                self.counts = queue_counts(session, reviewer_id)
                page = queue_page(session, reviewer_id, 0, PAGE)
                self.items = page
                self._complete = len(page) < PAGE
        else:
            self.counts = QueueCounts(0, 0, 0)
        self.endResetModel()

    def row_of(self, conversation_id: int) -> int:
        """The row of a conversation among those loaded, or -1."""
        return next(
            (row for row, item in enumerate(self.items) if item.conversation_id == conversation_id),
            -1,
        )

    # --- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._complete or self.reviewer_id is None:
            return
        with self.db.reader() as session:
            page = queue_page(session, self.reviewer_id, len(self.items), PAGE)
        self._complete = len(page) < PAGE
        if page:
            start = len(self.items)
            self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
            self.items.extend(page)
            self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = self.COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                "status": self.tr("Status"),
                "subject": self.tr("Subject"),
                "agent": self.tr("Agent"),
                "started": self.tr("Started"),
                "messages": self.tr("Messages"),
                "reason": self.tr("Why picked"),
            }[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "messages":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        column = self.COLUMNS[index.column()]
        if role == CONVERSATION_ID_ROLE:
            return item.conversation_id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "status":
                if item.status == "assigned":
                    if item.due_on is None:
                        return self.tr("Assigned")
                    return self.tr("Due {0}").format(QLocale().toString(item.due_on, "d MMM"))
                return self.tr("Draft") if item.status == "draft" else self.tr("New")
            if column == "reason":
                return item.reason or ""
            if column == "subject":
                return item.subject or item.external_id
            if column == "agent":
                return item.agent or ""
            if column == "started":
                return short_day(item.started_at)
            return QLocale().toString(item.message_count)
        if role == Qt.ItemDataRole.DecorationRole and column == "status":
            if item.status == "assigned":
                return self._draft_icon if item.review_id else self._assigned_icon
            return self._draft_icon if item.status == "draft" else self._new_icon
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "started":
                return local_time(item.started_at)
            if column == "subject":  # also what the columns a narrow queue hides would say
                lines = [
                    item.subject or "",
                    " · ".join(x for x in (item.agent, local_time(item.started_at)) if x),
                    " · ".join(x for x in (item.external_id, item.channel) if x),
                ]
                return "\n".join(line for line in lines if line)
            if column in ("status", "reason") and item.status == "assigned":
                started = self.tr(" You have started reviewing it.") if item.review_id else ""
                due = (
                    self.tr(" Due {0}.").format(QLocale().toString(item.due_on))
                    if item.due_on
                    else ""
                )
                text = self.tr("Assigned to you by a sample: {0}.").format(item.reason)
                return text + due + started
            if column == "status":
                return (
                    self.tr("You have started reviewing this conversation")
                    if item.status == "draft"
                    else self.tr("Not reviewed by anyone yet")
                )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "messages":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
