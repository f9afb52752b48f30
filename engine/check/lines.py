"""The horizontal lines of the decree (under the Tiêu ngữ, the body name, the trích yếu), however
they are drawn: a paragraph border, a drawn shape, underlined text or a typed row of "_"."""

from __future__ import annotations

from engine.check.components import Layout, ruled
from engine.word.reader import Paragraph


def line_under(layout: Layout, p: Paragraph) -> Paragraph | None:
    """Return the paragraph drawing the line under `p` (p itself, or one of the two after it
    in its column)."""
    if p.border_bottom or p.drawing or any(r.underline for r in p.runs if r.text.strip()):
        return p
    following = [q for q in layout.paragraphs if q.index > p.index and q.cell == p.cell][:2]
    return next((q for q in following if ruled(q)), None)


def line_after(layout: Layout, p: Paragraph) -> bool:
    """Whether a line follows `p` within three paragraphs (after a "(Kèm theo …)" line, say)."""
    after = [q for q in layout.paragraphs if q.index > p.index][:3]
    return any(ruled(q) for q in after)
