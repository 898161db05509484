"""The agent's score on each criterion as horizontal bars, the team's average on it marked beside
each bar, the number of ratings in its label; criteria with too few ratings to mean much are
drawn grey, and a note under the chart says why."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QScatterSeries,
)
from PySide6.QtCore import QLocale, QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QPalette
from PySide6.QtWidgets import QLabel, QStackedWidget, QToolTip, QVBoxLayout, QWidget

from qa_desk.analytics import CriterionResult
from ui import theme
from ui.analysis.plural import plural
from ui.analysis.trend_chart import chart_view, percent, score_axis, style_axis, style_chart

LABEL_CHARACTERS = 32  # longer criterion names are cut (the full name is in the tooltip)
ROW_HEIGHT = 30
FEW_RATINGS = "#6B7F92"  # a muted slate: white labels stay readable on it


def short(text: str, limit: int = LABEL_CHARACTERS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class CriteriaChart(QWidget):
    """Criteria bars with the team marked.

    Attributes:
        criteria: the criteria shown, top to bottom (rubric order).
        labels: the category label of each, top to bottom.
        bar_set: the agent's scores (bottom to top, as QtCharts draws categories).
        team_series: the team's average per criterion (y is the bar's index, bottom first).
        empty_label: shown instead of the chart when nothing was rated.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.criteria: list[CriterionResult] = []
        self.labels: list[str] = []
        self.chart = QChart()
        style_chart(self.chart, self, self.tr("Criteria against the team"))
        self.series = QHorizontalBarSeries()
        self.series.setBarWidth(0.6)
        self.series.setLabelsVisible(True)
        self.series.setLabelsFormat("@value %")
        self.series.setLabelsPrecision(3)
        self.series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsInsideBase)
        self.bar_set = QBarSet(self.tr("Agent"))
        self.bar_set.setColor(QColor(theme.BLUE))
        self.bar_set.setBorderColor(QColor(theme.BLUE))
        self.bar_set.setLabelColor(QColor("white"))
        self.bar_set.setSelectedColor(QColor(FEW_RATINGS))
        self.bar_set.hovered.connect(self._hovered)
        self.series.append(self.bar_set)
        self.team_series = QScatterSeries()
        self.team_series.setName(self.tr("Team average"))
        self.team_series.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeRotatedRectangle)
        self.team_series.setMarkerSize(13)
        self.team_series.setColor(QColor(theme.ORANGE))
        self.team_series.setBorderColor(self.palette().color(QPalette.ColorRole.WindowText))
        self.team_series.hovered.connect(
            lambda point, state: self._hovered(state, self._row(point))
        )
        self.chart.addSeries(self.series)
        self.chart.addSeries(self.team_series)
        self.category_axis = QBarCategoryAxis()
        style_axis(self.category_axis, self, "")
        self.category_axis.setGridLineVisible(False)
        self.value_axis = score_axis(self, self.tr("Score (%)"))
        self.chart.addAxis(self.category_axis, Qt.AlignmentFlag.AlignLeft)
        self.chart.addAxis(self.value_axis, Qt.AlignmentFlag.AlignBottom)
        for series in (self.series, self.team_series):
            series.attachAxis(self.category_axis)
            series.attachAxis(self.value_axis)

        self.view = chart_view(self.chart)
        self.note = QLabel()
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.note.setWordWrap(True)
        self.empty_label = QLabel(self.tr("No criteria rated in this period."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        chart_page = QWidget()
        chart_layout = QVBoxLayout(chart_page)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.setSpacing(2)
        chart_layout.addWidget(self.view, 1)
        chart_layout.addWidget(self.note)
        self.stack = QStackedWidget()
        self.stack.addWidget(chart_page)
        self.stack.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.set_criteria([], 5)

    def set_criteria(self, criteria: list[CriterionResult], min_ratings: int) -> None:
        """Show the agent's criteria (rubric order); those under ``min_ratings`` ratings pale."""
        self.criteria = [c for c in criteria if c.score is not None]
        rows = list(reversed(self.criteria))  # QtCharts draws the first category at the bottom
        self.labels = self._labels(self.criteria)
        self.bar_set.remove(0, self.bar_set.count())
        # rounded as the Focus areas tab writes the same score (81.25 → 81.3, not Python's 81.2)
        self.bar_set.append([float(QLocale.c().toString(c.score or 0.0, "f", 1)) for c in rows])
        self.bar_set.deselectAllBars()
        self.bar_set.selectBars([i for i, c in enumerate(rows) if not c.enough])
        self.team_series.replace(
            [QPointF(c.team_score, i) for i, c in enumerate(rows) if c.team_score is not None]
        )
        self.category_axis.clear()
        self.category_axis.append(list(reversed(self.labels)))
        self.view.setMinimumHeight(110 + ROW_HEIGHT * max(3, len(rows)))
        few = sum(1 for c in self.criteria if not c.enough)
        self.note.setText(
            self.tr("Grey bars: fewer than {0} ratings, too few to read much into.").format(
                min_ratings
            )
            if few
            else ""
        )
        self.note.setVisible(bool(few))
        self.stack.setCurrentIndex(0 if self.criteria else 1)

    def _labels(self, criteria: list[CriterionResult]) -> list[str]:
        labels: list[str] = []
        for c in criteria:
            label = self.tr("{0} (n = {1})").format(short(c.name), c.ratings)
            while label in labels:  # categories must differ (same name in two rubrics)
                label += " "
            labels.append(label)
        return labels

    def _row(self, point: QPointF) -> int:
        return round(point.y())

    def _hovered(self, state: bool, index: int) -> None:
        if not state:
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), self.describe(len(self.criteria) - 1 - index), self)

    def describe(self, row: int) -> str:
        """What the chart says about the criterion in ``row`` (from the top)."""
        if not 0 <= row < len(self.criteria):
            return ""
        c = self.criteria[row]
        lines = [
            c.name,
            self.tr("Agent: {0} % over {1}").format(
                percent(c.score), plural(self.tr("%n rating(s)", "", c.ratings), c.ratings)
            ),
        ]
        if c.ci_low is not None and c.ci_high is not None:
            lines.append(
                self.tr("95% interval {0}–{1} %").format(percent(c.ci_low), percent(c.ci_high))
            )
        if c.team_score is not None:
            lines.append(
                self.tr("Team: {0} % over {1}").format(
                    percent(c.team_score),
                    plural(self.tr("%n rating(s)", "", c.team_ratings), c.team_ratings),
                )
            )
        if c.critical:
            lines.append(self.tr("Critical criterion"))
        return "\n".join(lines)
