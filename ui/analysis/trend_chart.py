"""A quality-score trend as a QtCharts line chart: the IQS of each period with its 95% interval as a
band, and optionally the team's IQS as a dashed line; plus the chart styling the analysis screens
share (colours from the palette, so charts follow the light or dark scheme).

Usage::

    chart = TrendChart()
    chart.set_series([(date(2026, 3, 1), 72.5, 64.0, 81.0), ...], team=[(date(2026, 3, 1), 78.0)])
"""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtCharts import (
    QAbstractAxis,
    QAreaSeries,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QLocale, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QLabel, QStackedWidget, QToolTip, QVBoxLayout, QWidget

from ui import theme
from ui.analysis.plural import plural

TrendPointData = tuple[date, float | None, float | None, float | None]
"""Period start, IQS, interval low, interval high (percent; None where unknown)."""
TeamPointData = tuple[date, float | None]
MAX_LABELS = 12  # more periods than this: label every n-th so the dates stay readable


# --- styling the analysis charts share --------------------------------------------------------


def style_chart(chart: QChart, widget: QWidget, title: str) -> None:
    """Give ``chart`` the window's colours and font, a bold title and a legend at the bottom."""
    palette = widget.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 8, 4))
    chart.layout().setContentsMargins(0, 0, 0, 0)  # no frame of window colour round the chart
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # nothing moves when data loads
    font = QFont(widget.font())
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setTitleBrush(text)
    chart.setTitle(title)
    legend = chart.legend()
    legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
    legend.setLabelColor(text)
    legend.setFont(widget.font())


def style_axis(axis: QAbstractAxis, widget: QWidget, title: str) -> None:
    """Axis labels and title in the text colour, faint dotted grid lines."""
    palette = widget.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    line = palette.color(QPalette.ColorRole.Mid)
    axis.setLabelsColor(text)
    axis.setLabelsFont(widget.font())
    axis.setTitleBrush(text)
    axis.setTitleFont(widget.font())
    axis.setTitleText(title)
    axis.setTitleVisible(bool(title))
    axis.setLinePen(QPen(line))
    grid = QColor(line)
    grid.setAlpha(110)
    axis.setGridLinePen(QPen(grid, 1, Qt.PenStyle.DotLine))


def score_axis(widget: QWidget, title: str) -> QValueAxis:
    """A 0–100 axis for quality scores in percent."""
    axis = QValueAxis()
    axis.setRange(0, 100)
    axis.setTickCount(6)
    axis.setLabelFormat("%d")
    style_axis(axis, widget, title)
    return axis


def chart_view(chart: QChart) -> QChartView:
    """A frameless, antialiased view of ``chart``."""
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setFrameShape(QChartView.Shape.NoFrame)
    return view


def translucent(colour: str, alpha: int) -> QColor:
    result = QColor(colour)
    result.setAlpha(alpha)
    return result


def percent(value: float) -> str:
    """A percentage as the locale writes it, to one decimal (without the sign)."""
    return QLocale().toString(float(value), "f", 1)


def _runs(flags: list[bool]) -> list[list[int]]:
    """The indexes of each run of consecutive True flags."""
    runs: list[list[int]] = []
    for i, flag in enumerate(flags):
        if not flag:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


# --- the trend chart ------------------------------------------------------------------------------


