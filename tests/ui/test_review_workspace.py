"""The review workspace with the queue beside it: drafts saved as the reviewer works, the overall
comment and time spent, the rubric choice, submitted reviews read-only until "Edit review"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from qa_desk.changes import Changes
from qa_desk.db.models import Review, RubricVersion
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric, add_shipped_rubrics
from tests.helpers import RUBRIC_YAML, conversation
from ui.review.queue_page import QueuePage


@pytest.fixture
def ids(db, import_conversations):
    with db.session() as session:
        add_shipped_rubrics(session)
        add_rubric(session, load_rubric_text(RUBRIC_YAML, "test.yaml"))
    return import_conversations(
        [
            conversation(
                "T-1",
                [
                    ("customer", "2026-03-02T09:00:00Z", "Hi, my parcel has not arrived."),
                    ("agent", "2026-03-02T09:04:30Z", "Hello! I'm Dana, sorry about that."),
                ],
                tags=["refund", "delivery"],
            ),
            conversation("T-2", [("customer", "2026-03-01T09:00:00Z", "An older question")]),
        ]
    )


def make_page(qtbot, context) -> QueuePage:
    page = QueuePage(context)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    return page


@pytest.fixture
def page(qtbot, context, ids):
    return make_page(qtbot, context)


def reviews(db):
    with db.reader() as session:
        return [
            (
                r.conversation_id,
                r.status,
                r.revision,
                r.is_current,
                {x.criterion_id: x.value for x in r.ratings},
            )
            for r in session.scalars(select(Review).order_by(Review.id))
        ]


def choose_rubric(workspace, key):
    combo = workspace.rubric_combo
    index = combo.findData(key)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_queue_opens_its_first_conversation_and_nothing_is_saved_until_a_rating(
    qtbot, page, db, ids
):
    workspace = page.workspace
    assert page.counts_label.text() == "0 done · 2 to do (0 drafts)"
    assert workspace.state.detail.external_id == "T-1"  # the top of the queue, newest first
    assert workspace.state.status == "new" and reviews(db) == []
    assert workspace.rubric_combo.currentText() == "Support conversation quality"
    assert workspace.version_label.text() == "v1"
    assert workspace.status_label.text() == "New review."

    click(qtbot, workspace.scoring_panel.rows["greeting"].value_buttons[1])
    assert reviews(db) == [(ids["T-1"], "draft", 1, True, {"greeting": "pass"})]
    assert workspace.status_label.text() == "Draft, saved as you go."
    assert page.counts_label.text() == "0 done · 2 to do (1 draft)"
    assert page.model.index(0, 0).data() == "Draft"


def test_the_context_of_the_conversation_is_shown(page):
    values = {key: label.text() for key, label in page.workspace.context_panel.values.items()}
    assert values["agent"] == "Dana Smith <dana@example.com>"
    assert (values["team"], values["channel"], values["csat"]) == ("Tier 1", "chat", "4")
    assert values["tags"] == "delivery, refund"
    assert values["language"] == "English (en)"
    assert values["duration"] == "4 min 30 s" and values["first_response"] == "4 min 30 s"
    assert values["conversation"] == "test · T-1"


def test_comment_and_time_spent_are_kept_across_sittings(qtbot, context, page, db, ids):
    workspace = page.workspace
    choose_rubric(workspace, "test-rubric")
    click(qtbot, workspace.scoring_panel.rows["greeting"].value_buttons[1])
    qtbot.keyClicks(workspace.comment_box, "Friendly, but slow to answer.")
    qtbot.waitUntil(lambda: _review(db).comment == "Friendly, but slow to answer.", timeout=3000)
    qtbot.wait(250)
    page.hide()  # another page is shown: time stops counting, and what was counted is saved
    first = _review(db).time_spent_seconds
    assert first >= 0.25

    page.close()  # the next sitting, a new window on the same database
    again = make_page(qtbot, context)
    workspace = again.workspace
    assert workspace.state.detail.external_id == "T-1"
    assert workspace.comment_box.toPlainText() == "Friendly, but slow to answer."
    workspace.comment_box.setFocus()  # typing on goes after what was written
    qtbot.keyClicks(workspace.comment_box, " Good close.")
    assert workspace.comment_box.toPlainText() == "Friendly, but slow to answer. Good close."
    assert workspace.scoring_panel.ratings()["greeting"].value == "pass"
    assert workspace.rubric_combo.currentData() == "test-rubric"
    qtbot.wait(200)
    click(qtbot, workspace.scoring_panel.rows["tone"].value_buttons[3])
    click(qtbot, workspace.scoring_panel.rows["data_protection"].na_button)
    click(qtbot, workspace.submit_button)
    review = _review(db)
    assert review.status == "submitted" and review.submitted_at is not None
    assert review.time_spent_seconds >= first + 0.2
    assert review.comment == "Friendly, but slow to answer. Good close."
    assert workspace.state.detail.external_id == "T-2"  # the next in the queue


def _review(db, revision=1):
    with db.reader() as session:
        return session.scalars(select(Review).where(Review.revision == revision)).one()


def test_the_rubric_choice_is_remembered_and_a_draft_keeps_its_own_version(qtbot, page, db, ids):
    workspace = page.workspace
    choose_rubric(workspace, "test-rubric")
    assert QSettings().value("review/rubric") == "test-rubric"
    assert list(workspace.scoring_panel.rows) == ["greeting", "tone", "data_protection"]
    click(qtbot, workspace.scoring_panel.rows["greeting"].value_buttons[0])

    changed = RUBRIC_YAML.replace(
        "      - {id: data_protection",
        "      - {id: closing, name: Closes, scale: binary}\n      - {id: data_protection",
    )
    with db.session() as session:
        assert add_rubric(session, load_rubric_text(changed, "test.yaml")).version == 2
    page.context.changed(Changes(rubrics=True))

    page.context.open_conversation(ids["T-2"])  # a new review: the newest version
    assert list(workspace.scoring_panel.rows) == ["greeting", "tone", "closing", "data_protection"]
    assert workspace.version_label.text() == "v2"
    page.context.open_conversation(ids["T-1"])  # the draft: the version it was started with
    assert list(workspace.scoring_panel.rows) == ["greeting", "tone", "data_protection"]
    assert workspace.version_label.text() == "v1"
    with db.reader() as session:
        version = session.scalar(
            select(RubricVersion.version).join(Review, Review.rubric_version_id == RubricVersion.id)
        )
    assert version == 1


def test_changing_the_rubric_of_a_draft_asks_before_discarding_its_ratings(qtbot, page, db, ids):
    workspace = page.workspace
    click(qtbot, workspace.scoring_panel.rows["greeting"].value_buttons[1])
    assert len(reviews(db)) == 1

    def answer(button):
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and "Discard the 1 rating of this draft" in box.text()
        box.button(button).click()

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.No))
    choose_rubric(workspace, "test-rubric")
    assert workspace.rubric_combo.currentData() == "support-core"
    assert len(reviews(db)) == 1
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Yes))
    choose_rubric(workspace, "test-rubric")
    assert reviews(db) == []
    assert workspace.state.status == "new"
    assert list(workspace.scoring_panel.rows) == ["greeting", "tone", "data_protection"]


def test_a_submitted_review_is_read_only_until_edit_review_starts_a_revision(qtbot, page, db, ids):
    workspace = page.workspace
    choose_rubric(workspace, "test-rubric")
    rows = workspace.scoring_panel.rows
    click(qtbot, rows["greeting"].value_buttons[1])
    click(qtbot, rows["tone"].value_buttons[3])
    click(qtbot, rows["data_protection"].value_buttons[1])
    click(qtbot, workspace.submit_button)
    assert workspace.state.detail.external_id == "T-2"

    page.context.open_conversation(ids["T-1"])
    assert workspace.state.status == "submitted"
    assert workspace.status_label.text().startswith("Submitted ")
    assert workspace.status_label.text().endswith(" · revision 1")
    assert workspace.edit_button.isVisible() and not workspace.submit_button.isVisible()
    assert not rows["tone"].value_buttons[4].isEnabled()
    assert workspace.comment_box.isReadOnly() and not workspace.rubric_combo.isEnabled()

    click(qtbot, workspace.edit_button)
    assert workspace.state.status == "draft" and workspace.submit_button.isVisible()
    assert "Editing revision 2" in workspace.status_label.text()
    click(qtbot, rows["tone"].value_buttons[4])
    assert reviews(db)[0][:4] == (
        ids["T-1"],
        "submitted",
        1,
        True,
    )  # still counted until resubmitted
    click(qtbot, workspace.submit_button)
    assert reviews(db) == [
        (
            ids["T-1"],
            "submitted",
            1,
            False,
            {"greeting": "pass", "tone": "4", "data_protection": "pass"},
        ),
        (
            ids["T-1"],
            "submitted",
            2,
            True,
            {"greeting": "pass", "tone": "5", "data_protection": "pass"},
        ),
    ]
    assert _review(db, revision=2).score == 100


def test_the_page_keeps_its_splitters_searches_the_transcript_and_owns_an_undo_stack(
    qtbot, page, context
):
    workspace = page.workspace
    page.focus_search()
    assert QApplication.focusWidget() is workspace.transcript.search_box
    page.splitter.setSizes([200, 1100])
    page.save_state()
    settings = QSettings()
    for key in ("review/queue_splitter", "review/workspace_splitter", "review/side_splitter_2"):
        assert not settings.value(key).isEmpty()
    assert workspace.undo_stack in context.undo_group.stacks()
    assert context.undo_group.activeStack() is workspace.undo_stack
    page.hide()
    assert context.undo_group.activeStack() is None


def test_when_the_queue_is_done_the_workspace_says_so(qtbot, page, db):
    workspace = page.workspace
    for _ in range(2):
        choose_rubric(workspace, "test-rubric")
        rows = workspace.scoring_panel.rows
        for criterion in ("greeting", "tone", "data_protection"):
            click(qtbot, rows[criterion].value_buttons[1])
        click(qtbot, workspace.submit_button)
    assert workspace.state.detail is None
    assert workspace.placeholder.text() == "All done: your queue is empty."
    assert page.counts_label.text() == "2 done · 0 to do (0 drafts)"


def test_without_any_rubric_the_workspace_says_so_until_one_is_added(
    qtbot, context, db, import_conversations
):
    ids = import_conversations([conversation("T-1")])
    page = make_page(qtbot, context)
    workspace = page.workspace
    assert workspace.state.detail.id == ids["T-1"]
    assert workspace.scoring_panel.empty_label.isVisible()
    assert "no rubric yet" in workspace.scoring_panel.empty_label.text()
    assert not workspace.submit_button.isEnabled()
    with db.session() as session:
        add_rubric(session, load_rubric_text(RUBRIC_YAML, "test.yaml"))
    context.changed(Changes(rubrics=True))
    assert list(workspace.scoring_panel.rows) == ["greeting", "tone", "data_protection"]
    assert workspace.submit_button.isEnabled()
    assert workspace.rubric_combo.currentText() == "Test rubric"
