"""Undoable rating changes: each picked value, cleared rating or ticked root cause is one step on
the workspace's undo stack (Ctrl+Z, Ctrl+Shift+Z). Comments are not steps: their text box has its
own undo while typing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from qa_desk.reviews import RatingInput


class SetRatingCommand(QUndoCommand):
    """Change one criterion's rating from ``before`` to ``after`` (None: unrated).

    Attributes:
        criterion_id: the criterion changed.
        before, after: its rating before and after the change.
    """

    def __init__(
        self,
        apply: Callable[[str, RatingInput | None], None],
        criterion_id: str,
        criterion_name: str,
        before: RatingInput | None,
        after: RatingInput | None,
    ):
        super().__init__()
        self.apply = apply
        self.criterion_id = criterion_id
        self.before = before
        self.after = after
        value = "—" if after is None else str(after.value)
        text = QCoreApplication.translate("SetRatingCommand", "rate “{0}” {1}")
        self.setText(text.format(criterion_name, value))

    def redo(self) -> None:
        self.apply(self.criterion_id, self.after)

    def undo(self) -> None:
        self.apply(self.criterion_id, self.before)
