"""Running the automatic checks against a real database: results stored with their evidence,
re-running replaces them, imports and the demo run them, a cancel changes nothing, the command
line, SLA overrides, and agreement with reviewers counted by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from qa_desk.autoqa import ENGINE_VERSION, pending_conversations, run_checks, run_pending
from qa_desk.autoqa_agreement import agreement_per_check
from qa_desk.autoqa_catalog import AUTOQA_CHECKS
from qa_desk.autoqa_sla import load_sla
from qa_desk.cli import main
from qa_desk.db.models import AutoQAResult, Conversation, Message, RubricVersion, User
from qa_desk.errors import Cancelled, InputError
from qa_desk.ingest import import_file
from qa_desk.reviews import record_review
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric
from tests.helpers import conversation, write_jsonl


def stored(db) -> dict[tuple[str, str], tuple[str, list, float | None]]:
    with db.reader() as session:
        rows = session.execute(
            select(Conversation.external_id, AutoQAResult.check, AutoQAResult.outcome,
                   AutoQAResult.evidence, AutoQAResult.value)
            .join(Conversation, Conversation.id == AutoQAResult.conversation_id)
        )  # fmt: skip
        return {(cid, check): (o, e, v) for cid, check, o, e, v in rows}


@pytest.fixture
def two(data_dir: Path) -> Path:
    return write_jsonl(
        data_dir / "two.jsonl",
        [
            conversation("C-1"),  # "Hello! I'm Dana, sorry about that, let me check." after 4.5 min
            conversation(
                "C-2",
                [
                    ("customer", "2026-03-02T09:00:00Z", "This is the second time I write!"),
                    ("agent", "2026-03-02T09:01:00Z", "Order number?"),
                ],
                customer={"id": "c2", "name": "Maria"},
            ),
        ],
    )


def test_the_import_command_runs_the_checks_and_stores_evidence(db, db_url, two, capsys):
    assert main(["--db", db_url, "import", str(two)]) == 0
    assert "automatic checks: 2 conversations checked" in capsys.readouterr().out
    results = stored(db)
    assert len(results) == 2 * len(AUTOQA_CHECKS)
    outcome, evidence, _ = results[("C-1", "greeting")]
    assert outcome == "pass" and evidence[0]["text"] == "Hello" and evidence[0]["start"] == 0
    with db.reader() as session:
        message = session.get(Message, evidence[0]["message_id"])
        assert message.text[evidence[0]["start"] : evidence[0]["end"]] == "Hello"
    assert results[("C-1", "first_response_time")][0::2] == ("fail", 270.0)  # 4.5 min > 2 min
    assert results[("C-2", "empathy")][0] == "fail"
    assert results[("C-2", "customer_name")][0] == "fail"
    # importing the same file again changes nothing and checks nothing
    assert main(["--db", db_url, "import", str(two)]) == 0
    assert "automatic checks" not in capsys.readouterr().out


def test_rerunning_replaces_rows_and_a_changed_conversation_is_pending_again(db, two, data_dir):
    import_file(db, two, "jsonl")
    with db.reader() as session:
        assert len(pending_conversations(session)) == 2
    first = run_pending(db)
    assert first.conversations == 2 and first.outcomes["greeting"]["pass"] == 1
    before = stored(db)
    with db.reader() as session:
        assert pending_conversations(session) == []
        ids = list(session.scalars(select(Conversation.id).order_by(Conversation.id)))
    run_checks(db, ids)  # again: same results, no duplicate rows
    assert stored(db) == before
    with db.reader() as session:
        assert session.scalar(select(func.count()).select_from(AutoQAResult)) == 18
        assert set(session.scalars(select(AutoQAResult.engine_version))) == {ENGINE_VERSION}
    changed = conversation(
        "C-2",
        [
            ("customer", "2026-03-02T09:00:00Z", "Hi"),
            ("agent", "2026-03-02T09:00:30Z", "Hi Maria!"),
        ],
        customer={"id": "c2", "name": "Maria"},
    )
    import_file(db, write_jsonl(data_dir / "changed.jsonl", [changed]), "jsonl")
    with db.reader() as session:
        assert pending_conversations(session) == [ids[1]]
    run_pending(db)
    assert stored(db)[("C-2", "customer_name")][0] == "pass"
    assert stored(db)[("C-1", "greeting")] == before[("C-1", "greeting")]


def test_a_cancelled_run_changes_nothing(db, two):
    import_file(db, two, "jsonl")
    with db.reader() as session:
        ids = pending_conversations(session)
    with pytest.raises(Cancelled):
        run_checks(db, ids, cancelled=lambda: True)
    assert stored(db) == {}


def test_sla_overrides_and_their_errors(db, two, data_dir, db_url, capsys):
    import_file(db, two, "jsonl")
    override = data_dir / "sla.yaml"
    override.write_text("channels:\n  chat: {first_response: 5 min}\n", encoding="utf-8")
    sla = load_sla(override, user_file=False)
    assert sla.for_channel("Chat").first_response == 300
    assert sla.for_channel("chat").longest_wait == 300  # kept from the defaults
    assert main(["--db", db_url, "autoqa", "run", "--all", "--sla", str(override)]) == 0
    assert stored(db)[("C-1", "first_response_time")][0] == "pass"
    override.write_text("channels:\n  chat: {first_response: soon}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"sla.yaml: channels.chat.first_response: 'soon'"):
        load_sla(override, user_file=False)
    capsys.readouterr()
    assert main(["--db", db_url, "autoqa", "run", "--all", "--sla", str(override)]) == 2
    assert "channels.chat.first_response" in capsys.readouterr().err


def test_the_run_command_reports_counts(db, db_url, two, capsys):
    import_file(db, two, "jsonl")
    assert main(["--db", db_url, "autoqa", "run"]) == 0
    out = capsys.readouterr().out
    assert "Checked 2 conversations." in out and "greeting" in out
    assert main(["--db", db_url, "autoqa", "run"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["--db", db_url, "autoqa", "run", "--since", "2026-03-03"]) == 0
    assert "No conversations" in capsys.readouterr().out
    assert main(["--db", db_url, "autoqa", "show", "C-2"]) == 0
    assert "empathy" in capsys.readouterr().out


AGREEMENT_RUBRIC = """
id: agree
name: Agreement
sections:
  - id: s
    name: S
    criteria:
      - {id: greeting, name: Greeting, scale: binary, autoqa: greeting}
      - {id: empathy, name: Empathy, scale: {points: [1, 5]}, allow_na: true, autoqa: empathy}
