"""The award templates have golden copies too (issue 14, 9: goldens covered 6 of 11 templates):
one document of each, from the Cao Bằng round, compared part by part; a missing one fails."""

from __future__ import annotations

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
