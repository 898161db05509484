"""The agent's figures at a glance: IQS with its 95% interval and n, pass rate, critical fails,
and the change against the previous period and against the team (with a sign and an arrow, never
colour alone)."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from qa_desk.analytics import AgentProfile
from qa_desk.statistics import Difference
from ui import theme
from ui.analysis.plural import plural
from ui.reports.figures import wide_interval

CARDS = ("iqs", "pass_rate", "critical", "change", "vs_team")


def number(value: float, digits: int = 1) -> str:
    return QLocale().toString(float(value), "f", digits)


def signed(value: float) -> str:
    """``+4.2`` or ``−3.1`` (a true minus sign), as the locale writes the number."""
    text = number(abs(value))
    if round(value, 1) == 0:
        return text
    return ("+" if value > 0 else "−") + text


class Card(QFrame):
    """One figure: a caption, the value in large type, and a line of detail under it."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption = QLabel(caption)
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.value = QLabel("–")
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.value.setFont(font)
        self.detail = QLabel()
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        self.detail.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(1)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        self._default = self.value.palette()

    def set_figure(self, value: str, detail: str, colour: str | None = None) -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        palette = self.value.palette() if colour else self._default
        if colour:
            palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
        self.value.setPalette(palette)


class SummaryView(QWidget):
    """A row of cards (see :data:`CARDS`), each in ``cards`` by key."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        captions = {
            "iqs": self.tr("Quality score (IQS)"),
            "pass_rate": self.tr("Pass rate"),
            "critical": self.tr("Critical fails"),
            "change": self.tr("Against the previous period"),
            "vs_team": self.tr("Against the team"),
        }
        self.cards = {key: Card(captions[key]) for key in CARDS}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for key in CARDS:
            layout.addWidget(self.cards[key], 3 if key in ("iqs", "vs_team", "change") else 2)
        self.show_profile(None)

    def text(self, key: str) -> str:
        """The value and the detail line of a card, as the user reads them."""
        card = self.cards[key]
        return f"{card.value.text()} {card.detail.text()}"

    def show_profile(self, profile: AgentProfile | None) -> None:
        cards = self.cards
        quality = profile.quality if profile else None
        if quality is None or quality.iqs is None:
            for card in cards.values():
                card.set_figure("–", "")
            if profile is not None:
                cards["iqs"].set_figure("–", self.tr("no scored reviews (n = 0)"))
            return
        interval = (
            self.tr("95% CI {0}–{1}").format(number(quality.ci_low), number(quality.ci_high))
            if quality.ci_low is not None and quality.ci_high is not None
            else self.tr("too few reviews for an interval")
        )
        if wide_interval(quality.reviews, quality.ci_low, quality.ci_high):
            interval += "\n" + self.tr("few reviews: the interval is wide")
        cards["iqs"].set_figure(
            self.tr("{0} %").format(number(quality.iqs)),
            self.tr("n = {1}\n{0}").format(
                interval, plural(self.tr("%n review(s)", "", quality.reviews), quality.reviews)
            ),
        )
        passed = round((quality.pass_rate or 0.0) * quality.reviews)
        cards["pass_rate"].set_figure(
            self.tr("{0} %").format(number((quality.pass_rate or 0.0) * 100, 0)),
            self.tr("{0} of {1} passed").format(passed, quality.reviews),
        )
        fails = quality.critical_fails
        cards["critical"].set_figure(
            str(fails),
            self.tr("failed a critical criterion") if fails else self.tr("none"),
            theme.CRITICAL if fails else None,
        )
        assert profile is not None
        previous = profile.previous
        if previous is not None and previous.iqs is not None and profile.change is not None:
            self._difference(
                cards["change"],
                profile.change,
                self.tr("before: {0} % (n = {1})").format(number(previous.iqs), previous.reviews),
            )
        else:
            cards["change"].set_figure("–", self.tr("no scored reviews in the period before"))
        if profile.previous_from is not None and profile.previous_to is not None:
            short = QLocale.FormatType.ShortFormat
            cards["change"].setToolTip(
                self.tr("The period before: {0} to {1}").format(
                    QLocale().toString(QDate(profile.previous_from), short),
                    QLocale().toString(QDate(profile.previous_to), short),
                )
            )
        team = profile.team_quality
        if team is not None and team.iqs is not None and profile.vs_team is not None:
            self._difference(
                cards["vs_team"],
                profile.vs_team,
                self.tr("{0} {1} % (n = {2})").format(profile.team, number(team.iqs), team.reviews),
            )
        else:
            cards["vs_team"].set_figure("–", self.tr("no team to compare with"))

    def _difference(self, card: Card, difference: Difference, other: str) -> None:
        value = difference.value
        arrow = "▲" if value > 0.05 else "▼" if value < -0.05 else "="
        text = self.tr("{0} {1} pts").format(arrow, signed(value))
        significant = (
            difference.low is not None
            and difference.high is not None
            and (difference.low > 0 or difference.high < 0)
        )
        colour = (theme.PASS if value > 0 else theme.FAIL) if significant else None
        detail = other
        if difference.low is not None and difference.high is not None:
            detail += "\n" + self.tr("95% CI {0} to {1}").format(
                signed(difference.low), signed(difference.high)
            )
            if not significant:
                detail += "\n" + self.tr("could be chance")
        card.set_figure(text, detail, colour)
