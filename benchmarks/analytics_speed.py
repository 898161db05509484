"""The analytics target: every analytics table over 100,000 reviews of 10 ratings each in under 1 s.

The database is the stats benchmark's (:func:`benchmarks.stats_speed.database`: 200 agents in 12
teams, 30 reviewers, a year of reviews scored by QA Desk with the shipped ``support-core`` rubric,
3% that never count), copied and given what analytics read beyond it: a CSAT (1–5, following the
conversation's score with noise) on 40% of the conversations, and a comment and a root cause on
every tenth rating below the top of its scale. It is cached next to the stats database.

Each table is timed in a process of its own, on an open database, as the app's window calls it:
the best of :data:`REPEATS` runs after a first one (a quick run: one). Each is set against a bare
``sqlite3`` baseline: the one SQL statement a hand-written version would need at least for the
same figures, fetched into Python:

- ``quality table``: :func:`qa_desk.analytics.quality_table` for all eight groupings, the slowest
  reported (always the criteria, which read a million ratings); baseline: one ``GROUP BY`` of the
  ratings per rubric version and criterion.
- ``trend``: :func:`qa_desk.analytics.trend` by week, everyone; baseline: ``GROUP BY`` day.
- ``trend of an agent``: the busiest agent by month, with their team; baseline as for ``trend``.
- ``trends by agent``: :func:`qa_desk.analytics.trends_by` agents by month; baseline: ``GROUP BY``
  agent and month.
- ``agent profile``: :func:`qa_desk.analytics.agent_profile` of the busiest agent over the year;
  baseline: selecting that agent's reviews and ratings.
- ``criteria by agent``: :func:`qa_desk.analytics.criteria_by_agent` (the heat map); baseline:
  ``GROUP BY`` agent, rubric version and criterion over the ratings.
- ``reviewer stats``: :func:`qa_desk.analytics.reviewer_stats` by month; baseline: ``GROUP BY``
  reviewer of counts, scores and times.
- ``csat vs quality``: :func:`qa_desk.analytics.csat_vs_quality`; baseline: ``GROUP BY``
  conversation of the CSAT and the mean score.

Run one side alone with ``python -m benchmarks.analytics_speed inprocess|baseline DB REPEATS``.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import datagen, stats_speed
from benchmarks.common import Result, run_child

NAME = "analytics"
FULL = stats_speed.FULL
QUICK = stats_speed.QUICK
LIMIT = 1.0  # seconds
REPEATS = 3
QUICK_REPEATS = 1
GENERATOR_VERSION = 1

COUNTED = "r.is_current IS NOT 0 AND r.status = 'submitted' AND r.is_calibration = 0"
BUSIEST_AGENT = f"""
SELECT c.agent_id FROM reviews r JOIN conversations c ON c.id = r.conversation_id
WHERE {COUNTED} GROUP BY c.agent_id ORDER BY count(*) DESC, c.agent_id LIMIT 1
"""
BASELINES = {
    "quality table": f"""
        SELECT r.rubric_version_id, ra.criterion_id, count(ra.fraction), sum(ra.fraction),
               sum(ra.fraction * ra.fraction), sum(ra.fraction >= 0.5), sum(ra.fraction < 0.5)
        FROM ratings ra JOIN reviews r ON r.id = ra.review_id
        WHERE {COUNTED} AND ra.fraction IS NOT NULL GROUP BY 1, 2""",
    "trend": f"""
        SELECT date(r.submitted_at), count(r.score), sum(r.score), sum(r.score * r.score),
               sum(r.passed), sum(r.critical_fail)
        FROM reviews r WHERE {COUNTED} AND r.score IS NOT NULL GROUP BY 1""",
    "trend of an agent": f"""
        SELECT date(r.submitted_at), count(r.score), sum(r.score), sum(r.score * r.score),
               sum(r.passed), sum(r.critical_fail)
        FROM reviews r JOIN conversations c ON c.id = r.conversation_id
        WHERE {COUNTED} AND r.score IS NOT NULL AND c.agent_id = :agent GROUP BY 1""",
    "trends by agent": f"""
        SELECT c.agent_id, date(r.submitted_at, 'start of month'), count(r.score), sum(r.score),
               sum(r.score * r.score), sum(r.passed), sum(r.critical_fail)
        FROM reviews r JOIN conversations c ON c.id = r.conversation_id
        WHERE {COUNTED} AND r.score IS NOT NULL GROUP BY 1, 2""",
    "agent profile": f"""
        SELECT r.id, r.score, r.submitted_at, ra.criterion_id, ra.value, ra.fraction, ra.comment
        FROM reviews r JOIN conversations c ON c.id = r.conversation_id
        JOIN ratings ra ON ra.review_id = r.id
        WHERE {COUNTED} AND c.agent_id = :agent""",
    "criteria by agent": f"""
        SELECT c.agent_id, r.rubric_version_id, ra.criterion_id, count(ra.fraction),
               sum(ra.fraction), sum(ra.fraction * ra.fraction), sum(ra.fraction < 0.5)
        FROM ratings ra JOIN reviews r ON r.id = ra.review_id
        JOIN conversations c ON c.id = r.conversation_id
        WHERE {COUNTED} AND ra.fraction IS NOT NULL GROUP BY 1, 2, 3""",
    "reviewer stats": f"""
        SELECT r.reviewer_id, count(*), count(r.score), sum(r.score), sum(r.score * r.score),
               count(r.time_spent_seconds), sum(r.time_spent_seconds)
        FROM reviews r WHERE {COUNTED} GROUP BY 1""",
    "csat vs quality": f"""
        SELECT c.id, c.csat, count(r.score), avg(r.score)
        FROM reviews r JOIN conversations c ON c.id = r.conversation_id
        WHERE {COUNTED} AND r.score IS NOT NULL AND c.csat IS NOT NULL GROUP BY 1, 2""",
}
"""Bare ``sqlite3`` versions of what each table must at least read (``:agent`` the busiest)."""


def generate(path: Path, source: Path) -> Path:
    """A copy of the stats database ``source`` at ``path`` with CSAT, comments and root causes."""
    partial = path.with_suffix(".partial")
    shutil.copyfile(source, partial)
    connection = sqlite3.connect(partial, isolation_level=None)
    connection.execute("BEGIN")
    # a CSAT on 40% of the conversations: the score's fifth, moved up or down one now and then
    connection.execute(
        """UPDATE conversations SET csat = (
               SELECT max(1, min(5, 1 + CAST(r.score / 20.5 AS INTEGER)
                                 + (conversations.id * 7919 % 5 = 0) - (conversations.id % 7 = 0)))
               FROM reviews r WHERE r.conversation_id = conversations.id AND r.score IS NOT NULL)
           WHERE id % 5 < 2"""
    )
    connection.execute(
        """UPDATE ratings SET comment = 'Needs work here.', root_causes = '["knowledge gap"]'
           WHERE fraction < 1 AND id % 10 = 0"""
    )
    connection.execute("COMMIT")
    connection.close()
    partial.replace(path)
    return path


def database(reviews: int, folder: Path | None = None) -> Path:
    """The cached analytics database with this many reviews, generated first when missing."""
    folder = folder or datagen.cache_dir()
    path = folder / f"analytics-v{GENERATOR_VERSION}-{reviews}.sqlite3"
    if not path.exists():
        generate(path, stats_speed.database(reviews, folder))
    return path


def _best(function: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    function()  # the first call warms caches; the app's window makes many
    best, value = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        value = function()
        best = min(best, time.perf_counter() - started)
    return best, value


def run_inprocess(db_path: Path, repeats: int = REPEATS) -> dict[str, Any]:
    """Each table's best time, and what it counted (to check against the baselines)."""
    from qa_desk import analytics
    from qa_desk.db import open_database

    db = open_database("sqlite:///" + str(db_path))
    session = db.reader()
    agent = sqlite3.connect(db_path).execute(BUSIEST_AGENT).fetchone()[0]
    quality: dict[str, float] = {}
    for by in analytics.GROUPINGS:
        quality[by], _ = _best(lambda by=by: analytics.quality_table(session, by), repeats)
    slowest = max(quality, key=quality.__getitem__)
    tables: dict[str, Callable[[], Any]] = {
        "trend": lambda: analytics.trend(session, "week"),
        "trend of an agent": lambda: analytics.trend(session, "month", agent_id=agent),
        "trends by agent": lambda: analytics.trends_by(session, "agent", "month"),
        "agent profile": lambda: analytics.agent_profile(session, agent),
        "criteria by agent": lambda: analytics.criteria_by_agent(session),
        "reviewer stats": lambda: analytics.reviewer_stats(session),
        "csat vs quality": lambda: analytics.csat_vs_quality(session),
    }
    seconds = {"quality table": quality[slowest]}
    values = {}
    for name, function in tables.items():
        seconds[name], values[name] = _best(function, repeats)
    session.close()
    db.dispose()
    counts = {
        "reviews": values["trend"].reviews,
        "agent reviews": values["agent profile"].quality.reviews,
        "heat map cells": len(values["criteria by agent"].cells),
        "csat pairs": values["csat vs quality"].pairs,
    }
    return {"seconds": seconds, "quality": quality, "slowest": slowest, "counts": counts}


