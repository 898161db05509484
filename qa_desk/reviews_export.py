"""Exporting reviews to CSV or JSON Lines.

:func:`export_reviews` writes every current submitted review, as JSON Lines (one object per
review with a ``ratings`` list) or CSV (one row per review and one column per criterion, the union
over the rubrics exported, in rubric order). CSV is written as UTF-8 with a byte-order mark so Excel
reads it right, and a text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
gets a leading ``'`` so that Excel never runs it as a formula (numbers are written as they are).
:func:`qa_desk.reviews_import.import_reviews` removes such a leading ``'`` again
(:mod:`qa_desk.cell_text`), so an export imports again.
"""

from __future__ import annotations

import csv
import json
import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, selectinload

from qa_desk.cell_text import protect
from qa_desk.db.engine import Database
from qa_desk.db.models import Agent, Conversation, Review, RubricVersion, Team, User
from qa_desk.db.models import Rubric as RubricRow
from qa_desk.errors import InputError, Problem
from qa_desk.progress import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from qa_desk.rubric_store import definition_of, named_version

EXPORT_COLUMNS = (
    "source", "conversation_id", "agent", "team", "reviewer", "reviewer_email", "rubric",
    "rubric_version", "submitted_at", "time_spent_seconds", "score", "critical_fail", "passed",
    "calibration", "comment", "origin", "revision",
)  # fmt: skip
_BATCH = 500


ExportFormat = Literal["csv", "jsonl"]


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def _writable(path: Path) -> None:
    if path.is_dir():
        raise InputError(Problem(str(path), "", "is a folder; name a file to write"))
    if not path.parent.is_dir():
        raise InputError(Problem(str(path), "", f"no such folder: {path.parent}"))


def export_reviews(
    db: Database,
    path: str | Path,
    fmt: ExportFormat = "csv",
    *,
    rubric: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> int:
    """Write every current submitted review to ``path`` as CSV or JSON Lines; returns how many.

    ``rubric`` (``ID`` or ``ID@VERSION``) keeps one rubric's reviews; ``date_from`` and ``date_to``
    (both days included, UTC) bound the submitted date. The file is written whole or not at all.
    """
    if fmt not in ("csv", "jsonl"):
        raise InputError(Problem("--format", "", f"'{fmt}' is not csv or jsonl"))
    path = Path(path)
    _writable(path)
    session = db.reader()
    try:
        conditions = [Review.is_current, Review.status == "submitted"]
        if rubric is not None:
            version = named_version(session, rubric)
            if "@" in rubric:
                conditions.append(Review.rubric_version_id == version.id)
            else:
                conditions.append(RubricVersion.rubric_id == version.rubric_id)
        if date_from is not None:
            conditions.append(Review.submitted_at >= datetime.combine(date_from, time.min, UTC))
        if date_to is not None:
            end = datetime.combine(date_to + timedelta(days=1), time.min, UTC)
            conditions.append(Review.submitted_at < end)
        versions = session.scalars(
            select(RubricVersion)
            .join(RubricRow)
            .where(
                RubricVersion.id.in_(
                    select(Review.rubric_version_id).join(RubricVersion).where(*conditions)
                )
            )
            .order_by(RubricRow.key, RubricVersion.version)
        ).all()
        definitions = {v.id: definition_of(v) for v in versions}
        criteria: list[str] = list(
            dict.fromkeys(c for d in definitions.values() for c in d.criterion_ids)
        )
        total = session.scalar(select(func.count(Review.id)).join(RubricVersion).where(*conditions))
        reviewer = aliased(User)
        statement = (
            select(
                Review,
                Conversation.source,
                Conversation.external_id,
                Agent.name,
                Team.name,
                reviewer.name,
                reviewer.email,
                RubricRow.key,
                RubricVersion.version,
            )
            .join(Conversation, Review.conversation_id == Conversation.id)
            .join(reviewer, Review.reviewer_id == reviewer.id)
            .join(RubricVersion, Review.rubric_version_id == RubricVersion.id)
            .join(RubricRow, RubricVersion.rubric_id == RubricRow.id)
            .outerjoin(Agent, Conversation.agent_id == Agent.id)
            .outerjoin(Team, Conversation.team_id == Team.id)
            .where(*conditions)
            .order_by(Review.submitted_at, Review.id)
            .options(selectinload(Review.ratings))
            .execution_options(yield_per=_BATCH)
        )
        label = f"Exporting reviews to {path.name}"
        progress(0, total or 0, label)
        partial = path.with_name(path.name + ".part")
        written = 0
        try:
            with open(
                partial, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline=""
            ) as out:
                writer = csv.writer(out) if fmt == "csv" else None
                if writer is not None:
                    writer.writerow([*EXPORT_COLUMNS, *criteria])
                for row in session.execute(statement):
                    review = row[0]
                    data = {
                        "source": row[1],
                        "conversation_id": row[2],
                        "agent": row[3],
                        "team": row[4],
                        "reviewer": row[5],
                        "reviewer_email": row[6],
                        "rubric": row[7],
                        "rubric_version": row[8],
                        "submitted_at": _iso(review.submitted_at),
                        "time_spent_seconds": review.time_spent_seconds,
                        "score": review.score,
                        "critical_fail": review.critical_fail,
                        "passed": review.passed,
                        "calibration": review.is_calibration,
                        "comment": review.comment,
                        "origin": review.origin,
                        "revision": review.revision,
                    }
                    if writer is not None:
                        values = {r.criterion_id: r.value for r in review.ratings}
                        cells = [*data.values(), *(values.get(c) for c in criteria)]
                        writer.writerow(["" if v is None else protect(v) for v in cells])
                    else:
                        data["ratings"] = [
                            {
                                "criterion": r.criterion_id,
                                "value": r.value,
                                "fraction": r.fraction,
                                "comment": r.comment,
                                "root_causes": list(r.root_causes or []),
                            }
                            for r in review.ratings
                        ]
                        out.write(json.dumps(data, ensure_ascii=False) + "\n")
                    written += 1
                    if written % _BATCH == 0:
                        check_cancel(cancelled)
                        progress(written, total or 0, label)
            check_cancel(cancelled)
            os.replace(partial, path)
        finally:
            if partial.exists():
                partial.unlink()
        progress(written, written, label)
        return written
    finally:
        session.close()
