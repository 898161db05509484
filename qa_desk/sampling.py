"""Samples and assignments: draw a sample by a rule, preview it, and give it to reviewers.

:func:`plan_sample` reads the candidates (:mod:`qa_desk.sampling_candidates`), draws
(:mod:`qa_desk.sampling_draw`) and spreads the picks over reviewers
(:mod:`qa_desk.sampling_assign`) without writing anything: the preview. :func:`create_sample`
does the same in one write transaction and stores a :class:`~qa_desk.db.models.Sample` (the rule
as run, its seed, who and when) and one :class:`~qa_desk.db.models.Assignment` per assigned pick.
Rules are saved by name (:func:`save_named_rule`) and run again for the next period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_desk.db.engine import Database
from qa_desk.db.models import Assignment, Sample, utcnow
from qa_desk.db.models import SampleRule as SavedRule
from qa_desk.errors import InputError, Problem
from qa_desk.progress import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from qa_desk.sampling_assign import Placement, Reviewer, assign, resolve_reviewers
from qa_desk.sampling_candidates import read_agents, read_candidates, read_team_names
from qa_desk.sampling_draw import RANDOM, draw, random_count, reason_kind
from qa_desk.sampling_rule import SampleRule, parse_rule, rule_to_data

NO_AGENT = "(no agent)"


@dataclass(frozen=True)
class AgentCount:
    """One agent's line of a preview: conversations that may be drawn and those drawn."""

    agent: str
    candidates: int
    picked: int


@dataclass(frozen=True)
class ReviewerCount:
    """One reviewer's line of a preview: how many conversations they get."""

    reviewer: str
    assigned: int
    capacity: int | None = None


@dataclass(frozen=True)
class SamplePlan:
    """What a rule draws and who reviews what, before (or as) it is stored.

    Attributes:
        rule: the rule drawn with.
        candidates: how many conversations the rule's period, filters and exclusions left.
        placements: each pick and its reviewer (None when no reviewer could take it).
        agent_names: agent id to name, for the picks.
        due_on: the assignments' due date.
        sample_id: the stored sample (None for a preview).
    """

    rule: SampleRule
    candidates: int
    placements: list[Placement]
    agent_names: dict[int, str] = field(default_factory=dict)
    per_agent: list[AgentCount] = field(default_factory=list)
    per_reviewer: list[ReviewerCount] = field(default_factory=list)
    due_on: date | None = None
    sample_id: int | None = None

    @property
    def picked(self) -> int:
        return len(self.placements)

    @property
    def unassigned(self) -> int:
        return sum(1 for p in self.placements if p.reviewer is None)

    @property
    def reasons(self) -> Counter[str]:
        """How many picks each kind of reason has ("random", "low CSAT", "failed check", ...)."""
        return Counter(reason_kind(p.pick.reason) for p in self.placements)

    @property
    def focus_places(self) -> int:
        """How many picks the focus aimed at: each agent's (or the whole sample's) picks less
        the random share; fewer focus picks mean too few conversations were flagged."""
        if not self.rule.focus.options:
            return 0
        if self.rule.size_kind == "per_agent":
            sizes = Counter(p.pick.candidate.agent_id for p in self.placements).values()
        else:
            sizes = [self.picked] if self.placements else []
        return sum(size - random_count(self.rule, size) for size in sizes)

    @property
    def focus_picks(self) -> int:
        """How many picks a focus option flagged."""
        return sum(1 for p in self.placements if p.pick.reason != RANDOM)

    def agent_of(self, placement: Placement) -> str:
        agent_id = placement.pick.candidate.agent_id
        return self.agent_names.get(agent_id, NO_AGENT) if agent_id else NO_AGENT

    def rows(self) -> list[dict[str, str | None]]:
        """One ``{conversation, agent, reviewer, reason}`` per pick (what ``--json`` prints)."""
        return [
            {
                "conversation": p.pick.candidate.external_id,
                "source": p.pick.candidate.source,
                "agent": self.agent_of(p),
                "reviewer": p.reviewer.name if p.reviewer else None,
                "reason": p.pick.reason,
                "due": self.due_on.isoformat() if self.due_on else None,
            }
            for p in self.placements
        ]


def due_date(rule: SampleRule, due_on: date | None, today: date | None = None) -> date | None:
    """The due date given, else the rule's ``due_in_days`` after today."""
    if due_on is not None or rule.assign.due_in_days is None:
        return due_on
    return (today or date.today()) + timedelta(days=rule.assign.due_in_days)


