"""What the help-desk export readers (Zendesk, Intercom, Freshdesk, Help Scout, Zendesk QA) share.

- :func:`json_with` tells a format from the names at the start of a file; :class:`Parser` holds
  what every reader's parser needs; :func:`records` yields the records of a file's elements;
- :class:`Fields` reads the fields of one record and names a bad one precisely
  (``tickets.json:120: tickets[4].comments[2].public: must be true or false``);
- :class:`Fingerprints` fingerprints a record from its JSON text and whatever else shaped it;
- :func:`person`, :func:`channel_name` and :func:`leftover` make the normalized record's parts;
- :class:`Staging` sets records aside on disk until the record they belong to is read (comments
  of a ticket given in a file of their own);
- :func:`stream` opens a source and yields its JSON records (:mod:`qa_desk.ingest.json_stream`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sqlite3
import tempfile
import zlib
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from qa_desk.errors import InputError, Problem
from qa_desk.ingest.fields import RecordReader, iso_time, utc_moment
from qa_desk.ingest.json_stream import REST, Element, clean, elements
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.records import ConversationRecord, PersonRecord
from qa_desk.ingest.source import SourceFile

CHANNELS = {
    "voice": "phone", "call": "phone", "phone call": "phone", "telephone": "phone",
    "conversation": "chat", "messenger": "chat", "native_messaging": "chat", "messaging": "chat",
    "live chat": "chat", "livechat": "chat", "beacon": "chat", "mail": "email", "e-mail": "email",
    "emailfwd": "email", "twitter": "social", "facebook": "social", "instagram": "social",
    "whatsapp": "social", "web": "web", "web form": "web", "portal": "web",
}  # fmt: skip
"""Channel names help desks use, in the words QA Desk filters by; others are kept as written."""


def channel_name(value: Any) -> str | None:
    """A channel in QA Desk's words (``voice`` → ``phone``, ``native_messaging`` → ``chat``)."""
    if not isinstance(value, str) or not value.strip():
        return None
    name = value.strip().lower()
    return CHANNELS.get(name, name)


def person(source: str, ident: str | None, name: Any, email: Any) -> PersonRecord | None:
    """A person as the export names them, their id qualified by the source (``zendesk:123``),
    since ids of different help desks are unrelated; None when nothing names them."""
    name = name.strip() if isinstance(name, str) and name.strip() else None
    email = email.strip() if isinstance(email, str) and email.strip() else None
    if ident is None and name is None and email is None:
        return None
    return PersonRecord(f"{source}:{ident}" if ident is not None else None, name, email)


def full_name(first: Any, last: Any) -> str | None:
    parts = [p.strip() for p in (first, last) if isinstance(p, str) and p.strip()]
    return " ".join(parts) or None


def leftover(data: dict[str, Any], consumed: Collection[str]) -> dict[str, Any]:
    """The members of ``data`` the record does not hold elsewhere: kept in its ``fields``."""
    return {key: value for key, value in data.items() if key not in consumed}


def json_with(head: bytes, signs: re.Pattern[bytes]) -> bool:
    """Whether ``head`` (the start of a file) is JSON, an object or a list, holding a name that
    ``signs`` finds: the names only one help desk's export has."""
    return head.lstrip()[:1] in (b"{", b"[") and signs.search(head) is not None


class Parser:
    """What a help-desk reader's parser holds: the file and the import's options, the source the
    records are stored under (``options.source``, else the format's name) and their
    :class:`Fingerprints` (``version``: the reader's ``FINGERPRINT_VERSION``)."""

    def __init__(self, source: SourceFile, options: ImportOptions, name: str, version: int):
        self.source = source
        self.options = options
        self.name = options.source or name
        self.fingerprints = Fingerprints(name, version, options)


def records(
    source: SourceFile, wrappers: Collection[str], parse: Callable[[Element], ConversationRecord]
) -> Iterator[ConversationRecord]:
    """One record per element of ``source`` (its other members left aside), made by ``parse``;
    :class:`InputError` at the first bad one."""
    for element in stream(source, wrappers):
        if element.key != REST:
            yield parse(element)


def stream(source: SourceFile, wrappers: Collection[str]) -> Iterator[Element]:
    """The JSON records of ``source`` (see :func:`~qa_desk.ingest.json_stream.elements`)."""
    try:
        with source.open_binary() as binary:
            yield from elements(binary, source.name, wrappers)
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise unreadable(source, error) from None


