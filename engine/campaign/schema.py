"""The JSON Schemas of the campaign and body-profile files, built here and published in schema/.

The schemas are generated from this module so that the structured sections (each a body part
plus its own machine-readable fields) cannot drift apart; `vanban schema` writes the published
copies and a test checks they are current.
"""

from __future__ import annotations

from typing import Any

from engine.decree.labels import DEFAULT_STYLES, NUMBERING_STYLES
from engine.decree.signature import AUTHORITIES

# The types a campaign can generate: those with a template (engine/document/templates.py).
DOC_TYPES = list(DEFAULT_STYLES)

_DATE = r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$"
_DAY_MONTH = r"^\d{1,2}/\d{1,2}$"
_INTEGER = r"^\d{1,9}$"
_NUMBER = r"^\d+([.,]\d+)?$"
_ID = r"^[a-z0-9][a-z0-9-]*$"
_CODE = r"^[A-ZĐ][A-Za-zĐđ0-9]*$"


def _text(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "description": description, **extra}


def _pattern(description: str, pattern: str, message: str) -> dict[str, Any]:
    return _text(description, pattern=pattern, **{"x-vi": message})


def _enum(description: str, values: list[str]) -> dict[str, Any]:
    return {"type": "string", "enum": values, "description": description}


def _list(items: dict[str, Any], description: str = "") -> dict[str, Any]:
    return {"type": "array", "items": items, "minItems": 1, "description": description}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object", "properties": properties, "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


# A cell is its text, or a mapping with its text and how it is printed: bold (`dam`), italic
# (`nghieng`), aligned (`can`), spanning several columns (`gop`, e.g. a group row "I. TẬP THỂ").
_FLAG = _enum("yes or no", ["true", "false"])
_CELL = {
    "type": ["string", "object"],
    "properties": {
        "van_ban": {"type": "string", "description": "text of the cell"},
        "dam": _FLAG, "nghieng": _FLAG,
        "can": _enum("alignment: left, centre, right, justified", ["trai", "giua", "phai", "deu"]),
        "gop": _pattern("number of columns the cell spans", r"^[1-9]\d?$",
                        "số cột gộp: số nguyên dương, ví dụ 4"),
    },
    "required": ["van_ban"], "additionalProperties": False,
}
_TABLE = _object({
    "cot": _list(_text("header cell"), "column headers"),
    "dong": _list(_list(_CELL), "rows of cells: text, or {van_ban, dam, nghieng, can, gop}"),
}, ["cot", "dong"])

