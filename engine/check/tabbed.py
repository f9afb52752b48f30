"""Header lines typed with tab stops ("ỦY BAN NHÂN DÂN<tab>CỘNG HÒA …"), read as two columns.

Clerks who do not use a table line the two columns of the header (ô 1–4) up with tab stops: one
paragraph holds the left and the right column's text. `split_columns` gives each column its own
paragraph in a virtual table (TABBED), so the components are found as in a table header.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from engine.base.text import upper
from engine.decree.doctypes import TYPE_BY_NAME
from engine.word.reader import Docx, Paragraph, Run, W

TABBED = -1          # the table index of the virtual header table
HEADER_LINES = 12    # tab-stop lines are looked for among the first paragraphs only


def split_columns(doc: Docx, paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Return `paragraphs` with the tab-stop header lines split into one paragraph a column."""
    body = doc.document.find(f"{W}body")
    nodes = list(body.iter(f"{W}p")) if body is not None else []
    header = [p for p in _header(paragraphs) if p.cell is None and p.index < len(nodes)]
    segments = {p.index: _texts(_segments(p, nodes[p.index])) for p in header}
    tabbed = {i: parts for i, parts in segments.items() if any(tabs for tabs, _ in parts)}
    if not tabbed:
        return paragraphs
    left = min(tabs for parts in tabbed.values() for tabs, _ in parts)
    last = max(tabbed)
    result: list[Paragraph] = []
    for p in paragraphs:
        if p.index in tabbed:
            result.extend(_columns(p, tabbed[p.index], left))
        elif p.cell is None and p.index < last and p.text.strip():
            result.append(replace(p, cell=(TABBED, 0, 0)))  # a left-column line without a tab
        else:
            result.append(p)
    return result


def _header(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs above the tên loại or "Kính gửi" line, among the first ones."""
    header: list[Paragraph] = []
    for p in paragraphs[:HEADER_LINES]:
        text = " ".join(p.text.split())
        if upper(text) in TYPE_BY_NAME or text.startswith("Kính gửi"):
            break
        header.append(p)
    return header


def _texts(segments: list[tuple[int, list[Run]]]) -> list[tuple[int, list[Run]]]:
    return [(tabs, runs) for tabs, runs in segments if "".join(r.text for r in runs).strip()]


def _columns(p: Paragraph, parts: list[tuple[int, list[Run]]], left: int) -> list[Paragraph]:
    """One paragraph a column: text after the fewest tabs of the header is the left column's,
    text after more tabs the right column's."""
    columns = [[r for tabs, runs in parts if (tabs == left) == (column == 0) for r in runs]
               for column in (0, 1)]
    return [replace(p, text="".join(r.text for r in runs), runs=tuple(runs),
                    cell=(TABBED, 0, column), align="center")
            for column, runs in enumerate(columns) if runs]


def _segments(p: Paragraph, node: Any) -> list[tuple[int, list[Run]]]:
    """Split the runs of `node` at its tabs: (how many tabs come before, the runs)."""
    runs = iter(p.runs)
    segments: list[tuple[int, list[Run]]] = [(0, [])]
    for r in node.iter(f"{W}r"):
        run = next(runs) if r.find(f"{W}t") is not None else None
        text = ""
        for child in r:
            if child.tag == f"{W}tab":
                if run is not None and text:
                    segments[-1][1].append(replace(run, text=text))
                text = ""
                segments.append((segments[-1][0] + 1, []))
            elif child.tag == f"{W}t":
                text += child.text or ""
            elif child.tag == f"{W}noBreakHyphen":
                text += "-"
        if run is not None and text:
            segments[-1][1].append(replace(run, text=text))
    return segments
