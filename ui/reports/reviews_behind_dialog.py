"""The reviews behind a number on the Reports page: the number clicked, stated again and worked out
from the rows, above a sortable table of what makes it up (conversation, agent, reviewer, date,
score, verdict; for a criterion's score each review's rating of it with its comment; for a change
which period each review falls in; for a median time the time of each). Read in the worker;
double-click or Enter opens one review with its conversation."""

from __future__ import annotations

from datetime import timedelta
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from qa_desk.analytics import ReviewRef
from ui import theme
from ui.analysis.review_viewer import ReviewViewerDialog
from ui.context import AppContext
from ui.operations import Operation
from ui.reports import drill_down, figures
from ui.reports.drill_down import Behind, ReviewsBehind, read_behind
from ui.reports.figures import MISSING, RIGHT, SORT_ROLE, tr, trn
from ui.reports.tables import list_dialog_body, list_table
from ui.review.transcript_delegate import local_time

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
CONVERSATION, AGENT, REVIEWER, SUBMITTED, SCORE, RESULT = (
    "conversation", "agent", "reviewer", "submitted", "score", "result",
)  # fmt: skip
RATING, RATING_PERCENT, RATING_COMMENT, PERIOD, TIME = (
    "rating", "rating_percent", "rating_comment", "period", "time",
)  # fmt: skip
NUMBERS = {SCORE, RATING_PERCENT, TIME}
WIDTHS = {
    CONVERSATION: 120, AGENT: 150, REVIEWER: 140, SUBMITTED: 135, SCORE: 90, RESULT: 100,
    RATING: 65, RATING_PERCENT: 75, RATING_COMMENT: 220, PERIOD: 110, TIME: 85,
}  # fmt: skip
REVIEW_ID_ROLE = Qt.ItemDataRole.UserRole + 40


def columns_for(behind: ReviewsBehind) -> list[str]:
    """The columns a figure's rows need: the review, then what makes the figure up."""
    first = [CONVERSATION, AGENT, REVIEWER, SUBMITTED]
    if behind.figure == drill_down.CRITERION:
        return [*first, RATING, RATING_PERCENT, SCORE, RATING_COMMENT]
    if behind.figure == drill_down.CHANGE:
        return [*first, PERIOD, SCORE, RESULT]
    if behind.figure == drill_down.MEDIAN_TIME:
        return [*first, TIME, SCORE, RESULT]
    return [*first, SCORE, RESULT]


