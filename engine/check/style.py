"""Size, weight, slant and capitals of a component, as every check rule compares them."""

from __future__ import annotations

from collections.abc import Iterator

from engine.base.text import upper
from engine.check.findings import Finding
from engine.word.reader import Paragraph


def styled(p: Paragraph, rule: str, code: str, what: str, sizes: tuple[float, float],
           *, bold: bool | None = None, italic: bool | None = None,
           caps: bool = False) -> Iterator[Finding]:
    low, high = sizes
    wrong = sorted(s for s in p.sizes if not low <= s <= high)
    if wrong:
        expected = f"{low:g}" if low == high else f"{low:g}–{high:g}"
        yield Finding(f"{code}-size", rule, p.short,
                      f"{what} cỡ chữ {', '.join(f'{s:g}' for s in wrong)}; phải cỡ {expected}")
    if bold is not None and p.bold != bold:
        yield Finding(f"{code}-bold", rule, p.short,
                      f"{what} {'phải' if bold else 'không được'} in đậm")
    if italic is not None and p.italic != italic:
        yield Finding(f"{code}-italic", rule, p.short,
                      f"{what} {'phải in nghiêng' if italic else 'phải là chữ đứng'}")
    if caps and p.text != upper(p.text):
        yield Finding(f"{code}-caps", rule, p.short, f"{what} phải viết IN HOA")


def styled_once(lines: list[Paragraph], rule: str, code: str, what: str,
                sizes: tuple[float, float], *, bold: bool | None = None,
                italic: bool | None = None, caps: bool = False) -> Iterator[Finding]:
    """Like `styled` for a component typed on several lines: each departure once, on the
    first line that shows it."""
    seen: set[str] = set()
    for p in lines:
        for finding in styled(p, rule, code, what, sizes, bold=bold, italic=italic, caps=caps):
            if finding.code not in seen:
                seen.add(finding.code)
                yield finding
