"""The stats target: ``qa-desk stats --by agent`` over 100,000 reviews of 10 ratings each.

The database is made by :func:`qa_desk.db.open_database` (the app's schema), the shipped
``support-core`` rubric is added as the app adds it, and the rest is written directly with
``sqlite3`` (the import benchmark measures importing): 200 agents in 12 teams, 30 reviewers, one
conversation per review, reviews scored with QA Desk's own scoring from 10 ratings each, spread over
a year, plus 3% that never count (drafts, calibration reviews, superseded revisions). It is cached
under :func:`benchmarks.datagen.cache_dir` like the import data set.

Two figures, each the best of :data:`REPEATS` runs (a quick run: one), each against a bare
``sqlite3`` baseline:

- ``stats in process``: :func:`qa_desk.analytics.quality_table` ``(session, "agent")`` on an open
  database, what the app's window calls; baseline: one ``GROUP BY`` over the same tables (count,
  sum, sum of squares, passes and critical fails per agent id), the least any implementation must
  read.
- ``stats command``: ``python -m qa_desk --db FILE stats --by agent`` in a new process, what a user
  runs, interpreter start, imports and opening the database included; baseline: a new process
  running that ``GROUP BY``.

The target for both: under 2 seconds.

Run one side alone with ``python -m benchmarks.stats_speed inprocess|baseline DB REPEATS``.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks import datagen
from benchmarks.common import Result, run_child

NAME = "stats"
FULL = 100_000
QUICK = 10_000
LIMIT = 2.0  # seconds
RATINGS = 10
REPEATS = 3
QUICK_REPEATS = 1
GENERATOR_VERSION = 1

BASELINE_SQL = """
SELECT a.name, count(*), sum(r.score), sum(r.score * r.score), sum(r.passed), sum(r.critical_fail)
FROM reviews r
JOIN conversations c ON c.id = r.conversation_id
LEFT JOIN agents a ON a.id = c.agent_id
WHERE r.is_current IS NOT 0 AND r.status = 'submitted' AND r.is_calibration = 0
  AND r.score IS NOT NULL
GROUP BY c.agent_id
"""
"""The least a database must do for the figures: one pass over the reviews, grouped by agent id
(``is_current IS NOT 0`` keeps SQLite from the slower index walk, as QA Desk does)."""

BASELINE_SCRIPT = (
    "import sqlite3, sys\n"
    "connection = sqlite3.connect(sys.argv[1])\n"
    "rows = connection.execute(sys.argv[2]).fetchall()\n"
    "print(len(rows))\n"
)


def _stamp(moment: datetime) -> str:
    """A time as SQLAlchemy stores a DATETIME in SQLite."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _ratings(rng: random.Random, criteria: list[Any], skill: float) -> dict[str, str]:
    """Ratings of 10 of the rubric's criteria: the ones that may be N/A are rated only sometimes."""
    optional = [c for c in criteria if c.allow_na]
    skipped = {c.id for c in rng.sample(optional, len(criteria) - RATINGS)}
    ratings = {}
    for criterion in criteria:
        if criterion.id in skipped:
            continue
        if criterion.allow_na and rng.random() < 0.1:
            ratings[criterion.id] = "NA"
            continue
        values = criterion.scale.values
        good = min(len(values) - 1, max(0, round(rng.gauss(skill, 0.25) * (len(values) - 1))))
        ratings[criterion.id] = values[good]
    return ratings


