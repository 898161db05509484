"""Opening a database: the engine with QA Desk's SQLite settings, automatic upgrades and sessions.

A new database is created at the newest schema. An older one is first copied to a timestamped backup
next to it, then upgraded. One written by a newer QA Desk is refused rather than damaged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from qa_desk.db import migrate
from qa_desk.db.fulltext import FTS_FUNCTION, index_text


@dataclass
class Database:
    """An open database.

    Attributes:
        url: the SQLAlchemy URL it was opened with, password hidden.
        engine: the SQLAlchemy engine.
        backup_path: the backup made before an upgrade on this open, if any.
    """

    url: str
    engine: Engine
    backup_path: Path | None = None

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display_name(self) -> str:
        """What to show a user: the file path for SQLite, the URL without password otherwise."""
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite":
            return url.database or ":memory:"
        return url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for one user action: committed when the block ends, rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def reader(self) -> Session:
        """A session for reading only; the caller closes it."""
        return self._sessions()

    def dispose(self) -> None:
        self.engine.dispose()


def _configure_sqlite_connection(dbapi_connection: Any, connection_record: Any) -> None:
    dbapi_connection.create_function(FTS_FUNCTION, 1, index_text, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite connections get WAL, foreign keys and NORMAL synchronous."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _configure_sqlite_connection)
        # pysqlite's own transaction handling defers BEGIN; let SQLAlchemy emit it so a
        # transaction really covers everything in it (SQLAlchemy's documented recipe).
        event.listen(engine, "connect", _disable_pysqlite_autobegin)
        event.listen(engine, "begin", _begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _begin(connection: Any) -> None:
    # Writers that must not meet another writer half-way (imports) take the lock up front.
    immediate = connection.get_execution_options().get("begin_immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _disable_pysqlite_autobegin(dbapi_connection: Any, connection_record: Any) -> None:
    dbapi_connection.isolation_level = None


def backup_sqlite_file(path: Path, revision: str | None) -> Path:
    """Copy a SQLite database (consistently, WAL included) to a timestamped file beside it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{stamp}-{revision or 'unversioned'}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.backup-{stamp}-{n}{path.suffix}")
    source = sqlite3.connect(path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def open_database(url: str, *, upgrade: bool = True) -> Database:
    """Open the database at ``url``, creating it or upgrading it to the newest schema.

    Raises :class:`qa_desk.errors.DatabaseTooNew` when the database is newer than this QA Desk.
    """
    engine = make_engine(url)
    db = Database(url=url, engine=engine)
    if not upgrade:
        return db
    current = migrate.current_revision(engine)
    migrate.refuse_if_newer(current)
    if current != migrate.head_revision():
        parsed = make_url(url)
        path = Path(parsed.database) if parsed.database and parsed.database != ":memory:" else None
        if (
            parsed.get_backend_name() == "sqlite"
            and path is not None
            and path.exists()
            and migrate.has_tables(engine)
        ):
            engine.dispose()
            db.backup_path = backup_sqlite_file(path, current)
        migrate.upgrade(engine, "head")
    return db
