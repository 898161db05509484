"""What a usability review found on the Reports and Coaching pages, on the hand-computed data set
(tests/test_analytics_data.py): every number opens a dialog that states that number and shows what
makes it up; the period pickers show the preset a period matches; wide intervals are marked;
counts read "1 review", not "1 reviews"; the heat map's headers wrap; the Coaching page's labels
keep their distance."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, QPointF, Qt
from PySide6.QtGui import QStandardItemModel, QTextDocumentFragment
from PySide6.QtWidgets import QLabel

from qa_desk.coaching import ActionItemInfo, CoachingSessionInfo
from tests.test_analytics_data import Ids, build
from tests.ui.test_reports_page import reports_page
from ui.analysis.period_picker import PeriodPicker
from ui.coaching.coaching_page import CoachingPage
from ui.coaching.sessions_view import SessionsView
from ui.operations import wait_for_idle
from ui.reports import drill_down, figures
from ui.reports.csat_panel import spread
from ui.reports.drill_down import ReviewsBehind, read_behind
from ui.reports.figures import BEHIND_ROLE
from ui.reports.heat_map_view import CELL_WIDTH, HEADER_HEIGHTS, UpwardHeader, wrap_lines
from ui.reports.quality_model import CHANGE, CI, CRITICAL, IQS, NAME, PASS_RATE, REVIEWS
from ui.reports.reports_page import ReportsPage
from ui.reports.reviewer_model import MEDIAN_TIME
from ui.reports.reviews_behind_dialog import (
    PERIOD,
    RATING,
    RATING_COMMENT,
    RATING_PERCENT,
    TIME,
    ReviewsBehindDialog,
)

MARCH, APRIL, APRIL_END = date(2026, 3, 1), date(2026, 4, 1), date(2026, 4, 30)
TODAY = date(2026, 11, 23)


@pytest.fixture
def data(db, data_dir) -> Ids:
    return build(db, data_dir)


@pytest.fixture
def page(qtbot, context, data) -> ReportsPage:
    """The Reports page showing March and April 2026 for every team."""
    return reports_page(qtbot, context, MARCH, APRIL_END)


def opened(qtbot, page: ReportsPage, index: QModelIndex) -> ReviewsBehindDialog:
    """The dialog behind a cell, once it has read its reviews."""
    dialog = page.open_behind(index.data(BEHIND_ROLE))
    assert dialog is not None
    return read(qtbot, dialog)


def read(qtbot, dialog: ReviewsBehindDialog) -> ReviewsBehindDialog:
    qtbot.waitUntil(lambda: not dialog.summary.text().startswith("Reading"), timeout=10_000)
    return dialog


def said(dialog: ReviewsBehindDialog) -> str:
    """The dialog's summary as the user reads it (without the markup)."""
    return QTextDocumentFragment.fromHtml(dialog.summary.text()).toPlainText()


def quality_row(page: ReportsPage, *path: str) -> QModelIndex:
    view = page.quality_view
    model = view.model()
    parent = QModelIndex()
    for name in path:
        found = [model.index(r, NAME, parent) for r in range(model.rowCount(parent))]
        parent = next(index for index in found if index.data() == name)
    return parent


def heat_cell(page: ReportsPage, agent: str, criterion: str) -> QModelIndex:
    model = page.heat_map.table.model()
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == criterion
    )
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == agent)
    return model.index(row, column)


# --- 1. the dialog behind a number states it and shows what makes it up ----------------------


