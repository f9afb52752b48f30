"""A unit's nominations, from its YAML file or the XLSX sheet units send (one row a nominee).

Both are checked against the same schema (`schema/de-nghi.schema.json`); every problem is
reported with its file and line (YAML) or row (XLSX), all at once, and nothing is built from a
file that has one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from engine.base.text import code_key
from engine.base.zips import zip_problem
from engine.campaign import validate, yaml_reader
from engine.campaign.codes import normalise_nomination
from engine.campaign.yaml_reader import YamlDocument
from engine.decree.dates import parse_date, require_date
from engine.decree.numerals import doc_so
from engine.errors import Problem

INFO_SHEET, LIST_SHEET = "Thong tin", "Danh sach"
# The columns of the list sheet, in order (README: "Nomination sheet").
COLUMNS = ["loai", "ten", "gioi_tinh", "chuc_vu", "xep_loai", "chi_so_par_index", "ty_le_nu",
           "phieu_dong_y", "thanh_tich", "da_khen"]
MAX_CELL = 5_000  # characters: a whole report's achievements fit; more is not a clerk's cell
INFO_KEYS = ["don_vi", "dia_danh", "viet_tat", "nhom", "ngay_nop", "hop_xet.ngay",
             "hop_xet.bat_dau",
             "hop_xet.ket_thuc", "hop_xet.dia_diem", "hop_xet.thanh_vien", "hop_xet.co_mat",
             "hop_xet.thanh_phan", "hop_xet.chu_tri.ho_ten", "hop_xet.chu_tri.chuc_vu",
             "hop_xet.thu_ky.ho_ten", "hop_xet.thu_ky.chuc_vu", "hop_xet.hoi_dong"]


@dataclass(frozen=True)
class Nominee:
    """A collective or a person a unit proposes, with what the criteria need."""

    kind: str                       # "tap_the" | "ca_nhan"
    name: str
    unit: str
    group: str
    achievements: str
    votes: int
    where: str                      # file:line, for messages
    position: str = ""
    sex: str | None = None
    rating: str | None = None
    metrics: dict[str, float] = field(default_factory=dict)
    women_share: float | None = None
    prior: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class Submission:
    """One unit's nomination file: the unit, when it filed, its council meeting, its nominees."""

    file: str
    unit: str
    group: str
    filed: date
    meeting: dict[str, Any]
    nominees: tuple[Nominee, ...]
    place: str | None = None            # dia_danh: the place name its documents print
    abbreviation: str | None = None     # viet_tat: its ký hiệu ("TTr-VP")


def _build(doc: YamlDocument) -> Submission:
    data = doc.data
    nominees = []
    for kind, name_key in (("tap_the", "ten"), ("ca_nhan", "ho_ten")):
        for i, item in enumerate(data.get(kind, [])):
            nominees.append(Nominee(
                kind=kind, name=item[name_key], unit=data["don_vi"], group=data["nhom"],
                achievements=item["thanh_tich"], votes=int(item["phieu_dong_y"]),
                where=f"{doc.file}:{doc.line((kind, i))}", position=item.get("chuc_vu", ""),
                sex=item.get("gioi_tinh"), rating=item.get("xep_loai"),
                metrics={k: doc_so(v) for k, v in item.get("chi_so", {}).items()},
                women_share=doc_so(item["ty_le_nu"]) if "ty_le_nu" in item else None,
                prior=tuple(item.get("da_khen", []))))
    filed = require_date(data["ngay_nop"], "ngày nộp hồ sơ")
    return Submission(doc.file, data["don_vi"], data["nhom"], filed, data["hop_xet"],
                      tuple(nominees), data.get("dia_danh"), data.get("viet_tat"))


