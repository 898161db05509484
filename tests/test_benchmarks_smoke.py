"""The benchmarks still run: each target at a tiny size gives results with sensible numbers.

Timings at this size say nothing about the targets (and the machine may be busy), so only their
shape is checked: positive figures and baselines, finite ratios, the same rows on both sides.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from benchmarks import __main__ as bench_main
from benchmarks import datagen, import_speed, stats_speed
from benchmarks.common import Result


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Generated data goes to a temporary folder, never to the shared cache."""
    folder = tmp_path / "bench-cache"
    folder.mkdir()
    monkeypatch.setenv("QA_DESK_BENCH_CACHE", str(folder))
    return folder


def sane(result: Result, unit: str) -> None:
    assert result.unit == unit
    assert math.isfinite(result.figure) and result.figure > 0
    assert result.baseline is not None and result.baseline > 0
    assert result.ratio is not None and math.isfinite(result.ratio)
    line = result.line()
    assert result.name in line and ("PASS" in line or "FAIL" in line)


def test_generated_conversations_are_valid_and_always_the_same(cache: Path) -> None:
    first = datagen.dataset(50, 600, folder=cache)
    lines = first.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 50
    again = datagen.write_jsonl(cache / "again.jsonl", 50, 600)
    assert again.read_bytes() == first.read_bytes()
    assert sum(len(c["messages"]) for c in datagen.conversations(50, 600)) == 600


def test_import_benchmark_runs_both_sides_on_the_same_rows(cache: Path) -> None:
    results, details = import_speed.measure(200, 2_000, folder=cache, repeats=1)
    speed, memory = results
    sane(speed, "s")
    assert speed.on_ratio and speed.limit == import_speed.RATIO_LIMIT
    sane(memory, "MB")
    assert 0 < memory.figure < import_speed.MEMORY_LIMIT_MB
    assert details["import"]["conversations"] == 200
    assert details["import"]["messages"] == 2_000
    assert details["stored"]["messages"] == details["stored"]["indexed"] == 2_000


def test_stats_benchmark_counts_the_same_reviews_as_its_baseline(cache: Path) -> None:
    results, details = stats_speed.measure(300, folder=cache, repeats=1)
    in_process, command = results
    sane(in_process, "s")
    sane(command, "s")
    assert details["inprocess"]["reviews"] == details["baseline"]["reviews"] == 300
    assert details["inprocess"]["groups"] == details["baseline"]["groups"] > 100


def test_the_runner_lists_every_target(capsys: pytest.CaptureFixture[str]) -> None:
    names = [m.NAME for m in bench_main.discover()]
    assert names[:2] == [import_speed.NAME, stats_speed.NAME]
    assert bench_main.main(["--list"]) == 0
    out = capsys.readouterr().out
    assert "import_speed" in out and "stats_speed" in out
    assert bench_main.main(["--list", "--only", "stats"]) == 0
    assert capsys.readouterr().out.split() == ["stats_speed", "stats"]
