"""Quality over time: week or month series of the quality score (IQS) for everyone, a team, an
agent, a reviewer or a channel, with the change against the previous period and, for an agent,
against their team over the same period.

Periods are ISO weeks (Monday to Sunday, labelled ``2026-W07``) or calendar months (``2026-03``)
of the review's submission time in UTC, as ``qa-desk stats --by week|month`` counts them. Every
period from the first to the last is in a series, those without reviews too (``reviews == 0``), so
a chart's time axis has no silent gaps. A change is a :class:`~qa_desk.statistics.Difference`:
this period's IQS minus the other's, with both numbers of reviews and a 95% interval (Welch).

An agent is compared with the team of the conversations they answered that :class:`Agent` names
(``Agent.team_id``, the agent's current team), all its reviews in the period, the agent's
included, as a team scorecard shows it; the interval of that difference accounts for the
overlap (see :func:`qa_desk.statistics.difference_from_whole`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from qa_desk.analytics_base import (
    NO_SUMS,
    GroupStats,
    Sums,
    add_sums,
    as_period_start,
    counted_conditions,
    group_conditions,
    moments,
    next_period,
    period_day,
    period_label,
    periods_between,
    rubric_keys,
    stats_of,
    sums_columns,
)
from qa_desk.db.models import Agent, Conversation, Review, Team, User
from qa_desk.statistics import Difference, difference_from_whole, difference_interval

TREND_GROUPINGS = ("agent", "team", "reviewer", "channel", "rubric")


@dataclass(frozen=True)
class TrendPoint:
    """One period of a series.

    Attributes:
        period: its label (``2026-W07``, ``2026-03``).
        start, end: its first and last day (inclusive), cut to the dates asked for: pass them to
            :func:`qa_desk.analytics_base.reviews_behind` to list the reviews behind the point.
        stats: the quality figures of the period (``group`` is the label).
        change: against the previous period of the series; None when either has no reviews.
        team: the agent's team in the same period (agent series only).
        vs_team: the agent's IQS minus the team's (agent series only; None without reviews).
    """

    period: str
    start: date
    end: date
    stats: GroupStats
    change: Difference | None
    team: GroupStats | None = None
    vs_team: Difference | None = None


@dataclass(frozen=True)
class Trend:
    """A series of periods for one subject.

    ``subject`` is the name shown (``everyone``, an agent, a team, a reviewer, a channel or a
    rubric id); ``key`` identifies it for a drill-down (the agent, team or reviewer id, the
    channel, the rubric id; None for everyone); ``team`` names the team an agent is compared with.
    """

    subject: str
    key: int | str | None
    period: str
    points: list[TrendPoint]
    team: str | None = None

    @property
    def reviews(self) -> int:
        """The scored reviews behind the whole series."""
        return sum(p.stats.reviews for p in self.points)


def _series_sums(
    session: Session,
    period: str,
    conditions: list[ColumnElement[bool]],
    keys: tuple[Any, ...] = (),
) -> dict[tuple[Any, ...], Sums]:
    """Sums per ``(*keys, period start)`` of the counted, scored reviews meeting ``conditions``
    (which may name ``conversations``: it is always joined)."""
    day = period_day(session, period)
    statement = (
        select(*keys, day, *sums_columns(Review.score))
        .select_from(Review)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .where(*conditions, Review.score.is_not(None))
        .group_by(*keys, day)
    )
    sums: dict[tuple[Any, ...], Sums] = {}
    for row in session.execute(statement):
        start = as_period_start(row[len(keys)], period)
        add_sums(sums, (*row[: len(keys)], start), tuple(row[len(keys) + 1 :]))
    return sums


def _starts(
    found: list[date], period: str, date_from: date | None, date_to: date | None
) -> list[date]:
    """Every period start the series shows: the dates asked for, else the data's span."""
    if not found and (date_from is None or date_to is None):
        return []
    first = date_from or min(found)
    last = date_to or max(found)
    return periods_between(first, last, period)