def _check(doc: YamlDocument) -> None:
    """Validate `doc` as a nomination file and add the checks the schema cannot express."""
    normalise_nomination(doc.data)
    validate.check(doc, "nomination")
    _duplicates(doc)
    if doc.problems:
        return
    data = doc.data
    if parse_date(data["ngay_nop"]) is None:
        doc.problems.append(doc.problem(("ngay_nop",), "bad-date", "ngày không có thật"))
    meeting = data["hop_xet"]
    if parse_date(meeting["ngay"]) is None:
        doc.problems.append(doc.problem(("hop_xet", "ngay"), "bad-date", "ngày không có thật"))
    members, present = int(meeting["thanh_vien"]), int(meeting["co_mat"])
    if present > members:
        doc.problems.append(doc.problem(("hop_xet", "co_mat"), "bad-count",
                                        f"có mặt {present} nhiều hơn số thành viên {members}"))
    for kind in ("tap_the", "ca_nhan"):
        for i, item in enumerate(data.get(kind, [])):
            if int(item["phieu_dong_y"]) > present:
                doc.problems.append(doc.problem((kind, i, "phieu_dong_y"), "bad-count",
                                                f"số phiếu {item['phieu_dong_y']} nhiều hơn số "
                                                f"thành viên có mặt ({present})"))


def _duplicates(doc: YamlDocument) -> None:
    """Record a nominee proposed twice in the same file (by name, case and form ignored)."""
    seen: dict[str, tuple[str | int, ...]] = {}
    data = doc.data if isinstance(doc.data, dict) else {}
    for kind, name_key in (("tap_the", "ten"), ("ca_nhan", "ho_ten")):
        items = data.get(kind)
        for i, item in enumerate(items if isinstance(items, list) else []):
            name = item.get(name_key) if isinstance(item, dict) else None
            if not isinstance(name, str):
                continue
            key = f"{kind}:{name.casefold()}"
            if key in seen:
                doc.problems.append(doc.problem((kind, i), "duplicate-nominee",
                                                f"«{name}» đã có ở dòng {doc.line(seen[key])}"))
            seen.setdefault(key, (kind, i))


def load_yaml(path: Path, display: str) -> tuple[Submission | None, list[Problem]]:
    """Return the submission in a YAML nomination file, or the problems found in it."""
    doc = yaml_reader.load(path, display)
    if not doc.problems:
        _check(doc)
    return (None if doc.problems else _build(doc)), doc.problems


def load_xlsx(path: Path, display: str) -> tuple[Submission | None, list[Problem]]:
    """Return the submission in an XLSX nomination sheet, or the problems found in it."""
    from openpyxl import load_workbook

    doc = YamlDocument(display)
    bounded = zip_problem(path)
    if bounded:  # before openpyxl inflates anything: an 800 MB cell in an 800 KB file
        doc.problems.append(Problem(display, None, "", "not-xlsx",
                                    f"không đọc được bảng tính: {bounded}"))
        return None, doc.problems
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        doc.problems.append(Problem(display, None, "", "not-xlsx",
                                    f"không đọc được bảng tính ({type(exc).__name__})"))
        return None, doc.problems
    for sheet in (INFO_SHEET, LIST_SHEET):
        if sheet not in book.sheetnames:
            doc.problems.append(Problem(display, None, sheet, "missing-sheet",
                                        f"thiếu trang tính «{sheet}»"))
    if not doc.problems:
        doc.data = _read_sheets(book, formulas, doc)
    book.close()
    formulas.close()
    if doc.data is None:
        return None, doc.problems
    # Check what could be read even when some rows could not: every bad row is reported.
    row_problems, doc.problems = doc.problems, []
    _check(doc)
    doc.problems = row_problems + doc.problems
    return (None if doc.problems else _build(doc)), doc.problems


