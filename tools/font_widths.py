"""Write engine/word/data/tnr_widths.json: advance widths of Times New Roman's metric twin.

Liberation Serif has the same advance widths as Times New Roman (that is what "metric-compatible"
means), so the widths measured here are the ones Word uses. The engine needs them to draw the
lines under the body name, the Tiêu ngữ and the trích yếu at the lengths Decree 30 asks for.
Run: python tools/font_widths.py  (needs fonttools and fonts-liberation2).
"""

from __future__ import annotations

import json
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path("/usr/share/fonts/truetype/liberation2")
RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x323), (0x1E00, 0x1EFF), (0x2010, 0x2027)]


def widths(path: Path) -> dict[str, int]:
    font = TTFont(path)
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    scale = 1000 / font["head"].unitsPerEm
    return {
        chr(code): round(hmtx[cmap[code]][0] * scale)
        for low, high in RANGES
        for code in range(low, high + 1)
        if code in cmap
    }


def main() -> None:
    data = {
        "source": "Liberation Serif 2 (metric-compatible with Times New Roman), units per 1000 em",
        "regular": widths(FONTS / "LiberationSerif-Regular.ttf"),
        "bold": widths(FONTS / "LiberationSerif-Bold.ttf"),
    }
    out = Path(__file__).resolve().parent.parent / "engine" / "word" / "data" / "tnr_widths.json"
    out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0) + "\n", "utf-8")
    print(f"wrote {out} ({len(data['regular'])} regular, {len(data['bold'])} bold)")


if __name__ == "__main__":
    main()
