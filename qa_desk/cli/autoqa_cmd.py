"""``qa-desk autoqa run [--all|--since DATE]``: run the automatic checks on demand;
``qa-desk autoqa agreement [--from DATE] [--to DATE] [--json]``: how often reviewers agreed with
each check (over the reviews submitted in the period);
``qa-desk autoqa show ID``: one conversation's results; ``qa-desk autoqa sla``: the targets used."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from qa_desk.autoqa import (
    AutoQARun,
    all_conversations,
    conversations_since,
    pending_conversations,
    results_for,
    run_checks,
)
from qa_desk.autoqa_agreement import CheckAgreement, agreement_per_check
from qa_desk.autoqa_catalog import AUTOQA_CHECKS
from qa_desk.autoqa_sla import describe, load_sla, user_sla_path
from qa_desk.cli.common import ProgressBar, open_db
from qa_desk.cli.dates import add_period_options, check_period, parse_date
from qa_desk.db.models import Conversation
from qa_desk.errors import InputError, Problem


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "autoqa",
        help="run the automatic checks, or see how reviewers agree with them",
        description="Automatic checks: greeting, closing, the customer's name, response times "
        "against the channel's targets, empathy, sensitive data, profanity and customer "
        "sentiment. They run after every import; run them here for conversations imported "
        "before, or after changing the targets.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    run_parser = actions.add_parser(
        "run",
        help="check conversations and store the results",
        description="Check conversations and store the results in place of older ones. "
        "Without --all or --since: the conversations never checked, changed since they were "
        "checked, or checked by an older version of the checks.",
    )
    which = run_parser.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="every conversation")
    which.add_argument(
        "--since", type=parse_date, metavar="DATE", help="conversations started on or after DATE"
    )
    run_parser.add_argument(
        "--sla", metavar="FILE.yaml", help="response-time targets overriding the defaults"
    )
    run_parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    run_parser.set_defaults(run=run)
    agreement = actions.add_parser(
        "agreement",
        help="how often reviewers agreed with each check",
        description="Per check: the submitted reviews whose rubric names it, how often the "
        "reviewer's final rating agreed with the check's outcome, how they disagreed, and how "
        "many ratings were made with the suggestion shown and kept it or changed it. "
        "--from/--to keep the reviews submitted in that period (inclusive days, UTC).",
    )
    add_period_options(agreement, "the reviews compared (submitted date)")
    agreement.add_argument("--json", action="store_true", help="print a JSON list of objects")
    agreement.set_defaults(run=run_agreement)
    show = actions.add_parser("show", help="one conversation's results with their evidence")
    show.add_argument("conversation", metavar="ID", help="the conversation's id (as imported)")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=run_show)
    sla = actions.add_parser("sla", help="the response-time targets in use per channel")
    sla.add_argument("--sla", metavar="FILE.yaml", help="with these overrides")
    sla.set_defaults(run=run_sla)


def _check_sla_file(path: str | None) -> Path | None:
    if path is None:
        return None
    if not Path(path).is_file():
        raise InputError(Problem(path, "", "no such file"))
    return Path(path)


def run(args: argparse.Namespace) -> int:
    sla = load_sla(_check_sla_file(args.sla))
    db = open_db(args)
    with db.reader() as session:
        if args.all:
            ids = all_conversations(session)
        elif args.since is not None:
            ids = conversations_since(session, args.since)
        else:
            ids = pending_conversations(session)
    bar = ProgressBar()
    try:
        outcome = run_checks(db, ids, sla, progress=bar)
    finally:
        bar.close()
    if args.json:
        print(json.dumps(_run_data(outcome), indent=2))
    else:
        print(format_run(outcome))
    return 0


def _run_data(outcome: AutoQARun) -> dict:
    return {
        "conversations": outcome.conversations,
        "checks": {
            check: {k: counts.get(k, 0) for k in ("pass", "fail", "na")}
            for check, counts in outcome.outcomes.items()
        },
    }


def format_run(outcome: AutoQARun) -> str:
    if not outcome.conversations:
        return "No conversations to check: every conversation's results are up to date."
    lines = [f"Checked {outcome.conversations:,} conversations."]
    lines.append(_table(["check", "pass", "fail", "n/a"], [
        [check, *(f"{counts.get(k, 0):,}" for k in ("pass", "fail", "na"))]
        for check, counts in outcome.outcomes.items()
    ]))  # fmt: skip
    return "\n".join(lines)


def _table(header: list[str], rows: list[list[str]]) -> str:
    """An aligned text table: the first column left-aligned, numbers right-aligned."""
    widths = [max(len(c) for c in column) for column in zip(header, *rows, strict=True)]

    def render(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join(render(r) for r in [header, *rows])


def run_agreement(args: argparse.Namespace) -> int:
    check_period(args)
    db = open_db(args)
    with db.reader() as session:
        rows = agreement_per_check(session, args.date_from, args.date_to)
    if args.json:
        print(json.dumps([r.as_dict() for r in rows], indent=2))
    else:
        print(format_agreement(rows, _period_text(args.date_from, args.date_to)))
    return 0


def _period_text(date_from: date | None, date_to: date | None) -> str | None:
    """The period as a reader sees it ("submitted 2026-03-01 – 2026-03-31"), None for all time."""
    if date_from is None and date_to is None:
        return None
    if date_to is None:
        return f"submitted on or after {date_from}"
    if date_from is None:
        return f"submitted on or before {date_to}"
    return f"submitted {date_from} – {date_to}"


def format_agreement(rows: list[CheckAgreement], period: str | None = None) -> str:
    """The agreement table, headed by the period when one was given."""
    if not any(r.compared or r.with_suggestion for r in rows):
        if period is not None:
            return f"No review {period} rates a criterion that names an automatic check."
        return (
            "No submitted review rates a criterion that names an automatic check yet "
            "(a rubric criterion names one with autoqa: CHECK)."
        )
    header = [
        "check", "compared", "agreed", "agreement", "check pass/reviewer fail",
        "check fail/reviewer pass", "other", "suggested", "confirmed", "overridden",
    ]  # fmt: skip
    body = [
        [
            r.check,
            f"{r.compared:,}",
            f"{r.agreed:,}",
            "–" if r.rate is None else f"{r.rate:.0%}",
            f"{r.check_pass_reviewer_fail:,}",
            f"{r.check_fail_reviewer_pass:,}",
            f"{r.other_disagreements:,}",
            f"{r.with_suggestion:,}",
            f"{r.confirmed:,}",
            f"{r.overridden:,}",
        ]
        for r in rows
    ]
    table = _table(header, body)
    return table if period is None else f"Reviews {period}:\n{table}"


def run_show(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.reader() as session:
        found = session.scalars(
            select(Conversation.id).where(Conversation.external_id == args.conversation)
        ).all()
        if not found and args.conversation.isdigit():
            found = (
                [int(args.conversation)]
                if session.get(Conversation, int(args.conversation))
                else []
            )
        if len(found) != 1:
            why = "no conversation has" if not found else "several conversations have"
            raise InputError(Problem("ID", "", f"{why} the id {args.conversation}"))
        results = results_for(session, found[0])
    if args.json:
        print(
            json.dumps(
                {
                    check: {
                        "outcome": r.outcome,
                        "value": r.value,
                        "detail": r.detail,
                        "evidence": r.evidence,
                    }
                    for check, r in results.items()
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not results:
        print("Not checked yet: run qa-desk autoqa run.")
        return 0
    for check in AUTOQA_CHECKS:
        result = results.get(check)
        if result is not None:
            print(f"{check:<20} {result.outcome:<5} {result.detail or ''}")
    return 0


def run_sla(args: argparse.Namespace) -> int:
    sla = load_sla(_check_sla_file(args.sla))
    path = user_sla_path()
    print(f"Targets (overrides are read from {path}{'' if path.is_file() else ', not present'}):")
    rows = [
        [name, *("–" if v is None else describe(v) for v in (t.first_response, t.longest_wait))]
        for name, t in [*sorted(sla.channels.items()), ("(other)", sla.default)]
    ]
    print(_table(["channel", "first response", "longest wait"], rows))
    return 0
