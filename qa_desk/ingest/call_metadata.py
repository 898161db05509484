"""A call's metadata file: who the agent was, how the caller rated the call, when it ran.

Speech-to-text systems and call recorders often keep this apart from the transcript. For a
transcript ``FOLDER/ID.json`` (or ``ID.txt``) the metadata is, the first that exists:

1. a metadata file named in the same import, on the command line or chosen with the transcript in
   the import window (matched by file name, ``ID.json``);
2. ``FOLDER/../metadata/ID.json``: a ``metadata`` folder beside the transcripts' folder, as the
   Harper Valley corpus is laid out (``transcript/ID.json`` and ``metadata/ID.json``);
3. ``FOLDER/metadata/ID.json``.

The file is a JSON object. Harper Valley's keys are read: ``sid`` (the call's id),
``start_time_ms``/``end_time_ms``, ``agent.metadata.agent_name``,
``caller.metadata["first and last name"]``, the caller's 1–10 rating
``caller.survey_response.data.partner_rating`` (kept as ``fields.caller_rating``; scaled into the
CSAT, 1 → 1 and 10 → 5) and the task types of ``tasks`` (tags). Simpler files may say ``id``, ``started_at``,
``ended_at``, ``agent`` and ``customer`` (a name, or an object with ``id``, ``name``, ``email``),
``csat``, ``tags``, ``language`` and ``fields``. Other keys are ignored.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from qa_desk.errors import InputError, Problem
from qa_desk.ingest import csat
from qa_desk.ingest.calls import CallFacts, file_stem, number
from qa_desk.ingest.fields import RecordReader
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.records import PersonRecord
from qa_desk.ingest.source import SourceFile

MAX_SIZE = 1024 * 1024
"""Bytes: a larger file is no call's metadata."""
_TIME_KEYS = ("sid", "start_time_ms", "end_time_ms", "started_at", "ended_at")
_TRANSCRIPT_KEYS = ("segments", "utterances", "results", "messages")


def candidates(transcript: Path) -> list[Path]:
    """Where the metadata of ``transcript`` may be, in the order they are tried."""
    stem = file_stem(transcript)
    folder = transcript.parent
    return [folder.parent / "metadata" / f"{stem}.json", folder / "metadata" / f"{stem}.json"]


_FOLDERS_KEPT = 5.0
"""Seconds the metadata folders found beside a transcripts' folder are remembered: an import
looks for them once per folder rather than once per file, and still sees a folder made since."""
_folders: dict[str, tuple[float, tuple[str, ...]]] = {}


def _metadata_folders(folder: str) -> tuple[str, ...]:
    """The ``metadata`` folders where a transcript in ``folder`` may have its metadata."""
    now = time.monotonic()
    known = _folders.get(folder)
    if known is not None and now - known[0] < _FOLDERS_KEPT:
        return known[1]
    found = tuple(
        path
        for path in (
            os.path.join(os.path.dirname(folder), "metadata"),
            os.path.join(folder, "metadata"),
        )
        if os.path.isdir(path)
    )
    if len(_folders) > 1000:
        _folders.clear()
    _folders[folder] = (now, found)
    return found


def find(source: SourceFile, options: ImportOptions) -> Path | None:
    """The metadata file of the transcript ``source``, None when it has none."""
    stem = file_stem(source.path)
    given = (options.call_metadata or {}).get(stem)
    if given is not None:
        return Path(given)
    for folder in _metadata_folders(os.path.dirname(os.path.abspath(source.name))):
        candidate = os.path.join(folder, f"{stem}.json")
        if os.path.isfile(candidate) and not os.path.samefile(candidate, source.name):
            return Path(candidate)
    return None


def looks_like_metadata(data: Any) -> bool:
    """Whether parsed JSON is a call's metadata rather than a transcript."""
    return (
        isinstance(data, dict)
        and not any(key in data for key in _TRANSCRIPT_KEYS)
        and (isinstance(data.get("agent"), dict) or isinstance(data.get("caller"), dict))
        and any(key in data for key in _TIME_KEYS)
    )


def is_metadata_file(path: str | Path) -> bool:
    """Whether the file at ``path`` is a call's metadata (to pair it with its transcript)."""
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size > MAX_SIZE:
            return False
        return looks_like_metadata(json.loads(path.read_bytes()))
    except (OSError, ValueError, RecursionError):
        return False


def metadata_files(paths: Iterable[str | Path]) -> dict[str, Path]:
    """The call metadata files among ``paths`` (named in one import), by the file stem of the
    transcript each belongs to."""
    return {file_stem(Path(path)): Path(path) for path in paths if is_metadata_file(path)}


def facts_for(source: SourceFile, options: ImportOptions) -> CallFacts:
    """What the metadata of the transcript ``source`` says (nothing when it has none)."""
    path = find(source, options)
    return read_facts(path, options) if path is not None else CallFacts()


