"""Finding conversations for the browser, without a window: filters, every sort order in both
directions (read whole and paged by keyset), counts, row data, and full-text search in several
scripts. The same queries give the same answers on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from qa_desk import conversation_query
from qa_desk.autoqa import run_pending
from qa_desk.conversation_query import (
    ConversationFilter,
    ConversationPager,
    ConversationQuery,
    ReviewStatus,
    SortColumn,
    count_conversations,
)
from qa_desk.conversation_rows import ConversationRow, filter_choices, rows_by_id
from qa_desk.db import Database
from qa_desk.db.models import Conversation, RubricVersion
from qa_desk.ingest import import_file
from qa_desk.reviews import find_or_create_user, open_draft, record_review
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric
from tests.helpers import RUBRIC_YAML, conversation, write_jsonl

DANA = {"id": "ag-dana", "name": "Dana Smith"}
AMY = {"id": "ag-amy", "name": "Amy Ng"}
OMAR = {"id": "ag-omar", "name": "Omar Haddad"}
OMAR_TOO = {"id": "ag-omar-2", "name": "Omar Haddad"}  # another agent of the same name

# external id, start, agent, team, channel, csat, tags, message texts
DATA: list[tuple[Any, ...]] = [
    ("C-01", "2026-03-01T08:00:00Z", DANA, "Tier 1", "chat", 5, ["refund"], ["Where is my parcel?", "Checking now."]),
    ("C-02", "2026-03-02T09:00:00Z", AMY, "Tier 2", "email", 2, ["billing"], ["Мій пакунок не прийшов", "Вибачте!", "Дякую"]),
    ("C-03", "2026-03-02T10:30:00Z", OMAR, "Tier 1", "phone", None, [], ["مرحبا، لم يصل طلبي بعد"]),
    ("C-04", "2026-03-03T23:59:00Z", OMAR_TOO, None, "chat", 4, ["refund", "vip"], ["您好，我想申请退款。", "好的"]),
    ("C-05", "2026-03-05T12:00:00Z", None, "Tier 2", None, 1, ["billing"], ["Invoice please", "Sent", "Thanks", "Bye"]),
    ("C-06", None, DANA, "Tier 1", "email", 3.5, [], ["No times on this one"]),
    ("C-07", "2026-02-28T07:00:00Z", AMY, "Tier 1", "chat", 5, ["vip"], ["Password reset", "Done"]),
    ("C-08", "2026-03-04T15:00:00Z", DANA, "Tier 2", "social", None, [], ["Refunded twice?", "Yes, reversing one."]),
]  # fmt: skip
PASSING = {"greeting": "pass", "tone": "5", "data_protection": "pass"}  # 100
FAILING = {"greeting": "fail", "tone": "3", "data_protection": "pass"}  # 50
CRITICAL = {"greeting": "pass", "tone": "5", "data_protection": "fail"}  # 0, critical fail


def _conversations() -> list[dict[str, Any]]:
    items = []
    for cid, started, agent, team, channel, csat, tags, texts in DATA:
        at = None if started is None else started
        messages = [(("customer", "agent")[i % 2], at, text) for i, text in enumerate(texts)]
        item = conversation(cid, messages, agent=agent, team=team, channel=channel, csat=csat)
        item.update(tags=tags, started_at=started, ended_at=None)
        items.append(item)
    return items


def fill(db: Database, folder: Path) -> dict[str, int]:
    """Import :data:`DATA` and review some of it; the row id of each conversation."""
    import_file(db, write_jsonl(folder / "browser.jsonl", _conversations()), "jsonl")
    with db.session() as session:
        ids = dict(session.execute(select(Conversation.external_id, Conversation.id)).all())
        version = add_rubric(session, load_rubric_text(RUBRIC_YAML))
        rubric = session.get(RubricVersion, version.version_id)
        rita, _ = find_or_create_user(session, "Rita")
        wei, _ = find_or_create_user(session, "Wei 张")
        for cid, reviewer, ratings, day in (
            ("C-02", rita, PASSING, 10),
            ("C-03", rita, PASSING, 10),
            ("C-03", wei, FAILING, 11),  # the latest of two: its score is shown
            ("C-05", wei, CRITICAL, 12),
        ):
            record_review(
                session, conversation_id=ids[cid], reviewer_id=reviewer.id, rubric_version=rubric,
                ratings=ratings, submitted_at=datetime(2026, 3, day, tzinfo=UTC),
            )  # fmt: skip
        open_draft(session, ids["C-07"], rita.id, rubric.id)
    return ids


@pytest.fixture
def ids(db: Database, data_dir: Path) -> dict[str, int]:
    return fill(db, data_dir)


@pytest.fixture(params=["whole", "keyset"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Small results are read whole; large ones paged by keyset: force each in turn."""
    if request.param == "keyset":
        monkeypatch.setattr(conversation_query, "WHOLE_LIMIT", 0)
    return request.param


