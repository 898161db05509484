"""The look the Reports page's tables and its dialogs' lists share: whole rows, no grid, sortable,
read-only (:func:`tidy`); and a list whose Enter opens the current row like a double-click
(:class:`EnterOpensTable`, :func:`list_table`)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.browser.sort_header import SortHeader


def tidy(view: QTableView | QTreeView) -> None:
    """Rows, no grid, sortable (the arrow pointing the way the rows run), read-only, columns the
    user may resize."""
    if isinstance(view, QTreeView):
        header = SortHeader(view)
        header.setStretchLastSection(True)  # as a tree view's own header
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        view.setHeader(header)
    else:
        view.setHorizontalHeader(SortHeader(view))
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    view.setWordWrap(False)
    header = view.header() if isinstance(view, QTreeView) else view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if isinstance(view, QTableView):
        view.setShowGrid(False)
        view.verticalHeader().hide()


class EnterOpensTable(QTableView):
    """A table where Enter opens the current row like a double-click."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.doubleClicked.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


def list_table(
    model: QAbstractItemModel, widths: Iterable[int], sort_column: int, order: Qt.SortOrder
) -> EnterOpensTable:
    """A dialog's list of ``model``: tidy, one row selected at a time, sorted by
    ``sort_column``, the columns ``widths`` wide and the last one stretched."""
    table = EnterOpensTable()
    table.setModel(model)
    tidy(table)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.sortByColumn(sort_column, order)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def list_dialog_body(dialog: QDialog, summary: QWidget, table: QTableView, hint: str) -> None:
    """A list dialog's layout: ``summary`` over the list, a greyed ``hint`` on opening a row, and
    Close."""
    note = QLabel(hint)
    note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(summary)
    layout.addWidget(table, 1)
    layout.addWidget(note)
    layout.addWidget(buttons)
