"""Drafting, review, approval, signing and issuance, stored with an append-only audit trail.

Issuance is done in three steps so that a crash never loses or repeats a number (reliability.md
§2.2, E2–E3): (1) one transaction takes the register's next number, binds it and the issue
date to the document, sets it "đang ban hành" and writes the audit row; (2) the DOCX (and PDF)
are rendered with that number and written atomically; (3) one transaction stores their hashes
and sets "đã ban hành". A run that stops after (1) is resumed with the same number.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Row, func, insert, select, update

from engine.base.files import write_atomic
from engine.campaign.loader import load_campaign
from engine.campaign.models import Campaign, Document
from engine.db.tables import audit, documents
from engine.document.context import symbol
from engine.errors import EngineError
from engine.output import manifest
from engine.output.generate import entry_for
from engine.output.plan import Planned, default_templates, plan
from engine.word.archive import content_hash
from engine.word.render import render_docx
from engine.workflow.numbering import allocate, series_for, vietnam_date
from engine.workflow.states import (
    FROZEN,
    Role,
    State,
    TransitionNotAllowed,
    allowed_actions,
    next_state,
)


class WorkflowError(EngineError):
    """A workflow request that cannot be carried out as asked."""

    code = "workflow-error"


class ConcurrentChange(WorkflowError):
    """Someone else changed the document between reading and writing it (D8)."""

    code = "concurrent-change"


class SimulatedCrash(RuntimeError):
    """Raised by the test hook `crash` to stop an issuance at a chosen point."""


@dataclass(frozen=True)
class Actor:
    """Who acts, and in which role."""

    name: str
    role: Role


def document_id(campaign: Campaign, doc: Document) -> str:
    """Return the id a document has in the register: "<campaign file stem>/<document id>"."""
    return f"{Path(campaign.file).stem}/{doc.ma}"


def _row(conn: Connection, doc_id: str) -> Row[Any]:
    query = select(documents).where(documents.c.id == doc_id)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    row = conn.execute(query).first()
    if row is None:
        raise WorkflowError(f"Không có văn bản «{doc_id}» trong sổ.",
                            hint="Chạy «vanban draft <tệp chiến dịch>» để đưa vào quy trình.")
    return row


def _audit(conn: Connection, doc_id: str, actor: Actor, action: str, source: str | None,
           target: State, comment: str | None = None, digest: str | None = None) -> None:
    conn.execute(insert(audit).values(
        document=doc_id, actor=actor.name, role=actor.role.value, action=action,
        from_state=source, to_state=target.value, comment=comment,
        at=datetime.now(UTC), content_hash=digest))


def _move(conn: Connection, row: Row[Any], target: State, **values: Any) -> None:
    """Set the document's state, checking nobody changed it since it was read."""
    changed = conn.execute(update(documents).where(
        documents.c.id == row.id, documents.c.version == row.version).values(
        state=target.value, version=row.version + 1, **values)).rowcount
    if changed != 1:
        raise ConcurrentChange(f"Văn bản «{row.id}» đã thay đổi bởi người khác.",
                               hint="Xem lại trạng thái («vanban status») rồi thao tác lại.")


