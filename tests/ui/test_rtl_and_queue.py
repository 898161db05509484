"""What a fresh-eyes review of the queue, the transcript and the browser found: Latin subjects
turned around in a right-to-left window, Arabic author names mixed with the time, a Queue page with
no way forward when nobody is signed in or nothing is imported, a queue that hid the date and cut
subjects short, no Subject column in the browser, a transcript search that kept the keyboard and
its text, a CSAT filter with decimals and a window taller than a 1280 × 800 screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt, QTimer
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric
from tests.helpers import RUBRIC_YAML, conversation
from tests.ui.test_main_window import window  # noqa: F401  (the main window, Olena signed in)
from ui.app import apply_locale, build_window
from ui.browser.conversation_table_model import COLUMNS, SUBJECT
from ui.browser.conversations_page import ConversationsPage
from ui.context import AppContext
from ui.first_run import IdentityDialog
from ui.review.queue_page import QueuePage
from ui.review.workspace import ReviewWorkspace

SUBJECTS = {
    "L-1": "Where is my refund?",
    "C-1": "Где мой заказ?",
    "A-1": "أين طلبي؟",
    "P-1": "Order 40126746 paid twice and the refund never arrived at all",
}
WAIT_MS = 10_000


@pytest.fixture
def arabic() -> Iterator[None]:
    """The application in ar-EG (right to left) for the test, and the locale found put back."""
    app = QApplication.instance()
    before = QLocale()
    apply_locale(app, QLocale(QLocale.Language.Arabic, QLocale.Country.Egypt))
    try:
        yield
    finally:
        apply_locale(app, before)


@pytest.fixture
def ids(db, import_conversations):
    with db.session() as session:
        add_rubric(session, load_rubric_text(RUBRIC_YAML, "test.yaml"))
    return import_conversations(
        [
            conversation(
                external_id, [("customer", f"2026-03-0{n + 1}T09:00:00Z", "Hello")], subject=text
            )
            for n, (external_id, text) in enumerate(SUBJECTS.items())
        ]
    )


def drawn_with(view, row: int, column: int) -> QStyleOptionViewItem:
    """The style option a table cell is drawn with (its text, direction and alignment)."""
    option = QStyleOptionViewItem()
    option.initFrom(view.viewport())
    index = view.model().index(row, column)
    view.itemDelegateForIndex(index).initStyleOption(option, index)
    return option


def cell_directions(view, column: int) -> dict[str, Qt.LayoutDirection]:
    found = {}
    for row in range(view.model().rowCount()):
        option = drawn_with(view, row, column)
        right = option.displayAlignment & Qt.AlignmentFlag.AlignRight
        # every cell keeps the window's side (right, reading right to left), whatever its text
        assert right and option.displayAlignment & Qt.AlignmentFlag.AlignAbsolute, option.text
        found[option.text] = option.direction
    return found


LTR, RTL = Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft
EXPECTED = {"Where is my refund?": LTR, "Где мой заказ?": LTR, "أين طلبي؟": RTL}


# --- 6. each cell in its own text's direction in a right-to-left window -------------------------


def test_a_right_to_left_queue_shows_latin_and_cyrillic_subjects_left_to_right(
    qtbot, arabic, context, ids
):
    page = QueuePage(context)
    qtbot.addWidget(page)
    page.resize(1102, 760)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == len(SUBJECTS), timeout=WAIT_MS)
    assert page.table.layoutDirection() == RTL
    directions = cell_directions(page.table, page.model.COLUMNS.index("subject"))
    assert {text: directions[text] for text in EXPECTED} == EXPECTED
    page.grab().save("/tmp/rtl-queue.png")


def test_a_right_to_left_conversations_table_likewise(qtbot, arabic, context, ids):
    page = ConversationsPage(context)
    qtbot.addWidget(page)
    page.resize(1102, 760)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == len(SUBJECTS), timeout=WAIT_MS)
    directions = cell_directions(page.table, COLUMNS.index(SUBJECT))
    assert {text: directions[text] for text in EXPECTED} == EXPECTED


# --- 7. an Arabic author name stays whole beside the time --------------------------------------


def test_a_message_header_keeps_an_arabic_name_and_the_time_each_whole(
    qtbot, context, db, import_conversations
):
    with db.session() as session:
        add_rubric(session, load_rubric_text(RUBRIC_YAML, "test.yaml"))
    item = conversation("MER-1", [("bot", "2026-09-07T11:35:00Z", "مرحبا، كيف أساعدك؟")])
    item["messages"][0]["author"] = author = "مساعد Meridian"
    ids = import_conversations([item])
    workspace = ReviewWorkspace(context)
    qtbot.addWidget(workspace)
    workspace.open_conversation(ids["MER-1"])
    delegate, model = workspace.transcript.delegate, workspace.transcript.model
    laid = delegate.laid_out(model.index(0))
    assert laid.rtl  # the header reads right to left, like its message

    layout = QTextLayout(laid.header, workspace.font())
    option = QTextOption()
    option.setTextDirection(RTL)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(10_000)
    layout.endLayout()
    start = laid.header.index(author)
    name = [line.cursorToX(i)[0] for i in range(start, start + len(author))]
    time_at = laid.header.index("11:35")
    clock = [line.cursorToX(i)[0] for i in range(time_at, time_at + 5)]
    # the whole name on one side of the time (before it, reading right to left), never around it
    assert min(name) > max(clock), (name, clock)


# --- 8. the Queue page offers a way forward ----------------------------------------------------


def test_nobody_signed_in_the_queue_offers_to_sign_in_and_then_opens_the_first(qtbot, db, ids):
    context = AppContext(db, None)
    page = QueuePage(context)
    qtbot.addWidget(page)
    page.resize(1102, 760)
    page.show()
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.empty, timeout=WAIT_MS)
    (sign_in,) = page.empty.action_buttons
    assert sign_in.text() == "Sign in" and sign_in.isVisible()  # the menu item's text, as a button

    def who_are_you() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, IdentityDialog)
        dialog.name.setText("Rita Reviewer")
        dialog.ok_button.click()

    QTimer.singleShot(100, who_are_you)
    qtbot.mouseClick(sign_in, Qt.MouseButton.LeftButton)
    assert context.user is not None and context.user.name == "Rita Reviewer"
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.splitter, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.workspace.state.detail is not None, timeout=WAIT_MS)
    assert page.workspace.state.detail.external_id == page.model.items[0].external_id


def test_an_empty_queue_offers_import_and_demo_and_opens_what_arrives(
    qtbot,
    window,  # noqa: F811  (the fixture imported above)
    db,
    import_conversations,
):
    page = window.show_page("queue")
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.empty, timeout=WAIT_MS)
    importing, demo = page.empty.action_buttons
    assert (importing.text(), demo.text()) == ("Import conversations", "Load demo data")
    assert importing.defaultAction() is window.import_action  # File → Import itself
    assert "No conversations" in page.empty.title.text()

    from qa_desk.changes import Changes

    import_conversations([conversation("T-1", subject="Parcel")])
    window.context.changed(Changes.everything())  # as an import tells the window
    qtbot.waitUntil(lambda: page.workspace.state.detail is not None, timeout=WAIT_MS)
    assert page.stack.currentWidget() is page.splitter
    assert page.workspace.state.detail.external_id == "T-1"


# --- 12. the queue keeps the date and gives the subject the room at 1280 × 800 -----------------


def test_a_1280_queue_shows_the_date_and_a_readable_subject(qtbot, context, ids):
    page = QueuePage(context)
    qtbot.addWidget(page)
    page.resize(1102, 760)  # the page's room in a 1280 × 800 window
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == len(SUBJECTS), timeout=WAIT_MS)
    qtbot.wait(50)
    table = page.table
    assert "started" in table.shown_columns()
    subject = table.columnWidth(page.model.COLUMNS.index("subject"))
    assert subject >= table.fontMetrics().horizontalAdvance("Order 40126746 paid twice")
    page.grab().save("/tmp/queue-1280.png")


# --- 10. the Conversations table has a Subject column that fills the width ---------------------


@pytest.mark.parametrize("width", [1102, 1900])
def test_the_conversations_table_has_a_subject_and_fills_its_width(qtbot, context, ids, width):
    page = ConversationsPage(context)
    qtbot.addWidget(page)
    page.resize(width, 760)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == len(SUBJECTS), timeout=WAIT_MS)
    qtbot.wait(50)
    table, column = page.table, COLUMNS.index(SUBJECT)
    assert page.model.headerData(column, Qt.Orientation.Horizontal) == "Subject"
    texts = {page.model.index(row, column).data() for row in range(page.model.rowCount())}
    assert texts == set(SUBJECTS.values())
    header = table.horizontalHeader()
    total = sum(header.sectionSize(c) for c in range(header.count()))
    if width >= 1900:
        assert total == table.viewport().width()  # no empty space to the right
    assert header.sectionSize(column) >= 220  # a subject is always readable
    sort_before = page.state.query.sort
    header.sectionClicked.emit(column)  # the rows cannot be ordered by subject: nothing changes
    qtbot.wait(20)
    assert page.state.query.sort is sort_before
    assert header.sortIndicatorSection() == COLUMNS.index(sort_before)


# --- 19. Esc leaves the transcript search; the next conversation starts without it -------------


def test_esc_in_the_search_goes_back_to_the_rubric_and_a_new_conversation_has_no_search(
    qtbot, context, ids
):
    page = QueuePage(context)
    qtbot.addWidget(page)
    page.resize(1262, 820)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    qtbot.waitUntil(lambda: page.workspace.state.detail is not None, timeout=WAIT_MS)
    transcript = page.workspace.transcript
    page.focus_search()
    qtbot.keyClicks(transcript.search_box, "Hello")
    qtbot.waitUntil(lambda: transcript.hit_label.text() == "1 of 1", timeout=WAIT_MS)
    qtbot.keyClick(transcript.search_box, Qt.Key.Key_Escape)
    focus = QApplication.focusWidget()
    assert focus is not None and page.workspace.scoring_panel.isAncestorOf(focus)

    page.focus_search()
    qtbot.keyClicks(transcript.search_box, "parcel")
    other = next(i for i in ids.values() if i != page.workspace.state.detail.id)
    page.open_conversation(other)
    assert transcript.search_box.text() == "" and transcript.hit_label.text() == ""


# --- 20 and 21. a whole-number CSAT filter; a window that fits a 1280 × 800 screen -------------


def test_the_csat_filter_shows_whole_numbers(qtbot, context, ids):
    page = ConversationsPage(context)
    qtbot.addWidget(page)
    page.filters.csat_min.setValue(2)
    assert page.filters.csat_min.text() == "2"


def test_the_first_window_fits_a_1280_by_800_screen(qtbot, window):  # noqa: F811
    QSettings().remove("window/geometry")
    main = build_window(window.context.db, ask=False)
    qtbot.addWidget(main)
    assert main.width() <= 1280 and main.height() <= 800 - 30  # and its title bar