def _points(
    series: dict[date, Sums],
    period: str,
    starts: list[date],
    date_from: date | None,
    date_to: date | None,
    team: dict[date, tuple[Sums, Sums]] | None = None,
) -> list[TrendPoint]:
    """The points of one series at ``starts``; ``team`` maps a period to (the agent's reviews in
    the team, the team's) for an agent's comparison."""
    points: list[TrendPoint] = []
    previous: Sums | None = None
    for start in starts:
        sums = series.get(start, NO_SUMS)
        label = period_label(start, period)
        last = next_period(start, period) - timedelta(days=1)
        team_stats = vs_team = None
        if team is not None:
            inside, whole = team.get(start, (NO_SUMS, NO_SUMS))
            team_stats = stats_of(label, whole)
            vs_team = _vs_team(sums, inside, whole)
        points.append(
            TrendPoint(
                period=label,
                start=max(start, date_from) if date_from else start,
                end=min(last, date_to) if date_to else last,
                stats=stats_of(label, sums),
                change=difference_interval(moments(sums), moments(previous))
                if previous is not None
                else None,
                team=team_stats,
                vs_team=vs_team,
            )
        )
        previous = sums
    return points


def _vs_team(agent: Sums, inside: Sums, team: Sums) -> Difference | None:
    """The agent's IQS minus the team's: exact when all the agent's reviews are the team's,
    else (an agent who moved teams) Welch's interval ignoring the overlap."""
    if inside[0] == agent[0]:
        return difference_from_whole(moments(agent), moments(team))
    return difference_interval(moments(agent), moments(team))


def agent_team(session: Session, agent_id: int) -> tuple[int | None, str | None]:
    """The team an agent is compared with: the agent's team, else the team of most of the
    conversations they answered; ``(None, None)`` when there is none."""
    team_id = session.scalar(select(Agent.team_id).where(Agent.id == agent_id))
    if team_id is None:
        counts = Counter(
            session.scalars(
                select(Conversation.team_id).where(
                    Conversation.agent_id == agent_id, Conversation.team_id.is_not(None)
                )
            )
        )
        team_id = counts.most_common(1)[0][0] if counts else None
    if team_id is None:
        return None, None
    return team_id, session.scalar(select(Team.name).where(Team.id == team_id))


def trend(
    session: Session,
    period: str = "month",
    *,
    agent_id: int | None = None,
    team_id: int | None = None,
    reviewer_id: int | None = None,
    channel: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    rubric: str | None = None,
) -> Trend:
    """The week or month series of one subject: everyone, or the reviews of one agent, team
    (of the conversation), reviewer or channel (these may be combined); an agent's series also
    carries their team's figures and the difference in every period."""
    base = counted_conditions(date_from, date_to, rubric)
    conditions = base + group_conditions(agent_id, team_id, reviewer_id, channel)
    team_name = None
    comparison = None
    if agent_id is not None and team_id is None:
        compare_id, team_name = agent_team(session, agent_id)
        by_team = _series_sums(session, period, conditions, (Conversation.team_id,))
        series: dict[date, Sums] = {}
        inside: dict[date, Sums] = {}
        for (row_team, start), sums in by_team.items():
            add_sums(series, start, sums)
            if row_team == compare_id:
                add_sums(inside, start, sums)
        if compare_id is not None:
            team_sums = _series_sums(session, period, base + group_conditions(team_id=compare_id))
            comparison = {
                start: (inside.get(start, NO_SUMS), team_sums.get((start,), NO_SUMS))
                for start in set(series) | {s for (s,) in team_sums}
            }
    else:
        series = {
            start: sums for (start,), sums in _series_sums(session, period, conditions).items()
        }
    subject, key = _subject(session, agent_id, team_id, reviewer_id, channel)
    starts = _starts(list(series), period, date_from, date_to)
    points = _points(series, period, starts, date_from, date_to, comparison)
    return Trend(subject, key, period, points, team_name)


