"""The signature and seal images an account or a body gives (Phụ lục I, II.7.d and II.8.a):
PNG with a transparent background, the signature blue, the seal red and at its actual size.

An image is checked before it is stored, so a signing never meets a bad one: its header first
(size, without decoding), then its pixels (Pillow) for transparency and colour; the seal's size
on paper comes from the PNG's own resolution (pHYs), never from a guessed default.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from engine.base.images import MAX_BYTES, png_size
from engine.decree.esign import SEAL_COLOUR, SIGNER_COLOUR
from engine.errors import SigningError

MAX_SIDE = 4000                 # pixels: a seal at 600 dpi is about 1,000
MM_PER_INCH = 25.4
SEAL_MM = (20.0, 80.0)          # a printed seal's diameter is within this (a sanity bound)


@dataclass(frozen=True)
class Picture:
    """A checked image: its PNG bytes, its size in pixels and, for a seal, in millimetres."""

    data: bytes
    pixels: tuple[int, int]
    mm: tuple[float, float] | None = None


def signature_image(data: bytes, name: str = "ảnh chữ ký") -> Picture:
    """Check a handwritten signature's image: PNG, transparent background, blue ink."""
    image = _opened(data, name)
    _check_colour(image, name, SIGNER_COLOUR, lambda r, g, b: b > r + 20 and b >= g)
    return Picture(data, image.size)


def seal_image(data: bytes, name: str = "ảnh dấu") -> Picture:
    """Check a seal's image: PNG, transparent background, red, with its resolution set."""
    image = _opened(data, name)
    _check_colour(image, name, SEAL_COLOUR, lambda r, g, b: r > g + 40 and r > b + 40)
    dpi = image.info.get("dpi")
    if not dpi or min(dpi) < 50:
        raise SigningError(f"«{name}» không ghi độ phân giải (dpi) nên không biết kích thước "
                           "thực của dấu.", code="seal-size-unknown",
                           hint="Quét dấu ở độ phân giải đã biết (ví dụ 300 dpi) và lưu PNG có "
                                "ghi dpi (NĐ 30/2020, Phụ lục I, II.8.a: kích thước thực tế).")
    mm = (image.size[0] / dpi[0] * MM_PER_INCH, image.size[1] / dpi[1] * MM_PER_INCH)
    if not SEAL_MM[0] <= max(mm) <= SEAL_MM[1]:
        raise SigningError(f"«{name}» có kích thước {mm[0]:.0f}×{mm[1]:.0f} mm theo dpi ghi "
                           "trong tệp: không phải cỡ thật của một con dấu.",
                           code="seal-size-unknown")
    return Picture(data, image.size, mm)


def _opened(data: bytes, name: str):  # type: ignore[no-untyped-def]
    from PIL import Image, UnidentifiedImageError

    size = png_size(data)
    if size is None or len(data) > MAX_BYTES or max(size) > MAX_SIDE:
        raise SigningError(f"«{name}» phải là ảnh PNG tối đa {MAX_BYTES // 1024 // 1024} MB, "
                           f"{MAX_SIDE} điểm ảnh mỗi chiều.", code="bad-signature-image")
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise SigningError(f"«{name}» không phải ảnh PNG đọc được.",
                           code="bad-signature-image") from exc
    if "A" not in image.getbands() and "transparency" not in image.info:
        raise SigningError(f"«{name}» không có nền trong suốt (PNG cần kênh alpha).",
                           code="bad-signature-image",
                           hint="NĐ 30/2020, Phụ lục I, II.7.d và II.8.a: định dạng .png nền "
                                "trong suốt.")
    return image.convert("RGBA")


def _check_colour(image, name: str, colour: str, test) -> None:  # type: ignore[no-untyped-def]
    """Refuse an image whose inked pixels are not mostly of `colour`, or that has no
    transparent background."""
    small = image.copy()
    small.thumbnail((200, 200))
    raw = small.tobytes()   # RGBA, 4 bytes a pixel (Pillow's getdata is deprecated)
    pixels = [tuple(raw[i:i + 4]) for i in range(0, len(raw), 4)]
    inked = [(r, g, b) for r, g, b, a in pixels if a >= 128]
    clear = len(pixels) - len(inked)
    if not inked or clear < len(pixels) // 4:
        raise SigningError(f"«{name}» không có nền trong suốt hoặc không có nét nào.",
                           code="bad-signature-image")
    share = sum(1 for r, g, b in inked if test(r, g, b)) / len(inked)
    if share < 0.6:
        raise SigningError(f"«{name}» phải màu {colour} (chỉ {share:.0%} nét có màu đó).",
                           code="bad-signature-image",
                           hint="NĐ 30/2020, Phụ lục I: chữ ký màu xanh (II.7.d), dấu màu đỏ "
                                "(II.8.a).")
