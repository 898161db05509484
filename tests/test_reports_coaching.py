"""The coaching report, read back with openpyxl: Dana's April 2026 against numbers worked out by
hand from the data set of tests/test_reports_data.py.

Dana in April: D4 55 (Sam) and D5 100 (Rita): IQS 77.5, one pass of two, no critical fail. March
(the previous period): D1 100, D2 37.5, D3 0 (critical): 45.83. Tier 1 in April: D4, D5 and E3 65:
73.33; in March D1, D2, D3, E1 85, E2 100: 64.5. Criteria in April: greeting pass, pass (100%; team
with E3's fail 66.7%); tone 2 and 5 → 0.25 and 1 (62.5%; team with E3's 4 → 0.75: 66.7%); identity
pass, pass (100%, team 100%).
"""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl.chart import BarChart, LineChart

from qa_desk.errors import Cancelled, InputError
from qa_desk.reports import write_coaching_report
from tests.test_reports_data import (
    APRIL,
    MADE,
    ReportIds,
    build_reports,
    find_row,
    interval,
    open_book,
    rows,
)

SHEETS = ["Summary", "Strengths & focus areas", "Reviews", "Action items"]


@pytest.fixture
def report_data(db, data_dir) -> ReportIds:
    return build_reports(db, data_dir)


@pytest.fixture
def april(db, report_data: ReportIds, data_dir):
    path = data_dir / "coaching Dana.xlsx"
    with db.reader() as session:
        result = write_coaching_report(
            session, path, report_data.base.agents["Dana"], *APRIL, now=MADE
        )
    assert result.sheets == SHEETS and result.reviews == 2
    return open_book(path)


def test_summary_figures_against_the_previous_period_and_the_team(april):
    ws = april["Summary"]
    assert ws["A1"].value == "Coaching report: Dana"
    assert ws["A2"].value.startswith("Tier 1 · 2026-04-01 to 2026-04-30")
    header = find_row(ws, "Quality this period") + 1
    assert rows(ws)[header - 1][1:] == [
        "Reviews", "IQS", "95% CI low", "95% CI high", "Pass rate", "Critical fails",
    ]  # fmt: skip
    dana, before, team = rows(ws)[header : header + 3]
    assert dana == pytest.approx(["Dana", 2, *interval([55, 100]), 0.5, 0])
    assert before[0] == "Previous period (2026-03-01 to 2026-03-31)"
    assert before[1:] == pytest.approx([3, *interval([100, 37.5, 0]), 1 / 3, 1])
    assert team[0] == "Team (Tier 1)"
    assert team[1:] == pytest.approx([3, *interval([55, 100, 65]), 1 / 3, 0])
    change = ws.cell(find_row(ws, "Change from the previous period"), 3)
    assert change.value == pytest.approx(77.5 - 137.5 / 3)
    assert "pts" in change.number_format and "▲" in change.number_format
    versus_team = ws.cell(find_row(ws, "Difference from the team"), 3)
    assert versus_team.value == pytest.approx(77.5 - 220 / 3)
    for column in "CDEF":  # IQS, interval and pass rate read as percentages
        assert ws[f"{column}{header + 1}"].number_format == "0.0%"


def test_trend_table_and_its_line_chart(april):
    ws = april["Summary"]
    header = find_row(ws, "Period")
    assert rows(ws)[header - 1] == ["Period", "From", "To", "Reviews", "Dana", "Team (Tier 1)"]
    trend = rows(ws)[header : header + 6]
    assert [r[0] for r in trend] == ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03",
                                     "2026-04"]  # fmt: skip
    assert [r[3] for r in trend] == [0, 0, 0, 0, 3, 2]
    assert trend[4][4:] == pytest.approx([137.5 / 300, 0.645])
    assert trend[5][4:] == pytest.approx([0.775, 220 / 300])
    assert ws.cell(header + 6, 5).number_format == "0.0%"
    (line,) = [c for c in ws._charts if isinstance(c, LineChart)]
    refs = [s.val.numRef.f for s in line.series]
    assert refs == [f"'Summary'!$E${header + 1}:$E${header + 6}",
                    f"'Summary'!$F${header + 1}:$F${header + 6}"]  # fmt: skip
    assert line.series[0].cat.numRef.f == f"'Summary'!$A${header + 1}:$A${header + 6}"
    assert line.y_axis.number_format.formatCode == "0%" and line.y_axis.scaling.max == 1


def test_criteria_against_the_team_with_a_bar_chart(april):
    ws = april["Summary"]
    header = find_row(ws, "Criterion")
    assert rows(ws)[header - 1] == ["Criterion", "Section", "Ratings", "Dana", "Team", "Difference"]
    greets, tone, identity = rows(ws)[header : header + 3]
    assert greets == pytest.approx(["Greets", "Main", 2, 1, 2 / 3, 100 / 3])
    assert tone == pytest.approx(["Tone", "Main", 2, 0.625, 2 / 3, -25 / 6])
    assert identity == ["Verifies identity (critical)", "Main", 2, 1, 1, 0]
    (bars,) = [c for c in ws._charts if isinstance(c, BarChart)]
    assert [s.val.numRef.f for s in bars.series] == [
        f"'Summary'!$D${header + 1}:$D${header + 3}",
        f"'Summary'!$E${header + 1}:$E${header + 3}",
    ]
    assert bars.series[0].cat.numRef.f == f"'Summary'!$A${header + 1}:$A${header + 3}"


