"""The list of rubrics and their versions: who added each version, when, and how many reviews use it."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QVBoxLayout, QWidget

from qa_desk.db import Database
from qa_desk.rubric_store import VersionInfo, list_versions

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
VERSION_ROLE = Qt.ItemDataRole.UserRole + 2


class VersionList(QWidget):
    """Rubrics (top-level rows, with their newest version) and each of their versions below.

    Attributes:
        versions: what the list shows, as last read from the database.
    Signals:
        sig_selection_changed(): another row was selected.
        sig_activated(str, int): a row was double-clicked or Enter pressed on it (rubric key,
            version number; a rubric row means its newest version).
    """

    sig_selection_changed = Signal()
    sig_activated = Signal(str, int)

    COLUMNS = 4

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.versions: list[VersionInfo] = []
        self.model = QStandardItemModel(0, self.COLUMNS, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("Version"), self.tr("Created"), self.tr("By"), self.tr("Reviews")]
        )
        self.model.horizontalHeaderItem(3).setTextAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setObjectName("rubricVersions")
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(
            lambda *_: self.sig_selection_changed.emit()
        )
        self.view.activated.connect(self._activated)  # double-click or Enter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def refresh(self) -> None:
        """Read the versions again, keeping the selection."""
        chosen = self.selected()
        with self.db.reader() as session:
            self.versions = list_versions(session)
        self.model.removeRows(0, self.model.rowCount())
        by_key: dict[str, list[VersionInfo]] = {}
        for info in self.versions:
            by_key.setdefault(info.key, []).append(info)
        for key, versions in by_key.items():
            self.model.appendRow(self._rubric_row(key, versions))
            self.view.setFirstColumnSpanned(self.model.rowCount() - 1, QModelIndex(), True)
        self.view.expandAll()
        if chosen is not None:
            self.select(*chosen)

    def _rubric_row(self, key: str, versions: list[VersionInfo]) -> list[QStandardItem]:
        latest = versions[-1]
        bold = QFont()
        bold.setBold(True)
        title = QStandardItem(f"{latest.name} ({key})")
        title.setFont(bold)
        reviews = sum(v.reviews for v in versions)
        title.setToolTip(
            self.tr("{0}: newest version {1}").format(key, latest.version)
            + " · "
            + (self.tr("1 review") if reviews == 1 else self.tr("{0} reviews").format(reviews))
        )
        total = QStandardItem(QLocale().toString(reviews))
        row = [title, QStandardItem(), QStandardItem(), total]
        for item in row:
            item.setData(key, KEY_ROLE)
            item.setData(latest.version, VERSION_ROLE)
        total.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for info in reversed(versions):
            title.appendRow(self._version_row(info))
        return row

    def _version_row(self, info: VersionInfo) -> list[QStandardItem]:
        created = QDateTime.fromMSecsSinceEpoch(int(info.created_at.timestamp() * 1000))
        items = [
            QStandardItem(QLocale().toString(info.version)),
            QStandardItem(QLocale().toString(created.date(), QLocale.FormatType.ShortFormat)),
            QStandardItem(info.created_by or ""),
            QStandardItem(QLocale().toString(info.reviews)),
        ]
        items[0].setAccessibleText(self.tr("Version {0}").format(info.version))
        items[0].setToolTip(
            self.tr("Version {0}").format(info.version)
            + "\n"
            + self.tr("{0} criteria").format(info.criteria)
            + " · "
            + (
                self.tr("1 review")
                if info.reviews == 1
                else self.tr("{0} reviews").format(info.reviews)
            )
        )
        items[1].setToolTip(QLocale().toString(created, QLocale.FormatType.LongFormat))
        items[3].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for item in items:
            item.setData(info.key, KEY_ROLE)
            item.setData(info.version, VERSION_ROLE)
        return items

    def keys(self) -> list[str]:
        return sorted({v.key for v in self.versions})

    def info(self, key: str, version: int) -> VersionInfo | None:
        return next((v for v in self.versions if (v.key, v.version) == (key, version)), None)

    def selected(self) -> tuple[str, int] | None:
        """The selected version as ``(rubric key, version)``; a rubric row means its newest."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return index.data(KEY_ROLE), int(index.data(VERSION_ROLE))

    def _find(self, key: str, version: int) -> QModelIndex:
        for row in range(self.model.rowCount()):
            parent = self.model.index(row, 0)
            if parent.data(KEY_ROLE) != key:
                continue
            for child in range(self.model.rowCount(parent)):
                index = self.model.index(child, 0, parent)
                if index.data(VERSION_ROLE) == version:
                    return index
            return parent
        return QModelIndex()

    def select(self, key: str, version: int) -> None:
        index = self._find(key, version)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def row_texts(self) -> list[list[str]]:
        """What each row shows, depth first (rubric rows then their versions), for checks and tests."""
        rows = []
        for row in range(self.model.rowCount()):
            parent = self.model.index(row, 0)
            rows.append([self.model.index(row, c).data() or "" for c in range(self.COLUMNS)])
            for child in range(self.model.rowCount(parent)):
                rows.append(
                    [self.model.index(child, c, parent).data() or "" for c in range(self.COLUMNS)]
                )
        return rows

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_activated.emit(index.data(KEY_ROLE), int(index.data(VERSION_ROLE)))
