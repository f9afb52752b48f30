"""Turn a document's body tree into the flat list of paragraphs its template prints.

Labels (I., 1., 3.1., a), (1), -, +, Điều 1.) are computed here from each level's numbering
style (NĐ 30/2020/NĐ-CP, Phụ lục I, II.6.đ and V row 6b), never typed by the clerk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.base.text import upper
from engine.decree.labels import BOLD_HEADINGS, ITALIC_HEADINGS, UNCOUNTED, label

Location = tuple[str | int, ...]


@dataclass
class Flattened:
    """Paragraphs ready for a template, and the problems met while numbering them."""

    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    problems: list[tuple[Location, str, str]] = field(default_factory=list)


def flatten(
    parts: Sequence[Any], styles: Sequence[str], sections: dict[str, list[Any]],
    where: Location = (),
) -> Flattened:
    """Return the paragraphs of a body tree, numbered with `styles` level by level.

    >>> body = [{"tieu_de": "mục đích", "noi_dung": [{"van_ban": "Một."}, "Đoạn thường."]}]
    >>> [(p["kieu"], p["nhan"], p["van_ban"] or p["tieu_de"])
    ...  for p in flatten(body, ("I", "1"), {}).paragraphs]
    [('tieu_de', 'I. ', 'MỤC ĐÍCH'), ('dong', '1. ', 'Một.'), ('doan', '', 'Đoạn thường.')]

    A table takes no label and no number, even first at its level:

    >>> table = {"bang": {"cot": ["STT"], "dong": [["1"]]}}
    >>> [(p["kieu"], p["nhan"]) for p in flatten([{"tieu_de": "Lịch", "noi_dung": [
    ...     table, {"van_ban": "Ý."}]}], ("I", "a)"), {}).paragraphs]
    [('tieu_de', 'I. '), ('bang', ''), ('dong', 'a) ')]
    """
    result = Flattened()
    _walk(list(parts), 0, None, "", tuple(styles), sections, where, result)
    return result


def _expand(parts: list[Any], sections: dict[str, list[Any]]) -> list[tuple[int, Any]]:
    """Return the parts with every bare ``chen`` replaced by the items it names."""
    out: list[tuple[int, Any]] = []
    for i, part in enumerate(parts):
        if isinstance(part, dict) and set(part) == {"chen"}:
            out.extend((i, item) for item in _inserted(part["chen"], sections))
        else:
            out.append((i, part))
    return out


def _inserted(ref: str, sections: dict[str, list[Any]]) -> list[Any]:
    section, _, ma = ref.partition("/")
    items = sections.get(section, [])
    if not ma:
        return items
    stack = list(items)
    while stack:
        item = stack.pop(0)
        if isinstance(item, dict):
            if item.get("ma") == ma:
                return [item]
            stack.extend(item.get("noi_dung", []))
    return []


def _walk(parts: list[Any], depth: int, style: str | None, parent_number: str,
          styles: tuple[str, ...], sections: dict[str, list[Any]], where: Location,
          out: Flattened) -> None:
    default = style or (styles[depth] if depth < len(styles) else "-")
    count = 0
    for i, part in _expand(parts, sections):
        path = (*where, i)
        if isinstance(part, str):
            out.paragraphs.extend(_plain(part))
            continue
        own = part.get("kieu", default)
        labelled = "tieu_de" in part or "van_ban" in part  # a table alone has no label
        if own not in UNCOUNTED and labelled:
            count += 1
        try:
            text_label, number = label(own, count, parent_number) if labelled else ("", "")
        except ValueError:
            out.problems.append((path, "too-many-points",
                                 f"quá {count - 1} điểm a), b), … trong một khoản; "
                                 "hãy chia nhỏ hoặc đổi kiểu đánh số"))
            text_label, number = "", ""
        _emit(part, own, text_label, out)
        children = list(part.get("noi_dung", []))
        if "chen" in part:
            children += _inserted(part["chen"], sections)
        if "bang" in part:
            out.paragraphs.append(_paragraph("bang", bang=part["bang"]))
        if children:
            _walk(children, depth + 1, part.get("danh_so_con"), number or parent_number,
                  styles, sections, (*path, "noi_dung"), out)


def _emit(part: dict[str, Any], style: str, text_label: str, out: Flattened) -> None:
    title, text = part.get("tieu_de"), part.get("van_ban")
    if title:
        printed = upper(title) if style == "I" else title
        kind = ("dieu" if style == "Điều" else "tieu_de" if style in BOLD_HEADINGS
                else "tieu_de_nghieng" if style in ITALIC_HEADINGS else "dong")
        out.paragraphs.append(_paragraph(kind, nhan=text_label, tieu_de=printed))
        if text:
            out.paragraphs.extend(_plain(text))
    elif text:
        first, *rest = text.split("\n")
        kind = "dieu" if style == "Điều" else "dong"
        out.paragraphs.append(_paragraph(kind, nhan=text_label, van_ban=first))
        out.paragraphs.extend(_plain("\n".join(rest)))


def _plain(text: str) -> list[dict[str, Any]]:
    return [_paragraph("doan", van_ban=line) for line in text.split("\n") if line]


def _paragraph(kind: str, *, nhan: str = "", tieu_de: str = "", van_ban: str = "",
               bang: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"kieu": kind, "nhan": nhan, "tieu_de": tieu_de, "van_ban": van_ban, "bang": bang}
