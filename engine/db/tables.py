"""The tables of the workflow, the register and the accounts (SQLAlchemy Core; created by the
Alembic migrations). The database is the workflow's truth: content versions, who may act, and
a hash-chained audit trail; campaign files are only imported into it.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# A campaign as the database knows it: its id (the file's `ma`, or assigned on first import)
# and the file it was last imported from (absolute path; NULL when made in the browser).
campaigns = Table(
    "campaigns", metadata,
    Column("ma", String(100), primary_key=True),
    Column("source", Text, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", String(200), primary_key=True),      # "<campaign id>/<document id>"
    Column("campaign", Text, nullable=False),          # absolute path of the campaign file
    Column("campaign_id", String(100)),                # campaigns.ma
    Column("ma", String(100), nullable=False),
    Column("loai", String(30), nullable=False),
    Column("body", String(100), nullable=False),       # issuing body (profile id)
    Column("series", String(100), nullable=False),     # numbering sequence within the body
    Column("symbol", String(30), nullable=False),      # ký hiệu, e.g. CT-UBND
    Column("trich_yeu", Text, nullable=False),
    Column("signer", String(200), nullable=False),
    Column("signer_ma", String(100)),                  # the profile's signer entry
    Column("recipients", Text, nullable=False),
    Column("archive", Text, nullable=False),           # "VT, NV": who keeps the file copy
    Column("state", String(20), nullable=False),
    Column("version", Integer, nullable=False),        # optimistic lock (D8)
    Column("current_version", String(64)),             # versions.hash of the latest content
    Column("approved_version", String(64)),            # the version approved
    Column("signed_version", String(64)),              # the version signed: what is issued
    Column("year", Integer),
    Column("number", Integer),
    Column("issued_on", Date),                         # in Vietnam time
    Column("issue_pdf", Boolean),                      # issuance writes a PDF (kept for resume)
    Column("out_dir", Text, nullable=False),           # absolute
    Column("docx", Text),                              # absolute
    Column("pdf", Text),
    Column("content_hash", String(64)),
    Column("pdf_hash", String(64)),
    Column("attached_to", String(100)),                # issued with this document (Kèm theo)
    Column("related", String(200)),                    # the original this one replaces/corrects
    Column("relation", String(20)),                    # thay_the | dinh_chinh
    Column("signed_pdf", Text),                        # the PDF the signer signed (electronic)
    Column("signed_pdf_hash", String(64)),             # its SHA-256
    # Số + ký hiệu unique within the year and sequence (NĐ 30/2020, Art. 15(1); D6).
    UniqueConstraint("body", "year", "series", "number", name="uq_register_number"),
    UniqueConstraint("campaign_id", "ma", name="uq_document_in_campaign"),
)

# The content a document renders from, content-addressed: the campaign and profile files
# exactly as read (JSON {path: text}); shared by every document version of one import.
snapshots = Table(
    "snapshots", metadata,
    Column("hash", String(64), primary_key=True),
    Column("campaign", Text, nullable=False),          # the campaign file's path among `files`
    Column("files", Text, nullable=False),
)

# Immutable versions of a document: review, approval and signature bind to `hash`.
versions = Table(
    "versions", metadata,
    Column("hash", String(64), primary_key=True),
    Column("document", String(200), nullable=False),
    Column("n", Integer, nullable=False),
    Column("snapshot", String(64), nullable=False),
    Column("templates", Text, nullable=False),         # JSON {template: sha256}
    Column("draft_hash", String(64), nullable=False),  # the unnumbered render (with attachments)
    Column("author_id", Integer),
    Column("author", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("document", "n", name="uq_version_number"),
)

# An issuing body as last imported: the register's cover, its signers, its duty policy.
bodies = Table(
    "bodies", metadata,
    Column("ma", String(100), primary_key=True),
    Column("ten", Text, nullable=False),
    Column("ten_in", Text, nullable=False),            # JSON list: lines of ô 2
    Column("chu_quan", Text, nullable=False),          # JSON list: the superior body's lines
    Column("signers", Text, nullable=False, server_default="[]"),  # JSON [{ma, ho_ten, chuc_vu}]
    Column("self_approval", Boolean, nullable=False, server_default="0"),
    Column("profile", Text),                           # the profile file's text, as imported
    Column("seal_png", LargeBinary),                   # the seal's image (electronic issuance)
)

# The version of a document each user last saw (a reviewer reads the changes since then).
seen_versions = Table(
    "seen_versions", metadata,
    Column("user_id", Integer, nullable=False),
    Column("document", String(200), nullable=False),
    Column("version", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("user_id", "document", name="pk_seen_versions"),
)

# Failed logins, for throttling (per account and per address) and the security log.
login_failures = Table(
    "login_failures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("login", String(50), nullable=False),
    Column("address", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("login", String(50), nullable=False, unique=True),
    Column("full_name", String(100), nullable=False),  # NFC, as given
    Column("password_hash", Text, nullable=False),     # Argon2id (argon2-cffi)
    Column("disabled", Boolean, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("signature_png", LargeBinary),              # the handwritten signature's image
)

roles = Table(
    "roles", metadata,
    Column("user_id", Integer, nullable=False),
    Column("body", String(100), nullable=False),
    Column("role", String(30), nullable=False),
    Column("signer", String(100)),                     # nguoi_ky: the profile's signer entry
    Column("unit", String(100)),                       # thu_truong_don_vi: the unit's id
    PrimaryKeyConstraint("user_id", "body", "role", name="pk_roles"),
)

sessions = Table(
    "sessions", metadata,
    Column("token_hash", String(64), primary_key=True),  # SHA-256 of the token, never the token
    Column("user_id", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked", Boolean, nullable=False, server_default="0"),
)

counters = Table(
    "counters", metadata,
    Column("body", String(100), nullable=False),
    Column("year", Integer, nullable=False),
    Column("series", String(100), nullable=False),
    Column("last", Integer, nullable=False),
    PrimaryKeyConstraint("body", "year", "series", name="pk_counters"),
)

# The audit trail: append-only, one hash chain per body (seq 1, 2, …; each row's hash covers
# the previous row's hash). `data` is the document's register row after the action.
audit = Table(
    "audit", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("body", String(100)),
    Column("seq", Integer),
    Column("document", String(200)),                   # NULL: an account or policy change
    Column("actor_id", Integer),
    Column("actor", String(200), nullable=False),      # the full name at that time
    Column("role", String(30), nullable=False),
    Column("action", String(30), nullable=False),
    Column("from_state", String(20)),
    Column("to_state", String(20)),
    Column("comment", Text),
    Column("at", DateTime(timezone=True), nullable=False),   # UTC
    Column("content_hash", String(64)),
    Column("data", Text),
    Column("prev_hash", String(64)),
    Column("row_hash", String(64)),
    UniqueConstraint("body", "seq", name="uq_audit_chain"),
)

chain_heads = Table(
    "chain_heads", metadata,
    Column("body", String(100), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

# Tables whose rows are never changed or removed (triggers refuse UPDATE, DELETE, TRUNCATE).
APPEND_ONLY = ("audit", "versions", "snapshots")

# A batch of document jobs (a generation run by Celery workers or in this process) and its
# jobs: one row per document, its content version ("<template hash>:<input hash>"), state
# (queued, running, done, issued, stale, failed), tries, how often its file was written, and
# the error of a failed job. Progress and failures outlive the process that submitted them.
batches = Table(
    "batches", metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("executor", String(20), nullable=False),     # in-process, celery
    Column("out_dir", Text, nullable=False),
    Column("pdf", Boolean, nullable=False),
    Column("total", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
)

batch_jobs = Table(
    "batch_jobs", metadata,
    Column("batch_id", String(32), ForeignKey("batches.id"), nullable=False),
    Column("job", String(300), nullable=False),          # "<campaign folder>/<document id>"
    Column("version", String(130), nullable=False),
    Column("state", String(12), nullable=False),
    Column("tries", Integer, nullable=False),
    Column("writes", Integer, nullable=False),
    Column("content_hash", String(64)),
    Column("error", Text),
    Column("worker", String(200)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("batch_id", "job"),
    Index("batch_jobs_state", "batch_id", "state"),
)

# The web application's long jobs (engine.jobs.tasks), by key ("xem-truoc:<version>",
# "ban-hanh:<document>" …): the task's name, state (queued, running, done, failed), tries, the
# Vietnamese error of a failed one and who ran it. A page polls its row, whichever process runs
# the job (a thread of the web process, or a Celery worker).
tasks = Table(
    "tasks", metadata,
    Column("key", String(300), primary_key=True),
    Column("name", String(40), nullable=False),
    Column("state", String(12), nullable=False),
    Column("tries", Integer, nullable=False),
    Column("error", Text),
    Column("worker", String(200)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
