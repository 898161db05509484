"""The review workspace's layout: the header (title, rubric choice), a message bar, and a splitter
with the transcript on one side and the context, the scoring panel, the overall comment and the
Submit / Edit review buttons on the other. Behaviour lives in :mod:`ui.review.workspace`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.review.context_panel import ContextPanel
from ui.review.message_bar import MessageBar
from ui.review.scoring_panel import ScoringPanel
from ui.review.transcript_view import TranscriptView


class WorkspaceView(QWidget):
    """The widgets of the review workspace, laid out; the transcript gets the most room.

    Attributes:
        title_label: the conversation's subject.
        rubric_combo, version_label: the rubric reviews are made with, and the version shown.
        message_bar: why something did not happen (e.g. an unrated criterion at Submit).
        transcript, context_panel, scoring_panel: the three panes.
        comment_box: the review's overall comment.
        status_label, edit_button, submit_button: the review's status and its actions.
        splitter, side_splitter: transcript | side column, and context / scoring in the side column.
        pages, placeholder: the placeholder shown while no conversation is open.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        # a long subject is cut at the header's edge instead of pushing the rubric choice away
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title_label.setFont(font)
        self.rubric_combo = QComboBox()
        self.rubric_combo.setObjectName("rubricCombo")
        self.rubric_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.version_label = QLabel()
        self.version_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        rubric_label = QLabel(self.tr("&Rubric"))
        rubric_label.setBuddy(self.rubric_combo)
        header = QHBoxLayout()
        header.setContentsMargins(8, 4, 8, 2)
        header.addWidget(self.title_label, 1)
        header.addSpacing(16)
        header.addWidget(rubric_label)
        header.addWidget(self.rubric_combo)
        header.addWidget(self.version_label)
        self.message_bar = MessageBar()

        self.transcript = TranscriptView()
        self.context_panel = ContextPanel()
        self.scoring_panel = ScoringPanel()
        self.comment_box = QPlainTextEdit()
        self.comment_box.setObjectName("reviewComment")
        self.comment_box.setPlaceholderText(self.tr("Overall comment for the agent"))
        self.comment_box.setTabChangesFocus(True)
        self.comment_box.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.edit_button = QPushButton(theme.icon("pencil-outline"), self.tr("Edit review"))
        self.edit_button.setToolTip(
            self.tr("Change your submitted review; the edit is kept as a new revision")
        )
        self.submit_button = QPushButton(theme.icon("send-check-outline"), self.tr("Submit"))
        self.submit_button.setToolTip(self.tr("Submit and open the next conversation (Ctrl+Enter)"))
        self.submit_button.setDefault(False)
        footer = QHBoxLayout()
        footer.setContentsMargins(8, 2, 8, 6)
        footer.addWidget(self.status_label, 1)
        footer.addWidget(self.edit_button)
        footer.addWidget(self.submit_button)
        scoring = QWidget()
        scoring_layout = QVBoxLayout(scoring)
        scoring_layout.setContentsMargins(0, 0, 0, 0)
        scoring_layout.setSpacing(2)
        scoring_layout.addWidget(self.scoring_panel, 1)
        comment_holder = QVBoxLayout()
        comment_holder.setContentsMargins(8, 0, 8, 0)
        comment_holder.addWidget(self.comment_box)
        scoring_layout.addLayout(comment_holder)
        scoring_layout.addLayout(footer)

        self.side_splitter = QSplitter(Qt.Orientation.Vertical)
        self.side_splitter.addWidget(self.context_panel)
        self.side_splitter.addWidget(scoring)
        self.side_splitter.setStretchFactor(1, 1)
        self.side_splitter.setSizes([170, 600])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("workspaceSplitter")
        self.splitter.addWidget(self.transcript)
        self.splitter.addWidget(self.side_splitter)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([620, 400])
        self.side_splitter.setMinimumWidth(340)  # the rubric stays readable; the transcript gives

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(0)
        content_layout.addLayout(header)
        content_layout.addWidget(self.message_bar)
        content_layout.addWidget(self.splitter, 1)
        self.placeholder = QLabel(self.tr("Pick a conversation from the queue to review it."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