def draft(engine: Engine, campaign_path: Path, out_dir: Path, actor: Actor,
          templates: Path | None = None) -> list[str]:
    """Register the campaign's documents as drafts (once) and render every unissued one."""
    campaign = load_campaign(campaign_path)
    ids = []
    with engine.begin() as conn:
        for doc in campaign.documents:
            doc_id = document_id(campaign, doc)
            ids.append(doc_id)
            if conn.execute(select(documents.c.id).where(documents.c.id == doc_id)).first():
                continue
            signer = doc.profile.nguoi_ky[doc.ky["nguoi_ky"]].ho_ten if doc.ky else ""
            conn.execute(insert(documents).values(
                id=doc_id, campaign=str(campaign_path), ma=doc.ma, loai=doc.loai,
                body=doc.profile.ma, series=series_for(doc.loai, doc.profile.danh_so,
                                                       bool(doc.do_mat), doc.hoi_dong),
                symbol=symbol(doc), trich_yeu=doc.trich_yeu, signer=signer,
                recipients="; ".join(_recipients(doc)), state=State.DRAFT.value, version=1,
                archive=", ".join(doc.luu or ["VT", *filter(None, [doc.don_vi_soan_thao])]),
                out_dir=str(out_dir), attached_to=doc.kem_theo))
            _audit(conn, doc_id, actor, "tao", None, State.DRAFT)
    with engine.connect() as conn:
        frozen = {r.ma for r in conn.execute(select(documents.c.ma).where(
            documents.c.id.in_(ids), documents.c.state.in_([s.value for s in FROZEN
                                                              | {State.ISSUING}])))}
    # A draft has no number and no date until it is issued (nor does the decision it cites).
    drafts = _with(campaign, {d.ma: dataclasses.replace(d, so=None, ngay=None)
                              for d in campaign.documents if d.ma not in frozen})
    written = _write(drafts, [d.ma for d in drafts.documents if d.ma not in frozen], out_dir,
                     templates)
    with engine.begin() as conn:
        for ma, (_, digest) in written.items():
            _reopen_if_changed(conn, _row(conn, document_id(campaign, campaign.document(ma))),
                               digest, actor)
    return ids


def _reopen_if_changed(conn: Connection, row: Row[Any], digest: str, actor: Actor) -> None:
    """Record a draft's content; content changed after approval goes back to review (D9)."""
    if row.state in (State.APPROVED.value, State.SIGNED.value) and row.content_hash \
            and row.content_hash != digest:
        _move(conn, row, State.IN_REVIEW, content_hash=digest)
        _audit(conn, row.id, Actor(actor.name, Role.DRAFTER), "sua", row.state,
               State.IN_REVIEW, "nội dung thay đổi sau khi duyệt: trình duyệt lại", digest)
    elif row.content_hash != digest:
        conn.execute(update(documents).where(documents.c.id == row.id).values(
            content_hash=digest))


def _with(campaign: Campaign, replaced: dict[str, Document]) -> Campaign:
    return dataclasses.replace(campaign, documents=tuple(
        replaced.get(d.ma, d) for d in campaign.documents))


def _recipients(doc: Document) -> list[str]:
    return [item if isinstance(item, str) else item["ten"] for item in doc.noi_nhan]


def _write(campaign: Campaign, mas: list[str], out_dir: Path, templates: Path | None,
           *, issued: bool = False) -> dict[str, tuple[Path, str]]:
    """Render the documents `mas` of `campaign`, write each atomically, record them in the
    manifest (once); return each one's file and content hash."""
    items: list[Planned] = [p for p in plan([campaign], out_dir, templates or default_templates())
                            if p.doc.ma in mas]
    if not items:
        return {}
    folder = items[0].folder
    entries = manifest.read(folder)
    written = {}
    for item in items:
        data = render_docx(item.template_path, item.context, title=item.doc.trich_yeu)
        write_atomic(item.output, data)
        entry = entry_for(item, data)
        entry.issued = issued
        entries[item.doc.ma] = entry
        written[item.doc.ma] = (item.output, entry.content_hash)
    order = [d.ma for d in campaign.documents]
    kept = sorted(entries.values(), key=lambda e: order.index(e.ma) if e.ma in order else 1e9)
    manifest.write(folder, campaign.file, campaign.inputs, kept)
    return written


def act(engine: Engine, doc_id: str, action: str, actor: Actor,
        comment: str | None = None) -> State:
    """Do `action` on the document; refuse an illegal one, leaving the state unchanged."""
    if action in ("cap_so", "ban_hanh"):
        raise WorkflowError("Cấp số và ban hành dùng lệnh «vanban issue».")
    with engine.begin() as conn:
        row = _row(conn, doc_id)
        state = State(row.state)
        target = next_state(state, action, actor.role)
        if action == "tra_lai" and not comment:
            raise TransitionNotAllowed(action, state, allowed_actions(state),
                                       " khi không có ý kiến trả lại")
        if action == "ky" and row.signer and actor.name != row.signer:
            raise TransitionNotAllowed(action, state, allowed_actions(state),
                                       f": văn bản do «{row.signer}» ký, không phải "
                                       f"«{actor.name}»")
        _move(conn, row, target)
        _audit(conn, doc_id, actor, action, row.state, target, comment, row.content_hash)
    return target


