"""The conversation browser on 200,000 conversations, against bare ``sqlite3`` SELECTs.

The database is made by :func:`qa_desk.db.open_database` (same schema, indexes and full-text table
as the app's) and filled directly with ``sqlite3`` (the import benchmark measures importing): 200
agents in 12 teams, 2–5 messages per conversation in English with some Russian, Chinese and Arabic,
tags, CSAT on most, and reviews of about 5% of them (drafts, single and double reviews). No
``ANALYZE`` is run, as in a user's database. It is cached under :func:`benchmarks.datagen.cache_dir`.

Each figure is the browser's own path, through its table model and a table view painting it
(offscreen), the median of :data:`REPEATS` runs:

- ``first page``: from creating the model until the first rows are painted (the query and its
  count run in the worker; the window's event loop sleeps meanwhile, as it does in the app);
- ``fetchMore chunk``: one more chunk of 200 rows while scrolling, 2,000 rows deep, with the row
  data the view paints for it (the median of 30 chunks; the slowest is printed too);
- ``sort change``: sorting by agent, until the new first rows are painted;
- ``full-text search``: searching a common word, until the first matches are painted (every
  match is counted and kept in order, as the browser does for a search).

The baseline of each is a bare ``sqlite3`` ``SELECT ... ORDER BY ... LIMIT 200`` of the same page
with the columns the table shows, on an open connection: the least any browser must do. The
targets are absolute (first page under 0.5 s, a chunk under 50 ms, a sort under 0.5 s, a search
under 1 s); the ratio to the baseline is printed beside each.

Run it alone with ``python -m benchmarks.browser [--quick]``.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks import datagen
from benchmarks.common import Result

NAME = "browser"
GENERATOR_VERSION = 1
FULL = 200_000
QUICK = 20_000
FIRST_PAGE_LIMIT = 500.0  # milliseconds
CHUNK_LIMIT = 50.0
CHUNKS = 30
SORT_LIMIT = 500.0
SEARCH_LIMIT = 1000.0
SEARCH_WORD = "refund"
REPEATS = 5


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def generate(path: Path, count: int, seed: int = 7) -> Path:
    """A database of ``count`` conversations at ``path`` (the schema as the app makes it)."""
    from qa_desk.db import open_database
    from qa_desk.db.fulltext import FTS_FUNCTION, index_text

    open_database("sqlite:///" + str(path)).dispose()
    rng = random.Random(seed)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.create_function(FTS_FUNCTION, 1, index_text, deterministic=True)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("BEGIN")
    insert = connection.executemany
    insert("INSERT INTO teams (id, name) VALUES (?, ?)", enumerate(datagen.TEAMS, 1))
    agents = [
        (i, f"agent-{i}", f"{datagen.FIRST_NAMES[i % 32]} {rng.choice(datagen.LAST_NAMES)}", i % 12 + 1)
        for i in range(1, 201)
    ]  # fmt: skip
    insert("INSERT INTO agents (id, external_id, name, team_id) VALUES (?, ?, ?, ?)", agents)
    now = _stamp(datetime(2026, 1, 1))
    insert(
        "INSERT INTO users (id, name, role, created_at) VALUES (?, ?, 'reviewer', ?)",
        [(i, f"Reviewer {i}", now) for i in range(1, 11)],
    )
    connection.execute("INSERT INTO rubrics VALUES (1, 'bench', 'Bench', ?)", (now,))
    connection.execute(
        "INSERT INTO rubric_versions VALUES (1, 1, 1, '{}', '', 'x', ?, 'bench')", (now,)
    )
    words = {"en": datagen.EN_WORDS, "ru": datagen.RU_WORDS, "ar": datagen.AR_WORDS}
    start = datetime(2025, 1, 1)
    conversations, messages, tags, reviews = [], [], [], []
    for cid in range(1, count + 1):
        agent = rng.choice(agents)
        language = rng.choices(("en", "ru", "zh", "ar"), (85, 6, 5, 4))[0]
        length = rng.randint(2, 5)
        started = start + timedelta(seconds=rng.randrange(365 * 86400))
        conversations.append(
            (
                cid, "bench", f"T{cid:07d}", rng.choice(datagen.CHANNELS), _stamp(started),
                agent[0] if rng.random() > 0.01 else None, agent[3],
                rng.choice((None, 1, 2, 3, 4, 5, 5)), language, length, now,
            )
        )  # fmt: skip
        for position in range(length):
            if language == "zh":
                text = "".join(rng.choices(datagen.ZH_PHRASES, k=2))
            else:
                text = " ".join(rng.choices(words[language], k=rng.randint(6, 18)))
            messages.append((cid, position, ("customer", "agent")[position % 2], text))
        tags.extend((cid, tag) for tag in rng.sample(datagen.TAGS, k=rng.choice((0, 1, 1, 2))))
        roll = rng.random()
        if roll < 0.055:
            for n in range(2 if roll < 0.005 else 1):
                score = rng.choice((0.0, *range(40, 101, 5)))
                status = "draft" if roll > 0.05 else "submitted"
                submitted = (
                    _stamp(started + timedelta(days=2, hours=n)) if status != "draft" else None
                )
                reviews.append(
                    (
                        cid, rng.randint(1, 10), status, now, now, submitted, score,
                        score == 0, score >= 80,
                    )
                )  # fmt: skip
    insert(
        "INSERT INTO conversations (id, source, external_id, channel, started_at, agent_id, "
        "team_id, csat, language, fields, message_count, content_hash, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, 'x', ?)",
        conversations,
    )
    insert(
        "INSERT INTO messages (conversation_id, position, role, internal, text) "
        "VALUES (?, ?, ?, 0, ?)",
        messages,
    )
    insert("INSERT INTO conversation_tags (conversation_id, tag) VALUES (?, ?)", tags)
    insert(
        "INSERT INTO reviews (conversation_id, reviewer_id, rubric_version_id, status, "
        "started_at, updated_at, submitted_at, score, critical_fail, passed, is_calibration, "
        "origin, revision, is_current) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, 0, 'app', 1, 1)",
        reviews,
    )
    connection.execute(
        f"INSERT INTO message_fts(rowid, text) SELECT id, {FTS_FUNCTION}(text) FROM messages"
    )
    connection.execute("COMMIT")
    connection.close()
    return path


def database(count: int, folder: Path | None = None) -> Path:
    """The generated database of this size, made first when it is not cached."""
    from qa_desk.db import migrate

    folder = folder or datagen.cache_dir()
    name = f"browser-v{GENERATOR_VERSION}-{migrate.head_revision()}-{count}.sqlite3"
    path = folder / name
    if not path.exists():
        partial = folder / f"{name}.partial"
        for leftover in folder.glob(f"{name}.partial*"):
            leftover.unlink()
        generate(partial, count)
        partial.replace(path)
    return path


# --- the bare sqlite3 baselines --------------------------------------------------------------

ROW_SQL = (
    "SELECT c.id, c.source, c.external_id, c.subject, c.started_at, a.name, t.name, c.channel, "
    "c.csat, c.message_count FROM conversations c LEFT JOIN agents a ON a.id = c.agent_id "
    "LEFT JOIN teams t ON t.id = c.team_id "
)
NEWEST = "ORDER BY c.started_at DESC, c.id DESC LIMIT 200"


def _median_time(function: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def baselines(path: Path, depth: int, repeats: int) -> dict[str, float]:
    """The time of a bare ``SELECT ... LIMIT`` of each measured page, on an open connection."""
    from qa_desk.db.fulltext import fts5_query

    connection = sqlite3.connect(path)
    try:
        after = connection.execute(
            "SELECT started_at, id FROM conversations c "
            f"ORDER BY c.started_at DESC, c.id DESC LIMIT 1 OFFSET {depth - 1}"
        ).fetchone()
        pages = {
            "first": (ROW_SQL + NEWEST, ()),
            "chunk": (ROW_SQL + "WHERE (c.started_at, c.id) < (?, ?) " + NEWEST, after),
            "sort": (  # agents first, as the planner would not: the fastest bare way
                ROW_SQL.replace(
                    "conversations c LEFT JOIN agents a ON a.id = c.agent_id",
                    "agents a CROSS JOIN conversations c ON c.agent_id = a.id",
                )
                + "ORDER BY a.name, a.id, c.id LIMIT 200",
                (),
            ),
            "search": (
                ROW_SQL + "WHERE c.id IN (SELECT m.conversation_id FROM messages m WHERE m.id IN "
                "(SELECT rowid FROM message_fts WHERE message_fts MATCH ?)) " + NEWEST,
                (fts5_query(SEARCH_WORD),),
            ),
        }
        return {
            key: _median_time(lambda s=sql, p=params: connection.execute(s, p).fetchall(), repeats)
            for key, (sql, params) in pages.items()
        }
    finally:
        connection.close()


# --- the browser -----------------------------------------------------------------------------


def browser_times(path: Path, depth: int, repeats: int, chunks: int = CHUNKS) -> dict[str, Any]:
    """The browser's own times, through its table model and a table view painting it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication, QTableView

    from qa_desk.conversation_query import (
        PAGE_SIZE,
        ConversationFilter,
        ConversationQuery,
        SortColumn,
    )
    from qa_desk.db import open_database
    from ui.browser.conversation_table_model import ConversationTableModel

    _app = QApplication.instance() or QApplication([])
    db = open_database("sqlite:///" + str(path))
    view = QTableView()
    view.resize(1280, 800)
    view.show()

    def shown(model: ConversationTableModel, query: ConversationQuery) -> None:
        waiting = QEventLoop()  # sleeps until the worker is done, as the window's loop does
        model.sig_loaded.connect(waiting.quit)
        model.sig_failed.connect(waiting.quit)
        model.load(query)
        if model.loading:
            waiting.exec()
        model.sig_loaded.disconnect(waiting.quit)
        model.sig_failed.disconnect(waiting.quit)
        view.viewport().repaint()  # paints the visible rows (their data included)

    def first_page() -> ConversationTableModel:
        model = ConversationTableModel(db)
        view.setModel(model)
        shown(model, ConversationQuery())
        return model

    results: dict[str, Any] = {}
    try:
        models = []
        results["first"] = _median_time(lambda: models.append(first_page()), repeats)
        model = models[-1]
        results["rows"] = model.total
        while model.rowCount() < depth:
            model.fetchMore()
        chunk_times = []
        for _ in range(chunks):
            started = time.perf_counter()
            model.fetchMore()
            model.data(model.index(model.rowCount() - 1, 0))  # the new rows' data, as painted
            chunk_times.append(time.perf_counter() - started)
        results["chunk"], results["chunk_max"] = statistics.median(chunk_times), max(chunk_times)
        assert model.rowCount() == depth + chunks * PAGE_SIZE
        by_agent = ConversationQuery(sort=SortColumn.AGENT, descending=False)
        results["sort"] = _median_time(lambda: shown(model, by_agent), repeats)
        search = ConversationQuery(ConversationFilter(text=SEARCH_WORD))
        results["search"] = _median_time(lambda: shown(model, search), repeats)
        results["matches"] = model.total
    finally:
        view.close()
        db.dispose()
    return results


