"""The state of the review workspace, and the actions that change it.

:class:`ReviewState` holds what the workspace shows (the open conversation, the rubric version, the
reviewer's review and its ratings) and performs every change through the core
(:mod:`qa_desk.reviews`), each in its own short transaction, so a rating is on disk the moment it is
picked. Widgets observe its signals; tests assert on its attributes.

Nothing is written just for opening a conversation: the draft is created with the first rating or
comment. Time spent counts while the workspace is on screen with the conversation open; it is added
to the draft with each change, so it accumulates across sittings and survives a crash.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QSettings, Signal
from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_desk.autoqa_review import (
    Suggestion,
    copy_suggestions,
    record_suggestion,
    suggestions_for,
)
from qa_desk.changes import Changes
from qa_desk.conversation_detail import ConversationDetail, conversation_detail
from qa_desk.db.models import Review, RubricVersion
from qa_desk.errors import InputError
from qa_desk.reviews import (
    RatingInput,
    ReviewSnapshot,
    add_time_spent,
    discard_draft,
    open_draft,
    reopen_review,
    reviewer_review,
    save_rating,
    save_review_comment,
    submit_review,
)
from qa_desk.rubric import Rubric
from qa_desk.rubric_store import definition_of, list_versions
from ui.context import AppContext

RUBRIC_SETTING = "review/rubric"
DEFAULT_RUBRIC = "support-core"


@dataclass(frozen=True)
class RubricChoice:
    """A rubric offered in the workspace: its key and name, and its latest version."""

    key: str
    name: str
    version: int
    version_id: int


class ReviewState(QObject):
    """The open conversation and the signed-in reviewer's review of it.

    Attributes:
        context: the database, the user and change notifications.
        detail: the open conversation (None when none is open).
        reviewer: the user whose review is open (the signed-in user when it was opened).
        rubric: the rubric version scored against (None when there is no rubric at all).
        rubric_version_id: its row id.
        review: the saved review (None until the first change is saved).
        ratings: the ratings, by criterion id.
        comment: the review's overall comment.
        choices: the rubrics the reviewer can choose from, latest versions.
        suggestions: what automatic checks suggest for criteria naming one, by criterion id
            (shown, not ratings: a rating records the suggestion it was made with; a criterion
            whose suggestion is not confirmed is unrated, and Submit stops at it, so the
            agreement statistics only count what the reviewer decided).
    """

    sig_conversation_changed = Signal()  # another conversation (or none) is open
    sig_review_changed = Signal()  # rubric, status or the whole set of ratings changed
    sig_rating_changed = Signal(str, object)  # criterion id, RatingInput or None
    sig_saved = Signal()  # a draft change reached the database

    def __init__(self, context: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self.detail: ConversationDetail | None = None
        self.reviewer = context.user
        self.rubric: Rubric | None = None
        self.rubric_version_id: int | None = None
        self.review: ReviewSnapshot | None = None
        self.ratings: dict[str, RatingInput] = {}
        self.comment = ""
        self.choices: list[RubricChoice] = []
        self.suggestions: dict[str, Suggestion] = {}
        self._definitions: dict[int, Rubric] = {}
        self._versions: dict[int, tuple[str, int]] = {}  # version id -> (key, number)
        self._active_since: float | None = None
        self._unsaved_seconds = 0.0
        self.load_choices()

    # --- what is shown -------------------------------------------------------------------------

    @property
    def status(self) -> str:
        """``none`` (no conversation), ``new`` (nothing saved yet), ``draft`` or ``submitted``."""
        if self.detail is None:
            return "none"
        return self.review.status if self.review is not None else "new"

    @property
    def editing_submitted(self) -> bool:
        """Whether the open review is a new revision of a submitted review, being edited."""
        return self.status == "draft" and self.review is not None and self.review.revision > 1

    @property
    def read_only(self) -> bool:
        return self.status in ("none", "submitted") or self.context.user is None

    @property
    def rubric_label(self) -> tuple[str, int] | None:
        """The key and version number of the rubric version shown."""
        return self._versions.get(self.rubric_version_id or -1)

    def load_choices(self) -> None:
        """Read the rubrics on offer (after a rubric was added, for instance)."""
        with self.context.db.reader() as session:
            latest: dict[str, RubricChoice] = {}
            for info in list_versions(session):
                self._versions[info.version_id] = (info.key, info.version)
                latest[info.key] = RubricChoice(info.key, info.name, info.version, info.version_id)
        self.choices = sorted(latest.values(), key=lambda c: c.name.casefold())

    def chosen_key(self) -> str | None:
        """The rubric new reviews use: the remembered one, else support-core, else the first."""
        keys = [c.key for c in self.choices]
        remembered = QSettings().value(RUBRIC_SETTING)
        for key in (remembered, DEFAULT_RUBRIC):
            if key in keys:
                return str(key)
        return keys[0] if keys else None

    def _choice(self, key: str | None) -> RubricChoice | None:
        return next((c for c in self.choices if c.key == key), None)

    def _definition(self, session: Session, version_id: int) -> Rubric:
        rubric = self._definitions.get(version_id)
        if rubric is None:
            version = session.get(RubricVersion, version_id)
            if version is None:
                raise KeyError(version_id)
            rubric = self._definitions[version_id] = definition_of(version)
            self._versions.setdefault(version_id, (version.rubric.key, version.version))
        return rubric

    # --- opening -------------------------------------------------------------------------------

    def open(self, conversation_id: int | None) -> None:
        """Show a conversation (None: none) with the reviewer's draft or submitted review of it."""
        self.flush_time()
        self.review, self.ratings, self.comment = None, {}, ""
        self.detail = None
        self.reviewer = user = self.context.user
        if conversation_id is not None:
            with self.context.db.reader() as session:
                self.detail = conversation_detail(session, conversation_id)
                if user is not None:
                    self.review = reviewer_review(session, conversation_id, user.id)
                self._use_review(session)
        self._unsaved_seconds = 0.0
        if self._active_since is not None:
            self._active_since = time.monotonic()
        self.sig_conversation_changed.emit()
        self.sig_review_changed.emit()

    def _use_review(self, session: Session) -> None:
        if self.review is not None:
            version_id: int | None = self.review.rubric_version_id
            self.ratings = dict(self.review.ratings)
            self.comment = self.review.comment or ""
        else:
            choice = self._choice(self.chosen_key())
            version_id = choice.version_id if choice else None
        self.rubric_version_id = version_id
        self.rubric = self._definition(session, version_id) if version_id is not None else None
        self.suggestions = (
            suggestions_for(session, self.detail.id, self.rubric)
            if self.rubric is not None and self.detail is not None
            else {}
        )

    def choose_rubric(self, key: str) -> None:
        """Use the latest version of rubric ``key`` from now on; a review with nothing saved yet
        switches to it at once (a saved draft must be discarded first, see :meth:`discard`)."""
        QSettings().setValue(RUBRIC_SETTING, key)
        if self.status == "new" or (self.detail is not None and self.rubric is None):
            with self.context.db.reader() as session:
                self._use_review(session)
            self.sig_review_changed.emit()

    def discard(self) -> None:
        """Delete the draft (its ratings and comment) and start again with the chosen rubric (a
        revision of a submitted review goes back to that review, see :meth:`cancel_edit`)."""
        if self.editing_submitted:
            self.cancel_edit()
            return
        if self.review is None or self.review.status != "draft":
            return
        with self.context.db.session() as session:
            discard_draft(session, self.review.id)
            self.review, self.ratings, self.comment = None, {}, ""
        with self.context.db.reader() as session:
            self._use_review(session)
        self.sig_review_changed.emit()
        self.context.changed(Changes(reviews=True))

    # --- changes -------------------------------------------------------------------------------

    def _write(self, change: Callable[[Session, int], object]) -> None:
        """Run ``change(session, review_id)`` on the draft (created first when there is none),
        adding the time spent since the last change, all in one transaction."""
        user, detail = self.reviewer, self.detail  # what was being typed when the user changed
        if self.read_only or user is None or detail is None or self.rubric_version_id is None:
            raise PermissionError("this review cannot be changed")
        created = False
        with self.context.db.session() as session:
            if self.review is None:
                draft = open_draft(session, detail.id, user.id, self.rubric_version_id)
                review_id, created = draft.id, True
            else:
                review_id = self.review.id
            seconds = self._take_time()
            if seconds:
                add_time_spent(session, review_id, seconds)
            change(session, review_id)
            if created:
                self.review = ReviewSnapshot.of(draft)
        self.sig_saved.emit()
        if created:
            self.context.changed(Changes(reviews=True))

    def set_rating(self, criterion_id: str, rating: RatingInput | None) -> None:
        """Save one rating of the draft (None clears it)."""
        if self.ratings.get(criterion_id) == rating:
            return
        suggestion = self.suggestions.get(criterion_id)

        def save(session: Session, review_id: int) -> None:
            save_rating(session, review_id, criterion_id, rating)
            if rating is not None and suggestion is not None:
                record_suggestion(session, review_id, criterion_id, suggestion.value)

        self._write(save)
        if rating is None:
            self.ratings.pop(criterion_id, None)
        else:
            self.ratings[criterion_id] = rating
        self.sig_rating_changed.emit(criterion_id, rating)

    def set_comment(self, comment: str) -> None:
        """Save the review's overall comment."""
        if comment.strip() == self.comment.strip():
            return
        self._write(lambda session, review_id: save_review_comment(session, review_id, comment))
        self.comment = comment

    def missing(self) -> list[str]:
        """The criteria still to rate, in rubric order: N/A counts as rated, a suggestion not
        confirmed does not (it is the check's value, not the reviewer's)."""
        if self.rubric is None:
            return []
        return [cid for cid in self.rubric.criterion_ids if cid not in self.ratings]

    def submit(self) -> list[str]:
        """Submit the review; returns the criteria still to rate (nothing is submitted then)."""
        missing = self.missing()
        if missing or self.read_only:
            return missing
        if self.review is None or self.review.status != "draft":
            return self.missing()
        try:
            with self.context.db.session() as session:
                add_time_spent(session, self.review.id, self._take_time())
                submitted = submit_review(session, self.review.id)
                self.review = ReviewSnapshot.of(submitted)
        except InputError as error:  # rated elsewhere in the meantime, e.g. another window
            return [p.field for p in error.problems if p.field] or missing
        self.sig_review_changed.emit()
        self.context.changed(Changes(reviews=True))
        return []

    def reopen(self) -> None:
        """Edit a submitted review: a new revision as a draft, holding a copy of its ratings."""
        if self.review is None or self.review.status != "submitted":
            return
        with self.context.db.session() as session:
            previous = self.review.id
            self.review = ReviewSnapshot.of(reopen_review(session, previous))
            copy_suggestions(session, previous, self.review.id)
        self.ratings = dict(self.review.ratings)
        self.comment = self.review.comment or ""
        self.sig_review_changed.emit()
        self.context.changed(Changes(reviews=True))

    def edit_changed(self) -> bool:
        """Whether the revision being edited differs from the submitted review it came from."""
        if not self.editing_submitted or self.detail is None or self.reviewer is None:
            return False
        with self.context.db.reader() as session:
            submitted = session.scalar(
                select(Review).where(
                    Review.conversation_id == self.detail.id,
                    Review.reviewer_id == self.reviewer.id,
                    Review.status == "submitted",
                    Review.is_current,
                )
            )
            if submitted is None:
                return True
            before = ReviewSnapshot.of(submitted)
        same_comment = (before.comment or "").strip() == self.comment.strip()
        return before.ratings != self.ratings or not same_comment

    def cancel_edit(self) -> None:
        """Drop the revision being edited (its ratings and comment) and show the submitted review
        it was reopened from again."""
        if not self.editing_submitted or self.detail is None:
            return
        with self.context.db.session() as session:
            discard_draft(session, self.review.id)  # type: ignore[union-attr]
        self._unsaved_seconds = 0.0  # the time went into the edit dropped
        with self.context.db.reader() as session:
            self.review = reviewer_review(session, self.detail.id, self.reviewer.id)  # type: ignore[union-attr]
            self.ratings, self.comment = {}, ""
            self._use_review(session)
        self.sig_review_changed.emit()
        self.context.changed(Changes(reviews=True))

    # --- time spent ----------------------------------------------------------------------------

    def resume(self) -> None:
        """The workspace is on screen: count time from now."""
        if self._active_since is None:
            self._active_since = time.monotonic()

    def pause(self) -> None:
        """The workspace is off screen: stop counting, saving what was counted."""
        self.flush_time()
        self._active_since = None

    def _take_time(self) -> float:
        seconds = self._unsaved_seconds
        if self._active_since is not None:
            now = time.monotonic()
            seconds += now - self._active_since
            self._active_since = now
        self._unsaved_seconds = 0.0
        return seconds

    def flush_time(self) -> None:
        """Save the time counted so far to the draft (kept in memory while there is no draft)."""
        if self.review is None or self.review.status != "draft":
            if self._active_since is not None:
                now = time.monotonic()
                self._unsaved_seconds += now - self._active_since
                self._active_since = now
            return
        seconds = self._take_time()
        if seconds > 0:
            with self.context.db.session() as session:
                add_time_spent(session, self.review.id, seconds)
