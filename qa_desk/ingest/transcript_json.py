"""Call transcripts as JSON segment lists, as speech-to-text systems write them: one file per call.

The file is a list of segments, or an object holding them under ``segments`` (Whisper, WhisperX),
``utterances`` (AssemblyAI) or ``results.utterances`` (Deepgram). Each segment says:

- who spoke: ``speaker`` (also ``speaker_label``, ``speaker_name``, ``speaker_role``, ``role``,
  ``participant``), else the audio ``channel`` (also ``channel_index``, ``channel_id``; the speaker
  is then ``channel N``);
- what was said: ``human_transcript`` (a person's correction, preferred), ``text``,
  ``transcript``, ``utterance`` or ``content``; segments with nothing said, or only markers such as
  ``[noise]`` and ``<unk>``, are left out;
- when, from the call's start: ``offset_ms``, ``start_ms`` or ``start_seconds``/``start_s``, or
  ``start``/``start_time``/``begin`` (seconds; milliseconds when the file says
  ``"time_unit": "ms"``, or when every such value is a whole number and the largest is 1000 or
  more, as AssemblyAI writes them); and an absolute ``start_timestamp_ms`` or
  ``start_timestamp`` when given;
- how long: ``end_ms``/``end_seconds``/``end_s``/``end``/``end_time`` (same units as the start), or
  ``duration_ms``, or ``duration`` (seconds).

Other keys are ignored. An object may also say ``id`` (also ``conversation_id``, ``call_id``,
``sid``; else the call's id is the file name without ``.json``), ``started_at`` (also
``start_time_ms``, ``created_at``), ``duration`` (seconds; ``duration_ms``, ``audio_duration``),
``language``, ``agent``, ``customer`` (a name or ``{id, name, email}``) and ``csat``; these win over
the call's metadata file (:mod:`qa_desk.ingest.call_metadata`). Which speaker is the agent comes
from ``--agent-speaker`` or the labels (:mod:`qa_desk.ingest.speakers`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from itertools import islice
from typing import Any, NamedTuple

from qa_desk.errors import InputError, Problem
from qa_desk.ingest import json_stream
from qa_desk.ingest.call_metadata import facts_for, looks_like_metadata, metadata_files, person
from qa_desk.ingest.calls import (
    LONGEST_CALL,
    CallFacts,
    Turn,
    build_call,
    check_seconds,
    file_stem,
    is_speech,
    number,
)
from qa_desk.ingest.fields import RecordReader
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.records import ConversationRecord
from qa_desk.ingest.source import SourceFile

NAME = "transcript_json"
SPEAKER_KEYS = ("speaker", "speaker_label", "speaker_name", "speaker_role", "role", "participant")
CHANNEL_KEYS = ("channel", "channel_index", "channel_id")
TEXT_KEYS = ("human_transcript", "text", "transcript", "utterance", "content")
MS, SECONDS, BARE = 0.001, 1.0, None
START_KEYS = (
    ("offset_ms", MS), ("start_ms", MS), ("start_seconds", SECONDS), ("start_s", SECONDS),
    ("start", BARE), ("start_time", BARE), ("begin", BARE),
)  # fmt: skip
END_KEYS = (
    ("end_ms", MS), ("end_seconds", SECONDS), ("end_s", SECONDS), ("end", BARE),
    ("end_time", BARE),
)  # fmt: skip
LENGTH_KEYS = (("duration_ms", MS), ("duration", SECONDS))
ABSOLUTE_KEYS = ("start_timestamp_ms", "start_timestamp")
ID_KEYS = ("id", "conversation_id", "call_id", "sid")
STARTED_KEYS = ("started_at", "start_time_ms", "created_at")
DURATION_KEYS = (("duration", SECONDS), ("duration_ms", MS), ("audio_duration", SECONDS))
UNITS = {"ms": MS, "milliseconds": MS, "s": SECONDS, "sec": SECONDS, "seconds": SECONDS}

_START_NAMES = frozenset(
    {"start", "start_ms", "start_time", "offset_ms", "start_timestamp_ms", "begin",
     "start_seconds", "start_s"}
)  # fmt: skip
_SPEAKER_NAMES = frozenset({*SPEAKER_KEYS, *CHANNEL_KEYS})
_TOKEN = re.compile(rb'"((?:[^"\\]|\\.)*)"\s*(:)?|[\[\]{}]')


def _keys(text: bytes, depth: int, enough: Collection[str] = ()) -> set[str]:
    """The names of the members at nesting ``depth`` (1: the top-level object's) of the first
    object at that depth, as far as ``text`` (the start of a JSON document) goes, or up to the
    first name in ``enough`` (which spares reading through the rest: a whole transcript, for a
    name before its segments)."""
    found: set[str] = set()
    level = 0
    for token in _TOKEN.finditer(text):
        if token[2] is not None:
            if level == depth:
                name = token[1].decode("utf-8", "replace")
                found.add(name)
                if name in enough:
                    break
            continue
        if token[1] is not None:
            continue  # a string value
        if token[0] in (b"[", b"{"):
            level += 1
        elif token[0] in (b"]", b"}"):
            level -= 1
            if level < depth and found:
                break
    return found


def detect(head: bytes, filename: str) -> bool:
    """JSON that starts like a segment list (its first item names a speaker or channel and a
    start), or an object with ``segments``/``utterances`` (or ``results.utterances``), or a
    call's metadata file, which :func:`read` then explains. A list of other objects that only
    hold such keys deeper down (dialogue datasets whose turns carry them) is not taken."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] == b"[":
        if text[1:].lstrip()[:1] != b"{":
            return False
        first = _keys(text, 2)
        return not first.isdisjoint(_START_NAMES) and not first.isdisjoint(_SPEAKER_NAMES)
    if text[:1] != b"{":
        return False
    top = _keys(text, 1, ("segments", "utterances"))
    if "segments" in top or "utterances" in top:
        return True
    if "results" in top and "utterances" in _keys(text, 2):
        return True
    return b'"caller"' in text and (b'"sid"' in text or b'"start_time_ms"' in text)


def _load(source: SourceFile) -> Any:
    raw = source.whole()
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(
            Problem(f"{source.name}:{line}", "", f"not UTF-8 text ({error.reason})")
        ) from None
    except json.JSONDecodeError as error:
        raise InputError(
            Problem(
                f"{source.name}:{error.lineno}",
                "",
                f"not valid JSON ({error.msg} at column {error.colno})",
            )
        ) from None
    except RecursionError:
        raise InputError(Problem(source.name, "", "not a transcript: nested too deeply")) from None


def _segments(data: Any, reader: RecordReader) -> tuple[list[Any], str, dict[str, Any]]:
    """The segment list, its name in messages, and the object around it (``{}`` for a list)."""
    if isinstance(data, list):
        return data, "segments", {}
    if isinstance(data, dict):
        if looks_like_metadata(data):
            raise reader.fail(
                "",
                "this is a call's metadata, not a transcript: import the transcript "
                "(its metadata is read with it when named alongside or kept in a metadata/ "
                "folder beside the transcripts)",
            )
        results = data.get("results")
        holder = results if isinstance(results, dict) and "utterances" in results else data
        for key in ("segments", "utterances"):
            if key in holder:
                items = holder[key]
                if not isinstance(items, list):
                    raise reader.fail(key, "must be a list of segments")
                return items, key if holder is data else f"results.{key}", data
    raise reader.fail(
        "", "not a transcript: expected a list of segments, or an object with 'segments'"
    )


def _first(item: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, Any] | None:
    for key in keys:
        value = item.get(key)
        if value is not None:
            return key, value
    return None


def _number(reader: RecordReader, value: Any, field: str) -> float:
    if (type(value) is float or type(value) is int) and 0 <= value < 1e15:
        return value  # the usual case, quickly
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise reader.fail(field, f"must be a number, not {type(value).__name__}")
    found = number(reader, value, field)
    if found is None:
        raise reader.fail(field, "must be a number, not empty text")
    if found < 0:
        raise reader.fail(field, f"{found:g} is negative")
    return found


class _Plan(NamedTuple):
    """Which of the keys QA Desk reads a segment has, each list in the order they are tried
    (segments of one file nearly always have the same keys: worked out once per set of keys)."""

    text: tuple[str, ...]
    speaker: tuple[str, ...]
    channel: tuple[str, ...]
    absolute: tuple[str, ...]
    start: tuple[tuple[str, float | None], ...]
    end: tuple[tuple[str, float | None], ...]
    length: tuple[tuple[str, float | None], ...]

    @classmethod
    def of(cls, keys: tuple[str, ...]) -> _Plan:
        have = set(keys)
        return cls(
            tuple(k for k in TEXT_KEYS if k in have),
            tuple(k for k in SPEAKER_KEYS if k in have),
            tuple(k for k in CHANNEL_KEYS if k in have),
            tuple(k for k in ABSOLUTE_KEYS if k in have),
            tuple(k for k in START_KEYS if k[0] in have),
            tuple(k for k in END_KEYS if k[0] in have),
            tuple(k for k in LENGTH_KEYS if k[0] in have),
        )


_PLANS: dict[tuple[str, ...], _Plan] = {}
_PLANS_KEPT = 256


Timed = tuple[str, float, float | None]
"""A time as a segment gives it: ``(key, value, unit)``, unit None for bare ``start``/``end``
(whose value stays an ``int`` when written as one, see :func:`_unit`)."""


def _timed(
    reader: RecordReader, item: dict[str, Any], keys: tuple[tuple[str, float | None], ...], at: str
) -> Timed | None:
    """The first of ``keys`` the segment has."""
    for key, unit in keys:
        value = item.get(key)
        if value is not None:
            return key, _number(reader, value, f"{at}{key}"), unit
    return None


def _turn(
    reader: RecordReader, item: Any, at: str, plans: dict[tuple[str, ...], _Plan]
) -> tuple[Turn, list[Timed | None]]:
    """One segment as a turn (times not yet set), and its start, end and length as given."""
    if type(item) is not dict:
        raise reader.fail(at.rstrip("."), "must be an object with speaker, start, end, text")
    keys = tuple(item)
    plan = plans.get(keys)
    if plan is None:
        if len(plans) >= _PLANS_KEPT:
            plans.clear()
        plan = plans[keys] = _Plan.of(keys)
    text = speaker = ""
    moment = None
    found = _first(item, plan.text)
    if found is not None:
        if type(found[1]) is not str:
            raise reader.fail(f"{at}{found[0]}", f"must be text, not {type(found[1]).__name__}")
        text = found[1].strip()
    found = _first(item, plan.speaker)
    prefix = ""
    if found is None and (found := _first(item, plan.channel)) is not None:
        prefix = "channel "
    if found is not None:
        key, value = found
        if type(value) is str:
            speaker = f"{prefix}{value}".strip() if prefix else value.strip()
        elif type(value) is int:
            speaker = f"{prefix}{value}"
        else:
            raise reader.fail(f"{at}{key}", f"must be a name or number, not {value!r}")
    if plan.absolute and (found := _first(item, plan.absolute)) is not None:
        moment = reader.timestamp(found[1], f"{at}{found[0]}")
    times = [
        _timed(reader, item, plan.start, at) if plan.start else None,
        _timed(reader, item, plan.end, at) if plan.end else None,
        _timed(reader, item, plan.length, at) if plan.length else None,
    ]
    return Turn(speaker, text, None, None, moment, reader.location, at), times


def _unit(reader: RecordReader, top: dict[str, Any], times: list[list[Timed | None]]) -> float:
    """The unit of bare ``start``/``end`` values in this file."""
    written = top.get("time_unit")
    if written is not None:
        unit = UNITS.get(str(written).strip().lower())
        if unit is None:
            raise reader.fail("time_unit", f"'{written}' is not a unit (s or ms)")
        return unit
    values = [t[1] for row in times for t in row if t is not None and t[2] is BARE]
    if not values or any(type(v) is float for v in values):  # Whisper writes 2.0, never 2
        return SECONDS
    return MS if max(values) >= 1000 else SECONDS


def _seconds(turn: Turn, timed: Timed, unit: float) -> float:
    key, value, its_unit = timed
    value *= unit if its_unit is BARE else its_unit
    if 0 <= value <= LONGEST_CALL:
        return value
    return check_seconds(value, turn.location, f"{turn.path}{key}")


def _settle(turn: Turn, times: list[Timed | None], unit: float) -> None:
    """Set the turn's offset and length from its ``[start, end, length]`` as given."""
    start, end, length = times
    if start is not None:
        turn.offset = _seconds(turn, start, unit)
    if end is not None and turn.offset is not None:
        stop = _seconds(turn, end, unit)
        if stop < turn.offset:
            raise InputError(
                Problem(turn.location, f"{turn.path}{end[0]}", "before the segment's start")
            )
        turn.length = stop - turn.offset
    elif length is not None:
        turn.length = _seconds(turn, length, unit)


def read_turns(
    source: SourceFile, options: ImportOptions
) -> tuple[list[Turn], dict[str, Any], RecordReader]:
    """The turns of a transcript, the object around its segments and a reader for its fields."""
    reader = RecordReader(source.name, options.zone)
    items, key, top = _segments(_load(source), reader)
    turns: list[Turn] = []
    times: list[list[Timed | None]] = []
    for i, item in enumerate(items):
        turn, given = _turn(reader, item, f"{key}[{i}].", _PLANS)
        turns.append(turn)
        times.append(given)
    unit = _unit(reader, top, times)
    for turn, given in zip(turns, times, strict=True):
        _settle(turn, given, unit)
    if not any(t.speaker for t in turns) and any(is_speech(t.text) for t in turns):
        raise reader.fail(
            key,
            "no segment names its speaker or channel: QA Desk needs to know who said what "
            "(transcribe with speaker diarization, or one channel per side)",
        )
    return turns, top, reader


_SEGMENT_FIELD = re.compile(r"((?:results\.)?(?:segments|utterances))\[(\d+)\]").match


def _at_line(error: InputError, source: SourceFile) -> InputError:
    """``error`` with the line its segment starts on (``FILE:LINE``) when it names a segment;
    worked out only when a segment is refused."""
    problem = error.problems[0]
    found = _SEGMENT_FIELD(problem.field)
    if found is None or problem.location != source.name:
        return error
    key, index = found[1], int(found[2])
    try:
        wrapped = source.head(4096).lstrip().lstrip(b"\xef\xbb\xbf")[:1] != b"["
        with source.open_binary() as binary:
            elements = json_stream.elements(binary, source.name, [key] if wrapped else [])
            segments = (e for e in elements if e.key == (key if wrapped else None))
            line = next(islice(segments, index, None)).line
    except (InputError, StopIteration):
        return error
    return InputError([replace(problem, location=f"{source.name}:{line}"), *error.problems[1:]])


def _facts(reader: RecordReader, top: dict[str, Any], facts: CallFacts) -> CallFacts:
    """The call's metadata ``facts``, with what the transcript's own object says put over them."""
    found = _first(top, ID_KEYS)
    if found is not None:
        facts.external_id = reader.ident(found[1], found[0])
    found = _first(top, STARTED_KEYS)
    if found is not None:
        facts.started_at = reader.timestamp(found[1], found[0])
    for key, unit in DURATION_KEYS:
        if top.get(key) is not None:
            seconds = _number(reader, top[key], key) * unit
            facts.duration = check_seconds(seconds, reader.location, key)
            break
    for key in ("agent", "customer"):
        if top.get(key) is not None:
            setattr(facts, key, person(reader, top[key], key, "name"))
    csat = number(reader, top.get("csat"), "csat")
    facts.csat = csat if csat is not None else facts.csat
    facts.language = reader.text(top.get("language"), "language") or facts.language
    return facts


@contextmanager
def gather(
    sources: Sequence[SourceFile], options: ImportOptions
) -> Iterator[tuple[ImportOptions, dict[str, str]]]:
    """Pair the call metadata files among ``sources`` (files of this format named in one import)
    with their transcripts, by file name: the metadata files are companions, and the options
    returned carry them (``call_metadata``)."""
    found = metadata_files(source.path for source in sources)
    companions = {
        source.name: f"call metadata of {file_stem(source.path)}"
        for source in sources
        if source.path in found.values()
    }
    if found:
        options = replace(options, call_metadata={**(options.call_metadata or {}), **found})
    yield options, companions


def read(source: SourceFile, options: ImportOptions) -> Iterator[ConversationRecord]:
    """The one conversation of the file; :class:`InputError` naming the segment and field of the
    first problem."""
    try:
        turns, top, reader = read_turns(source, options)
        if not any(is_speech(t.text) for t in turns):
            raise reader.fail("", "no segment says anything: the transcript is empty")
        facts = _facts(reader, top, facts_for(source, options))
        call = build_call(source, turns, facts, options)
    except InputError as error:
        raise _at_line(error, source) from None
    yield call


__all__ = ["NAME", "detect", "gather", "read", "read_turns"]
