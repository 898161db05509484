"""An installed (not editable) copy carries the rubrics, resources and migrations and finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True,
    )  # fmt: skip
    (found,) = out.glob("qa_desk-*.whl")
    return found


def test_wheel_holds_both_packages_and_the_data_folders(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "qa_desk/cli/__init__.py",
        "qa_desk/db/migrations/env.py",
        "qa_desk/db/migrations/versions/0001_core_schema.py",
        "qa_desk/bundled/rubrics/support-core.yaml",
        "qa_desk/bundled/rubrics/small-team.yaml",
        "ui/app.py",
    ):
        assert expected in names
    assert any(n.startswith("qa_desk/bundled/resources/") for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "qa-desk = qa_desk.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_copy_finds_its_rubrics_and_migrations(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    script = (
        "import qa_desk, qa_desk.paths as p, qa_desk.db.migrate as m\n"
        "print(qa_desk.__file__); print(p.rubrics_dir()); print(m.head_revision())\n"
        "print(sorted(x.name for x in p.rubrics_dir().glob('*.yaml')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True, text=True, check=True, cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": ""},
    )  # fmt: skip
    module, rubrics, head, files = result.stdout.splitlines()
    assert module.startswith(str(target)) and rubrics.startswith(str(target))
    assert head and "support-core.yaml" in files


def test_ci_runs_the_readme_test_command_verbatim():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [
        block.split("\n", 1)[1].strip() for block in quick_start.split("```sh")[1:] if block
    ]
    commands = [c.split("```", 1)[0].strip() for c in commands]
    assert len(commands) == 2, "the quick start has exactly two set-up commands"
    install_and_run, install_and_test = commands
    assert install_and_run.endswith("qa-desk") and "pytest" in install_and_test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_test in ci.splitlines()
