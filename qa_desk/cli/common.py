"""What the commands share: opening the database named on the command line, and a progress bar."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

from qa_desk.config import database_url
from qa_desk.db import Database, open_database


def open_db(args: argparse.Namespace) -> Database:
    """Open (creating or upgrading) the database the user named with ``--db`` or the default."""
    db = open_database(database_url(args.db))
    if db.backup_path is not None:
        print(
            f"qa-desk: upgraded the database; the old one is kept at {db.backup_path}",
            file=sys.stderr,
        )
    return db


class ProgressBar:
    """A one-line progress bar on a terminal (nothing when stderr is not a terminal).

    Call it as the core's ``progress(done, total, message)`` callback; :meth:`close` ends the line.
    """

    def __init__(self, stream: TextIO | None = None, width: int = 30):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.width = width
        self._last = 0.0
        self._shown = False

    def __call__(self, done: int, total: int, message: str) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and done < total:
            return
        self._last = now
        if total > 0:
            share = min(1.0, done / total)
            filled = int(self.width * share)
            bar = "█" * filled + "·" * (self.width - filled)
            line = f"\r{message[:40]:<40} {bar} {share:6.1%}"
        else:
            line = f"\r{message[:40]:<40} {done:,}"
        self.stream.write(line)
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = False


def counted(count: int, noun: str) -> str:
    """``count`` with its noun, singular for one: ``1 conversation``, ``1,200 conversations``."""
    return f"{count:,} {noun if count == 1 else noun + 's'}"
