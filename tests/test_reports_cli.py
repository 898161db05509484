"""``qa-desk report coaching|scorecard``: the workbooks from the command line, and bad input ending
with status 2, a message naming what was wrong, and no file written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from qa_desk.cli import main
from tests.test_reports_data import ReportIds, build_reports, open_book, rows


@pytest.fixture
def report_data(db, data_dir) -> ReportIds:
    return build_reports(db, data_dir)


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix != ".sqlite3" and "-wal" not in
                  p.name and "-shm" not in p.name)  # fmt: skip


def coaching(db_url: str, out: Path, *extra: str, agent: str = "dana") -> int:
    return main(["--db", db_url, "report", "coaching", "--agent", agent, "--from", "2026-04-01",
                 "--to", "2026-04-30", "-o", str(out), *extra])  # fmt: skip


def scorecard(db_url: str, out: Path, *extra: str) -> int:
    return main(["--db", db_url, "report", "scorecard", "--from", "2026-03-01", "--to",
                 "2026-04-30", "-o", str(out), *extra])  # fmt: skip


def test_both_workbooks_from_the_command_line(db_url, report_data, data_dir, capsys):
    out = data_dir / "Dana April.xlsx"
    assert coaching(db_url, out, "--mask-pii") == 0
    assert f"{out}: coaching report of Dana, 2 reviews" in capsys.readouterr().out
    assert open_book(out).sheetnames[0] == "Summary"

    out = data_dir / "Tier 1.xlsx"
    assert scorecard(db_url, out, "--team", "tier 1") == 0
    printed = capsys.readouterr().out
    assert f"{out}: scorecard, 8 reviews" in printed and "Raw data" in printed
    assert len(rows(open_book(out)["Raw data"])) == 9


def test_a_period_without_reviews_gives_a_workbook_and_a_warning(
    db_url, report_data, data_dir, capsys
):
    out = data_dir / "Dana June.xlsx"
    args = ["--db", db_url, "report", "coaching", "--agent", "dana", "--from", "2026-06-01",
            "--to", "2026-06-30", "-o", str(out)]  # fmt: skip
    assert main(args) == 0 and out.exists()
    printed = capsys.readouterr()
    assert f"{out}: coaching report of Dana, 0 reviews" in printed.out
    assert printed.err.startswith(
        "qa-desk: warning: no reviews for Dana were submitted from 2026-06-01 to 2026-06-30; "
        "the newest was submitted on 2026-04-"
    )
    out = data_dir / "June.xlsx"
    args = ["--db", db_url, "report", "scorecard", "--from", "2026-06-01", "--to", "2026-06-30",
            "-o", str(out)]  # fmt: skip
    assert main(args) == 0
    assert "warning: no reviews were submitted from 2026-06-01" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-13-01"], "--from: '2026-13-01' is not a date (YYYY-MM-DD)"),
        (["--to", "April"], "--to: 'April' is not a date (YYYY-MM-DD)"),
        (["--from", "2026-05-01"], "period: ends (2026-04-30) before it starts (2026-05-01)"),
    ],
)
def test_bad_dates_exit_2(db_url, report_data, data_dir, capsys, args, message):
    out = data_dir / "never.xlsx"
    before = files(data_dir)
    assert coaching(db_url, out, *args) == 2
    assert message in capsys.readouterr().err
    assert scorecard(db_url, out, *args) == 2
    assert message in capsys.readouterr().err
    assert files(data_dir) == before


def test_unknown_agent_or_team_exits_2_and_leaves_an_old_file_alone(
    db_url, report_data, data_dir, capsys
):
    out = data_dir / "kept.xlsx"
    out.write_bytes(b"an older workbook")
    before = files(data_dir)
    assert coaching(db_url, out, agent="Zed") == 2
    assert "agent: no agent 'Zed' (by id, e-mail or name)" in capsys.readouterr().err
    assert scorecard(db_url, out, "--team", "Tier 9") == 2
    assert "team: no team 'Tier 9' (teams: Tier 1, Tier 2)" in capsys.readouterr().err
    assert files(data_dir) == before and out.read_bytes() == b"an older workbook"


def test_an_output_that_cannot_be_written_exits_2(db_url, report_data, data_dir, capsys):
    blocker = data_dir / "a file"
    blocker.write_text("not a folder")
    (data_dir / "a folder.xlsx").mkdir()
    before = files(data_dir)
    cases = [
        (data_dir / "missing" / "out.xlsx", "no folder"),
        (blocker / "out.xlsx", "no folder"),
        (data_dir / "a folder.xlsx", "is a folder; name the file to write"),
        (data_dir / "out.csv", "the output must be an .xlsx file"),
    ]
    for out, message in cases:
        assert coaching(db_url, out) == 2, out
        err = capsys.readouterr().err
        assert message in err and str(out) in err, err
        assert scorecard(db_url, out) == 2, out
        assert message in capsys.readouterr().err
    assert files(data_dir) == before


def test_a_workbook_gets_the_permissions_any_saved_file_gets(db_url, report_data, data_dir):
    # colleagues on a shared drive must be able to open it: not a private temporary file's 0600
    before = files(data_dir)
    previous = os.umask(0o022)
    try:
        out = data_dir / "shared.xlsx"
        assert scorecard(db_url, out) == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert files(data_dir) == sorted([*before, "shared.xlsx"])  # no temporary file left
