"""The "Automatic checks" part of the context panel: every check's outcome for the open
conversation, one compact row each (an icon and a word for pass, fail or n.a., and why), the
evidence on hover. Activating a row asks for the transcript to show the message its evidence is in
(:func:`reveal_message` does that on a :class:`~ui.review.transcript_view.TranscriptView`)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.autoqa import StoredResult
from qa_desk.autoqa_catalog import AUTOQA_CHECKS
from ui.autoqa_labels import (
    check_description,
    check_title,
    evidence_lines,
    outcome_icon,
    outcome_word,
)
from ui.review.transcript_view import TranscriptView

EVIDENCE_ROLE = Qt.ItemDataRole.UserRole + 50
"""A row's first piece of evidence as (message position, start of the span), or None."""


class AutoQASection(QWidget):
    """The open conversation's check results, in catalogue order.

    Attributes:
        heading: "Automatic checks".
        table: one row per check: the check (with the outcome's icon), the outcome's word, why.
        empty_label: shown instead of the table when the conversation was never checked.
        row_height: the height of one row of the table.
        results: the results shown, by check id.
    """

    sig_evidence_requested = Signal(int, int)  # message position, start of the span in its text

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.results: dict[str, StoredResult] = {}
        self.heading = QLabel(self.tr("Automatic checks"))
        font = QFont(self.heading.font())
        font.setBold(True)
        self.heading.setFont(font)
        self.empty_label = QLabel(
            self.tr("Not checked yet. Tools ▸ Run automatic checks… checks it.")
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.table = QTreeWidget()
        self.table.setObjectName("autoqaChecks")
        self.table.setAccessibleName(self.tr("Automatic checks"))
        self.table.setColumnCount(3)
        self.table.setHeaderHidden(True)
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setFrameShape(QTreeWidget.Shape.NoFrame)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        header = self.table.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemActivated.connect(self._activated)
        self.table.itemClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table)
        sample = QTreeWidgetItem(["Greeting", "Pass", ""])  # measured once: all rows are alike
        sample.setIcon(0, outcome_icon("pass"))
        self.table.addTopLevelItem(sample)
        self.row_height = self.table.sizeHintForRow(0)
        self.show_results(None)

    def show_results(self, results: dict[str, StoredResult] | None) -> None:
        """Show these results (None: nothing open; empty: never checked)."""
        self.results = dict(results or {})
        self.table.clear()
        self.setVisible(results is not None)
        known = [c for c in AUTOQA_CHECKS if c in self.results]
        others = sorted(c for c in self.results if c not in AUTOQA_CHECKS)
        for check in known + others:
            self.table.addTopLevelItem(self._item(self.results[check]))
        self.empty_label.setVisible(not self.results)
        self.table.setVisible(bool(self.results))
        rows = self.table.topLevelItemCount()
        self.table.setFixedHeight(rows * self.row_height + 2 * self.table.frameWidth())

    def full_height(self) -> int:
        """The height of the section with a row for every check of the catalogue (or for every
        result shown, if more), so a panel sized to it shows any conversation's checks whole."""
        layout = self.layout()
        margins = layout.contentsMargins()
        rows = max(len(AUTOQA_CHECKS), self.table.topLevelItemCount())
        return (
            margins.top()
            + self.heading.sizeHint().height()
            + layout.spacing()
            + rows * self.row_height
            + 2 * self.table.frameWidth()
            + margins.bottom()
        )

    def _item(self, result: StoredResult) -> QTreeWidgetItem:
        item = QTreeWidgetItem(
            [check_title(result.check), outcome_word(result.outcome), result.detail or ""]
        )
        item.setIcon(0, outcome_icon(result.outcome))
        evidence = evidence_lines(result.evidence)
        tip = [f"{check_title(result.check)}: {outcome_word(result.outcome)}"]
        tip += [check_description(result.check)] if check_description(result.check) else []
        tip += [result.detail] if result.detail else []
        if evidence:
            tip += ["", *evidence, "", self.tr("Click to show the message in the transcript.")]
        for column in range(3):
            item.setToolTip(column, "\n".join(tip))
        if result.evidence:
            first = result.evidence[0]
            item.setData(
                0, EVIDENCE_ROLE, (int(first.get("position", 0)), int(first.get("start", 0)))
            )
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        item.setForeground(2, muted)
        return item

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        where = item.data(0, EVIDENCE_ROLE)
        if where is not None:
            self.sig_evidence_requested.emit(*where)

    def row_texts(self) -> list[tuple[str, str, str]]:
        """What each row says: check title, outcome word, why (for tests and accessibility)."""
        items = (self.table.topLevelItem(n) for n in range(self.table.topLevelItemCount()))
        return [(i.text(0), i.text(1), i.text(2)) for i in items]


def reveal_message(transcript: TranscriptView, position: int, start: int = 0) -> bool:
    """Scroll ``transcript`` to the message at ``position`` (its place in the conversation) and
    select it, bringing the line holding ``start`` into view in a long message. False when the
    transcript does not show that message."""
    model = transcript.model
    row = next((n for n, m in enumerate(model.messages) if m.position == position), None)
    if row is None:
        return False
    index: QModelIndex = model.index(row)
    view = transcript.list_view
    view.setCurrentIndex(index)
    view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
    text = model.messages[row].text[:start]
    utf16 = len(text.encode("utf-16-le")) // 2
    line_y = view.visualRect(index).top() + transcript.delegate.line_top(index, utf16)
    height = view.viewport().height()
    if not 0 <= line_y <= height - view.fontMetrics().height() * 2:
        bar = view.verticalScrollBar()
        bar.setValue(bar.value() + int(line_y - height / 3))
    return True
