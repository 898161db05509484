"""Reviewers' work and severity on the hand-computed data set (tests/test_analytics_data.py).

Severity by month: Dana in March, Rita 100 and 37.5 against Sam's 0 (+100, +37.5), Sam's 0 against
Rita's mean 68.75 (−68.75); Dana in April, Rita 100 against Sam's 55 (+45) and back (−45); Eve in
March, Rita 85 against Sam's 100 (−15) and back (+15). Eve in April and Omar have one reviewer a
month: no comparison. Rita: (100 + 37.5 + 45 − 15) / 4; Sam: (−68.75 − 45 + 15) / 3.
"""

from __future__ import annotations

from datetime import date

import pytest

from qa_desk.analytics import reviewer_stats
from qa_desk.statistics import mean_interval
from tests.test_analytics_data import Ids, build


@pytest.fixture
def data(db, data_dir) -> Ids:
    return build(db, data_dir)


def interval(values: list[float]):
    return mean_interval(len(values), sum(values), sum(v * v for v in values), (-100, 100))


def test_reviews_median_time_and_scores_given(db, data):
    with db.reader() as session:
        rita, sam = reviewer_stats(session)
    assert (rita.reviewer, rita.reviewer_id) == ("Rita", data.reviewers["Rita"])
    assert (rita.reviews, sam.reviews) == (5, 5)  # the calibration review and the draft: no
    assert (rita.timed_reviews, rita.median_seconds) == (4, pytest.approx(275.0))  # 100 250 300 500
    assert (sam.timed_reviews, sam.median_seconds) == (5, pytest.approx(350.0))
    assert rita.given.iqs == pytest.approx(75.5) and sam.given.iqs == pytest.approx(64.0)
    assert sam.given.critical_fails == 1


def test_severity_against_other_reviewers_of_the_same_agent_and_month(db, data):
    with db.reader() as session:
        rita, sam = reviewer_stats(session)
    expected = interval([100, 37.5, 45, -15])
    assert rita.compared == 4 and rita.severity.n == 4
    assert rita.severity.mean == pytest.approx(expected.mean)
    assert (rita.severity.low, rita.severity.high) == pytest.approx((expected.low, expected.high))
    assert rita.own_mean == pytest.approx(322.5 / 4) and rita.others_mean == pytest.approx(155 / 4)
    assert sam.severity.mean == pytest.approx(-98.75 / 3) and sam.compared == 3
    assert sam.severity.low == pytest.approx(interval([-68.75, -45, 15]).low)


def test_severity_over_the_whole_selection(db, data):
    # Dana: Rita 100, 37.5, 100 against Sam's mean 27.5, Sam 0, 55 against 79.17; Eve: Rita 85
    # against 82.5, Sam 100 and 65 against 85; Omar: Rita 55 against 100 and back
    with db.reader() as session:
        rita, sam = reviewer_stats(session, period=None)
    assert rita.severity.mean == pytest.approx((72.5 + 10 + 72.5 + 2.5 - 45) / 5)
    assert sam.severity.mean == pytest.approx((-79.1667 - 24.1667 + 15 - 20 + 45) / 5, abs=1e-3)


def test_selection_by_team_and_period(db, data):
    with db.reader() as session:
        tier_2 = reviewer_stats(session, team_id=data.teams["Tier 2"])
        april = reviewer_stats(session, date_from=date(2026, 4, 1), period="week")
    assert [(r.reviewer, r.reviews, r.compared) for r in tier_2] == [("Rita", 1, 0), ("Sam", 1, 0)]
    assert tier_2[0].severity.mean is None and tier_2[0].others_mean is None
    assert tier_2[0].median_seconds is None and tier_2[1].median_seconds == 600
    # April, ISO week 15: Dana's D4 (Sam) and D5 (Rita) are the only comparison
    assert {r.reviewer: r.severity.mean for r in april} == {"Rita": 45.0, "Sam": -45.0}