# Machine-readable fields of each structured section (docs/campaign-format.md).
SECTION_FIELDS: dict[str, dict[str, Any]] = {
    "chi_tieu": {
        "linh_vuc": _text("field of reform"),
        "chi_so": _pattern("metric code", r"^[a-z0-9_]+$", "mã chỉ số: chữ thường, số, «_»"),
        "gia_tri": _pattern("target value", _NUMBER, "phải là một số, ví dụ 100 hoặc 70,5"),
        "don_vi_tinh": _text("unit of the value, e.g. %"),
    },
    "hinh_thuc_khen_thuong": {
        "hinh_thuc": _enum("award form", ["bang_khen", "giay_khen", "co_thi_dua", "danh_hieu"]),
        "nguoi_tang": _text("who awards it"),
        "cap": _enum("level of the awarding body", ["tinh", "huyen", "xa"]),
    },
    "tieu_chuan": {
        "doi_tuong": _enum("collective or individual", ["tap_the", "ca_nhan"]),
        "chi_so": _pattern("metric code", r"^[a-z0-9_]+$", "mã chỉ số: chữ thường, số, «_»"),
        "toi_thieu": _pattern("minimum value", _NUMBER, "phải là một số"),
        "xep_loai_toi_thieu": _text("minimum yearly rating"),
    },
    "so_luong": {
        "doi_tuong": _enum("collective or individual", ["tap_the", "ca_nhan"]),
        "hinh_thuc": _enum("award form", ["bang_khen", "giay_khen", "co_thi_dua", "danh_hieu"]),
        "ky": _enum("yearly or period award", ["hang_nam", "giai_doan"]),
        "gioi_han": _list(_object({
            "nhom": _pattern("group code", r"^[a-z0-9_]+$", "mã nhóm: chữ thường, số, «_»"),
            "toi_da": _pattern("maximum count", _INTEGER, "phải là số nguyên"),
        }, ["nhom", "toi_da"])),
    },
    "thoi_han": {
        "han": _pattern("deadline day/month", _DAY_MONTH, "phải có dạng ngày/tháng, ví dụ 15/3"),
        "nam": _pattern("year, or lien_ke (the following year)", r"^(\d{4}|lien_ke)$",
                        "phải là năm (2025) hoặc lien_ke"),
    },
    "ky_bao_cao": {
        "ky": _text("name of the period"),
        "tu": _pattern("first day", _DAY_MONTH, "phải có dạng ngày/tháng, ví dụ 15/6"),
        "den": _pattern("last day", _DAY_MONTH, "phải có dạng ngày/tháng, ví dụ 14/9"),
        "han_gui": _pattern("report due", _DAY_MONTH, "phải có dạng ngày/tháng, ví dụ 15/9"),
    },
    "nhiem_vu": {
        "chu_tri": _text("unit in charge"),
        "phoi_hop": _text("units cooperating"),
        "thoi_gian": _text("time frame"),
        "san_pham": _text("output"),
    },
    "ho_so": {
        "mau": _text("form, e.g. Mẫu số 07, Nghị định 91/2017/NĐ-CP"),
    },
}

_CHEN = _pattern(
    "insert a structured section (or one item) here",
    r"^(" + "|".join(SECTION_FIELDS) + r")(/[a-z0-9][a-z0-9-]*)?$",
    "phải là tên một mục của chien_dich (" + ", ".join(SECTION_FIELDS) + "), có thể kèm /<ma>",
)


def _part(name: str, extra: dict[str, Any]) -> dict[str, Any]:
    """Return the schema of a body part whose children are parts of the same kind."""
    properties: dict[str, Any] = {
        "ma": _pattern("id of the item", _ID, "mã: chữ thường không dấu, số và «-»"),
        "tieu_de": _text("heading"),
        "van_ban": _text("text"),
        "noi_dung": _list({"$ref": f"#/$defs/{name}"}, "children"),
        "kieu": _enum("numbering style of this part", list(NUMBERING_STYLES)),
        "danh_so_con": _enum("numbering style of the children", list(NUMBERING_STYLES)),
        "bang": _TABLE,
        **extra,
    }
    if name == "part":
        properties["chen"] = _CHEN
    schema = _object(properties)
    schema["type"] = ["string", "object"]
    schema["minProperties"] = 1
    schema["minLength"] = 1
    return schema


_SIGNATURE = _object({
    "nguoi_ky": _pattern("signer id in the profile", _ID, "mã người ký trong hồ sơ cơ quan"),
    "quyen_han": {"type": "array", "items": _enum("authority prefix", list(AUTHORITIES)),
                  "description": "prefixes: TM, KT, Q, TL, TUQ"},
}, ["nguoi_ky"])

_RECIPIENT = {
    "type": ["string", "object"], "minLength": 1,
    "properties": {"ten": _text("recipient"), "ghi_chu": _text("mark, e.g. b/c, t/h")},
    "required": ["ten"], "additionalProperties": False,
}

