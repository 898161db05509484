"""The agent's open action items, each with a box to tick when it is done; overdue ones say so."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from qa_desk.coaching import ActionItemInfo
from ui import theme
from ui.analysis.period_picker import to_qdate

ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def day_text(day: date) -> str:
    """A day in the locale's short date format."""
    return QLocale().toString(to_qdate(day), QLocale.FormatType.ShortFormat)


class ActionItemsView(QListWidget):
    """Open action items, oldest session first; ticking one asks for it to be marked done.

    Attributes:
        items: the items shown, in order.
        today: the day "overdue" counts from.
    """

    sig_done = Signal(int, bool)  # action item id, done

    def __init__(self, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.items: list[ActionItemInfo] = []
        self.today = today or date.today()
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.itemChanged.connect(self._changed)
        self._filling = False

    def set_items(self, items: list[ActionItemInfo]) -> None:
        self._filling = True
        self.clear()
        self.items = list(items)
        for info in items:
            entry = QListWidgetItem(self._text(info))
            entry.setData(ITEM_ID_ROLE, info.id)
            entry.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if info.done else Qt.CheckState.Unchecked)
            entry.setToolTip(self.tr("Tick when it is done"))
            if info.due_on is not None and info.due_on < self.today and not info.done:
                entry.setIcon(theme.icon("clock-alert-outline", theme.FAIL))
            self.addItem(entry)
        if not items:
            empty = QListWidgetItem(
                self.tr("No open action items. Agree some in a coaching session.")
            )
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(empty)
        self._filling = False

    def _text(self, info: ActionItemInfo) -> str:
        details = []
        if info.owner:
            details.append(info.owner)
        if info.due_on is not None:
            due = self.tr("due {0}").format(day_text(info.due_on))
            if info.due_on < self.today and not info.done:
                due = self.tr("overdue since {0}").format(day_text(info.due_on))
            details.append(due)
        details.append(self.tr("from the session of {0}").format(day_text(info.held_on)))
        return f"{info.text}\n{' · '.join(details)}"

    def entry(self, item_id: int) -> QListWidgetItem | None:
        for row in range(self.count()):
            if self.item(row).data(ITEM_ID_ROLE) == item_id:
                return self.item(row)
        return None

    def _changed(self, entry: QListWidgetItem) -> None:
        if self._filling or entry.data(ITEM_ID_ROLE) is None:
            return
        self.sig_done.emit(
            int(entry.data(ITEM_ID_ROLE)), entry.checkState() == Qt.CheckState.Checked
        )