def run_baseline(db_path: Path, repeats: int = REPEATS) -> dict[str, Any]:
    """Each baseline statement's best time through ``sqlite3``."""
    connection = sqlite3.connect(db_path)
    agent = connection.execute(BUSIEST_AGENT).fetchone()[0]
    seconds: dict[str, float] = {}
    rows: dict[str, list[Any]] = {}
    for name, sql in BASELINES.items():
        seconds[name], rows[name] = _best(
            lambda sql=sql: connection.execute(sql, {"agent": agent}).fetchall(), repeats
        )
    connection.close()
    counts = {
        "reviews": sum(r[1] for r in rows["trend"]),
        "agent reviews": sum(r[1] for r in rows["trend of an agent"]),
        "heat map cells": len(rows["criteria by agent"]),
        "csat pairs": len(rows["csat vs quality"]),
    }
    return {"seconds": seconds, "counts": counts}


def measure(
    reviews: int, folder: Path | None = None, repeats: int = REPEATS
) -> tuple[list[Result], dict[str, Any]]:
    """Every table's figure against its baseline on the database of this size."""
    db_path = database(reviews, folder)
    ours = run_child(__name__, "inprocess", str(db_path), str(repeats))
    bare = run_child(__name__, "baseline", str(db_path), str(repeats))
    if ours["counts"] != bare["counts"]:
        raise AssertionError(f"the tables counted {ours['counts']}, the baselines {bare['counts']}")
    size = f"{ours['counts']['reviews']:,} reviews x {stats_speed.RATINGS} ratings"
    notes = {
        "quality table": f"{size}; slowest of the 8 groupings: {ours['slowest']} ("
        + ", ".join(f"{by} {s:.2f}" for by, s in ours["quality"].items())
        + ")",
        "trend": "everyone by week",
        "trend of an agent": f"by month with the team; {ours['counts']['agent reviews']} reviews",
        "trends by agent": "200 agents by month, with their teams",
        "agent profile": f"busiest agent, whole year, {ours['counts']['agent reviews']} reviews",
        "criteria by agent": f"{ours['counts']['heat map cells']:,} cells, whole year",
        "reviewer stats": "30 reviewers, severity by month",
        "csat vs quality": f"{ours['counts']['csat pairs']:,} conversations with CSAT",
    }
    results = [
        Result(
            name,
            ours["seconds"][name],
            "s",
            bare["seconds"][name],
            LIMIT,
            on_ratio=False,
            note=f"{notes[name]}; best of {repeats}",
        )
        for name in BASELINES
    ]
    return results, {"inprocess": ours, "baseline": bare}


def run(quick: bool = False) -> list[Result]:
    results, _ = measure(QUICK if quick else FULL, repeats=QUICK_REPEATS if quick else REPEATS)
    return results


def main(argv: list[str]) -> None:
    side, db_path, repeats = argv
    outcome = (run_inprocess if side == "inprocess" else run_baseline)(Path(db_path), int(repeats))
    print(json.dumps(outcome))


if __name__ == "__main__":
    main(sys.argv[1:])
