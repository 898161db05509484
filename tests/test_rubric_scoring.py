"""The scoring rules of DESIGN.md, starting with its worked example."""

from __future__ import annotations

import pytest

from qa_desk.rubric import RatingError, Scale
from qa_desk.rubric_loader import load_rubric_text

WORKED_EXAMPLE = """
id: worked-example
name: Worked example
pass_threshold: 80
sections:
  - id: all
    name: All
    criteria:
      - {id: A, name: A, scale: {points: [1, 5]}, weight: 2}
      - {id: B, name: B, scale: binary, weight: 1}
      - {id: C, name: C, scale: {points: [1, 3]}, allow_na: true}
      - {id: D, name: D, scale: binary, weight: 1, critical: true}
"""


@pytest.fixture
def rubric():
    return load_rubric_text(WORKED_EXAMPLE, "worked.yaml")


def test_worked_example_scores_87_5_and_a_critical_fail_scores_0(rubric):
    good = rubric.score({"A": "4", "B": "pass", "C": "NA", "D": "pass"})
    bad = rubric.score({"A": "4", "B": "pass", "C": "NA", "D": "fail"})
    assert good.score == pytest.approx(87.5)
    assert good.passed is True and good.critical_fail is False
    assert bad.score == 0 and bad.critical_fail is True and bad.passed is False
    assert bad.failed_critical == ("D",)
    # per-criterion results stay as rated, for coaching
    assert bad.fractions == {"A": 0.75, "B": 1.0, "C": None, "D": 0.0}
    assert (good.score + bad.score) / 2 == pytest.approx(43.75)


@pytest.mark.parametrize(
    ("scale", "values", "fractions"),
    [
        (Scale("binary"), ["fail", "pass"], [0.0, 1.0]),
        (Scale("points", 1, 3), ["1", "2", "3"], [0.0, 0.5, 1.0]),
        (Scale("points", 1, 4), ["1", "2", "3", "4"], [0.0, 1 / 3, 2 / 3, 1.0]),
        (Scale("points", 1, 5), ["1", "2", "3", "4", "5"], [0, 0.25, 0.5, 0.75, 1]),
        (Scale("labels", labels=("poor", "fair", "good", "great")), ["poor", "great"], [0, 1]),
    ],
)
def test_scales_map_ratings_to_fractions(scale, values, fractions):
    assert [scale.fraction_of(scale.canonical(v)) for v in values] == pytest.approx(fractions)


def test_binary_accepts_the_usual_spellings():
    scale = Scale("binary")
    assert {scale.canonical(v) for v in ("pass", "PASS", "yes", "1", 1, True)} == {"pass"}
    assert {scale.canonical(v) for v in ("fail", "No", "0", 0, False)} == {"fail"}
    with pytest.raises(RatingError, match="not pass/fail"):
        scale.canonical("maybe")


def test_points_and_labels_refuse_values_off_the_scale():
    with pytest.raises(RatingError, match="outside the scale 1–5"):
        Scale("points", 1, 5).canonical("7")
    with pytest.raises(RatingError, match="whole number"):
        Scale("points", 1, 5).canonical("3.5")
    assert Scale("points", 1, 5).canonical(4.0) == "4"  # Excel gives whole numbers as floats
    with pytest.raises(RatingError, match="one of: poor, good"):
        Scale("labels", labels=("poor", "good")).canonical("great")


def test_na_only_where_allowed(rubric):
    with pytest.raises(RatingError, match="B: N/A is not allowed"):
        rubric.score({"B": "NA"})


def test_nothing_countable_gives_no_score():
    rubric = load_rubric_text(
        """
id: r
name: R
sections:
  - id: s
    name: S
    criteria:
      - {id: a, name: A, scale: binary, allow_na: true}
      - {id: info, name: Info, scale: binary, weight: 0}
"""
    )
    outcome = rubric.score({"a": "NA", "info": "fail"})
    assert outcome.score is None and outcome.passed is None and not outcome.critical_fail


def test_weight_zero_is_rated_but_not_counted():
    rubric = load_rubric_text(
        """
id: r
name: R
sections:
  - id: s
    name: S
    criteria:
      - {id: a, name: A, scale: binary, weight: 3}
      - {id: info, name: Info, scale: binary, weight: 0}
"""
    )
    outcome = rubric.score({"a": "pass", "info": "fail"})
    assert outcome.score == 100 and outcome.fractions["info"] == 0


def test_pass_threshold_is_inclusive():
    rubric = load_rubric_text(
        """
id: r
name: R
pass_threshold: 75
sections:
  - id: s
    name: S
    criteria:
      - {id: a, name: A, scale: {points: [1, 5]}}
"""
    )
    assert rubric.score({"a": 4}).passed is True  # exactly 75
    assert rubric.score({"a": 3}).passed is False


def test_unrated_criteria_are_left_out(rubric):
    assert rubric.score({"A": "5"}).score == 100


def test_a_critical_fail_with_nothing_else_counted_still_scores_zero():
    rubric = load_rubric_text(
        """
id: r
name: R
sections:
  - id: s
    name: S
    criteria:
      - {id: gate, name: Gate, scale: binary, weight: 0, critical: true}
      - {id: a, name: A, scale: binary, allow_na: true}
"""
    )
    outcome = rubric.score({"gate": "fail", "a": "NA"})
    assert outcome.score == 0 and outcome.critical_fail and outcome.passed is False


def test_unknown_criterion_is_named(rubric):
    with pytest.raises(RatingError, match=r"Z: not a criterion"):
        rubric.score({"Z": "pass"})
