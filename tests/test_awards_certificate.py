"""The Giấy khen's Quốc huy comes from the body profile (NĐ 98/2023, Art. 104: top centre), a
marked frame stands in when the profile has none, and a profile cannot point it anywhere
(issue 13, 4); the certificate names the movement, not the award round (issue 13, 3)."""

from __future__ import annotations

import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from engine.awards.dossier import make_dossiers
from engine.campaign.loader import load_campaign, load_profile
from engine.errors import InputError
from engine.word.reader import Docx
from tests.conftest import ROOT

PROFILE = "ubnd-tp-cao-bang.yaml"
CAMPAIGN = "cao-bang-kh-145-2022.yaml"


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = b"".join(b"\x00" + b"\xc8\x10\x2e" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _samples(tmp_path: Path, emblem: str | None) -> Path:
    folder = tmp_path / "samples"
    shutil.copytree(ROOT / "samples", folder)
    if emblem is not None:
        profile = folder / "co-quan" / PROFILE
        profile.write_text(profile.read_text("utf-8").replace(
            "dia_danh: Thành phố Cao Bằng", f"dia_danh: Thành phố Cao Bằng\nquoc_huy: {emblem}"),
            "utf-8")
    return folder


def _certificate(folder: Path, out: Path) -> Docx:
    make_dossiers(folder / CAMPAIGN, out, "phong-tu-phap")
    return Docx((out / "cao-bang-kh-145-2022" / "ho-so" / "phong-tu-phap" / "04-giay-khen.docx")
                .read_bytes())


def test_the_profile_s_quoc_huy_is_drawn_at_the_top_of_every_certificate(tmp_path: Path) -> None:
    folder = _samples(tmp_path, "anh/quoc-huy.png")
    picture = _png(300, 200)
    (folder / "co-quan" / "anh").mkdir()
    (folder / "co-quan" / "anh" / "quoc-huy.png").write_bytes(picture)
    doc = _certificate(folder, tmp_path / "out")
    assert doc.parts["word/media/quoc-huy.png"] == picture
    xml = doc.parts["word/document.xml"].decode("utf-8")
    extents = re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"/>', xml)
    assert extents and {(int(cx), int(cy)) for cx, cy in extents} == {(1620000, 1080000)}  # 3 cm
    names = [p.text for p in doc.paragraphs() if p.style == "VBGiayKhenNguoi"]
    assert len(extents) == len(names) == 2  # one emblem per certificate
    first = xml.index("<wp:extent")
    assert first < xml.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")  # above the Quốc hiệu
    assert "QUỐC HUY" not in doc.text()
    inputs = load_campaign(folder / CAMPAIGN).inputs  # a new picture is a changed input
    assert any(name.endswith("co-quan/anh/quoc-huy.png") for name in inputs)


def test_without_a_picture_the_certificate_shows_a_marked_frame(tmp_path: Path) -> None:
    doc = _certificate(_samples(tmp_path, None), tmp_path / "out")
    assert doc.parts["word/media/quoc-huy.png"] != b"" and "<wp:extent" not in doc.parts[
        "word/document.xml"].decode("utf-8")
    assert doc.text().count("QUỐC HUY") == 2
    assert "chưa có ảnh: ghi «quoc_huy» trong hồ sơ cơ quan" in doc.text()


def test_the_certificate_names_the_movement_not_the_award_round(tmp_path: Path) -> None:
    text = _certificate(_samples(tmp_path, None), tmp_path / "out").text()
    assert "thành tích xuất sắc trong phong trào thi đua đẩy mạnh cải cách hành chính" in text
    assert "trong khen thưởng tổng kết" not in text


@pytest.mark.parametrize(("ref", "code"), [
    ("../../quoc-huy.png", "bad-path"), ("/etc/hostname", "bad-path"),
    ("khong-co.png", "missing-file"), ("la-gif.png", "bad-image"), ("lien-ket.png", "bad-path"),
])
def test_a_profile_cannot_point_its_picture_outside_or_at_anything(
        tmp_path: Path, ref: str, code: str) -> None:
    folder = _samples(tmp_path, ref)
    (tmp_path / "quoc-huy.png").write_bytes(_png(4, 4))
    (folder / "co-quan" / "la-gif.png").write_bytes(b"GIF89a" + bytes(40))
    (folder / "co-quan" / "lien-ket.png").symlink_to(tmp_path / "quoc-huy.png")
    with pytest.raises(InputError) as caught:
        load_profile(folder / "co-quan" / PROFILE)
    assert [(p.field, p.code) for p in caught.value.problems] == [("quoc_huy", code)]
    with pytest.raises(InputError):
        make_dossiers(folder / CAMPAIGN, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_profile_with_a_picture_drafts_and_its_snapshot_keeps_the_picture(
        tmp_path: Path, db_url: str) -> None:
    """Snapshots stored files as UTF-8 text: a PNG beside a profile must survive the round trip
    (the version's campaign is loaded from its snapshot at issuance)."""
    from sqlalchemy import select

    from engine.db.connect import open_engine
    from engine.db.tables import snapshots
    from engine.workflow import draft
    from engine.workflow.versions import snapshot_campaign
    from tests.office import office

    folder = _samples(tmp_path, "quoc-huy.png")
    picture = _png(8, 8)
    (folder / "co-quan" / "quoc-huy.png").write_bytes(picture)
    engine = open_engine(db_url)
    try:
        staff = office(engine, folder / "co-quan" / PROFILE, signer_name="Nguyễn Quốc Trung")
        draft(engine, folder / CAMPAIGN, tmp_path / "so", staff.drafter)
        with engine.connect() as conn:
            stored = conn.execute(select(snapshots)).one()
        campaign, _ = snapshot_campaign(stored)
        assert campaign.documents[0].profile.quoc_huy == picture
    finally:
        engine.dispose()


def test_a_collective_s_second_line_is_its_superior_not_its_own_name_again(
        tmp_path: Path) -> None:
    """NĐ 98/2023, Art. 104: under the awardee's name, a person's position and unit; a
    collective's address or cơ quan chủ quản (issue 13, 4)."""
    out = tmp_path / "out"
    make_dossiers(_samples(tmp_path, None) / CAMPAIGN, out, "phuong-hop-giang")
    doc = Docx((out / "cao-bang-kh-145-2022" / "ho-so" / "phuong-hop-giang" / "04-giay-khen.docx")
               .read_bytes())
    lines = [p.text for p in doc.paragraphs() if p.style in ("VBGiayKhenNguoi", "VBGiayKhenDong")]
    ward = lines.index("Ủy ban nhân dân phường Hợp Giang")
    assert lines[ward + 1] == "Ủy ban nhân dân thành phố Cao Bằng"
    person = lines.index("Đinh Thị Ngọc Ánh")
    assert lines[person + 1] == "Công chức Văn phòng - Thống kê phường Hợp Giang"
