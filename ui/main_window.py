"""The main window: what is in the database, and where the work is done."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget
from sqlalchemy import func, select

from qa_desk.db import Database
from qa_desk.db.models import Conversation, Review


class MainWindow(QMainWindow):
    """The application's main window, showing the open database in the status bar."""

    def __init__(self, db: Database):
        super().__init__()
        self.db = db
        self.setWindowTitle(self.tr("QA Desk"))
        central = QWidget()
        layout = QVBoxLayout(central)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        layout.addStretch()
        self.setCentralWidget(central)
        self.statusBar().showMessage(self.tr("Database: {0}").format(db.display_name))
        self.refresh()
        self.resize(1000, 700)

    def refresh(self) -> None:
        with self.db.reader() as session:
            conversations = session.scalar(select(func.count(Conversation.id))) or 0
            reviews = (
                session.scalar(select(func.count(Review.id)).where(Review.status == "submitted"))
                or 0
            )
        self.summary.setText(
            self.tr("{0} conversations, {1} submitted reviews").format(
                f"{conversations:,}", f"{reviews:,}"
            )
        )