def measure(
    count: int, folder: Path | None = None, repeats: int = REPEATS
) -> tuple[list[Result], dict[str, Any]]:
    """Measure the browser on a database of ``count`` conversations against the baselines."""
    path = database(count, folder)
    depth = min(2_000, count // 4)
    base = baselines(path, depth, repeats)
    ours = browser_times(path, depth, repeats)
    size = f"{count:,} conversations"

    def result(key: str, name: str, limit: float, note: str) -> Result:
        figure, baseline = round(ours[key] * 1000, 2), round(base[key] * 1000, 3)
        return Result(name, figure, "ms", baseline, limit, on_ratio=False, note=note)

    results = [
        result("first", "browser first page", FIRST_PAGE_LIMIT,
               f"{size}; model made to rows painted, count included"),
        result("chunk", "browser fetchMore chunk", CHUNK_LIMIT,
               f"median of {CHUNKS} chunks of 200 rows after row {depth:,}, row data included; "
               f"slowest {ours['chunk_max'] * 1000:.1f} ms"),
        result("sort", "browser sort change", SORT_LIMIT, "to agent, ascending"),
        result("search", "browser full-text search", SEARCH_LIMIT,
               f"'{SEARCH_WORD}': {ours['matches']:,} conversations, every one counted"),
    ]  # fmt: skip
    return results, {"baseline": base, "browser": ours, "database": str(path)}


def run(quick: bool = False) -> list[Result]:
    results, _ = measure(QUICK if quick else FULL, repeats=3 if quick else REPEATS)
    return results


def main(argv: list[str]) -> None:
    results, details = measure(QUICK if "--quick" in argv else FULL)
    for result in results:
        print(result.line())
    print(json.dumps({k: v for k, v in details.items() if k != "database"}, default=float))


if __name__ == "__main__":
    main(sys.argv[1:])
