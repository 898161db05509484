"""Settings: the database in use, who you are, and data to start with."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from qa_desk import __version__
from qa_desk.changes import Changes
from qa_desk.config import ENV_DB, default_database_path
from qa_desk.db.models import Conversation, Review
from qa_desk.db.models import Rubric as RubricRow
from ui.context import AppContext
from ui.first_run import change_identity
from ui.welcome import load_demo_data


class SettingsPage(QWidget):
    """What QA Desk is working with, and how to change it.

    Attributes:
        context: the shared database and user.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context

        database_box = QGroupBox(self.tr("Database"))
        self.database = QLabel(context.db.display_name)
        self.database.setWordWrap(True)
        self.database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts = QLabel()
        hint = QLabel(
            self.tr(
                "Start QA Desk with --db PATH_OR_URL, or set {0}, to open another database "
                "(a SQLite file, or a shared PostgreSQL server). The default is {1}."
            ).format(ENV_DB, default_database_path())
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        self.open_folder = QPushButton(self.tr("Show in folder"))
        self.open_folder.setEnabled(context.db.is_sqlite)
        self.open_folder.clicked.connect(self.show_folder)
        self.demo = QPushButton(self.tr("Load demo data"))
        self.demo.setToolTip(
            self.tr("Adds the bundled demo conversations and reviews (again: nothing is doubled).")
        )
        self.demo.clicked.connect(lambda: load_demo_data(self, context))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder)
        buttons.addWidget(self.demo)
        buttons.addStretch()
        form = QFormLayout(database_box)
        form.addRow(self.tr("In use:"), self.database)
        form.addRow(self.tr("Holds:"), self.counts)
        form.addRow("", buttons)
        form.addRow("", hint)

        user_box = QGroupBox(self.tr("You"))
        self.user = QLabel()
        change = QPushButton(self.tr("Change…"))
        change.clicked.connect(self.change_user)
        user_row = QHBoxLayout()
        user_row.addWidget(self.user, 1)
        user_row.addWidget(change)
        user_form = QFormLayout(user_box)
        user_form.addRow(self.tr("Signed in as:"), user_row)

        about = QLabel(
            self.tr(
                "QA Desk {0}. The window follows your system's light or dark scheme and language."
            ).format(__version__)
        )
        about.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(database_box)
        layout.addWidget(user_box)
        layout.addWidget(about)
        layout.addStretch()
        context.sig_user_changed.connect(self.show_user)
        context.sig_changed.connect(self.refresh)
        self.show_user()
        self.refresh()

    def show_user(self, *_args: object) -> None:
        user = self.context.user
        self.user.setText(
            f"{user.name} · {user.email or '—'} · {self.tr(user.role)}" if user else "—"
        )

    def refresh(self, _changes: Changes | None = None) -> None:
        with self.context.db.reader() as session:
            conversations = session.scalar(select(func.count(Conversation.id))) or 0
            reviews = (
                session.scalar(select(func.count(Review.id)).where(Review.status == "submitted"))
                or 0
            )
            rubrics = session.scalar(select(func.count(RubricRow.id))) or 0
        self.counts.setText(
            self.tr("{0} conversations, {1} submitted reviews, {2} rubrics").format(
                f"{conversations:,}", f"{reviews:,}", f"{rubrics:,}"
            )
        )

    def change_user(self) -> None:
        change_identity(self, self.context)

    def show_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.context.db.display_name).parent)))
