"""What a PDF holds: its page count and the fonts it embeds (no external tool needed)."""

from __future__ import annotations

import re

_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_FONT = re.compile(rb"/BaseFont\s*/([A-Za-z0-9+\-_,.]+)")
# Times New Roman itself, or a metric-compatible twin (same advance widths: same line breaks).
METRIC_COMPATIBLE = ("TimesNewRoman", "Times-Roman", "LiberationSerif", "Tinos")


def pdf_pages(data: bytes) -> int:
    """Return the number of page objects in a PDF written without object streams.

    >>> pdf_pages(b"%PDF-1.6 1 0 obj <</Type /Pages /Count 2>> 2 0 obj <</Type/Page>> "
    ...           b"3 0 obj <</Type /Page /Parent 1 0 R>>")
    2
    """
    return len(_PAGE.findall(data))


def pdf_fonts(data: bytes) -> list[str]:
    """Return the names of the fonts a PDF uses, without the subset prefix (ABCDEF+).

    >>> pdf_fonts(b"/BaseFont/BAAAAA+LiberationSerif-Bold /BaseFont /CAAAAA+LiberationSerif")
    ['LiberationSerif', 'LiberationSerif-Bold']
    """
    names = {match.decode().split("+", 1)[-1] for match in _FONT.findall(data)}
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