def unreadable(source: SourceFile, error: BaseException) -> InputError:
    """A file that cannot be read through, e.g. a damaged or cut-off gzip file."""
    return InputError(Problem(source.name, "", f"cannot be read ({error or type(error).__name__})"))


def mentions(source: SourceFile, names: Collection[bytes]) -> bool:
    """Whether any of ``names`` (e.g. ``b'"users"'``) occurs in the file, read in chunks."""
    overlap = max(len(n) for n in names) - 1
    # one pass over each chunk for all the names (a search per name took twice as long)
    search = re.compile(b"|".join(re.escape(name) for name in names)).search
    tail = b""
    try:
        with source.open_binary() as binary:
            while chunk := binary.read(1 << 22):
                window = tail + chunk
                if search(window) is not None:
                    return True
                tail = window[-overlap:] if overlap else b""
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise unreadable(source, error) from None
    return False


class Fields:
    """Reads fields of one record at ``location`` (``FILE:LINE``); the names in its messages start
    with the record's ``label`` (``tickets[4].``). Field names take ``%d`` for list positions,
    filled in only when there is something to report."""

    __slots__ = ("location", "prefix", "zone")

    def __init__(self, location: str, label: str, zone: tzinfo):
        self.location = location
        self.prefix = f"{label}." if label else ""
        self.zone = zone

    @classmethod
    def of(cls, source: SourceFile, element: Element, options: ImportOptions) -> Fields:
        return cls(f"{source.name}:{element.line}", element.label, options.zone)

    def name(self, field: str, index: tuple[int, ...]) -> str:
        return self.prefix + (field % index if index else field)

    def fail(self, field: str, message: str, *index: int) -> InputError:
        return InputError(Problem(self.location, self.name(field, index).rstrip("."), message))

    def _reader(self) -> RecordReader:
        return RecordReader(self.location, self.zone)

    def text(self, value: Any, field: str, *index: int) -> str | None:
        if type(value) is str:
            return value
        if value is None:
            return None
        return self._reader().text(value, self.name(field, index))

    def ident(self, value: Any, field: str, *index: int) -> str:
        """A required id: text or a whole number, never empty."""
        if type(value) is int:
            return str(value)
        if type(value) is str and value.strip():
            return value.strip()
        return self._reader().ident(value, self.name(field, index))

    def optional_id(self, value: Any, field: str, *index: int) -> str | None:
        if type(value) is int:
            return str(value)
        if value is None or (type(value) is str and not value.strip()):
            return None
        return self.ident(value, field, *index)

    def timestamp(self, value: Any, field: str, *index: int) -> datetime | None:
        moment = iso_time(value, self.zone)
        if moment is not None:
            return moment
        if type(value) is int and 0 <= value < 100_000_000_000:  # unix seconds
            return datetime.fromtimestamp(value, UTC)
        return self._reader().timestamp(value, self.name(field, index))

    def moment(self, value: Any, field: str, *index: int) -> tuple[datetime | None, str | None]:
        """A message time and, when it is written ``YYYY-MM-DDTHH:MM:SS[.fff]Z`` (the commonest
        way), its stored text (``MessageRecord.at_text``), which saves formatting it again."""
        found = utc_moment(value)
        if found is not None:
            return found
        return self.timestamp(value, field, *index), None

    def flag(self, value: Any, field: str, *index: int) -> bool:
        if value is True or value is False:
            return value
        return self._reader().flag(value, self.name(field, index))

    def number(self, value: Any, field: str, *index: int) -> float | None:
        return self._reader().number(value, self.name(field, index))

    def tags(self, value: Any, field: str, *index: int) -> list[str]:
        return self._reader().tags(value, self.name(field, index))

    def obj(self, value: Any, field: str, *index: int) -> dict[str, Any]:
        """An object, ``{}`` for null or missing."""
        if type(value) is dict:
            return value
        if value is None:
            return {}
        raise self.fail(field, f"must be an object, not {_kind(value)}", *index)

    def items(self, value: Any, field: str, *index: int) -> list[Any]:
        """A list, ``[]`` for null or missing."""
        if type(value) is list:
            return value
        if value is None:
            return []
        raise self.fail(field, f"must be a list, not {_kind(value)}", *index)

    def record(self, value: Any, what: str) -> dict[str, Any]:
        if type(value) is dict:
            return value
        raise self.fail("", f"must be an object ({what}), not {_kind(value)}")


