"""Document types (NĐ 30/2020/NĐ-CP, Art. 7): their names and abbreviations (Phụ lục III, I)."""

from __future__ import annotations

from engine.base.text import upper

# NĐ 30/2020/NĐ-CP, Phụ lục III, I: abbreviations of administrative document types.
ABBREVIATIONS: dict[str, str] = {
    "nghi_quyet": "NQ",
    "quyet_dinh": "QĐ",
    "chi_thi": "CT",
    "quy_che": "QC",
    "quy_dinh": "QyĐ",
    "thong_cao": "TC",
    "thong_bao": "TB",
    "huong_dan": "HD",
    "chuong_trinh": "CTr",
    "ke_hoach": "KH",
    "phuong_an": "PA",
    "de_an": "ĐA",
    "du_an": "DA",
    "bao_cao": "BC",
    "bien_ban": "BB",
    "to_trinh": "TTr",
    "hop_dong": "HĐ",
    "cong_dien": "CĐ",
    "ban_ghi_nho": "BGN",
    "ban_thoa_thuan": "BTT",
    "giay_uy_quyen": "GUQ",
    "giay_moi": "GM",
    "giay_gioi_thieu": "GGT",
    "giay_nghi_phep": "GNP",
    "phieu_gui": "PG",
    "phieu_chuyen": "PC",
    "phieu_bao": "PB",
}
# Tên loại (NĐ 30/2020, Art. 7: every administrative type; printed IN HOA, Phụ lục I, II.5.b).
TYPE_NAMES: dict[str, str] = {
    "nghi_quyet": "Nghị quyết",
    "quyet_dinh": "Quyết định",
    "chi_thi": "Chỉ thị",
    "ke_hoach": "Kế hoạch",
    "cong_van": "Công văn",
    "to_trinh": "Tờ trình",
    "bao_cao": "Báo cáo",
    "bien_ban": "Biên bản",
    "quy_che": "Quy chế",
    "quy_dinh": "Quy định",
    "thong_cao": "Thông cáo",
    "thong_bao": "Thông báo",
    "huong_dan": "Hướng dẫn",
    "chuong_trinh": "Chương trình",
    "phuong_an": "Phương án",
    "de_an": "Đề án",
    "du_an": "Dự án",
    "hop_dong": "Hợp đồng",
    "cong_dien": "Công điện",
    "ban_ghi_nho": "Bản ghi nhớ",
    "ban_thoa_thuan": "Bản thỏa thuận",
    "giay_uy_quyen": "Giấy ủy quyền",
    "giay_moi": "Giấy mời",
    "giay_gioi_thieu": "Giấy giới thiệu",
    "giay_nghi_phep": "Giấy nghỉ phép",
    "phieu_gui": "Phiếu gửi",
    "phieu_chuyen": "Phiếu chuyển",
    "phieu_bao": "Phiếu báo",
}
# The tên loại as printed (IN HOA) -> the type: how `check` recognises ô 5a.
TYPE_BY_NAME = {upper(name): key for key, name in TYPE_NAMES.items()}


def ten_loai(doc_type: str) -> str:
    """Return the tên loại in capitals (ô 5a, NĐ 30/2020/NĐ-CP, Phụ lục I, II.5.b).

    >>> ten_loai("quyet_dinh")
    'QUYẾT ĐỊNH'
    """
    return upper(TYPE_NAMES[doc_type])
