"""Week and month series: figures per period, empty periods kept, change against the previous period
and an agent against their team, on the hand-computed data set (tests/test_analytics_data.py)."""

from __future__ import annotations

from datetime import date

import pytest

from qa_desk.analytics import quality_table, reviews_behind, trend, trends_by
from qa_desk.statistics import difference_from_whole, difference_interval
from tests.test_analytics_data import SCORES, Ids, build


@pytest.fixture
def data(db, data_dir) -> Ids:
    return build(db, data_dir)


def moments(labels: list[str]) -> tuple[int, float, float]:
    values = [SCORES[label] for label in labels]
    return len(values), sum(values), sum(v * v for v in values)


def test_agent_month_series_with_change_and_team(db, data):
    with db.reader() as session:
        series = trend(session, "month", agent_id=data.agents["Dana"])
    assert (series.subject, series.key, series.team) == ("Dana", data.agents["Dana"], "Tier 1")
    march, april = series.points
    assert (march.period, march.start, march.end) == (
        "2026-03",
        date(2026, 3, 1),
        date(2026, 3, 31),
    )
    assert march.stats.reviews == 3 and march.stats.iqs == pytest.approx(137.5 / 3)
    assert march.stats.critical_fails == 1 and march.stats.pass_rate == pytest.approx(1 / 3)
    assert april.stats.reviews == 2 and april.stats.iqs == pytest.approx(77.5)
    assert march.change is None
    expected = difference_interval(moments(["D4", "D5"]), moments(["D1", "D2", "D3"]))
    assert april.change.value == pytest.approx(77.5 - 137.5 / 3)
    assert (april.change.low, april.change.high) == pytest.approx((expected.low, expected.high))
    assert (april.change.n, april.change.n_other) == (2, 3)
    # Tier 1 in March: D1, D2, D3, E1, E2 → 322.5 / 5
    assert march.team.reviews == 5 and march.team.iqs == pytest.approx(64.5)
    assert march.vs_team.value == pytest.approx(137.5 / 3 - 64.5)
    assert (march.vs_team.n, march.vs_team.n_other) == (3, 5)
    whole = difference_from_whole(
        moments(["D1", "D2", "D3"]), moments(["D1", "D2", "D3", "E1", "E2"])
    )
    assert march.vs_team.low == pytest.approx(whole.low)
    assert april.team.iqs == pytest.approx(220 / 3)


def test_weeks_keep_empty_periods_and_a_change_needs_both(db, data):
    with db.reader() as session:
        series = trend(session, "week")
    assert series.subject == "everyone" and series.key is None
    assert [p.period for p in series.points] == [
        "2026-W10", "2026-W11", "2026-W12", "2026-W13", "2026-W14", "2026-W15",
    ]  # fmt: skip
    # W10 (Mon 2 – Sun 8 Mar): D1 D2 E1 O1; W11: D3 E2; W15 (6 – 12 Apr): D4 D5 E3 O2
    assert [p.stats.reviews for p in series.points] == [4, 2, 0, 0, 0, 4]
    w10 = series.points[0]
    assert w10.start == date(2026, 3, 2) and w10.end == date(2026, 3, 8)
    assert series.points[2].stats.iqs is None and series.points[2].change is None
    assert series.points[5].change is None  # the week before had no reviews
    assert series.points[1].change.value == pytest.approx(
        series.points[1].stats.iqs - series.points[0].stats.iqs
    )


def test_dates_cut_the_series_and_the_points(db, data):
    with db.reader() as session:
        series = trend(
            session, "month", team_id=data.teams["Tier 1"], date_from=date(2026, 3, 4),
            date_to=date(2026, 5, 10),
        )  # fmt: skip
    assert [p.period for p in series.points] == ["2026-03", "2026-04", "2026-05"]
    assert series.points[0].start == date(2026, 3, 4)  # D1, D2 before it
    assert series.points[0].stats.reviews == 3  # D3, E1, E2
    assert series.points[2].end == date(2026, 5, 10) and series.points[2].stats.reviews == 0
    assert series.subject == "Tier 1" and series.team is None and series.points[0].vs_team is None


def test_a_point_traces_back_to_its_reviews(db, data):
    with db.reader() as session:
        april = trend(session, "month", agent_id=data.agents["Dana"]).points[1]
        refs = reviews_behind(
            session, agent_id=data.agents["Dana"], date_from=april.start, date_to=april.end
        )
    assert [r.conversation for r in refs] == ["T-D4", "T-D5"]
    assert [r.review_id for r in refs] == [data.reviews["D4"], data.reviews["D5"]]
    assert [r.score for r in refs] == [55.0, 100.0] and refs[0].reviewer == "Sam"
    assert refs[0].agent == "Dana" and refs[0].rubric == "test-rubric" and refs[0].source == "test"


def test_series_per_agent_share_the_periods_and_compare_with_the_team(db, data):
    with db.reader() as session:
        series = trends_by(session, "agent", "month")
        teams = trends_by(session, "team", "month")
        reviewers = trends_by(session, "reviewer", "week", date_from=date(2026, 4, 1))
    assert [t.subject for t in series] == ["Dana", "Eve", "Omar"]
    dana, eve, omar = series
    assert [p.period for p in eve.points] == ["2026-03", "2026-04"]
    assert dana.points[0].vs_team.value == pytest.approx(137.5 / 3 - 64.5)
    assert omar.team == "Tier 2" and omar.points[0].vs_team.value == 0.0  # alone in the team
    assert eve.points[1].stats.iqs == pytest.approx(65.0) and eve.points[1].team.reviews == 3
    assert [(t.subject, [p.stats.reviews for p in t.points]) for t in teams] == [
        ("Tier 1", [5, 3]), ("Tier 2", [1, 1]),
    ]  # fmt: skip
    assert [t.subject for t in reviewers] == ["Rita", "Sam"]
    assert [p.period for p in reviewers[0].points] == ["2026-W14", "2026-W15"]
    assert reviewers[0].points[0].start == date(2026, 4, 1)
    with pytest.raises(ValueError, match="cannot group by"):
        trends_by(session, "criterion")


def test_trend_totals_agree_with_the_quality_table(db, data):
    with db.reader() as session:
        months = {g.group: g for g in quality_table(session, "month")}
        series = trend(session, "month")
    for point in series.points:
        assert point.stats.reviews == months[point.period].reviews
        assert point.stats.iqs == pytest.approx(months[point.period].iqs)
        assert point.stats.ci_low == pytest.approx(months[point.period].ci_low)
