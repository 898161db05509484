"""A review done with the keyboard alone: one key per criterion, Ctrl+Enter to submit and move on,
Ctrl+Z and Ctrl+Shift+Z to undo and redo rating changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from qa_desk.db.models import Rating, Review
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric
from tests.helpers import conversation
from ui.review.queue_page import QueuePage

TEN_CRITERIA = """
id: ten
name: Ten criteria
pass_threshold: 80
sections:
  - id: opening
    name: Opening
    criteria:
      - {id: c1, name: Greets the customer, scale: binary}
      - {id: c2, name: Understands the need, scale: {points: [1, 5]}, weight: 3, root_causes: [misread]}
      - {id: c3, name: Tone, scale: {labels: [poor, fair, good, great]}, weight: 2}
  - id: resolution
    name: Resolution
    criteria:
      - {id: c4, name: Correct answer, scale: {points: [1, 3]}}
      - {id: c5, name: Offers a refund, scale: binary, allow_na: true}
      - {id: c6, name: Verifies identity, scale: binary, critical: true}
      - {id: c7, name: Sets expectations, scale: {labels: [missing, vague, clear]}}
      - {id: c8, name: Uses the right macro, scale: {points: [1, 4]}}
      - {id: c9, name: Checks the order history, scale: binary}
      - {id: c10, name: Explains the delay, scale: {points: [1, 5]}, allow_na: true}
