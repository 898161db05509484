"""full-text search over message text

SQLite: an FTS5 index over messages.text (external content; see qa_desk.db.fulltext), filled for the
messages already stored; the importer indexes what it adds, triggers handle deletes and edits. PostgreSQL: a GIN index over the text's tsvector.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 14:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # External content: the text is stored once, in messages. The importer indexes new messages
        # in bulk (far faster than a per-row insert trigger); deleting and editing go through triggers.
        op.execute(
            "CREATE VIRTUAL TABLE message_fts USING fts5(text, content='messages', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            "INSERT INTO message_fts(rowid, text) SELECT id, qa_fts_text(text) FROM messages"
        )
        op.execute(
            "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN "
            "INSERT INTO message_fts(message_fts, rowid, text) "
            "VALUES ('delete', old.id, qa_fts_text(old.text)); END"
        )
        op.execute(
            "CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN "
            "INSERT INTO message_fts(message_fts, rowid, text) "
            "VALUES ('delete', old.id, qa_fts_text(old.text)); "
            "INSERT INTO message_fts(rowid, text) VALUES (new.id, qa_fts_text(new.text)); END"
        )
    elif bind.dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_messages_text_fts ON messages USING gin (to_tsvector('simple', text))"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS messages_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS message_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_messages_text_fts")
