"""``qa-desk report coaching|scorecard``: Excel workbooks for coaches and managers."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from qa_desk.analytics_base import newest_counted_review
from qa_desk.cli.common import ProgressBar, open_db
from qa_desk.cli.dates import parse_date
from qa_desk.errors import InputError, Problem
from qa_desk.reports import find_agent, find_team, write_coaching_report, write_scorecard
from qa_desk.reports.common import check_period
from qa_desk.reports.output import check_writable


def _common_options(parser: argparse.ArgumentParser) -> None:
    # dates are read in run(), so a bad one gets the one-line message other bad input gets
    parser.add_argument(
        "--from", dest="date_from", required=True, metavar="DATE",
        help="first day of the period (YYYY-MM-DD; reviews dated by when they were submitted)",
    )  # fmt: skip
    parser.add_argument(
        "--to", dest="date_to", required=True, metavar="DATE",
        help="last day of the period (inclusive)",
    )  # fmt: skip
    parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE.xlsx", help="workbook to write"
    )
    parser.add_argument(
        "--mask-pii",
        action="store_true",
        help="mask e-mail addresses, phone numbers and payment card numbers in every text cell",
    )


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "report",
        help="Excel workbooks: an agent's coaching report, the team scorecard",
        description="Write an Excel workbook. It is written to a temporary file and moved into "
        "place when complete, so a failure never leaves half a file. Text from conversations "
        "and comments is always written as text, never as a formula.",
    )
    kinds = parser.add_subparsers(dest="report", metavar="REPORT", required=True)

    coaching = kinds.add_parser(
        "coaching",
        help="an agent's coaching report for a one-on-one",
        description="An agent's coaching report: IQS with its interval, pass rate and trend "
        "against earlier periods and the team (with charts), strengths and focus areas with "
        "the reviewers' comments and the conversations behind them, every review of the "
        "period, and the open action items.",
    )
    coaching.add_argument(
        "--agent", required=True, metavar="ID", help="the agent: external id, e-mail or name"
    )
    _common_options(coaching)
    coaching.set_defaults(run=run_coaching)

    scorecard = kinds.add_parser(
        "scorecard",
        help="the team scorecard: agents, criteria heat map, reviewers, raw data",
        description="The manager's workbook: team summary, one row per agent, a criteria heat "
        "map, reviewer statistics and the raw data (one row per review, a column per "
        "criterion), which continues on a further sheet past Excel's 1,048,576 rows.",
    )
    scorecard.add_argument("--team", metavar="NAME", help="only this team (default: all teams)")
    _common_options(scorecard)
    scorecard.set_defaults(run=run_scorecard)


def _checked(args: argparse.Namespace) -> tuple[date, date]:
    """The period's days; the output is checked too, before any work is done."""
    days = []
    for option, text in (("--from", args.date_from), ("--to", args.date_to)):
        try:
            days.append(parse_date(text))
        except argparse.ArgumentTypeError as error:
            raise InputError(Problem(option, "", str(error))) from None
    check_period(days[0], days[1])
    check_writable(args.output)
    return days[0], days[1]


def run_coaching(args: argparse.Namespace) -> int:
    date_from, date_to = _checked(args)
    db = open_db(args)
    bar = ProgressBar()
    try:
        with db.reader() as session:
            agent = find_agent(session, args.agent)
            result = write_coaching_report(
                session,
                args.output,
                agent.id,
                date_from,
                date_to,
                mask_pii=args.mask_pii,
                progress=bar,
            )
            newest = None if result.reviews else newest_counted_review(session, agent_id=agent.id)
    finally:
        bar.close()
        db.dispose()
    print(f"{result.path}: coaching report of {agent.name}, {result.reviews:,} reviews")
    if not result.reviews:
        _warn_empty(date_from, date_to, newest, agent.name)
    return 0


def _warn_empty(date_from: date, date_to: date, newest: date | None, who: str | None) -> None:
    """Say on standard error that the workbook has no reviews, and when the newest one was (the
    window offers that month instead; a command can only say so)."""
    whose = f" for {who}" if who else ""
    where = f"; the newest was submitted on {newest:%Y-%m-%d}" if newest else "; there are none yet"
    print(
        f"qa-desk: warning: no reviews{whose} were submitted from {date_from} to {date_to}{where}",
        file=sys.stderr,
    )


def run_scorecard(args: argparse.Namespace) -> int:
    date_from, date_to = _checked(args)
    db = open_db(args)
    bar = ProgressBar()
    try:
        with db.reader() as session:
            team = find_team(session, args.team) if args.team else None
            result = write_scorecard(
                session,
                args.output,
                date_from,
                date_to,
                team_id=team.id if team else None,
                mask_pii=args.mask_pii,
                progress=bar,
            )
            team_id = team.id if team else None
            newest = None if result.reviews else newest_counted_review(session, team_id=team_id)
    finally:
        bar.close()
        db.dispose()
    sheets = ", ".join(result.sheets)
    print(f"{result.path}: scorecard, {result.reviews:,} reviews ({sheets})")
    if not result.reviews:
        _warn_empty(date_from, date_to, newest, team.name if team else None)
    return 0