def _kind(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list"}
    return names.get(type(value), "an object" if isinstance(value, dict) else "null")


class Fingerprints:
    """Record fingerprints from the JSON text of a record (see ``ConversationRecord.fingerprint``),
    the reader's version and the options that shape records, and anything else that shaped it
    (a user's name and role from another file, the comments of a comments file)."""

    def __init__(self, name: str, version: int, options: ImportOptions):
        self.base = hashlib.sha256(f"{name}/{version}\0{options.source}\0{options.zone}\0".encode())

    def of(self, raw: str | None, extra: object = None) -> str | None:
        if raw is None:
            return None
        digest = self.base.copy()
        digest.update(raw.encode("utf-8", "surrogatepass"))
        if extra:
            digest.update(b"\0" + repr(extra).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()


_LAST_NUMBER = re.compile(r"(\d+)(?!.*\d)")


def number_in_name(path: Path) -> str | None:
    """The last number in a file's name (``comments_12345.json`` → ``12345``), if any."""
    stem = path.name.removesuffix(".gz").rsplit(".", 1)[0]
    found = _LAST_NUMBER.search(stem)
    return found.group(1) if found else None


class Staging:
    """Records set aside in a temporary SQLite file, fetched by key when their owner is read.

    Rows are added with their key, or with None and a group (a file) to be keyed once the whole
    group is read (:meth:`assign`). Nothing is written to disk until the first row comes.
    """

    def __init__(self) -> None:
        self.folder: tempfile.TemporaryDirectory[str] | None = None
        self.connection: sqlite3.Connection | None = None
        self.pending: list[tuple[int, str | None, str, str]] = []
        self.count = 0

    def _open(self) -> sqlite3.Connection:
        if self.connection is None:
            self.folder = tempfile.TemporaryDirectory(prefix="qa-desk-import-")
            self.connection = sqlite3.connect(Path(self.folder.name) / "staged.sqlite3")
            self.connection.execute("PRAGMA journal_mode=OFF")
            self.connection.execute("PRAGMA synchronous=OFF")
            self.connection.execute(
                "CREATE TABLE staged (seq INTEGER PRIMARY KEY, grp INTEGER, key TEXT, "
                "location TEXT, data TEXT)"
            )
            self.connection.execute("CREATE INDEX staged_key ON staged (key, seq)")
        return self.connection

    def add(self, group: int, key: str | None, location: str, element: Element) -> None:
        raw = element.raw if element.raw is not None else json.dumps(element.value)
        self.pending.append((group, key, f"{location}\0{element.label}", raw))
        self.count += 1
        if len(self.pending) >= 2000:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            self._open().executemany(
                "INSERT INTO staged (grp, key, location, data) VALUES (?, ?, ?, ?)", self.pending
            )
            self.pending.clear()

    def unkeyed(self, group: int) -> int:
        self._flush()
        if self.connection is None:
            return 0
        return self.connection.execute(
            "SELECT count(*) FROM staged WHERE grp = ? AND key IS NULL", (group,)
        ).fetchone()[0]

    def assign(self, group: int, key: str) -> None:
        """Key the rows of ``group`` that were added without one."""
        self._flush()
        if self.connection is not None:
            self.connection.execute(
                "UPDATE staged SET key = ? WHERE grp = ? AND key IS NULL", (key, group)
            )

    def take(self, key: str) -> list[tuple[str, str, Any]]:
        """The rows of ``key`` in the order they were added: (location, label, value)."""
        if not self.count:
            return []
        self._flush()
        assert self.connection is not None
        rows = self.connection.execute(
            "SELECT location, data FROM staged WHERE key = ? ORDER BY seq", (key,)
        ).fetchall()
        taken = []
        for location, data in rows:
            where, label = location.split("\0", 1)
            value = json.loads(data)
            taken.append((where, label, clean(value) if "\\u" in data else value))
        return taken

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        if self.folder is not None:
            self.folder.cleanup()
            self.folder = None


@contextmanager
def gathered(
    sources: Sequence[SourceFile],
    options: ImportOptions,
    name: str,
    context: Any,
    gather_file: Callable[[Any, int, SourceFile], str | None],
    staging: Staging,
) -> Iterator[tuple[ImportOptions, dict[str, str]]]:
    """What a format's ``gather`` does: ``gather_file`` reads each file up to its first ticket into
    ``context``; a file without tickets is a companion (what it held, by file name). Yields the
    options to read the tickets files with (``context`` in ``extra[name]``) and the companions;
    ``staging`` (the context's on-disk store) is closed afterwards."""
    companions: dict[str, str] = {}
    try:
        for group, source in enumerate(sources):
            held = gather_file(context, group, source)
            if held:
                companions[source.name] = held
        yield replace(options, extra={**options.extra, name: context}), companions
    finally:
        staging.close()
