"""Raw data sheets: one row per review streamed to disk (write-only), as an Excel table with
filters, continuing on a further sheet whenever a sheet is full.

Excel holds 1,048,576 rows a sheet (:data:`~qa_desk.reports.excel_style.EXCEL_MAX_ROWS`), the
header row included; past that the rows go on in ``Raw data (2)``, ``Raw data (3)``..., each with
the header and a table of its own. The limit is a parameter so a test can use a small one.

Each column has a kind saying how its values are written:

- ``text``: text from conversations, comments or names, made safe (see
  :meth:`~qa_desk.reports.excel_style.ReportBook.text`); ``name`` the same for values that repeat
  (agents, teams, reviewers), made safe once per sheet;
- ``rating``: a rating as written: whole numbers as numbers, anything else as safe text;
- a named style such as ``QA percent`` or ``QA datetime``: the value in that style (times are
  written in UTC);
- ``plain``: numbers as they are.

The sheets are :class:`RawWorksheet`: openpyxl's write-only sheet, taking the styled cells of a
row without the detour openpyxl makes for them.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from qa_desk.reports.excel_style import (
    EXCEL_MAX_ROWS,
    LINE_HEIGHT,
    ReportBook,
    clean_text,
    print_setup,
    text_width,
    wrapped_lines,
)

TEXT, NAME, RATING, PLAIN = "text", "name", "rating", "plain"
SAMPLE_ROWS = 500
"""How many rows size the columns whose width is not given."""


class RawWorksheet(WriteOnlyWorksheet):
    """A write-only sheet that takes a cell in a row as that cell, without first trying to
    bind it as a value.

    openpyxl finds a ready cell (one with a style) by failing to bind it: a raised and caught
    ``ValueError`` whose message formats the cell, then a new cell for the next value, about
    3 µs a cell. A raw data row holds three styled cells (two times and the score): about a
    second for 100,000 rows (see benchmarks/README.md, "reports"). Values are bound exactly as
    openpyxl binds them. (This overrides a private method of openpyxl's write-only sheet; the
    scorecard tests read every kind of raw cell back.)
    """

    def _values_to_row(self, values: Sequence[Any], row_idx: int) -> Iterator[Cell]:
        cell = WriteOnlyCell(self)
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                value.column, value.row = col_idx, row_idx
                if value.hyperlink is not None:
                    value.hyperlink.ref = value.coordinate
                yield value
                continue
            cell.value = value
            cell.column, cell.row = col_idx, row_idx
            yield cell
            if cell.has_style:  # a time is given a number format: the next value gets a new cell
                cell = WriteOnlyCell(self)


def raw_worksheet(book: ReportBook, title: str) -> RawWorksheet:
    """A :class:`RawWorksheet` added to ``book`` the way ``create_sheet`` adds its own."""
    ws = RawWorksheet(parent=book.workbook, title=title)
    book.workbook._add_sheet(ws)
    return ws


def naive_utc(moment: datetime | None) -> datetime | None:
    """A time as Excel holds it: without a zone, in UTC."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def result_word(score: float | None, passed: bool | None, critical_fail: bool) -> str:
    """A review's outcome in a word, so it never rests on a colour."""
    if critical_fail:
        return "Critical fail"
    if score is None:
        return "No score"
    return "Pass" if passed else "Fail"


def rating_number(value: str) -> int | None:
    """A rating on a points scale as a number (None for pass, fail, labels and N/A)."""
    try:
        return int(value)
    except ValueError:
        return None


def sheet_header(names: Sequence[str]) -> list[str]:
    """Headers a table accepts: one line, not empty, different ignoring case."""
    result: list[str] = []
    seen: set[str] = set()
    for index, name in enumerate(names, 1):
        text = " ".join(clean_text(name).split()) or f"Column {index}"
        base, n = text, 2
        while text.casefold() in seen:
            text, n = f"{base} {n}", n + 1
        seen.add(text.casefold())
        result.append(text)
    return result


