"""Starting the desktop application: the QApplication, the database, the user, the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from qa_desk import __version__
from qa_desk.config import database_url
from qa_desk.db import Database, open_database
from qa_desk.demo import database_is_empty
from qa_desk.errors import DatabaseTooNew
from ui.context import AppContext
from ui.first_run import IdentityDialog, sign_in_remembered
from ui.main_window import MainWindow
from ui.navigation import page_specs
from ui.welcome import offer_data

QT_TRANSLATOR = "qtbaseTranslator"
"""The name of the translator of Qt's own texts :func:`apply_locale` installs."""


def create_application(argv: list[str] | None = None) -> QApplication:
    """The application object, named (for QSettings) and set up for the user's language."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    QCoreApplication.setOrganizationName("QA Desk")
    QCoreApplication.setApplicationName("QA Desk")
    QCoreApplication.setApplicationVersion(__version__)
    apply_locale(app, QLocale.system())  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def apply_locale(app: QApplication, locale: QLocale) -> None:
    """Use ``locale`` for dates and numbers, Qt's own translations, and its writing direction
    (right to left for Arabic, Hebrew, Persian, Urdu)."""
    QLocale.setDefault(locale)
    for earlier in app.findChildren(QTranslator, QT_TRANSLATOR):  # another language's, before
        app.removeTranslator(earlier)
        earlier.deleteLater()
    translator = QTranslator(app)
    translator.setObjectName(QT_TRANSLATOR)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(locale, "qtbase", "_", folder):
        app.installTranslator(translator)
    QGuiApplication.setLayoutDirection(locale.textDirection())


def build_window(db: Database, ask: bool = True) -> MainWindow:
    """The main window on ``db`` with the remembered user signed in (asking who they are when
    nobody is remembered and ``ask`` is true)."""
    context = AppContext(db, sign_in_remembered(db))
    if context.user is None and ask:
        dialog = IdentityDialog(db)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.user is not None:
            context.set_user(dialog.user)
    return MainWindow(context, page_specs())


def main(db: str | None = None) -> int:
    """Open the main window on the database ``db`` (default: the user's SQLite file)."""
    app = create_application()
    try:
        database = open_database(database_url(db))
    except DatabaseTooNew as error:
        QMessageBox.critical(None, "QA Desk", str(error))
        return 1
    window = build_window(database)
    window.show()
    if database_is_empty(database):
        offer_data(window, window.context, window.importer)
    return app.exec()
