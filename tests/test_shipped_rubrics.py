"""The rubrics shipped in rubrics/ load cleanly, are fully documented and score as DESIGN.md says."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_desk.paths import rubrics_dir
from qa_desk.rubric import NA, Criterion, Rubric
from qa_desk.rubric_loader import load_rubric_file

SHIPPED = {"support-core": "support-core.yaml", "small-team": "small-team.yaml"}


def _load(rubric_id: str) -> Rubric:
    rubric, _ = load_rubric_file(rubrics_dir() / SHIPPED[rubric_id])
    return rubric


def _best(criterion: Criterion) -> str:
    return criterion.scale.values[-1]


def _worst(criterion: Criterion) -> str:
    return criterion.scale.values[0]


def test_every_shipped_file_is_one_of_ours() -> None:
    files = sorted(p.name for p in Path(rubrics_dir()).glob("*.yaml"))
    assert files == sorted(SHIPPED.values())


@pytest.mark.parametrize("rubric_id", sorted(SHIPPED))
def test_loads_without_problems_and_is_documented(rubric_id: str) -> None:
    rubric = _load(rubric_id)
    assert rubric.id == rubric_id
    assert rubric.name
    criteria = list(rubric.criteria())
    ids = [c.id for c in criteria]
    assert len(ids) == len(set(ids)), "criterion ids must be unique"
    section_ids = [s.id for s in rubric.sections]
    assert len(section_ids) == len(set(section_ids))
    for criterion in criteria:
        assert len(criterion.guidance) >= 60, f"{criterion.id}: guidance too thin to apply"
        assert criterion.weight >= 1
    critical = [c for c in criteria if c.critical]
    assert len(critical) == 1 and critical[0].scale.kind == "binary"
    assert critical[0].allow_na, "identity checks are N/A when no account data was discussed"


def test_support_core_shape() -> None:
    rubric = _load("support-core")
    assert 10 <= len(rubric.criterion_ids) <= 12
    assert [s.id for s in rubric.sections] == [
        "opening", "understanding", "resolution", "communication", "compliance", "closing",
    ]  # fmt: skip
    kinds = {c.scale.kind for c in rubric.criteria()}
    assert kinds == {"binary", "points", "labels"}
    assert rubric.criterion("greeting").autoqa == "greeting"
    assert rubric.criterion("closing").autoqa == "closing"
    assert rubric.criterion("data_protection").critical
    # graded criteria offer root causes to tick
    for criterion in rubric.criteria():
        assert criterion.root_causes, f"{criterion.id} has no root causes"
    weights = {c.id: c.weight for c in rubric.criteria()}
    assert weights["correct_answer"] == max(weights.values())
    assert weights["greeting"] == min(weights.values())


def test_small_team_is_short_and_binary() -> None:
    rubric = _load("small-team")
    assert 5 <= len(rubric.criterion_ids) <= 6
    assert {c.scale.kind for c in rubric.criteria()} == {"binary"}


@pytest.mark.parametrize("rubric_id", sorted(SHIPPED))
def test_fully_passing_review_scores_100_and_critical_fail_scores_0(rubric_id: str) -> None:
    rubric = _load(rubric_id)
    best = {c.id: _best(c) for c in rubric.criteria()}
    result = rubric.score(best)
    assert result.score == pytest.approx(100.0)
    assert result.passed and not result.critical_fail

    critical = next(c for c in rubric.criteria() if c.critical)
    failed = rubric.score({**best, critical.id: _worst(critical)})
    assert failed.score == 0.0
    assert failed.critical_fail and failed.passed is False
    assert failed.failed_critical == (critical.id,)

    # N/A on the critical criterion leaves it out instead of failing the review
    not_applicable = rubric.score({**best, critical.id: NA})
    assert not_applicable.score == pytest.approx(100.0)


def test_support_core_weights_matter() -> None:
    rubric = _load("support-core")
    best = {c.id: _best(c) for c in rubric.criteria()}
    total = sum(c.weight for c in rubric.criteria())
    wrong_answer = rubric.score({**best, "correct_answer": "1"}).score
    no_greeting = rubric.score({**best, "greeting": "fail"}).score
    assert wrong_answer == pytest.approx(100 * (total - 6) / total)
    assert no_greeting == pytest.approx(100 * (total - 1) / total)
    assert wrong_answer < rubric.pass_threshold < no_greeting
