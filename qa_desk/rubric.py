"""Rubrics (scorecards) and the scoring math: scales, ratings, and the score of one review.

A rubric groups criteria into sections. Each criterion has a scale that maps a rating to a fraction
between 0 and 1; a review's score is the weighted mean of its fractions in percent, leaving out N/A
and unrated criteria, and a critical criterion rated below 0.5 zeroes it. The rules are in DESIGN.md
("Rubrics and scores"); loading and validating YAML lives in :mod:`qa_desk.rubric_loader`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

NA = "NA"
"""How a not-applicable rating is written."""

NA_WORDS = frozenset({"na", "n/a", "n.a.", "not applicable"})
BINARY_PASS = frozenset({"pass", "yes", "1", "true", "y"})
BINARY_FAIL = frozenset({"fail", "no", "0", "false", "n"})
CRITICAL_BELOW = 0.5

ScaleKind = Literal["binary", "points", "labels"]


class RatingError(ValueError):
    """A rating that does not fit its criterion's scale; the message says what would."""


@dataclass(frozen=True)
class Scale:
    """How a criterion is rated.

    Attributes:
        kind: ``binary`` (fail/pass), ``points`` (whole numbers ``low``..``high``) or ``labels``
            (``labels``, worst first).
        low, high: the ends of a points scale.
        labels: the labels of a labels scale, worst first.
    """

    kind: ScaleKind
    low: int = 0
    high: int = 1
    labels: tuple[str, ...] = ()

    @property
    def values(self) -> tuple[str, ...]:
        """Every rating on the scale as written, worst first."""
        if self.kind == "binary":
            return ("fail", "pass")
        if self.kind == "points":
            return tuple(str(v) for v in range(self.low, self.high + 1))
        return self.labels

    def fraction_of(self, value: str) -> float:
        """The fraction (0..1) of a canonical value from :attr:`values`."""
        values = self.values
        return values.index(value) / (len(values) - 1)

    def canonical(self, raw: object) -> str:
        """The value as :attr:`values` writes it, for a rating written any accepted way.

        Raises :class:`RatingError` when ``raw`` is not on the scale.
        """
        text = _as_text(raw)
        folded = text.casefold()
        if self.kind == "binary":
            if folded in BINARY_PASS:
                return "pass"
            if folded in BINARY_FAIL:
                return "fail"
            raise RatingError(f"{text!r} is not pass/fail (also yes/no, 1/0)")
        if self.kind == "points":
            try:
                number = float(text)
            except ValueError:
                number = None
            if number is None or not number.is_integer():
                raise RatingError(f"{text!r} is not a whole number from {self.low} to {self.high}")
            if not self.low <= number <= self.high:
                raise RatingError(f"{text} is outside the scale {self.low}–{self.high}")
            return str(int(number))
        for label in self.labels:
            if label.casefold() == folded:
                return label
        raise RatingError(f"{text!r} is not one of: {', '.join(self.labels)}")

    def describe(self) -> str:
        if self.kind == "binary":
            return "pass/fail"
        if self.kind == "points":
            dash = " – " if self.low < 0 else "–"  # "-2 – 2", not "-2–2"
            return f"{self.low}{dash}{self.high}"
        return " < ".join(self.labels)

    def to_data(self) -> str | dict[str, list[Any]]:
        if self.kind == "binary":
            return "binary"
        if self.kind == "points":
            return {"points": [self.low, self.high]}
        return {"labels": list(self.labels)}


def _as_text(raw: object) -> str:
    if isinstance(raw, bool):
        return "pass" if raw else "fail"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def is_na(raw: object) -> bool:
    """Whether a rating as written means not applicable."""
    return isinstance(raw, str) and raw.strip().casefold() in NA_WORDS


