"""Reading the records of a JSON export one at a time, whatever its size.

Help desks export the same records in several shapes: one document wrapping a list
(``{"tickets": [...], "users": [...], "next_page": ...}``, ``{"_embedded": {"conversations":
[...]}}``), a bare list (``[{...}, {...}]``), one object per line (JSON Lines, or pages of the
API one per line), or a single object. :func:`elements` reads any of them from a binary file and
yields each record as an :class:`Element` with the line it starts on, holding only a sliding
window of the file (about a megabyte, or one record if a record is larger) in memory: a 1 GB
export is never read whole.

The file is decoded as UTF-8 incrementally and parsed with the C scanner behind :mod:`json`
(``raw_decode`` on the window): each record is one call, and a record cut off by the end of the
window is parsed again once more of the file is read (the window grows by doubling, so a record is
parsed at most a few times).

A top-level object is a *wrapper* when, of its names in the caller's ``wrappers`` paths and
``id``, a wrapper name comes first and holds a list or an object: its lists' items are the records
(``key`` says which list), its other members are yielded last as one element with ``key`` ``""``.
Any other object is a record itself. So ``{"tickets": [...]}`` is a wrapper and a ticket that
carries ``"comments": [...]`` after its ``id`` is not.

Bad JSON raises :class:`InputError` naming the file, the line and the record (``tickets[4]``).
Unpaired UTF-16 surrogates (``\\ud800``), which no database can store, become U+FFFD, NUL
characters are removed, and ``NaN``/``Infinity`` (not JSON, though Python reads them) become null.
"""

from __future__ import annotations

import codecs
import json
import json.scanner
import math
import re
from collections.abc import Collection, Generator, Iterator
from dataclasses import dataclass
from typing import IO, Any

from qa_desk.errors import InputError, Problem

CHUNK = 1 << 20
"""Characters read at a time."""
LOW_WATER = 64 * 1024
"""Read more before parsing a record when fewer characters than this are left in the window."""
WHOLE_LIMIT = 4 << 20
"""A top-level object up to this size is parsed in one call; a larger one member by member."""
REST = ""
"""The ``key`` of the element holding a wrapper's members other than its record lists."""

_LEAF = object()
_WS = re.compile(r"[ \t\n\r]*").match
_OPENING = re.compile(r'\{[ \t\n\r]*"([A-Za-z_]+)"[ \t\n\r]*:[ \t\n\r]*[\[{]')
_SUSPECT = re.compile(r"\\u(?:[dD][89abAB]|0000)|NaN|Infinity").search
_NUMBER_GOES_ON = re.compile(r"[0-9eE+.\-]*\Z").match
_NEAR_END = 16  # an error this close to the window's end may only mean the record goes on
_scan: Any = json.scanner.make_scanner(json.JSONDecoder())


@dataclass(slots=True)
class Element:
    """One record of an export.

    Attributes:
        key: the wrapper path the record was listed under (``"tickets"``,
            ``"_embedded.conversations"``), None for a record standing at the top level (a line
            of JSON Lines, an item of a top-level list, a single object), or :data:`REST`.
        index: its position in that list, or among the file's top-level values.
        line: the line of the file where it starts.
        value: the parsed JSON.
        raw: its JSON text exactly as in the file (None for a record too large to hold twice):
            the same text read with the same options gives the same record, so readers hash it.
        label: how messages name it: ``tickets[4]``, ``[4]`` in a top-level list, else ``""``.
    """

    key: str | None
    index: int
    line: int
    value: Any
    raw: str | None
    label: str


def elements(binary: IO[bytes], name: str, wrappers: Collection[str] = ()) -> Iterator[Element]:
    """The records of the JSON text in ``binary`` (``name`` is used in messages); ``wrappers``
    are dotted paths of the lists that hold records (``"tickets"``, ``"_embedded.threads"``)."""
    trie: dict[str, Any] = {}
    for path in wrappers:
        node = trie
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = _LEAF
    yield from _Reader(binary, name, trie).run()


