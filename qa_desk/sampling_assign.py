"""Spreading a sample over reviewers: balanced by count, never a reviewer's own conversations,
within each reviewer's capacity.

A reviewer who is also an agent (the same e-mail, or the same name, letter case aside) never gets
a conversation of their own. The picks are placed most constrained first (fewest reviewers who may
take them), each to the reviewer with the fewest so far (then the fewest of the same agent, then
the one named first), so counts differ by at most one wherever the constraints allow it. What no
reviewer may take (everyone eligible is at capacity) is left unassigned and reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_desk.db.models import User
from qa_desk.errors import InputError, Problem
from qa_desk.sampling_candidates import AgentInfo
from qa_desk.sampling_draw import Pick


@dataclass(frozen=True)
class Reviewer:
    """A reviewer a sample may be given to, and the most conversations they take (None: no cap)."""

    id: int
    name: str
    email: str | None
    capacity: int | None = None

    def handles(self, agent: AgentInfo | None) -> bool:
        """Whether ``agent`` is this reviewer themself (their own conversations)."""
        if agent is None:
            return False
        if self.email and agent.email and self.email.casefold() == agent.email.casefold():
            return True
        return self.name.strip().casefold() == agent.name.strip().casefold()


@dataclass(frozen=True)
class Placement:
    """A pick and the reviewer it went to (None: nobody could take it)."""

    pick: Pick
    reviewer: Reviewer | None


def resolve_reviewers(
    session: Session,
    names: list[str] | tuple[str, ...],
    capacity: dict[str, int] | None = None,
    location: str = "--reviewers",
) -> list[Reviewer]:
    """The users named (by name or e-mail, letter case aside), each with their capacity.

    Raises :class:`InputError` naming every reviewer or capacity entry that matches nobody.
    """
    found: list[Reviewer] = []
    problems = []
    # compared here, not in SQL: SQLite's lower() folds ASCII only; a team has few users
    users = list(session.scalars(select(User).order_by(User.id)))
    for name in names:
        folded = name.strip().casefold()
        user = next(
            (u for u in users if folded in (u.name.casefold(), (u.email or "").casefold())), None
        )
        if user is None:
            problems.append(Problem(location, name, "no user with this name or e-mail"))
        elif all(r.id != user.id for r in found):
            found.append(Reviewer(user.id, user.name, user.email))
    limits: dict[int, int] = {}
    for name, limit in (capacity or {}).items():
        match = [
            r for r in found if name.casefold() in (r.name.casefold(), (r.email or "").casefold())
        ]
        if not match:
            problems.append(Problem(location, f"capacity {name}", "not one of the reviewers"))
        else:
            limits[match[0].id] = limit
    if problems:
        raise InputError(problems)
    return [Reviewer(r.id, r.name, r.email, limits.get(r.id)) for r in found]


def assign(
    picks: list[Pick], reviewers: list[Reviewer], agents: dict[int, AgentInfo]
) -> list[Placement]:
    """Give each pick a reviewer (see the module docstring); the placements keep ``picks``' order."""
    if not reviewers:
        return [Placement(p, None) for p in picks]
    everyone = list(range(len(reviewers)))
    eligible_for: dict[int | None, list[int]] = {}  # by agent: a few hundred agents at most
    for pick in picks:
        agent_id = pick.candidate.agent_id
        if agent_id not in eligible_for:
            agent = agents.get(agent_id) if agent_id else None
            eligible_for[agent_id] = [i for i in everyone if not reviewers[i].handles(agent)]
    eligible = [eligible_for[pick.candidate.agent_id] for pick in picks]
    load = [0] * len(reviewers)
    per_agent: dict[tuple[int, int | None], int] = {}
    chosen: list[int | None] = [None] * len(picks)
    # most constrained first; among equals, in draw order (the picks come in it)
    order = sorted(range(len(picks)), key=lambda n: (len(eligible[n]), n))
    for n in order:
        agent_id = picks[n].candidate.agent_id
        options = [
            i
            for i in eligible[n]
            if reviewers[i].capacity is None or load[i] < reviewers[i].capacity
        ]
        if not options:
            continue
        best = min(options, key=lambda i: (load[i], per_agent.get((i, agent_id), 0), i))
        chosen[n] = best
        load[best] += 1
        per_agent[(best, agent_id)] = per_agent.get((best, agent_id), 0) + 1
    return [
        Placement(pick, reviewers[i] if i is not None else None)
        for pick, i in zip(picks, chosen, strict=True)
    ]
