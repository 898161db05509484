"""An agent's profile for coaching, on the hand-computed data set (tests/test_analytics_data.py):
Dana's reviews D1–D5 score 100, 37.5, 0 (critical), 55, 100."""

from __future__ import annotations

from dataclasses import astuple
from datetime import date

import pytest

from qa_desk.analytics import agent_profile, agents
from qa_desk.periods import previous_period
from qa_desk.statistics import difference_from_whole
from tests.test_analytics_data import SCORES, Ids, build

DANA = ["D1", "D2", "D3", "D4", "D5"]
TIER_1 = [*DANA, "E1", "E2", "E3"]

APRIL = (date(2026, 4, 1), date(2026, 4, 30))


@pytest.fixture
def data(db, data_dir) -> Ids:
    return build(db, data_dir)


def moments(values: list[float]) -> tuple[int, float, float]:
    return len(values), sum(values), sum(v * v for v in values)


def test_quality_against_the_team(db, data):
    with db.reader() as session:
        profile = agent_profile(session, data.agents["Dana"])
    assert (profile.agent, profile.team, profile.team_id) == (
        "Dana",
        "Tier 1",
        data.teams["Tier 1"],
    )
    assert profile.quality.reviews == 5 and profile.quality.iqs == pytest.approx(58.5)
    assert profile.quality.critical_fails == 1 and profile.quality.pass_rate == pytest.approx(0.4)
    assert profile.team_quality.reviews == 8 and profile.team_quality.iqs == pytest.approx(
        542.5 / 8
    )
    expected = difference_from_whole(
        moments([SCORES[r] for r in DANA]), moments([SCORES[r] for r in TIER_1])
    )
    assert profile.vs_team.value == pytest.approx(58.5 - 542.5 / 8)
    assert (profile.vs_team.low, profile.vs_team.high) == pytest.approx(
        (expected.low, expected.high)
    )
    assert profile.previous is None and profile.change is None  # no dates: no previous period
    assert [r.conversation for r in profile.reviews] == [f"T-{r}" for r in DANA]


def test_previous_period_of_the_same_length(db, data):
    with db.reader() as session:
        april = agent_profile(session, data.agents["Dana"], date(2026, 4, 1), date(2026, 4, 30))
        ten_days = agent_profile(session, data.agents["Dana"], date(2026, 4, 5), date(2026, 4, 14))
    # a whole month: the month before, as the Reports page and both workbooks count it (not the
    # 30 days before), holding D1 (2 March), D2 and D3
    assert (april.previous_from, april.previous_to) == (date(2026, 3, 1), date(2026, 3, 31))
    assert (april.previous_from, april.previous_to) == astuple(previous_period(*APRIL))[:2]
    assert (ten_days.previous_from, ten_days.previous_to) == (date(2026, 3, 26), date(2026, 4, 4))
    assert april.quality.reviews == 2 and april.quality.iqs == pytest.approx(77.5)
    assert april.previous.reviews == 3 and april.previous.iqs == pytest.approx(137.5 / 3)
    assert april.change.value == pytest.approx(77.5 - 137.5 / 3)
    assert (april.change.n, april.change.n_other) == (2, 3)


def test_criteria_with_scores_points_lost_and_team(db, data):
    with db.reader() as session:
        profile = agent_profile(session, data.agents["Dana"])
    criteria = {c.criterion: c for c in profile.criteria}
    assert [c.criterion for c in profile.criteria] == ["greeting", "tone", "data_protection"]
    greeting, tone, data_protection = (criteria[k] for k in ("greeting", "tone", "data_protection"))
    assert (greeting.ratings, greeting.score, greeting.below_half) == (5, pytest.approx(80.0), 1)
    # tone 5, 3, 4, 2, 5 → 1, .5, .75, .25, 1
    assert (tone.ratings, tone.score, tone.below_top) == (5, pytest.approx(70.0), 3)
    assert tone.name == "Tone" and tone.weight == 3 and not tone.critical
    assert (data_protection.ratings, data_protection.score) == (4, pytest.approx(75.0))
    assert data_protection.critical and data_protection.below_half == 1
    assert not data_protection.enough and tone.enough  # 4 ratings < the default minimum of 5
    # points lost over 5 reviews: greeting D2 (37.5 → 62.5); tone D2 (→ 75) and D4 (→ 100), not
    # D3 (critical fail: still 0); data protection D3 (0 → 85)
    assert greeting.points_lost == pytest.approx(25 / 5)
    assert tone.points_lost == pytest.approx((37.5 + 45) / 5)
    assert data_protection.points_lost == pytest.approx(85 / 5)
    # Tier 1's tone: Dana's 3.5 and Eve's .75 + 1 + .75 over 8 ratings
    assert tone.team_ratings == 8 and tone.team_score == pytest.approx(75.0)
    assert tone.vs_team.value == pytest.approx(-5.0) and tone.vs_team.n == 5


