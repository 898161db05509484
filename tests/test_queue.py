"""A reviewer's queue: their drafts first, then conversations nobody has reviewed, newest first,
read page by page, with counts of what is done and what is left."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from qa_desk.db.models import Conversation, RubricVersion
from qa_desk.ingest import import_file
from qa_desk.queue import next_in_queue, queue_counts, queue_page
from qa_desk.reviews import (
    RatingInput,
    find_or_create_user,
    open_draft,
    save_rating,
    submit_review,
)
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric
from tests.helpers import RUBRIC_YAML, conversation, write_jsonl

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def setup(db, data_dir):
    """Twelve conversations C-00 (oldest) .. C-11 (newest), a rubric, reviewers Rita and Sam."""
    items = []
    for n in range(12):
        at = (START + timedelta(hours=n)).isoformat()
        items.append(conversation(f"C-{n:02d}", [("customer", at, f"Message {n}")]))
    import_file(db, write_jsonl(data_dir / "q.jsonl", items))
    with db.session() as session:
        add_rubric(session, load_rubric_text(RUBRIC_YAML, "r.yaml"))
        rita, _ = find_or_create_user(session, "Rita")
        sam, _ = find_or_create_user(session, "Sam")
        ids = dict(session.execute(select(Conversation.external_id, Conversation.id)).all())
        version = session.scalar(select(RubricVersion.id))
        return {"rita": rita.id, "sam": sam.id, "ids": ids, "version": version}


def _review(db, conversation_id, reviewer_id, version_id, submit: bool) -> None:
    with db.session() as session:
        draft = open_draft(session, conversation_id, reviewer_id, version_id)
        for criterion, value in (("greeting", "pass"), ("tone", "4"), ("data_protection", "NA")):
            save_rating(session, draft.id, criterion, RatingInput(value))
        if submit:
            submit_review(session, draft.id, 30)


def _external_ids(db, reviewer_id, offset=0, limit=100):
    with db.reader() as session:
        return [i.external_id for i in queue_page(session, reviewer_id, offset, limit)]


def test_new_queue_lists_every_conversation_newest_first(db, setup):
    assert _external_ids(db, setup["rita"]) == [f"C-{n:02d}" for n in range(11, -1, -1)]
    with db.reader() as session:
        counts = queue_counts(session, setup["rita"])
        item = queue_page(session, setup["rita"], 0, 1)[0]
    assert (counts.done, counts.drafts, counts.new, counts.to_do) == (0, 0, 12, 12)
    assert (item.status, item.agent, item.channel, item.message_count) == (
        "new",
        "Dana Smith",
        "chat",
        1,
    )


def test_drafts_come_first_and_reviewed_conversations_leave_the_queue(db, setup):
    ids, version = setup["ids"], setup["version"]
    _review(db, ids["C-02"], setup["rita"], version, submit=False)
    _review(db, ids["C-05"], setup["rita"], version, submit=True)
    _review(db, ids["C-07"], setup["sam"], version, submit=False)  # Sam is on it
    _review(db, ids["C-09"], setup["sam"], version, submit=True)
    rita = _external_ids(db, setup["rita"])
    assert rita[0] == "C-02"
    assert rita[1:] == ["C-11", "C-10", "C-08", "C-06", "C-04", "C-03", "C-01", "C-00"]
    assert _external_ids(db, setup["sam"])[0] == "C-07"
    with db.reader() as session:
        counts = queue_counts(session, setup["rita"])
        first = queue_page(session, setup["rita"], 0, 1)[0]
    assert (counts.done, counts.drafts, counts.new, counts.to_do) == (1, 1, 8, 9)
    assert first.status == "draft" and first.review_id is not None


def test_pages_join_up_across_drafts_and_new_conversations(db, setup):
    ids, version = setup["ids"], setup["version"]
    for name in ("C-01", "C-03", "C-04"):
        _review(db, ids[name], setup["rita"], version, submit=False)
    whole = _external_ids(db, setup["rita"])
    pages = [_external_ids(db, setup["rita"], offset, 5) for offset in range(0, 15, 5)]
    assert [name for page in pages for name in page] == whole
    assert len(whole) == 12 and len(set(whole)) == 12
    assert set(whole[:3]) == {"C-01", "C-03", "C-04"}
    assert _external_ids(db, setup["rita"], 2, 2) == [whole[2], whole[3]]


def test_next_in_queue_skips_the_conversation_just_reviewed(db, setup):
    ids = setup["ids"]
    with db.reader() as session:
        assert next_in_queue(session, setup["rita"]).conversation_id == ids["C-11"]
        following = next_in_queue(session, setup["rita"], exclude=(ids["C-11"],))
        assert following.conversation_id == ids["C-10"]
    for name in list(ids):
        _review(db, ids[name], setup["sam"], setup["version"], submit=True)
    with db.reader() as session:
        assert next_in_queue(session, setup["rita"]) is None
        assert queue_counts(session, setup["rita"]).to_do == 0
