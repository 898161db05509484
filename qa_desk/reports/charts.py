"""Native Excel charts for the reports: a quality trend (line) and criteria compared (bars).

The charts read their numbers from cells of the sheet they sit on, so what a chart shows is always
in a table beside it. Quality scores are fractions shown as percentages on a 0–100% axis; a second
series is dashed as well as coloured, so the two tell apart without colour.
"""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.axis import ChartLines
from openpyxl.chart.layout import Layout, ManualLayout
from openpyxl.chart.legend import Legend
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from qa_desk.reports.excel_style import BLUE, ORANGE

_COLOURS = (BLUE, ORANGE)


def _percent_axis(chart: LineChart | BarChart, title: str) -> None:
    chart.y_axis.title = title
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.majorUnit = 0.2
    chart.y_axis.majorGridlines = ChartLines()
    # openpyxl marks axes as deleted unless told otherwise; Excel then hides them
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = Legend()
    chart.legend.position = "b"


def line_chart(
    ws: WriteOnlyWorksheet,
    *,
    title: str,
    header_row: int,
    first_row: int,
    last_row: int,
    category_column: int,
    series_columns: list[int],
    anchor: str,
    x_title: str,
) -> LineChart:
    """A line per series column (its header row names it) over the categories, on ``ws``."""
    chart = LineChart()
    chart.title = title
    chart.height, chart.width = 9.0, 16.0
    for column in series_columns:
        data = Reference(ws, min_col=column, min_row=header_row, max_row=last_row)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(
        Reference(ws, min_col=category_column, min_row=first_row, max_row=last_row)
    )
    for index, series in enumerate(chart.series):
        colour = _COLOURS[index % len(_COLOURS)]
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 28575  # 2.25 pt
        series.marker.symbol = "circle" if index == 0 else "triangle"
        series.marker.size = 7
        series.marker.graphicalProperties.solidFill = colour
        series.marker.graphicalProperties.line.solidFill = colour
        series.smooth = False
        if index:
            series.graphicalProperties.line.dashStyle = "dash"
    _percent_axis(chart, "IQS")
    chart.x_axis.title = x_title
    ws.add_chart(chart, anchor)
    return chart


def bar_chart(
    ws: WriteOnlyWorksheet,
    *,
    title: str,
    header_row: int,
    first_row: int,
    last_row: int,
    category_column: int,
    series_columns: list[int],
    anchor: str,
) -> BarChart:
    """Horizontal bars per category, one bar per series column (its header row names it)."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.title = title
    chart.height = max(9.0, 3.0 + 1.1 * (last_row - first_row + 1))
    chart.width = 16.0
    for column in series_columns:
        data = Reference(ws, min_col=column, min_row=header_row, max_row=last_row)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(
        Reference(ws, min_col=category_column, min_row=first_row, max_row=last_row)
    )
    for index, series in enumerate(chart.series):
        colour = _COLOURS[index % len(_COLOURS)]
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
        if index:
            series.graphicalProperties.pattFill = None
    _percent_axis(chart, "Score")
    chart.x_axis.scaling.orientation = "maxMin"  # first criterion on top, as in the table
    chart.gapWidth = 60
    chart.plot_area.layout = Layout(manualLayout=ManualLayout(x=0.35, w=0.6))
    ws.add_chart(chart, anchor)
    return chart
