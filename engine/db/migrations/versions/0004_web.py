"""The web application: failed logins (throttling) and each body's profile file as imported
(documents made in the browser are drafted against it)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("login", sa.String(50), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False))
    op.create_index("ix_login_failures_login", "login_failures", ["login", "at"])
    op.create_index("ix_login_failures_address", "login_failures", ["address", "at"])
    with op.batch_alter_table("bodies") as batch:
        batch.add_column(sa.Column("profile", sa.Text))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE TRIGGER login_failures_no_truncate BEFORE TRUNCATE ON login_failures "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()")


def downgrade() -> None:
    with op.batch_alter_table("bodies") as batch:
        batch.drop_column("profile")
    op.drop_table("login_failures")
