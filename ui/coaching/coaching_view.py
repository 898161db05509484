"""The Coaching page's layout: the agent and period at the top with the page's actions, then the
figures, the trend and the criteria on the left, and on the right the reviews, the focus areas,
and the open action items with past sessions. Behaviour lives in :mod:`ui.coaching.coaching_page`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.analysis.period_picker import PeriodPicker
from ui.analysis.trend_chart import TrendChart
from ui.browser.empty_state import EmptyState
from ui.coaching.action_items_view import ActionItemsView
from ui.coaching.criteria_chart import CriteriaChart
from ui.coaching.focus_view import FocusView
from ui.coaching.reviews_table import ReviewsTable
from ui.coaching.sessions_view import SessionsView
from ui.coaching.summary_view import SummaryView


def caption(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class CoachingView(QWidget):
    """The widgets of the Coaching page, laid out.

    Attributes:
        agent_combo: the agents (searchable: type part of a name); ``period_picker`` the period.
        new_session_button, export_button: the page's actions.
        title_label, status_label: the agent, team and period shown; what is happening.
        pages: ``page_empty`` (no agents yet) or ``content``.
        figures: ``summary``, ``trend_chart``, ``criteria_chart`` on the left (``left_pages``
            switches to ``no_reviews`` when the period has none).
        tabs: ``reviews_table``, ``focus_view``, ``items_view`` with ``sessions_view``.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.agent_combo = QComboBox()
        self.agent_combo.setObjectName("agentCombo")
        self.agent_combo.setEditable(True)
        self.agent_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.agent_combo.setMinimumContentsLength(22)
        self.agent_combo.lineEdit().setPlaceholderText(self.tr("Type an agent's name"))
        completer = QCompleter(self.agent_combo.model(), self.agent_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.agent_combo.setCompleter(completer)
        agent_label = QLabel(self.tr("&Agent"))
        agent_label.setBuddy(self.agent_combo)
        self.period_picker = PeriodPicker(default="month-and-2-before")
        period_label = QLabel(self.tr("&Period"))
        period_label.setBuddy(self.period_picker.preset_combo)
        self.new_session_button = QPushButton(
            theme.icon("account-voice"), self.tr("&New coaching session…")
        )
        self.export_button = QPushButton(
            theme.icon("microsoft-excel"), self.tr("&Export coaching report…")
        )
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 2)
        bar.setSpacing(6)  # a nested layout takes its parent's spacing, which is 0 here
        bar.addWidget(agent_label)
        bar.addWidget(self.agent_combo)
        bar.addSpacing(12)
        bar.addWidget(period_label)
        bar.addWidget(self.period_picker)
        bar.addStretch(1)
        bar.addWidget(self.new_session_button)
        bar.addWidget(self.export_button)

        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title_label.setFont(font)
        self.status_label = QLabel()
        self.status_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        heading = QHBoxLayout()
        heading.setContentsMargins(8, 2, 8, 2)
        heading.addWidget(self.title_label, 1)
        heading.addWidget(self.status_label)

        self.summary = SummaryView()
        self.trend_chart = TrendChart(title=self.tr("IQS by month against the team"))
        self.trend_chart.setMinimumHeight(250)
        self.criteria_chart = CriteriaChart()
        figures = QWidget()
        figures_layout = QVBoxLayout(figures)
        figures_layout.setContentsMargins(8, 4, 8, 8)
        figures_layout.setSpacing(8)
        figures_layout.addWidget(self.summary)
        figures_layout.addWidget(self.trend_chart)
        figures_layout.addWidget(self.criteria_chart)
        figures_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(figures)
        self.no_reviews = EmptyState()
        self.left_pages = QStackedWidget()
        self.left_pages.addWidget(self.scroll)
        self.left_pages.addWidget(self.no_reviews)

        self.reviews_table = ReviewsTable()
        self.focus_view = FocusView()
        self.items_view = ActionItemsView()
        self.sessions_view = SessionsView()
        coaching = QWidget()
        coaching_layout = QVBoxLayout(coaching)
        coaching_layout.setContentsMargins(6, 6, 6, 6)
        coaching_layout.addWidget(caption(self.tr("Open action items")))
        coaching_layout.addWidget(self.items_view, 2)
        coaching_layout.addWidget(caption(self.tr("Coaching sessions")))
        coaching_layout.addWidget(self.sessions_view, 3)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.reviews_table, self.tr("Reviews"))
        self.tabs.addTab(self.focus_view, self.tr("Focus areas"))
        self.tabs.addTab(coaching, self.tr("Action items && sessions"))

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("coachingSplitter")
        self.splitter.addWidget(self.left_pages)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 520])
        self.splitter.setCollapsible(0, False)

        self.content = QWidget()
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(0)
        content_layout.addLayout(heading)
        content_layout.addWidget(self.splitter, 1)
        self.page_empty = EmptyState()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.content)
        self.pages.addWidget(self.page_empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)
