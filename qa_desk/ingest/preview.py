"""A look at a file before importing it: its format, its first conversations, and the first problem.

:func:`preview_file` reads only the start of a file (a CSV at most
:data:`~qa_desk.ingest.csv_messages.PREVIEW_ROWS` rows), never stores anything and never raises for
bad input: what is wrong is part of the preview, worded as the import would word it
(``FILE:LINE: field: problem``). For a CSV it also tells which column is read as what, and whether
the user must say it (:attr:`FilePreview.needs_columns`).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import islice
from pathlib import Path

from qa_desk.errors import InputError
from qa_desk.ingest import FORMATS, call_metadata, detect_format, transcript_json, transcript_text
from qa_desk.ingest import csv_messages as csv_format
from qa_desk.ingest.csv_columns import columns_problems, make_layout, resolve_columns
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.records import ConversationRecord
from qa_desk.ingest.source import SourceFile, open_source
from qa_desk.progress import CancelCheck, Progress, check_cancel, never_cancelled, no_progress

TRANSCRIPT_FORMATS = (transcript_text.NAME, transcript_json.NAME)
PREVIEW_CONVERSATIONS = 20
EXCERPT_LENGTH = 140
SAMPLE_ROWS = 5

ColumnsFor = Callable[[list[str]], dict[str, str] | None]
"""Given a CSV header, the column mapping remembered for it (None: none)."""


@dataclass(frozen=True)
class ConversationSummary:
    """One conversation as a preview lists it.

    Attributes:
        external_id: the conversation's id in the help desk.
        source: the source it will be stored under.
        started_at: when it started (UTC), from the file or its first message.
        agent: the agent's name (or e-mail or id), if the file names one.
        channel: chat, email, phone, … if given.
        message_count: how many messages it has (for ``FilePreview.partial`` files: at least).
        first_message: the start of the first message's text, on one line.
    """

    external_id: str
    source: str
    started_at: datetime | None
    agent: str | None
    channel: str | None
    message_count: int
    first_message: str


@dataclass
class FilePreview:
    """What a file will import.

    Attributes:
        path: the file.
        size: its size in bytes.
        format: the format it is read as (detected or chosen); None when it cannot be told.
        chosen_format: the format the caller asked for, ``"auto"`` to detect it.
        conversations: the first conversations, in file order.
        more: the file holds more conversations than those listed.
        partial: message counts may be low (a CSV with interleaved conversations, read in part).
        error: the first problem, worded as the import words it; None when none was found in the
            part of the file read.
        header: a CSV's header row as written (None for other formats).
        sample_rows: a CSV's first rows, to show what each column holds.
        columns: a CSV's columns as they are read: header → QA Desk column (``""``: ignored).
        columns_given: the mapping the preview was made with (the caller's or a remembered one);
            None when every column was read from its name.
        needs_columns: a CSV whose header cannot be read without a mapping from the user.
        speakers: a call transcript's speaker labels, in the order they first speak (empty for
            other formats), for choosing which one is the agent.
        agent_speaker: the transcript's agent speaker the preview was made with (None: guessed
            from the labels).
        started_at: the start time given for a transcript whose file has none (None: not given).
        metadata: the call metadata file read with a transcript (named with it, or found in a
            ``metadata`` folder beside it), None when it has none.
        call_metadata: the metadata files named in the same import, by transcript file stem
            (:attr:`ImportOptions.call_metadata`), which the import is given again.
        companion_of: for a call metadata file named with its transcript, that transcript's
            path: the file is read with it and is not imported by itself.
    """

    path: str
    size: int = 0
    format: str | None = None
    chosen_format: str = "auto"
    conversations: list[ConversationSummary] = field(default_factory=list)
    more: bool = False
    partial: bool = False
    error: str | None = None
    header: list[str] | None = None
    sample_rows: list[list[str]] = field(default_factory=list)
    columns: dict[str, str] | None = None
    columns_given: dict[str, str] | None = None
    needs_columns: bool = False
    speakers: list[str] = field(default_factory=list)
    agent_speaker: str | None = None
    started_at: datetime | None = None
    metadata: str | None = None
    call_metadata: dict[str, Path] | None = None
    companion_of: str | None = None

    @property
    def is_transcript(self) -> bool:
        """Whether the file is read as a call transcript (which has options of its own)."""
        return self.format in TRANSCRIPT_FORMATS

    @property
    def importable(self) -> bool:
        """Whether importing it can start (later records may still be refused)."""
        return self.error is None and self.format is not None and self.companion_of is None

    def options(self, base: ImportOptions | None = None) -> ImportOptions:
        """The options to import it with: ``base`` with this file's column mapping and, for a
        call transcript, its agent speaker and start time."""
        options = replace(
            base or ImportOptions(), columns=self.columns_given, call_metadata=self.call_metadata
        )
        if self.is_transcript:
            options = replace(options, agent_speaker=self.agent_speaker, started_at=self.started_at)
        return options


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """``text`` on one line, cut at about ``length`` characters with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    cut = flat[: length - 1]
    space = cut.rfind(" ")
    if space > length * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…"


def summarise(record: ConversationRecord) -> ConversationSummary:
    """The preview line of a record (checked as the import checks it)."""
    record.check()
    record.fill_times()
    first = next((m.text for m in record.messages if m.text.strip()), "")
    return ConversationSummary(
        external_id=record.external_id,
        source=record.source,
        started_at=record.started_at,
        agent=record.agent.label if record.agent else None,
        channel=record.channel,
        message_count=len(record.messages),
        first_message=excerpt(first),
    )


