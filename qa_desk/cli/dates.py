"""Reading ``--from``/``--to`` dates on the command line."""

from __future__ import annotations

import argparse
from datetime import date


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
