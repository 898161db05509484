"""What the conversation browser is asked to show: the filters and the order, observed by its
widgets and its table."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from qa_desk.conversation_query import ConversationFilter, ConversationQuery, SortColumn


class BrowserState(QObject):
    """The browser's query, one place the filter widgets write to and the table reads from.

    Attributes:
        query: the filters, sort column and direction currently asked for.
    """

    sig_query_changed = Signal(object, object)  # the new ConversationQuery, the previous one

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.query = ConversationQuery()

    @property
    def filter(self) -> ConversationFilter:
        return self.query.filter

    def update_filter(self, **changes: Any) -> None:
        """Change some filters (``text=...``, ``agent_id=...``; None clears one)."""
        self._set(replace(self.query, filter=replace(self.query.filter, **changes)))

    def clear_filters(self) -> None:
        """Show every conversation again, in the same order."""
        self._set(replace(self.query, filter=ConversationFilter()))

    def set_sort(self, sort: SortColumn, descending: bool) -> None:
        self._set(replace(self.query, sort=sort, descending=descending))

    def _set(self, query: ConversationQuery) -> None:
        if query != self.query:
            previous, self.query = self.query, query
            self.sig_query_changed.emit(query, previous)
