"""When to save text a reviewer is typing (a criterion's comment, the review's overall comment):
after a short pause in typing, and at the latest a few seconds after the first unsaved key even
while typing goes on, so a crash loses at most those few seconds. Saving on every key press would
cost a database transaction per key (see benchmarks/README.md, "save a rating")."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

PAUSE_MS = 600  # a pause this long in typing saves
MOST_MS = 3000  # unsaved typing is saved at the latest this long after its first key


class TypingPause(QObject):
    """Tells when typed text is due to be saved.

    Call :meth:`edited` on every change; ``sig_due`` fires after a pause of :data:`PAUSE_MS`, or
    :data:`MOST_MS` after the first change not yet saved. :meth:`flush` fires it at once if a
    change is waiting (focus leaves the box, the review is left or submitted, the window closes).

    Attributes:
        pending: whether a change is waiting to be saved.
    """

    sig_due = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._most = QTimer(self)
        self._most.setSingleShot(True)
        self._most.setInterval(MOST_MS)
        self._pause.timeout.connect(self.flush)
        self._most.timeout.connect(self.flush)
        self.pending = False

    def edited(self) -> None:
        """The text changed: wait for a pause (but not longer than the most)."""
        self.pending = True
        self._pause.start()
        if not self._most.isActive():
            self._most.start()

    def cancel(self) -> None:
        """Forget the change waiting (it was saved some other way, or must not be)."""
        self.pending = False
        self._pause.stop()
        self._most.stop()

    def flush(self) -> None:
        """Fire ``sig_due`` now if a change is waiting."""
        if self.pending:
            self.cancel()
            self.sig_due.emit()
