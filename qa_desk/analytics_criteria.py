"""Criterion scores: per criterion of a rubric, the mean of its fractions in percent over the counted
reviews that rated it (N/A left out, no critical zeroing, as DESIGN.md defines it), with the number
of ratings and a 95% interval, for any group of reviews; and the agents × criteria table a heat map
shows.

A cell with fewer than ``min_ratings`` ratings (default :data:`MIN_RATINGS`) is still given, with
its n, but marked as not enough to mean much (``enough`` is False), so a screen can grey it out
rather than colour it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, String, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from qa_desk.analytics_base import (
    CriterionInfo,
    GroupStats,
    Sums,
    add_sums,
    counted_conditions,
    criterion_catalog,
    describe,
    group_conditions,
    needs_conversation,
    rubric_keys,
    stats_of,
    sums_columns,
)
from qa_desk.db.models import Agent, Conversation, Rating, Review, Team
from qa_desk.statistics import mean_interval

MIN_RATINGS = 5
"""The fewest ratings a criterion figure needs before it is called weak or strong."""

CriterionSums = tuple[int, float, float, int, int]
"""Per criterion: ratings, sum and sum of squares of their percentages, ratings below half the
scale (fraction < 0.5, for a critical criterion the critical fails) and below its top
(fraction < 1)."""


@dataclass(frozen=True)
class CriterionCell:
    """A criterion's figures over a group of reviews.

    Attributes:
        ratings: how many ratings (not N/A) stand behind the score.
        score: the mean fraction in percent; None without ratings.
        ci_low, ci_high: its 95% interval (None with fewer than two ratings).
        below_half: ratings below the middle of the scale (critical fails on a critical criterion).
        below_top: ratings below the top of the scale (anything short of full marks).
        enough: whether ``ratings`` reaches the minimum asked for.
    """

    ratings: int
    score: float | None
    ci_low: float | None
    ci_high: float | None
    below_half: int
    below_top: int
    enough: bool


def cell_of(sums: CriterionSums, min_ratings: int = MIN_RATINGS) -> CriterionCell:
    """The figures of a criterion from its sums."""
    n, total, squares, below_half, below_top = sums
    interval = mean_interval(n, total, squares)
    return CriterionCell(
        n, interval.mean, interval.low, interval.high, below_half, below_top, n >= min_ratings
    )


def criterion_sums(
    session: Session,
    conditions: list[ColumnElement[bool]],
    keys: tuple[Any, ...] = (),
) -> dict[tuple[Any, ...], CriterionSums]:
    """Sums per ``(*keys, rubric id, criterion id)`` over the ratings (not N/A) of the reviews
    meeting ``conditions`` (``conversations`` is joined when they or ``keys`` need it).

    This reads every rating in the selection (a million for 100,000 reviews): the database adds
    up plain fractions, the percentages are made here, once per group."""
    fraction = Rating.fraction
    # "+criterion_id": SQLite would otherwise walk ix_ratings_criterion_id for the grouping and
    # look every rating up in the table; this way it reads the reviews and, for each, the
    # covering index of its ratings (about a third faster; the grouping sorts either way)
    criterion: Any = Rating.criterion_id
    if session.get_bind().dialect.name == "sqlite":
        criterion = UnaryExpression(criterion, operator=custom_op("+"), type_=String())
    group = (*keys, criterion, Review.rubric_version_id)
    statement = (
        select(
            *group,
            func.count(fraction),
            func.sum(fraction),
            func.sum(fraction * fraction),
            func.sum(case((fraction < 0.5, 1), else_=0)),
            func.sum(case((fraction < 1.0, 1), else_=0)),
        )
        .select_from(Rating)
        .join(Review, Review.id == Rating.review_id)
        .where(*conditions, fraction.is_not(None))
        .group_by(*group)
    )
    if needs_conversation(*conditions, *keys):
        statement = statement.join(Conversation, Conversation.id == Review.conversation_id)
    versions = rubric_keys(session)
    sums: dict[tuple[Any, ...], CriterionSums] = {}
    width = len(keys)
    for row in session.execute(statement):
        criterion, version, n, total, squares, below_half, below_top = row[width:]
        key = (*row[:width], versions.get(version, "?"), criterion)
        percent = (n, 100.0 * (total or 0.0), 10_000.0 * (squares or 0.0), below_half, below_top)
        add_sums(sums, key, percent)
    return sums


@dataclass(frozen=True)
class AgentRow:
    """A row of the heat map: the agent (``agent_id`` None for conversations without one), the
    agent's team, and their quality figures over the same reviews."""

    agent_id: int | None
    agent: str
    team: str | None
    quality: GroupStats