def all_ids(db: Database, query: ConversationQuery, page: int = 3) -> list[int]:
    """Every id the pager hands out, in small pages (so keyset boundaries are crossed)."""
    pager = ConversationPager(query)
    found: list[int] = []
    with db.reader() as session:
        while not pager.exhausted:
            chunk = pager.next_page(session, page)
            assert len(chunk) <= page
            found += chunk
            assert len(found) <= len(DATA), "the pager repeats itself"
    assert pager.total == len(found)
    return found


def names(ids: dict[str, int], found: list[int]) -> list[str]:
    by_id = {v: k for k, v in ids.items()}
    return [by_id[i] for i in found]


def external_ids(db: Database, ids: dict[str, int], wanted: ConversationFilter) -> set[str]:
    return set(names(ids, all_ids(db, ConversationQuery(wanted))))


def _value(row: ConversationRow, sort: SortColumn, agent_ids: dict[int, int | None]) -> Any:
    """The value the browser orders ``row`` by (None: comes last)."""
    return {
        SortColumn.EXTERNAL_ID: row.external_id,
        SortColumn.STARTED: row.started_at,
        SortColumn.AGENT: None if row.agent is None else (row.agent, agent_ids[row.id]),
        SortColumn.TEAM: row.team,
        SortColumn.CHANNEL: row.channel,
        SortColumn.CSAT: row.csat,
        SortColumn.MESSAGES: row.message_count,
        SortColumn.REVIEW_STATUS: row.submitted_reviews
        if row.submitted_reviews or row.has_draft
        else None,
        SortColumn.SCORE: row.score,
    }[sort]


def expected_order(db: Database, sort: SortColumn, descending: bool) -> list[int]:
    with db.reader() as session:
        rows = rows_by_id(session, session.scalars(select(Conversation.id)).all())
        agent_ids = dict(session.execute(select(Conversation.id, Conversation.agent_id)).all())
    valued = [r for r in rows.values() if _value(r, sort, agent_ids) is not None]
    empty = [r for r in rows.values() if _value(r, sort, agent_ids) is None]
    valued.sort(key=lambda r: (_value(r, sort, agent_ids), r.id), reverse=descending)
    empty.sort(key=lambda r: r.id, reverse=descending)
    return [r.id for r in valued + empty]


# --- sorting ---------------------------------------------------------------------------------


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("sort", list(SortColumn))
def test_every_column_sorts_both_ways_with_empty_values_last(db, ids, mode, sort, descending):
    found = all_ids(db, ConversationQuery(ConversationFilter(), sort, descending))
    assert found == expected_order(db, sort, descending)


def test_sorting_examples_a_user_would_check(db, ids, mode):
    def order(sort: SortColumn, descending: bool = False) -> list[str]:
        return names(ids, all_ids(db, ConversationQuery(ConversationFilter(), sort, descending)))

    assert order(SortColumn.STARTED, descending=True)[:3] == ["C-05", "C-08", "C-04"]
    assert order(SortColumn.STARTED)[-1] == "C-06"  # no start time: last both ways
    assert order(SortColumn.STARTED, descending=True)[-1] == "C-06"
    assert order(SortColumn.CSAT, descending=True)[:2] == ["C-07", "C-01"]  # 5, 5: by id, too
    assert order(SortColumn.SCORE, descending=True)[:3] == ["C-02", "C-03", "C-05"]
    assert order(SortColumn.REVIEW_STATUS, descending=True)[:4] == ["C-03", "C-05", "C-02", "C-07"]
    by_agent = order(SortColumn.AGENT)
    assert by_agent[:2] == ["C-02", "C-07"] and by_agent[-1] == "C-05"  # Amy first, nobody last


