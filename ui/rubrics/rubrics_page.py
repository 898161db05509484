"""The Rubrics page: the rubrics and their versions on the left, the rubric editor on the right.

Saving adds a new immutable version through :func:`qa_desk.rubric_store.add_rubric` (identical
content adds nothing); reviews already made keep pointing at the version they were made with.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qa_desk.changes import Changes
from qa_desk.errors import InputError
from qa_desk.rubric_edit import RubricDraft, duplicate, new_rubric
from qa_desk.rubric_loader import load_rubric_file
from qa_desk.rubric_store import AddedVersion, add_rubric, definition_of, get_version
from ui import theme
from ui.context import AppContext
from ui.operations import show_error
from ui.rubrics.rubric_editor import RubricEditor
from ui.rubrics.version_list import VersionList

SETTINGS_KEYS = ("rubrics/splitter", "rubrics/editor_splitter", "rubrics/tree_splitter")


class RubricsPage(QWidget):
    """Lists rubric versions and edits rubrics.

    Attributes:
        context: the database, the user and change notifications.
        versions: the list of rubrics and versions.
        editor: the rubric editor.
        origin: ``(rubric key, version)`` the editor's draft was loaded from or last saved as;
            None for a new, duplicated or imported rubric not saved yet.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.origin: tuple[str, int] | None = None
        self.versions = VersionList(context.db)
        self.editor = RubricEditor()
        context.undo_group.addStack(self.editor.undo_stack)
        self._build()
        self._restore_state()
        context.sig_changed.connect(self._data_changed)
        self.versions.sig_selection_changed.connect(self._enable)
        self.versions.sig_activated.connect(self.edit_version)
        self.editor.sig_state_changed.connect(self._editor_state_changed)
        self.versions.refresh()
        if self.versions.versions:
            first = self.versions.versions[0].key
            latest = max(v.version for v in self.versions.versions if v.key == first)
            self.versions.select(first, latest)
            self.edit_version(first, latest)
        else:
            self.new_rubric()
        self._enable()

    # --- layout --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.new_button = self._button("file-plus-outline", self.tr("&New rubric"), self.new_rubric)
        self.edit_button = self._button("pencil-outline", self.tr("&Edit"), self.edit_selected)
        self.duplicate_button = self._button(
            "content-copy", self.tr("D&uplicate"), self.duplicate_selected
        )
        self.import_button = self._button(
            "file-import-outline", self.tr("&Import…"), self.import_dialog
        )
        self.export_button = self._button(
            "file-export-outline", self.tr("E&xport…"), self.export_dialog
        )
        self.edit_button.setToolTip(self.tr("Load the selected version into the editor"))
        self.duplicate_button.setToolTip(self.tr("Start a new rubric from the selected version"))
        self.import_button.setToolTip(self.tr("Load a rubric YAML file into the editor"))
        self.export_button.setToolTip(self.tr("Write the selected version as a YAML file"))
        # what needs no selection above the list; what acts on the selected version below it
        actions = QHBoxLayout()
        actions.setSpacing(4)
        actions.addWidget(self.new_button)
        actions.addWidget(self.import_button)
        actions.addStretch()
        files = QHBoxLayout()
        files.setSpacing(4)
        for button in (self.edit_button, self.duplicate_button, self.export_button):
            files.addWidget(button)
        files.addStretch()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("<b>Rubrics and versions</b>")))
        left_layout.addLayout(actions)
        left_layout.addWidget(self.versions, 1)
        left_layout.addLayout(files)

        self.title_label = QLabel()
        self.title_label.setObjectName("rubricEditorTitle")
        self.title_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label = QLabel()
        self.status_label.setObjectName("rubricSaveStatus")
        self.status_label.setWordWrap(True)
        self.save_button = QPushButton(theme.icon("content-save-outline"), self.tr("&Save"))
        self.save_button.setToolTip(self.tr("Save as a new version (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.save_action = QAction(self.tr("Save rubric"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.save_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(top)
        right_layout.addWidget(self.editor, 1)
        right_layout.addWidget(self.status_label)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([230, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)

    def _button(self, icon: str, text: str, slot: object) -> QToolButton:
        button = QToolButton()
        button.setIcon(theme.icon(icon))
        button.setText(text)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return button

    def _splitters(self) -> tuple[QSplitter, ...]:
        return self.splitter, self.editor.splitter, self.editor.left_splitter

    def save_state(self) -> None:
        """Remember the splitter positions."""
        settings = QSettings()
        for key, splitter in zip(SETTINGS_KEYS, self._splitters(), strict=True):
            settings.setValue(key, splitter.saveState())

    def _restore_state(self) -> None:
        settings = QSettings()
        for key, splitter in zip(SETTINGS_KEYS, self._splitters(), strict=True):
            state = settings.value(key)
            if isinstance(state, QByteArray) and not state.isEmpty():
                splitter.restoreState(state)

    def showEvent(self, event: QShowEvent) -> None:
        self.editor.undo_stack.setActive(True)
        super().showEvent(event)

    # --- state ---------------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self.editor.has_unsaved_changes()

    def _data_changed(self, changes: Changes) -> None:
        if changes.rubrics or changes.reviews:
            self.versions.refresh()
            self._editor_state_changed()

    def _enable(self) -> None:
        chosen = self.versions.selected() is not None
        for button in (self.edit_button, self.duplicate_button, self.export_button):
            button.setEnabled(chosen)

    def _editor_state_changed(self) -> None:
        editor = self.editor
        draft = editor.draft
        unsaved = editor.has_unsaved_changes()
        name = draft.name.strip() or self.tr("(no name)")
        if self.origin is not None:
            where = self.tr("{0}, version {1}").format(*self.origin)
        else:
            where = self.tr("new rubric, not saved yet")
        marker = self.tr(" · <i>unsaved changes</i>") if unsaved else ""
        self.title_label.setText(f"<b>{_escape(name)}</b> — {_escape(where)}{marker}")
        self.save_button.setEnabled(editor.rubric is not None and (unsaved or self.origin is None))
        self.save_action.setEnabled(self.save_button.isEnabled())
        if editor.rubric is None:
            self.save_button.setToolTip(self.tr("Fix the problems listed to save"))
        else:
            self.save_button.setToolTip(self._save_target(draft.id.strip()))

    def _save_target(self, key: str) -> str:
        existing = [v.version for v in self.versions.versions if v.key == key]
        if not existing:
            return self.tr("Saving adds the new rubric '{0}' (Ctrl+S)").format(key)
        if self.origin is None or self.origin[0] != key:
            return self.tr("A rubric '{0}' exists: saving adds its version {1} (Ctrl+S)").format(
                key, max(existing) + 1
            )
        return self.tr("Saving adds version {0} of '{1}' (Ctrl+S)").format(max(existing) + 1, key)

    def _confirm_discard(self) -> bool:
        """Whether the editor's draft may be replaced (asking when it has unsaved changes)."""
        if not self.editor.has_unsaved_changes():
            return True
        buttons = (
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("The rubric “{0}” has unsaved changes. Save them first?").format(
                self.editor.draft.name
            ),
            buttons,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save() is not None
        return answer == QMessageBox.StandardButton.Discard

    def _load(self, draft: RubricDraft, origin: tuple[str, int] | None, saved: bool) -> None:
        self.origin = origin
        self.editor.load(draft, draft.to_data() if saved else None)
        self._editor_state_changed()

    # --- actions -------------------------------------------------------------------------------

    def new_rubric(self) -> bool:
        if not self._confirm_discard():
            return False
        draft = new_rubric(
            self.versions.keys(), self.tr("New rubric"), self.tr("New section"),
            self.tr("New criterion"),
        )  # fmt: skip
        self._load(draft, None, saved=False)
        self.editor.baseline = draft.to_data()  # nothing typed yet: nothing to lose
        self.status_label.setText(self.tr("New rubric: add sections and criteria, then Save."))
        self._editor_state_changed()
        self.editor.name_edit.setFocus()
        return True

    def _stored(self, key: str, version: int) -> RubricDraft:
        with self.context.db.reader() as session:
            return RubricDraft.of(definition_of(get_version(session, key, version)))

    def edit_version(self, key: str, version: int) -> bool:
        """Load a stored version into the editor."""
        if not self._confirm_discard():
            return False
        self._load(self._stored(key, version), (key, version), saved=True)
        self.status_label.setText(
            self.tr("Editing a copy of version {0}: saving adds a new version.").format(version)
        )
        return True

    def edit_selected(self) -> bool:
        chosen = self.versions.selected()
        return self.edit_version(*chosen) if chosen else False

    def duplicate_selected(self) -> bool:
        """Start a new rubric (new id) from the selected version."""
        chosen = self.versions.selected()
        if chosen is None or not self._confirm_discard():
            return False
        twin = duplicate(self._stored(*chosen), self.versions.keys(), self.tr("copy"))
        self._load(twin, None, saved=False)
        self.status_label.setText(
            self.tr("A copy of {0} version {1} as a new rubric: Save to add it.").format(*chosen)
        )
        return True

    def save(self) -> AddedVersion | None:
        """Store the draft as a new version (nothing when the same content is already stored)."""
        rubric = self.editor.rubric
        if rubric is None:
            return None
        user = self.context.user.name if self.context.user is not None else None
        try:
            with self.context.db.session() as session:
                added = add_rubric(session, rubric, created_by=user)
        except Exception as error:
            show_error(self, error, self.tr("Saving the rubric"))
            return None
        self.origin = (added.key, added.version)
        self.editor.mark_saved()
        if added.created:
            self.status_label.setText(
                self.tr("Saved as version {0} of {1}. Reviews already made keep their version.")
                .format(added.version, added.key)
            )  # fmt: skip
            self.context.changed(Changes(rubrics=True))
        else:
            self.status_label.setText(
                self.tr("Nothing new to save: this content is already version {0} of {1}.")
                .format(added.version, added.key)
            )  # fmt: skip
        self.versions.select(added.key, added.version)
        self._editor_state_changed()
        return added

    def import_yaml(self, path: str | Path) -> bool:
        """Load a rubric YAML file into the editor (after checking it); Save adds it."""
        if not self._confirm_discard():
            return False
        try:
            rubric, _text = load_rubric_file(path)
        except InputError as error:
            show_error(self, error, self.tr("Importing a rubric"))
            return False
        self._load(RubricDraft.of(rubric), None, saved=False)
        self.status_label.setText(
            self.tr("Imported {0}: check it, then Save to add it.").format(Path(path).name)
        )
        return True

    def export_version(self, key: str, version: int, path: str | Path) -> None:
        """Write a stored version as YAML (the text it was added from)."""
        with self.context.db.reader() as session:
            text = get_version(session, key, version).source_yaml
        Path(path).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        self.status_label.setText(
            self.tr("Exported {0} version {1} to {2}.").format(key, version, path)
        )

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a rubric"), "", self.tr("Rubric YAML (*.yaml *.yml)")
        )
        if path:
            self.import_yaml(path)

    def export_dialog(self) -> None:
        chosen = self.versions.selected()
        if chosen is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export a rubric version"), f"{chosen[0]}-v{chosen[1]}.yaml",
            self.tr("Rubric YAML (*.yaml *.yml)"),
        )  # fmt: skip
        if path:
            try:
                self.export_version(*chosen, path)
            except OSError as error:
                show_error(self, error, self.tr("Exporting a rubric"))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
