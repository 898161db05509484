"""The review workspace: a conversation's transcript, its context and the scoring panel side by
side in a splitter, with the rubric choice, the overall comment, Submit and Edit review (and,
while a submitted review is being edited, Cancel editing, which drops the new revision).

Every change is saved as it is made (see :class:`~ui.review.review_state.ReviewState`); rating
changes are undoable through the workspace's undo stack, which joins the window's undo group and
is the active one while the workspace is on screen. Ctrl+Enter submits and opens the next
conversation of the reviewer's queue.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QShowEvent,
    QTextCursor,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QLayout,
    QMessageBox,
    QPushButton,
    QWidget,
)

from qa_desk.queue import next_in_queue
from qa_desk.reviews import RatingInput
from ui import theme
from ui.analysis.plural import plural
from ui.context import AppContext
from ui.operations import show_error
from ui.review.review_state import ReviewState
from ui.review.transcript_delegate import local_time
from ui.review.typing_pause import TypingPause
from ui.review.undo_commands import SetRatingCommand
from ui.review.workspace_view import WorkspaceView

# "side" was renamed when the context panel's first height grew to show the automatic checks:
# heights saved before (down to the checks' heading) are not reused
SPLITTER_SETTINGS = {"splitter": "review/workspace_splitter", "side": "review/side_splitter_2"}


class ReviewWorkspace(WorkspaceView):
    """Review one conversation at a time.

    Attributes:
        context: the database, the user and change notifications.
        state: what is shown and the actions on it.
        undo_stack: the rating changes of the open review.
        cancel_edit_button: drops the revision of a submitted review being edited.
        (the widgets are those of :class:`~ui.review.workspace_view.WorkspaceView`)
    """

    sig_conversation_opened = Signal(object)  # conversation id, or None

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.state = ReviewState(context, self)
        self.undo_stack = QUndoStack(self)
        context.undo_group.addStack(self.undo_stack)
        self._shown_version: int | None = -1

        self._typing = TypingPause(self)  # when the overall comment being typed is saved
        self._typing.sig_due.connect(self._save_comment)
        self.comment_box.textChanged.connect(self._comment_edited)
        self.comment_box.installEventFilter(self)  # leaving the box saves what was typed
        self.rubric_combo.activated.connect(self._rubric_chosen)
        self.scoring_panel.sig_rating_changed.connect(self._rating_from_panel)
        self.edit_button.clicked.connect(self.edit_review)
        self.cancel_edit_button = QPushButton(
            theme.icon("pencil-off-outline"), self.tr("Cancel editing")
        )
        self.cancel_edit_button.setToolTip(
            self.tr("Drop this revision and keep the submitted review as it was")
        )
        self.cancel_edit_button.clicked.connect(self.cancel_edit)
        footer = _layout_holding(self.scoring_panel.parentWidget().layout(), self.submit_button)
        if footer is not None:
            footer.insertWidget(footer.indexOf(self.submit_button), self.cancel_edit_button)
        self.scoring_panel.sig_batch.connect(self._rating_batch)
        self.submit_button.clicked.connect(self.submit_and_next)

        self.submit_action = QAction(self.tr("Submit review"), self)
        self.submit_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.submit_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.submit_action.triggered.connect(self.submit_and_next)
        self.addAction(self.submit_action)

        self.state.sig_conversation_changed.connect(self._show_conversation)
        self.state.sig_review_changed.connect(self._show_review)
        self.state.sig_rating_changed.connect(self.scoring_panel.set_rating)
        self.state.sig_saved.connect(self._show_status)
        context.sig_changed.connect(self._data_changed)
        context.sig_user_changed.connect(self._user_changed)
        self._fill_rubric_combo()
        self._show_conversation()
        self._show_review()
        self.restore_state()

    # --- opening -------------------------------------------------------------------------------

    def open_conversation(self, conversation_id: int | None, focus: bool = True) -> None:
        """Show a conversation and the reviewer's review of it, its first unrated criterion
        current; ``focus`` gives the keyboard to the scoring panel. What was being typed in the
        review left is saved first."""
        self.commit_edits()
        self._open(conversation_id, focus)

    def _open(self, conversation_id: int | None, focus: bool) -> None:
        try:
            self.state.open(conversation_id)
        except KeyError:
            self.state.open(None)
        if self.state.detail is not None:
            current = self.scoring_panel.first_unrated() or self._first_id()
            self.scoring_panel.set_current(current, focus=focus)
        self.sig_conversation_opened.emit(self.state.detail.id if self.state.detail else None)

    def _user_changed(self, _user: object) -> None:
        self.commit_edits()  # into the review being left, the previous user's
        self._open(None, focus=False)  # it was someone else's review, not the new user's

    def _first_id(self) -> str:
        return next(iter(self.scoring_panel.rows), "")

    def _show_conversation(self) -> None:
        detail = self.state.detail
        self.undo_stack.clear()
        self.message_bar.hide_message()
        self.pages.setCurrentIndex(1 if detail is not None else 0)
        self.title_label.setText(detail.title if detail else "")
        self.title_label.setToolTip(detail.title if detail else "")
        self.context_panel.show_detail(detail)
        self.fit_side_column()
        self.transcript.set_messages(detail.messages if detail else [])

    def _show_review(self) -> None:
        state = self.state
        if state.rubric_version_id != self._shown_version:
            self.scoring_panel.set_rubric(state.rubric)
            self._shown_version = state.rubric_version_id
        self.scoring_panel.set_ratings(state.ratings)
        self.scoring_panel.set_suggestions(state.suggestions)
        self.scoring_panel.set_read_only(state.read_only)
        self.comment_box.blockSignals(True)
        if self.comment_box.toPlainText() != state.comment:
            self.comment_box.setPlainText(state.comment)
            self.comment_box.moveCursor(QTextCursor.MoveOperation.End)  # go on where it ends
        self.comment_box.blockSignals(False)
        self.comment_box.setReadOnly(state.read_only)
        if not state.choices:
            self.scoring_panel.empty_label.setText(
                self.tr("There is no rubric yet. Add one on the Rubrics page to start reviewing.")
            )
        self._select_rubric_in_combo()
        self._show_status()

    def _show_status(self) -> None:
        state, review = self.state, self.state.review
        status = state.status
        if self.context.user is None:
            text = self.tr("Sign in to review (Settings ▸ Change user).")
        elif status == "submitted" and review is not None:
            text = self.tr("Submitted {0} · revision {1}").format(
                local_time(review.submitted_at), review.revision
            )
        elif status == "draft" and review is not None and review.revision > 1:
            text = self.tr(
                "Editing revision {0}; saved as you go. Submitting replaces revision {1}."
            )
            text = text.format(review.revision, review.revision - 1)
        elif status == "draft":
            text = self.tr("Draft, saved as you go.")
        else:
            text = self.tr("New review.")
        self.status_label.setText(text)
        self.edit_button.setVisible(status == "submitted" and self.context.user is not None)
        self.cancel_edit_button.setVisible(state.editing_submitted and not state.read_only)
        self.submit_button.setVisible(status != "submitted")
        self.submit_button.setEnabled(not state.read_only and state.rubric is not None)
        # a revision keeps the rubric version of the review it edits
        self.rubric_combo.setEnabled(
            status in ("new", "draft") and not state.read_only and not state.editing_submitted
        )

    # --- rubric choice -------------------------------------------------------------------------

    def _fill_rubric_combo(self) -> None:
        self.rubric_combo.blockSignals(True)
        self.rubric_combo.clear()
        for choice in self.state.choices:
            self.rubric_combo.addItem(choice.name, choice.key)
        self.rubric_combo.blockSignals(False)
        self._select_rubric_in_combo()

    def _select_rubric_in_combo(self) -> None:
        label = self.state.rubric_label
        key = label[0] if label else self.state.chosen_key()
        index = self.rubric_combo.findData(key)
        if index >= 0:
            self.rubric_combo.setCurrentIndex(index)
        self.version_label.setText(self.tr("v{0}").format(label[1]) if label else "")
        self.version_label.setToolTip(
            self.tr("This review uses version {0} of the rubric").format(label[1]) if label else ""
        )

    def _rubric_chosen(self, index: int) -> None:
        key = self.rubric_combo.itemData(index)
        current = self.state.rubric_label
        if key is None or (current is not None and current[0] == key):
            return
        if self.state.status == "draft":
            count = len(self.state.ratings)
            if count and (
                QMessageBox.question(
                    self,
                    self.tr("Change the rubric"),
                    plural(
                        self.tr(
                            "Discard the %n rating(s) of this draft and start again with “{0}”?",
                            "",
                            count,
                        ),
                        count,
                    ).format(self.rubric_combo.itemText(index)),
                )
                != QMessageBox.StandardButton.Yes
            ):
                self._select_rubric_in_combo()
                return
            self.state.choose_rubric(key)
            self.state.discard()
        else:
            self.state.choose_rubric(key)
        self.undo_stack.clear()
        self.scoring_panel.focus_current()

    # --- changes -------------------------------------------------------------------------------

    def _rating_from_panel(self, criterion_id: str, rating: RatingInput | None) -> None:
        before = self.state.ratings.get(criterion_id)
        same_choice = (before is None) == (rating is None) and (
            before is None
            or (before.value, before.root_causes) == (rating.value, rating.root_causes)  # type: ignore[union-attr]
        )
        if same_choice:  # only the comment changed: saved, but not an undo step
            self._apply(criterion_id, rating)
            return
        name = self.state.rubric.criterion(criterion_id).name if self.state.rubric else ""
        self.undo_stack.push(SetRatingCommand(self._apply_step, criterion_id, name, before, rating))

    def _rating_batch(self, started: bool) -> None:
        """Several ratings from one action (Confirm all suggestions) are one undo step."""
        if started:
            self.undo_stack.beginMacro(self.tr("Confirm all suggestions"))
        else:
            self.undo_stack.endMacro()

    def _apply_step(self, criterion_id: str, rating: RatingInput | None) -> None:
        """Apply an undo step, keeping the criterion's current comment."""
        current = self.state.ratings.get(criterion_id)
        if rating is not None and current is not None:
            rating = RatingInput(rating.value, current.comment, list(rating.root_causes))
        self._apply(criterion_id, rating)
        self.scoring_panel.set_rating(criterion_id, rating)
        panel = self.scoring_panel
        if panel.current_criterion() != criterion_id:  # show where the undo happened
            focused = QApplication.focusWidget()
            panel.set_current(
                criterion_id, focus=focused is not None and panel.isAncestorOf(focused)
            )

    def _apply(self, criterion_id: str, rating: RatingInput | None) -> None:
        try:
            self.state.set_rating(criterion_id, rating)
        except Exception as error:
            self.scoring_panel.set_ratings(self.state.ratings)  # show what is really saved
            show_error(self, error)

    def _comment_edited(self) -> None:
        if not self.state.read_only:
            self._typing.edited()

    def commit_edits(self) -> None:
        """Save the comments still being typed (a criterion's, the overall one) at once, without
        waiting for the pause in typing: before a submit and before the review is left."""
        if self.state.read_only:
            return
        self.scoring_panel.commit_comments()
        self._save_comment()

    def _save_comment(self) -> None:
        self._typing.cancel()
        if self.state.read_only:
            return
        try:
            self.state.set_comment(self.comment_box.toPlainText())
        except Exception as error:
            show_error(self, error)

    def submit_and_next(self) -> None:
        """Submit the review and open the next conversation in the queue; an unrated criterion
        stops it, and is selected with a message saying so."""
        if self.state.read_only or self.state.detail is None:
            return
        self.commit_edits()
        missing = self.state.submit()
        if missing:
            rubric = self.state.rubric
            name = rubric.criterion(missing[0]).name if rubric else missing[0]
            more = len(missing) - 1
            waiting = sum(cid in self.state.suggestions for cid in missing)
            if missing[0] in self.state.suggestions:
                text = self.tr(
                    "“{0}” is not rated yet: its suggestion is waiting to be confirmed."
                ).format(name)
                advice = self.tr("Press Enter to confirm it, or pick another value.")
            else:
                text = self.tr("“{0}” is not rated yet.").format(name)
                advice = self.tr("Rate it, or pick N/A where allowed.")
            if more == 1:
                text += " " + self.tr("One more criterion is not rated either.")
            elif more:
                text += " " + self.tr("%n more criteria are not rated either.", "", more)
            if waiting > 1 or (waiting and missing[0] not in self.state.suggestions):
                advice += " " + plural(
                    self.tr(
                        "%n suggestion(s) wait to be confirmed: Ctrl+Shift+A confirms them all.",
                        "",
                        waiting,
                    ),
                    waiting,
                )
            self.message_bar.show_message(text + " " + advice)
            self.scoring_panel.set_current(missing[0], focus=True)
            return
        self.undo_stack.clear()
        done = self.state.detail.id
        user = self.context.user
        with self.context.db.reader() as session:
            following = next_in_queue(session, user.id, (done,)) if user else None
        self.open_conversation(following.conversation_id if following else None)
        if following is None:
            self.placeholder.setText(self.tr("All done: your queue is empty."))

    def edit_review(self) -> None:
        """Reopen the reviewer's submitted review as a new revision."""
        try:
            self.state.reopen()
        except Exception as error:
            show_error(self, error)
            return
        self.scoring_panel.focus_current()

    def cancel_edit(self) -> None:
        """Drop the revision being edited and show the submitted review again (asking first when
        the edit changed anything)."""
        state = self.state
        if not state.editing_submitted:
            return
        self.commit_edits()  # what is being typed counts as a change to ask about
        if (
            state.edit_changed()
            and QMessageBox.question(
                self,
                self.tr("Cancel editing"),
                self.tr(
                    "Drop the changes made in revision {0} and keep revision {1} as submitted?"
                ).format(state.review.revision, state.review.revision - 1),  # type: ignore[union-attr]
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        try:
            state.cancel_edit()
        except Exception as error:
            show_error(self, error)
            return
        self.undo_stack.clear()
        self.message_bar.hide_message()
        self.scoring_panel.focus_current()

    def _data_changed(self, changes: object) -> None:
        if getattr(changes, "rubrics", False):
            self.state.load_choices()
            self._fill_rubric_combo()
            key = self.state.chosen_key()
            if key is not None and (self.state.status == "new" or self.state.rubric is None):
                self.state.choose_rubric(key)  # a new version, or the first rubric at all

    # --- keyboard, visibility, settings --------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.submit_and_next()
            return
        super().keyPressEvent(event)

    def focus_search(self) -> None:
        self.transcript.focus_search()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.comment_box and event.type() == QEvent.Type.FocusOut:
            self._typing.flush()  # Tab, a click elsewhere, another window: save it now
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.undo_stack.setActive(True)
        self.state.resume()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self.context.undo_group.activeStack() is self.undo_stack:
            self.context.undo_group.setActiveStack(None)
        self.commit_edits()
        self.state.pause()

    def save_state(self) -> None:
        """Remember the splitter positions, and save the comment and time spent so far."""
        settings = QSettings()
        settings.setValue(SPLITTER_SETTINGS["splitter"], self.splitter.saveState())
        settings.setValue(SPLITTER_SETTINGS["side"], self.side_splitter.saveState())
        self.commit_edits()
        self.state.flush_time()

    def restore_state(self) -> None:
        settings = QSettings()
        for key, splitter in (("splitter", self.splitter), ("side", self.side_splitter)):
            state = settings.value(SPLITTER_SETTINGS[key])
            if isinstance(state, QByteArray) and not state.isEmpty():
                splitter.restoreState(state)
                self.sized = self.sized or splitter is self.splitter


def _layout_holding(layout: QLayout | None, widget: QWidget) -> QBoxLayout | None:
    """The box layout, ``layout`` or one nested in it, that holds ``widget`` directly."""
    if layout is None:
        return None
    if isinstance(layout, QBoxLayout) and layout.indexOf(widget) >= 0:
        return layout
    for index in range(layout.count()):
        found = _layout_holding(layout.itemAt(index).layout(), widget)
        if found is not None:
            return found
    return None
