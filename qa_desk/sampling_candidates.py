"""The conversations a sample rule may draw from, read in one query as light plain rows.

The rule's filters become WHERE conditions (the browser's own conditions for the period, the CSAT
range and the full-text search, :func:`qa_desk.conversation_query.filter_conditions`; lists of
teams, agents, channels, languages and tags here). What the focus options need (failed automatic
checks, the sentiment score) is read only when the rule asks for it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any

from sqlalchemy import ColumnElement, Float, cast, func, or_, select
from sqlalchemy.orm import Session

from qa_desk.conversation_query import ConversationFilter, filter_conditions
from qa_desk.db.models import (
    Agent,
    Assignment,
    AutoQAResult,
    Conversation,
    ConversationTag,
    Review,
    Team,
)
from qa_desk.errors import InputError, Problem
from qa_desk.sampling_rule import SampleRule

SENTIMENT_CHECK = "sentiment"


@dataclass(slots=True)
class Candidate:
    """One conversation a sample may pick, with what drawing and focusing look at.

    ``duration`` and ``first_response`` are seconds (None when unknown); ``failed_checks`` and
    ``sentiment`` are filled only when the rule's focus needs them.
    """

    id: int
    source: str
    external_id: str
    agent_id: int | None
    team_id: int | None
    channel: str | None
    language: str | None
    csat: float | None
    message_count: int
    duration: float | None = None
    first_response: float | None = None
    failed_checks: tuple[str, ...] = ()
    sentiment: float | None = None


@dataclass(frozen=True)
class AgentInfo:
    """An agent as sampling needs them: to name them and to recognise a reviewer's own work."""

    id: int
    name: str
    email: str | None


def _duration(session: Session) -> Any:
    c = Conversation
    if session.get_bind().dialect.name == "sqlite":
        return (func.julianday(c.ended_at) - func.julianday(c.started_at)) * 86400.0
    return cast(func.extract("epoch", c.ended_at - c.started_at), Float)


def _matching_ids(
    session: Session, rows: Any, names: tuple[str, ...], field: str, what: str
) -> list[int]:
    """The ids of the rows (id, then names) any of whose names is one of ``names``, letter case
    aside (compared here: SQLite's lower() folds ASCII only, and there are few agents and teams).
    A name that matches no row is an :class:`InputError` about ``field`` listing the ``what``
    there are: a rule naming a team that does not exist must not quietly draw nothing."""
    wanted = {n.strip().casefold(): n for n in names}
    found, matched, known = [], set(), []
    for row in session.execute(rows):
        known.append(str(row[1]))
        hits = {str(v).casefold() for v in row[1:] if v is not None} & wanted.keys()
        if hits:
            found.append(row[0])
            matched |= hits
    missing = [name for key, name in wanted.items() if key not in matched]
    if missing:
        listed = ", ".join(sorted(known)[:12]) + (", …" if len(known) > 12 else "") or "none yet"
        raise InputError(Problem("", field, f"no {what} '{missing[0]}' ({what}s: {listed})"))
    return found


