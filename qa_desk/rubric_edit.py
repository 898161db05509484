"""An editable rubric: a mutable document of sections and criteria that an editor changes freely
(it may be invalid while being edited), turned into plain data and checked by the same loader the
command line uses, so every problem reads exactly as ``qa-desk rubric validate`` would print it.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from qa_desk.errors import InputError, Problem
from qa_desk.rubric import Rubric, Scale, ScaleKind
from qa_desk.rubric_loader import parse_rubric

DEFAULT_POINTS = (1, 5)
DEFAULT_LABELS = ("poor", "fair", "good", "great")
_section_keys = itertools.count(1)
_PATH = re.compile(r"^sections\[(\d+)\](?:\.criteria\[(\d+)\])?(?:\.([a-z_]+))?")


@dataclass
class CriterionDraft:
    """A criterion being edited; it keeps the values of every scale kind so switching between
    kinds loses nothing, and only the chosen ``scale_kind`` is written out.

    Attributes:
        points: ``(min, max)`` of a points scale.
        labels: the labels of a labels scale, worst first.
        autoqa: the id of an automatic check, or None.
        Every other attribute is the criterion field of the same name (see :class:`Criterion`).
    """

    id: str = ""
    name: str = ""
    guidance: str = ""
    scale_kind: ScaleKind = "binary"
    points: tuple[int, int] = DEFAULT_POINTS
    labels: list[str] = field(default_factory=lambda: list(DEFAULT_LABELS))
    weight: int = 1
    allow_na: bool = False
    critical: bool = False
    autoqa: str | None = None
    root_causes: list[str] = field(default_factory=list)

    @property
    def scale(self) -> Scale:
        """The chosen scale (possibly invalid, e.g. min above max)."""
        if self.scale_kind == "points":
            return Scale("points", low=self.points[0], high=self.points[1])
        if self.scale_kind == "labels":
            return Scale("labels", labels=tuple(self.labels))
        return Scale("binary")

    def scale_data(self) -> str | dict[str, list[Any]]:
        if self.scale_kind == "points":
            return {"points": list(self.points)}
        if self.scale_kind == "labels":
            return {"labels": list(self.labels)}
        return "binary"

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.guidance.strip():
            data["guidance"] = self.guidance
        data["scale"] = self.scale_data()
        data["weight"] = self.weight
        data["allow_na"] = self.allow_na
        data["critical"] = self.critical
        if self.autoqa:
            data["autoqa"] = self.autoqa
        if self.root_causes:
            data["root_causes"] = list(self.root_causes)
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> CriterionDraft:
        """A draft from a criterion's plain data (as :meth:`to_data` or a valid rubric writes it)."""
        draft = cls(
            id=str(data.get("id", "")),
            name=str(data.get("name", "")),
            guidance=str(data.get("guidance") or ""),
            weight=int(data.get("weight", 1)),
            allow_na=bool(data.get("allow_na", False)),
            critical=bool(data.get("critical", False)),
            autoqa=data.get("autoqa") or None,
            root_causes=[str(x) for x in data.get("root_causes") or []],
        )
        scale = data.get("scale", "binary")
        if isinstance(scale, dict) and "points" in scale:
            draft.scale_kind = "points"
            draft.points = (int(scale["points"][0]), int(scale["points"][1]))
        elif isinstance(scale, dict) and "labels" in scale:
            draft.scale_kind = "labels"
            draft.labels = [str(x) for x in scale["labels"]]
        return draft


@dataclass
class SectionDraft:
    """A section being edited.

    Attributes:
        key: a number unique in this process, stable while the section is edited or moved (the
            editor's tree model uses it to find a criterion's section); not part of the rubric.
    """

    id: str = ""
    name: str = ""
    criteria: list[CriterionDraft] = field(default_factory=list)
    key: int = field(default_factory=lambda: next(_section_keys), compare=False, repr=False)

    def to_data(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "criteria": [c.to_data() for c in self.criteria]}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SectionDraft:
        return cls(
            id=str(data.get("id", "")),
            name=str(data.get("name", "")),
            criteria=[CriterionDraft.from_data(c) for c in data.get("criteria") or []],
        )


