"""The criteria heat map of the Reports page: agents down, the criteria of one rubric across, each
cell the agent's score on the criterion (the mean of its ratings' fractions, in percent) with the
number of ratings in its tooltip.

The first row is everyone in the selection. A cell with fewer ratings than the analytics' minimum
is shown muted, in brackets and without colour: too few to mean much. Every cell carries the
reviews behind it (those that rated the criterion).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from qa_desk.analytics import CriteriaMatrix, CriterionCell
from qa_desk.analytics_criteria import AgentRow, CriterionColumn
from qa_desk.reports.overview import ReportFilter
from ui.reports import drill_down, figures
from ui.reports.drill_down import ReviewsBehind
from ui.reports.figures import BEHIND_ROLE, CENTER, MISSING, RIGHT, SORT_ROLE, tr, trn

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
AGENT, TEAM, REVIEWS = range(3)
FIRST_CRITERION = 3
EVERYONE_ROLE = Qt.ItemDataRole.UserRole + 30


class HeatMapModel(QAbstractTableModel):
    """Agents × the criteria of one rubric.

    Attributes:
        matrix: the figures (of one rubric; None: nothing shown).
        report: the selection they were computed for (for the reviews behind each cell).
        agents: the rows after the first (everyone).
        criteria: the columns from :data:`FIRST_CRITERION` on.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.matrix: CriteriaMatrix | None = None
        self.report: ReportFilter | None = None
        self.rubric: str | None = None
        self.agents: list[AgentRow] = []
        self.criteria: list[CriterionColumn] = []

    def set_matrix(
        self, matrix: CriteriaMatrix | None, report: ReportFilter | None, rubric: str | None
    ) -> None:
        self.beginResetModel()
        self.matrix, self.report, self.rubric = matrix, report, rubric
        self.criteria = [c for c in matrix.criteria if c.info.rubric == rubric] if matrix else []
        keys = {c.info.criterion for c in self.criteria}
        self.agents = [
            row
            for row in (matrix.agents if matrix else [])
            if any((row.agent_id, rubric, key) in matrix.cells for key in keys)  # type: ignore[union-attr]
        ]
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() or self.matrix is None else len(self.agents) + 1

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else FIRST_CRITERION + len(self.criteria)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if section >= FIRST_CRITERION:
            column = self.criteria[section - FIRST_CRITERION]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.info.name
            if role == Qt.ItemDataRole.ToolTipRole:
                critical = tr(" (critical)") if column.info.critical else ""
                return tr("{0}{1}\nSection: {2} · weight {3}\nEveryone: {4} over {5}").format(
                    column.info.name, critical, column.info.section, column.info.weight,
                    figures.number(column.overall.score),
                    trn("%Ln rating(s)", column.overall.ratings),
                )  # fmt: skip
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (tr("Agent"), tr("Team"), tr("Reviews"))[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == REVIEWS:
            return tr("Scored reviews of the agent with this rubric")
        return None

    def cell(self, row: int, column: int) -> CriterionCell | None:
        """The figures of a criterion cell (row 0: everyone)."""
        if self.matrix is None or column < FIRST_CRITERION:
            return None
        criterion = self.criteria[column - FIRST_CRITERION]
        if row == 0:
            return criterion.overall
        agent = self.agents[row - 1]
        return self.matrix.cell(agent.agent_id, criterion.info.rubric, criterion.info.criterion)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.matrix is None:
            return None
        row, column = index.row(), index.column()
        if role == EVERYONE_ROLE:
            return row == 0
        if column < FIRST_CRITERION:
            return self._label_data(row, column, role)
        cell = self.cell(row, column)
        if cell is None or cell.score is None:
            return MISSING if role == SORT_ROLE else None
        if role == Qt.ItemDataRole.DisplayRole:
            text = figures.number(cell.score, 0)
            return text if cell.enough else f"({text})"
        if role == SORT_ROLE:
            return cell.score
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTER
        if role == Qt.ItemDataRole.BackgroundRole and cell.enough:
            return figures.heat_color(cell.score)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not cell.enough:
                return figures.muted_color()
            return figures.text_on(figures.heat_color(cell.score))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tooltip(row, column, cell)
        if role == BEHIND_ROLE:
            return self.behind(row, column)
        return None

    def _label_data(self, row: int, column: int, role: int) -> Any:
        everyone = row == 0
        agent = None if everyone else self.agents[row - 1]
        quality = agent.quality if agent else None
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if column == AGENT:
                text = tr("Everyone") if everyone else agent.agent  # type: ignore[union-attr]
                return text.casefold() if role == SORT_ROLE else text
            if column == TEAM:
                team = "" if everyone else (agent.team or "")  # type: ignore[union-attr]
                return team.casefold() if role == SORT_ROLE else team
            reviews = sum(a.quality.reviews for a in self.agents) if everyone else quality.reviews  # type: ignore[union-attr]
            return reviews if role == SORT_ROLE else figures.count(reviews)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == REVIEWS:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and everyone:
            font = QFont()
            font.setBold(True)
            return font
        if role == BEHIND_ROLE and column == REVIEWS:
            return self.behind(row, column)
        return None

    def _cell_tooltip(self, row: int, column: int, cell: CriterionCell) -> str:
        criterion = self.criteria[column - FIRST_CRITERION].info
        who = tr("Everyone") if row == 0 else self.agents[row - 1].agent
        lines = [
            f"{who} · {criterion.name}",
            tr("{0} over {1} (n = {2}, 95% CI {3})").format(
                figures.number(cell.score),
                trn("%Ln rating(s)", cell.ratings),
                cell.ratings,
                figures.interval(cell.ci_low, cell.ci_high),
            ),
            tr("{0} rated below half the scale, {1} short of full marks").format(
                cell.below_half, cell.below_top
            ),
        ]
        if not cell.enough:
            minimum = self.matrix.min_ratings if self.matrix else 0
            lines.append(tr("Too few ratings to mean much (fewer than {0}).").format(minimum))
        return "\n".join(lines)

    def behind(self, row: int, column: int) -> ReviewsBehind | None:
        """The reviews behind a cell: those that rated its criterion (N/A left out), or for the
        Reviews column every scored review of the agent with this rubric."""
        if self.report is None:
            return None
        agent = None if row == 0 else self.agents[row - 1]
        who = tr("everyone") if agent is None else agent.agent
        criterion = (
            self.criteria[column - FIRST_CRITERION].info if column >= FIRST_CRITERION else None
        )
        title = (
            tr("Ratings of “{0}” for {1}").format(criterion.name, who)
            if criterion
            else tr("Reviews of {0} ({1})").format(who, self.rubric)
        )
        return ReviewsBehind(
            title,
            self.report.date_from,
            self.report.date_to,
            team_id=self.report.team_id,
            agent_id=agent.agent_id if agent else None,
            no_agent=agent is not None and agent.agent_id is None,
            rubric=self.rubric,
            criterion=criterion.criterion if criterion else None,
            figure=drill_down.CRITERION if criterion else drill_down.REVIEWS,
            criterion_name=criterion.name if criterion else "",
            who=tr("Everyone") if agent is None else agent.agent,
        )


class EveryoneFirstProxy(QSortFilterProxyModel):
    """Sorts by :data:`~ui.reports.figures.SORT_ROLE`, keeping the everyone row on top."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: Index, right: Index) -> bool:
        ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
        if left.data(EVERYONE_ROLE):
            return ascending
        if right.data(EVERYONE_ROLE):
            return not ascending
        return super().lessThan(left, right)