def test_the_worker_reads_each_reviews_rating_of_the_criterion_and_its_time(db, data):
    dana = ReviewsBehind(
        "Dana's tone", MARCH, APRIL_END, agent_id=data.agents["Dana"], criterion="tone",
        figure=drill_down.CRITERION,
    )  # fmt: skip
    found = read_behind(db, dana)
    assert [found.ratings[r.review_id].value for r in found.reviews] == ["5", "3", "4", "2", "5"]
    assert drill_down.criterion_score(found).mean == 70.0  # the heat map's cell
    assert drill_down.scores(found.reviews).mean == 58.5  # the review scores: another figure
    assert drill_down.median_time(found) == (300.0, 5)  # 300, 100, 200, 400, 500 seconds
    omar = read_behind(db, replace(dana, agent_id=data.agents["Omar"]))
    assert [r.review_id for r in omar.reviews] == [data.reviews["O2"]]  # O1 rated tone N/A
    april = read_behind(db, replace(dana, criterion=None, figure=drill_down.CHANGE))
    now, before = drill_down.change(april, APRIL)
    assert (now.n, now.mean, before.n) == (2, 77.5, 3)


def test_a_heat_map_cell_lists_the_criterions_ratings_whose_mean_it_is(qtbot, page, data):
    cell = heat_cell(page, "Dana", "Tone")
    assert cell.data() == "70"
    dialog = opened(qtbot, page, cell)
    # Dana's tone, oldest first: 5, 3, 4, 2, 5 on a 1–5 scale
    assert dialog.column_texts(RATING) == ["5", "3", "4", "2", "5"]
    assert dialog.column_texts(RATING_PERCENT) == ["100", "50", "75", "25", "100"]
    percents = [float(text) for text in dialog.column_texts(RATING_PERCENT)]
    assert sum(percents) / len(percents) == 70.0
    comments = dialog.column_texts(RATING_COMMENT)
    assert comments == ["", "Curt reply.", "", "Impatient again.", "Perfect tone."]
    assert "Dana on “Tone”: 70, the mean of the 5 ratings below in percent" in said(dialog)
    assert "41.7" not in said(dialog) and "mean score" not in said(dialog)


def test_a_criterion_cell_of_one_rating_and_the_everyone_row(qtbot, page):
    omar = heat_cell(page, "Omar", "Tone")
    assert omar.data() == "(25)"  # O2 rated 2; O1 rated tone N/A
    dialog = opened(qtbot, page, omar)
    assert dialog.column_texts(RATING_PERCENT) == ["25"]
    assert "Omar on “Tone”: 25, the mean of the 1 rating below" in said(dialog)
    everyone = heat_cell(page, "Everyone", "Tone")
    dialog = opened(qtbot, page, everyone)
    assert len(dialog.review_ids()) == 9 and "Everyone on “Tone”: 69" in said(dialog)


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        (REVIEWS, "5 scored reviews"),
        (IQS, "IQS 58.5"),
        (CI, "95% CI "),
        (PASS_RATE, "Pass rate 40 %: 2 of the 5 scored reviews below passed"),
        (CRITICAL, "1 critical fail,"),
    ],
)
def test_an_agents_number_is_stated_in_its_dialog(qtbot, page, column, expected):
    dana = quality_row(page, "Tier 1", "Dana")
    cell = dana.sibling(dana.row(), column)
    dialog = opened(qtbot, page, cell)
    assert expected in said(dialog)
    assert cell.data() in said(dialog)  # the very figure clicked


def test_a_change_names_both_periods_and_each_reviews_period(qtbot, context, data):
    page = reports_page(qtbot, context, APRIL, APRIL_END)
    tier_1 = quality_row(page, "Tier 1")
    cell = tier_1.sibling(tier_1.row(), CHANGE)
    assert cell.data() == "+8.8"  # April 73.3 (D4, D5, E3) against March 64.5 (D1–D3, E1, E2)
    dialog = opened(qtbot, page, cell)
    text = said(dialog)
    assert "Change +8.8 points: IQS 73.3 over 3 reviews" in text
    assert "against 64.5 over 5 reviews from" in text
    assert sorted(dialog.column_texts(PERIOD)) == ["Period before"] * 5 + ["This period"] * 3


