"""One agent's quality over a period, as a coach reads it before a one-on-one: the quality score
against the team and the previous period, the weakest and strongest criteria, the reviews that
pulled the score down, what reviewers wrote on low ratings, and the root causes they ticked.

- A criterion's score is the mean of its fractions over the agent's reviews that rated it; its
  ``points_lost`` are the quality-score points it cost: the mean, over the agent's scored reviews,
  of how much higher each review would have scored with that criterion rated at the top of its
  scale (critical fails included: a failed critical criterion costs the whole review). The
  weakest criteria are those that cost the most points; the strongest those with the highest
  score (ties: further above the team). Only criteria with at least ``min_ratings`` ratings are
  called either; every criterion is in ``criteria`` with its number of ratings.
- The reviews that pulled the score down are the scored reviews below the agent's quality score,
  lowest first; ``impact`` is how many points the quality score would rise without that review.
- Comments: every rating comment on a rating below the top of its scale, and the review comment
  of every review that did not pass (a critical fail included).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from qa_desk.analytics_base import (
    CriterionInfo,
    GroupStats,
    ReviewRef,
    Sums,
    add_sums,
    counted_conditions,
    criterion_catalog,
    describe,
    group_conditions,
    moments,
    reviews_behind,
    stats_of,
    sums_columns,
)
from qa_desk.analytics_criteria import MIN_RATINGS, CriterionSums, cell_of, criterion_sums
from qa_desk.analytics_feedback import (
    AgentRating,
    LowReview,
    ReviewerComment,
    RootCauseCount,
    low_reviews,
    reviewer_comments,
    root_cause_counts,
)
from qa_desk.db.models import Agent, Conversation, Rating, Review, RubricVersion
from qa_desk.periods import previous_period
from qa_desk.rubric import Rubric as RubricDefinition
from qa_desk.rubric_store import definition_of
from qa_desk.statistics import Difference, difference_from_whole, difference_interval
from qa_desk.trends import agent_team


@dataclass(frozen=True)
class CriterionResult:
    """The agent's figures on one criterion (scores in percent, see the module's description)."""

    rubric: str
    criterion: str
    name: str
    section: str
    weight: int
    critical: bool
    ratings: int
    score: float | None
    ci_low: float | None
    ci_high: float | None
    below_half: int
    below_top: int
    points_lost: float
    team_score: float | None
    team_ratings: int
    vs_team: Difference | None
    enough: bool


@dataclass(frozen=True)
class AgentProfile:
    """One agent over one period (see the module's description).

    ``previous`` covers the period before (:func:`qa_desk.periods.previous_period`: the month before
    a whole month, else as many days just before; only when both dates are given), from
    ``previous_from`` to ``previous_to``;
    ``reviews`` lists every counted review behind the figures, oldest first.
    """

    agent_id: int
    agent: str
    team_id: int | None
    team: str | None
    date_from: date | None
    date_to: date | None
    rubric: str | None
    min_ratings: int
    quality: GroupStats
    team_quality: GroupStats | None
    vs_team: Difference | None
    previous: GroupStats | None
    change: Difference | None
    criteria: list[CriterionResult]
    weakest: list[CriterionResult]
    strongest: list[CriterionResult]
    low_reviews: list[LowReview]
    comments: list[ReviewerComment]
    root_causes: list[RootCauseCount]
    reviews: list[ReviewRef]
    previous_from: date | None = None
    previous_to: date | None = None


def _sums(session: Session, conditions: list[ColumnElement[bool]]) -> Sums:
    statement = (
        select(*sums_columns(Review.score))
        .select_from(Review)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .where(*conditions, Review.score.is_not(None))
    )
    sums: dict[Any, Sums] = {}
    add_sums(sums, None, tuple(session.execute(statement).one()))
    return sums[None]


def agent_profile(
    session: Session,
    agent_id: int,
    date_from: date | None = None,
    date_to: date | None = None,
    rubric: str | None = None,
    *,
    min_ratings: int = MIN_RATINGS,
    top: int = 3,
    lowest: int = 10,
) -> AgentProfile:
    """The agent's profile over the period (inclusive dates, None for open ends) and rubric.

    ``top`` criteria are named weakest and strongest, ``lowest`` reviews listed as pulling the
    score down. Raises KeyError for an unknown agent."""
    name = session.scalar(select(Agent.name).where(Agent.id == agent_id))
    if name is None:
        raise KeyError(agent_id)
    team_id, team_name = agent_team(session, agent_id)
    scope = counted_conditions(date_from, date_to, rubric)
    mine = scope + group_conditions(agent_id=agent_id)
    reviews = reviews_behind(
        session, agent_id=agent_id, date_from=date_from, date_to=date_to, rubric=rubric
    )
    own = _sums(session, mine)
    quality = stats_of(name, own)
    team_quality = vs_team = None
    inside_team = False
    if team_id is not None:
        team_sums = _sums(session, scope + group_conditions(team_id=team_id))
        inside = _sums(session, mine + group_conditions(team_id=team_id))
        inside_team = inside[0] == own[0]
        team_quality = stats_of(team_name or "", team_sums)
        vs_team = _difference(own, team_sums, inside_team)
    previous = change = start = end = None
    if date_from is not None and date_to is not None:
        earlier_period = previous_period(date_from, date_to)  # as the Reports page and workbooks
        start, end = earlier_period.start, earlier_period.end
        before = counted_conditions(start, end, rubric)
        earlier = _sums(session, before + group_conditions(agent_id=agent_id))
        previous = stats_of(name, earlier)
        change = difference_interval(moments(own), moments(earlier))
    ratings = _ratings(session, mine)
    catalog = criterion_catalog(session)
    team_criteria = (
        criterion_sums(session, scope + group_conditions(team_id=team_id))
        if team_id is not None
        else {}
    )
    refs = {r.review_id: r for r in reviews}
    criteria = _criteria(session, ratings, refs, catalog, team_criteria, inside_team, min_ratings)
    enough = [c for c in criteria if c.enough]
    weakest = sorted(
        (c for c in enough if c.points_lost > 0),
        key=lambda c: (-c.points_lost, c.score or 0.0, c.criterion),
    )[:top]
    strongest = sorted(
        (c for c in enough if c not in weakest),
        key=lambda c: (-(c.score or 0.0), -(c.vs_team.value if c.vs_team else 0.0), -c.ratings),
    )[:top]
    return AgentProfile(
        agent_id=agent_id, agent=name, team_id=team_id, team=team_name, date_from=date_from,
        date_to=date_to, rubric=rubric, min_ratings=min_ratings, quality=quality,
        team_quality=team_quality, vs_team=vs_team, previous=previous, change=change,
        previous_from=start, previous_to=end, criteria=criteria, weakest=weakest, strongest=strongest,
        low_reviews=low_reviews(refs, ratings, catalog, quality, lowest),
        comments=reviewer_comments(refs, ratings, catalog),
        root_causes=root_cause_counts(ratings, refs, catalog),
        reviews=reviews,
    )  # fmt: skip


def _difference(own: Sums, team: Sums, inside_team: bool) -> Difference | None:
    if inside_team:
        return difference_from_whole(moments(own), moments(team))
    return difference_interval(moments(own), moments(team))


def _ratings(session: Session, conditions: list[ColumnElement[bool]]) -> list[AgentRating]:
    statement = (
        select(
            Rating.review_id,
            Review.rubric_version_id,
            Rating.criterion_id,
            Rating.value,
            Rating.fraction,
            Rating.comment,
            Rating.root_causes,
        )
        .join(Review, Review.id == Rating.review_id)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .where(*conditions)
        .order_by(Rating.review_id, Rating.id)
    )
    return [(*row[:6], list(row[6] or [])) for row in session.execute(statement)]


def _points_lost(
    session: Session, ratings: list[AgentRating], refs: dict[int, ReviewRef]
) -> dict[tuple[str, str], float]:
    """Per ``(rubric id, criterion id)``: the score points lost, summed over the scored reviews."""
    rubrics: dict[int, RubricDefinition] = {}
    by_review: dict[int, tuple[int, dict[str, str]]] = {}
    for review_id, version_id, criterion, value, *_ in ratings:
        by_review.setdefault(review_id, (version_id, {}))[1][criterion] = value
    lost: dict[tuple[str, str], float] = {}
    for review_id, (version_id, values) in by_review.items():
        ref = refs.get(review_id)
        if ref is None or ref.score is None:
            continue
        rubric = rubrics.get(version_id)
        if rubric is None:
            rubric = rubrics[version_id] = definition_of(session.get_one(RubricVersion, version_id))
        for criterion in rubric.criteria():
            value = values.get(criterion.id)
            best = criterion.scale.values[-1]
            if value is None or value == "NA" or value == best:
                continue
            better = rubric.score({**values, criterion.id: best}).score or 0.0
            key = (ref.rubric, criterion.id)
            lost[key] = lost.get(key, 0.0) + max(0.0, better - ref.score)
    return lost


def _criteria(
    session: Session,
    ratings: list[AgentRating],
    refs: dict[int, ReviewRef],
    catalog: dict[tuple[str, str], CriterionInfo],
    team: dict[tuple[Any, ...], CriterionSums],
    inside_team: bool,
    min_ratings: int,
) -> list[CriterionResult]:
    sums: dict[tuple[str, str], CriterionSums] = {}
    for review_id, _, criterion, _, fraction, *_ in ratings:
        if fraction is None or review_id not in refs:
            continue
        percent = fraction * 100.0
        row = (1, percent, percent * percent, int(fraction < 0.5), int(fraction < 1.0))
        add_sums(sums, (refs[review_id].rubric, criterion), row)
    scored = sum(1 for r in refs.values() if r.score is not None)
    lost = _points_lost(session, ratings, refs)
    results = []
    for key, row in sums.items():
        info = describe(catalog, *key)
        cell = cell_of(row, min_ratings)
        team_row = team.get(key, (0, 0.0, 0.0, 0, 0))
        team_cell = cell_of(team_row, min_ratings)
        results.append(
            CriterionResult(
                rubric=info.rubric, criterion=info.criterion, name=info.name,
                section=info.section, weight=info.weight, critical=info.critical,
                ratings=cell.ratings, score=cell.score, ci_low=cell.ci_low, ci_high=cell.ci_high,
                below_half=cell.below_half, below_top=cell.below_top,
                points_lost=lost.get(key, 0.0) / scored if scored else 0.0,
                team_score=team_cell.score, team_ratings=team_cell.ratings,
                vs_team=_difference(row, team_row, inside_team) if team_row[0] else None,
                enough=cell.enough,
            )
        )  # fmt: skip
    results.sort(key=lambda c: (c.rubric, describe(catalog, c.rubric, c.criterion).order))
    return results


def agents(session: Session) -> list[tuple[int, str]]:
    """Every agent with at least one conversation, as ``(id, name)`` ordered by name (for a
    picker)."""
    statement = (
        select(Agent.id, Agent.name)
        .where(Agent.id.in_(select(Conversation.agent_id).distinct()))
        .order_by(Agent.name, Agent.id)
    )
    return [(agent_id, name) for agent_id, name in session.execute(statement)]
