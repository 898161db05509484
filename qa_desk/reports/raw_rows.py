"""The scorecard's raw data: one row per review with a column per criterion plus score, reviewer,
dates and comments, the way teams kept their spreadsheets.

Two statements read it: the reviews in time order (names are looked up from the few agents,
teams and reviewers), and each review's ratings as one string (``criterion␟value␞...``) the
database puts together, which a million ratings need far less work for than a row each. The
ratings are counted per agent on the way, so the heat map's criterion scores come from the same
single read (:attr:`RawOutcome.criteria`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import String, func, literal, select, type_coerce
from sqlalchemy.orm import Session

from qa_desk.db.models import Agent, Conversation, Rating, Review, RubricVersion, Team, User
from qa_desk.progress import CancelCheck, Progress, check_cancel
from qa_desk.reports import data
from qa_desk.reports.data import CriterionStats
from qa_desk.reports.excel_style import ReportBook
from qa_desk.reports.raw_sheet import NAME, PLAIN, RATING, TEXT, RawSheets, naive_utc, result_word
from qa_desk.reports.scope import Scope
from qa_desk.rubric_store import definition_of

RAW_COLUMNS: tuple[tuple[str, str, float | None], ...] = (
    ("Submitted", "QA datetime", 17.0),
    ("Conversation", NAME, None),
    ("Source", NAME, None),
    ("Channel", NAME, None),
    ("Conversation started", "QA datetime", 17.0),
    ("Agent", NAME, None),
    ("Team", NAME, None),
    ("Reviewer", NAME, None),
    ("Rubric", NAME, None),
    ("Rubric version", PLAIN, 9.0),
    ("Score", "QA percent", 8.0),
    ("Result", NAME, 12.0),
)
"""Header, kind and width (None: sized from the first rows) of the columns before the criteria."""
RAW_TAIL: tuple[tuple[str, str, float | None], ...] = (
    ("Comment", TEXT, 60.0),
    ("Rating comments", TEXT, 50.0),
    ("Minutes spent", PLAIN, 9.0),
    ("Review id", PLAIN, 10.0),
)
"""The columns after the criteria."""
UNIT, RECORD = "\x1f", "\x1e"


@dataclass
class RawOutcome:
    """What writing the raw data did: its sheets and rows, and each criterion's figures per agent
    id (None: everyone) as ``(agent id, rubric, criterion) → stats``."""

    sheets: list[str]
    rows: int
    criteria: dict[tuple[Any, str, str], CriterionStats] = field(default_factory=dict)


def moment(value: Any) -> datetime | None:
    """A stored time as Excel holds it (SQLite hands over text, other databases datetimes)."""
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    return naive_utc(value)


def _joined(statement: Any, scope: Scope) -> Any:
    if scope.agent_id is None and scope.team_id is None:
        return statement
    return statement.join(Conversation, Conversation.id == Review.conversation_id)


def _rating_strings(session: Session, scope: Scope) -> dict[int, str]:
    pair = Rating.criterion_id + literal(UNIT, String) + Rating.value
    statement = select(Rating.review_id, func.aggregate_strings(pair, RECORD)).join(
        Review, Review.id == Rating.review_id
    )
    statement = _joined(statement, scope).where(*scope.conditions()).group_by(Rating.review_id)
    return dict(session.connection().execute(statement).all())


def _rating_comments(session: Session, scope: Scope) -> dict[int, list[tuple[str, str]]]:
    statement = select(Rating.review_id, Rating.criterion_id, Rating.comment).join(
        Review, Review.id == Rating.review_id
    )
    statement = _joined(statement, scope).where(*scope.conditions(), Rating.comment.is_not(None))
    found: dict[int, list[tuple[str, str]]] = {}
    for review_id, criterion, comment in session.connection().execute(statement):
        found.setdefault(review_id, []).append((criterion, comment))
    return found


def _reviews(session: Session, scope: Scope) -> Iterator[Any]:
    columns = (
        Review.id, type_coerce(Review.submitted_at, String), Conversation.source,
        Conversation.external_id, Conversation.channel,
        type_coerce(Conversation.started_at, String), Conversation.agent_id, Conversation.team_id,
        Review.reviewer_id, Review.rubric_version_id, Review.score, Review.passed,
        Review.critical_fail, Review.comment, Review.time_spent_seconds,
    )  # fmt: skip
    statement = (
        select(*columns)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .where(*scope.conditions())
        .order_by(Review.submitted_at, Review.id)
    )
    yield from session.connection().execute(statement)


def _criterion_stats(
    session: Session, counts: dict[tuple[Any, int, str, str], int]
) -> dict[tuple[Any, str, str], CriterionStats]:
    """Each criterion's figures per agent and for everyone, from how often each value was given."""
    ids = {version_id for _, version_id, _, _ in counts}
    rubrics = {
        v.id: definition_of(v)
        for v in session.scalars(select(RubricVersion).where(RubricVersion.id.in_(ids)))
    }
    keys = data.rubric_keys(session)
    sums: dict[tuple[Any, str, str], list[float]] = {}
    for (agent_id, version_id, criterion_id, value), n in counts.items():
        try:
            fraction = rubrics[version_id].criterion(criterion_id).fraction(value)
        except (KeyError, ValueError):
            continue
        if fraction is None:
            continue
        for group in (agent_id, None):
            total = sums.setdefault((group, keys[version_id], criterion_id), [0, 0.0, 0])
            total[0] += n
            total[1] += n * fraction
            total[2] += n if fraction >= 0.5 else 0
    return {key: CriterionStats(int(n), s / n, p / n) for key, (n, s, p) in sums.items() if n}


