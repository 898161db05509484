"""The action items of the coaching session being edited: text, owner, due day and done, one row
each, as :class:`qa_desk.coaching.ActionItemDraft` values."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QDateEdit,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from qa_desk.coaching import ActionItemDraft
from ui.analysis.period_picker import from_qdate, to_qdate

NO_DAY = QDate(2000, 1, 1)  # the due edit's minimum, shown as "no date"
ID_ROLE = Qt.ItemDataRole.UserRole + 1
CARRIED_ROLE = Qt.ItemDataRole.UserRole + 2
TEXT, OWNER, DUE, DONE = range(4)


class ActionItemTable(QTableWidget):
    """Editable rows of action items; the text cell holds the stored item's id and the id of
    the earlier item it carries over, if any."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(
            [self.tr("Action item"), self.tr("Owner"), self.tr("Due"), self.tr("Done")]
        )
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.horizontalHeader()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(OWNER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DUE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DONE, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(OWNER, 140)
        header.resizeSection(DUE, QDateEdit().sizeHint().width() + 24)

    def add_item(self, draft: ActionItemDraft, edit: bool = False) -> int:
        """Add a row showing ``draft``; ``edit`` starts typing its text. Returns the row."""
        row = self.rowCount()
        self.insertRow(row)
        text = QTableWidgetItem(draft.text)
        text.setData(ID_ROLE, draft.id)
        text.setData(CARRIED_ROLE, draft.carried_from)
        self.setItem(row, TEXT, text)
        self.setItem(row, OWNER, QTableWidgetItem(draft.owner or ""))
        due = QDateEdit()
        due.setCalendarPopup(True)
        due.setMinimumDate(NO_DAY)
        due.setSpecialValueText(self.tr("no date"))
        due.setDate(to_qdate(draft.due_on) if draft.due_on else NO_DAY)
        self.setCellWidget(row, DUE, due)
        done = QTableWidgetItem()
        done.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        done.setCheckState(Qt.CheckState.Checked if draft.done else Qt.CheckState.Unchecked)
        self.setItem(row, DONE, done)
        if edit:
            self.setCurrentCell(row, TEXT)
            self.editItem(text)
        return row

    def set_due(self, row: int, day: date | None) -> None:
        widget = self.cellWidget(row, DUE)
        assert isinstance(widget, QDateEdit)
        widget.setDate(to_qdate(day) if day else NO_DAY)

    def commit_edit(self) -> None:
        """Keep what is being typed in a cell (Save pressed while still editing)."""
        editor = QApplication.focusWidget()
        editing = self.state() == QAbstractItemView.State.EditingState
        if editing and editor is not None and self.viewport().isAncestorOf(editor):
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def remove_current(self) -> ActionItemDraft | None:
        """Remove the selected row; returns what it held (None when no row is selected)."""
        row = self.currentRow()
        if row < 0:
            return None
        draft = self.draft(row)
        self.removeRow(row)
        return draft

    def draft(self, row: int) -> ActionItemDraft:
        text = self.item(row, TEXT)
        owner = self.item(row, OWNER)
        due = self.cellWidget(row, DUE)
        assert isinstance(due, QDateEdit)
        day = None if due.date() == NO_DAY else from_qdate(due.date())
        return ActionItemDraft(
            text=text.text() if text else "",
            owner=(owner.text() if owner else "").strip() or None,
            due_on=day,
            id=text.data(ID_ROLE) if text else None,
            done=self.item(row, DONE).checkState() == Qt.CheckState.Checked,
            carried_from=text.data(CARRIED_ROLE) if text else None,
        )

    def drafts(self) -> list[ActionItemDraft]:
        """Every row, in order; rows left entirely empty are skipped."""
        self.commit_edit()
        found = [self.draft(row) for row in range(self.rowCount())]
        return [d for d in found if d.text.strip() or d.owner or d.id is not None]
