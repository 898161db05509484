"""What the coaching report and the team scorecard share: their result, rows of quality figures,
and writing a workbook sheet by sheet with progress, cancel and a safe save."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from qa_desk.analytics import GroupStats
from qa_desk.errors import InputError, Problem
from qa_desk.progress import CancelCheck, Progress, check_cancel
from qa_desk.reports.excel_style import ReportBook, Styled
from qa_desk.reports.output import discard_book, save_book

STATS_HEADER = ("", "Reviews", "IQS", "95% CI low", "95% CI high", "Pass rate", "Critical fails")


@dataclass(frozen=True)
class ReportResult:
    """What writing a report did: where, which sheets, how many reviews (and raw rows) it holds."""

    path: Path
    sheets: list[str]
    reviews: int
    raw_rows: int = 0


def check_period(date_from: date, date_to: date) -> None:
    if date_from > date_to:
        raise InputError(Problem("", "period", f"ends ({date_to}) before it starts ({date_from})"))


def fraction(value: float | None) -> float | None:
    """A score in percent as the fraction a percentage cell holds."""
    return None if value is None else value / 100.0


def change(now: float | None, before: float | None) -> float | None:
    """The change of a score in percent, in percentage points."""
    return None if now is None or before is None else now - before


def iqs(stats: GroupStats | None) -> float | None:
    return None if stats is None else stats.iqs


def stats_cells(label: Any, stats: GroupStats | None) -> list[Any]:
    """A row of figures: label, reviews, IQS, interval, pass rate, critical fails."""
    if stats is None:
        return [label, 0, None, None, None, None, 0]
    return [
        label,
        stats.reviews,
        Styled(fraction(stats.iqs), "QA percent"),
        Styled(fraction(stats.ci_low), "QA percent"),
        Styled(fraction(stats.ci_high), "QA percent"),
        Styled(stats.pass_rate, "QA percent"),
        stats.critical_fails,
    ]


def write_book(
    book: ReportBook,
    path: Path,
    steps: Sequence[tuple[str, Callable[[], None]]],
    progress: Progress,
    cancelled: CancelCheck,
) -> None:
    """Run each ``(message, write a sheet)`` step, then save the workbook at ``path`` through a
    temporary file; on an error or a cancel the sheets written so far are thrown away."""
    try:
        for done, (message, write) in enumerate(steps):
            check_cancel(cancelled)
            progress(done, len(steps) + 1, message)
            write()
        check_cancel(cancelled)
        progress(len(steps), len(steps) + 1, "Saving the workbook")
        save_book(book, path)
    except BaseException:
        discard_book(book)
        raise
    progress(len(steps) + 1, len(steps) + 1, "Done")
