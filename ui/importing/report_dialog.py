"""The dialog that ends an import: what each file added, updated or left unchanged, or the problem
that stopped it (worded as the command line words it) and what was therefore not imported."""

from __future__ import annotations

import traceback

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.errors import InputError
from ui import theme
from ui.analysis.plural import plural
from ui.importing.worker import CANCELLED, FAILED, IMPORTED, LEFT_OUT, ImportOutcome

ICON_SIZE = 32


class ImportReportDialog(QDialog):
    """What an import did.

    Attributes:
        outcome: the import's outcome.
        headline: one sentence saying how it went.
        error_text: the problem that stopped it (hidden when none), selectable to copy.
        table: one row per file: what happened, added, updated, unchanged, messages.
    """

    def __init__(self, outcome: ImportOutcome, parent: QWidget | None = None):
        super().__init__(parent)
        self.outcome = outcome
        stopped = outcome.stopped_at
        if outcome.error is not None:
            self.setWindowTitle(self.tr("Import stopped"))
            icon, color = "alert-circle-outline", theme.FAIL
            text = self.tr(
                "The import stopped at a problem in {0}. Nothing from that file was imported."
            ).format(stopped.name if stopped else "")
        elif outcome.cancelled:
            self.setWindowTitle(self.tr("Import cancelled"))
            icon, color = "cancel", theme.NEUTRAL
            text = self.tr("Import cancelled. Nothing from {0} was imported.").format(
                stopped.name if stopped else ""
            )
        else:
            self.setWindowTitle(self.tr("Import finished"))
            icon, color = "check-circle-outline", theme.PASS
            totals = outcome.totals
            locale = QLocale()
            imported = plural(
                self.tr("Imported %Ln conversation(s)", "", totals.conversations),
                totals.conversations,
            )
            text = self.tr("{0}: {1} added, {2} updated, {3} unchanged.").format(
                imported,
                locale.toString(totals.added),
                locale.toString(totals.updated),
                locale.toString(totals.unchanged),
            )
        if stopped is not None and any(f.status == IMPORTED for f in outcome.files):
            text += " " + self.tr("The files before it were imported.")
        left_out = sum(1 for f in outcome.files if f.status == LEFT_OUT)
        if left_out:
            text += " " + plural(
                self.tr("%n file(s) with a problem left out, as chosen.", "", left_out), left_out
            )
        icon_label = QLabel()
        icon_label.setPixmap(theme.icon(icon, color).pixmap(ICON_SIZE, ICON_SIZE))
        self.headline = QLabel(text)
        self.headline.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(icon_label, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.headline, 1)

        self.error_text = QPlainTextEdit()
        self.error_text.setReadOnly(True)
        self.error_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.error_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.error_text.setPlainText(error_message(outcome.error))
        self.error_text.setVisible(outcome.error is not None)
        line = self.error_text.fontMetrics().lineSpacing()
        self.error_text.setFixedHeight(line * 6 + 12)

        self.table = self._file_table()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error_text)
        layout.addWidget(self.table)
        layout.addStretch(1)
        layout.addWidget(buttons)
        rows = sum(self.table.rowHeight(r) for r in range(min(8, self.table.rowCount())))
        self.table.setFixedHeight(rows + self.table.horizontalHeader().sizeHint().height() + 4)
        self.setMinimumWidth(640)
        self.adjustSize()

    def _file_table(self) -> QTableWidget:
        table = QTableWidget(len(self.outcome.files), 6)
        table.setHorizontalHeaderLabels(
            [
                self.tr("File"),
                self.tr("Result"),
                self.tr("Added"),
                self.tr("Updated"),
                self.tr("Unchanged"),
                self.tr("Messages"),
            ]
        )
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setWordWrap(False)
        locale = QLocale()
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        results = {
            IMPORTED: self.tr("Imported"),
            FAILED: self.tr("Problem: nothing imported"),
            CANCELLED: self.tr("Cancelled: nothing imported"),
        }
        for row, item in enumerate(self.outcome.files):
            name = QTableWidgetItem(item.name)
            name.setToolTip(item.path)
            table.setItem(row, 0, name)
            result = QTableWidgetItem(results.get(item.status, self.tr("Not imported")))
            if item.status == LEFT_OUT:
                result.setText(self.tr("Left out: it had a problem"))
                result.setToolTip(item.problem)
            table.setItem(row, 1, result)
            counts = item.counts
            for column, value in enumerate(
                (counts.added, counts.updated, counts.unchanged, counts.messages), start=2
            ):
                cell = QTableWidgetItem(locale.toString(value) if item.status == IMPORTED else "")
                cell.setTextAlignment(right)
                table.setItem(row, column, cell)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table.resizeRowsToContents()
        return table


def error_message(error: Exception | None) -> str:
    """An import error as the user reads it: bad input exactly as the command line prints it
    (``FILE:LINE: field: problem``), anything else with its traceback."""
    if error is None:
        return ""
    if isinstance(error, InputError):
        return str(error)
    return f"{type(error).__name__}: {error}\n\n" + "".join(traceback.format_exception(error))
