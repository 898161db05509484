"""The call-transcript target: transcripts of 10 turns, one call per file, read into conversation
records, against bare Python reading the same files.

- ``read text``: :func:`qa_desk.ingest.read_records` on each plain-text transcript
  (``[hh:mm:ss] Speaker: text``), the format detected as an import detects it, the agent told from
  the labels, times and talk-time fields worked out. Target: at most :data:`LIMIT_MS` per 1,000
  conversations, i.e. at least 5,000 conversations of 10 messages a second.
- ``read json``: the same for Whisper-style JSON (``{"segments": [...]}``, diarized speakers, the
  agent found by its greeting), same target.

The baseline of each opens every file, decodes it and splits it into turns (each line at ``": "``;
``json.loads`` for JSON): the least any reader must do. Each side runs :data:`REPEATS` times and
the best time counts. The note of ``read text`` adds what importing a sample of the files into a
new SQLite database costs (one transaction per file, as ``qa-desk import`` does).

Run alone with ``python -m benchmarks.transcripts_speed [--quick]``.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import Result
from benchmarks.datagen import cache_dir

NAME = "transcripts"
FULL = 20_000
QUICK = 2_000
TURNS = 10
REPEATS = 3
LIMIT_MS = 200.0
"""Milliseconds per 1,000 conversations: 5,000 conversations a second."""
IMPORT_SAMPLE = 500
SEED = 20260302

AGENT_LINES = (
    "Thank you for calling Northwind Bank, this is Priya, how can I help you today?",
    "Could you confirm your full name and date of birth, please?",
    "I can see the payment; it was flagged as unusual because it was abroad.",
    "I've unblocked the card and added a travel note until Sunday.",
    "Is there anything else I can help you with?",
    "Вибачте за незручності, я вже перевіряю ваше замовлення.",
)
CUSTOMER_LINES = (
    "Hi, my card was declined at a petrol station this morning.",
    "Sure, it's Zoë Brontë, fourteenth of May 1987.",
    "That was me, I'm travelling in Portugal this week.",
    "Brilliant, thanks so much for sorting that out.",
    "No, that's all, bye!",
    "Добрый день, у меня не проходит оплата картой.",
)


def _turns(rng: random.Random) -> list[tuple[str, float, float, str]]:
    """``(role, start, end, text)`` of one call: the agent first, then turns in alternation."""
    turns = []
    clock = rng.uniform(0.5, 2.0)
    for i in range(TURNS):
        role = "agent" if i % 2 == 0 else "customer"
        text = (AGENT_LINES if role == "agent" else CUSTOMER_LINES)[
            0 if i == 0 else rng.randrange(1, 6)
        ]
        length = round(rng.uniform(1.5, 7.0), 2)
        turns.append((role, round(clock, 2), round(clock + length, 2), text))
        clock += length + rng.uniform(0.2, 3.0)
    return turns


def _stamp(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def dataset(count: int, folder: Path | None = None) -> tuple[list[Path], list[Path]]:
    """``count`` plain-text and ``count`` JSON transcripts (made once, then cached)."""
    root = (folder or cache_dir()) / f"transcripts-{count}-{SEED}"
    text_dir, json_dir = root / "text", root / "json"
    done = root / "complete"
    if not done.exists():
        text_dir.mkdir(parents=True, exist_ok=True)
        json_dir.mkdir(parents=True, exist_ok=True)
        rng = random.Random(SEED)
        for n in range(count):
            turns = _turns(rng)
            lines = [
                f"[{_stamp(start)}] {'Agent' if role == 'agent' else 'Customer'}: {text}"
                for role, start, _, text in turns
            ]
            name = f"call-{n:06d}"
            (text_dir / f"{name}.txt").write_text("\n".join(lines) + "\n", "utf-8")
            speakers = {"agent": "SPEAKER_01", "customer": "SPEAKER_00"}
            segments = [
                {
                    "id": i,
                    "start": float(a),
                    "end": float(b),
                    "text": f" {t}",
                    "speaker": speakers[r],
                }
                for i, (r, a, b, t) in enumerate(turns)
            ]
            data = {"text": "", "segments": segments, "language": "en"}
            (json_dir / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        done.write_text("ok")
    return sorted(text_dir.glob("*.txt")), sorted(json_dir.glob("*.json"))


def read_all(paths: list[Path]) -> tuple[int, int]:
    """Read every file as QA Desk does: (conversations, messages)."""
    from qa_desk.ingest import read_records

    conversations = messages = 0
    for path in paths:
        for record in read_records(path):
            conversations += 1
            messages += len(record.messages)
    return conversations, messages


def baseline_text(paths: list[Path]) -> tuple[int, int]:
    conversations = messages = 0
    for path in paths:
        with open(path, "rb") as file:
            lines = file.read().decode("utf-8").splitlines()
        turns = [line.partition(": ") for line in lines if line]
        conversations += 1
        messages += len(turns)
    return conversations, messages


def baseline_json(paths: list[Path]) -> tuple[int, int]:
    conversations = messages = 0
    for path in paths:
        with open(path, "rb") as file:
            data = json.loads(file.read().decode("utf-8"))
        conversations += 1
        messages += len([s["text"].strip() for s in data["segments"]])
    return conversations, messages


def _best(function: Callable[[list[Path]], tuple[int, int]], paths: list[Path], repeats: int):
    best, counts = float("inf"), (0, 0)
    for _ in range(repeats):
        started = time.perf_counter()
        counts = function(paths)
        best = min(best, time.perf_counter() - started)
    return best, counts


def import_rate(paths: list[Path]) -> float:
    """Conversations a second that ``qa-desk import`` stores from these files (one per file)."""
    from qa_desk.db import open_database
    from qa_desk.ingest import import_file

    with tempfile.TemporaryDirectory(prefix="qa-desk-bench-") as scratch:
        db = open_database("sqlite:///" + str(Path(scratch) / "calls.sqlite3"))
        started = time.perf_counter()
        for path in paths:
            import_file(db, path)
        seconds = time.perf_counter() - started
        db.dispose()
    return len(paths) / seconds


def measure(
    count: int, folder: Path | None = None, repeats: int = REPEATS
) -> tuple[list[Result], dict[str, Any]]:
    """Both targets on ``count`` calls of each kind; the results and their details."""
    text_files, json_files = dataset(count, folder)
    details: dict[str, Any] = {}
    results = []
    for label, paths, baseline in (
        ("text", text_files, baseline_text),
        ("json", json_files, baseline_json),
    ):
        ours, counts = _best(read_all, paths, repeats)
        bare, bare_counts = _best(baseline, paths, repeats)
        if counts != bare_counts:
            raise AssertionError(f"{label}: read {counts}, the baseline {bare_counts}")
        per_thousand, bare_per_thousand = 1000 * ours / count * 1000, 1000 * bare / count * 1000
        details[label] = {"seconds": ours, "baseline": bare, "counts": counts}
        note = f"{count:,} calls of {TURNS} turns; {count / ours:,.0f} conversations/s"
        if label == "text":
            rate = import_rate(paths[: min(IMPORT_SAMPLE, count)])
            details["import_per_second"] = rate
            note += f"; import into SQLite, a transaction per file: {rate:,.0f}/s"
        results.append(
            Result(
                f"read {label} transcripts",
                round(per_thousand, 2),
                "ms/1k",
                round(bare_per_thousand, 2),
                LIMIT_MS,
                on_ratio=False,
                note=note,
            )
        )
    return results, details


def run(quick: bool = False) -> list[Result]:
    results, _ = measure(QUICK if quick else FULL, repeats=2 if quick else REPEATS)
    return results


if __name__ == "__main__":
    for result in run(quick="--quick" in sys.argv[1:]):
        print(result.line())
