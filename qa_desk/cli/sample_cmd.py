"""``qa-desk sample``: draw a sample by a rule, preview it, and assign it to reviewers.

The rule comes from ``--rule FILE.yaml``, a saved rule (``--saved NAME``) or the options alone;
options given on the command line replace the rule's own values.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

from qa_desk.cli.common import ProgressBar, open_db
from qa_desk.cli.dates import check_period, parse_date
from qa_desk.db.engine import Database
from qa_desk.errors import InputError, Problem
from qa_desk.sampling import SamplePlan, create_sample, load_named_rule, plan_sample
from qa_desk.sampling_assign import resolve_reviewers
from qa_desk.sampling_rule import (
    FOCUS_OPTIONS,
    STRATA,
    Period,
    SampleRule,
    load_rule,
)


def _capacity(text: str) -> tuple[str, int]:
    name, _, limit = text.rpartition("=")
    if not name or not limit.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not NAME=N")
    return name.strip(), int(limit)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "sample",
        help="draw a sample of conversations and assign it to reviewers",
        description="Draw a reproducible sample (the same rule and seed on the same data always "
        "draw the same conversations), print per agent and per reviewer counts, and, without "
        "--dry-run, create the assignments. Conversations already reviewed or assigned are left "
        "out. A bad rule file stops with FILE: field: problem and exit status 2.",
    )
    rule = parser.add_mutually_exclusive_group()
    rule.add_argument("--rule", metavar="FILE.yaml", help="a sample rule file")
    rule.add_argument("--saved", metavar="NAME", help="a rule saved in the database")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--per-agent", type=int, metavar="N", help="N conversations per agent")
    size.add_argument("--total", type=int, metavar="N", help="N conversations in all")
    size.add_argument("--percent", type=float, metavar="P", help="P%% of the conversations")
    parser.add_argument("--seed", type=int, metavar="S", help="the draw's seed (default 1)")
    parser.add_argument("--from", dest="date_from", type=parse_date, metavar="DATE",
                        help="first day the conversations started (UTC)")  # fmt: skip
    parser.add_argument("--to", dest="date_to", type=parse_date, metavar="DATE",
                        help="last day the conversations started (UTC)")  # fmt: skip
    for option, what in (
        ("--team", "team name"), ("--agent", "agent name or e-mail"), ("--channel", "channel"),
        ("--language", "language code"), ("--tag", "tag (any of)"),
        ("--exclude-tag", "tag to leave out"),
    ):  # fmt: skip
        parser.add_argument(option, action="append", metavar="X", help=f"only this {what}; repeat")
    parser.add_argument("--csat-min", type=float, metavar="N", help="lowest CSAT (1-5)")
    parser.add_argument("--csat-max", type=float, metavar="N", help="highest CSAT (1-5)")
    parser.add_argument("--min-messages", type=int, metavar="N", help="at least N messages")
    parser.add_argument("--text", metavar="WORDS", help="messages containing these words")
    parser.add_argument("--strata", choices=STRATA, help="draw proportionally from each")
    parser.add_argument(
        "--focus",
        metavar="OPTIONS",
        help=f"comma-separated focus options: {', '.join(FOCUS_OPTIONS)}",
    )
    parser.add_argument(
        "--random-share", type=float, metavar="P", help="percent drawn at random with --focus"
    )
    parser.add_argument("--reviewers", metavar="A,B", help="reviewers' names or e-mails")
    parser.add_argument(
        "--capacity", type=_capacity, action="append", metavar="NAME=N", help="a reviewer's cap"
    )
    parser.add_argument("--due", type=parse_date, metavar="DATE", help="assignments' due date")
    parser.add_argument("--dry-run", action="store_true", help="preview only; change nothing")
    parser.add_argument("--json", action="store_true", help="print the assignments as JSON")
    parser.set_defaults(run=run)


def build_rule(args: argparse.Namespace, base: SampleRule | None) -> SampleRule:
    """The rule from the file (if any) with the command line's options laid over it."""
    rule = base or SampleRule()
    if base is None and args.per_agent is None and args.total is None and args.percent is None:
        raise InputError(
            Problem(
                "sample", "", "give --rule FILE, --saved NAME, --per-agent, --total or --percent"
            )
        )
    for kind in ("per_agent", "total", "percent"):
        value = getattr(args, kind)
        if value is not None:
            if value <= 0 or (kind == "percent" and value > 100):
                raise InputError(
                    Problem(f"--{kind.replace('_', '-')}", "", f"{value:g} is out of range")
                )
            rule = replace(rule, size_kind=kind, size=float(value))
    if args.seed is not None:
        rule = replace(rule, seed=args.seed)
    if args.date_from or args.date_to:
        check_period(args)
        rule = replace(rule, period=Period(args.date_from, args.date_to))
    f = rule.filters
    lists = {
        "teams": args.team, "agents": args.agent, "channels": args.channel,
        "languages": args.language, "tags_in": args.tag, "tags_out": args.exclude_tag,
    }  # fmt: skip
    changes: dict[str, Any] = {k: tuple(v) for k, v in lists.items() if v}
    for key in ("csat_min", "csat_max", "min_messages", "text"):
        if getattr(args, key) is not None:
            changes[key] = getattr(args, key)
    rule = replace(rule, filters=replace(f, **changes))
    if args.strata:
        rule = replace(rule, strata=args.strata)
    if args.focus is not None or args.random_share is not None:
        options = tuple(o.strip() for o in (args.focus or "").split(",") if o.strip())
        unknown = [o for o in options if o not in FOCUS_OPTIONS]
        if unknown:
            raise InputError(Problem("--focus", "", f"unknown option '{unknown[0]}' "
                                     f"(known: {', '.join(FOCUS_OPTIONS)})"))  # fmt: skip
        share = rule.focus.random_share if args.random_share is None else args.random_share
        rule = replace(rule, focus=replace(rule.focus, options=options or rule.focus.options,
                                           random_share=share))  # fmt: skip
    a = rule.assign
    if args.reviewers:
        names = tuple(n.strip() for n in args.reviewers.split(",") if n.strip())
        a = replace(a, reviewers=names)
    if args.capacity:
        a = replace(a, capacity=tuple(args.capacity))
    return replace(rule, assign=a)


