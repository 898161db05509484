"""Periods the reports compare: a report's period and the ones of the same length before it.

A period is a span of inclusive days. Whole calendar months step by months (March, then February),
any other period by its number of days.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    """A span of days (inclusive) with a short label (``2026-03``, or the first and last day)."""

    start: date
    end: date
    label: str


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _is_months(start: date, end: date) -> bool:
    return start.day == 1 and end == _month_end(end)


def periods_up_to(date_from: date, date_to: date, count: int) -> list[Period]:
    """The period and the ``count - 1`` periods of the same length before it, oldest first.
    Whole calendar months step by months; any other period by its number of days."""
    result = []
    if _is_months(date_from, date_to):
        months = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
        for back in range(count):
            shift = back * months
            index = date_from.year * 12 + date_from.month - 1 - shift
            start = date(index // 12, index % 12 + 1, 1)
            end_index = index + months - 1
            end = _month_end(date(end_index // 12, end_index % 12 + 1, 1))
            label = f"{start:%Y-%m}" if months == 1 else f"{start:%Y-%m}–{end:%Y-%m}"
            result.append(Period(start, end, label))
    else:
        length = (date_to - date_from).days + 1
        for back in range(count):
            start = date_from - timedelta(days=back * length)
            end = start + timedelta(days=length - 1)
            label = f"{start:%m-%d}" if length == 1 else f"{start:%m-%d}–{end:%m-%d}"
            result.append(Period(start, end, label))
    return result[::-1]


def previous_period(date_from: date, date_to: date) -> Period:
    """The period of the same length just before (the month before, for whole months)."""
    return periods_up_to(date_from, date_to, 2)[0]