class TrendChart(QWidget):
    """The quality score over periods, with its 95% interval as a band and the team's line.

    Attributes:
        chart: the QtCharts chart; ``view`` shows it.
        iqs_series: the IQS line (x is the period's place, 0 for the first; periods without a
            score are left out); ``marker_series`` the same points as dots (a lone period shows).
        band_series: one area per run of periods with an interval.
        team_series: the team's line (empty without a team).
        starts: the period start of each x position; ``x_labels`` the label shown under each.
        reviews: the number of reviews behind each period, when given (shown on hover).
        empty_label: shown instead of the chart when no period has a score.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        title: str | None = None,
        subject: str | None = None,
        team_name: str | None = None,
    ):
        super().__init__(parent)
        self.title = title if title is not None else self.tr("Quality score (IQS) over time")
        self.subject = subject or self.tr("IQS")
        self.team_name = team_name or self.tr("Team")
        self.starts: list[date] = []
        self.x_labels: list[str] = []
        self.reviews: list[int] | None = None
        self._points: list[TrendPointData] = []
        self._team: list[TeamPointData] = []
        self.band_series: list[QAreaSeries] = []

        self.chart = QChart()
        style_chart(self.chart, self, self.title)
        self.x_axis = QCategoryAxis()
        self.x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        style_axis(self.x_axis, self, "")
        self.y_axis = score_axis(self, self.tr("IQS (%)"))
        self.chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)

        self.iqs_series = QLineSeries()
        self.iqs_series.setPen(QPen(QColor(theme.BLUE), 2.5))
        self.marker_series = QScatterSeries()
        self.marker_series.setMarkerSize(8)
        self.marker_series.setColor(QColor(theme.BLUE))
        self.marker_series.setBorderColor(QColor(theme.BLUE))
        self.team_series = QLineSeries()
        self.team_series.setPen(QPen(QColor(theme.ORANGE), 2, Qt.PenStyle.DashLine))
        for series in (self.iqs_series, self.marker_series, self.team_series):
            self._attach(series)
            series.hovered.connect(self._hovered)
        self.chart.legend().markers(self.marker_series)[0].setVisible(False)

        self.view = chart_view(self.chart)
        self.view.setMinimumHeight(220)
        self.empty_label = QLabel(self.tr("No scored reviews in this period."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.set_series([])

    def _attach(self, series: QLineSeries | QAreaSeries) -> None:
        self.chart.addSeries(series)
        series.attachAxis(self.x_axis)
        series.attachAxis(self.y_axis)

    # --- public API ----------------------------------------------------------------------------

    def set_names(self, subject: str | None = None, team: str | None = None) -> None:
        """Name the lines in the legend (e.g. the agent's and the team's names)."""
        if subject:
            self.subject = subject
        if team:
            self.team_name = team
        self._redraw()

    def set_title(self, title: str) -> None:
        self.title = title
        self.chart.setTitle(title)

    def set_series(
        self,
        points: list[TrendPointData],
        team: list[TeamPointData] | None = None,
        *,
        reviews: list[int] | None = None,
    ) -> None:
        """Show ``points`` (period start, IQS, interval low, interval high), oldest first, and the
        team's IQS per period start; ``reviews`` (one per point) are shown on hover."""
        self._points = sorted(points, key=lambda p: p[0])
        self._team = list(team or [])
        self.reviews = list(reviews) if reviews is not None else None
        self._redraw()

    # --- drawing -------------------------------------------------------------------------------

    def _redraw(self) -> None:
        points = self._points
        team_by_start = {start: value for start, value in self._team}
        self.starts = sorted({p[0] for p in points} | set(team_by_start))
        place = {start: i for i, start in enumerate(self.starts)}

        self.iqs_series.setName(self.subject)
        self.iqs_series.replace(
            [QPointF(place[s], v) for s, v, *_ in points if v is not None and math.isfinite(v)]
        )
        self.marker_series.replace(self.iqs_series.points())
        self.team_series.setName(self.team_name)
        self.team_series.replace(
            [QPointF(place[s], v) for s, v in sorted(team_by_start.items()) if v is not None]
        )
        self.chart.legend().markers(self.team_series)[0].setVisible(bool(team_by_start))
        self._draw_band(points, place)
        self._draw_x_axis()
        has_values = self.iqs_series.count() > 0 or self.team_series.count() > 0
        self.stack.setCurrentWidget(self.view if has_values else self.empty_label)

    def _draw_band(self, points: list[TrendPointData], place: dict[date, int]) -> None:
        for band in self.band_series:
            self.chart.removeSeries(band)
            band.deleteLater()
        self.band_series = []
        flags = [p[2] is not None and p[3] is not None for p in points]
        for run in _runs(flags):
            upper, lower = QLineSeries(self), QLineSeries(self)
            for i in run:
                start, _, low, high = points[i]
                upper.append(place[start], float(high))  # type: ignore[arg-type]
                lower.append(place[start], float(low))  # type: ignore[arg-type]
            band = QAreaSeries(upper, lower)
            band.setName(self.tr("95% interval"))
            band.setBrush(translucent(theme.SKY_BLUE, 70))
            band.setPen(QPen(translucent(theme.SKY_BLUE, 140), 1))
            self.chart.addSeries(band)
            band.attachAxis(self.x_axis)
            band.attachAxis(self.y_axis)
            self.band_series.append(band)
        # the band lies under the lines: lines added again go on top
        for series in (self.iqs_series, self.marker_series, self.team_series):
            self.chart.removeSeries(series)
            self._attach(series)
        self.chart.legend().markers(self.marker_series)[0].setVisible(False)
        self.chart.legend().markers(self.team_series)[0].setVisible(self.team_series.count() > 0)
        for band in self.band_series[1:]:
            self.chart.legend().markers(band)[0].setVisible(False)

    def _draw_x_axis(self) -> None:
        axis = self.x_axis
        for label in axis.categoriesLabels():
            axis.remove(label)
        weekly = len(self.starts) > 1 and (self.starts[1] - self.starts[0]).days < 28
        locale = QLocale()
        self.x_labels = [
            locale.toString(QDate(s.year, s.month, s.day), "d MMM" if weekly else "MMM yyyy")
            for s in self.starts
        ]
        step = max(1, math.ceil(len(self.starts) / MAX_LABELS))
        for i, label in enumerate(self.x_labels):
            if i % step == 0:
                axis.append(label, i)
        count = max(1, len(self.starts))
        axis.setRange(-0.5, count - 0.5)
        axis.setTitleText(self.tr("Week starting") if weekly else self.tr("Month"))
        axis.setTitleVisible(True)

    def _hovered(self, point: QPointF, state: bool) -> None:
        if not state:
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), self.describe(round(point.x())), self)

    def describe(self, index: int) -> str:
        """What the chart says about the period at ``index``: the IQS, its n and interval, the
        team's IQS."""
        if not 0 <= index < len(self.starts):
            return ""
        start = self.starts[index]
        lines = [self.x_labels[index]]
        found = next((p for p in self._points if p[0] == start), None)
        number = 0 if found is None else self._points.index(found)
        if found is not None and found[1] is not None:
            text = self.tr("{0}: {1} %").format(self.subject, percent(found[1]))
            if found[2] is not None and found[3] is not None:
                text += " " + self.tr("(95% interval {0}–{1})").format(
                    percent(found[2]), percent(found[3])
                )
            lines.append(text)
        if self.reviews is not None and found is not None and number < len(self.reviews):
            n = self.reviews[number]
            lines.append(self.tr("n = {0}").format(plural(self.tr("%n review(s)", "", n), n)))
        team = next((v for s, v in self._team if s == start), None)
        if team is not None:
            lines.append(self.tr("{0}: {1} %").format(self.team_name, percent(team)))
        return "\n".join(lines)
