"""Importing from the window as a user does: drop or choose files, look at the preview, say what
the columns of an unknown CSV hold, import with progress and Cancel, read the report."""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import func, select

from qa_desk.changes import Changes
from qa_desk.cli import main as cli_main
from qa_desk.db import Database
from qa_desk.db.models import Conversation
from qa_desk.users import sign_in
from tests.helpers import conversation, write_jsonl
from ui.context import AppContext
from ui.import_flow import ImportFlow
from ui.importing.column_memory import GROUP
from ui.importing.worker import (
    CANCELLED,
    FAILED,
    IMPORTED,
    LEFT_OUT,
    NOT_IMPORTED,
    FileImport,
    import_each,
)
from ui.main_window import MainWindow
from ui.operations import wait_for_idle

LEFT = Qt.MouseButton.LeftButton
BIG = 30_000  # conversations in the generated large export


@pytest.fixture
def context(db: Database) -> AppContext:
    with db.session() as session:
        user = sign_in(session, "Olena Kovalenko", "olena@example.org", "manager")
    return AppContext(db, user)


@pytest.fixture
def window(qtbot, context: AppContext) -> Iterator[MainWindow]:
    main = MainWindow(context, [])
    qtbot.addWidget(main)
    main.show()
    yield main
    wait_for_idle()
    QApplication.processEvents()
    main.close()


@pytest.fixture
def flow(window: MainWindow) -> ImportFlow:
    return window.importer


@pytest.fixture(scope="module")
def big_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("große-导出")
    return write_jsonl(folder / "big.jsonl", [conversation(f"B-{i}") for i in range(BIG)])


def stored_ids(db: Database) -> set[str]:
    with db.reader() as session:
        return set(session.scalars(select(Conversation.external_id)))


def stored_count(db: Database) -> int:
    with db.reader() as session:
        return session.scalar(select(func.count()).select_from(Conversation)) or 0


def open_preview(qtbot, flow: ImportFlow, paths: list[Path]):
    assert flow.start([str(p) for p in paths])
    qtbot.waitUntil(lambda: flow.preview_dialog is not None, timeout=10_000)
    assert flow.preview_dialog is not None
    return flow.preview_dialog


def click_import(qtbot, flow: ImportFlow, timeout: int = 60_000):
    dialog = flow.preview_dialog
    assert dialog is not None and dialog.import_button.isEnabled()
    with qtbot.waitSignal(flow.sig_finished, timeout=timeout) as finished:
        qtbot.mouseClick(dialog.import_button, LEFT)
    return finished.args[0]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


# --- preview and import ------------------------------------------------------------------------


def test_preview_shows_the_first_conversations_then_import_reports_and_notifies(
    qtbot, flow: ImportFlow, context: AppContext, data_dir: Path
) -> None:
    items = [conversation(f"T-{i}") for i in range(25)]
    items[0]["agent"] = {"name": "Олена Коваленко"}
    path = write_jsonl(data_dir / "chats.jsonl", items)
    dialog = open_preview(qtbot, flow, [path])

    panel = dialog.panels[0]
    assert dialog.isVisible() and panel.problem.isHidden()
    assert panel.table.rowCount() == 20
    row = [panel.table.item(0, c).text() for c in range(panel.table.columnCount())]
    assert row[0] == "T-0" and row[2] == "Олена Коваленко" and row[3] == "chat"
    assert row[4] == "2" and row[5] == "Hi, my parcel has not arrived."
    assert row[1]  # the start time, in the user's locale
    assert "Native JSONL" in panel.format_combo.currentText()
    assert "the first 20" in panel.footer.text()
    assert stored_count(context.db) == 0  # a preview stores nothing

    changes: list[Changes] = []
    context.sig_changed.connect(changes.append)
    outcome = click_import(qtbot, flow)

    assert stored_count(context.db) == 25
    assert changes == [Changes(conversations=True)]
    assert outcome.files[0].status == IMPORTED and outcome.files[0].counts.added == 25
    report = flow.report_dialog
    assert report is not None and report.isVisible()
    assert report.windowTitle() == "Import finished"
    assert "25 added, 0 updated, 0 unchanged" in report.headline.text()
    assert report.table.item(0, 0).text() == "chats.jsonl"
    assert report.table.item(0, 2).text() == "25"
    qtbot.mouseClick(report.close_button, LEFT)
    assert flow.report_dialog is None and not flow.busy

    # the same export again changes nothing, and says so
    dialog = open_preview(qtbot, flow, [path])
    outcome = click_import(qtbot, flow)
    assert outcome.files[0].counts.unchanged == 25
    assert flow.report_dialog is not None
    assert "0 added, 0 updated, 25 unchanged" in flow.report_dialog.headline.text()
    assert len(changes) == 1  # nothing changed, no screen needs to refresh


