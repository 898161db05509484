"""Target: the review workspace opens a 300-message conversation in under 150 ms and saves a rating
in under 20 ms, each printed against a bare ``sqlite3`` baseline.

Everything runs in a child process of its own (a Qt application, offscreen) on a new database made by
:func:`qa_desk.db.open_database` and filled by the JSONL import with conversations of 300 messages
each (mixed lengths, some Arabic and Chinese, internal notes), and the shipped rubrics.

- ``open 300 messages``: :meth:`ui.review.workspace.ReviewWorkspace.open_conversation` until every
  message is laid out and the visible ones are painted (the conversation read, the review looked up,
  the context and the scoring panel filled). The median over several conversations, each opened for
  the first time. Baseline: the bare ``SELECT`` of the same messages' columns with ``sqlite3``.
- ``save a rating``: :meth:`ui.review.review_state.ReviewState.set_rating`, one rating in its own
  transaction through :func:`qa_desk.reviews.save_rating` (the draft loaded, the rating parsed and
  stored, the review rescored, the time spent added), the median of many. Baseline: a bare
  ``UPDATE ratings SET value = ? WHERE id = ?`` and its commit with ``sqlite3``. The note gives the
  median of a whole key press (the panel, the undo stack, the save and the repaint).

Run it alone with ``python -m benchmarks.review_workspace`` (``--quick`` for fewer repeats).
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import Result, run_child

NAME = "review workspace"
MESSAGES = 300
OPEN_LIMIT_MS = 150.0
SAVE_LIMIT_MS = 20.0
FULL = (10, 100)  # conversations opened, ratings saved
QUICK = (4, 30)
WORDS = (
    "parcel refund order delivery tracking number please thanks sorry help account address "
    "warehouse courier invoice payment card label return exchange today tomorrow week"
).split()
OTHER_SCRIPTS = ("مرحبا، أين طلبي؟ لقد انتظرت أسبوعين.", "您好，包裹明天到。请您耐心等待，谢谢！")


def _conversation(number: int) -> dict[str, Any]:
    start = datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(days=number)
    roles = ("customer", "agent", "customer", "agent", "bot", "system")
    messages = []
    for i in range(MESSAGES):
        length = 3 + (i * 37 + number * 11) % 140
        text = " ".join(WORDS[(i * 7 + k * 3 + number) % len(WORDS)] for k in range(length))
        if i % 25 == 7:
            text = OTHER_SCRIPTS[i % 2] + " " + text[:80]
        messages.append(
            {
                "id": f"m{i}",
                "role": roles[i % len(roles)],
                "author": None,
                "at": (start + timedelta(seconds=15 * i)).isoformat(),
                "text": text,
                "internal": i % 40 == 13,
            }
        )
    return {
        "id": f"B-{number}",
        "source": "bench",
        "channel": "chat",
        "subject": f"Benchmark conversation {number}",
        "agent": {"id": "ag-1", "name": "Dana Smith"},
        "team": "Tier 1",
        "csat": 4,
        "tags": ["delivery"],
        "language": "en",
        "messages": messages,
    }


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def measure_in_child(conversations: int, saves: int) -> dict[str, Any]:
    """Build the data, open the workspace and time both targets (runs in the child process)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from qa_desk.db import open_database
    from qa_desk.ingest import import_file
    from qa_desk.reviews import RatingInput
    from qa_desk.rubric_store import add_shipped_rubrics
    from qa_desk.users import sign_in
    from ui.context import AppContext
    from ui.review.workspace import ReviewWorkspace

    app = QApplication.instance() or QApplication([])
    QCoreApplication.setOrganizationName("QA Desk benchmark")
    QCoreApplication.setApplicationName("QA Desk benchmark")
    with tempfile.TemporaryDirectory(prefix="qa-desk-bench-") as scratch:
        folder = Path(scratch)
        path = folder / "review.sqlite3"
        db = open_database("sqlite:///" + str(path))
        jsonl = folder / "conversations.jsonl"
        with open(jsonl, "w", encoding="utf-8") as out:
            for number in range(conversations + 1):
                out.write(json.dumps(_conversation(number), ensure_ascii=False) + "\n")
        import_file(db, jsonl, "jsonl")
        with db.session() as session:
            add_shipped_rubrics(session)
            user = sign_in(session, "Benchmark Reviewer", None, "reviewer")
        context = AppContext(db, user)
        workspace = ReviewWorkspace(context)
        workspace.resize(1280, 800)
        workspace.show()
        workspace.activateWindow()
        QTest.qWaitForWindowActive(workspace)
        with db.reader() as session:
            from sqlalchemy import select

            from qa_desk.db.models import Conversation

            ids = list(session.scalars(select(Conversation.id).order_by(Conversation.id)))
        workspace.open_conversation(ids[0])  # warm-up: fonts, the scoring panel's widgets
        app.processEvents()

        opens, baseline_opens = [], []
        raw = sqlite3.connect(path)
        for conversation_id in ids[1:]:
            started = time.perf_counter()
            workspace.open_conversation(conversation_id)
            workspace.transcript.list_view.doItemsLayout()
            workspace.transcript.list_view.viewport().repaint()
            opens.append(time.perf_counter() - started)
            app.processEvents()
            started = time.perf_counter()
            rows = raw.execute(
                "SELECT position, role, internal, author, sent_at, text FROM messages "
                "WHERE conversation_id = ? ORDER BY position",
                (conversation_id,),
            ).fetchall()
            baseline_opens.append(time.perf_counter() - started)
            assert len(rows) == MESSAGES
        raw.close()

        state = workspace.state
        criteria = [c for c in state.rubric.criteria() if c.scale.kind == "points"]  # type: ignore[union-attr]
        state.set_rating(criteria[0].id, RatingInput(criteria[0].scale.values[0]))  # the draft
        save_times = []
        for n in range(saves):
            criterion = criteria[n % len(criteria)]
            values = criterion.scale.values
            started = time.perf_counter()
            state.set_rating(criterion.id, RatingInput(values[(n // len(criteria)) % len(values)]))
            save_times.append(time.perf_counter() - started)

        key_times = []
        panel = workspace.scoring_panel
        for n in range(min(saves, 30)):
            panel.set_current(criteria[n % len(criteria)].id)
            key = Qt.Key.Key_1 if n % 2 else Qt.Key.Key_2
            started = time.perf_counter()
            QTest.keyClick(QApplication.focusWidget(), key)
            key_times.append(time.perf_counter() - started)

        baseline_saves = []
        raw = sqlite3.connect(path, isolation_level=None)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=NORMAL")
        rating_id = raw.execute("SELECT id FROM ratings LIMIT 1").fetchone()[0]
        for n in range(saves):
            started = time.perf_counter()
            raw.execute("BEGIN")
            raw.execute("UPDATE ratings SET value = ? WHERE id = ?", (str(1 + n % 5), rating_id))
            raw.execute("COMMIT")
            baseline_saves.append(time.perf_counter() - started)
        raw.close()
        workspace.close()
        db.dispose()
    return {
        "open_ms": _median_ms(opens),
        "open_worst_ms": round(max(opens) * 1000, 2),
        "open_baseline_ms": _median_ms(baseline_opens),
        "save_ms": _median_ms(save_times),
        "save_baseline_ms": _median_ms(baseline_saves),
        "key_ms": _median_ms(key_times),
        "conversations": len(opens),
        "saves": len(save_times),
    }


def run(quick: bool = False) -> list[Result]:
    conversations, saves = QUICK if quick else FULL
    figures = run_child("benchmarks.review_workspace", "measure", str(conversations), str(saves))
    return [
        Result(
            "open 300 messages",
            figures["open_ms"],
            "ms",
            figures["open_baseline_ms"],
            OPEN_LIMIT_MS,
            on_ratio=False,
            note=(
                f"median of {figures['conversations']} conversations, worst "
                f"{figures['open_worst_ms']:g} ms; baseline: sqlite3 SELECT of the messages"
            ),
        ),
        Result(
            "save a rating",
            figures["save_ms"],
            "ms",
            figures["save_baseline_ms"],
            SAVE_LIMIT_MS,
            on_ratio=False,
            note=(
                f"median of {figures['saves']}; a whole key press {figures['key_ms']:g} ms; "
                "baseline: sqlite3 UPDATE + COMMIT"
            ),
        ),
    ]


def main(argv: list[str]) -> None:
    if argv[:1] == ["measure"]:
        print(json.dumps(measure_in_child(int(argv[1]), int(argv[2]))))
        return
    for result in run(quick="--quick" in argv):
        print(result.line())


if __name__ == "__main__":
    main(sys.argv[1:])