@dataclass(frozen=True)
class Criterion:
    """One thing a reviewer rates.

    Attributes:
        id: stable id, unique in the rubric.
        name: what is rated, as the reviewer reads it.
        guidance: what good looks like.
        scale: how it is rated.
        weight: 0–100; 0 means rated but not counted in the score.
        allow_na: whether N/A may be chosen.
        critical: a rating below 0.5 fails the whole review.
        autoqa: the id of an automatic check that pre-fills it, if any.
        root_causes: labels a reviewer may tick when it is rated low.
    """

    id: str
    name: str
    scale: Scale
    guidance: str = ""
    weight: int = 1
    allow_na: bool = False
    critical: bool = False
    autoqa: str | None = None
    root_causes: tuple[str, ...] = ()

    def parse(self, raw: object) -> str:
        """The canonical rating (a scale value or :data:`NA`) for a rating as written."""
        if is_na(raw):
            if not self.allow_na:
                raise RatingError("N/A is not allowed for this criterion")
            return NA
        return self.scale.canonical(raw)

    def fraction(self, value: str) -> float | None:
        """The fraction of a canonical rating; None for N/A."""
        return None if value == NA else self.scale.fraction_of(value)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.guidance:
            data["guidance"] = self.guidance
        data["scale"] = self.scale.to_data()
        data["weight"] = self.weight
        data["allow_na"] = self.allow_na
        data["critical"] = self.critical
        if self.autoqa:
            data["autoqa"] = self.autoqa
        if self.root_causes:
            data["root_causes"] = list(self.root_causes)
        return data


@dataclass(frozen=True)
class Section:
    """A named group of criteria."""

    id: str
    name: str
    criteria: tuple[Criterion, ...]

    def to_data(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "criteria": [c.to_data() for c in self.criteria]}


@dataclass(frozen=True)
class Rubric:
    """A scorecard: sections of criteria and the pass threshold (percent)."""

    id: str
    name: str
    sections: tuple[Section, ...]
    pass_threshold: float = 80.0
    description: str = ""

    def criteria(self) -> Iterator[Criterion]:
        for section in self.sections:
            yield from section.criteria

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria():
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    @property
    def criterion_ids(self) -> list[str]:
        return [c.id for c in self.criteria()]

    def to_data(self) -> dict[str, Any]:
        """The rubric as plain data, every default written out (what a version stores and hashes)."""
        data: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.description:
            data["description"] = self.description
        threshold = self.pass_threshold
        data["pass_threshold"] = int(threshold) if float(threshold).is_integer() else threshold
        data["sections"] = [s.to_data() for s in self.sections]
        return data

    def score(self, ratings: Mapping[str, object]) -> ReviewScore:
        """Score a review from ``{criterion id: rating as written}``; see :func:`score_review`."""
        return score_review(self, ratings)


@dataclass(frozen=True)
class ReviewScore:
    """The outcome of one review.

    Attributes:
        score: percent 0–100, or None when nothing countable was rated.
        critical_fail: a critical criterion was rated below 0.5 (the score is then 0).
        passed: score ≥ the pass threshold and no critical fail; None when there is no score.
        fractions: criterion id → fraction for each rated criterion (None for N/A).
        failed_critical: ids of the critical criteria that failed the review.
    """

    score: float | None
    critical_fail: bool
    passed: bool | None
    fractions: dict[str, float | None] = field(default_factory=dict)
    failed_critical: tuple[str, ...] = ()


def score_review(rubric: Rubric, ratings: Mapping[str, object]) -> ReviewScore:
    """The score of one review, exactly as DESIGN.md defines it.

    ``ratings`` maps criterion ids to ratings as written (``pass``, ``4``, ``good``, ``NA``); criteria
    missing from it, or rated ``None`` or ``""``, are not rated. Raises :class:`RatingError` (naming
    the criterion) for an unknown criterion or a rating off its scale.
    """
    known = {c.id: c for c in rubric.criteria()}
    for criterion_id in ratings:
        if criterion_id not in known:
            raise RatingError(f"{criterion_id}: not a criterion of rubric {rubric.id!r}")
    weighted = 0.0
    total_weight = 0
    fractions: dict[str, float | None] = {}
    failed_critical: list[str] = []
    for criterion in known.values():
        raw = ratings.get(criterion.id)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        try:
            value = criterion.parse(raw)
        except RatingError as error:
            raise RatingError(f"{criterion.id}: {error}") from None
        fraction = criterion.fraction(value)
        fractions[criterion.id] = fraction
        if fraction is None:
            continue
        if criterion.critical and fraction < CRITICAL_BELOW:
            failed_critical.append(criterion.id)
        if criterion.weight > 0:
            weighted += criterion.weight * fraction
            total_weight += criterion.weight
    critical_fail = bool(failed_critical)
    if critical_fail:
        # A failed critical criterion zeroes the review even when nothing else counted: a
        # compliance failure must never drop out of the averages.
        return ReviewScore(0.0, True, False, fractions, tuple(failed_critical))
    if total_weight == 0:
        return ReviewScore(None, False, None, fractions)
    score = 100.0 * weighted / total_weight
    passed = score >= rubric.pass_threshold - 1e-9
    return ReviewScore(score, False, passed, fractions)