def test_a_reviewers_median_time_lists_each_reviews_time(qtbot, page):
    page.tabs.setCurrentIndex(2)
    model = page.reviewer_view.model()
    sam = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Sam")
    cell = model.index(sam, MEDIAN_TIME)
    assert cell.data() == "5:50"  # 200, 400, 350, 150, 600 seconds
    dialog = opened(qtbot, page, cell)
    assert sorted(dialog.column_texts(TIME)) == ["10:00", "2:30", "3:20", "5:50", "6:40"]
    assert "Median time 5:50 over the 5 reviews that recorded a time" in said(dialog)


def test_the_summary_links_state_their_figures(qtbot, page):
    line = QTextDocumentFragment.fromHtml(page.summary.text()).toPlainText()
    assert "IQS 69.8" in line and "pass rate 50 %" in line and "1 critical fail ·" in line
    expected = {
        "iqs": "IQS 69.8",
        "pass": "Pass rate 50 %: 5 of the 10 scored reviews below passed",
        "critical": "1 critical fail,",
        "all": "10 scored reviews",
    }
    for link, text in expected.items():
        dialog = read(qtbot, page.open_behind(page.summary_behind(link)))
        assert text in said(dialog), link


def test_a_csat_point_states_the_quality_score_and_the_csat(qtbot, page, data):
    pair = next(p for p in page.csat.pairs if p.conversation_id == data.conversations["D2"])
    with qtbot.waitSignal(page.csat.sig_open_behind):
        page.csat._clicked(QPointF(pair.csat + spread(pair.conversation_id), pair.quality))
    dialog = read(qtbot, page.behind_dialog)
    assert "IQS 37.5" in said(dialog) and "rated the conversation 2 (CSAT)" in said(dialog)


# --- 2. a period that is a preset shows the preset ----------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "preset", "text"),
    [
        (date(2026, 10, 1), date(2026, 10, 31), "last-month", "Last month"),
        (date(2026, 8, 1), date(2026, 10, 31), "last-3-months", "Last 3 months"),
        (date(2026, 9, 1), TODAY, "month-and-2-before", "This month and the 2 before"),
        (date(2026, 11, 1), TODAY, "this-month", "This month"),
        (date(2026, 10, 2), date(2026, 10, 31), "custom", "Custom range"),
    ],
)
def test_a_period_shows_the_preset_it_matches(qtbot, first, last, preset, text):
    picker = PeriodPicker(today=lambda: TODAY)
    qtbot.addWidget(picker)
    with qtbot.waitSignal(picker.sig_period_changed) as signal:
        picker.set_period(first, last)
    assert signal.args == [first, last]
    assert (picker.preset(), picker.combo.currentText()) == (preset, text)
    assert picker.date_from.isEnabled() == (preset == "custom")


def test_the_latest_month_reads_last_month_on_the_reports_page(qtbot, page):
    page.period.today = lambda: date(2026, 5, 12)
    with qtbot.waitSignal(page.sig_loaded, timeout=20_000):
        page.period.set_period(date(2025, 1, 1), date(2025, 1, 31))
    with qtbot.waitSignal(page.sig_loaded, timeout=20_000):
        page.empty.button.click()  # the month of the latest review: April, last month on 12 May
    assert page.period.period() == (APRIL, APRIL_END)
    assert page.period.combo.currentText() == "Last month"


def test_both_pages_use_the_one_picker(qtbot, context, data, page):
    coaching = CoachingPage(context)
    qtbot.addWidget(coaching)
    assert type(coaching.period_picker) is type(page.period) is PeriodPicker
    assert coaching.period_picker.preset() == "month-and-2-before"
    coaching.period_picker.set_preset("last_3_months")  # the name the page remembered before
    assert coaching.period_picker.preset() == "month-and-2-before"
    wait_for_idle()


# --- 3. a wide interval over few reviews is marked, its numbers kept -----------------------------


def test_a_wide_interval_over_few_reviews_is_muted_with_a_note(page):
    dana = quality_row(page, "Tier 1", "Dana")  # 100, 37.5, 0, 55, 100
    cell = dana.sibling(dana.row(), CI)
    assert cell.data().endswith("–100.0")  # the numbers stay
    assert cell.data(Qt.ItemDataRole.ForegroundRole) == figures.muted_color()
    assert cell.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "Few reviews: the interval is wide." in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert not figures.wide_interval(12, 60.0, 95.0)  # enough reviews
    assert not figures.wide_interval(6, 80.0, 95.0)  # few, but narrow: nothing to warn of


