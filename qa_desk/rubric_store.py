"""Rubrics in the database: adding a rubric makes an immutable version; listing and fetching them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qa_desk.db.models import Review, Rubric, RubricVersion
from qa_desk.errors import InputError, Problem
from qa_desk.paths import rubrics_dir
from qa_desk.rubric import Rubric as RubricDefinition
from qa_desk.rubric_loader import content_hash, load_rubric_file, parse_rubric, rubric_to_yaml


@dataclass(frozen=True)
class AddedVersion:
    """The outcome of adding a rubric: its key, the version number, and whether it is new."""

    key: str
    version: int
    version_id: int
    created: bool


@dataclass(frozen=True)
class VersionInfo:
    """A rubric version as listed: who made it, when, and how many reviews use it."""

    key: str
    name: str
    version: int
    version_id: int
    created_at: datetime
    created_by: str | None
    reviews: int
    criteria: int


def add_rubric(
    session: Session,
    rubric: RubricDefinition,
    source_yaml: str | None = None,
    created_by: str | None = None,
) -> AddedVersion:
    """Store ``rubric`` as a new version of its rubric, unless the latest identical content exists.

    Same content as an existing version: nothing is added and that version is returned.
    """
    digest = content_hash(rubric)
    row = session.scalar(select(Rubric).where(Rubric.key == rubric.id))
    if row is None:
        row = Rubric(key=rubric.id, name=rubric.name)
        session.add(row)
        session.flush()
    existing = session.scalar(
        select(RubricVersion).where(
            RubricVersion.rubric_id == row.id, RubricVersion.content_hash == digest
        )
    )
    if existing is not None:
        return AddedVersion(row.key, existing.version, existing.id, created=False)
    latest = session.scalar(
        select(func.max(RubricVersion.version)).where(RubricVersion.rubric_id == row.id)
    )
    version = RubricVersion(
        rubric_id=row.id,
        version=(latest or 0) + 1,
        definition=rubric.to_data(),
        source_yaml=source_yaml or rubric_to_yaml(rubric),
        content_hash=digest,
        created_by=created_by,
    )
    row.name = rubric.name
    session.add(version)
    session.flush()
    return AddedVersion(row.key, version.version, version.id, created=True)


def add_rubric_file(
    session: Session, path: str | Path, created_by: str | None = None
) -> AddedVersion:
    """Validate a rubric YAML file and add it (see :func:`add_rubric`)."""
    rubric, text = load_rubric_file(path)
    return add_rubric(session, rubric, text, created_by)


def add_shipped_rubrics(session: Session) -> list[AddedVersion]:
    """Add every rubric shipped in ``rubrics/`` (an unchanged one adds nothing)."""
    return [add_rubric_file(session, p, "QA Desk") for p in sorted(rubrics_dir().glob("*.yaml"))]


def definition_of(version: RubricVersion) -> RubricDefinition:
    """The rubric a stored version holds."""
    return parse_rubric(version.definition, f"rubric version {version.id}")


def get_version(session: Session, key: str, version: int | None = None) -> RubricVersion:
    """A version of the rubric ``key`` (the latest when ``version`` is None).

    ``key`` may also be written ``key@version``. Raises :class:`InputError` when there is none.
    """
    if version is None and "@" in key:
        key, _, number = key.partition("@")
        if not number.isdigit():
            raise InputError(Problem("", "rubric", f"'{number}' is not a version number"))
        version = int(number)
    statement = select(RubricVersion).join(Rubric).where(Rubric.key == key)
    if version is not None:
        statement = statement.where(RubricVersion.version == version)
    found = session.scalar(statement.order_by(RubricVersion.version.desc()).limit(1))
    if found is None:
        known = ", ".join(session.scalars(select(Rubric.key).order_by(Rubric.key))) or "none yet"
        what = f"rubric '{key}'" + (f" version {version}" if version is not None else "")
        raise InputError(Problem("", "rubric", f"no {what} (rubrics: {known})"))
    return found


def named_version(session: Session, rubric_ref: str) -> RubricVersion:
    """The rubric version a command's ``--rubric`` names (``ID`` or ``ID@VERSION``); an unknown
    one is an error about that option."""
    try:
        return get_version(session, rubric_ref)
    except InputError as error:
        raise InputError(
            [Problem("--rubric", "", problem.message) for problem in error.problems]
        ) from None


def list_versions(session: Session) -> list[VersionInfo]:
    """Every version of every rubric, newest version of each rubric last."""
    counts = (
        select(Review.rubric_version_id, func.count().label("n"))
        .where(Review.is_current)
        .group_by(Review.rubric_version_id)
        .subquery()
    )
    rows = session.execute(
        select(Rubric.key, Rubric.name, RubricVersion, func.coalesce(counts.c.n, 0))
        .join(RubricVersion, RubricVersion.rubric_id == Rubric.id)
        .outerjoin(counts, counts.c.rubric_version_id == RubricVersion.id)
        .order_by(Rubric.key, RubricVersion.version)
    )
    result = []
    for key, name, version, reviews in rows:
        definition = version.definition
        n_criteria = sum(len(s.get("criteria", [])) for s in definition.get("sections", []))
        result.append(
            VersionInfo(
                key, name, version.version, version.id, version.created_at, version.created_by,
                reviews, n_criteria,
            )
        )  # fmt: skip
    return result