def _subject(
    session: Session,
    agent_id: int | None,
    team_id: int | None,
    reviewer_id: int | None,
    channel: str | None,
) -> tuple[str, int | str | None]:
    names = []
    if agent_id is not None:
        names.append(session.scalar(select(Agent.name).where(Agent.id == agent_id)) or "?")
    if team_id is not None:
        names.append(session.scalar(select(Team.name).where(Team.id == team_id)) or "?")
    if reviewer_id is not None:
        names.append(session.scalar(select(User.name).where(User.id == reviewer_id)) or "?")
    if channel is not None:
        names.append(channel)
    key = next((k for k in (agent_id, team_id, reviewer_id, channel) if k is not None), None)
    return (" · ".join(names) or "everyone"), key


def trends_by(
    session: Session,
    by: str,
    period: str = "month",
    *,
    team_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    rubric: str | None = None,
) -> list[Trend]:
    """One series per agent, team, reviewer, channel or rubric (``by``), ordered by name, all over
    the same periods (from the first to the last of any group, or the dates asked for), e.g. the
    rows of a team scorecard; ``team_id`` keeps one team's conversations. Agents' series carry
    their team's figures as :func:`trend` does."""
    if by not in TREND_GROUPINGS:
        raise ValueError(f"cannot group by '{by}' (one of: {', '.join(TREND_GROUPINGS)})")
    conditions = counted_conditions(date_from, date_to, rubric) + group_conditions(team_id=team_id)
    keys: dict[str, tuple[Any, ...]] = {
        "agent": (Conversation.agent_id, Conversation.team_id),
        "team": (Conversation.team_id,),
        "reviewer": (Review.reviewer_id,),
        "channel": (Conversation.channel,),
        "rubric": (Review.rubric_version_id,),
    }
    raw = _series_sums(session, period, conditions, keys[by])
    versions = rubric_keys(session) if by == "rubric" else {}
    groups: dict[Any, dict[date, Sums]] = {}
    inside: dict[Any, dict[date, Sums]] = {}
    agent_teams: dict[Any, Any] = {}
    if by == "agent":
        agent_teams = dict(session.execute(select(Agent.id, Agent.team_id)).all())
    for (*key, start), sums in raw.items():
        group = versions.get(key[0], key[0]) if by == "rubric" else key[0]
        add_sums(groups.setdefault(group, {}), start, sums)
        if by == "agent" and key[1] is not None and key[1] == agent_teams.get(group):
            add_sums(inside.setdefault(group, {}), start, sums)
    starts = _starts([s for series in groups.values() for s in series], period, date_from, date_to)
    team_series: dict[Any, dict[date, Sums]] = {}
    if by == "agent":
        team_rows = _series_sums(
            session, period, counted_conditions(date_from, date_to, rubric), (Conversation.team_id,)
        )
        for (team, start), sums in team_rows.items():
            add_sums(team_series.setdefault(team, {}), start, sums)
    names = _names(session, by)
    trends = []
    for group, series in groups.items():
        comparison = None
        team_name = None
        if by == "agent" and agent_teams.get(group) is not None:
            team = agent_teams[group]
            team_name = names.get(("team", team))
            mine, whole = inside.get(group, {}), team_series.get(team, {})
            comparison = {s: (mine.get(s, NO_SUMS), whole.get(s, NO_SUMS)) for s in whole}
        subject = names.get((by, group), str(group)) if group is not None else f"(no {by})"
        points = _points(series, period, starts, date_from, date_to, comparison)
        trends.append(Trend(subject, group, period, points, team_name))
    trends.sort(key=lambda t: (t.subject.casefold(), str(t.key)))
    return trends


def _names(session: Session, by: str) -> dict[tuple[str, Any], str]:
    """Display names by ``(kind, id)`` for agents, teams and reviewers."""
    names: dict[tuple[str, Any], str] = {}
    for kind, model in (("agent", Agent), ("team", Team), ("reviewer", User)):
        if kind == by or (kind == "team" and by == "agent"):
            for row_id, name in session.execute(select(model.id, model.name)):
                names[(kind, row_id)] = name
    return names