def plan_sample(
    session: Session,
    rule: SampleRule,
    reviewers: list[Reviewer] | None = None,
    *,
    due_on: date | None = None,
    today: date | None = None,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> SamplePlan:
    """Draw the rule's sample and spread it over ``reviewers`` (default: the rule's own, by
    name or e-mail), writing nothing."""
    if reviewers is None:
        capacity = dict(rule.assign.capacity)
        reviewers = resolve_reviewers(session, rule.assign.reviewers, capacity, "assign.reviewers")
    progress(0, 3, "Reading conversations")
    candidates = read_candidates(session, rule, today)
    check_cancel(cancelled)
    agents = read_agents(session)
    progress(1, 3, "Drawing the sample")
    teams = read_team_names(session) if rule.strata == "team" else {}
    picks = draw(rule, candidates, teams)
    check_cancel(cancelled)
    progress(2, 3, "Assigning reviewers")
    placements = assign(picks, reviewers, agents)
    names = {i: a.name for i, a in agents.items()}
    per_agent_candidates = Counter(c.agent_id for c in candidates)
    per_agent_picks = Counter(p.candidate.agent_id for p in picks)
    per_agent = sorted(
        (
            AgentCount(names.get(i, NO_AGENT) if i else NO_AGENT, n, per_agent_picks.get(i, 0))
            for i, n in per_agent_candidates.items()
        ),
        key=lambda row: (row.agent.casefold(), row.agent),
    )
    assigned = Counter(p.reviewer.id for p in placements if p.reviewer is not None)
    per_reviewer = [ReviewerCount(r.name, assigned.get(r.id, 0), r.capacity) for r in reviewers]
    progress(3, 3, "Done")
    return SamplePlan(
        rule, len(candidates), placements, names, per_agent, per_reviewer,
        due_date(rule, due_on, today),
    )  # fmt: skip


def create_sample(
    db: Database,
    rule: SampleRule,
    reviewer_names: list[str] | None = None,
    *,
    created_by: int | None = None,
    due_on: date | None = None,
    today: date | None = None,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> SamplePlan:
    """Draw, assign and store the sample in one transaction; a cancel or an error stores nothing.

    Only picks that got a reviewer become assignments. Raises :class:`InputError` when no reviewer
    is named (here or in the rule).
    """
    names = list(reviewer_names) if reviewer_names else list(rule.assign.reviewers)
    if not names:
        raise InputError(Problem("reviewers", "", "name at least one reviewer to assign to"))
    with db.session() as session:
        reviewers = resolve_reviewers(session, names, dict(rule.assign.capacity))
        plan = plan_sample(
            session, rule, reviewers, due_on=due_on, today=today, progress=progress,
            cancelled=cancelled,
        )  # fmt: skip
        start, before = rule.period.bounds(today)
        saved = session.scalar(select(SavedRule).where(SavedRule.name == rule.name))
        sample = Sample(
            rule_id=saved.id if saved else None, rule=rule_to_data(rule), seed=rule.seed,
            period_from=start, period_before=before, created_by_id=created_by,
            conversation_count=plan.picked - plan.unassigned,
        )  # fmt: skip
        session.add(sample)
        session.flush()
        session.add_all(
            Assignment(
                sample_id=sample.id,
                conversation_id=p.pick.candidate.id,
                reviewer_id=p.reviewer.id,
                reason=p.pick.reason[:300],
                due_on=plan.due_on,
            )
            for p in plan.placements
            if p.reviewer is not None
        )
        if saved is not None:
            saved.last_run_at = utcnow()
        check_cancel(cancelled)
    return SamplePlan(**{**plan.__dict__, "sample_id": sample.id})


# --- saved rules -------------------------------------------------------------------------------


def save_named_rule(session: Session, rule: SampleRule) -> int:
    """Store the rule under its name (replacing a rule of that name); returns its id."""
    if not rule.name.strip():
        raise InputError(Problem("name", "", "a saved rule needs a name"))
    saved = session.scalar(select(SavedRule).where(SavedRule.name == rule.name))
    if saved is None:
        saved = SavedRule(name=rule.name, definition=rule_to_data(rule))
        session.add(saved)
    else:
        saved.definition = rule_to_data(rule)
        saved.updated_at = utcnow()
    session.flush()
    return saved.id


def saved_rule_names(session: Session) -> list[str]:
    """The names of the saved rules, alphabetically."""
    return list(session.scalars(select(SavedRule.name).order_by(SavedRule.name)))


def load_named_rule(session: Session, name: str) -> SampleRule:
    """The saved rule called ``name``."""
    saved = session.scalar(select(SavedRule).where(SavedRule.name == name))
    if saved is None:
        raise InputError(Problem("rule", name, "no saved rule with this name"))
    return parse_rule(saved.definition, f"saved rule '{name}'")