def preview_file(
    path: str | Path,
    fmt: str = "auto",
    options: ImportOptions | None = None,
    limit: int = PREVIEW_CONVERSATIONS,
    columns_for: ColumnsFor | None = None,
) -> FilePreview:
    """The format and first ``limit`` conversations of a file, and the first problem in them.

    For a CSV without ``options.columns``, ``columns_for(header)`` may give a remembered mapping;
    it is used when it reads the header (and ignored when it no longer does).
    """
    options = options or ImportOptions()
    preview = FilePreview(str(path), chosen_format=fmt)
    try:
        source = open_source(path)
        preview.size = source.size
        preview.format = detect_format(source) if fmt == "auto" else fmt
        if preview.format not in FORMATS:
            unknown = preview.format
            preview.format = None
            raise InputError.at(source.name, "", f"unknown format '{unknown}'")
        if preview.format == csv_format.NAME:
            options = _csv_columns(preview, source, options, columns_for)
            head = csv_format.read_head(source, options, limit)
            preview.more, preview.partial = head.more, head.partial
            preview.conversations = [summarise(r) for r in head.records]
        else:
            if preview.is_transcript:
                preview.agent_speaker, preview.started_at = (
                    options.agent_speaker,
                    options.started_at,
                )
                preview.speakers = _speakers(source, preview.format, options)
                preview.call_metadata = options.call_metadata
                found = call_metadata.find(source, options)
                if found is not None and _same(found) != _same(source.path):
                    preview.metadata = str(found)
            _read_first(preview, FORMATS[preview.format].read(source, options), limit)
    except InputError as error:
        preview.error = str(error)
    except OSError as error:
        preview.error = f"{path}: {error.strerror or error}"
    return preview


def _read_first(preview: FilePreview, records: Generator[ConversationRecord], limit: int) -> None:
    """Summaries of the first ``limit`` records; those before a bad one are kept."""
    with closing(records):  # the reader holds the file open until it is closed
        for record in islice(records, limit):
            preview.conversations.append(summarise(record))
        preview.more = next(records, None) is not None


def _speakers(source: SourceFile, fmt: str, options: ImportOptions) -> list[str]:
    """A transcript's speaker labels in the order they first speak (none when it cannot be
    read: the preview's error then says why)."""
    try:
        found = FORMATS[fmt].read_turns(source, options)
    except InputError:
        return []
    turns = found[0] if isinstance(found, tuple) else found
    return list(dict.fromkeys(turn.speaker for turn in turns if turn.speaker))


def _csv_columns(
    preview: FilePreview,
    source: SourceFile,
    options: ImportOptions,
    columns_for: ColumnsFor | None,
) -> ImportOptions:
    """Read a CSV's header and sample, choose the mapping to read it with, note what each column
    is read as; the options to read the rows with."""
    header, preview.sample_rows = csv_format.read_sample(source, SAMPLE_ROWS)
    preview.header = [cell.strip().lstrip("\ufeff") for cell in header]
    given = options.columns
    if given is None and columns_for is not None:
        remembered = columns_for(preview.header)
        if remembered is not None and not columns_problems(header, remembered):
            given = remembered
    preview.columns_given = given
    options = replace(options, columns=given)
    try:
        layout = make_layout(f"{source.name}:1", header, given)
    except InputError:
        preview.needs_columns = True
        preview.columns = resolve_columns(header, given)
        raise
    preview.columns = layout.meanings(header)
    return options


def preview_files(
    paths: Sequence[str | Path],
    formats: Sequence[str] | None = None,
    options: ImportOptions | None = None,
    limit: int = PREVIEW_CONVERSATIONS,
    columns_for: ColumnsFor | None = None,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> list[FilePreview]:
    """:func:`preview_file` for each path (``formats``: one per path, default all ``"auto"``).

    Call metadata files named with their transcripts are read with them, as the import reads them
    (:func:`~qa_desk.ingest.transcript_json.gather`): such a file's preview says whose
    (:attr:`FilePreview.companion_of`) rather than that it is no transcript."""
    formats = list(formats) if formats is not None else ["auto"] * len(paths)
    named = call_metadata.metadata_files(
        path
        for path, fmt in zip(paths, formats, strict=True)
        if fmt in ("auto", transcript_json.NAME)
    )
    if named:
        options = replace(
            options or ImportOptions(),
            call_metadata={**((options and options.call_metadata) or {}), **named},
        )
    previews = []
    for i, (path, fmt) in enumerate(zip(paths, formats, strict=True)):
        check_cancel(cancelled)
        progress(i, len(paths), f"Reading {Path(path).name}")
        previews.append(preview_file(path, fmt, options, limit, columns_for))
    progress(len(paths), len(paths), "")
    _mark_companions(previews, named)
    return previews


def _mark_companions(previews: list[FilePreview], named: dict[str, Path]) -> None:
    """Mark the metadata files in ``named`` that a transcript among ``previews`` reads."""
    read_by = {_same(preview.metadata): preview.path for preview in previews if preview.metadata}
    for preview in previews:
        transcript = read_by.get(_same(preview.path))
        if transcript is not None and Path(preview.path) in named.values():
            preview.companion_of = transcript
            preview.error = None


def _same(path: str | Path) -> str:
    """A path as compared with another naming the same file."""
    return str(Path(path).resolve())
