"""What only the page shows (`vanban check --render`): Số and the date on one line, no break
inside a số/ký hiệu, a span of years or a place name, the signature block not alone on its
page."""

from __future__ import annotations

import re
from collections.abc import Iterator

from engine.check.components import Layout
from engine.check.findings import Finding, Rule
from engine.check.rendering import Rendering, Word
from engine.decree import breaks

SAME_LINE_PT = 2.0   # baselines closer than this are one printed line
PT_PER_MM = 72 / 25.4
_SYMBOL = re.compile(r"^\(?\d+/(\d{4}/)?[A-ZĐ][A-Za-zĐđ]*(-[A-ZĐ][A-Za-zĐđ0-9]*)+[.,;:)]*$")
_YEAR = re.compile(r"^\(?\d{4}$")
_NEXT_YEAR = re.compile(r"^\d{4}[.,;:)]*$")


def _next_line(words: tuple[Word, ...], i: int) -> bool:
    """Whether word i ends its printed line (the next word sits lower, or on the next page)."""
    word, after = words[i], words[i + 1]
    return after.page != word.page or after.bottom > word.bottom + SAME_LINE_PT


def number_date_row(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, IV.2 and Phụ lục III: "Số: …" and "<Địa danh>, ngày …" on one line."""
    seen = layout.rendering
    if seen is None or layout.number_line is None or layout.date_line is None:
        return
    page = seen.on(1)
    number = next((w for w in page if w.text == "Số:"), None)
    date = next((w for before, w, after in zip(page, page[1:], page[2:], strict=False)
                 if before.text.endswith(",") and w.text == "ngày"
                 and (after.text.isdigit() or after.text in ("tháng", "…", "..."))), None)
    if number is None or date is None:
        return
    gap = abs(number.bottom - date.bottom)
    if gap > SAME_LINE_PT:
        yield Finding("number-date-row", "Phụ lục I, IV.2; Phụ lục III", layout.number_line.short,
                      f"«Số:» và dòng địa danh, ngày tháng năm lệch nhau {gap:.0f} pt trên trang "
                      "in; phải cùng một dòng")


def _broken(words: tuple[Word, ...], i: int) -> bool:
    """Whether the line ends at word i inside a số/ký hiệu ("117/2013/NĐ-" | "CP") or a span
    of years ("2020 -" | "2025")."""
    word, after = words[i], words[i + 1]
    if word.text.endswith(("-", "/")) and _SYMBOL.match(word.text + after.text):
        return True
    return (word.text in ("-", "–") and i > 0 and _YEAR.match(words[i - 1].text) is not None
            and _NEXT_YEAR.match(after.text) is not None)


def _place_names(layout: Layout) -> list[tuple[str, ...]]:
    """The place names of the header (ô 2's units, the date line's place), as lower-case words:
    a name of two words or more must not be split at a line's end."""
    names = breaks.place_names(*(p.text for p in layout.issuer))
    if layout.date_line is not None:  # "Thành phố Cao Bằng, ngày …": the name after its unit
        place = layout.date_line.text.split(",")[0]
        names += breaks.place_names(place) or [place]
    return sorted({tuple(name.casefold().split()) for name in names if " " in name.strip()})


def _split_name(words: tuple[Word, ...], i: int, names: list[tuple[str, ...]]) -> str | None:
    """The place name the line's end at word i cuts in two, if any."""
    printed = [w.text.strip(".,;:()/").casefold() for w in words]
    for name in names:
        for cut in range(1, len(name)):
            if i + 1 >= cut and tuple(printed[i + 1 - cut:i + 1]) == name[:cut] \
                    and tuple(printed[i + 1:i + 1 + len(name) - cut]) == name[cut:]:
                return " ".join(name)
    return None


def unbroken_names(layout: Layout) -> Iterator[Finding]:
    """A place name ("Hà Tu", "Phước Long") is read as one: never split at a line's end
    (Phụ lục I, II.2 and II.4: the names of ô 2 and the địa danh)."""
    seen = layout.rendering
    names = _place_names(layout) if seen is not None else []
    if seen is None or not names:
        return
    words = seen.words
    for i in range(len(words) - 1):
        name = _split_name(words, i, names) if _next_line(words, i) else None
        if name is not None:
            yield Finding("name-broken", "Phụ lục I, II.2; II.4", f"{words[i].text} / "
                          f"{words[i + 1].text}", f"trang {words[i].page}: địa danh «{name}» "
                          "bị ngắt xuống dòng; giữ liền (dấu cách không ngắt)")


def unbroken_spans(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.3 (số, ký hiệu): a number and its ký hiệu, or a span of years, is read
    as one and must not be split at a line's end."""
    seen = layout.rendering
    if seen is None:
        return
    words = seen.words
    for i in range(len(words) - 1):
        if _next_line(words, i) and _broken(words, i):
            where = f"{words[i].text} / {words[i + 1].text}"
            yield Finding("line-break-inside", "Phụ lục I, II.3", where,
                          f"trang {words[i].page}: số, ký hiệu hoặc khoảng năm bị ngắt xuống "
                          "dòng; phải giữ liền trên một dòng (dùng dấu cách, gạch nối không ngắt)")


# The first words of the signature block: "Nơi nhận:" beside ô 7, or a biên bản's THƯ KÝ
# (Mẫu 1.9: THƯ KÝ and CHỦ TỌA above its Nơi nhận).
_BLOCK_STARTS = (("Nơi", "nhận:"), ("THƯ", "KÝ"))


def _heading_word(seen: Rendering) -> Word | None:
    """The block's first word on the page (the PDF's text order is not the reading order)."""
    pairs = zip(seen.words, seen.words[1:], strict=False)
    starts = [w for w, after in pairs if (w.text, after.text) in _BLOCK_STARTS]
    return min(starts, key=lambda w: (w.page, w.top), default=None)


def signature_alone(layout: Layout) -> Iterator[Finding]:
    """Phụ lục I, II.7 and II.9: the signature block and Nơi nhận follow the end of the
    content, never alone on the last page."""
    seen = layout.rendering
    heading = None if seen is None else _heading_word(seen)
    if seen is None or heading is None or heading.page == 1:
        return
    margin = layout.doc.page().top * PT_PER_MM - 4  # the page number lives above the text
    above = [w for w in seen.on(heading.page)
             if w.top >= margin and w.bottom < heading.top - SAME_LINE_PT]
    if not above:
        yield Finding("signature-alone", "Phụ lục I, II.7; II.9", heading.text,
                      f"trang {heading.page} chỉ có khối chữ ký và nơi nhận; đoạn cuối của nội "
                      "dung phải ở cùng trang với chữ ký")


RULES: tuple[Rule, ...] = (number_date_row, unbroken_spans, unbroken_names, signature_alone)