def print_preview(plan: SamplePlan, dry_run: bool) -> None:
    print(f"{plan.candidates:,} conversations match the rule; {plan.picked:,} drawn "
          f"(seed {plan.rule.seed}).")  # fmt: skip
    width = max([len(r.agent) for r in plan.per_agent] + [5])
    print(f"\n{'agent':<{width}}  {'matching':>8}  {'drawn':>5}")
    for row in plan.per_agent:
        print(f"{row.agent:<{width}}  {row.candidates:>8,}  {row.picked:>5,}")
    if plan.per_reviewer:
        width = max([len(r.reviewer) for r in plan.per_reviewer] + [8])
        print(f"\n{'reviewer':<{width}}  {'assigned':>8}  {'capacity':>8}")
        for r in plan.per_reviewer:
            capacity = "-" if r.capacity is None else f"{r.capacity:,}"
            print(f"{r.reviewer:<{width}}  {r.assigned:>8,}  {capacity:>8}")
    reasons = ", ".join(f"{kind} {n:,}" for kind, n in sorted(plan.reasons.items()))
    if reasons:
        print(f"\nwhy picked: {reasons}")
    if plan.focus_picks < plan.focus_places:
        print(f"the focus found {plan.focus_picks:,} of the {plan.focus_places:,} conversations "
              "it aims at; the rest are random")  # fmt: skip
    if plan.unassigned:
        print(f"{plan.unassigned:,} drawn conversations could not be assigned "
              "(every reviewer who may take them is at capacity)")  # fmt: skip
    if plan.due_on:
        print(f"due {plan.due_on.isoformat()}")
    if dry_run:
        print("\ndry run: nothing was assigned")
    elif plan.sample_id is not None:
        print(f"\nsample #{plan.sample_id}: {plan.picked - plan.unassigned:,} assignments created")


def run(args: argparse.Namespace) -> int:
    base = load_rule(args.rule) if args.rule else None
    db = open_db(args)
    try:
        if args.saved:
            with db.reader() as session:
                base = load_named_rule(session, args.saved)
        rule = build_rule(args, base)
        due: date | None = args.due
        if not args.dry_run and not rule.assign.reviewers:
            raise InputError(Problem("--reviewers", "", "name the reviewers to assign to"))
        bar = ProgressBar()
        try:
            with _options_named(args):
                plan = _plan(db, args, rule, due, bar)
        finally:
            bar.close()
    finally:
        db.dispose()
    if args.json:
        print(json.dumps(plan.rows(), ensure_ascii=False, indent=1))
    else:
        print_preview(plan, args.dry_run)
    return 0


_OPTIONS = {"filters.teams": ("team", "--team"), "filters.agents": ("agent", "--agent")}


@contextmanager
def _options_named(args: argparse.Namespace) -> Iterator[None]:
    """A problem with a filter the command line gave names its option (``--team``), not the
    rule's field."""
    try:
        yield
    except InputError as error:
        problems = [
            replace(p, location=_OPTIONS[p.field][1], field="")
            if p.field in _OPTIONS and getattr(args, _OPTIONS[p.field][0])
            else p
            for p in error.problems
        ]
        raise InputError(problems) from None


def _plan(
    db: Database, args: argparse.Namespace, rule: SampleRule, due: date | None, bar: ProgressBar
) -> SamplePlan:
    if args.dry_run:
        with db.reader() as session:
            reviewers = resolve_reviewers(
                session, rule.assign.reviewers, dict(rule.assign.capacity)
            )
            return plan_sample(session, rule, reviewers, due_on=due, progress=bar)
    return create_sample(db, rule, due_on=due, progress=bar)
