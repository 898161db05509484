"""The review workspace's layout: the header (title, rubric choice), a message bar, and a splitter
with the transcript on one side and the context, the scoring panel, the overall comment and the
Submit / Edit review buttons on the other. Behaviour lives in :mod:`ui.review.workspace`."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.review.context_panel import ContextPanel
from ui.review.message_bar import MessageBar
from ui.review.scoring_panel import ScoringPanel
from ui.review.transcript_delegate import local_time
from ui.review.transcript_view import TranscriptView

SIDE_MIN_WIDTH = 340  # the rubric stays readable
SIDE_SHARE = 0.4  # of the workspace's width, when it first opens
CONTEXT_SHARE = 0.5  # the most of the side column's height the context takes when it first opens
RUBRIC_LINES = 24  # ... and the rubric, comment and Submit keep this many lines' height (a small
# screen shows fewer checks rather than fewer criteria)
TRANSCRIPT_MIN_WIDTH = 280
SAMPLE_TIME = datetime(2026, 12, 28, 22, 58, tzinfo=UTC)  # wide digits, for measuring


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
        header.setSpacing(6)  # the page's layout has none: "Rubric", its combo and "v1" apart
        header.addWidget(self.title_label, 1)
        header.addSpacing(16)
        header.addWidget(rubric_label)
        header.addWidget(self.rubric_combo)
        header.addWidget(self.version_label)
        self.message_bar = MessageBar()

        self.transcript = TranscriptView()
        self.context_panel = ContextPanel()
        self.scoring_panel = ScoringPanel()
        self.transcript.sig_search_left.connect(self.scoring_panel.focus_current)
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
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([620, 400])
        self.transcript.setMinimumWidth(TRANSCRIPT_MIN_WIDTH)
        self.sized = False  # whether the splitter has its first sizes (or remembered ones)
        self.fit_side_column()

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

    # --- sizes ---------------------------------------------------------------------------------

    def context_width(self) -> int:
        """The width the context panel's form needs to show its values whole: each column as
        wide as its widest single-column label, a value at least as wide as a date and time."""
        body = self.context_panel.widget()
        grid = body.layout() if body is not None else None
        if not isinstance(grid, QGridLayout):
            return SIDE_MIN_WIDTH
        values = set(self.context_panel.values.values())
        floor = self.fontMetrics().horizontalAdvance(local_time(SAMPLE_TIME))
        widths = [0] * grid.columnCount()
        for i in range(grid.count()):
            widget = grid.itemAt(i).widget()
            _row, column, _rows, columns = grid.getItemPosition(i)
            if not isinstance(widget, QLabel) or columns != 1 or widget.isHidden():
                continue
            width = widget.fontMetrics().horizontalAdvance(widget.text())
            if widget in values:  # a long team name may be cut rather than take the room
                width = min(max(width, floor), floor * 3 // 2)
            widths[column] = max(widths[column], width)
        margins = grid.contentsMargins()
        style = self.context_panel.style()
        return (
            sum(widths)
            + grid.horizontalSpacing() * (len(widths) - 1)
            + margins.left()
            + margins.right()
            + style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
            + 2 * self.context_panel.frameWidth()
            + 2
        )

    def fit_side_column(self) -> None:
        """Keep the side column wide enough for the context's values (never narrower than it
        was: the splitter does not jump from one conversation to the next)."""
        needed = max(SIDE_MIN_WIDTH, self.context_width())
        if needed > self.side_splitter.minimumWidth():
            self.side_splitter.setMinimumWidth(needed)

    def first_sizes(self) -> None:
        """The side column's share of the width, and the context panel's height (the form and
        every automatic check, up to half the column while the rubric keeps its room), the first
        time the workspace shows."""
        if self.sized or not self.isVisible() or self.splitter.width() <= 0:
            return
        self.sized = True
        total = self.splitter.width() - self.splitter.handleWidth()
        side = max(self.side_splitter.minimumWidth(), round(total * SIDE_SHARE))
        self.splitter.setSizes([total - side, side])
        height = sum(self.side_splitter.sizes())
        room = max(height // 3, height - self.fontMetrics().lineSpacing() * RUBRIC_LINES)
        context = min(self.context_panel.wanted_height(), round(height * CONTEXT_SHARE), room)
        self.side_splitter.setSizes([context, height - context])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.first_sizes()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self.first_sizes)  # once laid out at the size it shows at