"""


@pytest.fixture
def page(qtbot, context, db, import_conversations):
    with db.session() as session:
        add_rubric(session, load_rubric_text(TEN_CRITERIA, "ten.yaml"))
    ids = import_conversations(
        [
            conversation("T-1", [("customer", "2026-03-02T09:00:00Z", "Where is my parcel?")]),
            conversation("T-2", [("customer", "2026-03-01T09:00:00Z", "Older question")]),
        ]
    )
    queue = QueuePage(context)
    qtbot.addWidget(queue)
    queue.resize(1300, 800)
    with qtbot.waitActive(queue):
        queue.show()
        queue.activateWindow()
    queue.ids = ids  # type: ignore[attr-defined]
    return queue


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    """Press a key on whatever has the keyboard focus, as a user would."""
    focused = QApplication.focusWidget()
    assert focused is not None, "nothing has the keyboard focus"
    qtbot.keyClick(focused, key, modifier)


def ratings_in_db(db, status=None):
    with db.reader() as session:
        query = select(Rating.criterion_id, Rating.value).join(Review)
        if status:
            query = query.where(Review.status == status)
        return dict(session.execute(query).all())


def test_a_ten_criterion_review_takes_one_key_per_criterion_and_one_to_submit(qtbot, page, db):
    page.context.open_conversation(page.ids["T-1"])
    keys = [
        Qt.Key.Key_2,  # c1 pass
        Qt.Key.Key_4,  # c2 4
        Qt.Key.Key_3,  # c3 good
        Qt.Key.Key_3,  # c4 3
        Qt.Key.Key_N,  # c5 N/A
        Qt.Key.Key_2,  # c6 pass
        Qt.Key.Key_3,  # c7 clear
        Qt.Key.Key_4,  # c8 4
        Qt.Key.Key_1,  # c9 fail
        Qt.Key.Key_0,  # c10 N/A
    ]
    for key in keys:
        press(qtbot, key)
    assert page.workspace.scoring_panel.score_label.text() == "78.0 %"
    assert "Fail" in page.workspace.scoring_panel.verdict_label.text()
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    with db.reader() as session:
        review = session.scalars(select(Review)).one()
        ratings = {r.criterion_id: r.value for r in review.ratings}
        assert review.conversation_id == page.ids["T-1"]
        assert review.status == "submitted" and review.submitted_at is not None
        assert review.time_spent_seconds is not None and review.time_spent_seconds > 0
        assert review.score == pytest.approx(100 * (1 + 2.25 + 2 * 2 / 3 + 1 + 1 + 1 + 1) / 11)
        assert review.passed is False and review.critical_fail is False
    assert ratings == {
        "c1": "pass", "c2": "4", "c3": "good", "c4": "3", "c5": "NA", "c6": "pass",
        "c7": "clear", "c8": "4", "c9": "fail", "c10": "NA",
    }  # fmt: skip
    # the next conversation of the queue is open, ready for the first key
    workspace = page.workspace
    assert workspace.state.detail.external_id == "T-2"
    assert workspace.state.status == "new"
    assert QApplication.focusWidget() is workspace.scoring_panel.rows["c1"]
    assert page.counts_label.text().startswith("1 done · 1 to do")


def test_submit_with_an_unrated_criterion_points_at_it(qtbot, page, db):
    page.context.open_conversation(page.ids["T-1"])
    press(qtbot, Qt.Key.Key_2)
    press(qtbot, Qt.Key.Key_Down)  # skip c2
    press(qtbot, Qt.Key.Key_4)  # c3 great
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    workspace = page.workspace
    assert workspace.message_bar.isVisible()
    assert "“Understands the need” is not rated yet" in workspace.message_bar.label.text()
    assert "7 more criteria" in workspace.message_bar.label.text()
    assert workspace.scoring_panel.current_criterion() == "c2"
    assert QApplication.focusWidget() is workspace.scoring_panel.rows["c2"]
    assert workspace.state.detail.external_id == "T-1"  # still here
    with db.reader() as session:
        assert session.scalars(select(Review.status)).one() == "draft"
    assert ratings_in_db(db) == {"c1": "pass", "c3": "great"}


def test_moving_with_j_k_and_arrows_and_deleting_a_rating(qtbot, page, db):
    page.context.open_conversation(page.ids["T-1"])
    panel = page.workspace.scoring_panel
    press(qtbot, Qt.Key.Key_J)
    press(qtbot, Qt.Key.Key_J)
    assert panel.current_criterion() == "c3"
    press(qtbot, Qt.Key.Key_K)
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Up)  # stays on the first
    assert panel.current_criterion() == "c1"
    press(qtbot, Qt.Key.Key_1)
    assert ratings_in_db(db) == {"c1": "fail"}
    press(qtbot, Qt.Key.Key_9)  # c2 has five points: nothing happens
    press(qtbot, Qt.Key.Key_0)  # and no N/A
    assert panel.current_criterion() == "c2" and ratings_in_db(db) == {"c1": "fail"}
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Delete)
    assert ratings_in_db(db) == {}
    assert panel.rows["c1"].value is None


def test_c_goes_to_the_criterion_comment_and_enter_comes_back(qtbot, page, db):
    page.context.open_conversation(page.ids["T-1"])
    panel = page.workspace.scoring_panel
    press(qtbot, Qt.Key.Key_2)  # c1 pass, now on c2
    press(qtbot, Qt.Key.Key_2)  # c2 = 2: low, root causes offered
    assert panel.rows["c2"].chip_box.isVisibleTo(panel)
    press(qtbot, Qt.Key.Key_K)
    press(qtbot, Qt.Key.Key_C)
    assert QApplication.focusWidget() is panel.rows["c2"].comment_box
    qtbot.keyClicks(QApplication.focusWidget(), "Asked twice for the order number")
    press(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is panel.rows["c2"]
    with db.reader() as session:
        rating = session.scalars(select(Rating).where(Rating.criterion_id == "c2")).one()
        assert (rating.value, rating.comment) == ("2", "Asked twice for the order number")


def test_undo_and_redo_rating_changes_with_the_edit_shortcuts(qtbot, page, db, context):
    # the main window puts these actions in its Edit menu
    undo = context.undo_group.createUndoAction(page)
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = context.undo_group.createRedoAction(page)
    redo.setShortcut(QKeySequence("Ctrl+Shift+Z"))
    page.addAction(undo)
    page.addAction(redo)
    page.context.open_conversation(page.ids["T-1"])
    assert context.undo_group.activeStack() is page.workspace.undo_stack

    press(qtbot, Qt.Key.Key_2)
    press(qtbot, Qt.Key.Key_4)
    press(qtbot, Qt.Key.Key_K)
    press(qtbot, Qt.Key.Key_5)  # c2 changed from 4 to 5
    assert ratings_in_db(db) == {"c1": "pass", "c2": "5"}

    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ratings_in_db(db) == {"c1": "pass", "c2": "4"}
    assert page.workspace.scoring_panel.rows["c2"].value == "4"
    assert QApplication.focusWidget() is page.workspace.scoring_panel.rows["c2"]
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ratings_in_db(db) == {}
    assert page.workspace.scoring_panel.ratings() == {}
    press(
        qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
    )
    assert ratings_in_db(db) == {"c1": "pass"}
    assert page.workspace.scoring_panel.rows["c1"].value == "pass"


def test_ctrl_enter_in_the_overall_comment_saves_it_and_submits(qtbot, page, db):
    page.context.open_conversation(page.ids["T-2"])
    for key in "2433" + "n" + "2334" + "2" + "0":
        press(qtbot, key)
    workspace = page.workspace
    workspace.comment_box.setFocus()
    qtbot.keyClicks(workspace.comment_box, "Clear and kind.")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with db.reader() as session:
        review = session.scalars(select(Review)).one()
        assert (review.status, review.comment) == ("submitted", "Clear and kind.")
    assert workspace.state.detail.external_id == "T-1"
    assert workspace.comment_box.toPlainText() == ""
