"""The Conversations page: every imported conversation in a sortable table, a full-text search
above it and a collapsible panel of filters beside it.

The page wires the parts together: the filter widgets write to a :class:`BrowserState`, the table
model reads its query (a moment after typing stops), and a double-click or Enter opens the
conversation in the review workspace.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QLocale,
    QObject,
    QPoint,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qa_desk.changes import Changes
from qa_desk.conversation_query import ConversationFilter, ConversationQuery, SortColumn
from qa_desk.conversation_rows import FilterChoices, filter_choices
from ui import theme
from ui.browser.browser_state import BrowserState
from ui.browser.cell_direction import OwnDirectionDelegate
from ui.browser.conversation_table_model import COLUMNS, SUBJECT, ConversationTableModel
from ui.browser.empty_state import EmptyState, demo_action, start_actions
from ui.browser.filter_panel import FilterPanel
from ui.browser.sort_header import SortHeader
from ui.context import AppContext
from ui.operations import Operation, show_error

TYPING_DELAY_MS = 300  # wait this long after the last key before searching
COLUMN_WIDTHS = (110, 0, 140, 160, 120, 80, 60, 80, 110, 130)  # the subject takes the rest
SUBJECT_MIN = 220  # the subject's width when the other columns leave less (then a scroll bar)
SETTINGS = "conversations"
HEADER_SETTING = f"{SETTINGS}/columns"  # the header with the Subject column (not "header")


class ConversationTable(QTableView):
    """The conversations table; Enter opens the current row like a double-click."""

    sig_open_row = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        header = SortHeader(self)  # ▲ ascending, ▼ descending: the way the rows run
        header.setSectionsClickable(True)
        self.setHorizontalHeader(header)
        header.sectionResized.connect(self._other_resized)
        self._fitting = False

    def fit_subject(self) -> None:
        """The subject takes the room the other columns leave (at least :data:`SUBJECT_MIN`),
        so the table always fills its width."""
        header = self.horizontalHeader()
        subject = COLUMNS.index(SUBJECT)
        if header.count() <= subject or self._fitting:
            return
        others = sum(
            header.sectionSize(c)
            for c in range(header.count())
            if c != subject and not header.isSectionHidden(c)
        )
        self._fitting = True
        header.resizeSection(subject, max(SUBJECT_MIN, self.viewport().width() - others))
        self._fitting = False

    def _other_resized(self, logical: int, _old: int, _new: int) -> None:
        if logical != COLUMNS.index(SUBJECT):
            self.fit_subject()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_subject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.sig_open_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class ConversationsPage(QWidget):
    """Browse, filter and search every conversation, and open one to review it.

    Attributes:
        context: the database, the user and change notifications.
        state: the filters and order asked for.
        model: the table's rows.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.state = BrowserState(self)
        self.model = ConversationTableModel(context.db, self)
        self._stale = False  # the data changed while the page was hidden
        self._refreshing = False
        self._kept: tuple[list[int], int | None, int | None] = ([], None, None)
        self._make_widgets()
        self._load_timer = QTimer(self)
        self._load_timer.setSingleShot(True)
        self._load_timer.timeout.connect(lambda: self.model.load(self.state.query))
        self._connect()
        self._restore_state()
        self._show_filter_count(self.state.filter)
        self.load_choices()
        self.model.load(self.state.query)

    # --- layout --------------------------------------------------------------------------------

    def _make_widgets(self) -> None:
        self.filters = FilterPanel(self.state)
        self.filters_button = QToolButton()
        self.filters_button.setIcon(theme.icon("filter-variant"))
        self.filters_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.filters_button.setCheckable(True)
        self.filters_button.setChecked(True)
        self.filters_button.setToolTip(self.tr("Show or hide the filters"))
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.addAction(theme.icon("magnify"), QLineEdit.ActionPosition.LeadingPosition)
        find = QKeySequence(QKeySequence.StandardKey.Find).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self.search.setPlaceholderText(self.tr("Search the messages ({0})").format(find))
        self.search.installEventFilter(self)
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(150)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.table = ConversationTable()
        self.table.setModel(self.model)
        self.table.setItemDelegate(OwnDirectionDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        header.setSortIndicator(COLUMNS.index(SortColumn.STARTED), Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        self.table.setSortingEnabled(True)

        self.empty = EmptyState()
        self.empty.button.clicked.connect(self.clear_filters)
        self.demo_action = demo_action(self, self.context)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.filters_button)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(4, 8, 8, 8)
        column.setSpacing(6)
        column.addLayout(bar)
        column.addWidget(self.stack, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.filters)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([230, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def _connect(self) -> None:
        self.search.textChanged.connect(lambda text: self.state.update_filter(text=text))
        self.filters_button.toggled.connect(self.filters.setVisible)
        self.state.sig_query_changed.connect(self._query_changed)
        self.model.sig_sort_requested.connect(self.state.set_sort)
        self.model.sig_loading.connect(self._show_loading)
        self.model.sig_loaded.connect(self._loaded)
        self.model.sig_failed.connect(lambda error: show_error(self, error))
        self.model.modelAboutToBeReset.connect(self._keep_selection)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.table.sig_open_row.connect(self.open_row)
        self.context.sig_changed.connect(self._data_changed)

    # --- behaviour -----------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Put the cursor in the full-text search box (Ctrl+F)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear_filters(self) -> None:
        self.search.clear()
        self.state.clear_filters()

    def open_row(self, row: int) -> None:
        """Open the conversation of ``row`` in the review workspace."""
        if 0 <= row < self.model.rowCount():
            self.context.open_conversation(self.model.conversation_id(row))

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.conversation_id(row) for row in rows]

    def load_choices(self) -> None:
        """Fill the filter lists from the database (in the worker)."""
        db = self.context.db

        def read(_progress: object, _cancelled: object) -> FilterChoices:
            with db.reader() as session:
                return filter_choices(session)

        Operation(None, read).success(
            lambda choices: shiboken6.isValid(self) and self.filters.set_choices(choices)
        ).run()

    def _query_changed(self, query: ConversationQuery, previous: ConversationQuery) -> None:
        typing = (query.filter.text, query.filter.csat_min, query.filter.csat_max) != (
            previous.filter.text, previous.filter.csat_min, previous.filter.csat_max,
        )  # fmt: skip
        self._load_timer.start(TYPING_DELAY_MS if typing else 0)
        self._show_filter_count(query.filter)
        if query.filter.text != self.search.text() and not query.filter.text:
            self.search.clear()
        sort = COLUMNS.index(query.sort)
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        if (header.sortIndicatorSection(), header.sortIndicatorOrder()) != (sort, order):
            header.setSortIndicator(sort, order)

    def _sort_indicator_changed(self, section: int, _order: Qt.SortOrder) -> None:
        """A click on a column the rows cannot be ordered by leaves the arrow where it was."""
        if 0 <= section < len(COLUMNS) and not isinstance(COLUMNS[section], SortColumn):
            query = self.state.query
            order = (
                Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
            )
            QTimer.singleShot(
                0, self, lambda: self.table.horizontalHeader().setSortIndicator(
                    COLUMNS.index(query.sort), order
                )
            )  # fmt: skip

    def _show_filter_count(self, wanted: ConversationFilter) -> None:
        fields = (
            wanted.agent_id, wanted.team_id, wanted.channel, wanted.tag, wanted.review_status,
            wanted.failed_check, wanted.started_from or wanted.started_before,
            wanted.csat_min if wanted.csat_min is not None else wanted.csat_max,
        )  # fmt: skip
        active = sum(value is not None for value in fields)
        self.filters_button.setText(
            self.tr("Filters ({0})").format(active) if active else self.tr("Filters")
        )

    def _show_loading(self) -> None:
        searching = bool(self.state.filter.text.strip())
        self.count_label.setText(self.tr("Searching…") if searching else self.tr("Counting…"))

    def count_text(self, total: int) -> str:
        """``1,234 conversations``: digits always grouped, in the user's locale."""
        locale = QLocale()
        locale.setNumberOptions(QLocale.NumberOption.DefaultNumberOptions)
        if total == 1:
            return self.tr("1 conversation")
        return self.tr("{0} conversations", "", total).format(locale.toString(total))

    def _loaded(self, total: int) -> None:
        self.count_label.setText(self.count_text(total))
        if total == 0 and self.state.filter.is_empty():
            shortcut = QKeySequence(QKeySequence.StandardKey.Open).toString(
                QKeySequence.SequenceFormat.NativeText
            )
            self.empty.show_message(
                "forum-outline",
                self.tr("No conversations yet"),
                self.tr(
                    "Import an export from your help desk ({0}) or drop the file on this "
                    "window. To try QA Desk first, load the demo data."
                ).format(shortcut),
                actions=self._start_actions(),
            )
        elif total == 0:
            self.empty.show_message(
                "filter-off-outline",
                self.tr("No conversation matches these filters"),
                self.tr(
                    "Change the search or the filters, or clear them to see every conversation."
                ),
                self.tr("Clear filters"),
            )
        self.stack.setCurrentWidget(self.empty if total == 0 else self.table)
        self._restore_selection()

    def _start_actions(self) -> list[QAction]:
        return start_actions(self, self.demo_action)

    # --- keeping the selection across refreshes ------------------------------------------------

    def _keep_selection(self) -> None:
        current = self.table.currentIndex()
        top = self.table.indexAt(QPoint(0, 0))
        self._kept = (
            self.selected_ids(),
            self.model.conversation_id(current.row()) if current.isValid() else None,
            self.model.conversation_id(top.row()) if self._refreshing and top.isValid() else None,
        )

    def _restore_selection(self) -> None:
        selected, current, top = self._kept
        refreshed = self._refreshing
        self._kept, self._refreshing = ([], None, None), False
        selection = self.table.selectionModel()
        for conversation_id in selected:
            row = self.model.row_of(conversation_id)
            if row is not None:
                selection.select(
                    self.model.index(row, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            selection.setCurrentIndex(self.model.index(row, 0), selection.SelectionFlag.NoUpdate)
        row = self.model.row_of(top) if top is not None else None
        if row is not None:
            self.table.scrollTo(self.model.index(row, 0), QTableView.ScrollHint.PositionAtTop)
        elif not refreshed:
            self.table.scrollToTop()

    def _data_changed(self, changes: Changes) -> None:
        if changes.conversations:
            self.load_choices()
        if changes.conversations or changes.reviews:
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    def refresh(self) -> None:
        """Read the conversations again, keeping the selection and the scroll position."""
        self._stale = False
        self._refreshing = True
        self.model.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down arrow in the search box goes on to the results, as in a browser's address bar
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
        ):
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            current = self.table.currentIndex()
            if not self.table.selectionModel().hasSelection() and self.model.rowCount():
                self.table.selectRow(current.row() if current.isValid() else 0)
            return True
        return super().eventFilter(watched, event)

    # --- remembered layout ---------------------------------------------------------------------

    def save_state(self) -> None:
        """Remember the column widths and order, the sort and the filter panel."""
        settings = QSettings()
        settings.setValue(HEADER_SETTING, self.table.horizontalHeader().saveState())
        settings.setValue(f"{SETTINGS}/splitter", self.splitter.saveState())
        settings.setValue(f"{SETTINGS}/filters_visible", self.filters_button.isChecked())

    def _restore_state(self) -> None:
        settings = QSettings()
        header = self.table.horizontalHeader()
        state = settings.value(HEADER_SETTING)
        if isinstance(state, QByteArray) and not state.isEmpty() and header.restoreState(state):
            section = header.sortIndicatorSection()
            if 0 <= section < len(COLUMNS) and isinstance(COLUMNS[section], SortColumn):
                descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
                self.state.set_sort(COLUMNS[section], descending)
                self._load_timer.stop()  # the first load follows
        splitter = settings.value(f"{SETTINGS}/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        visible = settings.value(f"{SETTINGS}/filters_visible", True)
        self.filters_button.setChecked(visible not in (False, "false"))
