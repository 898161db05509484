"""``qa-desk autoqa agreement --from/--to``: the reviews submitted in the period, as the Reports
page counts them; a bad date or a period that ends before it starts is refused with status 2."""

from __future__ import annotations

import json

from qa_desk.cli import main
from tests.test_autoqa_agreement_period import reviewed as reviewed  # the fixture


def agreement(db_url: str, capsys, *options: str) -> tuple[int, str, str]:
    status = main(["--db", db_url, "autoqa", "agreement", *options])
    out, err = capsys.readouterr()
    return status, out, err


def greeting_row(out: str) -> list[str]:
    return next(line.split() for line in out.splitlines() if line.startswith("greeting"))


def test_agreement_over_a_period(db_url, reviewed, capsys):
    """R1 (10 March) agrees, R2 (31 March 23:30 UTC) does not; R3 and R4 (April) do not."""
    status, out, _ = agreement(db_url, capsys)
    assert status == 0 and greeting_row(out)[1:4] == ["4", "1", "25%"]
    assert "Reviews submitted" not in out
    status, out, _ = agreement(db_url, capsys, "--from", "2026-03-01", "--to", "2026-03-31")
    assert status == 0
    assert out.startswith("Reviews submitted 2026-03-01 – 2026-03-31:")
    assert greeting_row(out)[1:4] == ["2", "1", "50%"]
    status, out, _ = agreement(db_url, capsys, "--from", "2026-04-01", "--json")
    greeting = next(row for row in json.loads(out) if row["check"] == "greeting")
    assert (greeting["compared"], greeting["agreed"], greeting["agreement"]) == (2, 0, 0.0)
    status, out, _ = agreement(db_url, capsys, "--to", "2026-03-10")
    assert out.startswith("Reviews submitted on or before 2026-03-10:")
    assert greeting_row(out)[1:4] == ["1", "1", "100%"]


def test_a_period_without_reviews_says_so(db_url, reviewed, capsys):
    status, out, _ = agreement(db_url, capsys, "--from", "2026-05-01", "--to", "2026-05-31")
    assert status == 0
    assert out.strip() == (
        "No review submitted 2026-05-01 – 2026-05-31 rates a criterion that names an "
        "automatic check."
    )


def test_a_bad_date_or_period_is_refused_with_status_2(db_url, reviewed, capsys):
    status, out, err = agreement(db_url, capsys, "--from", "2026-13-01")
    assert status == 2 and out == ""
    assert "--from" in err and "'2026-13-01' is not a date (YYYY-MM-DD)" in err
    status, out, err = agreement(db_url, capsys, "--to", "31.03.2026")
    assert status == 2 and "'31.03.2026' is not a date" in err
    status, out, err = agreement(db_url, capsys, "--from", "2026-03-31", "--to", "2026-03-01")
    assert status == 2 and out == ""
    assert "the period ends (2026-03-01) before it starts (2026-03-31)" in err
