"""``qa-desk stats``: quality scores per group, with n, 95% interval, pass rate and critical fails."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from qa_desk.cli import main
from qa_desk.db.models import Conversation, Review, RubricVersion
from qa_desk.ingest import import_file
from qa_desk.reviews import (
    RatingInput,
    find_or_create_user,
    record_review,
    reopen_review,
    save_rating,
    submit_review,
)
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric
from qa_desk.statistics import mean_interval
from tests.helpers import RUBRIC_YAML, conversation, write_jsonl

# (conversation, agent, team, reviewer, ratings, submitted day)
REVIEWS = [
    (
        "C-1",
        "Dana",
        "Tier 1",
        "Rita",
        {"greeting": "pass", "tone": "5", "data_protection": "pass"},
        2,
    ),
    (
        "C-2",
        "Dana",
        "Tier 1",
        "Rita",
        {"greeting": "fail", "tone": "3", "data_protection": "NA"},
        3,
    ),
    (
        "C-3",
        "Dana",
        "Tier 1",
        "Sam",
        {"greeting": "pass", "tone": "4", "data_protection": "fail"},
        9,
    ),
    (
        "C-4",
        "Omar",
        "Tier 2",
        "Sam",
        {"greeting": "pass", "tone": "NA", "data_protection": "NA"},
        10,
    ),
    (
        "C-5",
        "Omar",
        "Tier 2",
        "Rita",
        {"greeting": "pass", "tone": "2", "data_protection": "pass"},
        16,
    ),
]


@pytest.fixture
def reviewed(db, data_dir):
    items = [
        conversation(cid, agent={"id": agent, "name": agent}, team=team)
        for cid, agent, team, *_ in REVIEWS
    ]
    import_file(db, write_jsonl(data_dir / "c.jsonl", items))
    rubric = load_rubric_text(RUBRIC_YAML)
    scores = {}
    with db.session() as session:
        version = add_rubric(session, rubric)
        version_row = session.get(RubricVersion, version.version_id)
        for cid, _, _, reviewer, ratings, day in REVIEWS:
            conv_id = session.scalar(select(Conversation.id).where(Conversation.external_id == cid))
            user, _ = find_or_create_user(session, reviewer)
            review = record_review(
                session,
                conversation_id=conv_id,
                reviewer_id=user.id,
                rubric_version=version_row,
                ratings=ratings,
                submitted_at=datetime(2026, 3, day, 12, tzinfo=UTC),
            )
            scores[cid] = review.score
    return scores


def run_json(db_url, capsys, *args) -> list[dict]:
    assert main(["--db", db_url, "stats", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_scores_follow_the_rubric(reviewed):
    # greeting w1, tone w3 (1–5), data protection w1 critical
    assert reviewed == {"C-1": 100.0, "C-2": pytest.approx(100 * 1.5 / 4), "C-3": 0.0,
                        "C-4": 100.0, "C-5": pytest.approx(100 * 2.75 / 5)}  # fmt: skip


def test_by_agent_gives_n_mean_interval_pass_rate_and_critical_fails(reviewed, db_url, capsys):
    rows = {r["group"]: r for r in run_json(db_url, capsys, "--by", "agent")}
    assert set(rows) == {"Dana", "Omar"}
    dana = rows["Dana"]
    values = [reviewed["C-1"], reviewed["C-2"], reviewed["C-3"]]
    expected = mean_interval(3, sum(values), sum(v * v for v in values))
    assert dana["reviews"] == 3
    assert dana["iqs"] == pytest.approx(expected.mean, abs=0.01)
    assert dana["ci_low"] == pytest.approx(expected.low, abs=0.01)
    assert dana["ci_high"] == pytest.approx(expected.high, abs=0.01)
    assert dana["pass_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert dana["critical_fails"] == 1
    assert set(dana) == {
        "group",
        "reviews",
        "iqs",
        "ci_low",
        "ci_high",
        "pass_rate",
        "critical_fails",
    }


def test_other_groupings_and_period(reviewed, db_url, capsys):
    teams = {r["group"]: r["reviews"] for r in run_json(db_url, capsys, "--by", "team")}
    assert teams == {"Tier 1": 3, "Tier 2": 2}
    reviewers = {r["group"]: r["reviews"] for r in run_json(db_url, capsys, "--by", "reviewer")}
    assert reviewers == {"Rita": 3, "Sam": 2}
    weeks = [r["group"] for r in run_json(db_url, capsys, "--by", "week")]
    assert weeks == ["2026-W10", "2026-W11", "2026-W12"]
    months = run_json(db_url, capsys, "--by", "month")
    assert [(m["group"], m["reviews"]) for m in months] == [("2026-03", 5)]
    period = run_json(db_url, capsys, "--by", "agent", "--from", "2026-03-09", "--to", "2026-03-10")
    assert {r["group"]: r["reviews"] for r in period} == {"Dana": 1, "Omar": 1}
    channels = run_json(db_url, capsys, "--by", "channel", "--rubric", "test-rubric")
    assert channels[0]["group"] == "chat" and channels[0]["reviews"] == 5


def test_by_criterion_uses_fractions_without_critical_zeroing(reviewed, db_url, capsys):
    rows = {r["group"]: r for r in run_json(db_url, capsys, "--by", "criterion")}
    tone = rows["tone"]  # 5, 3, 4, 2 on 1–5 → 1, .5, .75, .25 ; N/A left out
    assert tone["reviews"] == 4 and tone["iqs"] == pytest.approx(62.5)
    assert tone["pass_rate"] == 0.75 and tone["critical_fails"] == 0
    data = rows["data_protection"]
    assert data["reviews"] == 3 and data["critical_fails"] == 1
    assert (
        rows["greeting"]["iqs"] == pytest.approx(80.0)
        and rows["greeting"]["rubric"] == "test-rubric"
    )


def test_only_the_current_revision_counts(reviewed, db, db_url, capsys):
    with db.session() as session:
        conv_id = session.scalar(select(Conversation.id).where(Conversation.external_id == "C-3"))
        original = session.scalar(select(Review).where(Review.conversation_id == conv_id))
        revision = reopen_review(session, original.id)
        save_rating(session, revision.id, "data_protection", RatingInput("pass"))
        submit_review(session, revision.id, 30)
    rows = {r["group"]: r for r in run_json(db_url, capsys, "--by", "agent")}
    assert rows["Dana"]["reviews"] == 3 and rows["Dana"]["critical_fails"] == 0


def test_text_table_and_empty_selection(reviewed, db_url, capsys):
    assert main(["--db", db_url, "stats", "--by", "team"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == [
        "team",
        "reviews",
        "IQS",
        "%",
        "95%",
        "CI",
        "pass",
        "rate",
        "critical",
        "fails",
    ]
    assert out[1].startswith("Tier 1")
    assert main(["--db", db_url, "stats", "--from", "2030-01-01"]) == 0
    assert "No submitted reviews" in capsys.readouterr().out
    assert main(["--db", db_url, "stats", "--rubric", "nope"]) == 2
    assert "no rubric 'nope'" in capsys.readouterr().err
