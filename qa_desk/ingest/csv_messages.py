"""CSV with one row per message, as most help desks and spreadsheets export conversations.

Columns (the header row names them; order does not matter):

- required: ``conversation_id``, ``role`` (customer, agent, bot or system), ``text``;
- message columns: ``timestamp`` (ISO 8601 with or without a zone, or unix time; a time without a
  zone is read in the import's time zone, stored in UTC), ``author``, ``message_id``, ``internal``
  (true/false, yes/no, 1/0: a private note) or ``public`` (its opposite);
- conversation columns, taken from the first of the conversation's rows that fills them:
  ``source``, ``agent``, ``agent_email``, ``agent_id``, ``team``, ``channel``, ``subject``,
  ``csat`` (a number), ``tags`` (separated by commas or semicolons), ``language``, ``customer``,
  ``customer_email``, ``customer_id``, ``started_at``, ``ended_at``. Without agent columns the agent
  is the author of the last public agent message, and likewise the customer.

Header names are matched ignoring case, spaces, underscores and dashes, and common names from
other tools are understood (:data:`ALIASES`): ``ticket_id``/``chat_id``/``case_id`` for the
conversation, ``created_at``/``sent_at``/``time`` for the timestamp, ``sender``/``from``/``speaker``
for the role, ``body``/``message``/``content`` for the text, ``assignee`` for the agent, ``group``
for the team, and so on. Role values are read the same way: ``user``, ``client``, ``end-user`` mean
customer; ``admin``, ``support``, ``staff``, ``operator`` mean agent (:data:`ROLE_WORDS`), unless
``ImportOptions.roles`` says otherwise. A header that is not recognised, or a required column that
is missing, stops the import and lists the columns found and the ones expected, unless the import
says what the column holds (``ImportOptions.columns``, :mod:`qa_desk.ingest.mapping_file`).

The delimiter is a comma, a semicolon or a tab (chosen from the header row); the file is UTF-8
with or without a byte-order mark, optionally gzip-compressed. Quoted values may span lines; errors
name the line in the file where the row starts.

The file is streamed, never held in memory whole. Rows of one conversation usually follow each
other; exports sorted by time interleave conversations instead. A first pass over the file notes
which it is (keeping only the conversation ids): grouped files are then read once more and each
conversation stored as soon as its last row is read; interleaved ones are staged in a temporary
SQLite file (deleted afterwards) and read back conversation by conversation. Either way messages
keep the order of the file, and conversations the order of their first row. A preview
(:func:`read_head`, :func:`read_sample`) reads only the start of the file.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby, islice
from pathlib import Path
from typing import Any

from qa_desk.errors import InputError, Problem
from qa_desk.ingest.csv_columns import (
    ALIASES,
    COLUMNS,
    HEADER_NAMES,
    REQUIRED,
    ROLE_WORDS,
    Layout,
    canonical_role,
    make_layout,
    normalise,
)
from qa_desk.ingest.csv_records import NAME, RowsToRecord
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.records import ConversationRecord
from qa_desk.ingest.source import SourceFile

DELIMITERS = (",", ";", "\t")
_FIELD_LIMIT = 64 * 1024 * 1024
_STAGE_BATCH = 2000


def _first_row(text: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    except csv.Error:
        return []


def sniff_delimiter(head: bytes, candidates: Iterable[str] = DELIMITERS) -> str:
    """The delimiter of a delimited file from its first bytes: the one whose header row splits
    into the most recognised column names, then into the most columns; a comma when in doubt."""
    text = head.decode("utf-8-sig", errors="replace")
    first_line = text.splitlines()[0] if text else ""
    best, best_key = ",", (0, 1)
    for delimiter in candidates:
        row = _first_row(first_line, delimiter)
        known = sum(1 for cell in row if normalise(cell) in HEADER_NAMES)
        key = (known, len(row))
        if key > best_key:
            best, best_key = delimiter, key
    return best


def detect(head: bytes, filename: str) -> bool:
    """A ``.csv`` or ``.tsv`` file (gzipped or not), or any delimited file whose header names a
    conversation id and a message text."""
    lower = filename.lower().removesuffix(".gz")
    if lower.endswith((".csv", ".tsv")):
        return True
    text = head.decode("utf-8-sig", errors="replace")
    if not text.strip():
        return False
    row = _first_row(text.splitlines()[0], sniff_delimiter(head))
    found = {HEADER_NAMES.get(normalise(cell)) for cell in row}
    return len(row) >= 2 and {"conversation_id", "text"} <= found


class _Rows:
    """The data rows of the file as ``(line, values)``, ``line`` being where the row starts."""

    def __init__(self, source: SourceFile, delimiter: str):
        self.source = source
        self.delimiter = delimiter

    @contextmanager
    def open(self) -> Iterator[tuple[list[str], Iterator[tuple[int, list[str]]]]]:
        """The header and an iterator over the data rows (valid inside the ``with``)."""
        if csv.field_size_limit() < _FIELD_LIMIT:
            csv.field_size_limit(_FIELD_LIMIT)
        with self.source.open_text() as text:
            reader = csv.reader(text, delimiter=self.delimiter)
            header = self._next(reader, 0)
            if header is None:
                raise InputError(Problem(self.source.name, "", "empty file: no header row"))
            yield header, self._data(reader)

    def _next(self, reader: Any, previous: int) -> list[str] | None:
        try:
            return next(reader, None)
        except (UnicodeDecodeError, csv.Error) as error:
            raise self._unreadable(error, previous) from None

    def _unreadable(self, error: UnicodeDecodeError | csv.Error, previous: int) -> InputError:
        """The row after line ``previous`` is not UTF-8 or not CSV."""
        reason = (
            f"not UTF-8 text ({error.reason})"
            if isinstance(error, UnicodeDecodeError)
            else f"not valid CSV ({error})"
        )
        return InputError(Problem(f"{self.source.name}:{previous + 1}", "", reason))

    def _data(self, reader: Any) -> Iterator[tuple[int, list[str]]]:
        previous = reader.line_num
        try:
            for row in reader:  # every row of a file passes here (twice): no call per row
                start = previous + 1
                previous = reader.line_num
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                yield start, row
        except (UnicodeDecodeError, csv.Error) as error:
            raise self._unreadable(error, previous) from None


def read(source: SourceFile, options: ImportOptions) -> Iterator[ConversationRecord]:
    """Yield one record per conversation; raise :class:`InputError` at the first bad row."""
    rows = _Rows(source, sniff_delimiter(source.head()))
    with rows.open() as (header, data):
        layout = make_layout(f"{source.name}:1", header, options.columns)
        grouped = _rows_are_grouped(source, layout, data)
    parser = RowsToRecord(source, options, header)
    with rows.open() as (_, data):
        if grouped:
            for _, group in groupby(data, key=layout.key):
                yield parser.conversation(layout, list(group))
        else:
            yield from _staged(parser, layout, data)


@dataclass
class Head:
    """The first conversations of a file, for a preview.

    Attributes:
        records: up to the number asked for, in the order of their first row.
        more: the file holds further conversations.
        partial: the file interleaves conversations and was read only in part, so a conversation
            may have more messages than ``records`` shows.
    """

    records: list[ConversationRecord]
    more: bool
    partial: bool


PREVIEW_ROWS = 5000
"""How many data rows a preview reads at most."""
_PREVIEW_GAP = 200


def read_head(
    source: SourceFile, options: ImportOptions, limit: int, max_rows: int = PREVIEW_ROWS
) -> Head:
    """The first ``limit`` conversations, read from at most ``max_rows`` rows (a preview must not
    read a whole export); :class:`InputError` for a bad header or a bad row among those read."""
    rows = _Rows(source, sniff_delimiter(source.head()))
    parser = RowsToRecord(source, options)
    groups: dict[str, list[tuple[int, list[str]]]] = {}
    more = interleaved = stopped = False
    current: str | None = None
    last_kept = 0
    with rows.open() as (header, data):
        layout = make_layout(f"{source.name}:1", header, options.columns)
        for count, (line, row) in enumerate(data):
            if count >= max_rows:
                stopped = more = True
                break
            _check_width(source, layout, line, row)
            key = layout.key((line, row))
            if key != current and key in groups:
                interleaved = True
            current = key
            if key not in groups and len(groups) >= limit:
                more = True
                # rows of a grouped file that no longer belong to the listed conversations
                if not interleaved and count - last_kept > _PREVIEW_GAP:
                    stopped = True
                    break
                continue
            groups.setdefault(key, []).append((line, row))
            last_kept = count
    records = [parser.conversation(layout, g) for g in groups.values()]
    return Head(records, more, partial=stopped and interleaved)


def read_sample(source: SourceFile, rows: int = 5) -> tuple[list[str], list[list[str]]]:
    """The header row and the first ``rows`` data rows as they are written (to show a user what
    each column holds)."""
    reader = _Rows(source, sniff_delimiter(source.head()))
    with reader.open() as (header, data):
        sample = [row for _, row in islice(data, rows)]
    return header, sample


def _check_width(source: SourceFile, layout: Layout, line: int, row: list[str]) -> None:
    if len(row) != layout.width:
        raise InputError(
            Problem(
                f"{source.name}:{line}",
                "",
                f"the row has {len(row)} values but the header has {layout.width} columns "
                "(an unquoted delimiter or line break in a value?)",
            )
        )


def _rows_are_grouped(
    source: SourceFile, layout: Layout, data: Iterator[tuple[int, list[str]]]
) -> bool:
    """Whether each conversation's rows follow each other (only the ids are kept)."""
    seen: set[str] = set()
    current: str | None = None
    grouped = True
    width, column = layout.width, layout.index["conversation_id"]
    for line, row in data:
        if len(row) != width:
            _check_width(source, layout, line, row)
        key = row[column].strip()  # layout.key, written out: this runs for every row
        if key == current:
            continue
        if key in seen:
            grouped = False  # keep reading: every row's shape is checked before anything is stored
        seen.add(key)
        current = key
    return grouped


