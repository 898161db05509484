"""The Sampling page's work, run in the worker thread: plain functions of the database, tested
without a window."""

from __future__ import annotations

from datetime import date

from qa_desk.conversation_rows import filter_choices
from qa_desk.db import Database
from qa_desk.progress import CancelCheck, Progress, never_cancelled, no_progress
from qa_desk.sampling import (
    SamplePlan,
    create_sample,
    load_named_rule,
    plan_sample,
    save_named_rule,
    saved_rule_names,
)
from qa_desk.sampling_assign import resolve_reviewers
from qa_desk.sampling_candidates import newest_start_day, read_languages
from qa_desk.sampling_rule import SampleRule
from qa_desk.users import list_users
from ui.sampling.rule_form import FormChoices

REVIEWING_ROLES = ("reviewer", "coach", "manager")


def read_choices(db: Database) -> tuple[FormChoices, list[str]]:
    """What the form's lists offer, and the names of the saved rules."""
    with db.reader() as session:
        choices = filter_choices(session)
        # reviewers first, then the coaches and managers who may review too
        people = [u for u in list_users(session) if u.role in REVIEWING_ROLES]
        people.sort(key=lambda u: (REVIEWING_ROLES.index(u.role), u.name.casefold()))
        return (
            FormChoices(
                teams=[name for _, name in choices.teams],
                channels=choices.channels,
                languages=read_languages(session),
                tags=choices.tags,
                reviewers=people,
                newest_day=newest_start_day(session),
            ),
            saved_rule_names(session),
        )


def preview(db: Database, rule: SampleRule, due_on: date | None) -> SamplePlan:
    """What the rule would draw and assign now (nothing is written)."""
    with db.reader() as session:
        reviewers = resolve_reviewers(session, rule.assign.reviewers, dict(rule.assign.capacity))
        return plan_sample(session, rule, reviewers, due_on=due_on)


def create(
    db: Database,
    rule: SampleRule,
    user_id: int | None,
    due_on: date | None,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> SamplePlan:
    """Draw the sample and store its assignments (one transaction)."""
    return create_sample(
        db, rule, created_by=user_id, due_on=due_on, progress=progress, cancelled=cancelled
    )


def save(db: Database, rule: SampleRule) -> list[str]:
    """Save the rule under its name; the saved rules' names afterwards."""
    with db.session() as session:
        save_named_rule(session, rule)
        return saved_rule_names(session)


def load(db: Database, name: str) -> SampleRule:
    with db.reader() as session:
        return load_named_rule(session, name)
