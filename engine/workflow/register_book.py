"""The printed register: Sổ đăng ký văn bản đi (NĐ 30/2020/NĐ-CP, Art. 16; Phụ lục IV, I).

Entries kept in the system are printed with every field of the book (Art. 16(2)): the cover
(superior body, body, year, first and last date and number, volume) and the ten columns.
Secret documents are registered apart, under the state-secrets law (Art. 16(3)).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from engine.base.files import write_atomic
from engine.db.tables import bodies, documents
from engine.decree.dates import ngay_ngan
from engine.decree.doctypes import TYPE_NAMES
from engine.decree.numbers import pad_number, so_hieu
from engine.document.templates import default_templates
from engine.errors import BadValue
from engine.output.render_pool import render_one
from engine.workflow.states import State

TEMPLATE = "registers/so_dang_ky_van_ban_di.docx"
COLUMNS = ["Số, ký hiệu văn bản", "Ngày tháng văn bản",
           "Tên loại và trích yếu nội dung văn bản", "Người ký", "Nơi nhận văn bản",
           "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú"]
_NOTES = {State.REPLACED.value: "Bị thay thế", State.CORRECTED.value: "Đã đính chính",
          State.RECALLED.value: "Bị thu hồi"}


def entries(engine: Engine, year: int, body: str | None) -> tuple[str, list[Any]]:
    """Return the body and its numbered documents of `year`, in register order."""
    with engine.connect() as conn:
        query = select(documents).where(documents.c.year == year, documents.c.number.is_not(
            None), documents.c.series != "mat").order_by(documents.c.series,
                                                          documents.c.number)
        found = list(conn.execute(query))
    bodies = sorted({row.body for row in found})
    if body is None and len(bodies) > 1:
        raise BadValue(f"Năm {year} có văn bản của nhiều cơ quan ({', '.join(bodies)}).",
                          hint="Chọn một cơ quan với --body.")
    chosen = body or (bodies[0] if bodies else "")
    return chosen, [row for row in found if row.body == chosen]


def context(engine: Engine, year: int, body: str | None, volume: str = "01") -> dict[str, Any]:
    """Return what the register prints: cover fields and one row per document."""
    chosen, rows = entries(engine, year, body)
    if not rows:
        raise BadValue(f"Chưa có văn bản nào được cấp số trong năm {year}.")
    header = _header(engine, chosen)
    by_id = {row.id: row for row in rows}
    lines = []
    for row in rows:
        note = _NOTES.get(row.state, "")
        if row.related in by_id:
            related = by_id[row.related]
            verb = "Thay thế" if row.relation == "thay_the" else "Đính chính"
            note = f"{verb} văn bản số {so_hieu(str(related.number), related.symbol)}"
        copies = len([r for r in row.recipients.split("; ") if r]) + len(row.archive.split(","))
        lines.append({
            "so_ky_hieu": so_hieu(str(row.number), row.symbol), "ngay": ngay_ngan(row.issued_on),
            "trich_yeu": f"{TYPE_NAMES.get(row.loai, row.loai)} {row.trich_yeu}",
            "nguoi_ky": row.signer, "noi_nhan": row.recipients, "ban_luu": row.archive,
            "so_ban": str(copies), "ngay_chuyen": ngay_ngan(row.issued_on), "ky_nhan": "",
            "ghi_chu": note})
    return {
        "co_quan_chu_quan": header["chu_quan"], "co_quan_ban_hanh": header["ten_in"],
        "nam": str(year), "tu_ngay": lines[0]["ngay"], "den_ngay": lines[-1]["ngay"],
        "tu_so": pad_number(str(rows[0].number)), "den_so": pad_number(str(rows[-1].number)),
        "quyen_so": volume, "dong": lines, "body": chosen,
    }


def _header(engine: Engine, body: str) -> dict[str, list[str]]:
    """Return the body's header lines as stored when its documents were drafted."""
    with engine.connect() as conn:
        row = conn.execute(select(bodies).where(bodies.c.ma == body)).first()
    if row is None:
        raise BadValue(f"Chưa lưu tên cơ quan «{body}» trong cơ sở dữ liệu.",
                       hint="Chạy lại «vanban draft» cho một chiến dịch của cơ quan này.")
    return {"ten_in": json.loads(row.ten_in), "chu_quan": json.loads(row.chu_quan)}


def write_register(engine: Engine, year: int, out: Path, body: str | None = None, *,
                   pdf: bool = False) -> list[Path]:
    """Write the register of `year` as DOCX or XLSX (by `out`'s suffix), and its PDF."""
    data = context(engine, year, body)
    if out.suffix == ".xlsx":
        write_atomic(out, _xlsx(data))
        return [out]
    write_atomic(out, render_one(default_templates() / TEMPLATE, data,
                                 title=f"Sổ đăng ký văn bản đi năm {year}"))
    written = [out]
    if pdf:
        from engine.pdf import convert_all

        written += [c.pdf for c in convert_all([out], workers=1)]
    return written


def _xlsx(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    sheet.title = f"Sổ đi {data['nam']}"
    font, bold = Font(name="Times New Roman", size=12), Font(name="Times New Roman", size=12,
                                                              bold=True)
    cover = [*data["co_quan_chu_quan"], *data["co_quan_ban_hanh"], "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
             f"Năm: {data['nam']}", f"Từ ngày {data['tu_ngay']} đến ngày {data['den_ngay']}",
             f"Từ số {data['tu_so']} đến số {data['den_so']}", f"Quyển số: {data['quyen_so']}"]
    for line in cover:
        sheet.append([line])
        sheet.cell(sheet.max_row, 1).font = bold
        _as_text(sheet[sheet.max_row])
    sheet.append([])
    edge = Side(style="thin")
    box = Border(left=edge, right=edge, top=edge, bottom=edge)
    keys = ["so_ky_hieu", "ngay", "trich_yeu", "nguoi_ky", "noi_nhan", "ban_luu", "so_ban",
            "ngay_chuyen", "ky_nhan", "ghi_chu"]
    rows = [COLUMNS, [f"({i})" for i in range(1, 11)], *[[r[k] for k in keys]
                                                          for r in data["dong"]]]
    for i, values in enumerate(rows):
        sheet.append(values)
        _as_text(sheet[sheet.max_row])
        for cell in sheet[sheet.max_row]:
            cell.font, cell.border = (bold if i < 2 else font), box
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGHIJ", (14, 12, 40, 20, 30, 14, 8, 12, 10, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _as_text(cells: Any) -> None:
    """Every value is a string cell: a Nơi nhận typed "=WEBSERVICE(…)" stays text, never a
    formula that runs when the sheet is opened."""
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
