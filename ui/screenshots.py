"""Screenshots of the main screens on a demo database of their own, for anyone to look at.

    python -m ui.screenshots OUTDIR

writes ``OUTDIR/*.png`` (queue, the review workspace with an English, an Arabic and a Chinese
conversation, the conversation browser, the import preview, rubrics, settings, the reports page
with its automatic checks tab, the coaching page) and leaves the demo database it used in
``OUTDIR/screenshots.sqlite3``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from qa_desk.conversation_export import export_conversations
from qa_desk.db import Database, open_database
from qa_desk.db.models import Conversation, Review
from qa_desk.demo import load_demo
from qa_desk.users import list_users
from ui.app import apply_locale, create_application
from ui.coaching.period_picker import month_start
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.navigation import page_specs

SIZE = (1440, 900)


def settle(seconds: float = 0.3) -> None:
    """Let the window finish drawing and background work arrive."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def save(widget: QWidget, folder: Path, name: str) -> Path:
    settle()
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    print(path)
    return path


def conversation_in(db: Database, language: str) -> int | None:
    """A conversation in ``language`` with a good number of messages, to show a full transcript."""
    with db.reader() as session:
        return session.scalar(
            select(Conversation.id)
            .where(Conversation.language == language, Conversation.message_count >= 6)
            .order_by(Conversation.message_count.desc(), Conversation.id)
            .limit(1)
        )


def reports_shots(window: MainWindow, folder: Path) -> list[Path]:
    """The Reports page on the month of the newest review: each tab but the reviewers'."""
    page = window.show_page("reports")
    deadline = time.monotonic() + 30
    while (page.loading or page.data_set is None) and time.monotonic() < deadline:
        settle(0.1)
    page.show_latest_month()
    while page.loading and time.monotonic() < deadline:
        settle(0.1)
    shots = []
    for tab, name in ((0, "reports"), (1, "reports-heat-map"), (3, "reports-csat")):
        page.tabs.setCurrentIndex(tab)
        shots.append(save(window, folder, name))
    page.tabs.setCurrentIndex(4)  # the automatic checks, read after the report
    while page.autoqa.loading and time.monotonic() < deadline:
        settle(0.1)
    shots.append(save(window, folder, "reports-autoqa"))
    page.tabs.setCurrentIndex(0)
    return shots


def coaching_shots(window: MainWindow, db: Database, folder: Path) -> list[Path]:
    """The Coaching page of the agent with the most reviews, over the three months up to the
    newest review: the figures with the reviews, then the focus areas."""
    with db.reader() as session:
        newest = session.scalar(select(func.max(Review.submitted_at)))
        busiest = session.scalar(
            select(Conversation.agent_id)
            .join(Review, Review.conversation_id == Conversation.id)
            .group_by(Conversation.agent_id)
            .order_by(func.count(Review.id).desc(), Conversation.agent_id)
            .limit(1)
        )
    page = window.show_page("coaching")
    if newest is None or busiest is None:
        return [save(window, folder, "coaching")]
    page.select_agent(busiest)
    last = newest.date()
    page.period_picker.set_range(month_start(last, 2), last)
    deadline = time.monotonic() + 30
    while page.loading and time.monotonic() < deadline:
        settle(0.1)
    shots = [save(window, folder, "coaching")]
    page.tabs.setCurrentIndex(1)
    shots.append(save(window, folder, "coaching-focus"))
    page.tabs.setCurrentIndex(0)
    return shots


def sampling_shot(window: MainWindow, reviewers: list, folder: Path) -> Path:
    """The Sampling page previewing 3 per agent, in strata by channel, aimed at low CSAT."""
    from datetime import date

    from qa_desk.sampling_rule import AssignOptions, Focus, Period, SampleRule

    page = window.show_page("sampling")
    settle(1.0)
    page.form.set_rule(
        SampleRule(
            size=3, seed=7, name="Monthly check", strata="channel",
            period=Period(date(2026, 10, 1), date(2026, 10, 31)),
            focus=Focus(("low_csat", "outliers")),
            assign=AssignOptions(tuple(r.name for r in reviewers)),
        )
    )  # fmt: skip
    settle(1.5)
    return save(window, folder, "sampling")


def take(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    database_file = folder / "screenshots.sqlite3"
    for stale in folder.glob("screenshots.sqlite3*"):
        stale.unlink()
    app = create_application([sys.argv[0]])
    apply_locale(app, QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    QSettings().clear()
    db = open_database("sqlite:///" + str(database_file))
    load_demo(db)
    with db.reader() as session:
        reviewers = list_users(session, "reviewer")
        total = session.scalar(select(func.count(Conversation.id)))
    context = AppContext(db, reviewers[0])
    window = MainWindow(context, page_specs())
    window.resize(*SIZE)
    window.show()
    shots = [save(window, folder, "queue")]
    for language, name in (
        ("en", "review-english"),
        ("ar", "review-arabic"),
        ("zh", "review-chinese"),
    ):
        conversation = conversation_in(db, language)
        if conversation is not None:
            context.open_conversation(conversation)
            settle(0.6)
            shots.append(save(window, folder, name))
    window.show_page("conversations")
    shots.append(save(window, folder, "conversations"))
    shots.append(sampling_shot(window, reviewers, folder))
    window.show_page("rubrics")
    shots.append(save(window, folder, "rubrics"))
    window.show_page("settings")
    shots.append(save(window, folder, "settings"))
    shots.extend(reports_shots(window, folder))
    shots.extend(coaching_shots(window, db, folder))

    sample = folder / "sample-export.jsonl"
    export_conversations(db, sample)
    window.show_page("queue")
    window.importer.start([str(sample)])
    deadline = time.monotonic() + 30
    while window.importer.preview_dialog is None and time.monotonic() < deadline:
        settle(0.1)
    if window.importer.preview_dialog is not None:
        shots.append(save(window.importer.preview_dialog, folder, "import-preview"))
        window.importer.preview_dialog.reject()
    sample.unlink(missing_ok=True)
    print(f"{len(shots)} screenshots of a database with {total:,} conversations in {folder}")
    window.close()
    db.dispose()
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.screenshots", description=__doc__)
    parser.add_argument("outdir", type=Path, help="folder for the PNG files")
    args = parser.parse_args(argv)
    take(args.outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
