"""Electronic issuance in the workflow (NĐ 30/2020, Art. 5, Art. 32(2); Phụ lục I, II.7–8):
the signer signs the PDF of the approved version, the văn thư fills in its number and date
and signs it with the body's key, and signs each attachment issued in a separate file.

What the signer signs is exactly the approved version: its PDF is rendered from the version's
snapshot (refused if that no longer renders as it did), and the audit row of "ký" stores the
version's hash and the signed PDF's. The issuance checks the signed PDF against that hash
before it adds to it; its own update only fills fields and adds the body's signature, so the
signer's signature stays valid.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Row, func, select

from engine.accounts.users import Account
from engine.base.files import write_atomic
from engine.base.text import code_key
from engine.db.tables import bodies, documents, users
from engine.decree.dates import padded_day, padded_month, vietnam_date
from engine.decree.numbers import pad_number, so_hieu
from engine.errors import ContentChanged, IntegrityError, SigningError, WorkflowError
from engine.esign.images import Picture, seal_image, signature_image
from engine.esign.keys import KeySource, holder, opened
from engine.esign.signing import sign_attachment, sign_body, sign_personal
from engine.workflow.actions import act
from engine.workflow.duties import authorize
from engine.workflow.numbering import expected_digits
from engine.workflow.rendering import issued_with, render_documents, unnumbered
from engine.workflow.states import State, transition_for
from engine.workflow.store import document_row
from engine.workflow.versions import campaign_of, changes_since, version_row


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sign_electronically(engine: Engine, doc_id: str, account: Account, key: KeySource, *,
                        templates: Path | None = None) -> State:
    """Sign the approved version of `doc_id` digitally as `account` (its signer): its PDF,
    with the signer's image, written beside the drafts as `<ma>.nguoi-ky.pdf`."""
    row, picture = _checked_for_signing(engine, doc_id, account, templates)
    _own_certificate(key, row.signer)
    pdf = _unnumbered_pdf(engine, row, templates)
    signed = sign_personal(pdf, row.signer, key, picture, datetime.now(UTC))
    path = Path(row.out_dir) / f"{row.ma}.nguoi-ky.pdf"
    write_atomic(path, signed)
    digest = _sha256(signed)
    return act(engine, doc_id, "ky", account, f"ký số; PDF đã ký sha256 {digest}",
               values={"signed_pdf": str(path), "signed_pdf_hash": digest},
               version=row.current_version)


def _own_certificate(key: KeySource, signer: str) -> None:
    """Refuse a key whose certificate is issued to someone else than the document's signer:
    the signature must be the competent person's own (NĐ 30/2020, Art. 5; Phụ lục I, II.7).
    Names compare without case, spacing or diacritics (CAs write "NGUYEN MANH HA" too)."""
    named = holder(key)
    if code_key(named) != code_key(signer):
        raise SigningError(f"Chứng thư số cấp cho «{named}», không phải cho người ký «{signer}» "
                           "của văn bản: mỗi người ký bằng chứng thư số của chính mình.",
                           code="certificate-not-signers")


def _checked_for_signing(engine: Engine, doc_id: str, account: Account,
                         templates: Path | None) -> tuple[Row[Any], Picture]:
    """The document, if `account` may sign it now and its approved version still renders as
    approved, and the account's signature image."""
    with engine.connect() as conn:
        row = document_row(conn, doc_id)
        authorize(conn, account, row, transition_for(State(row.state), "ky"))
        if row.current_version is None or row.approved_version != row.current_version:
            raise WorkflowError(f"Phiên bản hiện tại của «{doc_id}» chưa được duyệt.",
                                code="version-not-approved")
        image = conn.execute(select(users.c.signature_png).where(
            users.c.id == account.id)).scalar()
        version = version_row(conn, row.current_version)
        campaign = campaign_of(conn, version)
    if image is None:
        raise SigningError(f"Tài khoản «{account.login}» chưa có ảnh chữ ký.",
                           code="no-signature-image",
                           hint="Tải ảnh chữ ký (PNG nền trong suốt, màu xanh): "
                                "«vanban user signature LOGIN ẢNH.png».")
    changes = changes_since(version, campaign, issued_with(campaign, row.ma), Path(row.out_dir),
                            templates)
    if changes:
        raise ContentChanged(doc_id, changes)
    return row, signature_image(image)


