"""Load a campaign file and its body profiles; report every problem at once, or return models."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from engine.base.text import upper
from engine.campaign import rules, validate, yaml_reader
from engine.campaign.body import flatten
from engine.campaign.codes import normalise_campaign
from engine.campaign.emblem import load_emblem
from engine.campaign.models import Campaign, Document, Profile, Signer
from engine.campaign.paths import confined
from engine.campaign.yaml_reader import Path_, Sources, YamlDocument
from engine.decree.dates import parse_date
from engine.decree.doctypes import TYPE_NAMES
from engine.decree.labels import DEFAULT_STYLES
from engine.decree.signature import ALLOWED_AUTHORITIES
from engine.errors import InputError, Problem

# Machine fields whose value must be written in the item's own wording.
_WORDED_FIELDS = ("gia_tri", "toi_thieu", "han", "tu", "den", "han_gui")


def load_campaign(path: Path, sources: Sources | None = None) -> Campaign:
    """Read, validate and return the campaign at `path`; raise InputError listing every problem.

    Schema problems and the checks that need valid data are reported together: a document or
    section with a schema problem is only left out of the checks that would trip over it.
    `sources` reads the files (the disk by default; a stored snapshot at issuance).
    """
    if path.stem.startswith(".") or not path.stem.strip():  # "...yaml": its folder is ".."
        raise InputError([Problem(str(path), None, "", "bad-file-name",
                                  f"tên tệp «{path.name}» không dùng được làm tên thư mục kết "
                                  "quả (bắt đầu bằng «.»); đổi tên tệp, ví dụ ke-hoach-2025.yaml")])
    sources = sources or Sources()
    doc = yaml_reader.load(path, sources=sources)
    if not doc.problems:
        normalise_campaign(doc.data)
        validate.check(doc, "campaign")
    if doc.problems and not _checkable(doc):
        raise InputError(doc.problems)
    problems = list(doc.problems)
    profiles, inputs = _load_profiles(path, doc, problems, sources)
    inputs[str(path)] = hashlib.sha256(sources.read(path)).hexdigest()
    if not profiles:
        raise InputError(problems)
    documents = []
    for i, raw in enumerate(doc.data["van_ban"]):
        profile, issued = _field_checks(raw, ("van_ban", i), profiles, doc, problems)
        if not _has_problem(doc, ("van_ban", i)):  # the checks that need a sound document
            documents.append(_document(raw, i, profile, issued, doc, problems))
    data = doc.data["chien_dich"]
    sections = {key: value for key, value in data.items() if isinstance(value, list)}
    problems.extend(_check_links(documents, doc))
    problems.extend(rules.table_problems(doc))
    problems.extend(_check_round(doc, sections, path))
    if not _has_problem(doc, ("chien_dich",)):
        problems.extend(_check_insertions(doc, sections, documents))
        problems.extend(_check_wording(doc, sections))
        problems.extend(_check_numbering(documents, sections, doc))
    if problems:
        raise InputError(problems)
    return Campaign(file=str(path), ten=data["ten"], sections=sections,
                    documents=tuple(documents), giai_doan=data.get("giai_doan"),
                    khau_hieu=data.get("khau_hieu"), inputs=inputs,
                    khen_thuong=doc.data.get("khen_thuong"), ma=doc.data.get("ma"))


def load_profile(path: Path, sources: Sources | None = None) -> Profile:
    """Read, validate and return the body profile at `path`; raise InputError listing every
    problem."""
    sources = sources or Sources()
    doc = yaml_reader.load(path, sources=sources)
    if not doc.problems:
        validate.check(doc, "profile")
    if not doc.problems:
        doc.problems.extend(rules.profile_problems(doc))
    emblem = load_emblem(path, doc, sources) if not doc.problems else None
    if doc.problems:
        raise InputError(doc.problems)
    return _profile(doc.data, emblem)


def _checkable(doc: YamlDocument) -> bool:
    """Return whether the file's skeleton is sound enough to check its parts one by one."""
    data = doc.data
    return (isinstance(data, dict) and isinstance(data.get("chien_dich"), dict)
            and isinstance(data.get("van_ban"), list) and not _has_problem(doc, ("co_quan",))
            and all(isinstance(item, dict) for item in data["van_ban"])
            and not any(p.code.startswith(("yaml", "not-utf8", "file")) for p in doc.problems))


