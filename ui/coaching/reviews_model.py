"""A table of reviews (the references :func:`qa_desk.analytics.reviews_behind` returns): when,
which conversation, who reviewed it, the score and the verdict in words; optionally with a check
box per row to pick reviews (the reviews discussed in a coaching session)."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from qa_desk.analytics import ReviewRef
from ui import theme
from ui.review.transcript_delegate import local_date

Index = QModelIndex | QPersistentModelIndex
REVIEW_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS = ("date", "conversation", "channel", "reviewer", "score", "result")


def verdict(ref: ReviewRef) -> str:
    """The review's outcome in a word (untranslated key: critical, pass, fail, unscored)."""
    if ref.critical_fail:
        return "critical"
    if ref.score is None:
        return "unscored"
    return "pass" if ref.passed else "fail"


class ReviewsModel(QAbstractTableModel):
    """Reviews, one per row.

    Attributes:
        refs: the reviews shown, in order.
        checkable: whether rows have a check box; ``checked`` the ids ticked.
    """

    def __init__(self, parent: object | None = None, checkable: bool = False):
        super().__init__(parent)
        self.refs: list[ReviewRef] = []
        self.checkable = checkable
        self.checked: set[int] = set()
        self._headers = {
            "date": self.tr("Reviewed"),
            "conversation": self.tr("Conversation"),
            "channel": self.tr("Channel"),
            "reviewer": self.tr("Reviewer"),
            "score": self.tr("Score"),
            "result": self.tr("Result"),
        }
        self._verdicts = {
            "critical": self.tr("Critical fail"),
            "pass": self.tr("Pass"),
            "fail": self.tr("Fail"),
            "unscored": self.tr("No score"),
        }

    def set_reviews(self, refs: list[ReviewRef], checked: set[int] | None = None) -> None:
        self.beginResetModel()
        self.refs = list(refs)
        if checked is not None:
            self.checked = set(checked)
        self.endResetModel()

    def review_id(self, row: int) -> int:
        return self.refs[row].review_id

    def checked_ids(self) -> list[int]:
        """The ticked reviews, in the order shown."""
        return [r.review_id for r in self.refs if r.review_id in self.checked]

    # --- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.refs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[COLUMNS[section]]
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[section] == "score":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.checkable and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        ref = self.refs[index.row()]
        column = COLUMNS[index.column()]
        if role == REVIEW_ID_ROLE:
            return ref.review_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(ref, column)
        if role == SORT_ROLE:
            return self._sort_key(ref, column)
        if role == Qt.ItemDataRole.CheckStateRole and self.checkable and column == "date":
            ticked = ref.review_id in self.checked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "score":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == "result":
            word = verdict(ref)
            if word != "unscored":
                return QColor(theme.PASS if word == "pass" else theme.FAIL)
        if role == Qt.ItemDataRole.DecorationRole and column == "result":
            word = verdict(ref)
            name = {"critical": "alert-octagon", "pass": "check-circle", "fail": "close-circle"}
            if word in name:
                return theme.icon(name[word], theme.PASS if word == "pass" else theme.FAIL)
        if role == Qt.ItemDataRole.ToolTipRole and ref.comment:
            return ref.comment
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (self.checkable and index.isValid() and role == Qt.ItemDataRole.CheckStateRole):
            return False
        review_id = self.refs[index.row()].review_id
        if Qt.CheckState(value) == Qt.CheckState.Checked:  # type: ignore[call-overload]
            self.checked.add(review_id)
        else:
            self.checked.discard(review_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def _text(self, ref: ReviewRef, column: str) -> str:
        if column == "date":
            return local_date(ref.submitted_at)
        if column == "conversation":
            return ref.conversation
        if column == "channel":
            return ref.channel or ""
        if column == "reviewer":
            return ref.reviewer
        if column == "score":
            if ref.score is None:
                return "–"
            return self.tr("{0} %").format(QLocale().toString(float(ref.score), "f", 1))
        return self._verdicts[verdict(ref)]

    def _sort_key(self, ref: ReviewRef, column: str) -> object:
        if column == "date":
            return ref.submitted_at.timestamp() if ref.submitted_at else 0.0
        if column == "score":
            return ref.score if ref.score is not None else -1.0
        return self._text(ref, column).casefold()
