"""The Conversations page as a user meets it: the table, sorting by a header, filters, full-text
search in several scripts, scrolling through more rows than one chunk, opening a conversation,
refreshing after a change, the empty states, and the remembered layout."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from qa_desk import conversation_query
from qa_desk.changes import Changes
from qa_desk.conversation_query import PAGE_SIZE, ReviewStatus, SortColumn
from qa_desk.db import Database
from qa_desk.db.models import RubricVersion
from qa_desk.ingest import import_file
from qa_desk.reviews import find_or_create_user, record_review
from tests.helpers import conversation, write_jsonl
from tests.test_conversation_query import PASSING, fill
from ui.browser.conversation_table_model import COLUMNS
from ui.browser.conversations_page import ConversationsPage
from ui.context import AppContext
from ui.operations import wait_for_idle

WAIT_MS = 10_000
Page = Callable[[], ConversationsPage]


@pytest.fixture
def context(qtbot: Any, db: Database) -> Iterator[AppContext]:
    yield AppContext(db)
    wait_for_idle()  # nothing may still read the database when it is removed
    QApplication.processEvents()


@pytest.fixture
def open_page(qtbot: Any, context: AppContext) -> Page:
    """Build the page, shown, once its first rows are there."""

    def build() -> ConversationsPage:
        page = ConversationsPage(context)
        qtbot.addWidget(page)
        page.resize(1200, 700)
        page.show()
        settle(qtbot, page)
        return page

    return build


@pytest.fixture
def ids(db: Database, data_dir: Path) -> dict[str, int]:
    """Eight conversations in four scripts, some reviewed (see tests/test_conversation_query)."""
    return fill(db, data_dir)


def settle(qtbot: Any, page: ConversationsPage) -> None:
    """Wait for the debounce timer and the query in the worker."""
    qtbot.waitUntil(
        lambda: not page._load_timer.isActive() and not page.model.loading, timeout=WAIT_MS
    )
    qtbot.wait(10)


def column(page: ConversationsPage, sort: SortColumn) -> list[str]:
    """The text of one column, top to bottom, as shown."""
    model, c = page.model, COLUMNS.index(sort)
    return [model.index(row, c).data() for row in range(model.rowCount())]


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key (QTest's keyClicks knows only Latin-1 keys)."""
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character)
            QApplication.sendEvent(widget, event)


def shown_ids(page: ConversationsPage) -> list[str]:
    return column(page, SortColumn.EXTERNAL_ID)


def test_the_table_shows_every_conversation_newest_first(open_page, ids):
    page = open_page()
    assert page.count_label.text() == "8 conversations"
    assert shown_ids(page) == ["C-05", "C-08", "C-04", "C-03", "C-02", "C-01", "C-07", "C-06"]
    model, row = page.model, shown_ids(page).index("C-03")
    cells = {sort: model.index(row, COLUMNS.index(sort)).data() for sort in COLUMNS}
    assert cells[SortColumn.AGENT] == "Omar Haddad" and cells[SortColumn.CHANNEL] == "phone"
    assert cells[SortColumn.CSAT] == "" and cells[SortColumn.MESSAGES] == "1"
    assert cells[SortColumn.REVIEW_STATUS] == "2 reviews"
    assert cells[SortColumn.SCORE] == "50.0 % · fail"  # a word, not colour alone
    statuses = dict(zip(shown_ids(page), column(page, SortColumn.REVIEW_STATUS), strict=True))
    assert (statuses["C-02"], statuses["C-07"], statuses["C-01"]) == (
        "Reviewed", "Draft", "Not reviewed",
    )  # fmt: skip
    scores = dict(zip(shown_ids(page), column(page, SortColumn.SCORE), strict=True))
    assert (scores["C-02"], scores["C-05"], scores["C-01"]) == (
        "100.0 % · pass", "0.0 % · critical fail", "",
    )  # fmt: skip
    csat = COLUMNS.index(SortColumn.CSAT)
    alignment = Qt.AlignmentFlag(model.index(0, csat).data(Qt.ItemDataRole.TextAlignmentRole))
    assert alignment & Qt.AlignmentFlag.AlignRight  # numbers right-aligned
    assert page.count_text(1234) == "1,234 conversations"


