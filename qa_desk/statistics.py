"""Small statistics the quality scores need: Student's t quantiles and the mean with its 95% interval.

Written here rather than pulling in SciPy for two functions; tested against published t tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache


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
