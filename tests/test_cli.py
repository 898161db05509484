"""The command line: exit codes, messages, rubric commands and ``python -m qa_desk``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from qa_desk import __version__
from qa_desk.cli import main
from tests.helpers import RUBRIC_YAML


def write_rubric(folder: Path, text: str = RUBRIC_YAML, name: str = "r.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rubric_add_creates_versions_only_for_changes(db_url, data_dir, capsys):
    path = write_rubric(data_dir)
    assert main(["--db", db_url, "rubric", "add", str(path), "--by", "Maria"]) == 0
    assert "test-rubric added version 1" in capsys.readouterr().out
    assert main(["--db", db_url, "rubric", "add", str(path)]) == 0
    assert "unchanged, already stored as version 1" in capsys.readouterr().out
    write_rubric(data_dir, RUBRIC_YAML.replace("name: Greets", "name: Greets warmly"))
    assert main(["--db", db_url, "rubric", "add", str(path)]) == 0
    assert "test-rubric added version 2" in capsys.readouterr().out

    assert main(["--db", db_url, "rubric", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["rubric", "version", "criteria", "reviews"]
    assert len(lines) == 3 and "Maria" in lines[1]

    assert main(["--db", db_url, "rubric", "show", "test-rubric@1"]) == 0
    shown = capsys.readouterr().out
    assert "version 1" in shown and "Greets  [" in shown and "CRITICAL" in shown

    out = data_dir / "exported.yaml"
    assert main(["--db", db_url, "rubric", "export", "test-rubric", "-o", str(out)]) == 0
    assert "Greets warmly" in out.read_text(encoding="utf-8")


def test_rubric_validate_reports_problems_with_exit_status_2(data_dir, capsys):
    good = write_rubric(data_dir)
    bad = write_rubric(
        data_dir, RUBRIC_YAML.replace("scale: binary", "scale: fivepoint", 1), "bad.yaml"
    )
    assert main(["rubric", "validate", str(good)]) == 0
    assert "OK (test-rubric: 1 sections, 3 criteria)" in capsys.readouterr().out
    assert main(["rubric", "validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}: sections[0].criteria[0].scale: unknown scale 'fivepoint'" in err


def test_a_bad_rubric_is_not_added(db_url, data_dir, capsys):
    bad = write_rubric(data_dir, RUBRIC_YAML.replace("weight: 3", "weight: 300"), "bad.yaml")
    assert main(["--db", db_url, "rubric", "add", str(bad)]) == 2
    assert "weights go from 0 to 100" in capsys.readouterr().err
    assert main(["--db", db_url, "rubric", "list"]) == 0
    assert "No rubrics yet" in capsys.readouterr().out


def test_bad_input_exits_2_with_one_line_per_problem(db_url, data_dir, capsys):
    missing = data_dir / "nope.jsonl"
    assert main(["--db", db_url, "import", str(missing)]) == 2
    assert capsys.readouterr().err.strip() == f"qa-desk: {missing}: no such file"
    unknown = data_dir / "notes.txt"
    unknown.write_text("hello\n", encoding="utf-8")
    assert main(["--db", db_url, "import", str(unknown)]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    empty = data_dir / "empty.jsonl"
    empty.write_bytes(b"")
    assert main(["--db", db_url, "import", str(empty)]) == 2
    assert (
        capsys.readouterr().err.strip() == f"qa-desk: {empty}: the file is empty: nothing to import"
    )
    assert main(["--db", db_url, "import", str(unknown), "--timezone", "Mars/Base"]) == 2
    assert "unknown time zone 'Mars/Base'" in capsys.readouterr().err
    assert main(["--db", db_url, "stats", "--from", "last week"]) == 2
    assert "is not a date" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "qa_desk", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"QA Desk {__version__}"
    helped = subprocess.run(
        [sys.executable, "-m", "qa_desk", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("import", "conversations", "rubric", "reviews", "stats", "demo"):
        assert command in helped.stdout


def test_a_period_that_ends_before_it_starts_is_refused(
    db_url: str, tmp_path: Path, capsys
) -> None:
    reversed_period = ["--from", "2026-10-31", "--to", "2026-10-01"]
    output = tmp_path / "out.jsonl"
    for command in (
        ["stats", "--by", "agent"],
        ["conversations", "export", "-o", str(output)],
        ["reviews", "export", "-o", str(output)],
    ):
        assert main(["--db", db_url, *command, *reversed_period]) == 2
        error = capsys.readouterr().err
        assert "--to" in error and "ends (2026-10-01) before it starts (2026-10-31)" in error
        assert not output.exists()


def test_import_counts_read_right_for_one(db_url: str, data_dir: Path, capsys) -> None:
    from tests.helpers import conversation, write_jsonl

    path = write_jsonl(data_dir / "one.jsonl", [conversation("ONE-1")])
    assert main(["--db", db_url, "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}: 1 conversation (jsonl): 1 added" in out
    assert "automatic checks: 1 conversation checked" in out


def test_output_piped_to_a_command_that_stops_reading_ends_quietly(db_url, data_dir):
    """``qa-desk ... | head``: the reader goes away; no error, no traceback."""
    from tests.helpers import conversation, write_jsonl

    items = [conversation(f"P-{i}") for i in range(1500)]
    assert main(["--db", db_url, "import", str(write_jsonl(data_dir / "p.jsonl", items))]) == 0
    command = [sys.executable, "-m", "qa_desk", "--db", db_url, "sample", "--total", "1500",
               "--json", "--dry-run"]  # fmt: skip
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.read(10)  # like head: a few bytes, then the pipe is closed
    child.stdout.close()
    errors = child.stderr.read().decode()
    assert child.wait(timeout=60) == 0 and "Error" not in errors and "Traceback" not in errors