def issue(engine: Engine, doc_id: str, actor: Actor, when: datetime, *,
          templates: Path | None = None, pdf: bool = False, related: str | None = None,
          relation: str | None = None, crash: str | None = None) -> Row[Any]:
    """Give the document its number and date, render it with them, and freeze it.

    `related`/`relation` ("thay_the", "dinh_chinh"): the issued document this one replaces
    (same form, a content error) or corrects (a công văn đính chính, a form error).
    """
    row = reserve_number(engine, doc_id, actor, when, related, relation, crash=crash)
    if crash == "before-files":
        raise SimulatedCrash("crash after the number was committed, before the files")
    campaign = load_campaign(Path(row.campaign))
    doc = dataclasses.replace(campaign.document(row.ma), so=str(row.number), ngay=row.issued_on)
    numbered = _with(campaign, {doc.ma: doc})
    # A document issued with this one ("Kèm theo …") has no number of its own: it is
    # rendered with this one's number and date and frozen with it.
    attached = [d.ma for d in campaign.documents if d.kem_theo == doc.ma]
    written = _write(numbered, [doc.ma, *attached], Path(row.out_dir), templates, issued=True)
    docx, digest = written.pop(doc.ma)
    pdf_path, pdf_hash = _pdf(docx) if pdf else (None, None)
    if crash == "before-issued":
        raise SimulatedCrash("crash after the files, before the state became issued")
    with engine.begin() as conn:
        row = _row(conn, doc_id)
        _move(conn, row, State.ISSUED, content_hash=digest, docx=str(docx),
              pdf=str(pdf_path) if pdf_path else None, pdf_hash=pdf_hash)
        _audit(conn, doc_id, actor, "ban_hanh", row.state, State.ISSUED, None, digest)
        for ma, (path, hashed) in written.items():
            other = _row(conn, document_id(campaign, campaign.document(ma)))
            if State(other.state) not in FROZEN:
                _move(conn, other, State.ISSUED, content_hash=hashed, docx=str(path),
                      issued_on=row.issued_on, year=row.year)
                _audit(conn, other.id, actor, "ban_hanh", other.state, State.ISSUED,
                       f"kèm theo {doc_id}", hashed)
        if row.related:
            original = _row(conn, row.related)
            target = next_state(State(original.state), row.relation, actor.role)
            _move(conn, original, target)
            _audit(conn, original.id, actor, row.relation, original.state, target,
                   f"bởi {doc_id}", original.content_hash)
        return _row(conn, doc_id)


def reserve_number(engine: Engine, doc_id: str, actor: Actor, when: datetime,
                   related: str | None = None, relation: str | None = None, *,
                   crash: str | None = None) -> Row[Any]:
    """Step 1 of issuance: in one transaction, take the next number and bind it (with the
    issue date) to the document, now "đang ban hành". A document already there keeps its
    number (a resumed issuance)."""
    with engine.begin() as conn:
        row = _row(conn, doc_id)
        if row.attached_to:
            raise WorkflowError(f"«{doc_id}» là văn bản kèm theo «{row.attached_to}»: nó được "
                                "ban hành cùng văn bản đó, theo số và ngày của văn bản đó.")
        if row.state == State.ISSUING.value:  # resuming: the number stays, the role is checked
            next_state(State.ISSUING, "ban_hanh", actor.role)
        else:
            _take_number(conn, row, actor, when, related, relation)
            if crash == "after-number":
                raise SimulatedCrash("crash after the number, before commit")
        return _row(conn, doc_id)


