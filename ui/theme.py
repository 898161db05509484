"""Colours and icons, from one place: a colour-blind-safe palette (Okabe–Ito) and one icon family
(Material Design Icons through qtawesome) tinted to follow the light or dark scheme."""

from __future__ import annotations

import os

os.environ.setdefault("QT_API", "pyside6")

import qtawesome
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette

# Okabe–Ito: distinguishable with the common colour-vision deficiencies
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"

PASS = BLUISH_GREEN
FAIL = VERMILLION
CRITICAL = VERMILLION
NEUTRAL = SKY_BLUE


def is_dark() -> bool:
    """Whether the window follows a dark colour scheme."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hints is not None else Qt.ColorScheme.Unknown
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def text_color() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.WindowText)


def icon(name: str, color: str | None = None) -> QIcon:
    """A Material Design icon (``mdi6.<name>``) in the text colour, or in ``color``."""
    return qtawesome.icon(f"mdi6.{name}", color=color or text_color().name())


def score_color(score: float | None, threshold: float) -> str:
    """The colour of a review score: green at or over the pass threshold, vermillion under it."""
    if score is None:
        return NEUTRAL
    return PASS if score >= threshold else FAIL
