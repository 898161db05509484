"""The reviewer statistics of the Reports page: per reviewer the reviews done, the median time per
review, the mean score given, and how that compares with what the other reviewers gave the same
agents in the same month (severity and leniency, with its interval and a verdict in words)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from qa_desk.analytics import ReviewerStats
from qa_desk.analytics_reviewers import (
    HARSHER,
    IN_LINE,
    LENIENT,
    NO_COMPARISON,
    TOO_FEW,
    verdict,
)
from qa_desk.reports.overview import ReportFilter
from ui import theme
from ui.reports import drill_down, figures
from ui.reports.drill_down import ReviewsBehind
from ui.reports.figures import BEHIND_ROLE, MISSING, RIGHT, SORT_ROLE, tr, trn

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
(REVIEWER, REVIEWS, MEDIAN_TIME, GIVEN, COMPARED, OWN, OTHERS, DIFFERENCE, DIFFERENCE_CI,
 VERDICT) = range(10)  # fmt: skip


def verdict_text(value: str) -> str:
    texts = {
        HARSHER: tr("Harsher than others"),
        LENIENT: tr("More lenient than others"),
        IN_LINE: tr("In line with others"),
        TOO_FEW: tr("Too few to tell"),
        NO_COMPARISON: tr("No one to compare with"),
    }
    return texts[value]


VERDICT_COLOR = {HARSHER: theme.VERMILLION, LENIENT: theme.BLUE}


class ReviewerModel(QAbstractTableModel):
    """Reviewers, one per row, most reviews first.

    Attributes:
        reviewers: the statistics shown.
        report: the selection they were computed for (for the reviews behind each number).
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.reviewers: list[ReviewerStats] = []
        self.report: ReportFilter | None = None
        self.headers = [
            tr("Reviewer"), tr("Reviews"), tr("Median time"), tr("Mean score given"),
            tr("Compared"), tr("Their mean"), tr("Others' mean"), tr("Difference"), tr("95% CI"),
            tr("Severity / leniency"),
        ]  # fmt: skip

    def set_reviewers(self, reviewers: list[ReviewerStats], report: ReportFilter | None) -> None:
        self.beginResetModel()
        self.reviewers, self.report = reviewers, report
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.reviewers)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and REVIEWS <= section < VERDICT:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return _header_tip(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        stats = self.reviewers[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(stats, column)
        if role == SORT_ROLE:
            value = self._sort_value(stats, column)
            return MISSING if value is None else value
        if role == Qt.ItemDataRole.TextAlignmentRole and REVIEWS <= column < VERDICT:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column in (DIFFERENCE, VERDICT):
            color = VERDICT_COLOR.get(verdict(stats))
            return QColor(color) if color else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(stats, column)
        if role == BEHIND_ROLE:
            return self.behind(stats, column)
        return None

    def _text(self, stats: ReviewerStats, column: int) -> str:
        severity = stats.severity
        texts = {
            REVIEWER: stats.reviewer,
            REVIEWS: figures.count(stats.reviews),
            MEDIAN_TIME: figures.duration(stats.median_seconds),
            GIVEN: figures.number(stats.given.iqs),
            COMPARED: figures.count(stats.compared),
            OWN: figures.number(stats.own_mean),
            OTHERS: figures.number(stats.others_mean),
            DIFFERENCE: figures.signed(severity.mean),
            DIFFERENCE_CI: figures.signed_interval(severity.low, severity.high),
            VERDICT: verdict_text(verdict(stats)),
        }
        return texts[column]

    def _sort_value(self, stats: ReviewerStats, column: int) -> Any:
        values = {
            REVIEWER: stats.reviewer.casefold(),
            REVIEWS: stats.reviews,
            MEDIAN_TIME: stats.median_seconds,
            GIVEN: stats.given.iqs,
            COMPARED: stats.compared,
            OWN: stats.own_mean,
            OTHERS: stats.others_mean,
            DIFFERENCE: stats.severity.mean,
            DIFFERENCE_CI: stats.severity.low,
            VERDICT: stats.severity.mean,
        }
        return values[column]

    def _tooltip(self, stats: ReviewerStats, column: int) -> str | None:
        if column == MEDIAN_TIME:
            return tr("Median over the {0} that recorded a time").format(
                trn("%Ln review(s)", stats.timed_reviews)
            )
        if column == GIVEN:
            return tr("Mean of {0} (95% CI {1})").format(
                trn("%Ln score(s) given", stats.given.reviews),
                figures.interval(stats.given.ci_low, stats.given.ci_high),
            )
        if column in (COMPARED, OWN, OTHERS, DIFFERENCE, DIFFERENCE_CI, VERDICT):
            return tr(
                "Over {0} of agents other reviewers also reviewed in the same month "
                "with the same rubric: {1} gave {2} on average, the others {3}.\n"
                "Below zero: harsher than the others; above zero: more lenient."
            ).format(
                trn("%Ln review(s)", stats.compared), stats.reviewer,
                figures.number(stats.own_mean), figures.number(stats.others_mean),
            )  # fmt: skip
        return None

    def behind(self, stats: ReviewerStats, column: int) -> ReviewsBehind | None:
        if self.report is None or column == REVIEWER:
            return None
        behind = ReviewsBehind(
            tr("Reviews by {0}").format(stats.reviewer),
            self.report.date_from,
            self.report.date_to,
            team_id=self.report.team_id,
            reviewer_id=stats.reviewer_id,
            figure=drill_down.GIVEN,
            who=stats.reviewer,
        )
        if column in (REVIEWS, MEDIAN_TIME):  # counts every review, scored or not
            figure = drill_down.REVIEWS if column == REVIEWS else drill_down.MEDIAN_TIME
            return replace(behind, scored_only=False, figure=figure)
        if column == GIVEN:
            return behind
        severity = stats.severity
        note = tr(
            "{0}\nThe difference: {1} points (95% CI {2}), {3}. The list holds all of {4}'s "
            "scored reviews; those without a comparison count only in the mean score given."
        ).format(
            self._tooltip(stats, DIFFERENCE), figures.signed(severity.mean),
            figures.signed_interval(severity.low, severity.high),
            verdict_text(verdict(stats)).lower(), stats.reviewer,
        )  # fmt: skip
        return replace(behind, figure=drill_down.NOTE, note=note)


def _header_tip(section: int) -> str | None:
    return {
        REVIEWS: tr("Reviews submitted in the period (never calibration reviews)"),
        MEDIAN_TIME: tr("Median time spent on a review (minutes:seconds)"),
        GIVEN: tr("The mean score this reviewer gave, in percent"),
        COMPARED: tr("Reviews of agents whom other reviewers also reviewed that month"),
        OWN: tr("Over the compared reviews: the mean score this reviewer gave"),
        OTHERS: tr("Over the compared reviews: the mean the other reviewers gave the same agents"),
        DIFFERENCE: tr(
            "Their mean minus the others' (points): below 0 harsher, above 0 more lenient"
        ),
        DIFFERENCE_CI: tr("95% confidence interval of the difference"),
        VERDICT: tr("Harsher or more lenient only when the interval is clear of zero"),
    }.get(section)