def test_a_filter_and_a_sort_together_page_through_every_match_once(db, ids, mode):
    wanted = ConversationFilter(channel="chat")
    found = all_ids(db, ConversationQuery(wanted, SortColumn.AGENT, descending=True), page=1)
    assert names(ids, found) == ["C-04", "C-01", "C-07"]  # Omar (2nd), Dana, Amy


# --- filters ---------------------------------------------------------------------------------


def test_each_filter_narrows_the_conversations(db, ids, mode):
    with db.reader() as session:
        agents = {name: i for i, name in filter_choices(session).agents if name != "Omar Haddad"}
        teams = dict((name, i) for i, name in filter_choices(session).teams)
    check = {
        ConversationFilter(agent_id=agents["Dana Smith"]): {"C-01", "C-06", "C-08"},
        ConversationFilter(team_id=teams["Tier 2"]): {"C-02", "C-05", "C-08"},
        ConversationFilter(channel="email"): {"C-02", "C-06"},
        ConversationFilter(csat_min=3.5): {"C-01", "C-04", "C-06", "C-07"},
        ConversationFilter(csat_min=2, csat_max=4): {"C-02", "C-04", "C-06"},
        ConversationFilter(tag="refund"): {"C-01", "C-04"},
        ConversationFilter(review_status=ReviewStatus.REVIEWED): {"C-02", "C-03", "C-05"},
        ConversationFilter(review_status=ReviewStatus.DRAFT): {"C-07"},
        ConversationFilter(review_status=ReviewStatus.NOT_REVIEWED): {"C-01", "C-04", "C-06", "C-08"},
        ConversationFilter(
            started_from=datetime(2026, 3, 2, tzinfo=UTC),
            started_before=datetime(2026, 3, 4, tzinfo=UTC),
        ): {"C-02", "C-03", "C-04"},
        ConversationFilter(channel="chat", tag="vip", csat_min=5): {"C-07"},
        ConversationFilter(channel="fax"): set(),
    }  # fmt: skip
    for wanted, expected in check.items():
        assert external_ids(db, ids, wanted) == expected, wanted
        with db.reader() as session:
            assert count_conversations(session, wanted) == len(expected), wanted


def test_failed_automatic_check_filter(db, ids, mode):
    """Only C-05 ends with a goodbye ("Bye"); C-03 and C-06 have no agent reply (n.a.)."""
    run_pending(db)
    check = {
        ConversationFilter(failed_check="closing"): {"C-01", "C-02", "C-04", "C-07", "C-08"},
        ConversationFilter(failed_check="closing", channel="chat"): {"C-01", "C-04", "C-07"},
        ConversationFilter(failed_check="profanity"): set(),
    }
    for wanted, expected in check.items():
        assert external_ids(db, ids, wanted) == expected, wanted
        with db.reader() as session:
            assert count_conversations(session, wanted) == len(expected), wanted
    assert not ConversationFilter(failed_check="closing").is_empty()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("пакунок", {"C-02"}),  # Cyrillic
        ("طلبي", {"C-03"}),  # Arabic
        ("退款", {"C-04"}),  # Chinese, written without spaces
        ("parc", {"C-01"}),  # the last word matches as a prefix, while typing
        ("refund", {"C-08"}),
        ("PASSWORD reset", {"C-07"}),
        ("parcel invoice", set()),  # every word, in one message
        ('"; DROP TABLE', set()),  # punctuation is text, not search syntax
    ],
)
def test_full_text_search_finds_words_in_any_script(db, ids, mode, text, expected):
    assert external_ids(db, ids, ConversationFilter(text=text)) == expected


