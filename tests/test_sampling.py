"""Drawing samples: reproducible, the right sizes, proportional strata, every filter, exclusions,
focus with a random share, and fair assignment to reviewers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qa_desk.db.models import Assignment, Conversation, RubricVersion, Sample
from qa_desk.reviews import open_draft
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric
from qa_desk.sampling import create_sample, plan_sample
from qa_desk.sampling_assign import Reviewer, resolve_reviewers
from qa_desk.sampling_draw import largest_remainder
from qa_desk.sampling_rule import Focus, Period, RuleFilters, SampleRule
from tests.helpers import RUBRIC_YAML
from tests.test_sampling_data import AGENTS, PER_AGENT, add_check_results, load


@pytest.fixture
def users(db, data_dir):
    return load(db, data_dir)


def drawn(db, rule: SampleRule, reviewers: list[str] | None = None) -> list[str]:
    """The external ids the rule draws (a preview)."""
    return [row["conversation"] for row in plan(db, rule, reviewers).rows()]


def plan(db, rule: SampleRule, reviewers: list[str] | None = None):
    with db.reader() as session:
        found = resolve_reviewers(session, reviewers or [])
        return plan_sample(session, rule, found)


def agent_of(external_id: str) -> str:
    return external_id.split("-0")[0]


# --- reproducibility and sizes -------------------------------------------------------------------


def test_the_same_seed_draws_the_same_conversations_and_another_seed_others(db, users):
    rule = SampleRule(size_kind="per_agent", size=3, seed=11)
    first, again = drawn(db, rule), drawn(db, rule)
    assert first == again and len(first) == 3 * len(AGENTS)
    other = drawn(db, replace(rule, seed=12))
    assert set(other) != set(first)
    counts = Counter(agent_of(e) for e in first)
    assert set(counts.values()) == {3} and len(counts) == len(AGENTS)


def test_the_draw_does_not_depend_on_python_hash_randomisation(db, users, db_url):
    """Two interpreters with different PYTHONHASHSEED draw the same conversations."""
    script = (
        "from qa_desk.db import open_database; from qa_desk.sampling import plan_sample;"
        "from qa_desk.sampling_rule import SampleRule, Focus;"
        f"db = open_database({db_url!r}); s = db.reader();"
        "rule = SampleRule(size_kind='total', size=17, seed=5, strata='channel',"
        " focus=Focus(('low_csat', 'outliers')));"
        "print('\\n'.join(r['conversation'] + ' ' + r['reason'] for r in plan_sample(s, rule, []).rows()))"
    )
    outputs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        cwd = Path(__file__).resolve().parents[1]
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, cwd=cwd, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout.strip())
    assert len(outputs) == 1 and len(outputs.pop().splitlines()) == 17


def test_total_and_percentage_sizes(db, users):
    assert len(drawn(db, SampleRule(size_kind="total", size=25))) == 25
    assert len(drawn(db, SampleRule(size_kind="percent", size=10))) == 12  # 10% of 120
    assert len(drawn(db, SampleRule(size_kind="total", size=500))) == 120  # all there are


def test_strata_get_their_proportional_share(db, users):
    # 60% chat, 20% e-mail, 20% phone among the 120 conversations
    rule = SampleRule(size_kind="total", size=30, strata="channel", seed=3)
    result = plan(db, rule)
    channels = Counter(p.pick.candidate.channel for p in result.placements)
    assert channels == {"chat": 18, "email": 6, "phone": 6}
    assert {p.pick.stratum for p in result.placements} == {"chat", "email", "phone"}
    languages = Counter(
        p.pick.candidate.language
        for p in plan(db, replace(rule, strata="language", size=10)).placements
    )
    assert languages == {"en": 6, "uk": 2, "zh": 2}


def test_largest_remainder_rounding():
    assert largest_remainder(10, {"a": 10, "b": 10, "c": 10}) == {"a": 4, "b": 3, "c": 3}
    assert largest_remainder(7, {"chat": 60, "email": 20, "phone": 20}) == {
        "chat": 4, "email": 2, "phone": 1,
    }  # fmt: skip
    assert sum(largest_remainder(13, {"x": 5, "y": 7, "z": 1}).values()) == 13
    assert largest_remainder(50, {"x": 2, "y": 3}) == {"x": 2, "y": 3}


# --- filters and exclusions ----------------------------------------------------------------------


def test_each_filter_narrows_the_candidates(db, users):
    every = SampleRule(size_kind="percent", size=100)

    def matching(**filters):
        return plan(db, replace(every, filters=RuleFilters(**filters))).placements

    assert {agent_of(p.pick.candidate.external_id) for p in matching(teams=("tier 2",))} == {
        "ag-4", "ag-5", "ag-6",
    }  # fmt: skip
    assert {p.pick.candidate.agent_id for p in matching(agents=("WEI@example.com",))} != set()
    assert all(
        p.pick.candidate.external_id.startswith("ag-3") for p in matching(agents=("Wei Chen",))
    )
    assert {p.pick.candidate.channel for p in matching(channels=("email", "phone"))} == {
        "email",
        "phone",
    }
    assert {p.pick.candidate.language for p in matching(languages=("zh",))} == {"zh"}
    refunds = matching(tags_in=("refund",))
    assert len(refunds) == 4 * len(AGENTS)
    no_spam = matching(tags_out=("spam",))
    assert len(no_spam) == 120 - 2 * len(AGENTS)  # tagged spam: n = 3 and 17 of each agent
    low = matching(csat_min=1, csat_max=2)
    assert low and all(1 <= p.pick.candidate.csat <= 2 for p in low)
    assert {p.pick.candidate.message_count for p in matching(min_messages=10)} == {40}
    assert len(matching(text="refund")) == 4 * len(AGENTS)
    add_check_results(
        db, {"ag-1-001": [("greeting", "fail", None)], "ag-2-001": [("greeting", "pass", None)]}
    )
    failed = matching(checks=(("greeting", "fail"),))
    assert [p.pick.candidate.external_id for p in failed] == ["ag-1-001"]


def test_period_filter_keeps_the_days_given(db, users):
    rule = SampleRule(
        size_kind="percent", size=100, period=Period(date(2026, 10, 3), date(2026, 10, 4))
    )
    with db.reader() as session:
        ids = [p.pick.candidate.id for p in plan_sample(session, rule, []).placements]
        days = {
            c.started_at.date()
            for c in session.scalars(select(Conversation).where(Conversation.id.in_(ids)))
        }
    assert days == {date(2026, 10, 3), date(2026, 10, 4)}
    following = rule.for_next_period().period
    assert (following.first, following.last) == (date(2026, 10, 5), date(2026, 10, 6))


@pytest.mark.parametrize(
    ("first", "last", "next_first", "next_last"),
    [
        ("2026-10-01", "2026-10-31", "2026-11-01", "2026-11-30"),  # a month: the next month
        ("2026-01-01", "2026-01-31", "2026-02-01", "2026-02-28"),
        ("2028-01-01", "2028-02-29", "2028-03-01", "2028-04-30"),  # two months: the next two
        ("2026-10-01", "2026-12-31", "2027-01-01", "2027-03-31"),  # a quarter: the next quarter
        ("2026-10-26", "2026-11-01", "2026-11-02", "2026-11-08"),  # a week: the next week
        ("2026-10-05", "2026-11-04", "2026-11-05", "2026-12-05"),  # 31 days: 31 more
    ],
)
def test_next_period_moves_whole_months_by_months_and_other_periods_by_days(
    first, last, next_first, next_last
):
    period = Period(date.fromisoformat(first), date.fromisoformat(last)).following()
    assert (period.first, period.last) == (
        date.fromisoformat(next_first), date.fromisoformat(next_last),
    )  # fmt: skip


def test_reviewed_and_assigned_conversations_are_left_out(db, users):
    rule = SampleRule(size_kind="percent", size=100)
    with db.session() as session:
        version = add_rubric(session, load_rubric_text(RUBRIC_YAML, "r.yaml"))
        reviewed = session.scalar(
            select(Conversation.id).where(Conversation.external_id == "ag-1-000")
        )
        version_id = session.scalar(select(RubricVersion.id))
        open_draft(session, reviewed, users["sam"], version_id)
    assert version is not None
    created = create_sample(db, SampleRule(size_kind="total", size=5, seed=9), ["Sam"])
    assigned = {p.pick.candidate.external_id for p in created.placements}
    remaining = set(drawn(db, rule))
    assert "ag-1-000" not in remaining and not assigned & remaining
    assert len(remaining) == 120 - 1 - 5
    everything = replace(rule, exclude_reviewed=False, exclude_assigned=False)
    assert len(drawn(db, everything)) == 120


# --- focus -----------------------------------------------------------------------------------------


def test_focus_picks_say_why_and_the_random_share_is_kept(db, users):
    add_check_results(
        db,
        {f"ag-{a}-{n:03d}": [("closing", "fail", None)] for a in range(1, 7) for n in (2, 4)}
        | {f"ag-{a}-010": [("sentiment", "fail", -0.7)] for a in range(1, 7)},
    )
    rule = SampleRule(
        size_kind="per_agent", size=5, seed=2,
        focus=Focus(("low_csat", "failed_checks", "negative_sentiment", "outliers"), 40, 1),
    )  # fmt: skip
    result = plan(db, rule)
    reasons = [p.pick.reason for p in result.placements]
    per_agent_random = Counter(
        agent_of(p.pick.candidate.external_id)
        for p in result.placements
        if p.pick.reason == "random"
    )
    assert set(per_agent_random.values()) == {2}  # 40% of 5, in every agent's share
    focused = [p.pick for p in result.placements if p.pick.reason != "random"]
    assert len(focused) == 3 * len(AGENTS)
    for pick in focused:
        c = pick.candidate
        assert (
            (c.csat == 1 and "low CSAT 1/5" in pick.reason)
            or ("failed check: closing" in pick.reason and c.failed_checks == ("closing",))
            or ("negative sentiment (-0.70)" in pick.reason)
            or ("outlier: 40 messages" in pick.reason and c.message_count == 40)
        ), pick.reason
    kinds = result.reasons
    assert kinds["random"] == 12 and sum(kinds.values()) == 30
    assert {"low CSAT", "failed check", "outlier"} <= set(kinds)
    assert all(r == "random" or r in {f.reason for f in focused} for r in reasons)
    only_sentiment = replace(rule, size=1, focus=Focus(("negative_sentiment",), 0))
    picks = plan(db, only_sentiment).placements
    assert sorted(p.pick.candidate.external_id for p in picks) == [
        f"ag-{a}-010" for a in range(1, 7)
    ]
    assert {p.pick.reason for p in picks} == {"negative sentiment (-0.70)"}


def test_without_focus_every_pick_is_random(db, users):
    assert {p.pick.reason for p in plan(db, SampleRule(size=4)).placements} == {"random"}


# --- assignment ------------------------------------------------------------------------------------


def test_reviewers_get_balanced_counts_and_never_their_own_conversations(db, users):
    result = plan(
        db, SampleRule(size_kind="per_agent", size=7, seed=4), ["Rita Stone", "Sam", "Tess"]
    )
    counts = Counter(p.reviewer.name for p in result.placements)
    assert sum(counts.values()) == 42 and max(counts.values()) - min(counts.values()) <= 1
    rita_agent = [p for p in result.placements if p.pick.candidate.external_id.startswith("ag-4")]
    assert len(rita_agent) == 7 and all(p.reviewer.name != "Rita Stone" for p in rita_agent)
    assert [(r.reviewer, r.assigned) for r in result.per_reviewer] == [
        ("Rita Stone", counts["Rita Stone"]), ("sam", counts["sam"]), ("Tess", counts["Tess"]),
    ]  # fmt: skip


def test_capacity_caps_a_reviewer_and_the_rest_is_reported(db, users):
    with db.reader() as session:
        reviewers = resolve_reviewers(session, ["Sam", "Tess"], {"Tess": 4})
        result = plan_sample(session, SampleRule(size_kind="total", size=20), reviewers)
        assert Counter(p.reviewer.name for p in result.placements) == {"sam": 16, "Tess": 4}
        capped = [Reviewer(r.id, r.name, r.email, 5) for r in reviewers]
        result = plan_sample(session, SampleRule(size_kind="total", size=20), capped)
    assert result.unassigned == 10
    assert [(r.reviewer, r.assigned, r.capacity) for r in result.per_reviewer] == [
        ("sam", 5, 5), ("Tess", 5, 5),
    ]  # fmt: skip


def test_create_sample_stores_the_sample_and_its_assignments(db, users):
    rule = SampleRule(size_kind="per_agent", size=2, seed=8, name="weekly")
    preview = drawn(db, rule, ["Rita Stone", "Sam"])
    result = create_sample(
        db, rule, ["Rita Stone", "Sam"], created_by=users["sam"], due_on=date(2026, 12, 1)
    )
    assert [p.pick.candidate.external_id for p in result.placements] == preview
    with db.reader() as session:
        sample = session.get(Sample, result.sample_id)
        assert sample.seed == 8 and sample.rule["size"] == {"per_agent": 2}
        assert sample.conversation_count == 12 and sample.created_by_id == users["sam"]
        rows = session.execute(
            select(Assignment.reviewer_id, Assignment.reason, Assignment.due_on)
        ).all()
    assert len(rows) == 12 and {r.due_on for r in rows} == {date(2026, 12, 1)}
    assert {r.reason for r in rows} == {"random"}


def test_unknown_reviewers_stop_before_anything_is_written(db, users):
    from qa_desk.errors import InputError

    with pytest.raises(InputError) as error:
        create_sample(db, SampleRule(size=2), ["Sam", "Nobody Here"])
    assert "Nobody Here" in str(error.value)
    with db.reader() as session:
        assert session.scalar(select(func.count(Sample.id))) == 0


def test_per_agent_draws_ignore_conversations_without_an_agent(db, users, data_dir):
    from qa_desk.ingest import import_file
    from tests.helpers import conversation, write_jsonl

    import_file(db, write_jsonl(data_dir / "x.jsonl", [conversation("lonely", agent=None)]))
    assert "lonely" not in drawn(db, SampleRule(size_kind="per_agent", size=PER_AGENT))


def test_a_plain_draw_takes_the_smallest_keys_of_the_seed(db, users):
    from qa_desk.sampling_draw import draw_key

    rule = SampleRule(size_kind="total", size=3, seed=99)
    with db.reader() as session:
        pairs = session.execute(select(Conversation.source, Conversation.external_id)).all()
    smallest = sorted(pairs, key=lambda p: draw_key(99, *p))[:3]
    assert sorted(drawn(db, rule)) == sorted(e for _, e in smallest)


def test_strata_keep_the_focus_and_every_agents_random_share(db, users):
    """Strata by channel neither cancel the focus nor the random share of each agent's picks,
    and each agent's picks still follow the channels' proportions."""
    plain = SampleRule(size_kind="per_agent", size=3, seed=5, focus=Focus(("low_csat",)))
    stratified = replace(plain, strata="channel")

    def per_agent(rule: SampleRule, what) -> Counter:
        return Counter(
            (agent_of(p.pick.candidate.external_id), what(p.pick))
            for p in plan(db, rule).placements
        )

    def kind(pick) -> str:
        return "random" if pick.reason == "random" else "focus"

    def channel(pick) -> str:
        return pick.candidate.channel

    # each agent's 3 picks: chat 2 and e-mail 1, focus or not
    shares = per_agent(replace(stratified, focus=Focus()), channel)
    assert per_agent(stratified, channel) == shares
    assert set(shares.values()) == {2, 1}
    # the focus takes all the low-CSAT conversations those shares leave room for, up to 2 of 3
    with db.reader() as session:
        low = Counter(
            (agent_of(e), c)
            for e, c in session.execute(
                select(Conversation.external_id, Conversation.channel).where(Conversation.csat <= 2)
            )
        )
    agents = {agent for agent, _ in shares}
    room = {
        a: min(2, sum(min(n, low[(a, c)]) for (b, c), n in shares.items() if b == a))
        for a in agents
    }
    with_strata, without = per_agent(stratified, kind), per_agent(plain, kind)
    assert {a: with_strata[(a, "focus")] for a in agents} == room
    assert sum(room.values()) >= sum(without[(a, "focus")] for a in agents) - 1
    assert all(with_strata[(a, "random")] >= 1 for a in agents)  # 30% of 3, rounded up
    assert all(
        p.pick.candidate.csat <= 2
        for p in plan(db, stratified).placements
        if p.pick.reason != "random"
    )


def test_the_newest_conversation_day_is_where_a_default_period_can_end(db, data_dir):
    from qa_desk.sampling_candidates import newest_start_day

    with db.reader() as session:
        assert newest_start_day(session) is None
    load(db, data_dir)
    with db.reader() as session:
        assert newest_start_day(session) == date(2026, 10, PER_AGENT)  # days 1-20 of October