def _has_problem(doc: YamlDocument, path: Path_) -> bool:
    prefix = yaml_reader.dotted(path)
    return any(p.field == prefix or p.field.startswith((f"{prefix}.", f"{prefix}["))
               or (p.field == "" and not path) for p in doc.problems)


def _load_profiles(
    path: Path, doc: YamlDocument, problems: list[Problem], sources: Sources
) -> tuple[dict[str, Profile], dict[str, str]]:
    refs = doc.data["co_quan"]
    refs = {"": refs} if isinstance(refs, str) else refs
    profiles: dict[str, Profile] = {}
    inputs: dict[str, str] = {}
    for alias, ref in refs.items():
        where = ("co_quan", alias) if alias else ("co_quan",)
        file = confined(path, ref, on_disk=sources.stored is None)
        if file is None:
            problems.append(doc.problem(where, "bad-path",
                                        f"«{ref}»: hồ sơ cơ quan phải nằm trong thư mục của tệp "
                                        "chiến dịch (đường dẫn tương đối, không «..», không "
                                        "liên kết ra ngoài)"))
            continue
        if not sources.exists(file):
            problems.append(doc.problem(where, "missing-profile",
                                        f"không tìm thấy tệp hồ sơ cơ quan «{ref}»"))
            continue
        profile_doc = yaml_reader.load(file, str(path.parent / ref), sources)
        if not profile_doc.problems:
            validate.check(profile_doc, "profile")
        if not profile_doc.problems:
            profile_doc.problems.extend(rules.profile_problems(profile_doc))
        emblem = load_emblem(file, profile_doc, sources) if not profile_doc.problems else None
        problems.extend(profile_doc.problems)
        if not profile_doc.problems:
            profiles[alias] = _profile(profile_doc.data, emblem)
            inputs[str(path.parent / ref)] = hashlib.sha256(sources.read(file)).hexdigest()
            if emblem is not None:  # a new picture is a changed input (regeneration)
                inputs[str(file.parent / profile_doc.data["quoc_huy"])] = \
                    hashlib.sha256(emblem).hexdigest()
    return profiles, inputs


def _profile(data: dict[str, Any], emblem: bytes | None = None) -> Profile:
    return Profile(
        ma=data["ma"], ten=data["ten"],
        ten_in=tuple(data.get("ten_in") or [upper(data["ten"])]),
        chu_quan=tuple(data.get("chu_quan") or []), viet_tat=data["viet_tat"],
        dia_danh=data["dia_danh"], tap_the=data["tap_the"],
        nguoi_dung_dau=data["nguoi_dung_dau"], danh_so=data.get("danh_so", "chung"),
        don_vi={unit["ma"]: unit["ten"] for unit in data.get("don_vi", [])},
        nguoi_ky={s["ma"]: Signer(s["ma"], s["ho_ten"], s["chuc_vu"]) for s in data["nguoi_ky"]},
        hieu_luc_tu=parse_date(data.get("hieu_luc_tu", "")),
        hieu_luc_den=parse_date(data.get("hieu_luc_den", "")),
        quoc_huy=emblem,
    )