def rule_conditions(session: Session, rule: SampleRule, today: date | None = None) -> list[Any]:
    """The WHERE conditions on ``Conversation`` that the rule's period, filters and exclusions
    stand for."""
    c, f = Conversation, rule.filters
    start, before = rule.period.bounds(today)
    wanted = ConversationFilter(
        started_from=start,
        started_before=before,
        csat_min=f.csat_min,
        csat_max=f.csat_max,
        text=f.text,
    )
    conditions: list[ColumnElement[bool]] = list(filter_conditions(session, wanted))
    if f.teams:
        conditions.append(
            c.team_id.in_(
                _matching_ids(session, select(Team.id, Team.name), f.teams, "filters.teams", "team")
            )
        )
    if f.agents:
        agents = select(Agent.id, Agent.name, Agent.email, Agent.external_id)
        found = _matching_ids(session, agents, f.agents, "filters.agents", "agent")
        conditions.append(c.agent_id.in_(found))
    if f.channels:
        conditions.append(c.channel.in_(f.channels))
    if f.languages:
        conditions.append(c.language.in_(f.languages))
    tagged = select(ConversationTag.conversation_id)
    if f.tags_in:
        conditions.append(c.id.in_(tagged.where(ConversationTag.tag.in_(f.tags_in))))
    if f.tags_out:
        conditions.append(c.id.not_in(tagged.where(ConversationTag.tag.in_(f.tags_out))))
    if f.min_messages:
        conditions.append(c.message_count >= f.min_messages)
    for check, outcome in f.checks:
        results = select(AutoQAResult.conversation_id).where(
            AutoQAResult.check == check, AutoQAResult.outcome == outcome
        )
        conditions.append(c.id.in_(results))
    if rule.exclude_reviewed:
        conditions.append(c.id.not_in(select(Review.conversation_id)))
    if rule.exclude_assigned:
        open_ = select(Assignment.conversation_id).where(Assignment.status == "open")
        conditions.append(c.id.not_in(open_))
    return conditions


def read_candidates(
    session: Session, rule: SampleRule, today: date | None = None
) -> list[Candidate]:
    """Every conversation the rule may draw, in id order (the draw never depends on it)."""
    c = Conversation
    outliers = "outliers" in rule.focus.options
    columns: list[Any] = [
        c.id, c.source, c.external_id, c.agent_id, c.team_id, c.channel, c.language, c.csat,
        c.message_count,
    ]  # fmt: skip
    if outliers:
        columns += [_duration(session), c.first_response_seconds]
    conditions = rule_conditions(session, rule, today)
    statement = select(*columns).where(*conditions).order_by(c.id)
    rows = session.connection().execute(statement).all()  # Core: no ORM work per row
    candidates = [Candidate(*row) for row in rows]
    options = rule.focus.options
    if "failed_checks" in options or "negative_sentiment" in options:
        _add_check_results(session, candidates, conditions)
    return candidates


def _add_check_results(
    session: Session, candidates: list[Candidate], conditions: list[Any]
) -> None:
    ids = select(Conversation.id).where(*conditions)
    r = AutoQAResult
    failed: dict[int, list[str]] = defaultdict(list)
    sentiment: dict[int, float | None] = {}
    statement = select(r.conversation_id, r.check, r.outcome, r.value).where(
        r.conversation_id.in_(ids),
        or_(r.outcome == "fail", r.check == SENTIMENT_CHECK),
    )
    for conversation_id, check, outcome, value in session.execute(statement):
        if check == SENTIMENT_CHECK:
            # a negative score is negative sentiment; a failed check without a score counts too
            sentiment[conversation_id] = value if value is not None else (
                -1.0 if outcome == "fail" else None
            )  # fmt: skip
        else:
            failed[conversation_id].append(check)
    for candidate in candidates:
        if candidate.id in failed:
            candidate.failed_checks = tuple(sorted(failed[candidate.id]))
        candidate.sentiment = sentiment.get(candidate.id)


def read_agents(session: Session) -> dict[int, AgentInfo]:
    """Every agent by id."""
    rows = session.execute(select(Agent.id, Agent.name, Agent.email))
    return {i: AgentInfo(i, name, email) for i, name, email in rows}


def read_team_names(session: Session) -> dict[int, str]:
    return {i: name for i, name in session.execute(select(Team.id, Team.name))}


def read_languages(session: Session) -> list[str]:
    """The languages conversations are in, sorted."""
    c = Conversation
    return list(
        session.scalars(
            select(c.language).where(c.language.is_not(None)).distinct().order_by(c.language)
        )
    )


def newest_start_day(session: Session) -> date | None:
    """The day (UTC) the newest conversation started, None without conversations: where a
    default period ends when nothing started lately (the demo data, an old export)."""
    newest = session.scalar(select(func.max(Conversation.started_at)))
    return None if newest is None else newest.astimezone(UTC).date()
