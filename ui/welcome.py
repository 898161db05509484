"""What an empty database offers: the bundled demo data, or importing a file."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget
from qa_desk.demo import load_demo

from qa_desk.changes import Changes
from ui.context import AppContext
from ui.import_flow import ImportFlow
from ui.operations import Operation


def offer_data(parent: QWidget, context: AppContext, importer: ImportFlow) -> None:
    """Ask what to start with, and do it."""
    box = QMessageBox(parent)
    box.setWindowTitle(box.tr("An empty database"))
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(box.tr("There are no conversations in this database yet."))
    box.setInformativeText(
        box.tr(
            "Load the demo data (about 2,000 conversations with past reviews, to try every "
            "screen), or import an export from your help desk."
        )
    )
    demo = box.addButton(box.tr("Load demo data"), QMessageBox.ButtonRole.AcceptRole)
    import_button = box.addButton(box.tr("Import a file…"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(box.tr("Start empty"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(demo)
    box.exec()
    if box.clickedButton() is demo:
        load_demo_data(parent, context)
    elif box.clickedButton() is import_button:
        importer.start()


def load_demo_data(parent: QWidget, context: AppContext) -> Operation[object]:
    db = context.db
    operation: Operation[object] = Operation(
        parent,
        lambda progress, cancelled: load_demo(db, progress=progress, cancelled=cancelled),
        title=parent.tr("Loading the demo data"),
    )
    operation.success(lambda _result: context.changed(Changes.everything())).run()
    return operation