"""


def test_agreement_counted_by_hand(db, db_url, two, capsys):
    """C-1: greeting pass, empathy na. C-2: greeting fail, empathy fail.
    Reviews: A rates C-1 greeting pass (agree), empathy NA (agree);
             B rates C-1 greeting fail (check pass / reviewer fail), empathy 4 (other);
             A rates C-2 greeting fail (agree), empathy 2 (agree: fail), suggested fail kept;
             B rates C-2 greeting pass, suggested fail (overridden; check fail / reviewer pass),
               empathy 3 (0.5 counts as pass: check fail / reviewer pass).
    greeting: 4 compared, 2 agreed; empathy: 4 compared, 2 agreed."""
    import_file(db, two, "jsonl")
    run_pending(db)
    with db.session() as session:
        added = add_rubric(session, load_rubric_text(AGREEMENT_RUBRIC, "a.yaml"))
        version = session.get(RubricVersion, added.version_id)
        a, b = User(name="A"), User(name="B")
        session.add_all([a, b])
        session.flush()
        ids = dict(session.execute(select(Conversation.external_id, Conversation.id)).all())
        plan = [
            (ids["C-1"], a, {"greeting": "pass", "empathy": "NA"}),
            (ids["C-1"], b, {"greeting": "fail", "empathy": "4"}),
            (ids["C-2"], a, {"greeting": "fail", "empathy": "2"}),
            (ids["C-2"], b, {"greeting": "pass", "empathy": "3"}),
        ]
        reviews = [
            record_review(
                session,
                conversation_id=cid,
                reviewer_id=user.id,
                rubric_version=version,
                ratings=ratings,
            )
            for cid, user, ratings in plan
        ]
        for review, suggested in ((reviews[2], "fail"), (reviews[3], "fail")):
            next(r for r in review.ratings if r.criterion_id == "greeting").suggested = suggested
    with db.reader() as session:
        table = {row.check: row for row in agreement_per_check(session)}
    greeting, empathy = table["greeting"], table["empathy"]
    assert (greeting.compared, greeting.agreed, greeting.rate) == (4, 2, 0.5)
    assert (greeting.check_pass_reviewer_fail, greeting.check_fail_reviewer_pass) == (1, 1)
    assert (greeting.with_suggestion, greeting.confirmed, greeting.overridden) == (2, 1, 1)
    assert (empathy.compared, empathy.agreed) == (4, 2)
    assert (empathy.check_fail_reviewer_pass, empathy.other_disagreements) == (1, 1)
    assert table["closing"].compared == 0
    assert main(["--db", db_url, "autoqa", "agreement", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"agreement": 0.5' in out
    assert main(["--db", db_url, "autoqa", "agreement"]) == 0
    assert "50%" in capsys.readouterr().out
