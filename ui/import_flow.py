"""Importing conversations from the window (File → Import, Ctrl+O, or files dropped on it).

The flow: read the start of each file in the background; ask what the columns of a CSV hold when
QA Desk does not know them (remembering the answer per kind of header); show a preview of the
first conversations of each file with any problem found; import in the background with progress
and Cancel, followed in the same worker by the automatic checks of the conversations it added or
changed (:func:`import_and_check`); end with a report of what each file added, updated or left
unchanged, or of the problem that stopped it. Every dialog is opened with ``open()``, never ``exec()``, and kept as an attribute
while it is shown, so the flow can be driven and checked like a user would.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from qa_desk.autoqa import check_imported
from qa_desk.changes import Changes
from qa_desk.db.engine import Database
from qa_desk.db.models import utcnow
from qa_desk.errors import Cancelled
from qa_desk.ingest.options import ImportOptions
from qa_desk.ingest.preview import FilePreview, preview_file, preview_files
from qa_desk.progress import CancelCheck, Progress
from ui.context import AppContext
from ui.importing.column_mapping_dialog import ColumnMappingDialog
from ui.importing.column_memory import ColumnMemory
from ui.importing.preview_dialog import ImportPreviewDialog
from ui.importing.report_dialog import ImportReportDialog
from ui.importing.worker import LEFT_OUT, FileImport, FileOutcome, ImportOutcome, import_each
from ui.operations import Operation, show_error


def import_and_check(
    db: Database,
    files: list[FileImport],
    progress: Progress,
    cancelled: CancelCheck,
    label: str,
    checking: str,
) -> ImportOutcome:
    """Import ``files`` (:func:`~ui.importing.worker.import_each`), then run the automatic checks
    on the conversations the import added or changed, reporting ``checking`` as progress. The
    import stands whatever happens to the checks: after a cancel they are left for the next run
    (``qa-desk autoqa run`` or the next import), and an error in them is reported with the
    import's outcome."""
    started = utcnow()
    outcome = import_each(db, files, progress, cancelled, label)
    if not outcome.changed_database or outcome.cancelled:
        return outcome

    def checks_progress(done: int, total: int, _message: str) -> None:
        progress(done, total, checking)
        time.sleep(0)  # hand the interpreter to the window between chunks, as the import does

    gc.freeze()  # as during the import: a full collection would stall the window
    try:
        check_imported(db, started, checks_progress, cancelled)
    except Cancelled:
        pass
    except Exception as error:  # shown in the report, never lost
        if outcome.error is None:
            outcome.error = RuntimeError(f"the automatic checks failed: {error}")
    finally:
        gc.unfreeze()
    return outcome


