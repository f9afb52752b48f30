"""Build the template context of a document from the campaign (pure: no files, no clock)."""

from __future__ import annotations

from typing import Any

from engine.base.text import upper
from engine.campaign.body import flatten
from engine.campaign.models import Campaign, Document, Profile
from engine.decree import breaks, dates, doctypes, labels, numbers, punctuation, signature

_COMMANDS = {"quyet_dinh": "QUYẾT ĐỊNH:", "nghi_quyet": "QUYẾT NGHỊ:"}


def symbol(doc: Document) -> str:
    """Return the ký hiệu of `doc` (CT-UBND, UBND-NV …)."""
    return numbers.ky_hieu(doc.loai, doc.profile.viet_tat, doc.don_vi_soan_thao)


def citation(doc: Document, *, in_words: bool = False) -> str:
    """Return how `doc` is cited in another document ("Quyết định số 25/QĐ-UBND ngày 23/7/2025";
    `in_words`: "… ngày 23 tháng 7 năm 2025", as the "(Kèm theo …)" line writes it).

    A draft keeps blanks for its number and date.
    """
    number = numbers.so_hieu(doc.so, symbol(doc)) if doc.so else f"     /{symbol(doc)}"
    if in_words:
        day = dates.ngay_thang_nam(doc.ngay) if doc.ngay else "ngày      tháng      năm     "
        return f"{doctypes.TYPE_NAMES[doc.loai]} số {number} {day}"
    day = dates.ngay_ngan(doc.ngay) if doc.ngay else "     "
    return f"{doctypes.TYPE_NAMES[doc.loai]} số {number} ngày {day}"


def issuing_authority(doc: Document) -> str:
    """Return who issues `doc`, as running text names it after "của".

    NĐ 30/2020/NĐ-CP, Phụ lục I, III.1.c and the attached-document sample of Phụ lục III
    ("(Kèm theo Quyết định số … ngày … tháng … năm … của …)", legal-rules.md §7: "the real
    issuing authority"), read with II.7.b (legal-rules.md §1.5): signed "TM." the collective,
    the document is the body's; signed by the head in their own name, or for the head (KT.,
    Q., TL., TUQ.), it is the head's ("Chủ tịch Ủy ban nhân dân phường …"). A nghị quyết is
    passed by its council (Mẫu 1.1): always the body's.
    """
    profile = doc.profile
    authority = list(doc.ky.get("quyen_han", [])) if doc.ky else ["TM"]
    if doc.loai == "nghi_quyet" or authority[:1] == ["TM"]:
        return profile.ten
    return signature.head_of_body(profile.nguoi_dung_dau, profile.ten)


def build(campaign: Campaign, doc: Document) -> dict[str, Any]:
    """Return everything the template of `doc` prints, already formatted per Decree 30."""
    profile = doc.profile
    styles = doc.danh_so or labels.DEFAULT_STYLES[doc.loai]
    paragraphs = flatten(doc.noi_dung, styles, campaign.sections).paragraphs
    if doc.thong_qua:
        paragraphs.append({"kieu": "doan", "nhan": "", "tieu_de": "", "bang": None,
                           "van_ban": passage_sentence(doc.thong_qua)})
    _end_body(paragraphs)
    parent = campaign.document(doc.kem_theo) if doc.kem_theo else None
    return typeset({
        "co_quan_chu_quan": list(profile.chu_quan),
        "co_quan_ban_hanh": list(profile.ten_in),
        "so_ky_hieu": numbers.so_ky_hieu(doc.so, symbol(doc), doc.cho_so),
        "dia_danh_ngay": dates.dong_dia_danh(doc.dia_danh or profile.dia_danh, doc.ngay),
        "ten_loai": doctypes.ten_loai(doc.loai),
        "trich_yeu": doc.trich_yeu,
        "kem_theo": _attached_line(doc, parent) if parent else "",
        "tham_quyen": list(doc.tham_quyen_ban_hanh) or [upper(profile.ten)],
        "can_cu": punctuation.list_punctuation(
            [*doc.can_cu, *doc.xet, *([doc.theo_de_nghi] if doc.theo_de_nghi else [])]),
        "lenh": _COMMANDS.get(doc.loai, ""),
        "kinh_gui": _greeting(doc.kinh_gui),
        "noi_dung": paragraphs,
        "chu_ky": _signature(doc),
        "noi_nhan": _recipients(doc),
        "phu_luc": _appendices(campaign, doc, parent),
    }, profile, doc.dia_danh)