class RawSheets:
    """Writes rows to ``title``, then ``title (2)``... once a sheet holds ``max_rows`` rows.

    Attributes:
        sheets: the titles of the sheets made so far; ``rows``: the data rows written.
    """

    def __init__(
        self,
        book: ReportBook,
        title: str,
        header: Sequence[str],
        kinds: Sequence[str],
        widths: Sequence[float | None],
        *,
        max_rows: int = EXCEL_MAX_ROWS,
        table_name: str = "RawData",
        freeze: str = "C2",
    ):
        if max_rows < 2:
            raise ValueError("a sheet needs room for the header and a row")
        self.book = book
        self.title = title
        self.header = sheet_header(header)
        self.kinds = list(kinds)
        self._by_kind = {
            kind: [i for i, k in enumerate(self.kinds) if k == kind]
            for kind in (NAME, RATING, TEXT)
        }
        self.widths: list[float | None] = list(widths)
        self.max_rows = max_rows
        self.table_name = table_name
        self.freeze = freeze
        self.sheets: list[str] = []
        self.rows = 0
        self._ws: WriteOnlyWorksheet | None = None
        self._in_sheet = 0
        self._templates: dict[int, WriteOnlyCell] = {}
        self._names: dict[str, Any] = {}
        self._ratings: dict[str, Any] = {}
        self._sample: list[Sequence[Any]] | None = []
        self._epoch = book.workbook.epoch

    def _open_sheet(self) -> WriteOnlyWorksheet:
        number = len(self.sheets) + 1
        title = self.title if number == 1 else f"{self.title} ({number})"
        ws = raw_worksheet(self.book, title)
        for column, width in enumerate(self.widths, 1):
            ws.column_dimensions[get_column_letter(column)].width = width
        lines = max(
            wrapped_lines(n, w or 10.0) for n, w in zip(self.header, self.widths, strict=True)
        )
        ws.row_dimensions[1].height = LINE_HEIGHT * max(2, lines)
        ws.freeze_panes = self.freeze
        print_setup(ws, title_rows="1:1")
        ws.append([self.book.text(ws, name, "QA header") for name in self.header])
        self.sheets.append(title)
        self._templates = {
            column: WriteOnlyCell(ws)
            for column, kind in enumerate(self.kinds)
            if kind not in (TEXT, NAME, RATING, PLAIN)
        }
        for column, cell in self._templates.items():
            cell.style = self.kinds[column]
        self._names, self._ratings = {}, {}
        self._ws, self._in_sheet = ws, 1
        return ws

    def _close_sheet(self) -> None:
        ws = self._ws
        if ws is None:
            return
        if self._in_sheet > 1:  # a table needs a data row
            ref = f"A1:{get_column_letter(len(self.header))}{self._in_sheet}"
            table = Table(
                displayName=f"{self.table_name}{len(self.sheets)}",
                ref=ref,
                tableStyleInfo=TableStyleInfo(name="TableStyleLight9", showRowStripes=True),
            )
            table.tableColumns = [
                TableColumn(id=i, name=name) for i, name in enumerate(self.header, 1)
            ]
            table.autoFilter = AutoFilter(ref=ref)
            with warnings.catch_warnings():  # openpyxl reminds write-only users to name columns
                warnings.simplefilter("ignore", UserWarning)
                ws.add_table(table)
        self._ws = None

    def _size_columns(self, sample: list[Sequence[Any]]) -> None:
        """Give the columns without a width one from the header and the first rows."""
        for column, width in enumerate(self.widths):
            if width is not None:
                continue
            words = max((text_width(w) for w in self.header[column].split()), default=6.0)
            values = (text_width(v) for row in sample if isinstance(v := row[column], str))
            self.widths[column] = min(40.0, max(words, *values, 6.0) + 2.0)

    def append(self, values: Sequence[Any]) -> None:
        """Write one row (a value per column, None for an empty cell). The first rows are held
        back until there are enough to size the columns by."""
        if self._sample is not None:
            self._sample.append(values)
            if len(self._sample) >= SAMPLE_ROWS:
                self._flush_sample()
            return
        self._write(values)

    def _flush_sample(self) -> None:
        sample, self._sample = self._sample or [], None
        self._size_columns(sample)
        for values in sample:
            self._write(values)

    def _write(self, values: Sequence[Any]) -> None:
        ws = self._ws
        if ws is None or self._in_sheet >= self.max_rows:
            self._close_sheet()
            ws = self._open_sheet()
        if len(values) != len(self.kinds):
            raise ValueError(f"a row of {len(values)} values for {len(self.kinds)} columns")
        # column by column of a kind (plain values stay as they are): a million rows pass here
        row = list(values)
        book, names, ratings = self.book, self._names, self._ratings
        for column in self._by_kind[NAME]:
            value = row[column]
            if value is not None:
                cell = names.get(value)
                if cell is None:
                    cell = names[value] = book.text(ws, value)
                row[column] = cell
        for column in self._by_kind[RATING]:
            value = row[column]
            if value is not None:
                cell = ratings.get(value)
                if cell is None:
                    number = rating_number(value)
                    cell = number if number is not None else book.text(ws, value)
                    ratings[value] = cell
                row[column] = cell
        for column in self._by_kind[TEXT]:
            value = row[column]
            if value is not None:
                row[column] = book.text(ws, value)
        epoch = self._epoch
        for column, template in self._templates.items():
            value = row[column]
            if value is not None:
                # a time as the number Excel keeps (what openpyxl writes for it): a number is
                # bound to a cell without the checks a datetime goes through
                if isinstance(value, datetime):
                    value = to_excel(naive_utc(value), epoch)
                template.value = value
                row[column] = template
        ws.append(row)
        self._in_sheet += 1
        self.rows += 1

    def close(self) -> list[str]:
        """Finish the last sheet (a sheet with the header alone when no row came)."""
        if self._sample is not None:
            self._flush_sample()
        if self._ws is None and not self.sheets:
            self._open_sheet()
        self._close_sheet()
        return self.sheets