def test_several_files_at_once_and_a_bad_one_is_left_out(
    qtbot, flow: ImportFlow, context: AppContext, data_dir: Path
) -> None:
    a = write_jsonl(data_dir / "a.jsonl", [conversation("A-1"), conversation("A-2")])
    b = write_jsonl(data_dir / "b.jsonl", [conversation("B-1")])
    bad_items = [conversation("X-1")]
    bad_items[0]["messages"][0]["role"] = "operator"
    bad = write_jsonl(data_dir / "bad.jsonl", bad_items)
    dialog = open_preview(qtbot, flow, [a, bad, b])

    assert dialog.tabs.count() == 3 and dialog.tabs.tabBar().isVisible()
    problem = dialog.panels[1].problem_text.text()
    assert problem.startswith(f"{bad}:1: messages[0].role: 'operator' is not a role")
    assert not dialog.panels[1].problem.isHidden()
    assert "1 of 3" in dialog.heading.text()
    assert [p.path for p in dialog.importable()] == [str(a), str(b)]

    outcome = click_import(qtbot, flow)
    assert [f.status for f in outcome.files] == [IMPORTED, IMPORTED, LEFT_OUT]
    assert stored_ids(context.db) == {"A-1", "A-2", "B-1"}
    report = flow.report_dialog  # the report names the file left out, and why
    assert report is not None and "1 file with a problem left out" in report.headline.text()
    assert [report.table.item(r, 0).text() for r in range(3)] == ["a.jsonl", "b.jsonl", "bad.jsonl"]
    assert report.table.item(2, 1).text() == "Left out: it had a problem"
    assert "'operator' is not a role" in report.table.item(2, 1).toolTip()


def test_cancelling_the_preview_imports_nothing(qtbot, flow: ImportFlow, data_dir: Path) -> None:
    path = write_jsonl(data_dir / "chats.jsonl", [conversation("A")])
    dialog = open_preview(qtbot, flow, [path])
    assert not flow.start([str(path)])  # one import at a time
    dialog.reject()
    assert flow.preview_dialog is None and not flow.busy
    assert stored_count(flow.context.db) == 0


def test_a_bad_line_in_the_middle_stops_with_the_command_line_message_and_stores_nothing(
    qtbot, flow: ImportFlow, context: AppContext, data_dir: Path, capsys
) -> None:
    items = [conversation(f"T-{i}") for i in range(300)]
    items[149]["messages"][1]["at"] = "yesterday-ish"
    path = write_jsonl(data_dir / "chats.jsonl", items)
    dialog = open_preview(qtbot, flow, [path])
    assert dialog.panels[0].problem.isHidden()  # the first conversations are fine

    outcome = click_import(qtbot, flow)

    assert outcome.files[0].status == FAILED
    assert stored_count(context.db) == 0
    report = flow.report_dialog
    assert report is not None and report.windowTitle() == "Import stopped"
    assert "Nothing from that file was imported" in report.headline.text()
    shown = report.error_text.toPlainText()
    assert shown.startswith(f"{path}:150: messages[1].at: ")
    assert report.table.item(0, 1).text() == "Problem: nothing imported"
    # exactly what the command line says
    assert cli_main(["--db", context.db.url, "import", str(path)]) == 2
    assert capsys.readouterr().err.strip() == f"qa-desk: {shown}"


