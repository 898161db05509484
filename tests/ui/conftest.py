"""Fixtures the window tests share: an application context with a signed-in reviewer, and a way
to import conversations into the test database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from qa_desk.db import Database
from qa_desk.db.models import Conversation
from qa_desk.ingest import import_file
from qa_desk.users import sign_in
from tests.helpers import write_jsonl
from ui.context import AppContext


@pytest.fixture
def context(qtbot, db: Database) -> Iterator[AppContext]:
    """The window's shared context on the test database, with reviewer Rita Reviewer signed in."""
    with db.session() as session:
        user = sign_in(session, "Rita Reviewer", "rita@example.org", "reviewer")
    yield AppContext(db, user)


@pytest.fixture
def import_conversations(
    db: Database, data_dir: Path
) -> Callable[[list[dict[str, Any]]], dict[str, int]]:
    """Import native JSONL conversations (see ``tests.helpers.conversation``); returns the row id
    of each by its external id."""
    count = 0

    def run(conversations: list[dict[str, Any]]) -> dict[str, int]:
        nonlocal count
        count += 1
        import_file(db, write_jsonl(data_dir / f"import-{count}.jsonl", conversations), "jsonl")
        wanted = [c["id"] for c in conversations]
        with db.reader() as session:
            rows = session.execute(
                select(Conversation.external_id, Conversation.id).where(
                    Conversation.external_id.in_(wanted)
                )
            )
            return dict(rows.all())

    return run
