"""Tasks: the web application's long jobs (a preview, the rest of an issuance, the register as
PDF, an award dossier), one row per job key with its state, tries and error, so that a page
polling a job run by a Celery worker on another machine, or by a web process since restarted,
still finds where it stands."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tasks",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("tries", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("worker", sa.String(200)),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("tasks")
