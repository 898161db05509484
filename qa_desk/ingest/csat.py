"""Customer-satisfaction ratings from every help desk on one scale, 1 (worst) to 5 (best).

Help desks rate differently: Zendesk says ``good`` or ``bad``, Intercom gives 1–5 stars, Help Scout
``great`` / ``okay`` / ``not good``, Freshdesk surveys answer with codes from -103 to 103, other
tools 1–10 or a percentage. :func:`normalise` maps each to 1–5 (``good`` → 5, ``bad`` → 1, a
number on a ``low``–``high`` scale linearly); readers keep the value as exported in the
conversation's ``fields``, so nothing is lost by the mapping.
"""

from __future__ import annotations

import math
from typing import Any

WORDS = {
    "good": 5.0, "great": 5.0, "excellent": 5.0, "happy": 5.0, "satisfied": 5.0, "positive": 5.0,
    "okay": 3.0, "ok": 3.0, "neutral": 3.0, "average": 3.0,
    "bad": 1.0, "not good": 1.0, "poor": 1.0, "unhappy": 1.0, "unsatisfied": 1.0,
    "dissatisfied": 1.0, "negative": 1.0,
}  # fmt: skip
"""Rating words, as help desks write them, on the 1–5 scale."""
NOT_RATED = frozenset(("", "offered", "unoffered", "none", "null", "n/a", "na", "not rated"))
"""Values that mean no rating was given (Zendesk's ``offered``: asked, not answered)."""
FRESHDESK_CODES = {
    103: 5.0, 102: 4.33, 101: 3.67, 100: 3.0, -101: 2.33, -102: 1.67, -103: 1.0,
}  # fmt: skip
"""Freshdesk survey answers (extremely happy … extremely unhappy) on the 1–5 scale."""


class RatingError(ValueError):
    """A value that is not a satisfaction rating."""


def on_scale(value: float, low: float, high: float) -> float:
    """``value`` on a ``low``–``high`` scale as 1–5, rounded to two decimals."""
    if not low <= value <= high:
        raise RatingError(f"{value:g} is outside the {low:g}–{high:g} scale")
    return round(1 + (value - low) * 4 / (high - low), 2)


def guess_scale(value: float) -> tuple[float, float]:
    """The scale a bare number is most likely on: 1–5 up to 5, 1–10 up to 10, else a percentage."""
    if value < 0:
        raise RatingError(f"{value:g} is not a rating (negative)")
    if value <= 5:
        return (min(1.0, value), 5.0)
    if value <= 10:
        return (1.0, 10.0)
    if value <= 100:
        return (0.0, 100.0)
    raise RatingError(f"{value:g} is not a rating (more than 100)")


def normalise(value: Any, scale: tuple[float, float] | None = None) -> float | None:
    """``value`` on the 1–5 scale; None when it says no rating was given.

    ``value`` may be a word (:data:`WORDS`), a number, or a number written as text; ``scale`` is
    the (lowest, highest) of the source's numbers, guessed from the number when None
    (:func:`guess_scale`). Raises :class:`RatingError` for anything else.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise RatingError(f"{value!r} is not a rating")
    if isinstance(value, str):
        word = " ".join(value.strip().lower().replace("_", " ").split())
        if word in NOT_RATED:
            return None
        if word in WORDS:
            return WORDS[word]
        try:
            number = float(word)
        except ValueError:
            raise RatingError(
                f"'{value}' is not a rating (a number, or a word such as good or bad)"
            ) from None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        raise RatingError(f"{value!r} is not a rating")
    if not math.isfinite(number):
        raise RatingError(f"{value!r} is not a rating")
    low, high = scale or guess_scale(number)
    return on_scale(number, low, high)


def freshdesk(value: Any) -> float | None:
    """A Freshdesk survey answer (103 … -103), or a plain rating, on the 1–5 scale."""
    if type(value) is int and value in FRESHDESK_CODES:
        return FRESHDESK_CODES[value]
    return normalise(value)
