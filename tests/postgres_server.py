"""A throw-away PostgreSQL server for the tests marked ``postgres`` (a pytest plugin).

``pg_server`` (session) starts a private cluster from the system's PostgreSQL binaries: ``initdb`` into a
temporary folder, a server listening only on a unix socket inside that folder, stopped and deleted when
the session ends. ``pg_db`` (per test) creates a fresh database on it, opens it with
:func:`qa_desk.db.open_database` (so it is migrated to the newest schema) and drops it afterwards.

- ``QA_DESK_TEST_PG_URL`` names an existing server to use instead (any database on it that the user may
  connect to; each test still gets its own database, created and dropped there).
- No PostgreSQL binaries: the tests are skipped, except when ``CI`` is set, where they fail: CI must
  run them.
- ``initdb`` refuses to run as root; as root the server commands run as the ``postgres`` system user.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from qa_desk.db import Database, open_database

URL_VARIABLE = "QA_DESK_TEST_PG_URL"
SERVER_USER = "postgres"  # the system user the server runs as when the tests run as root
SUPERUSER = "postgres"  # the database superuser of the throw-away cluster
START_TIMEOUT = 60  # seconds


@dataclass(frozen=True)
class PgServer:
    """A PostgreSQL server the tests may create databases on.

    Attributes:
        url: a URL to a database on the server that the test user may connect to, driver psycopg.
        data_dir: the cluster's data folder when the fixture started it, None for an existing server.
    """

    url: URL
    data_dir: Path | None = None

    def url_for(self, database: str) -> str:
        """The URL (as a string, password included) of ``database`` on this server."""
        return self.url.set(database=database).render_as_string(hide_password=False)


def _unavailable(reason: str) -> None:
    """Skip the PostgreSQL tests, or fail them on CI, where they must run."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the PostgreSQL tests, but {reason}", pytrace=False)
    pytest.skip(reason)


def find_binaries() -> Path | None:
    """The folder holding PostgreSQL's ``initdb`` and ``pg_ctl``: from PATH, else the newest
    ``/usr/lib/postgresql/*/bin`` (where Debian and Ubuntu put them, off PATH)."""
    on_path = shutil.which("initdb")
    if on_path:
        folder = Path(on_path).resolve().parent
        if (folder / "pg_ctl").exists() and (folder / "postgres").exists():
            return folder

    def version(folder: str) -> tuple[int, ...]:
        match = re.search(r"/postgresql/([\d.]+)/bin$", folder)
        return tuple(int(p) for p in match.group(1).split(".") if p) if match else (0,)

    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    for folder in candidates:
        path = Path(folder)
        if all((path / name).exists() for name in ("initdb", "pg_ctl", "postgres")):
            return path
    return None


def _psycopg_url(raw: str) -> URL:
    url = make_url(raw)
    if url.get_backend_name() != "postgresql":
        raise pytest.UsageError(f"{URL_VARIABLE} must be a PostgreSQL URL, not {url.drivername}")
    return url.set(drivername="postgresql+psycopg")


class _Cluster:
    """Running the server commands, as the ``postgres`` system user when we are root."""

    def __init__(self, binaries: Path, root: Path):
        self.binaries = binaries
        self.root = root
        self.data_dir = root / "data"
        self.socket_dir = root
        self.log_file = root / "server.log"
        self.port = 5432  # only a unix socket, in a folder of our own: no port can clash
        self.as_user: str | None = None
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam(SERVER_USER)
            except KeyError:
                _unavailable(
                    f"the tests run as root and there is no '{SERVER_USER}' system user to run "
                    "PostgreSQL as (initdb refuses to run as root)"
                )
            if shutil.which("runuser") is None:
                _unavailable("the tests run as root and there is no runuser to start PostgreSQL")
            self.as_user = SERVER_USER
            os.chown(root, account.pw_uid, account.pw_gid)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.binaries / args[0]), *args[1:]]
        if self.as_user is not None:
            command = ["runuser", "-u", self.as_user, "--", *command]
        result = subprocess.run(
            command,
            cwd=self.root,  # the server user may not be allowed into the tests' folder
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
            timeout=START_TIMEOUT + 30,
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n"
                f"{result.stderr}\n{self.server_log()}"
            )
        return result

    def server_log(self) -> str:
        try:
            return "server log:\n" + self.log_file.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def init(self) -> None:
        common = ["-D", str(self.data_dir), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8"]
        # A UTF-8 locale, as real servers have (full-text search lowercases by it); plain C where
        # the system has no C.UTF-8.
        result = self.run("initdb", *common, "--locale=C.UTF-8", "--no-sync", check=False)
        if result.returncode != 0:
            shutil.rmtree(self.data_dir, ignore_errors=True)
            self.run("initdb", *common, "--locale=C", "--no-sync")
        settings = {
            "listen_addresses": "''",
            "unix_socket_directories": f"'{self.socket_dir}'",
            "port": str(self.port),
            "max_connections": "50",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "timezone": "'Asia/Kolkata'",  # not UTC on purpose: stored times must not depend on it
        }
        with open(self.data_dir / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# qa-desk tests\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def start(self) -> None:
        self.run(
            "pg_ctl", "start", "-D", str(self.data_dir), "-l", str(self.log_file),
            "-w", "-t", str(START_TIMEOUT),
        )  # fmt: skip

    def stop(self) -> None:
        self.run("pg_ctl", "stop", "-D", str(self.data_dir), "-m", "fast", "-w", check=False)

    def url(self) -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=SUPERUSER,
            database="postgres",
            query={"host": str(self.socket_dir), "port": str(self.port)},
        )


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server for this test session (see the module's docstring)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install -e '.[postgres]')")
    existing = os.environ.get(URL_VARIABLE)
    if existing:
        yield PgServer(_psycopg_url(existing))
        return
    binaries = find_binaries()
    if binaries is None:
        _unavailable(
            "no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/*/bin; "
            f"install PostgreSQL or set {URL_VARIABLE}"
        )
    assert binaries is not None
    # A short path: a unix socket's path may not exceed about 100 bytes.
    root = Path(tempfile.mkdtemp(prefix="qa-desk-pg-", dir="/tmp"))
    started = False
    try:
        cluster = _Cluster(binaries, root)
        cluster.init()
        cluster.start()
        started = True
        yield PgServer(cluster.url(), cluster.data_dir)
    finally:
        if started:
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_db(pg_server: PgServer) -> Iterator[Database]:
    """A new database on the test server, opened (and so migrated) by QA Desk; dropped afterwards."""
    name = f"qa_desk_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(pg_server.url, isolation_level="AUTOCOMMIT")
    database: Database | None = None
    try:
        with admin.connect() as connection:
            connection.execute(
                text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
            )
        try:
            database = open_database(pg_server.url_for(name))
            yield database
        finally:
            if database is not None:
                database.dispose()
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
