"""``qa-desk import FILE... [--format F]``: import conversations, each file in one transaction.

Files that only serve others (a help desk's users or comments, a call's metadata) are read with
the files they serve (:func:`qa_desk.ingest.prepare_imports`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qa_desk.autoqa import check_imported
from qa_desk.cli.common import ProgressBar, counted, open_db
from qa_desk.db.models import utcnow
from qa_desk.errors import InputError, Problem
from qa_desk.ingest import FORMATS, ImportOptions, import_file, mapping_file, prepare_imports
from qa_desk.ingest.call_metadata import is_metadata_file
from qa_desk.ingest.calls import file_stem
from qa_desk.ingest.timeparse import TimestampError, parse_timestamp, zone_named


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import",
        help="import conversations from files",
        description="Import conversations. Each file is one transaction: a bad record stops that "
        "file with FILE:LINE: field: problem and stores nothing from it. Importing the same "
        "conversations again changes nothing; a changed conversation is updated. A call "
        "transcript is one file per call; a call's metadata file (agent, caller's rating) named "
        "alongside its transcript, or kept in a metadata/ folder beside the transcripts' folder, "
        "is read with it.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument(
        "--format",
        default="auto",
        choices=["auto", *FORMATS],
        help=f"file format: {', '.join(FORMATS)} (default: detected from the content)",
    )
    parser.add_argument(
        "--source",
        help="source name stored with conversations that do not name one "
        "(default: the format's name; calls for transcripts); conversations are unique per "
        "source and id",
    )
    parser.add_argument(
        "--timezone",
        metavar="ZONE",
        help="time zone of timestamps written without one, e.g. Europe/Kyiv (default: UTC)",
    )
    parser.add_argument(
        "--mapping",
        metavar="FILE.yaml",
        help="a column-mapping file for a CSV export QA Desk does not know: which column holds "
        "what (columns:) and what its role values mean (roles:)",
    )
    parser.add_argument(
        "--agent-speaker",
        metavar="NAME",
        help="in call transcripts, the speaker who is the agent (e.g. Dana, SPEAKER_01, or 2 for "
        "channel 2); every other speaker is the customer (default: guessed from labels such as "
        "Agent, Caller, Оператор, 客服)",
    )
    parser.add_argument(
        "--started-at",
        metavar="TIME",
        help="when a call transcript that gives no start time started, e.g. 2026-03-02T09:15 "
        "(its turn times are offsets from it; default: a date and time in the file name, else "
        "none)",
    )
    parser.set_defaults(run=run)


def options_from(args: argparse.Namespace) -> ImportOptions:
    """The import options the command line gives; :class:`InputError` for a bad one."""
    try:
        zone = zone_named(args.timezone)
    except TimestampError as error:
        raise InputError(Problem("--timezone", "", str(error))) from None
    started_at = None
    if args.started_at:
        try:
            started_at = parse_timestamp(args.started_at, zone)
        except TimestampError as error:
            raise InputError(Problem("--started-at", "", str(error))) from None
    options = ImportOptions(
        source=args.source,
        zone=zone,
        agent_speaker=args.agent_speaker,
        started_at=started_at,
    )
    if args.mapping:
        options = mapping_file.load(args.mapping).apply(options)
    return options


def split_metadata(paths: list[str]) -> tuple[list[str], dict[str, Path]]:
    """The files to import, and the call metadata files among ``paths`` by their file stem;
    :class:`InputError` for a metadata file whose transcript is not among ``paths``."""
    metadata = {
        file_stem(Path(p)): Path(p)
        for p in paths
        if p.lower().removesuffix(".gz").endswith(".json") and is_metadata_file(p)
    }
    files = [p for p in paths if Path(p) not in metadata.values()]
    stems = {file_stem(Path(p)) for p in files}
    for stem, path in metadata.items():
        if stem not in stems:
            raise InputError(
                Problem(
                    str(path),
                    "",
                    "a call's metadata without its transcript: name the transcript too "
                    f"(a file called {stem}.json or {stem}.txt)",
                )
            )
    return files, metadata


def run(args: argparse.Namespace) -> int:
    options = options_from(args)
    files, metadata = split_metadata(list(args.files))
    if metadata:
        options.call_metadata = metadata
    db = open_db(args)
    started = utcnow()
    changed = 0
    with prepare_imports(files, args.format, options) as plan:
        for item in plan:
            if item.companion is not None:
                print(f"{item.path}: {item.companion} (read for the other files)", file=sys.stdout)
                continue
            bar = ProgressBar()
            try:
                result = import_file(db, item.path, item.format, item.options, progress=bar)
            finally:
                bar.close()
            c = result.counts
            print(
                f"{item.path}: {counted(c.conversations, 'conversation')} ({result.format}): "
                f"{c.added:,} added, {c.updated:,} updated, {c.unchanged:,} unchanged; "
                f"{counted(c.messages, 'message')} written",
                file=sys.stdout,
            )
            changed += c.added + c.updated
    if changed:  # the automatic checks of what was added or changed, after (not in) the import
        bar = ProgressBar()
        try:
            checked = check_imported(db, started, progress=bar)
        finally:
            bar.close()
        checks = counted(checked.conversations, "conversation")
        print(f"automatic checks: {checks} checked", file=sys.stdout)
    return 0
