"""conversation sort indexes

Indexes that let the conversation browser page through every sort order by keyset (see
qa_desk.conversation_query): external id, CSAT and message count. Start time, channel, agent and
team are indexed already.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 20:45:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conversations_csat"), ["csat"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_conversations_external_id"), ["external_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_conversations_message_count"), ["message_count"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversations_message_count"))
        batch_op.drop_index(batch_op.f("ix_conversations_external_id"))
        batch_op.drop_index(batch_op.f("ix_conversations_csat"))
