"""Opening databases: settings, automatic upgrades with a backup, refusing newer ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from qa_desk.config import database_url
from qa_desk.db import migrate, open_database
from qa_desk.db.engine import make_engine
from qa_desk.db.fulltext import matching_message_ids
from qa_desk.db.models import Base
from qa_desk.errors import DatabaseTooNew


def test_sqlite_settings_on_every_connection(db):
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_new_database_is_at_head_and_matches_the_models(db):
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": migrate.include_name, "compare_type": True}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_upgrade_keeps_data_and_makes_a_backup(data_dir: Path):
    path = data_dir / "old.sqlite3"
    url = "sqlite:///" + str(path)
    engine = make_engine(url)
    migrate.upgrade(engine, "0001")  # a database from the first release
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO teams (id, name) VALUES (1, 'Команда')")
        connection.exec_driver_sql(
            "INSERT INTO conversations (id, source, external_id, fields, message_count, "
            "content_hash, imported_at) VALUES (1, 'old', 'T-1', '{}', 2, 'x', '2026-01-01 00:00:00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO messages (conversation_id, position, role, internal, text) VALUES "
            "(1, 0, 'customer', 0, 'Мій пакунок не прийшов'), (1, 1, 'agent', 0, '我们会退款')"
        )
    engine.dispose()

    db = open_database(url)
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        assert db.backup_path is not None and db.backup_path.exists()
        assert db.backup_path.parent == path.parent
        backup = sqlite3.connect(db.backup_path)
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert backup.execute("SELECT count(*) FROM messages").fetchone() == (2,)
        backup.close()
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT name FROM teams").scalar() == "Команда"
            texts = [
                r[0]
                for r in connection.exec_driver_sql("SELECT text FROM messages ORDER BY position")
            ]
            assert texts == ["Мій пакунок не прийшов", "我们会退款"]
            # messages stored before full-text search existed are searchable after the upgrade
            for query in ("пакунок", "退款"):
                found = connection.execute(matching_message_ids(query, db.engine.dialect)).all()
                assert len(found) == 1, query
    finally:
        db.dispose()


def test_opening_an_up_to_date_database_makes_no_backup(db_url):
    open_database(db_url).dispose()
    again = open_database(db_url)
    assert again.backup_path is None
    again.dispose()


def test_a_database_from_a_newer_qa_desk_is_refused(db_url):
    open_database(db_url).dispose()
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(DatabaseTooNew, match="newer QA Desk"):
        open_database(db_url)


def test_database_location_from_option_environment_or_default(monkeypatch, tmp_path):
    monkeypatch.delenv("QA_DESK_DB", raising=False)
    assert database_url().endswith("qa-desk.sqlite3")
    monkeypatch.setenv("QA_DESK_DB", str(tmp_path / "env.sqlite3"))
    assert database_url() == "sqlite:///" + str(tmp_path / "env.sqlite3")
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
