"""The main window as a user meets it: who they are, the side bar, menus, remembered geometry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from sqlalchemy import select

from qa_desk import __version__
from qa_desk.changes import Changes
from qa_desk.db.models import User
from qa_desk.users import sign_in
from ui.app import apply_locale, build_window
from ui.first_run import IdentityDialog, remembered_identity
from ui.main_window import MainWindow

PAGES = [
    "Queue", "Conversations", "Sampling", "Coaching", "Calibration", "Disputes", "Reports", "Rubrics",
    "Settings",
]  # fmt: skip


@pytest.fixture
def window(qtbot, db) -> Iterator[MainWindow]:
    with db.session() as session:
        sign_in(session, "Olena Kovalenko", "olena@example.org", "reviewer")
    QSettings().setValue("user/name", "Olena Kovalenko")
    QSettings().setValue("user/role", "reviewer")
    main = build_window(db, ask=False)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.close()


def test_first_run_asks_who_you_are_and_remembers_it(qtbot, db):
    assert remembered_identity() is None
    dialog = IdentityDialog(db)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()  # a name is needed
    qtbot.keyClicks(dialog.name, "Wei Zhang")  # QTest types ASCII only
    dialog.name.insert(" 张伟")
    dialog.email.setText("wei@example.org")
    dialog.role.setCurrentIndex(dialog.role.findData("coach"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == IdentityDialog.DialogCode.Accepted
    with db.reader() as session:
        user = session.scalars(select(User)).one()
    assert (user.name, user.email, user.role) == ("Wei Zhang 张伟", "wei@example.org", "coach")
    assert remembered_identity() == ("Wei Zhang 张伟", "wei@example.org", "coach")

    main = build_window(db, ask=False)  # the next start signs the same person in
    qtbot.addWidget(main)
    assert main.context.user is not None and main.context.user.id == user.id
    assert main.user_label.text() == "Signed in as Wei Zhang 张伟 (coach)"


def test_a_bad_email_is_refused_in_the_dialog(qtbot, db):
    dialog = IdentityDialog(db)
    qtbot.addWidget(dialog)
    dialog.name.setText("Omar")
    dialog.email.setText("not an address")
    dialog.accept()
    assert dialog.result() != IdentityDialog.DialogCode.Accepted
    assert "is not an e-mail address" in dialog.error.text()


def test_side_bar_lists_every_page_and_ctrl_digit_switches(qtbot, window):
    titles = [window.side_bar.item(i).text() for i in range(window.side_bar.count())]
    assert titles == PAGES
    assert window.current_key() == "queue"
    go_actions = {a.text(): a for a in window.menuBar().actions()[2].menu().actions()}
    assert go_actions["Rubrics"].shortcut() == QKeySequence("Ctrl+8")
    assert go_actions["Settings"].shortcut() == QKeySequence("Ctrl+9")
    go_actions["Reports"].trigger()
    assert window.current_key() == "reports"
    assert window.stack.currentWidget() is window.pages["reports"]
    page_text = " ".join(label.text() for label in window.pages["disputes"].findChildren(QLabel))
    assert "not available yet" in page_text


def test_standard_shortcuts(window):
    assert window.import_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert window.find_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert window.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert QKeySequence("Ctrl+Shift+Z") in window.redo_action.shortcuts()
    help_action = window.menuBar().actions()[-1].menu().actions()[0]
    assert help_action.shortcut() == QKeySequence("F1")


def test_about_box_shows_the_version(qtbot, window):
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(100, read_and_close)
    window.show_about()
    assert seen and f"QA Desk {__version__}" in seen[0]


def test_status_bar_names_the_database_and_the_user(window, db):
    assert db.display_name in window.database_label.text()
    assert window.user_label.text() == "Signed in as Olena Kovalenko (reviewer)"


def test_window_size_is_remembered(qtbot, db, window):
    window.resize(1000, 640)
    window.close()

    again = build_window(db, ask=False)
    qtbot.addWidget(again)
    again.show()
    # the width is clamped to the offscreen test screen (800 px) and the pages' minimum width
    assert again.height() == 640
    assert again.width() >= min(1000, again.screen().availableGeometry().width())


def test_settings_page_shows_what_the_database_holds(window, db):
    page = window.show_page("settings")
    assert db.display_name in page.database.text()
    assert page.counts.text() == "0 conversations, 0 submitted reviews, 0 rubrics"
    assert "Olena Kovalenko" in page.user.text()


def test_the_window_is_laid_out_right_to_left_in_arabic(qtbot, db):
    app = QApplication.instance()
    before = QLocale()
    try:
        apply_locale(app, QLocale(QLocale.Language.Arabic, QLocale.Country.Egypt))
        main = build_window(db, ask=False)
        qtbot.addWidget(main)
        main.show()
        assert main.layoutDirection() == Qt.LayoutDirection.RightToLeft
        # the side bar sits on the right: the reading start of a right-to-left window
        assert main.side_bar.mapTo(main, main.side_bar.rect().topLeft()).x() > main.width() / 2
    finally:
        apply_locale(app, before)  # and Qt's own texts in that language again, not in Arabic
    assert app.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_quitting_with_an_unsaved_rubric_edit_asks_first(qtbot, window, db, monkeypatch):
    from qa_desk.rubric_store import add_shipped_rubrics, list_versions

    with db.session() as session:
        add_shipped_rubrics(session)
    page = window.show_page("rubrics")
    page.versions.refresh()
    page.versions.select("small-team", 1)
    assert page.edit_selected()
    page.editor.name_edit.setText("Small team, renamed")
    page.editor.name_edit.textEdited.emit("Small team, renamed")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: answers.pop(0))
    window.show_page("queue")

    window.close()  # Cancel: the window stays, on the page with the unsaved edit
    assert window.isVisible() and window.current_key() == "rubrics"
    window.close()  # Save: the edit becomes version 2, then the window closes
    assert not window.isVisible()
    with db.reader() as session:
        assert [v.version for v in list_versions(session) if v.key == "small-team"] == [1, 2]


def test_ctrl_f_searches_and_enter_on_a_row_opens_it_for_review(qtbot, window, db, data_dir):
    from qa_desk.ingest import import_file
    from tests.helpers import conversation, write_jsonl

    chats = [conversation(f"T-{i}") for i in range(3)]
    chats[1]["messages"][0]["text"] = "Замовлення не прийшло, потрібне повернення"
    import_file(db, write_jsonl(data_dir / "chats.jsonl", chats), "jsonl")
    window.context.changed(Changes(conversations=True))

    window.show_page("conversations")
    window.find_action.trigger()
    browser = window.pages["conversations"]
    assert browser.search.hasFocus() or QApplication.focusWidget() is browser.search
    browser.search.setText("повернення")
    qtbot.waitUntil(lambda: browser.model.rowCount() == 1, timeout=5000)

    browser.table.setFocus()
    browser.table.selectRow(0)
    qtbot.keyClick(browser.table, Qt.Key.Key_Return)

    assert window.current_key() == "queue"
    workspace = window.pages["queue"].workspace
    qtbot.waitUntil(lambda: workspace.state.detail is not None, timeout=5000)
    assert workspace.state.detail.external_id == "T-1"
    assert workspace.title_label.text() == chats[1]["subject"]


def test_an_empty_database_offers_the_demo_data_and_loads_it(qtbot, window, db):
    from qa_desk.demo import database_is_empty
    from ui.welcome import offer_data

    assert database_is_empty(db)
    changes: list[Changes] = []
    window.context.sig_changed.connect(changes.append)

    def choose_demo() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert "no conversations" in box.text()
        (demo,) = [b for b in box.buttons() if b.text() == "Load demo data"]
        demo.click()

    QTimer.singleShot(100, choose_demo)
    offer_data(window, window.context, window.importer)

    qtbot.waitUntil(lambda: bool(changes), timeout=60_000)
    assert not database_is_empty(db)
    assert window.pages["settings"].counts.text().startswith("2,")  # thousands of conversations


def empty_state_shown(qtbot, window: MainWindow):
    page = window.show_page("conversations")
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.empty, timeout=10_000)
    return page


def test_the_empty_conversations_page_offers_the_windows_import_and_the_demo(
    qtbot, window, db, monkeypatch
):
    from qa_desk.demo import database_is_empty

    page = empty_state_shown(qtbot, window)
    importing, demo = page.empty.action_buttons
    assert (importing.text(), demo.text()) == ("Import conversations", "Load demo data")
    assert importing.defaultAction() is window.import_action  # File → Import itself
    assert importing.isVisible() and demo.isVisible()

    asked: list[bool] = []
    monkeypatch.setattr(window.importer, "choose_files", lambda: asked.append(True) or [])
    with qtbot.waitSignal(window.import_action.triggered):
        qtbot.mouseClick(importing, Qt.MouseButton.LeftButton)
    assert asked == [True]  # the window's import flow asked which files to import

    changes: list[Changes] = []
    window.context.sig_changed.connect(changes.append)
    qtbot.mouseClick(demo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(changes), timeout=60_000)
    assert not database_is_empty(db)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.table, timeout=10_000)
    assert page.count_label.text() == "2,167 conversations"


def test_cancelling_the_demo_load_during_its_checks_leaves_the_database_empty(qtbot, window, db):
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from qa_desk.autoqa import PROGRESS_LABEL
    from qa_desk.demo import database_is_empty
    from ui.operations import wait_for_idle

    page = empty_state_shown(qtbot, window)
    changes: list[Changes] = []
    window.context.sig_changed.connect(changes.append)
    qtbot.mouseClick(page.empty.action_buttons[-1], Qt.MouseButton.LeftButton)
    dialog = page.findChild(QProgressDialog)
    qtbot.waitUntil(lambda: dialog.labelText().startswith(PROGRESS_LABEL), timeout=60_000)
    assert not database_is_empty(db)  # the conversations are in, their checks under way
    (cancel,) = dialog.findChildren(QPushButton)
    assert cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.findChild(QProgressDialog) is None, timeout=60_000)
    wait_for_idle()
    assert database_is_empty(db) and not changes
    assert page.stack.currentWidget() is page.empty
