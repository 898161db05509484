"""Reviewers: how many reviews each did, how long a review takes them, and whether they score
harder or softer than the other reviewers (severity and leniency).

Severity compares like with like: for each review, its score minus the mean score the *other*
reviewers gave the same agent, in the same period (calendar month by default; ISO week, or the
whole selection with ``period=None``) and with the same rubric. Reviews with no such comparison
(nobody else reviewed that agent then) are left out. A reviewer's ``severity`` is the mean of
those differences with its n and 95% interval: below zero they score harder than their
colleagues, above zero softer. As everywhere, only current, submitted, non-calibration reviews
count (reviews without a score count in ``reviews`` and the time, not in the scores).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from qa_desk.analytics_base import (
    GroupStats,
    Sums,
    add_sums,
    counted_conditions,
    group_conditions,
    needs_conversation,
    period_day,
    stats_of,
    sums_columns,
)
from qa_desk.db.models import Conversation, Review, RubricVersion, User
from qa_desk.statistics import MeanWithInterval, mean_interval


@dataclass(frozen=True)
class ReviewerStats:
    """One reviewer's work and scoring.

    Attributes:
        reviewer_id, reviewer: who (pass ``reviewer_id`` to
            :func:`qa_desk.analytics_base.reviews_behind` to list the reviews).
        reviews: counted reviews they submitted.
        median_seconds: the median time spent on a review, over ``timed_reviews`` reviews that
            recorded one; None when none did.
        given: the scores they gave (n, mean, interval, pass rate, critical fails).
        compared: their reviews that had a comparison (see the module's description).
        own_mean, others_mean: over those reviews, the mean score they gave and the mean of what
            the other reviewers gave the same agents (``own_mean − others_mean`` is the severity).
        severity: the mean difference with its 95% interval (bounds −100 to 100).
    """

    reviewer_id: int
    reviewer: str
    reviews: int
    median_seconds: float | None
    timed_reviews: int
    given: GroupStats
    compared: int
    own_mean: float | None
    others_mean: float | None
    severity: MeanWithInterval


def reviewer_stats(
    session: Session,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    rubric: str | None = None,
    team_id: int | None = None,
    period: str | None = "month",
) -> list[ReviewerStats]:
    """Every reviewer with counted reviews in the selection (``team_id``: one team's
    conversations), most reviews first."""
    conditions = counted_conditions(date_from, date_to, rubric) + group_conditions(team_id=team_id)
    counts, sums = _counts(session, conditions)
    medians, timed = _median_times(session, conditions)
    comparisons = _severity_sums(session, conditions, period)
    names = dict(session.execute(select(User.id, User.name)).all())
    result = []
    for reviewer_id, reviews in counts.items():
        name = names.get(reviewer_id, "?")
        n, total, squares, own, others = comparisons.get(reviewer_id, (0, 0.0, 0.0, 0.0, 0.0))
        result.append(
            ReviewerStats(
                reviewer_id=reviewer_id,
                reviewer=name,
                reviews=reviews,
                median_seconds=medians.get(reviewer_id),
                timed_reviews=timed.get(reviewer_id, 0),
                given=stats_of(name, sums.get(reviewer_id, (0, 0.0, 0.0, 0, 0))),
                compared=n,
                own_mean=own / n if n else None,
                others_mean=others / n if n else None,
                severity=mean_interval(n, total, squares, bounds=(-100.0, 100.0)),
            )
        )
    result.sort(key=lambda r: (-r.reviews, r.reviewer.casefold(), r.reviewer_id))
    return result


def _from_reviews(*columns: Any, conditions: list[ColumnElement[bool]]) -> Any:
    """A SELECT of ``columns`` from the reviews meeting ``conditions``, with ``conversations``
    joined when the columns or conditions need it."""
    statement = select(*columns).select_from(Review).where(*conditions)
    if needs_conversation(*columns, *conditions):
        statement = statement.join(Conversation, Conversation.id == Review.conversation_id)
    return statement


def _counts(
    session: Session, conditions: list[ColumnElement[bool]]
) -> tuple[dict[int, int], dict[int, Sums]]:
    statement = _from_reviews(
        Review.reviewer_id, func.count(), *sums_columns(Review.score), conditions=conditions
    ).group_by(Review.reviewer_id)
    counts: dict[int, int] = {}
    sums: dict[int, Sums] = {}
    for reviewer_id, reviews, *row in session.execute(statement):
        counts[reviewer_id] = int(reviews)
        add_sums(sums, reviewer_id, tuple(row))
    return counts, sums


def _median_times(
    session: Session, conditions: list[ColumnElement[bool]]
) -> tuple[dict[int, float], dict[int, int]]:
    """Each reviewer's median time per review and how many reviews recorded a time: the
    database numbers each reviewer's times in order and returns the middle one or two."""
    seconds = Review.time_spent_seconds
    ranked = _from_reviews(
        Review.reviewer_id.label("reviewer_id"),
        seconds.label("seconds"),
        func.row_number().over(partition_by=Review.reviewer_id, order_by=seconds).label("rank"),
        func.count().over(partition_by=Review.reviewer_id).label("timed"),
        conditions=[*conditions, seconds.is_not(None)],
    ).subquery()
    middle = select(ranked.c.reviewer_id, ranked.c.seconds, ranked.c.timed).where(
        or_(
            ranked.c.rank == (ranked.c.timed + 1) // 2,
            ranked.c.rank == (ranked.c.timed + 2) // 2,
        )
    )
    values: dict[int, list[float]] = {}
    timed: dict[int, int] = {}
    for reviewer_id, value, count in session.execute(middle):
        values.setdefault(reviewer_id, []).append(float(value))
        timed[reviewer_id] = int(count)
    return {k: sum(v) / len(v) for k, v in values.items()}, timed


def _severity_sums(
    session: Session, conditions: list[ColumnElement[bool]], period: str | None
) -> dict[int, tuple[int, float, float, float, float]]:
    """Per reviewer: reviews compared, the sum and sum of squares of their differences, the sum
    of their scores and of the others' means, all worked out by the database: sums per agent,
    rubric, period and reviewer, then window sums of those per agent, rubric and period."""
    score = Review.score
    group: list[Any] = [Conversation.agent_id, RubricVersion.rubric_id]
    if period is not None:
        group.append(period_day(session, period))
    labels = [f"g{i}" for i in range(len(group))]
    cells = (
        _from_reviews(
            *(column.label(label) for column, label in zip(group, labels, strict=True)),
            Review.reviewer_id.label("reviewer_id"),
            func.count(score).label("n"),
            func.sum(score).label("total"),
            func.sum(score * score).label("squares"),
            conditions=[*conditions, score.is_not(None), Conversation.agent_id.is_not(None)],
        )
        .join(RubricVersion, RubricVersion.id == Review.rubric_version_id)
        .group_by(*group, Review.reviewer_id)
        .subquery()
    )
    c = cells.c
    partition = [c[label] for label in labels]
    windows = select(
        c.reviewer_id,
        c.n,
        c.total,
        c.squares,
        func.sum(c.n).over(partition_by=partition).label("group_n"),
        func.sum(c.total).over(partition_by=partition).label("group_total"),
    ).subquery()
    w = windows.c
    # the others' mean for every review of this reviewer in this cell, and the sums over those
    # reviews of (score − others), its square, the score and the others' mean
    others = (w.group_total - w.total) / (w.group_n - w.n)
    statement = (
        select(
            w.reviewer_id,
            func.sum(w.n),
            func.sum(w.total - w.n * others),
            func.sum(w.squares - 2.0 * others * w.total + w.n * others * others),
            func.sum(w.total),
            func.sum(w.n * others),
        )
        .where(w.group_n > w.n)
        .group_by(w.reviewer_id)
    )
    return {
        reviewer_id: (int(n), float(total), float(squares), float(own), float(rest))
        for reviewer_id, n, total, squares, own, rest in session.execute(statement)
    }


HARSHER, LENIENT, IN_LINE, TOO_FEW, NO_COMPARISON = (
    "harsher", "lenient", "in line", "too few", "no comparison",
)  # fmt: skip
"""What :func:`verdict` says of a reviewer."""
VERDICT_WORDS = {
    HARSHER: "Harsher than others", LENIENT: "More lenient than others",
    IN_LINE: "In line with others", TOO_FEW: "Too few to tell",
    NO_COMPARISON: "No one to compare with",
}  # fmt: skip


def verdict(stats: ReviewerStats) -> str:
    """Whether a reviewer scores harder or softer than the others, by the 95% interval of the
    difference: only an interval clear of zero says so."""
    severity = stats.severity
    if stats.compared == 0 or severity.mean is None:
        return NO_COMPARISON
    if severity.low is None or severity.high is None:
        return TOO_FEW
    if severity.high < 0:
        return HARSHER
    if severity.low > 0:
        return LENIENT
    return IN_LINE
