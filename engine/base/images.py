"""Pictures a document embeds (the Quốc huy of a Giấy khen): PNG only, read from its header.

A picture is an input strangers may send, so nothing decodes it: the signature and the IHDR
chunk give its size, and its bytes are stored in the DOCX as they are.
"""

from __future__ import annotations

import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 2 * 1024 * 1024   # a Quốc huy at print resolution is far smaller
MAX_SIDE = 10_000             # pixels
EMU_PER_CM = 360_000


def png_size(data: bytes) -> tuple[int, int] | None:
    """Return the (width, height) in pixels of a PNG image, None if `data` is not one.

    >>> png_size(PNG_SIGNATURE + struct.pack(">I4sII", 13, b"IHDR", 30, 20) + bytes(9))
    (30, 20)
    >>> png_size(b"GIF89a") is None
    True
    """
    if len(data) < 24 or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return (width, height) if 0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE else None


def extent(size: tuple[int, int], height_cm: float) -> tuple[int, int]:
    """Return the (cx, cy) in EMU of a picture drawn `height_cm` high, its ratio kept.

    >>> extent((300, 200), 3.0)
    (1620000, 1080000)
    """
    width, height = size
    cy = round(height_cm * EMU_PER_CM)
    return round(cy * width / height), cy
