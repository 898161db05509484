"""Polish for people who score all day: the automatic checks show without scrolling at 1440 × 900,
long team names are not cut, a finished review's ratings read clearly, dragged queue columns keep
their width, and no comment typed is lost (leaving the box, the conversation, the window, the user,
or typing on without a pause)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from qa_desk.autoqa import run_pending
from qa_desk.db.models import Review
from qa_desk.reviews import RatingInput
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric
from qa_desk.users import sign_in
from tests.helpers import RUBRIC_YAML, conversation
from tests.ui.test_workspace_fixes import saved
from ui.analysis.review_viewer import ReviewViewerDialog
from ui.review.queue_page import QueuePage
from ui.review.queue_table import WIDTHS_SETTING
from ui.review.scoring_panel import ScoringPanel
from ui.review.typing_pause import MOST_MS, PAUSE_MS

LONG_TEAM = "Tier 2 Payments, Billing and Refund Escalations (EMEA)"


@pytest.fixture
def page(qtbot, context, db, import_conversations):
    """The Queue page in a 1440 × 900 window's room, conversations checked automatically."""
    with db.session() as session:
        add_rubric(session, load_rubric_text(RUBRIC_YAML, "test.yaml"))
    ids = import_conversations(
        [
            conversation(
                "P-1",
                [
                    ("customer", "2026-03-02T09:00:00Z", "My parcel has not arrived."),
                    ("agent", "2026-03-02T09:01:00Z", "Hello Olena, I'm Dana. Let me check."),
                    ("agent", "2026-03-02T09:03:00Z", "It arrives on Friday. Anything else?"),
                ],
            ),
            conversation(
                "P-2", [("customer", "2026-03-01T09:00:00Z", "Older question")], team=LONG_TEAM
            ),
        ]
    )
    run_pending(db)
    queue = QueuePage(context)
    qtbot.addWidget(queue)
    queue.resize(1262, 820)  # the page's room in a 1440 × 900 window
    with qtbot.waitActive(queue):
        queue.show()
        queue.activateWindow()
    queue.context.open_conversation(ids["P-1"])
    qtbot.wait(50)
    queue.ids = ids  # type: ignore[attr-defined]
    return queue


# --- 1. the context panel ------------------------------------------------------------------------


def test_every_check_row_shows_without_scrolling_and_the_transcript_stays_widest(page):
    workspace = page.workspace
    panel = workspace.context_panel
    section = panel.autoqa
    assert len(section.row_texts()) == 9  # every check of the catalogue ran
    assert panel.verticalScrollBar().maximum() == 0
    table = section.table
    last = table.visualItemRect(table.topLevelItem(table.topLevelItemCount() - 1))
    bottom = table.viewport().mapTo(panel.viewport(), last.bottomLeft()).y()
    assert 0 < bottom <= panel.viewport().height()
    transcript, side = workspace.splitter.sizes()
    assert transcript > side  # the transcript keeps most of the width
    context, scoring = workspace.side_splitter.sizes()
    assert context <= scoring  # the rubric keeps at least half the side column


def test_a_long_team_name_shows_whole(qtbot, page):
    page.context.open_conversation(page.ids["P-2"])
    qtbot.wait(20)
    label = page.workspace.context_panel.values["team"]
    assert label.text() == LONG_TEAM
    lines = label.height() // label.fontMetrics().lineSpacing()
    assert label.fontMetrics().horizontalAdvance(LONG_TEAM) <= label.width() * lines


# --- 2. read-only ratings in the review viewer ---------------------------------------------------


def test_the_viewer_shows_the_chosen_value_as_clearly_as_while_editable(qtbot, page, db):
    workspace = page.workspace
    rows = workspace.scoring_panel.rows
    for criterion, n in (("greeting", 1), ("tone", 3), ("data_protection", 1)):
        rows[criterion].value_buttons[n].click()
    workspace.submit_and_next()
    with db.reader() as session:
        review_id = session.scalar(select(Review.id))
    viewer = ReviewViewerDialog(page.context, review_id)
    qtbot.addWidget(viewer)
    viewer.show()
    editable = ScoringPanel()
    qtbot.addWidget(editable)
    editable.set_rubric(viewer.scoring_panel.rubric)
    editable.set_ratings({"greeting": RatingInput("pass"), "tone": RatingInput("4")})
    editable.resize(viewer.scoring_panel.size())
    editable.show()
    qtbot.wait(50)

    shown = viewer.scoring_panel.rows["tone"]
    chosen, other = shown.value_buttons[3], shown.value_buttons[0]
    twin = editable.rows["tone"].value_buttons[3]
    assert chosen.isChecked() and chosen.isEnabled()
    assert chosen.grab().toImage() == twin.grab().toImage()  # the same look as when editable
    assert not other.isEnabled()  # the values not chosen are greyed: nothing to pick here
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(chosen, Qt.MouseButton.LeftButton)
    assert chosen.isChecked() and not other.isChecked()
    assert viewer.scoring_panel.ratings()["tone"].value == "4"


