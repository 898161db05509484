"""Which reviews a number on the Reports page stands on, reading them, and the number again.

Every figure the page shows carries a :class:`ReviewsBehind`: the same selection the figure was
computed from (period, team, agent, reviewer, criterion) and what the figure is (``figure``: an
IQS, a count, a pass rate, a criterion's score…). :func:`read_behind` lists those reviews with
:func:`qa_desk.analytics.reviews_behind`, narrowed where a figure needs more than its filter can
say (conversations without a team or agent, reviews that rated a criterion), with what a figure
needs beyond the review itself: the criterion's rating in each review, the time spent. The
functions after it work the figure out again from those rows, so the dialog states the number
clicked next to what makes it up. Qt-free: it runs in the worker and is tested without a window.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from qa_desk.analytics import ReviewRef, reviews_behind
from qa_desk.analytics_base import counted_conditions
from qa_desk.db import Database
from qa_desk.db.models import Conversation, Rating, Review, Rubric, RubricVersion
from qa_desk.statistics import MeanWithInterval, mean_interval

IQS, REVIEWS, INTERVAL, PASS_RATE, CRITICAL, CHANGE, TREND, CRITERION, MEDIAN_TIME, GIVEN, NOTE = (
    "iqs", "reviews", "interval", "pass_rate", "critical", "change", "trend", "criterion",
    "median_time", "given", "note",
)  # fmt: skip
"""What a number is (:attr:`ReviewsBehind.figure`): the mean score (IQS) of the reviews, their
count, the IQS's interval, the share that passed, the critical fails, the change from the period
before, the trend line, a criterion's score (the mean of its ratings), the median time spent, the
mean score a reviewer gave, or a figure explained in :attr:`ReviewsBehind.note`."""


@dataclass(frozen=True)
class ReviewsBehind:
    """The selection behind one number, and what the number is.

    Attributes:
        title: what the number is, for the dialog's title (``IQS of Dana, 2026-03``).
        date_from, date_to: the period (inclusive days).
        team_id, agent_id, reviewer_id: narrowing to a team's conversations, an agent or a
            reviewer (None: not narrowed).
        no_team, no_agent: only conversations without a team, or without an agent.
        rubric, criterion: only reviews with this rubric that rated this criterion (not N/A).
        scored_only: leave out reviews without a score (they count in no average).
        critical_only: only reviews that failed a critical criterion.
        conversation_id: only the reviews of this conversation (a point of the CSAT scatter).
        figure: what the number clicked is (one of the names above, e.g. :data:`CRITERION`).
        criterion_name, who: the criterion's and the agent's names as shown (criterion figures).
        split: for :data:`CHANGE`: the first day of the period compared; reviews before it belong
            to the period before.
        note: a sentence the page adds where the dialog cannot work the number out itself.
    """

    title: str
    date_from: date
    date_to: date
    team_id: int | None = None
    agent_id: int | None = None
    reviewer_id: int | None = None
    no_team: bool = False
    no_agent: bool = False
    rubric: str | None = None
    criterion: str | None = None
    scored_only: bool = True
    critical_only: bool = False
    conversation_id: int | None = None
    figure: str = IQS
    criterion_name: str = ""
    who: str = ""
    split: date | None = None
    note: str = ""


@dataclass(frozen=True)
class CriterionRating:
    """A criterion's rating in one review: the value picked (as the rubric writes it), its place
    on the scale (0–1; None for N/A) and the reviewer's comment on it."""

    value: str
    fraction: float | None
    comment: str | None

    @property
    def percent(self) -> float | None:
        return None if self.fraction is None else 100.0 * self.fraction


@dataclass(frozen=True)
class Behind:
    """The rows behind a number.

    Attributes:
        reviews: the reviews, oldest first.
        ratings: by review id, the rating of :attr:`ReviewsBehind.criterion` (criterion figures).
        seconds: by review id, the time spent on the review (None: not recorded).
    """

    reviews: list[ReviewRef]
    ratings: dict[int, CriterionRating] = field(default_factory=dict)
    seconds: dict[int, float | None] = field(default_factory=dict)


