"""The help-desk formats target: each export imported, against the native JSONL of the same data.

The conversations of :mod:`benchmarks.datagen` (10 messages each on average) are written as each
help desk exports them: Zendesk tickets with their comments (``plain_body``) and a separate users
file, Freshdesk tickets with their conversations (``body_text``), Zendesk QA tickets (Markdown
comments), Intercom conversations and Help Scout conversations (HTML bodies), and CSV with one row
per message, once with QA Desk's column names and once as an unknown export read through a
mapping file (``--mapping``). Each is imported by
:func:`qa_desk.ingest.import_files` into a new database, in a child process of its own; the time
covers the call (reading, HTML to text, checking, writing, the full-text index), the peak memory is
the child's peak resident set.

- **figure**: seconds to import the file; **limit**: the time the target rate allows
  (5,000 conversations a second for plain-text formats, 2,000 for HTML ones); **baseline**: the
  native JSONL import of the same conversations, for comparison (not a limit). The note gives
  the rate, the CPU time of both imports (all threads: on a shared machine the wall time
  includes waiting for a core) and how long reading alone took (the records made, nothing
  stored).
- **memory**: peak memory of the Zendesk import (100,000 tickets with comments at full size),
  limit 500 MB.

Run one import alone with ``python -m benchmarks.formats_speed import|read FORMAT DB FILE...``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks import datagen
from benchmarks.common import Result, peak_rss_mb, run_child

NAME = "formats"
SIZES = {
    # format: (conversations at full size, in a quick run, conversations a second to reach)
    "zendesk": (100_000, 5_000, 5_000),
    "freshdesk": (20_000, 2_000, 5_000),
    "zendesk_qa": (20_000, 2_000, 5_000),
    "intercom": (20_000, 2_000, 2_000),
    "helpscout": (20_000, 2_000, 2_000),
    "csv": (20_000, 2_000, 5_000),
    "csv_mapping": (20_000, 2_000, 5_000),
}
"""The target rates: 5,000 conversations a second for plain text, 2,000 for HTML bodies."""
MEMORY_LIMIT_MB = 500.0
ROLES = {"customer": "user", "agent": "admin", "bot": "bot", "system": "bot"}


def _unix(stamp: str | None) -> int | None:
    return int(datetime.fromisoformat(stamp).timestamp()) if stamp else None


def _html(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    middle = len(escaped) // 2
    cut = escaped.rfind(" ", 0, middle)
    if cut > 0:  # two paragraphs, a link and some emphasis, as replies in a help desk look
        return (
            f'<p>{escaped[:cut]} <a href="https://help.example.com/a/1">guide</a></p>'
            f"<p><b>{escaped[cut + 1 :]}</b><br></p>"
        )
    return f"<p>{escaped}</p>"


def _number(text_id: str) -> int:
    return int("".join(c for c in text_id if c.isdigit()) or 0)


def zendesk(c: dict[str, Any], users: dict[int, dict[str, Any]]) -> dict[str, Any]:
    agent_id, customer_id = (
        10_000 + _number(c["agent"]["id"]),
        500_000 + _number(c["customer"]["id"]),
    )
    users[agent_id] = {
        "id": agent_id,
        "name": c["agent"]["name"],
        "email": c["agent"]["email"],
        "role": "agent",
    }
    users[customer_id] = {"id": customer_id, "name": c["customer"]["name"], "role": "end-user"}
    comments = []
    for m in c["messages"]:
        author = customer_id if m["role"] == "customer" else agent_id
        comments.append(
            {
                "id": _number(m["id"]),
                "type": "Comment",
                "author_id": author,
                "plain_body": m["text"],
                "public": not m.get("internal", False),
                "created_at": m["at"],
                "via": {"channel": "web"},
            }
        )
    return {
        "url": f"https://example.zendesk.com/api/v2/tickets/{_number(c['id'])}.json",
        "id": _number(c["id"]),
        "via": {"channel": c["channel"]},
        "created_at": c.get("started_at"),
        "updated_at": c.get("ended_at"),
        "subject": c.get("subject"),
        "status": "solved",
        "priority": c["fields"]["priority"],
        "requester_id": customer_id,
        "submitter_id": customer_id,
        "assignee_id": agent_id,
        "group_id": 300 + len(c["team"]),
        "tags": c["tags"],
        "custom_fields": [{"id": 1, "value": c["fields"]["product"]}],
        "satisfaction_rating": {"score": "good" if c.get("csat", 0) >= 4 else "bad"}
        if "csat" in c
        else None,
        "comments": comments,
    }


def freshdesk(c: dict[str, Any]) -> dict[str, Any]:
    agent_id, customer_id = _number(c["agent"]["id"]), _number(c["customer"]["id"])
    first, *rest = c["messages"]
    replies = [
        {
            "id": _number(m["id"]),
            "body_text": m["text"],
            "incoming": m["role"] == "customer",
            "private": m.get("internal", False),
            "user_id": customer_id if m["role"] == "customer" else agent_id,
            "created_at": m["at"],
            "source": 0,
            "ticket_id": _number(c["id"]),
        }
        for m in rest
    ]
    return {
        "id": _number(c["id"]),
        "subject": c.get("subject"),
        "description_text": first["text"],
        "created_at": c.get("started_at") or first["at"],
        "requester_id": customer_id,
        "responder_id": agent_id,
        "group_id": 300 + len(c["team"]),
        "source": 7,
        "status": 5,
        "priority": 1,
        "tags": c["tags"],
        "custom_fields": c["fields"],
        "conversations": replies,
    }


def zendesk_qa(c: dict[str, Any]) -> dict[str, Any]:
    comments = [
        {
            "id": m["id"],
            "authorName": m.get("author"),
            "authorIsNotClient": m["role"] != "customer",
            "public": not m.get("internal", False),
            "comment": m["text"],
            "created": m["at"],
        }
        for m in c["messages"]
    ]
    return {
        "id": c["id"],
        "subject": c.get("subject"),
        "created": c.get("started_at"),
        "assigneeName": c["agent"]["name"],
        "assigneeEmail": c["agent"]["email"],
        "customerName": c["customer"]["name"],
        "channel": c["channel"],
        "tags": c["tags"],
        "satisfactionScore": str(c["csat"]) if "csat" in c else "",
        "status": "solved",
        "ticketFields": [{"id": "product", "values": [{"value": c["fields"]["product"]}]}],
        "comments": comments,
    }


def intercom(c: dict[str, Any]) -> dict[str, Any]:
    def author(m: dict[str, Any]) -> dict[str, Any]:
        person = c["customer"] if m["role"] == "customer" else c["agent"]
        return {"type": ROLES[m["role"]], "id": person["id"], "name": m.get("author")}

    first, *rest = c["messages"]
    parts = [
        {
            "type": "conversation_part",
            "id": m["id"],
            "part_type": "note" if m.get("internal") else "comment",
            "body": _html(m["text"]),
            "created_at": _unix(m["at"]),
            "author": author(m),
        }
        for m in rest
    ]
    return {
        "type": "conversation",
        "id": c["id"],
        "created_at": _unix(c.get("started_at") or first["at"]),
        "title": c.get("subject"),
        "state": "closed",
        "source": {"type": "conversation", "body": _html(first["text"]), "author": author(first)},
        "admin_assignee_id": c["agent"]["id"],
        "team_assignee_id": 300 + len(c["team"]),
        "tags": {"type": "tag.list", "tags": [{"type": "tag", "name": t} for t in c["tags"]]},
        "conversation_rating": {"rating": c["csat"]} if "csat" in c else None,
        "custom_attributes": c["fields"],
        "conversation_parts": {"type": "conversation_part.list", "conversation_parts": parts},
    }


def helpscout(c: dict[str, Any]) -> dict[str, Any]:
    agent = {
        "id": _number(c["agent"]["id"]),
        "type": "user",
        "first": c["agent"]["name"].split()[0],
        "last": c["agent"]["name"].split()[-1],
        "email": c["agent"]["email"],
    }
    customer = {
        "id": _number(c["customer"]["id"]),
        "type": "customer",
        "first": c["customer"]["name"],
    }
    kinds = {"customer": "customer", "agent": "message", "bot": "message", "system": "lineitem"}
    threads = [
        {
            "id": _number(m["id"]),
            "type": "note" if m.get("internal") else kinds[m["role"]],
            "state": "published",
            "body": _html(m["text"]),
            "createdBy": customer if m["role"] == "customer" else agent,
            "createdAt": m["at"],
        }
        for m in reversed(c["messages"])
    ]
    return {
        "id": _number(c["id"]),
        "number": _number(c["id"]),
        "type": c["channel"],
        "status": "closed",
        "subject": c.get("subject"),
        "mailboxId": 300 + len(c["team"]),
        "assignee": agent,
        "createdAt": c.get("started_at"),
        "primaryCustomer": customer,
        "tags": [{"tag": t} for t in c["tags"]],
        "_embedded": {"threads": threads},
    }


CSV_COLUMNS = (
    "conversation_id", "timestamp", "role", "author", "message_id", "internal", "text", "agent",
    "agent_email", "team", "channel", "subject", "csat", "tags", "language", "customer",
)  # fmt: skip
MAPPED_HEADER = (
    "Case Nr", "Sent", "From", "Name", "Msg Ref", "Private", "Body", "Handled by", "Handler mail",
    "Queue", "Medium", "Topic", "Rating", "Labels", "Lang", "Client",
)  # fmt: skip
"""An export QA Desk does not know, read through a mapping file (the same columns renamed)."""
FROM_VALUES = {"customer": "Member", "agent": "Rep", "bot": "Bot", "system": "Event"}


def csv_rows(c: dict[str, Any], mapped: bool = False) -> list[list[str]]:
    """One conversation as rows of a CSV export: one row per message, conversation columns on
    the first; ``mapped``: role values as the unknown export writes them."""
    rows = []
    for n, m in enumerate(c["messages"]):
        first = n == 0
        rows.append(
            [
                c["id"], m["at"], FROM_VALUES[m["role"]] if mapped else m["role"],
                m.get("author") or "", m["id"], "yes" if m.get("internal") else "", m["text"],
                c["agent"]["name"] if first else "", c["agent"]["email"] if first else "",
                c["team"] if first else "", c["channel"] if first else "",
                (c.get("subject") or "") if first else "",
                str(c["csat"]) if first and "csat" in c else "",
                ";".join(c["tags"]) if first else "", c["language"] if first else "",
                c["customer"]["name"] if first else "",
            ]
        )  # fmt: skip
    return rows


def mapping_text() -> str:
    """The mapping file of the unknown export (what the import window's "Save mapping…" writes)."""
    from qa_desk.ingest import mapping_file

    columns = dict(zip(MAPPED_HEADER, CSV_COLUMNS, strict=True))
    roles = {value: role for role, value in FROM_VALUES.items()}
    return mapping_file.dumps(columns, roles, title="Benchmark export")


def _write_csv(path: Path, count: int, mapped: bool) -> None:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(MAPPED_HEADER if mapped else CSV_COLUMNS)
        for conversation in datagen.conversations(count, count * 10):
            writer.writerows(csv_rows(conversation, mapped))


def write_format(fmt: str, count: int, folder: Path) -> list[Path]:
    """The data set of ``count`` conversations as ``fmt`` exports it (cached); the files to import."""
    stem = folder / f"{fmt}-v{datagen.GENERATOR_VERSION}-{count}"
    paths = [stem.with_suffix(".json")] + (
        [stem.with_suffix(".users.json")] if fmt == "zendesk" else []
    )
    if fmt in ("csv", "csv_mapping"):
        paths = [stem.with_suffix(".csv")] + (
            [stem.with_suffix(".yaml")] if fmt == "csv_mapping" else []
        )
        if not all(p.exists() for p in paths):
            partial = paths[0].with_suffix(".partial")
            _write_csv(partial, count, fmt == "csv_mapping")
            if fmt == "csv_mapping":
                paths[1].write_text(mapping_text(), encoding="utf-8")
            partial.replace(paths[0])
        return paths
    if all(p.exists() for p in paths):
        return paths
    users: dict[int, dict[str, Any]] = {}
    convert: Any = {
        "zendesk": lambda c: zendesk(c, users),
        "freshdesk": freshdesk,
        "zendesk_qa": zendesk_qa,
        "intercom": intercom,
        "helpscout": helpscout,
    }[fmt]
    opening, closing = {
        "zendesk": ('{"tickets": [\n', '\n], "next_page": null}\n'),
        "zendesk_qa": ('{"data": [\n', "\n]}\n"),
        "helpscout": ('{"_embedded": {"conversations": [\n', "\n]}}\n"),
    }.get(fmt, ("[\n", "\n]\n"))
    partial = paths[0].with_suffix(".partial")
    with open(partial, "w", encoding="utf-8") as out:
        out.write(opening)
        for n, conversation in enumerate(datagen.conversations(count, count * 10)):
            out.write(",\n" if n else "")
            out.write(json.dumps(convert(conversation), ensure_ascii=False))
        out.write(closing)
    if fmt == "zendesk":
        text = json.dumps({"users": list(users.values())}, ensure_ascii=False)
        paths[1].write_text(text, encoding="utf-8")
    partial.replace(paths[0])
    return paths


def run_side(side: str, fmt: str, db_path: Path, paths: list[Path]) -> dict[str, Any]:
    """In a child: import the files (``import``) or only read their records (``read``)."""
    from qa_desk.db import open_database
    from qa_desk.ingest import import_files, prepare_imports
    from qa_desk.ingest.source import open_source

    options = None
    if fmt == "csv_mapping":  # the CSV and its mapping file, as --mapping reads it
        from qa_desk.ingest import mapping_file
        from qa_desk.ingest.options import ImportOptions

        fmt, options = "csv", mapping_file.load(paths[1]).apply(ImportOptions())
        paths = paths[:1]
    started, cpu = time.perf_counter(), time.process_time()
    if side == "read":
        from qa_desk.ingest import FORMATS

        with prepare_imports(paths, fmt, options) as plan:
            conversations = messages = 0
            for item in plan:
                if item.companion is None:
                    for record in FORMATS[fmt].read(open_source(item.path), item.options):
                        conversations += 1
                        messages += len(record.messages)
    else:
        db = open_database("sqlite:///" + str(db_path))
        started, cpu = time.perf_counter(), time.process_time()
        results = import_files(db, paths, fmt, options)
        conversations = sum(r.counts.added for r in results)
        messages = sum(r.counts.messages for r in results)
        db.dispose()
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "peak_mb": peak_rss_mb(),
        "conversations": conversations,
        "messages": messages,
    }


