"""The number of a digitally signed document fits its blank (issue 15): the signer's PDF leaves
room for the number the register is expected to give (four digits for Uông Bí's công văn
2219, whose campaign opens the year's register at 2219), the văn thư's update draws it against
the "/" of the ký hiệu a space clear of "Số:", and a number longer than expected is set smaller
to fit, never cut (it printed "Số:221/UBND-NV"). Read off the issued PDF's page 1."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tools.pki import PASSPHRASE, make_pki, seal_png, signature_png

VANBAN = ROOT / ".venv" / "bin" / "vanban"
DOC = "uong-bi-cv-2219-2023/cv-2219"
pytestmark = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfsig") is None,
                                reason="LibreOffice and poppler: bash .ci/run installs them")
PASSWORD = "mat-khau-du-dai"
PEOPLE = [("quantri", "Đỗ Quản Trị", "quan_tri"), ("soan", "Vũ Thị Soạn", "soan_thao"),
          ("duyet", "Ngô Trưởng Phòng", "lanh_dao_don_vi"),
          ("nmha", "Nguyễn Mạnh Hà", "nguoi_ky"), ("vanthu", "Lý Văn Thư", "van_thu")]


class Office:
    """A folder with Uông Bí's body, its accounts and images, and a test PKI."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        shutil.copytree(ROOT / "samples", folder / "mau")
        (folder / "pki").mkdir()
        make_pki(folder / "pki", "Nguyễn Mạnh Hà", "Ủy ban nhân dân thành phố Uông Bí")
        signature_png(folder / "pki" / "chu-ky.png")
        seal_png(folder / "pki" / "dau.png")
        self.env = {**os.environ, "VANBAN_HOME": str(folder / "home"), "PYTHONPATH": str(ROOT),
                    "VANBAN_PASSWORD": PASSWORD, "VANBAN_KEY_PASSPHRASE": PASSPHRASE}
        self.env.pop("VANBAN_DATABASE_URL", None)
        self.run("body", "add", "mau/co-quan/ubnd-tp-uong-bi.yaml")
        for index, (login, name, role) in enumerate(PEOPLE):
            self.run("user", "add", login, "--name", name, "--body", "ubnd-tp-uong-bi",
                     "--role", role)
            if index == 0:
                self.run("login", "quantri")
        self.run("user", "signature", "nmha", "pki/chu-ky.png")
        self.run("body", "seal", "ubnd-tp-uong-bi", "pki/dau.png")

    def run(self, *arguments: str) -> str:
        result = subprocess.run([str(VANBAN), *arguments], cwd=self.folder, env=self.env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, (arguments, result.stdout, result.stderr)
        return result.stdout

    def as_(self, login: str, *arguments: str) -> str:
        self.run("login", login)
        return self.run(*arguments)

    def signed(self, campaign: str) -> None:
        """The campaign's công văn drafted, approved and signed with the signer's key."""
        self.as_("soan", "draft", campaign, "--out", "out/")
        self.run("submit", DOC)
        self.as_("duyet", "approve", DOC)
        assert "Đã ký (ký số)" in self.as_("nmha", "sign", DOC, "--key", "pki/signer.p12")

    def issued(self) -> Path:
        said = self.as_("vanthu", "issue", DOC, "--date", "2023-11-28", "--key", "pki/body.p12")
        assert "Đã ban hành" in said, said
        return self.folder / "out" / f"{DOC}.pdf"


def _line(pdf: Path) -> dict[str, tuple[float, float, float, float]]:
    """The words of page 1's "Số:" line: text → (x0, top, x1, bottom), as pdftotext reads them
    (the filled-in number included)."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    words = [(m[5], float(m[1]), float(m[2]), float(m[3]), float(m[4]))
             for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                  r'yMax="([\d.]+)">([^<]*)</word>', xml)]
    so = next(word for word in words if word[0] == "Số:")
    return {text: (x0, y0, x1, y1) for text, x0, y0, x1, y1 in words
            if abs(y1 - so[4]) < 3 and x0 < 300}


def test_a_four_digit_number_fills_its_blank_whole(tmp_path: Path) -> None:
    office = Office(tmp_path)
    office.signed("mau/uong-bi-cv-2219-2023.yaml")
    pdf = office.issued()
    line = _line(pdf)
    so, number, slash = line["Số:"], line["2219"], line["/UBND-NV"]
    assert abs(number[2] - slash[0]) < 0.5            # against the "/", no space
    assert 2.0 < number[0] - so[2] < 5.0              # one space (3.25 pt) after "Số:"
    layout = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    assert "Số: 2219/UBND-NV" in layout
    assert subprocess.run([str(VANBAN), "verify", str(pdf), "--trust", "pki/root.pem"],
                          cwd=tmp_path, capture_output=True, timeout=120).returncode == 0


def test_a_number_longer_than_expected_is_set_smaller_never_cut(tmp_path: Path) -> None:
    office = Office(tmp_path)
    campaign = tmp_path / "mau" / "uong-bi-khong-so.yaml"
    text = (tmp_path / "mau" / "uong-bi-cv-2219-2023.yaml").read_text("utf-8")
    campaign.write_text(re.sub(r"(?m)^(\s+)so: .*\n", "", text), "utf-8")
    campaign.rename(campaign.with_name("uong-bi-cv-2219-2023.yaml"))  # same campaign id
    office.signed("mau/uong-bi-cv-2219-2023.yaml")    # no "so:": the register expects "01"
    with sqlite3.connect(tmp_path / "vanban.db") as db:  # meanwhile 99 công văn were issued
        series = db.execute("SELECT series FROM documents WHERE id = ?", (DOC,)).fetchone()[0]
        db.execute("INSERT INTO counters VALUES ('ubnd-tp-uong-bi', 2023, ?, 99)", (series,))
    line = _line(office.issued())
    so, number, slash = line["Số:"], line["100"], line["/UBND-NV"]
    assert number[0] > so[2] and number[2] <= slash[0] + 0.5  # inside the blank
    assert number[3] - number[1] < 0.9 * (slash[3] - slash[1])  # smaller than the line's size


def test_a_certificate_issued_to_someone_else_is_refused_before_signing(tmp_path: Path) -> None:
    """The signature must be the competent person's own: a key whose certificate names another
    person is refused (exit 9), nothing signed; the signer's own certificate written the way
    CAs often write names ("NGUYEN MANH HA") is theirs."""
    office = Office(tmp_path)
    office.as_("soan", "draft", "mau/uong-bi-cv-2219-2023.yaml", "--out", "out/")
    office.run("submit", DOC)
    office.as_("duyet", "approve", DOC)
    office.run("login", "nmha")
    refused = subprocess.run([str(VANBAN), "sign", DOC, "--key", "pki/other.p12"],
                             cwd=tmp_path, env=office.env, capture_output=True, text=True,
                             timeout=300)
    assert refused.returncode == 9, refused.stdout + refused.stderr
    assert "[certificate-not-signers] Chứng thư số cấp cho «Lê Văn Khác», không phải cho " \
           "người ký «Nguyễn Mạnh Hà»" in refused.stderr
    assert not list((tmp_path / "out").rglob("*.nguoi-ky.pdf"))
    assert "Đã duyệt" in office.run("status")
    (tmp_path / "ca").mkdir()
    make_pki(tmp_path / "ca", "NGUYEN MANH HA", "UBND THANH PHO UONG BI")
    assert "Đã ký (ký số)" in office.run("sign", DOC, "--key", "ca/signer.p12")
