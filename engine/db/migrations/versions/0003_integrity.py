"""Integrity: campaigns with their own ids, content snapshots and versions, accounts, roles and
sessions, the audit's hash chain; append-only tables also refuse TRUNCATE on PostgreSQL.

Rows written before this migration are kept: each document's campaign id is the first part of
its id, and the existing audit rows are chained in their order (actor names as recorded).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from engine.db import chain
from engine.db.chain import GENESIS, row_hash

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_APPEND_ONLY = ("audit", "versions", "snapshots")
_ALL = ("documents", "counters", "bodies", "campaigns", "snapshots", "versions", "users",
        "roles", "sessions", "audit", "chain_heads")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _drop_old_triggers(sqlite)
    _create_tables()
    _extend_documents()
    with op.batch_alter_table("bodies") as batch:
        batch.add_column(sa.Column("signers", sa.Text, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("self_approval", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
    _extend_audit()
    _chain_existing_rows()
    for statement in _sqlite_triggers() if sqlite else _postgres_triggers():
        op.execute(statement)


def _drop_old_triggers(sqlite: bool) -> None:
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS audit_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_no_update ON audit")


def _create_tables() -> None:
    op.create_table(
        "campaigns",
        sa.Column("ma", sa.String(100), primary_key=True),
        sa.Column("source", sa.Text, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False))
    op.create_table(
        "snapshots",
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("campaign", sa.Text, nullable=False),
        sa.Column("files", sa.Text, nullable=False))
    op.create_table(
        "versions",
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("document", sa.String(200), nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("snapshot", sa.String(64), nullable=False),
        sa.Column("templates", sa.Text, nullable=False),
        sa.Column("draft_hash", sa.String(64), nullable=False),
        sa.Column("author_id", sa.Integer),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("document", "n", name="uq_version_number"))
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("login", sa.String(50), nullable=False, unique=True),
        sa.Column("full_name", sa.String(100), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False))
    op.create_table(
        "roles",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("body", sa.String(100), nullable=False),
        sa.Column("role", sa.String(30), nullable=False),
        sa.Column("signer", sa.String(100)),
        sa.PrimaryKeyConstraint("user_id", "body", "role", name="pk_roles"))
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "chain_heads",
        sa.Column("body", sa.String(100), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False))


def _extend_documents() -> None:
    with op.batch_alter_table("documents") as batch:
        for name, kind in (("campaign_id", sa.String(100)), ("signer_ma", sa.String(100)),
                           ("current_version", sa.String(64)),
                           ("approved_version", sa.String(64)),
                           ("signed_version", sa.String(64)), ("issue_pdf", sa.Boolean)):
            batch.add_column(sa.Column(name, kind))
        batch.create_unique_constraint("uq_document_in_campaign", ["campaign_id", "ma"])
    bind = op.get_bind()
    now = datetime.now(UTC)
    seen: set[str] = set()
    for doc_id, campaign in bind.execute(sa.text("SELECT id, campaign FROM documents ORDER BY id")):
        ma = doc_id.split("/", 1)[0]
        bind.execute(sa.text("UPDATE documents SET campaign_id = :ma WHERE id = :id"),
                     {"ma": ma, "id": doc_id})
        if ma not in seen:
            seen.add(ma)
            bind.execute(sa.text("INSERT INTO campaigns (ma, source, created_at) "
                                 "VALUES (:ma, :source, :at)"),
                         {"ma": ma, "source": campaign, "at": now})


def _extend_audit() -> None:
    with op.batch_alter_table("audit") as batch:
        batch.alter_column("document", existing_type=sa.String(200), nullable=True)
        batch.alter_column("to_state", existing_type=sa.String(20), nullable=True)
        for name, kind in (("body", sa.String(100)), ("seq", sa.Integer),
                           ("actor_id", sa.Integer), ("data", sa.Text),
                           ("prev_hash", sa.String(64)), ("row_hash", sa.String(64))):
            batch.add_column(sa.Column(name, kind))
        batch.create_unique_constraint("uq_audit_chain", ["body", "seq"])


def _chain_existing_rows() -> None:
    """Give the rows written before chaining their body, place and hash, in id order."""
    bind = op.get_bind()
    bodies: dict[str, str] = {str(k): str(v) for k, v in bind.execute(
        sa.text("SELECT id, body FROM documents")).all()}
    heads: dict[str, tuple[int, str]] = {}
    for row in bind.execute(sa.text("SELECT * FROM audit ORDER BY id")).mappings().all():
        body = bodies.get(row["document"], "")
        seq, prev = heads.get(body, (0, GENESIS))
        values = {**row, "body": body, "seq": seq + 1, "prev_hash": prev}
        if isinstance(values["at"], str):
            values["at"] = datetime.fromisoformat(values["at"])
        digest = row_hash(values)
        bind.execute(sa.text("UPDATE audit SET body = :body, seq = :seq, prev_hash = :prev, "
                             "row_hash = :hash WHERE id = :id"),
                     {"body": body, "seq": seq + 1, "prev": prev, "hash": digest,
                      "id": row["id"]})
        heads[body] = (seq + 1, digest)
    for body, (seq, digest) in heads.items():
        bind.execute(sa.text("INSERT INTO chain_heads (body, seq, hash) VALUES (:b, :s, :h)"),
                     {"b": body, "s": seq, "h": digest})
    _vouch_existing_documents(bind)


def _vouch_existing_documents(bind: sa.Connection) -> None:
    """One chained row per document written before this migration: the register row as it
    was then (older audit rows did not record it), so `audit verify` can compare from here."""
    for row in bind.execute(sa.text("SELECT * FROM documents ORDER BY id")).mappings().all():
        chain.append(bind, {
            "body": row["body"], "document": row["id"], "actor_id": None,
            "actor": "vanban (chuyển đổi dữ liệu 0003)", "role": "quan_tri",
            "action": "chuyen_doi", "from_state": row["state"], "to_state": row["state"],
            "comment": None, "content_hash": row["content_hash"],
            "data": json.dumps(chain.vouched(row), ensure_ascii=False, sort_keys=True)})


def _sqlite_triggers() -> list[str]:
    return [f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            for table in _APPEND_ONLY for verb in ("UPDATE", "DELETE")]


def _postgres_triggers() -> list[str]:
    statements = [
        "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"]
    statements += [f"CREATE TRIGGER {table}_no_update BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION audit_append_only()" for table in _APPEND_ONLY]
    # Row triggers do not fire on TRUNCATE: refuse it on every table of the register.
    statements += [f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()" for table in _ALL]
    return statements


def downgrade() -> None:
    raise NotImplementedError("the integrity migration is not reversible: restore a backup")
