"""The scorecard's raw data: one row per review with a column per criterion plus score, reviewer,
dates and comments, the way teams kept their spreadsheets.

One statement reads it: the reviews in time order, each with its ratings as one string
(``criterion␟value␞...``) the database puts together, which a million ratings need far less work
for than a row each (names are looked up from the few agents, teams and reviewers; the few rating
comments come from a second statement). Reviews often share the same ratings, so each distinct
string is split once. The ratings are counted per agent on the way (a C-level ``Counter`` update
per review), so the heat map's criterion scores come from the same single read
(:attr:`RawOutcome.criteria`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
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
    ("Conversation", TEXT, None),
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


def _rating_strings() -> Any:
    """Each review's ratings as one string: ``criterion␟value`` pairs joined by ``␞``."""
    pair = Rating.criterion_id + literal(UNIT, String) + Rating.value
    return (
        select(func.aggregate_strings(pair, RECORD))
        .where(Rating.review_id == Review.id)
        .scalar_subquery()
    )


def _rating_comments(session: Session, scope: Scope) -> dict[int, list[tuple[str, str]]]:
    # few ratings have a comment: in a wide scope, reading the ratings for them and looking up
    # their reviews beats walking every review's ratings through the index
    statement = select(Rating.review_id, Rating.criterion_id, Rating.comment).join(
        Review, Review.id == scope.unindexed(Rating.review_id)
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
        Review.critical_fail, Review.comment, Review.time_spent_seconds, _rating_strings(),
    )  # fmt: skip
    statement = (
        select(*columns)
        .join(Conversation, Conversation.id == Review.conversation_id)
        .where(*scope.conditions())
        .order_by(Review.submitted_at, Review.id)
    )
    yield from session.connection().execute(statement)


class _Ratings:
    """Splits rating strings into a row's criterion cells, each distinct string once, and counts
    the ratings per agent and rubric version for the heat map.

    Attributes:
        counted: per ``(agent id, rubric version id)``, how often each ``criterion␟value`` pair
            was given.
    """

    def __init__(self, criteria: list[data.CriterionInfo], versions: dict[int, tuple[str, int]]):
        self._position = {(c.rubric, c.id): i for i, c in enumerate(criteria)}
        self._width = len(criteria)
        self._versions = versions
        self._split: dict[tuple[int, str | None], tuple[tuple[str | None, ...], list[str]]] = {}
        self.counted: dict[tuple[Any, int], Counter[str]] = defaultdict(Counter)

    def cells(self, agent_id: Any, version_id: int, text: str | None) -> tuple[str | None, ...]:
        """The criterion cells of one review (a value per criterion column, None where unrated)."""
        found = self._split.get((version_id, text))
        if found is None:
            found = self._split[version_id, text] = self._parse(version_id, text)
        cells, pairs = found
        self.counted[agent_id, version_id].update(pairs)
        return cells

    def _parse(self, version_id: int, text: str | None) -> tuple[tuple[str | None, ...], list[str]]:
        rubric = self._versions[version_id][0]
        cells: list[str | None] = [None] * self._width
        kept: list[str] = []  # the pairs of criteria with a column: the ones the heat map counts
        for pair in text.split(RECORD) if text else ():
            criterion, _, value = pair.partition(UNIT)
            index = self._position.get((rubric, criterion))
            if index is not None:
                cells[index] = value
                kept.append(pair)
        return tuple(cells), kept

    def criterion_stats(self, session: Session) -> dict[tuple[Any, str, str], CriterionStats]:
        """Each criterion's figures per agent and for everyone (the agent None)."""
        counts: dict[tuple[Any, int, str, str], int] = {}
        for (agent_id, version_id), counter in self.counted.items():
            for pair, n in counter.items():
                criterion, _, value = pair.partition(UNIT)
                counts[agent_id, version_id, criterion, value] = n
        return _criterion_stats(session, counts)


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
    criterion_names = {(c.rubric, c.id): c.name for c in criteria}
    versions = data.rubric_versions(session)
    ratings = _Ratings(criteria, versions)
    agents = dict(session.execute(select(Agent.id, Agent.name)).all())
    teams = dict(session.execute(select(Team.id, Team.name)).all())
    reviewers = dict(session.execute(select(User.id, User.name)).all())
    comments = _rating_comments(session, scope)
    total = data.count_reviews(session, scope)
    for done, row in enumerate(_reviews(session, scope)):
        if done % 2000 == 0:
            check_cancel(cancelled)
            progress(done, total, "Writing the raw data")
        (review_id, submitted, source, conversation, channel, started, agent_id, team_id,
         reviewer_id, version_id, score, passed, critical, comment, seconds, pairs) = row  # fmt: skip
        rubric, version = versions[version_id]
        notes = None
        if review_id in comments:
            notes = "\n".join(
                f"{criterion_names.get((rubric, criterion), criterion)}: {note}"
                for criterion, note in comments[review_id]
            )
        raw.append(
            (
                moment(submitted), conversation, source, channel, moment(started),
                agents.get(agent_id), teams.get(team_id), reviewers.get(reviewer_id), rubric,
                version, None if score is None else score / 100.0,
                result_word(score, passed, critical),
                *ratings.cells(agent_id, version_id, pairs), comment, notes,
                None if seconds is None else round(seconds / 60.0, 1), review_id,
            )
        )  # fmt: skip
    sheets = raw.close()
    return RawOutcome(sheets, raw.rows, ratings.criterion_stats(session))