class ImportFlow(QObject):
    """Leads the user through one import at a time, from choosing files to the final report.

    Attributes:
        context: the database and change notifications.
        window: the window the dialogs belong to.
        memory: the remembered CSV column mappings (read again at each import).
        operation: the background work under way (reading the files or importing them).
        preview_dialog: the preview, while it is shown.
        mapping_dialog: the column mapping of a CSV, while it is shown.
        report_dialog: the report at the end, while it is shown.
    """

    sig_finished = Signal(object)  # ImportOutcome, once the report is shown

    def __init__(self, context: AppContext, parent: QWidget):
        super().__init__(parent)
        self.context = context
        self.window = parent
        self.memory = ColumnMemory()
        self.operation: Operation[Any] | None = None
        self.preview_dialog: ImportPreviewDialog | None = None
        self.mapping_dialog: ColumnMappingDialog | None = None
        self.report_dialog: ImportReportDialog | None = None
        self._busy = False
        self._columns_to_ask: list[int] = []

    @property
    def busy(self) -> bool:
        """Whether an import is being prepared or run (a second one waits for it to end)."""
        return self._busy

    def choose_files(self) -> list[str]:
        """Ask which files to import (starting in the folder of the last import)."""
        settings = QSettings()
        folder = settings.value("import/folder", "", str)
        file_filter = self.tr(
            "Conversation exports (*.jsonl *.jsonl.gz *.json *.json.gz *.csv *.csv.gz *.tsv "
            "*.tsv.gz *.txt);;All files (*)"
        )
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, self.tr("Import conversations"), folder, file_filter
        )
        if paths:
            settings.setValue("import/folder", str(Path(paths[0]).parent))
        return paths

    def start(self, paths: list[str] | None = None) -> bool:
        """Import ``paths`` (asking for files when there are none); False when nothing starts."""
        if self._busy:
            for dialog in (self.mapping_dialog, self.preview_dialog):
                if dialog is not None:
                    dialog.raise_()
                    dialog.activateWindow()
                    break
            return False
        paths = [str(p) for p in (paths or [])] or self.choose_files()
        if not paths:
            return False
        self._busy = True
        self.memory = ColumnMemory.load()
        lookup = self.memory.lookup
        reading = self.tr("Reading the files…")
        operation: Operation[list[FilePreview]] = Operation(
            self.window,
            lambda progress, cancelled: preview_files(
                paths,
                columns_for=lookup,
                progress=lambda done, total, _message: progress(done, total, reading),
                cancelled=cancelled,
            ),
            title=self.tr("Reading the files"),
        )
        operation.success(self._show_preview).failure(self._reading_failed)
        operation.cancelled(self._end)
        self.operation = operation
        operation.run()
        return True

    # --- preview and columns -------------------------------------------------------------------

    def _reading_failed(self, error: BaseException) -> None:
        self._end()
        show_error(self.window, error, self.tr("Import conversations"))

    def _show_preview(self, previews: list[FilePreview]) -> None:
        self.operation = None
        dialog = ImportPreviewDialog(previews, self.window)
        dialog.sig_format_chosen.connect(self._change_format)
        dialog.sig_columns_wanted.connect(self.ask_columns)
        dialog.accepted.connect(self._import)
        dialog.rejected.connect(self._end)
        self.preview_dialog = dialog
        dialog.open()
        self._columns_to_ask = [i for i, p in enumerate(previews) if p.needs_columns]
        self._ask_next_columns()

    def _ask_next_columns(self) -> None:
        if self._columns_to_ask and self.preview_dialog is not None:
            self.ask_columns(self._columns_to_ask.pop(0))

    def ask_columns(self, index: int) -> None:
        """Ask what the columns of file ``index`` hold; preview it again with the answer."""
        if self.preview_dialog is None or self.mapping_dialog is not None:
            return
        preview = self.preview_dialog.previews[index]
        if preview.header is None:
            return
        dialog = ColumnMappingDialog(
            Path(preview.path).name,
            preview.header,
            preview.sample_rows,
            preview.columns or {},
            self.preview_dialog,
        )

        def answered(result: int) -> None:
            self.mapping_dialog = None
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted:
                columns = dialog.columns()
                self.memory.remember(preview.header or [], columns)
                self._preview_again(index, preview.chosen_format, columns)
            self._ask_next_columns()

        dialog.finished.connect(answered)
        self.mapping_dialog = dialog
        dialog.open()

    def _change_format(self, index: int, fmt: str) -> None:
        self._preview_again(index, fmt, None, ask=True)

    def _preview_again(
        self, index: int, fmt: str, columns: dict[str, str] | None, ask: bool = False
    ) -> None:
        if self.preview_dialog is None:
            return
        shown = self.preview_dialog.previews[index]
        path = shown.path
        options = ImportOptions(columns=columns, call_metadata=shown.call_metadata)
        lookup = self.memory.lookup
        operation: Operation[FilePreview] = Operation(
            self.window,
            lambda _progress, _cancelled: preview_file(path, fmt, options, columns_for=lookup),
        )

        def show(preview: FilePreview) -> None:
            if self.preview_dialog is None:
                return
            self.preview_dialog.set_preview(index, preview)
            if ask and preview.needs_columns:
                self.ask_columns(index)

        operation.success(show).run()

    # --- import --------------------------------------------------------------------------------

    def _import(self) -> None:
        dialog = self.preview_dialog
        if dialog is None:
            return
        files = [FileImport(p.path, p.format or "auto", p.options()) for p in dialog.importable()]
        left_out = [
            FileOutcome(p.path, LEFT_OUT, problem=p.error or "")
            for p in dialog.previews
            if not p.importable
        ]
        self.preview_dialog = None
        dialog.deleteLater()
        db = self.context.db
        label = self.tr("Importing {name} ({index} of {count})")
        checking = self.tr("Running the automatic checks…")
        operation: Operation[ImportOutcome] = Operation(
            self.window,
            lambda progress, cancelled: import_and_check(
                db, files, progress, cancelled, label, checking
            ),
            title=self.tr("Importing conversations"),
        )

        def reported(outcome: ImportOutcome) -> None:
            outcome.files.extend(left_out)  # the report lists them too, and why
            self._imported(outcome)

        operation.success(reported).failure(
            lambda error: reported(
                ImportOutcome(
                    [FileOutcome(f.path) for f in files],
                    error if isinstance(error, Exception) else RuntimeError(str(error)),
                )
            )
        )
        self.operation = operation
        operation.run()

    def _imported(self, outcome: ImportOutcome) -> None:
        self.operation = None
        if outcome.changed_database:
            self.context.changed(Changes(conversations=True))
        dialog = ImportReportDialog(outcome, self.window)

        def closed(_result: int) -> None:
            if self.report_dialog is dialog:
                self.report_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        self.report_dialog = dialog
        dialog.open()
        self._end()
        self.sig_finished.emit(outcome)

    def _end(self) -> None:
        if self.preview_dialog is not None:
            self.preview_dialog.deleteLater()
            self.preview_dialog = None
        self.operation = None
        self._busy = False
