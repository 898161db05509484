"""Text in the workbooks stays text, and ``mask_pii`` hides e-mail addresses, phone numbers and card
numbers in every text cell.

A fourth agent joins the data set of tests/test_reports_data.py: ``=Pat`` in the team ``+Night
shift``, reviewed in April 2026 by ``-Rex`` with comments that Excel would take for formulas (or an
error value), with personal data in the comments, the subjects, an action item and a session's
notes, and a second rubric whose criterion names begin with ``=`` and ``@``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from qa_desk.coaching import add_action_item, create_session
from qa_desk.db import Database
from qa_desk.db.models import Agent, Conversation, RubricVersion
from qa_desk.ingest import import_file
from qa_desk.reports import write_coaching_report, write_scorecard
from qa_desk.reports.pii import mask_pii
from qa_desk.reviews import RatingInput, find_or_create_user, record_review
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric
from tests.helpers import RUBRIC_YAML, conversation, write_jsonl
from tests.test_reports_data import APRIL, MADE, ReportIds, build_reports, open_book, text_cells

RISKY = [
    "=1+1",
    "+SUM(A1:A2)",
    "-2+3",
    "@A1",
    "\tstarts with a tab",
    "\rstarts with a carriage return",
    '=HYPERLINK("http://example.com","click me")',
    "#N/A",
    "first line\r\nsecond line",
]
EMAIL, PHONE, CARD = "jane.doe@example.com", "+44 20 7946 0958", "4111 1111 1111 1111"
PII = f"Write to {EMAIL} or call {PHONE}; card {CARD}."
RISKY_RUBRIC = (
    RUBRIC_YAML.replace("id: test-rubric", "id: risky-rubric")
    .replace("name: Greets", "name: '=Greets'")
    .replace("name: Tone", "name: '@Tone'")
)


@pytest.fixture
def report_data(db, data_dir) -> ReportIds:
    return build_reports(db, data_dir)


def add_pat(db: Database, folder: Path, with_pii: bool) -> int:
    """Add Pat's April reviews (one per risky comment) and a coaching session; Pat's agent id."""
    subject = PII if with_pii else "=cmd|' /C calc'!A0"
    items = [
        conversation(f"P-{i}", agent={"id": "pat", "name": "=Pat"}, team="+Night shift",
                     subject=subject)
        for i in range(len(RISKY))
    ]  # fmt: skip
    import_file(db, write_jsonl(folder / "pat.jsonl", items))
    with db.session() as session:
        risky = add_rubric(session, load_rubric_text(RISKY_RUBRIC))
        versions = [
            session.scalars(select(RubricVersion).where(RubricVersion.id != risky.version_id))
            .first(),
            session.get_one(RubricVersion, risky.version_id),
        ]  # fmt: skip
        rex = find_or_create_user(session, "-Rex")[0].id
        ids = dict(session.execute(select(Conversation.external_id, Conversation.id)).all())
        for i, text in enumerate(RISKY):
            comment = f"{text} {PII}" if with_pii else text
            record_review(
                session,
                conversation_id=ids[f"P-{i}"],
                reviewer_id=rex,
                rubric_version=versions[i % 2],
                ratings={
                    "greeting": "pass",
                    "tone": RatingInput("2", comment),
                    "data_protection": "pass",
                },
                comment=comment,
                submitted_at=datetime(2026, 4, 10 + i, 12, tzinfo=UTC),
            )
        pat = session.scalars(select(Agent.id).where(Agent.name == "=Pat")).one()
        coach = find_or_create_user(session, "Carla")[0].id
        held = create_session(
            session, agent_id=pat, coach_id=coach, held_on=date(2026, 4, 20),
            notes=PII if with_pii else "@notes",
        )  # fmt: skip
        add_action_item(session, held.id, PII if with_pii else "=A1*2", owner="-Pat")
    return pat


def write_both(db: Database, folder: Path, agent: int, mask: bool) -> list:
    coaching, scorecard = folder / "coaching.xlsx", folder / "scorecard.xlsx"
    with db.reader() as session:
        write_coaching_report(session, coaching, agent, *APRIL, mask_pii=mask)
        write_scorecard(session, scorecard, *APRIL, mask_pii=mask)
    return [open_book(coaching), open_book(scorecard)]


def test_text_that_looks_like_a_formula_is_read_back_as_text(db, report_data: ReportIds, data_dir):
    pat = add_pat(db, data_dir, with_pii=False)
    coaching, scorecard = write_both(db, data_dir, pat, mask=False)
    for book in (coaching, scorecard):
        for cell in text_cells(book):
            assert cell.data_type == "s", (cell.parent.title, cell.coordinate, cell.value)
    raw = scorecard["Raw data"]
    header = [c.value for c in raw[1]]
    comment, ratings = header.index("Comment") + 1, header.index("Rating comments") + 1
    found = {raw.cell(r, comment).value: raw.cell(r, comment) for r in range(2, raw.max_row + 1)}
    for text in RISKY:
        assert text in found, repr(text)  # the very text, carriage returns and tabs included
        if text[0] in "=+-@\t\r":  # and Excel keeps it text when the cell is edited
            assert found[text].quotePrefix, repr(text)
    assert found["#N/A"].data_type == "s"  # not Excel's error value
    notes = {raw.cell(r, ratings).value for r in range(2, raw.max_row + 1)}
    assert "Tone: =1+1" in notes and "@Tone: +SUM(A1:A2)" in notes
    names = {raw.cell(r, c).value for r in range(2, raw.max_row + 1) for c in (6, 7, 8)}
    assert {"=Pat", "+Night shift", "-Rex"} <= names
    assert {"=Greets", "@Tone"} <= set(header)
    reviews = coaching["Reviews"]
    texts = {c.value for row in reviews.iter_rows() for c in row}
    assert set(RISKY) <= texts
    agents = scorecard["Agents"]
    assert "=Pat" in [c.value for c in agents["A"]]
    items = {c.value for row in coaching["Action items"].iter_rows() for c in row}
    assert {"=A1*2", "-Pat", "@notes"} <= items


def test_mask_pii_hides_personal_data_in_every_text_cell(db, report_data: ReportIds, data_dir):
    pat = add_pat(db, data_dir, with_pii=True)
    plain = [
        c.value for book in write_both(db, data_dir, pat, mask=False) for c in text_cells(book)
    ]
    assert any(EMAIL in v for v in plain) and any(PHONE in v for v in plain)
    assert any(CARD in v for v in plain)  # the check below could fail

    masked = [
        c.value for book in write_both(db, data_dir, pat, mask=True) for c in text_cells(book)
    ]
    for value in masked:
        for secret in (EMAIL, "jane.doe", PHONE, "7946", CARD, "1111 1111"):
            assert secret not in value, value
    masked_text = "\n".join(masked)
    for mask in ("[e-mail]", "[phone]", "[card]"):
        assert mask in masked_text
    # the coaching report's subjects, notes and action items are masked too
    assert "Write to [e-mail] or call [phone]; card [card]." in masked
    # numbers that are not personal data stay: dates, conversation ids, scores
    assert any(v.startswith("P-") for v in masked)


@pytest.mark.parametrize("mask", [False, True])
def test_the_hand_computed_data_set_has_no_formula_anywhere(db, report_data, data_dir, mask):
    dana = report_data.base.agents["Dana"]
    for book in write_both(db, data_dir, dana, mask):
        for cell in text_cells(book):
            assert cell.data_type == "s", (cell.parent.title, cell.coordinate)


@pytest.mark.parametrize(
    "text",
    ["made 2026-11-23 22:44 UTC", "2026-10-13 11:58", "on 23.11.2026 22.44", "ticket #4521873"],
)
def test_masking_leaves_dates_times_and_ticket_numbers_alone(text):
    assert mask_pii(text) == text


def test_a_masked_workbook_keeps_its_dates(db, report_data: ReportIds, data_dir):
    path = data_dir / "masked.xlsx"
    with db.reader() as session:
        write_scorecard(session, path, *APRIL, mask_pii=True, now=MADE)
    subtitle = open_book(path)["Team summary"]["A2"].value
    assert subtitle == "All teams · 2026-04-01 to 2026-04-30 · made 2026-05-01 09:30 UTC"