class ReviewsBehindModel(QAbstractTableModel):
    """Reviews, one per row, as :func:`~ui.reports.drill_down.read_behind` lists them, in the
    columns :func:`columns_for` gives the figure."""

    def __init__(self, behind: ReviewsBehind, parent: QObject | None = None):
        super().__init__(parent)
        self.behind = behind
        self.found = Behind([])
        self.columns = columns_for(behind)
        titles = {
            CONVERSATION: tr("Conversation"), AGENT: tr("Agent"), REVIEWER: tr("Reviewer"),
            SUBMITTED: tr("Submitted"), SCORE: tr("Score"), RESULT: tr("Result"),
            RATING: tr("Rating"), RATING_PERCENT: tr("Rating %"),
            RATING_COMMENT: tr("Comment on the criterion"), PERIOD: tr("Period"),
            TIME: tr("Time spent"),
        }  # fmt: skip
        if behind.figure == drill_down.CRITERION:
            titles[SCORE] = tr("Review score")
        self.headers = [titles[c] for c in self.columns]

    @property
    def reviews(self) -> list[ReviewRef]:
        return self.found.reviews

    def set_found(self, found: Behind) -> None:
        self.beginResetModel()
        self.found = found
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.found.reviews)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section] in NUMBERS:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and self.columns[section] == RATING_PERCENT:
            return tr("The rating's place on the criterion's scale: the figure is their mean")
        return None

    def column(self, name: str) -> int:
        """The place of a column by its name (-1 when the figure does not show it)."""
        return self.columns.index(name) if name in self.columns else -1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        review = self.found.reviews[index.row()]
        column = self.columns[index.column()]
        if role == REVIEW_ID_ROLE:
            return review.review_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(review, column)
        if role == SORT_ROLE:
            value = self._sort_value(review, column)
            return MISSING if value is None else value
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBERS:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == RESULT and review.score is not None:
            return QColor(theme.PASS if review.passed else theme.FAIL)
        if role == Qt.ItemDataRole.ToolTipRole:
            rating = self.found.ratings.get(review.review_id)
            if column == RATING_COMMENT and rating is not None and rating.comment:
                return rating.comment
            return review.comment or None
        return None

    def _sort_value(self, review: ReviewRef, column: str) -> Any:
        rating = self.found.ratings.get(review.review_id)
        if column == SUBMITTED:
            return review.submitted_at.timestamp() if review.submitted_at else None
        if column == SCORE:
            return review.score
        if column == RATING_PERCENT:
            return rating.percent if rating else None
        if column == TIME:
            return self.found.seconds.get(review.review_id)
        return self._text(review, column).casefold()

    def _text(self, review: ReviewRef, column: str) -> str:
        rating = self.found.ratings.get(review.review_id)
        texts = {
            CONVERSATION: lambda: review.conversation,
            AGENT: lambda: review.agent or "",
            REVIEWER: lambda: review.reviewer,
            SUBMITTED: lambda: local_time(review.submitted_at),
            SCORE: lambda: figures.number(review.score),
            RESULT: lambda: _verdict(review),
            RATING: lambda: rating.value if rating else "",
            RATING_PERCENT: lambda: figures.number(rating.percent if rating else None, 0),
            RATING_COMMENT: lambda: " ".join((rating.comment or "").split()) if rating else "",
            PERIOD: lambda: (
                tr("Period before")
                if drill_down.in_period_before(review, self.behind.split)
                else tr("This period")
            ),
            TIME: lambda: figures.duration(self.found.seconds.get(review.review_id)),
        }
        return texts[column]()


def _verdict(review: ReviewRef) -> str:
    if review.score is None:
        return tr("no score")
    if review.critical_fail:
        return tr("Critical fail")
    return tr("Pass") if review.passed else tr("Fail")


def describe(behind: ReviewsBehind, found: Behind) -> str:
    """The figure clicked, worked out again from the rows, and what the rows are (rich text)."""
    reviews = found.reviews
    if not reviews:
        return tr("No reviews.")
    span = tr("{0} to {1}").format(figures.day(behind.date_from), figures.day(behind.date_to))
    mean = drill_down.scores(reviews)
    iqs = figures.number(mean.mean)
    scored = trn("%Ln scored review(s)", mean.n)
    figure = behind.figure
    if figure == drill_down.CRITERION:
        score = drill_down.criterion_score(found)
        text = tr(
            "<b>{0} on “{1}”: {2}</b>, the mean of the {3} below in percent (N/A left out), "
            "{4}. Each row: the rating, its place on the scale, and the reviewer's comment on it."
        ).format(
            escape(behind.who), escape(behind.criterion_name), figures.number(score.mean, 0),
            trn("%Ln rating(s)", score.n), span,
        )  # fmt: skip
    elif figure == drill_down.PASS_RATE:
        passed, count = drill_down.passed(reviews)
        text = tr(
            "<b>Pass rate {0}</b>: {1} of the {2} below passed (scored at or above the rubric's "
            "pass mark), {3}."
        ).format(figures.percent(passed / count if count else None), passed, scored, span)
    elif figure == drill_down.CRITICAL:
        text = tr(
            "<b>{0}</b>, {1}: reviews that failed a critical criterion, each scored 0."
        ).format(trn("%Ln critical fail(s)", len(reviews)), span)
    elif figure == drill_down.CHANGE and behind.split is not None:
        now, before = drill_down.change(found, behind.split)
        difference = (
            now.mean - before.mean if now.mean is not None and before.mean is not None else None
        )
        text = tr(
            "<b>Change {0} points</b>: IQS {1} over {2} from {3} to {4}, against {5} over {6} "
            "from {7} to {8} (the Period column says which)."
        ).format(
            figures.signed(difference), figures.number(now.mean), trn("%Ln review(s)", now.n),
            figures.day(behind.split), figures.day(behind.date_to), figures.number(before.mean),
            trn("%Ln review(s)", before.n), figures.day(behind.date_from),
            figures.day(behind.split - timedelta(days=1)),
        )  # fmt: skip
    elif figure == drill_down.MEDIAN_TIME:
        median, timed = drill_down.median_time(found)
        text = tr("<b>Median time {0}</b> over the {1} that recorded a time ({2} listed), {3}.")
        text = text.format(
            figures.duration(median), trn("%Ln review(s)", timed), len(reviews), span
        )
    elif figure == drill_down.INTERVAL:
        text = tr("<b>95% CI {0}</b> around the IQS {1} of the {2} below, {3}.").format(
            figures.interval(mean.low, mean.high), iqs, scored, span
        )
        if figures.wide_interval(mean.n, mean.low, mean.high):
            text += " " + tr("Few reviews: the interval is wide.")
    elif figure == drill_down.GIVEN:
        text = tr("<b>Mean score given {0}</b>: the mean of the {1} below, {2}.").format(
            iqs, scored, span
        )
    elif figure == drill_down.REVIEWS and not behind.scored_only:
        unscored = sum(1 for r in reviews if r.score is None)
        text = tr("<b>{0}</b>, {1} ({2} without a score); their mean score {3}.").format(
            trn("%Ln review(s)", len(reviews)), span, unscored, iqs
        )
    elif figure == drill_down.REVIEWS:
        text = tr("<b>{0}</b>, {1}; their mean score (the IQS) {2}.").format(scored, span, iqs)
    elif figure in (drill_down.TREND, drill_down.NOTE):
        text = tr("<b>{0}</b>, {1}.").format(trn("%Ln review(s)", len(reviews)), span)
    else:
        text = tr("<b>IQS {0}</b> (95% CI {1}): the mean score of the {2} below, {3}.").format(
            iqs, figures.interval(mean.low, mean.high), scored, span
        )
    if behind.note:
        text += " " + escape(behind.note).replace("\n", "<br>")
    return text


