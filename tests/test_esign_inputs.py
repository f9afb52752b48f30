"""What electronic signing refuses, each as a typed error with exit code 9 (issue 15): an image
that is not the decree's (not PNG, no transparency, the wrong colour, a seal of unknown size), a
key file that does not open, a PDF to verify that is not one."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from engine.errors import ExitCode, SigningError
from engine.esign.images import seal_image, signature_image
from engine.esign.keys import opened, pkcs12_file
from engine.esign.verify import verify
from tools.pki import make_pki, seal_png, signature_png


def _png(colour: tuple[int, int, int, int], dpi: int | None = None, mode: str = "RGBA") -> bytes:
    image = Image.new(mode, (200, 100), (0, 0, 0, 0) if mode == "RGBA" else (255, 255, 255))
    for x in range(40, 160):
        for y in range(40, 60):
            image.putpixel((x, y), colour if mode == "RGBA" else colour[:3])
    out = io.BytesIO()
    image.save(out, "PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
    return out.getvalue()


def _refused(call, code: str) -> SigningError:  # type: ignore[no-untyped-def]
    with pytest.raises(SigningError) as caught:
        call()
    assert caught.value.code == code and caught.value.exit_code is ExitCode.SIGNING
    return caught.value


def test_the_decrees_images_are_accepted(tmp_path: Path) -> None:
    assert signature_image(signature_png(tmp_path / "k.png").read_bytes()).pixels == (420, 160)
    seal = seal_image(seal_png(tmp_path / "d.png", diameter_mm=38).read_bytes())
    assert seal.mm is not None and abs(seal.mm[0] - 38) < 0.2


def test_images_that_are_not_the_decrees_are_refused() -> None:
    _refused(lambda: signature_image(b"GIF89a" + bytes(40)), "bad-signature-image")
    _refused(lambda: signature_image(_png((20, 40, 190, 255), mode="RGB")), "bad-signature-image")
    error = _refused(lambda: signature_image(_png((200, 20, 20, 255))), "bad-signature-image")
    assert "màu xanh" in error.message
    _refused(lambda: seal_image(_png((20, 40, 190, 255), dpi=300)), "bad-signature-image")
    _refused(lambda: seal_image(_png((215, 20, 30, 255))), "seal-size-unknown")       # no dpi
    _refused(lambda: seal_image(_png((215, 20, 30, 255), dpi=50)), "seal-size-unknown")  # 100 mm


def test_a_key_file_that_does_not_open_is_refused(tmp_path: Path) -> None:
    pki = make_pki(tmp_path)
    with pytest.raises(SigningError) as caught, opened(pkcs12_file(pki.signer, "sai-mat-khau")):
        pass
    assert caught.value.code == "bad-key-file" and "sai mật khẩu" in caught.value.message
    junk = tmp_path / "junk.p12"
    junk.write_bytes(b"\x00" * 300_000)
    _refused(lambda: pkcs12_file(junk, "x"), "bad-key-file")                        # too large


def test_verify_refuses_what_is_not_a_pdf(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"MZ not a pdf")
    _refused(lambda: verify(tmp_path / "a.pdf", []), "unreadable-pdf")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.7\n" + bytes(100))
    _refused(lambda: verify(tmp_path / "b.pdf", []), "unreadable-pdf")
