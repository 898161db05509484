"""Alembic environment: runs against the engine QA Desk hands over, in batch mode for SQLite."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from qa_desk.db.migrate import include_name
from qa_desk.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    engine = config.attributes.get("engine")
    if engine is None:  # run from the alembic command line during development
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
