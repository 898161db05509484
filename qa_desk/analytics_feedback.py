"""What stands behind an agent's score, for coaching: the reviews that pulled it down, what
reviewers wrote on low ratings, and the root causes they ticked (used by
:func:`qa_desk.analytics_agent.agent_profile`, which describes the rules).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from qa_desk.analytics_base import CriterionInfo, GroupStats, ReviewRef, describe

AgentRating = tuple[int, int, str, str, float | None, str | None, list[str]]
"""A rating of one of the agent's reviews: review id, rubric version id, criterion id, value,
fraction, comment, root causes."""


@dataclass(frozen=True)
class LowReview:
    """A review that pulled the agent's score down: the review, the points the quality score
    would rise without it, and the names of the criteria it rated below the top, worst first."""

    review: ReviewRef
    impact: float
    low_criteria: tuple[str, ...]


@dataclass(frozen=True)
class ReviewerComment:
    """What a reviewer wrote: on a rating (``criterion`` set, with the value and fraction given
    and the root causes ticked) or on the whole review (``criterion`` None)."""

    review: ReviewRef
    criterion: str | None
    criterion_name: str | None
    value: str | None
    fraction: float | None
    text: str
    root_causes: tuple[str, ...]


@dataclass(frozen=True)
class RootCauseCount:
    """How often a root cause was ticked on a criterion, and in which reviews."""

    rubric: str
    criterion: str
    criterion_name: str
    cause: str
    count: int
    review_ids: tuple[int, ...]


def low_reviews(
    refs: dict[int, ReviewRef],
    ratings: list[AgentRating],
    catalog: dict[tuple[str, str], CriterionInfo],
    quality: GroupStats,
    lowest: int,
) -> list[LowReview]:
    if quality.iqs is None:
        return []
    n, total = quality.reviews, quality.iqs * quality.reviews
    below = sorted(
        (r for r in refs.values() if r.score is not None and r.score < quality.iqs),
        key=lambda r: (r.score, r.review_id),
    )[:lowest]
    low: dict[int, list[tuple[float, str]]] = {}
    for review_id, _, criterion, _, fraction, *_ in ratings:
        if fraction is not None and fraction < 1.0 and review_id in refs:
            name = describe(catalog, refs[review_id].rubric, criterion).name
            low.setdefault(review_id, []).append((fraction, name))
    result = []
    for ref in below:
        assert ref.score is not None
        impact = (total - ref.score) / (n - 1) - quality.iqs if n > 1 else 0.0
        names = tuple(name for _, name in sorted(low.get(ref.review_id, [])))
        result.append(LowReview(ref, impact, names))
    return result


def reviewer_comments(
    refs: dict[int, ReviewRef],
    ratings: list[AgentRating],
    catalog: dict[tuple[str, str], CriterionInfo],
) -> list[ReviewerComment]:
    comments = []
    for review_id, _, criterion, value, fraction, text, causes in ratings:
        ref = refs.get(review_id)
        if ref is None or not (text or "").strip() or fraction is None or fraction >= 1.0:
            continue
        name = describe(catalog, ref.rubric, criterion).name
        comments.append(
            ReviewerComment(ref, criterion, name, value, fraction, text or "", tuple(causes))
        )
    for ref in refs.values():
        if (ref.comment or "").strip() and (ref.critical_fail or ref.passed is False):
            comments.append(ReviewerComment(ref, None, None, None, None, ref.comment or "", ()))
    order = {(ref.review_id): i for i, ref in enumerate(refs.values())}
    comments.sort(key=lambda c: (-order[c.review.review_id], c.criterion is not None))
    return comments


def root_cause_counts(
    ratings: list[AgentRating],
    refs: dict[int, ReviewRef],
    catalog: dict[tuple[str, str], CriterionInfo],
) -> list[RootCauseCount]:
    counts: Counter[tuple[str, str, str]] = Counter()
    reviews: dict[tuple[str, str, str], list[int]] = {}
    for review_id, _, criterion, _, _, _, causes in ratings:
        if review_id not in refs:
            continue
        for cause in causes:
            key = (refs[review_id].rubric, criterion, cause)
            counts[key] += 1
            reviews.setdefault(key, []).append(review_id)
    found = [
        RootCauseCount(rubric, criterion, describe(catalog, rubric, criterion).name, cause,
                       count, tuple(reviews[(rubric, criterion, cause)]))
        for (rubric, criterion, cause), count in counts.items()
    ]  # fmt: skip
    found.sort(key=lambda c: (-c.count, describe(catalog, c.rubric, c.criterion).order, c.cause))
    return found
