"""Characters Times New Roman cannot print: Word and LibreOffice would print them in another
font (or as a box), so a document that holds one is warned about, never refused (issue 14: "warn
when a character has no glyph in the embedded fonts").

The font's character set is that of the width table the engine already uses to size the
decree's lines (Liberation Serif 2, metric-compatible with Times New Roman; tools/font_widths.py).
"""

from __future__ import annotations

import html
import re
import unicodedata
import zipfile
from pathlib import Path

from engine.word.rule_lines import font_characters


def missing_glyphs(text: str) -> list[str]:
    """The characters of `text` the font has no glyph for, each once, in order.

    >>> missing_glyphs("Nguyễn Văn A ☎ 0123 😀 ☎")
    ['☎', '😀']
    """
    known = font_characters()
    seen: list[str] = []
    for char in text:
        if char not in known and not char.isspace() and char not in seen and \
                unicodedata.category(char)[0] != "C":
            seen.append(char)
    return seen


_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def _printed_text(path: Path) -> str:
    """The text runs of the DOCX's body, read without building its tree (a batch of a thousand
    documents is scanned for the price of reading them: no XML parser, no styles)."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    return html.unescape(" ".join(_TEXT.findall(xml)))


def glyph_warnings(files: list[Path]) -> list[str]:
    """One warning per DOCX among `files` that holds characters the font cannot print."""
    warnings = []
    for path in files:
        if path.suffix != ".docx":
            continue
        missing = missing_glyphs(_printed_text(path))
        if missing:
            named = ", ".join(f"«{c}» (U+{ord(c):04X} {unicodedata.name(c, '')})".strip()
                              for c in missing[:10])
            warnings.append(f"{path.name}: phông Times New Roman không có ký tự {named}; "
                            "Word sẽ in chúng bằng phông khác")
    return warnings
