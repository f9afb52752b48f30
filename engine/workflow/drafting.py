"""Drafting: a campaign's documents enter the register as drafts, are rendered unnumbered, and
each change of what a document prints becomes a new immutable version by its author."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from engine.accounts.users import Account
from engine.campaign.loader import load_campaign
from engine.campaign.models import Campaign, Document
from engine.campaign.yaml_reader import Sources
from engine.db.tables import documents
from engine.decree.numbers import series_for
from engine.document.context import symbol
from engine.workflow import campaigns
from engine.workflow.duties import authorize_drafting
from engine.workflow.rendering import Rendered, issued_with, render_documents, unnumbered
from engine.workflow.states import FROZEN, State
from engine.workflow.store import Actor, change, document_row, move, record
from engine.workflow.versions import Fingerprint, new_version, store_snapshot, version_row

# A Nơi nhận entry standing for the addressees of "Kính gửi:" (Mẫu 1.5 "- Như trên;").
_SAME_AS_ADDRESSEES = re.compile(r"^\s*như\s+(trên|kính\s+gửi)\s*[;.]?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Drafted:
    """A drafted campaign: its id in the database and its documents' ids, in order."""

    campaign: str
    ids: list[str]


def draft(engine: Engine, campaign_path: Path, out_dir: Path, account: Account,
          templates: Path | None = None) -> Drafted:
    """Register the campaign's documents as drafts (once), render every unissued one into
    `out_dir/<campaign id>/` and store a new version of each one whose render changed."""
    source = campaign_path.resolve()
    sources = Sources()
    campaign = load_campaign(source, sources)
    actor = authorize_drafting(account, {doc.profile.ma for doc in campaign.documents})
    return draft_loaded(engine, campaign, source, sources, out_dir, actor, templates)


def draft_loaded(engine: Engine, campaign: Campaign, source: Path, sources: Sources,
                 out_dir: Path, actor: Actor, templates: Path | None = None) -> Drafted:
    """`draft` of a campaign already loaded from `sources` (the disk, or a stored snapshot
    re-rendered after a template change), by an actor already authorised. The bodies' rows
    (the register's header, the signers accounts link to) are the profiles a quản trị imported
    (`vanban body add`): drafting never changes them."""
    with engine.begin() as conn:
        campaign_id = campaigns.claim(conn, campaign, source)
        ids = {doc.ma: _register(conn, campaign_id, campaign, doc, source, out_dir, actor)
               for doc in campaign.documents}
    folder = out_dir.resolve() / campaign_id
    written = render_documents(unnumbered(campaign), list(ids), folder, templates,
                               still_writable=lambda: _writable(engine, ids))
    with engine.begin() as conn:
        snapshot = store_snapshot(conn, str(source), sources.read_files)
        for doc in campaign.documents:
            if doc.ma in written:
                _version(conn, ids[doc.ma], _fingerprint(campaign, doc, written), snapshot,
                         doc, actor)
    return Drafted(campaign_id, list(ids.values()))


def _writable(engine: Engine, ids: dict[str, str]) -> set[str]:
    """The documents whose files drafting may still write: none being issued or issued."""
    frozen = [s.value for s in FROZEN | {State.ISSUING}]
    with engine.connect() as conn:
        stopped = set(conn.execute(select(documents.c.ma).where(
            documents.c.id.in_(list(ids.values())), documents.c.state.in_(frozen))).scalars())
    return set(ids) - stopped


def _fingerprint(campaign: Campaign, doc: Document, written: dict[str, Rendered]) -> Fingerprint:
    """A document's version covers the documents issued with it ("Kèm theo")."""
    return Fingerprint.of(written, [ma for ma in issued_with(campaign, doc.ma) if ma in written])


def _register(conn: Connection, campaign_id: str, campaign: Campaign, doc: Document,
              source: Path, out_dir: Path, actor: Actor) -> str:
    """Insert `doc` into the register as a draft unless it is there already; return its id."""
    doc_id = f"{campaign_id}/{doc.ma}"
    if conn.execute(select(documents.c.id).where(documents.c.id == doc_id)).first():
        return doc_id
    conn.execute(insert(documents).values(
        id=doc_id, campaign=str(source), campaign_id=campaign_id, ma=doc.ma, loai=doc.loai,
        body=doc.profile.ma, state=State.DRAFT.value, version=1,
        out_dir=str(out_dir.resolve() / campaign_id), attached_to=doc.kem_theo,
        **_register_fields(doc)))
    record(conn, doc_id, actor, "tao", None, State.DRAFT)
    return doc_id


def _register_fields(doc: Document) -> dict[str, Any]:
    """What the register shows of a document, from its current version's content."""
    signer = doc.profile.nguoi_ky[doc.ky["nguoi_ky"]] if doc.ky else None
    return {"series": series_for(doc.loai, doc.profile.danh_so, bool(doc.do_mat), doc.hoi_dong),
            "symbol": symbol(doc), "trich_yeu": doc.trich_yeu,
            "signer": signer.ho_ten if signer else "", "signer_ma": signer.ma if signer else None,
            "recipients": "; ".join(_recipients(doc)),
            "archive": ", ".join(doc.luu or ["VT", *filter(None, [doc.don_vi_soan_thao])])}


def _version(conn: Connection, doc_id: str, fingerprint: Fingerprint, snapshot: str,
             doc: Document, actor: Actor) -> None:
    """Store a new version if what the document prints or a template changed. Content changed
    after approval or signature goes back to review (D9); a new template that prints the same
    bytes keeps the approval and signature (what was approved is still what prints)."""
    row = document_row(conn, doc_id)
    if State(row.state) in FROZEN | {State.ISSUING}:
        return
    last = version_row(conn, row.current_version) if row.current_version else None
    same_print = last is not None and last.draft_hash == fingerprint.draft_hash
    digest = new_version(conn, doc_id, last, snapshot, fingerprint, actor)
    if digest is None:
        return
    values = {**_register_fields(doc), "current_version": digest,
              **_carried(row, digest, same_print)}
    if row.state in (State.APPROVED.value, State.SIGNED.value) and not same_print:
        move(conn, row, State.IN_REVIEW, **values)
        record(conn, doc_id, actor, "sua", row.state, State.IN_REVIEW,
               "nội dung thay đổi sau khi duyệt: trình duyệt lại", digest)
        return
    change(conn, row, **values)
    record(conn, doc_id, actor, "phien_ban", row.state, State(row.state),
           "mẫu mới, bản in không đổi: giữ duyệt và ký" if same_print and
           row.approved_version else None, digest)


def _carried(row: Any, digest: str, same_print: bool) -> dict[str, Any]:
    """The approval and signature a new version keeps: only when it prints the same bytes."""
    if not same_print:
        return {"approved_version": None, "signed_version": None}
    return {"approved_version": digest if row.approved_version == row.current_version else None,
            "signed_version": digest if row.signed_version == row.current_version else None}


def _recipients(doc: Document) -> list[str]:
    """The register's "Nơi nhận văn bản" (Phụ lục IV, I.2, column 5): the recipients
    themselves, so "Như trên" / "Như Kính gửi" (Mẫu 1.5: the addressees above) become the
    Kính gửi list."""
    names = [item if isinstance(item, str) else item["ten"] for item in doc.noi_nhan]
    return [out for name in names for out in (
        doc.kinh_gui if doc.kinh_gui and _SAME_AS_ADDRESSEES.match(name) else [name])]
