"""Indexes the pages need as a register grows (measured by bench/web_bench.py at 10,000
documents): a document's audit rows (its history, the comments of returned drafts) and the
documents of a body by state ("Việc của tôi")."""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_document", "audit", ["document", "seq"])
    op.create_index("ix_documents_body_state", "documents", ["body", "state"])


def downgrade() -> None:
    op.drop_index("ix_documents_body_state", "documents")
    op.drop_index("ix_audit_document", "audit")
