"""Reading rubric YAML into :class:`qa_desk.rubric.Rubric`, with validation that names where a problem is.

Every problem found is reported at once, each as ``FILE: path.inside[1].the.file: what is wrong``.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import yaml

from qa_desk.autoqa_catalog import AUTOQA_CHECKS
from qa_desk.errors import InputError, Problem
from qa_desk.rubric import NA_WORDS, Criterion, Rubric, Scale, Section

RUBRIC_KEYS = ("id", "name", "description", "pass_threshold", "sections")
SECTION_KEYS = ("id", "name", "criteria")
CRITERION_KEYS = (
    "id",
    "name",
    "guidance",
    "scale",
    "weight",
    "allow_na",
    "critical",
    "autoqa",
    "root_causes",
)
MAX_POINTS = 11
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class _Checker:
    """Collects problems while reading one rubric."""

    def __init__(self, location: str):
        self.location = location
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.location, path, message))

    def keys(self, data: dict[str, Any], allowed: tuple[str, ...], path: str) -> None:
        for key in data:
            if key not in allowed:
                hint = difflib.get_close_matches(str(key), allowed, n=1)
                extra = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.add(_join(path, str(key)), f"unknown field '{key}'{extra}")

    def text(self, data: dict[str, Any], key: str, path: str, *, required: bool) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(_join(path, key), "missing")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.add(_join(path, key), "must be text")
            return ""
        return str(value).strip()

    def ident(self, data: dict[str, Any], path: str) -> str:
        value = self.text(data, "id", path, required=True)
        if value and not _ID.match(value):
            self.add(
                _join(path, "id"),
                f"'{value}' may hold only letters, digits, '_', '-' and '.'",
            )
        return value

    def flag(self, data: dict[str, Any], key: str, path: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.add(_join(path, key), f"must be true or false, not {value!r}")
            return False
        return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def parse_rubric(data: Any, location: str = "<rubric>") -> Rubric:
    """Validate plain data (as read from YAML) and build the rubric.

    Raises :class:`InputError` listing every problem, each with ``location`` and its path.
    """
    check = _Checker(location)
    if not isinstance(data, dict):
        raise InputError(
            Problem(location, "", "a rubric must be a mapping with id, name and sections")
        )
    check.keys(data, RUBRIC_KEYS, "")
    rubric_id = check.ident(data, "")
    name = check.text(data, "name", "", required=True)
    description = check.text(data, "description", "", required=False)
    threshold = data.get("pass_threshold", 80)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        check.add("pass_threshold", f"must be a number from 0 to 100, not {threshold!r}")
        threshold = 80
    elif not 0 <= threshold <= 100:
        check.add("pass_threshold", f"{threshold} is outside 0–100")
    sections_data = data.get("sections")
    sections: list[Section] = []
    if not isinstance(sections_data, list) or not sections_data:
        check.add("sections", "a rubric needs at least one section")
        sections_data = []
    section_ids: dict[str, str] = {}
    criterion_ids: dict[str, str] = {}
    for i, section_data in enumerate(sections_data):
        path = f"sections[{i}]"
        section = _parse_section(check, section_data, path, section_ids, criterion_ids)
        if section is not None:
            sections.append(section)
    rubric = Rubric(
        id=rubric_id,
        name=name,
        sections=tuple(sections),
        pass_threshold=float(threshold),
        description=description,
    )
    criteria = list(rubric.criteria())
    if criteria and not any(c.weight > 0 or c.critical for c in criteria):
        check.add("sections", "no criterion counts toward the score (every weight is 0)")
    if check.problems:
        raise InputError(check.problems)
    return rubric


def _parse_section(
    check: _Checker,
    data: Any,
    path: str,
    section_ids: dict[str, str],
    criterion_ids: dict[str, str],
) -> Section | None:
    if not isinstance(data, dict):
        check.add(path, "a section must be a mapping with id, name and criteria")
        return None
    check.keys(data, SECTION_KEYS, path)
    section_id = check.ident(data, path)
    if section_id:
        if section_id in section_ids:
            check.add(
                f"{path}.id",
                f"duplicate section id '{section_id}' (also {section_ids[section_id]})",
            )
        section_ids.setdefault(section_id, path)
    name = check.text(data, "name", path, required=True)
    criteria_data = data.get("criteria")
    if not isinstance(criteria_data, list) or not criteria_data:
        check.add(f"{path}.criteria", "the section is empty: it needs at least one criterion")
        criteria_data = []
    criteria = []
    for j, criterion_data in enumerate(criteria_data):
        criterion = _parse_criterion(check, criterion_data, f"{path}.criteria[{j}]", criterion_ids)
        if criterion is not None:
            criteria.append(criterion)
    return Section(id=section_id, name=name, criteria=tuple(criteria))


def _parse_criterion(
    check: _Checker, data: Any, path: str, criterion_ids: dict[str, str]
) -> Criterion | None:
    if not isinstance(data, dict):
        check.add(path, "a criterion must be a mapping with id, name and scale")
        return None
    check.keys(data, CRITERION_KEYS, path)
    criterion_id = check.ident(data, path)
    if criterion_id:
        if criterion_id in criterion_ids:
            check.add(
                f"{path}.id",
                f"duplicate criterion id '{criterion_id}' (also {criterion_ids[criterion_id]})",
            )
        criterion_ids.setdefault(criterion_id, path)
    name = check.text(data, "name", path, required=True)
    guidance = check.text(data, "guidance", path, required=False)
    allow_na = check.flag(data, "allow_na", path)
    critical = check.flag(data, "critical", path)
    scale = _parse_scale(check, data.get("scale"), f"{path}.scale", critical=critical)
    weight = data.get("weight", 1)
    if isinstance(weight, float) and weight.is_integer():
        weight = int(weight)
    if isinstance(weight, bool) or not isinstance(weight, int):
        check.add(f"{path}.weight", f"must be a whole number from 0 to 100, not {weight!r}")
        weight = 1
    elif not 0 <= weight <= 100:
        check.add(f"{path}.weight", f"{weight} is out of range: weights go from 0 to 100")
    autoqa = data.get("autoqa")
    if autoqa is not None and autoqa not in AUTOQA_CHECKS:
        hint = difflib.get_close_matches(str(autoqa), list(AUTOQA_CHECKS), n=1)
        extra = f" (did you mean '{hint[0]}'?)" if hint else ""
        check.add(
            f"{path}.autoqa",
            f"unknown automatic check '{autoqa}'{extra}; known: {', '.join(AUTOQA_CHECKS)}",
        )
        autoqa = None
    root_causes = _parse_labels(
        check, data.get("root_causes", []), f"{path}.root_causes", minimum=0, what="root cause"
    )
    return Criterion(
        id=criterion_id,
        name=name,
        guidance=guidance,
        scale=scale or Scale("binary"),
        weight=weight,
        allow_na=allow_na,
        critical=critical,
        autoqa=autoqa,
        root_causes=tuple(root_causes),
    )


def _parse_scale(check: _Checker, data: Any, path: str, *, critical: bool) -> Scale | None:
    if data is None:
        check.add(path, "missing (binary, {points: [1, 5]} or {labels: [poor, fair, good]})")
        return None
    if data == "binary":
        return Scale("binary")
    if isinstance(data, dict) and len(data) == 1 and "points" in data:
        points = data["points"]
        if (
            not isinstance(points, list)
            or len(points) != 2
            or not all(isinstance(p, int) and not isinstance(p, bool) for p in points)
        ):
            check.add(f"{path}.points", f"must be two whole numbers [min, max], not {points!r}")
            return None
        low, high = points
        if low >= high:
            check.add(f"{path}.points", f"min {low} must be below max {high}")
            return None
        if high - low + 1 > MAX_POINTS:
            check.add(f"{path}.points", f"{low}–{high} has more than {MAX_POINTS} values")
            return None
        return Scale("points", low=low, high=high)
    if isinstance(data, dict) and len(data) == 1 and "labels" in data:
        labels = _parse_labels(check, data["labels"], f"{path}.labels", minimum=2, what="label")
        for label in labels:
            if label.casefold() in NA_WORDS:
                consequence = (
                    "; on this critical criterion it would fail the review"
                    if critical and labels.index(label) / (len(labels) - 1) < 0.5
                    else ""
                )
                check.add(
                    f"{path}.labels",
                    f"label '{label}' would be scored as a value{consequence}; "
                    "remove it and set allow_na: true instead",
                )
                return None
        return Scale("labels", labels=tuple(labels)) if len(labels) >= 2 else None
    if isinstance(data, str):
        check.add(path, f"unknown scale '{data}' (binary, {{points: [1, 5]}} or {{labels: [...]}})")
    else:
        check.add(path, f"unknown scale {data!r} (binary, {{points: [1, 5]}} or {{labels: [...]}})")
    return None


def _parse_labels(check: _Checker, data: Any, path: str, *, minimum: int, what: str) -> list[str]:
    if not isinstance(data, list):
        check.add(path, f"must be a list of {what}s")
        return []
    labels: list[str] = []
    for k, item in enumerate(data):
        if not isinstance(item, str | int) or isinstance(item, bool) or not str(item).strip():
            check.add(f"{path}[{k}]", f"a {what} must be non-empty text")
            continue
        label = str(item).strip()
        if label.casefold() in (x.casefold() for x in labels):
            check.add(f"{path}[{k}]", f"duplicate {what} '{label}'")
            continue
        labels.append(label)
    if len(labels) < minimum:
        check.add(path, f"needs at least {minimum} {what}s")
    return labels


def load_rubric_text(text: str, location: str = "<rubric>") -> Rubric:
    """Parse rubric YAML text; ``location`` names it in error messages."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{location}:{mark.line + 1}" if mark is not None else location
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(Problem(where, "", f"not valid YAML: {problem}")) from None
    return parse_rubric(data, location)


def load_rubric_file(path: str | Path) -> tuple[Rubric, str]:
    """Read and validate a rubric YAML file; returns the rubric and the file's text."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(Problem(str(path), "", f"cannot read: {error}")) from None
    return load_rubric_text(text, str(path)), text


def content_hash(rubric: Rubric) -> str:
    """SHA-256 of the rubric's canonical content: equal for rubrics that score identically."""
    canonical = json.dumps(
        rubric.to_data(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def rubric_to_yaml(rubric: Rubric) -> str:
    """The rubric as YAML text in the shape of the shipped files."""
    return yaml.safe_dump(rubric.to_data(), sort_keys=False, allow_unicode=True, width=100)
