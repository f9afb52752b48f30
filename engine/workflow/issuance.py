"""Issuance: the register's next number and the date, the signed version rendered with them,
frozen.

Done in three steps so that a crash never loses or repeats a number (reliability.md §2.2,
E2–E3): (1) `reserve_number`, one transaction: check that the signed version is the current one
and still renders as signed, take the next number, bind it, the issue date and the PDF choice
to the document, now "đang ban hành", audit row; (2) `write_issued`: render the signed version
(loaded from its snapshot, never from the live campaign file) with them and write it
atomically; (3) `finish`, one transaction: store the files' hashes, "đã ban hành", audit rows.
A run stopped after (1) is resumed with the same number and the same PDF choice.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Row, func, select

from engine.accounts.users import Account
from engine.campaign.models import Document
from engine.campaign.rules import existence
from engine.db.tables import documents
from engine.decree.dates import ngay_ngan, vietnam_date
from engine.decree.numbers import pad_number, so_hieu
from engine.errors import ContentChanged, WorkflowError
from engine.esign.keys import KeySource
from engine.workflow.duties import authorize, same_body
from engine.workflow.esigning import issue_signed, ready_to_sign
from engine.workflow.issue_dates import checked_issue_date, checked_open_year
from engine.workflow.numbering import allocate
from engine.workflow.rendering import issued_with, render_documents, unnumbered, with_documents
from engine.workflow.states import FROZEN, State, transition_for
from engine.workflow.store import Actor, document_row, move, record
from engine.workflow.versions import campaign_of, changes_since, version_row


@dataclasses.dataclass(frozen=True)
class IssuedFiles:
    """What step 2 wrote: the main DOCX and its hash, its PDF, and the attached documents."""

    docx: Path
    digest: str
    pdf: Path | None
    pdf_hash: str | None
    attached: dict[str, tuple[Path, str]]
    attached_pdfs: dict[str, tuple[Path, str]] = dataclasses.field(default_factory=dict)


def issue(engine: Engine, doc_id: str, account: Account, when: datetime, *,
          templates: Path | None = None, pdf: bool = False, related: str | None = None,
          relation: str | None = None, date_reason: str | None = None,
          key: KeySource | None = None) -> Row[Any]:
    """Give the document its number and date, render its signed version with them, freeze it.

    `related`/`relation` ("thay_the", "dinh_chinh"): the issued document this one replaces
    (same form, a content error) or corrects (a công văn đính chính, a form error).
    `date_reason`: why an implausible issue date is right (recorded in the audit).
    `key`: the body's signing key, for a document its signer signed digitally (its PDF gets
    the number, the date and the body's signature; engine/workflow/esigning.py).
    """
    with engine.connect() as conn:
        current = document_row(conn, doc_id)
    if current.signed_pdf:  # everything the body's signature needs, before a number is taken
        ready_to_sign(engine, current, key)
    row, actor = reserve_number(engine, doc_id, account, when, related, relation,
                                templates=templates, pdf=pdf, date_reason=date_reason)
    files = write_issued(engine, row, templates, key)
    return finish(engine, doc_id, actor, files)


def reserve_number(engine: Engine, doc_id: str, account: Account, when: datetime,
                   related: str | None = None, relation: str | None = None, *,
                   templates: Path | None = None, pdf: bool = False,
                   date_reason: str | None = None) -> tuple[Row[Any], Actor]:
    """Step 1: in one transaction, take the next number and bind it (with the issue date and
    the PDF choice) to the document, now "đang ban hành". A document already there keeps its
    number and PDF choice (a resumed issuance)."""
    unusual = checked_issue_date(vietnam_date(when), date_reason)
    signed, content = _checked_version(engine, doc_id, account, templates)
    missing = existence(content.profile, vietnam_date(when)) if content else ""
    if missing:  # the body did not exist on the issue date (its profile's hieu_luc_tu/_den)
        raise WorkflowError(f"Không ban hành «{doc_id}»: {missing}.", code="body-not-existing")
    with engine.begin() as conn:
        row = document_row(conn, doc_id)
        if row.attached_to:
            raise WorkflowError(f"«{doc_id}» là văn bản kèm theo «{row.attached_to}»: nó được "
                                "ban hành cùng văn bản đó, theo số và ngày của văn bản đó.")
        state = State(row.state)
        actor = authorize(conn, account, row, transition_for(
            state, "ban_hanh" if state is State.ISSUING else "cap_so"))
        if state is not State.ISSUING:
            if row.signed_version != signed:
                raise ContentChanged(doc_id, ["văn bản đã thay đổi trong lúc kiểm tra"])
            closed = checked_open_year(conn, row.body, vietnam_date(when), date_reason)
            take_number(conn, row, actor, when, related, relation, pdf,
                        opening=int(content.so) if content and content.so else None,
                        note="; ".join(n for n in (unusual, closed) if n) or None)
        return document_row(conn, doc_id), actor


def _checked_version(engine: Engine, doc_id: str, account: Account,
                     templates: Path | None) -> tuple[str | None, Document | None]:
    """Return the signed version of a signed document and its content, refusing one whose
    signed content is not its current one or no longer renders as it did (a template or
    vanban changed); the account is checked first (a refusal costs no render)."""
    with engine.connect() as conn:
        row = document_row(conn, doc_id)
        if row.state != State.SIGNED.value:
            return None, None  # the state machine refuses it, or it is a resumed issuance
        authorize(conn, account, row, transition_for(State.SIGNED, "cap_so"))
        if row.signed_version is None or row.signed_version != row.current_version:
            raise ContentChanged(doc_id, ["phiên bản đã ký không phải phiên bản hiện tại"])
        version = version_row(conn, row.signed_version)
        campaign = campaign_of(conn, version)
    changes = changes_since(version, campaign, issued_with(campaign, row.ma), Path(row.out_dir),
                            templates)
    if changes:
        raise ContentChanged(doc_id, changes)
    return str(row.signed_version), campaign.document(row.ma)


def take_number(conn: Connection, row: Row[Any], actor: Actor, when: datetime,
                related: str | None, relation: str | None, pdf: bool, *,
                opening: int | None = None, note: str | None = None) -> None:
    """Take the sequence's next number for `row` and bind it, within the caller's transaction.

    `opening`: the campaign's `so`, the number the body's register opens the year with (its
    earlier documents were numbered elsewhere); refused unless it is the number given."""
    target = transition_for(State(row.state), "cap_so").target
    day = vietnam_date(when)
    latest = conn.execute(select(func.max(documents.c.issued_on)).where(
        documents.c.body == row.body, documents.c.year == day.year,
        documents.c.series == row.series, documents.c.number.is_not(None))).scalar()
    if latest is not None and latest > day:  # D12: numbers follow the order of time (Art. 15)
        raise WorkflowError(f"Ngày ban hành {ngay_ngan(day)} sớm hơn văn bản đã cấp số trước "
                            f"({ngay_ngan(latest)}); số phải theo thứ tự thời gian ban hành.")
    if related:
        _check_relation(conn, row, related, relation)
    number = allocate(conn, row.body, day.year, row.series, first=opening or 1)
    if opening is not None and number != opening:
        raise WorkflowError(
            f"«{row.id}» ghi «so: {pad_number(str(opening))}» nhưng sổ đăng ký năm {day.year} "
            f"đã cấp đến số {pad_number(str(number - 1))}: số tiếp theo là "
            f"{pad_number(str(number))}.", code="number-taken",
            hint="«so» trong tệp chiến dịch chỉ dùng để mở sổ năm (các văn bản trước được cấp "
                 "số ngoài vanban). Bỏ «so», chạy lại «vanban draft», trình duyệt và ký lại.")
    move(conn, row, target, number=number, year=day.year, issued_on=day, related=related,
         relation=relation, issue_pdf=pdf or row.signed_pdf is not None,
         docx=str(Path(row.out_dir) / f"{row.ma}.docx"))
    record(conn, row.id, actor, "cap_so", row.state, target,
           f"số {so_hieu(str(number), row.symbol)}" + (f"; {note}" if note else ""),
           row.signed_version)


def _check_relation(conn: Connection, row: Row[Any], related: str, relation: str | None) -> None:
    original = document_row(conn, related)
    same_body(row, original)
    if original.state != State.ISSUED.value:
        raise WorkflowError(f"«{related}» chưa ban hành hoặc đã bị thay thế/thu hồi.")
    if relation == "thay_the" and original.loai != row.loai:
        raise WorkflowError("Văn bản sai nội dung phải được thay thế bằng văn bản có hình thức "
                            f"tương đương ({original.loai}), không phải {row.loai} "
                            "(NĐ 30/2020, Điều 18.3).")
    if relation == "dinh_chinh" and row.loai != "cong_van":
        raise WorkflowError("Sai sót về thể thức được đính chính bằng công văn "
                            "(NĐ 30/2020, Điều 18.3).")


def write_issued(engine: Engine, row: Row[Any], templates: Path | None,
                 key: KeySource | None = None) -> IssuedFiles:
    """Step 2: render the signed version (and those issued with it) with its number and date;
    a digitally signed one's PDF gets them and the body's signature (`key`)."""
    with engine.connect() as conn:
        campaign = campaign_of(conn, version_row(conn, row.signed_version))
    numbered = dataclasses.replace(campaign.document(row.ma), so=str(row.number),
                                   ngay=row.issued_on)
    # A document issued with this one ("Kèm theo …") has no number of its own: it is
    # rendered with this one's number and date and frozen with it.
    written = render_documents(with_documents(unnumbered(campaign), {row.ma: numbered}),
                               issued_with(campaign, row.ma), Path(row.out_dir), templates,
                               issued=True)
    main = written.pop(row.ma)
    attached = {f"{row.campaign_id}/{ma}": (r.path, r.digest) for ma, r in written.items()}
    if row.signed_pdf:
        signed = issue_signed(engine, row, key, {i: path for i, (path, _) in attached.items()})
        return IssuedFiles(main.path, main.digest, *signed.main, attached, signed.attached)
    pdf_path, pdf_hash = _pdf(main.path) if row.issue_pdf else (None, None)
    return IssuedFiles(main.path, main.digest, pdf_path, pdf_hash, attached)


def _pdf(docx: Path) -> tuple[Path, str]:
    from engine.pdf import convert_all

    converted = convert_all([docx], workers=1)[0]
    return converted.pdf, hashlib.sha256(converted.pdf.read_bytes()).hexdigest()


def finish(engine: Engine, doc_id: str, actor: Actor, files: IssuedFiles) -> Row[Any]:
    """Step 3: store the files' hashes and freeze the document and those issued with it."""
    with engine.begin() as conn:
        row = document_row(conn, doc_id)
        move(conn, row, State.ISSUED, content_hash=files.digest, docx=str(files.docx),
             pdf=str(files.pdf) if files.pdf else None, pdf_hash=files.pdf_hash)
        record(conn, doc_id, actor, "ban_hanh", row.state, State.ISSUED, None, files.digest)
        for other_id, (path, hashed) in files.attached.items():
            other = document_row(conn, other_id)
            pdf, pdf_hash = files.attached_pdfs.get(other_id, (None, None))
            if State(other.state) not in FROZEN:
                move(conn, other, State.ISSUED, content_hash=hashed, docx=str(path),
                     issued_on=row.issued_on, year=row.year,
                     pdf=str(pdf) if pdf else None, pdf_hash=pdf_hash)
                record(conn, other.id, actor, "ban_hanh", other.state, State.ISSUED,
                       f"kèm theo {doc_id}", hashed)
        if row.related:
            original = document_row(conn, row.related)
            target = transition_for(State(original.state), row.relation).target
            move(conn, original, target)
            record(conn, original.id, actor, row.relation, original.state, target,
                   f"bởi {doc_id}", original.content_hash)
        return document_row(conn, doc_id)
