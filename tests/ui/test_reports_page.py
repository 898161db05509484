"""The Reports page on the small hand-computed data set (tests/test_analytics_data.py): quality per
team and agent, sorting, the heat map, the reviews behind a number, the CSAT scatter, the empty
state and the scorecard export."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QModelIndex, Qt

from qa_desk.reports.overview import ReportFilter, load_report
from tests.test_analytics_data import Ids, build
from ui.analysis.review_viewer import ReviewViewerDialog
from ui.reports.figures import BEHIND_ROLE
from ui.reports.heat_map_model import FIRST_CRITERION
from ui.reports.quality_model import CHANGE, CRITICAL, IQS, NAME, REVIEWS
from ui.reports.reports_page import ReportsPage
from ui.reports.reviews_behind_dialog import ReviewsBehindDialog

MARCH, APRIL_END = date(2026, 3, 1), date(2026, 4, 30)


@pytest.fixture
def data(db, data_dir) -> Ids:
    return build(db, data_dir)


def reports_page(qtbot, context, first: date, last: date) -> ReportsPage:
    """The page showing ``first`` to ``last`` for every team, once it has read them."""
    widget = ReportsPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    with qtbot.waitSignal(widget.sig_loaded, timeout=20_000):
        widget.period.set_period(first, last)
    return widget


@pytest.fixture
def page(qtbot, context, data) -> ReportsPage:
    """The page showing March and April 2026 for every team."""
    return reports_page(qtbot, context, MARCH, APRIL_END)


def rows(view, parent: QModelIndex | None = None) -> dict[str, QModelIndex]:
    """The view's rows by the text of their first column (children of ``parent``)."""
    model = view.model()
    parent = parent or QModelIndex()
    found = {}
    for row in range(model.rowCount(parent)):
        index = model.index(row, NAME, parent)
        found[index.data()] = index
    return found


def cell(index: QModelIndex, column: int) -> str:
    return index.sibling(index.row(), column).data()


def click(qtbot, view, index: QModelIndex) -> None:
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )


def listed(qtbot, page: ReportsPage) -> set[int]:
    """The review ids the "reviews behind" dialog lists, once it has read them."""
    dialog = page.behind_dialog
    assert isinstance(dialog, ReviewsBehindDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0 or "No reviews" in dialog.summary.text())
    return set(dialog.review_ids())


def test_the_worker_function_adds_up_teams_agents_and_the_previous_period(db, data):
    report = load_report(db, ReportFilter(date(2026, 4, 1), APRIL_END))
    assert (report.previous_from, report.previous_to) == (MARCH, date(2026, 3, 31))
    teams = {t.name: t for t in report.teams}
    tier_1 = teams["Tier 1"]  # April: D4 55, D5 100, E3 65; March: 100, 37.5, 0, 85, 100
    assert tier_1.stats.reviews == 3 and tier_1.stats.iqs == pytest.approx(220 / 3)
    assert tier_1.previous.iqs == pytest.approx(64.5)
    assert tier_1.change.value == pytest.approx(220 / 3 - 64.5)
    assert [a.name for a in tier_1.agents] == ["Dana", "Eve"]
    assert report.overall.stats.reviews == 4 and report.overall.stats.iqs == pytest.approx(68.75)
    assert len(report.csat_pairs) == 4  # D4, D5, E3, O2 all have a CSAT


def test_the_table_shows_iqs_and_n_per_team_and_agent(page):
    view = page.quality_view
    teams = rows(view)
    assert set(teams) == {"Tier 1", "Tier 2"}
    tier_1 = teams["Tier 1"]
    assert cell(tier_1, REVIEWS) == "8"
    assert cell(tier_1, IQS) == "67.8"  # (100 + 37.5 + 0 + 55 + 100 + 85 + 100 + 65) / 8
    assert cell(tier_1, CRITICAL) == "1"
    agents = rows(view, tier_1)
    assert cell(agents["Dana"], REVIEWS) == "5" and cell(agents["Dana"], IQS) == "58.5"
    assert cell(agents["Eve"], REVIEWS) == "3" and cell(agents["Eve"], IQS) == "83.3"
    omar = rows(view, teams["Tier 2"])["Omar"]
    assert (cell(omar, REVIEWS), cell(omar, IQS)) == ("2", "77.5")
    assert cell(omar, CHANGE) == "–"  # January and February had no reviews
    assert "IQS 69.8" in page.summary.text() and "10 scored reviews" in page.summary.text()


