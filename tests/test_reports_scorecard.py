"""The team scorecard, read back with openpyxl, against numbers worked out by hand from the data set
of tests/test_reports_data.py (March and April 2026: every counted review).

Scores: D1 100, D2 37.5, D3 0 (critical), D4 55, D5 100 (Dana, Tier 1); E1 85, E2 100, E3 65 (Eve,
Tier 1); O1 100, O2 55 (Omar, Tier 2). Passing (≥ 80): D1, D5, E1, E2, O1. Rita reviewed D1, D2,
D5, E1, O2; Sam D3, D4, E2, E3, O1.
"""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl.chart import LineChart

from qa_desk.analytics import reviewer_stats
from qa_desk.analytics_reviewers import VERDICT_WORDS, verdict
from qa_desk.reports import write_scorecard
from tests.test_analytics_data import SCORES
from tests.test_reports_data import (
    MADE,
    MARCH_APRIL,
    ReportIds,
    approx_rows,
    build_reports,
    find_row,
    interval,
    open_book,
    rows,
)

SHEETS = ["Team summary", "Agents", "Criteria heat map", "Reviewers", "Raw data"]
RAW_HEADER = [
    "Submitted", "Conversation", "Source", "Channel", "Conversation started", "Agent", "Team",
    "Reviewer", "Rubric", "Rubric version", "Score", "Result", "Greets", "Tone",
    "Verifies identity", "Comment", "Rating comments", "Minutes spent", "Review id",
]  # fmt: skip
IN_ORDER = ["D1", "D2", "E1", "O1", "D3", "E2", "D4", "D5", "E3", "O2"]  # by submission


@pytest.fixture
def report_data(db, data_dir) -> ReportIds:
    return build_reports(db, data_dir)


def scores(*labels: str) -> list[float]:
    return [SCORES[label] for label in labels]


@pytest.fixture
def book(db, report_data: ReportIds, data_dir):
    path = data_dir / "scorecard.xlsx"
    with db.reader() as session:
        result = write_scorecard(session, path, *MARCH_APRIL, now=MADE)
    assert result.sheets == SHEETS and result.reviews == result.raw_rows == 10
    return open_book(path)


def test_team_summary_teams_and_weeks(book):
    ws = book["Team summary"]
    assert ws["A1"].value == "Team scorecard: All teams"
    table = rows(ws)
    this = table[find_row(ws, "This period") - 1]
    assert this == pytest.approx(["This period", 10, *interval(scores(*SCORES)), 0.5, 1])
    before = table[find_row(ws, "Previous period (2026-01-01 to 2026-02-28)") - 1]
    assert before[1:] == [0, None, None, None, None, 0]
    assert table[find_row(ws, "Agents reviewed") - 1] == ["Agents reviewed", 3]
    assert table[find_row(ws, "Reviewers") - 1] == ["Reviewers", 2]
    teams = find_row(ws, "Team")
    tier_1 = scores("D1", "D2", "D3", "D4", "D5", "E1", "E2", "E3")
    assert table[teams : teams + 2] == approx_rows([
        ["Tier 2", 2, *interval(scores("O1", "O2")), 0.5, 0],
        ["Tier 1", 8, *interval(tier_1), 0.5, 1],
    ])  # fmt: skip
    weeks = find_row(ws, "Week")
    # ISO week 10: 2–5 March (D1, D2, E1, O1); 11: D3, E2; 15: 6–9 April (D4, D5, E3, O2)
    assert table[weeks : weeks + 3] == approx_rows([
        ["2026-W10", 4, (100 + 37.5 + 85 + 100) / 400, 0.75],
        ["2026-W11", 2, 0.5, 0.5],
        ["2026-W15", 4, (55 + 100 + 65 + 55) / 400, 0.25],
    ])  # fmt: skip
    assert ws.cell(weeks + 1, 3).number_format == "0.0%"
    (chart,) = ws._charts
    assert isinstance(chart, LineChart)
    assert chart.series[0].val.numRef.f == f"'Team summary'!$C${weeks + 1}:$C${weeks + 3}"


def test_one_row_per_agent_best_first(book):
    ws = book["Agents"]
    table = rows(ws)
    header = find_row(ws, "Agent")
    assert table[header - 1] == ["Agent", "Team", "Reviews", "IQS", "95% CI low", "95% CI high",
                                 "Pass rate", "Critical fails", "Previous IQS", "Change"]  # fmt: skip
    assert table[header : header + 3] == approx_rows([
        ["Eve", "Tier 1", 3, *interval(scores("E1", "E2", "E3")), 2 / 3, 0],
        ["Omar", "Tier 2", 2, *interval(scores("O1", "O2")), 0.5, 0],
        ["Dana", "Tier 1", 5, *interval(scores("D1", "D2", "D3", "D4", "D5")), 0.4, 1],
    ])  # fmt: skip
    assert len(table) == header + 3
    assert ws.freeze_panes == f"B{header + 1}"
    assert [ws.cell(header + 1, c).number_format for c in range(4, 8)] == ["0.0%"] * 4


