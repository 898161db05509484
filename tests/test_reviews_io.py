"""Historical reviews in and out: ``qa-desk reviews import`` from CSV/XLSX and ``reviews export``."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from qa_desk.cli import main
from qa_desk.db import Database, open_database
from qa_desk.db.models import Conversation, Rating, Review, User
from qa_desk.errors import Cancelled, InputError
from qa_desk.ingest import import_file
from qa_desk.reviews import (
    RatingInput,
    find_or_create_user,
    open_draft,
    record_review,
    reopen_review,
    save_rating,
    submit_review,
)
from qa_desk.reviews_export import export_reviews
from qa_desk.reviews_import import import_reviews
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric, get_version
from tests.helpers import RUBRIC_YAML, conversation, write_jsonl

# The test rubric plus a labels criterion, so every kind of scale is rated:
# greeting binary w1; tone points 1–5 w3 (NA allowed); data_protection binary critical w1 (NA
# allowed); resolution labels poor < fair < good < great w2 (NA allowed).
LABELS_CRITERION = (
    "      - {id: resolution, name: Resolves the issue, "
    "scale: {labels: [poor, fair, good, great]}, weight: 2, allow_na: true}\n"
)
RUBRIC = RUBRIC_YAML + LABELS_CRITERION
HEADER = [
    "conversation_id", "reviewer", "reviewed_at", "greeting", "tone", "data_protection",
    "resolution", "comment",
]  # fmt: skip
CYRILLIC, CJK, ARABIC = "Олена Петренко", "王芳", "ليلى حداد"


def add_conversations(db: Database, folder: Path) -> None:
    path = write_jsonl(
        folder / "conversations.jsonl", [conversation(f"T-{i}") for i in range(1, 7)]
    )
    import_file(db, path)


def add_test_rubric(db: Database, text: str = RUBRIC) -> None:
    with db.session() as session:
        add_rubric(session, load_rubric_text(text))


@pytest.fixture
def ready(db: Database, data_dir: Path) -> Database:
    """The database with six conversations (T-1 … T-6) and the test rubric."""
    add_conversations(db, data_dir)
    add_test_rubric(db)
    return db


@pytest.fixture
def other_db(data_dir: Path) -> Iterator[Database]:
    """A second database, set up the same way, to import an export into."""
    database = open_database("sqlite:///" + str(data_dir / "другая-база.sqlite3"))
    add_conversations(database, data_dir)
    add_test_rubric(database)
    yield database
    database.dispose()


def write_csv(path: Path, rows: list[list[Any]], *, bom: bool = False) -> Path:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as source:
        return list(csv.DictReader(source))


def stored_reviews(db: Database) -> list[dict[str, Any]]:
    """Every current submitted review as a user sees it, in submitted order."""
    with db.reader() as session:
        reviews = session.scalars(
            select(Review)
            .where(Review.is_current, Review.status == "submitted")
            .order_by(Review.submitted_at, Review.id)
        ).all()
        return [
            {
                "conversation": r.conversation.external_id,
                "reviewer": r.reviewer.name,
                "email": r.reviewer.email,
                "submitted_at": r.submitted_at,
                "rubric": f"{r.rubric_version.rubric.key}@{r.rubric_version.version}",
                "ratings": {x.criterion_id: x.value for x in r.ratings},
                "score": r.score,
                "critical_fail": r.critical_fail,
                "passed": r.passed,
                "comment": r.comment,
                "calibration": r.is_calibration,
                "time_spent": r.time_spent_seconds,
            }
            for r in reviews
        ]


def counts(db: Database) -> tuple[int, int, int]:
    """How many reviews, ratings and users the database holds."""
    with db.reader() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Review, Rating, User)
        )


def rubric_score(ratings: dict[str, str]) -> float | None:
    return load_rubric_text(RUBRIC).score(ratings).score


# --- import -----------------------------------------------------------------------------------

EVERY_KIND = [
    HEADER,
    ["T-1", CYRILLIC, "2026-03-02T10:00:00Z", "pass", "4", "NA", "great", "Добре, дякую 👍"],
    ["T-2", CJK, "2026-03-02 11:30", "fail", "", "pass", "fair", "مرحبا بالعالم"],
    ["T-3", "Rita", "2026-03-03T09:00:00+02:00", "yes", "5", "fail", "good", ""],
    ["T-4", ARABIC, "2026-03-03T10:00:00Z", "1", "N/A", "na", "NA", "  spaced  \nsecond line"],
]


def test_csv_import_stores_every_rating_kind_with_the_rubric_score(ready, data_dir):
    path = write_csv(data_dir / "history.csv", EVERY_KIND, bom=True)
    result = import_reviews(ready, path, "test-rubric")
    assert (result.added, result.skipped, result.reviewers_created) == (4, 0, 4)

    reviews = stored_reviews(ready)
    assert [r["conversation"] for r in reviews] == ["T-1", "T-2", "T-3", "T-4"]
    one, two, three, four = reviews
    assert one["ratings"] == {
        "greeting": "pass", "tone": "4", "data_protection": "NA", "resolution": "great"
    }  # fmt: skip
    # 100 × (1×1 + 3×0.75 + 2×1) / (1 + 3 + 2): N/A is left out.
    assert one["score"] == pytest.approx(87.5)
    assert (one["passed"], one["critical_fail"]) == (True, False)
    # The empty tone cell is not rated: 100 × (1×0 + 1×1 + 2×⅓) / (1 + 1 + 2).
    assert two["ratings"] == {"greeting": "fail", "data_protection": "pass", "resolution": "fair"}
    assert two["score"] == pytest.approx(100 * (5 / 3) / 4)
    assert two["passed"] is False
    # A failed critical criterion zeroes the review whatever else was rated.
    assert (three["score"], three["critical_fail"], three["passed"]) == (0.0, True, False)
    assert four["ratings"] == {
        "greeting": "pass", "tone": "NA", "data_protection": "NA", "resolution": "NA"
    }  # fmt: skip
    assert four["score"] == 100.0
    for review in reviews:
        assert review["score"] == pytest.approx(rubric_score(review["ratings"]))
        assert review["rubric"] == "test-rubric@1"

    assert one["submitted_at"] == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert two["submitted_at"] == datetime(2026, 3, 2, 11, 30, tzinfo=UTC)
    assert three["submitted_at"] == datetime(2026, 3, 3, 7, 0, tzinfo=UTC)
    assert [r["reviewer"] for r in reviews] == [CYRILLIC, CJK, "Rita", ARABIC]
    assert [r["comment"] for r in reviews] == [
        "Добре, дякую 👍", "مرحبا بالعالم", None, "  spaced  \nsecond line"
    ]  # fmt: skip


def test_xlsx_import_reads_date_cells_and_number_cells(ready, data_dir):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["T-1", CYRILLIC, datetime(2026, 3, 2, 10, 0), "pass", 4, "NA", "great", "Так"])
    sheet.append([])  # a blank row in the middle is skipped
    sheet.append(["T-2", CJK, date(2026, 3, 4), True, 3.0, "pass", "poor", "好的"])
    sheet.append([1042, "Rita", "2026-03-05T12:00:00", 0, None, None, "good", None])
    path = data_dir / "history.xlsx"
    workbook.save(path)
    assert load_workbook(path)["Sheet"]["C2"].is_date  # a real date cell, not text

    # T-1042 does not exist: the numeric id cell is read as "1042" and named in the error.
    with pytest.raises(InputError) as error:
        import_reviews(ready, path, "test-rubric")
    assert str(error.value).startswith(f"{path}:5: conversation_id: conversation '1042' is not")
    assert counts(ready)[0] == 0

    sheet.delete_rows(5)
    workbook.save(path)
    result = import_reviews(ready, path, "test-rubric", zone=ZoneInfo("Europe/Kyiv"))
    assert (result.added, result.reviewers_created) == (2, 2)
    one, two = stored_reviews(ready)
    # Times without a zone are read in the zone given (Kyiv is UTC+2 in early March).
    assert one["submitted_at"] == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert two["submitted_at"] == datetime(2026, 3, 3, 22, 0, tzinfo=UTC)
    assert one["ratings"] == {
        "greeting": "pass", "tone": "4", "data_protection": "NA", "resolution": "great"
    }  # fmt: skip
    assert one["score"] == pytest.approx(87.5)
    assert two["ratings"] == {
        "greeting": "pass", "tone": "3", "data_protection": "pass", "resolution": "poor"
    }  # fmt: skip
    # 100 × (1×1 + 3×0.5 + 1×1 + 2×0) / (1 + 3 + 1 + 2)
    assert two["score"] == pytest.approx(100 * 3.5 / 7)
    assert two["score"] == pytest.approx(rubric_score(two["ratings"]))
    assert [r["comment"] for r in (one, two)] == ["Так", "好的"]


def test_reviewers_are_matched_by_name_or_email_and_created_when_new(ready, data_dir):
    with ready.session() as session:
        maria = User(name="Maria Ivanova", email="maria@example.com")
        olena = User(name=CYRILLIC)
        session.add_all([maria, olena])
        session.flush()
        maria_id, olena_id = maria.id, olena.id
    rows = [
        [*HEADER[:3], "reviewer_email", "greeting"],
        ["T-1", "MARIA@EXAMPLE.COM", "2026-03-02T10:00:00Z", "", "pass"],
        ["T-2", "maria ivanova", "2026-03-02T11:00:00Z", "", "pass"],
        ["T-3", "Maria I.", "2026-03-02T12:00:00Z", "Maria@Example.com", "pass"],
        ["T-4", "олена петренко", "2026-03-02T13:00:00Z", "", "pass"],  # case in Cyrillic
        ["T-5", "Сергій Коваль", "2026-03-02T14:00:00Z", "serhii@example.com", "fail"],
        ["T-6", "new.person@example.com", "2026-03-02T15:00:00Z", "", "fail"],
        ["T-1", "Сергій Коваль", "2026-03-03T10:00:00Z", "SERHII@example.com", "pass"],
    ]
    result = import_reviews(ready, write_csv(data_dir / "r.csv", rows), "test-rubric")
    assert (result.added, result.reviewers_created) == (7, 2)

    with ready.reader() as session:
        reviewer_ids = list(session.scalars(select(Review.reviewer_id).order_by(Review.id)))
        users = {u.id: (u.name, u.email) for u in session.scalars(select(User))}
    assert reviewer_ids[:4] == [maria_id, maria_id, maria_id, olena_id]
    assert users[reviewer_ids[4]] == ("Сергій Коваль", "serhii@example.com")
    assert users[reviewer_ids[5]] == ("new.person", "new.person@example.com")
    assert reviewer_ids[6] == reviewer_ids[4]
    assert len(users) == 4


def test_importing_the_same_file_twice_adds_nothing(ready, data_dir):
    path = write_csv(data_dir / "history.csv", EVERY_KIND)
    import_reviews(ready, path, "test-rubric")
    before, reviews = counts(ready), stored_reviews(ready)
    result = import_reviews(ready, path, "test-rubric")
    assert (result.added, result.skipped, result.reviewers_created) == (0, 4, 0)
    assert counts(ready) == before
    assert stored_reviews(ready) == reviews


GOOD_ROW = ["T-1", "Нова Людина", "2026-03-02T10:00:00Z", "pass", "4", "NA", "good", ""]


def _with(**changes: str) -> list[str]:
    row = list(GOOD_ROW)
    row[0] = "T-2"
    for column, value in changes.items():
        row[HEADER.index(column)] = value
    return row


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [[*HEADER, "empathy"], [*GOOD_ROW, "x"]],
            ":1: empathy: unknown column: not a criterion of rubric 'test-rubric'",
        ),
        (
            [HEADER, GOOD_ROW, _with(conversation_id="T-99")],
            ":3: conversation_id: conversation 'T-99' is not in the database",
        ),
        ([HEADER, GOOD_ROW, _with(tone="6")], ":3: tone: '6' is outside the scale 1–5"),
        ([HEADER, GOOD_ROW, _with(tone="4.5")], ":3: tone: '4.5' is not a whole number"),
        ([HEADER, GOOD_ROW, _with(greeting="maybe")], ":3: greeting: 'maybe' is not pass/fail"),
        (
            [HEADER, GOOD_ROW, _with(resolution="excellent")],
            ":3: resolution: 'excellent' is not one of: poor, fair, good, great",
        ),
        ([HEADER, GOOD_ROW, _with(greeting="NA")], ":3: greeting: N/A is not allowed"),
        (
            [HEADER, GOOD_ROW, _with(reviewed_at="yesterday")],
            ":3: reviewed_at: 'yesterday' is not a timestamp",
        ),
        (
            [HEADER, GOOD_ROW, _with(reviewed_at="2026-02-30")],
            ":3: reviewed_at: '2026-02-30' is not a timestamp",
        ),
        ([HEADER, GOOD_ROW, _with(reviewer="")], ":3: reviewer: missing"),
        (
            [HEADER, GOOD_ROW, _with(greeting="", tone="", data_protection="", resolution="")],
            ":3: no criterion is rated",
        ),
        (
            [HEADER, GOOD_ROW, [*_with(), "", "stray"]],
            ":3: column J: 'stray' is in a column without a header",
        ),
        ([["conversation_id", "reviewer", "greeting"]], ":1: missing column reviewed_at"),
    ],
    ids=[
        "unknown column",
        "unknown conversation",
        "points out of range",
        "points not whole",
        "binary",
        "label",
        "NA not allowed",
        "date words",
        "impossible date",
        "no reviewer",
        "nothing rated",
        "value without header",
        "missing column",
    ],
)
def test_bad_input_names_file_row_and_column_and_stores_nothing(ready, data_dir, rows, expected):
    path = write_csv(data_dir / "bad reviews.csv", rows)
    before = counts(ready)
    with pytest.raises(InputError) as error:
        import_reviews(ready, path, "test-rubric")
    assert str(error.value).startswith(f"{path}{expected}")
    assert counts(ready) == before  # not the good row, not its new reviewer either


def test_error_rows_are_spreadsheet_rows_even_with_multiline_comments(ready, data_dir):
    rows = [HEADER, [*GOOD_ROW[:-1], "line one\nline two\nline three"], [], _with(tone="0")]
    path = write_csv(data_dir / "r.csv", rows)
    with pytest.raises(InputError, match=r"r\.csv:4: tone: '0' is outside"):
        import_reviews(ready, path, "test-rubric")


def test_a_csv_that_is_not_utf8_is_refused_by_name(ready, data_dir):
    path = data_dir / "excel-1251.csv"
    rows = [",".join(HEADER), "T-1,Олена,2026-03-02,pass,4,NA,good,Добре"]
    path.write_bytes("\r\n".join(rows).encode("cp1251"))
    with pytest.raises(InputError) as error:
        import_reviews(ready, path, "test-rubric")
    assert str(error.value) == f"{path}: not UTF-8 text (in Excel, save it as 'CSV UTF-8')"


def test_a_cancelled_import_stores_nothing(ready, data_dir):
    path = write_csv(data_dir / "history.csv", EVERY_KIND)
    with pytest.raises(Cancelled):
        import_reviews(ready, path, "test-rubric", cancelled=lambda: True)
    assert counts(ready) == (0, 0, 0)


def test_rubric_version_is_chosen_with_key_at_version(ready, data_dir):
    greeting = "{id: greeting, name: Greets, scale: binary"
    add_test_rubric(ready, RUBRIC.replace(greeting + "}", greeting + ", weight: 3}"))
    ratings = ["pass", "1", "NA", "poor"]
    first = write_csv(data_dir / "v1.csv", [HEADER, ["T-1", "Rita", "2026-03-02", *ratings, ""]])
    latest = write_csv(data_dir / "v2.csv", [HEADER, ["T-2", "Rita", "2026-03-02", *ratings, ""]])
    import_reviews(ready, first, "test-rubric@1")
    import_reviews(ready, latest, "test-rubric")
    v1, v2 = stored_reviews(ready)
    assert (v1["rubric"], v2["rubric"]) == ("test-rubric@1", "test-rubric@2")
    assert v1["score"] == pytest.approx(100 * 1 / 6)  # greeting weight 1 of 1 + 3 + 2
    assert v2["score"] == pytest.approx(100 * 3 / 8)  # greeting weight 3 of 3 + 3 + 2

    with pytest.raises(InputError, match="--rubric: no rubric 'test-rubric' version 7"):
        import_reviews(ready, first, "test-rubric@7")

    # A row that says which version it was made with is never scored with another by default.
    tagged = write_csv(
        data_dir / "tagged.csv",
        [[*HEADER, "rubric_version"], ["T-3", "Rita", "2026-03-04", *ratings, "", "1"]],
    )
    with pytest.raises(InputError) as error:
        import_reviews(ready, tagged, "test-rubric")
    assert str(error.value).startswith(f"{tagged}:2: rubric_version: this review was made with")
    import_reviews(ready, tagged, "test-rubric@1")
    assert stored_reviews(ready)[-1]["rubric"] == "test-rubric@1"


# --- export -----------------------------------------------------------------------------------

FORMULA_COMMENTS = [
    '=HYPERLINK("http://example.com","click")',
    "+380 44 123 45 67 called back",
    "-2 for tone",
    "@channel please look",
    "'=already quoted by hand",
    "\tindented with a tab",
]


def record(db: Database, conversation_id: str, reviewer: str, ratings: dict, **fields) -> None:
    with db.session() as session:
        conversation_row = session.scalar(
            select(Conversation).where(Conversation.external_id == conversation_id)
        )
        user, _ = find_or_create_user(session, reviewer)
        record_review(
            session,
            conversation_id=conversation_row.id,
            reviewer_id=user.id,
            rubric_version=get_version(session, "test-rubric"),
            ratings=ratings,
            **fields,
        )


def fill_reviews(db: Database) -> None:
    """Reviews as made in the app, with non-ASCII people and comments, formula-like comments,
    a calibration review, a draft and a reopened-and-resubmitted review."""
    ratings = {"greeting": "pass", "tone": "3", "data_protection": "pass", "resolution": "good"}
    for day, comment in enumerate(FORMULA_COMMENTS, start=1):
        record(
            db,
            f"T-{day}",
            [CYRILLIC, CJK, ARABIC][day % 3],
            ratings,
            comment=comment,
            submitted_at=datetime(2026, 3, day, 9, 30, 15, 123456, tzinfo=UTC),
            time_spent_seconds=95.5,
        )
    record(
        db,
        "T-1",
        "ola@example.com",
        {"greeting": "fail", "tone": "NA", "data_protection": "fail"},
        comment="критично: 未验证身份",
        submitted_at=datetime(2026, 3, 10, 12, 0, tzinfo=UTC),
        is_calibration=True,
    )
    with db.session() as session:
        reviewer, _ = find_or_create_user(session, "Rita")
        first = session.scalars(select(Review).order_by(Review.id)).first()
        open_draft(session, first.conversation_id, reviewer.id, first.rubric_version_id)
        revision = reopen_review(session, first.id)
        save_rating(session, revision.id, "tone", RatingInput("5"))
        submit_review(session, revision.id)


def test_export_csv_and_jsonl_hold_every_current_submitted_review(ready, data_dir):
    fill_reviews(ready)
    reviews = stored_reviews(ready)
    assert len(reviews) == 7  # six + calibration; not the draft, not the replaced revision

    csv_path, jsonl_path = data_dir / "reviews.csv", data_dir / "reviews.jsonl"
    assert export_reviews(ready, csv_path, "csv") == 7
    assert export_reviews(ready, jsonl_path, "jsonl") == 7
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = read_csv(csv_path)
    lines = [json.loads(line) for line in jsonl_path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(lines) == 7

    by_conversation = {(r["conversation_id"], r["calibration"]): r for r in rows}
    resubmitted = by_conversation[("T-1", "False")]
    assert resubmitted["revision"] == "2" and resubmitted["tone"] == "5"
    # 100 × (1 + 3×1 + 1 + 2×⅔) / 7 after the tone was changed from 3 to 5
    assert float(resubmitted["score"]) == pytest.approx(100 * (5 + 4 / 3) / 7)
    calibration = by_conversation[("T-1", "True")]
    assert calibration["critical_fail"] == "True" and float(calibration["score"]) == 0.0
    assert calibration["tone"] == "NA" and calibration["resolution"] == ""
    assert calibration["reviewer"] == "ola" and calibration["reviewer_email"] == "ola@example.com"
    for row in rows:
        assert row["rubric"] == "test-rubric" and row["rubric_version"] == "1"
        assert row["agent"] == "Dana Smith" and row["team"] == "Tier 1"

    for line, review in zip(lines, reviews, strict=True):
        assert line["conversation_id"] == review["conversation"]
        assert (line["rubric"], line["rubric_version"]) == ("test-rubric", 1)
        assert line["score"] == pytest.approx(review["score"])
        assert line["critical_fail"] is review["critical_fail"]
        assert line["passed"] is review["passed"]
        assert line["comment"] == review["comment"]
        assert {r["criterion"]: r["value"] for r in line["ratings"]} == review["ratings"]
    calibration_line = next(line for line in lines if line["calibration"])
    assert calibration_line["critical_fail"] is True
    assert {r["criterion"]: r["fraction"] for r in calibration_line["ratings"]} == {
        "greeting": 0.0, "tone": None, "data_protection": 0.0
    }  # fmt: skip

    raw = jsonl_path.read_bytes() + csv_path.read_bytes()
    for text in (CYRILLIC, CJK, ARABIC, "критично: 未验证身份"):
        assert text.encode("utf-8") in raw  # written as the characters, not \u escapes


def test_formula_like_text_is_escaped_in_csv_and_comes_back_exactly(ready, other_db, data_dir):
    fill_reviews(ready)
    path = data_dir / "reviews.csv"
    export_reviews(ready, path, "csv")
    comments = {row["comment"] for row in read_csv(path)}
    assert "'" + FORMULA_COMMENTS[0] in comments
    assert "'+380 44 123 45 67 called back" in comments
    assert "'-2 for tone" in comments
    assert "'@channel please look" in comments
    assert "''=already quoted by hand" in comments
    assert "'\tindented with a tab" in comments
    assert not any(c.startswith(("=", "+", "-", "@", "\t")) for c in comments)

    import_reviews(other_db, path, "test-rubric")
    imported = {r["comment"] for r in stored_reviews(other_db)}
    assert set(FORMULA_COMMENTS) <= imported


def test_export_then_import_into_another_database_gives_the_same_reviews(ready, other_db, data_dir):
    fill_reviews(ready)
    import_reviews(ready, write_csv(data_dir / "history.csv", EVERY_KIND), "test-rubric")
    path = data_dir / "всі відгуки.csv"
    export_reviews(ready, path, "csv")

    result = import_reviews(other_db, path, "test-rubric")
    assert result.added == len(stored_reviews(ready)) == 11
    assert stored_reviews(other_db) == stored_reviews(ready)

    # Names, e-mails and comments survive byte for byte, and a second export matches the first
    # except for where the reviews came from (an imported review starts its own history).
    again = data_dir / "again.csv"
    export_reviews(other_db, again, "csv")
    drop = ("origin", "revision")
    first = [{k: v for k, v in row.items() if k not in drop} for row in read_csv(path)]
    second = [{k: v for k, v in row.items() if k not in drop} for row in read_csv(again)]
    assert second == first
    assert import_reviews(other_db, again, "test-rubric").added == 0


def test_export_to_a_missing_folder_is_bad_input_and_writes_nothing(ready, data_dir):
    target = data_dir / "no such folder" / "reviews.csv"
    with pytest.raises(InputError, match="no such folder"):
        export_reviews(ready, target, "csv")
    assert not target.parent.exists()


# --- command line -----------------------------------------------------------------------------


def test_cli_imports_and_exports_reviews(ready, db_url, data_dir, capsys):
    path = write_csv(data_dir / "history.csv", EVERY_KIND)
    args = ["--db", db_url, "reviews", "import", str(path), "--rubric", "test-rubric"]
    assert main(args) == 0
    assert capsys.readouterr().out.strip() == (
        f"{path}: 4 reviews added, 0 already stored; 4 new reviewers"
    )
    assert main(args) == 0
    assert "0 reviews added, 4 already stored; 0 new reviewers" in capsys.readouterr().out

    out = data_dir / "reviews.jsonl"
    assert main(["--db", db_url, "reviews", "export", "--format", "jsonl", "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"{out}: 4 reviews exported (jsonl)"
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4

    # --from/--to are days, both included; the format follows the file's extension.
    day = data_dir / "day.csv"
    period = ["--from", "2026-03-03", "--to", "2026-03-03"]
    assert main(["--db", db_url, "reviews", "export", "-o", str(day), *period]) == 0
    assert [r["conversation_id"] for r in read_csv(day)] == ["T-3", "T-4"]


def test_cli_bad_input_exits_2_with_a_one_line_message(ready, db_url, data_dir, capsys):
    bad = write_csv(data_dir / "bad.csv", [HEADER, GOOD_ROW, _with(tone="9")])
    command = ["--db", db_url, "reviews", "import", str(bad), "--rubric", "test-rubric"]
    assert main(command) == 2
    err = capsys.readouterr().err
    assert err == f"qa-desk: {bad}:3: tone: '9' is outside the scale 1–5\n"
    assert counts(ready)[0] == 0

    assert main([*command[:-1], "nope"]) == 2
    assert capsys.readouterr().err == "qa-desk: --rubric: no rubric 'nope' (rubrics: test-rubric)\n"
    assert main([*command, "--timezone", "Mars/Base"]) == 2
    assert "unknown time zone 'Mars/Base'" in capsys.readouterr().err
    missing = data_dir / "missing.xlsx"
    assert main([*command[:4], str(missing), "--rubric", "test-rubric"]) == 2
    assert capsys.readouterr().err == f"qa-desk: {missing}: no such file\n"

    export = ["--db", db_url, "reviews", "export"]
    assert main([*export, "-o", str(data_dir / "reviews.txt")]) == 2
    assert "name the format (csv or jsonl)" in capsys.readouterr().err
    assert main([*export, "-o", str(data_dir / "nowhere" / "r.csv")]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert main([*export, "-o", str(data_dir / "r.csv"), "--from", "last week"]) == 2
    assert "'last week' is not a date" in capsys.readouterr().err
    assert not (data_dir / "r.csv").exists()
