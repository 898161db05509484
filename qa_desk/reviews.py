"""Reviews: drafts saved on every change, submitting, reopening as a new revision, and recording
finished reviews (from the app or from a team's old spreadsheets).

Scores are always computed here, from the ratings and the review's immutable rubric version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_desk.db.models import Rating, Review, RubricVersion, User, utcnow
from qa_desk.errors import InputError, Problem
from qa_desk.rubric import NA, RatingError, ReviewScore
from qa_desk.rubric import Rubric as RubricDefinition
from qa_desk.rubric_store import definition_of


@dataclass
class RatingInput:
    """A rating as entered: the value as written, and optionally a comment and root causes."""

    value: object
    comment: str | None = None
    root_causes: list[str] = field(default_factory=list)


def find_or_create_user(
    session: Session, name_or_email: str, role: str = "reviewer"
) -> tuple[User, bool]:
    """The user with this name or e-mail (case-insensitive), created with ``role`` if there is none.

    Returns the user and whether it was created.
    """
    key = name_or_email.strip()
    if not key:
        raise ValueError("a user needs a name or an e-mail address")
    folded = key.casefold()
    # compared here, not in SQL: SQLite's lower() only folds ASCII (Олена ≠ олена there);
    # a team has a few dozen users at most
    for user in session.scalars(select(User).order_by(User.id)):
        if user.name.casefold() == folded or (user.email or "").casefold() == folded:
            return user, False
    is_email = "@" in key and " " not in key
    user = User(
        name=key.split("@")[0] if is_email else key, email=key if is_email else None, role=role
    )
    session.add(user)
    session.flush()
    return user, True


def _rating_rows(
    rubric: RubricDefinition, ratings: Mapping[str, RatingInput | object]
) -> tuple[list[Rating], ReviewScore]:
    inputs = {k: v if isinstance(v, RatingInput) else RatingInput(v) for k, v in ratings.items()}
    score = rubric.score({k: v.value for k, v in inputs.items()})
    rows = []
    for criterion in rubric.criteria():
        given = inputs.get(criterion.id)
        if given is None or criterion.id not in score.fractions:
            continue
        value = criterion.parse(given.value)
        _check_root_causes(criterion.id, criterion.root_causes, given.root_causes)
        rows.append(
            Rating(
                criterion_id=criterion.id,
                value=value,
                fraction=criterion.fraction(value),
                comment=given.comment or None,
                root_causes=list(given.root_causes),
            )
        )
    return rows, score


def _check_root_causes(criterion_id: str, allowed: tuple[str, ...], given: list[str]) -> None:
    unknown = [c for c in given if c not in allowed]
    if unknown:
        raise RatingError(
            f"{criterion_id}: root cause '{unknown[0]}' is not offered "
            f"({', '.join(allowed) or 'none are'})"
        )


def _apply_score(review: Review, score: ReviewScore) -> None:
    review.score = score.score
    review.critical_fail = score.critical_fail
    review.passed = score.passed


def record_review(
    session: Session,
    *,
    conversation_id: int,
    reviewer_id: int,
    rubric_version: RubricVersion,
    ratings: Mapping[str, RatingInput | object],
    comment: str | None = None,
    submitted_at: datetime | None = None,
    started_at: datetime | None = None,
    time_spent_seconds: float | None = None,
    origin: str = "app",
    is_calibration: bool = False,
) -> Review:
    """Store a finished (submitted) review with its ratings and computed score.

    Raises :class:`qa_desk.rubric.RatingError` for a rating off its scale.
    """
    rubric = definition_of(rubric_version)
    rows, score = _rating_rows(rubric, ratings)
    submitted = submitted_at or utcnow()
    review = Review(
        conversation_id=conversation_id,
        reviewer_id=reviewer_id,
        rubric_version_id=rubric_version.id,
        status="submitted",
        started_at=started_at or submitted,
        updated_at=submitted,
        submitted_at=submitted,
        time_spent_seconds=time_spent_seconds,
        comment=comment or None,
        origin=origin,
        is_calibration=is_calibration,
        ratings=rows,
    )
    _apply_score(review, score)
    session.add(review)
    session.flush()
    return review


def open_draft(
    session: Session, conversation_id: int, reviewer_id: int, rubric_version_id: int
) -> Review:
    """The reviewer's unfinished review of the conversation, or a new empty draft."""
    draft = session.scalar(
        select(Review)
        .where(
            Review.conversation_id == conversation_id,
            Review.reviewer_id == reviewer_id,
            Review.status == "draft",
        )
        .order_by(Review.id.desc())
        .limit(1)
    )
    if draft is not None:
        return draft
    draft = Review(
        conversation_id=conversation_id,
        reviewer_id=reviewer_id,
        rubric_version_id=rubric_version_id,
        status="draft",
    )
    session.add(draft)
    session.flush()
    return draft


