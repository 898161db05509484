"""The coaching report's sheets of detail: strengths and focus areas with their examples, every
review of the period, and the action items (see :mod:`qa_desk.reports.coaching_report`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from qa_desk.analytics_criteria import MIN_RATINGS
from qa_desk.reports.data import CriterionInfo
from qa_desk.reports.excel_style import ReportBook, SheetBuilder, Styled, sheet_location
from qa_desk.reports.raw_sheet import naive_utc, rating_number, result_word

if TYPE_CHECKING:
    from qa_desk.reports.coaching_report import CoachingData

EXAMPLES = 5
"""How many reviews illustrate each focus area."""
STRENGTH_EXAMPLES = 3
"""How many reviews illustrate each strength."""
REVIEWS_FIRST_ROW = 4
"""The row of the first review on the reviews sheet (after a title, a subtitle and the header)."""


def criterion_label(criterion: CriterionInfo) -> str:
    """A criterion's name, marked when a low rating of it fails the whole review."""
    return criterion.name + (" (critical)" if criterion.critical else "")


def rated_criteria(found: CoachingData) -> list[CriterionInfo]:
    return [c for c in found.criteria if (c.rubric, c.id) in found.agent_criteria]


def pick_areas(found: CoachingData, count: int) -> tuple[list[CriterionInfo], list[CriterionInfo]]:
    """The agent's strengths and focus areas as the Coaching page names them
    (:func:`qa_desk.analytics.agent_profile`: among the criteria with at least
    :data:`~qa_desk.analytics_criteria.MIN_RATINGS` ratings, the focus areas cost the most
    points, the strengths score highest), so that the report and the screen agree."""
    info = {(c.rubric, c.id): c for c in found.criteria}
    strengths = [info[key] for key in found.strengths if key in info]
    focus = [info[key] for key in found.focus if key in info]
    return strengths[:count], focus[:count]


def _examples(
    found: CoachingData, criterion: CriterionInfo, best: bool, shown: set[int]
) -> list[tuple[int, tuple[Any, Any]]]:
    """The few reviews that illustrate a strength (``criterion`` rated top of its scale) or a
    focus area (rated below it, lowest first): those with a comment on this very rating first,
    for a strength those that did not fail critically, then those not shown under another area
    yet (``shown``, review ids, gets the chosen added), for a strength those that passed, then
    the newest."""
    candidates = []
    for index, review in enumerate(found.reviews):
        if found.rubric_of.get(review.version_id) != criterion.rubric:
            continue
        rating = found.ratings.get(review.id, {}).get(criterion.id)
        if rating is None or rating[1] is None:
            continue
        _, fraction, comment = rating
        if (best and fraction < 1.0) or (not best and fraction >= 1.0):
            continue
        again = review.id in shown
        if best:
            order = (not comment, bool(review.critical_fail), again, not review.passed, -index)
        else:
            order = (fraction, not comment, again, -index)
        candidates.append((order, index, review, rating))
    candidates.sort(key=lambda c: c[0])
    chosen = [(index, (review, rating)) for _, index, review, rating in candidates]
    chosen = chosen[: STRENGTH_EXAMPLES if best else EXAMPLES]
    shown.update(review.id for _, (review, _) in chosen)
    return chosen


def review_layout(found: CoachingData) -> tuple[list[int], list[list[tuple[CriterionInfo, Any]]]]:
    """Where each review starts on the reviews sheet, and its ratings in rubric order: each
    review takes a row, then a row per rating."""
    starts, blocks = [], []
    row = REVIEWS_FIRST_ROW
    for review in found.reviews:
        rubric = found.rubric_of.get(review.version_id)
        ratings = found.ratings.get(review.id, {})
        block = [
            (c, ratings[c.id]) for c in found.criteria if c.rubric == rubric and c.id in ratings
        ]
        starts.append(row)
        blocks.append(block)
        row += 2 + len(block)  # and a blank row after each review
    return starts, blocks


