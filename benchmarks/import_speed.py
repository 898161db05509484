"""The import target: a large JSONL export imported, against a bare ``sqlite3`` ``executemany``.

Both sides run in a child process of their own on a new database made by
:func:`qa_desk.db.open_database` (same schema, same connection settings), so each one's time and peak
memory are its own:

- ``import``: :func:`qa_desk.ingest.import_file` on the file: reading, validating, fingerprinting,
  writing, and filling the full-text index. The time is that of the call; the peak memory is the child's
  peak resident set (the interpreter and imports included).
- ``baseline``: the same rows (conversations, messages, conversation tags; agents and teams too, no
  full-text index) prepared from the file beforehand, outside the clock, then written with
  ``executemany`` in the same number of batches, in one transaction. Only the ``executemany`` calls and
  the commit are timed: the fastest the rows can go in through Python's ``sqlite3``.

Each side runs :data:`REPEATS` times (a quick run: :data:`QUICK_REPEATS`), alternating, each time on
a new database, and the best time of each counts: other work on the machine only ever adds time,
so the best run is the one nearest to what each side really costs. The peak memory is the largest
of the import's runs.

Run one side alone with ``python -m benchmarks.import_speed import|baseline DB FILE``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from benchmarks import datagen
from benchmarks.common import Result, Stopwatch, peak_rss_mb, run_child

NAME = "import"
FULL = (100_000, 1_000_000)
QUICK = (5_000, 50_000)
REPEATS = 2
QUICK_REPEATS = 2
RATIO_LIMIT = 3.0
MEMORY_LIMIT_MB = 500.0
CHUNK = 1000  # conversations per executemany batch in the baseline

CONVERSATION_COLUMNS = (
    "id", "source", "external_id", "channel", "subject", "started_at", "ended_at", "agent_id",
    "team_id", "customer_external_id", "customer_name", "csat", "language", "fields",
    "message_count", "first_response_seconds", "content_hash", "imported_at",
)  # fmt: skip
MESSAGE_COLUMNS = (
    "conversation_id", "position", "external_id", "role", "internal", "author", "sent_at", "text",
)  # fmt: skip


def _url(path: Path) -> str:
    return "sqlite:///" + str(path)


def _stored_time(value: str | None) -> str | None:
    """A timestamp in the text form SQLAlchemy stores SQLite DATETIMEs in (UTC)."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value).astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


class _BaselineRows:
    """Turns conversation objects into the rows the import would store (done outside the clock)."""

    def __init__(self) -> None:
        self.teams: dict[str, int] = {}
        self.agents: dict[str, int] = {}
        self.new_teams: list[tuple[int, str]] = []
        self.new_agents: list[tuple[int, str, str, str, int]] = []
        self.next_conversation = 1
        self.now = _stored_time(datetime.now(UTC).isoformat())

    def chunk(self, lines: list[bytes]) -> tuple[list[tuple[Any, ...]], ...]:
        self.new_teams, self.new_agents = [], []
        conversations, messages, tags = [], [], []
        for line in lines:
            data = json.loads(line)
            cid = self.next_conversation
            self.next_conversation += 1
            team = data["team"]
            if team not in self.teams:
                self.teams[team] = len(self.teams) + 1
                self.new_teams.append((self.teams[team], team))
            agent = data["agent"]
            if agent["id"] not in self.agents:
                self.agents[agent["id"]] = len(self.agents) + 1
                self.new_agents.append(
                    (
                        self.agents[agent["id"]],
                        agent["id"],
                        agent["name"],
                        agent["email"],
                        self.teams[team],
                    )
                )
            items = data["messages"]
            times = [_stored_time(m["at"]) for m in items]
            customer = data["customer"]
            conversations.append(
                (
                    cid, "jsonl", data["id"], data["channel"], data.get("subject"),
                    _stored_time(data.get("started_at")) or min(times),
                    _stored_time(data.get("ended_at")) or max(times),
                    self.agents[agent["id"]], self.teams[team], customer["id"], customer["name"],
                    data.get("csat"), data["language"], json.dumps(data["fields"]), len(items),
                    30.0, hashlib.sha256(line).hexdigest(), self.now,
                )
            )  # fmt: skip
            for position, (m, at) in enumerate(zip(items, times, strict=True)):
                messages.append(
                    (
                        cid, position, m["id"], m["role"], m.get("internal", False),
                        m.get("author"), at, m["text"],
                    )
                )  # fmt: skip
            tags.extend((cid, tag) for tag in data["tags"])
        return conversations, messages, tags


