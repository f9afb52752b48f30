"""Paper, margins and font (NĐ 30/2020/NĐ-CP, Phụ lục I, I.1–I.4).

`vanban check` measures documents against these; the templates (data, built once by
tools/build_templates.py) use the lower bound of each margin.
"""

from __future__ import annotations

PAPER_MM = (210, 297)  # A4, portrait (I.1); landscape allowed for tables and registers
# Margins in millimetres: (least, most) (I.3).
MARGINS_MM = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
FONT = "Times New Roman"  # I.4, Unicode TCVN 6909:2001
