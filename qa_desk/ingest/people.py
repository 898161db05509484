"""Agents and teams as imports match them: by source id, then e-mail, then name.

An import loads every agent and team once (:class:`PeopleCache`) and creates or brings up to date
only those its records name differently.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from qa_desk.db.models import Agent, Team
from qa_desk.ingest.records import PersonRecord

_INSERT_TEAM = insert(Team).returning(Team.id)
_INSERT_AGENT = insert(Agent).returning(Agent.id)


class PeopleCache:
    """Agents and teams by the keys imports match them on, loaded once per import."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.teams: dict[str, int] = {
            name: id_ for id_, name in connection.execute(select(Team.id, Team.name))
        }
        self.agent_rows: dict[int, dict[str, Any]] = {}
        self.by_external: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        # (id, name, email, team id) of an agent as a record names them -> the agent's id, for
        # names already matched and brought up to date; forgotten whenever an agent is added or
        # changed, since that can change what a name matches.
        self._settled: dict[tuple[str | None, str | None, str | None, int | None], int] = {}
        for row in connection.execute(
            select(Agent.id, Agent.external_id, Agent.name, Agent.email, Agent.team_id)
        ):
            self._remember(dict(row._mapping))

    def _remember(self, row: dict[str, Any]) -> None:
        self.agent_rows[row["id"]] = row
        if row["external_id"]:
            self.by_external[row["external_id"]] = row["id"]
        if row["email"]:
            self.by_email.setdefault(row["email"].casefold(), row["id"])
        self.by_name.setdefault(row["name"].casefold(), row["id"])

    def team_id(self, name: str | None) -> int | None:
        if not name:
            return None
        if name not in self.teams:
            self.teams[name] = self.connection.execute(_INSERT_TEAM, {"name": name}).scalar_one()
        return self.teams[name]

    def agent_id(self, person: PersonRecord | None, team_id: int | None) -> int | None:
        """The id of the agent ``person`` names, created or brought up to date as needed."""
        if person is None or not person.label:
            return None
        as_named = (person.id, person.name, person.email, team_id)
        settled = self._settled.get(as_named)
        if settled is not None:
            return settled
        found = None
        if person.id:
            found = self.by_external.get(person.id)
        if found is None and person.email:
            found = self.by_email.get(person.email.casefold())
        if found is None and not person.id and person.name:
            # a name alone matches, but not an agent of that name with another e-mail address:
            # two people may share a name, and their rows must not take turns at one agent
            found = self.by_name.get(person.name.casefold())
            known = None if found is None else self.agent_rows[found]["email"]
            if person.email and known and known.casefold() != person.email.casefold():
                found = None
        wanted = {
            "external_id": person.id,
            "name": person.name or person.email or person.id,
            "email": person.email,
            "team_id": team_id,
        }
        if found is None:
            wanted["id"] = self.connection.execute(_INSERT_AGENT, wanted).scalar_one()
            self._remember(wanted)
            self._settled.clear()
            self._settled[as_named] = wanted["id"]
            return wanted["id"]
        row = self.agent_rows[found]
        changes = {
            key: value
            for key, value in wanted.items()
            if value is not None and value != row[key] and not (key == "external_id" and row[key])
        }
        if changes:
            self.connection.execute(update(Agent).where(Agent.id == found).values(**changes))
            row.update(changes)
            self._remember(row)
            self._settled.clear()
        self._settled[as_named] = found
        return found