def _read_sheets(book: Any, formulas: Any, doc: YamlDocument) -> dict[str, Any] | None:
    """Return the nomination the two sheets hold (None when the list has no header to read),
    recording every bad row, and every formula that has no computed value, in `doc`."""
    data: dict[str, Any] = {}
    info = _rows(book[INFO_SHEET], formulas[INFO_SHEET], INFO_SHEET, doc)
    for row_number, row in enumerate(info, start=1):
        if row and row[0]:
            key, value = str(row[0]).strip(), _cell(row[1] if len(row) > 1 else None)
            _put(data, key, value, row_number, doc)
    rows = _rows(book[LIST_SHEET], formulas[LIST_SHEET], LIST_SHEET, doc)
    header = [str(c).strip() if c is not None else "" for c in (rows[0] if rows else [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        doc.problems.append(Problem(doc.file, 1, LIST_SHEET, "missing-column",
                                    f"thiếu cột: {', '.join(missing)}"))
        return None
    for row_number, row in enumerate(rows[1:], start=2):
        cells = {name: _cell(row[i]) if i < len(row) else None for i, name in enumerate(header)}
        if any(cells.values()):
            _nominee_row(data, cells, row_number, doc)
    return data


def _rows(values: Any, formulas: Any, sheet: str, doc: YamlDocument) -> list[tuple[Any, ...]]:
    """Return the cached values of a sheet's rows; a formula whose value was never computed
    (a sheet written by a program, not saved by a spreadsheet) is a problem, never a blank
    cell that would silently drop its row; so is a cell longer than MAX_CELL."""
    from openpyxl.utils import get_column_letter

    rows = list(values.iter_rows(values_only=True))
    for number, row in enumerate(rows, start=1):
        for i, cell in enumerate(row):
            if isinstance(cell, str) and len(cell) > MAX_CELL:
                doc.problems.append(Problem(doc.file, number,
                                            f"{sheet}!{get_column_letter(i + 1)}", "too-long",
                                            f"ô dài {len(cell)} ký tự, tối đa {MAX_CELL}"))
    for number, row in enumerate(formulas.iter_rows(values_only=True), start=1):
        cached = rows[number - 1] if number <= len(rows) else ()
        for i, cell in enumerate(row):
            if isinstance(cell, str) and cell.startswith("=") and (
                    i >= len(cached) or cached[i] is None):
                doc.problems.append(Problem(
                    doc.file, number, f"{sheet}!{get_column_letter(i + 1)}",
                    "formula-without-value", f"ô có công thức «{cell[:40]}» chưa được tính: "
                    "mở bảng tính, tính lại và lưu rồi gửi lại"))
    return rows



def _cell(value: Any) -> str | None:
    """Return a cell as the text a YAML scalar would be (numbers without ".0", ISO dates)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _put(data: dict[str, Any], key: str, value: str | None, row: int, doc: YamlDocument) -> None:
    if key not in INFO_KEYS:
        doc.problems.append(Problem(doc.file, row, f"{INFO_SHEET}!{key}", "unknown-field",
                                    f"khóa không có trong mẫu (hợp lệ: {', '.join(INFO_KEYS)})"))
        return
    if value is None:
        return
    parts = key.split(".")
    target = data
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = [v.strip() for v in value.split(";")] if key.endswith(
        "thanh_phan") else value
    doc.lines[tuple(parts)] = row
    doc.labels[tuple(parts)] = f"{INFO_SHEET}!{key}"


def _nominee_row(data: dict[str, Any], cells: dict[str, str | None], row: int,
                 doc: YamlDocument) -> None:
    kind = code_key(cells.get("loai") or "")  # "Tap_the", "Tập thể": what the clerk meant
    if kind not in ("tap_the", "ca_nhan"):
        doc.problems.append(Problem(doc.file, row, f"{LIST_SHEET}!loai", "bad-value",
                                    f"«{kind}» không hợp lệ; chọn tap_the hoặc ca_nhan"))
        return
    item: dict[str, Any] = {}
    if kind == "tap_the":
        fields = {"ten": "ten", "ty_le_nu": "ty_le_nu", "phieu_dong_y": "phieu_dong_y",
                  "thanh_tich": "thanh_tich"}
        if cells.get("chi_so_par_index") is not None:
            item["chi_so"] = {"par_index": cells["chi_so_par_index"]}
    else:
        fields = {"ho_ten": "ten", "gioi_tinh": "gioi_tinh", "chuc_vu": "chuc_vu",
                  "xep_loai": "xep_loai", "phieu_dong_y": "phieu_dong_y",
                  "thanh_tich": "thanh_tich"}
    for key, column in fields.items():
        if cells.get(column) is not None:
            item[key] = cells[column]
    if cells.get("da_khen"):
        item["da_khen"] = [dict(zip(("dot", "hinh_thuc", "nam"),
                                    (p.strip() for p in entry.split("|")), strict=False))
                           for entry in str(cells["da_khen"]).split(";") if entry.strip()]
    items = data.setdefault(kind, [])
    doc.lines[(kind, len(items))] = row
    doc.labels[(kind, len(items))] = LIST_SHEET
    for key in item:
        doc.lines[(kind, len(items), key)] = row
        doc.labels[(kind, len(items), key)] = f"{LIST_SHEET}!{fields.get(key, key)}"
    items.append(item)
