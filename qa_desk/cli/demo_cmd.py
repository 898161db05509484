"""``qa-desk demo``: fill the database with the bundled demo data set."""

from __future__ import annotations

import argparse

from qa_desk.cli.common import ProgressBar, counted, open_db
from qa_desk.demo import load_demo


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "demo",
        help="fill the database with the bundled demo data set",
        description="Add the demo data set: about 2,000 support conversations from August to "
        "October 2026 (chat, e-mail and phone; English, Ukrainian, Russian, Chinese and Arabic) "
        "handled by 25 agents in 3 teams, the shipped rubrics, four QA reviewers, a coach and a "
        "manager, and a few hundred past reviews. Running it again adds nothing.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    db = open_db(args)
    bar = ProgressBar()
    try:
        counts = load_demo(db, progress=bar)
    finally:
        bar.close()
    if not counts.changed_anything:
        print(f"The demo data set is already in {db.display_name}; nothing was added.")
        return 0
    print(f"Demo data set added to {db.display_name}:")
    print(
        f"  conversations: {counts.conversations_added:,} added, "
        f"{counts.conversations_updated:,} updated, {counts.conversations_unchanged:,} unchanged "
        f"({counts.messages:,} messages written)"
    )
    print(f"  rubrics: {counts.rubrics_added:,} added")
    print(f"  users: {counts.users_added:,} added (reviewers, a coach and a manager)")
    print(f"  reviews: {counts.reviews_added:,} added, {counts.reviews_unchanged:,} already there")
    print(
        f"  coaching: {counted(counts.coaching_sessions_added, 'session')} added, "
        f"{counts.coaching_sessions_unchanged:,} already there"
    )
    print(f"  automatic checks: {counted(counts.conversations_checked, 'conversation')} checked")
    return 0
