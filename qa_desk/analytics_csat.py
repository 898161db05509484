"""Customer satisfaction (CSAT) against the quality score: do the conversations reviewers score
high also leave customers happy, and which conversations disagree most?

One point per conversation that has a CSAT and at least one counted, scored review; its quality
score is the mean of those reviews' scores (several reviewers may have scored it). Both Pearson's
r (a straight-line relation) and Spearman's ρ (any rising relation; robust to CSAT being a few
whole numbers) are given with n and a 95% interval (Fisher's z).

Disagreement rule: each conversation gets a normalised rank on each side, u = (average rank −
0.5) / n, the share of conversations below it with ties counted half, so a CSAT of 5 and a score
of 100 are both "near the top" whatever the scales. The gap is u(CSAT) − u(quality). Conversations
with a gap of at least ``min_gap`` (default 0.5: half the conversations apart) are listed as
happy customers despite a low score, largest gap first; those at −``min_gap`` or below as unhappy
customers despite a high score. Each list holds at most ``limit`` conversations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qa_desk.analytics_base import counted_conditions, group_conditions
from qa_desk.db.models import Agent, Conversation, Review
from qa_desk.statistics import Correlation, average_ranks, pearson, spearman

MIN_GAP = 0.5


@dataclass(frozen=True)
class CsatPoint:
    """One conversation with both figures: the conversation (database id, external id and
    source, agent), its CSAT, its quality score and the counted reviews behind it, both
    normalised ranks (0–1) and their gap (CSAT rank minus quality rank)."""

    conversation_id: int
    conversation: str
    source: str
    agent: str | None
    csat: float
    quality: float
    reviews: int
    review_ids: tuple[int, ...]
    csat_rank: float
    quality_rank: float
    gap: float


@dataclass(frozen=True)
class CsatVsQuality:
    """CSAT against the quality score (see the module's description for the rules).

    ``pairs`` is the number of conversations with both; ``high_csat_low_quality`` and
    ``low_csat_high_quality`` are the conversations where they disagree most.
    """

    pairs: int
    pearson: Correlation
    spearman: Correlation
    high_csat_low_quality: list[CsatPoint]
    low_csat_high_quality: list[CsatPoint]
    min_gap: float


def csat_vs_quality(
    session: Session,
    *,
    agent_id: int | None = None,
    team_id: int | None = None,
    channel: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    rubric: str | None = None,
    min_gap: float = MIN_GAP,
    limit: int = 10,
) -> CsatVsQuality:
    """CSAT against the quality score over the conversations whose reviews are counted in the
    selection (reviews dated by submission, as everywhere)."""
    conditions = counted_conditions(date_from, date_to, rubric) + group_conditions(
        agent_id, team_id, None, channel
    )
    statement = (
        select(Conversation.id, Conversation.csat, func.count(Review.score), func.sum(Review.score))
        .select_from(Review)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .where(*conditions, Review.score.is_not(None), Conversation.csat.is_not(None))
        .group_by(Conversation.id, Conversation.csat)
    )
    ids: list[int] = []
    csat: list[float] = []
    quality: list[float] = []
    counts: list[int] = []
    for conversation_id, value, n, total in session.execute(statement):
        ids.append(conversation_id)
        csat.append(float(value))
        quality.append(float(total) / n)
        counts.append(int(n))
    n = len(ids)
    csat_ranks = [(r - 0.5) / n for r in average_ranks(csat)]
    quality_ranks = [(r - 0.5) / n for r in average_ranks(quality)]
    gaps = [c - q for c, q in zip(csat_ranks, quality_ranks, strict=True)]
    far = sorted(
        (i for i in range(n) if abs(gaps[i]) >= min_gap),
        key=lambda i: (-abs(gaps[i]), -counts[i], ids[i]),
    )
    high = [i for i in far if gaps[i] > 0][:limit]
    low = [i for i in far if gaps[i] < 0][:limit]
    details = _details(session, [ids[i] for i in high + low], conditions)

    def point(i: int) -> CsatPoint:
        external, source, agent, review_ids = details[ids[i]]
        return CsatPoint(
            ids[i], external, source, agent, csat[i], quality[i], counts[i], review_ids,
            csat_ranks[i], quality_ranks[i], gaps[i],
        )  # fmt: skip

    return CsatVsQuality(
        pairs=n,
        pearson=pearson(csat, quality),
        spearman=spearman(csat, quality),
        high_csat_low_quality=[point(i) for i in high],
        low_csat_high_quality=[point(i) for i in low],
        min_gap=min_gap,
    )


def _details(
    session: Session, conversation_ids: list[int], conditions: list
) -> dict[int, tuple[str, str, str | None, tuple[int, ...]]]:
    """External id, source, agent and counted scored review ids of a few conversations."""
    if not conversation_ids:
        return {}
    statement = (
        select(
            Conversation.id, Conversation.external_id, Conversation.source, Agent.name, Review.id
        )
        .select_from(Review)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .outerjoin(Agent, Agent.id == Conversation.agent_id)
        .where(*conditions, Review.score.is_not(None), Conversation.id.in_(conversation_ids))
        .order_by(Review.id)
    )
    found: dict[int, tuple[str, str, str | None, tuple[int, ...]]] = {}
    for conversation_id, external, source, agent, review_id in session.execute(statement):
        before = found.get(conversation_id, (external, source, agent, ()))
        found[conversation_id] = (external, source, agent, (*before[3], review_id))
    return found
