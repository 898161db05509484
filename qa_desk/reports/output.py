"""Writing a finished workbook into place: never a half-written file.

The workbook is saved to a temporary file next to the target and moved over it only when complete,
so a failure or a cancel leaves the target as it was. Text with carriage returns is fixed up in the
sheet files first (see :func:`restore_carriage_returns`).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from qa_desk.errors import InputError, Problem
from qa_desk.reports.excel_style import CR_MARK, ReportBook

_MARK = CR_MARK.encode("utf-8")
_CR_REFERENCE = b"&#13;"
_CHUNK = 1 << 20


def check_writable(path: Path) -> None:
    """Raise :class:`InputError` unless a workbook can be written at ``path`` (an ``.xlsx`` file in
    an existing, writable folder)."""
    where = str(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError(Problem(where, "", "the output must be an .xlsx file"))
    if path.is_dir():
        raise InputError(Problem(where, "", "is a folder; name the file to write"))
    if not path.parent.is_dir():
        raise InputError(Problem(where, "", f"no folder {path.parent}"))
    try:
        handle, probe = tempfile.mkstemp(dir=path.parent, prefix=".qa-desk-", suffix=".probe")
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise InputError(Problem(where, "", f"cannot write here: {error.strerror}")) from None
    if path.exists() and not os.access(path, os.W_OK):
        raise InputError(Problem(where, "", "the file exists and cannot be replaced"))


def restore_carriage_returns(path: str) -> None:
    """Write each :data:`CR_MARK` in a sheet file as the character reference ``&#13;``.

    openpyxl (without lxml) writes a carriage return into the XML as it is, and every XML reader
    turns it into a line feed; a character reference survives. Streams in chunks: a sheet may be
    hundreds of megabytes.
    """
    fixed = path + ".cr"
    with open(path, "rb") as source, open(fixed, "wb") as target:
        carry = b""
        while True:
            chunk = source.read(_CHUNK)
            data = carry + chunk
            if not chunk:
                target.write(data.replace(_MARK, _CR_REFERENCE))
                break
            # a mark cut by the chunk's end starts with its lead byte in the last bytes: keep it
            split = data.find(_MARK[:1], max(0, len(data) - len(_MARK) + 1))
            split = len(data) if split == -1 else split
            target.write(data[:split].replace(_MARK, _CR_REFERENCE))
            carry = data[split:]
    os.replace(fixed, path)


def _sheet_file(ws: WriteOnlyWorksheet) -> str:
    if not ws.closed:
        ws.close()
    return ws._writer.out  # the file openpyxl streamed the sheet to


def save_book(book: ReportBook, path: Path) -> None:
    """Save the workbook at ``path`` through a temporary file moved into place."""
    for ws in book.cr_sheets:
        restore_carriage_returns(_sheet_file(ws))
    # a fresh name rather than mkstemp, whose file only its owner may read: the workbook gets the
    # permissions any file the user saves gets (colleagues on a shared drive can open it)
    temporary = path.parent / f".{path.stem}-{secrets.token_hex(6)}.xlsx.part"
    try:
        book.workbook.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def discard_book(book: ReportBook) -> None:
    """Remove the temporary sheet files of a workbook that will not be saved."""
    for ws in book.workbook.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        with contextlib.suppress(Exception):
            if ws._rows is not None:
                ws._rows.close()
            writer.xf.close()
        with contextlib.suppress(OSError, TypeError):
            os.unlink(writer.out)
