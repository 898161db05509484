"""Shared fixtures: real SQLite databases in temporary folders (with non-ASCII paths on purpose)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the real user's settings (QSettings) or default database (platformdirs)
_HOME = Path(tempfile.mkdtemp(prefix="qa-desk-tests-"))
os.environ["XDG_CONFIG_HOME"] = str(_HOME / "config")
os.environ["XDG_DATA_HOME"] = str(_HOME / "data")
os.environ.pop("QA_DESK_DB", None)

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402

QCoreApplication.setOrganizationName("QA Desk")  # as ui.app names the application
QCoreApplication.setApplicationName("QA Desk")

from qa_desk.db import Database, open_database  # noqa: E402

pytest_plugins = ["tests.postgres_server"]

# copies of samples from ../shared/realdata, each with its licence
REALDATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Each test starts with no remembered window settings (no remembered user, no geometry)."""
    shutil.rmtree(_HOME / "config", ignore_errors=True)
    settings = QSettings()  # Qt caches settings files in the process: clear through it
    settings.clear()
    settings.sync()
    yield


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
