"""A campaign's identity in the database: the `ma` its file declares, or one assigned on its
first import (unique, and tied to that file's absolute path); never two campaigns with one id."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, insert, select, update

from engine.campaign.models import Campaign
from engine.db.tables import campaigns
from engine.errors import WorkflowError


def claim(conn: Connection, campaign: Campaign, source: Path) -> str:
    """Return the id of the campaign imported from `source` (absolute), registering it once."""
    if campaign.ma is None:
        known = conn.execute(select(campaigns.c.ma).where(
            campaigns.c.source == str(source))).scalar()
        return str(known) if known is not None else _register(conn, _free_id(conn, source), source)
    row = conn.execute(select(campaigns).where(campaigns.c.ma == campaign.ma)).first()
    if row is None:
        return _register(conn, campaign.ma, source)
    if row.source != str(source):
        where = f"tệp «{row.source}»" if row.source else "một chiến dịch tạo trên trình duyệt"
        raise WorkflowError(
            f"Mã chiến dịch «{campaign.ma}» ({source}) đã được dùng cho {where}.",
            code="campaign-id-taken",
            hint="Đặt «ma» khác ở đầu tệp chiến dịch: hai chiến dịch không dùng chung một mã.")
    return campaign.ma


def _register(conn: Connection, ma: str, source: Path) -> str:
    # A file that now declares another id leaves its old campaign (kept, with its documents).
    conn.execute(update(campaigns).where(campaigns.c.source == str(source)).values(source=None))
    conn.execute(insert(campaigns).values(ma=ma, source=str(source),
                                          created_at=datetime.now(UTC)))
    return ma


def _free_id(conn: Connection, source: Path) -> str:
    """Return the first free id made from the file's name: "dot-1", then "dot-1-2", …

    The name only suggests the id; identity is the database row (with this file's path).
    """
    base = _slug(source.stem)
    taken = set(conn.execute(select(campaigns.c.ma).where(
        campaigns.c.ma.like(f"{base}%"))).scalars())
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _slug(text: str) -> str:
    """
    >>> _slug("Kế hoạch CCHC 2025")
    'ke-hoach-cchc-2025'
    """
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:80] or "chien-dich"
