"""The agent's past coaching sessions, most recent first; double-click or Enter opens one to edit."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from qa_desk.coaching import CoachingSessionInfo
from ui.analysis.plural import plural
from ui.coaching.action_items_view import day_text

SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class SessionsView(QListWidget):
    """One row per session: day, coach, reviews discussed, action items (how many still open),
    and the start of the notes. ``sessions`` holds what is shown."""

    sig_open_session = Signal(int)  # coaching session id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.sessions: list[CoachingSessionInfo] = []
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setToolTip(self.tr("Double-click a session to open it"))
        self.itemActivated.connect(self._activated)

    def set_sessions(self, sessions: list[CoachingSessionInfo]) -> None:
        self.clear()
        self.sessions = list(sessions)
        for info in sessions:
            entry = QListWidgetItem(self._text(info))
            entry.setData(SESSION_ID_ROLE, info.id)
            entry.setToolTip(info.notes or self.tr("No notes"))
            self.addItem(entry)
        if not sessions:
            empty = QListWidgetItem(
                self.tr("No coaching sessions yet. Start one with “New coaching session”.")
            )
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(empty)

    def _text(self, info: CoachingSessionInfo) -> str:
        open_items = sum(1 for item in info.action_items if not item.done)
        reviews, items = len(info.review_ids), len(info.action_items)
        first = self.tr("{0} with {1} · {2} · {3} ({4} open)").format(
            day_text(info.held_on),
            info.coach_name,
            plural(self.tr("%n review(s) discussed", "", reviews), reviews),
            plural(self.tr("%n action item(s)", "", items), items),
            open_items,
        )
        notes = " ".join(info.notes.split())
        if len(notes) > 140:
            notes = notes[:139] + "…"
        return f"{first}\n{notes}" if notes else first

    def _activated(self, entry: QListWidgetItem) -> None:
        session_id = entry.data(SESSION_ID_ROLE)
        if session_id is not None:
            self.sig_open_session.emit(int(session_id))
