"""The Coaching page: pick an agent and a period to see their quality score with its interval, the
trend against the team, the criteria, the reviews behind it all and what to focus on; record
coaching sessions, tick action items done, and export the coaching report.

Figures are read off the GUI thread (:func:`ui.coaching.page_data.load_agent_page` through
:class:`ui.operations.Operation`); a result that arrives for an agent or period no longer chosen is
dropped. The agent chosen is remembered between runs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from qa_desk.analytics import agents
from qa_desk.changes import Changes
from qa_desk.coaching import (
    CoachingSessionInfo,
    complete_action_item,
    get_session,
    open_action_items,
)
from qa_desk.coaching import sessions_of_agent as list_sessions
from qa_desk.progress import CancelCheck, Progress
from qa_desk.reports.common import ReportResult
from ui.analysis.review_viewer import ReviewViewerDialog
from ui.coaching import report_export
from ui.coaching.action_items_view import day_text
from ui.coaching.coaching_view import CoachingView
from ui.coaching.page_data import AgentPage, load_agent_page
from ui.coaching.session_dialog import SessionDialog
from ui.context import AppContext
from ui.operations import Operation, show_error

AGENT_SETTING = "coaching/agent"
THREE_MONTHS = "month-and-2-before"
"""The period the page opens on, and offers when the one chosen has no reviews."""


class CoachingPage(CoachingView):
    """One agent's page (the widgets are those of :class:`CoachingView`).

    Attributes:
        context: the database, the user and change notifications.
        data: what is shown (None before the first load, or without an agent).
        agent_list: every agent with conversations, as ``(id, name)``.
        session_dialog: the coaching session dialog while it is open.
        last_export: the last coaching report written.
    """

    sig_loaded = Signal()  # the figures of the chosen agent and period are shown
    sig_exported = Signal(object)  # ReportResult

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.data: AgentPage | None = None
        self.agent_list: list[tuple[int, str]] = []
        self.session_dialog: SessionDialog | None = None
        self.last_export: ReportResult | None = None
        self._request: tuple[int, date, date] | None = None
        self._stale = True

        self.agent_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.agent_combo.activated.connect(lambda _i: self.reload())  # again after a cancel
        self.period_picker.sig_period_changed.connect(lambda _f, _t: self.reload())
        self.new_session_button.clicked.connect(self.new_session)
        self.export_button.clicked.connect(self.choose_export_file)
        self.reviews_table.sig_open_review.connect(self.open_review)
        self.focus_view.sig_open_review.connect(self.open_review)
        self.items_view.sig_done.connect(self.mark_done)
        self.sessions_view.sig_open_session.connect(self.open_session)
        context.sig_changed.connect(self._data_changed)
        context.sig_user_changed.connect(lambda _u: self._show_actions())
        self.no_reviews.button.clicked.connect(lambda: self.period_picker.set_preset(THREE_MONTHS))
        self.load_agents()

    # --- choosing ------------------------------------------------------------------------------

    def load_agents(self) -> None:
        """Fill the agent list (keeping the agent chosen) and show the page for it."""
        with self.context.db.reader() as session:
            self.agent_list = agents(session)
        wanted = self.agent_id() or QSettings().value(AGENT_SETTING, None)
        self.agent_combo.blockSignals(True)
        self.agent_combo.clear()
        for agent_id, name in self.agent_list:
            self.agent_combo.addItem(name, agent_id)
        index = self.agent_combo.findData(int(wanted)) if wanted is not None else -1
        self.agent_combo.setCurrentIndex(max(0, index) if self.agent_list else -1)
        self.agent_combo.blockSignals(False)
        if not self.agent_list:
            self.page_empty.show_message(
                "account-search-outline",
                self.tr("No agents yet"),
                self.tr(
                    "Import conversations (File ▸ Import conversations…): the agents who "
                    "answered them appear here with their reviews."
                ),
            )
            self.pages.setCurrentWidget(self.page_empty)
        else:
            self.pages.setCurrentWidget(self.content)
        self._show_actions()
        self._stale = False
        self.reload(force=True)

    @property
    def loading(self) -> bool:
        """Whether figures asked for have not arrived yet."""
        data = self.data
        shown = (data.agent_id, data.date_from, data.date_to) if data is not None else None
        return self._request is not None and shown != self._request

    def agent_id(self) -> int | None:
        data = self.agent_combo.currentData()
        return int(data) if data is not None else None

    def select_agent(self, agent_id: int) -> None:
        """Show ``agent_id`` (as if picked in the list)."""
        index = self.agent_combo.findData(agent_id)
        if index >= 0:
            self.agent_combo.setCurrentIndex(index)

    def focus_search(self) -> None:
        """Ctrl+F: type an agent's name."""
        self.agent_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.agent_combo.lineEdit().selectAll()

    # --- loading -------------------------------------------------------------------------------

    def reload(self, force: bool = False) -> None:
        """Read the figures of the agent and period chosen, in the background (unless they are
        shown or on their way already)."""
        agent_id = self.agent_id()
        first, last = self.period_picker.period()
        request = (agent_id, first, last) if agent_id is not None else None
        if request == self._request and not force:
            return
        self._request = request
        self._show_actions()
        if request is None:
            self.data = None
            return
        QSettings().setValue(AGENT_SETTING, agent_id)
        self.status_label.setText(self.tr("Loading…"))
        db = self.context.db

        def work(progress: Progress, cancelled: CancelCheck) -> AgentPage:
            return load_agent_page(db, request[0], request[1], request[2], progress, cancelled)

        title = self.tr("Reading {0}'s reviews").format(self.agent_combo.currentText())
        (
            Operation(self, work, title=title)
            .success(lambda page: self._loaded(request, page))
            .failure(lambda error: self._not_loaded(request, error))
            .cancelled(lambda: self._not_loaded(request, None))
            .run()
        )

    def _not_loaded(self, request: tuple[int, date, date], error: BaseException | None) -> None:
        """A load cancelled or failed: say so, and let the same choice be loaded again."""
        if request != self._request:
            return
        self._request = None
        self.status_label.setText(
            self.tr("Not loaded: pick the agent or period again.") if error is None else ""
        )
        if error is not None:
            show_error(self, error, self.tr("Coaching"))

    def _loaded(self, request: tuple[int, date, date], page: AgentPage) -> None:
        if request != self._request:
            return  # the user has since chosen another agent or period
        self.data = page
        self.status_label.setText("")
        profile = page.profile
        team = f" · {profile.team}" if profile.team else ""
        self.title_label.setText(
            f"{profile.agent}{team} · {day_text(page.date_from)} – {day_text(page.date_to)}"
        )
        self.summary.show_profile(profile)
        points = page.trend.points
        self.trend_chart.set_names(profile.agent, profile.team or self.tr("Team"))
        self.trend_chart.set_series(
            [
                (p.start.replace(day=1), p.stats.iqs, p.stats.ci_low, p.stats.ci_high)
                for p in points
            ],
            [(p.start.replace(day=1), p.team.iqs) for p in points if p.team is not None],
            reviews=[p.stats.reviews for p in points],
        )
        self.criteria_chart.set_criteria(profile.criteria, profile.min_ratings)
        self.reviews_table.set_reviews(profile.reviews)
        self.tabs.setTabText(0, self.tr("Reviews ({0})").format(len(profile.reviews)))
        self.focus_view.show_profile(profile)
        self._show_coaching(page.open_items, page.sessions)
        if profile.reviews:
            self.left_pages.setCurrentWidget(self.scroll)
        else:
            self.no_reviews.show_message(
                "clipboard-text-search-outline",
                self.tr("No reviews of {0} in this period").format(profile.agent),
                self.tr(
                    "Pick a longer period, or review some of {0}'s conversations from the "
                    "Queue or the Conversations page. Action items and past sessions are on the "
                    "right."
                ).format(profile.agent),
                self.tr("Show the last 3 months")
                if self.period_picker.preset() != THREE_MONTHS
                else None,
            )
            self.left_pages.setCurrentWidget(self.no_reviews)
        self._show_actions()
        self.sig_loaded.emit()

    def _show_coaching(self, items: list, sessions: list) -> None:
        if self.data is not None:
            self.data = AgentPage(
                self.data.agent_id, self.data.date_from, self.data.date_to, self.data.profile,
                self.data.trend, list(items), list(sessions),
            )  # fmt: skip
        self.items_view.set_items(items)
        self.sessions_view.set_sessions(sessions)
        self.tabs.setTabText(2, self.tr("Action items ({0}) && sessions").format(len(items)))

    def _show_actions(self) -> None:
        has_agent = self.agent_id() is not None
        signed_in = self.context.user is not None
        self.new_session_button.setEnabled(has_agent and signed_in)
        self.new_session_button.setToolTip(
            self.tr("Prepare a one-on-one: reviews to discuss, notes, action items")
            if signed_in
            else self.tr("Sign in first (Settings ▸ Change user)")
        )
        self.export_button.setEnabled(has_agent)

    def _data_changed(self, changes: Changes) -> None:
        if changes.conversations or changes.reviews or changes.rubrics:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def refresh(self) -> None:
        """Read the agents and figures again (after an import or new reviews)."""
        self.load_agents()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # --- reviews, sessions, action items -------------------------------------------------------

    def open_review(self, review_id: int) -> ReviewViewerDialog:
        dialog = ReviewViewerDialog(self.context, review_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def new_session(self) -> SessionDialog | None:
        return self._session_dialog(None)

    def open_session(self, session_id: int) -> SessionDialog | None:
        with self.context.db.reader() as session:
            info = get_session(session, session_id)
        return self._session_dialog(info)

    def _session_dialog(self, existing: CoachingSessionInfo | None) -> SessionDialog | None:
        data, agent_id = self.data, self.agent_id()
        if agent_id is None or self.context.user is None:
            return None
        reviews = data.profile.reviews if data is not None and data.agent_id == agent_id else []
        dialog = SessionDialog(
            self.context,
            agent_id,
            self.agent_combo.currentText(),
            reviews,
            existing,
            self,  # type: ignore[arg-type]
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._reload_coaching)
        dialog.destroyed.connect(lambda _o=None: setattr(self, "session_dialog", None))
        self.session_dialog = dialog
        dialog.open()
        return dialog

    def mark_done(self, item_id: int, done: bool) -> None:
        """Mark an action item done (or open again), then show the open items again."""
        db = self.context.db

        def work(_progress: Progress, _cancelled: CancelCheck) -> None:
            with db.session() as session:
                complete_action_item(session, item_id, done)

        Operation(self, work).success(lambda _r: self._reload_coaching()).run()

    def _reload_coaching(self) -> None:
        agent_id = self.agent_id()
        if agent_id is None:
            return
        with self.context.db.reader() as session:
            items = open_action_items(session, agent_id)
            sessions = list_sessions(session, agent_id)
        self._show_coaching(items, sessions)

    # --- export --------------------------------------------------------------------------------

    def choose_export_file(self) -> None:
        """Ask where to save the coaching report, then write it."""
        if self.agent_id() is None:
            return
        path = report_export.ask_path(
            self, self.agent_combo.currentText(), *self.period_picker.period()
        )
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> Operation[ReportResult] | None:
        """Write the coaching report of the agent and period shown to ``path`` in the background,
        then offer to open its folder."""
        agent_id = self.agent_id()
        if agent_id is None:
            return None
        first, last = self.period_picker.period()
        return report_export.start_export(
            self, self.context.db, agent_id, first, last, path, self._exported
        )

    def _exported(self, result: ReportResult) -> None:
        self.last_export = result
        self.sig_exported.emit(result)
        self.export_box = report_export.offer_folder(self, result)

    def save_state(self) -> None:
        agent_id = self.agent_id()
        if agent_id is not None:
            QSettings().setValue(AGENT_SETTING, agent_id)
