"""What the reports read from the database: quality figures per group, per criterion and per
period, the rubrics' criteria, and the reviews with their ratings.

Every figure counts the reviews quality scores count (:func:`qa_desk.analytics.counted_reviews`:
current, submitted, non-calibration, dated by when they were submitted), narrowed to an agent (the
conversation's agent) or a team (the team the conversation was handled in). The database adds up
each group; an IQS comes with its n and 95% interval (:func:`qa_desk.statistics.mean_interval`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from qa_desk.analytics import GroupStats
from qa_desk.db.models import (
    Agent,
    Conversation,
    Rating,
    Review,
    Rubric,
    RubricVersion,
    Team,
    User,
)
from qa_desk.errors import InputError, Problem
from qa_desk.reports.scope import Scope
from qa_desk.rubric_store import definition_of
from qa_desk.statistics import mean_interval


@dataclass(frozen=True)
class CriterionInfo:
    """A criterion as reports name it: its rubric, id, name, section and whether it is critical."""

    rubric: str
    id: str
    name: str
    section: str
    critical: bool


@dataclass(frozen=True)
class CriterionStats:
    """A criterion's figures over some reviews: ratings counted (N/A left out), the mean fraction
    (0–1, no critical zeroing) and the share rated at least half-way up the scale."""

    ratings: int
    score: float | None
    pass_rate: float | None


def find_agent(session: Session, reference: str) -> Agent:
    """The agent with this external id, e-mail or name (ignoring case); :class:`InputError` when
    there is none or the name fits several."""
    key = reference.strip()
    folded = key.casefold()
    agents = list(session.scalars(select(Agent).order_by(Agent.id)))
    for matches in (
        [a for a in agents if a.external_id == key],
        [a for a in agents if (a.email or "").casefold() == folded],
        [a for a in agents if a.name.casefold() == folded],
    ):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            ids = ", ".join(a.external_id or str(a.id) for a in matches)
            raise InputError(
                Problem(
                    "", "agent", f"'{reference}' fits {len(matches)} agents ({ids}); use the id"
                )
            )
    raise InputError(Problem("", "agent", f"no agent '{reference}' (by id, e-mail or name)"))


def find_team(session: Session, name: str) -> Team:
    """The team of this name (ignoring case); :class:`InputError` when there is none."""
    teams = list(session.scalars(select(Team).order_by(Team.name)))
    for team in teams:
        if team.name.casefold() == name.strip().casefold():
            return team
    known = ", ".join(t.name for t in teams) or "none yet"
    raise InputError(Problem("", "team", f"no team '{name}' (teams: {known})"))


def stats(
    label: str, n: int, total: float, squares: float, passed: int, critical: int
) -> GroupStats:
    """A group's figures from its sums (scores in percent)."""
    interval = mean_interval(n, total, squares)
    return GroupStats(
        group=label,
        reviews=n,
        iqs=interval.mean,
        ci_low=interval.low,
        ci_high=interval.high,
        pass_rate=passed / n if n else None,
        critical_fails=critical,
    )


Sums = tuple[int, float, float, int, int]
"""A group's scored reviews, the sum of their scores and of their squares, passes, critical fails."""


def sums_by(session: Session, scope: Scope, key: Any = None) -> dict[Any, Sums]:
    """The sums behind the figures per value of ``key`` (a column of reviews or conversations;
    None: one group, under the key None). Groups without a scored review are left out."""
    found = _sums(session, scope, [key] if key is not None else [])
    return {group[0] if key is not None else None: sums for group, sums in found.items()}


def _sums(session: Session, scope: Scope, keys: list[Any]) -> dict[tuple[Any, ...], Sums]:
    """The sums per combination of the values of ``keys`` (a tuple of them)."""
    score = Review.score
    groups = [scope.unindexed(key) for key in keys]
    statement = (
        select(
            *groups,
            func.count(score),
            func.sum(score),
            func.sum(score * score),
            func.sum(case((Review.passed.is_(True), 1), else_=0)),
            func.sum(case((Review.critical_fail.is_(True), 1), else_=0)),
        )
        .select_from(Review)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .where(*scope.conditions(), score.is_not(None))
        .group_by(*groups)
    )
    result: dict[tuple[Any, ...], Sums] = {}
    for row in session.execute(statement):
        n, total, squares, passed, critical = row[len(keys) :]
        if n:
            result[tuple(row[: len(keys)])] = (
                int(n), float(total), float(squares), int(passed), int(critical)
            )  # fmt: skip
    return result


def figures_by(session: Session, scope: Scope, key: Any = None) -> dict[Any, GroupStats]:
    """Quality figures per value of ``key`` (see :func:`sums_by`)."""
    return {group: stats(str(group), *s) for group, s in sums_by(session, scope, key).items()}


