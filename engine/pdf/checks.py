"""What a PDF holds: its page count and the fonts it embeds, read with pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.errors import PdfReadError

# Times New Roman itself, or a metric-compatible twin (same advance widths: same line breaks).
METRIC_COMPATIBLE = ("TimesNewRoman", "Times-Roman", "LiberationSerif", "Tinos")


def pdf_pages(data: bytes) -> int:
    """Return the number of pages of a PDF (0 if it cannot be read as one), read by pypdf.

    >>> from pypdf import PdfWriter
    >>> writer, out = PdfWriter(), io.BytesIO()
    >>> _ = writer.add_blank_page(595, 842), writer.add_blank_page(595, 842)
    >>> _ = writer.write(out)
    >>> pdf_pages(out.getvalue()), pdf_pages(b"%PDF-1.4 not really")
    (2, 0)
    """
    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except (PdfReadError, ValueError, KeyError, OSError):
        return 0


def pdf_fonts(data: bytes) -> list[str]:
    """Return the names of the fonts a PDF's pages use, without the subset prefix (ABCDEF+)."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        for font in (fonts.get_object().values() if fonts is not None else []):
            base = font.get_object().get("/BaseFont")
            if base is not None:
                names.add(str(base).lstrip("/").split("+", 1)[-1])
    return sorted(names)


def font_warnings(fonts: list[str]) -> list[str]:
    """Return a Vietnamese warning per font that is neither Times New Roman nor its twin.

    NĐ 30/2020/NĐ-CP, Phụ lục I, I.4 requires Times New Roman; Liberation Serif has the same
    metrics, so the pages break where Word's would.

    >>> font_warnings(["LiberationSerif", "TimesNewRomanPS-BoldMT", "DejaVuSans"])
    ['PDF dùng phông «DejaVuSans», không phải Times New Roman hay phông cùng số đo']
    """
    return [f"PDF dùng phông «{font}», không phải Times New Roman hay phông cùng số đo"
            for font in fonts if not font.replace(" ", "").startswith(METRIC_COMPATIBLE)]