def _field_checks(raw: dict[str, Any], path: Path_, profiles: dict[str, Profile],
                  doc: YamlDocument, problems: list[Problem]) -> tuple[Profile, date | None]:
    """Check the document's references and dates, each field whose schema is sound (a
    document with a schema problem elsewhere still gets them: every problem in one run);
    return its profile and issue date."""
    def sound(*keys: str) -> bool:
        return keys[0] in raw and not _has_problem(doc, (*path, *keys))

    alias = raw.get("co_quan", "")
    if not _has_problem(doc, (*path, "co_quan")) and alias not in profiles:
        choices = ", ".join(a for a in profiles if a) or "(không có bí danh)"
        problems.append(doc.problem((*path, "co_quan"), "bad-reference",
                                    f"cơ quan «{alias}» không có trong «co_quan» "
                                    f"(chọn: {choices})" if alias else
                                    f"phải chọn cơ quan ban hành: {choices}"))
    profile = profiles.get(str(alias)) or next(iter(profiles.values()))
    issued = _date(raw, (*path, "ngay"), "ngay", doc, problems) if sound("ngay") else None
    if sound("thong_qua") and isinstance(raw["thong_qua"], dict):
        _date(raw["thong_qua"], (*path, "thong_qua", "ngay"), "ngay", doc, problems)
    unit = raw.get("don_vi_soan_thao")
    if sound("don_vi_soan_thao") and unit not in profile.don_vi:
        problems.append(doc.problem((*path, "don_vi_soan_thao"), "bad-reference",
                                    f"đơn vị «{unit}» không có trong hồ sơ cơ quan "
                                    f"(có: {', '.join(profile.don_vi) or 'không có đơn vị nào'})"))
    if sound("ky"):
        problems.extend(_check_signature(raw, path, profile, doc))
    if sound("loai"):
        problems.extend(_check_type_rules(raw, path, doc))
    return profile, issued


def _document(raw: dict[str, Any], index: int, profile: Profile, issued: date | None,
              doc: YamlDocument, problems: list[Problem]) -> Document:
    path: Path_ = ("van_ban", index)
    unit = raw.get("don_vi_soan_thao")
    problems.extend(rules.document_problems(raw, path, profile, issued, doc))
    return Document(
        ma=raw["ma"], loai=raw["loai"], profile=profile,
        trich_yeu=rules.trich_yeu(raw["loai"], raw["trich_yeu"]),
        noi_dung=raw["noi_dung"], path=path, so=raw.get("so"), ngay=issued,
        do_mat=raw.get("do_mat"), hoi_dong=raw.get("hoi_dong"),
        dia_danh=raw.get("dia_danh"), don_vi_soan_thao=unit, kem_theo=raw.get("kem_theo"),
        kem_theo_cua=raw.get("kem_theo_cua"),
        tham_quyen_ban_hanh=tuple(raw.get("tham_quyen_ban_hanh", ())),
        can_cu=tuple(raw.get("can_cu", ())), xet=tuple(raw.get("xet", ())),
        theo_de_nghi=raw.get("theo_de_nghi"), kinh_gui=tuple(raw.get("kinh_gui", ())),
        danh_so=tuple(raw.get("danh_so", ())), thong_qua=raw.get("thong_qua"),
        ky=raw.get("ky"), noi_nhan=tuple(raw.get("noi_nhan", ())), luu=tuple(raw.get("luu", ())),
        phu_luc=tuple(raw.get("phu_luc", ())),
    )


def _date(raw: dict[str, Any], path: Path_, key: str, doc: YamlDocument,
          problems: list[Problem]) -> date | None:
    if key not in raw:
        return None
    day = parse_date(raw[key])
    if day is None:
        problems.append(doc.problem(path, "bad-date", f"ngày «{raw[key]}» không có thật"))
    return day


