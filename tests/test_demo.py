"""The bundled demo data set: it loads, holds what the issue promises, and loads only once."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import shutil
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qa_desk.autoqa import PROGRESS_LABEL as AUTOQA_LABEL
from qa_desk.autoqa_agreement import agreement_per_check
from qa_desk.cli import main
from qa_desk.coaching import open_action_items, sessions_of_agent
from qa_desk.db import Database, open_database
from qa_desk.db.models import (
    ActionItem,
    Agent,
    AutoQAResult,
    Base,
    CoachingSession,
    Conversation,
    ConversationTag,
    Message,
    Rating,
    Review,
    Rubric,
    RubricVersion,
    Team,
    User,
)
from qa_desk.demo import UNDO_LABEL, database_is_empty, load_demo
from qa_desk.errors import Cancelled, InputError
from qa_desk.ingest import import_file
from qa_desk.paths import demo_dir
from qa_desk.rubric_store import definition_of
from tests.helpers import conversation, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata"
SCRIPTS = {
    "uk": re.compile(r"[\u0400-\u04ff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "ar": re.compile(r"[\u0600-\u06ff]"),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One database with the demo loaded, shared by the tests that only read it."""
    folder = tmp_path_factory.mktemp("демо-演示")
    database = open_database("sqlite:///" + str(folder / "demo.sqlite3"))
    load_demo(database)
    yield database
    database.dispose()


def table_counts(db: Database) -> dict[str, int]:
    with db.reader() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (
                Conversation, Message, ConversationTag, Agent, Team, User, Rubric, RubricVersion,
                Review, Rating, CoachingSession, ActionItem,
            )
        }  # fmt: skip


def test_the_demo_holds_what_every_screen_needs(demo):
    with demo.reader() as session:
        conversations = session.scalar(select(func.count()).select_from(Conversation))
        assert conversations >= 2000
        assert session.scalar(select(func.count()).select_from(Agent)) == 25
        teams = set(session.scalars(select(Team.name)))
        assert teams == {"Tier 1 English", "Eastern Europe", "APAC & MENA"}
        assert session.scalar(select(func.count()).where(Conversation.team_id.is_(None))) == 0
        assert {"chat", "email", "phone"} <= set(session.scalars(select(Conversation.channel)))
        languages = set(session.scalars(select(Conversation.language)))
        assert {"en", "uk", "ru", "zh", "ar"} <= languages
        with_csat = session.scalar(select(func.count()).where(Conversation.csat.is_not(None)))
        assert conversations * 0.2 < with_csat < conversations
        assert set(session.scalars(select(Conversation.csat).distinct())) >= {1, 2, 3, 4, 5}
        tags = set(session.scalars(select(ConversationTag.tag)))
        assert {"delivery", "refund", "login", "billing", "complaint"} <= tags
        started = list(session.scalars(select(Conversation.started_at)))
        assert min(started) >= datetime(2026, 8, 1, tzinfo=UTC)
        assert max(started) < datetime(2026, 11, 1, tzinfo=UTC)
        assert {s.month for s in started} == {8, 9, 10}
        roles = set(session.scalars(select(Message.role).distinct()))
        assert roles == {"customer", "agent", "bot", "system"}
        assert session.scalar(select(func.count()).where(Message.internal)) > 0


def test_conversations_are_written_in_their_own_script(demo):
    with demo.reader() as session:
        for language, script in SCRIPTS.items():
            texts = session.scalars(
                select(Message.text)
                .join(Conversation)
                .where(Conversation.language == language, Message.role == "customer")
                .limit(200)
            ).all()
            assert texts
            assert sum(bool(script.search(t)) for t in texts) > len(texts) * 0.9, language
            joined = " ".join(texts)
            if language == "uk":  # letters only one of the two Cyrillic alphabets has
                assert re.search("[іїє]", joined) and not re.search("[ыэъ]", joined)
            if language == "ru":
                assert re.search("[ыэъ]", joined) and not re.search("[іїє]", joined)


