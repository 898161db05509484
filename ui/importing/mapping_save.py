"""Saving a CSV's column mapping to the YAML file ``qa-desk import --mapping FILE`` reads, so a
mapping chosen in the window can be used again from the command line (or by a colleague)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from qa_desk.ingest import mapping_file

SETTING = "import/mapping_folder"


def _tr(text: str) -> str:
    return QCoreApplication.translate("MappingSave", text)


def default_path(csv_path: str) -> Path:
    """Where the save dialog starts: ``NAME-mapping.yaml`` in the last folder a mapping was saved
    to, else beside the CSV (``csv_path`` may be a bare file name: then the folder files were
    last imported from, else the home folder)."""
    settings = QSettings()
    given = Path(csv_path)
    folder = (
        settings.value(SETTING, "", str)
        or (str(given.parent) if given.is_absolute() else "")
        or settings.value("import/folder", "", str)
        or str(Path.home())
    )
    stem = given.name.split(".")[0] or "columns"
    return Path(folder) / f"{stem}-mapping.yaml"


def write_mapping(
    path: str | Path, csv_path: str, columns: Mapping[str, str], roles: Mapping[str, str] | None
) -> None:
    """Write the mapping file for ``csv_path``'s ``columns`` (and role values) to ``path``."""
    title = f"QA Desk column mapping for {Path(csv_path).name}"
    mapping_file.save(path, columns, roles, title=title)


def save_mapping_as(
    parent: QWidget,
    csv_path: str,
    columns: Mapping[str, str],
    roles: Mapping[str, str] | None = None,
) -> str | None:
    """Ask where to save the mapping, save it; the path saved to, None when cancelled or failed
    (the failure is shown)."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent,
        _tr("Save column mapping"),
        str(default_path(csv_path)),
        _tr("Column mappings (*.yaml *.yml);;All files (*)"),
    )
    if not chosen:
        return None
    if not Path(chosen).suffix:
        chosen += ".yaml"
    try:
        write_mapping(chosen, csv_path, columns, roles)
    except OSError as error:
        QMessageBox.warning(
            parent,
            _tr("Save column mapping"),
            _tr("The mapping could not be saved to {0}: {1}").format(
                chosen, error.strerror or error
            ),
        )
        return None
    QSettings().setValue(SETTING, str(Path(chosen).parent))
    return chosen
