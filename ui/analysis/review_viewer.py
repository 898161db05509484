"""One submitted review, read-only, as the analysis screens open it from a number: the conversation
on one side, and on the other who reviewed it and when, the score and verdict, every rating with
the reviewer's comment and root causes, and the overall comment.

It reuses the review workspace's widgets (:class:`~ui.review.transcript_view.TranscriptView`,
:class:`~ui.review.context_panel.ContextPanel`, a read-only
:class:`~ui.review.scoring_panel.ScoringPanel`), so a review looks the same wherever it is read.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from qa_desk.conversation_detail import ConversationDetail, conversation_detail
from qa_desk.db.models import Review, User
from qa_desk.reviews import ReviewSnapshot
from qa_desk.rubric import Rubric
from qa_desk.rubric_store import definition_of
from ui.context import AppContext
from ui.review.context_panel import ContextPanel
from ui.review.scoring_panel import ScoringPanel
from ui.review.transcript_delegate import local_time
from ui.review.transcript_view import TranscriptView


@dataclass(frozen=True)
class ReviewReading:
    """What the viewer shows of one review, read in one database session.

    Attributes:
        review: the review's ratings, comment, score and dates.
        reviewer: the reviewer's name.
        rubric: the rubric version it was made with; ``rubric_version`` its number.
        current: False for a revision later replaced by an edit or a dispute decision.
        conversation: the conversation with its messages.
    """

    review: ReviewSnapshot
    reviewer: str
    rubric: Rubric
    rubric_version: int
    current: bool
    conversation: ConversationDetail


def read_review(session: Session, review_id: int) -> ReviewReading:
    """The review with this id and its conversation. Raises ``KeyError`` when there is none."""
    review = session.get(Review, review_id)
    if review is None:
        raise KeyError(review_id)
    reviewer = session.get(User, review.reviewer_id)
    return ReviewReading(
        review=ReviewSnapshot.of(review),
        reviewer=reviewer.name if reviewer is not None else "?",
        rubric=definition_of(review.rubric_version),
        rubric_version=review.rubric_version.version,
        current=review.is_current,
        conversation=conversation_detail(session, review.conversation_id),
    )


class ReviewViewerDialog(QDialog):
    """A review and its conversation, read-only.

    Attributes:
        context: the database and the user.
        review_id: the review shown; ``reading`` what was read of it (None if it is gone).
        title_label: the conversation's subject; ``meta_label`` reviewer, date, rubric, revision.
        transcript, context_panel: the conversation.
        scoring_panel: the ratings with their comments, the score and the verdict.
        comment_box: the review's overall comment.
        splitter, side_splitter: transcript | side column, and context / ratings in the side column.
    """

    def __init__(self, context: AppContext, review_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.review_id = review_id
        self.setWindowTitle(self.tr("Review"))
        self.setObjectName("reviewViewer")

        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title_label.setFont(font)
        self.meta_label = QLabel()
        self.meta_label.setTextFormat(Qt.TextFormat.PlainText)
        self.meta_label.setWordWrap(True)
        self.meta_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.transcript = TranscriptView()
        self.context_panel = ContextPanel()
        self.scoring_panel = ScoringPanel()
        self.scoring_panel.set_read_only(True)
        self.comment_label = QLabel(self.tr("Overall comment"))
        self.comment_box = QPlainTextEdit()
        self.comment_box.setObjectName("reviewComment")
        self.comment_box.setReadOnly(True)
        self.comment_box.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)

        self.side_splitter = side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.context_panel)
        ratings = QWidget()
        ratings_layout = QVBoxLayout(ratings)
        ratings_layout.setContentsMargins(0, 0, 0, 0)
        ratings_layout.setSpacing(2)
        ratings_layout.addWidget(self.scoring_panel, 1)
        ratings_layout.addWidget(self.comment_label)
        ratings_layout.addWidget(self.comment_box)
        side.addWidget(ratings)
        side.setStretchFactor(1, 1)
        side.setSizes([150, 550])
        side.setMinimumWidth(340)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.transcript)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([560, 420])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.meta_label)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(buttons)
        self.resize(1100, 720)

        self._sized = False  # whether the context panel has its first height
        self.reading: ReviewReading | None = None
        try:
            with context.db.reader() as session:
                self.reading = read_review(session, review_id)
        except KeyError:
            self.title_label.setText(self.tr("This review no longer exists."))
            return
        self._show(self.reading)

    def _show(self, reading: ReviewReading) -> None:
        review, detail = reading.review, reading.conversation
        self.setWindowTitle(self.tr("Review of “{0}”").format(detail.title))
        self.title_label.setText(detail.title)
        parts = [
            self.tr("Reviewed by {0}").format(reading.reviewer),
            local_time(review.submitted_at) if review.submitted_at else self.tr("not submitted"),
            self.tr("{0}, version {1}").format(reading.rubric.name, reading.rubric_version),
        ]
        if review.revision > 1 or not reading.current:
            revision = self.tr("revision {0}").format(review.revision)
            parts.append(
                revision if reading.current else self.tr("{0} (replaced)").format(revision)
            )
        self.meta_label.setText(" · ".join(parts))
        self.transcript.set_messages(detail.messages)
        self.context_panel.show_detail(detail)
        self.scoring_panel.set_rubric(reading.rubric)
        self.scoring_panel.set_read_only(True)
        self.scoring_panel.set_ratings(review.ratings)
        self.comment_box.setPlainText(review.comment or "")
        self.comment_box.setPlaceholderText(self.tr("No overall comment."))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            QTimer.singleShot(0, self, self._first_sizes)  # once laid out at its size

    def _first_sizes(self) -> None:
        """The context as tall as the form and every automatic check need, up to half the
        side column (as in the review workspace)."""
        self._sized = True
        height = sum(self.side_splitter.sizes())
        context = min(self.context_panel.wanted_height(), height // 2)
        self.side_splitter.setSizes([context, height - context])
