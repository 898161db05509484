"""Automatic checks in the review workspace: a criterion that names a check (``autoqa: greeting``)
is offered the check's outcome as a suggested rating, and a rating records the suggestion it was
made with.

How a review records a suggestion: a :class:`~qa_desk.db.models.Rating` has a ``suggested`` column,
the value the check suggested when the reviewer rated the criterion (None when no suggestion was
shown). The reviewer confirms a suggestion by picking the same value (``suggested == value``) or
overrides it by picking another (``suggested != value``). A suggestion alone is never a rating:
a criterion whose suggestion is not confirmed counts as unrated, and the review workspace does not
submit until the reviewer has confirmed (one by one, or all at once) or overridden it.

Mapping an outcome to a rating: ``pass`` → the best value of the criterion's scale, ``fail`` → the
worst, ``na`` → N/A where the criterion allows it (else no suggestion).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_desk.autoqa import results_for
from qa_desk.autoqa_catalog import AUTOQA_CHECKS
from qa_desk.db.models import Rating
from qa_desk.rubric import NA, Criterion, Rubric


@dataclass(frozen=True)
class Suggestion:
    """A rating an automatic check suggests for one criterion.

    Attributes:
        criterion_id: the criterion it is for.
        check: the check's id; ``description`` says what it looks for.
        outcome: ``pass``, ``fail`` or ``na``.
        value: the rating suggested, as the criterion's scale writes it (or ``NA``).
        detail: why, in words.
        evidence: where (``{"message_id", "position", "start", "end", "text"}``).
    """

    criterion_id: str
    check: str
    description: str
    outcome: str
    value: str
    detail: str | None
    evidence: list[dict[str, Any]]


def suggested_value(criterion: Criterion, outcome: str) -> str | None:
    """The rating an outcome suggests on this criterion's scale, or None."""
    values = criterion.scale.values
    if outcome == "pass":
        return values[-1]
    if outcome == "fail":
        return values[0]
    if outcome == "na" and criterion.allow_na:
        return NA
    return None


def suggestions_for(
    session: Session, conversation_id: int, rubric: Rubric
) -> dict[str, Suggestion]:
    """The suggestions for the criteria of ``rubric`` that name a check, by criterion id, from the
    conversation's stored results (none before the checks ran)."""
    wanted = [c for c in rubric.criteria() if c.autoqa]
    if not wanted:
        return {}
    results = results_for(session, conversation_id)
    suggestions = {}
    for criterion in wanted:
        result = results.get(criterion.autoqa or "")
        if result is None:
            continue
        value = suggested_value(criterion, result.outcome)
        if value is None:
            continue
        suggestions[criterion.id] = Suggestion(
            criterion.id,
            result.check,
            AUTOQA_CHECKS.get(result.check, ""),
            result.outcome,
            value,
            result.detail,
            result.evidence,
        )
    return suggestions


def record_suggestion(
    session: Session, review_id: int, criterion_id: str, suggested: str | None
) -> None:
    """Note on the review's rating of ``criterion_id`` the value suggested when it was made."""
    rating = session.scalar(
        select(Rating).where(Rating.review_id == review_id, Rating.criterion_id == criterion_id)
    )
    if rating is not None:
        rating.suggested = suggested
        session.flush()


def copy_suggestions(session: Session, from_review_id: int, to_review_id: int) -> None:
    """Carry the recorded suggestions over to a new revision of a review (its ratings are copies)."""
    before = dict(
        session.execute(
            select(Rating.criterion_id, Rating.suggested).where(
                Rating.review_id == from_review_id, Rating.suggested.is_not(None)
            )
        ).all()
    )
    if not before:
        return
    for rating in session.scalars(select(Rating).where(Rating.review_id == to_review_id)):
        if rating.criterion_id in before:
            rating.suggested = before[rating.criterion_id]
    session.flush()


__all__ = [
    "Suggestion",
    "copy_suggestions",
    "record_suggestion",
    "suggested_value",
    "suggestions_for",
]
