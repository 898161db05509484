"""Scoring with the keyboard, the findings of a reviewer's fresh look: C opens a criterion's comment
even before it is rated and what is typed there stays text; the running score stays neutral until
every criterion is rated; "Edit review" can be taken back with "Cancel editing"."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from qa_desk.db.models import Rating, Review
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric
from tests.helpers import conversation
from tests.ui.test_review_keyboard import press
from tests.ui.test_review_workspace import make_page
from ui import theme

RUBRIC = """
id: keys
name: Keys rubric
pass_threshold: 80
sections:
  - id: main
    name: Main
    criteria:
      - {id: greeting, name: Greets the customer, scale: binary}
      - {id: expectations, name: Sets clear expectations, scale: binary, allow_na: true}
      - {id: tone, name: Tone, scale: {points: [1, 5]}, weight: 2}
      - {id: identity, name: Verifies identity, scale: binary, critical: true}
"""


@pytest.fixture
def page(qtbot, context, db, import_conversations):
    with db.session() as session:
        add_rubric(session, load_rubric_text(RUBRIC, "keys.yaml"))
    ids = import_conversations(
        [
            conversation("K-1", [("customer", "2026-03-02T09:00:00Z", "Where is my parcel?")]),
            conversation("K-2", [("customer", "2026-03-01T09:00:00Z", "Older question")]),
        ]
    )
    queue = make_page(qtbot, context)
    queue.context.open_conversation(ids["K-1"])
    queue.ids = ids  # type: ignore[attr-defined]
    return queue


def saved(db) -> dict[str, tuple[str, str | None]]:
    with db.reader() as session:
        rows = session.execute(select(Rating.criterion_id, Rating.value, Rating.comment))
        return {cid: (value, comment) for cid, value, comment in rows}


def reviews(db) -> list[tuple[str, int, bool]]:
    with db.reader() as session:
        query = select(Review.status, Review.revision, Review.is_current).order_by(Review.id)
        return [tuple(row) for row in session.execute(query)]


def test_c_on_an_unrated_criterion_opens_its_comment_and_typing_rates_nothing(qtbot, page, db):
    panel = page.workspace.scoring_panel
    press(qtbot, Qt.Key.Key_2)  # greeting: pass; now on "Sets clear expectations", unrated
    row = panel.rows["expectations"]
    press(qtbot, Qt.Key.Key_C)
    assert QApplication.focusWidget() is row.comment_box and row.comment_box.isVisible()
    assert row.comment_note.isVisible()  # says the comment is kept once rated
    # N would pick N/A, digits would rate, J/K and arrows would move: here they are text
    qtbot.keyClicks(row.comment_box, "No timeline given, 2 days, jk")
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Up)
    assert row.comment_box.text() == "No timeline given, 2 days, jk"
    assert QApplication.focusWidget() is row.comment_box
    assert row.value is None and panel.current_criterion() == "expectations"
    assert saved(db) == {"greeting": ("pass", None)}
    if os.environ.get("QA_DESK_KEYS_SHOTS"):
        qtbot.wait(100)
        page.grab().save(os.path.join(os.environ["QA_DESK_KEYS_SHOTS"], "keys-comment-unrated.png"))

    press(qtbot, Qt.Key.Key_Return)  # back to the rubric, then rate: the comment goes with it
    assert QApplication.focusWidget() is row
    press(qtbot, Qt.Key.Key_1)
    assert saved(db)["expectations"] == ("fail", "No timeline given, 2 days, jk")
    assert not row.comment_note.isVisible()
    assert panel.current_criterion() == "tone"


def test_keys_in_a_read_only_comment_move_nothing(qtbot, page, db):
    panel = page.workspace.scoring_panel
    panel.rows["greeting"].pick("pass")
    panel.set_current("greeting")
    press(qtbot, Qt.Key.Key_C)
    qtbot.keyClicks(QApplication.focusWidget(), "Warm")
    press(qtbot, Qt.Key.Key_Return)
    for key in "jn52":
        press(qtbot, key)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    page.context.open_conversation(page.ids["K-1"])  # submitted: read-only
    workspace = page.workspace
    greeting = panel.rows["greeting"]
    assert greeting.comment_box.text() == "Warm"
    greeting.comment_box.setFocus()
    for key in (Qt.Key.Key_J, Qt.Key.Key_1, Qt.Key.Key_Down):
        qtbot.keyClick(greeting.comment_box, key)
    assert panel.current_criterion() == "greeting" and greeting.value == "pass"
    assert workspace.state.status == "submitted"


def test_the_running_score_is_neutral_until_every_criterion_is_rated(qtbot, page):
    panel = page.workspace.scoring_panel
    default = panel.palette().color(QPalette.ColorRole.WindowText)
    press(qtbot, Qt.Key.Key_2)  # greeting pass
    press(qtbot, Qt.Key.Key_N)  # expectations N/A
    assert panel.score_label.text() == "100.0 %"
    assert panel.verdict_label.text() == "So far · pass mark 80 %"
    assert "Pass" not in panel.verdict_label.text()
    colour = panel.score_label.palette().color(QPalette.ColorRole.WindowText)
    assert colour == default and colour.name().upper() != theme.PASS.upper()
    if os.environ.get("QA_DESK_KEYS_SHOTS"):
        qtbot.wait(100)
        page.grab().save(os.path.join(os.environ["QA_DESK_KEYS_SHOTS"], "keys-so-far.png"))
    press(qtbot, Qt.Key.Key_5)  # tone
    assert "So far" in panel.verdict_label.text()
    press(qtbot, Qt.Key.Key_2)  # identity: every criterion rated, the verdict shows
    assert panel.verdict_label.text() == "Pass · pass mark 80 %"
    colour = panel.score_label.palette().color(QPalette.ColorRole.WindowText)
    assert colour.name().upper() == theme.PASS.upper()


def test_a_critical_fail_shows_at_once(qtbot, page):
    panel = page.workspace.scoring_panel
    panel.set_current("identity")
    press(qtbot, Qt.Key.Key_1)
    assert panel.critical_banner.isVisible()
    assert panel.verdict_label.text().startswith("Fail")


def submit_k1(qtbot, page):
    for key in "2n52":
        press(qtbot, key)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    page.context.open_conversation(page.ids["K-1"])


def test_cancel_editing_without_changes_drops_the_revision(qtbot, page, db):
    submit_k1(qtbot, page)
    workspace = page.workspace
    assert workspace.state.status == "submitted"
    assert not workspace.cancel_edit_button.isVisible()
    counts = page.counts_label.text()
    assert counts.startswith("1 done · 1 to do")
    qtbot.mouseClick(workspace.edit_button, Qt.MouseButton.LeftButton)
    assert "1 draft" in page.counts_label.text()
    assert workspace.state.status == "draft"
    assert workspace.cancel_edit_button.isVisible()
    assert not workspace.rubric_combo.isEnabled()  # a revision keeps its rubric
    if os.environ.get("QA_DESK_KEYS_SHOTS"):
        qtbot.wait(100)
        page.grab().save(os.path.join(os.environ["QA_DESK_KEYS_SHOTS"], "keys-editing.png"))
    qtbot.mouseClick(workspace.cancel_edit_button, Qt.MouseButton.LeftButton)  # nothing to ask
    assert workspace.state.status == "submitted"
    assert workspace.status_label.text().endswith(" · revision 1")
    assert workspace.edit_button.isVisible() and not workspace.cancel_edit_button.isVisible()
    assert not workspace.submit_button.isVisible()
    assert reviews(db) == [("submitted", 1, True)]
    assert page.counts_label.text() == counts


def test_cancel_editing_after_a_change_asks_then_restores_the_submitted_review(qtbot, page, db):
    submit_k1(qtbot, page)
    workspace = page.workspace
    panel = workspace.scoring_panel
    workspace.edit_review()
    panel.set_current("tone")
    press(qtbot, Qt.Key.Key_1)
    assert reviews(db) == [("submitted", 1, True), ("draft", 2, False)]
    asked: list[str] = []

    def answer(button):
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.No))
    workspace.cancel_edit()
    assert workspace.state.status == "draft" and len(reviews(db)) == 2
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Yes))
    workspace.cancel_edit()
    assert "Drop the changes made in revision 2" in asked[0] and len(asked) == 2
    assert workspace.state.status == "submitted"
    assert reviews(db) == [("submitted", 1, True)]
    with db.reader() as session:  # the revision's ratings went with it
        assert len(session.scalars(select(Rating)).all()) == 4
    assert panel.rows["tone"].value == "5"  # the submitted rating shows again
    assert workspace.state.ratings["tone"].value == "5"
    assert panel.read_only
