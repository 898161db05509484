"""Preparing or editing a coaching session: the day, the coach (the signed-in user), the open items
of earlier sessions to follow up (tick done, or carry over into this session), the reviews to
discuss (picked from the agent's reviews), notes, and the action items agreed.

Saving is one call of :func:`qa_desk.coaching.save_session` in one transaction; bad input (an
action item without text) is shown and the dialog stays open with everything typed.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.analytics import ReviewRef, reviews_behind
from qa_desk.coaching import (
    ActionItemDraft,
    ActionItemInfo,
    CoachingSessionInfo,
    open_action_items,
    save_session,
)
from ui import theme
from ui.analysis.period_picker import from_qdate, to_qdate
from ui.analysis.review_viewer import ReviewViewerDialog
from ui.coaching.action_item_table import ActionItemTable
from ui.coaching.action_items_view import day_text
from ui.coaching.reviews_table import ReviewsTable
from ui.context import AppContext
from ui.operations import show_error

EARLIER_DONE, EARLIER_TEXT, EARLIER_CARRY = range(3)


class SessionDialog(QDialog):
    """A new coaching session of ``agent_id`` (``existing`` None) or an edit of ``existing``.

    Attributes:
        date_edit, notes_box: the day and the notes.
        earlier_table: the open items of earlier sessions (``earlier`` holds them): a Done box
            and a Carry over button each.
        reviews_table: the agent's reviews with a box to tick those discussed.
        items_table: the action items of this session; ``add_button``/``remove_button``.
        saved: the session as stored, once saved.
    """

    def __init__(
        self,
        context: AppContext,
        agent_id: int,
        agent_name: str,
        reviews: list[ReviewRef],
        existing: CoachingSessionInfo | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.agent_id = agent_id
        self.existing = existing
        self.saved: CoachingSessionInfo | None = None
        self.carried: set[int] = set()
        self.setObjectName("coachingSessionDialog")
        self.setWindowTitle(
            self.tr("Coaching session with {0}").format(agent_name)
            if existing
            else self.tr("New coaching session with {0}").format(agent_name)
        )

        self.date_edit = QDateEdit(to_qdate(existing.held_on if existing else date.today()))
        self.date_edit.setCalendarPopup(True)
        coach = existing.coach_name if existing else (context.user.name if context.user else "")
        self.coach_label = QLabel(coach or self.tr("Nobody is signed in"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("Agent"), QLabel(agent_name))
        form.addRow(self.tr("&Date"), self.date_edit)
        form.addRow(self.tr("Coach"), self.coach_label)

        self.earlier_table = QTableWidget(0, 3)
        self.earlier_table.setHorizontalHeaderLabels(
            [self.tr("Done"), self.tr("Open from earlier sessions"), ""]
        )
        self.earlier_table.verticalHeader().setVisible(False)
        header = self.earlier_table.horizontalHeader()
        header.setSectionResizeMode(EARLIER_DONE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(EARLIER_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(EARLIER_CARRY, QHeaderView.ResizeMode.ResizeToContents)
        self.earlier_empty = QLabel(self.tr("No open action items from earlier sessions."))
        self.earlier_empty.setEnabled(False)

        self.reviews_table = ReviewsTable(checkable=True)
        self.reviews_table.sig_open_review.connect(self.open_review)
        self.reviews_hint = QLabel(
            self.tr("Tick the reviews you discuss; double-click one to read it.")
        )
        self.reviews_hint.setEnabled(False)

        self.notes_box = QPlainTextEdit(existing.notes if existing else "")
        self.notes_box.setPlaceholderText(self.tr("What you talked about, what went well"))
        self.notes_box.setTabChangesFocus(True)
        self.items_table = ActionItemTable()
        self.add_button = QPushButton(theme.icon("plus"), self.tr("&Add action item"))
        self.remove_button = QPushButton(theme.icon("minus"), self.tr("&Remove"))
        self.add_button.clicked.connect(
            lambda: self.items_table.add_item(ActionItemDraft(""), True)
        )
        self.remove_button.clicked.connect(self._remove_item)

        self._layout(form)
        self._fill(reviews)

    # --- layout --------------------------------------------------------------------------------

    def _group(self, title: str, *widgets: QWidget, stretch: int = 1) -> QGroupBox:
        box = QGroupBox(title)
        column = QVBoxLayout(box)
        for widget in widgets:
            column.addWidget(
                widget, stretch if isinstance(widget, QTableWidget | ReviewsTable) else 0
            )
        return box

    def _layout(self, form: QFormLayout) -> None:
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(
            self._group(self.tr("Follow up"), self.earlier_table, self.earlier_empty), 2
        )
        left_column.addWidget(
            self._group(self.tr("Reviews discussed"), self.reviews_hint, self.reviews_table), 3
        )
        buttons_row = QWidget()
        row = QHBoxLayout(buttons_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self._group(self.tr("Notes"), self.notes_box), 2)
        right_column.addWidget(
            self._group(self.tr("Action items agreed"), self.items_table, buttons_row), 3
        )
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 480])
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save_button.setEnabled(self.context.user is not None)
        if self.context.user is None:
            save_button.setToolTip(self.tr("Sign in first (Settings ▸ Change user)"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.resize(1100, 700)

    # --- filling -------------------------------------------------------------------------------

    def _fill(self, reviews: list[ReviewRef]) -> None:
        existing = self.existing
        linked = set(existing.review_ids) if existing else set()
        shown = {r.review_id for r in reviews}
        with self.context.db.reader() as session:
            missing = sorted(linked - shown)
            extra = reviews_behind(session, review_ids=missing) if missing else []
            earlier = (
                list(existing.earlier_open_items)
                if existing
                else open_action_items(session, self.agent_id)
            )
        self.reviews_table.set_reviews([*reviews, *extra], linked)
        self.earlier = earlier
        self.earlier_table.setRowCount(0)
        for number, info in enumerate(earlier):
            self.earlier_table.insertRow(number)
            done = QTableWidgetItem()
            done.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            done.setCheckState(Qt.CheckState.Unchecked)
            done.setToolTip(self.tr("Done: it will no longer come up"))
            self.earlier_table.setItem(number, EARLIER_DONE, done)
            text = QTableWidgetItem(self._earlier_text(info))
            text.setFlags(Qt.ItemFlag.ItemIsEnabled)
            text.setToolTip(text.text())
            self.earlier_table.setItem(number, EARLIER_TEXT, text)
            carry = QPushButton(self.tr("Carry over"))
            carry.setToolTip(
                self.tr(
                    "Copy it into this session's action items (to give it a new owner or due "
                    "day); the earlier item is closed when you save"
                )
            )
            carry.clicked.connect(lambda _checked=False, i=number: self.carry_over(i))
            self.earlier_table.setCellWidget(number, EARLIER_CARRY, carry)
        self.earlier_table.setVisible(bool(earlier))
        self.earlier_empty.setVisible(not earlier)
        for item in existing.action_items if existing else ():
            self.items_table.add_item(
                ActionItemDraft(item.text, item.owner, item.due_on, item.id, item.done)
            )

    def _earlier_text(self, info: ActionItemInfo) -> str:
        details = [self.tr("from {0}").format(day_text(info.held_on))]
        if info.owner:
            details.insert(0, info.owner)
        if info.due_on:
            details.append(self.tr("due {0}").format(day_text(info.due_on)))
        return f"{info.text} ({' · '.join(details)})"

    # --- behaviour -----------------------------------------------------------------------------

    def carry_over(self, row: int) -> None:
        """Copy earlier item ``row`` into this session's action items."""
        info = self.earlier[row]
        if info.id in self.carried:
            return
        self.carried.add(info.id)
        held_on = from_qdate(self.date_edit.date())
        # a due day already past when this session is held is not carried: it would be born
        # overdue; the coach gives it a new one
        due = info.due_on if info.due_on is not None and info.due_on >= held_on else None
        self.items_table.add_item(ActionItemDraft(info.text, info.owner, due, carried_from=info.id))
        self._show_carried(row, True)

    def _show_carried(self, row: int, carried: bool) -> None:
        button = self.earlier_table.cellWidget(row, EARLIER_CARRY)
        assert isinstance(button, QPushButton)
        button.setEnabled(not carried)
        button.setText(self.tr("Carried over") if carried else self.tr("Carry over"))
        done = self.earlier_table.item(row, EARLIER_DONE)
        flags = Qt.ItemFlag.ItemIsUserCheckable | (
            Qt.ItemFlag.NoItemFlags if carried else Qt.ItemFlag.ItemIsEnabled
        )
        done.setFlags(flags)

    def _remove_item(self) -> None:
        removed = self.items_table.remove_current()
        if removed is not None and removed.carried_from in self.carried:
            self.carried.discard(removed.carried_from)
            row = next(i for i, info in enumerate(self.earlier) if info.id == removed.carried_from)
            self._show_carried(row, False)

    def done_item_ids(self) -> list[int]:
        """The earlier items ticked done."""
        return [
            info.id
            for row, info in enumerate(self.earlier)
            if self.earlier_table.item(row, EARLIER_DONE).checkState() == Qt.CheckState.Checked
            and info.id not in self.carried
        ]

    def open_review(self, review_id: int) -> None:
        dialog = ReviewViewerDialog(self.context, review_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def save(self) -> None:
        """Store the session; on bad input say what is wrong and stay open."""
        user = self.context.user
        if user is None:
            return
        coach_id = self.existing.coach_id if self.existing else user.id  # an edit keeps its coach
        try:
            with self.context.db.session() as session:
                self.saved = save_session(
                    session,
                    coaching_session_id=self.existing.id if self.existing else None,
                    agent_id=self.agent_id,
                    coach_id=coach_id,
                    held_on=from_qdate(self.date_edit.date()),
                    notes=self.notes_box.toPlainText().strip(),
                    review_ids=self.reviews_table.source.checked_ids(),
                    action_items=self.items_table.drafts(),
                    done_item_ids=self.done_item_ids(),
                )
        except Exception as error:
            show_error(self, error, self.windowTitle())
            return
        self.accept()