@dataclass
class RubricDraft:
    """A whole rubric being edited: rubric-level fields and its sections in order."""

    id: str = ""
    name: str = ""
    description: str = ""
    pass_threshold: float = 80.0
    sections: list[SectionDraft] = field(default_factory=list)

    def to_data(self) -> dict[str, Any]:
        """The rubric as plain data in the shape of the YAML files (what the loader reads)."""
        data: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.description.strip():
            data["description"] = self.description
        threshold = self.pass_threshold
        data["pass_threshold"] = int(threshold) if float(threshold).is_integer() else threshold
        data["sections"] = [s.to_data() for s in self.sections]
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> RubricDraft:
        return cls(
            id=str(data.get("id", "")),
            name=str(data.get("name", "")),
            description=str(data.get("description") or ""),
            pass_threshold=float(data.get("pass_threshold", 80)),
            sections=[SectionDraft.from_data(s) for s in data.get("sections") or []],
        )

    @classmethod
    def of(cls, rubric: Rubric) -> RubricDraft:
        """A draft holding a (valid) rubric."""
        return cls.from_data(rubric.to_data())

    def copy(self) -> RubricDraft:
        return copy.deepcopy(self)

    def criterion_ids(self) -> list[str]:
        return [c.id for s in self.sections for c in s.criteria]


def validate(draft: RubricDraft, location: str = "") -> tuple[Rubric | None, list[Problem]]:
    """Check a draft with the rubric loader: the rubric when it is valid, else every problem
    (each as the CLI names it, under ``location``)."""
    try:
        return parse_rubric(draft.to_data(), location), []
    except InputError as error:
        return None, error.problems


@dataclass(frozen=True)
class Target:
    """Where a problem's path points in a draft.

    Attributes:
        section: the section's index, or None for the rubric itself.
        criterion: the criterion's index in that section, or None for the section itself.
        field: the field named right after (``weight``, ``scale``, ``id``...), or ``""``.
    """

    section: int | None
    criterion: int | None
    field: str


def target_of(path: str) -> Target:
    """The item a problem's path (``sections[1].criteria[0].scale.points``) names."""
    match = _PATH.match(path)
    if match is None:
        return Target(None, None, path.split(".")[0].split("[")[0])
    section, criterion, name = match.groups()
    return Target(int(section), int(criterion) if criterion is not None else None, name or "")


def unique_id(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not taken."""
    used = set(taken)
    if base not in used:
        return base
    return next(f"{base}-{n}" for n in itertools.count(2) if f"{base}-{n}" not in used)


def new_criterion(draft: RubricDraft, name: str = "New criterion") -> CriterionDraft:
    """A binary criterion of weight 1 with an id not yet used in ``draft``."""
    return CriterionDraft(id=unique_id("criterion", draft.criterion_ids()), name=name)


def new_section(
    draft: RubricDraft, name: str = "New section", criterion_name: str = "New criterion"
) -> SectionDraft:
    """A section with one new criterion (an empty section is not valid) and an unused id."""
    section_id = unique_id("section", (s.id for s in draft.sections))
    return SectionDraft(id=section_id, name=name, criteria=[new_criterion(draft, criterion_name)])


def new_rubric(
    taken_ids: Iterable[str],
    name: str = "New rubric",
    section_name: str = "New section",
    criterion_name: str = "New criterion",
) -> RubricDraft:
    """A small valid rubric to start from, with an id none of ``taken_ids`` has."""
    draft = RubricDraft(id=unique_id("new-rubric", taken_ids), name=name)
    draft.sections.append(new_section(draft, section_name, criterion_name))
    return draft


def duplicate(draft: RubricDraft, taken_ids: Iterable[str], suffix: str = "copy") -> RubricDraft:
    """A copy under a new id (``<id>-copy``) and name (``<name> (copy)``), a rubric of its own."""
    twin = RubricDraft.from_data(draft.to_data())
    twin.id = unique_id(f"{draft.id}-{suffix}", taken_ids)
    twin.name = f"{draft.name} ({suffix})"
    return twin
