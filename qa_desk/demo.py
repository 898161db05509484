"""The bundled demo data set: three months of support conversations, QA users and past reviews.

:func:`load_demo` fills a database with it so every screen and report has something true to show;
:func:`database_is_empty` tells the app when to offer it. The files live in ``resources/demo/``
(see :func:`qa_desk.paths.demo_dir`) and are made by ``scripts/make_demo_data.py``:

- ``conversations.jsonl.gz``: conversations in the native JSONL import format, imported with
  :func:`qa_desk.ingest.import_file` like any export;
- ``users.json``: ``{"users": [{"name", "email", "role", "languages"}]}``, the reviewers, a coach
  and a manager;
- ``reviews.jsonl.gz``: one review per line: ``conversation`` (``source`` and ``id``),
  ``reviewer`` (e-mail), ``rubric`` (the id of a shipped rubric), ``started_at``,
  ``submitted_at``, ``time_spent_seconds``, ``comment`` and ``ratings``, which maps each criterion
  id to ``{"value", "comment"?, "root_causes"?}``. They are recorded through
  :func:`qa_desk.reviews.record_review`, so scores follow the scoring rules of the rubric version;
- ``coaching.json``: ``{"sessions": [{"agent" (external id), "coach" (e-mail), "held_on",
  "notes", "reviews" (conversations: ``source`` and ``id``), "action_items": [{"text", "owner",
  "due_on", "done_at"}]}]}``, the coach's one-on-ones, recorded through :mod:`qa_desk.coaching`.

Loading is idempotent: conversations are unique per source and id, rubrics per content, users per
e-mail, reviews per conversation, reviewer, rubric version and submission time, and coaching
sessions per agent, coach and day, so loading twice changes nothing. After the import the
automatic checks run on every demo conversation that needs them
(:func:`qa_desk.autoqa.pending_conversations`); the user's own conversations are left to their own
runs.

The conversations are one transaction (:func:`qa_desk.ingest.import_file` opens its own), their
checks another, and the rubrics, users, reviews and coaching sessions a third. A cancel or an error
leaves the database as it was before the load: the step under way rolls back, and when the import
had already been committed, what it added (its conversations with their messages, tags and check
results, and the agents and teams only they name) is deleted again in one transaction. What cannot
be taken back is left: demo conversations already in the database that the import updated to a
newer demo, or that the checks checked again.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from qa_desk.autoqa import pending_conversations, run_checks
from qa_desk.coaching import add_action_item, complete_action_item, create_session
from qa_desk.db.engine import Database
from qa_desk.db.models import (
    Agent,
    CoachingSession,
    Conversation,
    Review,
    RubricVersion,
    Team,
    User,
)
from qa_desk.errors import InputError, Problem
from qa_desk.ingest import import_file
from qa_desk.paths import demo_dir
from qa_desk.progress import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from qa_desk.reviews import RatingInput, record_review
from qa_desk.rubric_store import add_shipped_rubrics

CONVERSATIONS_FILE = "conversations.jsonl.gz"
REVIEWS_FILE = "reviews.jsonl.gz"
USERS_FILE = "users.json"
COACHING_FILE = "coaching.json"
REVIEW_ORIGIN = "demo"
"""The ``origin`` of the reviews the demo adds."""
UNDO_LABEL = "Taking back the demo data"
"""The progress message while a cancelled or failed load deletes what it had added."""


@dataclass
class DemoCounts:
    """What loading the demo added, and what was there already."""

    conversations_added: int = 0
    conversations_updated: int = 0
    conversations_unchanged: int = 0
    messages: int = 0
    rubrics_added: int = 0
    users_added: int = 0
    reviews_added: int = 0
    reviews_unchanged: int = 0
    conversations_checked: int = 0
    coaching_sessions_added: int = 0
    coaching_sessions_unchanged: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.conversations_added
            or self.conversations_updated
            or self.rubrics_added
            or self.users_added
            or self.reviews_added
            or self.coaching_sessions_added
        )


def database_is_empty(db: Database) -> bool:
    """Whether the database holds no conversation yet (cheap: one indexed row at most)."""
    with db.reader() as session:
        return session.scalar(select(Conversation.id).limit(1)) is None


def load_demo(
    db: Database,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
    folder: Path | None = None,
) -> DemoCounts:
    """Import the demo conversations, add the shipped rubrics, the demo users and their reviews.

    ``folder`` defaults to the bundled :func:`qa_desk.paths.demo_dir`. Raises
    :class:`qa_desk.errors.Cancelled` when ``cancelled()`` turns true and :class:`InputError` when
    the data set is missing or damaged; either way (and on any other error) the database is left as
    it was before (see the module's description).
    """
    folder = Path(folder) if folder is not None else demo_dir()
    for name in (CONVERSATIONS_FILE, REVIEWS_FILE, USERS_FILE, COACHING_FILE):
        if not (folder / name).is_file():
            raise InputError(
                Problem(
                    str(folder / name), "", "the demo data set is missing from this installation"
                )
            )
    counts = DemoCounts()
    reviews = list(_read_reviews(folder / REVIEWS_FILE))  # damaged: found before any write
    sources = _sources(folder / CONVERSATIONS_FILE)
    before = _newest_rows(db)
    imported = import_file(
        db, folder / CONVERSATIONS_FILE, "jsonl", progress=progress, cancelled=cancelled
    )
    counts.conversations_added = imported.counts.added
    counts.conversations_updated = imported.counts.updated
    counts.conversations_unchanged = imported.counts.unchanged
    counts.messages = imported.counts.messages
    try:
        counts.conversations_checked = _check(db, sources, progress, cancelled)
        with db.session() as session:
            rubrics = add_shipped_rubrics(session)
            counts.rubrics_added = sum(1 for added in rubrics if added.created)
            versions = {added.key: added.version_id for added in rubrics}
            users = _add_users(session, folder / USERS_FILE, counts)
            _add_reviews(session, reviews, versions, users, counts, progress, cancelled)
            _add_coaching(session, folder / COACHING_FILE, users, counts)
    except BaseException as error:  # a cancel, bad data, Ctrl+C in the command: take it all back
        if imported.counts.added:
            progress(0, 0, UNDO_LABEL)
            try:
                _remove_added(db, before, sources)
            except Exception as failure:
                error.add_note(
                    f"The demo conversations imported could not be taken back ({failure}): "
                    "load the demo again to complete it."
                )
        raise
    return counts


@dataclass(frozen=True)
class _NewestRows:
    """The highest conversation, agent and team ids before the load: a row with a higher id was
    added after (ids only grow, on SQLite and PostgreSQL alike)."""

    conversation: int
    agent: int
    team: int


def _newest_rows(db: Database) -> _NewestRows:
    with db.reader() as session:
        conversation, agent, team = (
            session.scalar(select(func.max(column))) or 0
            for column in (Conversation.id, Agent.id, Team.id)
        )
    return _NewestRows(conversation, agent, team)


def _remove_added(db: Database, before: _NewestRows, sources: set[str]) -> None:
    """Delete, in one transaction, the demo conversations added since ``before`` (their messages,
    tags and check results go with them: the foreign keys cascade), then the agents and teams added
    since that nothing names any more."""
    conversations = select(Conversation.id)
    with db.engine.execution_options(begin_immediate=True).begin() as connection:
        connection.execute(
            delete(Conversation).where(
                Conversation.id > before.conversation, Conversation.source.in_(sources)
            )
        )
        connection.execute(
            delete(Agent).where(
                Agent.id > before.agent,
                ~conversations.where(Conversation.agent_id == Agent.id).exists(),
            )
        )
        connection.execute(
            delete(Team).where(
                Team.id > before.team,
                ~conversations.where(Conversation.team_id == Team.id).exists(),
                ~select(Agent.id).where(Agent.team_id == Team.id).exists(),
            )
        )


def _sources(path: Path) -> set[str]:
    """The sources the demo's conversations are stored under (a line that is not JSON is left to
    the import, which names it)."""
    found: set[str] = set()
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                try:
                    found.add(json.loads(line)["source"])
                except (ValueError, KeyError, TypeError):
                    continue
    except (OSError, EOFError, zlib.error):  # a damaged file: the import says where
        pass
    return found


def _check(db: Database, sources: set[str], progress: Progress, cancelled: CancelCheck) -> int:
    """Run the automatic checks on the demo conversations that need them; how many were checked."""
    with db.reader() as session:
        demo = set(session.scalars(select(Conversation.id).where(Conversation.source.in_(sources))))
        wanted = [id_ for id_ in pending_conversations(session) if id_ in demo]
    return run_checks(db, wanted, None, progress, cancelled).conversations


def _read_reviews(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            location = f"{path.name}:{number}"
            try:
                data = json.loads(line)
            except ValueError as error:
                raise InputError(Problem(location, "", f"not JSON ({error})")) from None
            yield location, data


def _add_users(session: Session, path: Path, counts: DemoCounts) -> dict[str, int]:
    """The demo's users by e-mail (lower case), created when no user has that e-mail or name."""
    data = json.loads(path.read_text(encoding="utf-8"))
    ids: dict[str, int] = {}
    for person in data["users"]:
        email = person["email"].strip()
        user = session.scalar(select(User).where(func.lower(User.email) == email.casefold()))
        if user is None:
            user = session.scalar(
                select(User)
                .where(func.lower(User.name) == person["name"].casefold(), User.email.is_(None))
                .order_by(User.id)
                .limit(1)
            )
            if user is not None:
                user.email = email
        if user is None:
            user = User(name=person["name"], email=email, role=person["role"])
            session.add(user)
            counts.users_added += 1
        session.flush()
        ids[email.casefold()] = user.id
    return ids


