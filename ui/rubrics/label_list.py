"""An editable, ordered list of short texts (a labels scale, a criterion's root causes)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import theme


class LabelListEditor(QWidget):
    """A list whose items are edited in place (double-click or F2), with buttons to add, remove
    and reorder them.

    Signals:
        sig_changed(list): the labels after any change, in order, blank ones left out.
    """

    sig_changed = Signal(list)

    def __init__(self, new_label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.new_label = new_label
        self.list = QListWidget()
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setMaximumHeight(100)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.list.itemChanged.connect(self._emit)
        self.list.model().rowsMoved.connect(self._emit)
        self.list.currentRowChanged.connect(self._enable)
        buttons = QVBoxLayout()
        buttons.setSpacing(2)
        self.add_button = self._button("plus", self.tr("Add"), self.add)
        self.remove_button = self._button("minus", self.tr("Remove"), self.remove_current)
        self.up_button = self._button("arrow-up", self.tr("Move up"), lambda: self._move(-1))
        self.down_button = self._button("arrow-down", self.tr("Move down"), lambda: self._move(1))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._loading = False
        self._enable()

    def _button(self, icon: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton()
        button.setIcon(theme.icon(icon))
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def labels(self) -> list[str]:
        texts = (self.list.item(row).text().strip() for row in range(self.list.count()))
        return [text for text in texts if text]

    def set_labels(self, labels: list[str]) -> None:
        self._loading = True
        self.list.clear()
        for label in labels:
            self.list.addItem(self._item(label))
        self._loading = False
        self._enable()

    def _item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def add(self) -> None:
        item = self._item(self.new_label)
        self.list.addItem(item)
        self.list.setCurrentItem(item)
        self.list.editItem(item)
        self._emit()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self._emit()

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        to = row + step
        if row < 0 or not 0 <= to < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(to, item)
        self.list.setCurrentRow(to)
        self._emit()

    def _enable(self, *_args: object) -> None:
        row = self.list.currentRow()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.list.count() - 1)

    def _emit(self, *_args: object) -> None:
        self._enable()
        if not self._loading:
            self.sig_changed.emit(self.labels())
