"""What call transcripts share, whatever file they come in: turns, the call's times, the talk-time
fields, and the conversation record made of them.

A transcript file is one call. Its start time is, in this order: the one the file (or the call's
metadata) gives; the earliest absolute time of a turn less that turn's offset; the import's
``started_at``; a date and time in the file name (``call-2026-03-02_09-15-00.txt``,
``20260302T091500.json``); else none, and the messages have no times. Turn offsets are seconds from
that start.

The conversation's ``fields`` keep ``duration_seconds`` (from the call's start to the end of the
last turn, or as the metadata says), and when every turn with words has a length, the seconds the
agent and the customer spoke (``agent_talk_seconds``, ``customer_talk_seconds``, overlapping turns
of one side counted once) and the seconds nobody spoke (``silence_seconds``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from qa_desk.errors import InputError, Problem
from qa_desk.ingest.fields import RecordReader
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.records import ConversationRecord, MessageRecord, PersonRecord
from qa_desk.ingest.source import SourceFile
from qa_desk.ingest.speakers import assign_roles, is_generic, openings_of

CHANNEL = "phone"
DEFAULT_SOURCE = "calls"
"""The source of transcripts when the import names none: the same for every transcript format, so
a call imported again from a better transcript replaces the first one."""
LONGEST_CALL = 7 * 24 * 3600.0
"""Seconds: no time in a call lies further from its start (a larger one is a mistake in the file)."""

_NOT_SPEECH = re.compile(r"(?:\s*(?:\[[^\]]{0,40}\]|<[^>]{0,40}>|\([^)]{0,40}\)))*\s*")
_NAME_TIME = re.compile(
    r"(?<!\d)((?:19|20)\d\d)-?([01]\d)-?([0-3]\d)[T_ .-]?([0-2]\d)[-:.h]?([0-5]\d)"
    r"(?:[-:.m]?([0-5]\d))?(?!\d)"
)


@dataclass(slots=True)
class Turn:
    """One speaker's turn as the file gives it.

    Attributes:
        speaker: the speaker's label (``""`` when the file names none).
        text: what was said (only noise markers such as ``[noise]`` count as nothing said).
        offset: seconds from the call's start, when given.
        length: how many seconds the turn lasted, when given.
        at: the turn's absolute time, when given (it wins over ``offset``).
        location: where the turn is, for messages (``FILE:LINE``, or ``FILE`` for JSON).
        path: the turn's place inside the file's structure (``segments[3].``), or ``""``.
    """

    speaker: str
    text: str
    offset: float | None = None
    length: float | None = None
    at: datetime | None = None
    location: str = ""
    path: str = ""


@dataclass
class CallFacts:
    """What the file or the call's metadata says about the call as a whole (all optional)."""

    external_id: str | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    duration: float | None = None
    agent: PersonRecord | None = None
    customer: PersonRecord | None = None
    csat: float | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)


def file_stem(path: Path) -> str:
    """A file's name without ``.gz`` and its extension: the call's id when the file gives none."""
    name = path.name.removesuffix(".gz")
    stem = os.path.splitext(name)[0]
    return stem or name


def start_from_name(name: str, zone: tzinfo) -> datetime | None:
    """A date and time written in a file name, read in ``zone``; None when there is none."""
    for found in _NAME_TIME.finditer(name):
        year, month, day, hour, minute, second = found.groups()
        try:
            moment = datetime(
                int(year), int(month), int(day), int(hour), int(minute), int(second or 0)
            )
        except ValueError:
            continue
        return moment.replace(tzinfo=zone)
    return None


def is_speech(text: str) -> bool:
    """Whether ``text`` holds words, not only markers such as ``[noise]``, ``<unk>``, ``(laughs)``."""
    if not text:
        return False
    return text.lstrip()[:1] not in ("[", "<", "(") or _NOT_SPEECH.fullmatch(text) is None


def check_seconds(value: float, location: str, field_name: str) -> float:
    """``value`` when it can be a time within a call (0 to :data:`LONGEST_CALL` seconds)."""
    if not 0 <= value <= LONGEST_CALL:
        raise InputError(
            Problem(location, field_name, f"{value:g} seconds is not a time within a call")
        )
    return value


def number(reader: RecordReader, value: Any, field_name: str) -> float | None:
    """:meth:`RecordReader.number`, refusing integers too large for a float as well."""
    try:
        return reader.number(value, field_name)
    except OverflowError:
        raise reader.fail(field_name, "must be a number of a sensible size") from None


def _union(intervals: list[tuple[float, float]], end: float | None = None) -> float:
    """Seconds covered by ``intervals`` (each ``(start, stop)``), cut at ``end`` when given."""
    total = 0.0
    reach = float("-inf")
    if end is not None and all(a >= 0.0 and b <= end for a, b in intervals):
        end = None  # nothing to cut (the usual case)
    for start, stop in sorted(intervals):
        if end is not None:
            start, stop = max(0.0, min(start, end)), max(0.0, min(stop, end))
        if stop <= reach:
            continue
        total += stop - max(start, reach)
        reach = stop
    return total


