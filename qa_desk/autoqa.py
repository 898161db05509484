"""Automatic checks (AutoQA) run on every imported conversation: which conversations to check,
running the checks on them and storing the results, and reading the results back.

The checks themselves are in :mod:`qa_desk.autoqa_checks` (their ids and descriptions in
:mod:`qa_desk.autoqa_catalog`), the phrase lists in :mod:`qa_desk.autoqa_phrases`, the channel
targets in :mod:`qa_desk.autoqa_sla`. Results are :class:`~qa_desk.db.models.AutoQAResult` rows,
one per conversation and check; running the checks again replaces a conversation's rows. A run is
one transaction: a cancel or an error leaves the earlier results as they were.

The checks are deterministic (the same conversation always gives the same outcomes, evidence,
values and details) and offline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from qa_desk.autoqa_catalog import AUTOQA_CHECKS
from qa_desk.autoqa_checks import CheckResult, ConversationInput, check_conversation
from qa_desk.autoqa_sla import SLASettings, load_sla
from qa_desk.autoqa_store import chunks, read_conversations, replace_results
from qa_desk.db.engine import Database
from qa_desk.db.models import AutoQAResult, Conversation, utcnow
from qa_desk.progress import CancelCheck, Progress, check_cancel, never_cancelled, no_progress

ENGINE_VERSION = 2
"""The version of the checks and phrase lists; bump it when they change what they find, so
:func:`pending_conversations` offers every conversation checked by an older version again."""

PROGRESS_LABEL = "Running automatic checks"


@dataclass
class AutoQARun:
    """What a run of the checks did: how many conversations it checked, and per check how many
    passed, failed or were not applicable (``outcomes[check][outcome]``)."""

    conversations: int = 0
    outcomes: dict[str, Counter[str]] = field(
        default_factory=lambda: {check: Counter() for check in AUTOQA_CHECKS}
    )


def pending_conversations(session: Session) -> list[int]:
    """Conversations never checked, changed by an import since they were checked, or checked by
    an older version of the checks; in id order."""
    checked = (
        select(
            AutoQAResult.conversation_id,
            func.min(AutoQAResult.checked_at).label("checked_at"),
            func.min(AutoQAResult.engine_version).label("version"),
            func.count().label("checks"),
        )
        .group_by(AutoQAResult.conversation_id)
        .subquery()
    )
    query = (
        select(Conversation.id)
        .outerjoin(checked, checked.c.conversation_id == Conversation.id)
        .where(
            or_(
                checked.c.conversation_id.is_(None),
                checked.c.checked_at < Conversation.imported_at,
                checked.c.version < ENGINE_VERSION,
                checked.c.checks < len(AUTOQA_CHECKS),
            )
        )
        .order_by(Conversation.id)
    )
    return list(session.scalars(query))


def conversations_since(session: Session, day: date) -> list[int]:
    """Conversations that started on or after ``day`` (UTC), in id order."""
    start = datetime.combine(day, time(), UTC)
    query = select(Conversation.id).where(Conversation.started_at >= start)
    return list(session.scalars(query.order_by(Conversation.id)))


def conversations_imported_since(session: Session, moment: datetime) -> list[int]:
    """Conversations added or changed by an import at or after ``moment``, in id order."""
    query = select(Conversation.id).where(Conversation.imported_at >= moment)
    return list(session.scalars(query.order_by(Conversation.id)))


def all_conversations(session: Session) -> list[int]:
    return list(session.scalars(select(Conversation.id).order_by(Conversation.id)))


def check_one(conversation: ConversationInput, sla: SLASettings | None = None) -> list[CheckResult]:
    """Every check of one conversation given as plain data (nothing is stored)."""
    return check_conversation(conversation, sla or load_sla())


def run_checks(
    db: Database,
    conversation_ids: Sequence[int],
    sla: SLASettings | None = None,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> AutoQARun:
    """Check these conversations and store the results in place of their old ones, in one
    transaction. Raises :class:`qa_desk.errors.Cancelled` when ``cancelled()`` turns true
    (nothing is changed then)."""
    sla = sla or load_sla()
    run = AutoQARun()
    total = len(conversation_ids)
    progress(0, total, PROGRESS_LABEL)
    if not total:
        return run
    checked_at = utcnow()
    done = 0
    with db.engine.execution_options(begin_immediate=True).begin() as connection:
        for ids in chunks(conversation_ids):
            check_cancel(cancelled)
            results = [
                (conversation.id, check_conversation(conversation, sla))
                for conversation in read_conversations(connection, ids)
            ]
            replace_results(connection, ids, results, ENGINE_VERSION, checked_at)
            for _id, checks in results:
                for result in checks:
                    run.outcomes[result.check][result.outcome] += 1
            run.conversations += len(results)
            done += len(ids)
            progress(done, total, PROGRESS_LABEL)
        check_cancel(cancelled)
    return run


def run_pending(
    db: Database,
    sla: SLASettings | None = None,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> AutoQARun:
    """Check every conversation :func:`pending_conversations` names."""
    with db.reader() as session:
        ids = pending_conversations(session)
    return run_checks(db, ids, sla, progress, cancelled)


def check_imported(
    db: Database,
    since: datetime,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> AutoQARun:
    """Check the conversations an import starting at ``since`` added or changed. Called by the
    import command, the window's import and the demo after :func:`qa_desk.ingest.import_file`,
    not inside it, so the import's own benchmark keeps measuring the import alone."""
    with db.reader() as session:
        ids = conversations_imported_since(session, since)
    return run_checks(db, ids, None, progress, cancelled)


@dataclass(frozen=True)
class StoredResult:
    """One stored check result, detached from the database (see :class:`AutoQAResult`)."""

    check: str
    outcome: str
    evidence: list[dict[str, Any]]
    value: float | None
    detail: str | None
    engine_version: int
    checked_at: datetime


def results_for(session: Session, conversation_id: int) -> dict[str, StoredResult]:
    """The stored results of one conversation by check id (empty when never checked)."""
    rows = session.scalars(
        select(AutoQAResult).where(AutoQAResult.conversation_id == conversation_id)
    )
    return {
        row.check: StoredResult(
            row.check,
            row.outcome,
            list(row.evidence or []),
            row.value,
            row.detail,
            row.engine_version,
            row.checked_at,
        )
        for row in rows
    }


__all__ = [
    "ENGINE_VERSION",
    "AutoQARun",
    "StoredResult",
    "all_conversations",
    "check_imported",
    "check_one",
    "conversations_imported_since",
    "conversations_since",
    "pending_conversations",
    "results_for",
    "run_checks",
    "run_pending",
]
