"""The main window: a side bar of pages, a menu bar with the standard shortcuts, and a status bar
naming the database and the signed-in user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from qa_desk import __version__
from ui import theme
from ui.autoqa_action import AutoQARunner
from ui.context import AppContext
from ui.first_run import change_identity
from ui.help import show_help
from ui.import_flow import ImportFlow

DEFAULT_SIZE = QSize(1280, 760)  # with its title bar, it fits a 1280 × 800 screen


@dataclass(frozen=True)
class PageSpec:
    """A side-bar entry: its key, title, icon and how to build its page."""

    key: str
    title: str
    icon: str
    build: Callable[[AppContext], QWidget]


class MainWindow(QMainWindow):
    """The application's main window.

    Attributes:
        context: the database, the user and change notifications shared by every page.
        pages: each page by its key.
    """

    sig_files_dropped = Signal(list)

    def __init__(self, context: AppContext, pages: list[PageSpec]):
        super().__init__()
        self.context = context
        self.pages: dict[str, QWidget] = {}
        self.setWindowTitle(self.tr("QA Desk"))
        self.setWindowIcon(theme.icon("clipboard-check-outline", theme.BLUE))
        self.setAcceptDrops(True)
        self.importer = ImportFlow(context, self)
        self.sig_files_dropped.connect(self.importer.start)

        self.side_bar = QListWidget()
        self.side_bar.setObjectName("sideBar")
        self.side_bar.setIconSize(QSize(20, 20))
        self.side_bar.setFrameShape(QListWidget.Shape.NoFrame)
        self.side_bar.setSpacing(2)
        self.stack = QStackedWidget()
        for spec in pages:
            page = spec.build(context)
            page.setObjectName(f"page_{spec.key}")
            self.pages[spec.key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(theme.icon(spec.icon), spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setSizeHint(QSize(150, 34))
            self.side_bar.addItem(item)
        self.side_bar.setFixedWidth(self.side_bar.sizeHintForColumn(0) + 28)
        self.side_bar.currentRowChanged.connect(self.stack.setCurrentIndex)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.side_bar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.database_label = QLabel(self.tr("Database: {0}").format(context.db.display_name))
        self.database_label.setToolTip(context.db.url)
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.database_label)
        self.statusBar().addPermanentWidget(self.user_label)
        context.sig_user_changed.connect(self._show_user)
        context.sig_open_conversation.connect(lambda _id: self.show_page("queue"))
        self._show_user()

        self._make_menus(pages)
        self.side_bar.setCurrentRow(0)
        self._restore_geometry()

    # --- menus ---------------------------------------------------------------------------------

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _make_menus(self, pages: list[PageSpec]) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu(self.tr("&File"))
        self.import_action = self._action(
            self.tr("&Import conversations…"), lambda: self.sig_files_dropped.emit([]),
            QKeySequence.StandardKey.Open,
        )  # fmt: skip
        self.import_action.setIcon(theme.icon("file-import-outline"))
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        self.quit_action = self._action(self.tr("&Quit"), self.close, QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.quit_action)

        edit_menu = menus.addMenu(self.tr("&Edit"))
        self.undo_action = self.context.undo_group.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.context.undo_group.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.find_action = self._action(
            self.tr("&Find…"), self.focus_search, QKeySequence.StandardKey.Find
        )
        edit_menu.addAction(self.find_action)

        go_menu = menus.addMenu(self.tr("&Go"))
        for number, spec in enumerate(pages, start=1):
            go_menu.addAction(
                self._action(spec.title, lambda key=spec.key: self.show_page(key), f"Ctrl+{number}")
            )
        tools_menu = menus.addMenu(self.tr("&Tools"))
        self.autoqa_runner = AutoQARunner(self.context, self)
        self.run_checks_action = self._action(
            self.tr("Run &automatic checks…"), self.autoqa_runner.start
        )
        self.run_checks_action.setIcon(theme.icon("robot-outline"))
        tools_menu.addAction(self.run_checks_action)

        settings_menu = menus.addMenu(self.tr("&Settings"))
        settings_menu.addAction(self._action(self.tr("Change &user…"), self.change_user))

        help_menu = menus.addMenu(self.tr("&Help"))
        help_menu.addAction(
            self._action(self.tr("QA Desk &help"), lambda: show_help(self), QKeySequence("F1"))
        )
        about = self._action(self.tr("&About QA Desk"), self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)

    # --- behaviour -----------------------------------------------------------------------------

    def current_key(self) -> str:
        item = self.side_bar.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    def show_page(self, key: str) -> QWidget:
        for row in range(self.side_bar.count()):
            if self.side_bar.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.side_bar.setCurrentRow(row)
        return self.pages[key]

    def focus_search(self) -> None:
        """Ctrl+F: the current page's search box (the conversation browser's when it has none)."""
        page = self.stack.currentWidget()
        if not hasattr(page, "focus_search"):
            page = self.show_page("conversations") if "conversations" in self.pages else page
        focus = getattr(page, "focus_search", None)
        if focus is not None:
            focus()

    def change_user(self) -> None:
        change_identity(self, self.context)

    def _show_user(self, *_args: object) -> None:
        user = self.context.user
        self.user_label.setText(
            self.tr("Signed in as {0} ({1})").format(user.name, self.tr(user.role))
            if user
            else self.tr("Not signed in")
        )

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About QA Desk"),
            self.tr(
                "<h3>QA Desk {0}</h3><p>Quality reviews of customer-support conversations: "
                "import, sample, score against a rubric, coach.</p><p>Everything stays in your own "
                "database.</p><p>Database: {1}</p>"
            ).format(__version__, self.context.db.display_name),
        )

    # --- drag and drop -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.sig_files_dropped.emit(paths)

    # --- geometry ------------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(DEFAULT_SIZE)

    def _confirm_unsaved(self) -> bool:
        """Give each page with unsaved work (the rubric editor) the chance to save it; False
        when the user chose to stay."""
        for key, page in self.pages.items():
            unsaved = getattr(page, "has_unsaved_changes", None)
            if unsaved is None or not unsaved():
                continue
            self.show_page(key)
            answer = QMessageBox.question(
                self,
                self.tr("Unsaved changes"),
                self.tr("The {0} page has changes that are not saved. Save them?").format(
                    self.side_bar.currentItem().text()
                ),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return False
            if answer == QMessageBox.StandardButton.Save:
                page.save()  # type: ignore[attr-defined]
                if unsaved():  # saving failed (e.g. the rubric has problems): stay
                    return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._confirm_unsaved():
            event.ignore()
            return
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        for page in self.pages.values():
            save = getattr(page, "save_state", None)
            if save is not None:
                save()
        super().closeEvent(event)