def test_the_criteria_heat_map(book):
    ws = book["Criteria heat map"]
    table = rows(ws)
    header = find_row(ws, "Agent")
    assert table[header - 1] == ["Agent", "Reviews", "Greets", "Tone", "Verifies identity"]
    # greeting: fails D2, E3 of 10; tone over 9 (O1 N/A): 1 .5 .75 .25 1 .75 1 .75 .25;
    # identity over 7 (D2, E2, O1 N/A): only D3 fails. Under 5 ratings: in brackets, as text
    # (the colour scale leaves text white), as the Reports page greys them out
    assert table[header : header + 4] == approx_rows([
        ["Everyone (All teams)", 10, 0.8, 6.25 / 9, 6 / 7],
        ["Eve", 3, "(67%)", "(83%)", "(100%)"],
        ["Omar", 2, "(100%)", "(25%)", "(100%)"],
        ["Dana", 5, 0.8, 0.7, "(75%)"],  # identity: 4 ratings (D2 N/A)
    ])  # fmt: skip
    assert ws.cell(header + 2, 3).font.color.rgb.endswith("808080")
    assert "fewer than 5 ratings" in table[header - 2][0]
    assert ws.cell(header + 1, 3).number_format == "0.0%"
    assert ws.freeze_panes == f"C{header + 1}"
    (formats,) = list(ws.conditional_formatting)
    assert str(formats.sqref) == f"C{header + 1}:E{header + 4}"
    (rule,) = formats.rules
    assert rule.type == "colorScale" and len(rule.colorScale.cfvo) == 3


def test_reviewer_statistics_are_the_reports_pages(db, book):
    ws = book["Reviewers"]
    table = rows(ws)
    header = find_row(ws, "Reviewer")
    assert table[header - 1] == [
        "Reviewer", "Reviews", "Median minutes", "Mean score given", "Pass rate given",
        "Critical fails given", "Agents reviewed", "Compared", "Their mean", "Others' mean",
        "Difference", "95% CI", "Severity / leniency",
    ]  # fmt: skip
    rita = scores("D1", "D2", "D5", "E1", "O2")
    sam = scores("D3", "D4", "E2", "E3", "O1")
    with db.reader() as session:  # the severity the Reports page shows, for the same period
        page = {s.reviewer: s for s in reviewer_stats(session, date_from=MARCH_APRIL[0],
                                                      date_to=MARCH_APRIL[1])}  # fmt: skip
    expected = []
    # median minutes: Rita of 300, 100, 500, 250 s (O2 has no time); Sam of 200, 400, 350, 150, 600 s
    for name, given, median, passed, critical in (
        ("Rita", rita, 275 / 60, 0.6, 0), ("Sam", sam, 350 / 60, 0.4, 1)
    ):  # fmt: skip
        stats = page[name]
        severity = stats.severity
        shown = f"{severity.low:+.1f} to {severity.high:+.1f}".replace("-", "−")
        words = VERDICT_WORDS[verdict(stats)]
        expected.append([name, 5, median, sum(given) / 500, passed, critical, 3, stats.compared,
                         stats.own_mean / 100, stats.others_mean / 100, severity.mean, shown,
                         words])  # fmt: skip
    assert table[header : header + 2] == approx_rows(expected)
    assert page["Rita"].compared > 0 and page["Sam"].compared > 0
    assert ws.cell(header + 1, 4).number_format == "0.0%"
    assert "pts" in ws.cell(header + 1, 11).number_format


def test_raw_data_is_a_filtered_table_one_row_per_review(book, report_data):
    ws = book["Raw data"]
    table = rows(ws)
    assert table[0] == RAW_HEADER
    assert [r[1] for r in table[1:]] == [f"T-{label}" for label in IN_ORDER]
    d2 = table[2]
    assert d2[0].isoformat() == "2026-03-03T12:00:00"
    assert d2[1:] == [
        "T-D2", "test", "chat", d2[4], "Dana", "Tier 1", "Rita", "test-rubric", 1, 0.375, "Fail",
        "fail", 3, "NA", "Rushed.", "Tone: Curt reply.", 1.7, report_data.base.reviews["D2"],
    ]  # fmt: skip
    d3 = table[5]
    assert d3[10:15] == [0, "Critical fail", "pass", 4, "fail"]
    assert d3[16] == "Verifies identity: No verification before sharing the order."
    assert [r[10] for r in table[1:]] == pytest.approx([SCORES[x] / 100 for x in IN_ORDER])
    assert ws["K2"].number_format == "0.0%"
    assert ws["A2"].number_format == ws["E2"].number_format == "yyyy-mm-dd hh:mm"
    assert ws.freeze_panes == "C2"
    (name,) = ws.tables
    assert ws.tables[name].ref == "A1:S11" and ws.tables[name].autoFilter.ref == "A1:S11"
    assert [c.name for c in ws.tables[name].tableColumns] == RAW_HEADER


