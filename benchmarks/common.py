"""What every benchmark target shares: its result line, timing, and peak memory of a process."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Result:
    """One measured figure against its baseline and target.

    ``limit`` is the largest acceptable value of ``ratio`` when ``on_ratio``, else of ``figure``.
    """

    name: str
    figure: float
    unit: str
    baseline: float | None
    limit: float
    on_ratio: bool
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.figure / self.baseline

    @property
    def passed(self) -> bool:
        value = self.ratio if self.on_ratio else self.figure
        return value is not None and value <= self.limit

    def line(self) -> str:
        baseline = "-" if self.baseline is None else _number(self.baseline, self.unit)
        ratio = "-" if self.ratio is None else f"{self.ratio:.2f}x"
        target = (
            f"ratio <= {self.limit:g}x" if self.on_ratio else f"<= {_number(self.limit, self.unit)}"
        )
        verdict = "PASS" if self.passed else "FAIL"
        text = (
            f"{self.name:<24} {_number(self.figure, self.unit):>10}  baseline {baseline:>10}  "
            f"ratio {ratio:>6}  target {target:<14} {verdict}"
        )
        return f"{text}  ({self.note})" if self.note else text


def _number(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:g} {unit}"


class Stopwatch:
    """Adds up the time spent inside ``with watch:`` blocks."""

    def __init__(self) -> None:
        self.total = 0.0
        self._started = 0.0

    def __enter__(self) -> Stopwatch:
        self._started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.total += time.perf_counter() - self._started


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (VmHWM where /proc has it)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_child(module: str, *args: str) -> dict[str, Any]:
    """Run ``python -m module args...`` and return the JSON object its last output line holds."""
    completed = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{module} failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])
