"""The analytics tell the demo data set's story (resources/demo/README.md): Andrii Kravchenko skips
identity checks, Kevin O'Brien improves month by month, Hannah Weber scores strictly and Nadia
Rahman leniently."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from qa_desk.analytics import (
    agent_profile,
    criteria_by_agent,
    csat_vs_quality,
    quality_table,
    reviewer_stats,
    trend,
)
from qa_desk.db import Database, open_database
from qa_desk.db.models import Agent
from qa_desk.demo import load_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Database]:
    database = open_database("sqlite:///" + str(tmp_path_factory.mktemp("demo") / "demo.sqlite3"))
    load_demo(database)
    yield database
    database.dispose()


def agent_id(session, name: str) -> int:
    return session.scalar(select(Agent.id).where(Agent.name == name))


def test_andrii_kravchenko_loses_most_on_identity_checks(demo):
    with demo.reader() as session:
        profile = agent_profile(session, agent_id(session, "Andrii Kravchenko"))
    weakest = profile.weakest[0]
    assert weakest.criterion == "data_protection" and weakest.critical
    assert weakest.ratings >= 5 and weakest.below_half >= 3
    assert profile.quality.critical_fails >= 3
    assert profile.vs_team.value < 0
    assert any(c.cause == "shared data before verifying" for c in profile.root_causes)
    assert profile.low_reviews[0].review.critical_fail


def test_kevin_obrien_improves_month_by_month(demo):
    with demo.reader() as session:
        series = trend(session, "month", agent_id=agent_id(session, "Kevin O'Brien"))
    points = [p for p in series.points if p.stats.reviews]
    assert [p.period for p in points] == ["2026-08", "2026-09", "2026-10"]
    scores = [p.stats.iqs for p in points]
    assert scores == sorted(scores) and scores[-1] - scores[0] > 20
    assert points[0].vs_team.value < 0 < points[-1].vs_team.value


def test_hannah_weber_is_strict_and_nadia_rahman_lenient(demo):
    with demo.reader() as session:
        reviewers = {r.reviewer: r for r in reviewer_stats(session)}
    assert reviewers["Hannah Weber"].severity.mean < 0 < reviewers["Nadia Rahman"].severity.mean
    assert sum(r.reviews for r in reviewers.values()) == 410
    assert all(r.median_seconds for r in reviewers.values())


def test_the_other_tables_cover_the_demo(demo):
    with demo.reader() as session:
        matrix = criteria_by_agent(session)
        csat = csat_vs_quality(session)
        agents = quality_table(session, "agent")
    assert len(matrix.agents) == len(agents) == 25
    assert csat.pairs > 100 and csat.pearson.value is not None