def _load(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_SIZE:
            raise InputError(Problem(str(path), "", "too large for a call's metadata"))
        return json.loads(path.read_bytes())
    except OSError as error:
        raise InputError(Problem(str(path), "", f"cannot read ({error.strerror})")) from None
    except UnicodeDecodeError as error:
        raise InputError(Problem(str(path), "", f"not UTF-8 text ({error.reason})")) from None
    except json.JSONDecodeError as error:
        raise InputError(
            Problem(f"{path}:{error.lineno}", "", f"not valid JSON ({error.msg})")
        ) from None
    except RecursionError:
        raise InputError(Problem(str(path), "", "nested too deeply")) from None


def _object(reader: RecordReader, data: dict[str, Any], *keys: str) -> dict[str, Any]:
    """``data[keys[0]][keys[1]]...``, ``{}`` where missing; :class:`InputError` where not an object."""
    found: Any = data
    for depth, key in enumerate(keys):
        found = found.get(key)
        if found is None:
            return {}
        if not isinstance(found, dict):
            raise reader.fail(".".join(keys[: depth + 1]), "must be an object")
    return found


def person(reader: RecordReader, value: Any, field: str, name_key: str) -> PersonRecord | None:
    """A person written as a name, as ``{id, name, email}`` or Harper Valley's way."""
    if value is None:
        return None
    if isinstance(value, str):
        return PersonRecord(name=value.strip()) if value.strip() else None
    if not isinstance(value, dict):
        raise reader.fail(field, "must be a name or an object")
    if "metadata" in value:
        inner = _object(reader, value, "metadata")
        name = reader.text(inner.get(name_key), f"{field}.metadata.{name_key}")
        return PersonRecord(name=name.strip()) if name and name.strip() else None
    found = PersonRecord(
        id=reader.text(value.get("id"), f"{field}.id"),
        name=reader.text(value.get("name"), f"{field}.name"),
        email=reader.text(value.get("email"), f"{field}.email"),
    )
    return found if found.label else None


def read_facts(path: Path, options: ImportOptions) -> CallFacts:
    """What the metadata file at ``path`` says; :class:`InputError` naming the file and key."""
    data = _load(path)
    reader = RecordReader(str(path), options.zone)
    if not isinstance(data, dict):
        raise reader.fail("", "a call's metadata must be a JSON object")
    facts = CallFacts()
    ident = data.get("id", data.get("sid"))
    if ident is not None:
        facts.external_id = reader.ident(ident, "id" if "id" in data else "sid")
    facts.started_at = reader.timestamp(data.get("start_time_ms"), "start_time_ms")
    facts.started_at = facts.started_at or reader.timestamp(data.get("started_at"), "started_at")
    facts.ended_at = reader.timestamp(data.get("end_time_ms"), "end_time_ms")
    facts.ended_at = facts.ended_at or reader.timestamp(data.get("ended_at"), "ended_at")
    if facts.started_at and facts.ended_at and facts.ended_at < facts.started_at:
        raise reader.fail(
            "end_time_ms" if "end_time_ms" in data else "ended_at", "before the start"
        )
    facts.agent = person(reader, data.get("agent"), "agent", "agent_name")
    caller = "caller" if "caller" in data else "customer"
    facts.customer = person(reader, data.get(caller), caller, "first and last name")
    survey = _object(reader, data, "caller", "survey_response", "data")
    rating_field = "caller.survey_response.data.partner_rating"
    rating = number(reader, survey.get("partner_rating"), rating_field)
    if rating is not None:
        if not 1 <= rating <= 10:
            raise reader.fail(rating_field, f"{rating:g} is not a rating from 1 to 10")
        facts.fields["caller_rating"] = int(rating) if rating.is_integer() else rating
        facts.csat = csat.on_scale(rating, 1, 10)
    given = number(reader, data.get("csat"), "csat")
    facts.csat = given if given is not None else facts.csat
    tasks = data.get("tasks")
    if tasks is not None and not isinstance(tasks, list):
        raise reader.fail("tasks", "must be a list")
    for i, task in enumerate(tasks or []):
        if not isinstance(task, dict):
            raise reader.fail(f"tasks[{i}]", "must be an object")
        kind = reader.text(task.get("task_type"), f"tasks[{i}].task_type")
        if kind and kind.strip() and kind.strip() not in facts.tags:
            facts.tags.append(kind.strip())
    facts.tags.extend(t for t in reader.tags(data.get("tags"), "tags") if t not in facts.tags)
    facts.language = reader.text(data.get("language"), "language")
    extra = data.get("fields")
    if extra is not None and not isinstance(extra, dict):
        raise reader.fail("fields", "must be an object")
    facts.fields.update(extra or {})
    return facts


__all__ = ["candidates", "facts_for", "find", "is_metadata_file", "looks_like_metadata"]
