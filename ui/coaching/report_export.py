"""Exporting an agent's coaching report from the Coaching page: where to save it (the folder used
last is remembered), writing it in the background with progress and Cancel, and offering to open
the folder it was saved in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from qa_desk.db import Database
from qa_desk.progress import CancelCheck, Progress
from qa_desk.reports import write_coaching_report
from qa_desk.reports.common import ReportResult
from ui.operations import Operation

FOLDER_SETTING = "coaching/export_folder"


def _tr(text: str) -> str:
    return QCoreApplication.translate("CoachingExport", text)


def suggested_name(agent: str, first: date, last: date) -> str:
    """``coaching-Dana-Smith-2026-03-01-2026-03-31.xlsx``: safe on every file system."""
    name = "".join(c if c.isalnum() else "-" for c in agent).strip("-") or "agent"
    return f"coaching-{name}-{first}-{last}.xlsx"


def ask_path(parent: QWidget, agent: str, first: date, last: date) -> Path | None:
    """Ask where to save the report (None when the user cancels)."""
    folder = Path(str(QSettings().value(FOLDER_SETTING, str(Path.home()))))
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        _tr("Export coaching report"),
        str(folder / suggested_name(agent, first, last)),
        _tr("Excel workbooks (*.xlsx)"),
    )
    if not chosen:
        return None
    path = Path(chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx")
    QSettings().setValue(FOLDER_SETTING, str(path.parent))
    return path


def start_export(
    parent: QWidget,
    db: Database,
    agent_id: int,
    first: date,
    last: date,
    path: Path,
    done: Callable[[ReportResult], None],
) -> Operation[ReportResult]:
    """Write the report in the background; ``done`` gets the result in the GUI thread."""

    def work(progress: Progress, cancelled: CancelCheck) -> ReportResult:
        with db.reader() as session:
            return write_coaching_report(
                session, path, agent_id, first, last, progress=progress, cancelled=cancelled
            )

    return Operation(parent, work, title=_tr("Writing the coaching report")).success(done).run()


def offer_folder(parent: QWidget, result: ReportResult) -> QMessageBox:
    """Say where the report is, with a button that opens its folder (the box does not block)."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        _tr("Coaching report written"),
        _tr("The coaching report was saved as {0}.").format(result.path.name),
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setObjectName("exportDoneBox")
    open_folder = box.addButton(_tr("Open folder"), QMessageBox.ButtonRole.AcceptRole)
    open_folder.clicked.connect(
        lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path.parent)))
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
