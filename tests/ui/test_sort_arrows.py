"""Every sortable table draws its sort arrow the way its rows run: ▲ for ascending (smallest,
oldest, A first), ▼ for descending; Qt's own header draws them the other way round."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from tests.test_analytics_data import Ids, build
from tests.ui.header_arrows import arrow_points_up, ascending_arrow_points_up
from tests.ui.test_reports_page import APRIL_END, MARCH, reports_page
from ui.coaching.reviews_table import ReviewsTable
from ui.reports.heat_map_model import FIRST_CRITERION
from ui.reports.quality_model import IQS


@pytest.fixture
def data(db, data_dir) -> Ids:
    return build(db, data_dir)


def points_with_the_order(qtbot, header: QHeaderView, section: int) -> None:
    """Sorts by ``section`` both ways: ▲ ascending, ▼ descending."""
    assert header.isVisible() and header.sectionSize(section) > 0
    assert ascending_arrow_points_up(header, section)


def show_tab_of(page, widget) -> None:
    """Brings forward the tab of the Reports page that holds ``widget``."""
    while page.tabs.indexOf(widget) < 0:
        widget = widget.parentWidget()
    page.tabs.setCurrentWidget(widget)


def test_the_coaching_reviews_table_shows_newest_first_with_a_down_arrow(qtbot):
    table = ReviewsTable()
    qtbot.addWidget(table)
    table.resize(900, 300)
    table.show()
    header = table.horizontalHeader()
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder  # newest first
    assert not arrow_points_up(header, 0)
    points_with_the_order(qtbot, header, 0)


def test_the_reports_tables_and_heat_map_point_with_the_order(qtbot, context, data):
    page = reports_page(qtbot, context, MARCH, APRIL_END)
    page.show()
    show_tab_of(page, page.quality_view)
    points_with_the_order(qtbot, page.quality_view.header(), IQS)

    show_tab_of(page, page.reviewer_view)
    points_with_the_order(qtbot, page.reviewer_view.horizontalHeader(), 1)

    show_tab_of(page, page.heat_map)
    heat = page.heat_map.table.horizontalHeader()
    points_with_the_order(qtbot, heat, 0)  # the agents' names
    points_with_the_order(qtbot, heat, FIRST_CRITERION)  # a criterion, its name drawn upwards

    show_tab_of(page, page.autoqa)
    points_with_the_order(qtbot, page.autoqa.table.horizontalHeader(), 1)