def test_strengths_and_focus_areas_link_to_the_reviews(april):
    ws = april["Strengths & focus areas"]
    strengths, focus = find_row(ws, "Strengths"), find_row(ws, "Focus areas")
    named = [r[0] for r in rows(ws)[strengths:focus] if r and r[0] in ("Greets", "Tone")]
    assert named == ["Greets"]
    assert find_row(ws, "Verifies identity (critical)") < focus
    tone = find_row(ws, "Tone")
    assert tone > focus and ws.cell(tone, 5).value == "Agent 62% over 2 ratings · team 67%"
    example = tone + 2  # the area, its header, then the examples worst first
    assert rows(ws)[example - 1][1:] == ["T-D4", 2, "Sam", "Impatient again."]
    assert ws.cell(example, 2).hyperlink.location == "'Reviews'!A4"
    assert rows(april["Reviews"])[3][0] == "T-D4"  # where the link leads


def test_every_review_of_the_period_with_its_ratings(april):
    ws = april["Reviews"]
    table = rows(ws)
    assert table[2] == ["Conversation", "Submitted", "Reviewer", "Score", "Result", "Criterion",
                        "Rating", "Comment"]  # fmt: skip
    assert table[3][:6] == ["T-D4", table[3][1], "Sam", 0.55, "Fail", "chat · Parcel · test-rubric"]
    assert table[3][1].date() == date(2026, 4, 6)
    assert [r[5:] for r in table[4:7]] == [
        ["Greets", "pass"], ["Tone", 2, "Impatient again."],
        ["Verifies identity (critical)", "pass"],
    ]  # fmt: skip
    assert table[8][:5] == ["T-D5", table[8][1], "Rita", 1, "Pass"]
    assert [r[0] for r in table if r and str(r[0]).startswith("T-")] == ["T-D4", "T-D5"]
    assert ws.freeze_panes == "A4" and ws["D4"].number_format == "0.0%"
    assert ws.print_title_rows == "$3:$3"


def test_open_action_items_and_the_sessions_of_the_period(april):
    ws = april["Action items"]
    table = rows(ws)
    opened, agreed = find_row(ws, "Open action items"), find_row(ws, "Agreed in this period")
    assert table[opened] == ["Session", "Action item", "Owner", "Due", "Status", "Done on"]
    open_items = [r for r in table[opened + 1 : agreed - 2]]
    assert [(r[0].date(), r[1], r[2], r[4]) for r in open_items] == [
        (date(2026, 3, 20), "Use the customer's name", "Dana", "Open, overdue"),
        (date(2026, 4, 15), "Ask one closing question", "Dana", "Open"),
    ]
    assert open_items[0][3].date() == date(2026, 4, 1)
    texts = [r[1] for r in table if len(r) > 1]
    assert "Verify identity first" not in texts  # done in March
    assert "Read the refund policy" not in texts  # agreed in May, after the period
    assert [r[1] for r in table[agreed + 1 : agreed + 2]] == ["Ask one closing question"]
    held = find_row(ws, "Coaching sessions in this period")
    assert table[held] == ["Date", "Notes", "Coach", "Reviews discussed", "Action items"]
    assert table[held + 1][1:] == ["Went through the two April reviews.", "Carla", 2, 1]
    assert table[held + 1][0].date() == date(2026, 4, 15)


def test_every_sheet_prints_landscape_fitted_to_the_width(april):
    assert april.sheetnames == SHEETS
    for ws in april.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.column_dimensions["A"].width > 8, ws.title
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:  # a font without a face looks foreign
                    assert cell.font.name == "Calibri" and cell.font.sz, cell.coordinate


def test_an_agent_without_reviews_gets_a_report_that_says_so(db, report_data, data_dir):
    path = data_dir / "empty.xlsx"
    with db.reader() as session:
        write_coaching_report(
            session, path, report_data.base.agents["Omar"], date(2025, 1, 1), date(2025, 1, 31)
        )
    book = open_book(path)
    assert rows(book["Summary"])[6] == ["Omar", 0, None, None, None, None, 0]
    assert ["No ratings in this period."] in rows(book["Summary"])
    assert ["No ratings this period."] in rows(book["Strengths & focus areas"])


def test_bad_input_and_a_cancel_leave_no_file(db, report_data, data_dir):
    path = data_dir / "never.xlsx"
    dana = report_data.base.agents["Dana"]
    with db.reader() as session:
        with pytest.raises(InputError, match=r"ends .* before it starts"):
            write_coaching_report(session, path, dana, date(2026, 4, 30), date(2026, 4, 1))
        with pytest.raises(InputError, match="no agent with id 999"):
            write_coaching_report(session, path, 999, *APRIL)
        with pytest.raises(Cancelled):
            write_coaching_report(session, path, dana, *APRIL, cancelled=lambda: True)
        calls = []

        def cancel_on_the_third_sheet() -> bool:
            calls.append(1)
            return len(calls) >= 3

        with pytest.raises(Cancelled):
            write_coaching_report(session, path, dana, *APRIL, cancelled=cancel_on_the_third_sheet)
    assert sorted(p.name for p in data_dir.iterdir() if not p.name.startswith("qa-desk")) == [
        "analytics.jsonl"
    ]
