"""What each signature shows on the page (Phụ lục I, II.7.d and II.8; engine/decree/esign.py)
and where its box goes, computed from the rendered page's boxes (engine/esign/placement.py).

- the signer's: their signature image, centred in the gap between chức vụ and họ tên;
- the body's: its seal image at actual size, over the left third of the signer's image, with
  the body's name and the signing time under it in Times New Roman 10;
- the body's on an attachment in a separate file: the text "Số: …; dd/mm/yyyy; hh:mm:ss
  +07:00" at the top right of page 1, no image.
"""

from __future__ import annotations

import functools
import io
import logging
import subprocess
from dataclasses import dataclass

from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.stamp import BaseStampStyle, StaticStampStyle, TextStampStyle

from engine.decree.esign import SEAL_OVER_SIGNATURE, TEXT_FONT, TEXT_SIZE
from engine.errors import SigningError
from engine.esign.images import Picture
from engine.esign.positions import Box
from engine.word.rule_lines import text_width_pt

POINTS_PER_MM = 72 / 25.4
_LEADING = 12         # points: TNR 10 set solid at 1.2
_FILL = 0.8           # share of the gap's height the signature image takes
_BELOW_NAME = 6       # points between the signer's name and the body's text (clear of "Ủ", "g")


@dataclass(frozen=True)
class Appearance:
    """A signature's box on its page and its pyHanko stamp style."""

    box: Box
    style: BaseStampStyle


def _no_margins(x: layout.AxisAlignment, y: layout.AxisAlignment,
                scaling: layout.InnerScaling) -> layout.SimpleBoxLayoutRule:
    return layout.SimpleBoxLayoutRule(x_align=x, y_align=y, margins=layout.Margins(),
                                      inner_content_scaling=scaling)


def _image(picture: Picture, width: float, height: float) -> PdfImage:
    from PIL import Image

    return PdfImage(Image.open(io.BytesIO(picture.data)),
                    box=layout.BoxConstraints(width=round(width), height=round(height)))


def signer_appearance(picture: Picture, name: Box, gap: Box) -> Appearance:
    """The signer's image, its ratio kept, centred in `gap` and on the name's centre."""
    width_px, height_px = picture.pixels
    height = gap.height * _FILL
    width = min(height * width_px / height_px, max(gap.width, name.width) * 1.2)
    height = width * height_px / width_px
    centre_x, centre_y = (name.x0 + name.x1) / 2, (gap.y0 + gap.y1) / 2
    box = Box(gap.page, centre_x - width / 2, centre_y - height / 2, centre_x + width / 2,
              centre_y + height / 2)
    style = StaticStampStyle(
        background=_image(picture, width, height), border_width=0, background_opacity=1.0,
        background_layout=_no_margins(layout.AxisAlignment.ALIGN_MID,
                                      layout.AxisAlignment.ALIGN_MID,
                                      layout.InnerScaling.SHRINK_TO_FIT))
    return Appearance(box, style)


@functools.cache
def _font_file() -> str:
    """The file of Times New Roman (or the metric-compatible Liberation Serif) fontconfig
    picks."""
    try:
        path = subprocess.run(["fc-match", "-f", "%{file}", TEXT_FONT], check=True,
                              capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        raise SigningError("Không tìm được phông Times New Roman (fontconfig).",
                           code="no-font") from exc
    if not path.endswith((".ttf", ".otf")):
        raise SigningError(f"Phông cho «{TEXT_FONT}» là «{path}», không phải TrueType.",
                           code="no-font", hint="Cài gói fonts-liberation2.")
    return path


@functools.cache
def _font_at_1000_upem() -> bytes:
    """The font rescaled to 1,000 units per em: pyHanko writes the font's own glyph widths into
    the PDF's /W array, which PDF reads as thousandths of an em, so a TrueType font of 2,048
    units (Times New Roman, Liberation Serif) would print with every glyph twice as wide."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "FFTM NOT subset"
    font = TTFont(_font_file())
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


class _Font(GlyphAccumulatorFactory):
    """Glyphs from the font at 1,000 units per em (see `_font_at_1000_upem`)."""

    def create_font_engine(self, writer: BasePdfFileWriter,
                           obj_stream: object = None) -> GlyphAccumulator:
        return GlyphAccumulator(writer=writer, font_handle=io.BytesIO(_font_at_1000_upem()),
                                font_size=self.font_size)


def _text_style() -> TextBoxStyle:
    return TextBoxStyle(font=_Font(_font_file()), font_size=TEXT_SIZE, leading=_LEADING,
                        border_width=0)


def seal_appearance(seal: Picture, signature: Box, name: Box, texts: list[str]) -> Appearance:
    """The seal at its actual size, its right edge a third into the signer's image and its
    centre level with it; the `texts` lines (TNR 10) under the signer's name, centred on it
    (the free space of the signature column: the Nơi nhận holds the left one)."""
    if seal.mm is None:
        raise SigningError("Ảnh dấu chưa có kích thước thực.", code="seal-size-unknown")
    width, height = round(seal.mm[0] * POINTS_PER_MM), round(seal.mm[1] * POINTS_PER_MM)
    seal_x0 = round(signature.x0 + signature.width * SEAL_OVER_SIGNATURE - width)
    seal_y1 = round((signature.y0 + signature.y1) / 2 + height / 2)
    text_width = round(max(text_width_pt(text, TEXT_SIZE) for text in texts) * 1.1) + 4
    text_x0 = round((name.x0 + name.x1) / 2 - text_width / 2)
    text_y0 = round(name.y0 - _BELOW_NAME - _LEADING * len(texts))
    x0 = min(seal_x0, text_x0)
    box = Box(signature.page, x0, text_y0, max(seal_x0 + width, text_x0 + text_width), seal_y1)
    style = TextStampStyle(
        stamp_text="\n".join(texts), border_width=0, background_opacity=1.0,
        background=_image(seal, width, height),
        background_layout=_placed(layout.AxisAlignment.ALIGN_MAX, left=seal_x0 - x0),
        text_box_style=_text_style(),
        inner_content_layout=_placed(layout.AxisAlignment.ALIGN_MIN, left=text_x0 - x0))
    return Appearance(box, style)


def _placed(y_align: layout.AxisAlignment, left: int) -> layout.SimpleBoxLayoutRule:
    """Content at `left` points from the box's left edge, at its top or bottom, unscaled."""
    return layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MIN, y_align=y_align,
                                      margins=layout.Margins(left=left),
                                      inner_content_scaling=layout.InnerScaling.NO_SCALING)


def attachment_appearance(text: str, corner: Box) -> Appearance:
    """The body's signature on an attachment: `text` only, TNR 10, black, flush right in
    `corner` (placement.top_right)."""
    style = TextStampStyle(
        stamp_text=text, border_width=0,
        text_box_style=_text_style(),
        inner_content_layout=_no_margins(layout.AxisAlignment.ALIGN_MAX,
                                         layout.AxisAlignment.ALIGN_MIN,
                                         layout.InnerScaling.NO_SCALING))
    return Appearance(corner, style)


def attachment_size(text: str) -> tuple[float, float]:
    """The box `text` needs at TNR 10."""
    return text_width_pt(text, TEXT_SIZE) + 2, _LEADING + 2
