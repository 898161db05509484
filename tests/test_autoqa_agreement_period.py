"""The automatic checks over a period and a team, as the Reports page asks for them: agreement with
reviewers counts the reviews submitted in the period (inclusive days, UTC), outcomes the
conversations started in it, and a team narrows both to its conversations."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from qa_desk.autoqa import run_pending
from qa_desk.autoqa_agreement import agreement_per_check
from qa_desk.autoqa_summary import check_summaries, conversations_with_outcome
from qa_desk.db.models import Conversation, RubricVersion, Team, User
from qa_desk.ingest import import_file
from qa_desk.reviews import record_review
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric
from tests.helpers import conversation, write_jsonl

RUBRIC = """
id: agree
name: Agreement
sections:
  - id: s
    name: S
    criteria:
      - {id: greeting, name: Greeting, scale: binary, autoqa: greeting}
"""
HELLO = "Hello! I'm Dana, let me check."  # the greeting check passes
NO_HELLO = "Order number?"  # it fails
MARCH, APRIL = (date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 4, 1), date(2026, 4, 30))


def _talk(day: str, reply: str) -> list[tuple[str, str, str]]:
    return [
        ("customer", f"{day}T09:00:00Z", "My parcel has not arrived."),
        ("agent", f"{day}T09:01:00Z", reply),
    ]


@pytest.fixture
def reviewed(db, data_dir: Path) -> dict[str, int]:
    """C-1 (Tier 1, March) greets, C-2 (Tier 1, March) does not, C-3 (Tier 2, April) greets.

    Reviews of the greeting criterion:
      R1 C-1 pass, 10 March — agrees;
      R2 C-2 pass, 31 March 23:30 UTC — check fail / reviewer pass;
      R3 C-3 fail, 1 April 00:10 UTC — check pass / reviewer fail;
      R4 C-1 fail, 2 April — check pass / reviewer fail.
    """
    items = [
        conversation("C-1", _talk("2026-03-02", HELLO), team="Tier 1"),
        conversation("C-2", _talk("2026-03-03", NO_HELLO), team="Tier 1"),
        conversation("C-3", _talk("2026-04-05", HELLO), team="Tier 2"),
    ]
    import_file(db, write_jsonl(data_dir / "period.jsonl", items), "jsonl")
    run_pending(db)
    with db.session() as session:
        added = add_rubric(session, load_rubric_text(RUBRIC, "agree.yaml"))
        version = session.get(RubricVersion, added.version_id)
        a, b = User(name="A"), User(name="B")
        session.add_all([a, b])
        session.flush()
        ids = dict(session.execute(select(Conversation.external_id, Conversation.id)).all())
        for cid, user, value, moment in (
            ("C-1", a, "pass", datetime(2026, 3, 10, 12, tzinfo=UTC)),
            ("C-2", b, "pass", datetime(2026, 3, 31, 23, 30, tzinfo=UTC)),
            ("C-3", a, "fail", datetime(2026, 4, 1, 0, 10, tzinfo=UTC)),
            ("C-1", b, "fail", datetime(2026, 4, 2, 8, tzinfo=UTC)),
        ):
            record_review(
                session, conversation_id=ids[cid], reviewer_id=user.id, rubric_version=version,
                ratings={"greeting": value}, submitted_at=moment,
            )  # fmt: skip
        ids.update({name: team_id for team_id, name in session.execute(select(Team.id, Team.name))})
    return ids


def greeting(db, *args: object, **kwargs: object) -> tuple[int, int, int, int]:
    """Compared, agreed, check pass / reviewer fail, check fail / reviewer pass."""
    with db.reader() as session:
        row = next(
            r for r in agreement_per_check(session, *args, **kwargs) if r.check == "greeting"
        )
    return row.compared, row.agreed, row.check_pass_reviewer_fail, row.check_fail_reviewer_pass


def test_agreement_counts_the_reviews_submitted_in_the_period(db, reviewed):
    assert greeting(db) == (4, 1, 2, 1)  # no period: every review
    assert greeting(db, *MARCH) == (2, 1, 0, 1)  # the last evening of March is still March
    assert greeting(db, *APRIL) == (2, 0, 2, 0)
    assert greeting(db, date(2026, 4, 2), None) == (1, 0, 1, 0)  # open-ended
    assert greeting(db, None, date(2026, 3, 10)) == (1, 1, 0, 0)
    assert greeting(db, date(2026, 5, 1), date(2026, 5, 31)) == (0, 0, 0, 0)


def test_agreement_narrowed_to_a_team(db, reviewed):
    assert greeting(db, team_id=reviewed["Tier 2"]) == (1, 0, 1, 0)
    assert greeting(db, *APRIL, team_id=reviewed["Tier 1"]) == (1, 0, 1, 0)
    assert greeting(db, *MARCH, team_id=reviewed["Tier 2"]) == (0, 0, 0, 0)


def test_outcomes_count_the_conversations_started_in_the_period(db, reviewed):
    with db.reader() as session:
        march = {s.check: s for s in check_summaries(session, *MARCH)}
        everything = {s.check: s for s in check_summaries(session)}
        tier2 = {s.check: s for s in check_summaries(session, team_id=reviewed["Tier 2"])}
    g = march["greeting"]
    assert (g.checked, g.passed, g.failed, g.not_applicable, g.fail_rate) == (2, 1, 1, 0, 0.5)
    assert (g.agreement.compared, g.agreement.agreed) == (2, 1)
    assert list(march) == list(everything)  # every check of the catalogue, in order
    assert all(s.checked == 3 for s in everything.values())
    assert (tier2["greeting"].checked, tier2["greeting"].passed) == (1, 1)
    assert tier2["greeting"].fail_rate == 0.0


def test_the_conversations_behind_a_count(db, reviewed):
    with db.reader() as session:
        failed = conversations_with_outcome(session, "greeting", "fail", *MARCH)
        passed = conversations_with_outcome(session, "greeting", "pass")
        tier2 = conversations_with_outcome(session, "greeting", "pass", team_id=reviewed["Tier 2"])
        with pytest.raises(ValueError, match="no check 'nope'"):
            conversations_with_outcome(session, "nope", "fail")
    assert [c.external_id for c in failed] == ["C-2"]
    assert failed[0].agent == "Dana Smith" and failed[0].detail
    assert [c.external_id for c in passed] == ["C-3", "C-1"]  # newest first
    assert [c.external_id for c in tier2] == ["C-3"]


def test_an_empty_database_has_zero_everywhere(db):
    with db.reader() as session:
        rows = check_summaries(session, *MARCH)
    assert rows and all(r.checked == 0 and r.fail_rate is None for r in rows)
    assert all(r.agreement.compared == 0 for r in rows)