class ReviewsBehindDialog(QDialog):
    """States a number and lists the reviews behind it, and opens them.

    Attributes:
        behind: the selection listed (and what the number is).
        model: its reviews (filled when the worker has read them).
        viewer: the review last opened (kept so it stays open).
    """

    def __init__(self, context: AppContext, behind: ReviewsBehind, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.behind = behind
        self.viewer: ReviewViewerDialog | None = None
        self.setWindowTitle(behind.title)
        self.resize(1040 if behind.figure == drill_down.CRITERION else 900, 520)
        self.summary = QLabel(tr("Reading the reviews…"))
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.model = ReviewsBehindModel(behind, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSourceModel(self.model)
        self.table = list_table(
            self.proxy,
            [WIDTHS[c] for c in self.model.columns],
            self.model.column(SUBMITTED),
            Qt.SortOrder.AscendingOrder,
        )
        self.table.doubleClicked.connect(self.open_review)
        list_dialog_body(
            self,
            self.summary,
            self.table,
            tr("Double-click a review (or press Enter) to read it with its conversation."),
        )
        self.operation = Operation(
            self, lambda _progress, _cancelled: read_behind(context.db, behind)
        ).success(self._show)
        self.operation.run()

    def _show(self, found: Behind) -> None:
        self.model.set_found(found)
        self.summary.setText(describe(self.behind, found))
        if found.reviews:
            self.table.selectRow(0)

    def review_ids(self) -> list[int]:
        """The ids of the reviews listed, in the table's order."""
        return [
            self.proxy.index(row, 0).data(REVIEW_ID_ROLE) for row in range(self.proxy.rowCount())
        ]

    def column_texts(self, name: str) -> list[str]:
        """The texts of one column (by name, e.g. :data:`RATING_PERCENT`), in the table's order."""
        column = self.model.column(name)
        return [self.proxy.index(row, column).data() for row in range(self.proxy.rowCount())]

    def open_review(self, index: QModelIndex) -> ReviewViewerDialog | None:
        if not index.isValid():
            return None
        review_id = index.data(REVIEW_ID_ROLE)
        if self.viewer is not None:  # one review open at a time
            self.viewer.close()
            self.viewer.deleteLater()
        self.viewer = ReviewViewerDialog(self.context, review_id, self)
        self.viewer.open()
        return self.viewer
