"""Rubric validation names the file and the path of every problem."""

from __future__ import annotations

import pytest

from qa_desk.errors import InputError
from qa_desk.rubric_loader import content_hash, load_rubric_text, rubric_to_yaml


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_rubric_text(text, "rubrics/x.yaml")
    return [str(p) for p in caught.value.problems]


def test_unknown_scale_is_named_with_its_path():
    found = problems(
        """
id: x
name: X
sections:
  - id: a
    name: A
    criteria: [{id: c1, name: C1, scale: binary}]
  - id: b
    name: B
    criteria: [{id: c2, name: C2, scale: fivepoint}]
"""
    )
    assert found == [
        "rubrics/x.yaml: sections[1].criteria[0].scale: unknown scale 'fivepoint' "
        "(binary, {points: [1, 5]} or {labels: [...]})"
    ]


def test_every_problem_is_reported_at_once():
    found = problems(
        """
id: x
name: X
sections:
  - id: a
    name: A
    criteria:
      - {id: dup, name: One, scale: binary, wieght: 2}
      - {id: dup, name: Two, scale: binary, weight: 101}
      - {id: w, name: W, scale: binary, weight: 2.5}
  - id: empty
    name: Empty
    criteria: []
"""
    )
    assert (
        "rubrics/x.yaml: sections[0].criteria[0].wieght: unknown field 'wieght' (did you mean 'weight'?)"
        in found
    )
    assert (
        "rubrics/x.yaml: sections[0].criteria[1].id: duplicate criterion id 'dup' (also sections[0].criteria[0])"
        in found
    )
    assert (
        "rubrics/x.yaml: sections[0].criteria[1].weight: 101 is out of range: weights go from 0 to 100"
        in found
    )
    assert any("criteria[2].weight: must be a whole number" in p for p in found)
    assert (
        "rubrics/x.yaml: sections[1].criteria: the section is empty: it needs at least one criterion"
        in found
    )


def test_critical_criterion_with_an_na_label_is_refused():
    found = problems(
        """
id: x
name: X
sections:
  - id: a
    name: A
    criteria:
      - id: data
        name: Data protection
        critical: true
        scale: {labels: [N/A, failed, passed]}
"""
    )
    assert found == [
        "rubrics/x.yaml: sections[0].criteria[0].scale.labels: label 'N/A' would be scored as a "
        "value; on this critical criterion it would fail the review; remove it and set "
        "allow_na: true instead"
    ]


def test_duplicate_section_ids_and_bad_threshold():
    found = problems(
        """
id: x
name: X
pass_threshold: 120
sections:
  - {id: a, name: A, criteria: [{id: c1, name: C1, scale: binary}]}
  - {id: a, name: B, criteria: [{id: c2, name: C2, scale: binary}]}
"""
    )
    assert "rubrics/x.yaml: pass_threshold: 120 is outside 0–100" in found
    assert "rubrics/x.yaml: sections[1].id: duplicate section id 'a' (also sections[0])" in found


def test_points_scale_shape_and_autoqa_names_are_checked():
    found = problems(
        """
id: x
name: X
sections:
  - id: a
    name: A
    criteria:
      - {id: c1, name: C1, scale: {points: [5, 1]}}
      - {id: c2, name: C2, scale: binary, autoqa: greting}
"""
    )
    assert (
        "rubrics/x.yaml: sections[0].criteria[0].scale.points: min 5 must be below max 1" in found
    )
    assert any(
        "criteria[1].autoqa: unknown automatic check 'greting' (did you mean 'greeting'?)" in p
        for p in found
    )


def test_yaml_syntax_error_names_the_line():
    found = problems("id: x\nname: [unclosed\nsections: []\n")
    assert found[0].startswith("rubrics/x.yaml:3: not valid YAML")


def test_same_content_same_hash_and_yaml_round_trip():
    text = """
id: x
name: X
sections:
  - id: a
    name: A
    criteria:
      - {id: c1, name: C1, scale: {labels: [poor, good]}, root_causes: [slow]}
"""
    rubric = load_rubric_text(text)
    again = load_rubric_text(rubric_to_yaml(rubric))
    assert again == rubric
    assert content_hash(again) == content_hash(rubric)
    changed = load_rubric_text(text.replace("name: C1", "name: C one"))
    assert content_hash(changed) != content_hash(rubric)
