"""CSAT against the quality score on the hand-computed data set (tests/test_analytics_data.py).

Nine conversations have both (O1 has no CSAT): (CSAT, score) D1 (5, 100), D2 (2, 37.5), D3 (4, 0),
D4 (3, 55), D5 (1, 100), E1 (3, 85), E2 (5, 100), E3 (4, 65), O2 (2, 55). Average ranks of CSAT:
D5 1, D2 O2 2.5, D4 E1 4.5, D3 E3 6.5, D1 E2 8.5; of the score: D3 1, D2 2, D4 O2 3.5, E3 5, E1 6,
D1 D5 E2 8. Gaps (rank difference / 9): D3 +5.5/9, D5 −7/9, every other within ±1.5/9.
"""

from __future__ import annotations

import math

import pytest

from qa_desk.analytics import csat_vs_quality
from tests.test_analytics_data import Ids, build

CSAT = [5, 2, 4, 3, 1, 3, 5, 4, 2]
SCORE = [100, 37.5, 0, 55, 100, 85, 100, 65, 55]


@pytest.fixture
def data(db, data_dir) -> Ids:
    return build(db, data_dir)


def pearson_by_hand(xs: list[float], ys: list[float]) -> float:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy)


def test_correlations_with_n_and_interval(db, data):
    with db.reader() as session:
        found = csat_vs_quality(session)
    r = pearson_by_hand(CSAT, SCORE)
    assert found.pairs == 9 and found.pearson.n == 9
    assert found.pearson.value == pytest.approx(r)
    half = 1.959964 / math.sqrt(6)
    assert found.pearson.low == pytest.approx(math.tanh(math.atanh(r) - half), abs=1e-5)
    csat_ranks = [8.5, 2.5, 6.5, 4.5, 1, 4.5, 8.5, 6.5, 2.5]
    score_ranks = [8, 2, 1, 3.5, 8, 6, 8, 5, 3.5]
    rho = pearson_by_hand(csat_ranks, score_ranks)
    assert found.spearman.value == pytest.approx(rho)
    half = 1.959964 * math.sqrt(1.06 / 6)
    assert found.spearman.high == pytest.approx(math.tanh(math.atanh(rho) + half), abs=1e-5)


def test_conversations_where_csat_and_quality_disagree_most(db, data):
    with db.reader() as session:
        found = csat_vs_quality(session)
        looser = csat_vs_quality(session, min_gap=1.5 / 9 - 1e-9, limit=2)
    (happy,) = found.high_csat_low_quality
    assert (happy.conversation, happy.csat, happy.quality) == ("T-D3", 4.0, 0.0)
    assert happy.review_ids == (data.reviews["D3"],) and happy.agent == "Dana"
    assert happy.csat_rank == pytest.approx(6 / 9) and happy.quality_rank == pytest.approx(0.5 / 9)
    assert happy.gap == pytest.approx(5.5 / 9) and happy.source == "test"
    (unhappy,) = found.low_csat_high_quality
    assert (unhappy.conversation, unhappy.csat, unhappy.quality) == ("T-D5", 1.0, 100.0)
    assert unhappy.gap == pytest.approx(-7 / 9)
    assert [p.conversation for p in looser.high_csat_low_quality] == ["T-D3", "T-E3"]
    assert [p.conversation for p in looser.low_csat_high_quality] == ["T-D5", "T-E1"]


def test_selection_and_too_few_pairs(db, data):
    with db.reader() as session:
        omar = csat_vs_quality(session, agent_id=data.agents["Omar"])
        email = csat_vs_quality(session, channel="email")
        tier_1 = csat_vs_quality(session, team_id=data.teams["Tier 1"])
    assert omar.pairs == 1 and omar.pearson.value is None and omar.spearman.low is None
    assert omar.high_csat_low_quality == [] and omar.low_csat_high_quality == []
    assert email.pairs == 0  # O1, the only e-mail, has no CSAT
    assert tier_1.pairs == 8
