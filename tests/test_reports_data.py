"""The data set the workbook tests compute by hand, helpers to read a workbook back, and checks that
the data set holds what the other ``test_reports_*`` modules count on.

The reviews are those of the analytics tests (tests/test_analytics_data.py: Dana and Eve in Tier 1,
Omar in Tier 2, reviewers Rita and Sam, ten counted reviews in March and April 2026 plus a
calibration review and a draft that never count). Added here: Dana's coaching sessions.

| session | held on | coach | action items |
|---|---|---|---|
| S1 | 20 Mar 2026 | Carla | "Use the customer's name" (Dana, due 1 Apr, open); "Verify identity first" (done 25 Mar) |
| S2 | 15 Apr 2026 | Carla | "Ask one closing question" (Dana, no due day, open), reviews D4 and D5 discussed |
| S3 | 10 May 2026 | Carla | "Read the refund policy" (open): after April, so never in April's report |
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from qa_desk.coaching import add_action_item, complete_action_item, create_session
from qa_desk.db import Database
from qa_desk.reviews import find_or_create_user
from tests.test_analytics_data import Ids, build

APRIL = (date(2026, 4, 1), date(2026, 4, 30))
MARCH_APRIL = (date(2026, 3, 1), date(2026, 4, 30))
MADE = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)

# two-sided 95% Student t quantiles by degrees of freedom, from a printed table (six decimals)
T_975 = {1: 12.706205, 2: 4.302653, 3: 3.182446, 4: 2.776445, 7: 2.364624, 9: 2.262157}


@dataclass(frozen=True)
class ReportIds:
    """The data set's ids (:class:`tests.test_analytics_data.Ids`) and the coaching sessions'."""

    base: Ids
    coach: int
    sessions: dict[str, int]
    items: dict[str, int]


def build_reports(db: Database, folder: Path) -> ReportIds:
    base = build(db, folder)
    dana = base.agents["Dana"]
    with db.session() as session:
        coach = find_or_create_user(session, "Carla", role="coach")[0].id
        s1 = create_session(session, agent_id=dana, coach_id=coach, held_on=date(2026, 3, 20))
        name = add_action_item(session, s1.id, "Use the customer's name", owner="Dana",
                               due_on=date(2026, 4, 1))  # fmt: skip
        verify = add_action_item(session, s1.id, "Verify identity first", owner="Dana")
        complete_action_item(session, verify.id, when=datetime(2026, 3, 25, 10, tzinfo=UTC))
        s2 = create_session(
            session, agent_id=dana, coach_id=coach, held_on=date(2026, 4, 15),
            notes="Went through the two April reviews.",
            review_ids=[base.reviews["D4"], base.reviews["D5"]],
        )  # fmt: skip
        closing = add_action_item(session, s2.id, "Ask one closing question", owner="Dana")
        s3 = create_session(session, agent_id=dana, coach_id=coach, held_on=date(2026, 5, 10))
        refund = add_action_item(session, s3.id, "Read the refund policy", owner="Dana")
    return ReportIds(
        base,
        coach,
        {"S1": s1.id, "S2": s2.id, "S3": s3.id},
        {"name": name.id, "verify": verify.id, "closing": closing.id, "refund": refund.id},
    )


@pytest.fixture
def report_data(db: Database, data_dir: Path) -> ReportIds:
    return build_reports(db, data_dir)


def interval(scores: list[float]) -> tuple[float, float, float]:
    """Mean and 95% interval (clipped to 0–100) of review scores, as fractions of 1."""
    n = len(scores)
    mean = sum(scores) / n
    variance = sum((s - mean) ** 2 for s in scores) / (n - 1)
    half = T_975[n - 1] * (variance / n) ** 0.5
    return mean / 100, max(0.0, mean - half) / 100, min(100.0, mean + half) / 100


def approx_rows(expected: list[list[Any]]) -> list[Any]:
    """Rows to compare a table with: numbers approximately, anything else exactly."""
    return [pytest.approx(row) for row in expected]


def open_book(path: Path) -> Workbook:
    return load_workbook(path)  # not read-only: charts, tables, styles and print settings load


def rows(ws: Worksheet) -> list[list[Any]]:
    """Every row's values, trailing empty cells dropped."""
    result = []
    for row in ws.iter_rows(values_only=True):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        result.append(values)
    return result


def find_row(ws: Worksheet, first: Any, column: int = 1) -> int:
    """The number of the first row whose cell in ``column`` holds ``first``."""
    for row in ws.iter_rows(min_col=column, max_col=column):
        if row[0].value == first:
            return row[0].row
    raise AssertionError(f"no row starting {first!r} on {ws.title}")


def text_cells(book: Workbook) -> Iterator[Any]:
    """Every cell holding text (or a formula) in every sheet."""
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    yield cell


def test_the_sessions_hold_what_the_table_says(db, report_data):
    from qa_desk.coaching import open_action_items, sessions_of_agent

    dana = report_data.base.agents["Dana"]
    with db.reader() as session:
        held = [s.held_on for s in sessions_of_agent(session, dana)]
        still_open = [i.text for i in open_action_items(session, dana, before=date(2026, 5, 1))]
    assert held == [date(2026, 5, 10), date(2026, 4, 15), date(2026, 3, 20)]
    assert still_open == ["Use the customer's name", "Ask one closing question"]


def test_the_interval_helper_agrees_with_a_worked_example():
    # 55 and 100: mean 77.5, standard error 22.5, t(1) 12.7062: the interval covers 0–100
    assert interval([55.0, 100.0]) == pytest.approx((0.775, 0.0, 1.0))
    # 55, 100, 65: mean 73.33, s.e. 13.642, t(2) 4.3027: 14.64 to 100 (clipped)
    assert interval([55.0, 100.0, 65.0]) == pytest.approx((0.73333, 0.14635, 1.0), abs=1e-4)