def _timing(
    turns: list[Turn], base: datetime | None, facts: CallFacts, roles: dict[str, str]
) -> tuple[float | None, dict[str, list[tuple[float, float]]] | None]:
    """The call's duration in seconds and, when every turn with words has a length, the
    intervals each side spoke (``agent``, ``customer``, ``all``), in seconds from the start."""
    offsets = [
        (t.at - base).total_seconds() if t.at is not None and base is not None else t.offset
        for t in turns
    ]
    duration = facts.duration
    if duration is None and facts.ended_at is not None and base is not None:
        duration = max(0.0, (facts.ended_at - base).total_seconds())
    if duration is None:
        ends = [o + (t.length or 0.0) for t, o in zip(turns, offsets, strict=True) if o is not None]
        duration = max(ends) if ends else None
    if duration is None:
        return None, None
    talk: dict[str, list[tuple[float, float]]] = {"agent": [], "customer": [], "all": []}
    for turn, offset in zip(turns, offsets, strict=True):
        if turn.speaker not in roles or not is_speech(turn.text):
            continue
        if offset is None or turn.length is None:
            return duration, None
        interval = (offset, offset + turn.length)
        talk["all"].append(interval)
        talk.setdefault(roles[turn.speaker], []).append(interval)
    return duration, talk


def build_call(
    source: SourceFile, turns: list[Turn], facts: CallFacts, options: ImportOptions
) -> ConversationRecord:
    """The conversation record of one call (raises :class:`InputError` when the speakers' roles
    cannot be told, or a time would fall outside the calendar)."""
    try:
        return _build(source, turns, facts, options)
    except OverflowError:
        raise InputError(
            Problem(source.name, "", "a time in the call falls outside the calendar")
        ) from None


def _build(
    source: SourceFile, turns: list[Turn], facts: CallFacts, options: ImportOptions
) -> ConversationRecord:
    spoken = [t for t in turns if is_speech(t.text)]
    unnamed = next((t for t in spoken if not t.speaker), None)
    if unnamed is not None:
        raise InputError(
            Problem(unnamed.location, f"{unnamed.path}speaker", "missing: who said this?")
        )
    labels = list(dict.fromkeys(t.speaker for t in spoken))
    roles = assign_roles(
        labels,
        source.name,
        roles=options.roles,
        agent_speaker=options.agent_speaker,
        openings=openings_of((t.speaker, t.text) for t in spoken),
    )
    base = facts.started_at
    if base is None:
        absolute = [t.at - timedelta(seconds=t.offset or 0.0) for t in turns if t.at is not None]
        base = min(absolute) if absolute else None
    if base is None:
        base = options.started_at or start_from_name(source.path.name, options.zone)
    people = {"agent": facts.agent, "customer": facts.customer}
    for role in ("agent", "customer"):
        named = [label for label in labels if roles[label] == role]
        if people[role] is None and len(named) == 1 and not is_generic(named[0]):
            people[role] = PersonRecord(name=named[0].strip())
    said_by: dict[str, tuple[str, str]] = {}  # label -> (role, author)
    for label in labels:
        person = people.get(roles[label])
        named = person.label if person is not None and is_generic(label) else None
        said_by[label] = (roles[label], named or label.strip())
    messages = []
    for turn in spoken:
        role, author = said_by[turn.speaker]
        at = turn.at
        if at is None and base is not None and turn.offset is not None:
            at = base + timedelta(seconds=turn.offset)
        messages.append(MessageRecord(role, turn.text, at, author))
    fields = dict(facts.fields)
    duration, talk = _timing(turns, base, facts, roles)
    if duration is not None:
        fields["duration_seconds"] = round(duration, 3)
        if talk is not None:
            fields["agent_talk_seconds"] = round(_union(talk["agent"]), 3)
            fields["customer_talk_seconds"] = round(_union(talk["customer"]), 3)
            fields["silence_seconds"] = round(max(0.0, duration - _union(talk["all"], duration)), 3)
    ended_at = facts.ended_at
    if ended_at is None and base is not None and duration is not None:
        ended_at = base + timedelta(seconds=duration)
    return ConversationRecord(
        source=options.source or DEFAULT_SOURCE,
        external_id=facts.external_id or file_stem(source.path),
        messages=messages,
        channel=CHANNEL,
        started_at=base,
        ended_at=ended_at,
        agent=people["agent"],
        customer=people["customer"],
        csat=facts.csat,
        tags=facts.tags,
        language=facts.language,
        fields=fields,
        location=source.name,
    )
