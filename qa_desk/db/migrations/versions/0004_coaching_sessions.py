"""coaching sessions

Coaching sessions (one-on-ones of a coach with an agent), the reviews discussed in each, and the
action items agreed (see qa_desk.coaching).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 21:56:40
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coaching_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agents.id"],
            name=op.f("fk_coaching_sessions_agent_id_agents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["coach_id"], ["users.id"], name=op.f("fk_coaching_sessions_coach_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coaching_sessions")),
    )
    with op.batch_alter_table("coaching_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_coaching_sessions_agent_held", ["agent_id", "held_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_coaching_sessions_coach_id"), ["coach_id"], unique=False
        )

    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coaching_session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coaching_session_id"],
            ["coaching_sessions.id"],
            name=op.f("fk_action_items_coaching_session_id_coaching_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
    )
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_items_coaching_session_id"), ["coaching_session_id"], unique=False
        )

    op.create_table(
        "coaching_session_reviews",
        sa.Column("coaching_session_id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coaching_session_id"],
            ["coaching_sessions.id"],
            name=op.f("fk_coaching_session_reviews_coaching_session_id_coaching_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["reviews.id"],
            name=op.f("fk_coaching_session_reviews_review_id_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "coaching_session_id", "review_id", name=op.f("pk_coaching_session_reviews")
        ),
    )
    with op.batch_alter_table("coaching_session_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coaching_session_reviews_review_id"), ["review_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("coaching_session_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coaching_session_reviews_review_id"))

    op.drop_table("coaching_session_reviews")
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_items_coaching_session_id"))

    op.drop_table("action_items")
    with op.batch_alter_table("coaching_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coaching_sessions_coach_id"))
        batch_op.drop_index("ix_coaching_sessions_agent_held")

    op.drop_table("coaching_sessions")
