"""What a usability review of the review workspace found: comments lost on Ctrl+Enter, rating keys
ignored right after picking a queue row, a queue too narrow to read, a clipped context panel, sort
arrows pointing the wrong way, mixed score formats and "1 drafts"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from qa_desk.db.models import Rating, Review
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric
from tests.helpers import RUBRIC_YAML, conversation
from tests.ui.header_arrows import arrow_points_up
from tests.ui.test_review_keyboard import press
from ui.review.queue_page import QueuePage


@pytest.fixture
def page(qtbot, context, db, import_conversations):
    with db.session() as session:
        add_rubric(session, load_rubric_text(RUBRIC_YAML, "test.yaml"))
    ids = import_conversations(
        [
            conversation(
                "T-1",
                [("customer", "2026-03-02T09:00:00Z", "Where is my parcel?")],
                subject="Parcel 40126746 not delivered after two weeks",
            ),
            conversation("T-2", [("customer", "2026-03-01T09:00:00Z", "Older question")]),
            conversation("T-3", [("customer", "2026-02-27T09:00:00Z", "Oldest question")]),
        ]
    )
    queue = QueuePage(context)
    qtbot.addWidget(queue)
    queue.resize(1262, 820)  # the page's room in a 1440 × 900 window
    with qtbot.waitActive(queue):
        queue.show()
        queue.activateWindow()
    queue.ids = ids  # type: ignore[attr-defined]
    return queue


def saved(db, external_id=None):
    """{criterion: (value, comment)} and the review's status and comment, as stored."""
    with db.reader() as session:
        review = session.scalars(select(Review).order_by(Review.id.desc())).first()
        if review is None:
            return None
        ratings = {
            r.criterion_id: (r.value, r.comment)
            for r in session.scalars(select(Rating).where(Rating.review_id == review.id))
        }
        return review.status, review.comment, ratings


def rate_all_and_comment_the_last(qtbot, page, note):
    page.context.open_conversation(page.ids["T-1"])
    press(qtbot, Qt.Key.Key_2)  # greeting: pass
    press(qtbot, Qt.Key.Key_4)  # tone: 4
    press(qtbot, Qt.Key.Key_2)  # data protection: pass
    panel = page.workspace.scoring_panel
    panel.set_current("data_protection")
    press(qtbot, Qt.Key.Key_C)
    assert QApplication.focusWidget() is panel.rows["data_protection"].comment_box
    qtbot.keyClicks(QApplication.focusWidget(), note)


# --- 1. a comment being typed is never lost ----------------------------------------------------


def test_ctrl_enter_keeps_the_criterion_comment_being_typed(qtbot, page, db):
    rate_all_and_comment_the_last(qtbot, page, "criterion note here")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # at once, no pause
    status, _comment, ratings = saved(db)
    assert status == "submitted"
    assert ratings["data_protection"] == ("pass", "criterion note here")
    assert page.workspace.state.detail.external_id == "T-2"  # and on to the next


def test_the_submit_button_keeps_the_criterion_comment_being_typed(qtbot, page, db):
    rate_all_and_comment_the_last(qtbot, page, "clicked, not keyed")
    page.workspace.submit_button.click()
    assert saved(db)[2]["data_protection"] == ("pass", "clicked, not keyed")


def test_opening_another_conversation_keeps_both_comments_of_the_draft(qtbot, page, db):
    rate_all_and_comment_the_last(qtbot, page, "half a thought")
    workspace = page.workspace
    workspace.comment_box.setPlainText("Overall, friendly.")  # typed, not yet saved
    page.context.open_conversation(page.ids["T-2"])  # e.g. "Review" in the conversation browser
    status, comment, ratings = saved(db)
    assert (status, comment) == ("draft", "Overall, friendly.")
    assert ratings["data_protection"] == ("pass", "half a thought")

    page.context.open_conversation(page.ids["T-1"])  # back: the draft shows what was typed
    row = workspace.scoring_panel.rows["data_protection"]
    assert row.comment_box.text() == "half a thought"
    assert workspace.comment_box.toPlainText() == "Overall, friendly."


def test_picking_another_queue_row_with_the_keyboard_keeps_the_comment(qtbot, page, db):
    rate_all_and_comment_the_last(qtbot, page, "typed, then Down in the queue")
    # the queue row changes without the comment box losing the focus first (as a program would)
    page.table.selectRow(page.model.row_of(page.ids["T-2"]))
    assert page.workspace.state.detail.external_id == "T-2"
    assert saved(db)[2]["data_protection"] == ("pass", "typed, then Down in the queue")