def typeset(context: dict[str, Any], profile: Profile, *places: str | None) -> dict[str, Any]:
    """Return `context` with no line break possible inside what a reader keeps whole: symbols,
    ranges, dates, and the place names of `profile` and `places` (engine/decree/breaks.py)."""
    names = [name for name in (profile.dia_danh, *places) if name]
    names += breaks.place_names(profile.ten, *profile.ten_in, *profile.chu_quan)

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return breaks.keep_together(value, names)
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, dict):  # "kieu" names a paragraph's kind for the template
            return {key: item if key == "kieu" else walk(item) for key, item in value.items()}
        return value

    result: dict[str, Any] = walk(context)
    return result


def passage_sentence(passed: dict[str, Any]) -> str:
    """Return a People's Council resolution's passage-and-effect sentence (Mẫu 1.1).

    >>> passage_sentence({"co_quan": "Hội đồng nhân dân thị xã Phước Long", "khoa": "III",
    ...                   "ky_hop": "thứ mười bốn", "ngay": "2020-12-23",
    ...                   "hieu_luc": "kể từ ngày thông qua"})  # doctest: +NORMALIZE_WHITESPACE
    'Nghị quyết này được Hội đồng nhân dân thị xã Phước Long khóa III, kỳ họp thứ mười bốn
     thông qua ngày 23 tháng 12 năm 2020 và có hiệu lực kể từ ngày thông qua.'
    """
    day = dates.require_date(passed["ngay"], "ngày thông qua")
    return (f"Nghị quyết này được {passed['co_quan']} khóa {passed['khoa']}, kỳ họp "
            f"{passed['ky_hop']} thông qua {dates.ngay_thang_nam(day)} và có hiệu lực "
            f"{passed['hieu_luc']}.")


def _end_body(paragraphs: list[dict[str, Any]]) -> None:
    """End the content's last paragraph with "/.". Never a paragraph before a table: a body
    may not end with a table (campaign.rules.ending_problems); an appendix that does (a list)
    gets no mark rather than one in the wrong place."""
    if not paragraphs or paragraphs[-1]["kieu"] == "bang":
        return
    paragraph = paragraphs[-1]
    key = "van_ban" if paragraph["van_ban"] else "tieu_de"
    paragraph[key] = punctuation.ket_thuc(paragraph[key])


def _attached_line(doc: Document, parent: Document) -> str:
    issuer = doc.kem_theo_cua or issuing_authority(parent)
    return f"(Kèm theo {citation(parent, in_words=True)} của {issuer})"


def _greeting(recipients: tuple[str, ...]) -> list[str]:
    """One recipient stays on the "Kính gửi:" line; several become "- …;" lines (II.9.b)."""
    lines = punctuation.list_punctuation(list(recipients))
    return lines if len(lines) == 1 else [f"- {line}" for line in lines]


def _signature(doc: Document) -> dict[str, Any] | None:
    if not doc.ky:
        return None
    signer = doc.profile.nguoi_ky[doc.ky["nguoi_ky"]]
    lines = signature.khoi_ky(doc.ky.get("quyen_han", []), doc.profile.tap_the,
                            doc.profile.nguoi_dung_dau, signer.chuc_vu)
    return {"dong": lines, "ho_ten": signer.ho_ten}


def _recipients(doc: Document) -> list[str]:
    """Nơi nhận: "- …;" lines, then "- Lưu: VT, <unit>." (Phụ lục I, II.9.d)."""
    if not doc.noi_nhan and not doc.ky:
        return []
    names = [item if isinstance(item, str) else f"{item['ten']} ({item['ghi_chu']})"
             if "ghi_chu" in item else item["ten"] for item in doc.noi_nhan]
    archive = list(doc.luu) or ["VT", *([doc.don_vi_soan_thao] if doc.don_vi_soan_thao else [])]
    lines = [punctuation.end_with(name, ";") for name in names]
    lines.append(f"Lưu: {', '.join(archive)}.")
    return [f"- {line}" for line in lines]


def _appendices(campaign: Campaign, doc: Document, parent: Document | None) -> list[Any]:
    out = []
    numbered = len(doc.phu_luc) > 1
    for i, appendix in enumerate(doc.phu_luc, start=1):
        parts: list[Any] = list(appendix.get("noi_dung", []))
        if "bang" in appendix:
            parts.append({"bang": appendix["bang"]})
        if "chen" in appendix:
            parts.append({"chen": appendix["chen"]})
        paragraphs = flatten(parts, ("1", "a)", "-", "+"), campaign.sections).paragraphs
        _end_body(paragraphs)
        owner = (f"{doctypes.TYPE_NAMES[doc.loai]} ban hành kèm theo "
                 f"{citation(parent, in_words=True)}" if parent
                 else citation(doc, in_words=True))
        issuer = doc.kem_theo_cua or issuing_authority(parent or doc)
        out.append({
            "so": f"Phụ lục {labels.roman(i)}" if numbered else "Phụ lục",
            "tieu_de": upper(appendix["tieu_de"]),
            "kem_theo": f"(Kèm theo {owner} của {issuer})",
            "noi_dung": paragraphs,
        })
    return out
