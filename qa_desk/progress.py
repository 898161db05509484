"""The plain callables long core operations take to report progress and notice a cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from qa_desk.errors import Cancelled


class Progress(Protocol):
    """Called with how much is done, the total (0 if unknown) and what is happening."""

    def __call__(self, done: int, total: int, message: str) -> None: ...


CancelCheck = Callable[[], bool]


def no_progress(done: int, total: int, message: str) -> None:
    """A progress callback that ignores everything."""


def never_cancelled() -> bool:
    """A cancel check that always says no."""
    return False


def check_cancel(cancelled: CancelCheck) -> None:
    """Raise :class:`Cancelled` when the user asked to stop."""
    if cancelled():
        raise Cancelled()
