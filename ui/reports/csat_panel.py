"""CSAT against QA on the Reports page: a scatter of every conversation with both a CSAT and a
quality score (QtCharts), the correlation stated in words and numbers, and the conversations where
the two disagree most. A point or a row opens the conversation's reviews.

CSAT is usually a few whole numbers, so the points are spread a little sideways (by a fixed amount
per conversation) to keep overlapping ones visible; the tooltip gives the exact figures.
"""

from __future__ import annotations

from PySide6.QtCharts import QChart, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from qa_desk.analytics import CsatPoint
from qa_desk.reports.overview import CsatPair, ReportData
from qa_desk.statistics import Correlation
from ui import theme
from ui.analysis.trend_chart import chart_view, score_axis, style_axis, style_chart
from ui.reports import figures
from ui.reports.drill_down import ReviewsBehind
from ui.reports.figures import BEHIND_ROLE, RIGHT, tr, trn

SPREAD = 0.3  # how far sideways (in CSAT points) overlapping points are spread at most


def spread(conversation_id: int) -> float:
    """A fixed sideways offset for a conversation's point, between −SPREAD/2 and SPREAD/2."""
    return ((conversation_id * 2654435761) % 1000 / 999.0 - 0.5) * SPREAD


def strength(value: float | None) -> str:
    """A correlation in words (Cohen's rough guide: 0.1 weak, 0.3 moderate, 0.5 strong)."""
    if value is None:
        return tr("not enough conversations to tell")
    size = abs(value)
    if size < 0.1:
        return tr("no real relation")
    word = tr("weak") if size < 0.3 else tr("moderate") if size < 0.5 else tr("strong")
    direction = tr("positive") if value > 0 else tr("negative")
    return tr("a {0} {1} relation").format(word, direction)


def describe_correlation(name: str, correlation: Correlation) -> str:
    if correlation.value is None:
        return tr("{0}: –").format(name)
    text = tr("{0} = {1}").format(name, figures.number(correlation.value, 2))
    if correlation.low is not None and correlation.high is not None:
        text += tr(" (95% CI {0} to {1})").format(
            figures.number(correlation.low, 2), figures.number(correlation.high, 2)
        )
    return text