def run_baseline(db_path: Path, jsonl: Path) -> dict[str, Any]:
    """Write the file's rows with bare ``executemany``; the time covers only the writing."""
    from qa_desk.db import open_database

    open_database(_url(db_path)).dispose()  # the schema, made as the app makes it
    connection = sqlite3.connect(db_path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):  # as the app's
        connection.execute(f"PRAGMA {pragma}")
    rows = _BaselineRows()
    watch = Stopwatch()
    counts = {"conversations": 0, "messages": 0, "tags": 0}
    insert_conversation = _insert_sql("conversations", CONVERSATION_COLUMNS)
    insert_message = _insert_sql("messages", MESSAGE_COLUMNS)
    insert_tag = _insert_sql("conversation_tags", ("conversation_id", "tag"))
    with watch:
        connection.execute("BEGIN IMMEDIATE")
    with open(jsonl, "rb") as lines:
        while chunk := list(islice(lines, CHUNK)):
            conversations, messages, tags = rows.chunk(chunk)
            with watch:
                connection.executemany("INSERT INTO teams (id, name) VALUES (?, ?)", rows.new_teams)
                connection.executemany(
                    "INSERT INTO agents (id, external_id, name, email, team_id) "
                    "VALUES (?, ?, ?, ?, ?)",
                    rows.new_agents,
                )
                connection.executemany(insert_conversation, conversations)
                connection.executemany(insert_message, messages)
                connection.executemany(insert_tag, tags)
            counts["conversations"] += len(conversations)
            counts["messages"] += len(messages)
            counts["tags"] += len(tags)
    with watch:
        connection.execute("COMMIT")
    connection.close()
    return {"seconds": watch.total, "peak_mb": peak_rss_mb(), **counts}


def run_import(db_path: Path, jsonl: Path) -> dict[str, Any]:
    """Import the file with QA Desk; the time covers the :func:`import_file` call."""
    from qa_desk.db import open_database
    from qa_desk.ingest import import_file

    db = open_database(_url(db_path))
    started = time.perf_counter()
    result = import_file(db, jsonl)
    seconds = time.perf_counter() - started
    db.dispose()
    counts = result.counts
    return {
        "seconds": seconds,
        "peak_mb": peak_rss_mb(),
        "conversations": counts.added,
        "messages": counts.messages,
    }


def stored_counts(db_path: Path) -> dict[str, int]:
    """How many conversations, messages, tags and indexed messages a database holds."""
    connection = sqlite3.connect(db_path)
    try:
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("conversations", "messages", "conversation_tags")
        }
        counts["indexed"] = connection.execute(
            "SELECT count(*) FROM message_fts_docsize"
        ).fetchone()[0]
        return counts
    finally:
        connection.close()


def measure(
    conversations: int,
    messages: int,
    folder: Path | None = None,
    repeats: int = REPEATS,
) -> tuple[list[Result], dict[str, Any]]:
    """Run both sides on the data set of this size (made in ``folder`` when given, else in the
    cache); the results and the details of the best runs."""
    jsonl = datagen.dataset(conversations, messages, folder=folder)
    ours: dict[str, Any] | None = None
    baseline: dict[str, Any] | None = None
    peak = 0.0
    with tempfile.TemporaryDirectory(prefix="qa-desk-bench-", dir=folder) as scratch:
        work = Path(scratch)
        for n in range(repeats):
            base_db, import_db = work / f"baseline-{n}.sqlite3", work / f"import-{n}.sqlite3"
            run = run_child(__name__, "baseline", str(base_db), str(jsonl))
            if baseline is None or run["seconds"] < baseline["seconds"]:
                baseline = run
            run = run_child(__name__, "import", str(import_db), str(jsonl))
            peak = max(peak, run["peak_mb"])
            if ours is None or run["seconds"] < ours["seconds"]:
                ours = run
            stored, expected = stored_counts(import_db), stored_counts(base_db)
            for path in work.iterdir():  # the next round starts on new files
                path.unlink()
            tables = ("conversations", "messages", "conversation_tags")
            if {t: stored[t] for t in tables} != {t: expected[t] for t in tables}:
                raise AssertionError(f"the import stored {stored}, the baseline {expected}")
            if stored["indexed"] != stored["messages"]:
                raise AssertionError(f"the import indexed {stored['indexed']} messages of {stored}")
    assert ours is not None and baseline is not None
    size = f"{conversations:,} conversations, {messages:,} messages"
    results = [
        Result(
            "import time",
            ours["seconds"],
            "s",
            baseline["seconds"],
            RATIO_LIMIT,
            on_ratio=True,
            note=f"{size}; {messages / ours['seconds']:,.0f} messages/s incl. full-text index; "
            f"best of {repeats}",
        ),
        Result(
            "import peak memory",
            peak,
            "MB",
            baseline["peak_mb"],
            MEMORY_LIMIT_MB,
            on_ratio=False,
            note="peak RSS of the import process; baseline: the executemany process",
        ),
    ]
    details = {"import": ours, "baseline": baseline, "stored": stored, "jsonl": str(jsonl)}
    return results, details


def run(quick: bool = False) -> list[Result]:
    conversations, messages = QUICK if quick else FULL
    results, _ = measure(conversations, messages, repeats=QUICK_REPEATS if quick else REPEATS)
    return results


def main(argv: list[str]) -> None:
    side, db_path, jsonl = argv
    outcome = (run_import if side == "import" else run_baseline)(Path(db_path), Path(jsonl))
    print(json.dumps(outcome))


if __name__ == "__main__":
    main(sys.argv[1:])
