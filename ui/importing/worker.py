"""The work of an import as the window runs it, in plain functions (no Qt, tested without a window):
several files in a row, each in its own transaction, with one progress bar over all of them and a
per-file account of what happened, even when a file fails or the user cancels."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from qa_desk.db.engine import Database
from qa_desk.errors import Cancelled
from qa_desk.ingest import import_file
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.writer import WriteCounts
from qa_desk.progress import CancelCheck, Progress, never_cancelled, no_progress

IMPORTED, FAILED, CANCELLED, NOT_IMPORTED = "imported", "failed", "cancelled", "not imported"
LEFT_OUT = "left out"
"""A file the user chose not to import, for the problem its preview showed."""


@dataclass(frozen=True)
class FileImport:
    """One file to import: its path, its format and its options (e.g. a CSV's column mapping)."""

    path: str
    format: str
    options: ImportOptions = field(default_factory=ImportOptions)


@dataclass
class FileOutcome:
    """What happened to one file.

    Attributes:
        path: the file.
        status: :data:`IMPORTED`; :data:`FAILED` or :data:`CANCELLED` (nothing from it stored);
            :data:`NOT_IMPORTED` (an earlier file stopped the import before it); :data:`LEFT_OUT`
            (the preview showed a problem, and the user imported the other files without it).
        counts: conversations added, updated and unchanged (zero unless imported).
        problem: why a file was left out.
    """

    path: str
    status: str = NOT_IMPORTED
    counts: WriteCounts = field(default_factory=WriteCounts)
    problem: str = ""

    @property
    def name(self) -> str:
        return Path(self.path).name


@dataclass
class ImportOutcome:
    """What an import of several files did.

    Attributes:
        files: one outcome per file, in the order they were given.
        error: the error that stopped the import (an ``InputError`` for bad input), if any.
        cancelled: the user cancelled it.
    """

    files: list[FileOutcome]
    error: Exception | None = None
    cancelled: bool = False

    @property
    def stopped_at(self) -> FileOutcome | None:
        """The file that failed or was cancelled."""
        return next((f for f in self.files if f.status in (FAILED, CANCELLED)), None)

    @property
    def totals(self) -> WriteCounts:
        total = WriteCounts()
        for outcome in self.files:
            for name in ("added", "updated", "unchanged", "messages"):
                setattr(total, name, getattr(total, name) + getattr(outcome.counts, name))
        return total

    @property
    def changed_database(self) -> bool:
        totals = self.totals
        return totals.added + totals.updated > 0


def import_each(
    db: Database,
    files: Sequence[FileImport],
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
    label: str = "Importing {name} ({index} of {count})",
) -> ImportOutcome:
    """Import ``files`` one after the other, each in its own transaction, until one fails or the
    user cancels; never raises for those, the outcome says what happened.

    ``label`` is the progress message, formatted with the file's ``name``, its ``index`` (from 1)
    and the ``count`` of files.
    """
    with _old_objects_frozen():
        return _import_each(db, files, progress, cancelled, label)


@contextmanager
def _old_objects_frozen() -> Iterator[None]:
    """Leave the objects that exist before the import out of garbage collections during it.

    An import makes objects fast enough to set off full collections, and a full collection walks
    every object of the application while holding the interpreter lock: a tenth of a second or
    more during which the window cannot paint. With the application's objects frozen, a
    collection walks only what the import made, which takes a few milliseconds.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _import_each(
    db: Database,
    files: Sequence[FileImport],
    progress: Progress,
    cancelled: CancelCheck,
    label: str,
) -> ImportOutcome:
    outcome = ImportOutcome([FileOutcome(f.path) for f in files])
    sizes = [_size(f.path) for f in files]
    grand_total = max(1, sum(sizes))
    for index, (item, result) in enumerate(zip(files, outcome.files, strict=True)):
        message = label.format(name=Path(item.path).name, index=index + 1, count=len(files))
        file_progress = _overall(progress, sum(sizes[:index]), grand_total, message)
        try:
            imported = import_file(
                db, item.path, item.format, item.options, file_progress, cancelled
            )
        except Cancelled:
            result.status = CANCELLED
            outcome.cancelled = True
            break
        except Exception as error:  # shown to the user with the files' fate; never lost
            result.status = FAILED
            outcome.error = error
            break
        result.status = IMPORTED
        result.counts = imported.counts
    progress(grand_total, grand_total, "")
    return outcome


def _overall(progress: Progress, offset: int, total: int, message: str) -> Progress:
    """The progress of one file, reported as progress over all of them."""

    def file_progress(done: int, _total: int, _message: str) -> None:
        progress(offset + done, total, message)
        # Hand the interpreter to the window's thread between batches, so the window never waits
        # a whole switch interval for it while the worker runs Python code.
        time.sleep(0)

    return file_progress


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0
