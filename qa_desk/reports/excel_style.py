"""The shared look and safety of QA Desk's workbooks: named styles, number formats, text that is
always text, column widths and print settings.

Every workbook is written in openpyxl's write-only mode (:class:`ReportBook`), so even a sheet of a
million rows streams to disk. Small sheets are collected first by a :class:`SheetBuilder`, which
sizes the columns from their contents before writing them.

Text taken from conversations, comments or names goes through :meth:`ReportBook.text`: it is
always written as a text cell (openpyxl would otherwise store text beginning with ``=`` as a formula
and ``#N/A`` as an error), text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
also gets Excel's quote prefix (so editing the cell in Excel keeps it text), characters a workbook
cannot hold are replaced with U+FFFD, text longer than a cell holds is cut, and with ``mask_pii``
e-mail addresses, phone numbers and card numbers are masked (:mod:`qa_desk.reports.pii`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.page import PageMargins

from qa_desk.cell_text import FORMULA_START
from qa_desk.reports.pii import mask_pii

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CHARS = 32_767

PERCENT = "0.0%"
INTEGER = "#,##0"
NUMBER = "0.0"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
CHANGE = '"▲ "+0.0" pts";"▼ "-0.0" pts";"= "0.0" pts"'
"""A change of a quality score in percentage points, with an arrow so the sign is not carried by
colour alone."""

# Okabe–Ito colours (readable for colour-blind users) and calm neutrals
BLUE, SKY, ORANGE, VERMILION, GREEN = "0072B2", "56B4E9", "E69F00", "D55E00", "009E73"
INK, GREY, HEADER_FILL, RULE = "1F3864", "595959", "DCE6F1", "8EA9DB"

_TOP = Alignment(vertical="top")


def _font(size: float = 11, **parts: Any) -> Font:
    """Excel's default body font with ``parts`` changed. A font must name its face and size:
    without them spreadsheet programs fall back to a font of their own (LibreOffice: a serif)."""
    return Font(name="Calibri", size=size, family=2, scheme="minor", **parts)


_STYLES: dict[str, dict[str, Any]] = {
    "QA title": {"font": _font(size=16, bold=True, color=INK)},
    "QA subtitle": {"font": _font(size=10, color=GREY)},
    "QA section": {"font": _font(size=12, bold=True, color=INK)},
    "QA note": {"font": _font(size=9, italic=True, color=GREY)},
    "QA header": {
        "font": _font(bold=True, color=INK),
        "fill": PatternFill("solid", fgColor=HEADER_FILL),
        "alignment": Alignment(vertical="center", wrap_text=True),
        "border": Border(bottom=Side(style="thin", color=RULE)),
    },
    "QA header right": {
        "font": _font(bold=True, color=INK),
        "fill": PatternFill("solid", fgColor=HEADER_FILL),
        "alignment": Alignment(horizontal="right", vertical="center", wrap_text=True),
        "border": Border(bottom=Side(style="thin", color=RULE)),
    },
    "QA label": {"font": _font(bold=True), "alignment": _TOP},
    "QA result": {
        "font": _font(bold=True),
        "alignment": Alignment(horizontal="left", vertical="top", indent=1),
    },
    "QA rating": {"alignment": Alignment(horizontal="left", vertical="top")},
    "QA interval": {"alignment": Alignment(horizontal="left", vertical="top", indent=1)},
    "QA few": {
        "font": _font(color="808080", italic=True),
        "alignment": Alignment(horizontal="right", vertical="top"),
    },
    "QA text": {"alignment": Alignment(vertical="top", wrap_text=True)},
    "QA plain": {"alignment": _TOP},
    "QA link": {"font": _font(color="0563C1", underline="single"), "alignment": _TOP},
    "QA percent": {"number_format": PERCENT, "alignment": _TOP},
    "QA integer": {"number_format": INTEGER, "alignment": _TOP},
    "QA number": {"number_format": NUMBER, "alignment": _TOP},
    "QA date": {"number_format": DATE, "alignment": Alignment(horizontal="left", vertical="top")},
    "QA datetime": {
        "number_format": DATETIME,
        "alignment": Alignment(horizontal="left", vertical="top"),
    },
    "QA change": {"number_format": CHANGE, "alignment": _TOP},
}
_NO_WIDTH = {"QA title", "QA subtitle", "QA section", "QA note"}
"""Styles of cells that may run over the next columns: they do not size their column."""
_NUMERIC_STYLES = {"QA percent", "QA integer", "QA number", "QA change"}
_WRAPPED = {"QA text", "QA header", "QA header right"}
LINE_HEIGHT = 15.0
"""Points per line of text in the default font, for rows of wrapped text."""
_FIXED_WIDTH = {"QA percent": 8, "QA change": 13, "QA date": 11, "QA datetime": 17, "QA number": 7}

_BAD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
CR_MARK = "\ufdd0"
"""Stands in for a carriage return while a sheet is written (see :mod:`qa_desk.reports.cr`): a
noncharacter, and any in the text itself are replaced first, so it marks nothing else."""


def clean_text(value: str, mask: bool = False) -> str:
    """Text as a workbook can hold it: masked if asked, impossible characters replaced, cut to
    what one cell holds."""
    if mask:
        value = mask_pii(value)
    value = _BAD_CHARACTERS.sub("\ufffd", value)
    if len(value) > EXCEL_MAX_CHARS:
        value = value[: EXCEL_MAX_CHARS - 1] + "…"
    return value


_ASCII_WIDTHS = {
    0.45: " 'ijl", 0.5: ",.I", 0.55: ":;`", 0.6: "()-[]f{}", 0.65: "!Jt", 0.7: "r", 0.75: "/\\s",
    0.8: '"z', 0.85: "Lcx", 0.9: "?FSZkvy|", 0.95: "ETYag", 1.0: "#$*+0123456789<=>PX^_e~",
    1.05: "BCKRbdhnopqu", 1.1: "V", 1.15: "A", 1.2: "D", 1.25: "GHNU", 1.3: "O", 1.35: "&Q",
    1.4: "%w", 1.6: "m", 1.7: "M", 1.75: "@W",
}  # fmt: skip
_WIDTH = {c: width for width, chars in _ASCII_WIDTHS.items() for c in chars}
"""How wide each printable ASCII character is in Calibri 11 (the workbooks' font), in the widths
of a digit that column widths are counted in (measured with Carlito, which has Calibri's metrics)."""
_OTHER_WIDTH, _WIDE_WIDTH = 0.9, 2.0  # Cyrillic, Greek, Arabic...; CJK


def line_width(line: str) -> float:
    """How many digit widths one line of text takes in the workbooks' font."""
    width = 0.0
    for c in line:
        w = _WIDTH.get(c)
        if w is None:
            w = _WIDE_WIDTH if unicodedata.east_asian_width(c) in "WF" else _OTHER_WIDTH
        width += w
    return width


def text_width(value: str) -> float:
    """How many digit widths the longest line of ``value`` takes (see :func:`line_width`)."""
    return max((line_width(line) for line in value.split("\n")), default=0.0)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` digits wide, breaking at spaces
    as spreadsheet programs do (a cell keeps a little padding)."""
    room = max(1.0, width - 1.0)
    space = _WIDTH[" "]
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            size = line_width(word)
            if used and used + space + size > room:
                lines += 1
                used = 0.0
            used += (space if used else 0.0) + size
            while used > room:  # a word longer than the column breaks anywhere
                lines += 1
                used -= room
    return max(1, lines)


class ReportBook:
    """A write-only workbook with QA Desk's styles, and the rules for text in it.

    Attributes:
        workbook: the openpyxl workbook (write-only).
        mask_pii: whether e-mail addresses, phone numbers and card numbers are masked in text.
        cr_sheets: the sheets some text with a carriage return went into (fixed on save).
    """

    def __init__(self, mask_pii: bool = False):
        self.workbook = Workbook(write_only=True)
        self.mask_pii = mask_pii
        self.cr_sheets: list[WriteOnlyWorksheet] = []
        for name, parts in _STYLES.items():
            style = NamedStyle(name=name, font=_font())
            for attribute, value in parts.items():
                setattr(style, attribute, value)
            self.workbook.add_named_style(style)

    def sheet(self, title: str) -> WriteOnlyWorksheet:
        return self.workbook.create_sheet(title)

    def text(self, ws: WriteOnlyWorksheet, value: str, style: str | None = None) -> Any:
        """What to write for the text ``value`` in ``ws``: the text itself, or a text cell when it
        needs a style or must be kept from becoming a formula or an error value."""
        text = clean_text(value, self.mask_pii)
        risky = text[:1] in FORMULA_START or (text[:1] == "#" and text in ERROR_CODES)
        if "\r" in text:
            text = text.replace("\r", CR_MARK)
            if ws not in self.cr_sheets:
                self.cr_sheets.append(ws)
        if not risky and style is None:
            return text
        cell = WriteOnlyCell(ws, text)
        if style is not None:
            cell.style = style
        if risky:
            cell.data_type = "s"
            cell.quotePrefix = True
        return cell


@dataclass(frozen=True)
class Styled:
    """A value with the named style to write it in and, optionally, an internal link (a place in
    the workbook such as ``'Reviews'!A5``)."""

    value: Any
    style: str | None = None
    link: str | None = None


def default_style(value: Any) -> str | None:
    if isinstance(value, str):
        return "QA text"
    if isinstance(value, datetime):
        return "QA datetime"
    if isinstance(value, date):
        return "QA date"
    if isinstance(value, int):
        return "QA integer"
    if isinstance(value, float):
        return "QA number"
    return None


def sheet_location(title: str, cell: str) -> str:
    """An internal link target: ``'Sheet name'!A5``."""
    return "'{}'!{}".format(title.replace("'", "''"), cell)


def print_setup(ws: WriteOnlyWorksheet, title_rows: str | None = None) -> None:
    """Landscape, fitted to the page width, with page numbers (and ``title_rows`` repeated)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.75, header=0.3, footer=0.3)
    ws.oddFooter.center.text = "Page &P of &N"
    ws.oddFooter.left.text = "&A"
    if title_rows:
        ws.print_title_rows = title_rows


class SheetBuilder:
    """A small sheet collected row by row, then written with columns sized to their contents.

    ``add`` takes plain values (text, numbers, dates: each in the style its type calls for) or
    :class:`Styled` values and returns the row number. Charts, tables and conditional formats can
    be added to :attr:`ws` at any time; :meth:`finish` writes the rows.
    """

    def __init__(self, book: ReportBook, title: str, max_width: float = 60.0):
        self.book = book
        self.ws = book.sheet(title)
        self.title = title
        self.max_width = max_width
        self.rows: list[list[Any]] = []
        self.widths: dict[int, float] = {}

    @property
    def next_row(self) -> int:
        return len(self.rows) + 1

    def add(self, *values: Any) -> int:
        self.rows.append(list(values))
        for column, value in enumerate(values, 1):
            self._measure(column, value)
        return len(self.rows)

    def blank(self) -> int:
        return self.add()

    def heading(self, text: str, style: str = "QA section") -> int:
        return self.add(Styled(text, style))

    def header(self, *names: str) -> int:
        return self.add(*(Styled(n, "QA header") for n in names))

    def _measure(self, column: int, value: Any) -> None:
        style = value.style if isinstance(value, Styled) else None
        raw = value.value if isinstance(value, Styled) else value
        style = style or default_style(raw)
        if raw is None or style in _NO_WIDTH:
            return
        if style in _FIXED_WIDTH:
            width = float(_FIXED_WIDTH[style])
        elif isinstance(raw, str):
            width = text_width(raw)
            if style == "QA header":
                width = min(width, 20.0)
        elif isinstance(raw, int | float):
            width = len(f"{raw:,}") + 1.0
        else:
            width = 10.0
        self.widths[column] = max(self.widths.get(column, 0.0), width)

    def finish(
        self,
        freeze: str | None = None,
        title_rows: str | None = None,
        widths: dict[int, float] | None = None,
    ) -> WriteOnlyWorksheet:
        """Size the columns (``widths`` overrides some), freeze panes at ``freeze``, set the print
        settings and write the rows."""
        sizes = {}
        for column, width in {**self.widths, **(widths or {})}.items():
            sizes[column] = max(6.0, min(self.max_width, width + 2.0))
            self.ws.column_dimensions[get_column_letter(column)].width = sizes[column]
        for number, values in enumerate(self.rows, 1):
            lines = max((self._lines(v, sizes.get(i)) for i, v in enumerate(values, 1)), default=1)
            if lines > 1:
                self.ws.row_dimensions[number].height = LINE_HEIGHT * lines
        if freeze:
            self.ws.freeze_panes = freeze
        print_setup(self.ws, title_rows)
        for index, values in enumerate(self.rows):
            below = self.rows[index + 1] if index + 1 < len(self.rows) else []
            self.ws.append([self._cell(self._aligned(v, below, i)) for i, v in enumerate(values)])
        return self.ws

    @staticmethod
    def _lines(value: Any, width: float | None) -> int:
        """How many lines a wrapped text cell takes in a column ``width`` characters wide
        (programs size rows of wrapped text when they open a file only sometimes)."""
        raw = value.value if isinstance(value, Styled) else value
        style = value.style if isinstance(value, Styled) else default_style(raw)
        if not isinstance(raw, str) or style not in _WRAPPED or width is None:
            return 1
        return wrapped_lines(raw, width)

    @staticmethod
    def _aligned(value: Any, below: list[Any], index: int) -> Any:
        """A header over a column of numbers is right-aligned, as the numbers are."""
        if not (isinstance(value, Styled) and value.style == "QA header") or index >= len(below):
            return value
        under = below[index]
        raw = under.value if isinstance(under, Styled) else under
        style = under.style if isinstance(under, Styled) else None
        if style is None:
            style = default_style(raw)
        numeric = style in _NUMERIC_STYLES
        return Styled(value.value, "QA header right") if numeric else value

    def _cell(self, value: Any) -> Any:
        link = value.link if isinstance(value, Styled) else None
        style = value.style if isinstance(value, Styled) else None
        raw = value.value if isinstance(value, Styled) else value
        if raw is None:
            return None
        style = style or default_style(raw)
        if isinstance(raw, str):
            cell = self.book.text(self.ws, raw, style or "QA text")
        else:
            cell = WriteOnlyCell(self.ws, raw)
            if style:
                cell.style = style
        if link:
            cell.hyperlink = Hyperlink(ref="", location=link, display=str(raw))
        return cell
