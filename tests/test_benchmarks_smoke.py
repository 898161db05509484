"""The benchmarks still run: each target at a tiny size gives results with sensible numbers.

Timings at this size say nothing about the targets (and the machine may be busy), so only their
shape is checked: positive figures and baselines, finite ratios, the same rows on both sides.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from benchmarks import __main__ as bench_main
from benchmarks import (
    autoqa_speed,
    datagen,
    import_speed,
    reports_speed,
    sampling_speed,
    stats_speed,
)
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


def test_reports_benchmark_writes_the_same_raw_cells_as_its_baseline(cache: Path) -> None:
    results, details = reports_speed.measure(300, folder=cache, repeats=1)
    scorecard, memory, coaching, command = results
    for result in (scorecard, coaching, command):
        sane(result, "s")
    sane(memory, "MB")
    assert scorecard.on_ratio and scorecard.limit == reports_speed.RATIO_LIMIT
    assert 0 < memory.figure < reports_speed.MEMORY_LIMIT_MB
    assert details["scorecard"]["rows"] == details["baseline"]["rows"] == 300
    assert len(details["scorecard"]["header"]) == details["baseline"]["columns"]


def test_sampling_benchmark_draws_5_per_agent_from_the_same_candidates(cache: Path) -> None:
    results, details = sampling_speed.measure(600, folder=cache, repeats=1)
    plain, focused = results
    sane(plain, "s")
    sane(focused, "s")
    ours = details["sampling"]
    assert ours["plain_candidates"] == ours["focus_candidates"] == details["baseline_rows"] > 500
    assert ours["plain_picked"] == ours["focus_picked"] > 0
    spread = ours["plain_reviewer_spread"]
    assert len(spread) == 10 and max(spread) - min(spread) <= 1


def test_the_runner_lists_every_target(capsys: pytest.CaptureFixture[str]) -> None:
    names = [m.NAME for m in bench_main.discover()]
    assert names[:2] == [import_speed.NAME, stats_speed.NAME]
    assert bench_main.main(["--list"]) == 0
    out = capsys.readouterr().out
    assert "import_speed" in out and "stats_speed" in out
    assert bench_main.main(["--list", "--only", "stats"]) == 0
    assert capsys.readouterr().out.split() == ["stats_speed", "stats"]


def test_autoqa_benchmark_checks_every_conversation_its_baseline_reads(cache: Path) -> None:
    results, details = autoqa_speed.measure(60, 600, folder=cache)
    (checks,) = results
    sane(checks, "s")
    assert not checks.on_ratio and checks.limit == autoqa_speed.LIMIT_S
    ours, baseline = details["autoqa"], details["baseline"]
    assert ours["conversations"] == baseline["conversations"] == 60
    assert ours["messages"] == baseline["messages"] == 600
    assert ours["rows"] == 60 * 9


def test_formats_benchmark_imports_every_help_desk_export_and_csv(cache: Path) -> None:
    from benchmarks import formats_speed

    sizes = {fmt: 30 for fmt in formats_speed.SIZES}
    results, details = formats_speed.measure(sizes, folder=cache)
    assert [r.name for r in results] == [
        *(f"{fmt} import" for fmt in ("zendesk",)),
        "zendesk peak memory",
        *(f"{fmt} import" for fmt in list(formats_speed.SIZES)[1:]),
    ]
    for result in results:
        sane(result, result.unit)
    for fmt in sizes:  # every export held the same conversations and messages
        assert details[fmt]["import"]["conversations"] == 30
        assert details[fmt]["import"]["messages"] == details[fmt]["baseline"]["messages"]
