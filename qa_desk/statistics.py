"""Small statistics the quality scores need: Student's t quantiles, the mean with its 95% interval,
the difference of two means (Welch), and Pearson's and Spearman's correlation with Fisher's interval.

Written here rather than pulling in SciPy for a few functions; tested against published tables and
values computed by hand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction for the regularized incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 3e-16:
            break
    return h


def regularized_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b), the regularized incomplete beta function."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _betacf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T ≤ t) for Student's t with ``df`` degrees of freedom."""
    x = df / (df + t * t)
    tail = 0.5 * regularized_beta(df / 2.0, 0.5, x)
    return 1.0 - tail if t > 0 else tail


@lru_cache(maxsize=4096)
def t_quantile(p: float, df: int) -> float:
    """The t value below which a fraction ``p`` (0.5 < p < 1) of Student's t(df) lies."""
    if not 0.5 < p < 1.0:
        raise ValueError("p must be between 0.5 and 1")
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2.0
    for _ in range(200):
        mid = (low + high) / 2.0
        if t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
        if high - low < 1e-12:
            break
    return (low + high) / 2.0


@dataclass(frozen=True)
class MeanWithInterval:
    """A mean with its 95% confidence interval.

    ``low``/``high`` are None when there are fewer than two values (no spread to estimate); the
    interval is clipped to ``bounds``.
    """

    n: int
    mean: float | None
    low: float | None
    high: float | None


def mean_interval(
    n: int,
    total: float,
    total_squares: float,
    bounds: tuple[float, float] = (0.0, 100.0),
    confidence: float = 0.95,
) -> MeanWithInterval:
    """The mean of ``n`` values from their sum and sum of squares, with a t-based interval."""
    if n == 0:
        return MeanWithInterval(0, None, None, None)
    mean = total / n
    if n < 2:
        return MeanWithInterval(n, mean, None, None)
    variance = max(0.0, (total_squares - n * mean * mean) / (n - 1))
    half = t_quantile(0.5 + confidence / 2.0, n - 1) * math.sqrt(variance / n)
    return MeanWithInterval(n, mean, max(bounds[0], mean - half), min(bounds[1], mean + half))


def normal_quantile(p: float) -> float:
    """The value below which a fraction ``p`` (0 < p < 1) of the standard normal lies."""
    return NormalDist().inv_cdf(p)


@dataclass(frozen=True)
class Difference:
    """A difference between two means (``value`` = this − other) with its 95% interval.

    ``n`` and ``n_other`` are the numbers of values behind each side; ``low``/``high`` are None
    when either side has fewer than two values.
    """

    value: float
    low: float | None
    high: float | None
    n: int
    n_other: int

    @property
    def could_be_chance(self) -> bool:
        """Whether the difference may be chance: its interval holds 0, or there are too few
        values for one."""
        return self.low is None or self.high is None or self.low <= 0 <= self.high


def difference_interval(
    this: tuple[int, float, float],
    other: tuple[int, float, float],
    factor: float = 1.0,
    confidence: float = 0.95,
    bounds: tuple[float, float] = (-100.0, 100.0),
) -> Difference | None:
    """The difference of two independent means from ``(n, sum, sum of squares)`` each, with
    Welch's interval (unequal variances; degrees of freedom by Welch–Satterthwaite, rounded
    down). ``factor`` scales the difference and its interval (see
    :func:`difference_from_whole`). The interval is clipped to ``bounds``, the differences that
    can be (two scores in percent differ by at most 100 points). None when a side has no
    values."""
    n1, total1, squares1 = this
    n2, total2, squares2 = other
    if n1 == 0 or n2 == 0:
        return None
    mean1, mean2 = total1 / n1, total2 / n2
    value = factor * (mean1 - mean2)
    if n1 < 2 or n2 < 2:
        return Difference(value, None, None, n1, n2)
    part1 = max(0.0, (squares1 - n1 * mean1 * mean1) / (n1 - 1)) / n1
    part2 = max(0.0, (squares2 - n2 * mean2 * mean2) / (n2 - 1)) / n2
    spread = math.sqrt(part1 + part2)
    if spread == 0.0:
        return Difference(value, value, value, n1, n2)
    df = (part1 + part2) ** 2 / (part1**2 / (n1 - 1) + part2**2 / (n2 - 1))
    half = abs(factor) * t_quantile(0.5 + confidence / 2.0, max(1, int(df))) * spread
    return Difference(value, max(bounds[0], value - half), min(bounds[1], value + half), n1, n2)


