"""Issuing bodies as drafted: the header lines the printed register needs (no YAML at print)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bodies",
        sa.Column("ma", sa.String(100), primary_key=True),
        sa.Column("ten", sa.Text, nullable=False),
        sa.Column("ten_in", sa.Text, nullable=False),      # JSON list: lines of ô 2
        sa.Column("chu_quan", sa.Text, nullable=False),    # JSON list: the superior body
    )


def downgrade() -> None:
    op.drop_table("bodies")