def test_search_combines_with_filters_and_sorts(db, ids, mode):
    wanted = ConversationFilter(text="refund", channel="social")
    assert external_ids(db, ids, wanted) == {"C-08"}
    order = ConversationQuery(ConversationFilter(text="Вибачте"), SortColumn.SCORE, True)
    assert names(ids, all_ids(db, order)) == ["C-02"]


def test_filter_is_empty_until_something_is_asked_for():
    assert ConversationFilter().is_empty()
    assert ConversationFilter(text="   ").is_empty()
    assert not ConversationFilter(text="refund").is_empty()
    assert not ConversationFilter(csat_min=0).is_empty()


# --- rows and choices ------------------------------------------------------------------------


def test_rows_carry_what_the_table_shows(db, ids):
    with db.reader() as session:
        rows = rows_by_id(session, [ids["C-02"], ids["C-03"], ids["C-05"], ids["C-07"], 10**6])
    assert set(rows) == {ids["C-02"], ids["C-03"], ids["C-05"], ids["C-07"]}
    two = rows[ids["C-02"]]
    assert (two.external_id, two.agent, two.team, two.channel, two.csat) == (
        "C-02", "Amy Ng", "Tier 2", "email", 2.0,
    )  # fmt: skip
    assert two.started_at == datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert (two.message_count, two.review_status, two.score, two.passed) == (
        3, ReviewStatus.REVIEWED, 100.0, True,
    )  # fmt: skip
    three = rows[ids["C-03"]]
    assert (three.submitted_reviews, three.score, three.passed) == (2, 50.0, False)
    five = rows[ids["C-05"]]
    assert (five.agent, five.channel, five.score, five.critical_fail) == (None, None, 0.0, True)
    seven = rows[ids["C-07"]]
    assert (seven.review_status, seven.score, seven.has_draft) == (ReviewStatus.DRAFT, None, True)


def test_filter_choices_list_what_the_database_holds(db, ids):
    with db.reader() as session:
        choices = filter_choices(session)
    assert [name for _, name in choices.agents] == [
        "Amy Ng", "Dana Smith", "Omar Haddad", "Omar Haddad",
    ]  # fmt: skip
    assert [name for _, name in choices.teams] == ["Tier 1", "Tier 2"]
    assert choices.channels == ["chat", "email", "phone", "social"]
    assert choices.tags == ["billing", "refund", "vip"]


def test_an_empty_database_has_nothing_to_page(db):
    pager = ConversationPager(ConversationQuery())
    with db.reader() as session:
        assert pager.next_page(session) == []
    assert pager.exhausted and pager.total == 0


# --- PostgreSQL ------------------------------------------------------------------------------


@pytest.mark.postgres
def test_postgresql_answers_like_sqlite(pg_db, db, data_dir, monkeypatch):
    sqlite_ids, pg_ids = fill(db, data_dir), fill(pg_db, data_dir)
    queries = [
        ConversationQuery(ConversationFilter(), s, d) for s in SortColumn for d in (False, True)
    ]
    queries += [
        ConversationQuery(ConversationFilter(text=t), SortColumn.STARTED)
        # whole words: PostgreSQL's search does not match prefixes as SQLite's does
        for t in ("пакунок", "طلبي", "退款", "twice", "Where")
    ]
    queries += [
        ConversationQuery(ConversationFilter(review_status=s), SortColumn.SCORE)
        for s in ReviewStatus
    ]
    queries.append(ConversationQuery(ConversationFilter(csat_min=2, channel="chat", tag="vip")))
    for keyset in (False, True):
        monkeypatch.setattr(conversation_query, "WHOLE_LIMIT", 0 if keyset else 20_000)
        for query in queries:
            on_sqlite = names(sqlite_ids, all_ids(db, query))
            assert names(pg_ids, all_ids(pg_db, query)) == on_sqlite, query
    assert names(pg_ids, all_ids(pg_db, queries[2])) == names(
        pg_ids, expected_order(pg_db, queries[2].sort, queries[2].descending)
    )