def _add_reviews(
    session: Session,
    reviews: list[tuple[str, dict[str, Any]]],
    version_ids: dict[str, int],
    user_ids: dict[str, int],
    counts: DemoCounts,
    progress: Progress,
    cancelled: CancelCheck,
) -> None:
    sources = sorted({r["conversation"]["source"] for _, r in reviews})
    conversations = {
        (source, external_id): id_
        for id_, source, external_id in session.execute(
            select(Conversation.id, Conversation.source, Conversation.external_id).where(
                Conversation.source.in_(sources)
            )
        )
    }
    existing = {
        (row.conversation_id, row.reviewer_id, row.rubric_version_id, row.submitted_at)
        for row in session.execute(
            select(
                Review.conversation_id,
                Review.reviewer_id,
                Review.rubric_version_id,
                Review.submitted_at,
            ).where(Review.conversation_id.in_(set(conversations.values())))
        )
    }
    versions = {key: session.get(RubricVersion, id_) for key, id_ in version_ids.items()}
    label = "Adding demo reviews"
    total = len(reviews)
    progress(0, total, label)
    for done, (location, data) in enumerate(reviews, 1):
        if done % 25 == 0:
            check_cancel(cancelled)
            progress(done, total, label)
        conversation = data["conversation"]
        conversation_id = conversations.get((conversation["source"], conversation["id"]))
        reviewer_id = user_ids.get(data["reviewer"].casefold())
        version = versions.get(data["rubric"])
        if conversation_id is None or reviewer_id is None or version is None:
            raise InputError(
                Problem(location, "", "names a conversation, reviewer or rubric the demo lacks")
            )
        submitted = datetime.fromisoformat(data["submitted_at"])
        if (conversation_id, reviewer_id, version.id, submitted) in existing:
            counts.reviews_unchanged += 1
            continue
        record_review(
            session,
            conversation_id=conversation_id,
            reviewer_id=reviewer_id,
            rubric_version=version,
            ratings={
                criterion: RatingInput(
                    rating["value"], rating.get("comment"), list(rating.get("root_causes", []))
                )
                for criterion, rating in data["ratings"].items()
            },
            comment=data.get("comment"),
            submitted_at=submitted,
            started_at=datetime.fromisoformat(data["started_at"]),
            time_spent_seconds=data.get("time_spent_seconds"),
            origin=REVIEW_ORIGIN,
        )
        counts.reviews_added += 1
    progress(total, total, label)


