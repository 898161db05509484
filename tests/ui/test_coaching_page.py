"""The Coaching page on the hand-computed data set (tests/test_analytics_data.py): Dana's reviews
D1–D5 score 100, 37.5, 0 (critical), 55, 100 (2, 3, 10 March; 6, 7 April), Eve's E1–E3 85, 100,
65, both in Tier 1."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtWidgets import QDialogButtonBox

from qa_desk.coaching import open_action_items, sessions_of_agent
from qa_desk.progress import never_cancelled, no_progress
from tests.test_analytics_data import Ids, build
from ui.analysis.review_viewer import ReviewViewerDialog
from ui.coaching.coaching_page import CoachingPage
from ui.coaching.page_data import load_agent_page
from ui.coaching.session_dialog import SessionDialog
from ui.coaching.summary_view import number
from ui.operations import wait_for_idle

MARCH_APRIL = (date(2026, 3, 1), date(2026, 4, 30))


@pytest.fixture
def data(db, data_dir) -> Ids:
    return build(db, data_dir)


@pytest.fixture
def page(qtbot, context, data):
    page = CoachingPage(context)
    qtbot.addWidget(page)
    page.resize(1300, 850)
    page.show()
    yield page
    wait_for_idle()


def show(qtbot, page: CoachingPage, agent_id: int, period: tuple[date, date]) -> None:
    """Pick the agent and a custom period, and wait until the figures are on screen."""
    page.select_agent(agent_id)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.period_picker.set_range(*period)
    assert page.data is not None and page.data.agent_id == agent_id


def test_picking_an_agent_shows_the_quality_score_and_its_n(qtbot, page, data):
    assert page.agent_combo.itemText(0) == "Dana"  # agents by name
    show(qtbot, page, data.agents["Dana"], MARCH_APRIL)
    assert page.summary.text("iqs").startswith("58.5 %")
    assert "n = 5 reviews" in page.summary.text("iqs")
    assert page.summary.text("critical").startswith("1 ")
    assert page.summary.text("pass_rate").startswith("40 %")
    assert page.reviews_table.model().rowCount() == 5
    assert page.tabs.tabText(0) == "Reviews (5)"
    assert page.title_label.text().startswith("Dana · Tier 1 ·")

    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.select_agent(data.agents["Eve"])
    assert page.summary.text("iqs").startswith("83.3 %")  # (85 + 100 + 65) / 3
    assert "n = 3 reviews" in page.summary.text("iqs")
    assert page.reviews_table.model().rowCount() == 3


def test_the_change_against_the_previous_period(qtbot, page, data):
    show(qtbot, page, data.agents["Dana"], (date(2026, 4, 1), date(2026, 4, 30)))
    assert page.summary.text("iqs").startswith("77.5 %")  # D4, D5
    # the 30 days before: 2–31 March holds D1, D2, D3 (137.5 / 3 = 45.8)
    change = page.summary.text("change")
    assert change.startswith("▲ +31.7 pts") and "45.8 % (n = 3)" in change


def test_the_trend_chart_has_a_point_per_month_with_reviews(qtbot, page, data):
    show(qtbot, page, data.agents["Dana"], MARCH_APRIL)
    chart = page.trend_chart
    # the trend reaches back six months (November), but Dana's first review is in March: the
    # empty months before it are left out
    assert chart.starts == [date(2026, 3, 1), date(2026, 4, 1)]
    points = [(p.x(), round(p.y(), 2)) for p in chart.iqs_series.points()]
    assert points == [(0.0, 45.83), (1.0, 77.5)]  # March: 100, 37.5, 0; April: 55, 100
    team = [(p.x(), round(p.y(), 2)) for p in chart.team_series.points()]
    assert team == [(0.0, 64.5), (1.0, 73.33)]  # Tier 1 with Eve's reviews
    assert len(chart.band_series) == 1  # one run of months with an interval
    assert "n = 3 reviews" in chart.describe(0)
    assert chart.stack.currentWidget() is chart.view


def test_the_trend_keeps_earlier_months_from_the_first_review_on(qtbot, page, data):
    # April alone: March had reviews, so it stays as the month before; November to February,
    # empty, do not
    show(qtbot, page, data.agents["Dana"], (date(2026, 4, 1), date(2026, 4, 30)))
    assert page.trend_chart.starts == [date(2026, 3, 1), date(2026, 4, 1)]
    # Eve has no review in May or June, but in March and April: those stay before the period
    show(qtbot, page, data.agents["Eve"], (date(2026, 5, 1), date(2026, 6, 30)))
    assert page.trend_chart.starts[0] == date(2026, 3, 1)
    assert page.trend_chart.starts[-1] == date(2026, 6, 1)


def test_a_trend_without_reviews_covers_the_period_asked_for(db, data):
    page = load_agent_page(
        db, data.agents["Omar"], date(2026, 9, 1), date(2026, 10, 31), no_progress,
        never_cancelled,
    )  # fmt: skip
    assert [p.start for p in page.trend.points] == [date(2026, 9, 1), date(2026, 10, 1)]


def test_the_criteria_chart_marks_the_team(qtbot, page, data):
    show(qtbot, page, data.agents["Dana"], MARCH_APRIL)
    chart = page.criteria_chart
    assert [c.criterion for c in chart.criteria] == ["greeting", "tone", "data_protection"]
    # bars are drawn bottom-up: data protection (3 of 4), tone (70), greeting (4 of 5)
    assert [chart.bar_set.at(i) for i in range(3)] == [75.0, 70.0, 80.0]
    assert chart.labels[1] == "Tone (n = 5)"
    assert round(chart.team_series.at(1).x(), 2) == 75.0  # Tier 1's tone
    assert chart.note.isVisibleTo(page)  # data protection has 4 ratings, fewer than 5
    # a score is rounded as the Focus areas tab writes it: 81.25 → 81.3 (Python's round: 81.2)
    chart.set_criteria([replace(chart.criteria[0], score=81.25)], 5)
    assert chart.bar_set.at(0) == 81.3 == float(number(81.25))


def test_opening_a_review_shows_its_ratings_and_comments(qtbot, page, data):
    show(qtbot, page, data.agents["Dana"], MARCH_APRIL)
    table = page.reviews_table
    row = table.row_of(data.reviews["D4"])
    rect = table.visualRect(table.model().index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialogs = page.findChildren(ReviewViewerDialog)
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.addWidget(dialog)
    panel = dialog.scoring_panel
    assert panel.rows["tone"].value == "2"
    assert panel.rows["tone"].comment_box.text() == "Impatient again."
    assert panel.rows["tone"].comment_box.isVisibleTo(dialog)
    assert panel.rows["greeting"].value == "pass"
    assert panel.score_label.text() == "55.0 %"
    assert "Reviewed by Sam" in dialog.meta_label.text()
    assert dialog.transcript.model.rowCount() == 2  # the conversation is there too
    assert dialog.reading is not None and dialog.reading.review.score == pytest.approx(55.0)
    dialog.close()


def test_a_review_comment_opens_from_the_focus_areas(qtbot, page, data):
    show(qtbot, page, data.agents["Dana"], MARCH_APRIL)
    focus = page.focus_view
    text = focus.toPlainText()
    assert "No verification before sharing the order." in text
    assert "impatient" in text and "2 ×" in text  # root causes counted
    assert focus.review_links[0] == data.reviews["D3"]  # lowest first: the critical fail
    with qtbot.waitSignal(focus.sig_open_review) as opened:
        focus.anchorClicked.emit(QUrl(f"review:{data.reviews['D3']}"))
    assert opened.args == [data.reviews["D3"]]
    for dialog in page.findChildren(ReviewViewerDialog):
        dialog.close()


def save(dialog: SessionDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_a_session_is_stored_and_its_open_items_come_up_in_the_next(qtbot, db, page, data):
    dana = data.agents["Dana"]
    show(qtbot, page, dana, MARCH_APRIL)
    dialog = page.new_session()
    assert dialog is not None and dialog.coach_label.text() == "Rita Reviewer"
    reviews = dialog.reviews_table
    model = reviews.source
    for label in ("D3", "D4"):
        index = reviews.proxy.index(reviews.row_of(data.reviews[label]), 0)
        assert reviews.proxy.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    dialog.notes_box.setPlainText("Identity checks and tone.")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    dialog.items_table.item(0, 0).setText("Verify identity before sharing order details")
    dialog.items_table.item(0, 1).setText("Dana")
    dialog.items_table.set_due(0, date(2026, 5, 8))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    dialog.items_table.item(1, 0).setText("Shadow a senior agent")
    with qtbot.waitSignal(dialog.finished):
        save(dialog)
    assert sorted(model.checked_ids()) == sorted([data.reviews["D3"], data.reviews["D4"]])

    with db.reader() as session:
        (stored,) = sessions_of_agent(session, dana)
    assert stored.coach_name == "Rita Reviewer" and stored.notes == "Identity checks and tone."
    assert set(stored.review_ids) == {data.reviews["D3"], data.reviews["D4"]}
    assert [(i.text, i.owner, i.due_on) for i in stored.action_items] == [
        ("Verify identity before sharing order details", "Dana", date(2026, 5, 8)),
        ("Shadow a senior agent", None, None),
    ]
    # the page shows the open items and the session at once
    assert [i.text for i in page.items_view.items] == [i.text for i in stored.action_items]
    assert len(page.sessions_view.sessions) == 1

    following = page.new_session()
    assert following is not None
    earlier = [
        following.earlier_table.item(row, 1).text()
        for row in range(following.earlier_table.rowCount())
    ]
    assert len(earlier) == 2 and earlier[0].startswith("Verify identity before sharing")
    following.date_edit.setDate(QDate(2026, 5, 20))
    following.carry_over(0)  # due 8 May, past on 20 May: carried without it, not born overdue
    assert following.items_table.drafts()[0].due_on is None
    following.items_table.set_due(0, date(2026, 6, 1))  # a new due day for it in this session
    following.earlier_table.item(1, 0).setCheckState(Qt.CheckState.Checked)  # shadowing done
    with qtbot.waitSignal(following.finished):
        save(following)
    with db.reader() as session:
        still_open = open_action_items(session, dana)
    assert [(i.text, i.due_on) for i in still_open] == [
        ("Verify identity before sharing order details", date(2026, 6, 1))
    ]
    assert [i.text for i in page.items_view.items] == [
        "Verify identity before sharing order details"
    ]


def test_ticking_an_item_done_removes_it_from_the_open_list(qtbot, db, page, data):
    dana = data.agents["Dana"]
    show(qtbot, page, dana, MARCH_APRIL)
    dialog = page.new_session()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    dialog.items_table.item(0, 0).setText("Use the customer's name")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    dialog.items_table.item(1, 0).setText("Close with a summary")
    with qtbot.waitSignal(dialog.finished):
        save(dialog)
    view = page.items_view
    assert [i.text for i in view.items] == ["Use the customer's name", "Close with a summary"]
    view.entry(view.items[0].id).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: [i.text for i in view.items] == ["Close with a summary"])
    with db.reader() as session:
        assert [i.text for i in open_action_items(session, dana)] == ["Close with a summary"]
    assert page.tabs.tabText(2).startswith("Action items (1)")


def test_an_agent_without_reviews_in_the_period_says_what_to_do(qtbot, page, data):
    show(qtbot, page, data.agents["Omar"], (date(2026, 1, 1), date(2026, 1, 31)))
    assert page.left_pages.currentWidget() is page.no_reviews
    assert page.no_reviews.title.text() == "No reviews of Omar in this period"
    assert "Pick a longer period" in page.no_reviews.hint.text()
    assert page.reviews_table.model().rowCount() == 0
    assert page.new_session_button.isEnabled()  # a session needs no reviews


def test_export_writes_the_coaching_workbook(qtbot, page, data, data_dir):
    show(qtbot, page, data.agents["Dana"], MARCH_APRIL)
    path = data_dir / "coaching Dana.xlsx"
    with qtbot.waitSignal(page.sig_exported, timeout=20_000) as exported:
        page.export_to(path)
    assert exported.args[0].path == path
    page.export_box.close()
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", "Strengths & focus areas", "Reviews", "Action items"]
    summary = book["Summary"]
    assert summary["A1"].value == "Coaching report: Dana"
    rows = {row[0]: row for row in summary.iter_rows(values_only=True) if row[0]}
    assert rows["Dana"][1] == 5  # reviews
    assert rows["Dana"][2] == pytest.approx(0.585)  # IQS as a fraction, formatted as percent


def test_the_page_data_reads_without_a_window(db, data):
    page = load_agent_page(db, data.agents["Dana"], *MARCH_APRIL, lambda *_a: None, lambda: False)
    assert page.profile.quality.reviews == 5
    assert [p.period for p in page.trend.points][-2:] == ["2026-03", "2026-04"]
    assert page.open_items == [] and page.sessions == []


def test_a_database_without_agents_says_where_they_come_from(qtbot, context):
    page = CoachingPage(context)
    qtbot.addWidget(page)
    page.show()
    assert page.pages.currentWidget() is page.page_empty
    assert page.page_empty.title.text() == "No agents yet"
    assert "Import conversations" in page.page_empty.hint.text()
    assert not page.export_button.isEnabled() and not page.new_session_button.isEnabled()
