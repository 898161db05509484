"""The forms for the item selected in the rubric editor's tree: a section's or a criterion's fields.

A form shows one item's values and reports each change the user makes as ``(field, value)``; the
editor writes it into the draft, so the forms hold nothing of their own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qa_desk.autoqa_catalog import AUTOQA_CHECKS
from qa_desk.rubric_edit import DEFAULT_LABELS, CriterionDraft, SectionDraft
from qa_desk.rubric_loader import MAX_POINTS
from ui.rubrics.label_list import LabelListEditor

WEIGHTS = (0, 100)
"""The weights a rubric file may give (DESIGN.md, qa_desk.rubric_loader): whole numbers 0–100."""
INT_LIMIT = 2**31 - 1
"""The largest number a spin box holds."""


def _form_layout(widget: QWidget) -> QFormLayout:
    outer = QVBoxLayout(widget)
    outer.setContentsMargins(0, 0, 4, 0)
    form = QFormLayout()
    outer.addLayout(form)
    outer.addStretch(1)  # spare height below the fields, not between them
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    return form


class SectionForm(QWidget):
    """A section's id and name.

    Signals:
        sig_edited(str, object): a field (``id`` or ``name``) and its new value.
    """

    sig_edited = Signal(str, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.id_edit = QLineEdit()
        self.id_edit.setPlaceholderText(self.tr("letters, digits, _ - ."))
        self.name_edit = QLineEdit()
        self.summary = QLabel()
        self.summary.setEnabled(False)
        form = _form_layout(self)
        form.addRow(self.tr("Section &id:"), self.id_edit)
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow("", self.summary)
        self.id_edit.textEdited.connect(lambda text: self.sig_edited.emit("id", text))
        self.name_edit.textEdited.connect(lambda text: self.sig_edited.emit("name", text))

    def load(self, section: SectionDraft) -> None:
        self.id_edit.setText(section.id)
        self.name_edit.setText(section.name)
        self.name_edit.setCursorPosition(0)
        count = len(section.criteria)
        weight = sum(c.weight for c in section.criteria)
        self.summary.setText(
            (self.tr("1 criterion") if count == 1 else self.tr("{0} criteria").format(count))
            + " · "
            + self.tr("total weight {0}").format(weight)
        )

    def focus_field(self, field: str) -> None:
        (self.id_edit if field == "id" else self.name_edit).setFocus()


class CriterionForm(QWidget):
    """Every field of a criterion: id, name, guidance, scale, weight, N/A, critical, root causes
    and automatic check.

    Signals:
        sig_edited(str, object): a :class:`CriterionDraft` attribute and its new value.
    """

    sig_edited = Signal(str, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = False
        self.id_edit = QLineEdit()
        self.id_edit.setPlaceholderText(self.tr("letters, digits, _ - ."))
        self.name_edit = QLineEdit()
        self.guidance_edit = QPlainTextEdit()
        self.guidance_edit.setPlaceholderText(
            self.tr("What good looks like, and what earns each rating")
        )
        self.guidance_edit.setTabChangesFocus(True)
        self.guidance_edit.setMinimumHeight(80)
        self.guidance_edit.setMaximumHeight(160)
        self.scale_combo = QComboBox()
        for kind, text in (
            ("binary", self.tr("Pass / fail")),
            ("points", self.tr("Points")),
            ("labels", self.tr("Labels")),
        ):
            self.scale_combo.addItem(text, kind)
        self.min_spin = QSpinBox()
        self.max_spin = QSpinBox()
        for spin in (self.min_spin, self.max_spin):
            # a rubric file may start a points scale anywhere (e.g. -2 to 2): the loader only
            # asks for whole numbers, min below max and at most MAX_POINTS values. The box is
            # as wide as five digits need, not as wide as its largest number.
            spin.setRange(-99_999, 99_999)
            spin.setFixedWidth(spin.sizeHint().width())
            spin.setRange(-INT_LIMIT, INT_LIMIT)
        self.points_box = QWidget()
        points = QHBoxLayout(self.points_box)
        points.setContentsMargins(0, 0, 0, 0)
        self.min_spin.setToolTip(
            self.tr("Lowest rating (worst): any whole number, e.g. 1, 0 or -2")
        )
        self.max_spin.setToolTip(
            self.tr("Highest rating (best): above the lowest, at most {0} values in all").format(
                MAX_POINTS
            )
        )
        self.to_label = QLabel("–")
        for widget in (self.min_spin, self.to_label, self.max_spin):
            points.addWidget(widget)
        points.addStretch()
        scale_row_widget = QWidget()
        scale_row = QHBoxLayout(scale_row_widget)
        scale_row.setContentsMargins(0, 0, 0, 0)
        scale_row.addWidget(self.scale_combo)
        scale_row.addWidget(self.points_box, 1)
        self.labels_edit = LabelListEditor(self.tr("label"))
        self.labels_edit.setToolTip(self.tr("Worst first; N/A is not a label (tick N/A allowed)"))
        self.weight_spin = QSpinBox()
        self.weight_spin.setRange(*WEIGHTS)
        self.weight_spin.setToolTip(
            self.tr(
                "A whole number from {0} to {1}, as in a rubric file; the score weighs each "
                "criterion by it. {0}: rated but not counted in the score."
            ).format(*WEIGHTS)
        )
        self.weight_spin.setSpecialValueText(self.tr("0 (not counted)"))
        self.na_check = QCheckBox(self.tr("N/A &allowed"))
        self.na_check.setToolTip(
            self.tr("Reviewers may rate it N/A; N/A leaves it out of the score")
        )
        self.critical_check = QCheckBox(self.tr("&Critical"))
        self.critical_check.setToolTip(
            self.tr("A rating below half fails the whole review: its score becomes 0")
        )
        flags_row = QWidget()
        flags = QHBoxLayout(flags_row)
        flags.setContentsMargins(0, 0, 0, 0)
        flags.addWidget(self.na_check)
        flags.addWidget(self.critical_check)
        flags.addStretch()
        self.autoqa_combo = QComboBox()
        self.autoqa_combo.addItem(self.tr("None"), None)
        for check_id, description in AUTOQA_CHECKS.items():
            self.autoqa_combo.addItem(check_id, check_id)
            self.autoqa_combo.setItemData(
                self.autoqa_combo.count() - 1, description, Qt.ItemDataRole.ToolTipRole
            )
        self.autoqa_help = QLabel()
        self.autoqa_help.setWordWrap(True)
        self.autoqa_help.setEnabled(False)
        self.root_causes_edit = LabelListEditor(self.tr("root cause"))

        form = _form_layout(self)
        form.addRow(self.tr("Criterion &id:"), self.id_edit)
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("&Guidance:"), self.guidance_edit)
        form.addRow(self.tr("&Scale:"), scale_row_widget)
        self.labels_row_label = QLabel(self.tr("Labels:"))
        form.addRow(self.labels_row_label, self.labels_edit)
        form.addRow(self.tr("&Weight:"), self.weight_spin)
        form.addRow("", flags_row)
        form.addRow(self.tr("&Root causes:"), self.root_causes_edit)
        form.addRow(self.tr("Automatic c&heck:"), self.autoqa_combo)
        form.addRow("", self.autoqa_help)
        self.form = form
        self._fields: dict[str, QWidget] = {
            "id": self.id_edit, "name": self.name_edit, "guidance": self.guidance_edit,
            "scale": self.scale_combo, "weight": self.weight_spin, "allow_na": self.na_check,
            "critical": self.critical_check, "autoqa": self.autoqa_combo,
            "root_causes": self.root_causes_edit.list,
        }  # fmt: skip
        self._connect()

    def _connect(self) -> None:
        self.id_edit.textEdited.connect(lambda text: self._edited("id", text))
        self.name_edit.textEdited.connect(lambda text: self._edited("name", text))
        self.guidance_edit.textChanged.connect(
            lambda: self._edited("guidance", self.guidance_edit.toPlainText())
        )
        self.scale_combo.currentIndexChanged.connect(self._scale_kind_changed)
        self.min_spin.valueChanged.connect(self._points_changed)
        self.max_spin.valueChanged.connect(self._points_changed)
        self.labels_edit.sig_changed.connect(lambda labels: self._edited("labels", labels))
        self.weight_spin.valueChanged.connect(lambda value: self._edited("weight", value))
        self.na_check.toggled.connect(lambda on: self._edited("allow_na", on))
        self.critical_check.toggled.connect(lambda on: self._edited("critical", on))
        self.autoqa_combo.currentIndexChanged.connect(self._autoqa_changed)
        self.root_causes_edit.sig_changed.connect(lambda items: self._edited("root_causes", items))

    def _edited(self, field: str, value: Any) -> None:
        if not self._loading:
            self.sig_edited.emit(field, value)

    def _scale_kind_changed(self) -> None:
        kind = self.scale_combo.currentData()
        self._show_scale(kind)
        if kind == "labels" and not self.labels_edit.labels() and not self._loading:
            self.labels_edit.set_labels(list(DEFAULT_LABELS))
            self._edited("labels", list(DEFAULT_LABELS))
        self._edited("scale_kind", kind)

    def _show_scale(self, kind: str) -> None:
        self.points_box.setVisible(kind == "points")
        self.labels_edit.setVisible(kind == "labels")
        self.labels_row_label.setVisible(kind == "labels")

    def _points_changed(self) -> None:
        self._edited("points", (self.min_spin.value(), self.max_spin.value()))

    def _autoqa_changed(self) -> None:
        check = self.autoqa_combo.currentData()
        self.autoqa_help.setText(AUTOQA_CHECKS.get(check, "") if check else "")
        self.autoqa_help.setVisible(bool(check))
        self._edited("autoqa", check)

    def load(self, criterion: CriterionDraft) -> None:
        """Show ``criterion``'s values (without reporting them as edits)."""
        self._loading = True
        try:
            self.id_edit.setText(criterion.id)
            self.name_edit.setText(criterion.name)
            self.name_edit.setCursorPosition(0)
            if self.guidance_edit.toPlainText() != criterion.guidance:
                self.guidance_edit.setPlainText(criterion.guidance)
            self.scale_combo.setCurrentIndex(self.scale_combo.findData(criterion.scale_kind))
            self._show_scale(criterion.scale_kind)
            self.min_spin.setValue(criterion.points[0])
            self.max_spin.setValue(criterion.points[1])
            self.labels_edit.set_labels(criterion.labels)
            self.weight_spin.setValue(criterion.weight)
            self.na_check.setChecked(criterion.allow_na)
            self.critical_check.setChecked(criterion.critical)
            found = self.autoqa_combo.findData(criterion.autoqa) if criterion.autoqa else 0
            self.autoqa_combo.setCurrentIndex(max(found, 0))
            self._autoqa_changed()
            self.root_causes_edit.set_labels(criterion.root_causes)
        finally:
            self._loading = False

    def focus_field(self, field: str) -> None:
        """Put the keyboard focus on the widget of a criterion field (as a problem names it)."""
        if field == "scale" and self.scale_combo.currentData() == "labels":
            self.labels_edit.list.setFocus()
            return
        if field == "scale" and self.scale_combo.currentData() == "points":
            self.min_spin.setFocus()
            return
        self._fields.get(field, self.name_edit).setFocus()