def _check_signature(raw: dict[str, Any], path: Path_, profile: Profile,
                     doc: YamlDocument) -> Iterator[Problem]:
    sign = raw.get("ky")
    if not sign:
        return
    if sign["nguoi_ky"] not in profile.nguoi_ky:
        yield doc.problem((*path, "ky", "nguoi_ky"), "bad-reference",
                          f"người ký «{sign['nguoi_ky']}» không có trong hồ sơ cơ quan "
                          f"(có: {', '.join(profile.nguoi_ky)})")
    authority = tuple(sign.get("quyen_han", ()))
    if authority not in ALLOWED_AUTHORITIES:
        allowed = "; ".join(", ".join(a) or "(không)" for a in sorted(ALLOWED_AUTHORITIES))
        yield doc.problem((*path, "ky", "quyen_han"), "bad-authority",
                          f"tổ hợp quyền hạn ký {list(authority)} không đúng Nghị định 30/2020 "
                          f"(hợp lệ: {allowed})")


def _check_type_rules(raw: dict[str, Any], path: Path_, doc: YamlDocument) -> Iterator[Problem]:
    kind = raw["loai"]
    if kind in ("cong_van", "to_trinh") and "kinh_gui" not in raw:
        yield doc.problem((*path, "kinh_gui"), "missing-field",
                          f"{TYPE_NAMES[kind].lower()} phải có «kinh_gui» (Phụ lục I, II.9.b)")
    if kind == "nghi_quyet" and "thong_qua" not in raw and "kem_theo" not in raw:
        yield doc.problem((*path, "thong_qua"), "missing-field",
                          "nghị quyết phải có «thong_qua» (câu thông qua và hiệu lực)")
    if kind == "cong_van" and "don_vi_soan_thao" not in raw:
        yield doc.problem((*path, "don_vi_soan_thao"), "missing-field",
                          "công văn phải có «don_vi_soan_thao» (ký hiệu dạng UBND-NV)")
    if "kem_theo" in raw and ("so" in raw or "ngay" in raw):
        yield doc.problem(path, "attached-numbered",
                          "văn bản kèm theo không có số và ngày riêng; "
                          "bỏ «so», «ngay» (dùng số, ngày của văn bản ban hành)")


def _check_links(documents: list[Document], doc: YamlDocument) -> Iterator[Problem]:
    seen: dict[str, Path_] = {}
    for item in documents:
        if item.ma in seen:
            first = yaml_reader.dotted(seen[item.ma])
            yield doc.problem((*item.path, "ma"), "duplicate-id",
                              f"mã văn bản «{item.ma}» đã dùng ở {first}")
        seen.setdefault(item.ma, item.path)
    by_id = {item.ma: item for item in documents}
    for item in documents:
        if item.kem_theo is None:
            continue
        parent = by_id.get(item.kem_theo)
        where = (*item.path, "kem_theo")
        if parent is None or parent is item:
            yield doc.problem(where, "bad-reference",
                              f"không có văn bản «{item.kem_theo}» để kèm theo")
        elif parent.kem_theo is not None:
            yield doc.problem(where, "bad-reference",
                              f"«{parent.ma}» cũng là văn bản kèm theo; chỉ kèm theo văn bản chính")


def _check_round(doc: YamlDocument, sections: dict[str, list[Any]],
                 path: Path) -> Iterator[Problem]:
    """The award round refers to an award form of the campaign and to files that exist."""
    round_ = doc.data.get("khen_thuong")
    if not round_ or _has_problem(doc, ("khen_thuong",)):
        return
    forms = {f.get("ma") for f in sections.get("hinh_thuc_khen_thuong", [])
             if isinstance(f, dict)}
    if round_["hinh_thuc"] not in forms:
        yield doc.problem(("khen_thuong", "hinh_thuc"), "bad-reference",
                          f"chien_dich.hinh_thuc_khen_thuong không có «ma: {round_['hinh_thuc']}»")
    for key in ("han_nop", "ngay_quyet_dinh"):
        if parse_date(round_[key]) is None:
            yield doc.problem(("khen_thuong", key), "bad-date",
                              f"ngày «{round_[key]}» không có thật")
    for i, ref in enumerate(round_["de_nghi"]):
        if not (path.parent / ref).is_file():
            yield doc.problem(("khen_thuong", "de_nghi", i), "missing-file",
                              f"không tìm thấy tệp đề nghị «{ref}»")


