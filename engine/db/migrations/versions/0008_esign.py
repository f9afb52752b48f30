"""Electronic issuance: each account's signature image, each body's seal image, and the PDF
the signer signed (its path and hash) on each document."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("signature_png", sa.LargeBinary))
    op.add_column("bodies", sa.Column("seal_png", sa.LargeBinary))
    op.add_column("documents", sa.Column("signed_pdf", sa.Text))
    op.add_column("documents", sa.Column("signed_pdf_hash", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("signed_pdf_hash")
        batch.drop_column("signed_pdf")
    with op.batch_alter_table("bodies") as batch:
        batch.drop_column("seal_png")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("signature_png")
