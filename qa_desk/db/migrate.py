"""Running the alembic migrations shipped inside the package, from code rather than a config file."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from qa_desk.errors import DatabaseTooNew

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave the full-text search objects (made by hand in a migration: SQLite's FTS5 tables,
    PostgreSQL's expression index) out of schema comparisons."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith("message_fts")
    return not (type_ == "index" and name == "ix_messages_text_fts")


def alembic_config(engine: Engine | None = None) -> Config:
    """An alembic configuration pointing at the packaged migrations (and at ``engine`` if given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def refuse_if_newer(revision: str | None) -> None:
    if revision is not None and revision not in known_revisions():
        raise DatabaseTooNew(
            f"This database was written by a newer QA Desk (schema revision {revision}); "
            "update QA Desk to open it."
        )


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)
