"""The column mappings a user chose for CSV exports, remembered in QSettings per header row (the
hash of its normalised column names), so the next export of the same kind imports without asking."""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import QSettings

from qa_desk.ingest.csv_columns import IGNORE, clean, header_key

GROUP = "import/columns"


class ColumnMemory:
    """Every remembered mapping, read from QSettings once (so the worker thread can look them up
    without touching Qt).

    Attributes:
        mappings: header key → the QA Desk column of each header column, in order (``""``: ignored).
    """

    def __init__(self, mappings: dict[str, list[str]] | None = None):
        self.mappings = mappings or {}

    @classmethod
    def load(cls) -> ColumnMemory:
        settings = QSettings()
        settings.beginGroup(GROUP)
        mappings: dict[str, list[str]] = {}
        for key in settings.childKeys():
            try:
                values = json.loads(str(settings.value(key, "", str)))
            except ValueError:
                continue
            if isinstance(values, list) and all(isinstance(v, str) for v in values):
                mappings[key] = values
        settings.endGroup()
        return cls(mappings)

    def lookup(self, header: list[str]) -> dict[str, str] | None:
        """The mapping remembered for ``header``, None when there is none."""
        values = self.mappings.get(header_key(header))
        if values is None or len(values) != len(header):
            return None
        return {clean(h): v for h, v in zip(header, values, strict=True)}

    def remember(self, header: Sequence[str], columns: dict[str, str]) -> None:
        """Keep ``columns`` for every file whose header is ``header`` (here and in QSettings)."""
        key = header_key(header)
        values = [columns.get(clean(h), IGNORE) for h in header]
        self.mappings[key] = values
        settings = QSettings()
        settings.setValue(f"{GROUP}/{key}", json.dumps(values))
        settings.sync()