def _unnumbered_pdf(engine: Engine, row: Row[Any], templates: Path | None) -> bytes:
    """The PDF of the document's current version as drafts print it (no number, no date),
    its number's blank wide enough for the number the register is expected to give it."""
    from engine.pdf import convert_all

    with engine.connect() as conn:
        campaign = campaign_of(conn, version_row(conn, row.current_version))
        digits = _number_digits(conn, row, campaign.document(row.ma).so)
    with tempfile.TemporaryDirectory(prefix="vanban-ky-") as folder:
        written = render_documents(unnumbered(campaign, {row.ma: digits}), [row.ma],
                                   Path(folder) / row.ma, templates)
        return convert_all([written[row.ma].path], workers=1)[0].pdf.read_bytes()


def _number_digits(conn: Connection, row: Row[Any], opening: str | None) -> int:
    """The digits of the number `row` is expected to take this year: after the documents of
    its series already signed and waiting for theirs (fields.py shrinks a longer one)."""
    waiting = conn.execute(select(func.count()).select_from(documents).where(
        documents.c.body == row.body, documents.c.series == row.series,
        documents.c.id != row.id,
        documents.c.state.in_([State.SIGNED.value, State.ISSUING.value]))).scalar_one()
    return expected_digits(conn, row.body, vietnam_date(datetime.now(UTC)).year, row.series,
                           waiting=int(waiting), opening=int(opening) if opening else None)


@dataclass(frozen=True)
class SignedIssue:
    """The main PDF the body signed and each attachment's: (path, hash)."""

    main: tuple[Path, str]
    attached: dict[str, tuple[Path, str]]


def issue_signed(engine: Engine, row: Row[Any], key: KeySource | None,
                 attachments: dict[str, Path]) -> SignedIssue:
    """Fill in the number and date of the signer-signed PDF and sign it, and each attachment
    (`attachments`: document id → its numbered DOCX), with the body's key."""
    key = ready_to_sign(engine, row, key)
    signed = _signed_pdf(row)
    name, seal = _body_seal(engine, row.body)
    moment = datetime.now(UTC)
    day = row.issued_on
    values = {"so": pad_number(str(row.number)), "ngay": padded_day(day.day),
              "thang": padded_month(day.month), "nam": str(day.year)}
    main = Path(row.out_dir) / f"{row.ma}.pdf"
    data = sign_body(signed, values, row.signer, name, key, seal, moment)
    write_atomic(main, data)
    return SignedIssue((main, _sha256(data)), {
        doc_id: _attachment(docx, so_hieu(str(row.number), row.symbol), key, moment)
        for doc_id, docx in attachments.items()})


def ready_to_sign(engine: Engine, row: Row[Any], key: KeySource | None) -> KeySource:
    """Refuse, before any number is taken, an issuance the body's signature would fail: no
    key, a key that does not open, no seal image, a signed PDF missing or changed."""
    if key is None:
        raise SigningError(f"«{row.id}» đã được ký số: văn thư ban hành bằng chữ ký số của cơ "
                           "quan.", code="body-key-needed",
                           hint="Chỉ ra khóa của cơ quan: --key TỆP.p12, hoặc --token-module "
                                "THƯ_VIỆN --token NHÃN --key-label NHÃN_KHÓA.")
    _body_seal(engine, row.body)
    _signed_pdf(row)
    with opened(key):
        return key


def _signed_pdf(row: Row[Any]) -> bytes:
    path = Path(row.signed_pdf)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IntegrityError(f"Thiếu bản PDF người ký đã ký số của «{row.id}»: {path}.") from exc
    if _sha256(data) != row.signed_pdf_hash:
        raise IntegrityError(f"Bản PDF đã ký số {path} khác bản người ký đã ký (mã băm trong "
                             "nhật ký): không ban hành.")
    return data


def _body_seal(engine: Engine, body: str) -> tuple[str, Picture]:
    with engine.connect() as conn:
        found = conn.execute(select(bodies.c.ten, bodies.c.seal_png).where(
            bodies.c.ma == body)).first()
    if found is None or found.seal_png is None:
        raise SigningError(f"Cơ quan «{body}» chưa có ảnh dấu.", code="no-seal-image",
                           hint="Quản trị tải ảnh dấu (PNG nền trong suốt, màu đỏ, có dpi): "
                                "«vanban body seal MÃ ẢNH.png».")
    return found.ten, seal_image(found.seal_png)


def _attachment(docx: Path, number: str, key: KeySource, moment: datetime) -> tuple[Path, str]:
    from engine.pdf import convert_all

    converted = convert_all([docx], workers=1)[0].pdf
    data = sign_attachment(converted.read_bytes(), number, key, moment)
    write_atomic(converted, data)
    return converted, _sha256(data)
