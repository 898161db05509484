"""Automatic checks in the review workspace: a criterion naming a check is pre-filled, marked
"suggested", and counts only once the reviewer confirms it, overrides it or submits."""

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


def test_submit_accepts_the_suggestions_still_shown(workspace, db, qtbot):
    panel = workspace.scoring_panel
    qtbot.mouseClick(panel.rows["closing"].value_buttons[1], Qt.MouseButton.LeftButton)
    assert workspace.state.missing() == ["tone"]  # a criterion without a check must be rated
    panel.rows["tone"].pick("4")
    assert workspace.state.submit() == []
    assert saved_ratings(db) == {
        "greeting": ("pass", "pass"),
        "closing": ("pass", "fail"),
        "empathy": ("NA", "NA"),
        "tone": ("4", None),
    }
    with db.reader() as session:
        assert session.scalar(select(Review.status)) == "submitted"
        agreement = {a.check: a for a in agreement_per_check(session)}
    assert (agreement["greeting"].agreed, agreement["greeting"].confirmed) == (1, 1)
    assert agreement["closing"].check_fail_reviewer_pass == 1
    assert agreement["closing"].overridden == 1
