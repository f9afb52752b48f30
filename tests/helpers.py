"""Build small campaigns on disk for tests: a valid profile and a one-document campaign."""

from __future__ import annotations

import shutil
import struct
import zipfile
from pathlib import Path
from typing import Any

from engine.campaign.yaml_writer import dump

PROFILE: dict[str, Any] = {
    "ma": "ubnd-xa-an-binh",
    "ten": "Ủy ban nhân dân xã An Bình",
    "ten_in": ["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH"],
    "viet_tat": "UBND",
    "dia_danh": "An Bình",
    "tap_the": "Ủy ban nhân dân",
    "nguoi_dung_dau": "Chủ tịch",
    "don_vi": [{"ma": "VP", "ten": "Văn phòng HĐND và UBND"}],
    "nguoi_ky": [{"ma": "ct-a", "ho_ten": "Nguyễn Văn An", "chuc_vu": "Chủ tịch"}],
}


def document(**fields: Any) -> dict[str, Any]:
    """Return a valid Chỉ thị, with `fields` replacing or adding keys."""
    doc: dict[str, Any] = {
        "ma": "ct-01", "loai": "chi_thi", "so": "5", "ngay": "2025-02-05",
        "trich_yeu": "Về tăng cường cải cách hành chính",
        "noi_dung": ["Đoạn mở đầu.", {"tieu_de": "Nhiệm vụ", "noi_dung": [{"van_ban": "Một."}]}],
        "ky": {"nguoi_ky": "ct-a"}, "noi_nhan": ["Như trên"],
    }
    doc.update(fields)
    return doc


def write_campaign(folder: Path, *documents: dict[str, Any], sections: Any = None,
                   raw: str | None = None) -> Path:
    """Write the profile and a campaign (or the `raw` campaign text) into `folder`."""
    (folder / "co-quan.yaml").write_text(dump(PROFILE), "utf-8")
    path = folder / "chien-dich.yaml"
    if raw is not None:
        path.write_text(raw, "utf-8")
        return path
    campaign = {"co_quan": "co-quan.yaml",
                "chien_dich": {"ten": "Phong trào thi đua", **(sections or {})},
                "van_ban": list(documents) or [document()]}
    path.write_text(dump(campaign), "utf-8")
    return path


def copy_templates(folder: Path, name: str, old: bytes, new: bytes) -> Path:
    """Copy vanban's templates into `folder` and replace `old` by `new` in `name`'s body."""
    from engine.document.templates import default_templates

    templates = folder / "templates"
    shutil.copytree(default_templates(), templates)
    edit_template(templates / name, old, new)
    return templates


def edit_template(path: Path, old: bytes, new: bytes) -> None:
    """Replace `old` by `new` in the document part of the DOCX template at `path`."""
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    assert old in parts["word/document.xml"]
    parts["word/document.xml"] = parts["word/document.xml"].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def patched_headers(data: bytes, local: int, central: int, fmt: str, value: int,
                    member: bytes = b"word/document.xml") -> bytes:
    """The zip `data` with one field of `member`'s local and central headers set to `value`
    (`local`, `central`: the field's offset in each header; `fmt`: its struct format)."""
    out = bytearray(data)
    at = 0
    while (at := out.find(member, at + 1)) > 0:
        if out[at - 30:at - 26] == b"PK\x03\x04":
            struct.pack_into(fmt, out, at - 30 + local, value)
        if out[at - 46:at - 42] == b"PK\x01\x02":
            struct.pack_into(fmt, out, at - 46 + central, value)
    return bytes(out)
