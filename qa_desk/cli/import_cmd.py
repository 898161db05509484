"""``qa-desk import FILE... [--format F]``: import conversations, each file in one transaction."""

from __future__ import annotations

import argparse
import sys

from qa_desk.cli.common import ProgressBar, open_db
from qa_desk.errors import InputError, Problem
from qa_desk.ingest import FORMATS, ImportOptions, import_file
from qa_desk.ingest.timeparse import TimestampError, zone_named


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import",
        help="import conversations from files",
        description="Import conversations. Each file is one transaction: a bad record stops that "
        "file with FILE:LINE: field: problem and stores nothing from it. Importing the same "
        "conversations again changes nothing; a changed conversation is updated.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument(
        "--format",
        default="auto",
        choices=["auto", *FORMATS],
        help="file format (default: detected from the content)",
    )
    parser.add_argument(
        "--source",
        help="source name stored with conversations that do not name one "
        "(default: the format's name); conversations are unique per source and id",
    )
    parser.add_argument(
        "--timezone",
        metavar="ZONE",
        help="time zone of timestamps written without one, e.g. Europe/Kyiv (default: UTC)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        zone = zone_named(args.timezone)
    except TimestampError as error:
        raise InputError(Problem("--timezone", "", str(error))) from None
    options = ImportOptions(source=args.source, zone=zone)
    db = open_db(args)
    for path in args.files:
        bar = ProgressBar()
        try:
            result = import_file(db, path, args.format, options, progress=bar)
        finally:
            bar.close()
        c = result.counts
        print(
            f"{path}: {c.conversations:,} conversations ({result.format}): {c.added:,} added, "
            f"{c.updated:,} updated, {c.unchanged:,} unchanged; {c.messages:,} messages written",
            file=sys.stdout,
        )
    return 0