def _check_numbering(documents: list[Document], sections: dict[str, list[Any]],
                     doc: YamlDocument) -> Iterator[Problem]:
    for item in documents:
        styles = item.danh_so or DEFAULT_STYLES[item.loai]
        result = flatten(item.noi_dung, styles, sections, (*item.path, "noi_dung"))
        for path, code, message in result.problems:
            yield doc.problem(path, code, message)
        yield from rules.ending_problems(item, sections, doc)


def walk_parts(parts: list[Any]) -> Iterator[dict[str, Any]]:
    """Yield every mapping part of a body or section tree, depth first."""
    for part in parts:
        if isinstance(part, dict):
            yield part
            yield from walk_parts(part.get("noi_dung", []))


def _check_insertions(doc: YamlDocument, sections: dict[str, list[Any]],
                      documents: list[Document]) -> Iterator[Problem]:
    refs = [ref for item in documents for ref in _references(
        {"noi_dung": item.noi_dung, "phu_luc": list(item.phu_luc)}, item.path)]
    for path, ref in refs:
        section, _, ma = ref.partition("/")
        items = sections.get(section)
        if not items:
            yield doc.problem(path, "bad-reference",
                              f"chien_dich không có mục «{section}» để chèn")
        elif ma and ma not in {item.get("ma") for item in walk_parts(items)}:
            yield doc.problem(path, "bad-reference", f"mục «{section}» không có «ma: {ma}»")


def _references(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "chen":
                yield (*path, key), item
            else:
                yield from _references(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _references(item, (*path, i))


def _wording(item: dict[str, Any]) -> str:
    texts = [item.get("tieu_de", ""), item.get("van_ban", "")]
    for child in item.get("noi_dung", []):
        texts.append(child if isinstance(child, str) else _wording(child))
    return " ".join(texts)


def _check_wording(doc: YamlDocument, sections: dict[str, list[Any]]) -> Iterator[Problem]:
    """Yield a problem where a machine field's number is missing from the item's own text."""
    for section, items in sections.items():
        for path, item in _walk_items(items, ("chien_dich", section)):
            text = _wording(item)
            values = [(key, item[key]) for key in _WORDED_FIELDS if key in item]
            values += [(f"gioi_han[{i}].toi_da", limit["toi_da"])
                       for i, limit in enumerate(item.get("gioi_han", []))]
            for key, value in values:
                if not _mentions(text, value):
                    yield doc.problem((*path, key.split("[")[0]), "inconsistent-wording",
                                      f"giá trị «{value}» của «{key}» không có trong lời văn "
                                      "của mục; lời văn và dữ liệu phải khớp nhau")


def _walk_items(items: list[Any], path: Path_) -> Iterator[tuple[Path_, dict[str, Any]]]:
    for i, item in enumerate(items):
        if isinstance(item, dict):
            yield (*path, i), item
            yield from _walk_items(item.get("noi_dung", []), (*path, i, "noi_dung"))


def _mentions(text: str, value: str) -> bool:
    """Return whether `value` (a number or day/month) is written in `text`.

    >>> _mentions("không quá 03 tập thể", "3"), _mentions("đạt từ 90% trở lên", "90")
    (True, True)
    >>> _mentions("trước ngày 15/3 năm liền kề", "15/3"), _mentions("đạt 190%", "90")
    (True, False)
    >>> _mentions("trước ngày 15 tháng 4 năm 2023", "15/4")
    True
    """
    if value.isdigit():
        return re.search(rf"(?<![\d.,])0*{int(value)}(?![\d])", text) is not None
    day, _, month = value.partition("/")
    if month.isdigit() and day.isdigit():
        words = rf"0*{int(day)}\s+tháng\s+0*{int(month)}(?!\d)"
        if re.search(rf"(?<!\d){words}", text):
            return True
    return re.search(rf"(?<![\d/]){re.escape(value)}(?![\d])", text) is not None
