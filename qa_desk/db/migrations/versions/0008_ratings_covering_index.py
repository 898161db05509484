"""ratings covering index

An index holding each rating's review, criterion and fraction, so the sums per criterion that the
analytics and reports make over a million ratings read the index alone (see
qa_desk.analytics_criteria.criterion_sums).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 23:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ratings_review_criterion_fraction",
            ["review_id", "criterion_id", "fraction"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_index("ix_ratings_review_criterion_fraction")