def write_raw(
    book: ReportBook,
    session: Session,
    scope: Scope,
    max_rows: int,
    progress: Progress,
    cancelled: CancelCheck,
    title: str = "Raw data",
) -> RawOutcome:
    """Write the raw data sheets of the reviews in ``scope``."""
    criteria = data.criteria_in(session, scope)
    fixed = [c[0] for c in (*RAW_COLUMNS, *RAW_TAIL)]
    names = data.column_names(criteria, fixed)
    columns = [*RAW_COLUMNS, *((n, RATING, 12.0) for n in names), *RAW_TAIL]
    raw = RawSheets(book, title, *(list(c) for c in zip(*columns, strict=True)), max_rows=max_rows)
    position = {(c.rubric, c.id): i for i, c in enumerate(criteria)}
    criterion_names = {(c.rubric, c.id): c.name for c in criteria}
    versions = data.rubric_versions(session)
    agents = dict(session.execute(select(Agent.id, Agent.name)).all())
    teams = dict(session.execute(select(Team.id, Team.name)).all())
    reviewers = dict(session.execute(select(User.id, User.name)).all())
    ratings = _rating_strings(session, scope)
    comments = _rating_comments(session, scope)
    counts: dict[tuple[Any, int, str, str], int] = {}
    total, empty = len(ratings), [None] * len(criteria)
    for done, row in enumerate(_reviews(session, scope)):
        if done % 2000 == 0:
            check_cancel(cancelled)
            progress(done, total, "Writing the raw data")
        (review_id, submitted, source, conversation, channel, started, agent_id, team_id,
         reviewer_id, version_id, score, passed, critical, comment, seconds) = row  # fmt: skip
        rubric, version = versions[version_id]
        cells = list(empty)
        for pair in (ratings.get(review_id) or "").split(RECORD):
            criterion, _, value = pair.partition(UNIT)
            index = position.get((rubric, criterion))
            if index is not None:
                cells[index] = value
                key = (agent_id, version_id, criterion, value)
                counts[key] = counts.get(key, 0) + 1
        notes = [
            f"{criterion_names.get((rubric, criterion), criterion)}: {note}"
            for criterion, note in comments.get(review_id, ())
        ]
        raw.append(
            (
                moment(submitted), conversation, source, channel, moment(started),
                agents.get(agent_id), teams.get(team_id), reviewers.get(reviewer_id), rubric,
                version, None if score is None else score / 100.0,
                result_word(score, passed, critical), *cells, comment, "\n".join(notes) or None,
                None if seconds is None else round(seconds / 60.0, 1), review_id,
            )
        )  # fmt: skip
    sheets = raw.close()
    return RawOutcome(sheets, raw.rows, _criterion_stats(session, counts))
