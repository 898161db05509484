"""Reading which way a table header's sort arrow points, from the pixels it draws."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader


def arrow_points_up(header: QHeaderView, section: int) -> bool:
    """Whether the sort arrow drawn in ``section`` is wider at its bottom (▲) than at its top."""
    image: QImage = header.grab().toImage()
    option = QStyleOptionHeader()
    header.initStyleOption(option)
    option.rect = QRect(
        header.sectionViewportPosition(section), 0, header.sectionSize(section), header.height()
    )
    arrow = header.style().subElementRect(QStyle.SubElement.SE_HeaderArrow, option, header)
    background = image.pixelColor(arrow.right() + 1, 1).lightness()
    widths = []
    for y in range(arrow.top(), arrow.bottom() + 1):
        dark = [
            x
            for x in range(arrow.left(), arrow.right() + 1)
            if image.pixelColor(x, y).lightness() < background - 60
        ]
        if dark:
            widths.append(max(dark) - min(dark) + 1)
    assert len(widths) >= 2, "no sort arrow drawn"
    return widths[-1] > widths[0]


def ascending_arrow_points_up(header: QHeaderView, section: int) -> bool:
    """Whether sorting by ``section`` in ascending order draws ▲ and in descending order ▼.

    Compares the two drawings of the arrow's corner of the section, so that text running up to the
    arrow (right-aligned column names) is the same in both and drops out: what is dark only in the
    ascending drawing must lie lower than what is dark only in the descending one.
    """
    images = []
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        header.setSortIndicator(section, order)
        images.append(header.grab().toImage())
    option = QStyleOptionHeader()
    header.initStyleOption(option)
    option.rect = QRect(
        header.sectionViewportPosition(section), 0, header.sectionSize(section), header.height()
    )
    arrow = header.style().subElementRect(QStyle.SubElement.SE_HeaderArrow, option, header)
    area = arrow.adjusted(-4, -4, 4, 4).intersected(QRect(0, 0, header.width(), header.height()))
    only: list[list[int]] = [[], []]
    for y in range(area.top(), area.bottom() + 1):
        for x in range(area.left(), area.right() + 1):
            up, down = (image.pixelColor(x, y).lightness() for image in images)
            if up < down - 60:
                only[0].append(y)
            elif down < up - 60:
                only[1].append(y)
    assert only[0] and only[1], "the arrow looks the same both ways"
    return sum(only[0]) / len(only[0]) > sum(only[1]) / len(only[1])
