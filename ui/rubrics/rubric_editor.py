"""The rubric editor: rubric fields, the tree of sections and criteria, a form for the selected item,
the problems the loader finds (worded as ``qa-desk rubric validate`` words them) and a live preview
of the scoring panel. It edits a :class:`RubricDraft`; saving is the page's business.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from qa_desk.errors import Problem
from qa_desk.rubric import Rubric
from qa_desk.rubric_edit import RubricDraft, new_criterion, new_section, target_of, validate
from ui import theme
from ui.rubrics.criterion_form import CriterionForm, SectionForm
from ui.rubrics.editor_undo import Position, SnapshotCommand
from ui.rubrics.preview import RubricPreview
from ui.rubrics.rubric_tree_model import RubricTreeModel
from ui.rubrics.tree_panel import RubricTreePanel


class RubricEditor(QWidget):
    """Edits one rubric draft.

    Attributes:
        model: the tree model; ``model.draft`` is the document being edited.
        rubric: the validated rubric when the draft has no problems, else None.
        problems: every problem the loader found, in its order.
        baseline: the plain data the draft was loaded from (to tell unsaved changes), or None
            when the draft was never stored (a duplicate, an import).
        undo_stack: the editor's undo history.
    Signals:
        sig_state_changed(): the draft changed, or its validity or unsaved state did.
    """

    sig_state_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = RubricTreeModel(parent=self)
        self.rubric: Rubric | None = None
        self.problems: list[Problem] = []
        self.baseline: dict[str, Any] | None = self.model.draft.to_data()  # nothing to lose yet
        self.undo_stack = QUndoStack(self)
        self._snapshot = RubricDraft()
        self._where: Position = None
        self._restoring = False
        self._build()
        self._action_text = ""  # what the next structural change is called in the Edit menu
        self.model.sig_structure_changed.connect(self._structure_changed)
        self.model.sig_dropped.connect(self._select_dropped)
        self._where_before: Position = None  # selected when a structural change began
        for about_to in (
            self.model.rowsAboutToBeInserted,
            self.model.rowsAboutToBeRemoved,
            self.model.rowsAboutToBeMoved,
        ):
            about_to.connect(self._structure_changing)

    # --- layout --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.id_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.threshold_spin = QDoubleSpinBox()
        self.threshold_spin.setRange(0, 100)
        self.threshold_spin.setDecimals(2)  # a pass mark such as 87.25 shows as written
        self.threshold_spin.setSuffix(" %")
        self.description_edit = QLineEdit()
        self.description_edit.setPlaceholderText(self.tr("optional: what the rubric is for"))
        header = QFormLayout()
        header.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.id_edit, 1)
        top.addWidget(QLabel(self.tr("Name:")))
        top.addWidget(self.name_edit, 3)
        top.addWidget(QLabel(self.tr("Passes at:")))
        top.addWidget(self.threshold_spin)
        header.addRow(self.tr("Rubric id:"), top)
        header.addRow(self.tr("Description:"), self.description_edit)
        self.id_edit.textEdited.connect(lambda t: self._rubric_edited("id", t))
        self.name_edit.textEdited.connect(lambda t: self._rubric_edited("name", t))
        self.description_edit.textEdited.connect(lambda t: self._rubric_edited("description", t))
        self.threshold_spin.valueChanged.connect(lambda v: self._rubric_edited("pass_threshold", v))

        self.left_splitter = RubricTreePanel(self.model)
        panel = self.left_splitter
        self.tree = panel.tree
        self.add_section_button, self.add_criterion_button = (
            panel.add_section_button, panel.add_criterion_button,
        )  # fmt: skip
        self.remove_button, self.up_button, self.down_button = (
            panel.remove_button, panel.up_button, panel.down_button,
        )  # fmt: skip
        self.problems_label, self.problems_list = panel.problems_label, panel.problems_list
        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)
        for keys, step in (("Alt+Up", -1), ("Alt+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), self.tree)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda step=step: self.move_current(step))
        self.add_section_button.clicked.connect(self.add_section)
        self.add_criterion_button.clicked.connect(self.add_criterion)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.problems_list.itemActivated.connect(self.go_to_problem)
        self.problems_list.itemClicked.connect(self.go_to_problem)

        self.section_form = SectionForm()
        self.criterion_form = CriterionForm()
        self.section_form.sig_edited.connect(self._item_edited)
        self.criterion_form.sig_edited.connect(self._item_edited)
        self.nothing_label = QLabel(self.tr("Select a section or a criterion to edit it."))
        self.nothing_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing_label.setEnabled(False)
        # one form shows at a time; hidden ones take no room (a stack would size to the largest)
        self.forms = QWidget()
        forms_layout = QVBoxLayout(self.forms)
        forms_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.nothing_label, self.section_form, self.criterion_form):
            forms_layout.addWidget(widget)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.forms)

        self.preview = RubricPreview()
        self.splitter = QSplitter()
        self.splitter.addWidget(self.left_splitter)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([270, 335, 290])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)

    # --- the document --------------------------------------------------------------------------

    @property
    def draft(self) -> RubricDraft:
        return self.model.draft

    def load(self, draft: RubricDraft, baseline: dict[str, Any] | None) -> None:
        """Edit ``draft`` from scratch (the undo history starts anew)."""
        self.baseline = baseline
        self.undo_stack.clear()
        self._show(draft, (0, None) if draft.sections else None)
        self.sig_state_changed.emit()

    def mark_saved(self) -> None:
        """The draft as it is now has been stored: it has no unsaved changes."""
        self.baseline = self.draft.to_data()
        self.sig_state_changed.emit()

    def has_unsaved_changes(self) -> bool:
        return self.baseline is None or self.draft.to_data() != self.baseline

    def _show(self, draft: RubricDraft, where: Position) -> None:
        self._restoring = True
        try:
            self.model.set_draft(draft)
            self.tree.expandAll()
            self.id_edit.setText(draft.id)
            self.name_edit.setText(draft.name)
            self.description_edit.setText(draft.description)
            self.description_edit.setCursorPosition(0)
            self.threshold_spin.setValue(draft.pass_threshold)
            self._snapshot = draft.copy()
            self.select(*where) if where else self._current_changed(QModelIndex())
        finally:
            self._restoring = False
        self._validate()

    def _restore(self, draft: RubricDraft, where: Position) -> None:
        self._show(draft, where)
        self.sig_state_changed.emit()

    def _validate(self) -> None:
        self.rubric, self.problems = validate(self.draft)
        self.problems_list.clear()
        marked: set[tuple[int, int | None]] = set()
        for problem in self.problems:
            item = QListWidgetItem(
                theme.icon("alert-circle-outline", theme.VERMILLION), str(problem)
            )
            item.setData(Qt.ItemDataRole.UserRole, problem.field)
            self.problems_list.addItem(item)
            target = target_of(problem.field)
            if target.section is not None:
                marked.add((target.section, target.criterion))
        self.model.set_problems(marked)
        if self.problems:
            count = len(self.problems)
            self.problems_label.setText(
                self.tr("1 problem to fix before saving:")
                if count == 1
                else self.tr("{0} problems to fix before saving:").format(count)
            )
        else:
            self.problems_label.setText(self.tr("No problems: the rubric is valid."))
        self.preview.set_rubric(self.rubric)

    def _changed(self, key: str, text: str) -> None:
        """After any change to the draft: check it, record an undo step, tell the page."""
        if self._restoring:
            return
        self._validate()
        after = self.draft.copy()
        where = (self._where_before or self.position(), self.position())
        self._where_before = None
        command = SnapshotCommand(text, self._snapshot, after, where, key, self._restore)
        self._snapshot = after
        self.undo_stack.push(command)
        self.sig_state_changed.emit()

    def _structure_changing(self, *_args: object) -> None:
        if self._where_before is None:
            self._where_before = self.position()

    def _structure_changed(self, key: str) -> None:
        text, self._action_text = self._action_text or self.tr("Move"), ""
        self._changed(key, text)

    # --- editing -------------------------------------------------------------------------------

    def _rubric_edited(self, field: str, value: Any) -> None:
        if self._restoring:
            return
        setattr(self.draft, field, value)
        self._changed(f"rubric.{field}", self.tr("Edit rubric"))

    def _item_edited(self, field: str, value: Any) -> None:
        where = self.position()
        if where is None or self._restoring:
            return
        section = self.draft.sections[where[0]]
        item = section if where[1] is None else section.criteria[where[1]]
        setattr(item, field, value)
        self.model.item_changed(*where)
        if where[1] is not None and field == "weight":
            self.section_form.load(section)
        self._changed(f"{where[0]}.{where[1]}.{field}", self.tr("Edit {0}").format(field))

    def position(self) -> Position:
        """The selected item as ``(section, criterion)``, criterion None for a section."""
        return self.model.position(self.tree.currentIndex())

    def select(self, section: int, criterion: int | None = None) -> None:
        index = self.model.index_of(section, criterion)
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.tree.scrollTo(index)

    def _select_dropped(self, index: QPersistentModelIndex) -> None:
        # the view removes the dragged original after the drop: select once it has
        QTimer.singleShot(
            0, lambda: self.select(*self.model.position(index)) if index.isValid() else None
        )

    def _current_changed(self, current: QModelIndex, *_args: object) -> None:
        where = self.model.position(current)
        self._where = where
        if where is None:
            self._show_form(self.nothing_label)
        elif where[1] is None:
            self.section_form.load(self.draft.sections[where[0]])
            self._show_form(self.section_form)
        else:
            self.criterion_form.load(self.draft.sections[where[0]].criteria[where[1]])
            self._show_form(self.criterion_form)
        self._enable_tools()

    def _show_form(self, form: QWidget) -> None:
        for widget in (self.nothing_label, self.section_form, self.criterion_form):
            widget.setVisible(widget is form)

    def _enable_tools(self) -> None:
        where = self._where
        self.add_criterion_button.setEnabled(bool(self.draft.sections))
        self.remove_button.setEnabled(where is not None)
        self.up_button.setEnabled(where is not None and where != (0, None) and where != (0, 0))
        last = len(self.draft.sections) - 1
        at_end = where is not None and (
            where == (last, None)
            or (where[0] == last and where[1] == len(self.draft.sections[last].criteria) - 1)
        )
        self.down_button.setEnabled(where is not None and not at_end)

    def add_section(self) -> None:
        """Add a section (with one criterion) after the selected one's section."""
        where = self.position()
        row = where[0] + 1 if where is not None else len(self.draft.sections)
        section = new_section(self.draft, self.tr("New section"), self.tr("New criterion"))
        self._action_text = self.tr("Add section")
        self.model.insert_section(row, section)
        self.tree.expand(self.model.index_of(row))
        self.select(row)
        self.section_form.name_edit.setFocus()
        self.section_form.name_edit.selectAll()

    def add_criterion(self) -> None:
        """Add a criterion after the selected one (or at the end of the selected section)."""
        if not self.draft.sections:
            return
        where = self.position() or (len(self.draft.sections) - 1, None)
        section = self.draft.sections[where[0]]
        row = where[1] + 1 if where[1] is not None else len(section.criteria)
        self._action_text = self.tr("Add criterion")
        self.model.insert_criterion(
            where[0], row, new_criterion(self.draft, self.tr("New criterion"))
        )
        self.tree.expand(self.model.index_of(where[0]))
        self.select(where[0], row)
        self.criterion_form.name_edit.setFocus()
        self.criterion_form.name_edit.selectAll()

    def remove_current(self) -> None:
        where = self.position()
        if where is None:
            return
        index = self.model.index_of(*where)
        self._action_text = self.tr("Remove")
        self.model.removeRows(index.row(), 1, index.parent())
        section, criterion = where
        if criterion is not None and self.draft.sections[section].criteria:
            self.select(section, min(criterion, len(self.draft.sections[section].criteria) - 1))
        elif criterion is not None:
            self.select(section)
        elif self.draft.sections:
            self.select(min(section, len(self.draft.sections) - 1))

    def move_current(self, step: int) -> None:
        """Move the selected item up (-1) or down (+1), for keyboard users."""
        index = self.tree.currentIndex()
        if not index.isValid():
            return
        moved = self.model.move(index, step)
        if moved.isValid():
            self.tree.expand(moved.parent())
            self.select(*self.model.position(moved))

    def go_to_problem(self, item: QListWidgetItem) -> None:
        """Select the item a problem names and put the cursor in the field it names."""
        target = target_of(item.data(Qt.ItemDataRole.UserRole) or "")
        if target.section is None or target.section >= len(self.draft.sections):
            fields = {"id": self.id_edit, "name": self.name_edit, "description": self.description_edit,
                      "pass_threshold": self.threshold_spin}  # fmt: skip
            widget = fields.get(target.field)
            (widget or self.tree).setFocus()
            return
        section = self.draft.sections[target.section]
        if target.criterion is not None and target.criterion < len(section.criteria):
            self.select(target.section, target.criterion)
            self.criterion_form.focus_field(target.field)
            return
        self.select(target.section)
        if target.field in ("id", "name"):
            self.section_form.focus_field(target.field)
        else:
            self.tree.setFocus()
