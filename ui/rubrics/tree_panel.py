"""The left column of the rubric editor, laid out: a tool row (add, remove, move), the tree of
sections and criteria, and below it the problems the loader finds. Behaviour lives in the editor."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.rubrics.rubric_tree_model import RubricTreeModel


class RubricTreePanel(QSplitter):
    """Tree above, problems below (a vertical splitter).

    Attributes:
        tree: the view of the sections and criteria, reorderable by drag and drop.
        add_section_button, add_criterion_button, remove_button, up_button, down_button: the
            tool row acting on the selected item.
        problems_label: how many problems there are (or that there are none).
        problems_list: one row per problem, worded as ``qa-desk rubric validate`` words it.
    """

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.tree = QTreeView()
        self.tree.setObjectName("rubricTree")
        self.tree.setModel(model)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(RubricTreeModel.NAME, QHeaderView.ResizeMode.Stretch)
        for column in (RubricTreeModel.SCALE, RubricTreeModel.WEIGHT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.add_section_button = self._tool("folder-plus-outline", self.tr("Add section"))
        self.add_criterion_button = self._tool("playlist-plus", self.tr("Add criterion"))
        self.remove_button = self._tool("delete-outline", self.tr("Remove"))
        self.up_button = self._tool("arrow-up", self.tr("Move up (Alt+Up in the tree)"))
        self.down_button = self._tool("arrow-down", self.tr("Move down (Alt+Down in the tree)"))
        tools = QHBoxLayout()
        tools.setSpacing(2)
        for button in (self.add_section_button, self.add_criterion_button, self.remove_button):
            tools.addWidget(button)
        tools.addSpacing(8)
        tools.addWidget(self.up_button)
        tools.addWidget(self.down_button)
        tools.addStretch()
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(tools)
        top_layout.addWidget(self.tree)

        self.problems_label = QLabel()
        self.problems_list = QListWidget()
        self.problems_list.setObjectName("rubricProblems")
        self.problems_list.setWordWrap(True)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.problems_label)
        bottom_layout.addWidget(self.problems_list)

        self.addWidget(top)
        self.addWidget(bottom)
        self.setStretchFactor(0, 4)
        self.setStretchFactor(1, 1)
        self.setCollapsible(0, False)

    def _tool(self, icon: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setIcon(theme.icon(icon))
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        return button
