"""The automatic checks where users see them: Tools ▸ Run automatic checks… (with its question,
progress and Cancel), the "Automatic checks" section of the review workspace's context panel, the
Reports page's "Automatic checks" tab and the conversations behind its counts, the browser's
"failed automatic check" filter, and reviewer capacity on the Sampling page."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox
from sqlalchemy import func, select

from qa_desk.autoqa import results_for, run_pending
from qa_desk.db.models import AutoQAResult, Conversation
from qa_desk.reports.overview import ReportFilter
from qa_desk.sampling_rule import AssignOptions, SampleRule
from qa_desk.users import UserInfo
from tests.helpers import conversation
from tests.test_autoqa_agreement_period import MARCH
from tests.test_autoqa_agreement_period import reviewed as reviewed  # the fixture
from tests.test_conversation_query import fill
from tests.test_sampling_data import load
from tests.ui.test_conversations_page import settle, shown_ids
from tests.ui.test_sampling_page import settled, shown_page, tick
from ui.autoqa_action import ALL, PENDING, AutoQARunner, Scopes, count_scopes, run_scope
from ui.browser.conversations_page import ConversationsPage
from ui.operations import Operation, wait_for_idle
from ui.reports.autoqa_tab import CHECK, FAILED, AutoQATab
from ui.reports.reports_page import ReportsPage
from ui.review.context_panel import ContextPanel
from ui.review.workspace import ReviewWorkspace
from ui.sampling.rule_form import FormChoices, RuleForm

WAIT_MS = 15_000
FILLER = [("customer" if n % 2 else "agent", f"2026-03-02T09:{n + 2:02d}:00Z", f"Update {n}.")
          for n in range(30)]  # fmt: skip
LONG = conversation(
    "AQ-LONG",
    [
        ("customer", "2026-03-02T09:00:00Z", "My parcel has not arrived."),
        ("agent", "2026-03-02T09:01:00Z", "Hello Olena, I'm Dana. Let me check."),
        *FILLER,
        ("agent", "2026-03-02T09:40:00Z", "It arrives on Friday."),
    ],
)
SHORT = conversation(
    "AQ-SHORT",
    [
        ("customer", "2026-03-03T09:00:00Z", "Where is my refund?"),
        ("agent", "2026-03-03T09:02:00Z", "Refunded. Anything else I can help with? Bye!"),
    ],
)


@pytest.fixture
def two(import_conversations) -> dict[str, int]:
    """Two conversations, not checked yet."""
    ids = import_conversations([LONG, SHORT])
    return ids


def stored_rows(db) -> int:
    with db.reader() as session:
        return session.scalar(select(func.count()).select_from(AutoQAResult)) or 0


# --- Tools ▸ Run automatic checks… ------------------------------------------------------------


def test_the_worker_functions_count_and_run_without_a_window(db, two):
    assert count_scopes(db) == Scopes(pending=2, total=2)
    assert run_scope(db, PENDING).conversations == 2
    assert count_scopes(db) == Scopes(pending=0, total=2)
    assert run_scope(db, PENDING).conversations == 0
    assert run_scope(db, ALL).conversations == 2 and stored_rows(db) == 2 * 9


def answer(qtbot, runner: AutoQARunner, prefix: str) -> None:
    """Wait for the question and click the button whose text starts with ``prefix``."""
    qtbot.waitUntil(lambda: runner.question is not None, timeout=WAIT_MS)
    box = runner.question
    assert box is not None
    button = next(b for b in box.buttons() if b.text().startswith(prefix))
    with qtbot.waitSignal(runner.sig_finished, timeout=WAIT_MS):
        button.click()


def test_the_tools_menu_asks_runs_and_the_open_conversation_shows_the_results(
    qtbot, context, db, two
):
    from ui.main_window import MainWindow
    from ui.navigation import page_specs

    window = MainWindow(context, page_specs())
    qtbot.addWidget(window)
    window.show()
    context.open_conversation(two["AQ-SHORT"])
    panel = window.pages["queue"].findChild(ContextPanel)
    assert panel.autoqa.empty_label.isVisible() and not panel.autoqa.table.isVisible()
    assert panel.autoqa.empty_label.text().startswith("Not checked yet")

    tools = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Tools")
    assert [a.text() for a in tools.actions()] == ["Run &automatic checks…"]
    tools.actions()[0].trigger()
    qtbot.waitUntil(lambda: window.autoqa_runner.question is not None, timeout=WAIT_MS)
    texts = [b.text() for b in window.autoqa_runner.question.buttons()]
    assert "Unchecked or changed (2)" in texts and "All conversations (2)" in texts
    with qtbot.waitSignal(context.sig_changed, timeout=WAIT_MS) as changed:
        answer(qtbot, window.autoqa_runner, "Unchecked or changed")
    assert changed.args[0].conversations
    assert stored_rows(db) == 18
    with db.reader() as session:
        failed = session.scalar(
            select(func.count()).select_from(AutoQAResult).where(AutoQAResult.outcome == "fail")
        )
    assert window.statusBar().currentMessage() == (
        f"Automatic checks ran on 2 conversations: {failed} failed checks."
    )
    # the open conversation's panel refreshed on its own
    rows = {title: (word, why) for title, word, why in panel.autoqa.row_texts()}
    assert len(rows) == 9 and rows["Closing"][0] == "Pass" and rows["Greeting"][0] == "Fail"

    # nothing left to check: the first choice is off, "All" still re-checks everything
    tools.actions()[0].trigger()
    qtbot.waitUntil(lambda: window.autoqa_runner.question is not None, timeout=WAIT_MS)
    buttons = {b.text(): b for b in window.autoqa_runner.question.buttons()}
    assert not buttons["Unchecked or changed (0)"].isEnabled()
    answer(qtbot, window.autoqa_runner, "All conversations")
    assert window.autoqa_runner.last_run.conversations == 2
    wait_for_idle()
    window.close()


def test_the_question_can_be_cancelled_and_a_cancelled_run_changes_nothing(qtbot, context, db, two):
    window = QMainWindow()
    qtbot.addWidget(window)
    runner = AutoQARunner(context, window)
    runner.start()
    qtbot.waitUntil(lambda: runner.question is not None, timeout=WAIT_MS)
    runner.question.button(QMessageBox.StandardButton.Cancel).click()
    assert runner.operation is None and stored_rows(db) == 0

    release = threading.Event()
    Operation(window, lambda _p, _c: release.wait(WAIT_MS / 1000)).run()  # keep the worker busy
    operation = runner.run(ALL)
    assert operation is not None
    operation.cancel()  # as the progress dialog's Cancel does
    with qtbot.waitSignal(runner.sig_finished, timeout=WAIT_MS) as finished:
        release.set()
    assert finished.args == [None] and stored_rows(db) == 0
    assert window.statusBar().currentMessage().startswith("Automatic checks cancelled")


def test_an_empty_database_says_there_is_nothing_to_check(qtbot, context):
    window = QMainWindow()
    qtbot.addWidget(window)
    runner = AutoQARunner(context, window)
    runner.start()
    qtbot.waitUntil(lambda: runner.last_message != "", timeout=WAIT_MS)
    assert runner.question is None and "no conversations" in runner.last_message


# --- the context panel ------------------------------------------------------------------------


def test_the_context_panel_lists_every_check_and_a_click_shows_the_evidence(
    qtbot, context, db, two
):
    run_pending(db)
    workspace = ReviewWorkspace(context)
    qtbot.addWidget(workspace)
    workspace.resize(1200, 700)
    workspace.show()
    workspace.open_conversation(two["AQ-LONG"])
    section = workspace.context_panel.autoqa
    rows = section.row_texts()
    assert [title for title, _, _ in rows] == [
        "Greeting", "Closing", "Customer's name", "First response time", "Longest wait",
        "Empathy", "Sensitive data", "Profanity", "Customer sentiment",
    ]  # fmt: skip
    by_title = {title: (word, why) for title, word, why in rows}
    assert by_title["Greeting"] == ("Pass", "greeted: “Hello”")
    assert by_title["Closing"][0] == "Fail" and "no offer of further help" in by_title["Closing"][1]
    assert by_title["Customer's name"][0] == "Pass"
    greeting = section.table.topLevelItem(0)
    assert "Message 2: “Hello”" in greeting.toolTip(0)  # the evidence, on hover

    # clicking "Closing" scrolls the transcript to the last agent message, far down
    with db.reader() as session:
        evidence = results_for(session, two["AQ-LONG"])["closing"].evidence[0]
    view = workspace.transcript.list_view
    assert view.verticalScrollBar().value() == 0
    closing = section.table.topLevelItem(1)
    rect = section.table.visualItemRect(closing)
    qtbot.mouseClick(section.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.currentIndex().row() == evidence["position"]
    assert view.verticalScrollBar().value() > 0
    assert view.viewport().rect().intersects(view.visualRect(view.currentIndex()))

    workspace.open_conversation(None)
    assert not section.isVisibleTo(workspace.context_panel)


def test_a_conversation_never_checked_says_so(qtbot, context, two):
    workspace = ReviewWorkspace(context)
    qtbot.addWidget(workspace)
    workspace.show()
    workspace.open_conversation(two["AQ-SHORT"])
    section = workspace.context_panel.autoqa
    assert section.row_texts() == [] and section.empty_label.isVisible()


# --- the Reports page -------------------------------------------------------------------------


def row_of(tab: AutoQATab, check: str) -> int:
    proxy = tab.proxy
    return next(r for r in range(proxy.rowCount()) if proxy.index(r, CHECK).data() == check)


def cell(tab: AutoQATab, check: str, column: int) -> str:
    return tab.proxy.index(row_of(tab, check), column).data()


def test_the_reports_tab_counts_outcomes_and_agreement_in_the_period(qtbot, context, reviewed):
    tab = AutoQATab(context)
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    tab.show()
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT_MS):
        tab.load_filter(ReportFilter(*MARCH))
    # C-1 greets, C-2 does not; R1 agreed, R2 rated pass where the check failed
    proxy, greeting = tab.proxy, row_of(tab, "Greeting")
    texts = [proxy.index(greeting, c).data() for c in range(proxy.columnCount())]
    assert texts == ["Greeting", "2", "1", "1", "0", "50 %", "2", "50 %", "1", "0"]
    assert cell(tab, "Profanity", 6) == "0" and cell(tab, "Profanity", 7) == "–"
    assert tab.chart.categories[-1] == "Greeting"  # the first check on top
    assert tab.chart.fail_set.at(len(tab.chart.categories) - 1) == 50.0
    assert tab.chart.chart.title() and tab.chart.value_axis.titleText() == "Percent"

    # April: only C-3 started then, and it greets
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT_MS):
        tab.load_filter(ReportFilter(date(2026, 4, 1), date(2026, 4, 30)))
    assert cell(tab, "Greeting", FAILED) == "0" and cell(tab, "Greeting", 7) == "0 %"


def test_clicking_a_fail_count_lists_the_conversations_and_opens_one(qtbot, context, reviewed):
    tab = AutoQATab(context)
    qtbot.addWidget(tab)
    tab.show()
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT_MS):
        tab.load_filter(ReportFilter(*MARCH))
    proxy, greeting = tab.proxy, row_of(tab, "Greeting")
    assert tab.open_behind(proxy.index(greeting, CHECK)) is None  # a name opens nothing
    rect = tab.table.visualRect(proxy.index(greeting, FAILED))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = tab.dialog
    assert dialog is not None and dialog.windowTitle() == "Conversations that failed: Greeting"
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=WAIT_MS)
    assert dialog.conversation_ids() == [reviewed["C-2"]]
    assert dialog.summary.text().startswith("1 conversation started between")
    with qtbot.waitSignal(context.sig_open_conversation) as opened:
        dialog.table.doubleClicked.emit(dialog.proxy.index(0, 0))
    assert opened.args == [reviewed["C-2"]]


def test_the_reports_page_has_the_tab_and_fills_it_for_its_period(qtbot, context, reviewed):
    page = ReportsPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    with qtbot.waitSignal(page.autoqa.sig_loaded, timeout=WAIT_MS):
        page.period.set_period(*MARCH)
    assert page.tabs.tabText(4) == "Automatic checks"
    assert page.autoqa.model.filter == ReportFilter(*MARCH)
    assert cell(page.autoqa, "Greeting", FAILED) == "1"
    wait_for_idle()


# --- the conversations browser ----------------------------------------------------------------


def test_the_browser_filters_on_a_failed_check(qtbot, context, db, data_dir):
    ids = fill(db, data_dir)
    run_pending(db)
    page = ConversationsPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    settle(qtbot, page)
    panel = page.filters
    assert panel.failed_check.itemText(0) == "Any outcome"
    panel.failed_check.setCurrentIndex(panel.failed_check.findData("closing"))
    settle(qtbot, page)
    assert sorted(shown_ids(page)) == ["C-01", "C-02", "C-04", "C-07", "C-08"]
    assert page.state.filter.failed_check == "closing"
    assert page.filters_button.text() == "Filters (1)"
    assert panel.failed_check.currentText() == "Failed: Closing"
    panel.clear_button.click()
    settle(qtbot, page)
    assert panel.failed_check.currentIndex() == 0 and page.model.rowCount() == len(ids)
    wait_for_idle()


# --- reviewer capacity on the Sampling page ---------------------------------------------------


def test_the_form_has_a_capacity_for_each_ticked_reviewer(qtbot):
    form = RuleForm()
    qtbot.addWidget(form)
    form.show()
    people = [
        UserInfo(1, "Rita Stone", "rita@example.com", "reviewer"),
        UserInfo(2, "sam", None, "reviewer"),
    ]
    form.set_choices(FormChoices(reviewers=people))
    assert not form.capacity_box.isVisible()
    form.reviewers.item(0).setCheckState(Qt.CheckState.Checked)
    assert form.capacity_box.isVisible()
    rita, sam = form.capacities["rita@example.com"], form.capacities["sam"]
    assert rita.isVisible() and not sam.isVisible()
    assert rita.text() == "No limit" and form.rule().assign.capacity == ()
    with qtbot.waitSignal(form.sig_changed):
        rita.setValue(4)
    assert form.rule().assign.reviewers == ("rita@example.com",)
    assert form.rule().assign.capacity == (("rita@example.com", 4),)

    form.reviewers.item(1).setCheckState(Qt.CheckState.Checked)
    sam.setValue(2)
    rule = form.rule()
    assert rule.assign.capacity == (("rita@example.com", 4), ("sam", 2))
    # shown again from a saved rule (names in any letter case), and kept when lists refresh
    form.set_rule(SampleRule())
    assert form.rule().assign.capacity == () and not form.capacity_box.isVisible()
    form.set_rule(replace(rule, assign=AssignOptions(("Rita Stone", "SAM"), (("rita stone", 7),))))
    assert form.capacities["rita@example.com"].value() == 7 and sam.value() == 0
    assert form.rule().assign.capacity == (("rita@example.com", 7),)
    form.set_choices(FormChoices(reviewers=people))
    assert form.rule().assign.capacity == (("rita@example.com", 7),)


def test_the_preview_keeps_each_reviewer_within_capacity(qtbot, context, db, data_dir):
    load(db, data_dir)
    page = shown_page(qtbot, context)
    page.form.period_from.setDate(QDate(2026, 10, 1))
    page.form.period_to.setDate(QDate(2026, 10, 31))
    page.form.size.setValue(2)
    tick(page, "sam", "Tess")
    key = next(k for k in page.form.capacities if k.casefold().startswith("sam"))
    page.form.capacities[key].setValue(2)
    settled(qtbot, page)
    assert page.preview.reviewers.rows == [("sam", "2", "2"), ("Tess", "10", "–")]
    wait_for_idle()
    QApplication.processEvents()


def test_a_panel_outside_any_screen_shows_no_checks(qtbot, db, two):
    """Without a screen round it the panel has no database to read and no transcript to scroll."""
    run_pending(db)
    panel = ContextPanel()
    qtbot.addWidget(panel)
    panel.show()
    assert panel.app_context() is None
    with db.reader() as session:
        panel.conversation_id = session.scalar(select(Conversation.id).limit(1))
    panel.show_checks()
    assert panel.autoqa.isHidden() and panel.show_evidence(0) is False