# --- 3. dragged queue columns keep their width ---------------------------------------------------


def drag_section_edge(header, logical: int, dx: int) -> None:
    """Drag the right edge of a header section by ``dx`` pixels with the mouse."""
    viewport = header.viewport()
    x = header.sectionViewportPosition(logical) + header.sectionSize(logical) - 1
    y = header.height() // 2

    def send(kind: QEvent.Type, at: int, buttons: Qt.MouseButton) -> None:
        point = QPointF(at, y)
        event = QMouseEvent(
            kind,
            point,
            viewport.mapToGlobal(point),
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, event)

    send(QEvent.Type.MouseMove, x, Qt.MouseButton.NoButton)
    send(QEvent.Type.MouseButtonPress, x, Qt.MouseButton.LeftButton)
    for step in range(1, 5):
        send(QEvent.Type.MouseMove, x + dx * step // 4, Qt.MouseButton.LeftButton)
    send(QEvent.Type.MouseButtonRelease, x + dx, Qt.MouseButton.NoButton)


def test_a_dragged_queue_column_keeps_its_width_when_the_queue_is_resized(qtbot, page):
    table = page.table
    header = table.horizontalHeader()
    agent = page.model.COLUMNS.index("agent")
    started = page.model.COLUMNS.index("started")
    page.splitter.setSizes([440, 820])
    qtbot.wait(20)
    before = header.sectionSize(agent)
    natural_started = header.sectionSize(started)
    drag_section_edge(header, agent, -30)
    dragged = header.sectionSize(agent)
    assert dragged <= before - 20  # the drag took

    page.splitter.setSizes([400, 860])  # the queue resized, so its columns are fitted again
    qtbot.wait(20)
    page.splitter.setSizes([460, 800])
    qtbot.wait(20)
    assert header.sectionSize(agent) == dragged
    assert header.sectionSize(started) == natural_started  # not dragged: fitted as before
    page.refresh()
    assert header.sectionSize(agent) == dragged

    again = QueuePage(page.context)  # the next time the page is built
    qtbot.addWidget(again)
    assert again.table.user_widths == {"agent": dragged}
    assert QSettings().value(WIDTHS_SETTING) is not None


# --- 4. no comment typed is lost -----------------------------------------------------------------


def type_overall_comment(qtbot, page, text: str) -> None:
    box = page.workspace.comment_box
    box.setFocus()
    qtbot.keyClicks(box, text)


def test_leaving_the_overall_comment_box_saves_it_at_once(qtbot, page, db):
    type_overall_comment(qtbot, page, "Good tone")
    assert saved(db) is None  # still typing: nothing written yet
    page.workspace.scoring_panel.focus_current()  # Tab or a click into the rubric
    assert saved(db)[1] == "Good tone"


def test_typing_without_a_pause_is_saved_within_a_few_seconds(qtbot, page, db):
    box = page.workspace.comment_box
    box.setFocus()
    steps = (MOST_MS + 600) // (PAUSE_MS // 3)
    for n in range(steps):  # a key every 200 ms: never the pause the first save waited for
        qtbot.keyClicks(box, "ab"[n % 2])
        qtbot.wait(PAUSE_MS // 3)
    state = saved(db)
    assert state is not None and len(state[1]) >= MOST_MS // (PAUSE_MS // 3) - 1


def test_changing_user_saves_the_comments_being_typed_into_the_review_left(
    qtbot, page, db, monkeypatch
):
    errors: list[BaseException] = []  # an error shown would wait for a click: recorded instead
    monkeypatch.setattr("ui.review.workspace.show_error", lambda _w, e: errors.append(e))
    workspace = page.workspace
    rows = workspace.scoring_panel.rows
    rows["greeting"].value_buttons[0].click()
    workspace.scoring_panel.set_current("greeting")
    rows["greeting"].comment_box.setFocus()
    qtbot.keyClicks(rows["greeting"].comment_box, "No name")
    with db.session() as session:
        other = sign_in(session, "Omar Other", "omar@example.org", "reviewer")
    page.context.set_user(other)
    qtbot.wait(PAUSE_MS + 200)  # a timer left over would fire now, for a review no longer open
    assert errors == []
    status, _comment, ratings = saved(db)
    assert (status, ratings) == ("draft", {"greeting": ("fail", "No name")})


def test_closing_the_window_saves_the_overall_comment_being_typed(qtbot, page, db):
    type_overall_comment(qtbot, page, "Closing remark")
    page.save_state()  # what the main window does on close
    assert saved(db)[1] == "Closing remark"
