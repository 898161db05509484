"""A sortable table of reviews; double-click or Enter opens the review with its conversation."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from qa_desk.analytics import ReviewRef
from ui.browser.sort_header import SortHeader
from ui.coaching.reviews_model import REVIEW_ID_ROLE, SORT_ROLE, ReviewsModel


class ReviewsTable(QTableView):
    """Reviews, newest first until the user sorts by another column.

    Attributes:
        source: the reviews (a :class:`ReviewsModel`); ``proxy`` sorts them.
    """

    sig_open_review = Signal(int)  # review id

    def __init__(self, parent: QWidget | None = None, checkable: bool = False):
        super().__init__(parent)
        self.source = ReviewsModel(self, checkable=checkable)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setHorizontalHeader(SortHeader(self))
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.setToolTip(self.tr("Double-click a review to read it with its conversation"))
        self.doubleClicked.connect(self._open)

    def set_reviews(self, refs: list[ReviewRef], checked: set[int] | None = None) -> None:
        self.source.set_reviews(refs, checked)

    def row_of(self, review_id: int) -> int:
        """The row (as sorted) showing ``review_id``, or -1."""
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(REVIEW_ID_ROLE) == review_id:
                return row
        return -1

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_open_review.emit(int(index.data(REVIEW_ID_ROLE)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex())
            return
        super().keyPressEvent(event)
