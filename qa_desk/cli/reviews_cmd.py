"""``qa-desk reviews import|export``: bring a team's historical reviews in, take reviews out."""

from __future__ import annotations

import argparse
from pathlib import Path

from qa_desk.cli.common import ProgressBar, open_db
from qa_desk.cli.dates import add_period_options, check_period
from qa_desk.errors import InputError, Problem
from qa_desk.ingest.timeparse import TimestampError, zone_named
from qa_desk.reviews_export import export_reviews
from qa_desk.reviews_import import import_reviews


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "reviews",
        help="import historical reviews, export reviews",
        description="Import reviews made before QA Desk from a spreadsheet, or export reviews.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    importing = actions.add_parser(
        "import",
        help="import reviews from a CSV or XLSX file, one row per review",
        description="Import reviews: one row per review with conversation_id, reviewer (name or "
        "e-mail; new reviewers are created), reviewed_at, one column per criterion id of the "
        "rubric holding the rating (pass/fail, a number, a label, NA; empty = not rated), and "
        "optionally comment, reviewer_email and source. The file is one transaction: a bad row "
        "stops it with FILE:ROW: column: problem and stores nothing. Reviews already stored are "
        "skipped, so importing a file twice adds nothing.",
    )
    importing.add_argument("file", metavar="FILE", help="a .csv or .xlsx file")
    importing.add_argument(
        "--rubric",
        required=True,
        metavar="ID[@VERSION]",
        help="the rubric the reviews used (default version: the latest)",
    )
    importing.add_argument("--sheet", metavar="NAME", help="the XLSX sheet (default: the first)")
    importing.add_argument(
        "--timezone",
        metavar="ZONE",
        help="time zone of times written without one, e.g. Europe/Kyiv (default: UTC)",
    )
    importing.set_defaults(run=run_import)

    exporting = actions.add_parser(
        "export",
        help="export current submitted reviews to CSV or JSON Lines",
        description="Export every current submitted review with its ratings, score, critical "
        "flag and rubric version. In CSV, text starting with = + - @ tab or carriage return gets "
        "a leading ' so that Excel never runs it as a formula; a CSV export of one rubric's "
        "reviews can be imported again.",
    )
    exporting.add_argument(
        "--format",
        choices=["csv", "jsonl"],
        help="file format (default: from the output file's extension)",
    )
    exporting.add_argument("-o", "--output", required=True, metavar="FILE")
    exporting.add_argument("--rubric", metavar="ID[@VERSION]", help="only this rubric's reviews")
    add_period_options(exporting, "the reviews exported (submitted date)")
    exporting.set_defaults(run=run_export)


def run_import(args: argparse.Namespace) -> int:
    try:
        zone = zone_named(args.timezone)
    except TimestampError as error:
        raise InputError(Problem("--timezone", "", str(error))) from None
    db = open_db(args)
    bar = ProgressBar()
    try:
        result = import_reviews(
            db, args.file, args.rubric, sheet=args.sheet, zone=zone, progress=bar
        )
    finally:
        bar.close()
        db.dispose()
    print(
        f"{args.file}: {result.added:,} reviews added, {result.skipped:,} already stored; "
        f"{result.reviewers_created:,} new reviewers"
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    check_period(args)
    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower().lstrip(".")
        if suffix not in ("csv", "jsonl"):
            raise InputError(
                Problem("--format", "", "name the format (csv or jsonl) or end -o with one")
            )
        fmt = suffix
    db = open_db(args)
    bar = ProgressBar()
    try:
        count = export_reviews(
            db,
            args.output,
            fmt,
            rubric=args.rubric,
            date_from=args.date_from,
            date_to=args.date_to,
            progress=bar,
        )
    finally:
        bar.close()
        db.dispose()
    print(f"{args.output}: {count:,} reviews exported ({fmt})")
    return 0
