"""How often reviewers agree with the automatic checks, per check.

Over the current submitted reviews (superseded revisions and drafts left out), each rating of a
criterion that names a check is compared with that check's stored outcome on the same
conversation. The reviewer's rating is read as ``na`` (N/A), ``pass`` (at least half way up the
scale: a binary pass, 3 or more of 1–5) or ``fail``; they agree when it equals the outcome. A
``na`` outcome on a criterion that does not allow N/A suggests nothing and is left out.

Next to it, from what the reviews recorded (see :mod:`qa_desk.autoqa_review`): how many ratings were
made with a suggestion on screen, and how many of those kept it (confirmed) or changed it
(overridden).

Both can be narrowed to a period (the reviews submitted in it, as the Reports page counts them) and
to a team (the conversations' team).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_desk.analytics_base import period_bounds
from qa_desk.autoqa_catalog import AUTOQA_CHECKS
from qa_desk.db.models import AutoQAResult, Conversation, Rating, Review, RubricVersion
from qa_desk.rubric import NA, Criterion
from qa_desk.rubric_store import definition_of


@dataclass
class CheckAgreement:
    """Agreement of reviewers with one check.

    Attributes:
        check: the check's id.
        compared: ratings compared with an outcome of the check.
        agreed: of those, how many gave the same verdict.
        check_pass_reviewer_fail, check_fail_reviewer_pass: the two ways to disagree on pass/fail.
        other_disagreements: disagreements involving N/A.
        with_suggestion: ratings made while the check's suggestion was shown.
        confirmed, overridden: of those, kept as suggested, or changed.
    """

    check: str
    compared: int = 0
    agreed: int = 0
    check_pass_reviewer_fail: int = 0
    check_fail_reviewer_pass: int = 0
    other_disagreements: int = 0
    with_suggestion: int = 0
    confirmed: int = 0
    overridden: int = 0

    @property
    def rate(self) -> float | None:
        """The share of compared ratings that agreed (None when nothing was compared)."""
        return self.agreed / self.compared if self.compared else None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["agreement"] = None if self.rate is None else round(self.rate, 4)
        return data


def verdict(value: str, fraction: float | None) -> str:
    """A rating read as ``pass``, ``fail`` or ``na``."""
    if value == NA or fraction is None:
        return "na"
    return "pass" if fraction >= 0.5 else "fail"


def _criteria_with_checks(session: Session) -> dict[int, dict[str, Criterion]]:
    """Per rubric version id, its criteria that name a check."""
    found: dict[int, dict[str, Criterion]] = {}
    for version in session.scalars(select(RubricVersion)):
        criteria = {c.id: c for c in definition_of(version).criteria() if c.autoqa}
        if criteria:
            found[version.id] = criteria
    return found


def agreement_per_check(
    session: Session,
    date_from: date | None = None,
    date_to: date | None = None,
    team_id: int | None = None,
) -> list[CheckAgreement]:
    """Agreement of reviewers with each check of the catalogue, in catalogue order.

    ``date_from`` and ``date_to`` (inclusive days, UTC) keep the reviews submitted in that
    period; ``team_id`` the reviews of that team's conversations. None leaves each out.
    """
    table = {check: CheckAgreement(check) for check in AUTOQA_CHECKS}
    versions = _criteria_with_checks(session)
    if not versions:
        return list(table.values())
    criterion_ids = {cid for criteria in versions.values() for cid in criteria}
    start, end = period_bounds(date_from, date_to)
    narrowing = []
    if start is not None:
        narrowing.append(Review.submitted_at >= start)
    if end is not None:
        narrowing.append(Review.submitted_at < end)
    if team_id is not None:
        narrowing.append(
            Review.conversation_id.in_(
                select(Conversation.id).where(Conversation.team_id == team_id)
            )
        )
    rows = session.execute(
        select(
            Review.rubric_version_id,
            Review.conversation_id,
            Rating.criterion_id,
            Rating.value,
            Rating.fraction,
            Rating.suggested,
        )
        .join(Rating, Rating.review_id == Review.id)
        .where(
            Review.status == "submitted",
            Review.is_current,
            Review.rubric_version_id.in_(versions),
            Rating.criterion_id.in_(criterion_ids),
            *narrowing,
        )
    ).all()
    outcomes = _outcomes(session, {row.conversation_id for row in rows})
    for version_id, conversation_id, criterion_id, value, fraction, suggested in rows:
        criterion = versions[version_id].get(criterion_id)
        if criterion is None or criterion.autoqa not in table:
            continue
        entry = table[criterion.autoqa]
        if suggested is not None:
            entry.with_suggestion += 1
            if suggested == value:
                entry.confirmed += 1
            else:
                entry.overridden += 1
        outcome = outcomes.get((conversation_id, criterion.autoqa))
        if outcome is None or (outcome == "na" and not criterion.allow_na):
            continue
        given = verdict(value, fraction)
        entry.compared += 1
        if given == outcome:
            entry.agreed += 1
        elif (outcome, given) == ("pass", "fail"):
            entry.check_pass_reviewer_fail += 1
        elif (outcome, given) == ("fail", "pass"):
            entry.check_fail_reviewer_pass += 1
        else:
            entry.other_disagreements += 1
    return list(table.values())


def _outcomes(session: Session, conversation_ids: Iterable[int]) -> dict[tuple[int, str], str]:
    ids = sorted(conversation_ids)
    found: dict[tuple[int, str], str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(AutoQAResult.conversation_id, AutoQAResult.check, AutoQAResult.outcome)
        for conversation_id, check, outcome in session.execute(
            query.where(AutoQAResult.conversation_id.in_(chunk))
        ):
            found[(conversation_id, check)] = outcome
    return found


__all__ = ["CheckAgreement", "agreement_per_check", "verdict"]
