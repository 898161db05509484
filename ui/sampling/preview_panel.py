"""The preview of a sample: what is shown (a preview, the sample just created, or the next draw),
a summary line, why conversations were picked, and per agent and per reviewer counts, each in a
small table."""

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
        title: what the counts are: a preview (nothing assigned yet), a sample just created, or
            the next draw after one.
        summary: matching and drawn counts (or "Updating…", or what is wrong).
        reasons: how many were picked for each reason.
        agents, reviewers: per agent and per reviewer counts.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("samplingTitle")
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
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
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.reasons)
        layout.addWidget(tables, 1)

    def show_plan(self, plan: SamplePlan, next_draw: bool = False) -> None:
        """What ``plan`` would draw; ``next_draw``: right after a sample was created from the
        same rule (what it assigned is left out now)."""
        number = QLocale().toString
        if next_draw:
            self.title.setText(
                self.tr(
                    "Next draw: the conversations just assigned are left out. Nothing is "
                    "assigned until you create it."
                )
            )
        else:
            self.title.setText(self.tr("Preview: nothing is assigned until you create it."))
        text = self.tr("{0} conversations match; {1} drawn (seed {2}).").format(
            number(plan.candidates), number(plan.picked), plan.rule.seed
        )
        self._show_counts(plan, text)

    def show_created(self, plan: SamplePlan) -> None:
        """The sample just created: what it assigned, to whom."""
        number = QLocale().toString
        created = plan.picked - plan.unassigned
        self.title.setText(self.tr("Created: sample #{0}").format(plan.sample_id))
        text = self.tr("{0} assignments created from {1} matching conversations.").format(
            number(created), number(plan.candidates)
        )
        self._show_counts(plan, text)

    def _show_counts(self, plan: SamplePlan, text: str) -> None:
        number = QLocale().toString
        if plan.unassigned and plan.per_reviewer:
            text += " " + self.tr("{0} cannot be assigned: every reviewer is at capacity.").format(
                number(plan.unassigned)
            )
        elif not plan.per_reviewer:
            text += " " + self.tr("Tick the reviewers to assign them to.")
        self.summary.setText(text)
        kinds = sorted(plan.reasons.items(), key=lambda item: (-item[1], item[0]))
        reasons = (
            self.tr("Why picked: {0}.").format(", ".join(f"{k} {number(n)}" for k, n in kinds))
            if kinds
            else ""
        )
        if plan.focus_picks < plan.focus_places:
            reasons += " " + self.tr(
                "The focus found {0} of the {1} conversations it aims at; the rest are random."
            ).format(number(plan.focus_picks), number(plan.focus_places))
        self.reasons.setText(reasons)
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

    def show_problem(self, text: str) -> None:
        """What stops the rule from being drawn, instead of any counts."""
        self.title.setText(self.tr("Nothing to preview"))
        self.summary.setText(text)
        self.reasons.setText("")
        self.agents.set_rows([])
        self.reviewers.set_rows([])
