"""Agents × criteria (the heat map) on the hand-computed data set (tests/test_analytics_data.py)."""

from __future__ import annotations

from datetime import date

import pytest

from qa_desk.analytics import criteria_by_agent, quality_table
from tests.test_analytics_data import Ids, build


@pytest.fixture
def data(db, data_dir) -> Ids:
    return build(db, data_dir)


def test_cells_hold_score_n_and_whether_that_is_enough(db, data):
    with db.reader() as session:
        matrix = criteria_by_agent(session)
    assert [a.agent for a in matrix.agents] == ["Dana", "Eve", "Omar"]
    assert [a.team for a in matrix.agents] == ["Tier 1", "Tier 1", "Tier 2"]
    assert matrix.agents[0].quality.iqs == pytest.approx(58.5)
    assert [(c.info.rubric, c.info.criterion) for c in matrix.criteria] == [
        ("test-rubric", "greeting"), ("test-rubric", "tone"), ("test-rubric", "data_protection"),
    ]  # fmt: skip
    dana, eve, omar = (data.agents[n] for n in ("Dana", "Eve", "Omar"))
    tone = matrix.cell(dana, "test-rubric", "tone")
    assert (tone.ratings, tone.score, tone.enough) == (5, pytest.approx(70.0), True)
    assert tone.below_half == 1 and tone.below_top == 3 and tone.ci_low < 70 < tone.ci_high
    eve_tone = matrix.cell(eve, "test-rubric", "tone")  # 4, 5, 4 → .75, 1, .75
    assert (eve_tone.ratings, eve_tone.score, eve_tone.enough) == (3, pytest.approx(250 / 3), False)
    assert matrix.cell(omar, "test-rubric", "tone").ratings == 1  # O1 rated it N/A
    assert matrix.cell(omar, "test-rubric", "nothing") is None
    overall = matrix.criteria[1].overall  # Dana 3.5, Eve 2.5, Omar .25 over 9 ratings
    assert overall.ratings == 9 and overall.score == pytest.approx(625 / 9)
    critical = matrix.cell(dana, "test-rubric", "data_protection")
    assert (critical.ratings, critical.below_half) == (4, 1)
    assert matrix.criteria[2].info.critical and matrix.criteria[2].info.name == "Verifies identity"


def test_team_period_and_minimum(db, data):
    with db.reader() as session:
        tier_2 = criteria_by_agent(session, team_id=data.teams["Tier 2"])
        april = criteria_by_agent(session, date_from=date(2026, 4, 1), min_ratings=2)
    assert [a.agent for a in tier_2.agents] == ["Omar"]
    dana_tone = april.cell(data.agents["Dana"], "test-rubric", "tone")  # D4 2, D5 5
    assert (dana_tone.ratings, dana_tone.score, dana_tone.enough) == (2, 62.5, True)
    assert april.min_ratings == 2


def test_columns_agree_with_the_criterion_table(db, data):
    with db.reader() as session:
        table = {g.group: g for g in quality_table(session, "criterion")}
        matrix = criteria_by_agent(session)
    for column in matrix.criteria:
        row = table[column.info.criterion]
        assert column.overall.ratings == row.reviews
        assert column.overall.score == pytest.approx(row.iqs)
        assert column.overall.ci_high == pytest.approx(row.ci_high)
