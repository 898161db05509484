"""Filling SQLite's full-text index for the messages an import writes, beside the import."""

from __future__ import annotations

import json
import sqlite3
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from sqlalchemy import Connection

from qa_desk.db.fulltext import FTS_FUNCTION, changed_index_text


class FullTextFill:
    """Fills SQLite's full-text index (``message_fts``, external content) for new messages.

    The index must hold :func:`index_text` of each message. Most text is indexed as it is stored,
    so one ``INSERT ... SELECT`` adds it straight from ``messages``; text with CJK characters is
    spaced here first and handed over as one JSON parameter. Neither statement runs any Python,
    so they run in a background thread (SQLite releases the GIL) while the next batch is read.
    Where the connection may not be used from another thread (a ``:memory:`` database) they run
    at once. ``connection`` None (PostgreSQL, whose GIN index keeps itself): nothing to do.

    (Writing the messages themselves the same way, as one ``INSERT ... SELECT`` from a JSON
    array in the background, was measured too: it saved main-thread time on 10,000
    conversations but not on 100,000, and cost a fifth more CPU in all, so the rows still go
    in through ``executemany``.)
    """

    def __init__(self, connection: Connection | None):
        self.driver: Any = None
        self.pool: ThreadPoolExecutor | None = None
        self.pending: Future[None] | None = None
        self.automerge: Any = None
        self.cache_size: int | None = None
        if connection is None:
            return
        self.driver = connection.connection.driver_connection
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qa-desk-fulltext")
        try:
            self.pool.submit(self.driver.execute, "SELECT 1").result()
        except sqlite3.ProgrammingError:  # check_same_thread: this connection stays in its thread
            self.pool.shutdown()
            self.pool = None

    def _tune(self) -> None:
        """Settings that make a bulk import cheaper, taken at its first batch of at least
        :data:`BULK_MESSAGES` messages and put back by :meth:`done` and :meth:`close`.

        - A larger page cache: the default 2 MB cannot hold the pages of the indexes a large
          import writes to, so SQLite would read them back again and again.
        - No automatic merging of the index's segments while the import runs: FTS5 would merge
          the same terms over and over as segments pile up (about a third of the index's time).
          Its crisis merge still bounds the number of segments, and searches over an index
          filled this way are as fast (measured on a million messages); merging resumes with
          the next write once the setting is back.
        """
        execute = self.driver.execute
        self.cache_size = int(execute("PRAGMA cache_size").fetchone()[0])
        execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
        row = execute("SELECT v FROM message_fts_config WHERE k = 'automerge'").fetchone()
        self.automerge = DEFAULT_AUTOMERGE if row is None else row[0]
        execute(_SET_FTS_CONFIG, ("automerge", 0))

    def done(self) -> None:
        """The import went through: finish the index and merge automatically again (in the
        import's transaction: a failed import rolls the setting back with everything else)."""
        self.finish()
        if self.automerge is not None:
            self.driver.execute(_SET_FTS_CONFIG, ("automerge", self.automerge))
            self.automerge = None

    def prepare(self, messages: int) -> None:
        """Before a batch of ``messages`` is written: wait for the last batch's index, and tune
        the connection for a bulk import at its first large batch (see :meth:`_tune`)."""
        self.finish()
        if self.driver is not None and self.cache_size is None and messages >= BULK_MESSAGES:
            self._tune()

    def add(self, first: int, last: int, texts: list[str]) -> None:
        """Index messages ``first``..``last``, whose texts are ``texts`` in id order."""
        self.finish()
        if last - first + 1 != len(texts):  # not SQLite's usual ids: let the SQL function do it
            self.driver.execute(
                f"INSERT INTO message_fts(rowid, text) SELECT id, {FTS_FUNCTION}(text) "
                "FROM messages WHERE id >= ?",
                (first,),
            )
            return
        spaced = [
            (first + i, changed)
            for i, text in enumerate(texts)
            if not text.isascii() and (changed := changed_index_text(text)) is not None
        ]
        arguments = (json.dumps(spaced, ensure_ascii=False), first, last)
        if self.pool is None:
            self._run(arguments)
        else:
            self.pending = self.pool.submit(self._run, arguments)

    def _run(self, arguments: tuple[str, int, int]) -> None:
        spaced, first, last = arguments
        self.driver.execute(_INDEX_SPACED, (spaced,))
        self.driver.execute(_INDEX_AS_STORED, (first, last, spaced))

    def finish(self) -> None:
        """Wait for the index to be filled; raises what filling it raised."""
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        """Wait for any work still running (its outcome no longer matters) and stop the thread."""
        if self.pending is not None:
            wait([self.pending])
            self.pending = None
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
        if self.cache_size is not None:  # the connection goes back to the pool as it came
            self.driver.execute(f"PRAGMA cache_size = {self.cache_size}")
            self.cache_size = None


BULK_MESSAGES = 2000
"""Messages in one batch from which an import counts as a bulk import (see ``_tune``)."""
IMPORT_CACHE_KIB = 65536
"""SQLite's page cache on an importing connection, in KiB (SQLite's default is 2,000)."""
DEFAULT_AUTOMERGE = 4
"""FTS5's own default for its ``automerge`` setting."""
_SET_FTS_CONFIG = "INSERT INTO message_fts(message_fts, rank) VALUES (?, ?)"
_INDEX_SPACED = (
    "INSERT INTO message_fts(rowid, text) "
    "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)"
)
_INDEX_AS_STORED = (
    "INSERT INTO message_fts(rowid, text) SELECT id, text FROM messages WHERE id BETWEEN ? AND ? "
    "AND id NOT IN (SELECT json_extract(value, '$[0]') FROM json_each(?))"
)
