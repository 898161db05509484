"""Table cells that read in their own text's direction.

In a right-to-left window a Latin subject laid out right to left shows its "?" and its "…" at the
wrong end ("?Where is my refund", "…Order 40126746 pa"); an Arabic name in a left-to-right window
likewise. :class:`OwnDirectionDelegate` lays each cell's text out in the direction of its first
strong letter, and keeps the cell aligned on the window's side, so the columns stay even.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from qa_desk.conversation_detail import text_direction as core_direction


def text_direction(text: str, fallback: Qt.LayoutDirection) -> Qt.LayoutDirection:
    """The direction of ``text``'s first strong letter (``fallback`` when it has none), as the
    transcript reads a message's (:func:`qa_desk.conversation_detail.text_direction`)."""
    default = "rtl" if fallback == Qt.LayoutDirection.RightToLeft else "ltr"
    if core_direction(text, default) == "rtl":
        return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


class OwnDirectionDelegate(QStyledItemDelegate):
    """Draws each cell's text in its own direction, aligned on the side the window reads from."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        window = option.direction
        # the alignment the window's direction gives, made absolute before the direction changes
        option.displayAlignment = QStyle.visualAlignment(window, option.displayAlignment)
        option.direction = text_direction(option.text, window)