def _take_number(conn: Connection, row: Row[Any], actor: Actor, when: datetime,
                 related: str | None, relation: str | None) -> None:
    target = next_state(State(row.state), "cap_so", actor.role)
    day = vietnam_date(when)
    latest = conn.execute(select(func.max(documents.c.issued_on)).where(
        documents.c.body == row.body, documents.c.year == day.year,
        documents.c.series == row.series, documents.c.number.is_not(None))).scalar()
    if latest is not None and latest > day:  # D12: numbers follow the order of time (Art. 15)
        raise WorkflowError(f"Ngày ban hành {day:%d/%m/%Y} sớm hơn văn bản đã cấp số trước "
                            f"({latest:%d/%m/%Y}); số phải theo thứ tự thời gian ban hành.")
    if related:
        _check_relation(conn, row, related, relation)
    number = allocate(conn, row.body, day.year, row.series)
    _move(conn, row, target, number=number, year=day.year, issued_on=day, related=related,
          relation=relation)
    _audit(conn, row.id, actor, "cap_so", row.state, target, f"số {number:02d}/{row.symbol}")


def _check_relation(conn: Connection, row: Row[Any], related: str, relation: str | None) -> None:
    original = _row(conn, related)
    if original.state != State.ISSUED.value:
        raise WorkflowError(f"«{related}» chưa ban hành hoặc đã bị thay thế/thu hồi.")
    if relation == "thay_the" and original.loai != row.loai:
        raise WorkflowError("Văn bản sai nội dung phải được thay thế bằng văn bản có hình thức "
                            f"tương đương ({original.loai}), không phải {row.loai} "
                            "(NĐ 30/2020, Điều 18.3).")
    if relation == "dinh_chinh" and row.loai != "cong_van":
        raise WorkflowError("Sai sót về thể thức được đính chính bằng công văn "
                            "(NĐ 30/2020, Điều 18.3).")


def _pdf(docx: Path) -> tuple[Path, str]:
    from engine.pdf import convert_all

    converted = convert_all([docx], workers=1)[0]
    return converted.pdf, hashlib.sha256(converted.pdf.read_bytes()).hexdigest()


def pending_issues(engine: Engine) -> list[str]:
    """Return the documents whose issuance stopped after their number was taken."""
    with engine.connect() as conn:
        return list(conn.execute(select(documents.c.id).where(
            documents.c.state == State.ISSUING.value)).scalars())


def verify(row: Row[Any]) -> list[str]:
    """Return what no longer matches in an issued document's files (empty: intact)."""
    problems = []
    if row.docx and row.content_hash:
        path = Path(row.docx)
        if not path.is_file():
            problems.append(f"thiếu tệp {path}")
        elif content_hash(path.read_bytes()) != row.content_hash:
            problems.append(f"tệp {path} đã bị sửa sau khi ban hành")
    if row.pdf and row.pdf_hash:
        path = Path(row.pdf)
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != row.pdf_hash:
            problems.append(f"tệp {path} thiếu hoặc đã bị sửa sau khi ban hành")
    return problems


def rows(engine: Engine, doc_id: str | None = None) -> Iterator[Row[Any]]:
    """Yield the documents of the register (one, or all in id order)."""
    query = select(documents).order_by(documents.c.id)
    if doc_id:
        query = query.where(documents.c.id == doc_id)
    with engine.connect() as conn:
        yield from conn.execute(query)


def history(engine: Engine, doc_id: str) -> list[Row[Any]]:
    """Return the audit rows of a document, oldest first."""
    with engine.connect() as conn:
        return list(conn.execute(select(audit).where(audit.c.document == doc_id)
                                 .order_by(audit.c.id)))


def issue_day(text: str | None) -> datetime:
    """Return the issue moment: now, or the given ISO date/time (a date means noon in Vietnam)."""
    from engine.workflow.numbering import VIETNAM

    if not text:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(text)
    if len(text) == 10:
        moment = moment.replace(hour=12)
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)


__all__ = ["Actor", "ConcurrentChange", "SimulatedCrash", "WorkflowError", "act",
           "document_id", "draft", "history", "issue", "issue_day", "pending_issues",
           "reserve_number", "rows", "verify"]
