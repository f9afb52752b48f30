"""Every sample document equals its reviewed golden copy, part by part.

A template or engine change that alters a document shows up here as an XML diff; after checking
the new output (bin/preview), accept it with `pytest --update-golden` and commit tests/golden/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import GOLDEN_DIR, assert_matches_golden


def test_every_sample_has_a_golden_copy(generated: dict[str, Path], update_golden: bool) -> None:
    expected = {f"{name}.docx" for name in generated}
    present = {str(p.relative_to(GOLDEN_DIR)) for p in GOLDEN_DIR.glob("*/*.docx")}
    assert update_golden or present == expected


@pytest.mark.parametrize("name", [
    "uong-bi-cv-2219-2023/cv-2219", "cao-bang-kh-145-2022/kh-145", "kinh-mon-ct-05-2023/ct-05",
    "ha-tu-qd-25-2025/qd-25", "ha-tu-qd-25-2025/kh-cchc-2025",
    "phuoc-long-nq-2020/nq-phuoc-long", "phuoc-long-nq-2020/kh-cchc-2020-2025",
    "phu-yen-sgtvt-kh-cds/kh-cds", "hoang-hoa-tham-qd-2025/qd-xa",
    "trieu-phong-cv-2024/cv-de-xuat", "hoang-hoa-tham-kt-2025/kh-thi-dua-2025",
    "sgtvt-phu-yen-kt-2024/kh-thi-dua-2024", "trieu-phong-kt-2023/cv-gui-ho-so"])
def test_sample_matches_its_golden_copy(generated: dict[str, Path], update_golden: bool,
                                        name: str) -> None:
    assert_matches_golden(generated[name].read_bytes(), f"{name}.docx", update=update_golden)


def test_a_missing_golden_copy_fails() -> None:
    with pytest.raises(AssertionError, match="no golden copy"):
        assert_matches_golden(b"PK", "khong-co/van-ban.docx")
    assert not (GOLDEN_DIR / "khong-co").exists()


# Every DOCX template and a golden copy rendered from it (compared part by part by
# test_golden.py, test_golden_awards.py and the README walk-through test). A template added
# without a golden copy fails here.
TEMPLATE_GOLDENS = {
    "awards/bao_cao_thanh_tich.docx":
        "ho-so/cao-bang-kh-145-2022/phong-noi-vu/03-bao-cao-03-nguyen-thi-thu-ha.docx",
    "awards/bien_ban_hop_xet.docx":
        "ho-so/cao-bang-kh-145-2022/phong-noi-vu/02-bien-ban-hop-xet.docx",
    "awards/giay_khen.docx": "ho-so/cao-bang-kh-145-2022/phong-noi-vu/04-giay-khen.docx",
    "awards/to_trinh.docx": "ho-so/cao-bang-kh-145-2022/phong-noi-vu/01-to-trinh.docx",
    "decisions/chi_thi.docx": "kinh-mon-ct-05-2023/ct-05.docx",
    "decisions/nghi_quyet.docx": "phuoc-long-nq-2020/nq-phuoc-long.docx",
    "decisions/quyet_dinh.docx": "ha-tu-qd-25-2025/qd-25.docx",
    "letters/cong_van.docx": "uong-bi-cv-2219-2023/cv-2219.docx",
    "letters/to_trinh.docx": "mau/letters/to_trinh.docx",
    "plans/ke_hoach.docx": "cao-bang-kh-145-2022/kh-145.docx",
    "plans/ke_hoach_kem_theo.docx": "ha-tu-qd-25-2025/kh-cchc-2025.docx",
    "registers/so_dang_ky_van_ban_di.docx": "mau/registers/so-dang-ky-kinh-mon-2025.docx",
}


def test_every_template_has_a_golden_copy() -> None:
    templates = GOLDEN_DIR.parent.parent / "templates"
    on_disk = {str(p.relative_to(templates)) for p in templates.rglob("*.docx")}
    assert on_disk == set(TEMPLATE_GOLDENS), "a template without a golden copy, or one gone"
    missing = [name for name in TEMPLATE_GOLDENS.values() if not (GOLDEN_DIR / name).is_file()]
    assert missing == []
