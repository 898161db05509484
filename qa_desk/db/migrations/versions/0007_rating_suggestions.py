"""rating suggestions

On each rating, the value an automatic check suggested for its criterion when the reviewer rated it
(see qa_desk.autoqa_review): equal to the rating when the reviewer confirmed the suggestion,
different when they overrode it, empty when none was shown.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # databases made while this column was still part of 0005 (during development) have it
    columns = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("ratings")}
    if "suggested" not in columns:
        with op.batch_alter_table("ratings", schema=None) as batch_op:
            batch_op.add_column(sa.Column("suggested", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_column("suggested")
