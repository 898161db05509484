"""``python -m benchmarks``: run the speed targets and print one line each, with the baseline.

Every module of this package that has ``NAME`` and ``run(quick) -> list[Result]`` is a benchmark:
the import and the stats targets first, the others after them in name order. ``--quick`` runs
scaled-down versions (a few seconds each once their data is cached); ``--only`` picks benchmarks by
module or ``NAME`` (``--only import stats``). The exit status is 1 when a target is missed or a
benchmark fails, else 0.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import platform
import sqlite3
import sys
import time
import traceback
from datetime import datetime
from types import ModuleType

import benchmarks

FIRST = ("import_speed", "stats_speed")
NOT_BENCHMARKS = ("common", "datagen")


def discover(broken: list[str] | None = None) -> list[ModuleType]:
    """The benchmark modules, in the order they run; the names of those that cannot be imported
    are added to ``broken`` with the error (one broken benchmark must not stop the others)."""
    names = [
        info.name
        for info in pkgutil.iter_modules(benchmarks.__path__)
        if not info.name.startswith("_") and info.name not in NOT_BENCHMARKS
    ]
    ordered = [n for n in FIRST if n in names] + sorted(n for n in names if n not in FIRST)
    modules = []
    for name in ordered:
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except Exception as error:
            if broken is not None:
                broken.append(f"benchmarks.{name}: {type(error).__name__}: {error}")
            continue
        if hasattr(module, "run") and hasattr(module, "NAME"):
            modules.append(module)
    return modules


def _names(module: ModuleType) -> set[str]:
    """What ``--only`` knows a benchmark by: ``import_speed``, ``import``, its ``NAME``."""
    short = module.__name__.rsplit(".", 1)[1]
    name = str(module.NAME)
    return {n.casefold() for n in (short, short.split("_")[0], name, name.split()[0])}


def machine() -> str:
    """One line on where the figures were taken."""
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="scaled-down runs, a few seconds")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these benchmarks")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    args = parser.parse_args(argv)
    broken: list[str] = []
    modules = discover(broken)
    for problem in broken:
        print(f"cannot load {problem}", file=sys.stderr)
    if args.only:
        wanted = {w.casefold() for w in args.only}
        modules = [m for m in modules if _names(m) & wanted]
    if args.list:
        for module in modules:
            print(f"{module.__name__.rsplit('.', 1)[1]:<20} {module.NAME}")
        return 0
    started = time.perf_counter()
    print(f"{datetime.now():%Y-%m-%d %H:%M}  {machine()}  {'quick' if args.quick else 'full'}")
    met = missed = 0
    failed = len(broken)
    for module in modules:
        try:
            results = module.run(quick=args.quick)
        except Exception:  # one broken benchmark must not hide the others' figures
            failed += 1
            print(f"{module.NAME}: FAILED\n{traceback.format_exc()}", file=sys.stderr, flush=True)
            continue
        for result in results:
            print(result.line(), flush=True)
            if result.passed:
                met += 1
            else:
                missed += 1
    total = met + missed
    summary = f"{met} of {total} targets met"
    if failed:
        summary += f", {failed} benchmark(s) failed"
    print(f"{summary} in {time.perf_counter() - started:.0f} s")
    return 0 if missed == 0 and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