# --- CSV columns -------------------------------------------------------------------------------

HEADER = ["Case Nr", "Party", "Utterance text", "Mood", "Handled by"]
ROWS = [
    ["A-1", "customer", "My card was charged twice", "angry", "Dana"],
    ["A-1", "agent", "Let me look at that", "", "Dana"],
    ["A-2", "customer", "Password reset?", "calm", "Sam"],
]


def test_unknown_csv_columns_are_asked_for_remembered_and_changeable(
    qtbot, flow: ImportFlow, context: AppContext, data_dir: Path
) -> None:
    first = write_csv(data_dir / "tool-export.csv", [HEADER, *ROWS])
    dialog = open_preview(qtbot, flow, [first])
    panel = dialog.panels[0]
    assert "QA Desk does not know what these columns hold" in panel.problem_text.text()
    assert not dialog.import_button.isEnabled()

    qtbot.waitUntil(lambda: flow.mapping_dialog is not None)  # asked at once
    mapping = flow.mapping_dialog
    assert mapping is not None and mapping.isVisible()
    assert mapping.table.item(2, 0).text() == "Utterance text"
    assert "Password reset?" in mapping.table.item(2, 1).text()  # example values
    assert not mapping.ok_button.isEnabled()
    assert "Conversation ID" in mapping.status.text()
    mapping.choose("Case Nr", "conversation_id")
    mapping.choose("Party", "role")
    mapping.choose("Mood", "text")
    mapping.choose("Utterance text", "text")
    assert not mapping.ok_button.isEnabled()
    assert "more than one column: Utterance text, Mood" in mapping.status.text()
    mapping.choose("Mood", "")
    mapping.choose("Handled by", "agent")
    assert mapping.ok_button.isEnabled()
    qtbot.mouseClick(mapping.ok_button, LEFT)

    qtbot.waitUntil(lambda: panel.preview.importable)
    assert flow.mapping_dialog is None
    assert panel.table.rowCount() == 2 and panel.table.item(0, 2).text() == "Dana"
    assert "Message text ← Utterance text" in panel.columns_label.text()
    outcome = click_import(qtbot, flow)
    assert outcome.files[0].counts.added == 2
    assert stored_ids(context.db) == {"A-1", "A-2"}
    flow.report_dialog.close()
    assert QSettings().allKeys() and any(k.startswith(GROUP) for k in QSettings().allKeys())

    # the next export with the same columns (written differently) imports without asking
    second = write_csv(
        data_dir / "next-week.csv",
        [[h.upper() for h in HEADER], ["A-3", "customer", "Hello again", "", "Kim"]],
    )
    dialog = open_preview(qtbot, flow, [second])
    panel = dialog.panels[0]
    assert flow.mapping_dialog is None and panel.preview.importable
    assert "As you chose them" in panel.columns_label.text()
    assert panel.table.item(0, 5).text() == "Hello again"

    # ... and the choice can still be changed from the preview
    qtbot.mouseClick(panel.columns_button, LEFT)
    qtbot.waitUntil(lambda: flow.mapping_dialog is not None)
    mapping = flow.mapping_dialog
    assert mapping.columns()["UTTERANCE TEXT"] == "text"
    mapping.choose("HANDLED BY", "team")
    qtbot.mouseClick(mapping.ok_button, LEFT)
    qtbot.waitUntil(lambda: "Team ← HANDLED BY" in panel.columns_label.text())
    click_import(qtbot, flow)
    assert stored_ids(context.db) == {"A-1", "A-2", "A-3"}


def test_cancelling_the_column_question_leaves_the_file_out(
    qtbot, flow: ImportFlow, data_dir: Path
) -> None:
    path = write_csv(data_dir / "tool-export.csv", [HEADER, *ROWS])
    dialog = open_preview(qtbot, flow, [path])
    qtbot.waitUntil(lambda: flow.mapping_dialog is not None)
    flow.mapping_dialog.reject()
    assert flow.mapping_dialog is None
    assert not dialog.import_button.isEnabled()
    assert dialog.panels[0].columns_button.text() == "Choose &columns…"


