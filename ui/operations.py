"""Running core operations off the GUI thread, with a progress dialog, Cancel, and one place for errors.

A core operation is a plain function taking ``progress(done, total, message)`` and ``cancelled()``
(see :mod:`qa_desk.progress`). :class:`Operation` runs it on one shared worker thread (so database
writes from the window never race each other), shows a progress dialog when it takes longer than a
moment, and brings the result or the error back to the GUI thread::

    Operation(self, lambda progress, cancelled: import_file(db, path, progress=progress,
              cancelled=cancelled), title=self.tr("Importing")).success(self.imported).run()
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from qa_desk.errors import Cancelled, InputError
from qa_desk.progress import CancelCheck, Progress

T = TypeVar("T")
Work = Callable[[Progress, CancelCheck], T]

_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qa-desk-worker")
_running: set[Operation[Any]] = set()
PROGRESS_INTERVAL = 0.05  # seconds between progress updates sent to the window


def wait_for_idle(timeout: float = 30.0) -> None:
    """Block until the worker has finished what it was given (for tests and for quitting)."""
    _executor.submit(lambda: None).result(timeout)


def show_error(parent: QWidget | None, error: BaseException, title: str = "QA Desk") -> None:
    """Tell the user what went wrong: bad input as a warning listing each problem, anything else as
    an error with the details folded away."""
    if isinstance(error, InputError):
        QMessageBox.warning(parent, title, str(error))
        return
    box = QMessageBox(
        QMessageBox.Icon.Critical, title, f"{type(error).__name__}: {error}", parent=parent
    )
    box.setDetailedText("".join(traceback.format_exception(error)))
    box.exec()


class _Signals(QObject):
    """Signals living in the GUI thread; emitted from the worker they arrive queued."""

    sig_progress = Signal(int, int, str)
    sig_done = Signal(object)
    sig_failed = Signal(object)


class Operation(QObject, Generic[T]):
    """One core operation run in the background.

    Attributes:
        title: the progress dialog's title; None runs without a dialog (quick work).
        cancellable: whether the dialog has a Cancel button.
    """

    def __init__(
        self,
        parent: QWidget | None,
        work: Work[T],
        title: str | None = None,
        cancellable: bool = True,
    ):
        super().__init__(parent)
        self.parent_widget = parent
        self.work = work
        self.title = title
        self.cancellable = cancellable
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_cancel: Callable[[], None] | None = None
        self._cancel = threading.Event()
        self._signals = _Signals()
        self._signals.sig_progress.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self._signals.sig_done.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._signals.sig_failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.dialog: QProgressDialog | None = None

    def success(self, callback: Callable[[T], None]) -> Operation[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Operation[T]:
        """Handle errors yourself (default: :func:`show_error`)."""
        self._on_failure = callback
        return self

    def cancelled(self, callback: Callable[[], None]) -> Operation[T]:
        self._on_cancel = callback
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> Operation[T]:
        if self.title is not None:
            self.dialog = QProgressDialog(self.title, None, 0, 0, self.parent_widget)
            self.dialog.setWindowTitle(self.title)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(400)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            if self.cancellable:
                self.dialog.setCancelButtonText(self.tr("Cancel"))
                self.dialog.canceled.connect(self.cancel)
            self.dialog.setValue(0)
        _running.add(self)
        _executor.submit(self._run_in_worker)
        return self

    # --- worker thread -------------------------------------------------------------------------

    def _run_in_worker(self) -> None:
        last = 0.0

        def progress(done: int, total: int, message: str) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_INTERVAL or 0 < total <= done:
                last = now
                self._signals.sig_progress.emit(int(done), int(total), message)

        try:
            result = self.work(progress, self._cancel.is_set)
        except BaseException as error:
            self._signals.sig_failed.emit(error)
        else:
            self._signals.sig_done.emit(result)

    # --- GUI thread ----------------------------------------------------------------------------

    @Slot(int, int, str)
    def _show_progress(self, done: int, total: int, message: str) -> None:
        dialog = self.dialog
        if dialog is None or self._cancel.is_set():
            return
        if message:
            dialog.setLabelText(message)
        # QProgressDialog takes ints; scale byte counts of big files down to a safe range
        scale = max(1, total // 1_000_000)
        maximum = max(1, total // scale)
        dialog.setMaximum(maximum)
        # Last: on a modal dialog setValue() processes events, which may finish the operation
        # and close the dialog under our feet.
        dialog.setValue(min(done // scale, maximum))

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        _running.discard(self)

    @Slot(object)
    def _finished(self, result: T) -> None:
        self._close()
        if self._on_success is not None:
            self._on_success(result)

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        self._close()
        if isinstance(error, Cancelled):
            if self._on_cancel is not None:
                self._on_cancel()
            return
        if self._on_failure is not None:
            self._on_failure(error)
        else:
            show_error(self.parent_widget, error)


def run_later(callback: Callable[[], None]) -> None:
    """Call ``callback`` from the event loop once the current event is handled."""
    QTimer.singleShot(0, callback)
