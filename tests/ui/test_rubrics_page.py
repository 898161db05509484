"""The Rubrics page as a QA manager uses it: versions, editing without YAML, live validation worded
as the command line words it, drag-and-drop reordering, saving new versions, import and export."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import (
    QDateTime,
    QLocale,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
)
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from qa_desk.changes import Changes
from qa_desk.cli import main
from qa_desk.db.models import Conversation, Review, RubricVersion
from qa_desk.ingest import import_file
from qa_desk.paths import rubrics_dir
from qa_desk.reviews import record_review
from qa_desk.rubric_loader import load_rubric_file
from qa_desk.rubric_store import add_shipped_rubrics, get_version, list_versions
from qa_desk.users import sign_in
from tests.helpers import conversation, write_jsonl
from ui.context import AppContext
from ui.rubrics.rubrics_page import RubricsPage

RATINGS = {"greeting": "pass", "discovery": "4", "correct_answer": "5", "process": "pass"}


@pytest.fixture
def context(db, data_dir) -> AppContext:
    """Shipped rubrics, and one submitted review made with support-core version 1."""
    import_file(db, write_jsonl(data_dir / "c.jsonl", [conversation("C-1")]))
    with db.session() as session:
        add_shipped_rubrics(session)
        user = sign_in(session, "Marta Nowak", None, "manager")
        version = get_version(session, "support-core", 1)
        conversation_id = session.scalar(select(Conversation.id))
        record_review(
            session, conversation_id=conversation_id, reviewer_id=user.id,
            rubric_version=version, ratings=RATINGS,
        )  # fmt: skip
    return AppContext(db, user)


@pytest.fixture
def page(qtbot, context) -> RubricsPage:
    widget = RubricsPage(context)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.versions.select("support-core", 1)
    assert widget.edit_selected()
    return widget


def version_rows(page: RubricsPage) -> list[list[str]]:
    return [row for row in page.versions.row_texts() if row[1]]


def problems_shown(page: RubricsPage) -> list[str]:
    listing = page.editor.problems_list
    return [listing.item(row).text() for row in range(listing.count())]


def cli_problems(page: RubricsPage, folder: Path, capsys) -> list[str]:
    """What ``qa-desk rubric validate`` says about the editor's rubric written to a file."""
    path = folder / "edited.yaml"
    path.write_text(yaml.safe_dump(page.editor.draft.to_data()), encoding="utf-8")
    capsys.readouterr()
    assert main(["rubric", "validate", str(path)]) == 2
    return [
        line.removeprefix(f"qa-desk: {path}: ") for line in capsys.readouterr().err.splitlines()
    ]


def stored_order(db, key: str, version: int) -> list[tuple[str, list[str]]]:
    with db.reader() as session:
        definition = get_version(session, key, version).definition
    return [(s["id"], [c["id"] for c in s["criteria"]]) for s in definition["sections"]]


def test_the_version_list_shows_who_made_each_version_when_and_how_many_reviews_use_it(page, db):
    with db.reader() as session:
        created = {(v.key, v.version): v.created_at for v in list_versions(session)}
    day = QDateTime.fromMSecsSinceEpoch(int(created["support-core", 1].timestamp() * 1000))
    date = QLocale().toString(day.date(), QLocale.FormatType.ShortFormat)
    texts = page.versions.row_texts()
    assert texts[0][0] == "Small team checklist (small-team)"
    assert texts[2][0] == "Support conversation quality (support-core)"
    assert version_rows(page) == [["1", date, "QA Desk", "0"], ["1", date, "QA Desk", "1"]]
    assert page.title_label.text().startswith("<b>Support conversation quality</b>")
    assert not page.save_button.isEnabled()  # nothing changed yet


def test_renaming_a_criterion_saves_version_2_and_the_old_review_keeps_version_1(
    page, context, db, qtbot
):
    with db.reader() as session:
        review = session.scalars(select(Review)).one()
        old_score, old_version_id = review.score, review.rubric_version_id
    page.editor.select(0, 0)
    form = page.editor.criterion_form
    assert form.name_edit.text() == "Greets the customer and introduces themself"
    form.name_edit.selectAll()
    qtbot.keyClicks(form.name_edit, "Greets the customer by name")
    assert page.editor.model.index_of(0, 0).data() == "Greets the customer by name"
    assert "unsaved changes" in page.title_label.text()
    assert page.save_button.isEnabled()

    with qtbot.waitSignal(context.sig_changed) as changed:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert changed.args == [Changes(rubrics=True)]
    assert "Saved as version 2 of support-core" in page.status_label.text()
    assert not page.save_button.isEnabled()
    assert version_rows(page)[1][0] == "2" and version_rows(page)[1][2] == "Marta Nowak"
    assert page.versions.selected() == ("support-core", 2)
    with db.reader() as session:
        v2 = get_version(session, "support-core", 2)
        assert v2.definition["sections"][0]["criteria"][0]["name"] == "Greets the customer by name"
        review = session.scalars(select(Review)).one()
        assert review.rubric_version_id == old_version_id
        assert session.get(RubricVersion, review.rubric_version_id).version == 1
        assert review.score == old_score

    # Ctrl+S saves too, with the same path through add_rubric
    form.name_edit.setFocus()
    qtbot.keyClicks(form.name_edit, "!")
    qtbot.keyClick(form.name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.versions.selected() == ("support-core", 3)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda page, qtbot: (
                page.editor.select(2, 1),
                page.editor.criterion_form.id_edit.selectAll(),
                qtbot.keyClicks(page.editor.criterion_form.id_edit, "correct_answer"),
            ),
            "sections[2].criteria[1].id: duplicate criterion id 'correct_answer' "
            "(also sections[2].criteria[0])",
        ),
        (
            lambda page, qtbot: (
                page.editor.select(0, 0),
                qtbot.mouseClick(page.editor.remove_button, Qt.MouseButton.LeftButton),
            ),
            "sections[0].criteria: the section is empty: it needs at least one criterion",
        ),
        (
            lambda page, qtbot: (
                page.editor.select(1, 0),
                page.editor.criterion_form.max_spin.setValue(1),
            ),
            "sections[1].criteria[0].scale.points: min 1 must be below max 1",
        ),
    ],
)
def test_an_invalid_edit_shows_the_command_lines_message_and_save_is_disabled(
    page, qtbot, data_dir, capsys, edit, message
):
    edit(page, qtbot)
    assert message in problems_shown(page)
    assert problems_shown(page) == cli_problems(page, data_dir, capsys)
    assert not page.save_button.isEnabled()
    assert page.save() is None

    page.editor.undo_stack.undo()  # the edit undone, the rubric is valid again
    assert problems_shown(page) == []
    assert page.editor.problems_label.text() == "No problems: the rubric is valid."


def test_a_weight_stays_within_0_to_100_and_clicking_a_problem_selects_its_item(page, qtbot):
    page.editor.select(1, 0)
    spin = page.editor.criterion_form.weight_spin
    spin.selectAll()
    qtbot.keyClicks(spin, "150")
    assert spin.value() <= 100 and page.editor.draft.sections[1].criteria[0].weight <= 100

    page.editor.select(3, 2)
    page.editor.criterion_form.name_edit.clear()
    page.editor.criterion_form.name_edit.textEdited.emit("")
    assert problems_shown(page) == ["sections[3].criteria[2].name: missing"]
    page.editor.select(0, 0)
    page.editor.go_to_problem(page.editor.problems_list.item(0))
    assert page.editor.position() == (3, 2)
    assert page.editor.model.problems == {(3, 2)}


def drag(model, index, row: int, parent) -> None:
    """What the tree view does on a drop: the model inserts the data, then removes the original."""
    data = model.mimeData([index])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, row, 0, parent)
    original = QPersistentModelIndex(index)
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, row, 0, parent)
    assert model.removeRows(original.row(), 1, original.parent())


def test_drag_and_drop_reorders_criteria_and_sections_and_the_saved_order_follows(page, db):
    model = page.editor.model
    assert stored_order(db, "support-core", 1)[0] == ("opening", ["greeting"])
    # the closing criterion into the opening section, before the greeting
    drag(model, model.index_of(5, 0), 0, model.index_of(0))
    # the compliance section to the top
    drag(model, model.index_of(4), 0, QModelIndex())
    # a criterion dropped between sections lands at the end of the section above
    drag(model, model.index_of(3, 0), 3, QModelIndex())
    # within a section: expectations before process
    drag(model, model.index_of(3, 1), 0, model.index_of(3))
    assert problems_shown(page) == [
        "sections[5].criteria: the section is empty: it needs at least one criterion"
    ]
    assert not page.save_button.isEnabled()
    page.editor.select(5)
    page.editor.remove_current()
    text_only = QMimeData()
    text_only.setText("greeting")
    assert not model.canDropMimeData(text_only, Qt.DropAction.MoveAction, 0, 0, QModelIndex())

    assert page.save() is not None
    assert stored_order(db, "support-core", 2) == [
        ("compliance", ["data_protection", "payment_data"]),
        ("opening", ["closing", "greeting"]),
        ("understanding", ["discovery", "correct_answer"]),
        ("resolution", ["expectations", "process"]),
        ("communication", ["tone", "clarity", "grammar", "empathy"]),
    ]
    page.editor.undo_stack.undo()  # one drag is one undo step: the removal of "closing"
    assert len(page.editor.draft.sections) == 6


def test_move_buttons_reorder_for_keyboard_users(page, qtbot, db):
    editor = page.editor
    editor.select(0, 0)  # greeting, the only criterion of "opening"
    qtbot.mouseClick(editor.down_button, Qt.MouseButton.LeftButton)
    assert editor.position() == (1, 0)  # moved into the next section
    assert [c.id for c in editor.draft.sections[1].criteria] == ["greeting", "discovery"]
    qtbot.mouseClick(editor.down_button, Qt.MouseButton.LeftButton)
    assert [c.id for c in editor.draft.sections[1].criteria] == ["discovery", "greeting"]
    editor.select(5)
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert [s.id for s in editor.draft.sections][3:] == ["communication", "closing", "compliance"]
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [s.id for s in editor.draft.sections][3:] == ["communication", "compliance", "closing"]
    assert editor.undo_stack.undoText() == "Move"
    editor.undo_stack.undo()
    assert [s.id for s in editor.draft.sections][3:] == ["communication", "closing", "compliance"]
    assert editor.position() == (4, None)
    editor.select(0)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)  # the emptied section
    assert editor.undo_stack.undoText() == "Remove"
    assert page.save() is not None
    order = stored_order(db, "support-core", 2)
    assert order[0] == ("understanding", ["discovery", "greeting"])
    assert [s for s, _ in order][-2:] == ["closing", "compliance"]


def test_export_then_import_a_changed_file_round_trips_through_yaml(page, db, data_dir):
    exported = data_dir / "support-core-v1.yaml"
    page.export_version("support-core", 1, exported)
    with db.reader() as session:
        assert (
            exported.read_text(encoding="utf-8") == get_version(session, "support-core").source_yaml
        )
    assert load_rubric_file(exported)[0] == page.editor.rubric

    changed = exported.read_text(encoding="utf-8").replace(
        "pass_threshold: 80", "pass_threshold: 85"
    )
    edited = data_dir / "змінений.yaml"
    edited.write_text(changed, encoding="utf-8")
    assert page.import_yaml(edited)
    assert page.editor.threshold_spin.value() == 85
    assert "Imported змінений.yaml" in page.status_label.text()
    added = page.save()
    assert added is not None and (added.key, added.version, added.created) == (
        "support-core", 2, True,
    )  # fmt: skip

    again = data_dir / "again.yaml"
    page.versions.select("support-core", 2)
    page.export_version(*page.versions.selected(), again)
    assert load_rubric_file(again)[0] == load_rubric_file(edited)[0]


def test_importing_a_bad_file_names_the_file_and_path_of_every_problem(page, data_dir, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text)
    )
    bad = data_dir / "bad.yaml"
    text = (rubrics_dir() / "small-team.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("scale: binary", "scale: fivepoint", 1), encoding="utf-8")
    assert not page.import_yaml(bad)
    assert shown and shown[0].startswith(f"{bad}: sections[0].criteria[0].scale: unknown scale")
    assert page.origin == ("support-core", 1)  # the editor kept what it had


def test_importing_what_is_stored_saves_nothing_and_says_so(page, context, qtbot):
    assert page.import_yaml(rubrics_dir() / "support-core.yaml")
    assert page.save_button.isEnabled()
    with qtbot.assertNotEmitted(context.sig_changed):
        added = page.save()
    assert added is not None and not added.created
    assert page.status_label.text() == (
        "Nothing new to save: this content is already version 1 of support-core."
    )
    assert [row[0] for row in version_rows(page)] == ["1", "1"]


def test_unsaved_changes_are_asked_about_before_they_are_replaced(page, monkeypatch, db):
    page.editor.name_edit.setText("Quality")
    page.editor.name_edit.textEdited.emit("Quality")
    answers = [QMessageBox.StandardButton.Cancel]
    asked: list[str] = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    page.versions.select("small-team", 1)
    assert not page.edit_selected()
    assert page.editor.draft.name == "Quality" and len(asked) == 1

    answers.append(QMessageBox.StandardButton.Discard)
    assert page.edit_selected()
    assert page.origin == ("small-team", 1) and len(asked) == 2

    page.editor.name_edit.textEdited.emit("Small team, renamed")
    answers.append(QMessageBox.StandardButton.Save)
    assert page.new_rubric()
    with db.reader() as session:
        assert [v.version for v in list_versions(session) if v.key == "small-team"] == [1, 2]
    assert page.editor.draft.id == "new-rubric" and not page.has_unsaved_changes()
    assert page.new_rubric() and len(asked) == 3  # an untouched new rubric is not asked about


def test_a_new_rubric_built_with_the_buttons_and_a_duplicate_are_saved_as_rubrics(page, qtbot, db):
    assert page.new_rubric()
    editor = page.editor
    editor.id_edit.setText("billing")
    editor.id_edit.textEdited.emit("billing")
    qtbot.mouseClick(editor.add_section_button, Qt.MouseButton.LeftButton)
    assert editor.position() == (1, None)
    qtbot.keyClicks(editor.section_form.name_edit, "Refunds")
    qtbot.mouseClick(editor.add_criterion_button, Qt.MouseButton.LeftButton)
    assert editor.position() == (1, 1)
    form = editor.criterion_form
    form.scale_combo.setCurrentIndex(form.scale_combo.findData("labels"))
    assert form.labels_edit.labels() == ["poor", "fair", "good", "great"]
    form.critical_check.setChecked(True)
    form.autoqa_combo.setCurrentIndex(form.autoqa_combo.findData("sensitive_data"))
    form.root_causes_edit.add()
    assert problems_shown(page) == []
    assert page.save() is not None
    with db.reader() as session:
        stored = get_version(session, "billing", 1).definition
    criterion = stored["sections"][1]["criteria"][1]
    assert stored["sections"][1]["name"] == "Refunds"
    assert criterion["scale"] == {"labels": ["poor", "fair", "good", "great"]}
    assert (criterion["critical"], criterion["autoqa"], criterion["root_causes"]) == (
        True, "sensitive_data", ["root cause"],
    )  # fmt: skip

    page.versions.select("support-core", 1)
    assert page.duplicate_selected()
    assert editor.draft.id == "support-core-copy" and page.origin is None
    assert page.save().key == "support-core-copy"


def test_the_preview_scores_ratings_clicked_in_it_and_follows_edits(page, qtbot):
    preview = page.editor.preview
    rows = preview.panel.rows
    rows["greeting"].pick("pass")
    rows["discovery"].pick("4")
    assert preview.score().score == pytest.approx(100 * (1 + 3 * 0.75) / 4)
    page.editor.select(1, 0)
    page.editor.criterion_form.weight_spin.setValue(1)  # discovery now weighs 1
    assert preview.score().score == pytest.approx(100 * (1 + 0.75) / 2)
    assert preview.panel.rows["discovery"].rating().value == "4"
    page.editor.criterion_form.id_edit.textEdited.emit("")  # invalid: the preview waits
    assert preview.stale and not preview.panel.isEnabled()
    preview.clear_ratings()
    assert preview.score().score is None


def test_splitter_positions_are_remembered(page, context, qtbot):
    page.splitter.setSizes([300, 900])
    page.save_state()
    again = RubricsPage(context)
    qtbot.addWidget(again)
    assert QSettings().value("rubrics/splitter") is not None
    assert again.splitter.saveState() == page.splitter.saveState()


WIDE_RUBRIC = """\
id: wide-scales
name: Scales and weights the rubric format allows
pass_threshold: 87.25
sections:
  - id: main
    name: Main
    criteria:
      - id: effort
        name: Customer effort
        scale: {points: [-2, 2]}
        weight: 100
      - id: likely
        name: Likely to recommend
        scale: {points: [0, 10]}
        weight: 2.0
      - id: tagged
        name: Tagged the ticket
        scale: binary
        weight: 0
      - id: polite
        name: Polite
        scale: {labels: [poor, good]}
"""


def test_a_rubric_with_any_weight_and_scale_the_loader_accepts_round_trips_through_the_editor(
    page, qtbot, data_dir
):
    """Weights 0 and 100, a weight written 2.0, and points scales starting below 1 are shown as
    they are, can be typed again, and are saved unchanged."""
    original = data_dir / "wide.yaml"
    original.write_text(WIDE_RUBRIC, encoding="utf-8")
    rubric = load_rubric_file(original)[0]
    assert page.import_yaml(original)
    form = page.editor.criterion_form
    for number, criterion in enumerate(rubric.sections[0].criteria):
        page.editor.select(0, number)
        assert form.weight_spin.value() == criterion.weight
        typed = [(form.weight_spin, criterion.weight)]
        if criterion.scale.kind == "points":
            shown = (form.min_spin.value(), form.max_spin.value())
            assert shown == (criterion.scale.low, criterion.scale.high)
            typed += [(form.min_spin, criterion.scale.low), (form.max_spin, criterion.scale.high)]
        for spin, value in typed:  # a user typing the same value again
            spin.selectAll()
            qtbot.keyClicks(spin, str(value))
            assert spin.value() == value
    assert page.editor.problems == []
    assert "0 to 100" in form.weight_spin.toolTip()
    assert page.editor.threshold_spin.text() == "87.25 %"  # the pass mark as written
    model = page.editor.model
    assert model.index(0, model.SCALE, model.index(0, 0)).data() == "-2 – 2"

    added = page.save()
    assert added is not None and (added.key, added.version) == ("wide-scales", 1)
    exported = data_dir / "exported.yaml"
    page.export_version("wide-scales", 1, exported)
    assert load_rubric_file(exported)[0] == rubric