@dataclass(frozen=True)
class CriterionColumn:
    """A column of the heat map: the criterion and its figures over every row."""

    info: CriterionInfo
    overall: CriterionCell


@dataclass(frozen=True)
class CriteriaMatrix:
    """Agents × criteria: each cell the agent's score on the criterion with its n.

    ``agents`` are ordered by name, ``criteria`` by rubric and their place in it; ``cells`` holds
    a cell for every agent and criterion with at least one rating, keyed by ``(agent id, rubric
    id, criterion id)``. Drill down with :func:`qa_desk.analytics_base.reviews_behind`
    (``agent_id`` and the same dates and rubric).
    """

    agents: list[AgentRow]
    criteria: list[CriterionColumn]
    cells: dict[tuple[int | None, str, str], CriterionCell] = field(default_factory=dict)
    min_ratings: int = MIN_RATINGS

    def cell(self, agent_id: int | None, rubric: str, criterion: str) -> CriterionCell | None:
        """The cell of an agent and a criterion; None when the agent has no rating of it."""
        return self.cells.get((agent_id, rubric, criterion))


def criteria_by_agent(
    session: Session,
    *,
    team_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    rubric: str | None = None,
    min_ratings: int = MIN_RATINGS,
) -> CriteriaMatrix:
    """Every agent's score on every criterion (a heat map), optionally for one team's
    conversations, a period and a rubric."""
    conditions = counted_conditions(date_from, date_to, rubric) + group_conditions(team_id=team_id)
    sums = criterion_sums(session, conditions, (Conversation.agent_id,))
    catalog = criterion_catalog(session)
    overall: dict[tuple[str, str], CriterionSums] = {}
    cells: dict[tuple[int | None, str, str], CriterionCell] = {}
    for (agent_id, rubric_key, criterion), row in sums.items():
        add_sums(overall, (rubric_key, criterion), row)
        cells[(agent_id, rubric_key, criterion)] = cell_of(row, min_ratings)
    columns = [
        CriterionColumn(describe(catalog, *key), cell_of(row, min_ratings))
        for key, row in overall.items()
    ]
    columns.sort(key=lambda c: (c.info.rubric, c.info.order, c.info.criterion))
    agents = _agent_rows(session, conditions, {agent_id for agent_id, _, _ in cells})
    return CriteriaMatrix(agents, columns, cells, min_ratings)


def _agent_rows(
    session: Session, conditions: list[ColumnElement[bool]], agent_ids: set[int | None]
) -> list[AgentRow]:
    statement = (
        select(Conversation.agent_id, *sums_columns(Review.score))
        .select_from(Review)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .where(*conditions, Review.score.is_not(None))
        .group_by(Conversation.agent_id)
    )
    quality: dict[Any, Sums] = {}
    for agent_id, *row in session.execute(statement):
        add_sums(quality, agent_id, tuple(row))
    names = {
        agent_id: (name, team)
        for agent_id, name, team in session.execute(
            select(Agent.id, Agent.name, Team.name).outerjoin(Team, Team.id == Agent.team_id)
        )
    }
    rows = []
    for agent_id in agent_ids | set(quality):
        name, team = names.get(agent_id, ("(no agent)", None))
        sums = quality.get(agent_id, (0, 0.0, 0.0, 0, 0))
        rows.append(AgentRow(agent_id, name, team, stats_of(name, sums)))
    rows.sort(key=lambda r: (r.agent.casefold(), r.agent_id or 0))
    return rows
