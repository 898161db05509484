"""The automatic checks over a period, as the Reports page shows them: per check how many
conversations were checked and how many passed, failed or were not applicable, next to how often
reviewers agreed with it; and the conversations behind each of those counts.

Outcomes count the conversations that *started* in the period (what the checks describe); the
agreement compares the reviews *submitted* in it (see :mod:`qa_desk.autoqa_agreement`), as every
other figure of the Reports page does. A team narrows both to that team's conversations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from qa_desk.analytics_base import period_bounds
from qa_desk.autoqa_agreement import CheckAgreement, agreement_per_check
from qa_desk.autoqa_catalog import AUTOQA_CHECKS
from qa_desk.db.models import Agent, AutoQAResult, Conversation

OUTCOMES = ("pass", "fail", "na")


@dataclass(frozen=True)
class CheckSummary:
    """One check over a period.

    Attributes:
        check: the check's id.
        passed, failed, not_applicable: conversations with each outcome.
        agreement: how reviewers' ratings compared with the check in the period.
    """

    check: str
    passed: int
    failed: int
    not_applicable: int
    agreement: CheckAgreement

    @property
    def checked(self) -> int:
        """Conversations the check ran on (every outcome)."""
        return self.passed + self.failed + self.not_applicable

    @property
    def fail_rate(self) -> float | None:
        """The share of applicable outcomes that failed (None when none applied)."""
        applicable = self.passed + self.failed
        return self.failed / applicable if applicable else None


@dataclass(frozen=True)
class OutcomeConversation:
    """A conversation behind an outcome count: who handled it, when, and the check's reason."""

    id: int
    source: str
    external_id: str
    agent: str | None
    channel: str | None
    started_at: datetime | None
    detail: str | None


def _conversation_conditions(
    date_from: date | None, date_to: date | None, team_id: int | None
) -> list[ColumnElement[bool]]:
    start, end = period_bounds(date_from, date_to)
    conditions: list[ColumnElement[bool]] = []
    if start is not None:
        conditions.append(Conversation.started_at >= start)
    if end is not None:
        conditions.append(Conversation.started_at < end)
    if team_id is not None:
        conditions.append(Conversation.team_id == team_id)
    return conditions


def check_summaries(
    session: Session,
    date_from: date | None = None,
    date_to: date | None = None,
    team_id: int | None = None,
) -> list[CheckSummary]:
    """Every check of the catalogue, in catalogue order, over the period and team."""
    statement = select(AutoQAResult.check, AutoQAResult.outcome, func.count()).group_by(
        AutoQAResult.check, AutoQAResult.outcome
    )
    conditions = _conversation_conditions(date_from, date_to, team_id)
    if conditions:
        statement = statement.join(
            Conversation, Conversation.id == AutoQAResult.conversation_id
        ).where(*conditions)
    counts = {(check, outcome): n for check, outcome, n in session.execute(statement)}
    agreement = {a.check: a for a in agreement_per_check(session, date_from, date_to, team_id)}
    return [
        CheckSummary(
            check,
            counts.get((check, "pass"), 0),
            counts.get((check, "fail"), 0),
            counts.get((check, "na"), 0),
            agreement[check],
        )
        for check in AUTOQA_CHECKS
    ]


def conversations_with_outcome(
    session: Session,
    check: str,
    outcome: str,
    date_from: date | None = None,
    date_to: date | None = None,
    team_id: int | None = None,
) -> list[OutcomeConversation]:
    """The conversations behind one count of :func:`check_summaries`, newest first."""
    if check not in AUTOQA_CHECKS or outcome not in OUTCOMES:
        raise ValueError(f"no check '{check}' with outcome '{outcome}'")
    rows = session.execute(
        select(
            Conversation.id,
            Conversation.source,
            Conversation.external_id,
            Agent.name,
            Conversation.channel,
            Conversation.started_at,
            AutoQAResult.detail,
        )
        .join(AutoQAResult, AutoQAResult.conversation_id == Conversation.id)
        .outerjoin(Agent, Agent.id == Conversation.agent_id)
        .where(
            AutoQAResult.check == check,
            AutoQAResult.outcome == outcome,
            *_conversation_conditions(date_from, date_to, team_id),
        )
        .order_by(Conversation.started_at.desc(), Conversation.id.desc())
    )
    return [OutcomeConversation(*row) for row in rows]


__all__ = [
    "OUTCOMES",
    "CheckSummary",
    "OutcomeConversation",
    "check_summaries",
    "conversations_with_outcome",
]
