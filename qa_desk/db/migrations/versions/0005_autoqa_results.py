"""automatic check results

One row per conversation and automatic check: pass / fail / not applicable with its evidence
(see qa_desk.autoqa).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 22:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "autoqa_results",
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("check", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("engine_version", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_autoqa_results_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conversation_id", "check", name=op.f("pk_autoqa_results")),
    )
    with op.batch_alter_table("autoqa_results", schema=None) as batch_op:
        batch_op.create_index("ix_autoqa_results_check_outcome", ["check", "outcome"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("autoqa_results", schema=None) as batch_op:
        batch_op.drop_index("ix_autoqa_results_check_outcome")
    op.drop_table("autoqa_results")
