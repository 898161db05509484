"""The readers' quick ways through the usual message give the records their full checks give.

Zendesk and Zendesk QA comments and CSV rows written the usual way skip the per-field checks (the hottest
loop of an import); each test reads varied messages once as usual and once with the quick way
turned off, and the records must be the same, field for field.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Any

from qa_desk.ingest import ImportOptions, csv_messages, csv_records, zendesk, zendesk_qa
from qa_desk.ingest.source import open_source

TIMES = [
    "2026-04-16T11:24:51Z", "2026-04-16T11:24:51.5Z", "2026-04-16T11:24:51.123456Z",
    "2026-04-16T11:24:51", "2026-04-16T11:24:51+02:00", "2026-04-16 11:24:51Z",
]  # fmt: skip


def _comment(pick: random.Random, n: int) -> dict[str, Any]:
    choices: dict[str, list[Any]] = {
        "id": [f"m{n}", f"  m{n} ", "", "   ", n, None],
        "authorName": ["Ann", " Ann ", "", "  ", None, 5],
        "authorEmail": ["dana@example.com", " DANA@example.com ", "", None, "ann@example.com"],
        "authorIsNotClient": [True, False, None, "yes", 0],
        "public": [True, False, None, "false", 1],
        "comment": ["Plain text", "a < b", "<p>Sorry!</p>", "", None, 42],
        "created": TIMES,
        "callDuration": [None, None, None, 61],
    }
    data = {key: pick.choice(values) for key, values in choices.items()}
    return {key: value for key, value in data.items() if value is not None or pick.random() < 0.3}


def test_zendesk_qa_comments_read_quickly_as_fully(tmp_path: Path, monkeypatch):
    pick = random.Random(7)
    tickets = [
        {"id": f"T{t}", "assigneeName": "Dana", "assigneeEmail": "dana@example.com",
         "created": "2026-04-16T11:00:00Z",
         "comments": [_comment(pick, t * 100 + c) for c in range(12)]}
        for t in range(40)
    ]  # fmt: skip
    path = tmp_path / "qa.json"
    path.write_text(json.dumps({"data": tickets}), encoding="utf-8")
    options = ImportOptions()
    quick = list(zendesk_qa.read(open_source(path), options))
    monkeypatch.setattr(zendesk_qa, "_PLAIN_KEYS", frozenset())  # every comment the full way
    full = list(zendesk_qa.read(open_source(path), options))
    assert len(quick) == 40 and sum(len(r.messages) for r in quick) == 480
    assert quick == full
    assert {m.at_text is not None for r in quick for m in r.messages} == {True, False}


def _zendesk_comment(pick: random.Random, n: int) -> dict[str, Any]:
    choices: dict[str, list[Any]] = {  # the usual way most often, so most go the quick way
        "id": [n, n, n, str(n), f" c{n} ", None],
        "author_id": [11, 21, 31, 11, 21, 31, 99, "21", None],
        "public": [True, False, True, False, None, "false", 1],
        "plain_body": ["Plain text", "Plain text", "Plain text", "", None, 42],
        "html_body": ["<p>Sorry!</p>", None],
        "created_at": [TIMES[0], TIMES[0], *TIMES],
    }
    data = {key: pick.choice(values) for key, values in choices.items()}
    return {key: value for key, value in data.items() if value is not None or pick.random() < 0.3}


def test_zendesk_comments_read_quickly_as_fully(tmp_path: Path, monkeypatch):
    pick = random.Random(5)
    users = [
        {"id": 11, "name": "Olena", "role": "end-user"},
        {"id": 21, "name": "Dana Smith", "email": "dana@example.com", "role": "agent"},
        {"id": 31, "name": "", "email": "lee@example.com", "role": "admin"},
    ]
    tickets = [
        {"id": t, "requester_id": pick.choice([11, 31, None]),
         "assignee_id": pick.choice([21, None]), "created_at": "2026-04-16T11:00:00Z",
         "comments": [_zendesk_comment(pick, t * 100 + c) for c in range(12)]}
        for t in range(40)
    ]  # fmt: skip
    path = tmp_path / "tickets.json"
    path.write_text(json.dumps({"tickets": tickets, "users": users}), encoding="utf-8")
    options = ImportOptions()
    quick = list(zendesk.read(open_source(path), options))

    def one_by_one(self, f, items, requester, shaped_by):  # every comment the full way
        return [
            self.comment(f, "comments[%d].", (i,), item, requester, shaped_by)
            for i, item in enumerate(items)
        ]

    monkeypatch.setattr(zendesk._Tickets, "comments", one_by_one)
    full = list(zendesk.read(open_source(path), options))
    assert len(quick) == 40 and sum(len(r.messages) for r in quick) == 480
    assert quick == full  # the agents (last public reply) and fingerprints too
    assert {m.at_text is not None for r in quick for m in r.messages} == {True, False}
    assert {m.role for r in quick for m in r.messages} == {"customer", "agent", "system"}


def test_csv_rows_read_quickly_as_fully(tmp_path: Path, monkeypatch):
    pick = random.Random(11)
    header = ["conversation_id", "timestamp", "role", "author", "message_id", "internal", "text"]
    rows = [header]
    for c in range(30):
        for m in range(10):
            rows.append(
                [
                    f"c{c}",
                    pick.choice(TIMES),
                    pick.choice(["customer", "Agent", " bot ", "user", "support"]),
                    pick.choice(["Ann", " Ann ", "", "  "]),
                    pick.choice([f"m{m}", f" m{m} ", ""]),
                    pick.choice(["", "yes", "no", " TRUE ", "1", "False"]),
                    pick.choice(["Plain text", "", "a,b\nc"]),
                ]
            )
    path = tmp_path / "messages.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    options = ImportOptions()
    quick = list(csv_messages.read(open_source(path), options))
    monkeypatch.setattr(csv_records, "PLAIN_UTC", lambda text: None)  # every row the full way
    full = list(csv_messages.read(open_source(path), options))
    assert len(quick) == 30 and sum(len(r.messages) for r in quick) == 300
    assert quick == full
    assert {m.at_text is not None for r in quick for m in r.messages} == {True, False}
