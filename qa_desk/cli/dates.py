"""Reading ``--from``/``--to`` dates on the command line."""

from __future__ import annotations

import argparse
from datetime import date

from qa_desk.errors import InputError, Problem


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def add_period_options(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--from", dest="date_from", type=parse_date, metavar="DATE", help=f"first day of {what}"
    )
    parser.add_argument(
        "--to", dest="date_to", type=parse_date, metavar="DATE", help=f"last day of {what}"
    )


def check_period(args: argparse.Namespace) -> None:
    """Refuse a period given with ``--to`` before ``--from`` (rather than report nothing in it)."""
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise InputError(
            Problem(
                "--to", "", f"the period ends ({args.date_to}) before it starts ({args.date_from})"
            )
        )
