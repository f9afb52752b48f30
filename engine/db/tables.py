"""The tables of the workflow and register (SQLAlchemy Core; created by the Alembic migrations)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", String(200), primary_key=True),      # "<campaign>/<document id>"
    Column("campaign", Text, nullable=False),          # path of the campaign file
    Column("ma", String(100), nullable=False),
    Column("loai", String(30), nullable=False),
    Column("body", String(100), nullable=False),       # issuing body (profile id)
    Column("series", String(100), nullable=False),     # numbering sequence within the body
    Column("symbol", String(30), nullable=False),      # ký hiệu, e.g. CT-UBND
    Column("trich_yeu", Text, nullable=False),
    Column("signer", String(200), nullable=False),
    Column("recipients", Text, nullable=False),
    Column("archive", Text, nullable=False),           # "VT, NV": who keeps the file copy
    Column("state", String(20), nullable=False),
    Column("version", Integer, nullable=False),        # optimistic lock (D8)
    Column("year", Integer),
    Column("number", Integer),
    Column("issued_on", Date),                         # in Vietnam time
    Column("out_dir", Text, nullable=False),
    Column("docx", Text),
    Column("pdf", Text),
    Column("content_hash", String(64)),
    Column("pdf_hash", String(64)),
    Column("attached_to", String(100)),                # issued with this document (Kèm theo)
    Column("related", String(200)),                    # the original this one replaces/corrects
    Column("relation", String(20)),                    # thay_the | dinh_chinh
    # Số + ký hiệu unique within the year and sequence (NĐ 30/2020, Art. 15(1); D6).
    UniqueConstraint("body", "year", "series", "number", name="uq_register_number"),
)

# An issuing body as last drafted: what the printed register's cover needs.
bodies = Table(
    "bodies", metadata,
    Column("ma", String(100), primary_key=True),
    Column("ten", Text, nullable=False),
    Column("ten_in", Text, nullable=False),            # JSON list: lines of ô 2
    Column("chu_quan", Text, nullable=False),          # JSON list: the superior body's lines
)

counters = Table(
    "counters", metadata,
    Column("body", String(100), nullable=False),
    Column("year", Integer, nullable=False),
    Column("series", String(100), nullable=False),
    Column("last", Integer, nullable=False),
    PrimaryKeyConstraint("body", "year", "series", name="pk_counters"),
)

audit = Table(
    "audit", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document", String(200), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("role", String(30), nullable=False),
    Column("action", String(30), nullable=False),
    Column("from_state", String(20)),
    Column("to_state", String(20), nullable=False),
    Column("comment", Text),
    Column("at", DateTime(timezone=True), nullable=False),   # UTC
    Column("content_hash", String(64)),
)