# --- long imports: Cancel and a responsive window ----------------------------------------------


def test_cancel_during_a_large_import_leaves_nothing(
    qtbot, flow: ImportFlow, context: AppContext, big_export: Path
) -> None:
    open_preview(qtbot, flow, [big_export])
    dialog = flow.preview_dialog
    qtbot.mouseClick(dialog.import_button, LEFT)
    qtbot.waitUntil(
        lambda: (
            flow.operation is not None
            and flow.operation.dialog is not None
            and flow.operation.dialog.isVisible()
            and flow.operation.dialog.value() > 0
        ),
        timeout=30_000,
    )
    progress = flow.operation.dialog
    assert "big.jsonl" in progress.labelText()
    cancel = progress.findChild(QPushButton)
    with qtbot.waitSignal(flow.sig_finished, timeout=60_000) as finished:
        qtbot.mouseClick(cancel, LEFT)
    outcome = finished.args[0]
    assert outcome.cancelled and outcome.files[0].status == CANCELLED
    assert stored_count(context.db) == 0
    assert flow.report_dialog is not None
    assert flow.report_dialog.windowTitle() == "Import cancelled"


def test_the_window_stays_responsive_during_a_large_import(
    qtbot, flow: ImportFlow, context: AppContext, big_export: Path
) -> None:
    open_preview(qtbot, flow, [big_export])
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    try:
        outcome = click_import(qtbot, flow, timeout=120_000)
    finally:
        timer.stop()
    assert outcome.files[0].counts.added == BIG
    gaps = [later - earlier for earlier, later in pairwise(ticks)]
    assert len(ticks) > 50
    assert max(gaps) < 0.1, f"the window froze for {max(gaps) * 1000:.0f} ms"


# --- ways in: drop and Ctrl+O ------------------------------------------------------------------


def test_files_dropped_on_the_window_are_previewed(
    qtbot, window: MainWindow, flow: ImportFlow, data_dir: Path
) -> None:
    path = write_jsonl(data_dir / "dropped.jsonl", [conversation("D-1")])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPoint(10, 10).toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: flow.preview_dialog is not None)
    assert flow.preview_dialog.panels[0].preview.path == str(path)
    flow.preview_dialog.reject()


def test_ctrl_o_asks_for_files(
    qtbot, window: MainWindow, flow: ImportFlow, data_dir: Path, monkeypatch
) -> None:
    path = write_jsonl(data_dir / "chosen.jsonl", [conversation("C-1")])
    monkeypatch.setattr(flow, "choose_files", lambda: [str(path)])
    window.import_action.trigger()
    qtbot.waitUntil(lambda: flow.preview_dialog is not None)
    click_import(qtbot, flow)
    assert stored_ids(flow.context.db) == {"C-1"}


# --- the worker, without a window --------------------------------------------------------------


def test_import_each_says_what_happened_to_every_file(db: Database, data_dir: Path) -> None:
    good = write_jsonl(data_dir / "good.jsonl", [conversation("G-1")])
    bad = data_dir / "bad.jsonl"
    bad.write_text(json.dumps(conversation("X-1")) + "\n{not json\n", encoding="utf-8")
    never = write_jsonl(data_dir / "never.jsonl", [conversation("N-1")])
    seen: list[tuple[int, int, str]] = []
    outcome = import_each(
        db,
        [FileImport(str(p), "auto") for p in (good, bad, never)],
        progress=lambda done, total, message: seen.append((done, total, message)),
    )
    assert [f.status for f in outcome.files] == [IMPORTED, FAILED, NOT_IMPORTED]
    assert str(outcome.error).startswith(f"{bad}:2: not valid JSON")
    assert stored_ids(db) == {"G-1"}
    assert outcome.totals.added == 1 and outcome.changed_database
    assert ("Importing bad.jsonl (2 of 3)") in {m for _, _, m in seen}
    assert all(done <= total for done, total, _ in seen)