def test_reviews_by_four_reviewers_score_by_the_rubric_rules(demo):
    with demo.reader() as session:
        reviews = session.scalars(select(Review)).all()
        assert 300 <= len(reviews) <= 500
        reviewers = {r.reviewer for r in reviews}
        assert len(reviewers) == 4 and {u.role for u in reviewers} == {"reviewer"}
        roles = set(session.scalars(select(User.role)))
        assert {"reviewer", "coach", "manager"} <= roles
        keys = {r.rubric_version.rubric.key for r in reviews}
        assert keys == {"support-core", "small-team"}
        for review in reviews:
            assert review.status == "submitted" and review.is_current
            assert review.submitted_at > review.conversation.ended_at
            rubric = definition_of(review.rubric_version)
            expected = rubric.score({r.criterion_id: r.value for r in review.ratings})
            assert review.score == expected.score
            assert review.critical_fail == expected.critical_fail
            assert review.passed == expected.passed
        assert 0 < sum(r.critical_fail for r in reviews) < len(reviews) * 0.15
        assert 0 < sum(r.passed is False for r in reviews) < len(reviews) / 2
        low = [
            rating
            for review in reviews
            for rating in review.ratings
            if rating.fraction is not None and rating.fraction < 0.5
        ]
        assert sum(bool(r.root_causes) for r in low) > len(low) * 0.8
        assert sum(bool(r.comment) for r in low) > len(low) * 0.7


def test_agents_differ_and_reviews_cover_every_week(demo):
    with demo.reader() as session:
        rows = session.execute(
            select(Agent.name, func.avg(Review.score), func.count(Review.id))
            .join(Conversation, Conversation.agent_id == Agent.id)
            .join(Review, Review.conversation_id == Conversation.id)
            .group_by(Agent.name)
        ).all()
        assert len(rows) == 25 and all(n >= 5 for _, _, n in rows)
        means = [mean for _, mean, _ in rows]
        assert max(means) - min(means) > 15
        weeks = {r.submitted_at.isocalendar().week for r in session.scalars(select(Review)).all()}
        assert len(weeks) >= 12


def test_the_coach_met_six_agents_over_their_own_reviews(demo):
    """The Coaching page and the coaching report have sessions, reviews discussed and action
    items to show: some done, some open, some past their due day."""
    today = date(2026, 11, 23)  # "overdue" counts from here: after every session
    with demo.reader() as session:
        coaches = {s.coach_id for s in session.scalars(select(CoachingSession)).all()}
        assert {session.get(User, c).role for c in coaches} == {"coach"}
        agents = {
            a.name: a.id
            for a in session.scalars(
                select(Agent).join(CoachingSession, CoachingSession.agent_id == Agent.id)
            )
        }
        assert len(agents) == 6 and "Jennifer Brooks" in agents
        items = []
        for name, agent_id in agents.items():
            held = sessions_of_agent(session, agent_id)
            assert held and all(s.notes and s.action_items for s in held), name
            for info in held:
                assert info.review_ids, f"{name} {info.held_on}"
                for review_id in info.review_ids:  # the agent's own, reviewed before the day
                    review = session.get(Review, review_id)
                    assert review.conversation.agent_id == agent_id
                    assert review.submitted_at.date() < info.held_on
                items.extend(info.action_items)
        done = [i for i in items if i.done]
        still_open = [i for i in items if not i.done]
        overdue = [i for i in still_open if i.due_on and i.due_on < today]
        assert len(done) >= 4 and len(still_open) >= 4 and len(overdue) >= 3
        assert any(i.due_on is None for i in still_open)
        assert all(i.done_at.date() >= i.held_on for i in done)
        # Jennifer did what her first session agreed: her second one has nothing to follow up
        jennifer = sessions_of_agent(session, agents["Jennifer Brooks"])
        assert len(jennifer) == 2 and not any(s.earlier_open_items for s in jennifer)
        andrii = open_action_items(session, agents["Andrii Kravchenko"])
        assert len(andrii) == 2 and all(i.due_on < today for i in andrii)


