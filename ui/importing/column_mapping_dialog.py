"""The dialog that asks what each column of a CSV holds, when QA Desk does not know its header."""

from __future__ import annotations

from collections import Counter
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.ingest.csv_columns import (
    CONVERSATION_COLUMNS,
    IGNORE,
    MESSAGE_COLUMNS,
    REQUIRED,
    clean,
)
from ui.importing.labels import column_label, short_column_label
from ui.importing.mapping_save import save_mapping_as, write_mapping

EXAMPLE_LENGTH = 40


def examples(sample_rows: list[list[str]], column: int, most: int = 3) -> list[str]:
    """Up to ``most`` different non-empty values of a column in the sample rows."""
    found: list[str] = []
    for row in sample_rows:
        value = " ".join(row[column].split()) if column < len(row) else ""
        if value and value not in found:
            found.append(value)
        if len(found) >= most:
            break
    return found


class ColumnMappingDialog(QDialog):
    """Asks what each column of a CSV holds: one row per column found, with a few example values
    and a choice of QA Desk column (or "don't import"). OK stays disabled until every required
    column is chosen once and no column is chosen twice.

    Attributes:
        file_name: the CSV's name, for the saved mapping's title.
        header: the file's column names, as written.
        combos: the choice for each column, in header order.
        status: says what is still missing or chosen twice.
        ok_button: accepts the choice (see :meth:`columns`).
        save_button: saves the choice as a mapping file (see :meth:`save_mapping`).
    """

    def __init__(
        self,
        file_name: str,
        header: list[str],
        sample_rows: list[list[str]],
        columns: dict[str, str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.file_name = file_name
        self.header = [clean(h) for h in header]
        self.setWindowTitle(self.tr("Which column is which?"))
        intro = QLabel(
            self.tr(
                "<p>QA Desk does not know every column of <b>{0}</b>. Choose what each column "
                "holds; a column set to “Don't import” is left out. <b>Conversation ID</b>, "
                "<b>Role</b> and <b>Message text</b> are needed.</p>"
                "<p>Your choice is remembered for files with the same columns.</p>"
            ).format(escape(file_name))
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)

        self.table = QTableWidget(len(self.header), 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Column in the file"), self.tr("Examples"), self.tr("Import as")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard goes to the choices
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.combos: list[QComboBox] = []
        for row, name in enumerate(self.header):
            shown = name or self.tr("(no name, column {0})").format(row + 1)
            self.table.setItem(row, 0, QTableWidgetItem(shown))
            values = examples(sample_rows, row)
            item = QTableWidgetItem(" · ".join(_cut(v) for v in values))
            item.setToolTip("\n".join(values))
            self.table.setItem(row, 1, item)
            combo = self._combo(columns.get(name, IGNORE))
            combo.setAccessibleName(self.tr("Import {0} as").format(shown))
            combo.currentIndexChanged.connect(self._update)
            self.table.setCellWidget(row, 2, combo)
            self.combos.append(combo)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header_view.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeRowsToContents()

        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Use these columns"))
        self.save_button = buttons.addButton(
            self.tr("&Save mapping…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.setToolTip(
            self.tr("Save these columns to a file that qa-desk import --mapping reads")
        )
        self.save_button.clicked.connect(lambda: self.save_mapping())
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        rows_height = sum(self.table.rowHeight(r) for r in range(len(self.header)))
        self.resize(820, min(640, max(360, rows_height + 260)))
        self._update()
        unknown = [c for c in self.combos if c.currentData() == IGNORE]
        (unknown or self.combos or [self.ok_button])[0].setFocus()

    def _combo(self, chosen: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(column_label(IGNORE), IGNORE)
        combo.insertSeparator(combo.count())
        for column in REQUIRED:
            combo.addItem(self.tr("{0} (needed)").format(column_label(column)), column)
        combo.insertSeparator(combo.count())
        for column in (*MESSAGE_COLUMNS, *CONVERSATION_COLUMNS):
            combo.addItem(column_label(column), column)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    # --- the choice ----------------------------------------------------------------------------

    def columns(self) -> dict[str, str]:
        """The choice: header name → QA Desk column, ``""`` for a column left out."""
        return {
            name: combo.currentData() for name, combo in zip(self.header, self.combos, strict=True)
        }

    def choose(self, header_name: str, column: str) -> None:
        """Set what the column named ``header_name`` holds (``""``: don't import it)."""
        combo = self.combos[self.header.index(header_name)]
        combo.setCurrentIndex(combo.findData(column))

    def problems(self) -> list[str]:
        """What stops the choice being used, in words for the user (empty when nothing does)."""
        chosen = [c.currentData() for c in self.combos]
        problems = []
        missing = [short_column_label(c) for c in REQUIRED if c not in chosen]
        if missing:
            problems.append(self.tr("Still needed: {0}.").format(", ".join(missing)))
        for column, count in Counter(chosen).items():
            if column != IGNORE and count > 1:
                names = [h for h, c in zip(self.header, chosen, strict=True) if c == column]
                problems.append(
                    self.tr("{0} is chosen for more than one column: {1}.").format(
                        short_column_label(column), ", ".join(names)
                    )
                )
        return problems

    def save_mapping(self, path: str | None = None) -> str | None:
        """Save the choice as a mapping file (asking where when ``path`` is None); the path
        saved to, None when nothing was saved."""
        if self.problems():
            return None
        if path is None:
            return save_mapping_as(self, self.file_name, self.columns())
        write_mapping(path, self.file_name, self.columns(), None)
        return path

    def _update(self) -> None:
        problems = self.problems()
        self.ok_button.setEnabled(not problems)
        self.save_button.setEnabled(not problems)
        self.status.setText(
            " ".join(problems) if problems else self.tr("Every needed column is chosen.")
        )


def _cut(value: str) -> str:
    return value if len(value) <= EXAMPLE_LENGTH else value[: EXAMPLE_LENGTH - 1] + "…"
