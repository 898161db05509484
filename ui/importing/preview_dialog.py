"""The preview shown before an import: for each file its format, its columns (CSV), its first
conversations and the first problem found, then Import or Cancel."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import QDateTime, QLocale, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from qa_desk.ingest import FORMATS
from qa_desk.ingest.csv_columns import IGNORE, REQUIRED
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.preview import FilePreview, preview_file
from ui import theme
from ui.importing.labels import format_label, short_column_label
from ui.importing.mapping_save import save_mapping_as, write_mapping
from ui.operations import Operation

ICON_SIZE = 20


def local_time(moment: datetime | None) -> str:
    """A stored (UTC) time in the user's time zone and locale, short."""
    if moment is None:
        return ""
    shown = QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000)).toLocalTime()
    return QLocale().toString(shown, QLocale.FormatType.ShortFormat)


class FilePanel(QWidget):
    """One file of the preview: name and size, format, columns, problem, first conversations.

    Attributes:
        preview: what it shows.
        format_combo: the format to read the file as ("auto": detect it).
        columns_button: opens the column mapping (CSV files only).
        save_mapping_button: saves the columns as read to a mapping file (CSV files only).
        transcript_box: a call transcript's options (shown for transcripts only):
            ``agent_combo``, which speaker is the agent (first item: guess from the labels), and
            ``start_check`` with ``start_edit``, when the call started if the file does not say.
        problem: the first problem found (hidden when there is none).
        table: the first conversations.
    """

    sig_format_chosen = Signal(str)
    sig_columns_wanted = Signal()
    sig_transcript_options_chosen = Signal()

    COLUMNS = 6
    MESSAGES_COLUMN = 4

    def __init__(self, preview: FilePreview, parent: QWidget | None = None):
        super().__init__(parent)
        self.preview = preview
        self.title = QLabel()
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.format_combo = QComboBox()
        self.format_combo.activated.connect(
            lambda _i: self.sig_format_chosen.emit(self.format_combo.currentData())
        )
        format_label_widget = QLabel(self.tr("&Format:"))
        format_label_widget.setBuddy(self.format_combo)
        format_row = QHBoxLayout()
        format_row.addWidget(format_label_widget)
        format_row.addWidget(self.format_combo)
        format_row.addStretch(1)

        self.columns_label = QLabel()
        self.columns_label.setWordWrap(True)
        self.columns_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.columns_button = QPushButton(self.tr("Change &columns…"))
        self.columns_button.clicked.connect(self.sig_columns_wanted)
        self.save_mapping_button = QPushButton(self.tr("&Save mapping…"))
        self.save_mapping_button.setToolTip(
            self.tr("Save these columns to a file that qa-desk import --mapping reads")
        )
        self.save_mapping_button.clicked.connect(lambda: self.save_mapping())
        columns_row = QHBoxLayout()
        columns_row.addWidget(self.columns_label, 1)
        columns_row.addWidget(self.columns_button, 0, Qt.AlignmentFlag.AlignTop)
        columns_row.addWidget(self.save_mapping_button, 0, Qt.AlignmentFlag.AlignTop)
        self.columns_box = QWidget()
        self.columns_box.setLayout(columns_row)
        columns_row.setContentsMargins(0, 0, 0, 0)

        self._build_transcript_box()

        self.problem = QFrame()
        self.problem.setFrameShape(QFrame.Shape.StyledPanel)
        self.problem_icon = QLabel()
        self.problem_icon.setPixmap(
            theme.icon("alert-circle-outline", theme.VERMILLION).pixmap(ICON_SIZE, ICON_SIZE)
        )
        self.problem_text = QLabel()
        self.problem_text.setWordWrap(True)
        self.problem_text.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.problem_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        problem_row = QHBoxLayout(self.problem)
        problem_row.addWidget(self.problem_icon, 0, Qt.AlignmentFlag.AlignTop)
        problem_row.addWidget(self.problem_text, 1)

        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("ID"),
                self.tr("Started"),
                self.tr("Agent"),
                self.tr("Channel"),
                self.tr("Messages"),
                self.tr("First message"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setHighlightSections(False)
        self.footer = QLabel()

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(format_row)
        layout.addWidget(self.columns_box)
        layout.addWidget(self.transcript_box)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addStretch(0)  # takes the room of the table when there is nothing to list
        layout.addWidget(self.footer)
        self.show_preview(preview)

    def _build_transcript_box(self) -> None:
        self.agent_combo = QComboBox()
        self.agent_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.agent_combo.activated.connect(lambda _i: self.sig_transcript_options_chosen.emit())
        self.start_check = QCheckBox(self.tr("Call &started at:"))
        self.start_check.setToolTip(self.tr("Used when the file does not give the start time"))
        self.start_edit = QDateTimeEdit()
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat(QLocale().dateTimeFormat(QLocale.FormatType.ShortFormat))
        now = QDateTime.currentDateTime()
        self.start_edit.setDateTime(QDateTime(now.date(), QTime(now.time().hour(), 0)))
        self.start_edit.setEnabled(False)
        self.start_check.toggled.connect(self.start_edit.setEnabled)
        self.start_check.toggled.connect(lambda _on: self.sig_transcript_options_chosen.emit())
        self.start_edit.editingFinished.connect(self._start_edited)
        start_row = QHBoxLayout()
        start_row.addWidget(self.start_check)
        start_row.addWidget(self.start_edit)
        start_row.addWidget(QLabel(self.tr("(when the file does not say)")))
        start_row.addStretch(1)
        agent_row = QHBoxLayout()
        agent_row.addWidget(self.agent_combo)
        agent_row.addStretch(1)
        self.transcript_box = QWidget()
        form = QFormLayout(self.transcript_box)
        form.setContentsMargins(0, 0, 0, 0)
        agent_label = QLabel(self.tr("&Agent speaker:"))
        agent_label.setBuddy(self.agent_combo)
        form.addRow(agent_label, agent_row)
        form.addRow(start_row)
        self.metadata_label = QLabel()
        self.metadata_label.setWordWrap(True)
        self.metadata_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.metadata_label)

    def _start_edited(self) -> None:
        if self.start_check.isChecked() and self.started_at() != self.preview.started_at:
            self.sig_transcript_options_chosen.emit()

    def agent_speaker(self) -> str | None:
        """The speaker chosen as the agent; None: guess from the labels."""
        return self.agent_combo.currentData()

    def started_at(self) -> datetime | None:
        """The start time chosen for a call whose file does not give one (UTC), or None."""
        if not self.start_check.isChecked():
            return None
        seconds = self.start_edit.dateTime().toSecsSinceEpoch()
        return datetime.fromtimestamp(seconds, UTC)

    def choose_agent_speaker(self, label: str | None) -> None:
        """Choose ``label`` as the agent speaker (None: guess), as the user would."""
        self.agent_combo.setCurrentIndex(max(0, self.agent_combo.findData(label)))
        self.sig_transcript_options_chosen.emit()

    def transcript_options(self, base: ImportOptions | None = None) -> ImportOptions:
        """``base`` with the transcript options chosen here."""
        return replace(
            base or ImportOptions(),
            agent_speaker=self.agent_speaker(),
            started_at=self.started_at(),
        )

    def _show_transcript_options(self, preview: FilePreview) -> None:
        self.transcript_box.setVisible(preview.is_transcript)
        if not preview.is_transcript:
            return
        self.metadata_label.setVisible(preview.metadata is not None)
        if preview.metadata is not None:
            metadata = Path(preview.metadata)
            self.metadata_label.setText(
                self.tr("Call metadata from {0} applied (agent, times, rating).").format(
                    f"{metadata.parent.name}/{metadata.name}"
                )
            )
            self.metadata_label.setToolTip(str(metadata.absolute()))
        self.agent_combo.blockSignals(True)
        self.agent_combo.clear()
        self.agent_combo.addItem(self.tr("Guess from the speakers' names and words"), None)
        for label in preview.speakers:
            self.agent_combo.addItem(label, label)
        if preview.agent_speaker and self.agent_combo.findData(preview.agent_speaker) < 0:
            self.agent_combo.addItem(preview.agent_speaker, preview.agent_speaker)
        self.agent_combo.setCurrentIndex(max(0, self.agent_combo.findData(preview.agent_speaker)))
        self.agent_combo.blockSignals(False)
        self.start_check.blockSignals(True)
        self.start_check.setChecked(preview.started_at is not None)
        self.start_edit.setEnabled(preview.started_at is not None)
        if preview.started_at is not None:
            self.start_edit.setDateTime(
                QDateTime.fromSecsSinceEpoch(int(preview.started_at.timestamp()))
            )
        self.start_check.blockSignals(False)

    def save_mapping(self, path: str | None = None) -> str | None:
        """Save the columns as this CSV is read to a mapping file (asking where when ``path`` is
        None); the path saved to, None when nothing was saved."""
        columns = self.preview.columns
        if columns is None or self.preview.needs_columns:
            return None
        if path is None:
            return save_mapping_as(self, self.preview.path, columns)
        write_mapping(path, self.preview.path, columns, None)
        return path

    def show_preview(self, preview: FilePreview) -> None:
        self.preview = preview
        path = Path(preview.path).absolute()
        self.title.setText(
            self.tr("<b>{0}</b> — {1} in {2}").format(
                escape(path.name),
                QLocale().formattedDataSize(preview.size),
                escape(str(path.parent)),
            )
        )
        self._fill_formats(preview)
        self._show_columns(preview)
        self._show_transcript_options(preview)
        self.problem.setVisible(preview.error is not None)
        self.problem_text.setText(self._problem_text(preview))
        self.problem_text.setToolTip(preview.error or "")
        self._fill_table(preview)
        self.table.setVisible(bool(preview.conversations) or preview.error is None)
        self.footer.setText(self._footer_text(preview))

    def _fill_formats(self, preview: FilePreview) -> None:
        self.format_combo.clear()
        detected = preview.format if preview.chosen_format == "auto" else None
        auto = self.tr("Detect automatically")
        if detected:
            auto = self.tr("Detect automatically: {0}").format(format_label(detected))
        self.format_combo.addItem(auto, "auto")
        for name in FORMATS:
            self.format_combo.addItem(format_label(name), name)
        self.format_combo.setCurrentIndex(max(0, self.format_combo.findData(preview.chosen_format)))

    def _problem_text(self, preview: FilePreview) -> str:
        if preview.error is None:
            return ""
        if preview.needs_columns and preview.columns is not None:
            unknown = [h or "?" for h, c in preview.columns.items() if c == IGNORE]
            chosen = set(preview.columns.values())
            needed = [short_column_label(c) for c in REQUIRED if c not in chosen]
            text = self.tr("QA Desk does not know what these columns hold: {0}.").format(
                ", ".join(unknown)
            )
            if needed:
                text += " " + self.tr("Still needed: {0}.").format(", ".join(needed))
            return (
                text
                + "\n"
                + self.tr(
                    "Choose the columns to import this file; until then nothing from it is imported."
                )
            )
        if preview.is_transcript and len(preview.speakers) > 1 and preview.agent_speaker is None:
            return self.tr(
                "QA Desk cannot tell which speaker is the agent from their names ({0}). Choose "
                "the agent speaker above; until then nothing from this file is imported."
            ).format(", ".join(preview.speakers))
        return self.tr("{0}\n\nNothing from this file will be imported.").format(preview.error)

    def _show_columns(self, preview: FilePreview) -> None:
        self.columns_box.setVisible(preview.header is not None)
        if preview.header is None or preview.columns is None:
            return
        used = [
            self.tr("{0} ← {1}").format(short_column_label(c), escape(h) or "?")
            for h, c in preview.columns.items()
            if c != IGNORE
        ]
        ignored = [escape(h) for h, c in preview.columns.items() if c == IGNORE]
        text = self.tr("<b>Columns:</b> {0}").format("; ".join(used) or self.tr("none known"))
        if ignored and not preview.needs_columns:
            text += "<br>" + self.tr("<b>Not imported:</b> {0}").format(", ".join(ignored))
        if preview.columns_given is not None:
            text += "<br>" + self.tr("<i>As you chose them for files with these columns.</i>")
        self.columns_label.setText(text)
        self.columns_button.setText(
            self.tr("Choose &columns…") if preview.needs_columns else self.tr("Change &columns…")
        )
        self.save_mapping_button.setVisible(not preview.needs_columns)

    def _fill_table(self, preview: FilePreview) -> None:
        locale = QLocale()
        self.table.setRowCount(len(preview.conversations))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, item in enumerate(preview.conversations):
            values = (
                item.external_id,
                local_time(item.started_at),
                item.agent or "",
                item.channel or "",
                locale.toString(item.message_count),
                item.first_message,
            )
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if column == self.MESSAGES_COLUMN:
                    cell.setTextAlignment(right)
                if column == self.COLUMNS - 1:
                    cell.setToolTip(value)
                self.table.setItem(row, column, cell)
        header = self.table.horizontalHeader()
        for column in range(self.COLUMNS - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        for column in range(self.COLUMNS - 1):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column) + 12, 220))

    def _footer_text(self, preview: FilePreview) -> str:
        shown = QLocale().toString(len(preview.conversations))
        if preview.error is not None:
            if not preview.conversations:
                return ""
            return self.tr("Conversations before the problem: {0}.").format(shown)
        if preview.more:
            text = self.tr("Conversations shown: the first {0}; the file holds more.").format(shown)
        else:
            text = self.tr("Conversations in the file: {0}, all shown.").format(shown)
        if preview.partial:
            text += " " + self.tr("Message counts are from the start of the file.")
        return text


