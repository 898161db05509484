"""Student's t quantiles against published tables, and the mean's 95% interval."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa_desk.statistics import mean_interval, t_quantile


@pytest.mark.parametrize(
    ("df", "expected"),
    [(1, 12.706), (2, 4.303), (4, 2.776), (9, 2.262), (19, 2.093), (29, 2.045), (120, 1.980)],
)
def test_t_quantiles_match_the_table(df, expected):
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=5e-4)


def test_interval_of_known_values():
    values = [60.0, 80.0, 100.0, 90.0, 70.0]
    result = mean_interval(len(values), sum(values), sum(v * v for v in values))
    sd = math.sqrt(sum((v - 80) ** 2 for v in values) / 4)
    half = 2.776445 * sd / math.sqrt(5)
    assert result.mean == 80
    assert result.low == pytest.approx(80 - half, abs=1e-3)
    assert result.high == pytest.approx(min(100, 80 + half), abs=1e-3)


def test_one_review_has_no_interval_and_none_has_no_mean():
    assert mean_interval(1, 90, 8100).low is None
    assert mean_interval(0, 0, 0).mean is None


@given(st.lists(st.floats(min_value=0, max_value=100), min_size=2, max_size=60))
def test_interval_contains_the_mean_and_stays_within_0_100(values):
    result = mean_interval(len(values), sum(values), sum(v * v for v in values))
    assert 0 <= result.low <= result.mean + 1e-9
    assert result.mean - 1e-9 <= result.high <= 100
