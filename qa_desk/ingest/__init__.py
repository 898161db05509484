"""Importing conversations: one module per format, each producing the same normalized records.

:func:`import_file` streams a file through its format's reader into the database in one
transaction: a bad record or a cancel leaves the database exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from qa_desk.db.engine import Database
from qa_desk.errors import Cancelled, InputError, Problem
from qa_desk.ingest import csv_messages, jsonl
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.records import ConversationRecord
from qa_desk.ingest.source import SourceFile, open_source
from qa_desk.ingest.writer import WriteCounts, write_conversations
from qa_desk.progress import CancelCheck, Progress, never_cancelled, no_progress

FORMATS: dict[str, ModuleType] = {jsonl.NAME: jsonl, csv_messages.NAME: csv_messages}
"""Every import format by name; each module has ``NAME``, ``detect(head, filename)`` and
``read(source, options)``. Detection tries them in this order."""


def register_format(module: ModuleType) -> None:
    FORMATS[module.NAME] = module


@dataclass
class ImportResult:
    """What importing one file did."""

    path: str
    format: str
    counts: WriteCounts


def detect_format(source: SourceFile) -> str:
    """The name of the format ``source`` is written in; :class:`InputError` when none fits."""
    head = source.head()
    for name, module in FORMATS.items():
        if module.detect(head, source.path.name):
            return name
    raise InputError(
        Problem(
            source.name, "", f"cannot tell the format; name it with --format ({', '.join(FORMATS)})"
        )
    )


def read_records(
    path: str | Path, fmt: str = "auto", options: ImportOptions | None = None
) -> Iterator[ConversationRecord]:
    """The records in a file, without storing them (for previews and tests)."""
    source = open_source(path)
    name = detect_format(source) if fmt == "auto" else fmt
    if name not in FORMATS:
        raise InputError(Problem(source.name, "", f"unknown format '{fmt}' ({', '.join(FORMATS)})"))
    yield from FORMATS[name].read(source, options or ImportOptions())


def import_file(
    db: Database,
    path: str | Path,
    fmt: str = "auto",
    options: ImportOptions | None = None,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> ImportResult:
    """Import one file in one transaction.

    Raises :class:`InputError` for bad input and :class:`Cancelled` when ``cancelled()`` turns true;
    either way nothing from the file is stored.
    """
    options = options or ImportOptions()
    source = open_source(path)
    name = detect_format(source) if fmt == "auto" else fmt
    if name not in FORMATS:
        raise InputError(Problem(source.name, "", f"unknown format '{fmt}' ({', '.join(FORMATS)})"))
    records = FORMATS[name].read(source, options)
    counts = WriteCounts()
    label = f"Importing {source.path.name}"
    progress(0, source.size, label)
    with db.engine.execution_options(begin_immediate=True).begin() as connection:
        for _ in write_conversations(connection, records, counts):
            if cancelled():
                raise Cancelled()
            progress(source.position(), source.size, label)
    progress(source.size, source.size, label)
    return ImportResult(str(path), name, counts)


def import_files(
    db: Database,
    paths: Sequence[str | Path],
    fmt: str = "auto",
    options: ImportOptions | None = None,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> list[ImportResult]:
    """Import several files, each in its own transaction, stopping at the first failure."""
    return [import_file(db, p, fmt, options, progress, cancelled) for p in paths]


__all__ = [
    "FORMATS",
    "ImportOptions",
    "ImportResult",
    "detect_format",
    "import_file",
    "import_files",
    "read_records",
    "register_format",
]
