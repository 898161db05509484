"""A live preview of the rubric being edited, in the reviewers' own scoring panel: the manager rates
criteria in it and the panel shows the score those ratings would give. Nothing here is stored."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from qa_desk.reviews import RatingInput
from qa_desk.rubric import RatingError, ReviewScore, Rubric
from ui.review.scoring_panel import ScoringPanel


class RubricPreview(QWidget):
    """The scoring panel showing the last valid state of the draft.

    Ratings entered survive edits of the rubric as long as they still fit (same criterion id, a
    value still on its scale); a changed scale drops the rating.

    Attributes:
        rubric: the rubric shown (the last valid one), or None before there is one.
        ratings: criterion id → rating entered in the preview.
        stale: the draft has problems, so the panel shows its last valid state, disabled.
        panel: the reviewers' scoring panel.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rubric: Rubric | None = None
        self.ratings: dict[str, RatingInput] = {}
        self.stale = False
        title = QLabel(self.tr("<b>Preview</b> · rate to try the score"))
        title.setToolTip(self.tr("What a reviewer sees; ratings made here are not stored"))
        self.clear_button = QPushButton(self.tr("Clear ratings"))
        self.clear_button.clicked.connect(self.clear_ratings)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(title, 1)
        top.addWidget(self.clear_button)
        self.note_label = QLabel(
            self.tr("Fix the problems to update the preview; it shows the last valid state.")
        )
        self.note_label.setWordWrap(True)
        self.note_label.setVisible(False)
        self.panel = ScoringPanel()
        self.panel.sig_rating_changed.connect(self._rated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.note_label)
        layout.addWidget(self.panel, 1)

    def set_rubric(self, rubric: Rubric | None) -> None:
        """Show ``rubric``; None (a draft with problems) keeps the last valid one, disabled."""
        self.stale = rubric is None
        self.note_label.setVisible(self.stale and self.rubric is not None)
        self.panel.setEnabled(not self.stale)
        if rubric is None or rubric == self.rubric:
            return
        self.rubric = rubric
        self.ratings = self._fitting(rubric, self.ratings)
        self.panel.set_rubric(rubric)
        self.panel.set_ratings(dict(self.ratings))

    @staticmethod
    def _fitting(rubric: Rubric, ratings: dict[str, RatingInput]) -> dict[str, RatingInput]:
        """The ratings that still fit the edited rubric."""
        known = {c.id: c for c in rubric.criteria()}
        kept: dict[str, RatingInput] = {}
        for criterion_id, rating in ratings.items():
            criterion = known.get(criterion_id)
            if criterion is None:
                continue
            try:
                value = criterion.parse(rating.value)
            except RatingError:
                continue
            causes = [c for c in rating.root_causes if c in criterion.root_causes]
            kept[criterion_id] = replace(rating, value=value, root_causes=causes)
        return kept

    def _rated(self, criterion_id: str, rating: RatingInput | None) -> None:
        if rating is None:
            self.ratings.pop(criterion_id, None)
        else:
            self.ratings[criterion_id] = rating

    def clear_ratings(self) -> None:
        self.ratings = {}
        self.panel.set_ratings({})

    def score(self) -> ReviewScore | None:
        """The score of the ratings in the preview (None without a rubric)."""
        return self.panel.score