_DOCUMENT = _object({
    # the output file's name: a file system takes 255 bytes, with room for its temporary name
    "ma": {**_pattern("document id (output file name)", _ID,
                      "mã: chữ thường không dấu, số và «-»"), "maxLength": 100},
    "loai": _enum("document type", DOC_TYPES),
    "co_quan": _pattern("alias of the issuing body", r"^[a-z0-9_-]+$", "bí danh cơ quan"),
    "so": _pattern("document number", r"^(0?[1-9]|[1-9]\d{1,8})$",
                   "số văn bản phải là số nguyên dương, ví dụ 05 hoặc 123"),
    "ngay": _pattern("issue date", _DATE, "ngày phải có dạng 2025-07-23 hoặc 23/7/2025"),
    "dia_danh": _text("place name of the date line"),
    "don_vi_soan_thao": _pattern("drafting unit code", _CODE, "mã đơn vị viết hoa, ví dụ NV"),
    "trich_yeu": _text("summary (trích yếu)", maxLength=500),
    "kem_theo": _pattern("id of the document this one is attached to", _ID, "mã văn bản"),
    "do_mat": _enum("secrecy level: own number sequence (NĐ 30/2020, Art. 15(2))",
                    ["mat", "toi_mat", "tuyet_mat"]),
    "hoi_dong": _pattern("advisory council issuing it: own number sequence (Phụ lục I, II.3.a)",
                         _ID, "mã hội đồng: chữ thường không dấu, số và «-»"),
    "kem_theo_cua": _text("how the parent's issuer is named in the (Kèm theo …) line"),
    "tham_quyen_ban_hanh": _list(_text("line")),
    "can_cu": _list(_text("legal basis")),
    "xet": _list(_text("Xét … line")),
    "theo_de_nghi": _text("Theo đề nghị của …"),
    "kinh_gui": _list(_text("addressee")),
    "danh_so": _list(_enum("numbering style", list(NUMBERING_STYLES))),
    "noi_dung": _list({"$ref": "#/$defs/part"}),
    "thong_qua": _object({
        "co_quan": _text("council"),
        "khoa": _text("term, e.g. III"),
        "ky_hop": _text("session, e.g. thứ mười bốn"),
        "ngay": _pattern("date passed", _DATE, "ngày phải có dạng 2020-12-23 hoặc 23/12/2020"),
        "hieu_luc": _text("effect, e.g. kể từ ngày thông qua"),
    }, ["co_quan", "khoa", "ky_hop", "ngay", "hieu_luc"]),
    "ky": _SIGNATURE,
    "noi_nhan": _list(_RECIPIENT),
    "luu": _list(_text("archive mark, e.g. VT")),
    "phu_luc": _list(_object({
        "tieu_de": _text("appendix title"),
        "noi_dung": _list({"$ref": "#/$defs/part"}),
        "bang": _TABLE,
        "chen": _CHEN,
    }, ["tieu_de"])),
}, ["ma", "loai", "trich_yeu", "noi_dung"])


_ROUND = _object({
    "ma": _pattern("id of the award round (a prior award of the same round is refused)", _ID,
                   "mã: chữ thường không dấu, số và «-»"),
    "ten": _text("name of the award round"),
    "ky": _enum("yearly or period award", ["hang_nam", "giai_doan"]),
    "hinh_thuc": _pattern("id of the award form in chien_dich.hinh_thuc_khen_thuong", _ID,
                          "mã một mục của chien_dich.hinh_thuc_khen_thuong"),
    "han_nop": _pattern("deadline of the dossiers", _DATE, "ngày dạng 2025-06-10"),
    "ngay_quyet_dinh": _pattern("date of the award decision (law in force, prize money)",
                                _DATE, "ngày dạng 2025-06-25"),
    "de_nghi": _list(_text("a unit's nomination file (.yaml or .xlsx), relative path")),
    # What the award documents print about the awarding body (engine/awards/facts.py): never
    # from code. A dossier needing one that is missing is refused before anything is written.
    "phat_dong": _text("citation of the launching plan when it is not a document of the "
                       "campaign, e.g. Kế hoạch số 145/KH-UBND ngày 15/3/2022 của …"),
    "can_cu": _list(_text("a further căn cứ line of the award decision (Quy chế thi đua, "
                          "the body's organisation decision …)")),
    "theo_de_nghi": _text("who proposes the decision, e.g. Trưởng phòng Nội vụ"),
    "thi_hanh": _list(_text("who carries out the decision (its last article), e.g. Chánh Văn "
                            "phòng HĐND và UBND")),
    "don_vi_soan_thao": _pattern("drafting unit code (Lưu: VT, <code>)", _CODE,
                                 "mã đơn vị viết hoa, ví dụ NV"),
    "ky_quyet_dinh": _SIGNATURE,
    "noi_nhan": _list(_RECIPIENT),
}, ["ma", "ten", "ky", "hinh_thuc", "han_nop", "ngay_quyet_dinh", "de_nghi"])

