"""The ``qa-desk`` command line: with no command it opens the desktop window.

Each command group lives in its own module with a ``register(subparsers)`` function. Bad input ends
with a one-line message on stderr and exit status 2; any other failure with status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from qa_desk import __version__
from qa_desk.errors import Cancelled, DatabaseTooNew, InputError

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from qa_desk.cli import (
        autoqa_cmd,
        conversations_cmd,
        demo_cmd,
        import_cmd,
        report_cmd,
        reviews_cmd,
        rubric_cmd,
        sample_cmd,
        stats_cmd,
    )

    parser = _Parser(
        prog="qa-desk",
        description="QA Desk: quality reviews of customer-support conversations. "
        "Without a command, opens the desktop window.",
    )
    parser.add_argument("--version", action="version", version=f"QA Desk {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database: a SQLAlchemy URL or a SQLite file path (default: $QA_DESK_DB, "
        "else qa-desk.sqlite3 in the user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in (import_cmd, conversations_cmd, rubric_cmd, reviews_cmd, stats_cmd, demo_cmd):
        module.register(commands)
    report_cmd.register(commands)
    autoqa_cmd.register(commands)
    sample_cmd.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, or a usage error (status 2)
        return int(exit_.code or 0)
    if args.command is None:
        from qa_desk.cli.gui import run_gui

        return run_gui(args.db)
    try:
        code = int(args.run(args) or EXIT_OK)
        sys.stdout.flush()  # here, where a closed pipe can be told apart from a failure
        return code
    except BrokenPipeError:  # the output went to a command that stopped reading (| head)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to write
        return EXIT_OK
    except InputError as error:
        for line in str(error).splitlines():
            print(f"qa-desk: {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Cancelled:
        print("qa-desk: cancelled; nothing was changed", file=sys.stderr)
        return EXIT_FAILURE
    except DatabaseTooNew as error:
        print(f"qa-desk: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("qa-desk: interrupted; nothing was changed", file=sys.stderr)
        return 130
    except Exception as error:
        print(f"qa-desk: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILURE
