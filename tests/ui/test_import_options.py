"""The import window's options beyond the columns: which speaker of a call transcript is the
agent and when the call started, and saving a CSV's columns as the mapping file the command
line reads."""

# ruff: noqa: F811  (the window fixtures are imported from test_import_flow and used by name)
from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QApplication, QFileDialog
from sqlalchemy import select

from qa_desk.cli import main as cli_main
from qa_desk.db.models import Conversation
from qa_desk.ingest import mapping_file
from tests.conftest import REALDATA
from tests.helpers import conversation, write_jsonl
from tests.ui.test_import_flow import (  # noqa: F401  (fixtures)
    HEADER,
    LEFT,
    ROWS,
    click_import,
    context,
    flow,
    open_preview,
    window,
    write_csv,
)
from ui.import_flow import ImportFlow
from ui.operations import wait_for_idle

TRANSCRIPT = REALDATA / "transcripts" / "dana-and-maria.txt"


def test_a_transcript_whose_agent_cannot_be_told_imports_once_the_agent_is_chosen(
    qtbot, flow: ImportFlow, context, data_dir: Path
) -> None:
    path = Path(shutil.copy(TRANSCRIPT, data_dir / "returns-call.txt"))
    dialog = open_preview(qtbot, flow, [path])
    panel = dialog.panels[0]
    assert panel.transcript_box.isVisible() and not panel.columns_box.isVisible()
    problem = panel.problem_text.text()
    assert "cannot tell which speaker is the agent from their names (Maria, Dana)" in problem
    assert "--agent-speaker" not in problem and str(data_dir) not in problem  # the window's words
    assert not dialog.import_button.isEnabled()
    choices = [panel.agent_combo.itemText(i) for i in range(panel.agent_combo.count())]
    assert choices[1:] == ["Maria", "Dana"]

    panel.choose_agent_speaker("Dana")
    qtbot.waitUntil(lambda: panel.preview.importable, timeout=10_000)
    assert panel.problem.isHidden() and panel.table.item(0, 2).text() == "Dana"
    assert panel.agent_combo.currentText() == "Dana"

    start = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
    panel.start_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(start.timestamp())))
    qtbot.mouseClick(panel.start_check, LEFT)  # checks the box: the preview is read again
    qtbot.waitUntil(lambda: panel.preview.started_at == start, timeout=10_000)
    assert panel.start_edit.isEnabled() and panel.table.item(0, 1).text()

    outcome = click_import(qtbot, flow)
    assert outcome.files[0].counts.added == 1
    with context.db.reader() as session:
        call = session.scalar(select(Conversation))
        assert call.agent.name == "Dana" and call.channel == "phone"
        assert call.started_at.replace(tzinfo=UTC) == start
        assert [m.role for m in call.messages][:2] == ["customer", "agent"]


def test_other_files_show_no_transcript_options(qtbot, flow: ImportFlow, data_dir: Path) -> None:
    path = write_jsonl(data_dir / "chats.jsonl", [conversation("T-1")])
    panel = open_preview(qtbot, flow, [path]).panels[0]
    assert panel.transcript_box.isHidden() and panel.columns_box.isHidden()


@pytest.fixture
def save_to(monkeypatch: pytest.MonkeyPatch, data_dir: Path):
    """The file the save dialog answers with (the user typing a name without an extension)."""
    target = data_dir / "acme mapping"
    asked: list[str] = []

    def answer(_parent, _title, start, _filter):
        asked.append(start)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return target.with_suffix(".yaml"), asked


def test_the_column_choice_saves_the_mapping_the_command_line_reads(
    qtbot, flow: ImportFlow, data_dir: Path, save_to, db_url: str, capsys
) -> None:
    saved, asked = save_to
    export = write_csv(data_dir / "tool-export.csv", [HEADER, *ROWS])
    dialog = open_preview(qtbot, flow, [export])
    qtbot.waitUntil(lambda: flow.mapping_dialog is not None)
    mapping = flow.mapping_dialog
    assert not mapping.save_button.isEnabled()  # nothing usable to save yet
    mapping.choose("Case Nr", "conversation_id")
    mapping.choose("Party", "role")
    mapping.choose("Utterance text", "text")
    mapping.choose("Handled by", "agent")
    assert mapping.save_button.isEnabled()
    qtbot.mouseClick(mapping.save_button, LEFT)

    assert asked and asked[0].endswith("tool-export-mapping.yaml")
    assert saved.read_text("utf-8").startswith("# QA Desk column mapping for tool-export.csv")
    assert mapping_file.load(saved).columns == {
        "Case Nr": "conversation_id",
        "Party": "role",
        "Utterance text": "text",
        "Mood": "",
        "Handled by": "agent",
    }
    qtbot.mouseClick(mapping.ok_button, LEFT)
    panel = dialog.panels[0]
    qtbot.waitUntil(lambda: panel.preview.importable)
    assert panel.save_mapping_button.isVisible()

    # the command line imports the same file with the saved mapping
    assert cli_main(["--db", db_url, "import", str(export), "--mapping", str(saved)]) == 0
    assert "2 conversations" in capsys.readouterr().out


def test_the_preview_saves_the_columns_as_read(
    qtbot, flow: ImportFlow, data_dir: Path, save_to
) -> None:
    saved, _asked = save_to
    export = write_csv(
        data_dir / "known.csv",
        [
            ["ticket_id", "created_at", "sender", "body", "agent"],
            ["K-1", "", "customer", "Hi", "Kim"],
        ],
    )
    panel = open_preview(qtbot, flow, [export]).panels[0]
    assert panel.preview.importable and panel.save_mapping_button.isVisible()
    qtbot.mouseClick(panel.save_mapping_button, LEFT)
    loaded = mapping_file.load(saved)
    assert loaded.columns == {
        "ticket_id": "conversation_id",
        "created_at": "timestamp",
        "sender": "role",
        "body": "text",
        "agent": "agent",
    }


def test_closing_the_preview_while_a_transcript_is_read_again_is_harmless(
    qtbot, flow: ImportFlow, data_dir: Path
) -> None:
    path = Path(shutil.copy(TRANSCRIPT, data_dir / "returns-call.txt"))
    dialog = open_preview(qtbot, flow, [path])
    dialog.panels[0].choose_agent_speaker("Dana")
    dialog.reject()  # before the new preview arrives
    wait_for_idle()
    QApplication.processEvents()
    assert flow.preview_dialog is None and not flow.busy


def test_a_metadata_file_chosen_with_its_transcript_is_no_problem_tab(
    qtbot, flow: ImportFlow, context, data_dir: Path
) -> None:
    call = "004860b1ab2e4c88"
    transcript = data_dir / "calls" / f"{call}.json"
    metadata = data_dir / "crm" / f"{call}.json"
    for path, folder in ((transcript, "transcript"), (metadata, "metadata")):
        path.parent.mkdir()
        shutil.copy(REALDATA / "harper-valley" / folder / f"{call}.json", path)
    dialog = open_preview(qtbot, flow, [transcript, metadata])

    assert len(dialog.panels) == 1 and dialog.tabs.count() == 1
    assert [p.path for p in dialog.companions] == [str(metadata)]
    assert "problem" not in dialog.heading.text()
    panel = dialog.panels[0]
    assert panel.problem.isHidden() and panel.metadata_label.isVisible()
    assert panel.metadata_label.text() == (
        f"Call metadata from crm/{call}.json applied (agent, times, rating)."
    )
    assert panel.table.item(0, 2).text() == "Robert"
    dialog.grab().save("/tmp/imf-harper-preview.png")

    outcome = click_import(qtbot, flow)
    assert [f.path for f in outcome.files] == [str(transcript)]
    with context.db.session() as session:
        stored = session.scalars(select(Conversation)).one()
        assert (stored.external_id, stored.csat) == (call, 5.0)
    assert flow.report_dialog is not None
    headline = flow.report_dialog.headline.text()
    assert headline.startswith("Imported 1 conversation: 1 added"), headline
    flow.report_dialog.grab().save("/tmp/imf-harper-report.png")


def test_files_of_the_same_name_have_their_folder_in_the_tab(
    qtbot, flow: ImportFlow, data_dir: Path
) -> None:
    paths = []
    for folder in ("march", "april"):
        (data_dir / folder).mkdir()
        paths.append(write_jsonl(data_dir / folder / "chats.jsonl", [conversation(folder)]))
    paths.append(write_jsonl(data_dir / "other.jsonl", [conversation("other")]))
    dialog = open_preview(qtbot, flow, paths)
    names = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert names == ["march/chats.jsonl", "april/chats.jsonl", "other.jsonl"]
