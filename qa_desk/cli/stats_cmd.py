"""``qa-desk stats``: quality score per group, with its n, 95% interval, pass rate, critical fails."""

from __future__ import annotations

import argparse
import json

from qa_desk.analytics import GROUPINGS, GroupStats, quality_table
from qa_desk.cli.common import open_db
from qa_desk.cli.dates import add_period_options, check_period
from qa_desk.rubric_store import get_version


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "stats",
        help="quality scores per agent, team, reviewer, criterion, channel, week or month",
        description="Quality score (IQS: the mean review score) per group with the number of "
        "reviews, its 95%% confidence interval, pass rate and critical fails. Counts current, "
        "submitted, non-calibration reviews, dated by when they were submitted.",
    )
    parser.add_argument(
        "--by", choices=GROUPINGS, default="agent", help="grouping (default: agent)"
    )
    add_period_options(parser, "the reviews counted (submitted date)")
    parser.add_argument("--rubric", metavar="ID", help="only reviews made with this rubric")
    parser.add_argument("--json", action="store_true", help="print a JSON list of objects")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    check_period(args)
    db = open_db(args)
    with db.reader() as session:
        if args.rubric:
            get_version(session, args.rubric)  # a clear error for an unknown rubric
        rows = quality_table(session, args.by, args.date_from, args.date_to, args.rubric)
    if args.json:
        print(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
    else:
        print(format_table(rows, args.by))
    return 0


def _pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def format_table(rows: list[GroupStats], by: str) -> str:
    """The rows as an aligned text table (numbers right-aligned)."""
    if not rows:
        return "No submitted reviews in this selection."
    header = [by, "reviews", "IQS %", "95% CI", "pass rate", "critical fails"]
    if rows[0].rubric is not None:
        header.insert(0, "rubric")
    lines = []
    for r in rows:
        interval = "–" if r.ci_low is None else f"{r.ci_low:.1f}–{r.ci_high:.1f}"
        pass_rate = "–" if r.pass_rate is None else f"{r.pass_rate:.0%}"
        cells = [r.group, f"{r.reviews:,}", _pct(r.iqs), interval, pass_rate, str(r.critical_fails)]
        if r.rubric is not None:
            cells.insert(0, r.rubric)
        lines.append(cells)
    text_columns = 2 if rows[0].rubric is not None else 1
    widths = [max(len(str(c)) for c in column) for column in zip(header, *lines, strict=False)]

    def render(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i < text_columns else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([render(header), *(render(line) for line in lines)])
