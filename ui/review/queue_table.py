"""The queue list: a table that keeps the subject readable at any width, and lets the rating keys
through to the open conversation.

Its columns are fitted to the room there is. The status (and why picked, while assignments are in
the queue) always shows; the start date (narrow) and the agent (elided if need be) show while the
subject keeps room for about :data:`SUBJECT_CHARS` characters, the agent giving way first, then the
date; the subject takes the rest. The subject's tooltip says what a hidden column would (see
:class:`~ui.review.queue_model.QueueModel`).

A column the reviewer dragged wider or narrower keeps that width (it is only hidden when there is
no room for it), for the session and the next one (QSettings); the others are fitted as above.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

RATING_KEYS = frozenset({*(Qt.Key(Qt.Key.Key_0 + n) for n in range(10)), Qt.Key.Key_N})
SUBJECT_CHARS = 24  # the subject keeps room for this many average characters
WIDEST = {"status": 110, "reason": 120, "agent": 130, "started": 110}
NARROWEST = {"agent": 80}  # a column that may be narrower than its text (elided) to show
OPTIONAL = ("started", "agent")  # shown while there is room; the last one gives way first
WIDTHS_SETTING = "review/queue_column_widths"  # the widths the reviewer dragged, by column name


class QueueTable(QTableView):
    """The queue list. Enter hands the keyboard to the scoring panel of the open conversation;
    a rating key (1–9, 0 or N) rates its current criterion at once, as it would there.

    Attributes:
        reason_shown: whether the "why picked" column shows (assignments are in the queue).
        user_widths: the widths the reviewer gave columns by dragging, by column name.
    """

    def __init__(
        self,
        on_enter: Callable[[], None],
        on_rating_key: Callable[[QKeyEvent], bool],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._on_enter = on_enter
        self._on_rating_key = on_rating_key
        self.reason_shown = False
        self.user_widths: dict[str, int] = {}
        remembered = QSettings().value(WIDTHS_SETTING)
        for name, width in (remembered if isinstance(remembered, dict) else {}).items():
            if name in WIDEST and str(width).isdigit() and int(width) > 0:
                self.user_widths[str(name)] = int(width)
        self._dragging = False  # the mouse is down on the header: a resize is the reviewer's
        header = self.horizontalHeader()
        header.viewport().installEventFilter(self)
        header.sectionResized.connect(self._section_resized)

    def _column(self, name: str) -> int:
        return self.model().COLUMNS.index(name)  # type: ignore[attr-defined]

    def _natural_width(self, name: str) -> int:
        if name in self.user_widths:
            return self.user_widths[name]
        column = self._column(name)
        header = self.horizontalHeader()
        width = max(self.sizeHintForColumn(column), header.sectionSizeHint(column))
        return min(width, WIDEST[name])

    def fit_columns(self) -> None:
        """Size and show the columns for the width the list has now."""
        if self.model() is None:
            return
        header = self.horizontalHeader()
        for name in ("messages", "reason", *OPTIONAL):
            self.setColumnHidden(self._column(name), True)  # measured, then shown as room allows
        width = self.width() - 2 * self.frameWidth()  # the viewport may not have followed yet
        if self.verticalScrollBar().isVisible():
            width -= self.verticalScrollBar().width()
        room = width - self.fontMetrics().averageCharWidth() * SUBJECT_CHARS
        fixed = ["status", "reason"] if self.reason_shown else ["status"]
        shown = [(name, self._natural_width(name)) for name in fixed]
        used = sum(width for _name, width in shown)
        for name in OPTIONAL:
            natural = self._natural_width(name)
            width = min(natural, room - used)
            narrowest = natural if name in self.user_widths else NARROWEST.get(name, natural)
            if width < min(natural, narrowest):
                break
            shown.append((name, width))
            used += width
        for name, width in shown:
            column = self._column(name)
            self.setColumnHidden(column, False)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(self._column("subject"), QHeaderView.ResizeMode.Stretch)

    def shown_columns(self) -> list[str]:
        """The names of the columns showing, left to right."""
        header = self.horizontalHeader()
        names = [self.model().COLUMNS[header.logicalIndex(i)] for i in range(header.count())]  # type: ignore[attr-defined]
        return [name for name in names if not self.isColumnHidden(self._column(name))]

    def _section_resized(self, logical: int, _old: int, new: int) -> None:
        name = self.model().COLUMNS[logical] if self.model() is not None else ""  # type: ignore[attr-defined]
        if self._dragging and name in WIDEST and new > 0:
            self.user_widths[name] = new
            QSettings().setValue(WIDTHS_SETTING, self.user_widths)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.horizontalHeader().viewport():
            if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
                self._dragging = True
            elif event.type() == QEvent.Type.MouseButtonRelease:
                self._dragging = False
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_columns()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers == Qt.KeyboardModifier.NoModifier:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._on_enter()
                return
            if event.key() in RATING_KEYS and self._on_rating_key(event):
                return
        super().keyPressEvent(event)
