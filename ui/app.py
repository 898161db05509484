"""Starting the desktop application: the QApplication, the database, the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from qa_desk import __version__
from qa_desk.config import database_url
from qa_desk.db import open_database
from qa_desk.errors import DatabaseTooNew


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    QCoreApplication.setOrganizationName("QA Desk")
    QCoreApplication.setApplicationName("QA Desk")
    QCoreApplication.setApplicationVersion(__version__)
    return app  # type: ignore[return-value]


def main(db: str | None = None) -> int:
    """Open the main window on the database ``db`` (default: the user's SQLite file)."""
    from ui.main_window import MainWindow

    app = create_application()
    try:
        database = open_database(database_url(db))
    except DatabaseTooNew as error:
        QMessageBox.critical(None, "QA Desk", str(error))
        return 1
    window = MainWindow(database)
    window.show()
    return app.exec()