def find_reviews(db: Database, behind: ReviewsBehind) -> list[ReviewRef]:
    """The reviews behind a number, oldest first."""
    return read_behind(db, behind).reviews


def read_behind(db: Database, behind: ReviewsBehind) -> Behind:
    """The reviews behind a number with the criterion's ratings and the time spent on each."""
    with db.reader() as session:
        ids = None
        narrowed = behind.no_team or behind.no_agent or behind.conversation_id is not None
        if narrowed or behind.criterion is not None:
            statement = (
                select(Review.id)
                .join(Conversation, Conversation.id == Review.conversation_id)
                .where(*counted_conditions(behind.date_from, behind.date_to, behind.rubric))
            )
            if behind.no_team:
                statement = statement.where(Conversation.team_id.is_(None))
            if behind.no_agent:
                statement = statement.where(Conversation.agent_id.is_(None))
            if behind.conversation_id is not None:
                statement = statement.where(Conversation.id == behind.conversation_id)
            if behind.criterion is not None:
                statement = (
                    statement.join(Rating, Rating.review_id == Review.id)
                    .join(RubricVersion, RubricVersion.id == Review.rubric_version_id)
                    .join(Rubric, Rubric.id == RubricVersion.rubric_id)
                    .where(Rating.criterion_id == behind.criterion, Rating.fraction.is_not(None))
                )
            ids = sorted(set(session.scalars(statement)))
        refs = reviews_behind(
            session,
            agent_id=behind.agent_id,
            team_id=behind.team_id,
            reviewer_id=behind.reviewer_id,
            date_from=behind.date_from,
            date_to=behind.date_to,
            rubric=behind.rubric,
            review_ids=ids,
        )
        if behind.scored_only and behind.criterion is None:
            refs = [ref for ref in refs if ref.score is not None]
        if behind.critical_only:
            refs = [ref for ref in refs if ref.critical_fail]
        listed = [ref.review_id for ref in refs]
        ratings = {}
        if behind.criterion is not None and listed:
            rows = session.execute(
                select(Rating.review_id, Rating.value, Rating.fraction, Rating.comment).where(
                    Rating.review_id.in_(listed), Rating.criterion_id == behind.criterion
                )
            )
            ratings = {review_id: CriterionRating(*rest) for review_id, *rest in rows}
        seconds = dict(
            session.execute(
                select(Review.id, Review.time_spent_seconds).where(Review.id.in_(listed))
            ).all()
        )
    return Behind(refs, ratings, seconds)


# --- the number again, from the rows ------------------------------------------------------------


def _interval(values: list[float]) -> MeanWithInterval:
    return mean_interval(len(values), sum(values), sum(v * v for v in values))


def scores(reviews: list[ReviewRef]) -> MeanWithInterval:
    """The IQS of ``reviews`` (their mean score) with its interval, over the scored ones."""
    return _interval([r.score for r in reviews if r.score is not None])


def criterion_score(found: Behind) -> MeanWithInterval:
    """The criterion's score over the rows: the mean of its ratings in percent (N/A left out)."""
    return _interval([p for r in found.ratings.values() if (p := r.percent) is not None])


def passed(reviews: list[ReviewRef]) -> tuple[int, int]:
    """How many of the scored reviews passed, and how many are scored."""
    scored = [r for r in reviews if r.score is not None]
    return sum(1 for r in scored if r.passed), len(scored)


def median_time(found: Behind) -> tuple[float | None, int]:
    """The median time spent over the reviews that recorded one, and how many did."""
    times = [s for r in found.reviews if (s := found.seconds.get(r.review_id)) is not None]
    return (statistics.median(times) if times else None), len(times)


def in_period_before(review: ReviewRef, split: date | None) -> bool:
    """Whether a review listed behind a change belongs to the period before ``split``."""
    day = review.submitted_at.date() if review.submitted_at is not None else None
    return split is not None and day is not None and day < split


def change(found: Behind, split: date) -> tuple[MeanWithInterval, MeanWithInterval]:
    """The IQS of the period asked for and of the period before it (reviews before ``split``)."""
    before = [r for r in found.reviews if in_period_before(r, split)]
    now = [r for r in found.reviews if not in_period_before(r, split)]
    return scores(now), scores(before)
