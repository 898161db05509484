"""The editable rubric document behind the rubric editor: it holds a rubric without loss, and its
problems read exactly as ``qa-desk rubric validate`` prints them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from qa_desk.cli import main
from qa_desk.paths import rubrics_dir
from qa_desk.rubric_edit import (
    CriterionDraft,
    RubricDraft,
    SectionDraft,
    Target,
    duplicate,
    new_criterion,
    new_rubric,
    new_section,
    target_of,
    validate,
)
from qa_desk.rubric_loader import content_hash, load_rubric_file


@pytest.fixture
def support_core() -> RubricDraft:
    rubric, _ = load_rubric_file(rubrics_dir() / "support-core.yaml")
    return RubricDraft.of(rubric)


def cli_problems(draft: RubricDraft, folder: Path, capsys) -> list[str]:
    """What ``qa-desk rubric validate`` prints for the draft written as a YAML file."""
    path = folder / "edited.yaml"
    path.write_text(yaml.safe_dump(draft.to_data(), allow_unicode=True), encoding="utf-8")
    capsys.readouterr()
    assert main(["rubric", "validate", str(path)]) == 2
    prefix = f"qa-desk: {path}: "
    lines = capsys.readouterr().err.splitlines()
    assert all(line.startswith(prefix) for line in lines)
    return [line.removeprefix(prefix) for line in lines]


@pytest.mark.parametrize("name", ["support-core.yaml", "small-team.yaml"])
def test_a_shipped_rubric_goes_through_the_editor_unchanged(name):
    rubric, _ = load_rubric_file(rubrics_dir() / name)
    draft = RubricDraft.of(rubric)
    again, problems = validate(draft)
    assert problems == [] and again is not None
    assert content_hash(again) == content_hash(rubric)
    assert again == rubric


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda d: setattr(d.sections[1].criteria[0], "weight", 150),
            "sections[1].criteria[0].weight: 150 is out of range: weights go from 0 to 100",
        ),
        (
            lambda d: setattr(d.sections[2].criteria[1], "id", "correct_answer"),
            "sections[2].criteria[1].id: duplicate criterion id 'correct_answer' "
            "(also sections[2].criteria[0])",
        ),
        (
            lambda d: d.sections[0].criteria.clear(),
            "sections[0].criteria: the section is empty: it needs at least one criterion",
        ),
        (
            lambda d: (
                setattr(d.sections[0].criteria[0], "points", (5, 1))
                or setattr(d.sections[0].criteria[0], "scale_kind", "points")
            ),
            "sections[0].criteria[0].scale.points: min 5 must be below max 1",
        ),
    ],
)
def test_problems_read_exactly_as_the_command_line_prints_them(
    support_core, edit, expected, data_dir, capsys
):
    edit(support_core)
    rubric, problems = validate(support_core)
    assert rubric is None
    shown = [str(p) for p in problems]
    assert expected in shown
    assert shown == cli_problems(support_core, data_dir, capsys)


def test_every_problem_is_reported_at_once(support_core):
    support_core.name = " "
    support_core.sections[0].id = "has space"
    support_core.sections[1].criteria[0].scale_kind = "labels"
    support_core.sections[1].criteria[0].labels = ["bad", "N/A", "good"]
    _, problems = validate(support_core, "edited")
    assert [str(p) for p in problems] == [
        "edited: name: missing",
        "edited: sections[0].id: 'has space' may hold only letters, digits, '_', '-' and '.'",
        "edited: sections[1].criteria[0].scale.labels: label 'N/A' would be scored as a value; "
        "remove it and set allow_na: true instead",
    ]


def test_a_problem_path_names_the_item_and_field():
    assert target_of("sections[1].criteria[0].scale.points") == Target(1, 0, "scale")
    assert target_of("sections[3].criteria") == Target(3, None, "criteria")
    assert target_of("sections[2].id") == Target(2, None, "id")
    assert target_of("pass_threshold") == Target(None, None, "pass_threshold")
    assert target_of("sections") == Target(None, None, "sections")


def test_switching_scales_keeps_what_was_typed_and_writes_only_the_chosen_one():
    criterion = CriterionDraft(id="tone", name="Tone", scale_kind="points", points=(1, 4))
    criterion.labels = ["rude", "ok", "warm"]
    assert criterion.to_data()["scale"] == {"points": [1, 4]}
    criterion.scale_kind = "labels"
    assert criterion.to_data()["scale"] == {"labels": ["rude", "ok", "warm"]}
    criterion.scale_kind = "binary"
    assert criterion.to_data()["scale"] == "binary"
    criterion.scale_kind = "points"
    assert criterion.scale.values == ("1", "2", "3", "4")


def test_new_items_get_ids_not_yet_used_and_a_new_rubric_is_valid():
    draft = new_rubric(["new-rubric"])
    assert draft.id == "new-rubric-2"
    assert validate(draft)[1] == []
    draft.sections.append(new_section(draft))
    draft.sections[0].criteria.append(new_criterion(draft))
    assert [s.id for s in draft.sections] == ["section", "section-2"]
    assert draft.criterion_ids() == ["criterion", "criterion-3", "criterion-2"]
    assert validate(draft)[1] == []


def test_a_duplicate_is_a_rubric_of_its_own(support_core):
    twin = duplicate(support_core, ["support-core", "support-core-copy"])
    assert (twin.id, twin.name) == ("support-core-copy-2", "Support conversation quality (copy)")
    twin.sections[0].criteria[0].name = "Changed"
    assert support_core.sections[0].criteria[0].name != "Changed"
    assert validate(twin)[1] == []


def test_sections_keep_their_identity_through_a_copy():
    draft = RubricDraft(id="r", name="R", sections=[SectionDraft(id="a", name="A")])
    copied = draft.copy()
    assert copied.sections[0].key == draft.sections[0].key
    assert copied == draft and copied.sections[0] is not draft.sections[0]