def _add_coaching(
    session: Session, path: Path, user_ids: dict[str, int], counts: DemoCounts
) -> None:
    """The coach's sessions with their reviews and action items; a session already recorded for
    the same agent, coach and day is left as it is."""
    data = json.loads(path.read_text(encoding="utf-8"))
    agents = dict(session.execute(select(Agent.external_id, Agent.id)).all())
    for number, entry in enumerate(data["sessions"], 1):
        location = f"{path.name}: session {number}"
        agent_id = agents.get(entry["agent"])
        coach_id = user_ids.get(entry["coach"].casefold())
        if agent_id is None or coach_id is None:
            raise InputError(Problem(location, "", "names an agent or coach the demo lacks"))
        held_on = date.fromisoformat(entry["held_on"])
        known = select(CoachingSession.id).where(
            CoachingSession.agent_id == agent_id,
            CoachingSession.coach_id == coach_id,
            CoachingSession.held_on == held_on,
        )
        if session.scalar(known) is not None:
            counts.coaching_sessions_unchanged += 1
            continue
        review_ids = _reviews_of(session, entry["reviews"], location)
        made = create_session(
            session,
            agent_id=agent_id,
            coach_id=coach_id,
            held_on=held_on,
            notes=entry["notes"],
            review_ids=review_ids,
        )
        for item in entry["action_items"]:
            due = item.get("due_on")
            added = add_action_item(
                session,
                made.id,
                item["text"],
                owner=item.get("owner"),
                due_on=date.fromisoformat(due) if due else None,
            )
            if item.get("done_at"):
                complete_action_item(
                    session, added.id, when=datetime.fromisoformat(item["done_at"])
                )
        counts.coaching_sessions_added += 1


def _reviews_of(session: Session, conversations: list[dict[str, str]], location: str) -> list[int]:
    """The demo's current reviews of these conversations (a session discusses reviews, the file
    names the conversations reviewed)."""
    ids: list[int] = []
    for conversation in conversations:
        found = session.scalars(
            select(Review.id)
            .join(Conversation, Conversation.id == Review.conversation_id)
            .where(
                Conversation.source == conversation["source"],
                Conversation.external_id == conversation["id"],
                Review.is_current,
                Review.origin == REVIEW_ORIGIN,
            )
            .order_by(Review.id)
        ).all()
        if not found:
            raise InputError(
                Problem(location, "reviews", f"no review of conversation {conversation['id']}")
            )
        ids.extend(found)
    return ids


__all__ = ["DemoCounts", "database_is_empty", "load_demo"]
