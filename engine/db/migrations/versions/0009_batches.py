"""Batches: the jobs of a generation run by workers (Celery) or in this process, one row per
document job with its state, tries, writes and error, so that progress and failures outlive the
process that submitted them (`vanban batch status ID`)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("executor", sa.String(20), nullable=False),
        sa.Column("out_dir", sa.Text, nullable=False),
        sa.Column("pdf", sa.Boolean, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "batch_jobs",
        sa.Column("batch_id", sa.String(32), sa.ForeignKey("batches.id"), nullable=False),
        sa.Column("job", sa.String(300), nullable=False),
        sa.Column("version", sa.String(130), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("tries", sa.Integer, nullable=False),
        sa.Column("writes", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64)),
        sa.Column("error", sa.Text),
        sa.Column("worker", sa.String(200)),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("batch_id", "job"),
    )
    op.create_index("batch_jobs_state", "batch_jobs", ["batch_id", "state"])


def downgrade() -> None:
    op.drop_index("batch_jobs_state", "batch_jobs")
    op.drop_table("batch_jobs")
    op.drop_table("batches")
