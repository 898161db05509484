"""Who a sample is assigned to: the reviewers (then coaches and managers), each with their role,
ticked to take part, and for each ticked one the most conversations they take."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qa_desk.users import UserInfo

NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # a reviewer item's name (its text adds the role)


class ReviewerPicker(QWidget):
    """The reviewers to assign to, with their capacities.

    Attributes:
        reviewers: one checkable item per person (nobody ticked at first); an item's UserRole is
            the key a rule names them with (e-mail, else name), ``NAME_ROLE`` their name.
        capacities: per key, the most conversations they take (0: no limit); shown for the
            ticked reviewers only, in ``capacity_box``.
    """

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.reviewers = QListWidget()
        self.reviewers.setAccessibleName(self.tr("Reviewers"))
        self.reviewers.setMaximumHeight(self.fontMetrics().height() * 6)
        self.capacities: dict[str, QSpinBox] = {}
        self.capacity_box = QGroupBox(self.tr("Capacity (most conversations each takes)"))
        self.capacity_box.setFlat(True)
        self.capacity_form = QFormLayout(self.capacity_box)
        self.capacity_form.setContentsMargins(0, 4, 0, 0)
        self.capacity_form.setVerticalSpacing(2)
        self.capacity_box.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.reviewers)
        layout.addWidget(self.capacity_box)
        self.reviewers.itemChanged.connect(self._show_capacities)
        self.reviewers.itemChanged.connect(self.sig_changed)

    def set_people(self, people: list[UserInfo]) -> None:
        """Offer ``people`` (in this order), nobody ticked."""
        self.reviewers.clear()
        while self.capacity_form.rowCount():
            self.capacity_form.removeRow(0)
        self.capacities = {}
        for user in people:
            item = QListWidgetItem(f"{user.name} · {self._role_name(user.role)}")
            item.setData(Qt.ItemDataRole.UserRole, user.email or user.name)
            item.setData(NAME_ROLE, user.name)
            item.setToolTip(user.email or "")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.reviewers.addItem(item)
            self._add_capacity(user.email or user.name, user.name)
        if self.reviewers.count():  # every reviewer in view, up to 8 of them
            rows = min(self.reviewers.count(), 8) * self.reviewers.sizeHintForRow(0)
            self.reviewers.setFixedHeight(rows + 2 * self.reviewers.frameWidth() + 2)

    def chosen(self) -> tuple[tuple[str, ...], tuple[tuple[str, int], ...]]:
        """The keys of the ticked reviewers (list order) and the capacities set for them."""
        reviewers = tuple(self._ticked())
        capacity = tuple(
            (key, self.capacities[key].value())
            for key in reviewers
            if key in self.capacities and self.capacities[key].value() > 0
        )
        return reviewers, capacity

    def choose(self, reviewers: tuple[str, ...], capacity: tuple[tuple[str, int], ...]) -> None:
        """Tick the people ``reviewers`` names (by key or name, letter case aside) and show their
        ``capacity``; untick everyone else."""
        wanted = {r.casefold() for r in reviewers}
        limits = {name.casefold(): limit for name, limit in capacity}
        for n in range(self.reviewers.count()):
            item = self.reviewers.item(n)
            key = str(item.data(Qt.ItemDataRole.UserRole))
            keys = {str(item.data(NAME_ROLE)).casefold(), key.casefold()}
            checked = Qt.CheckState.Checked if keys & wanted else Qt.CheckState.Unchecked
            item.setCheckState(checked)
            if key in self.capacities:
                limit = next((limits[k] for k in keys if k in limits), 0)
                self.capacities[key].setValue(limit)
        self._show_capacities()

    def _role_name(self, role: str) -> str:
        names = {"reviewer": self.tr("reviewer"), "coach": self.tr("coach"),
                 "manager": self.tr("manager"), "admin": self.tr("admin")}  # fmt: skip
        return names.get(role, role)

    def _add_capacity(self, key: str, name: str) -> None:
        box = QSpinBox()
        box.setRange(0, 100_000)
        box.setSpecialValueText(self.tr("No limit"))
        box.setAlignment(Qt.AlignmentFlag.AlignRight)
        box.setAccessibleName(self.tr("Capacity of {0}").format(name))
        box.valueChanged.connect(self.sig_changed)
        label = QLabel(name)
        label.setBuddy(box)
        self.capacity_form.addRow(label, box)
        self.capacity_form.setRowVisible(box, False)
        self.capacities[key] = box

    def _ticked(self) -> list[str]:
        """The keys of the ticked reviewers, in list order."""
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.reviewers.item(n) for n in range(self.reviewers.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _show_capacities(self, *_args: object) -> None:
        """A capacity box for each ticked reviewer only."""
        ticked = set(self._ticked())
        for key, box in self.capacities.items():
            self.capacity_form.setRowVisible(box, key in ticked)
        self.capacity_box.setVisible(bool(ticked))
