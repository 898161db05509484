"""The core (qa_desk) never imports Qt or the front end, directly or through another module."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import qa_desk

ROOT = Path(__file__).resolve().parents[1]


def test_importing_every_core_module_loads_no_qt():
    modules = sorted(
        m.name
        for m in pkgutil.walk_packages(qa_desk.__path__, "qa_desk.")
        if ".migrations" not in m.name and m.name != "qa_desk.__main__"
    )
    assert "qa_desk.analytics" in modules and "qa_desk.ingest.writer" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == ""


def test_import_linter_contract_holds():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is part of the test extra"
    result = subprocess.run([lint_imports], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The core never imports Qt or the UI KEPT" in result.stdout
