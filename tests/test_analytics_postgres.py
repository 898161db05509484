"""Every analytics table gives the same figures on PostgreSQL as on SQLite (the SQL they write
groups by periods, windows over reviewers and ranks times: each dialect must agree)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

import pytest

from qa_desk.analytics import (
    GROUPINGS,
    agent_profile,
    criteria_by_agent,
    csat_vs_quality,
    quality_table,
    reviewer_stats,
    reviews_behind,
    trend,
    trends_by,
)
from tests.test_analytics_data import build

pytestmark = pytest.mark.postgres


def plain(value: Any) -> Any:
    """Dataclasses as dicts, floats rounded, times as text: comparable across databases."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def tables(db, ids) -> dict[str, Any]:
    dana, tier_1 = ids.agents["Dana"], ids.teams["Tier 1"]
    april = {"date_from": date(2026, 4, 1), "date_to": date(2026, 4, 30)}
    with db.reader() as session:
        found = {f"quality {by}": quality_table(session, by) for by in GROUPINGS}
        found |= {
            "trend weeks": trend(session, "week"),
            "trend dana": trend(session, "month", agent_id=dana),
            "trend team april": trend(session, "week", team_id=tier_1, **april),
            "trends agents": trends_by(session, "agent", "week"),
            "trends rubric": trends_by(session, "rubric", "month"),
            "profile": agent_profile(session, dana),
            "profile april": agent_profile(session, dana, **april),
            "heat map": criteria_by_agent(session),
            "reviewers": reviewer_stats(session),
            "reviewers weekly": reviewer_stats(session, period="week"),
            "reviewers overall": reviewer_stats(session, period=None, team_id=tier_1),
            "csat": csat_vs_quality(session, min_gap=0.1),
            "behind": reviews_behind(session, agent_id=dana, **april),
        }
    return plain(found)


def test_postgres_gives_the_same_figures_as_sqlite(db, pg_db, data_dir):
    sqlite_ids = build(db, data_dir)
    postgres_ids = build(pg_db, data_dir)
    assert postgres_ids == sqlite_ids
    on_sqlite, on_postgres = tables(db, sqlite_ids), tables(pg_db, postgres_ids)
    for name, figures in on_sqlite.items():
        assert on_postgres[name] == figures, name
    assert on_postgres["reviewers"][0]["compared"] == 4  # not two empty answers
    assert [p["stats"]["reviews"] for p in on_postgres["trend weeks"]["points"]] == [
        4,
        2,
        0,
        0,
        0,
        4,
    ]