def generate(path: Path, reviews: int, seed: int = 11) -> Path:
    """A database at ``path`` with ``reviews`` counted reviews (and 3% more that do not count)."""
    from qa_desk.db import open_database
    from qa_desk.paths import rubrics_dir
    from qa_desk.rubric_store import add_rubric_file, definition_of, get_version

    partial = path.with_suffix(".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    db = open_database("sqlite:///" + str(partial))
    with db.session() as session:
        add_rubric_file(session, rubrics_dir() / "support-core.yaml", "benchmark")
        version = get_version(session, "support-core")
        version_id, rubric = version.id, definition_of(version)
    db.dispose()
    criteria = list(rubric.criteria())
    rng = random.Random(seed)
    connection = sqlite3.connect(partial, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("BEGIN")
    insert = connection.executemany
    insert("INSERT INTO teams (id, name) VALUES (?, ?)", enumerate(datagen.TEAMS, 1))
    agents = [
        (i, f"agent-{i:04d}", f"{datagen.FIRST_NAMES[i % 32]} {rng.choice(datagen.LAST_NAMES)} {i}",
         i % len(datagen.TEAMS) + 1, rng.uniform(0.55, 0.95))
        for i in range(1, 201)
    ]  # fmt: skip
    insert(
        "INSERT INTO agents (id, external_id, name, team_id) VALUES (?, ?, ?, ?)",
        [a[:4] for a in agents],
    )
    created = _stamp(datetime(2025, 1, 1))
    insert(
        "INSERT INTO users (id, name, role, created_at) VALUES (?, ?, 'reviewer', ?)",
        [(i, f"Reviewer {i}", created) for i in range(1, 31)],
    )
    start = datetime(2025, 1, 1)
    extra = reviews * 3 // 100
    conversations, review_rows, rating_rows = [], [], []
    for n in range(1, reviews + extra + 1):
        agent = rng.choice(agents)
        started = start + timedelta(seconds=rng.randrange(365 * 86400))
        conversations.append(
            (n, "bench", f"T{n:07d}", rng.choice(datagen.CHANNELS), _stamp(started),
             _stamp(started + timedelta(minutes=20)), agent[0], agent[3], created)
        )  # fmt: skip
        ratings = _ratings(rng, criteria, agent[4])
        outcome = rubric.score(ratings)
        submitted = started + timedelta(days=rng.randint(1, 5), seconds=rng.randrange(86400))
        kind = "counted" if n <= reviews else rng.choice(("draft", "calibration", "superseded"))
        review_rows.append(
            (n, n, rng.randint(1, 30), version_id,
             "draft" if kind == "draft" else "submitted", _stamp(started), _stamp(submitted),
             None if kind == "draft" else _stamp(submitted), rng.uniform(120, 900),
             outcome.score, outcome.critical_fail, outcome.passed, kind == "calibration",
             kind != "superseded")
        )  # fmt: skip
        for criterion_id, value in ratings.items():
            rating_rows.append((n, criterion_id, value, outcome.fractions.get(criterion_id)))
    insert(
        "INSERT INTO conversations (id, source, external_id, channel, started_at, ended_at, "
        "agent_id, team_id, fields, message_count, content_hash, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}', 0, 'x', ?)",
        conversations,
    )
    insert(
        "INSERT INTO reviews (id, conversation_id, reviewer_id, rubric_version_id, status, "
        "started_at, updated_at, submitted_at, time_spent_seconds, score, critical_fail, passed, "
        "is_calibration, origin, revision, is_current) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'app', 1, ?)",
        review_rows,
    )
    insert(
        "INSERT INTO ratings (review_id, criterion_id, value, fraction, root_causes) "
        "VALUES (?, ?, ?, ?, '[]')",
        rating_rows,
    )
    connection.execute("COMMIT")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    for leftover in (Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    partial.replace(path)
    return path


def database(reviews: int, folder: Path | None = None) -> Path:
    """The path of the cached database with this many reviews, generated first when missing."""
    folder = folder or datagen.cache_dir()
    path = folder / f"reviews-v{GENERATOR_VERSION}-{reviews}.sqlite3"
    if not path.exists():
        generate(path, reviews)
    return path


def _best(function: Any, repeats: int) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        value = function()
        best = min(best, time.perf_counter() - started)
    return best, value


def run_inprocess(db_path: Path, repeats: int = REPEATS) -> dict[str, Any]:
    """:func:`quality_table` by agent on an open database; the best of ``repeats`` runs after a
    first one (whose time is given too)."""
    from qa_desk.analytics import quality_table
    from qa_desk.db import open_database

    db = open_database("sqlite:///" + str(db_path))

    def once() -> list[Any]:
        with db.reader() as session:
            return quality_table(session, "agent")

    first, _ = _best(once, 1)
    seconds, rows = _best(once, repeats)
    db.dispose()
    return {
        "seconds": seconds,
        "first_seconds": first,
        "groups": len(rows),
        "reviews": sum(r.reviews for r in rows),
    }


def run_baseline(db_path: Path, repeats: int = REPEATS) -> dict[str, Any]:
    """The ``GROUP BY`` through ``sqlite3``; the best of ``repeats`` runs after a first one."""

    def once() -> list[Any]:
        connection = sqlite3.connect(db_path)
        try:
            return connection.execute(BASELINE_SQL).fetchall()
        finally:
            connection.close()

    _best(once, 1)
    seconds, rows = _best(once, repeats)
    return {"seconds": seconds, "groups": len(rows), "reviews": sum(r[1] for r in rows)}


def _process_seconds(command: list[str], repeats: int) -> float:
    """The best wall time of running ``command`` ``repeats`` times (it must succeed)."""

    def once() -> None:
        subprocess.run(command, check=True, capture_output=True)

    return _best(once, repeats)[0]


def measure(
    reviews: int, folder: Path | None = None, repeats: int = REPEATS
) -> tuple[list[Result], dict[str, Any]]:
    """Both figures on the database of this size (made in ``folder`` when given, else in the
    cache), each the best of ``repeats`` runs; the results and the details of the run."""
    db_path = database(reviews, folder)
    ours = run_child(__name__, "inprocess", str(db_path), str(repeats))
    baseline = run_child(__name__, "baseline", str(db_path), str(repeats))
    if (ours["groups"], ours["reviews"]) != (baseline["groups"], baseline["reviews"]):
        raise AssertionError(f"quality_table counted {ours}, the GROUP BY {baseline}")
    command = _process_seconds(
        [sys.executable, "-m", "qa_desk", "--db", str(db_path), "stats", "--by", "agent"], repeats
    )
    bare = _process_seconds(
        [sys.executable, "-c", BASELINE_SCRIPT, str(db_path), BASELINE_SQL], repeats
    )
    size = f"{ours['reviews']:,} reviews x {RATINGS} ratings, {ours['groups']} agents"
    results = [
        Result(
            "stats in process",
            ours["seconds"],
            "s",
            baseline["seconds"],
            LIMIT,
            on_ratio=False,
            note=f"{size}; quality_table(session, 'agent'), best of {repeats}; "
            f"first call {ours['first_seconds']:.2f} s",
        ),
        Result(
            "stats command",
            command,
            "s",
            bare,
            LIMIT,
            on_ratio=False,
            note=f"qa-desk stats --by agent in a new process, best of {repeats}; "
            "baseline: a new python running the GROUP BY",
        ),
    ]
    details = {"inprocess": ours, "baseline": baseline, "command": command, "bare": bare}
    return results, details


def run(quick: bool = False) -> list[Result]:
    results, _ = measure(QUICK if quick else FULL, repeats=QUICK_REPEATS if quick else REPEATS)
    return results


def main(argv: list[str]) -> None:
    side, db_path, repeats = argv
    outcome = (run_inprocess if side == "inprocess" else run_baseline)(Path(db_path), int(repeats))
    print(json.dumps(outcome))


if __name__ == "__main__":
    main(sys.argv[1:])
