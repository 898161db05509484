"""A small trend line drawn in a table cell from the row's IQS per period (a sparkline).

Periods without reviews leave a gap; the last period with reviews is marked with a dot. Each row
is scaled to its own range, but never to less than :data:`MIN_SPAN` points, so a wobble of one
point does not look like a fall.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui import theme
from ui.reports.figures import TREND_ROLE

MIN_SPAN = 20.0


def sparkline_points(values: tuple[float | None, ...], rect: QRectF) -> list[QPointF | None]:
    """Where each value is drawn in ``rect`` (None for a gap)."""
    present = [v for v in values if v is not None]
    if not present:
        return [None for _ in values]
    low, high = min(present), max(present)
    if high - low < MIN_SPAN:
        middle = (high + low) / 2.0
        low, high = middle - MIN_SPAN / 2.0, middle + MIN_SPAN / 2.0
    step = rect.width() / max(1, len(values) - 1)
    return [
        None
        if v is None
        else QPointF(
            rect.left() + i * step, rect.bottom() - (v - low) / (high - low) * rect.height()
        )
        for i, v in enumerate(values)
    ]


class SparklineDelegate(QStyledItemDelegate):
    """Paints :data:`~ui.reports.figures.TREND_ROLE` as a line instead of text."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        values = index.data(TREND_ROLE)
        if not values:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect = QRectF(option.rect).adjusted(6, 5, -6, -5)
        points = sparkline_points(tuple(values), rect)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        color = option.palette.highlightedText().color() if selected else QColor(theme.BLUE)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        pen_down = False
        for point in points:
            if point is None:
                pen_down = False
                continue
            if pen_down:
                path.lineTo(point)
            else:
                path.moveTo(point)
                pen_down = True
        painter.setPen(QPen(color, 1.5))
        painter.drawPath(path)
        painter.setBrush(color)
        for point in points:  # lone points (no neighbour with reviews) still show
            if point is not None:
                painter.drawEllipse(point, 1.2, 1.2)
        last = next((p for p in reversed(points) if p is not None), None)
        if last is not None:
            painter.drawEllipse(last, 2.6, 2.6)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), 110), hint.height())