def test_the_coaching_card_says_when_its_interval_is_wide(qtbot, context, data):
    coaching = CoachingPage(context)
    qtbot.addWidget(coaching)
    coaching.select_agent(data.agents["Dana"])
    with qtbot.waitSignal(coaching.sig_loaded, timeout=10_000):
        coaching.period_picker.set_period(MARCH, APRIL_END)
    card = coaching.summary.text("iqs")
    assert "n = 5 reviews" in card and "95% CI" in card
    assert "few reviews: the interval is wide" in card
    wait_for_idle()


# --- 4. counts read right in English -------------------------------------------------------------


def test_one_of_a_kind_reads_singular(qtbot, context, data):
    page = reports_page(qtbot, context, APRIL, APRIL_END)
    with qtbot.waitSignal(page.sig_loaded, timeout=20_000):
        page.team_combo.setCurrentIndex(page.team_combo.findData(data.teams["Tier 2"]))
    line = QTextDocumentFragment.fromHtml(page.summary.text()).toPlainText()
    assert "over 1 scored review of 1 agent ·" in line and "0 critical fails" in line

    action = ActionItemInfo(1, 1, date(2026, 4, 10), "Greet by name", None, None, None)
    session = CoachingSessionInfo(
        1, 1, "Dana", 1, "Cora", date(2026, 4, 10), "", (5,), (action,)
    )  # fmt: skip
    view = SessionsView()
    qtbot.addWidget(view)
    view.set_sessions([session])
    assert "1 review discussed · 1 action item (1 open)" in view.item(0).text()


# --- 6. heat-map headers wrap instead of cutting the name ----------------------------------------


def test_a_long_criterion_name_wraps_over_lines(page):
    metrics = page.heat_map.table.horizontalHeader().fontMetrics()
    name = "Greets the customer and introduces themself"
    width = metrics.horizontalAdvance(name) * 2 // 3
    lines = wrap_lines(name, metrics, width, 2)
    assert len(lines) == 2 and " ".join(lines) == name
    assert all(metrics.horizontalAdvance(line) <= width for line in lines)
    cut = wrap_lines(name, metrics, width // 2, 2)  # too long even on two lines: elided
    assert len(cut) == 2 and cut[-1].endswith("…")


def test_the_header_is_high_enough_for_the_longest_name(qtbot):
    long = "Keeps payment data and passwords out of the conversation"
    names = ["Agent", "Team", "Reviews", "Tone", long]
    model = QStandardItemModel(1, len(names))
    model.setHorizontalHeaderLabels(names)
    header = UpwardHeader()
    qtbot.addWidget(header)
    header.setModel(model)
    metrics = header.fontMetrics()
    lines = (CELL_WIDTH - 4) // metrics.lineSpacing()
    shown = wrap_lines(long, metrics, header.sizeHint().height() - 12, lines)
    assert " ".join(shown) == long  # nothing elided
    model.removeColumn(len(names) - 1)  # short names only: a lower header
    assert header.sizeHint().height() < HEADER_HEIGHTS[0] + 1


# --- 7. the Coaching page's labels keep their distance ------------------------------------------


def test_the_coaching_labels_do_not_touch_their_fields(qtbot, context, data):
    coaching = CoachingPage(context)
    qtbot.addWidget(coaching)
    coaching.resize(1300, 800)
    coaching.show()
    qtbot.waitExposed(coaching)
    labels = {label.buddy(): label for label in coaching.findChildren(QLabel) if label.buddy()}
    for field in (coaching.agent_combo, coaching.period_picker.combo):
        label = labels[field]
        gap = field.mapTo(coaching, field.rect().topLeft()).x() - label.geometry().right()
        assert gap >= 4
    wait_for_idle()
