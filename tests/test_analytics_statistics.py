"""Differences of means (Welch), the part-of-a-whole difference, and correlations with Fisher's
interval, against values worked out by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa_desk.statistics import (
    average_ranks,
    difference_from_whole,
    difference_interval,
    normal_quantile,
    pearson,
    spearman,
)


def moments(values: list[float]) -> tuple[int, float, float]:
    return len(values), sum(values), sum(v * v for v in values)


def test_welch_difference_of_two_small_groups():
    # variances 1 and 1, n 3 and 3: standard error √(2/3), Welch df = 4, t(0.975, 4) = 2.776
    found = difference_interval(moments([1, 2, 3]), moments([4, 5, 6]))
    half = 2.776445 * math.sqrt(2 / 3)
    assert found.value == pytest.approx(-3.0)
    assert (found.low, found.high) == pytest.approx((-3 - half, -3 + half), abs=1e-4)
    assert (found.n, found.n_other) == (3, 3)


def test_welch_with_unequal_variances_uses_satterthwaite_degrees_of_freedom():
    a, b = [10.0, 20.0, 30.0, 40.0], [24.0, 25.0, 26.0]  # variances 166.67 and 1
    va, vb = 500 / 3 / 4, 1 / 3
    df = (va + vb) ** 2 / (va**2 / 3 + vb**2 / 2)  # 3.02 → 3 degrees of freedom
    assert int(df) == 3
    found = difference_interval(moments(a), moments(b))
    half = 3.182446 * math.sqrt(va + vb)
    assert found.value == pytest.approx(0.0)
    assert found.high == pytest.approx(half, abs=1e-4)


def test_difference_needs_values_on_both_sides_and_two_for_an_interval():
    assert difference_interval(moments([]), moments([1, 2])) is None
    one = difference_interval(moments([5]), moments([1, 2]))
    assert one.value == pytest.approx(3.5) and one.low is None and one.high is None
    same = difference_interval(moments([2, 2]), moments([1, 1]))
    assert (same.value, same.low, same.high) == (1.0, 1.0, 1.0)


def test_a_difference_of_two_scores_never_reaches_past_100_points():
    # four scores spread over 0–100 against a steady 90: Welch's interval alone runs below −100
    found = difference_interval(moments([0, 100, 0, 66.7]), moments([90, 95, 85, 92, 88]))
    assert found.value == pytest.approx(41.675 - 90)
    assert found.low == -100.0 and -100.0 < found.high < 100.0
    unbounded = difference_interval(
        moments([0, 100, 0, 66.7]), moments([90, 95, 85, 92, 88]), bounds=(-1e9, 1e9)
    )
    assert unbounded.low < -100.0 and unbounded.high == found.high


def test_a_difference_could_be_chance_when_its_interval_holds_zero_or_is_missing():
    clear = difference_interval(moments([90, 92, 91, 93]), moments([50, 52, 51, 49]))
    assert clear.low > 0 and not clear.could_be_chance
    unclear = difference_interval(moments([0, 100, 50]), moments([40, 60, 50]))
    assert unclear.low < 0 < unclear.high and unclear.could_be_chance
    assert difference_interval(moments([90]), moments([50, 52])).could_be_chance  # no interval


def test_part_against_the_whole_it_belongs_to():
    # part 1,2,3 (mean 2) of whole 1..6 (mean 3.5): −1.5 = 3/6 × (2 − 5), interval halved too
    found = difference_from_whole(moments([1, 2, 3]), moments([1, 2, 3, 4, 5, 6]))
    half = 0.5 * 2.776445 * math.sqrt(2 / 3)
    assert found.value == pytest.approx(-1.5)
    assert (found.low, found.high) == pytest.approx((-1.5 - half, -1.5 + half), abs=1e-4)
    assert (found.n, found.n_other) == (3, 6)
    whole = difference_from_whole(moments([1, 2]), moments([1, 2]))
    assert whole.value == 0.0 and whole.low is None


def test_pearson_of_a_textbook_example_with_fisher_interval():
    found = pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])
    assert found.value == pytest.approx(6 / math.sqrt(60))
    z, half = math.atanh(6 / math.sqrt(60)), 1.959964 / math.sqrt(2)
    assert found.low == pytest.approx(math.tanh(z - half), abs=1e-5)
    assert found.high == pytest.approx(math.tanh(z + half), abs=1e-5)
    assert found.n == 5


def test_spearman_ranks_ties_by_their_mean_rank():
    assert average_ranks([5, 6, 7, 8, 7]) == [1, 2, 3.5, 5, 3.5]
    found = spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])
    assert found.value == pytest.approx(8 / math.sqrt(10 * 9.5))
    z, half = math.atanh(found.value), 1.959964 * math.sqrt(1.06 / 2)
    assert found.low == pytest.approx(math.tanh(z - half), abs=1e-5)


def test_correlation_needs_pairs_and_spread():
    assert pearson([1, 2], [1, 2]).value is None
    assert pearson([1, 1, 1, 1], [1, 2, 3, 4]).value is None
    three = spearman([1, 2, 3], [3, 2, 1])
    assert three.value == pytest.approx(-1.0) and three.low is None
    assert normal_quantile(0.975) == pytest.approx(1.959964, abs=1e-6)


@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0, 100)), min_size=4, max_size=40))
def test_correlations_stay_between_minus_one_and_one(pairs):
    xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    for found in (pearson(xs, ys), spearman(xs, ys)):
        if found.value is not None:
            assert -1 <= found.low <= found.value + 1e-9
            assert found.value - 1e-9 <= found.high <= 1
