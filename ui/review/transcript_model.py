"""The transcript's item model: one row per message, and the hits of the transcript search.

Search hits are kept as UTF-16 offsets (what Qt's text layout counts in), so a message with emoji
or other characters outside the Basic Multilingual Plane is highlighted in the right place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from qa_desk.conversation_detail import MessageView

MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 1
"""The :class:`MessageView` of a row."""
HITS_ROLE = Qt.ItemDataRole.UserRole + 2
"""The search hits in a row: a list of ``(start, length, is_current)`` in UTF-16 units."""

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Hit:
    """One place the search text occurs: the message row and the UTF-16 span in its text."""

    row: int
    start: int
    length: int


def _utf16_offsets(text: str) -> list[int]:
    """For each code point index of ``text`` (and its end), the UTF-16 offset."""
    offsets = [0] * (len(text) + 1)
    position = 0
    for i, char in enumerate(text):
        offsets[i] = position
        position += 2 if ord(char) > 0xFFFF else 1
    offsets[len(text)] = position
    return offsets


def find_hits(texts: list[str], query: str) -> list[Hit]:
    """Every case-insensitive occurrence of ``query`` in ``texts``, in order."""
    if not query:
        return []
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    hits: list[Hit] = []
    for row, text in enumerate(texts):
        matches = list(pattern.finditer(text))
        if not matches:
            continue
        wide = text.isascii() is False and any(ord(c) > 0xFFFF for c in text)
        offsets = _utf16_offsets(text) if wide else None
        for match in matches:
            start, end = match.span()
            if offsets is not None:
                start, end = offsets[start], offsets[end]
            hits.append(Hit(row, start, end - start))
    return hits


class TranscriptModel(QAbstractListModel):
    """The messages of the open conversation, with search.

    Attributes:
        messages: the messages shown, in order.
        query: the search text ("" for none).
        hits: every occurrence of the search text.
        current: the index in :attr:`hits` of the hit stepped to, or -1.
    """

    sig_hits_changed = Signal()

    def __init__(self, parent: object | None = None):
        super().__init__(parent)
        self.messages: list[MessageView] = []
        self.query = ""
        self.hits: list[Hit] = []
        self.current = -1
        self._hits_by_row: dict[int, list[Hit]] = {}

    def set_messages(self, messages: list[MessageView]) -> None:
        self.beginResetModel()
        self.messages = list(messages)
        self._find()
        self.endResetModel()
        self.sig_hits_changed.emit()

    # --- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.messages)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        message = self.messages[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return message.text
        if role == MESSAGE_ROLE:
            return message
        if role == HITS_ROLE:
            current = self.hits[self.current] if self.current >= 0 else None
            return [
                (h.start, h.length, h == current) for h in self._hits_by_row.get(index.row(), [])
            ]
        return None

    # --- search --------------------------------------------------------------------------------

    def set_query(self, query: str) -> None:
        """Search for ``query`` and step to its first hit."""
        if query == self.query:
            return
        before = set(self._hits_by_row)
        self.query = query
        self._find()
        self._rows_changed(before | set(self._hits_by_row))
        self.sig_hits_changed.emit()

    def step(self, forward: bool = True) -> Hit | None:
        """Step to the next (or previous) hit, wrapping round; returns it."""
        if not self.hits:
            return None
        before = self.hits[self.current].row if self.current >= 0 else None
        self.current = (self.current + (1 if forward else -1)) % len(self.hits)
        hit = self.hits[self.current]
        self._rows_changed({r for r in (before, hit.row) if r is not None})
        self.sig_hits_changed.emit()
        return hit

    def current_hit(self) -> Hit | None:
        return self.hits[self.current] if self.current >= 0 else None

    def _find(self) -> None:
        self.hits = find_hits([m.text for m in self.messages], self.query)
        self._hits_by_row = {}
        for hit in self.hits:
            self._hits_by_row.setdefault(hit.row, []).append(hit)
        self.current = 0 if self.hits else -1

    def _rows_changed(self, rows: set[int]) -> None:
        for row in rows:
            index = self.index(row)
            self.dataChanged.emit(index, index, [HITS_ROLE])
