"""The automatic checks target: every check on 100,000 conversations, results stored, in under 60 s.

The database is the import benchmark's data set (``datagen``: 100,000 conversations, 1,000,000
messages, mostly English with Russian, Chinese and Arabic) imported once with
:func:`qa_desk.ingest.import_file` and kept in the cache (``autoqa-<n>.sqlite3``).

- ``autoqa``: :func:`qa_desk.autoqa.run_checks` on every conversation, in a process of its own:
  reading the conversations and messages, running the nine checks, deleting the old results and
  writing 9 rows per conversation, in one transaction.
- ``baseline``: reading the same message columns with bare ``sqlite3``, in the same order, into
  Python tuples: the least any implementation must do to look at every message once.
- **target**: under 60 s (the ratio shows what the checks and the writing add to the reading).

Run one side alone with ``python -m benchmarks.autoqa_speed autoqa|baseline DB``.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import datagen
from benchmarks.common import Result, run_child

NAME = "autoqa"
FULL = (100_000, 1_000_000)
QUICK = (5_000, 50_000)
LIMIT_S = 60.0
BASELINE_SQL = (
    "SELECT conversation_id, id, position, role, internal, sent_at, text FROM messages "
    "ORDER BY conversation_id, position"
)


def database(conversations: int, messages: int, folder: Path | None = None) -> Path:
    """The imported data set of this size, made (and cached) when missing."""
    folder = folder or datagen.cache_dir()
    path = folder / f"autoqa-{conversations}-{messages}.sqlite3"
    if not path.exists():
        from qa_desk.db import open_database
        from qa_desk.ingest import import_file

        source = datagen.dataset(conversations, messages, folder=folder)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        db = open_database("sqlite:///" + str(partial))
        import_file(db, source, "jsonl")
        db.dispose()
        shutil.move(partial, path)
    return path


def run_autoqa(db_path: Path) -> dict[str, Any]:
    from qa_desk.autoqa import all_conversations, run_checks
    from qa_desk.db import open_database

    db = open_database("sqlite:///" + str(db_path))
    with db.reader() as session:
        ids = all_conversations(session)
    started = time.perf_counter()
    run = run_checks(db, ids)
    seconds = time.perf_counter() - started
    with db.reader() as session:
        from sqlalchemy import func, select

        from qa_desk.db.models import AutoQAResult, Message

        rows = session.scalar(select(func.count()).select_from(AutoQAResult))
        messages = session.scalar(select(func.count()).select_from(Message))
    db.dispose()
    failed = {check: counts.get("fail", 0) for check, counts in run.outcomes.items()}
    return {
        "seconds": seconds,
        "conversations": run.conversations,
        "messages": messages,
        "rows": rows,
        "failed": failed,
    }


def run_baseline(db_path: Path) -> dict[str, Any]:
    connection = sqlite3.connect(db_path)
    started = time.perf_counter()
    messages = 0
    conversations: set[int] = set()
    for row in connection.execute(BASELINE_SQL):
        messages += 1
        conversations.add(row[0])
    seconds = time.perf_counter() - started
    connection.close()
    return {"seconds": seconds, "conversations": len(conversations), "messages": messages}


def measure(
    conversations: int, messages: int, folder: Path | None = None
) -> tuple[list[Result], dict[str, Any]]:
    db_path = database(conversations, messages, folder)
    baseline = run_child(__name__, "baseline", str(db_path))
    ours = run_child(__name__, "autoqa", str(db_path))
    if (ours["conversations"], ours["messages"]) != (
        baseline["conversations"],
        baseline["messages"],
    ):
        raise AssertionError(f"the checks read {ours}, the baseline {baseline}")
    note = (
        f"{ours['conversations']:,} conversations, {ours['messages']:,} messages, "
        f"{ours['rows']:,} results stored; baseline: the messages read with sqlite3"
    )
    result = Result(
        "autoqa checks", ours["seconds"], "s", baseline["seconds"], LIMIT_S, False, note
    )
    return [result], {"autoqa": ours, "baseline": baseline}


def run(quick: bool = False) -> list[Result]:
    size = QUICK if quick else FULL
    results, _ = measure(*size)
    return results


def main(argv: list[str]) -> None:
    side, db_path = argv
    outcome = (run_autoqa if side == "autoqa" else run_baseline)(Path(db_path))
    print(json.dumps(outcome))


if __name__ == "__main__":
    main(sys.argv[1:])
