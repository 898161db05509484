"""A table header whose sort arrow points the way the rows run: ▲ when they are sorted in
ascending order (smallest, oldest or A first), ▼ in descending order.

Qt's own header asks the style for a down arrow when the order is ascending (the style option's
``SortDown`` means "draw a down arrow"), so on Fusion a list of the newest conversations first
showed ▲, which reviewers read as "oldest first".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QStyleOptionHeader, QWidget


class SortHeader(QHeaderView):
    """A horizontal header drawing ▲ for ascending and ▼ for descending order; otherwise a
    plain :class:`QHeaderView` (use it with ``table.setHorizontalHeader(SortHeader(table))``)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logical_index: int) -> None:
        super().initStyleOptionForIndex(option, logical_index)
        if option.sortIndicator != QStyleOptionHeader.SortIndicator.None_:
            ascending = self.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
            option.sortIndicator = (
                QStyleOptionHeader.SortIndicator.SortUp
                if ascending
                else QStyleOptionHeader.SortIndicator.SortDown
            )