def difference_from_whole(
    part: tuple[int, float, float], whole: tuple[int, float, float]
) -> Difference | None:
    """The mean of ``part`` minus the mean of ``whole``, where ``whole`` includes ``part`` (an
    agent against their team, the agent included), with a valid interval: with r the rest of
    the whole, mean(part) − mean(whole) = n_r / n_whole × (mean(part) − mean(r)), two
    independent means. ``n_other`` is the size of the whole."""
    part_n = part[0]
    if part_n == 0 or whole[0] == 0:
        return None
    rest = (whole[0] - part_n, whole[1] - part[1], whole[2] - part[2])
    if rest[0] == 0:  # the whole is the part
        return Difference(0.0, None, None, part_n, whole[0])
    found = difference_interval(part, rest, factor=rest[0] / whole[0])
    assert found is not None
    return Difference(found.value, found.low, found.high, part_n, whole[0])


@dataclass(frozen=True)
class Correlation:
    """A correlation coefficient over ``n`` pairs with its 95% interval (Fisher's z).

    ``value`` is None with fewer than three pairs or when either side does not vary; ``low`` and
    ``high`` are None with fewer than four pairs.
    """

    n: int
    value: float | None
    low: float | None
    high: float | None


def _pearson_value(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    import numpy as np  # here, not at the top: the command line starts faster without it

    if len(xs) < 3:
        return None
    x = np.asarray(xs, dtype=float) - np.mean(xs)
    y = np.asarray(ys, dtype=float) - np.mean(ys)
    spread = math.sqrt(float(x @ x)) * math.sqrt(float(y @ y))
    if not spread > 0.0:
        return None
    r = float(x @ y) / spread
    return max(-1.0, min(1.0, r)) if math.isfinite(r) else None


def _fisher(n: int, r: float | None, variance: float, confidence: float) -> Correlation:
    if r is None or n < 4:
        return Correlation(n, r, None, None)
    z = math.atanh(max(-0.999999999, min(0.999999999, r)))
    half = normal_quantile(0.5 + confidence / 2.0) * math.sqrt(variance / (n - 3))
    return Correlation(n, r, math.tanh(z - half), math.tanh(z + half))


def pearson(xs: Sequence[float], ys: Sequence[float], confidence: float = 0.95) -> Correlation:
    """Pearson's r with the Fisher z interval (standard error 1/√(n−3))."""
    return _fisher(len(xs), _pearson_value(xs, ys), 1.0, confidence)


def average_ranks(values: Sequence[float]) -> list[float]:
    """Ranks 1..n of ``values``, ties sharing the mean of the ranks they span."""
    import numpy as np

    array = np.asarray(values, dtype=float)
    order = np.argsort(array, kind="stable")
    ordered = array[order]
    starts = np.concatenate(([0], np.flatnonzero(np.diff(ordered)) + 1))
    ends = np.concatenate((starts[1:], [len(array)]))
    ranks = np.empty(len(array))
    ranks[order] = np.repeat((starts + ends + 1) / 2.0, ends - starts)
    return [float(r) for r in ranks]


def spearman(xs: Sequence[float], ys: Sequence[float], confidence: float = 0.95) -> Correlation:
    """Spearman's ρ (Pearson's r of the average ranks, so ties are handled) with the Fisher z
    interval using the standard error √(1.06/(n−3)) of Fieller, Hartley and Pearson (1957)."""
    r = _pearson_value(average_ranks(xs), average_ranks(ys))
    return _fisher(len(xs), r, 1.06, confidence)