def test_the_automatic_checks_catch_agents_asking_for_payment_data(demo):
    """Agents who ask the customer for a full card number or a password (in every language) fail
    the sensitive-data check, which names the message; the reviewers who failed the payment-data
    criterion agree with it, and no other conversation fails it."""
    with demo.reader() as session:
        failed = dict(
            session.execute(
                select(Conversation.external_id, AutoQAResult.detail)
                .join(Conversation, Conversation.id == AutoQAResult.conversation_id)
                .where(AutoQAResult.check == "sensitive_data", AutoQAResult.outcome == "fail")
            ).all()
        )
        reviewers_failed = set(
            session.scalars(
                select(Conversation.external_id)
                .join(Review, Review.conversation_id == Conversation.id)
                .join(Rating, Rating.review_id == Review.id)
                .where(Rating.criterion_id == "payment_data", Rating.value == "fail")
            )
        )
        languages = set(
            session.scalars(
                select(Conversation.language).where(Conversation.external_id.in_(failed))
            )
        )
        payment = next(r for r in agreement_per_check(session) if r.check == "sensitive_data")
        good_night = session.scalar(
            select(AutoQAResult.outcome)
            .join(Conversation, Conversation.id == AutoQAResult.conversation_id)
            .where(Conversation.external_id == "MER-100358", AutoQAResult.check == "closing")
        )
    assert len(failed) >= 5 and languages == {"en", "uk", "ru", "zh", "ar"}
    assert all(
        d.startswith("the agent asked for a ") and " in message " in d for d in failed.values()
    )
    assert reviewers_failed and reviewers_failed <= set(failed)
    assert payment.compared > 300
    assert (payment.check_pass_reviewer_fail, payment.check_fail_reviewer_pass) == (0, 0)
    assert good_night == "pass"  # the chat ends "Have a great night!"


def test_loading_twice_changes_nothing(db):
    assert database_is_empty(db)
    first = load_demo(db)
    assert not database_is_empty(db)
    assert first.conversations_added >= 2000 and first.reviews_added >= 300
    assert first.rubrics_added == 2 and first.users_added == 6
    assert first.coaching_sessions_added == 8
    before = table_counts(db)
    again = load_demo(db)
    assert not again.changed_anything
    assert again.conversations_unchanged == first.conversations_added
    assert again.reviews_unchanged == first.reviews_added
    assert again.coaching_sessions_unchanged == first.coaching_sessions_added
    assert table_counts(db) == before


def test_a_cancelled_load_leaves_the_database_empty(db):
    with pytest.raises(Cancelled):
        load_demo(db, cancelled=lambda: True)
    assert database_is_empty(db)
    assert table_counts(db)["reviews"] == 0


def everything(db: Database) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table, and every word of the full-text index with where it stands, to
    compare a database with itself before."""
    with db.engine.begin() as connection:
        rows = {
            table.name: sorted(tuple(map(str, row)) for row in connection.execute(table.select()))
            for table in Base.metadata.sorted_tables
        }
        if not db.is_sqlite:  # PostgreSQL indexes the messages' text itself
            return rows
        connection.exec_driver_sql(
            "CREATE VIRTUAL TABLE temp.fts_words USING fts5vocab(main, message_fts, instance)"
        )
        words = connection.exec_driver_sql("SELECT term, doc, offset FROM temp.fts_words")
        rows["message_fts"] = sorted(tuple(map(str, row)) for row in words)
        connection.exec_driver_sql("DROP TABLE temp.fts_words")
    return rows


STEPS = {
    "import": "Importing conversations",
    "automatic checks": AUTOQA_LABEL,
    "reviews": "Adding demo reviews",
}


@pytest.mark.parametrize("step", list(STEPS))
def test_cancel_at_any_step_leaves_the_database_as_it_was(db, data_dir, step):
    """A team's own conversation (not checked yet) is there before; Cancel pressed as the step
    begins takes back everything the load did, the earlier steps' work included."""
    import_file(db, write_jsonl(data_dir / "own.jsonl", [conversation("OWN-1")]))
    before = everything(db)
    messages: list[str] = []

    def progress(done: int, total: int, message: str) -> None:
        messages.append(message)

    with pytest.raises(Cancelled):
        load_demo(db, progress, lambda: any(m.startswith(STEPS[step]) for m in messages))
    assert everything(db) == before
    assert (UNDO_LABEL in messages) == (step != "import")
    assert load_demo(db).conversations_added >= 2000  # a later load does it all


