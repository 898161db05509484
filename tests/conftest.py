"""Shared fixtures: real SQLite databases in temporary folders (with non-ASCII paths on purpose)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qa_desk.db import Database, open_database

pytest_plugins = ["tests.postgres_server"]

REALDATA = (
    Path(__file__).resolve().parent / "data"
)  # copies of ../shared/realdata samples, with licences


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A temporary folder whose path is not ASCII, as users' folders often are not."""
    folder = tmp_path / "données-данні-数据"
    folder.mkdir()
    return folder


@pytest.fixture
def db_url(data_dir: Path) -> str:
    return "sqlite:///" + str(data_dir / "qa-desk.sqlite3")


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A new, empty QA Desk database (SQLite file, migrated to the newest schema)."""
    database = open_database(db_url)
    yield database
    database.dispose()
