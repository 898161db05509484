"""The side bar's pages, in order: what each is called, its icon, and how it is built."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.browser.conversations_page import ConversationsPage
from ui.coaching.coaching_page import CoachingPage
from ui.context import AppContext
from ui.main_window import PageSpec
from ui.pages.not_available import NotAvailablePage
from ui.pages.settings_page import SettingsPage
from ui.reports.reports_page import ReportsPage
from ui.review.queue_page import QueuePage
from ui.rubrics.rubrics_page import RubricsPage
from ui.sampling.sampling_page import SamplingPage


def _tr(text: str) -> str:
    return QCoreApplication.translate("Navigation", text)


def _not_available(title: str, purpose: str, icon: str) -> PageSpec:
    key = title.lower()
    return PageSpec(
        key, _tr(title), icon, lambda _c: NotAvailablePage(_tr(title), _tr(purpose), icon)
    )


def page_specs() -> list[PageSpec]:
    """Every page of the side bar, in order (Ctrl+1 … Ctrl+9 follow it)."""
    return [
        PageSpec("queue", _tr("Queue"), "inbox-full-outline", QueuePage),
        PageSpec("conversations", _tr("Conversations"), "forum-outline", ConversationsPage),
        PageSpec("sampling", _tr("Sampling"), "dice-multiple-outline", SamplingPage),
        PageSpec("coaching", _tr("Coaching"), "account-tie-voice-outline", CoachingPage),
        _not_available(
            "Calibration",
            "Calibration sessions: several reviewers score the same conversations and see how "
            "far they agree.",
            "scale-balance",
        ),
        _not_available(
            "Disputes",
            "Agents' appeals against ratings, and their decisions.",
            "gavel",
        ),
        PageSpec("reports", _tr("Reports"), "chart-box-outline", ReportsPage),
        PageSpec("rubrics", _tr("Rubrics"), "format-list-checks", RubricsPage),
        PageSpec("settings", _tr("Settings"), "cog-outline", SettingsPage),
    ]


def build(context: AppContext) -> list[PageSpec]:
    return page_specs()
