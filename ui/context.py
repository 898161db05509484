"""What every screen of the window shares: the database, the signed-in user, change notifications."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoGroup

from qa_desk.changes import Changes
from qa_desk.db import Database
from qa_desk.users import UserInfo


class AppContext(QObject):
    """The open database and the person using the window.

    Screens never keep a database session: they open one per action (``db.session()`` to write,
    ``db.reader()`` to read) and listen to :attr:`sig_changed` to refresh what they show.

    Attributes:
        db: the open database.
        user: the signed-in user (None until the first-run dialog has been answered).
        undo_group: the undo stacks of the pages; the page in use makes its stack active, and the
            Edit menu's Undo and Redo act on it.
    """

    sig_changed = Signal(object)  # Changes
    sig_user_changed = Signal(object)  # UserInfo
    sig_open_conversation = Signal(int)  # conversation id, to review in the workspace

    def __init__(self, db: Database, user: UserInfo | None = None):
        super().__init__()
        self.db = db
        self.user = user
        self.undo_group = QUndoGroup(self)

    def set_user(self, user: UserInfo) -> None:
        self.user = user
        self.sig_user_changed.emit(user)

    def changed(self, changes: Changes) -> None:
        """Tell every screen what an operation changed."""
        self.sig_changed.emit(changes)

    def open_conversation(self, conversation_id: int) -> None:
        """Show the conversation in the review workspace."""
        self.sig_open_conversation.emit(conversation_id)
