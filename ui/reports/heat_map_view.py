"""The heat map's screen: a rubric to show, the agents × criteria table with the criteria's names
written upwards so many columns fit, and a legend of the colour scale."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qa_desk.reports.overview import ReportData
from ui.browser.sort_header import SortHeader
from ui.reports import figures
from ui.reports.figures import PASS_MARK, tr
from ui.reports.heat_map_model import FIRST_CRITERION, EveryoneFirstProxy, HeatMapModel

HEADER_HEIGHTS = (120, 320)
"""The header is as high as the longest criterion name needs, within these bounds (pixels)."""
CELL_WIDTH = 48


class UpwardHeader(SortHeader):
    """A horizontal header writing the criteria's names bottom to top, over as many lines as the
    column is wide enough for (elided only when they still do not fit; the tooltip has the whole
    name), and the first columns' names as usual."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        lines = max(1, (CELL_WIDTH - 4) // metrics.lineSpacing())
        model = self.model()
        names = [
            str(model.headerData(section, Qt.Orientation.Horizontal) or "")
            for section in range(FIRST_CRITERION, model.columnCount() if model else 0)
        ]
        needed = max((fitting_length(name, metrics, lines) for name in names), default=0)
        low, high = HEADER_HEIGHTS
        return QSize(hint.width(), min(high, max(low, needed + 12)))

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        if logical_index < FIRST_CRITERION:
            super().paintSection(painter, rect, logical_index)
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logical_index
        option.text = ""
        if self.isSortIndicatorShown() and self.sortIndicatorSection() == logical_index:
            option.sortIndicator = (  # ▲ ascending, as SortHeader draws the first columns
                QStyleOptionHeader.SortIndicator.SortUp
                if self.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
                else QStyleOptionHeader.SortIndicator.SortDown
            )
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        text = str(self.model().headerData(logical_index, Qt.Orientation.Horizontal) or "")
        metrics = painter.fontMetrics()
        length = rect.height() - 12
        lines = wrap_lines(
            text, metrics, length, max(1, (rect.width() - 4) // metrics.lineSpacing())
        )
        block = metrics.lineSpacing() * (len(lines) - 1) + metrics.ascent() - metrics.descent()
        painter.translate(rect.left() + (rect.width() + block) / 2, rect.bottom() - 6)
        painter.rotate(-90)
        painter.setPen(self.palette().color(self.foregroundRole()))
        for number, line in enumerate(lines):
            offset = (number - len(lines) + 1) * metrics.lineSpacing()
            painter.drawText(0, offset, line)
        painter.restore()


def fitting_length(text: str, metrics: QFontMetrics, most: int) -> int:
    """The shortest line length (pixels, in steps of 8) at which ``text`` fits whole on ``most``
    lines."""
    words = " ".join(text.split())
    length = max(8, metrics.horizontalAdvance(words) // most)
    while " ".join(wrap_lines(words, metrics, length, most)) != words:
        length += 8
    return length


def wrap_lines(text: str, metrics: QFontMetrics, width: int, most: int) -> list[str]:
    """``text`` broken at spaces into at most ``most`` lines ``width`` pixels long, the last one
    elided when the text is longer still (the header's tooltip gives it whole)."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < most:
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words or (lines and metrics.horizontalAdvance(lines[-1]) > width):
        rest = " ".join([lines.pop(), *words]) if lines else " ".join(words)
        lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return lines


class ColourLegend(QWidget):
    """The colour scale drawn as a bar, from 0 through the pass mark to 100."""

    def sizeHint(self) -> QSize:
        return QSize(220, self.fontMetrics().height() + 14)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = painter.fontMetrics()
        bar = QRect(0, 0, self.width(), 10)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        for stop in (0.0, 20.0, 40.0, 60.0, PASS_MARK, 90.0, 100.0):
            gradient.setColorAt(stop / 100.0, figures.heat_color(stop))
        painter.fillRect(bar, gradient)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawRect(bar.adjusted(0, 0, -1, -1))
        y = bar.bottom() + 2 + metrics.ascent()
        mark = int(self.width() * PASS_MARK / 100.0)
        painter.drawText(0, y, "0")
        label = figures.number(PASS_MARK, 0)
        painter.drawText(mark - metrics.horizontalAdvance(label) // 2, y, label)
        painter.drawText(self.width() - metrics.horizontalAdvance("100"), y, "100")


class HeatMapPanel(QWidget):
    """The rubric picker, the heat map and its legend.

    Attributes:
        model: agents × the chosen rubric's criteria; ``proxy`` sorts it.
        table: the view (a click on a cell asks for the reviews behind it).
    """

    sig_rubric_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_set: ReportData | None = None
        self.rubric_combo = QComboBox()
        self.rubric_combo.currentIndexChanged.connect(self._rubric_chosen)
        self.model = HeatMapModel(self)
        self.proxy = EveryoneFirstProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setHorizontalHeader(UpwardHeader(self.table))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.legend = ColourLegend()
        self.legend.setFixedWidth(240)
        self.note = QLabel()
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Rubric:")))
        top.addWidget(self.rubric_combo)
        top.addStretch(1)
        top.addWidget(QLabel(tr("Score:")))
        top.addWidget(self.legend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def set_report(self, data: ReportData | None) -> None:
        self.data_set = data
        chosen = self.rubric_combo.currentData()
        rubrics = list(data.matrices) if data else []
        self.rubric_combo.blockSignals(True)
        self.rubric_combo.clear()
        for rubric in rubrics:
            self.rubric_combo.addItem(rubric, rubric)
        if chosen in rubrics:
            self.rubric_combo.setCurrentIndex(rubrics.index(chosen))
        self.rubric_combo.blockSignals(False)
        self.rubric_combo.setEnabled(len(rubrics) > 1)
        self._rubric_chosen()

    def show_rubric(self, rubric: str) -> None:
        index = self.rubric_combo.findData(rubric)
        if index >= 0:
            self.rubric_combo.setCurrentIndex(index)

    def _rubric_chosen(self) -> None:
        data = self.data_set
        rubric = self.rubric_combo.currentData()
        matrix = data.matrices.get(rubric) if data and rubric else None
        self.model.set_matrix(matrix, data.filter if data else None, rubric)
        if matrix is not None:
            self.note.setText(
                tr(
                    "Each cell: the agent's mean rating of the criterion in percent (N/A left "
                    "out); hover for n. In brackets and grey: fewer than {0} ratings, too few to "
                    "colour. Click a cell for the reviews behind it."
                ).format(matrix.min_ratings)
            )
        self.table.setColumnWidth(0, 170)
        self.table.setColumnWidth(1, 130)
        self.table.setColumnWidth(2, 70)
        for column in range(FIRST_CRITERION, self.model.columnCount()):
            self.table.setColumnWidth(column, CELL_WIDTH)
        self.sig_rubric_changed.emit(rubric or "")
