"""Rules on the text of a validated campaign that its JSON Schema cannot express: the trích
yếu of a công văn, where the "/." can go, table rows against their columns, the days a body
existed, and the signature form against the signer's title.

Each check returns located Problems (file, line, field, code, message); the loader reports
them with every other problem of the file at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from engine.campaign.body import flatten
from engine.campaign.models import Document, Profile
from engine.campaign.yaml_reader import Path_, YamlDocument
from engine.decree.dates import ngay_ngan, parse_date
from engine.decree.signature import sai_hinh_thuc_ky
from engine.errors import Problem

# "V/v" typed before a công văn's trích yếu: the template prints "V/v " itself (Mẫu 1.5).
_VV = re.compile(r"^\s*v\s*/\s*v\b[\s:.,-]*", re.IGNORECASE)


def trich_yeu(kind: str, text: str) -> str:
    """Return the trích yếu as the template wants it: a công văn's without a typed "V/v".

    The decision (a clerk expects "V/v" once, not an error): a leading "V/v", "v/v" or "V/V"
    is removed, since Mẫu 1.5 prints "V/v " before the trích yếu (Phụ lục I, II.5.b).

    >>> trich_yeu("cong_van", "V/v hướng dẫn triển khai"), trich_yeu("cong_van", "v/V: báo cáo")
    ('hướng dẫn triển khai', 'báo cáo')
    >>> trich_yeu("chi_thi", "V/v tăng cường"), trich_yeu("cong_van", "Về việc vận hành")
    ('V/v tăng cường', 'Về việc vận hành')
    """
    return _VV.sub("", text, count=1) if kind == "cong_van" else text


def document_problems(raw: dict[str, Any], path: Path_, profile: Profile, day: date | None,
                      doc: YamlDocument) -> Iterator[Problem]:
    """The problems of one document that need its issuing body: its trích yếu, its date
    against the body's existence, its signature form against the signer's title."""
    if not trich_yeu(raw["loai"], raw["trich_yeu"]).strip():
        yield doc.problem((*path, "trich_yeu"), "empty-value",
                          "trích yếu chỉ có «V/v»: ghi nội dung sau «V/v» (mẫu tự in «V/v»)")
    if day is not None:
        yield from validity_problems(profile, day, (*path, "ngay"), doc)
    sign = raw.get("ky")
    signer = profile.nguoi_ky.get(sign["nguoi_ky"]) if sign else None
    if sign and signer:
        for reason in sai_hinh_thuc_ky(sign.get("quyen_han", []), signer.chuc_vu,
                                       profile.nguoi_dung_dau, profile.tap_the):
            yield doc.problem((*path, "ky", "quyen_han"), "bad-authority",
                              f"hình thức ký sai cho «{signer.ho_ten}»: {reason}")


def validity_problems(profile: Profile, day: date, path: Path_,
                      doc: YamlDocument) -> Iterator[Problem]:
    """A document dated when its body did not exist (the profile's `hieu_luc_tu`/`_den`)."""
    message = existence(profile, day)
    if message:
        yield doc.problem(path, "body-not-existing", message)


def existence(profile: Profile, day: date) -> str:
    """Return why `profile`'s body could not issue a document on `day` ("" when it could).

    A district-level body (cấp huyện) ends on 30/6/2025 with the two-level local government
    (legal-rules.md §4.1): its profile says `hieu_luc_den: 2025-06-30`; the engine knows no
    body by name.
    """
    if profile.hieu_luc_den and day > profile.hieu_luc_den:
        return (f"ngày {ngay_ngan(day)}: «{profile.ten}» chỉ tồn tại đến hết ngày "
                f"{ngay_ngan(profile.hieu_luc_den)} (hồ sơ cơ quan, «hieu_luc_den»); văn bản "
                "phải do cơ quan kế nhiệm ban hành")
    if profile.hieu_luc_tu and day < profile.hieu_luc_tu:
        return (f"ngày {ngay_ngan(day)}: «{profile.ten}» chỉ có từ ngày "
                f"{ngay_ngan(profile.hieu_luc_tu)} (hồ sơ cơ quan, «hieu_luc_tu»)")
    return ""


def profile_problems(doc: YamlDocument) -> Iterator[Problem]:
    """Dates of a body profile that do not exist, or that end before they start."""
    days = {key: parse_date(doc.data[key]) for key in ("hieu_luc_tu", "hieu_luc_den")
            if key in doc.data}
    for key, day in days.items():
        if day is None:
            yield doc.problem((key,), "bad-date", f"ngày «{doc.data[key]}» không có thật")
    start, end = days.get("hieu_luc_tu"), days.get("hieu_luc_den")
    if start and end and end < start:
        yield doc.problem(("hieu_luc_den",), "bad-date",
                          f"ngày kết thúc {ngay_ngan(end)} sớm hơn ngày bắt đầu {ngay_ngan(start)}")


def ending_problems(item: Document, sections: dict[str, list[Any]],
                    doc: YamlDocument) -> Iterator[Problem]:
    """A body that ends with a table: the "/." ends the content's last paragraph (Phụ lục
    III: every sample ends "/."), and a table has none, so a paragraph must follow it.

    A nghị quyết's passage sentence (`thong_qua`) is printed after the body and ends it.
    """
    if item.thong_qua:
        return
    paragraphs = flatten(item.noi_dung, ("1",), sections).paragraphs
    if paragraphs and paragraphs[-1]["kieu"] == "bang":
        yield doc.problem(_last_part(item.noi_dung, (*item.path, "noi_dung")), "ends-with-table",
                          "nội dung không được kết thúc bằng bảng: dấu «/.» đặt ở cuối đoạn "
                          "văn cuối cùng; thêm một đoạn văn sau bảng (ví dụ câu tổ chức "
                          "thực hiện)")


def _last_part(parts: list[Any], path: Path_) -> Path_:
    """The path of the part whose table is printed last: the field a clerk must change."""
    where = (*path, len(parts) - 1)
    last = parts[-1]
    if not isinstance(last, dict):
        return where
    if "chen" in last:
        return (*where, "chen")
    if last.get("noi_dung"):
        return _last_part(last["noi_dung"], (*where, "noi_dung"))
    return (*where, "bang") if "bang" in last else where


def table_problems(doc: YamlDocument) -> Iterator[Problem]:
    """Every table row whose cells (a merged cell counts its `gop` columns) do not fill the
    header's columns exactly: more would not print, fewer would shift the columns."""
    for path, table in _tables(doc.data, ()):
        columns = len(table["cot"])
        for i, row in enumerate(table["dong"]):
            width = sum(span(cell) for cell in row) if isinstance(row, list) else columns
            if width != columns:
                yield doc.problem((*path, "dong", i), "table-row-length",
                                  f"dòng {i + 1} của bảng có {width} ô nhưng bảng có {columns} "
                                  f"cột ({', '.join(table['cot'])}); mỗi dòng phải đủ {columns} "
                                  "ô (ô trống ghi \"\", ô gộp ghi «gop»)")


def span(cell: Any) -> int:
    """Return how many columns a cell covers: its `gop`, else one.

    >>> span("1"), span({"van_ban": "I. TẬP THỂ", "gop": "4"}), span({"van_ban": "x"})
    (1, 4, 1)
    """
    value = cell.get("gop", "1") if isinstance(cell, dict) else "1"
    return int(value) if isinstance(value, str) and value.isdigit() else 1


def _tables(value: Any, path: Path_) -> Iterator[tuple[Path_, dict[str, Any]]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "bang" and isinstance(item, dict) and isinstance(item.get("cot"), list) \
                    and isinstance(item.get("dong"), list):
                yield (*path, key), item
            else:
                yield from _tables(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _tables(item, (*path, i))