class CsatPanel(QWidget):
    """The scatter, the correlation and the list of disagreements.

    Attributes:
        points_series: one point per conversation with both figures (x: CSAT spread sideways,
            y: quality score); ``disagree_series`` marks those listed below as disagreeing.
        pairs: the conversations behind ``points_series``, in the same order.
        table: the disagreeing conversations.
    """

    sig_open_behind = Signal(object)  # ReviewsBehind

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_set: ReportData | None = None
        self.pairs: list[CsatPair] = []
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)

        self.chart = QChart()
        style_chart(self.chart, self, tr("CSAT against quality score, one point per conversation"))
        self.x_axis = QValueAxis()
        self.x_axis.setLabelFormat("%.0f")
        self.x_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        self.x_axis.setTickAnchor(0.0)
        self.x_axis.setTickInterval(1.0)
        style_axis(self.x_axis, self, tr("CSAT (customer rating; points spread sideways)"))
        self.y_axis = score_axis(self, tr("Quality score (%)"))
        # a little room past 0 and 100, so the points on them are drawn whole
        self.y_axis.setRange(-5.0, 105.0)
        self.y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        self.y_axis.setTickAnchor(0.0)
        self.y_axis.setTickInterval(20.0)
        self.chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.points_series = QScatterSeries()
        self.points_series.setName(tr("Conversation"))
        self.points_series.setMarkerSize(7)
        blue = QColor(theme.BLUE)
        blue.setAlpha(150)
        self.points_series.setColor(blue)
        self.points_series.setBorderColor(blue)
        self.disagree_series = QScatterSeries()
        self.disagree_series.setName(tr("Disagree most (listed below)"))
        self.disagree_series.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeRectangle)
        self.disagree_series.setMarkerSize(10)
        self.disagree_series.setColor(QColor(theme.ORANGE))
        self.disagree_series.setBorderColor(QColor(theme.VERMILLION))
        self.fit_series = QLineSeries()
        self.fit_series.setName(tr("Straight-line fit"))
        self.fit_series.setPen(QPen(QColor(theme.REDDISH_PURPLE), 2, Qt.PenStyle.DashLine))
        for series in (self.points_series, self.disagree_series, self.fit_series):
            self.chart.addSeries(series)
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)
        for series in (self.points_series, self.disagree_series):
            series.hovered.connect(self._hovered)
            series.clicked.connect(self._clicked)
        self.view = chart_view(self.chart)
        self.view.setMinimumHeight(260)

        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [tr("Conversation"), tr("Agent"), tr("CSAT"), tr("QA score"), tr("Reviews"),
             tr("How they disagree")]
        )  # fmt: skip
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((130, 150, 60, 80, 70)):
            self.table.setColumnWidth(column, width)
        self.table.itemClicked.connect(self._row_activated)
        self.table_title = QLabel()
        self.table_title.setWordWrap(True)

        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.table_title)
        below_layout.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(below)
        splitter.setSizes([620, 300])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addWidget(splitter, 1)

    def set_report(self, data: ReportData | None) -> None:
        self.data_set = data
        self.pairs = list(data.csat_pairs) if data else []
        csat = data.csat if data else None
        listed = (csat.high_csat_low_quality + csat.low_csat_high_quality) if csat else []
        listed_ids = {p.conversation_id for p in listed}
        self.points_series.replace(
            [QPointF(p.csat + spread(p.conversation_id), p.quality) for p in self.pairs]
        )
        self.disagree_series.replace(
            [
                QPointF(p.csat + spread(p.conversation_id), p.quality)
                for p in self.pairs
                if p.conversation_id in listed_ids
            ]
        )
        values = [p.csat for p in self.pairs]
        low, high = (min(values), max(values)) if values else (1.0, 5.0)
        self.x_axis.setRange(low - 0.5, high + 0.5)
        self.x_axis.setTickInterval(1.0 if high - low <= 10 else 10.0)
        self._draw_fit(low - 0.5, high + 0.5)
        self._fill_table(listed)
        if csat is None or csat.pairs == 0:
            self.headline.setText(
                tr("No conversation in this period has both a CSAT and a scored review.")
            )
            return
        self.headline.setText(
            tr(
                "Over {0} with both a CSAT and a quality score: {1}; {2}. By rank (Spearman): {3}."
            ).format(
                trn("%Ln conversation(s)", csat.pairs),
                describe_correlation(tr("Pearson r"), csat.pearson),
                describe_correlation(tr("Spearman ρ"), csat.spearman),
                strength(csat.spearman.value),
            )
        )

    def _draw_fit(self, x_from: float, x_to: float) -> None:
        """The least-squares line of quality score on CSAT (nothing with under three points or no
        spread in CSAT)."""
        pairs = self.pairs
        n = len(pairs)
        mean_x = sum(p.csat for p in pairs) / n if n else 0.0
        mean_y = sum(p.quality for p in pairs) / n if n else 0.0
        spread_x = sum((p.csat - mean_x) ** 2 for p in pairs)
        if n < 3 or spread_x == 0:
            self.fit_series.clear()
            return
        slope = sum((p.csat - mean_x) * (p.quality - mean_y) for p in pairs) / spread_x

        def at(x: float) -> float:
            return min(100.0, max(0.0, mean_y + slope * (x - mean_x)))

        self.fit_series.replace([QPointF(x_from, at(x_from)), QPointF(x_to, at(x_to))])

    def _fill_table(self, listed: list[CsatPoint]) -> None:
        csat = self.data_set.csat if self.data_set else None
        self.table.setRowCount(0)
        if csat is None:
            self.table_title.setText("")
            return
        self.table_title.setText(
            tr(
                "Where they disagree most: conversations at least {0} % of the conversations "
                "apart in rank (click one to see its reviews)"
            ).format(figures.number(100 * csat.min_gap, 0))
            if listed
            else tr("No conversation where CSAT and the quality score disagree strongly.")
        )
        self.table.setRowCount(len(listed))
        for row, point in enumerate(listed):
            happy = point.gap > 0
            texts = [
                point.conversation, point.agent or "", figures.number(point.csat, 0),
                figures.number(point.quality), figures.count(point.reviews),
                tr("Happy customer, low score") if happy else tr("Unhappy customer, high score"),
            ]  # fmt: skip
            behind = self._behind(point.conversation_id, point.conversation, point.csat)
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(BEHIND_ROLE, behind)
                if 2 <= column <= 4:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(row, column, item)

    def _behind(self, conversation_id: int, name: str, csat: float) -> ReviewsBehind | None:
        """The reviews behind a conversation's point: its quality score is their mean."""
        if self.data_set is None:
            return None
        report = self.data_set.filter
        return ReviewsBehind(
            tr("Reviews of conversation {0}").format(name),
            report.date_from,
            report.date_to,
            team_id=report.team_id,
            conversation_id=conversation_id,
            note=tr("The customer rated the conversation {0} (CSAT).").format(
                figures.number(csat, 0)
            ),
        )

    def pair_at(self, point: QPointF) -> CsatPair | None:
        """The conversation whose point is nearest ``point`` (in chart values)."""
        if not self.pairs:
            return None
        return min(
            self.pairs,
            key=lambda p: (
                ((p.csat + spread(p.conversation_id) - point.x()) * 25) ** 2
                + (p.quality - point.y()) ** 2
            ),
        )

    def _hovered(self, point: QPointF, state: bool) -> None:
        pair = self.pair_at(point) if state else None
        if pair is None:
            QToolTip.hideText()
            return
        QToolTip.showText(
            QCursor.pos(),
            tr("CSAT {0}, quality score {1} over {2}\nClick to see the reviews").format(
                figures.number(pair.csat, 0),
                figures.number(pair.quality),
                trn("%Ln review(s)", pair.reviews),
            ),
            self.view,
        )

    def _clicked(self, point: QPointF) -> None:
        pair = self.pair_at(point)
        if pair is not None:
            self.sig_open_behind.emit(
                self._behind(pair.conversation_id, pair.conversation, pair.csat)
            )

    def _row_activated(self, item: QTableWidgetItem) -> None:
        behind = item.data(BEHIND_ROLE)
        if behind is not None:
            self.sig_open_behind.emit(behind)
