"""Write the empty nomination sheet units fill in, and the Hưng Đạo sample filled in.

    python tools/nomination_sheets.py
templates/awards/mau-de-nghi-khen-thuong.xlsx: the blank sheet (two worksheets: "Thong tin" with
one key per row, "Danh sach" with one nominee per row; README "Nomination sheet").
samples/de-nghi/cao-bang/xa-hung-dao.xlsx: the same sheet as xã Hưng Đạo sent it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.awards.nominees import COLUMNS, INFO_KEYS, INFO_SHEET, LIST_SHEET  # noqa: E402

HUNG_DAO_INFO = {
    "don_vi": "Ủy ban nhân dân xã Hưng Đạo", "dia_danh": "Hưng Đạo", "nhom": "xa_phuong",
    "ngay_nop": "2025-06-07",
    "hop_xet.ngay": "2025-06-05", "hop_xet.bat_dau": "8 giờ 00",
    "hop_xet.ket_thuc": "9 giờ 45", "hop_xet.dia_diem": "Hội trường Ủy ban nhân dân xã Hưng Đạo",
    "hop_xet.thanh_vien": 7, "hop_xet.co_mat": 7,
    "hop_xet.thanh_phan": "Ông Nông Quốc Khánh, Phó Chủ tịch UBND xã, Chủ tịch Hội đồng; "
    "Bà Hoàng Thị Yến, công chức Tư pháp - Hộ tịch, Thư ký Hội đồng; Ông Lô Văn Tài, công chức "
    "Văn phòng - Thống kê, Ủy viên; Bà Hứa Thị Linh, Chủ tịch Hội Phụ nữ xã, Ủy viên; Ông Đàm "
    "Văn Quang, công chức Địa chính, Ủy viên; Bà Mã Thị Sen, công chức Văn hóa - Xã hội, Ủy viên; "
    "Ông Lăng Văn Tiến, Bí thư Đoàn xã, Ủy viên",
    "hop_xet.chu_tri.ho_ten": "Nông Quốc Khánh",
    "hop_xet.chu_tri.chuc_vu": "Phó Chủ tịch Ủy ban nhân dân xã Hưng Đạo",
    "hop_xet.thu_ky.ho_ten": "Hoàng Thị Yến",
    "hop_xet.thu_ky.chuc_vu": "Công chức Tư pháp - Hộ tịch xã Hưng Đạo",
}
HUNG_DAO_ROWS = [
    ["tap_the", "Ủy ban nhân dân xã Hưng Đạo", None, None, None, 87.5, 52, 7,
     "Hoàn thành các chỉ tiêu cải cách hành chính chủ yếu; tỷ lệ hồ sơ trực tuyến đạt 62%.",
     None],
    ["ca_nhan", "Hoàng Thị Yến", "nu", "Công chức Tư pháp - Hộ tịch xã Hưng Đạo",
     "Hoàn thành tốt nhiệm vụ", None, None, 5,
     "Số hóa 100% sổ hộ tịch của xã; giải quyết hồ sơ hộ tịch đúng và trước hạn.", None],
    ["ca_nhan", "Nông Quốc Khánh", "nam", "Phó Chủ tịch Ủy ban nhân dân xã Hưng Đạo",
     "Hoàn thành tốt nhiệm vụ", None, None, 6,
     "Chỉ đạo triển khai Tổ công nghệ số cộng đồng tại 100% xóm.", None],
]


def sheet(info: dict[str, object], rows: list[list[object]]) -> Workbook:
    book = Workbook()
    first = book.active
    first.title = INFO_SHEET
    bold = Font(bold=True)
    for key in INFO_KEYS:
        first.append([key, info.get(key)])
        first.cell(first.max_row, 1).font = bold
    first.column_dimensions["A"].width, first.column_dimensions["B"].width = 26, 80
    second = book.create_sheet(LIST_SHEET)
    second.append(COLUMNS)
    for cell in second[1]:
        cell.font = bold
    for row in rows:
        second.append(row)
    return book


def main() -> None:
    blank = ROOT / "templates" / "awards" / "mau-de-nghi-khen-thuong.xlsx"
    blank.parent.mkdir(parents=True, exist_ok=True)
    sheet({}, []).save(blank)
    filled = ROOT / "samples" / "de-nghi" / "cao-bang" / "xa-hung-dao.xlsx"
    sheet(HUNG_DAO_INFO, HUNG_DAO_ROWS).save(filled)
    print(f"wrote {blank.relative_to(ROOT)} and {filled.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
