"""Drafting: a campaign's documents enter the register as drafts and are rendered unnumbered."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Row, insert, select, update

from engine.campaign.loader import load_campaign
from engine.campaign.models import Campaign, Document, Profile
from engine.db.tables import bodies, documents
from engine.decree.numbers import series_for
from engine.document.context import symbol
from engine.workflow.rendering import render_documents, with_documents
from engine.workflow.states import FROZEN, Role, State
from engine.workflow.store import Actor, document_row, move, record


def document_id(campaign: Campaign, doc: Document) -> str:
    """Return the id a document has in the register: "<campaign file stem>/<document id>"."""
    return f"{Path(campaign.file).stem}/{doc.ma}"


def draft(engine: Engine, campaign_path: Path, out_dir: Path, actor: Actor,
          templates: Path | None = None) -> list[str]:
    """Register the campaign's documents as drafts (once) and render every unissued one."""
    campaign = load_campaign(campaign_path)
    with engine.begin() as conn:
        for profile in {doc.profile.ma: doc.profile for doc in campaign.documents}.values():
            _remember_body(conn, profile)
        ids = [_register(conn, campaign, doc, campaign_path, out_dir, actor)
               for doc in campaign.documents]
    with engine.connect() as conn:
        frozen = {r.ma for r in conn.execute(select(documents.c.ma).where(
            documents.c.id.in_(ids), documents.c.state.in_(
                [s.value for s in FROZEN | {State.ISSUING}])))}
    # A draft has no number and no date until it is issued (nor does the decision it cites).
    drafts = with_documents(campaign, {d.ma: dataclasses.replace(d, so=None, ngay=None)
                                       for d in campaign.documents if d.ma not in frozen})
    written = render_documents(drafts, [d.ma for d in drafts.documents if d.ma not in frozen],
                               out_dir, templates)
    with engine.begin() as conn:
        for ma, (_, digest) in written.items():
            row = document_row(conn, document_id(campaign, campaign.document(ma)))
            _reopen_if_changed(conn, row, digest, actor)
    return ids


def _register(conn: Connection, campaign: Campaign, doc: Document, campaign_path: Path,
              out_dir: Path, actor: Actor) -> str:
    """Insert `doc` into the register as a draft unless it is there already; return its id."""
    doc_id = document_id(campaign, doc)
    if conn.execute(select(documents.c.id).where(documents.c.id == doc_id)).first():
        return doc_id
    signer = doc.profile.nguoi_ky[doc.ky["nguoi_ky"]].ho_ten if doc.ky else ""
    conn.execute(insert(documents).values(
        id=doc_id, campaign=str(campaign_path), ma=doc.ma, loai=doc.loai,
        body=doc.profile.ma, series=series_for(doc.loai, doc.profile.danh_so,
                                               bool(doc.do_mat), doc.hoi_dong),
        symbol=symbol(doc), trich_yeu=doc.trich_yeu, signer=signer,
        recipients="; ".join(_recipients(doc)), state=State.DRAFT.value, version=1,
        archive=", ".join(doc.luu or ["VT", *filter(None, [doc.don_vi_soan_thao])]),
        out_dir=str(out_dir), attached_to=doc.kem_theo))
    record(conn, doc_id, actor, "tao", None, State.DRAFT)
    return doc_id


def _remember_body(conn: Connection, profile: Profile) -> None:
    """Store (or refresh) the body's header lines: the register prints them without the YAML."""
    values = {"ten": profile.ten, "ten_in": json.dumps(list(profile.ten_in), ensure_ascii=False),
              "chu_quan": json.dumps(list(profile.chu_quan), ensure_ascii=False)}
    if conn.execute(update(bodies).where(bodies.c.ma == profile.ma).values(**values)).rowcount:
        return
    conn.execute(insert(bodies).values(ma=profile.ma, **values))


def _reopen_if_changed(conn: Connection, row: Row[Any], digest: str, actor: Actor) -> None:
    """Record a draft's content; content changed after approval goes back to review (D9)."""
    if row.state in (State.APPROVED.value, State.SIGNED.value) and row.content_hash \
            and row.content_hash != digest:
        move(conn, row, State.IN_REVIEW, content_hash=digest)
        record(conn, row.id, Actor(actor.name, Role.DRAFTER), "sua", row.state,
               State.IN_REVIEW, "nội dung thay đổi sau khi duyệt: trình duyệt lại", digest)
    elif row.content_hash != digest:
        conn.execute(update(documents).where(documents.c.id == row.id).values(
            content_hash=digest))


def _recipients(doc: Document) -> list[str]:
    return [item if isinstance(item, str) else item["ten"] for item in doc.noi_nhan]