def test_sorting_orders_teams_and_agents_within_them(page):
    view = page.quality_view
    view.sortByColumn(IQS, Qt.SortOrder.AscendingOrder)
    assert list(rows(view)) == ["Tier 1", "Tier 2"]  # 67.8, 77.5
    assert list(rows(view, rows(view)["Tier 1"])) == ["Dana", "Eve"]  # 58.5, 83.3
    view.sortByColumn(IQS, Qt.SortOrder.DescendingOrder)
    assert list(rows(view)) == ["Tier 2", "Tier 1"]
    assert list(rows(view, rows(view)["Tier 1"])) == ["Eve", "Dana"]
    page.group_check.setChecked(False)  # one list of agents, sorted across teams
    view.sortByColumn(IQS, Qt.SortOrder.AscendingOrder)
    assert list(rows(view)) == ["Dana", "Omar", "Eve"]
    view.sortByColumn(REVIEWS, Qt.SortOrder.DescendingOrder)
    assert list(rows(view)) == ["Dana", "Eve", "Omar"]


def heat_map_cell(page: ReportsPage, agent: str, criterion: str) -> QModelIndex:
    table = page.heat_map.table
    model = table.model()
    names = [page.heat_map.model.headerData(c, Qt.Orientation.Horizontal) for c in range(
        model.columnCount())]  # fmt: skip
    column = next(c for c, n in enumerate(names) if n == criterion)
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == agent)
    return model.index(row, column)


def test_heat_map_cells_hold_the_criterion_score(page):
    assert page.heat_map.model.columnCount() == FIRST_CRITERION + 3
    # Dana's tone: 5, 3, 4, 2, 5 on a 1–5 scale → 1, .5, .75, .25, 1 → 70 %
    dana = heat_map_cell(page, "Dana", "Tone")
    assert dana.data() == "70"
    assert "n = 5" in dana.data(Qt.ItemDataRole.ToolTipRole)
    assert dana.data(Qt.ItemDataRole.BackgroundRole) is not None
    # Eve's tone: 4, 5, 4 → 83.3 %, three ratings: too few, shown muted in brackets, no colour
    eve = heat_map_cell(page, "Eve", "Tone")
    assert eve.data() == "(83)"
    assert eve.data(Qt.ItemDataRole.BackgroundRole) is None
    everyone = heat_map_cell(page, "Everyone", "Tone")
    assert everyone.row() == 0 and everyone.data() == "69"  # 625 / 9 over nine ratings


def test_clicking_a_number_lists_exactly_the_reviews_behind_it(qtbot, page, data):
    view = page.quality_view
    tier_1 = rows(view)["Tier 1"]
    dana = rows(view, tier_1)["Dana"]
    click(qtbot, view, dana.sibling(dana.row(), REVIEWS))
    assert listed(qtbot, page) == {data.reviews[f"D{i}"] for i in range(1, 6)}
    click(qtbot, view, tier_1.sibling(tier_1.row(), CRITICAL))
    assert listed(qtbot, page) == {data.reviews["D3"]}

    page.tabs.setCurrentIndex(1)
    omar_tone = heat_map_cell(page, "Omar", "Tone")
    click(qtbot, page.heat_map.table, omar_tone)
    assert listed(qtbot, page) == {data.reviews["O2"]}  # O1 rated tone N/A
    assert page.behind_dialog.model.rowCount() == 1

    page.tabs.setCurrentIndex(2)
    reviewers = page.reviewer_view
    model = reviewers.model()
    sam = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Sam")
    click(qtbot, reviewers, model.index(sam, 1))
    assert listed(qtbot, page) == {data.reviews[k] for k in ("D3", "D4", "E2", "E3", "O1")}


