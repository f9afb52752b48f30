"""The version of each document a user last saw, so that a reviewer reads the changes since
then (not only since the previous version)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seen_versions",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("document", sa.String(200), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "document", name="pk_seen_versions"))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE TRIGGER seen_versions_no_truncate BEFORE TRUNCATE ON seen_versions "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()")


def downgrade() -> None:
    op.drop_table("seen_versions")
