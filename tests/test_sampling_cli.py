"""Sample rule files, saved rules, ``qa-desk sample`` and the queue with assignments in it."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from qa_desk.cli import main
from qa_desk.db.models import Assignment, Sample
from qa_desk.errors import InputError
from qa_desk.queue import queue_counts, queue_page
from qa_desk.sampling import create_sample, load_named_rule, save_named_rule
from qa_desk.sampling_rule import (
    AssignOptions,
    Focus,
    Period,
    RuleFilters,
    SampleRule,
    load_rule,
    load_rule_text,
    save_rule,
)
from tests.test_sampling_data import AGENTS, load

FULL_RULE = """
name: Weekly chat check
seed: 42
period: {from: 2026-10-01, to: 2026-10-14}
filters:
  teams: [Tier 1]
  channels: [chat, email]
  languages: [en]
  tags: {in: [refund, order], out: [spam]}
  csat: {min: 1, max: 4}
  min_messages: 2
  checks: {greeting: fail}
  text: order
size: {per_agent: 3}
strata: channel
exclude: {reviewed: true, assigned: false}
focus: {options: [low_csat, outliers], random_share: 50, low_csat_max: 2}
assign: {reviewers: [Sam, Tess], capacity: {Tess: 4}, due_in_days: 7}
"""


@pytest.fixture
def users(db, data_dir):
    return load(db, data_dir)


# --- rule files --------------------------------------------------------------------------------


def test_a_rule_file_reads_every_field_and_saves_back_the_same(data_dir):
    rule = load_rule_text(FULL_RULE, "weekly.yaml")
    assert rule == SampleRule(
        size_kind="per_agent", size=3, name="Weekly chat check", seed=42,
        period=Period(date(2026, 10, 1), date(2026, 10, 14)),
        filters=RuleFilters(
            teams=("Tier 1",), channels=("chat", "email"), languages=("en",),
            tags_in=("refund", "order"), tags_out=("spam",), csat_min=1, csat_max=4,
            min_messages=2, checks=(("greeting", "fail"),), text="order",
        ),
        strata="channel", exclude_reviewed=True, exclude_assigned=False,
        focus=Focus(("low_csat", "outliers"), 50, 2),
        assign=AssignOptions(("Sam", "Tess"), (("Tess", 4),), 7),
    )  # fmt: skip
    path = save_rule(rule, data_dir / "saved.yaml")
    assert load_rule(path) == rule
    following = load_rule(path).for_next_period()
    assert (following.period.first, following.period.last) == (
        date(2026, 10, 15),
        date(2026, 10, 28),
    )


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("size: {per_agent: 0}", "size.per_agent", "out of range"),
        ("size: {per_agent: 2, total: 5}", "size", "exactly one"),
        ("filters: {}", "size", "missing"),
        ("size: {percent: 150}", "size.percent", "out of range"),
        ("size: {total: 5}\nstrata: agent", "strata", "channel, team, language"),
        (
            "size: {total: 5}\nfilters: {chanels: [chat]}",
            "filters.chanels",
            "did you mean 'channels'",
        ),
        (
            "size: {total: 5}\nfilters: {checks: {greting: fail}}",
            "filters.checks.greting",
            "unknown check",
        ),
        (
            "size: {total: 5}\nfilters: {checks: {greeting: maybe}}",
            "filters.checks.greeting",
            "outcome",
        ),
        ("size: {total: 5}\nperiod: {from: 2026-13-01}", "period.from", "not a date"),
        ("size: {total: 5}\nperiod: {from: 2026-10-05, to: 2026-10-01}", "period.to", "before"),
        ("size: {total: 5}\nfocus: {options: [vibes]}", "focus.options", "unknown option 'vibes'"),
        ("size: {total: 5}\nseed: -3", "seed", "whole number"),
        ("size: {total: 5}\nfilters: {csat: {min: 4, max: 2}}", "filters.csat", "below min"),
    ],
)
def test_bad_rule_files_name_the_file_and_the_field(text, field, words):
    with pytest.raises(InputError) as error:
        load_rule_text(text, "rules/weekly.yaml")
    message = str(error.value)
    assert f"rules/weekly.yaml: {field}: " in message and words in message


def test_broken_yaml_names_the_line():
    with pytest.raises(InputError, match=r"^weekly.yaml:3: not valid YAML: expected ','"):
        load_rule_text("size: {total: 5}\nfilters: [unclosed\n", "weekly.yaml")


def test_saved_rules_are_kept_by_name_and_replaced(db):
    rule = SampleRule(size_kind="total", size=10, name="Monthly", seed=3)
    with db.session() as session:
        first = save_named_rule(session, rule)
        again = save_named_rule(session, SampleRule(size_kind="total", size=20, name="Monthly"))
    assert first == again
    with db.reader() as session:
        assert load_named_rule(session, "Monthly").size == 20
        with pytest.raises(InputError, match="no saved rule"):
            load_named_rule(session, "Weekly")


# --- the command line ----------------------------------------------------------------------------


def test_dry_run_prints_per_agent_and_reviewer_counts_and_changes_nothing(
    db, db_url, users, capsys
):
    args = ["--db", db_url, "sample", "--per-agent", "2", "--seed", "7", "--reviewers", "Sam,Tess"]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "120 conversations match the rule; 12 drawn (seed 7)." in out
    for _, name, _, _ in AGENTS:
        assert any(line.startswith(name) and line.split()[-1] == "2" for line in out.splitlines())
    assert any(line.split()[:2] == ["sam", "6"] for line in out.splitlines())
    assert any(line.split()[:2] == ["Tess", "6"] for line in out.splitlines())
    assert "dry run: nothing was assigned" in out
    with db.reader() as session:
        assert session.scalar(select(func.count(Assignment.id))) == 0


def test_a_focus_that_finds_too_few_says_so(db_url, users, capsys):
    """No conversation has a sentiment score: every focus place falls back to random, and the
    preview says how many the focus found of those it aimed at."""
    args = ["--db", db_url, "sample", "--per-agent", "3", "--focus", "negative_sentiment"]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "why picked: random 18" in out
    assert "the focus found 0 of the 12 conversations it aims at; the rest are random" in out
    assert main([*args, "--focus", "low_csat", "--dry-run"]) == 0
    assert "the focus found" not in capsys.readouterr().out  # 2 low CSAT of each agent's 3


def test_json_lists_each_assignment_and_a_real_run_creates_them(db, db_url, users, capsys):
    args = [
        "--db",
        db_url,
        "sample",
        "--total",
        "9",
        "--seed",
        "4",
        "--reviewers",
        "Sam,Rita Stone",
    ]
    assert main([*args, "--dry-run", "--json"]) == 0
    preview = json.loads(capsys.readouterr().out)
    assert len(preview) == 9
    assert {tuple(sorted(row)) for row in preview} == {
        ("agent", "conversation", "due", "reason", "reviewer", "source")
    }
    assert all(row["reviewer"] != "Rita Stone" or row["agent"] != "Rita Stone" for row in preview)
    assert main([*args, "--json", "--due", "2026-12-01"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert [r["conversation"] for r in created] == [r["conversation"] for r in preview]
    assert {r["due"] for r in created} == {"2026-12-01"}
    with db.reader() as session:
        assert session.scalar(select(func.count(Assignment.id))) == 9
    # run again: the assigned ones are left out, so nine others are drawn
    assert main([*args, "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert not {r["conversation"] for r in second} & {r["conversation"] for r in created}


def test_a_rule_file_runs_from_the_command_line(db, db_url, users, data_dir, capsys):
    path = data_dir / "règle.yaml"
    path.write_text(
        "size: {per_agent: 1}\nseed: 5\nassign: {reviewers: [Tess]}\n", encoding="utf-8"
    )
    assert main(["--db", db_url, "sample", "--rule", str(path)]) == 0
    out = capsys.readouterr().out
    assert "6 assignments created" in out
    with db.reader() as session:
        assert session.scalar(select(func.count(Sample.id))) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--per-agent", "2", "--reviewers", "Nobody"], "--reviewers: Nobody: no user"),
        (["--per-agent", "2"], "--reviewers: name the reviewers"),
        (["--reviewers", "Sam"], "give --rule FILE"),
        (["--percent", "120", "--reviewers", "Sam"], "--percent: 120 is out of range"),
        (["--total", "3", "--focus", "vibes", "--dry-run"], "--focus: unknown option 'vibes'"),
        (["--total", "x"], "invalid int value"),
        (
            ["--total", "3", "--from", "2026-10-31", "--to", "2026-10-01", "--dry-run"],
            "--to: the period ends (2026-10-01) before it starts (2026-10-31)",
        ),
        (
            ["--per-agent", "1", "--team", "Tier 3", "--dry-run"],
            "--team: no team 'Tier 3' (teams: Tier 1, Tier 2)",
        ),
        (
            ["--per-agent", "1", "--agent", "Nobody", "--reviewers", "Sam"],
            "--agent: no agent 'Nobody' (agents: Amal Haddad, Dana Smith,",
        ),
    ],
)
def test_bad_command_lines_exit_2_and_write_nothing(db, db_url, users, capsys, args, message):
    assert main(["--db", db_url, "sample", *args]) == 2
    assert message in capsys.readouterr().err
    with db.reader() as session:
        assert session.scalar(select(func.count(Sample.id))) == 0


def test_a_rule_file_naming_a_team_that_does_not_exist_says_so(db_url, users, data_dir, capsys):
    path = data_dir / "rule.yaml"
    path.write_text("size: {per_agent: 1}\nfilters: {teams: [tier 1, Tier 9]}\n", "utf-8")
    assert main(["--db", db_url, "sample", "--rule", str(path), "--dry-run"]) == 2
    assert "filters.teams: no team 'Tier 9' (teams: Tier 1, Tier 2)" in capsys.readouterr().err


def test_a_bad_rule_file_exits_2_naming_file_and_field(db_url, data_dir, capsys):
    path = data_dir / "bad.yaml"
    path.write_text("size: {per_agent: 2}\nfilters: {csat: {min: 5, max: 1}}\n", encoding="utf-8")
    assert main(["--db", db_url, "sample", "--rule", str(path), "--dry-run"]) == 2
    assert f"{path}: filters.csat: max 1 is below min 5" in capsys.readouterr().err


# --- the queue --------------------------------------------------------------------------------------


def test_the_queue_shows_assignments_first_with_due_date_and_reason(db, users):
    with db.reader() as session:
        before = queue_counts(session, users["sam"])
    created = create_sample(
        db, SampleRule(size_kind="total", size=6, seed=1, focus=Focus(("low_csat",), 50)),
        ["Sam", "Tess"], due_on=date(2026, 12, 1),
    )  # fmt: skip
    sams = [p for p in created.placements if p.reviewer.name == "sam"]
    with db.reader() as session:
        counts = queue_counts(session, users["sam"])
        page = queue_page(session, users["sam"], 0, 10)
        tess_page = queue_page(session, users["tess"], 0, 10)
    assert counts.assigned == len(sams) == 3
    assert counts.new == before.new - 6 and counts.to_do == before.to_do - 3
    top = page[: len(sams)]
    assert {i.conversation_id for i in top} == {p.pick.candidate.id for p in sams}
    assert {i.status for i in top} == {"assigned"} and {i.due_on for i in top} == {
        date(2026, 12, 1)
    }
    assert sorted(i.reason for i in top) == sorted(p.pick.reason for p in sams)
    assert page[len(sams)].status == "new"
    tess_ids = {i.conversation_id for i in tess_page[:3]}
    assert not tess_ids & {i.conversation_id for i in page}  # nobody else's assignments
