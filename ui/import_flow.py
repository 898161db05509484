"""Importing conversations from the window: choose files (or drop them), import in the background
with progress and Cancel, report what was added."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from qa_desk.changes import Changes
from qa_desk.ingest import ImportResult, import_files
from ui.context import AppContext
from ui.operations import Operation

FILE_FILTER = "Conversation exports (*.jsonl *.jsonl.gz *.json *.json.gz *.csv *.csv.gz *.tsv *.txt);;All files (*)"


class ImportFlow(QObject):
    """Runs an import the user asked for from the menu, the keyboard or a drop."""

    def __init__(self, context: AppContext, parent: QWidget):
        super().__init__(parent)
        self.context = context
        self.window = parent
        self.operation: Operation[list[ImportResult]] | None = None

    def choose_files(self) -> list[str]:
        settings = QSettings()
        folder = settings.value("import/folder", "", str)
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, self.tr("Import conversations"), folder, self.tr(FILE_FILTER)
        )
        if paths:
            settings.setValue("import/folder", str(Path(paths[0]).parent))
        return paths

    def start(self, paths: list[str] | None = None) -> Operation[list[ImportResult]] | None:
        paths = list(paths or []) or self.choose_files()
        if not paths:
            return None
        db = self.context.db
        self.operation = Operation(
            self.window,
            lambda progress, cancelled: import_files(
                db, paths, progress=progress, cancelled=cancelled
            ),
            title=self.tr("Importing conversations"),
        )
        self.operation.success(self._done).cancelled(self._cancelled).run()
        return self.operation

    def _done(self, results: list[ImportResult]) -> None:
        self.context.changed(Changes(conversations=True))
        lines = [
            self.tr("{0}: {1} added, {2} updated, {3} unchanged").format(
                r.path, r.counts.added, r.counts.updated, r.counts.unchanged
            )
            for r in results
        ]
        QMessageBox.information(self.window, self.tr("Import finished"), "\n".join(lines))

    def _cancelled(self) -> None:
        QMessageBox.information(
            self.window, self.tr("Import cancelled"), self.tr("Nothing from the file was imported.")
        )
