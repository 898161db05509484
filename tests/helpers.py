"""Small builders the tests share: native JSONL conversations and rubrics written to files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def conversation(
    external_id: str,
    messages: list[tuple[str, str, str]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A native JSONL conversation; ``messages`` are (role, at, text) tuples."""
    messages = messages or [
        ("customer", "2026-03-02T09:00:00Z", "Hi, my parcel has not arrived."),
        ("agent", "2026-03-02T09:04:30Z", "Hello! I'm Dana, sorry about that, let me check."),
    ]
    data: dict[str, Any] = {
        "id": external_id,
        "source": "test",
        "channel": "chat",
        "subject": "Parcel",
        "agent": {"id": "ag-1", "name": "Dana Smith", "email": "dana@example.com"},
        "team": "Tier 1",
        "customer": {"id": "cu-1", "name": "Olena"},
        "csat": 4,
        "tags": ["delivery"],
        "language": "en",
        "messages": [
            {
                "id": f"{external_id}-{i}",
                "role": role,
                "author": role.title(),
                "at": at,
                "text": text,
            }
            for i, (role, at, text) in enumerate(messages)
        ],
    }
    data.update(fields)
    return data


def write_jsonl(path: Path, conversations: list[dict[str, Any]]) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for item in conversations:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


RUBRIC_YAML = """
id: test-rubric
name: Test rubric
pass_threshold: 80
sections:
  - id: main
    name: Main
    criteria:
      - {id: greeting, name: Greets, scale: binary}
      - {id: tone, name: Tone, scale: {points: [1, 5]}, weight: 3, allow_na: true, root_causes: [too formal, impatient]}
      - {id: data_protection, name: Verifies identity, scale: binary, critical: true, allow_na: true}
"""