_PERSON = _object({"ho_ten": _text("full name", maxLength=50),
                   "chuc_vu": _text("position")}, ["ho_ten", "chuc_vu"])
_PRIOR = _list(_object({
    "dot": _pattern("award round id", _ID, "mã đợt khen thưởng"),
    "hinh_thuc": _text("award form"),
    "nam": _pattern("year", r"^\d{4}$", "năm, ví dụ 2024"),
    "so_quyet_dinh": _text("decision number"),
}, ["dot", "hinh_thuc", "nam"]))
_COUNT = r"^\d{1,4}$"


_COLLECTIVE = _object({
    "ten": _text("name of the collective"),
    "chi_so": {"type": "object", "minProperties": 1, "additionalProperties": _pattern(
        "metric value", _NUMBER, "phải là một số, ví dụ 92,5"),
        "propertyNames": {"pattern": r"^[a-z0-9_]+$"}},
    "phieu_dong_y": _pattern("council votes for", _COUNT, "số phiếu là số nguyên"),
    "ty_le_nu": _pattern("share of women, %", _NUMBER, "tỷ lệ phần trăm, ví dụ 70"),
    "thanh_tich": _text("achievements"),
    "da_khen": _PRIOR,
}, ["ten", "phieu_dong_y", "thanh_tich"])
_INDIVIDUAL = _object({
    "ho_ten": _text("full name", maxLength=50),
    "gioi_tinh": _enum("sex", ["nam", "nu"]),
    "chuc_vu": _text("position and unit"),
    "xep_loai": _text("yearly rating"),
    "phieu_dong_y": _pattern("council votes for", _COUNT, "số phiếu là số nguyên"),
    "thanh_tich": _text("achievements"),
    "da_khen": _PRIOR,
}, ["ho_ten", "gioi_tinh", "chuc_vu", "xep_loai", "phieu_dong_y", "thanh_tich"])


