"""The Sampling page: the form previews what the rule draws, creates the assignments in the
worker, and the queue then shows them first with their due date and reason."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QDate, Qt
from sqlalchemy import func, select

from qa_desk.db.models import Assignment
from qa_desk.sampling_rule import Period, SampleRule, load_rule
from tests.test_sampling_data import AGENTS, PER_AGENT, START, load
from ui.operations import wait_for_idle
from ui.review.queue_page import QueuePage
from ui.sampling import sampling_work
from ui.sampling.reviewer_picker import NAME_ROLE
from ui.sampling.sampling_page import PREVIEW_DELAY_MS, SamplingPage


def tick(page: SamplingPage, *names: str) -> None:
    for n in range(page.form.reviewers.count()):
        item = page.form.reviewers.item(n)
        if item.data(NAME_ROLE) in names:
            item.setCheckState(Qt.CheckState.Checked)


def shown_page(qtbot, context) -> SamplingPage:
    page = SamplingPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitUntil(lambda: page.form.reviewers.count() > 0, timeout=10_000)
    return page


def two_each_in_october(page: SamplingPage) -> None:
    """October 2026, 2 per agent, for Sam and Tess."""
    page.form.period_from.setDate(QDate(2026, 10, 1))
    page.form.period_to.setDate(QDate(2026, 10, 31))
    page.form.size.setValue(2)
    tick(page, "sam", "Tess")


def settled(qtbot, page: SamplingPage) -> None:
    """Wait for the debounced preview of the latest edit."""
    qtbot.waitUntil(lambda: not page._timer.isActive(), timeout=5_000)
    wait_for_idle()
    qtbot.waitUntil(
        lambda: page.last_plan is not None and page.last_plan.rule == page.form.rule(),
        timeout=10_000,
    )


def test_the_worker_functions_preview_without_writing(db, data_dir):
    load(db, data_dir)
    choices, saved = sampling_work.read_choices(db)
    assert choices.channels == ["chat", "email", "phone"] and saved == []
    assert {u.name for u in choices.reviewers} >= {"Rita Stone", "sam", "Tess"}
    plan = sampling_work.preview(db, SampleRule(size=1, seed=3), None)
    assert plan.picked == len(AGENTS) and plan.per_reviewer == []


def test_the_preview_follows_the_form_and_create_makes_assignments(qtbot, context, db, data_dir):
    load(db, data_dir)
    page = shown_page(qtbot, context)
    two_each_in_october(page)
    page.form.has_due.setChecked(True)
    page.form.due.setDate(QDate(2026, 12, 4))
    settled(qtbot, page)
    assert page.preview.summary.text() == "120 conversations match; 12 drawn (seed 1)."
    assert [row[2] for row in page.preview.agents.rows] == ["2"] * len(AGENTS)
    assert page.preview.reviewers.rows == [("sam", "6", "–"), ("Tess", "6", "–")]

    page.form.channel.setCurrentIndex(page.form.channel.findData("email"))
    page.form.focus["low_csat"].setChecked(True)
    settled(qtbot, page)
    assert page.last_plan.candidates == 24
    assert "Why picked: " in page.preview.reasons.text()
    with db.reader() as session:
        assert session.scalar(select(func.count(Assignment.id))) == 0

    page.create_button.click()
    qtbot.waitUntil(lambda: page.notice.isVisible(), timeout=10_000)
    assert page.notice.text().startswith("Sample #1: 12 assignments created.")
    with db.reader() as session:
        rows = session.execute(select(Assignment.reviewer_id, Assignment.due_on)).all()
    assert len(rows) == 12 and {due for _, due in rows} == {date(2026, 12, 4)}

    queue = QueuePage(context.__class__(db, _user(db, "Tess")))
    qtbot.addWidget(queue)
    queue.show()
    qtbot.waitUntil(lambda: queue.model.counts.assigned == 6, timeout=5_000)
    first = queue.model.index(0, 0)
    assert queue.model.data(first) == "Due 4 Dec"
    reason = queue.model.data(queue.model.index(0, queue.model.COLUMNS.index("reason")))
    assert reason == "random" or reason.startswith("low CSAT")
    assert not queue.table.isColumnHidden(5)
    assert queue.counts_label.text().startswith("6 assigned · ")


def test_rules_are_saved_by_name_and_exported_to_yaml(qtbot, context, db, data_dir, monkeypatch):
    load(db, data_dir)
    page = shown_page(qtbot, context)
    page.form.name.setText("Weekly e-mail")
    page.form.size_kind.setCurrentIndex(page.form.size_kind.findData("total"))
    page.form.size.setValue(9)
    page.form.seed.setValue(77)
    page.save_button.click()
    qtbot.waitUntil(lambda: page.saved_rules.count() == 1, timeout=5_000)
    assert page.saved_rules.currentText() == "Weekly e-mail"

    page.form.set_rule(SampleRule())
    assert page.form.rule().seed == 1
    page._load_saved(0)
    qtbot.waitUntil(lambda: page.form.rule().seed == 77, timeout=5_000)
    assert (page.form.rule().size_kind, page.form.rule().size) == ("total", 9)

    target = data_dir / "weekly.yaml"
    monkeypatch.setattr(
        "ui.sampling.sampling_page.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    page.export_button.click()
    assert load_rule(target) == page.form.rule()


def _user(db, name):
    from qa_desk.users import list_users

    with db.reader() as session:
        return next(u for u in list_users(session) if u.name == name)


def test_the_page_opens_on_days_that_have_conversations(qtbot, context, db, data_dir):
    """The data ends weeks ago: the period is the 7 days up to the newest conversation, and the
    form says why."""
    load(db, data_dir)
    newest = (START + timedelta(days=PER_AGENT - 1)).date()  # the test data's last day
    page = shown_page(qtbot, context)
    settled(qtbot, page)
    assert date.today() > newest + timedelta(days=6)
    assert page.form.rule().period == Period(newest - timedelta(days=6), newest)
    assert page.form.period_note.isVisible()
    assert "up to the newest conversation" in page.form.period_note.text()
    assert page.last_plan.candidates > 0 and page.create_button.isEnabled()
    page.form.period_from.setDate(QDate(2026, 10, 1))
    assert not page.form.period_note.isVisible()  # the user's own period needs no note


def test_a_reversed_period_says_so_and_cannot_be_created(qtbot, context, db, data_dir):
    load(db, data_dir)
    page = shown_page(qtbot, context)
    settled(qtbot, page)
    page.form.period_from.setDate(QDate(2026, 10, 31))
    page.form.period_to.setDate(QDate(2026, 10, 1))
    qtbot.waitUntil(lambda: not page._timer.isActive(), timeout=5_000)
    assert page.form.period_error.isVisible()
    assert page.form.period_error.text().startswith("The period ends before it starts")
    assert page.preview.summary.text() == page.form.period_error.text()
    assert page.preview.agents.rows == [] and page.last_plan is None
    assert not page.create_button.isEnabled()
    page.form.period_to.setDate(QDate(2026, 11, 30))
    settled(qtbot, page)
    assert not page.form.period_error.isVisible()
    assert page.last_plan.picked == 0 and not page.create_button.isEnabled()  # nothing to create
    page.form.period_from.setDate(QDate(2026, 10, 1))
    settled(qtbot, page)
    assert page.last_plan.picked > 0 and page.create_button.isEnabled()


def test_reviewers_come_first_and_everyone_shows_their_role(qtbot, context, db, data_dir):
    from qa_desk.users import sign_in

    load(db, data_dir)
    with db.session() as session:
        sign_in(session, "Anna Boss", "anna@example.com", "manager")
        sign_in(session, "Cole Coach", "cole@example.com", "coach")
    choices, _ = sampling_work.read_choices(db)
    roles = [u.role for u in choices.reviewers]
    assert roles == sorted(roles, key=("reviewer", "coach", "manager").index)
    assert [u.name for u in choices.reviewers][-2:] == ["Cole Coach", "Anna Boss"]
    page = shown_page(qtbot, context)
    items = [page.form.reviewers.item(n) for n in range(page.form.reviewers.count())]
    assert items[0].text() == "Rita Reviewer · reviewer"
    assert [i.text() for i in items[-2:]] == ["Cole Coach · coach", "Anna Boss · manager"]
    assert all(i.checkState() == Qt.CheckState.Unchecked for i in items)  # nobody pre-ticked
    tick(page, "Anna Boss")
    assert page.form.rule().assign.reviewers == ("anna@example.com",)


def test_after_create_the_page_shows_what_was_created_until_the_rule_changes(
    qtbot, context, db, data_dir
):
    load(db, data_dir)
    page = shown_page(qtbot, context)
    two_each_in_october(page)
    settled(qtbot, page)
    assert page.preview.title.text().startswith("Preview: nothing is assigned")
    page.create_button.click()
    qtbot.waitUntil(lambda: page.notice.isVisible(), timeout=10_000)
    wait_for_idle()
    qtbot.wait(PREVIEW_DELAY_MS * 2)  # the refresh after the create previews again
    wait_for_idle()
    # what was created stays in view; a second click would need a change first
    assert page.preview.title.text() == "Created: sample #1"
    assert page.preview.summary.text().startswith("12 assignments created")
    assert page.preview.reviewers.rows == [("sam", "6", "–"), ("Tess", "6", "–")]
    assert not page.create_button.isEnabled()
    assert 'href="queue"' in page.notice.text() and 'href="next"' in page.notice.text()

    page.preview_next_draw()
    qtbot.waitUntil(lambda: page.preview.title.text().startswith("Next"), timeout=10_000)
    assert page.preview.title.text().startswith("Next draw: the conversations just assigned")
    assert page.last_plan.candidates == 120 - 12 and page.create_button.isEnabled()
    assert 'href="next"' not in page.notice.text()

    page.create_button.click()  # the next draw, created on purpose
    qtbot.waitUntil(lambda: page.preview.title.text() == "Created: sample #2", timeout=10_000)
    page.form.seed.setValue(9)  # a change to the rule: a plain preview again
    settled(qtbot, page)
    assert page.preview.title.text().startswith("Preview: nothing is assigned")
    assert page.create_button.isEnabled()
    with db.reader() as session:
        assert session.scalar(select(func.count(Assignment.id))) == 24


def test_the_created_view_links_to_the_queue(qtbot, context, db, data_dir):
    from ui.main_window import MainWindow
    from ui.navigation import page_specs

    load(db, data_dir)
    window = MainWindow(context, page_specs())
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("sampling")
    qtbot.waitUntil(lambda: page.form.reviewers.count() > 0, timeout=10_000)
    tick(page, "sam")
    settled(qtbot, page)
    page.create_button.click()
    qtbot.waitUntil(lambda: page.notice.isVisible(), timeout=10_000)
    page.notice.linkActivated.emit("queue")
    assert window.current_key() == "queue"
    wait_for_idle()


def test_a_rolling_period_is_kept_when_saved_and_shows_the_days_it_stands_for(
    qtbot, context, db, data_dir, monkeypatch
):
    load(db, data_dir)
    page = shown_page(qtbot, context)
    page.form.name.setText("Every Monday")
    page.form.rolling.setChecked(True)
    page.form.rolling_days.setValue(14)
    assert page.form.rule().period == Period(last_days=14)
    today = datetime.now(UTC).date()  # the draw counts UTC days
    assert page.form.period_to.date() == QDate(today.year, today.month, today.day)
    assert page.form.period_from.date().daysTo(page.form.period_to.date()) == 13
    assert not page.form.period_from.isEnabled() and not page.form.next_period_button.isEnabled()
    page.save_button.click()
    qtbot.waitUntil(lambda: page.saved_rules.count() == 1, timeout=5_000)

    page.form.set_rule(SampleRule())  # a fixed period again: the dates can be edited
    assert not page.form.rolling.isChecked() and page.form.period_from.isEnabled()
    page._load_saved(0)
    qtbot.waitUntil(lambda: page.form.rolling.isChecked(), timeout=5_000)
    assert page.form.rule().period == Period(last_days=14)  # still rolling, not fixed dates

    target = data_dir / "monday.yaml"
    monkeypatch.setattr(
        "ui.sampling.sampling_page.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    page.export_button.click()
    assert "last_days: 14" in target.read_text(encoding="utf-8")