@pytest.mark.postgres
def test_cancel_during_the_reviews_leaves_a_postgresql_database_as_it_was(pg_db, data_dir):
    import_file(pg_db, write_jsonl(data_dir / "own.jsonl", [conversation("OWN-1")]))
    before = everything(pg_db)
    messages: list[str] = []

    def progress(done: int, total: int, message: str) -> None:
        messages.append(message)

    with pytest.raises(Cancelled):
        load_demo(pg_db, progress, lambda: STEPS["reviews"] in messages)
    assert UNDO_LABEL in messages and everything(pg_db) == before


def test_an_error_in_the_last_step_leaves_the_database_as_it_was(db, tmp_path):
    """A damaged coaching file is found after the conversations and their checks are stored."""
    folder = tmp_path / "demo"
    shutil.copytree(demo_dir(), folder)
    coaching = json.loads((folder / "coaching.json").read_text(encoding="utf-8"))
    coaching["sessions"][-1]["coach"] = "nobody@example.com"
    (folder / "coaching.json").write_text(json.dumps(coaching), encoding="utf-8")
    before = everything(db)
    with pytest.raises(InputError, match="names an agent or coach the demo lacks"):
        load_demo(db, folder=folder)
    assert everything(db) == before and database_is_empty(db)


def test_a_damaged_reviews_file_is_named_before_anything_is_written(db, tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(demo_dir(), folder)
    with gzip.open(folder / "reviews.jsonl.gz", "at", encoding="utf-8") as out:
        out.write('{"conversation": \n')
    with pytest.raises(InputError, match=r"reviews.jsonl.gz:\d+: not JSON"):
        load_demo(db, folder=folder)
    assert database_is_empty(db)


def test_the_demo_command(db_url, capsys):
    assert main(["--db", db_url, "demo"]) == 0
    out = capsys.readouterr().out
    assert "Demo data set added" in out and "reviews:" in out
    assert "  coaching: 8 sessions added, 0 already there\n" in out
    assert "  automatic checks: 2,167 conversations checked\n" in out
    assert main(["--db", db_url, "demo"]) == 0
    assert "nothing was added" in capsys.readouterr().out
    db = open_database(db_url)
    with db.session() as session:  # a coaching session deleted: the next load adds it back
        session.delete(session.scalars(select(CoachingSession)).first())
    db.dispose()
    assert main(["--db", db_url, "demo"]) == 0
    assert "  coaching: 1 session added, 7 already there\n" in capsys.readouterr().out


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_demo_data", ROOT / "scripts" / "make_demo_data.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


@pytest.mark.skipif(not REALDATA.is_dir(), reason="needs the public corpora in ../shared/realdata")
def test_the_generator_is_deterministic_and_made_the_shipped_files(tmp_path):
    generator = _generator()
    first, second = tmp_path / "first", tmp_path / "second"
    assert generator.main(["--out", str(first), "--realdata", str(REALDATA)]) == 0
    assert generator.main(["--out", str(second), "--realdata", str(REALDATA)]) == 0
    for name in generator.OUTPUT_FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
        made, shipped = (first / name).read_bytes(), (demo_dir() / name).read_bytes()
        if name.endswith(".gz"):  # compare the content: another zlib may compress differently
            made, shipped = gzip.decompress(made), gzip.decompress(shipped)
        assert made == shipped, f"{name} is out of date: run scripts/make_demo_data.py"
