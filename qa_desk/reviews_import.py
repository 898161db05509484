"""Importing a team's historical reviews from a spreadsheet.

:func:`import_reviews` takes a CSV or XLSX file with one row per review and these columns
(header names ignore case, spaces, underscores and dashes):

- ``conversation_id``: the conversation's id in its help desk (as imported); required;
- ``reviewer``: the reviewer's name or e-mail; required. Reviewers are matched by e-mail, then by
  name (ignoring case), and created when new;
- ``reviewed_at``: when the review was made (also ``submitted_at``): ISO 8601 text or, in XLSX,
  a date cell; a time without a zone is read in ``zone`` (UTC by default); required;
- one column per criterion id of the rubric holding the rating: ``pass``/``fail`` (also
  ``yes``/``no``, ``1``/``0``) on a binary scale, a whole number on a points scale, the label on a
  labels scale, ``NA`` for not applicable; an empty cell means not rated. At least one criterion
  column is required, and every review needs at least one rating;
- optional: ``comment`` (kept exactly as written); ``source`` (which import source the
  conversation came from, needed only when its id exists in several); ``reviewer_email``;
  ``time_spent_seconds``; ``calibration`` (yes/no); ``rubric`` and ``rubric_version`` (checked
  against the rubric imported into; a row of another version is refused unless the version is
  named explicitly with ``ID@VERSION``).

The other columns :func:`qa_desk.reviews_export.export_reviews` writes (``agent``, ``team``, ``score``,
``critical_fail``, ``passed``, ``origin``, ``revision``) are accepted and ignored, so an export of
one rubric's reviews imports again; scores are always computed from the ratings. Any other column is
an error listing the rubric's criteria. The whole file is one transaction: any error stores nothing.
A review already stored (same conversation, reviewer, rubric version and time) is skipped, so
importing a file twice adds nothing the second time.

A text cell protected from Excel by an export (a leading ``'``, :mod:`qa_desk.cell_text`) is read
back as it was.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_desk.cell_text import unprotect
from qa_desk.db.engine import Database
from qa_desk.db.models import Conversation, Review, User
from qa_desk.errors import InputError, Problem
from qa_desk.ingest.timeparse import TimestampError, parse_timestamp
from qa_desk.progress import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from qa_desk.reviews import record_review
from qa_desk.rubric import BINARY_FAIL, BINARY_PASS, Criterion, RatingError
from qa_desk.rubric import Rubric as RubricDefinition
from qa_desk.rubric_store import definition_of, named_version
from qa_desk.spreadsheet_rows import has_value, open_table

REQUIRED_COLUMNS = ("conversation_id", "reviewer", "reviewed_at")
OPTIONAL_COLUMNS = (
    "comment", "source", "reviewer_email", "time_spent_seconds", "calibration", "rubric",
    "rubric_version",
)  # fmt: skip
IGNORED_COLUMNS = ("agent", "team", "score", "critical_fail", "passed", "origin", "revision")
COLUMN_ALIASES = {"submittedat": "reviewed_at", "conversation": "conversation_id"}
EXCEL_EPOCH_RANGE = (1, 2958465)  # serial day numbers from 1900-01-01 to 9999-12-31


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name.strip().lstrip("\ufeff")).casefold()


@dataclass
class ReviewImportResult:
    """What importing a file of reviews did."""

    path: str
    added: int = 0
    skipped: int = 0
    reviewers_created: int = 0


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(unprotect(value)).strip()


def _comment(value: Any) -> str | None:
    """A comment exactly as written (only an export's protecting ``'`` is removed)."""
    if not has_value(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(unprotect(value)) if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class _Columns:
    """Where each column of the import is: fixed columns by name, criteria by id, and the
    positions of columns without a header (which must stay empty)."""

    fixed: dict[str, int]
    criteria: dict[str, int]
    unnamed: frozenset[int]
    width: int


def _columns(location: str, header: Sequence[Any], rubric: RubricDefinition) -> _Columns:
    criteria_ids = rubric.criterion_ids
    by_norm_criterion = {_norm(c): c for c in criteria_ids}
    known = {_norm(c): c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *IGNORED_COLUMNS)}
    known.update(COLUMN_ALIASES)
    fixed: dict[str, int] = {}
    criteria: dict[str, int] = {}
    unnamed: set[int] = set()
    problems: list[Problem] = []
    for i, cell in enumerate(header):
        name = _text(cell).lstrip("\ufeff")
        if not name:
            unnamed.add(i)
            continue
        if _norm(name) in by_norm_criterion:
            target, column = criteria, by_norm_criterion[_norm(name)]
        elif _norm(name) in known:
            target, column = fixed, known[_norm(name)]
        else:
            problems.append(
                Problem(
                    location,
                    name,
                    f"unknown column: not a criterion of rubric '{rubric.id}' "
                    f"(criteria: {', '.join(criteria_ids)}; other columns: "
                    f"{', '.join((*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS))})",
                )
            )
            continue
        if column in target:
            problems.append(Problem(location, name, f"a second column for {column}"))
        target[column] = i
    missing = [c for c in REQUIRED_COLUMNS if c not in fixed]
    if missing:
        found = ", ".join(_text(c) for c in header if _text(c)) or "none"
        problems.append(
            Problem(
                location,
                "",
                f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"(columns found: {found})",
            )
        )
    elif not criteria and not problems:
        problems.append(
            Problem(
                location,
                "",
                f"no rating columns: name one column per criterion of rubric '{rubric.id}' "
                f"({', '.join(criteria_ids)})",
            )
        )
    if problems:
        raise InputError(problems)
    return _Columns(fixed, criteria, frozenset(unnamed), len(header))


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _check_unnamed(columns: _Columns, row: Sequence[Any], location: str) -> None:
    """A value in a column without a header would silently vanish: refuse it."""
    for i, value in enumerate(row):
        if (i in columns.unnamed or i >= columns.width) and has_value(value):
            raise InputError(
                Problem(
                    location,
                    f"column {_column_letter(i)}",
                    f"'{_text(value)}' is in a column without a header; name the column or "
                    "remove the value",
                )
            )


def _reviewed_at(value: Any, zone: tzinfo, location: str, field: str) -> datetime:
    if isinstance(value, datetime):
        result = value if value.tzinfo else value.replace(tzinfo=zone)
        return result.astimezone(UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=zone).astimezone(UTC)
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and EXCEL_EPOCH_RANGE[0] <= value <= EXCEL_EPOCH_RANGE[1]:
        from openpyxl.utils.datetime import from_excel

        return _reviewed_at(from_excel(value), zone, location, field)
    try:
        parsed = parse_timestamp(unprotect(value), zone)
    except TimestampError as error:
        raise InputError(Problem(location, field, str(error))) from None
    if parsed is None:
        raise InputError(Problem(location, field, "missing"))
    return parsed


def _rating(criterion: Criterion, value: Any, location: str) -> str:
    try:
        return criterion.parse(value)
    except RatingError as error:
        message = str(error)
        written = _text(value)
        if message.startswith(f"{written} "):  # quote the value as the other messages do
            message = f"'{written}'{message[len(written) :]}"
        raise InputError(Problem(location, criterion.id, message)) from None


def _yes_no(value: Any, location: str, field: str) -> bool:
    text = _text(value).casefold()
    if not text or text in BINARY_FAIL:
        return False
    if text in BINARY_PASS:
        return True
    raise InputError(Problem(location, field, f"'{_text(value)}' is not yes/no"))


class _Conversations:
    """Conversation ids by external id (and source), looked up once each."""

    def __init__(self, session: Session):
        self.session = session
        self.cache: dict[tuple[str, str], int] = {}

    def find(self, external_id: str, source: str, location: str, field: str) -> int:
        key = (external_id, source)
        if key in self.cache:
            return self.cache[key]
        statement = select(Conversation.id, Conversation.source).where(
            Conversation.external_id == external_id
        )
        if source:
            statement = statement.where(Conversation.source == source)
        found = self.session.execute(statement.limit(20)).all()
        if not found:
            where = f" from source '{source}'" if source else ""
            raise InputError(
                Problem(
                    location,
                    field,
                    f"conversation '{external_id}'{where} is not in the database "
                    "(import the conversations first)",
                )
            )
        if len(found) > 1:
            sources = ", ".join(sorted(row.source for row in found))
            raise InputError(
                Problem(
                    location,
                    field,
                    f"conversation '{external_id}' exists in several sources ({sources}); "
                    "add a source column to say which",
                )
            )
        self.cache[key] = found[0].id
        return found[0].id


class _Reviewers:
    """Reviewers matched by e-mail, then by name, ignoring case in every script (the
    comparison is done here rather than in SQL, whose ``lower()`` only knows ASCII on SQLite),
    and created when new. A name only matches a user with no e-mail of their own when the row
    gives an e-mail: two people may share a name, never an address."""

    def __init__(self, session: Session):
        self.session = session
        self.by_email: dict[str, User] = {}
        self.by_name: dict[str, list[User]] = {}
        for user in session.scalars(select(User).order_by(User.id)):
            self._remember(user)
        self.created = 0

    def _remember(self, user: User) -> None:
        if user.email:
            self.by_email.setdefault(user.email.strip().casefold(), user)
        self.by_name.setdefault(user.name.strip().casefold(), []).append(user)

    def find(self, reviewer: str, email: str) -> int:
        if not email and "@" in reviewer and " " not in reviewer:
            reviewer, email = "", reviewer
        user = self.by_email.get(email.casefold()) if email else None
        if user is None and reviewer:
            same_name = self.by_name.get(reviewer.casefold(), [])
            if email:
                same_name = [u for u in same_name if not u.email]
            user = same_name[0] if same_name else None
        if user is None and email and not reviewer:
            user = next(iter(self.by_name.get(email.casefold(), [])), None)
        if user is None:
            user = User(name=reviewer or email.split("@")[0], email=email or None, role="reviewer")
            self.session.add(user)
            self.session.flush()
            self._remember(user)
            self.created += 1
        return user.id


def import_reviews(
    db: Database,
    path: str | Path,
    rubric_ref: str,
    *,
    sheet: str | None = None,
    zone: tzinfo = UTC,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> ReviewImportResult:
    """Import historical reviews from a CSV or XLSX file against rubric ``rubric_ref``
    (``ID`` for its latest version, or ``ID@VERSION``), all in one transaction.

    Raises :class:`InputError` naming the file, row and column of the first problem, and
    :class:`qa_desk.errors.Cancelled` when ``cancelled()`` turns true; either way nothing is stored.
    """
    path = Path(path)
    result = ReviewImportResult(str(path))
    label = f"Importing reviews from {path.name}"
    version_named = "@" in rubric_ref
    with db.session() as session, open_table(path, sheet) as table:
        version = named_version(session, rubric_ref)
        rubric = definition_of(version)
        columns = _columns(f"{path}:1", table.header, rubric)
        conversations = _Conversations(session)
        reviewers = _Reviewers(session)
        progress(0, table.total, label)
        for count, (number, row) in enumerate(table.rows, start=1):
            location = f"{path}:{number}"
            _check_unnamed(columns, row, location)
            values = {name: row[i] if i < len(row) else None for name, i in columns.fixed.items()}
            _check_rubric(values, rubric.id, version.version, version_named, location)
            conversation_id = conversations.find(
                _required(values, "conversation_id", location),
                _text(values.get("source")),
                location,
                "conversation_id",
            )
            reviewer_id = reviewers.find(
                _required(values, "reviewer", location), _text(values.get("reviewer_email"))
            )
            reviewed_at = _reviewed_at(values.get("reviewed_at"), zone, location, "reviewed_at")
            time_spent = _number(values.get("time_spent_seconds"), location, "time_spent_seconds")
            calibration = _yes_no(values.get("calibration"), location, "calibration")
            ratings: dict[str, str] = {}
            for criterion in rubric.criteria():
                i = columns.criteria.get(criterion.id)
                value = row[i] if i is not None and i < len(row) else None
                if _text(value):
                    ratings[criterion.id] = _rating(criterion, unprotect(value), location)
            if not ratings:
                raise InputError(
                    Problem(
                        location,
                        "",
                        "no criterion is rated (a review needs at least one rating; "
                        "write NA for not applicable)",
                    )
                )
            if _already_stored(session, conversation_id, reviewer_id, version.id, reviewed_at):
                result.skipped += 1
            else:
                record_review(
                    session,
                    conversation_id=conversation_id,
                    reviewer_id=reviewer_id,
                    rubric_version=version,
                    ratings=ratings,
                    comment=_comment(values.get("comment")),
                    submitted_at=reviewed_at,
                    time_spent_seconds=time_spent,
                    origin="import",
                    is_calibration=calibration,
                )
                result.added += 1
            if count % 50 == 0:
                check_cancel(cancelled)
                progress(table.done(), table.total, label)
        check_cancel(cancelled)
        result.reviewers_created = reviewers.created
    progress(table.total, table.total, label)
    return result


def _check_rubric(
    values: dict[str, Any], key: str, version: int, version_named: bool, location: str
) -> None:
    """A row that names its rubric (as an export does) must be for the rubric imported into;
    scoring a review against another version would silently change its score."""
    rubric_named = _text(values.get("rubric"))
    if rubric_named and rubric_named != key:
        raise InputError(
            Problem(location, "rubric", f"this row is for rubric '{rubric_named}', not '{key}'")
        )
    version_text = _text(values.get("rubric_version"))
    if version_text and not version_named and version_text != str(version):
        if not version_text.isdigit():
            raise InputError(
                Problem(location, "rubric_version", f"'{version_text}' is not a version number")
            )
        raise InputError(
            Problem(
                location,
                "rubric_version",
                f"this review was made with version {version_text} of '{key}', but the latest "
                f"is version {version}; name the version to score it with, e.g. "
                f"--rubric {key}@{version_text}",
            )
        )


def _required(values: dict[str, Any], column: str, location: str) -> str:
    text = _text(values.get(column))
    if not text:
        raise InputError(Problem(location, column, "missing"))
    return text


def _number(value: Any, location: str, field: str) -> float | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise InputError(Problem(location, field, f"'{text}' is not a number")) from None
    if number < 0 or number != number or number == float("inf"):
        raise InputError(Problem(location, field, f"'{text}' is not a number of seconds"))
    return number


def _already_stored(
    session: Session, conversation_id: int, reviewer_id: int, version_id: int, at: datetime
) -> bool:
    """Whether this review is in the database already: imported before, or exported from here."""
    found = session.scalar(
        select(Review.id)
        .where(
            Review.conversation_id == conversation_id,
            Review.reviewer_id == reviewer_id,
            Review.rubric_version_id == version_id,
            Review.submitted_at == at,
        )
        .limit(1)
    )
    return found is not None
