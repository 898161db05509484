"""Drawing a sample of 100,000 conversations down to 5 per agent, against a bare ``sqlite3`` read.

The database is the conversation browser's (:func:`benchmarks.browser.database`: 200 agents in 12
teams, CSAT on most conversations, about 5% already reviewed, no ``ANALYZE``), at 100,000
conversations. Each figure is the best of :data:`REPEATS` runs of
:func:`qa_desk.sampling.plan_sample` on an open session, what the Sampling page's preview and
``qa-desk sample`` run: reading the candidates (period, exclusions of reviewed and assigned
conversations), the keyed-hash draw and the assignment to the 10 reviewers.

- ``sampling 5 per agent``: plain random, 5 per agent;
- ``sampling with focus``: 5 per agent in strata by channel, aimed at low CSAT and outliers
  (robust z-scores per channel) with a 30% random share.

The baseline is a bare ``sqlite3`` ``SELECT`` of the same candidate rows (the same columns and
exclusions) on an open connection: the least any sampler must read. The target is absolute:
under 2 s; the ratio to the baseline is printed beside it.

Run it alone with ``python -m benchmarks.sampling_speed [--quick]``.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from benchmarks import browser
from benchmarks.common import Result
from benchmarks.stats_speed import _best  # the best of a few runs, as stats measures

NAME = "sampling"
FULL = 100_000
QUICK = 10_000
LIMIT = 2.0  # seconds
REPEATS = 3

BASELINE_SQL = (
    "SELECT id, source, external_id, agent_id, team_id, channel, language, csat, message_count "
    "FROM conversations WHERE id NOT IN (SELECT conversation_id FROM reviews) "
    "AND id NOT IN (SELECT conversation_id FROM assignments WHERE status = 'open') ORDER BY id"
)


def baseline(path: Path, repeats: int) -> tuple[float, int]:
    connection = sqlite3.connect(path)
    try:
        seconds, rows = _best(lambda: connection.execute(BASELINE_SQL).fetchall(), repeats)
        return seconds, len(rows)
    finally:
        connection.close()


def sampling_times(path: Path, repeats: int) -> dict[str, Any]:
    from qa_desk.db import open_database
    from qa_desk.sampling import plan_sample
    from qa_desk.sampling_assign import resolve_reviewers
    from qa_desk.sampling_rule import Focus, SampleRule

    db = open_database("sqlite:///" + str(path))
    results: dict[str, Any] = {}
    try:
        with db.reader() as session:
            reviewers = resolve_reviewers(session, [f"Reviewer {i}" for i in range(1, 11)])
            plain = SampleRule(size_kind="per_agent", size=5, seed=2026)
            focused = SampleRule(
                size_kind="per_agent", size=5, seed=2026, strata="channel",
                focus=Focus(("low_csat", "outliers"), 30),
            )  # fmt: skip
            for key, rule in (("plain", plain), ("focus", focused)):
                seconds, plan = _best(lambda r=rule: plan_sample(session, r, reviewers), repeats)
                results[key] = seconds
                results[f"{key}_candidates"] = plan.candidates
                results[f"{key}_picked"] = plan.picked
                results[f"{key}_reviewer_spread"] = [r.assigned for r in plan.per_reviewer]
    finally:
        db.dispose()
    return results


def measure(
    count: int, folder: Path | None = None, repeats: int = REPEATS
) -> tuple[list[Result], dict[str, Any]]:
    path = browser.database(count, folder)
    base, rows = baseline(path, repeats)
    ours = sampling_times(path, repeats)
    size = f"{count:,} conversations, {rows:,} candidates"
    results = [
        Result("sampling 5 per agent", round(ours["plain"], 3), "s", round(base, 3), LIMIT,
               on_ratio=False, note=f"{size}; {ours['plain_picked']:,} drawn and assigned"),
        Result("sampling with focus", round(ours["focus"], 3), "s", round(base, 3), LIMIT,
               on_ratio=False, note="strata by channel, low CSAT and outliers, 30% random"),
    ]  # fmt: skip
    return results, {"baseline": base, "baseline_rows": rows, "sampling": ours}


def run(quick: bool = False) -> list[Result]:
    results, _ = measure(QUICK if quick else FULL)
    return results


def main(argv: list[str]) -> None:
    results, details = measure(QUICK if "--quick" in argv else FULL)
    for result in results:
        print(result.line())
    print(json.dumps(details, default=float))


if __name__ == "__main__":
    main(sys.argv[1:])