def test_weakest_and_strongest_respect_the_minimum_number_of_ratings(db, data):
    with db.reader() as session:
        default = agent_profile(session, data.agents["Dana"])
        four = agent_profile(session, data.agents["Dana"], min_ratings=4, top=1)
    assert [c.criterion for c in default.weakest] == ["tone", "greeting"]
    assert default.strongest == []  # both criteria with enough ratings lost points
    assert [c.criterion for c in four.weakest] == ["data_protection"]
    assert [c.criterion for c in four.strongest] == ["greeting"]  # 80 before tone's 70


def test_reviews_that_pulled_the_score_down(db, data):
    with db.reader() as session:
        profile = agent_profile(session, data.agents["Dana"])
    low = profile.low_reviews
    assert [item.review.conversation for item in low] == ["T-D3", "T-D2", "T-D4"]
    assert [item.review.review_id for item in low] == [data.reviews[r] for r in ("D3", "D2", "D4")]
    assert [item.impact for item in low] == pytest.approx(
        [292.5 / 4 - 58.5, 255 / 4 - 58.5, 237.5 / 4 - 58.5]
    )
    assert low[0].review.critical_fail and low[0].low_criteria == ("Verifies identity", "Tone")
    assert low[1].low_criteria == ("Greets", "Tone")


def test_comments_on_low_ratings_and_failed_reviews_and_root_causes(db, data):
    with db.reader() as session:
        profile = agent_profile(session, data.agents["Dana"])
    comments = [(c.review.conversation, c.criterion, c.value, c.text) for c in profile.comments]
    assert comments == [  # newest review first; a review's own comment before its ratings'
        ("T-D4", "tone", "2", "Impatient again."),
        ("T-D3", "data_protection", "fail", "No verification before sharing the order."),
        ("T-D2", None, None, "Rushed."),
        ("T-D2", "tone", "3", "Curt reply."),
    ]  # D1's praise (passed) and D5's note on a full-marks rating are not there
    assert profile.comments[0].root_causes == ("impatient",)
    assert profile.comments[0].fraction == pytest.approx(0.25)
    causes = [(c.criterion, c.cause, c.count, c.review_ids) for c in profile.root_causes]
    assert causes == [
        ("tone", "impatient", 2, (data.reviews["D2"], data.reviews["D4"])),
        ("tone", "too formal", 1, (data.reviews["D3"],)),
    ]
    assert profile.root_causes[0].criterion_name == "Tone"


def test_a_period_without_reviews_and_an_unknown_agent(db, data):
    with db.reader() as session:
        empty = agent_profile(session, data.agents["Eve"], date(2025, 1, 1), date(2025, 1, 31))
        with pytest.raises(KeyError):
            agent_profile(session, 9999)
        listed = agents(session)
    assert empty.quality.reviews == 0 and empty.quality.iqs is None
    assert empty.criteria == [] and empty.low_reviews == [] and empty.vs_team is None
    assert [name for _, name in listed] == ["Dana", "Eve", "Omar"]


def test_calibration_reviews_and_drafts_never_count(db, data):
    with db.reader() as session:
        profile = agent_profile(session, data.agents["Dana"], rubric="test-rubric")
    # the calibration review of D1 rated everything at the bottom; counted, it would show
    assert profile.quality.reviews == 5
    assert sum(c.ratings for c in profile.criteria) == 14
