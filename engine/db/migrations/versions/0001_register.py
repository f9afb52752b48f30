"""Documents, number counters and the append-only audit trail."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = [
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END",
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END",
]
_POSTGRES_TRIGGERS = [
    "CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit is append-only'; END $$",
    "CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
]


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("campaign", sa.Text, nullable=False),
        sa.Column("ma", sa.String(100), nullable=False),
        sa.Column("loai", sa.String(30), nullable=False),
        sa.Column("body", sa.String(100), nullable=False),
        sa.Column("series", sa.String(100), nullable=False),
        sa.Column("symbol", sa.String(30), nullable=False),
        sa.Column("trich_yeu", sa.Text, nullable=False),
        sa.Column("signer", sa.String(200), nullable=False),
        sa.Column("recipients", sa.Text, nullable=False),
        sa.Column("archive", sa.Text, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("year", sa.Integer),
        sa.Column("number", sa.Integer),
        sa.Column("issued_on", sa.Date),
        sa.Column("out_dir", sa.Text, nullable=False),
        sa.Column("docx", sa.Text),
        sa.Column("pdf", sa.Text),
        sa.Column("content_hash", sa.String(64)),
        sa.Column("pdf_hash", sa.String(64)),
        sa.Column("attached_to", sa.String(100)),
        sa.Column("related", sa.String(200)),
        sa.Column("relation", sa.String(20)),
        sa.UniqueConstraint("body", "year", "series", "number", name="uq_register_number"),
    )
    op.create_table(
        "counters",
        sa.Column("body", sa.String(100), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("series", sa.String(100), nullable=False),
        sa.Column("last", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("body", "year", "series", name="pk_counters"),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document", sa.String(200), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("role", sa.String(30), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("from_state", sa.String(20)),
        sa.Column("to_state", sa.String(20), nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.String(64)),
    )
    dialect = op.get_bind().dialect.name
    for statement in _SQLITE_TRIGGERS if dialect == "sqlite" else _POSTGRES_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_no_update ON audit")
        op.execute("DROP FUNCTION audit_append_only()")
    for table in ("audit", "counters", "documents"):
        op.drop_table(table)
