"""The rubric editor's tree: a Qt item model over a :class:`RubricDraft` (sections at the top level,
their criteria below), with drag and drop and keyboard moves that reorder the draft in place.

Drag and drop follows Qt's protocol for moves: the dragged item travels as its plain data,
:meth:`RubricTreeModel.dropMimeData` inserts it at the drop position, and the view then removes the
original with :meth:`RubricTreeModel.removeRows`.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont

from qa_desk.rubric_edit import CriterionDraft, RubricDraft, SectionDraft
from ui import theme

MIME_TYPE = "application/x-qa-desk-rubric-item"
AnyIndex = QModelIndex | QPersistentModelIndex
_drops = itertools.count(1)
_ROOT = QModelIndex()  # the invisible root, as a default argument


class RubricTreeModel(QAbstractItemModel):
    """Sections and criteria of the draft being edited.

    A section's index has internal id 0; a criterion's index has its section's
    :attr:`SectionDraft.key`, so criteria stay attached to their section while sections move.

    Attributes:
        draft: the document shown; the model changes it in place.
        problems: positions with a validation problem, ``(section, criterion)`` with criterion
            None for a section itself; they get a warning icon.
    Signals:
        sig_structure_changed(str): sections or criteria were added, removed or moved; the text
            is a key that ties the two halves of one drag-and-drop move together ("" otherwise).
        sig_dropped(QPersistentModelIndex): where a dragged item landed, to select it.
    """

    sig_structure_changed = Signal(str)
    sig_dropped = Signal(QPersistentModelIndex)

    COLUMNS = 3
    NAME, SCALE, WEIGHT = range(COLUMNS)

    def __init__(self, draft: RubricDraft | None = None, parent: Any = None):
        super().__init__(parent)
        self.draft = draft or RubricDraft()
        self.problems: set[tuple[int, int | None]] = set()
        self._drop_key = ""

    def set_draft(self, draft: RubricDraft) -> None:
        self.beginResetModel()
        self.draft = draft
        self.problems = set()
        self.endResetModel()

    # --- positions -----------------------------------------------------------------------------

    def _section_row(self, key: int) -> int:
        for row, section in enumerate(self.draft.sections):
            if section.key == key:
                return row
        return -1

    def position(self, index: AnyIndex) -> tuple[int, int | None] | None:
        """``(section, criterion)`` of an index (criterion None for a section); None for none."""
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return index.row(), None
        return self._section_row(index.internalId()), index.row()

    def index_of(self, section: int, criterion: int | None = None, column: int = 0) -> QModelIndex:
        if not 0 <= section < len(self.draft.sections):
            return QModelIndex()
        parent = self.index(section, 0)
        if criterion is None:
            return self.index(section, column)
        if not 0 <= criterion < len(self.draft.sections[section].criteria):
            return parent
        return self.index(criterion, column, parent)

    def section_at(self, index: AnyIndex) -> SectionDraft | None:
        where = self.position(index)
        return self.draft.sections[where[0]] if where is not None else None

    def criterion_at(self, index: AnyIndex) -> CriterionDraft | None:
        where = self.position(index)
        if where is None or where[1] is None:
            return None
        return self.draft.sections[where[0]].criteria[where[1]]

    # --- the model -----------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = _ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, self.draft.sections[parent.row()].key)

    def parent(self, index: AnyIndex = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        row = self._section_row(index.internalId())
        return self.createIndex(row, 0, 0) if row >= 0 else QModelIndex()

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        if not parent.isValid():
            return len(self.draft.sections)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.draft.sections[parent.row()].criteria)
        return 0

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            titles = (self.tr("Section / criterion"), self.tr("Scale"), self.tr("Weight"))
            return titles[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == self.WEIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        where = self.position(index)
        if where is None:
            return None
        section = self.draft.sections[where[0]]
        criterion = section.criteria[where[1]] if where[1] is not None else None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(section, criterion, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            item = criterion or section
            tip = self.tr("id: {0}").format(item.id) if item.id else self.tr("no id yet")
            if criterion is not None and criterion.scale_kind == "labels":
                tip += "\n" + " < ".join(criterion.labels)
            if criterion is not None and self.flags_text(criterion):
                tip += "\n" + self.flags_text(criterion)
            return tip
        if (
            role == Qt.ItemDataRole.DecorationRole
            and column == self.NAME
            and where in self.problems
        ):
            return theme.icon("alert-circle-outline", theme.VERMILLION)
        if role == Qt.ItemDataRole.DecorationRole and column == self.NAME and criterion:
            return (
                theme.icon("shield-alert-outline", theme.CRITICAL) if criterion.critical else None
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.WEIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and criterion is None:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, section: SectionDraft, criterion: CriterionDraft | None, column: int) -> str:
        if criterion is None:
            if column == self.NAME:
                return section.name or self.tr("(no name)")
            if column == self.WEIGHT:
                return str(sum(c.weight for c in section.criteria))
            return ""
        if column == self.NAME:
            return criterion.name or self.tr("(no name)")
        if column == self.SCALE:
            scale = criterion.scale
            if scale.kind == "binary":
                return self.tr("pass/fail")
            if scale.kind == "points":
                return scale.describe()
            return self.tr("{0} labels").format(len(scale.labels))
        return str(criterion.weight) if column == self.WEIGHT else ""

    def flags_text(self, criterion: CriterionDraft) -> str:
        """What the tree shows as icons or leaves out, in words (critical, N/A, automatic check)."""
        flags = []
        if criterion.critical:
            flags.append(self.tr("critical"))
        if criterion.allow_na:
            flags.append(self.tr("N/A allowed"))
        if criterion.autoqa:
            flags.append(self.tr("automatic check: {0}").format(criterion.autoqa))
        return ", ".join(flags)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )
        if index.internalId() == 0:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    # --- edits ---------------------------------------------------------------------------------

    def item_changed(self, section: int, criterion: int | None = None) -> None:
        """Repaint an item after its fields changed (and its section, whose weight sums)."""
        first = self.index_of(section, criterion, 0)
        self.dataChanged.emit(first, first.siblingAtColumn(self.COLUMNS - 1))
        if criterion is not None:
            parent = self.index_of(section)
            self.dataChanged.emit(parent, parent.siblingAtColumn(self.COLUMNS - 1))

    def set_problems(self, problems: set[tuple[int, int | None]]) -> None:
        changed = problems ^ self.problems
        self.problems = problems
        for section, criterion in changed:
            if self.index_of(section, criterion).isValid():
                index = self.index_of(section, criterion)
                self.dataChanged.emit(index, index)

    def insert_section(self, row: int, section: SectionDraft, key: str = "") -> QModelIndex:
        self.beginInsertRows(QModelIndex(), row, row)
        self.draft.sections.insert(row, section)
        self.endInsertRows()
        self.sig_structure_changed.emit(key)
        return self.index(row, 0)

    def insert_criterion(
        self, section: int, row: int, criterion: CriterionDraft, key: str = ""
    ) -> QModelIndex:
        parent = self.index(section, 0)
        self.beginInsertRows(parent, row, row)
        self.draft.sections[section].criteria.insert(row, criterion)
        self.endInsertRows()
        self.sig_structure_changed.emit(key)
        return self.index(row, 0, parent)

    def removeRows(self, row: int, count: int, parent: AnyIndex = _ROOT) -> bool:
        if count < 1 or row < 0 or row + count > self.rowCount(parent):
            return False
        self.beginRemoveRows(parent, row, row + count - 1)
        items: list[Any] = (
            self.draft.sections[parent.row()].criteria if parent.isValid() else self.draft.sections
        )
        del items[row : row + count]
        self.endRemoveRows()
        self.sig_structure_changed.emit(self._drop_key)
        self._drop_key = ""
        return True

    def move(self, index: AnyIndex, step: int) -> QModelIndex:
        """Move an item one place up (``step`` -1) or down (+1); a criterion at the end of its
        section moves into the neighbouring section. Returns where it is now (or ``index``)."""
        where = self.position(index)
        if where is None:
            return QModelIndex(index)
        sections = self.draft.sections
        s, c = where
        root = QModelIndex()
        if c is None:
            to = s + step
            if not 0 <= to < len(sections):
                return QModelIndex(index)
            self.beginMoveRows(root, s, s, root, to + (1 if step > 0 else 0))
            sections.insert(to, sections.pop(s))
            self.endMoveRows()
            self.sig_structure_changed.emit("")
            return self.index(to, 0)
        source = self.index(s, 0)
        to_c = c + step
        to_s = s
        if not 0 <= to_c < len(sections[s].criteria):
            to_s = s + step
            if not 0 <= to_s < len(sections):
                return QModelIndex(index)
            to_c = len(sections[to_s].criteria) if step < 0 else 0
        target = self.index(to_s, 0)
        destination = to_c + (1 if step > 0 and to_s == s else 0)
        self.beginMoveRows(source, c, c, target, destination)
        sections[to_s].criteria.insert(to_c, sections[s].criteria.pop(c))
        self.endMoveRows()
        self.sig_structure_changed.emit("")
        return self.index(to_c, 0, self.index(to_s, 0))

    # --- drag and drop -------------------------------------------------------------------------

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        mime = QMimeData()
        names = [i for i in indexes if i.isValid() and i.column() == 0]
        if not names:
            return mime
        index = names[0]
        criterion = self.criterion_at(index)
        item = criterion or self.section_at(index)
        assert item is not None
        kind = "criterion" if criterion is not None else "section"
        payload = {"kind": kind, "data": item.to_data()}
        mime.setData(MIME_TYPE, json.dumps(payload).encode("utf-8"))
        return mime

    @staticmethod
    def _payload(data: QMimeData) -> dict[str, Any] | None:
        if not data.hasFormat(MIME_TYPE):
            return None
        try:
            payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(payload, dict) or payload.get("kind") not in ("section", "criterion"):
            return None
        return payload

    def drop_target(self, kind: str, row: int, parent: AnyIndex) -> tuple[int, int] | None:
        """Where an item dropped at ``row`` under ``parent`` goes: ``(section row, -1)`` for a
        section, ``(section, criterion row)`` for a criterion; None when it cannot go there."""
        sections = self.draft.sections
        where = self.position(parent)
        if kind == "section":
            if where is None:
                return (row if 0 <= row <= len(sections) else len(sections)), -1
            s, c = where
            # dropped on a section: before it; among its criteria: after it
            return (s if row < 0 and c is None else s + 1), -1
        if not sections:
            return None
        if where is None:
            # between sections: at the end of the section above (the start of the first)
            if row < 0:
                return len(sections) - 1, len(sections[-1].criteria)
            if row == 0:
                return 0, 0
            above = min(row, len(sections)) - 1
            return above, len(sections[above].criteria)
        s, c = where
        if c is not None:
            return s, c + 1
        count = len(sections[s].criteria)
        return s, (row if 0 <= row <= count else count)

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        payload = self._payload(data)
        if payload is None or action not in (Qt.DropAction.MoveAction, Qt.DropAction.CopyAction):
            return False
        return self.drop_target(payload["kind"], row, parent) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        payload = self._payload(data)
        assert payload is not None
        target = self.drop_target(payload["kind"], row, parent)
        assert target is not None
        # the view removes the original next: both halves make one undo step
        self._drop_key = f"drop-{next(_drops)}"
        QTimer.singleShot(0, self._forget_drop)
        if payload["kind"] == "section":
            index = self.insert_section(
                target[0], SectionDraft.from_data(payload["data"]), self._drop_key
            )
        else:
            criterion = CriterionDraft.from_data(payload["data"])
            index = self.insert_criterion(target[0], target[1], criterion, self._drop_key)
        self.sig_dropped.emit(QPersistentModelIndex(index))
        return True

    def _forget_drop(self) -> None:
        self._drop_key = ""
