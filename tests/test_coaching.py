"""Coaching sessions in the core (qa_desk/coaching.py), on the hand-computed data set of
tests/test_analytics_data.py: Dana's reviews D1–D5, Eve's E1–E3, Omar's O1–O2."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from qa_desk.coaching import (
    ActionItemDraft,
    action_items_of_agent,
    add_action_item,
    add_reviews,
    complete_action_item,
    create_session,
    delete_session,
    get_session,
    open_action_items,
    remove_reviews,
    save_session,
    sessions_of_agent,
    update_session,
)
from qa_desk.db.models import ActionItem, CoachingSession
from qa_desk.errors import InputError
from qa_desk.users import sign_in
from tests.test_analytics_data import Ids, build


@pytest.fixture
def data(db, data_dir) -> Ids:
    return build(db, data_dir)


@pytest.fixture
def coach(db) -> int:
    with db.session() as session:
        return sign_in(session, "Carla Coach", "carla@example.org", "coach").id


def test_a_session_with_reviews_and_action_items_is_stored(db, data, coach):
    dana = data.agents["Dana"]
    with db.session() as session:
        info = save_session(
            session,
            agent_id=dana,
            coach_id=coach,
            held_on=date(2026, 4, 10),
            notes="Tone under pressure.",
            review_ids=[data.reviews["D4"], data.reviews["D2"]],
            action_items=[
                ActionItemDraft("Re-read the tone guide", "Dana", date(2026, 4, 17)),
                ActionItemDraft("Listen to two calls together", "Carla Coach"),
            ],
        )
    with db.reader() as session:
        stored = get_session(session, info.id)
    assert (stored.agent_name, stored.coach_name, stored.held_on) == (
        "Dana",
        "Carla Coach",
        date(2026, 4, 10),
    )
    assert stored.notes == "Tone under pressure."
    assert stored.review_ids == (data.reviews["D4"], data.reviews["D2"])
    assert [(i.text, i.owner, i.due_on, i.done) for i in stored.action_items] == [
        ("Re-read the tone guide", "Dana", date(2026, 4, 17), False),
        ("Listen to two calls together", "Carla Coach", None, False),
    ]


def test_open_items_come_up_when_the_next_session_is_prepared(db, data, coach):
    dana = data.agents["Dana"]
    with db.session() as session:
        first = save_session(
            session, agent_id=dana, coach_id=coach, held_on=date(2026, 3, 12),
            action_items=[ActionItemDraft("Verify identity first"), ActionItemDraft("Use names")],
        )  # fmt: skip
        done_id = first.action_items[1].id
        complete_action_item(session, done_id, when=datetime(2026, 3, 20, tzinfo=UTC))
        second = create_session(session, agent_id=dana, coach_id=coach, held_on=date(2026, 4, 10))
    assert [i.text for i in second.earlier_open_items] == ["Verify identity first"]
    assert second.earlier_open_items[0].held_on == date(2026, 3, 12)
    with db.reader() as session:
        assert [i.text for i in open_action_items(session, dana)] == ["Verify identity first"]
        assert open_action_items(session, dana, before=date(2026, 3, 12)) == []
        # Eve has no sessions: nothing of Dana's shows up for her
        assert open_action_items(session, data.agents["Eve"]) == []


def test_marking_an_item_done_removes_it_from_the_open_list_and_back(db, data, coach):
    dana = data.agents["Dana"]
    with db.session() as session:
        info = save_session(
            session, agent_id=dana, coach_id=coach, held_on=date(2026, 3, 12),
            action_items=[ActionItemDraft("Verify identity first")],
        )  # fmt: skip
    item_id = info.action_items[0].id
    with db.session() as session:
        done = complete_action_item(session, item_id)
    assert done.done and done.held_on == date(2026, 3, 12)
    with db.reader() as session:
        assert open_action_items(session, dana) == []
        assert [i.done for i in action_items_of_agent(session, dana)] == [True]
    with db.session() as session:
        complete_action_item(session, item_id, done=False)
    with db.reader() as session:
        assert [i.id for i in open_action_items(session, dana)] == [item_id]


def test_editing_a_session_changes_reviews_items_and_follows_up_earlier_ones(db, data, coach):
    dana = data.agents["Dana"]
    with db.session() as session:
        march = save_session(
            session, agent_id=dana, coach_id=coach, held_on=date(2026, 3, 12),
            action_items=[ActionItemDraft("Verify identity"), ActionItemDraft("Slow down"),
                          ActionItemDraft("Use the macro")],
        )  # fmt: skip
        april = save_session(
            session, agent_id=dana, coach_id=coach, held_on=date(2026, 4, 10),
            review_ids=[data.reviews["D4"]],
            action_items=[ActionItemDraft("First try")],
        )  # fmt: skip
    verify, slow, macro = march.action_items
    assert [i.id for i in april.earlier_open_items] == [verify.id, slow.id, macro.id]
    with db.session() as session:
        edited = save_session(
            session,
            coaching_session_id=april.id,
            agent_id=dana,
            coach_id=coach,
            held_on=date(2026, 4, 11),
            notes="Moved a day.",
            review_ids=[data.reviews["D5"], data.reviews["D4"]],
            action_items=[
                ActionItemDraft("Slow down", "Dana", date(2026, 5, 1), carried_from=slow.id),
                ActionItemDraft("First try, reworded", id=april.action_items[0].id, done=True),
            ],
            done_item_ids=[verify.id],
        )
    assert edited.held_on == date(2026, 4, 11) and edited.notes == "Moved a day."
    assert set(edited.review_ids) == {data.reviews["D4"], data.reviews["D5"]}
    assert [(i.text, i.owner, i.due_on, i.done) for i in edited.action_items] == [
        ("Slow down", "Dana", date(2026, 5, 1), False),
        ("First try, reworded", None, None, True),
    ]
    # verified and carried-over items of March are closed; the macro is still to follow up
    assert [i.text for i in edited.earlier_open_items] == ["Use the macro"]
    with db.reader() as session:
        assert [i.text for i in open_action_items(session, dana)] == ["Use the macro", "Slow down"]
        assert session.scalar(select(func.count(CoachingSession.id))) == 2
    with db.session() as session:  # dropping an item from the form removes it
        dropped = save_session(
            session, coaching_session_id=april.id, agent_id=dana, coach_id=coach,
            held_on=date(2026, 4, 11), review_ids=[], action_items=[],
        )  # fmt: skip
    assert dropped.action_items == () and dropped.review_ids == ()


def rejected(db, match: str, **fields) -> None:
    """Saving these fields raises an InputError matching ``match`` (and writes nothing)."""
    with pytest.raises(InputError, match=match), db.session() as session:
        save_session(session, **fields)


def test_bad_input_names_the_field_and_writes_nothing(db, data, coach):
    session_fields = {
        "agent_id": data.agents["Dana"],
        "coach_id": coach,
        "held_on": date(2026, 4, 10),
    }
    rejected(
        db, "action item 2: an action item needs a text", **session_fields,
        action_items=[ActionItemDraft("Fine"), ActionItemDraft("   ")],
    )  # fmt: skip
    rejected(
        db, "not of this agent's conversations", **session_fields,
        review_ids=[data.reviews["E1"]], action_items=[ActionItemDraft("Fine")],
    )  # fmt: skip
    rejected(db, "coach: no user with id 9999", **{**session_fields, "coach_id": 9999})
    with db.reader() as session:
        assert session.scalar(select(func.count(CoachingSession.id))) == 0
        assert session.scalar(select(func.count(ActionItem.id))) == 0


def test_an_earlier_item_of_another_agent_cannot_be_closed(db, data, coach):
    with db.session() as session:
        eve = save_session(
            session, agent_id=data.agents["Eve"], coach_id=coach, held_on=date(2026, 3, 12),
            action_items=[ActionItemDraft("Eve's item")],
        )  # fmt: skip
    rejected(
        db, "not of this agent's sessions", agent_id=data.agents["Dana"], coach_id=coach,
        held_on=date(2026, 4, 1), done_item_ids=[eve.action_items[0].id],
    )  # fmt: skip
    with db.reader() as session:
        assert [i.text for i in open_action_items(session, data.agents["Eve"])] == ["Eve's item"]
        assert sessions_of_agent(session, data.agents["Dana"]) == []


def test_the_small_steps_and_listing(db, data, coach):
    dana = data.agents["Dana"]
    with db.session() as session:
        first = create_session(
            session, agent_id=dana, coach_id=coach, held_on=date(2026, 3, 12),
            review_ids=[data.reviews["D2"]],
        )  # fmt: skip
        second = create_session(session, agent_id=dana, coach_id=coach, held_on=date(2026, 4, 10))
        add_reviews(session, first.id, [data.reviews["D3"], data.reviews["D2"]])
        remove_reviews(session, first.id, [data.reviews["D2"]])
        add_action_item(session, first.id, "  Trim me  ", owner="  ", due_on=None)
        update_session(session, first.id, notes="Notes later.")
    with db.reader() as session:
        listed = sessions_of_agent(session, dana)
        assert [s.id for s in listed] == [second.id, first.id]  # most recent first
        assert listed[1].review_ids == (data.reviews["D3"],)
        assert listed[1].notes == "Notes later."
        assert [(i.text, i.owner) for i in listed[1].action_items] == [("Trim me", None)]
        in_april = action_items_of_agent(session, dana, date(2026, 4, 1), date(2026, 4, 30))
        assert in_april == []
    with db.session() as session:
        delete_session(session, first.id)
    with db.reader() as session:
        assert [s.id for s in sessions_of_agent(session, dana)] == [second.id]
        assert session.scalar(select(func.count(ActionItem.id))) == 0
