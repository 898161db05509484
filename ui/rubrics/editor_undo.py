"""Undo for the rubric editor: each change is a pair of snapshots of the whole draft (rubrics are
small), and successive changes to the same field merge so typing a name is one undo step."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from qa_desk.rubric_edit import RubricDraft

Position = tuple[int, int | None] | None
Restore = Callable[[RubricDraft, Position], None]


class SnapshotCommand(QUndoCommand):
    """One change to the draft.

    Attributes:
        before, after: copies of the draft before and after the change.
        where_before, where_after: the tree item selected before and after.
        key: changes with the same non-empty key merge (e.g. ``"0.1.name"``).
    """

    MERGE_ID = 7301

    def __init__(
        self,
        text: str,
        before: RubricDraft,
        after: RubricDraft,
        where: tuple[Position, Position],
        key: str,
        restore: Restore,
    ):
        super().__init__(text)
        self.before = before
        self.after = after
        self.where_before, self.where_after = where
        self.key = key
        self.restore = restore
        self._done = True  # pushed after the change was made: the first redo does nothing

    def id(self) -> int:
        return self.MERGE_ID if self.key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SnapshotCommand) or other.key != self.key:
            return False
        self.after = other.after
        self.where_after = other.where_after
        return True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.restore(self.after.copy(), self.where_after)

    def undo(self) -> None:
        self.restore(self.before.copy(), self.where_before)
