"""Which reviews a number on the Reports page stands on, and reading them.

Every figure the page shows carries a :class:`ReviewsBehind`: the same selection the figure was
computed from (period, team, agent, reviewer, criterion). :func:`find_reviews` lists those reviews
with :func:`qa_desk.analytics.reviews_behind`, narrowed where a figure needs more than its filter
can say (conversations without a team or agent, reviews that rated a criterion). Qt-free: it runs
in the worker and is tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from qa_desk.analytics import ReviewRef, reviews_behind
from qa_desk.analytics_base import counted_conditions
from qa_desk.db import Database
from qa_desk.db.models import Conversation, Rating, Review, Rubric, RubricVersion


@dataclass(frozen=True)
class ReviewsBehind:
    """The selection behind one number.

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


def find_reviews(db: Database, behind: ReviewsBehind) -> list[ReviewRef]:
    """The reviews behind a number, oldest first."""
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
    return refs