def nomination_schema() -> dict[str, Any]:
    """Return the JSON Schema of a unit's nomination file (đề nghị khen thưởng)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://vanban.local/schema/de-nghi.schema.json",
        "title": "vanban nomination file (one unit)",
        **_object({
            "don_vi": _text("proposing unit"),
            "dia_danh": _text("place name of the unit's documents (NĐ 30/2020, Phụ lục I, "
                              "II.4.a); default: the awarding body's, for a unit at its seat"),
            "viet_tat": _pattern("the unit's abbreviation in its ký hiệu (TTr-<viet_tat>)",
                                 _CODE, "chữ viết tắt viết hoa, ví dụ VP"),
            "nhom": _pattern("quota group", r"^[a-z0-9_]+$", "mã nhóm: chữ thường, số, «_»"),
            "ngay_nop": _pattern("date the dossier was filed", _DATE, "ngày dạng 2025-06-05"),
            "hop_xet": _object({
                "ngay": _pattern("meeting date", _DATE, "ngày dạng 2025-06-03"),
                "bat_dau": _text("start time, e.g. 14 giờ 00"),
                "ket_thuc": _text("end time"),
                "dia_diem": _text("place"),
                "thanh_vien": _pattern("council members in all", _COUNT, "số nguyên"),
                "co_mat": _pattern("members present", _COUNT, "số nguyên"),
                "thanh_phan": _list(_text("member present")),
                "chu_tri": _PERSON,
                "thu_ky": _PERSON,
                "hoi_dong": _text("the council that met, e.g. Hội đồng Thi đua - Khen thưởng xã "
                                  "(default: the unit's own meeting)"),
            }, ["ngay", "bat_dau", "ket_thuc", "dia_diem", "thanh_vien", "co_mat", "chu_tri",
                "thu_ky"]),
            "tap_the": _list(_COLLECTIVE),
            "ca_nhan": _list(_INDIVIDUAL),
        }, ["don_vi", "nhom", "ngay_nop", "hop_xet"]),
    }


def campaign_schema() -> dict[str, Any]:
    """Return the JSON Schema of a campaign definition file."""
    defs = {"part": _part("part", {})}
    sections = {}
    for section, fields in SECTION_FIELDS.items():
        defs[section] = _part(section, fields)
        sections[section] = _list({"$ref": f"#/$defs/{section}"})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://vanban.local/schema/campaign.schema.json",
        "title": "vanban campaign definition",
        **_object({
            "ma": _pattern("id of the campaign in the workflow's database", _ID,
                           "mã: chữ thường không dấu, số và «-»"),
            "co_quan": {
                "type": ["string", "object"], "minLength": 1, "minProperties": 1,
                "additionalProperties": _text("path of a body profile"),
                "propertyNames": {"pattern": r"^[a-z0-9_-]+$"},
                "description": "path of the body profile, or a mapping alias -> path",
            },
            "chien_dich": _object({
                "ten": _text("name of the campaign"),
                "giai_doan": _text("period"),
                "khau_hieu": _text("slogan"),
                **sections,
            }, ["ten"]),
            "van_ban": _list(_DOCUMENT),
            "khen_thuong": _ROUND,
        }, ["co_quan", "chien_dich", "van_ban"]),
        "$defs": defs,
    }


def profile_schema() -> dict[str, Any]:
    """Return the JSON Schema of an issuing-body profile file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://vanban.local/schema/co-quan.schema.json",
        "title": "vanban issuing-body profile",
        **_object({
            "ma": _pattern("id", _ID, "mã: chữ thường không dấu, số và «-»"),
            "ten": _text("full name"),
            "ten_in": _list(_text("line of ô 2, as printed")),
            "chu_quan": {"type": "array", "items": _text("line of the superior body")},
            "viet_tat": _pattern("abbreviation", _CODE, "chữ viết tắt viết hoa, ví dụ UBND"),
            "dia_danh": _text("place name"),
            "quoc_huy": _text("the Quốc huy its Giấy khen print: a PNG file beside the profile "
                              "(relative path, at most 2 MB)"),
            "tap_the": _text("collective named after TM."),
            "nguoi_dung_dau": _text("head's title"),
            "danh_so": _enum("numbering policy", ["chung", "theo_loai"]),
            "hieu_luc_tu": _pattern("first day the body exists (documents dated earlier are "
                                    "refused)", _DATE, "ngày dạng 2025-07-01"),
            "hieu_luc_den": _pattern("last day the body exists, e.g. 2025-06-30 for a district "
                                     "(cấp huyện) UBND", _DATE, "ngày dạng 2025-06-30"),
            "don_vi": _list(_object({
                "ma": _pattern("unit code", _CODE, "mã đơn vị viết hoa, ví dụ NV"),
                "ten": _text("unit name"),
            }, ["ma", "ten"])),
            "nguoi_ky": _list(_object({
                "ma": _pattern("signer id", _ID, "mã: chữ thường không dấu, số và «-»"),
                "ho_ten": _text("full name", maxLength=50),
                "chuc_vu": _text("title", maxLength=100),
            }, ["ma", "ho_ten", "chuc_vu"])),
        }, ["ma", "ten", "viet_tat", "dia_danh", "tap_the", "nguoi_dung_dau", "nguoi_ky"]),
    }
