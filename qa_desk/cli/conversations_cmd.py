"""``qa-desk conversations export``: the native JSONL of the stored conversations."""

from __future__ import annotations

import argparse

from qa_desk.cli.common import ProgressBar, open_db
from qa_desk.cli.dates import add_period_options, check_period
from qa_desk.conversation_export import export_conversations


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("conversations", help="export conversations")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="write conversations as native JSONL",
        description="Write conversations as native JSONL (importing it into another database "
        "gives back the same conversations, messages and people).",
    )
    add_period_options(export, "the conversations (started date)")
    export.add_argument("-o", "--output", required=True, metavar="FILE.jsonl")
    export.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    check_period(args)
    db = open_db(args)
    bar = ProgressBar()
    try:
        count = export_conversations(db, args.output, args.date_from, args.date_to, progress=bar)
    finally:
        bar.close()
    print(f"{args.output}: {count:,} conversations written")
    return 0
