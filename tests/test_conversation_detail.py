"""A conversation as the review workspace reads it: messages in order, context, writing direction."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from qa_desk.conversation_detail import conversation_detail, text_direction
from qa_desk.db.models import Conversation
from qa_desk.ingest import import_file
from tests.helpers import conversation, write_jsonl


@pytest.fixture
def conversation_id(db, data_dir):
    item = conversation(
        "T-1",
        [
            ("customer", "2026-03-02T09:00:00Z", "Hi, my parcel has not arrived."),
            ("bot", "2026-03-02T09:00:05Z", "An agent will be with you shortly."),
            ("agent", "2026-03-02T09:04:30Z", "Hello! I'm Dana, <b>let me check</b>."),
            ("system", "2026-03-02T09:05:00Z", "Dana assigned the ticket to Tier 2"),
            ("customer", "2026-03-02T09:06:00Z", "مرحبا، أين طلبي؟ Order 123"),
            ("agent", "2026-03-02T09:12:40Z", "您好，包裹明天到。"),
        ],
        tags=["refund", "delivery"],
        csat=2,
        fields={"plan": "pro"},
    )
    item["messages"][3]["internal"] = True
    import_file(db, write_jsonl(data_dir / "c.jsonl", [item]))
    with db.reader() as session:
        return session.scalar(select(Conversation.id))


def test_detail_has_messages_in_order_with_roles_times_and_direction(db, conversation_id):
    with db.reader() as session:
        detail = conversation_detail(session, conversation_id)
    assert [m.role for m in detail.messages] == [
        "customer", "bot", "agent", "system", "customer", "agent",
    ]  # fmt: skip
    assert [m.position for m in detail.messages] == list(range(6))
    assert detail.messages[3].internal and not detail.messages[2].internal
    # text is kept exactly as written: markup is not interpreted here
    assert detail.messages[2].text == "Hello! I'm Dana, <b>let me check</b>."
    assert detail.messages[0].sent_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert [m.direction for m in detail.messages] == ["ltr", "ltr", "ltr", "ltr", "rtl", "ltr"]


def test_detail_has_the_context_a_reviewer_needs(db, conversation_id):
    with db.reader() as session:
        detail = conversation_detail(session, conversation_id)
    assert detail.external_id == "T-1" and detail.title == "Parcel"
    assert (detail.agent, detail.team, detail.channel) == ("Dana Smith", "Tier 1", "chat")
    assert detail.customer == "Olena" and detail.csat == 2 and detail.language == "en"
    assert detail.tags == ["delivery", "refund"]
    assert detail.duration_seconds == 12 * 60 + 40
    assert detail.first_response_seconds == 270  # the bot's reply does not count
    assert detail.fields == {"plan": "pro"}


def test_unknown_conversation_is_a_key_error(db):
    with db.reader() as session, pytest.raises(KeyError):
        conversation_detail(session, 404)


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Hello", "ltr"),
        ("مرحبا", "rtl"),
        ("שלום", "rtl"),
        ("123 — مرحبا", "rtl"),  # digits and punctuation are not strong
        ("«Order 5» مرحبا", "ltr"),
        ("您好", "ltr"),
        ("🙂 123", "ltr"),
    ],
)
def test_direction_follows_the_first_strong_character(text, direction):
    assert text_direction(text) == direction


def test_text_without_strong_characters_takes_the_default():
    assert text_direction("123 !", default="rtl") == "rtl"
