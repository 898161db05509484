"""Importing conversations: one module per format, each producing the same normalized records.

:func:`import_file` streams a file through its format's reader into the database in one
transaction: a bad record or a cancel leaves the database exactly as it was.

Some exports spread one conversation over several files (Zendesk tickets, their users and
comments; Freshdesk tickets and their conversations). A format that reads such files has a
``gather(sources, options)`` context manager: :func:`prepare_imports` hands it every file of that
format named in one import, it reads what the other files need (users, comments) into a context
that the options it returns carry (``options.extra``), and names the files that hold nothing to
import by themselves (*companions*). Each remaining file is then imported in its own transaction
with those options; :func:`import_files` does all of it.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from qa_desk.db.engine import Database
from qa_desk.errors import Cancelled, InputError, Problem
from qa_desk.ingest import (
    csv_messages,
    freshdesk,
    helpscout,
    intercom,
    jsonl,
    transcript_json,
    transcript_text,
    zendesk,
    zendesk_qa,
)
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.records import ConversationRecord
from qa_desk.ingest.source import SourceFile, open_source
from qa_desk.ingest.writer import WriteCounts, write_conversations
from qa_desk.progress import CancelCheck, Progress, never_cancelled, no_progress

FORMATS: dict[str, ModuleType] = {
    jsonl.NAME: jsonl,
    zendesk_qa.NAME: zendesk_qa,
    intercom.NAME: intercom,
    helpscout.NAME: helpscout,
    freshdesk.NAME: freshdesk,
    zendesk.NAME: zendesk,
    transcript_json.NAME: transcript_json,
    transcript_text.NAME: transcript_text,
    csv_messages.NAME: csv_messages,
}
"""Every import format by name; each module has ``NAME``, ``detect(head, filename)`` and
``read(source, options)``, and may have ``gather`` (see above). Detection tries them in this
order: the native formats first, then each help desk's export by the names only it uses (Freshdesk
before Zendesk, whose tickets share a few of them)."""


def register_format(module: ModuleType) -> None:
    FORMATS[module.NAME] = module


@dataclass
class ImportResult:
    """What importing one file did; ``companion`` says what a file that served other files held
    (e.g. ``Zendesk 120 users``), None for a file of conversations."""

    path: str
    format: str
    counts: WriteCounts
    companion: str | None = None


@dataclass
class PlannedImport:
    """One file of an import, as :func:`prepare_imports` planned it.

    Attributes:
        path: the file as named.
        format: its format (detected or as named).
        options: the options to import it with (with what its companions hold).
        companion: what the file holds when it only serves the others of its format (users,
            comments): it is read already and must not be imported itself. None otherwise.
    """

    path: str
    format: str
    options: ImportOptions
    companion: str | None = None


HEAD_SIZE = 65536
"""Bytes of a file its format is told from."""
EMPTY_BYTES = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
"""What a file holding nothing may hold: white space, byte-order marks (UTF-8, UTF-16)."""


def detect_format(source: SourceFile) -> str:
    """The name of the format ``source`` is written in; :class:`InputError` when none fits, or
    when the file holds nothing."""
    try:
        head = source.head(HEAD_SIZE)
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise InputError(Problem(source.name, "", f"cannot be read ({error})")) from None
    if len(head) < HEAD_SIZE and not head.lstrip(EMPTY_BYTES):
        raise InputError(Problem(source.name, "", "the file is empty: nothing to import"))
    filename = source.path.name
    for name, module in FORMATS.items():
        try:
            found = module.detect(head, filename)
        except (ValueError, RecursionError):  # e.g. JSON nested too deeply to look at
            found = False
        if found:
            return name
    raise InputError(
        Problem(
            source.name,
            "",
            f"cannot tell the format: it is none of those QA Desk reads ({', '.join(FORMATS)}); "
            "name one with --format, or give a CSV of other columns a column mapping (--mapping)",
        )
    )


def _format_of(source: SourceFile, fmt: str) -> str:
    name = detect_format(source) if fmt == "auto" else fmt
    if name not in FORMATS:
        raise InputError(Problem(source.name, "", f"unknown format '{fmt}' ({', '.join(FORMATS)})"))
    return name


def read_records(
    path: str | Path, fmt: str = "auto", options: ImportOptions | None = None
) -> Iterator[ConversationRecord]:
    """The records in a file, without storing them (for previews and tests)."""
    source = open_source(path)
    name = _format_of(source, fmt)
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
    name = _format_of(source, fmt)
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


@contextmanager
def prepare_imports(
    paths: Sequence[str | Path],
    fmt: str | Sequence[str] = "auto",
    options: ImportOptions | None = None,
) -> Iterator[list[PlannedImport]]:
    """Plan importing ``paths`` together: each file's format (``fmt``: one for all, or one per
    path) and options, with the files that only serve others (users, comments) read already and
    marked as companions. Import the others with :func:`import_file` inside the ``with``: what
    the companions hold is kept in temporary storage until it ends. Raises :class:`InputError`
    for a file that cannot be read or whose format cannot be told."""
    options = options or ImportOptions()
    formats = [fmt] * len(paths) if isinstance(fmt, str) else list(fmt)
    sources = [open_source(path) for path in paths]
    names = [_format_of(s, f) for s, f in zip(sources, formats, strict=True)]
    with ExitStack() as stack:
        chosen: dict[str, ImportOptions] = {}
        companions: dict[str, str] = {}
        for name in dict.fromkeys(names):
            gather = getattr(FORMATS[name], "gather", None)
            if gather is None:
                continue
            group = [s for s, n in zip(sources, names, strict=True) if n == name]
            chosen[name], held = stack.enter_context(gather(group, options))
            companions.update(held)
        yield [
            PlannedImport(str(path), name, chosen.get(name, options), companions.get(source.name))
            for path, source, name in zip(paths, sources, names, strict=True)
        ]


def import_files(
    db: Database,
    paths: Sequence[str | Path],
    fmt: str = "auto",
    options: ImportOptions | None = None,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> list[ImportResult]:
    """Import several files, each in its own transaction, stopping at the first failure; users
    and comments given in files of their own serve the tickets files (:func:`prepare_imports`)."""
    results = []
    with prepare_imports(paths, fmt, options) as plan:
        for item in plan:
            if item.companion is not None:
                results.append(ImportResult(item.path, item.format, WriteCounts(), item.companion))
                continue
            results.append(
                import_file(db, item.path, item.format, item.options, progress, cancelled)
            )
    return results


__all__ = [
    "FORMATS",
    "ImportOptions",
    "ImportResult",
    "PlannedImport",
    "detect_format",
    "import_file",
    "import_files",
    "prepare_imports",
    "read_records",
    "register_format",
]
