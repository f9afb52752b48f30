"""The award templates have golden copies too (issue 14, 9: goldens covered 6 of 11 templates):
one document of each, from the Cao Bằng round, compared part by part; a missing one fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.awards.dossier import make_dossiers
from tests.conftest import ROOT
from tests.golden import assert_matches_golden

DOCUMENTS = ["phong-noi-vu/01-to-trinh.docx", "phong-noi-vu/02-bien-ban-hop-xet.docx",
             "phong-noi-vu/03-bao-cao-03-nguyen-thi-thu-ha.docx", "phong-noi-vu/04-giay-khen.docx",
             "quyet-dinh-khen-thuong.docx"]


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ho-so")
    make_dossiers(ROOT / "samples" / "cao-bang-kh-145-2022.yaml", out, "phong-noi-vu")
    return out / "cao-bang-kh-145-2022" / "ho-so"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_award_document_matches_its_golden_copy(dossier: Path, update_golden: bool,
                                                name: str) -> None:
    assert_matches_golden((dossier / name).read_bytes(), f"ho-so/cao-bang-kh-145-2022/{name}",
                          update=update_golden)


def test_the_letter_template_of_a_to_trinh_matches_its_golden_copy(
        tmp_path: Path, update_golden: bool) -> None:
    """templates/letters/to_trinh.docx: no sample is a Tờ trình, so a small one is made here."""
    from engine.output.generate import generate
    from tests.helpers import document, write_campaign

    path = write_campaign(tmp_path, document(
        ma="tt-01", loai="to_trinh", trich_yeu="Về việc đề nghị phê duyệt kế hoạch năm 2025",
        kinh_gui=["Chủ tịch Ủy ban nhân dân huyện"], don_vi_soan_thao="VP",
        noi_dung=["Căn cứ nhiệm vụ được giao;", "Ủy ban nhân dân xã kính trình xem xét."]))
    written = generate([path], tmp_path / "out")
    docx = next(p for p in written.files if p.suffix == ".docx")
    manifest = json.loads((docx.parent / "manifest.json").read_text("utf-8"))
    assert manifest["documents"][0]["template"] == "letters/to_trinh.docx"
    assert_matches_golden(docx.read_bytes(), "mau/letters/to_trinh.docx", update=update_golden)