def test_leaving_the_page_or_closing_saves_the_comment_being_typed(qtbot, page, db):
    rate_all_and_comment_the_last(qtbot, page, "before switching pages")
    page.hide()  # another page of the window is shown
    assert saved(db)[2]["data_protection"] == ("pass", "before switching pages")
    page.show()
    row = page.workspace.scoring_panel.rows["data_protection"]
    row.comment_box.setFocus()
    qtbot.keyClicks(row.comment_box, ", and before closing")
    page.save_state()  # what the main window does when it closes
    assert saved(db)[2]["data_protection"] == (
        "pass",
        "before switching pages, and before closing",
    )


# --- 2. rating keys work right after picking a queue row ---------------------------------------


def click_row(qtbot, page, external_id):
    row = page.model.row_of(page.ids[external_id])
    rect = page.table.visualRect(page.model.index(row, 1))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_number_keys_rate_right_after_clicking_a_queue_row(qtbot, page, db):
    click_row(qtbot, page, "T-2")
    workspace = page.workspace
    assert workspace.state.detail.external_id == "T-2"
    assert QApplication.focusWidget() is page.table  # ↑↓ still walk the queue
    press(qtbot, Qt.Key.Key_2)  # the first criterion: pass
    press(qtbot, Qt.Key.Key_4)  # and the keyboard is now in the rubric: tone 4
    assert saved(db)[2] == {"greeting": ("pass", None), "tone": ("4", None)}
    assert QApplication.focusWidget() is workspace.scoring_panel.rows["data_protection"]


def test_a_number_key_in_the_queue_rates_the_first_unrated_criterion_of_a_draft(qtbot, page, db):
    page.context.open_conversation(page.ids["T-3"])
    press(qtbot, Qt.Key.Key_1)  # greeting: fail; now on tone
    click_row(qtbot, page, "T-1")
    click_row(qtbot, page, "T-3")  # back to the draft: tone is the first unrated
    press(qtbot, Qt.Key.Key_N)  # N/A
    assert saved(db)[2] == {"greeting": ("fail", None), "tone": ("NA", None)}


def test_the_queue_says_how_to_rate_from_it(page):
    hint = page.hint_label.text()
    assert "1–9" in hint and "Enter" in hint
    assert page.hint_label.isVisible()


# --- 5. sort arrows point the way the rows run -------------------------------------------------


def test_the_conversation_browser_shows_newest_first_with_a_down_arrow(qtbot, context, page):
    from ui.browser.conversations_page import ConversationsPage

    browser = ConversationsPage(context)
    qtbot.addWidget(browser)
    browser.resize(1200, 600)
    browser.show()
    header = browser.table.horizontalHeader()
    section = header.sortIndicatorSection()
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder  # newest first
    assert not arrow_points_up(header, section)  # ▼
    header.setSortIndicator(section, Qt.SortOrder.AscendingOrder)
    assert arrow_points_up(header, section)  # ▲: oldest first


# --- plurals -----------------------------------------------------------------------------------


def test_counts_read_right_for_one(qtbot, page):
    page.context.open_conversation(page.ids["T-1"])
    press(qtbot, Qt.Key.Key_2)  # one rating: a draft
    assert page.counts_label.text() == "0 done · 3 to do (1 draft)"
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    text = page.workspace.message_bar.label.text()
    assert "“Tone” is not rated yet. One more criterion is not rated either." in text


# --- 3 and 4. the queue and the context are readable at 1440 × 900 and 1280 × 800 ---------------


@pytest.mark.parametrize("width", [1262, 1102])  # the page's room in a 1440 and a 1280 window
def test_the_queue_subject_and_the_context_values_are_whole(qtbot, page, width):
    page.resize(width, 780)
    qtbot.wait(50)
    page.context.open_conversation(page.ids["T-1"])
    table = page.table
    subject = table.columnWidth(page.model.COLUMNS.index("subject"))
    assert subject >= table.fontMetrics().averageCharWidth() * 15
    shown = table.shown_columns()
    assert shown[:2] == ["status", "subject"]
    assert sum(table.columnWidth(page.model.COLUMNS.index(c)) for c in shown) <= (
        table.viewport().width()
    )  # nothing pushed out of view
    if width >= 1262:
        assert shown == ["status", "subject", "agent", "started"]
    tip = page.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "Dana Smith" in tip  # what a hidden column would say

    panel = page.workspace.context_panel
    for key in ("started", "ended", "team", "agent"):
        label = panel.values[key]
        wanted = label.fontMetrics().horizontalAdvance(label.text())
        assert label.width() >= wanted or label.wordWrap(), (key, label.text())
    workspace = page.workspace
    transcript, side = workspace.splitter.sizes()
    assert transcript >= 280 and side >= 340


def test_with_assignments_the_reason_shows_and_no_column_is_cut(qtbot, page):
    page.table.reason_shown = True
    page.table.fit_columns()
    shown = page.table.shown_columns()
    assert shown[:3] == ["status", "reason", "subject"]
    widths = sum(page.table.columnWidth(page.model.COLUMNS.index(c)) for c in shown)
    assert widths <= page.table.viewport().width()
