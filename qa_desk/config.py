"""Which database to open: ``--db``, then ``QA_DESK_DB``, then a SQLite file in the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "QA Desk"
ENV_DB = "QA_DESK_DB"


def default_database_path() -> Path:
    """The SQLite file used when nothing else is named."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "qa-desk.sqlite3"


def database_url(explicit: str | None = None) -> str:
    """The SQLAlchemy URL to open.

    ``explicit`` may be a URL or a plain file path; a path becomes a SQLite URL.
    """
    value = explicit or os.environ.get(ENV_DB) or str(default_database_path())
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())