_PARSED: dict[str, RubricDefinition] = {}
"""Rubric versions parsed so far, by content hash: a version never changes, so saving a rating
(several times a minute) need not parse its rubric again."""


def _definition(version: RubricVersion) -> RubricDefinition:
    rubric = _PARSED.get(version.content_hash)
    if rubric is None:
        rubric = _PARSED[version.content_hash] = definition_of(version)
    return rubric


def _draft(session: Session, review_id: int) -> tuple[Review, RubricDefinition]:
    review = session.get(Review, review_id)
    if review is None:
        raise KeyError(review_id)
    if review.status != "draft":
        raise ValueError("a submitted review cannot change; reopen it to edit")
    return review, _definition(review.rubric_version)


def save_rating(
    session: Session,
    review_id: int,
    criterion_id: str,
    rating: RatingInput | None,
) -> ReviewScore:
    """Set (or with None, clear) one rating of a draft and rescore it; returns the new score."""
    review, rubric = _draft(session, review_id)
    current = {r.criterion_id: r for r in review.ratings}
    if rating is None:
        if criterion_id in current:
            review.ratings.remove(current[criterion_id])
    else:
        criterion = rubric.criterion(criterion_id)
        value = criterion.parse(rating.value)
        _check_root_causes(criterion_id, criterion.root_causes, rating.root_causes)
        row = current.get(criterion_id)
        if row is None:
            row = Rating(criterion_id=criterion_id)
            review.ratings.append(row)
        row.value = value
        row.fraction = criterion.fraction(value)
        row.comment = rating.comment or None
        row.root_causes = list(rating.root_causes)
    score = rubric.score({r.criterion_id: r.value for r in review.ratings})
    _apply_score(review, score)
    review.updated_at = utcnow()
    session.flush()
    return score


def unrated_criteria(review: Review) -> list[str]:
    """The criteria of the review's rubric that have no rating yet (N/A counts as rated)."""
    rated = {r.criterion_id for r in review.ratings}
    return [c.id for c in _definition(review.rubric_version).criteria() if c.id not in rated]


def submit_review(
    session: Session, review_id: int, time_spent_seconds: float | None = None
) -> Review:
    """Submit a draft: every criterion must be rated (N/A where allowed).

    Raises :class:`InputError` naming the first unrated criterion. A submitted revision replaces
    the revision it was reopened from.
    """
    review, rubric = _draft(session, review_id)
    missing = unrated_criteria(review)
    if missing:
        criterion = rubric.criterion(missing[0])
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise InputError(Problem("", criterion.id, f"'{criterion.name}' is not rated yet{more}"))
    now = utcnow()
    review.status = "submitted"
    review.submitted_at = now
    review.updated_at = now
    if time_spent_seconds is not None:  # else keep what add_time_spent gathered
        review.time_spent_seconds = time_spent_seconds
    if review.previous_id is not None:
        previous = session.get(Review, review.previous_id)
        if previous is not None:
            previous.is_current = False
        review.is_current = True
    session.flush()
    return review