class FigureCache:
    """Quality figures read through one session, each grouping of each scope asked of the
    database once: a workbook shows the same figures (everyone's, per agent, per reviewer) on
    several sheets. Everyone's, each agent's and each team's come from one statement (grouped by
    agent and team, then added up)."""

    _PAIRED = (Conversation.agent_id, Conversation.team_id)

    def __init__(self, session: Session):
        self.session = session
        self._found: dict[tuple[Scope, str], dict[Any, GroupStats]] = {}
        self._pairs: dict[Scope, dict[tuple[Any, ...], Sums]] = {}

    def by(self, scope: Scope, key: Any = None) -> dict[Any, GroupStats]:
        """Like :func:`figures_by`."""
        name = (scope, str(key))
        if name not in self._found:
            paired = [str(k) for k in self._PAIRED]
            if key is None or str(key) in paired:
                if scope not in self._pairs:
                    self._pairs[scope] = _sums(self.session, scope, list(self._PAIRED))
                place = paired.index(str(key)) if key is not None else None
                merged: dict[Any, list[float]] = {}
                for group, sums in self._pairs[scope].items():
                    total = merged.setdefault(None if place is None else group[place], [0] * 5)
                    for i, value in enumerate(sums):
                        total[i] += value
                self._found[name] = {
                    group: stats(str(group), int(n), total, squares, int(passed), int(critical))
                    for group, (n, total, squares, passed, critical) in merged.items()
                }
            else:
                self._found[name] = figures_by(self.session, scope, key)
        return self._found[name]

    def overall(self, scope: Scope) -> GroupStats | None:
        """Like :func:`figures`."""
        return self.by(scope).get(None)


def weekly_figures(session: Session, scope: Scope) -> list[GroupStats]:
    """Quality figures per ISO week (``2026-W07``) of the day submitted (UTC), in time order."""
    weeks: dict[str, list[float]] = {}
    for day, sums in sums_by(session, scope, func.date(Review.submitted_at)).items():
        when = date.fromisoformat(day) if isinstance(day, str) else day
        year, week, _ = when.isocalendar()
        merged = weeks.setdefault(f"{year}-W{week:02d}", [0, 0.0, 0.0, 0, 0])
        for i, value in enumerate(sums):
            merged[i] += value
    return [
        stats(label, int(n), total, squares, int(passed), int(critical))
        for label, (n, total, squares, passed, critical) in sorted(weeks.items())
    ]


def reviewer_extras(session: Session, scope: Scope) -> dict[int, tuple[int, float | None]]:
    """Per reviewer id: how many agents they reviewed and their mean minutes per review."""
    statement = (
        select(
            scope.unindexed(Review.reviewer_id),
            func.count(func.distinct(Conversation.agent_id)),
            func.avg(Review.time_spent_seconds),
        )
        .join(Conversation, Conversation.id == Review.conversation_id)
        .where(*scope.conditions())
        .group_by(scope.unindexed(Review.reviewer_id))
    )
    return {
        reviewer: (int(agents), None if seconds is None else float(seconds) / 60.0)
        for reviewer, agents, seconds in session.execute(statement)
    }


def count_reviews(session: Session, scope: Scope) -> int:
    """How many reviews ``scope`` holds (scored or not)."""
    statement = (
        select(func.count(Review.id))
        .join(Conversation, Conversation.id == Review.conversation_id)
        .where(*scope.conditions())
    )
    return int(session.scalar(statement) or 0)


def figures(session: Session, scope: Scope) -> GroupStats | None:
    """The figures of every review in ``scope`` together (None without a scored review)."""
    return figures_by(session, scope).get(None)


def criterion_stats_by(
    session: Session, scope: Scope, key: Any = None
) -> dict[tuple[Any, str, str], CriterionStats]:
    """Per value of ``key`` (None: everything), rubric and criterion: the criterion's figures."""
    keys = [key] if key is not None else []
    statement = (
        select(
            *keys,
            Review.rubric_version_id,
            Rating.criterion_id,
            func.count(Rating.fraction),
            func.sum(Rating.fraction),
            func.sum(case((Rating.fraction >= 0.5, 1), else_=0)),
        )
        .select_from(Rating)
        .join(Review, Review.id == Rating.review_id)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .where(*scope.conditions(), Rating.fraction.is_not(None))
        .group_by(*keys, Review.rubric_version_id, Rating.criterion_id)
    )
    rubric_of = rubric_keys(session)
    sums: dict[tuple[Any, str, str], tuple[int, float, int]] = {}
    for row in session.execute(statement):
        group = row[0] if key is not None else None
        version_id, criterion, n, total, passed = row[len(keys) :]
        name = (group, rubric_of[version_id], criterion)
        before = sums.get(name, (0, 0.0, 0))
        sums[name] = (before[0] + n, before[1] + float(total or 0), before[2] + int(passed or 0))
    return {
        name: CriterionStats(n, total / n if n else None, passed / n if n else None)
        for name, (n, total, passed) in sums.items()
    }