def tab_names(previews: list[FilePreview]) -> list[str]:
    """The tab name of each file: its name, with its folder when another file has that name."""
    names = [Path(p.path).name for p in previews]
    return [
        f"{Path(p.path).parent.name}/{name}" if names.count(name) > 1 else name
        for p, name in zip(previews, names, strict=True)
    ]


class ImportPreviewDialog(QDialog):
    """What the chosen files hold, before anything is imported; Import imports the files without
    a problem.

    Attributes:
        panels: one per file, in the order given, but for call metadata files read with their
            transcripts (the transcript's panel says so).
        companions: those metadata files' previews.
        import_button: starts the import (disabled when no file can be imported).
    """

    sig_format_chosen = Signal(int, str)  # file index, format ("auto" to detect)
    sig_columns_wanted = Signal(int)  # file index

    def __init__(self, previews: list[FilePreview], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import conversations"))
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.panels: list[FilePanel] = []
        self.companions = [p for p in previews if p.companion_of is not None]
        shown = [p for p in previews if p.companion_of is None]
        for index, (preview, name) in enumerate(zip(shown, tab_names(shown), strict=True)):
            panel = FilePanel(preview)
            panel.sig_format_chosen.connect(
                lambda fmt, i=index: self.sig_format_chosen.emit(i, fmt)
            )
            panel.sig_columns_wanted.connect(lambda i=index: self.sig_columns_wanted.emit(i))
            panel.sig_transcript_options_chosen.connect(
                lambda i=index: self.preview_transcript_again(i)
            )
            self.panels.append(panel)
            self.tabs.addTab(panel, name)
            self.tabs.setTabToolTip(index, str(Path(preview.path).absolute()))
        self.tabs.tabBar().setVisible(len(shown) > 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button: QPushButton = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setIcon(theme.icon("file-import-outline"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(980, 600)
        self._update()

    @property
    def previews(self) -> list[FilePreview]:
        return [panel.preview for panel in self.panels]

    def set_preview(self, index: int, preview: FilePreview) -> None:
        """Show a new preview of file ``index`` (after its format or columns changed)."""
        self.panels[index].show_preview(preview)
        self._update()

    def preview_transcript_again(self, index: int) -> None:
        """Read transcript ``index`` again with the options chosen in its panel (in the
        background), so the preview shows who is the agent and whether it can be imported."""
        panel = self.panels[index]
        path, fmt = panel.preview.path, panel.preview.chosen_format
        options = panel.transcript_options(ImportOptions(call_metadata=panel.preview.call_metadata))
        operation: Operation[FilePreview] = Operation(
            self.parentWidget(), lambda _progress, _cancelled: preview_file(path, fmt, options)
        )

        def show(preview: FilePreview) -> None:
            if isValid(self) and self.isVisible():  # not closed while the file was read
                self.set_preview(index, preview)

        operation.success(show).run()

    def importable(self) -> list[FilePreview]:
        """The files Import will import."""
        return [p for p in self.previews if p.importable]

    def _update(self) -> None:
        previews = self.previews
        good = len(self.importable())
        bad = len(previews) - good
        for index, preview in enumerate(previews):
            icon = "check-circle-outline" if preview.importable else "alert-circle-outline"
            color = theme.PASS if preview.importable else theme.FAIL
            self.tabs.setTabIcon(index, theme.icon(icon, color))
        if len(previews) == 1:
            heading = self.tr("Check the first conversations of the file, then import it.")
        else:
            heading = self.tr(
                "Check the first conversations of each file (one tab per file), then import them."
            )
        if bad:
            heading += " " + self.tr("Files with a problem, not imported: {0} of {1}.").format(
                bad, len(previews)
            )
        self.heading.setText(heading)
        self.import_button.setText(
            self.tr("&Import")
            if good == len(previews)
            else self.tr("&Import the files without problems")
        )
        self.import_button.setEnabled(good > 0)
