"""Tools ▸ Run automatic checks…: run the checks on demand from the window.

The window first counts, in the worker, the conversations never checked or changed since (and
all of them); asks which to check; runs the checks in the worker with a progress dialog and
Cancel (a cancel changes nothing: the run is one transaction); then tells every screen that
conversations changed, so the context panel, the Reports page and the browser show the new
results. The counting and the run are plain functions (:func:`count_scopes`, :func:`run_scope`)
tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget
from sqlalchemy import func, select

from qa_desk.autoqa import AutoQARun, all_conversations, pending_conversations, run_checks
from qa_desk.changes import Changes
from qa_desk.db import Database
from qa_desk.db.models import Conversation
from qa_desk.progress import CancelCheck, Progress, never_cancelled, no_progress
from ui.context import AppContext
from ui.operations import Operation, show_error

PENDING, ALL = "pending", "all"


def _count(value: int) -> str:
    return QLocale().toString(int(value))


@dataclass(frozen=True)
class Scopes:
    """How many conversations each choice would check."""

    pending: int
    total: int


def count_scopes(db: Database) -> Scopes:
    """Conversations never checked, changed since, or checked by older checks; and all of them."""
    with db.reader() as session:
        return Scopes(
            len(pending_conversations(session)),
            session.scalar(select(func.count(Conversation.id))) or 0,
        )


def run_scope(
    db: Database,
    scope: str,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> AutoQARun:
    """Check the conversations ``scope`` (:data:`PENDING` or :data:`ALL`) stands for."""
    with db.reader() as session:
        ids = pending_conversations(session) if scope == PENDING else all_conversations(session)
    return run_checks(db, ids, progress=progress, cancelled=cancelled)


class AutoQARunner(QObject):
    """Runs the automatic checks for the window's menu action.

    Attributes:
        context: the database and change notifications.
        window: where the question, the progress and the outcome are shown.
        operation: the run under way (None when idle).
        last_run: what the latest finished run did.
        last_message: the outcome as last told to the user.
    """

    sig_finished = Signal(object)  # AutoQARun, or None when cancelled

    def __init__(self, context: AppContext, window: QWidget):
        super().__init__(window)
        self.context = context
        self.window = window
        self.operation: Operation[AutoQARun] | None = None
        self.last_run: AutoQARun | None = None
        self.last_message = ""
        self.question: QMessageBox | None = None

    def start(self) -> None:
        """Count what there is to check, then ask (the menu action)."""
        if self.operation is not None:
            return
        db = self.context.db
        Operation(self.window, lambda _p, _c: count_scopes(db)).success(self.ask).run()

    def ask(self, scopes: Scopes) -> None:
        """Ask which conversations to check; nothing to check at all is said plainly."""
        if scopes.total == 0:
            self._tell(self.tr("There are no conversations to check yet. Import some first."))
            return
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Run automatic checks"))
        box.setText(self.tr("Which conversations should the automatic checks run on?"))
        box.setInformativeText(
            self.tr(
                "{0} of {1} conversations were never checked, changed since they were checked, "
                "or were checked by an older version of the checks. Checking again replaces "
                "earlier results; reviews are not changed."
            ).format(_count(scopes.pending), _count(scopes.total))
        )
        pending = box.addButton(
            self.tr("Unchecked or changed ({0})").format(_count(scopes.pending)),
            QMessageBox.ButtonRole.AcceptRole,
        )
        everything = box.addButton(
            self.tr("All conversations ({0})").format(_count(scopes.total)),
            QMessageBox.ButtonRole.AcceptRole,
        )
        box.addButton(QMessageBox.StandardButton.Cancel)
        pending.setEnabled(scopes.pending > 0)
        box.setDefaultButton(pending if scopes.pending else everything)
        self.question = box
        box.buttonClicked.connect(
            lambda button: self.run(
                PENDING if button is pending else ALL if button is everything else None
            )
        )
        box.finished.connect(box.deleteLater)
        box.open()

    def run(self, scope: str | None) -> Operation[AutoQARun] | None:
        """Run the checks on ``scope`` in the worker, with progress and Cancel (None: nothing)."""
        self.question = None
        if scope is None or self.operation is not None:
            return None
        db = self.context.db
        operation: Operation[AutoQARun] = Operation(
            self.window,
            lambda progress, cancelled: run_scope(db, scope, progress, cancelled),
            title=self.tr("Running automatic checks"),
        )
        operation.success(self._finished).cancelled(self._cancelled).failure(self._failed)
        self.operation = operation
        return operation.run()

    def _finished(self, run: AutoQARun) -> None:
        self.operation = None
        self.last_run = run
        failed = sum(counts["fail"] for counts in run.outcomes.values())
        self._tell(
            self.tr("Automatic checks ran on {0} conversations: {1} failed checks.").format(
                _count(run.conversations), _count(failed)
            )
        )
        if run.conversations:
            self.context.changed(Changes(conversations=True))
        self.sig_finished.emit(run)

    def _cancelled(self) -> None:
        self.operation = None
        self._tell(self.tr("Automatic checks cancelled: the earlier results are kept."))
        self.sig_finished.emit(None)

    def _failed(self, error: BaseException) -> None:
        self.operation = None
        show_error(self.window, error, self.tr("Run automatic checks"))
        self.sig_finished.emit(None)

    def _tell(self, message: str) -> None:
        self.last_message = message
        if isinstance(self.window, QMainWindow):
            self.window.statusBar().showMessage(message, 15_000)