def test_clicking_a_header_sorts_by_it_and_again_reverses(qtbot, open_page, ids):
    page = open_page()
    header = page.table.horizontalHeader()
    section = COLUMNS.index(SortColumn.CSAT)
    position = QPoint(header.sectionViewportPosition(section) + 10, header.height() // 2)
    orders = []
    for _ in range(2):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=position)
        settle(qtbot, page)
        assert page.state.query.sort is SortColumn.CSAT
        values = column(page, SortColumn.CSAT)
        numbers = [float(v) for v in values if v]
        assert values[-2:] == ["", ""]  # no CSAT: last both ways
        descending = page.state.query.descending
        assert numbers == sorted(numbers, reverse=descending)
        orders.append(descending)
    assert orders[0] != orders[1]


def test_filters_narrow_the_rows_and_clear_filters_brings_them_back(qtbot, open_page, ids):
    page = open_page()
    panel = page.filters
    qtbot.waitUntil(lambda: panel.channel.count() > 1, timeout=WAIT_MS)
    panel.channel.setCurrentIndex(panel.channel.findData("chat"))
    settle(qtbot, page)
    assert set(column(page, SortColumn.CHANNEL)) == {"chat"}
    assert sorted(shown_ids(page)) == ["C-01", "C-04", "C-07"]
    panel.tag.setCurrentIndex(panel.tag.findData("vip"))
    settle(qtbot, page)
    assert sorted(shown_ids(page)) == ["C-04", "C-07"]
    panel.csat_min.setValue(5)
    settle(qtbot, page)
    assert shown_ids(page) == ["C-07"] and page.count_label.text() == "1 conversation"
    assert page.filters_button.text() == "Filters (3)"

    panel.review_status.setCurrentIndex(panel.review_status.findData(ReviewStatus.REVIEWED))
    settle(qtbot, page)
    assert page.model.rowCount() == 0
    assert page.stack.currentWidget() is page.empty
    assert page.empty.title.text() == "No conversation matches these filters"
    assert page.empty.action_buttons == []  # nothing to import or load: the filters hide rows
    qtbot.mouseClick(page.empty.button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert page.model.rowCount() == 8 and page.stack.currentWidget() is page.table
    assert panel.channel.currentIndex() == panel.tag.currentIndex() == 0
    assert page.state.filter.is_empty() and page.filters_button.text() == "Filters"


def test_a_date_range_of_local_days(qtbot, open_page, ids):
    page = open_page()
    panel = page.filters
    panel.period.setCurrentIndex(panel.period.findData("custom"))
    panel.date_from.setDate(panel.date_from.date().fromString("2026-03-02", "yyyy-MM-dd"))
    panel.date_to.setDate(panel.date_to.date().fromString("2026-03-02", "yyyy-MM-dd"))
    settle(qtbot, page)
    started = page.state.filter.started_from
    assert started is not None and started.astimezone().date().isoformat() == "2026-03-02"
    assert sorted(shown_ids(page)) == ["C-02", "C-03"]  # UTC times here: local = UTC in tests


@pytest.mark.parametrize(
    ("text", "expected"),
    [("пакунок", ["C-02"]), ("طلبي", ["C-03"]), ("退款", ["C-04"]), ("refun", ["C-08"])],
)
def test_typing_a_search_finds_words_in_any_script(qtbot, open_page, ids, text, expected):
    page = open_page()
    loads = []
    page.model.sig_loading.connect(lambda: loads.append(1))
    page.focus_search()
    type_text(page.search, text)
    assert page.state.filter.text == text
    settle(qtbot, page)
    assert shown_ids(page) == expected
    assert page.count_label.text() == "1 conversation"
    assert len(loads) == 1  # typing is debounced: one query once typing stops


def test_scrolling_fetches_more_rows_a_chunk_at_a_time(
    qtbot, open_page, db, data_dir, monkeypatch, keyset
):
    many = [conversation(f"M-{n:04d}", csat=n % 5 + 1) for n in range(2 * PAGE_SIZE + 50)]
    import_file(db, write_jsonl(data_dir / "many.jsonl", many), "jsonl")
    page = open_page()
    model = page.model
    assert model.rowCount() == PAGE_SIZE and model.canFetchMore()
    assert page.count_label.text() == f"{2 * PAGE_SIZE + 50:,} conversations"
    sizes = []
    while model.canFetchMore():
        page.table.scrollToBottom()
        QApplication.processEvents()
        sizes.append(model.rowCount())
    assert sizes[-1] == 2 * PAGE_SIZE + 50 and sizes[0] <= 2 * PAGE_SIZE
    assert len(set(shown_ids(page))) == model.rowCount()  # every conversation once
    assert column(page, SortColumn.CSAT)[-1] != ""


@pytest.fixture(params=[False, True], ids=["read whole", "keyset"])
def keyset(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    if request.param:
        monkeypatch.setattr(conversation_query, "WHOLE_LIMIT", 0)
    return request.param


def test_double_click_or_enter_opens_the_conversation(qtbot, open_page, context, ids):
    page = open_page()
    row = shown_ids(page).index("C-03")
    rect = page.table.visualRect(page.model.index(row, 1))
    with qtbot.waitSignal(context.sig_open_conversation, timeout=WAIT_MS) as opened:
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [ids["C-03"]]
    page.table.setFocus()
    page.table.selectRow(shown_ids(page).index("C-08"))
    with qtbot.waitSignal(context.sig_open_conversation, timeout=WAIT_MS) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [ids["C-08"]]


def test_a_change_refreshes_the_table_and_keeps_the_selection(
    qtbot, open_page, context, db, data_dir, ids
):
    page = open_page()
    page.table.selectRow(shown_ids(page).index("C-01"))
    assert page.selected_ids() == [ids["C-01"]]

    newer = conversation("C-09", [("customer", "2026-04-01T10:00:00Z", "New one")])
    import_file(db, write_jsonl(data_dir / "newer.jsonl", [newer]), "jsonl")
    context.changed(Changes(conversations=True))
    settle(qtbot, page)
    assert shown_ids(page)[0] == "C-09" and page.model.rowCount() == 9
    assert page.selected_ids() == [ids["C-01"]]  # still selected, one row further down

    with db.session() as session:
        rubric = session.scalars(select(RubricVersion)).first()
        assert rubric is not None
        reviewer, _ = find_or_create_user(session, "Rita")
        record_review(
            session, conversation_id=ids["C-01"], reviewer_id=reviewer.id, rubric_version=rubric,
            ratings=PASSING, submitted_at=datetime(2026, 4, 2, tzinfo=UTC),
        )  # fmt: skip
    context.changed(Changes(reviews=True))
    settle(qtbot, page)
    row = shown_ids(page).index("C-01")
    assert column(page, SortColumn.REVIEW_STATUS)[row] == "Reviewed"
    assert column(page, SortColumn.SCORE)[row] == "100.0 % · pass"
    assert page.selected_ids() == [ids["C-01"]]


def test_a_hidden_page_refreshes_when_shown_again(qtbot, open_page, context, db, data_dir, ids):
    page = open_page()
    page.hide()
    newer = conversation("C-09", [("customer", "2026-04-01T10:00:00Z", "New one")])
    import_file(db, write_jsonl(data_dir / "newer.jsonl", [newer]), "jsonl")
    context.changed(Changes(conversations=True))
    assert page.model.rowCount() == 8  # nothing read while hidden
    page.show()
    settle(qtbot, page)
    assert page.model.rowCount() == 9


def test_an_empty_database_says_how_to_import(open_page):
    page = open_page()
    assert page.stack.currentWidget() is page.empty
    assert page.empty.title.text() == "No conversations yet"
    assert "Import an export from your help desk (Ctrl+O)" in page.empty.hint.text()
    assert not page.empty.button.isVisible()
    # on its own, outside the window that has the Import action, the page offers the demo only
    assert [b.text() for b in page.empty.action_buttons] == ["Load demo data"]
    assert page.count_label.text() == "0 conversations"


def test_layout_and_sort_are_remembered(qtbot, open_page, ids):
    page = open_page()
    page.table.setColumnWidth(2, 321)
    page.table.sortByColumn(COLUMNS.index(SortColumn.AGENT), Qt.SortOrder.AscendingOrder)
    settle(qtbot, page)
    page.filters_button.setChecked(False)
    page.save_state()
    again = open_page()
    assert again.table.columnWidth(2) == 321
    assert again.state.query.sort is SortColumn.AGENT and not again.state.query.descending
    assert shown_ids(again)[:2] == ["C-02", "C-07"]  # Amy Ng's
    assert not again.filters_button.isChecked() and not again.filters.isVisible()


def test_focus_search_puts_the_cursor_in_the_search_box(qtbot, open_page, ids):
    page = open_page()
    page.activateWindow()
    page.table.setFocus()
    page.focus_search()
    qtbot.waitUntil(page.search.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # and down arrow goes on to the results
    assert page.table.hasFocus() and page.selected_ids() == [ids["C-05"]]