def test_past_the_row_limit_the_raw_data_goes_on_in_further_sheets(db, report_data, data_dir):
    path = data_dir / "small sheets.xlsx"
    with db.reader() as session:
        result = write_scorecard(session, path, *MARCH_APRIL, max_rows=4)  # a header, 3 rows
    raw = ["Raw data", "Raw data (2)", "Raw data (3)", "Raw data (4)"]
    assert result.sheets == [*SHEETS[:4], *raw] and result.raw_rows == 10
    book = open_book(path)
    assert book.sheetnames == result.sheets
    seen, refs = [], []
    for title in raw:
        ws = book[title]
        table = rows(ws)
        assert table[0] == RAW_HEADER and ws.freeze_panes == "C2"
        seen += [r[1] for r in table[1:]]
        refs += [t.ref for t in ws.tables.values()]
    assert seen == [f"T-{label}" for label in IN_ORDER]
    assert refs == ["A1:S4", "A1:S4", "A1:S4", "A1:S2"]
    names = [name for title in raw for name in book[title].tables]
    assert len(set(names)) == 4  # a workbook's tables need names of their own


def test_one_team_only(db, report_data, data_dir):
    path = data_dir / "tier 1.xlsx"
    with db.reader() as session:
        result = write_scorecard(
            session, path, *MARCH_APRIL, team_id=report_data.base.teams["Tier 1"]
        )
    assert result.reviews == 8
    book = open_book(path)
    assert book["Team summary"]["A1"].value == "Team scorecard: Tier 1"
    assert find_row(book["Team summary"], "Week") and "Tier 2" not in [
        r[0] for r in rows(book["Team summary"]) if r
    ]
    heat = book["Criteria heat map"]
    header = find_row(heat, "Agent")
    assert rows(heat)[header : header + 3] == approx_rows([
        ["Everyone (Tier 1)", 8, 0.75, 0.75, 5 / 6],
        ["Eve", 3, "(67%)", "(83%)", "(100%)"],
        ["Dana", 5, 0.8, 0.7, "(75%)"],
    ])  # fmt: skip
    assert {r[6] for r in rows(book["Raw data"])[1:]} == {"Tier 1"}


def test_the_change_from_the_previous_period(db, report_data, data_dir):
    path = data_dir / "april.xlsx"
    with db.reader() as session:
        write_scorecard(session, path, date(2026, 4, 1), date(2026, 4, 30))
    book = open_book(path)
    ws = book["Team summary"]
    change = ws.cell(find_row(ws, "Change"), 3)
    april, march = scores("D4", "D5", "E3", "O2"), scores("D1", "D2", "D3", "E1", "E2", "O1")
    assert change.value == pytest.approx(sum(april) / 4 - sum(march) / 6)
    agents = book["Agents"]
    dana = rows(agents)[find_row(agents, "Dana") - 1]
    assert dana[8:] == pytest.approx([137.5 / 300, 77.5 - 137.5 / 3])


def test_every_sheet_prints_landscape_fitted_to_the_width(book):
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    for title in ("Agents", "Criteria heat map", "Reviewers", "Raw data"):
        assert book[title].print_title_rows, title  # the header repeats on every page
    fonts = {(c.font.name, c.font.sz) for ws in book for row in ws.iter_rows() for c in row
             if c.value is not None}  # fmt: skip
    # every font names its face: else programs pick their own (LibreOffice a serif)
    assert {name for name, _ in fonts} == {"Calibri"} and None not in {sz for _, sz in fonts}


@pytest.mark.postgres
def test_postgres_writes_the_same_scorecard_as_sqlite(db, pg_db, data_dir):
    """The scorecard's SQL (ratings joined into one string per review, groupings kept off an
    index for a long period) gives every sheet the same cells on both databases."""
    assert build_reports(pg_db, data_dir) == build_reports(db, data_dir)
    books = []
    for database, name in ((db, "sqlite"), (pg_db, "postgres")):
        with database.reader() as session:
            write_scorecard(session, data_dir / f"{name}.xlsx", *MARCH_APRIL, now=MADE)
        books.append(open_book(data_dir / f"{name}.xlsx"))
    on_sqlite, on_postgres = books
    assert on_postgres.sheetnames == on_sqlite.sheetnames == SHEETS
    for title in SHEETS:
        expected = [[pytest.approx(v) if isinstance(v, float) else v for v in row]
                    for row in rows(on_sqlite[title])]  # fmt: skip
        assert rows(on_postgres[title]) == expected, title
    assert len(rows(on_postgres["Raw data"])) == 11
