"""How a rendered body flows onto pages and lines: what keeps together, where no break falls.

Two rules a reader expects and Word and LibreOffice both honour when they are written in the
document itself (not left to the renderer's guesses):

- the signature block (ô 7a–7c with ô 9b, or THƯ KÝ / CHỦ TỌA of a biên bản) never starts a page
  alone: the last lines of the content stay with it (keep-with-next and widow control on the
  last content paragraph; the template's spacer before the block and its rows keep with next
  and cannot split);
- the paragraph after a body table keeps 6 pt from its bottom border (a heading does not
  touch the table);
- a non-breaking hyphen (U+2011, placed by engine/decree/breaks.py in "117/2013/NĐ-CP") is
  written as Word's own `w:noBreakHyphen`: Times New Roman and Liberation Serif have no U+2011
  glyph, and Word shows, searches and edits `w:noBreakHyphen` as a hyphen.
"""

from __future__ import annotations

from typing import Any

from engine.decree.breaks import NO_BREAK_HYPHEN
from engine.word.rule_lines import fit_rules
from engine.word.tables import CELL_STYLE, HEADER_STYLE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Styles that only a signature block uses (templates: tools/build_templates.py).
SIGNATURE_STYLES = frozenset({"VBChucVu", "VBHoTen"})
# The first children of w:pPr, in the order ECMA-376 (§17.3.1.26) requires.
_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl")


def finish(body: Any) -> None:
    """Apply every layout pass to a rendered document body, in place."""
    fit_rules(body)
    keep_with_signature(body)
    space_after_tables(body)
    no_break_hyphens(body)


# The w:pPr children that come before w:spacing (ECMA-376 §17.3.1.26).
_BEFORE_SPACING = frozenset(f"{W}{tag}" for tag in (
    *_PPR_ORDER, "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
    "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
    "adjustRightInd", "snapToGrid"))
TABLE_STYLES = frozenset({HEADER_STYLE, CELL_STYLE})


def space_after_tables(body: Any) -> None:
    """Give the paragraph that follows a body table 6 pt before it."""
    for table in body.iterchildren(f"{W}tbl"):
        following = table.getnext()
        if following is None or following.tag != f"{W}p" or not any(
                _style(p) in TABLE_STYLES for p in table.iter(f"{W}p")):
            continue
        ppr = _properties(following)
        spacing = ppr.find(f"{W}spacing")
        if spacing is None:
            spacing = ppr.makeelement(f"{W}spacing", {})
            before = [child for child in ppr if child.tag in _BEFORE_SPACING]
            if before:
                before[-1].addnext(spacing)
            else:
                ppr.insert(0, spacing)
        spacing.set(f"{W}before", "120")


def keep_with_signature(body: Any) -> None:
    """Tie the last content paragraph (or table row) before each signature table to it."""
    for table in body.iterchildren(f"{W}tbl"):
        if not any(_style(p) in SIGNATURE_STYLES for p in table.iter(f"{W}p")):
            continue
        node = table.getprevious()
        while node is not None:
            if node.tag == f"{W}tbl":
                rows = node.findall(f"{W}tr")
                for paragraph in rows[-1].iter(f"{W}p") if rows else ():
                    _keep_next(paragraph)
                break
            if node.tag == f"{W}p":
                _keep_next(node)
                if _text(node).strip():
                    _set(node, "widowControl")
                    break
            node = node.getprevious()


def no_break_hyphens(body: Any) -> None:
    """Write each U+2011 of the body's text as a `w:noBreakHyphen` between text elements."""
    for text in list(body.iter(f"{W}t")):
        value = text.text or ""
        if NO_BREAK_HYPHEN not in value:
            continue
        pieces = value.split(NO_BREAK_HYPHEN)
        text.text = pieces[0]
        anchor = text
        for piece in pieces[1:]:
            hyphen = text.makeelement(f"{W}noBreakHyphen", {})
            anchor.addnext(hyphen)
            anchor = hyphen
            if piece:
                following = text.makeelement(f"{W}t", {XML_SPACE: "preserve"})
                following.text = piece
                anchor.addnext(following)
                anchor = following
        text.set(XML_SPACE, "preserve")


def _keep_next(paragraph: Any) -> None:
    _set(paragraph, "keepNext")


def _set(paragraph: Any, name: str) -> None:
    """Switch on the paragraph property `name`, in the child order the schema requires."""
    ppr = _properties(paragraph)
    if ppr.find(f"{W}{name}") is not None:
        return
    earlier = {f"{W}{tag}" for tag in _PPR_ORDER[:_PPR_ORDER.index(name)]}
    before = [child for child in ppr if child.tag in earlier]
    element = ppr.makeelement(f"{W}{name}", {})
    if before:
        before[-1].addnext(element)
    else:
        ppr.insert(0, element)


def _properties(paragraph: Any) -> Any:
    """The paragraph's w:pPr, made (first child) when it has none."""
    ppr = paragraph.find(f"{W}pPr")
    if ppr is None:
        ppr = paragraph.makeelement(f"{W}pPr", {})
        paragraph.insert(0, ppr)
    return ppr


def _style(paragraph: Any) -> str | None:
    node = paragraph.find(f"{W}pPr/{W}pStyle")
    return None if node is None else str(node.get(f"{W}val"))


def _text(paragraph: Any) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