def measure(
    sizes: dict[str, int], folder: Path | None = None
) -> tuple[list[Result], dict[str, Any]]:
    """Import each format's data set of the given size; the results and each side's details."""
    folder = folder or datagen.cache_dir()
    results: list[Result] = []
    details: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="qa-desk-bench-", dir=folder) as scratch:
        work = Path(scratch)
        for fmt, count in sizes.items():
            paths = write_format(fmt, count, folder)
            jsonl = datagen.dataset(count, count * 10, folder=folder)
            base = run_child(__name__, "import", "jsonl", str(work / "base.sqlite3"), str(jsonl))
            ours = run_child(
                __name__, "import", fmt, str(work / f"{fmt}.sqlite3"), *map(str, paths)
            )
            reading = run_child(__name__, "read", fmt, str(work / "unused"), *map(str, paths))
            for path in work.iterdir():
                path.unlink()
            if ours["conversations"] != count or ours["messages"] != base["messages"]:
                raise AssertionError(f"{fmt}: stored {ours}, the native import {base}")
            rate = count / ours["seconds"]
            results.append(
                Result(
                    f"{fmt} import",
                    ours["seconds"],
                    "s",
                    base["seconds"],
                    count / SIZES[fmt][2],
                    on_ratio=False,
                    note=f"{count:,} conversations, {ours['messages']:,} messages: {rate:,.0f}/s "
                    f"(target {SIZES[fmt][2]:,}/s); CPU time (all threads) "
                    f"{ours['cpu_seconds']:.2f} s, baseline {base['cpu_seconds']:.2f} s; "
                    f"reading alone {reading['seconds']:.2f} s ({count / reading['seconds']:,.0f}/s)"
                    "; baseline: native JSONL import",
                )
            )
            if fmt == "zendesk":
                results.append(
                    Result(
                        "zendesk peak memory",
                        ours["peak_mb"],
                        "MB",
                        base["peak_mb"],
                        MEMORY_LIMIT_MB,
                        on_ratio=False,
                        note=f"peak RSS importing {count:,} tickets with comments; "
                        "baseline: the native JSONL import",
                    )
                )
            details[fmt] = {"import": ours, "read": reading, "baseline": base}
    return results, details


def run(quick: bool = False) -> list[Result]:
    return measure({fmt: sizes[1 if quick else 0] for fmt, sizes in SIZES.items()})[0]


def main(argv: list[str]) -> None:
    if not argv:
        for result in run():
            print(result.line())
        return
    side, fmt, db_path, *paths = argv
    if fmt == "jsonl":
        from qa_desk.db import open_database
        from qa_desk.ingest import import_file

        db = open_database("sqlite:///" + db_path)
        started, cpu = time.perf_counter(), time.process_time()
        counts = import_file(db, paths[0]).counts
        outcome = {
            "seconds": time.perf_counter() - started,
            "cpu_seconds": time.process_time() - cpu,
            "peak_mb": peak_rss_mb(),
            "conversations": counts.added,
            "messages": counts.messages,
        }
    else:
        outcome = run_side(side, fmt, Path(db_path), [Path(p) for p in paths])
    print(json.dumps(outcome))


if __name__ == "__main__":
    main(sys.argv[1:])
