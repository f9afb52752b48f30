"""Header shapes the samples lack, written as campaigns: a body under a cơ quan chủ quản, and a
body whose name takes two long lines; each with every document kind that has a header.

Every name here is test data (a fictitious province), never something the engine knows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.campaign.yaml_writer import dump

SIGNER = {"ma": "gd", "ho_ten": "Trần Văn Bình", "chuc_vu": "Giám đốc"}
PROFILES: dict[str, dict[str, Any]] = {
    "chu-quan": {
        "ma": "so-noi-vu-son-nam", "ten": "Sở Nội vụ tỉnh Sơn Nam",
        "ten_in": ["SỞ NỘI VỤ"], "chu_quan": ["ỦY BAN NHÂN DÂN TỈNH SƠN NAM"],
        "viet_tat": "SNV", "dia_danh": "Sơn Nam", "tap_the": "Sở Nội vụ",
        "nguoi_dung_dau": "Giám đốc", "don_vi": [{"ma": "VP", "ten": "Văn phòng Sở"}],
        "nguoi_ky": [SIGNER],
    },
    "ten-dai": {
        "ma": "ban-qlda-son-nam",
        "ten": "Ban Quản lý dự án đầu tư xây dựng khu vực thành phố Sơn Nam",
        "ten_in": ["BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG", "KHU VỰC THÀNH PHỐ SƠN NAM"],
        "viet_tat": "BQLDA", "dia_danh": "Sơn Nam", "tap_the": "Ban Quản lý dự án",
        "nguoi_dung_dau": "Giám đốc", "don_vi": [{"ma": "KH", "ten": "Phòng Kế hoạch"}],
        "nguoi_ky": [SIGNER],
    },
}
RECIPIENTS = ["Sở Tài chính tỉnh Sơn Nam", "Sở Xây dựng tỉnh Sơn Nam",
              "Ủy ban nhân dân các huyện, thị xã, thành phố thuộc tỉnh"]
BODY = ["Thực hiện Nghị định số 117/2013/NĐ-CP ngày 07/10/2013 của Chính phủ, giai đoạn "
        "2020 - 2025, cơ quan hướng dẫn như sau.",
        {"tieu_de": "Nhiệm vụ", "noi_dung": [{"van_ban": "Triển khai đúng hạn."}]}]


def documents(unit: str) -> list[dict[str, Any]]:
    """Return one document of each kind with a header, drafted by the profile's `unit`."""
    common: dict[str, Any] = {"so": "5", "ngay": "2025-02-05", "noi_dung": BODY,
                              "ky": {"nguoi_ky": "gd"}, "noi_nhan": ["Như trên"]}
    return [
        {**common, "ma": "kh", "loai": "ke_hoach", "trich_yeu": "Cải cách hành chính năm 2025"},
        {**common, "ma": "ct", "loai": "chi_thi", "trich_yeu": "Về tăng cường kỷ luật"},
        {**common, "ma": "qd", "loai": "quyet_dinh", "trich_yeu": "Về việc ban hành Quy chế",
         "can_cu": ["Căn cứ Luật Tổ chức chính quyền địa phương"]},
        {**common, "ma": "cv-nhieu", "loai": "cong_van", "don_vi_soan_thao": unit,
         "trich_yeu": "triển khai kế hoạch năm 2025", "kinh_gui": RECIPIENTS},
        {**common, "ma": "cv-mot", "loai": "cong_van", "don_vi_soan_thao": unit,
         "trich_yeu": "triển khai kế hoạch năm 2025", "kinh_gui": RECIPIENTS[:1]},
        {**common, "ma": "tt", "loai": "to_trinh", "trich_yeu": "Đề nghị phê duyệt kế hoạch",
         "kinh_gui": RECIPIENTS[:2]},
    ]


def write_cases(folder: Path) -> list[Path]:
    """Write one campaign per header shape into `folder`; return their paths."""
    paths = []
    for shape, profile in PROFILES.items():
        (folder / f"{shape}.co-quan.yaml").write_text(dump(profile), "utf-8")
        campaign = {"co_quan": f"{shape}.co-quan.yaml",
                    "chien_dich": {"ten": "Cải cách hành chính"},
                    "van_ban": documents(profile["don_vi"][0]["ma"])}
        path = folder / f"{shape}.yaml"
        path.write_text(dump(campaign), "utf-8")
        paths.append(path)
    return paths
