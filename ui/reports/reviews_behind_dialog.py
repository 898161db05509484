"""The reviews behind a number on the Reports page: a sortable table of them (conversation, agent,
reviewer, date, score, verdict), read in the worker; double-click or Enter opens one review with
its conversation."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qa_desk.analytics import ReviewRef
from ui import theme
from ui.analysis.review_viewer import ReviewViewerDialog
from ui.context import AppContext
from ui.operations import Operation
from ui.reports import figures
from ui.reports.drill_down import ReviewsBehind, find_reviews
from ui.reports.figures import MISSING, RIGHT, SORT_ROLE, tr
from ui.review.transcript_delegate import local_time

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
CONVERSATION, AGENT, REVIEWER, SUBMITTED, SCORE, RESULT = range(6)
REVIEW_ID_ROLE = Qt.ItemDataRole.UserRole + 40


class ReviewsBehindModel(QAbstractTableModel):
    """Reviews, one per row, as :func:`~ui.reports.drill_down.find_reviews` lists them."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.reviews: list[ReviewRef] = []
        self.headers = [
            tr("Conversation"), tr("Agent"), tr("Reviewer"), tr("Submitted"), tr("Score"),
            tr("Result"),
        ]  # fmt: skip

    def set_reviews(self, reviews: list[ReviewRef]) -> None:
        self.beginResetModel()
        self.reviews = reviews
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.reviews)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == SCORE:
            return RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        review = self.reviews[index.row()]
        column = index.column()
        if role == REVIEW_ID_ROLE:
            return review.review_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(review, column)
        if role == SORT_ROLE:
            values = (
                review.conversation.casefold(), (review.agent or "").casefold(),
                review.reviewer.casefold(), review.submitted_at.timestamp()
                if review.submitted_at else None, review.score, self._text(review, RESULT),
            )  # fmt: skip
            value = values[column]
            return MISSING if value is None else value
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SCORE:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == RESULT and review.score is not None:
            return QColor(theme.PASS if review.passed else theme.FAIL)
        if role == Qt.ItemDataRole.ToolTipRole:
            return review.comment or None
        return None

    def _text(self, review: ReviewRef, column: int) -> str:
        if column == CONVERSATION:
            return review.conversation
        if column == AGENT:
            return review.agent or ""
        if column == REVIEWER:
            return review.reviewer
        if column == SUBMITTED:
            return local_time(review.submitted_at)
        if column == SCORE:
            return figures.number(review.score)
        if review.score is None:
            return tr("no score")
        if review.critical_fail:
            return tr("Critical fail")
        return tr("Pass") if review.passed else tr("Fail")


class _Table(QTableView):
    """The reviews table; Enter opens the current review like a double-click."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.doubleClicked.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class ReviewsBehindDialog(QDialog):
    """Lists the reviews behind a number and opens them.

    Attributes:
        behind: the selection listed.
        model: its reviews (filled when the worker has read them).
        viewer: the review last opened (kept so it stays open).
    """

    def __init__(self, context: AppContext, behind: ReviewsBehind, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.behind = behind
        self.viewer: ReviewViewerDialog | None = None
        self.setWindowTitle(behind.title)
        self.resize(820, 520)
        self.summary = QLabel(tr("Reading the reviews…"))
        self.summary.setWordWrap(True)
        self.model = ReviewsBehindModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSourceModel(self.model)
        self.table = _Table()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(SUBMITTED, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((150, 150, 140, 150, 70, 100)):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self.open_review)
        hint = QLabel(
            tr("Double-click a review (or press Enter) to read it with its conversation.")
        )
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.operation = Operation(
            self, lambda _progress, _cancelled: find_reviews(context.db, behind)
        ).success(self._show)
        self.operation.run()

    def _show(self, reviews: list[ReviewRef]) -> None:
        self.model.set_reviews(reviews)
        scores = [r.score for r in reviews if r.score is not None]
        if not reviews:
            self.summary.setText(tr("No reviews."))
            return
        mean = sum(scores) / len(scores) if scores else None
        self.summary.setText(
            tr("{0} reviews, {1} to {2}; their mean score {3}.").format(
                figures.count(len(reviews)), figures.day(self.behind.date_from),
                figures.day(self.behind.date_to), figures.number(mean),
            )
        )  # fmt: skip
        self.table.selectRow(0)

    def review_ids(self) -> list[int]:
        """The ids of the reviews listed, in the table's order."""
        return [
            self.proxy.index(row, 0).data(REVIEW_ID_ROLE) for row in range(self.proxy.rowCount())
        ]

    def open_review(self, index: QModelIndex) -> ReviewViewerDialog | None:
        if not index.isValid():
            return None
        review_id = index.data(REVIEW_ID_ROLE)
        if self.viewer is not None:  # one review open at a time
            self.viewer.close()
            self.viewer.deleteLater()
        self.viewer = ReviewViewerDialog(self.context, review_id, self)
        self.viewer.open()
        return self.viewer
