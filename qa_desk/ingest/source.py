"""Opening an input file for streaming, gzip included, while counting how far through it we are."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from qa_desk.errors import InputError, Problem


class SourceFile:
    """An input file being read: ``name`` for messages, ``size`` in bytes and ``position()``.

    For a gzip file both count compressed bytes, so progress is right for either.
    """

    def __init__(self, path: Path):
        self.path = path
        self.name = str(path)
        self.size = path.stat().st_size
        self._raw: BinaryIO | None = None
        self._head: tuple[int, bytes] | None = None

    @contextmanager
    def open_binary(self) -> Iterator[BinaryIO]:
        with open(self.path, "rb") as raw:
            self._raw = raw
            if self.path.suffix == ".gz":
                with gzip.open(raw) as unzipped:
                    yield unzipped  # type: ignore[misc]
            else:
                yield raw
            self._raw = None

    @contextmanager
    def open_text(self) -> Iterator[io.TextIOWrapper]:
        with self.open_binary() as binary:
            text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
            try:
                yield text
            finally:
                text.detach()

    def position(self) -> int:
        try:
            return self._raw.tell() if self._raw is not None else 0
        except (OSError, ValueError):
            return 0

    def head(self, size: int = 65536) -> bytes:
        """The first ``size`` bytes (uncompressed), for detecting the format (read once)."""
        if self._head is None or self._head[0] != size:
            with self.open_binary() as binary:
                self._head = (size, binary.read(size))
        return self._head[1]

    def whole(self) -> bytes:
        """The whole content (uncompressed), for formats that hold one record per file (a call
        transcript); a file no longer than the head already read is not read again."""
        if self._head is not None and len(self._head[1]) < self._head[0]:
            return self._head[1]
        with self.open_binary() as binary:
            return binary.read()


def open_source(path: str | Path) -> SourceFile:
    path = Path(path)
    if not path.is_file():
        raise InputError(Problem(str(path), "", "no such file"))
    return SourceFile(path)


def decode_error(source: SourceFile, line: int, error: UnicodeDecodeError) -> InputError:
    return InputError(
        Problem(
            f"{source.name}:{line}", "", f"not UTF-8 text ({error.reason} at byte {error.start})"
        )
    )
