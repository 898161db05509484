"""Handing over to the desktop front end when ``qa-desk`` is run without a command.

The core never depends on the front end: the ``ui`` package is looked up by name, only here and
only when the window is wanted, so every command runs (and every core test passes) without Qt.
"""

from __future__ import annotations

import importlib
import sys


def run_gui(db: str | None) -> int:
    try:
        front_end = importlib.import_module("ui.app")
    except ImportError as error:
        print(f"qa-desk: the desktop window is not available ({error})", file=sys.stderr)
        return 1
    return int(front_end.main(db))
