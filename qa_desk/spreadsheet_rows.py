"""Reading a spreadsheet of records row by row: a CSV file (its delimiter sniffed, UTF-8 with or
without a byte-order mark) or the first or a named sheet of an XLSX workbook (read-only), with the
row numbers a spreadsheet program shows, for messages that name the row."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_desk.errors import InputError, Problem
from qa_desk.ingest.csv_messages import sniff_delimiter

_CSV_FIELD_LIMIT = 64 * 1024 * 1024


@dataclass
class Table:
    """A sheet being read: its header and its rows as ``(row number, values)``; row 1 is the
    header, so the numbers are the ones a spreadsheet program shows."""

    header: list[Any]
    rows: Iterator[tuple[int, list[Any]]]
    total: int
    done: Callable[[], int]


def has_value(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


@contextmanager
def _open_csv(path: Path) -> Iterator[Table]:
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    with open(path, "rb") as raw:
        delimiter = sniff_delimiter(raw.read(65536))
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(text, delimiter=delimiter)
        position = [0]

        def next_row() -> list[str] | None:
            try:
                return next(reader, None)
            except UnicodeDecodeError:
                # Decoding runs ahead of the rows, so the row is not known here.
                raise InputError(
                    Problem(str(path), "", "not UTF-8 text (in Excel, save it as 'CSV UTF-8')")
                ) from None
            except csv.Error as error:
                raise InputError(
                    Problem(f"{path}:{position[0] + 1}", "", f"not a readable CSV file ({error})")
                ) from None

        header = next_row()
        if header is None:
            raise InputError(Problem(str(path), "", "empty file: no header row"))
        position[0] = 1

        def rows() -> Iterator[tuple[int, list[Any]]]:
            while (row := next_row()) is not None:
                position[0] += 1
                if any(has_value(cell) for cell in row):
                    yield position[0], row

        size = os.fstat(raw.fileno()).st_size
        yield Table(header, rows(), size, raw.tell)


@contextmanager
def _open_xlsx(path: Path, sheet: str | None) -> Iterator[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise InputError(
            Problem(str(path), "", f"not a readable XLSX workbook ({error})")
        ) from None
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            raise InputError(
                Problem(
                    str(path),
                    "sheet",
                    f"no sheet '{sheet}' (sheets: {', '.join(workbook.sheetnames)})",
                )
            )
        values = worksheet.iter_rows(values_only=True)
        header = next(values, None)
        if header is None:
            raise InputError(Problem(str(path), "", "empty sheet: no header row"))
        position = [1]

        def rows() -> Iterator[tuple[int, list[Any]]]:
            for number, row in enumerate(values, start=2):
                position[0] = number
                if any(has_value(v) for v in row):
                    yield number, list(row)

        total = worksheet.max_row or 0
        yield Table(list(header), rows(), total, lambda: position[0])
    finally:
        workbook.close()


@contextmanager
def open_table(path: Path, sheet: str | None) -> Iterator[Table]:
    if not path.is_file():
        raise InputError(Problem(str(path), "", "no such file"))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        with _open_xlsx(path, sheet) as table:
            yield table
    elif suffix in (".csv", ".tsv", ".txt"):
        if sheet is not None:
            raise InputError(Problem(str(path), "sheet", "a CSV file has no sheets"))
        with _open_csv(path) as table:
            yield table
    else:
        raise InputError(Problem(str(path), "", "reviews are imported from .csv or .xlsx files"))