def reopen_review(session: Session, review_id: int) -> Review:
    """Start a new revision of a submitted review, as a draft holding a copy of its ratings.

    The submitted revision stays current (and counted) until the new one is submitted.
    """
    original = session.get(Review, review_id)
    if original is None:
        raise KeyError(review_id)
    if original.status != "submitted":
        raise ValueError("only a submitted review can be reopened")
    existing = session.scalar(
        select(Review).where(Review.previous_id == original.id, Review.status == "draft")
    )
    if existing is not None:
        return existing
    revision = Review(
        conversation_id=original.conversation_id,
        reviewer_id=original.reviewer_id,
        rubric_version_id=original.rubric_version_id,
        status="draft",
        comment=original.comment,
        is_calibration=original.is_calibration,
        origin=original.origin,
        revision=original.revision + 1,
        previous_id=original.id,
        is_current=False,
        score=original.score,
        critical_fail=original.critical_fail,
        passed=original.passed,
        ratings=[
            Rating(
                criterion_id=r.criterion_id,
                value=r.value,
                fraction=r.fraction,
                comment=r.comment,
                root_causes=list(r.root_causes),
            )
            for r in original.ratings
        ],
    )
    session.add(revision)
    session.flush()
    return revision


@dataclass(frozen=True)
class ReviewSnapshot:
    """A review as a screen shows it, detached from the database: what, who and against which
    rubric version, ``draft`` or ``submitted``, the revision (n + 1 for each reopened edit), the
    ratings as entered by criterion id, the overall comment, the time spent so far, when it was
    submitted, and the score as last computed."""

    id: int
    conversation_id: int
    reviewer_id: int
    rubric_version_id: int
    status: str
    revision: int
    ratings: dict[str, RatingInput]
    comment: str | None
    time_spent_seconds: float | None
    submitted_at: datetime | None
    score: float | None
    critical_fail: bool
    passed: bool | None

    @classmethod
    def of(cls, review: Review) -> ReviewSnapshot:
        return cls(
            id=review.id,
            conversation_id=review.conversation_id,
            reviewer_id=review.reviewer_id,
            rubric_version_id=review.rubric_version_id,
            status=review.status,
            revision=review.revision,
            ratings={
                r.criterion_id: RatingInput(r.value, r.comment, list(r.root_causes or []))
                for r in review.ratings
            },
            comment=review.comment,
            time_spent_seconds=review.time_spent_seconds,
            submitted_at=review.submitted_at,
            score=review.score,
            critical_fail=review.critical_fail,
            passed=review.passed,
        )


def reviewer_review(
    session: Session, conversation_id: int, reviewer_id: int
) -> ReviewSnapshot | None:
    """What the reviewer has of this conversation: their draft if they have one, else their
    current submitted review, else None."""
    mine = select(Review).where(
        Review.conversation_id == conversation_id, Review.reviewer_id == reviewer_id
    )
    latest = Review.id.desc()
    review = session.scalar(mine.where(Review.status == "draft").order_by(latest).limit(1))
    if review is None:
        submitted = mine.where(Review.status == "submitted", Review.is_current)
        review = session.scalar(submitted.order_by(latest).limit(1))
    return ReviewSnapshot.of(review) if review is not None else None


def save_review_comment(session: Session, review_id: int, comment: str | None) -> None:
    """Set the overall comment of a draft (blank clears it)."""
    review, _ = _draft(session, review_id)
    review.comment = (comment or "").strip() or None
    review.updated_at = utcnow()
    session.flush()


def add_time_spent(session: Session, review_id: int, seconds: float) -> float:
    """Add ``seconds`` of reading and rating to a draft's time spent; returns the new total. Kept
    as the reviewer works, it adds up over sittings (and survives a crash) until submitted."""
    review, _ = _draft(session, review_id)
    review.time_spent_seconds = (review.time_spent_seconds or 0.0) + max(0.0, seconds)
    session.flush()
    return review.time_spent_seconds


def discard_draft(session: Session, review_id: int) -> None:
    """Delete a draft and its ratings (a submitted review is never deleted)."""
    review, _ = _draft(session, review_id)
    session.delete(review)
    session.flush()


__all__ = [
    "NA",
    "RatingInput",
    "ReviewSnapshot",
    "add_time_spent",
    "discard_draft",
    "find_or_create_user",
    "open_draft",
    "record_review",
    "reopen_review",
    "reviewer_review",
    "save_rating",
    "save_review_comment",
    "submit_review",
    "unrated_criteria",
]