def _staged(
    parser: RowsToRecord, layout: Layout, data: Iterator[tuple[int, list[str]]]
) -> Iterator[ConversationRecord]:
    """Conversations from interleaved rows, regrouped through a temporary SQLite file."""
    with tempfile.TemporaryDirectory(prefix="qa-desk-csv-") as folder:
        connection = sqlite3.connect(Path(folder) / "rows.sqlite3")
        try:
            connection.execute("PRAGMA journal_mode=OFF")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute("CREATE TABLE row (conversation INTEGER, line INTEGER, data TEXT)")
            order: dict[str, int] = {}
            batch: list[tuple[int, int, str]] = []
            for line, row in data:
                number = order.setdefault(layout.key((line, row)), len(order))
                batch.append((number, line, json.dumps(row, ensure_ascii=False)))
                if len(batch) >= _STAGE_BATCH:
                    connection.executemany("INSERT INTO row VALUES (?, ?, ?)", batch)
                    batch.clear()
            connection.executemany("INSERT INTO row VALUES (?, ?, ?)", batch)
            order.clear()
            connection.execute("CREATE INDEX row_order ON row (conversation, line)")
            cursor = connection.execute(
                "SELECT conversation, line, data FROM row ORDER BY conversation, line"
            )
            for _, group in groupby(cursor, key=lambda item: item[0]):
                yield parser.conversation(layout, [(line, json.loads(d)) for _, line, d in group])
        finally:
            connection.close()


__all__ = [
    "ALIASES",
    "COLUMNS",
    "NAME",
    "REQUIRED",
    "ROLE_WORDS",
    "Head",
    "canonical_role",
    "detect",
    "read",
    "read_head",
    "read_sample",
    "sniff_delimiter",
]
