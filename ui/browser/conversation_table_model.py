"""The conversation browser's table model: row ids paged from the database, rows read lazily.

Like Anki's browser table, the model holds the ids of the rows it has (growing a page at a time
through ``canFetchMore``/``fetchMore`` as the view scrolls) and a cache of row data filled a block
at a time for the rows the view asks about. A new query's first page (with its count) is read in
the worker, so typing a search never freezes the window; later pages are quick keyset queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from qa_desk.conversation_query import PAGE_SIZE, ConversationPager, ConversationQuery, SortColumn
from qa_desk.conversation_rows import ConversationRow, rows_by_id
from qa_desk.db import Database
from ui import theme
from ui.analysis.plural import plural
from ui.operations import Operation

SUBJECT = "subject"  # a column of its own, shown but not sorted by
COLUMNS: tuple[SortColumn | str, ...] = (
    SortColumn.EXTERNAL_ID, SUBJECT, SortColumn.STARTED, SortColumn.AGENT, SortColumn.TEAM,
    SortColumn.CHANNEL, SortColumn.CSAT, SortColumn.MESSAGES, SortColumn.REVIEW_STATUS,
    SortColumn.SCORE,
)  # fmt: skip
NUMERIC = frozenset({SortColumn.CSAT, SortColumn.MESSAGES, SortColumn.SCORE})
CONVERSATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CACHE_LIMIT = 8_000  # rows of data kept; the ids of every loaded row are kept anyway
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass(frozen=True)
class FirstPage:
    """What a new query starts with: its pager, the first ids and the rows of the first page."""

    pager: ConversationPager
    ids: list[int]
    rows: dict[int, ConversationRow]


def read_first_page(db: Database, query: ConversationQuery, size: int = PAGE_SIZE) -> FirstPage:
    """Run ``query`` and read its first ``size`` ids, and the rows of the first page of them
    (the work done off the window's thread)."""
    pager = ConversationPager(query)
    with db.reader() as session:
        ids = pager.next_page(session, size)
        return FirstPage(pager, ids, rows_by_id(session, ids[:PAGE_SIZE]))


@dataclass(frozen=True)
class _Line:
    """A row as shown: its conversation and the text of each cell."""

    row: ConversationRow
    texts: tuple[str, ...]


class ConversationTableModel(QAbstractTableModel):
    """Conversations matching a query, one per row, in the query's order.

    Attributes:
        db: the database read from (a session per page, never kept).
        query: the query shown (None until the first one is loaded).
        total: how many conversations match it.
        loading: whether a query is being read in the worker.
    """

    sig_loading = Signal()
    sig_loaded = Signal(int)  # how many conversations match
    sig_failed = Signal(object)  # the exception
    sig_sort_requested = Signal(object, bool)  # SortColumn, descending

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.query: ConversationQuery | None = None
        self.total = 0
        self.loading = False
        self._pager: ConversationPager | None = None
        self._ids: list[int] = []
        self._lines: dict[int, _Line | None] = {}
        self._generation = 0

    # --- loading -------------------------------------------------------------------------------

    def load(self, query: ConversationQuery, keep_rows: int = 0) -> None:
        """Show ``query``; the rows change once its first page is read (``sig_loaded``).

        ``keep_rows``: read that many rows at once, so a refresh keeps what was scrolled to.
        """
        self._generation += 1
        generation, db = self._generation, self.db
        size = max(keep_rows, PAGE_SIZE)
        self.loading = True
        self.sig_loading.emit()
        Operation(None, lambda _progress, _cancelled: read_first_page(db, query, size)).success(
            lambda page: self._loaded(generation, query, page)
        ).failure(lambda error: self._failed(generation, error)).run()

    def refresh(self) -> None:
        """Read the query again (the data changed), keeping as many rows as are loaded."""
        if self.query is not None:
            self.load(self.query, keep_rows=len(self._ids))

    def _loaded(self, generation: int, query: ConversationQuery, page: FirstPage) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return  # a newer query was asked for meanwhile, or the window is gone
        self.beginResetModel()
        self.query, self._pager, self._ids = query, page.pager, list(page.ids)
        self.total = page.pager.total or 0
        self._lines = {i: self._line(row) for i, row in page.rows.items()}
        self.loading = False
        self.endResetModel()
        self.sig_loaded.emit(self.total)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation and shiboken6.isValid(self):
            self.loading = False
            self.sig_failed.emit(error)

    # --- rows ----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        pager = self._pager
        return not parent.isValid() and pager is not None and not pager.exhausted

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if parent.isValid() or self._pager is None:
            return
        with self.db.reader() as session:
            ids = self._pager.next_page(session, PAGE_SIZE)
        if ids:
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(ids) - 1)
            self._ids.extend(ids)
            self.endInsertRows()

    def conversation_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, conversation_id: int) -> int | None:
        """The row showing the conversation, if it is loaded."""
        try:
            return self._ids.index(conversation_id)
        except ValueError:
            return None

    def conversation_row(self, row: int) -> ConversationRow | None:
        """The data of a row (read from the database if it is not cached)."""
        line = self._cached(row)
        return None if line is None else line.row

    def _cached(self, row: int) -> _Line | None:
        conversation_id = self._ids[row]
        if conversation_id not in self._lines:
            start = row - row % PAGE_SIZE
            block = [i for i in self._ids[start : start + PAGE_SIZE] if i not in self._lines]
            with self.db.reader() as session:
                found = rows_by_id(session, block)
            while len(self._lines) + len(block) > CACHE_LIMIT:
                del self._lines[next(iter(self._lines))]
            for i in block:
                self._lines[i] = self._line(found[i]) if i in found else None
        return self._lines[conversation_id]

    # --- display -------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in NUMERIC else _LEFT
        if role == CONVERSATION_ID_ROLE:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        line = self._cached(index.row())
        if line is None:
            gone = index.column() == 0 and role == Qt.ItemDataRole.DisplayRole
            return self.tr("(removed)") if gone else None
        if role == Qt.ItemDataRole.DisplayRole:
            return line.texts[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(column, line.row)
        if column == SUBJECT:
            return line.row.subject or None  # the whole subject, when the cell cuts it
        if column is SortColumn.EXTERNAL_ID:
            subject = line.row.subject or self.tr("(no subject)")
            return self.tr("{0}\nSource: {1}").format(subject, line.row.source)
        return None

    def _foreground(self, column: SortColumn | str, row: ConversationRow) -> QColor | None:
        if column is SortColumn.SCORE and row.score is not None and row.passed is not None:
            return QColor(theme.PASS if row.passed and not row.critical_fail else theme.FAIL)
        if column is SortColumn.REVIEW_STATUS and not (row.submitted_reviews or row.has_draft):
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.titles()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if COLUMNS[section] in NUMERIC else _LEFT
        return None

    def titles(self) -> list[str]:
        return [
            self.tr("ID"), self.tr("Subject"), self.tr("Started"), self.tr("Agent"), self.tr("Team"),
            self.tr("Channel"), self.tr("CSAT"), self.tr("Messages"), self.tr("Review status"),
            self.tr("Score"),
        ]  # fmt: skip

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Clicking a header asks for a new order; the page turns it into a query."""
        if 0 <= column < len(COLUMNS) and isinstance(COLUMNS[column], SortColumn):
            descending = order == Qt.SortOrder.DescendingOrder
            self.sig_sort_requested.emit(COLUMNS[column], descending)

    def _line(self, row: ConversationRow) -> _Line:
        locale = QLocale()
        started = ""
        if row.started_at is not None:
            moment = QDateTime.fromSecsSinceEpoch(int(row.started_at.timestamp()))
            started = locale.toString(moment, QLocale.FormatType.ShortFormat)
        texts = (
            row.external_id, row.subject or "", started, row.agent or "", row.team or "", row.channel or "",
            _number(locale, row.csat), locale.toString(row.message_count),
            self._review_status(row), self._score(locale, row),
        )  # fmt: skip
        return _Line(row, texts)

    def _review_status(self, row: ConversationRow) -> str:
        if row.submitted_reviews > 1:
            return plural(self.tr("%n review(s)", "", row.submitted_reviews), row.submitted_reviews)
        if row.submitted_reviews == 1:
            return self.tr("Reviewed")
        return self.tr("Draft") if row.has_draft else self.tr("Not reviewed")

    def _score(self, locale: QLocale, row: ConversationRow) -> str:
        if row.score is None:
            return ""
        # one decimal always, as the review workspace and the reports write scores: 90.0 %
        score = locale.toString(float(row.score), "f", 1)
        if row.critical_fail:
            return self.tr("{0} % · critical fail").format(score)
        if row.passed is None:
            return self.tr("{0} %").format(score)
        verdict = self.tr("pass") if row.passed else self.tr("fail")
        return self.tr("{0} % · {1}").format(score, verdict)


def _number(locale: QLocale, value: float | None) -> str:
    """A number the way the user writes it, with a decimal only when it has one."""
    if value is None:
        return ""
    rounded = round(float(value), 1)
    return locale.toString(rounded, "f", 0 if rounded.is_integer() else 1)