class _Reader:
    def __init__(self, binary: IO[bytes], name: str, trie: dict[str, Any]):
        self.binary = binary
        self.name = name
        self.trie = trie
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.text = ""
        self.pos = 0
        self.line = 1
        self.eof = False
        self.started = False

    # the window

    def _read(self, want: int) -> bool:
        """Add at least ``want`` characters (at least a chunk) to the window; False at the end."""
        if self.eof:
            return False
        parts = [self.text[self.pos :]]
        self.text, self.pos = "", 0
        got = 0
        target = max(want, CHUNK, len(parts[0]))  # read at least as much as was copied
        while got < target:
            data = self.binary.read(max(CHUNK, target - got))
            try:
                decoded = self.decoder.decode(data, final=not data)
            except UnicodeDecodeError as error:
                raise self._error(
                    "", f"not UTF-8 text ({error.reason})", "".join(parts).count("\n")
                ) from None
            if not self.started and decoded:
                self.started = True
                decoded = decoded.removeprefix("\ufeff")
            parts.append(decoded)
            got += len(decoded)
            if not data:
                self.eof = True
                break
        self.text = "".join(parts)
        return got > 0

    def _advance(self, end: int) -> None:
        self.line += self.text.count("\n", self.pos, end)
        self.pos = end

    def _skip(self) -> str:
        """Skip white space; the next character, or ``""`` at the end of the file."""
        while True:
            end = _WS(self.text, self.pos).end()
            self._advance(end)
            if end < len(self.text):
                return self.text[end]
            if not self._read(1):
                return ""

    def _error(self, where: str, message: str, lines_on: int = 0) -> InputError:
        return InputError(Problem(f"{self.name}:{self.line + lines_on}", where, message))

    def _json_error(self, error: BaseException, where: str) -> InputError:
        if isinstance(error, RecursionError):
            return self._error(where, "not valid JSON (nested too deeply)")
        if isinstance(error, StopIteration):
            at, message = int(error.value), "Expecting value"
        elif isinstance(error, json.JSONDecodeError):
            at, message = error.pos, error.msg
        else:
            return self._error(where, f"not valid JSON ({error})")
        if at >= len(self.text) and self.eof:
            return self._error(where, "not valid JSON (the file ends inside a value)")
        lines_on = self.text.count("\n", self.pos, at)
        column = at - self.text.rfind("\n", 0, at)
        return self._error(where, f"not valid JSON ({message} at column {column})", lines_on)

    def _incomplete(self, error: BaseException) -> bool:
        """Whether a parse error may only mean that the window ends inside the value."""
        if self.eof:
            return False
        if isinstance(error, StopIteration):
            return int(error.value) >= len(self.text) - _NEAR_END
        if isinstance(error, json.JSONDecodeError):
            return error.msg.startswith("Unterminated string") or (
                error.pos >= len(self.text) - _NEAR_END
            )
        return False

    def _value(self, where: str, limit: int | None = None) -> tuple[Any, str] | None:
        """Parse the value at the window's position: (value, its text), the position moved past
        it. With ``limit``: None instead of an error when it is invalid or longer than that."""
        grow = 0
        while True:
            text, pos = self.text, self.pos
            if not self.eof and len(text) - pos < max(LOW_WATER, grow):
                self._read(grow)
                continue
            try:
                value, end = _scan(text, pos)
            except (StopIteration, ValueError, RecursionError) as error:
                if self._incomplete(error) and (limit is None or len(text) - pos < limit):
                    grow = 2 * (len(text) - pos)
                    continue
                if limit is not None:
                    return None
                raise self._json_error(error, where) from None
            if not self.eof and (
                end == len(text)
                or (type(value) in (int, float) and _NUMBER_GOES_ON(text, end) is not None)
            ):  # a number may go on in the next chunk (1.5 then e+16)
                grow = 2 * (len(text) - pos)
                continue
            raw = text[pos:end]
            if limit is None:
                self._advance(end)
            return value, raw

    def _expect(self, char: str, where: str, what: str) -> None:
        found = self._skip()
        if found != char:
            got = f"'{found}'" if found else "the end of the file"
            raise self._error(where, f"not valid JSON (expected {what}, found {got})")
        self._advance(self.pos + 1)

    # the structure

    def run(self) -> Iterator[Element]:
        number = 0
        while True:
            first = self._skip()
            if not first:
                return
            line = self.line
            if first == "[":
                yield from self._array(None, "")
            elif first == "{":
                whole = None if self._opens_wrapper() else self._value("", limit=WHOLE_LIMIT)
                if whole is not None and not _is_wrapper(whole[0], self.trie):
                    self._advance(self.pos + len(whole[1]))
                    yield _element(None, number, line, whole[0], whole[1], "")
                else:
                    rest, streamed = yield from self._object(self.trie, "")
                    yield _element(REST if streamed else None, number, line, rest, None, "")
            else:
                value, raw = self._value("")  # type: ignore[misc]
                yield _element(None, number, line, value, raw, "")
            number += 1

    def _opens_wrapper(self) -> bool:
        """Whether the object at the position starts with a wrapper name holding a list or an
        object (so it is a wrapper, and is read member by member without parsing it whole)."""
        if not self.trie:
            return False
        if len(self.text) - self.pos < LOW_WATER:
            self._read(0)
        found = _OPENING.match(self.text, self.pos)
        return found is not None and found.group(1) in self.trie

    def _array(self, key: str | None, label: str) -> Iterator[Element]:
        """The items of the list at the position (past its ``[``)."""
        self._advance(self.pos + 1)
        if self._skip() == "]":
            self._advance(self.pos + 1)
            return
        index = 0
        while True:
            where = f"{label}[{index}]"
            line = self.line
            value, raw = self._value(where)  # type: ignore[misc]
            yield _element(key, index, line, value, raw, where)
            following = self._skip()
            if following == "]":
                self._advance(self.pos + 1)
                return
            if following != ",":
                got = f"'{following}'" if following else "the end of the file"
                raise self._error(where, f"not valid JSON (expected ',' or ']', found {got})")
            self._advance(self.pos + 1)
            self._skip()
            index += 1

    def _object(self, trie: dict[str, Any] | None, prefix: str) -> Generator[Element, None, Any]:
        """Read the object at the position member by member, yielding the records of its wrapper
        lists; returns (its other members, whether it held records)."""
        self._advance(self.pos + 1)
        rest: dict[str, Any] = {}
        streamed = False
        where = prefix.rstrip(".")
        following = self._skip()
        if following == "}":
            self._advance(self.pos + 1)
            return rest, False
        while True:
            if following != '"':
                raise self._error(where, "not valid JSON (expected a name in double quotes)")
            key, _ = self._value(where)  # type: ignore[misc]
            if key == "id":
                trie = None  # a record, not a wrapper: keep the rest of it whole
            self._expect(":", where, "':'")
            start = self._skip()
            node = trie.get(key) if trie else None
            path = prefix + key
            if node is _LEAF and start == "[":
                yield from self._array(path, path)
                streamed = True
            elif node is _LEAF and start == "{":
                line = self.line
                value, raw = self._value(path)  # type: ignore[misc]
                yield _element(path, 0, line, value, raw, path)
                streamed = True
            elif node is not None and node is not _LEAF and start == "{":
                inner, inner_streamed = yield from self._object(node, path + ".")
                streamed = streamed or inner_streamed
                rest[key] = inner
            else:
                rest[key] = self._value(path)[0]  # type: ignore[index]
            following = self._skip()
            if following == ",":
                self._advance(self.pos + 1)
                following = self._skip()
                continue
            if following == "}":
                self._advance(self.pos + 1)
                return rest, streamed
            got = f"'{following}'" if following else "the end of the file"
            raise self._error(where, f"not valid JSON (expected ',' or '}}', found {got})")


