"""The preview of a sample: a summary line, why conversations were picked, and per agent and per
reviewer counts, each in a small table."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qa_desk.sampling import SamplePlan

Index = QModelIndex | QPersistentModelIndex


class CountsModel(QAbstractTableModel):
    """Rows of a name and whole numbers (the first column text, the others right-aligned).

    Attributes:
        headers: the column titles.
        rows: the rows shown.
    """

    def __init__(self, headers: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.headers = headers
        self.rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _table(model: CountsModel, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


class PreviewPanel(QWidget):
    """What a rule draws, as counts.

    Attributes:
        summary: matching and drawn counts (or "Updating…", or what is wrong).
        reasons: how many were picked for each reason.
        agents, reviewers: per agent and per reviewer counts.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel(self.tr("Preview appears here."))
        self.summary.setObjectName("samplingSummary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary.setFont(font)
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.agents = CountsModel([self.tr("Agent"), self.tr("Matching"), self.tr("Drawn")], self)
        self.reviewers = CountsModel(
            [self.tr("Reviewer"), self.tr("Assigned"), self.tr("Capacity")], self
        )
        self.agents_table = _table(self.agents, self.tr("Per agent"))
        self.reviewers_table = _table(self.reviewers, self.tr("Per reviewer"))
        tables = QSplitter(Qt.Orientation.Vertical)
        tables.addWidget(self.agents_table)
        tables.addWidget(self.reviewers_table)
        tables.setStretchFactor(0, 3)
        tables.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.summary)
        layout.addWidget(self.reasons)
        layout.addWidget(tables, 1)

    def show_plan(self, plan: SamplePlan) -> None:
        locale = QLocale()
        number = locale.toString
        text = self.tr("{0} conversations match; {1} drawn (seed {2}).").format(
            number(plan.candidates), number(plan.picked), plan.rule.seed
        )
        if plan.unassigned and plan.per_reviewer:
            text += " " + self.tr("{0} cannot be assigned: every reviewer is at capacity.").format(
                number(plan.unassigned)
            )
        elif not plan.per_reviewer:
            text += " " + self.tr("Tick the reviewers to assign them to.")
        self.summary.setText(text)
        kinds = sorted(plan.reasons.items(), key=lambda item: (-item[1], item[0]))
        self.reasons.setText(
            self.tr("Why picked: {0}").format(", ".join(f"{k} {number(n)}" for k, n in kinds))
            if kinds
            else ""
        )
        self.agents.set_rows(
            [(r.agent, number(r.candidates), number(r.picked)) for r in plan.per_agent]
        )
        self.reviewers.set_rows(
            [
                (r.reviewer, number(r.assigned), "–" if r.capacity is None else number(r.capacity))
                for r in plan.per_reviewer
            ]
        )

    def show_message(self, text: str) -> None:
        self.summary.setText(text)
