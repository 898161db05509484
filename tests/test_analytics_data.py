"""The small fixed data set the analytics tests compute by hand, and checks that it scores as planned.

Rubric (tests/helpers.py): greeting binary weight 1; tone 1–5 weight 3 (N/A allowed, root causes
``too formal``, ``impatient``); data_protection binary, critical, weight 1 (N/A allowed); pass at 80.

| review | agent (team) | reviewer | greeting | tone | data prot. | score | submitted | time | CSAT |
|---|---|---|---|---|---|---|---|---|---|
| D1 | Dana (Tier 1) | Rita | pass | 5 | pass | 100 | Mon 2 Mar | 300 | 5 |
| D2 | Dana | Rita | fail | 3 | N/A | 37.5 | Tue 3 Mar | 100 | 2 |
| D3 | Dana | Sam | pass | 4 | fail | 0 (critical) | Tue 10 Mar | 200 | 4 |
| D4 | Dana | Sam | pass | 2 | pass | 55 | Mon 6 Apr | 400 | 3 |
| D5 | Dana | Rita | pass | 5 | pass | 100 | Tue 7 Apr | 500 | 1 |
| E1 | Eve (Tier 1) | Rita | pass | 4 | pass | 85 | Wed 4 Mar | 250 | 3 |
| E2 | Eve | Sam | pass | 5 | N/A | 100 | Wed 11 Mar | 350 | 5 |
| E3 | Eve | Sam | fail | 4 | pass | 65 | Wed 8 Apr | 150 | 4 |
| O1 | Omar (Tier 2) | Sam | pass | N/A | N/A | 100 | Thu 5 Mar | 600 | – |
| O2 | Omar | Rita | pass | 2 | pass | 55 | Thu 9 Apr | – | 2 |

Plus, never counted: a calibration review of D1 by Sam rating everything at the bottom, and Sam's
unsubmitted draft of E1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from qa_desk.db import Database
from qa_desk.db.models import Agent, Conversation, RubricVersion, Team, User
from qa_desk.ingest import import_file
from qa_desk.reviews import RatingInput, find_or_create_user, open_draft, record_review
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric
from tests.helpers import RUBRIC_YAML, conversation, write_jsonl

AGENTS = {"D": ("Dana", "Tier 1"), "E": ("Eve", "Tier 1"), "O": ("Omar", "Tier 2")}

# id, reviewer, greeting, tone, data protection, (month, day), seconds, csat, review comment
REVIEWS: list[tuple[str, str, Any, Any, Any, tuple[int, int], float | None, int | None, str]] = [
    ("D1", "Rita", "pass", "5", "pass", (3, 2), 300, 5, "Great conversation."),
    ("D2", "Rita", "fail", "3", "NA", (3, 3), 100, 2, "Rushed."),
    ("D3", "Sam", "pass", "4", "fail", (3, 10), 200, 4, ""),
    ("D4", "Sam", "pass", "2", "pass", (4, 6), 400, 3, ""),
    ("D5", "Rita", "pass", "5", "pass", (4, 7), 500, 1, ""),
    ("E1", "Rita", "pass", "4", "pass", (3, 4), 250, 3, ""),
    ("E2", "Sam", "pass", "5", "NA", (3, 11), 350, 5, ""),
    ("E3", "Sam", "fail", "4", "pass", (4, 8), 150, 4, ""),
    ("O1", "Sam", "pass", "NA", "NA", (3, 5), 600, None, ""),
    ("O2", "Rita", "pass", "2", "pass", (4, 9), None, 2, ""),
]

SCORES = {"D1": 100.0, "D2": 37.5, "D3": 0.0, "D4": 55.0, "D5": 100.0, "E1": 85.0,
          "E2": 100.0, "E3": 65.0, "O1": 100.0, "O2": 55.0}  # fmt: skip

# rating comments and root causes: (review, criterion) -> (comment, root causes)
NOTES = {
    ("D2", "tone"): ("Curt reply.", ["impatient"]),
    ("D3", "tone"): ("", ["too formal"]),
    ("D3", "data_protection"): ("No verification before sharing the order.", []),
    ("D4", "tone"): ("Impatient again.", ["impatient"]),
    ("D5", "tone"): ("Perfect tone.", []),  # full marks: not a comment on a low rating
}


@dataclass(frozen=True)
class Ids:
    """Database ids of the data set: agents, teams, reviewers, reviews and conversations by label."""

    agents: dict[str, int]
    teams: dict[str, int]
    reviewers: dict[str, int]
    reviews: dict[str, int]
    conversations: dict[str, int]


def build(db: Database, folder: Any) -> Ids:
    """Import the conversations and record the reviews into ``db``."""
    items = []
    for label, *_, csat, _ in REVIEWS:
        name, team = AGENTS[label[0]]
        items.append(
            conversation(
                f"T-{label}",
                agent={"id": name.lower(), "name": name},
                team=team,
                csat=csat,
                channel="email" if label == "O1" else "chat",
            )
        )
    import_file(db, write_jsonl(folder / "analytics.jsonl", items))
    reviews: dict[str, int] = {}
    with db.session() as session:
        added = add_rubric(session, load_rubric_text(RUBRIC_YAML))
        version = session.get_one(RubricVersion, added.version_id)
        conversations = {
            external[2:]: conversation_id
            for conversation_id, external in session.execute(
                select(Conversation.id, Conversation.external_id)
            )
        }
        reviewers = {name: find_or_create_user(session, name)[0].id for name in ("Rita", "Sam")}
        for label, reviewer, greeting, tone, data, (month, day), seconds, _, comment in REVIEWS:
            values = {"greeting": greeting, "tone": tone, "data_protection": data}
            ratings = {
                criterion: RatingInput(value, *NOTES.get((label, criterion), ("", [])))
                for criterion, value in values.items()
            }
            review = record_review(
                session,
                conversation_id=conversations[label],
                reviewer_id=reviewers[reviewer],
                rubric_version=version,
                ratings=ratings,
                comment=comment,
                submitted_at=datetime(2026, month, day, 12, tzinfo=UTC),
                time_spent_seconds=seconds,
            )
            reviews[label] = review.id
        record_review(
            session,
            conversation_id=conversations["D1"],
            reviewer_id=reviewers["Sam"],
            rubric_version=version,
            ratings={"greeting": "fail", "tone": "1", "data_protection": "fail"},
            submitted_at=datetime(2026, 3, 2, 15, tzinfo=UTC),
            is_calibration=True,
        )
        open_draft(session, conversations["E1"], reviewers["Sam"], version.id)
        agents = dict(session.execute(select(Agent.name, Agent.id)).all())
        teams = dict(session.execute(select(Team.name, Team.id)).all())
        names = dict(session.execute(select(User.name, User.id)).all())
    return Ids(agents, teams, names, reviews, conversations)


@pytest.fixture
def data(db, data_dir) -> Ids:
    return build(db, data_dir)


def test_the_data_set_scores_as_the_table_says(db, data):
    from qa_desk.db.models import Review

    with db.reader() as session:
        scores = {
            label: session.get_one(Review, review_id).score
            for label, review_id in data.reviews.items()
        }
        assert scores == pytest.approx(SCORES)
        assert session.get_one(Review, data.reviews["D3"]).critical_fail
        dana = session.get_one(Agent, data.agents["Dana"])
        assert dana.team_id == data.teams["Tier 1"]