def _is_wrapper(value: Any, trie: dict[str, Any]) -> bool:
    """Whether a whole top-level value is a wrapper (see the module's description)."""
    if type(value) is not dict or not trie:
        return False
    for key, item in value.items():
        if key == "id":
            return False
        node = trie.get(key)
        if node is None:
            continue
        if node is _LEAF:
            if isinstance(item, list | dict):
                return True
            continue
        if isinstance(item, dict) and _is_wrapper(item, node):
            return True
    return False


def _element(
    key: str | None, index: int, line: int, value: Any, raw: str | None, label: str
) -> Element:
    if raw is None or (
        ("\\u" in raw or "NaN" in raw or "Infinity" in raw) and _SUSPECT(raw) is not None
    ):
        try:
            value = clean(value)
        except RecursionError:
            raise InputError(Problem("", label, "nested too deeply")) from None
    return Element(key, index, line, value, raw, label)


def clean(value: Any) -> Any:
    """``value`` with unpaired surrogates replaced by U+FFFD and NUL characters removed, in
    every string and name at any depth, and ``NaN`` and ``Infinity`` (which Python's JSON
    reader takes, but JSON has not) as null."""
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [clean(item) for item in value]
    if isinstance(value, dict):
        return {_clean_text(k): clean(v) for k, v in value.items()}
    return value


def _clean_text(text: str) -> str:
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    return text