def rubric_versions(session: Session) -> dict[int, tuple[str, int]]:
    """Rubric version id → the rubric's id (``support-core``) and the version number."""
    statement = select(RubricVersion.id, Rubric.key, RubricVersion.version).join(
        Rubric, Rubric.id == RubricVersion.rubric_id
    )
    return {version_id: (key, number) for version_id, key, number in session.execute(statement)}


def rubric_keys(session: Session) -> dict[int, str]:
    """Rubric version id → the rubric's id (``support-core``)."""
    return {version_id: key for version_id, (key, _) in rubric_versions(session).items()}


def criteria_in(session: Session, scope: Scope) -> list[CriterionInfo]:
    """The criteria of the rubric versions the reviews in ``scope`` were made with, in rubric
    order (rubrics by id; names from the newest version; criteria only older versions have last)."""
    version_ids = session.scalars(
        select(Review.rubric_version_id)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .where(*scope.conditions())
        .distinct()
    ).all()
    versions = session.scalars(
        select(RubricVersion)
        .where(RubricVersion.id.in_(version_ids))
        .order_by(RubricVersion.version.desc())
    ).all()
    keys = rubric_keys(session)
    found: dict[tuple[str, str], CriterionInfo] = {}
    for version in versions:
        rubric_key = keys[version.id]
        for section in definition_of(version).sections:
            for criterion in section.criteria:
                found.setdefault(
                    (rubric_key, criterion.id),
                    CriterionInfo(
                        rubric_key, criterion.id, criterion.name, section.name, criterion.critical
                    ),
                )
    order = {key: i for i, key in enumerate(found)}
    return sorted(found.values(), key=lambda c: (c.rubric, order[(c.rubric, c.id)]))


def column_names(criteria: list[CriterionInfo], taken: Iterable[str] = ()) -> list[str]:
    """A header for each criterion: its name, with the rubric added where names repeat (tables
    need headers that differ ignoring case)."""
    seen = {t.casefold() for t in taken}
    names = []
    for criterion in criteria:
        name = criterion.name.strip() or criterion.id
        if name.casefold() in seen:
            name = f"{name} ({criterion.rubric})"
        suffix = 2
        base = name
        while name.casefold() in seen:
            name, suffix = f"{base} {suffix}", suffix + 1
        seen.add(name.casefold())
        names.append(name)
    return names


def iter_reviews(session: Session, scope: Scope, batch: int = 5_000) -> Iterator[Any]:
    """The reviews in ``scope``, oldest first, as rows with ``id, submitted_at, source,
    conversation, channel, subject, started_at, agent, team, reviewer, version_id, score, passed,
    critical_fail, comment, time_spent_seconds``."""
    statement = (
        select(
            Review.id,
            Review.submitted_at,
            Conversation.source,
            Conversation.external_id.label("conversation"),
            Conversation.channel,
            Conversation.subject,
            Conversation.started_at,
            Agent.name.label("agent"),
            Team.name.label("team"),
            User.name.label("reviewer"),
            Review.rubric_version_id.label("version_id"),
            Review.score,
            Review.passed,
            Review.critical_fail,
            Review.comment,
            Review.time_spent_seconds,
        )
        .join(Conversation, Conversation.id == Review.conversation_id)
        .outerjoin(Agent, Agent.id == Conversation.agent_id)
        .outerjoin(Team, Team.id == Conversation.team_id)
        .join(User, User.id == Review.reviewer_id)
        .where(*scope.conditions())
        .order_by(Review.submitted_at, Review.id)
        .execution_options(yield_per=batch)
    )
    yield from session.execute(statement)


def ratings_of(
    session: Session, scope: Scope
) -> dict[int, dict[str, tuple[str, float | None, str | None]]]:
    """Review id → criterion id → (rating as written, fraction, the rating's comment)."""
    statement = (
        select(Rating.review_id, Rating.criterion_id, Rating.value, Rating.fraction, Rating.comment)
        .join(Review, Review.id == Rating.review_id)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .where(*scope.conditions())
    )
    result: dict[int, dict[str, tuple[str, float | None, str | None]]] = {}
    values: dict[str, str] = {}  # one string object per distinct rating: a million stay small
    for review_id, criterion, value, fraction, comment in session.execute(statement):
        value = values.setdefault(value, value)
        result.setdefault(review_id, {})[criterion] = (value, fraction, comment)
    return result
