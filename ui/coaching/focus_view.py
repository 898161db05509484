"""What to talk about in a one-on-one, from the agent's profile, as a short document: the criteria
that cost the most points and the strongest ones, the reviews that pulled the score down with
what reviewers wrote on them, other comments on low ratings, and the root causes ticked. A review
named in it is a link that opens the review.

Reviewers' comments are untrusted text: they are escaped, never read as markup, and the document
loads nothing from outside.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from qa_desk.analytics import AgentProfile, CriterionResult, ReviewerComment
from ui.analysis.trend_chart import percent
from ui.review.transcript_delegate import local_date

STYLE = """
h3 { margin-top: 14px; margin-bottom: 4px; }
td { padding: 2px 10px 2px 0; vertical-align: top; }
td.n { text-align: right; }
p.note { margin-top: 0; }
ul { margin-top: 2px; margin-bottom: 8px; }
"""


class FocusView(QTextBrowser):
    """The focus areas of the agent shown.

    Attributes:
        review_links: the review ids linked, in the order they appear.
    """

    sig_open_review = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(STYLE)
        self.document().setDocumentMargin(10)
        self.anchorClicked.connect(self._clicked)
        self.review_links: list[int] = []
        self.show_profile(None)

    def loadResource(self, kind: int, name: QUrl) -> object:
        return None  # nothing from outside, ever (an image named in a comment stays text anyway)

    def show_profile(self, profile: AgentProfile | None) -> None:
        self.review_links = []
        if profile is None:
            self.setHtml("")
            return
        if profile.quality.reviews == 0 and not profile.reviews:
            self.setHtml(f"<p>{escape(self.tr('No reviews in this period.'))}</p>")
            return
        parts = [
            self._criteria_section(
                self.tr("Focus areas"),
                self.tr("The criteria that cost the most points of the quality score."),
                profile.weakest,
                True,
                profile.min_ratings,
            ),
            self._criteria_section(
                self.tr("Strengths"),
                self.tr("The criteria scored highest."),
                profile.strongest,
                False,
                profile.min_ratings,
            ),
            self._low_reviews(profile),
            self._other_comments(profile),
            self._root_causes(profile),
        ]
        self.setHtml("".join(parts))

    # --- sections ------------------------------------------------------------------------------

    def _heading(self, title: str, note: str = "") -> str:
        html = f"<h3>{escape(title)}</h3>"
        if note:
            html += f"<p class='note'>{escape(note)}</p>"
        return html

    def _none(self, text: str) -> str:
        return f"<p><i>{escape(text)}</i></p>"

    def _criteria_section(
        self, title: str, note: str, criteria: list[CriterionResult], cost: bool, minimum: int
    ) -> str:
        html = self._heading(title, note)
        if not criteria:
            return html + self._none(
                self.tr("No criterion has {0} ratings or more in this period.").format(minimum)
            )
        rows = []
        for c in criteria:
            cells = [
                escape(c.name) + (f" <i>({escape(self.tr('critical'))})</i>" if c.critical else ""),
                self.tr("{0} % (n = {1})").format(percent(c.score or 0.0), c.ratings),
                self.tr("team {0} %").format(percent(c.team_score))
                if c.team_score is not None
                else "",
            ]
            if cost:
                cells.append(self.tr("costs {0} pts").format(percent(c.points_lost)))
            rows.append(
                "<tr>"
                + "".join(
                    f"<td{' class=n' if i else ''}>{cell}</td>" for i, cell in enumerate(cells)
                )
                + "</tr>"
            )
        return html + "<table>" + "".join(rows) + "</table>"

    def _link(self, review_id: int, text: str) -> str:
        self.review_links.append(review_id)
        return f"<a href='review:{review_id}'>{escape(text)}</a>"

    def _comment_item(self, comment: ReviewerComment) -> str:
        where = comment.criterion_name or self.tr("Whole review")
        rated = f" ({comment.value})" if comment.value else ""
        causes = (
            f" <i>[{escape(', '.join(comment.root_causes))}]</i>" if comment.root_causes else ""
        )
        return f"<li><b>{escape(where + rated)}</b>: {escape(comment.text)}{causes}</li>"

    def _low_reviews(self, profile: AgentProfile) -> str:
        html = self._heading(
            self.tr("Reviews that pulled the score down"),
            self.tr("Lowest first, with what the reviewers wrote."),
        )
        if not profile.low_reviews:
            return html + self._none(self.tr("None: no review scored below the agent's IQS."))
        by_review: dict[int, list[ReviewerComment]] = {}
        for comment in profile.comments:
            by_review.setdefault(comment.review.review_id, []).append(comment)
        for low in profile.low_reviews:
            review = low.review
            score = self.tr("{0} %").format(percent(review.score or 0.0))
            if review.critical_fail:
                score += " · " + self.tr("critical fail")
            title = f"{local_date(review.submitted_at)} · {review.conversation}"
            detail = self.tr("{0} · reviewed by {1} · IQS {2} pts higher without it").format(
                score, review.reviewer, percent(low.impact)
            )
            html += f"<p>{self._link(review.review_id, title)} — {escape(detail)}"
            if low.low_criteria:
                low_text = self.tr("Rated low: {0}").format(", ".join(low.low_criteria))
                html += f"<br/>{escape(low_text)}"
            html += "</p>"
            comments = by_review.get(review.review_id, [])
            if comments:
                html += "<ul>" + "".join(self._comment_item(c) for c in comments) + "</ul>"
        return html

    def _other_comments(self, profile: AgentProfile) -> str:
        shown = {low.review.review_id for low in profile.low_reviews}
        others = [c for c in profile.comments if c.review.review_id not in shown]
        if not others:
            return ""
        html = self._heading(
            self.tr("Other comments on low ratings"),
            self.tr("From reviews at or above the agent's IQS."),
        )
        current: int | None = None
        for comment in others:
            review = comment.review
            if review.review_id != current:
                if current is not None:
                    html += "</ul>"
                current = review.review_id
                title = f"{local_date(review.submitted_at)} · {review.conversation}"
                html += (
                    f"<p>{self._link(review.review_id, title)} — {escape(review.reviewer)}</p><ul>"
                )
            html += self._comment_item(comment)
        return html + "</ul>"

    def _root_causes(self, profile: AgentProfile) -> str:
        html = self._heading(self.tr("Root causes ticked"))
        if not profile.root_causes:
            return html + self._none(self.tr("No root causes were ticked in this period."))
        rows = "".join(
            f"<tr><td class=n>{cause.count} ×</td><td>{escape(cause.cause)}</td>"
            f"<td>{escape(self.tr('on “{0}”').format(cause.criterion_name))}</td></tr>"
            for cause in profile.root_causes
        )
        return html + f"<table>{rows}</table>"

    def _clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("review:") and text[7:].isdigit():
            self.sig_open_review.emit(int(text[7:]))
