"""Call transcripts as plain text: one file per call, one turn per line.

A turn is ``Speaker: text``, optionally after a time: ``[00:01:05]``, ``00:01:05``, ``[1:05]``,
``(01:05.5)`` (an offset from the call's start, :mod:`qa_desk.ingest.calls`) or a clock time such
as ``[2026-03-02 09:15:05]`` (read in the import's time zone when it has none)::

    [00:00:02] Agent: Harper Valley National Bank, this is Dana, how can I help?
    [00:00:06] Caller: Hi, I lost my card.
    It was yesterday, I think.

A line that does not start with a speaker continues the turn before it (a new line in the message);
a line that starts like a turn (a bracketed or clock-like prefix, then ``Speaker:``) but whose time
cannot be read is refused (``call.txt:3: time: '00:0x:05' is not a time``): taking it for a
continuation would put one speaker's words on another. Blank lines and turns with nothing said (or only ``[noise]``-like markers) are left out. A label
starts with a letter, has at most six words and no ``,;"{}[]<>|=``, and starts with a capital
letter unless it is a role word (``agent:``, ``caller:``) or numbers the speaker (``speaker 1:``).
The full-width colon ``：`` of Chinese text ends a label too.

Which speaker is the agent comes from ``--agent-speaker`` or the labels
(:mod:`qa_desk.ingest.speakers`). The call's id is the file name without its extension. The file
is UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark, optionally
gzip-compressed.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from qa_desk.errors import InputError, Problem
from qa_desk.ingest.call_metadata import facts_for
from qa_desk.ingest.calls import Turn, build_call, check_seconds
from qa_desk.ingest.fields import RecordReader
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.records import ConversationRecord
from qa_desk.ingest.source import SourceFile, decode_error
from qa_desk.ingest.speakers import is_generic, label_role

NAME = "transcript_text"
TEXT_SUFFIXES = (".txt", ".text", ".transcript")
"""Files with these extensions are transcripts when their first line is a turn."""
OTHER_SUFFIXES = (
    ".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".xml", ".html", ".htm", ".eml", ".mbox",
    ".yaml", ".yml", ".log", ".ini", ".cfg", ".toml", ".md", ".srt", ".vtt", ".py",
)  # fmt: skip
"""Files with these extensions are never taken for plain-text transcripts."""
MAX_LABEL_WORDS = 6
_DETECT_LINES = 20

_OFFSET = r"(?:\d{1,3}:)?\d{1,2}:\d\d(?:[.,]\d{1,3})?"
_CLOCK = r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:[.,]\d{1,6})?)?(?:Z|[+-]\d\d:?\d\d)?"
_TURN = re.compile(
    rf"\s*(?:\[(?P<bracketed>{_CLOCK}|{_OFFSET})\]|\((?P<parenthesed>{_CLOCK}|{_OFFSET})\)"
    rf"|(?P<bare>{_CLOCK}|{_OFFSET})(?=\s))?"
    r"\s*(?:[-–—|]\s+)?"
    r"(?P<label>[^\W\d_][^:：\"{}\[\],;=<>|\t\r\n]{0,59}?)\s*(?::(?:\s+|$)|：\s*)"
    r"(?P<text>.*)",
    re.DOTALL,
).match
_LABEL_WORDS = re.compile(r"\S+").findall
_TIME_LIKE = r"\d[\w:.,+\- ]{0,40}"
_BROKEN_TURN = re.compile(
    rf"\s*(?:\[(?P<bracketed>{_TIME_LIKE})\]|\((?P<parenthesed>{_TIME_LIKE})\)"
    r"|(?P<bare>\d[\w.,-]*:[\w.,:-]*\w)(?=\s))"
    r"\s*(?:[-–—|]\s+)?"
    r"(?P<label>[^\W\d_][^:：\"{}\[\],;=<>|\t\r\n]{0,59}?)\s*(?::(?:\s+|$)|：\s*)",
).match
"""A line starting like a turn, with a time of any shape: in brackets or parentheses, anything
that starts with a digit; bare, a word that starts with a digit and holds a colon."""


def _label_ok(label: str) -> bool:
    """Whether a would-be label names a speaker rather than starting a sentence with a colon."""
    if len(_LABEL_WORDS(label)) > MAX_LABEL_WORDS:
        return False
    return not label[0].islower() or label_role(label) is not None or is_generic(label)


def parse_line(line: str) -> tuple[str | None, str, str] | None:
    """``(time, label, text)`` of a turn line (``time`` as written, or None), None for a line
    that continues the turn before it."""
    found = _TURN(line)
    if found is None:
        return None
    label = found["label"].rstrip()
    if not _label_ok(label):
        return None
    time = found["bracketed"] or found["parenthesed"] or found["bare"]
    return time, label, found["text"].strip()


def broken_time(line: str) -> str | None:
    """The time as written of a line that is a turn but for its time (``[00:0x:05] Agent: Hi``),
    None for any other line."""
    return None if parse_line(line) is not None else _time_of_broken_turn(line)


def _time_of_broken_turn(line: str) -> str | None:
    """:func:`broken_time` of a line already found to be no turn."""
    found = _BROKEN_TURN(line)
    if found is None or not _label_ok(found["label"].rstrip()):
        return None
    return found["bracketed"] or found["parenthesed"] or found["bare"]


def _bad_time(time: str, location: str) -> InputError:
    return InputError(
        Problem(location, "time", f"'{time}' is not a time (hh:mm:ss from the call's start)")
    )


def _utf16(head: bytes) -> bool:
    return head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def detect(head: bytes, filename: str) -> bool:
    """A text file whose first line is a turn: for ``.txt`` files that is enough; a file with
    another extension needs at least two turns among its first lines, and half of them turns.
    CSV, JSON and the like are never taken (:data:`OTHER_SUFFIXES`)."""
    suffix = Path(filename.lower().removesuffix(".gz")).suffix
    if suffix in OTHER_SUFFIXES:
        return False
    if _utf16(head):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    if len(head) >= 65536 and len(lines) > 1:
        lines.pop()  # the last line may be cut short
    nonblank = [line for line in lines[: _DETECT_LINES * 10] if line.strip()][:_DETECT_LINES]
    if not nonblank:
        return False
    if suffix in TEXT_SUFFIXES:  # a bad time on the first line: read it to say so
        return parse_line(nonblank[0]) is not None or broken_time(nonblank[0]) is not None
    if parse_line(nonblank[0]) is None:
        return False
    turns = sum(1 for line in nonblank if parse_line(line) is not None)
    return turns >= 2 and turns * 2 >= len(nonblank)


def _lines(source: SourceFile) -> list[str]:
    """Every line of the file, line ends removed; :class:`InputError` for text that is not
    UTF-8 (or UTF-16 with a byte-order mark). A transcript is one call: it is read whole."""
    raw = source.whole()
    encoding = "utf-16" if _utf16(raw) else "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        if encoding == "utf-16":
            line = before.decode(encoding, errors="replace").count("\n") + 1
        else:
            line = before.count(b"\n") + 1
        raise decode_error(source, line, error) from None
    lines = text.split("\n")
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _offset(time: str, location: str) -> float:
    """Seconds from ``[h:]mm:ss[.f]``; :class:`InputError` for minutes or seconds past 59."""
    if len(time) == 8 and time[2] == ":" and time[5] == ":":  # hh:mm:ss, the usual way
        minutes, seconds = int(time[3:5]), int(time[6:8])
        if minutes < 60 and seconds < 60:
            return int(time[:2]) * 3600 + minutes * 60 + seconds
    whole, _, fraction = time.replace(",", ".").partition(".")
    parts = [int(p) for p in whole.split(":")]
    if any(p > 59 for p in parts[1:]):
        raise _bad_time(time, location)
    total = 0.0
    for part in parts:
        total = total * 60 + part
    if fraction:
        total += int(fraction) / 10 ** len(fraction)
    return check_seconds(total, location, "time")


def read_turns(source: SourceFile, options: ImportOptions) -> list[Turn]:
    """The turns of a transcript, in the order of the file."""
    turns: list[Turn] = []
    name = source.name
    current: Turn | None = None
    for number, line in enumerate(_lines(source), 1):
        if not line or line.isspace():
            continue
        parsed = parse_line(line)
        if parsed is None:
            broken = _time_of_broken_turn(line)
            if broken is not None:
                raise _bad_time(broken, f"{name}:{number}")
            if current is None:
                raise InputError(
                    Problem(
                        f"{name}:{number}",
                        "speaker",
                        "expected a turn such as 'Agent: Hello' (a line starts with who speaks)",
                    )
                )
            text = line.strip()
            current.text = f"{current.text}\n{text}" if current.text else text
            continue
        time, label, text = parsed
        current = Turn(label, text, location=f"{name}:{number}")
        if time is not None:
            if time[4:5] == "-":
                reader = RecordReader(current.location, options.zone)
                current.at = reader.timestamp(time, "time")
            else:
                current.offset = _offset(time, current.location)
        turns.append(current)
    return turns


def read(source: SourceFile, options: ImportOptions) -> Iterator[ConversationRecord]:
    """The one conversation of the file; :class:`InputError` for a bad line or when the agent
    cannot be told."""
    turns = read_turns(source, options)
    if not turns:
        raise InputError(Problem(source.name, "", "no turns: the transcript is empty"))
    yield build_call(source, turns, facts_for(source, options), options)


__all__ = ["NAME", "broken_time", "detect", "parse_line", "read", "read_turns"]
