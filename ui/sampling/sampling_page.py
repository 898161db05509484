"""The Sampling page: the rule form on the left, the preview on the right, and the actions above.

Every edit of the form previews the rule again a moment after the last change, in the worker
(only the latest preview is shown); a rule that cannot be drawn (a reversed period) shows why and
cannot be created. Create assignments runs in the worker with a progress dialog and tells the
window what changed, so the queue shows the new assignments. The page then shows what was
created, with a link to the Queue, and Create waits for a change to the rule (or for "Preview the
next draw", which labels the fresh preview as such): one click, one sample. Rules are saved by
name in the database, or written to and read from YAML files.
"""

from __future__ import annotations

from datetime import date
from html import escape

import shiboken6
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from qa_desk.changes import Changes
from qa_desk.errors import InputError
from qa_desk.sampling import SamplePlan
from qa_desk.sampling_rule import SampleRule, load_rule, save_rule
from ui import theme
from ui.context import AppContext
from ui.operations import Operation, show_error
from ui.sampling import sampling_work
from ui.sampling.preview_panel import PreviewPanel
from ui.sampling.rule_form import FormChoices, RuleForm

PREVIEW_DELAY_MS = 300


class SamplingPage(QWidget):
    """Build a sample rule, preview it, and create the assignments.

    Attributes:
        context: the database, the user and change notifications.
        form: the rule's controls.
        preview: the counts the rule draws.
        saved_rules: the rules saved in the database; picking one loads it.
        create_button: draws the sample and creates the assignments.
        last_plan: the latest preview (or the sample just created).
        notice: what the last Create made, with links to the Queue and to the next draw.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.last_plan: SamplePlan | None = None
        self._created: tuple[SampleRule, date | None, SamplePlan] | None = None
        self._next_draw = False
        self._generation = 0
        self._stale = True
        self.form = RuleForm()
        self.preview = PreviewPanel()
        self.notice = QLabel()
        self.notice.setObjectName("samplingNotice")
        self.notice.setContentsMargins(8, 4, 8, 0)
        self.notice.setVisible(False)
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse |
                                            Qt.TextInteractionFlag.LinksAccessibleByKeyboard)  # fmt: skip
        self.notice.linkActivated.connect(self._notice_link)
        self.saved_rules = QComboBox()
        self.saved_rules.setMinimumContentsLength(18)
        self.saved_rules.setPlaceholderText(self.tr("Saved rules…"))
        self.saved_rules.setAccessibleName(self.tr("Saved rules"))
        self.save_button = QPushButton(theme.icon("content-save-outline"), self.tr("&Save rule"))
        self.open_file_button = QPushButton(theme.icon("folder-open-outline"), self.tr("Open…"))
        self.export_button = QPushButton(theme.icon("file-export-outline"), self.tr("Export…"))
        self.create_button = QPushButton(
            theme.icon("account-multiple-check-outline"), self.tr("Create &assignments")
        )
        self.create_button.setDefault(True)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 8, 8, 0)
        bar.addWidget(QLabel(self.tr("Rule:")))
        bar.addWidget(self.saved_rules)
        for button in (self.save_button, self.open_file_button, self.export_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.create_button)

        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(self.form.sizeHint().width() + 24)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(1, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(splitter, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        self.form.sig_changed.connect(self._timer.start)
        self.saved_rules.activated.connect(self._load_saved)
        self.save_button.clicked.connect(self.save_rule)
        self.open_file_button.clicked.connect(self.open_file)
        self.export_button.clicked.connect(self.export_file)
        self.create_button.clicked.connect(self.create_assignments)
        context.sig_changed.connect(self._data_changed)

    # --- data ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the lists (teams, channels, reviewers, saved rules) again, then preview."""
        self._stale = False
        Operation(None, lambda _p, _c: sampling_work.read_choices(self.context.db)).success(
            lambda result: shiboken6.isValid(self) and self._choices_read(*result)
        ).run()

    def _choices_read(self, choices: FormChoices, saved: list[str]) -> None:
        self.form.set_choices(choices)
        self._show_saved(saved)

    def _show_saved(self, names: list[str], current: str = "") -> None:
        self.saved_rules.blockSignals(True)
        self.saved_rules.clear()
        self.saved_rules.addItems(names)
        self.saved_rules.setCurrentIndex(names.index(current) if current in names else -1)
        self.saved_rules.blockSignals(False)

    def _data_changed(self, changes: Changes) -> None:
        if changes.conversations or changes.users or changes.reviews:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # --- preview -----------------------------------------------------------------------------------

    def update_preview(self) -> None:
        """Preview the form's rule in the worker; a newer edit makes this one's result moot.

        A rule that cannot be drawn shows why instead; the rule of the sample just created shows
        that sample until the rule changes (or the next draw is asked for)."""
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        rule, due = self.form.rule(), self.form.due_on()
        problem = self.form.problem()
        if problem is not None:
            self.last_plan = None
            self.preview.show_problem(problem)
            self._allow_create(False, problem)
            return
        if self._created is not None:
            created_rule, created_due, created = self._created
            if (rule, due) != (created_rule, created_due):
                self._created, self._next_draw = None, False
                self._show_notice(created)
            elif not self._next_draw:
                self.last_plan = created
                self.preview.show_created(created)
                self._allow_create(
                    False, self.tr("Change the rule, or preview the next draw, to create another")
                )
                return
        self._allow_create(True)
        self.preview.show_message(self.tr("Updating the preview…"))
        Operation(None, lambda _p, _c: sampling_work.preview(self.context.db, rule, due)).success(
            lambda plan: self._previewed(generation, plan)
        ).failure(lambda error: self._preview_failed(generation, error)).run()

    def _previewed(self, generation: int, plan: SamplePlan) -> None:
        if generation == self._generation and shiboken6.isValid(self):
            self.last_plan = plan
            self.preview.show_plan(plan, next_draw=self._next_draw)
            if plan.picked == 0:
                self._allow_create(False, self.tr("The rule draws no conversation"))

    def _allow_create(self, allowed: bool, why_not: str = "") -> None:
        self.create_button.setEnabled(allowed)
        self.create_button.setToolTip("" if allowed else why_not)

    def _preview_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return
        if isinstance(error, InputError):
            self.preview.show_message(str(error))
        else:
            show_error(self, error)

    # --- actions -----------------------------------------------------------------------------------

    def create_assignments(self) -> None:
        """Draw the sample and create its assignments, with a progress dialog."""
        rule, due = self.form.rule(), self.form.due_on()
        user = self.context.user
        db = self.context.db
        Operation(
            self,
            lambda progress, cancelled: sampling_work.create(
                db, rule, user.id if user else None, due, progress, cancelled
            ),
            title=self.tr("Creating assignments"),
        ).success(lambda plan: self._done(plan, rule, due)).run()

    def _done(self, plan: SamplePlan, rule: SampleRule, due: date | None) -> None:
        if not shiboken6.isValid(self):
            return
        self._created, self._next_draw = (rule, due, plan), False
        self.last_plan = plan
        self._show_notice(plan)
        self.update_preview()  # shows what was created, and Create waits for a change
        self.context.changed(Changes(reviews=True))  # the queue shows them

    def _show_notice(self, plan: SamplePlan) -> None:
        """What the last Create made; while its rule is unchanged, a link to the next draw."""
        created = plan.picked - plan.unassigned
        text = self.tr("Sample #{0}: {1} assignments created.").format(plan.sample_id, created)
        if plan.due_on is not None:
            text += " " + self.tr("Due {0}.").format(QLocale().toString(plan.due_on))
        links = [f'<a href="queue">{self.tr("Open the Queue")}</a>']
        if self._created is not None and not self._next_draw:
            links.append(f'<a href="next">{self.tr("Preview the next draw")}</a>')
        self.notice.setText(f"{escape(text)} {' · '.join(links)}")
        self.notice.setVisible(True)

    def _notice_link(self, link: str) -> None:
        if link == "next":
            self.preview_next_draw()
        elif link == "queue":
            show_page = getattr(self.window(), "show_page", None)
            if show_page is not None:
                show_page("queue")

    def preview_next_draw(self) -> None:
        """After a Create, preview what the same rule draws now (the new assignments left out)."""
        if self._created is not None:
            self._next_draw = True
            self._show_notice(self._created[2])
            self.update_preview()

    def _load_saved(self, index: int) -> None:
        name = self.saved_rules.itemText(index)
        Operation(None, lambda _p, _c: sampling_work.load(self.context.db, name)).success(
            self.form.set_rule
        ).run()

    def save_rule(self) -> None:
        rule = self.form.rule()
        name = rule.name
        if not name:
            name, accepted = QInputDialog.getText(self, self.tr("Save rule"), self.tr("Rule name:"))
            if not accepted or not name.strip():
                return
            self.form.name.setText(name.strip())
            rule = self.form.rule()
        Operation(None, lambda _p, _c: sampling_work.save(self.context.db, rule)).success(
            lambda names: self._show_saved(names, rule.name)
        ).run()

    def open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a sample rule"), "", self.tr("Sample rules (*.yaml *.yml)")
        )
        if path:
            try:
                self.form.set_rule(load_rule(path))
            except InputError as error:
                show_error(self, error)

    def export_file(self) -> None:
        rule = self.form.rule()
        suggested = (rule.name or "sample-rule").replace("/", "-") + ".yaml"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the sample rule"), suggested, self.tr("Sample rules (*.yaml)")
        )
        if path:
            try:
                save_rule(rule, path)
            except OSError as error:
                QMessageBox.warning(self, self.tr("Export"), str(error))