def test_double_click_or_enter_opens_the_review(qtbot, page, data):
    dana = rows(page.quality_view, rows(page.quality_view)["Tier 1"])["Dana"]
    dialog = page.open_behind(dana.sibling(dana.row(), IQS).data(BEHIND_ROLE))
    listed(qtbot, page)
    assert dialog.review_ids()[0] == data.reviews["D1"]  # oldest first
    rect = dialog.table.visualRect(dialog.table.model().index(0, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert isinstance(dialog.viewer, ReviewViewerDialog)
    assert dialog.viewer.review_id == data.reviews["D1"]
    dialog.table.setFocus()
    dialog.table.selectRow(2)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.viewer.review_id == data.reviews["D3"]


def test_the_scatter_has_a_point_per_conversation_with_csat_and_score(page, data):
    series = page.csat.points_series
    assert series.count() == 9  # every reviewed conversation but O1, which has no CSAT
    scores = sorted(round(p.y(), 2) for p in series.points())
    assert scores == sorted([100.0, 37.5, 0.0, 55.0, 100.0, 85.0, 100.0, 65.0, 55.0])
    assert "9 conversations" in page.csat.headline.text()
    assert "Spearman" in page.csat.headline.text()


def test_an_empty_period_says_so_and_offers_the_latest_month(qtbot, page):
    with qtbot.waitSignal(page.sig_loaded, timeout=20_000):
        page.period.set_period(date(2025, 1, 1), date(2025, 1, 31))
    assert page.stack.currentWidget() is page.empty
    assert not page.export_button.isEnabled()
    with qtbot.waitSignal(page.sig_loaded, timeout=20_000):
        page.empty.button.click()
    assert page.period.period() == (date(2026, 4, 1), APRIL_END)
    assert page.stack.currentWidget() is page.tabs
    assert page.data_set.overall.stats.reviews == 4


def test_the_team_filter_keeps_one_team(qtbot, page, data):
    index = page.team_combo.findData(data.teams["Tier 2"])
    with qtbot.waitSignal(page.sig_loaded, timeout=20_000):
        page.team_combo.setCurrentIndex(index)
    assert list(rows(page.quality_view)) == ["Tier 2"]
    assert page.csat.points_series.count() == 1  # O2


def test_export_writes_the_scorecard(qtbot, page, data_dir):
    path = data_dir / "scorecard.xlsx"
    with qtbot.waitSignal(page.sig_exported, timeout=60_000) as signal:
        page.export_scorecard(path)
    assert signal.args[0].reviews == 10
    book = load_workbook(path, read_only=True)
    assert "Agents" in book.sheetnames and "Criteria heat map" in book.sheetnames
    agents = [row[0] for row in book["Agents"].iter_rows(values_only=True)]
    assert {"Dana", "Eve", "Omar"} <= set(agents)
    book.close()
    assert "scorecard.xlsx" in page.status.text()


def test_a_click_on_an_agent_name_opens_nothing(qtbot, page):
    dana = rows(page.quality_view, rows(page.quality_view)["Tier 1"])["Dana"]
    click(qtbot, page.quality_view, dana)
    assert page.behind_dialog is None


def test_a_change_that_could_be_chance_is_greyed(qtbot, context, data):
    from ui.reports import figures

    april = reports_page(qtbot, context, date(2026, 4, 1), APRIL_END)
    tier_1 = rows(april.quality_view)["Tier 1"]  # +8.8 over 3 reviews against 5: could be chance
    change = tier_1.sibling(tier_1.row(), CHANGE)
    assert change.data() == "+8.8"
    assert change.data(Qt.ItemDataRole.ForegroundRole) == figures.muted_color()
    assert "could be chance" in change.data(Qt.ItemDataRole.ToolTipRole)
