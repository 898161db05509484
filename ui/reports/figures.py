"""How the Reports page writes its numbers and colours its heat map, in one place: scores with one
decimal, intervals in brackets, changes with their sign, times as minutes and seconds, and the
heat map's colour scale (the scorecard workbook's: orange at 0, plain at the pass mark, sky blue at
100, from the colour-blind-safe palette)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from qa_desk.statistics import Difference
from ui import theme
from ui.analysis.plural import translate_count

BEHIND_ROLE = Qt.ItemDataRole.UserRole + 20
"""A cell's :class:`~ui.reports.drill_down.ReviewsBehind` (None: the cell opens nothing)."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 21
"""The value a column sorts by (numbers as numbers, a missing one below every other)."""
TREND_ROLE = Qt.ItemDataRole.UserRole + 22
"""A row's trend line: its IQS per period, oldest first (None for a period without reviews)."""
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
MISSING = float("-inf")
"""The sort value of an empty cell."""
PASS_MARK = 80.0
"""Where the heat map's scale turns from orange to blue: the rubrics' default pass threshold."""
FEW_REVIEWS = 10
WIDE_INTERVAL = 30.0
"""An interval over fewer than :data:`FEW_REVIEWS` reviews and wider than this many points is
marked as wide (muted, with a note), numbers kept: with four or five reviews the 95% interval of
an IQS often spans most of the scale."""


def wide_interval(reviews: int, low: float | None, high: float | None) -> bool:
    """Whether an interval stands on so few reviews that it is too wide to say much."""
    if low is None or high is None:
        return False
    return reviews < FEW_REVIEWS and high - low > WIDE_INTERVAL


def tr(text: str) -> str:
    return QCoreApplication.translate("Reports", text)


def trn(text: str, n: int) -> str:
    """``text`` with a count: ``%n`` (or ``%Ln``, with digit grouping) and ``noun(s)`` plurals."""
    return translate_count("Reports", text, n)


def number(value: float | None, decimals: int = 1) -> str:
    """A number in the user's locale; an en dash when there is none."""
    if value is None:
        return "–"
    return QLocale().toString(float(value), "f", decimals)


def count(value: int) -> str:
    """A whole number with the locale's digit grouping."""
    return QLocale().toString(int(value))


def day(value: date) -> str:
    """A day in the locale's short date format."""
    return QLocale().toString(
        QDate(value.year, value.month, value.day), QLocale.FormatType.ShortFormat
    )


def percent(share: float | None) -> str:
    """A share (0–1) as a percentage."""
    return "–" if share is None else f"{number(100.0 * share, 0)} %"


def interval(low: float | None, high: float | None) -> str:
    return "–" if low is None or high is None else f"{number(low)}–{number(high)}"


def signed_interval(low: float | None, high: float | None) -> str:
    """An interval of changes, each with its sign."""
    return (
        "–" if low is None or high is None else tr("{0} to {1}").format(signed(low), signed(high))
    )


def signed(value: float | None, decimals: int = 1) -> str:
    """A change with its sign (a true minus sign, so columns line up)."""
    if value is None:
        return "–"
    text = number(abs(value), decimals)
    if round(value, decimals) == 0:
        return f"±{text}"
    return f"+{text}" if value > 0 else f"−{text}"


def change_tooltip(change: Difference | None, what: str) -> str:
    if change is None:
        return tr("No reviews in one of the two periods: nothing to compare.")
    lines = [
        tr("{0}: {1} points").format(what, signed(change.value)),
        tr("{0} now, {1} in the period before").format(
            trn("%Ln review(s)", change.n), trn("%Ln review(s)", change.n_other)
        ),
    ]
    if change.low is not None and change.high is not None:
        lines.append(tr("95% interval {0} to {1}").format(signed(change.low), signed(change.high)))
        if change.low <= 0 <= change.high:
            lines.append(tr("The interval holds 0: this could be chance."))
    return "\n".join(lines)


def duration(seconds: float | None) -> str:
    """Seconds as ``m:ss`` (``h:mm:ss`` from an hour)."""
    if seconds is None:
        return "–"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _blend(low: QColor, high: QColor, share: float) -> QColor:
    share = min(1.0, max(0.0, share))
    return QColor.fromRgbF(
        low.redF() + (high.redF() - low.redF()) * share,
        low.greenF() + (high.greenF() - low.greenF()) * share,
        low.blueF() + (high.blueF() - low.blueF()) * share,
    )


def heat_color(score: float, pass_mark: float = PASS_MARK) -> QColor:
    """The heat map's fill for a score: orange at 0, the view's background at the pass mark, sky
    blue at 100 (a diverging scale readable with the common colour-vision deficiencies)."""
    base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    if score <= pass_mark:
        return _blend(QColor(theme.ORANGE), base, score / pass_mark if pass_mark else 1.0)
    return _blend(base, QColor(theme.SKY_BLUE), (score - pass_mark) / (100.0 - pass_mark))


def muted_color() -> QColor:
    """Text for figures with too few ratings to mean much."""
    return QGuiApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)


def text_on(fill: QColor) -> QColor:
    """Black or white, whichever reads better on ``fill``."""
    luminance = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF()
    return QColor("#000000") if luminance > 0.5 else QColor("#FFFFFF")
