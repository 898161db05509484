"""What the conversation browser shows of the conversations on screen, and what its filters offer.

The browser pages through ids (:mod:`qa_desk.conversation_query`); the rows for the ids in view
are read here, a block at a time, each with its review summary: how many current submitted
reviews, whether a draft is in progress, and the latest score with its pass or fail.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_desk.conversation_query import ReviewStatus
from qa_desk.db.models import Agent, Conversation, ConversationTag, Review, Team


@dataclass(frozen=True)
class ConversationRow:
    """One line of the browser.

    Attributes:
        submitted_reviews: how many current, submitted reviews the conversation has.
        has_draft: whether a review of it is in progress.
        score, passed, critical_fail: of the latest current submitted review with a score
            (None without one; a review rated all N/A has no score).
    """

    id: int
    source: str
    external_id: str
    subject: str | None
    started_at: datetime | None
    agent: str | None
    team: str | None
    channel: str | None
    csat: float | None
    message_count: int
    submitted_reviews: int = 0
    has_draft: bool = False
    score: float | None = None
    passed: bool | None = None
    critical_fail: bool = False

    @property
    def review_status(self) -> ReviewStatus:
        if self.submitted_reviews:
            return ReviewStatus.REVIEWED
        return ReviewStatus.DRAFT if self.has_draft else ReviewStatus.NOT_REVIEWED


@dataclass(frozen=True)
class FilterChoices:
    """What the filter lists offer: agents and teams as (id, name), channels and tags."""

    agents: list[tuple[int, str]]
    teams: list[tuple[int, str]]
    channels: list[str]
    tags: list[str]


def rows_by_id(session: Session, ids: Iterable[int]) -> dict[int, ConversationRow]:
    """The browser rows of the conversations ``ids`` (missing ones are left out)."""
    wanted = list(ids)
    if not wanted:
        return {}
    c = Conversation
    reviews: dict[int, list[Any]] = {}
    review_columns = (
        Review.conversation_id, Review.status, Review.is_current, Review.score, Review.passed,
        Review.critical_fail, Review.submitted_at, Review.id,
    )  # fmt: skip
    statement = select(*review_columns).where(Review.conversation_id.in_(wanted))
    read = session.connection().execute  # Core: no ORM overhead for plain rows
    for review in read(statement):
        reviews.setdefault(review.conversation_id, []).append(review)
    columns = (
        c.id, c.source, c.external_id, c.subject, c.started_at, Agent.name, Team.name, c.channel,
        c.csat, c.message_count,
    )  # fmt: skip
    statement = (
        select(*columns)
        .outerjoin(Agent, Agent.id == c.agent_id)
        .outerjoin(Team, Team.id == c.team_id)
        .where(c.id.in_(wanted))
    )
    return {
        values[0]: ConversationRow(*values, **_review_summary(reviews.get(values[0], [])))
        for values in read(statement)
    }


def _review_summary(reviews: list[Any]) -> dict[str, Any]:
    submitted = [r for r in reviews if r.is_current and r.status == "submitted"]
    summary: dict[str, Any] = {
        "submitted_reviews": len(submitted),
        "has_draft": any(r.status == "draft" for r in reviews),
    }
    scored = [r for r in submitted if r.score is not None]
    if scored:  # the same review the score column sorts by (conversation_query._computed)
        latest = max(scored, key=lambda r: (r.submitted_at is not None, r.submitted_at, r.id))
        summary.update(
            score=latest.score, passed=latest.passed, critical_fail=bool(latest.critical_fail)
        )
    return summary


def filter_choices(session: Session) -> FilterChoices:
    """The agents, teams, channels and tags the filters can pick from, sorted by name."""
    c = Conversation
    channels = select(c.channel).where(c.channel.is_not(None)).distinct().order_by(c.channel)
    tags = select(ConversationTag.tag).distinct().order_by(ConversationTag.tag)
    return FilterChoices(
        agents=[
            tuple(r) for r in session.execute(select(Agent.id, Agent.name).order_by(Agent.name))
        ],
        teams=[tuple(r) for r in session.execute(select(Team.id, Team.name).order_by(Team.name))],
        channels=list(session.scalars(channels)),
        tags=list(session.scalars(tags)),
    )
