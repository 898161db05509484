"""Automatic checks in the review workspace: a criterion naming a check is pre-filled, marked
"suggested", and counts only once the reviewer confirms it (its key, Enter or Space, or Confirm all
suggestions) or overrides it: Submit stops at a suggestion not confirmed."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from qa_desk.autoqa import run_pending
from qa_desk.autoqa_agreement import agreement_per_check
from qa_desk.db.models import Rating, Review
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric
from tests.helpers import conversation
from ui.review.workspace import ReviewWorkspace

RUBRIC = """
id: autoqa-test
name: AutoQA test
sections:
  - id: main
    name: Main
    criteria:
      - {id: greeting, name: Greets the customer, scale: binary, autoqa: greeting}
      - {id: closing, name: Closes properly, scale: binary, autoqa: closing}
      - {id: empathy, name: Acknowledges feelings, scale: binary, allow_na: true, autoqa: empathy}
      - {id: tone, name: Tone, scale: {points: [1, 5]}}
"""


@pytest.fixture
def workspace(qtbot, context, db, import_conversations):
    with db.session() as session:
        add_rubric(session, load_rubric_text(RUBRIC, "autoqa-test.yaml"))
    ids = import_conversations(
        [
            conversation(
                "AQ-1",
                [
                    ("customer", "2026-03-02T09:00:00Z", "My parcel has not arrived."),
                    ("agent", "2026-03-02T09:01:00Z", "Hello Olena, I'm Dana. Let me check."),
                    ("agent", "2026-03-02T09:03:00Z", "It arrives on Friday."),
                ],
            )
        ]
    )
    run_pending(db)
    page = ReviewWorkspace(context)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    page.open_conversation(ids["AQ-1"])
    return page


def saved_ratings(db) -> dict[str, tuple[str, str | None]]:
    with db.reader() as session:
        rows = session.execute(select(Rating.criterion_id, Rating.value, Rating.suggested))
        return {cid: (value, suggested) for cid, value, suggested in rows}


def test_suggestions_are_prefilled_marked_and_not_ratings(workspace, db):
    panel = workspace.scoring_panel
    greeting, closing, empathy = (panel.rows[c] for c in ("greeting", "closing", "empathy"))
    # greeting found → Pass pre-filled; no closing → Fail pre-filled; no frustration → N/A
    assert greeting.value_buttons[1].isChecked() and greeting.value_buttons[1].font().italic()
    assert closing.value_buttons[0].isChecked() and closing.value_buttons[0].font().italic()
    assert empathy.na_button is not None and empathy.na_button.isChecked()
    assert greeting.suggestion_label.isVisible()
    assert greeting.suggestion_label.text().startswith("✦ Suggested: Pass")
    assert "“Hello”" in greeting.suggestion_label.text()
    assert "Message 2: “Hello”" in greeting.suggestion_label.toolTip()
    assert panel.rows["tone"].suggestion_label.isHidden()
    # not a rating: nothing saved, not scored, not counted as rated
    assert workspace.state.ratings == {} and saved_ratings(db) == {}
    assert panel.ratings() == {} and "0 of 4 rated" in panel.progress_label.text()
    if os.environ.get("QA_DESK_SHOTS"):
        workspace.grab().save(os.environ["QA_DESK_SHOTS"])


def test_confirm_and_override_are_recorded_with_the_suggestion(workspace, db, qtbot):
    panel = workspace.scoring_panel
    qtbot.mouseClick(panel.rows["greeting"].value_buttons[1], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.rows["closing"].value_buttons[1], Qt.MouseButton.LeftButton)
    assert saved_ratings(db) == {"greeting": ("pass", "pass"), "closing": ("pass", "fail")}
    assert "Confirmed" in panel.rows["greeting"].suggestion_label.text()
    assert "Overridden" in panel.rows["closing"].suggestion_label.text()
    assert not panel.rows["greeting"].value_buttons[1].font().italic()
    assert panel.rows["closing"].value_buttons[1].isChecked()
    assert not panel.rows["closing"].value_buttons[0].isChecked()


def test_submit_stops_at_a_suggestion_not_confirmed(workspace, db, qtbot):
    panel = workspace.scoring_panel
    qtbot.mouseClick(panel.rows["closing"].value_buttons[1], Qt.MouseButton.LeftButton)
    panel.rows["tone"].pick("4")
    # greeting and empathy only show a suggestion: not ratings, so not rated
    assert workspace.state.missing() == ["greeting", "empathy"]
    assert panel.progress_label.text() == "2 of 4 rated · 2 suggestions to confirm"
    workspace.submit_and_next()
    message = workspace.message_bar.label.text()
    assert "“Greets the customer” is not rated yet" in message
    assert "suggestion is waiting to be confirmed" in message
    assert "One more criterion" in message and "Ctrl+Shift+A" in message
    assert panel.current_criterion() == "greeting"
    with db.reader() as session:
        assert session.scalar(select(Review.status)) == "draft"
    assert saved_ratings(db) == {"closing": ("pass", "fail"), "tone": ("4", None)}


def test_enter_confirms_the_current_suggestion_and_the_agreement_counts_it(workspace, db, qtbot):
    panel = workspace.scoring_panel
    greeting = panel.rows["greeting"]
    assert "Press 2 or Enter to confirm" in greeting.suggestion_label.text()
    assert "Press 0 or Enter" in panel.rows["empathy"].suggestion_label.text()
    assert "Enter confirm" in panel.hint_label.text()
    panel.set_current("greeting")
    qtbot.keyClick(greeting, Qt.Key.Key_Return)
    assert saved_ratings(db) == {"greeting": ("pass", "pass")}
    assert "Confirmed" in greeting.suggestion_label.text()
    assert panel.current_criterion() == "closing"  # moved on, as after a digit
    qtbot.keyClick(panel.rows["closing"], Qt.Key.Key_Space)
    qtbot.keyClick(panel.rows["empathy"], Qt.Key.Key_Space)
    assert panel.current_criterion() == "tone"
    qtbot.keyClick(panel.rows["tone"], Qt.Key.Key_Return)  # no suggestion: nothing rated
    assert panel.rows["tone"].value is None
    panel.rows["tone"].pick("4")
    assert workspace.state.submit() == []
    assert saved_ratings(db) == {
        "greeting": ("pass", "pass"),
        "closing": ("fail", "fail"),
        "empathy": ("NA", "NA"),
        "tone": ("4", None),
    }
    with db.reader() as session:
        agreement = {a.check: a for a in agreement_per_check(session)}
    assert (agreement["greeting"].agreed, agreement["greeting"].confirmed) == (1, 1)
    assert agreement["closing"].confirmed == 1 and agreement["closing"].overridden == 0


def test_confirm_all_suggestions_is_one_step_and_leaves_the_rest_to_rate(workspace, db, qtbot):
    panel = workspace.scoring_panel
    qtbot.mouseClick(panel.rows["closing"].value_buttons[1], Qt.MouseButton.LeftButton)
    button = panel.confirm_all_button
    assert button.isVisible() and "Ctrl+Shift+A" in button.toolTip()
    panel.rows["greeting"].setFocus()
    qtbot.keyClick(
        panel.rows["greeting"],
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    # the overridden closing keeps the reviewer's value; the two suggestions become ratings
    assert saved_ratings(db) == {
        "closing": ("pass", "fail"),
        "greeting": ("pass", "pass"),
        "empathy": ("NA", "NA"),
    }
    assert not button.isVisible() and panel.progress_label.text() == "3 of 4 rated"
    assert panel.current_criterion() == "tone"
    assert workspace.state.missing() == ["tone"]
    workspace.undo_stack.undo()  # one step takes both back
    assert saved_ratings(db) == {"closing": ("pass", "fail")}
    assert panel.rows["greeting"].value is None and button.isVisible()