def areas_sheet(
    book: ReportBook, found: CoachingData, title: str, reviews_title: str, count: int
) -> None:
    sheet = SheetBuilder(book, title, max_width=78)
    sheet.heading(f"Strengths and focus areas: {found.agent.name}", "QA title")
    sheet.heading(
        f"{found.period.start:%Y-%m-%d} to {found.period.end:%Y-%m-%d} · a conversation id "
        f"leads to the review on the '{reviews_title}' sheet",
        "QA subtitle",
    )
    starts, _ = review_layout(found)
    strengths, focus = pick_areas(found, count)
    shown: set[int] = set()  # reviews already an example: other areas show others where they can
    for heading, chosen, best in (("Strengths", strengths, True), ("Focus areas", focus, False)):
        sheet.blank()
        sheet.heading(heading)
        if not chosen:
            if not found.rated_enough:
                note = f"No criterion has {MIN_RATINGS} ratings or more in this period."
            elif best:
                note = "None beyond the focus areas."
            else:
                note = "None: no criterion lost points."
            sheet.add(Styled(note, "QA note"))
            continue
        for criterion in chosen:
            mine = found.agent_criteria[(criterion.rubric, criterion.id)]
            team = found.team_criteria.get((criterion.rubric, criterion.id))
            summary = f"Agent {mine.score:.0%} over {mine.ratings} ratings"
            if team is not None and team.score is not None:
                summary += f" · team {team.score:.0%}"
            sheet.add(
                Styled(criterion_label(criterion), "QA label"),
                None,
                None,
                None,
                Styled(summary, "QA plain"),
            )
            sheet.header("Submitted", "Conversation", "Rating", "Reviewer", "Comment")
            examples = _examples(found, criterion, best, shown)
            if not examples:
                sheet.add(Styled("No rating at the top of its scale.", "QA note"))
            for index, (review, rating) in examples:
                # only this rating's comment: the review's may be about another criterion
                value, _, comment = rating
                sheet.add(
                    naive_utc(review.submitted_at),
                    Styled(
                        review.conversation,
                        "QA link",
                        link=sheet_location(reviews_title, f"A{starts[index]}"),
                    ),
                    rating_cell(value),
                    review.reviewer,
                    comment or None,
                )
            sheet.blank()
    sheet.finish(widths={1: 17.0, 2: 16.0, 3: 10.0, 4: 18.0, 5: 76.0})


def rating_cell(value: str) -> Styled:
    """A rating as written, left-aligned whether it is a number or a word."""
    number = rating_number(value)
    return Styled(number if number is not None else value, "QA rating")


def reviews_sheet(book: ReportBook, found: CoachingData, title: str) -> None:
    sheet = SheetBuilder(book, title, max_width=60)
    sheet.heading(f"Reviews of {found.agent.name}", "QA title")
    sheet.heading(
        f"{found.period.start:%Y-%m-%d} to {found.period.end:%Y-%m-%d} · "
        f"{len(found.reviews)} reviews, oldest first · times in UTC",
        "QA subtitle",
    )
    header = sheet.header(
        "Conversation", "Submitted", "Reviewer", "Score", "Result", "Criterion", "Rating", "Comment"
    )
    assert header == REVIEWS_FIRST_ROW - 1
    starts, blocks = review_layout(found)
    for review, start, block in zip(found.reviews, starts, blocks, strict=True):
        assert sheet.next_row == start
        about = " · ".join(
            str(part)
            for part in (review.channel, review.subject, found.rubric_of.get(review.version_id))
            if part
        )
        sheet.add(
            Styled(review.conversation, "QA label"),
            naive_utc(review.submitted_at),
            review.reviewer,
            Styled(None if review.score is None else review.score / 100, "QA percent"),
            Styled(result_word(review.score, review.passed, review.critical_fail), "QA result"),
            Styled(about or None, "QA text"),
            None,
            review.comment,
        )
        for criterion, (value, _, comment) in block:
            label = criterion_label(criterion)
            sheet.add(None, None, None, None, None, label, rating_cell(value), comment)
        sheet.blank()
    widths = {1: 16.0, 2: 17.0, 3: 18.0, 4: 8.0, 5: 12.0, 6: 44.0, 7: 10.0, 8: 55.0}
    sheet.finish(freeze=f"A{REVIEWS_FIRST_ROW}", title_rows=f"{header}:{header}", widths=widths)


def actions_sheet(book: ReportBook, found: CoachingData, title: str, today: date) -> None:
    sheet = SheetBuilder(book, title, max_width=70)
    sheet.heading(f"Action items: {found.agent.name}", "QA title")
    sheet.heading(
        f"Sessions up to {found.period.end:%Y-%m-%d}",
        "QA subtitle",
    )
    header = ("Session", "Action item", "Owner", "Due", "Status", "Done on")
    for heading, items in (
        ("Open action items", found.open_items),
        ("Agreed in this period", found.period_items),
    ):
        sheet.blank()
        sheet.heading(heading)
        if not items:
            sheet.add(Styled("None.", "QA note"))
            continue
        sheet.header(*header)
        for item in items:
            if item.done:
                status = "Done"
            elif item.due_on is not None and item.due_on < today:
                status = "Open, overdue"
            else:
                status = "Open"
            sheet.add(
                item.held_on,
                item.text,
                item.owner,
                item.due_on,
                Styled(status, "QA plain"),
                item.done_at.date() if item.done_at else None,
            )
    sheet.blank()
    sheet.heading("Coaching sessions in this period")
    if not found.sessions:
        sheet.add(Styled("None recorded.", "QA note"))
    else:
        sheet.header("Date", "Notes", "Coach", "Reviews discussed", "Action items")
        for session in found.sessions:
            sheet.add(
                session.held_on,
                session.notes or None,
                session.coach_name,
                len(session.review_ids),
                len(session.action_items),
            )
    sheet.finish(widths={1: 12.0, 2: 60.0, 3: 18.0, 4: 12.0, 5: 14.0, 6: 12.0})
