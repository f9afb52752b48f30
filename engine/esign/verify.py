"""Verify the digital signatures of a received PDF (pyHanko): for each one, who signed, who
issued their certificate, when, whether the signed bytes are intact, what changed after it,
and whether the certificate chains to a configured trust root and was valid when it signed.

The certificate is judged at the signing time: the timestamp's (B-T) when there is one,
otherwise the time the signer's software recorded (B-B: a claim, reported as such). Nothing is
fetched from the network (no OCSP, no CRL): revocation is not checked, and the report says so.
"""

from __future__ import annotations

import io
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from engine.decree.esign import thoi_gian_ky
from engine.errors import SigningError
from engine.esign.pades import outside_event_loop

MAX_PDF_BYTES = 200 * 1024 * 1024
_CHANGES = {
    "NONE": "không có thay đổi nào sau chữ ký",
    "LTA_UPDATES": "sau chữ ký chỉ thêm dữ liệu kiểm tra chứng thư",
    "FORM_FILLING": "sau chữ ký chỉ điền biểu mẫu (số, ngày) và ký tiếp: được phép",
    "ANNOTATIONS": "sau chữ ký có thêm ghi chú (annotation)",
    "OTHER": "văn bản ĐÃ BỊ SỬA sau khi ký",
}


@dataclass(frozen=True)
class SignatureReport:
    """What verification found about one signature."""

    field: str
    signer: str
    issuer: str
    signed_at: datetime | None
    timestamped: bool
    intact: bool
    unchanged_after: bool
    change: str
    trusted: bool
    trust_problem: str

    @property
    def good(self) -> bool:
        return self.intact and self.unchanged_after and self.trusted


def trust_roots(paths: list[Path]) -> list[object]:
    """Load the trust roots: the files given, or each PEM/DER file in the folders given, and
    those of `$VANBAN_TRUST_ROOTS` (paths separated by the system's path separator)."""
    from pyhanko.keys import load_certs_from_pemder

    listed = [*paths, *(Path(p) for p in os.environ.get("VANBAN_TRUST_ROOTS", "").split(
        os.pathsep) if p)]
    files = [f for path in listed for f in (sorted(path.iterdir()) if path.is_dir() else [path])
             if f.suffix.lower() in (".pem", ".crt", ".cer", ".der")]
    try:
        return [cert for f in files for cert in load_certs_from_pemder([str(f)])]
    except (OSError, ValueError) as exc:
        raise SigningError(f"Không đọc được chứng thư gốc tin cậy: {exc}.",
                           code="bad-trust-root") from exc


def verify(pdf: Path, roots: list[object]) -> list[SignatureReport]:
    """Report on every signature of `pdf`; refuse a file that is not a readable PDF."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    data = _read(pdf)
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
        return outside_event_loop(lambda: [_report(signature, roots)
                                           for signature in signatures])
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise SigningError(f"«{pdf.name}» không phải tệp PDF đọc được: {exc}.",
                           code="unreadable-pdf") from exc


def _read(pdf: Path) -> bytes:
    try:
        if pdf.stat().st_size > MAX_PDF_BYTES:
            raise SigningError(f"«{pdf.name}» lớn hơn {MAX_PDF_BYTES // 1024 // 1024} MB.",
                               code="unreadable-pdf")
        data = pdf.read_bytes()
    except OSError as exc:
        raise SigningError(f"Không đọc được «{pdf}»: {exc.strerror}.",
                           code="unreadable-pdf") from exc
    if not data.startswith(b"%PDF-"):
        raise SigningError(f"«{pdf.name}» không phải tệp PDF.", code="unreadable-pdf")
    return data


def _report(signature, roots: list[object]) -> SignatureReport:  # type: ignore[no-untyped-def]
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    first = validate_pdf_signature(signature, ValidationContext(
        trust_roots=roots, allow_fetching=False))
    timestamp = first.timestamp_validity
    moment = timestamp.timestamp if timestamp is not None else first.signer_reported_dt
    status = validate_pdf_signature(signature, ValidationContext(
        trust_roots=roots, allow_fetching=False, moment=moment)) if moment else first
    level = status.modification_level.name if status.modification_level else "OTHER"
    cert = status.signing_cert
    return SignatureReport(
        field=str(signature.field_name), signer=cert.subject.native.get("common_name", ""),
        issuer=cert.issuer.native.get("common_name", ""), signed_at=moment,
        timestamped=timestamp is not None, intact=bool(status.intact and status.valid),
        unchanged_after=bool(status.docmdp_ok) and level != "OTHER",
        change=_CHANGES.get(level, level), trusted=bool(status.trusted),
        trust_problem=_trust_problem(status, roots))


def _trust_problem(status, roots: list[object]) -> str:  # type: ignore[no-untyped-def]
    if status.trusted:
        return ""
    if not roots:
        return "chưa cấu hình chứng thư gốc tin cậy (--trust hoặc $VANBAN_TRUST_ROOTS)"
    cert = status.signing_cert
    moment = status.signer_reported_dt
    if moment and not cert.not_valid_before <= moment <= cert.not_valid_after:
        return (f"chứng thư không còn hiệu lực lúc ký (hiệu lực {cert.not_valid_before:%d/%m/%Y}"
                f"–{cert.not_valid_after:%d/%m/%Y})")
    return "chứng thư không thuộc chuỗi của một tổ chức chứng thực tin cậy đã cấu hình"


def describe(report: SignatureReport) -> list[str]:
    """The report as the lines `vanban verify` prints."""
    when = thoi_gian_ky(report.signed_at) if report.signed_at else "không rõ"
    source = "dấu thời gian của TSA" if report.timestamped else "do phần mềm của người ký ghi"
    return [
        f"Chữ ký «{report.field}»: {report.signer}",
        f"  Tổ chức cấp chứng thư: {report.issuer}",
        f"  Thời gian ký: {when} ({source})",
        "  Nội dung đã ký: " + ("nguyên vẹn" if report.intact else "BỊ THAY ĐỔI (chữ ký hỏng)"),
        f"  Sau khi ký: {report.change}",
        "  Chứng thư: " + ("hợp lệ, tin cậy" if report.trusted else
                           f"KHÔNG tin cậy: {report.trust_problem}"),
        "  Thu hồi chứng thư: không kiểm tra (không truy cập OCSP/CRL)",
    ]
