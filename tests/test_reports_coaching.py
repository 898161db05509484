"""The coaching report, read back with openpyxl: Dana's April 2026 against numbers worked out by
hand from the data set of tests/test_reports_data.py.

Dana in April: D4 55 (Sam) and D5 100 (Rita): IQS 77.5, one pass of two, no critical fail. March
(the previous period): D1 100, D2 37.5, D3 0 (critical): 45.83. Tier 1 in April: D4, D5 and E3 65:
73.33; in March D1, D2, D3, E1 85, E2 100: 64.5. Criteria in April: greeting pass, pass (100%; team
with E3's fail 66.7%); tone 2 and 5 → 0.25 and 1 (62.5%; team with E3's 4 → 0.75: 66.7%); identity
pass, pass (100%, team 100%).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from openpyxl.chart import BarChart, LineChart
from sqlalchemy import select

from qa_desk.analytics import agent_profile
from qa_desk.db.models import Agent, Conversation, RubricVersion
from qa_desk.errors import Cancelled, InputError
from qa_desk.ingest import import_file
from qa_desk.reports import write_coaching_report
from qa_desk.reviews import RatingInput, record_review
from tests.helpers import conversation, write_jsonl
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


def test_trend_table_and_its_line_chart_start_at_the_first_reviewed_period(april):
    ws = april["Summary"]
    header = find_row(ws, "Period")
    assert rows(ws)[header - 1] == ["Period", "From", "To", "Reviews", "Dana", "Team (Tier 1)"]
    # the six months back to 2025-11, but Dana's first reviews are March's: no empty months before
    trend = rows(ws)[header : header + 2]
    assert [r[0] for r in trend] == ["2026-03", "2026-04"] and rows(ws)[header + 2] == []
    assert [r[3] for r in trend] == [3, 2]
    assert trend[0][4:] == pytest.approx([137.5 / 300, 0.645])
    assert trend[1][4:] == pytest.approx([0.775, 220 / 300])
    assert ws.cell(header + 2, 5).number_format == "0.0%"
    (line,) = [c for c in ws._charts if isinstance(c, LineChart)]
    refs = [s.val.numRef.f for s in line.series]
    assert refs == [f"'Summary'!$E${header + 1}:$E${header + 2}",
                    f"'Summary'!$F${header + 1}:$F${header + 2}"]  # fmt: skip
    assert line.series[0].cat.numRef.f == f"'Summary'!$A${header + 1}:$A${header + 2}"
    assert line.y_axis.number_format.formatCode == "0%" and line.y_axis.scaling.max == 1


def test_the_trend_keeps_empty_periods_after_the_first_reviewed_one(db, report_data, data_dir):
    # Dana over April–May (two months a period): back to 2025-07–08; her reviews are all in
    # March and April, so the trend starts with 2026-03–04 and May–June is empty but kept
    path = data_dir / "march to june.xlsx"
    dana = report_data.base.agents["Dana"]
    with db.reader() as session:
        write_coaching_report(session, path, dana, date(2026, 5, 1), date(2026, 6, 30))
    ws = open_book(path)["Summary"]
    header = find_row(ws, "Period")
    trend = rows(ws)[header : header + 2]
    assert [(r[0], r[3]) for r in trend] == [("2026-03–2026-04", 5), ("2026-05–2026-06", 0)]
    assert trend[0][4] == pytest.approx(292.5 / 500)


def test_an_agent_without_reviews_in_the_trend_has_only_the_report_period(
    db, report_data, data_dir
):
    path = data_dir / "omar.xlsx"
    with db.reader() as session:
        write_coaching_report(
            session, path, report_data.base.agents["Omar"], date(2025, 1, 1), date(2025, 1, 31)
        )
    ws = open_book(path)["Summary"]
    header = find_row(ws, "Period")
    assert rows(ws)[header] == ["2025-01", rows(ws)[header][1], rows(ws)[header][2], 0]
    # one period is no trend: a note says why instead of a chart with one point
    assert rows(ws)[header + 1] == [
        "No reviews of Omar in the 5 periods before this one: no trend to chart yet."
    ]
    assert not [c for c in ws._charts if isinstance(c, LineChart)]


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


def test_with_too_few_ratings_no_criterion_is_named_a_strength_or_focus_area(april):
    # April: two reviews, so no criterion has the 5 ratings the Coaching page asks for either
    ws = april["Strengths & focus areas"]
    note = ["No criterion has 5 ratings or more in this period."]
    strengths, focus = find_row(ws, "Strengths"), find_row(ws, "Focus areas")
    assert rows(ws)[strengths] == note and rows(ws)[focus] == note


# Dana's May, added for the examples: (review, greeting, tone, identity, review comment, comments on
# ratings). M1 fails critically; the others score 100. Greets and Tone are rated top in all seven
# (100%, strengths), Verifies identity fails once (6/7, the focus area).
MAY = [
    ("M1", "pass", "5", "fail", "Critical fail on data protection.",
     {"data_protection": "Read the card number back."}),
    ("M2", "pass", "5", "pass", "Solid work.", {"greeting": "Used the customer's name."}),
    ("M3", "pass", "5", "pass", "", {"tone": "Calm with an angry customer."}),
    ("M4", "pass", "5", "pass", "Excellent conversation.", {}),
    ("M5", "pass", "5", "pass", "", {}),
    ("M6", "pass", "5", "pass", "Solid work.", {}),
    ("M7", "pass", "5", "pass", "", {}),
]  # fmt: skip


@pytest.fixture
def may(db, report_data: ReportIds, data_dir):
    items = [conversation(f"T-{label}", agent={"id": "dana", "name": "Dana"}) for label, *_ in MAY]
    import_file(db, write_jsonl(data_dir / "may.jsonl", items))
    with db.session() as session:
        version = session.scalars(select(RubricVersion)).one()
        ids = dict(session.execute(select(Conversation.external_id, Conversation.id)).all())
        for day, (label, greeting, tone, identity, comment, notes) in enumerate(MAY, start=4):
            values = {"greeting": greeting, "tone": tone, "data_protection": identity}
            record_review(
                session,
                conversation_id=ids[f"T-{label}"],
                reviewer_id=report_data.base.reviewers["Rita"],
                rubric_version=version,
                ratings={c: RatingInput(v, notes.get(c, "")) for c, v in values.items()},
                comment=comment,
                submitted_at=datetime(2026, 5, day, 12, tzinfo=UTC),
            )
    path = data_dir / "coaching Dana May.xlsx"
    with db.reader() as session:
        dana = report_data.base.agents["Dana"]
        write_coaching_report(session, path, dana, date(2026, 5, 1), date(2026, 5, 31), now=MADE)
    return open_book(path)


def examples_under(ws, area: str) -> list[list]:
    """The examples (conversation, rating, comment) listed under an area, up to the blank row."""
    found = []
    for row in rows(ws)[find_row(ws, area) + 1 :]:
        if not row:
            return found
        found.append([row[1], row[2], row[4] if len(row) > 4 else None])
    return found


def test_the_areas_are_the_coaching_pages_and_link_to_the_reviews(db, may):
    with db.reader() as session:
        dana = session.scalar(select(Agent.id).where(Agent.name == "Dana"))
        profile = agent_profile(session, dana, date(2026, 5, 1), date(2026, 5, 31))
    ws = may["Strengths & focus areas"]
    strengths, focus = find_row(ws, "Strengths"), find_row(ws, "Focus areas")
    page = [c.name for c in profile.strongest], [c.name for c in profile.weakest]
    named = ([], [])
    for number, row in enumerate(rows(ws), start=1):
        if row and row[0] and (row[-1] or "").startswith("Agent "):
            named[number > focus].append(row[0].removesuffix(" (critical)"))
    assert strengths < focus and named == page == (["Greets", "Tone"], ["Verifies identity"])
    identity = find_row(ws, "Verifies identity (critical)")
    assert ws.cell(identity, 5).value == "Agent 86% over 7 ratings · team 86%"
    link = ws.cell(identity + 2, 2)  # the area, its header, then the examples worst first
    assert link.value == "T-M1" and link.hyperlink.location.startswith("'Reviews'!A")
    target = int(link.hyperlink.location.rsplit("A", 1)[1])
    assert rows(may["Reviews"])[target - 1][0] == "T-M1"  # where the link leads


def test_examples_quote_the_criterion_and_differ_between_criteria(may):
    ws = may["Strengths & focus areas"]
    focus = find_row(ws, "Focus areas")
    assert find_row(ws, "Greets") < find_row(ws, "Tone") < focus
    # rated top, this rating's comment first, then reviews no other area shows yet, newest first;
    # M1 (a critical fail) last: never needed with six others
    assert examples_under(ws, "Greets") == [
        ["T-M2", "pass", "Used the customer's name."], ["T-M7", "pass", None],
        ["T-M6", "pass", None],
    ]  # fmt: skip
    assert examples_under(ws, "Tone") == [
        ["T-M3", 5, "Calm with an angry customer."], ["T-M5", 5, None], ["T-M4", 5, None],
    ]  # fmt: skip
    identity = find_row(ws, "Verifies identity (critical)")
    assert identity > focus
    assert examples_under(ws, "Verifies identity (critical)") == [
        ["T-M1", "fail", "Read the card number back."]
    ]
    # the review's comments are about the whole review, not one criterion: never quoted
    texts = " ".join(str(v) for r in rows(ws) for v in r if v is not None)
    assert "Critical fail" not in texts and "Solid work" not in texts
    assert "Excellent" not in texts


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
    assert ["No criterion has 5 ratings or more in this period."] in rows(
        book["Strengths & focus areas"]
    )


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
