"""The body of a document in the form, as blocks a clerk adds, moves and deletes: headings
(mục, mục con), numbered and plain paragraphs, tables edited cell by cell. The blocks are a flat
list; a heading holds what follows it up to the next heading of its level or higher, which is
the body tree of the campaign file (`noi_dung`). Every button is an ordinary submit button (the
form works without script; htmx only swaps the editor in place)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# The kinds of block, as the clerk reads them.
KINDS = {"muc": "Tiêu đề mục", "muc_con": "Tiêu đề mục con", "y": "Ý đánh số",
         "doan": "Đoạn văn", "bang": "Bảng"}
MAX_BLOCKS = 300
MAX_ROWS = 200
MAX_COLUMNS = 10
_FIELD = re.compile(r"khoi-(\d{1,3})-(loai|van_ban)")
_CELL = re.compile(r"khoi-(\d{1,3})-o-(\d{1,3})-(\d{1,2})")
_ACTION = re.compile(r"(them-(?:muc_con|muc|y|doan|bang)|len|xuong|xoa|them-dong|them-cot"
                     r"|xoa-dong|xoa-cot)(?:-(\d{1,3}))?(?:-(\d{1,3}))?")
Location = tuple[int, ...]


@dataclass
class Block:
    """One block: its kind, its text (headings, paragraphs) or its rows (a table: the first row
    is the header), and the problems shown beside it."""

    kind: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def stored(self) -> dict[str, Any]:
        """The block as the form's saved copy keeps it."""
        return {"loai": self.kind, "bang": self.rows} if self.kind == "bang" else \
            {"loai": self.kind, "van_ban": self.text}


@dataclass
class Editor:
    """The blocks of the form, the problems of the body as a whole, and where each block went
    in the body tree of the campaign file."""

    blocks: list[Block]
    errors: list[str] = field(default_factory=list)
    where: dict[Location, int] = field(default_factory=dict)

    def invalid(self) -> bool:
        return bool(self.errors) or any(block.errors for block in self.blocks)

    def depths(self) -> list[int]:
        """How deep each block sits (0: top; 1: under a mục; 2: under a mục con), for the
        indentation that shows the clerk what belongs to which heading."""
        out, in_section, in_subsection = [], False, False
        for block in self.blocks:
            if block.kind == "muc":
                out.append(0)
                in_section, in_subsection = True, False
            elif block.kind == "muc_con":
                out.append(int(in_section))
                in_subsection = True
            else:
                out.append(int(in_section) + int(in_subsection))
        return out


def new_block(kind: str) -> Block:
    """An empty block; a table starts with a header row and one row of three columns."""
    return Block(kind, rows=[["", "", ""], ["", "", ""]] if kind == "bang" else [])


def from_form(form: Mapping[str, str]) -> list[Block]:
    """The blocks posted by the form (fields `khoi-<i>-loai`, `khoi-<i>-van_ban` and
    `khoi-<i>-o-<row>-<column>`), in the order of their numbers; unknown kinds are dropped.

    >>> [(b.kind, b.text, b.rows) for b in from_form({"khoi-1-loai": "bang",
    ...     "khoi-1-o-0-0": "STT", "khoi-1-o-1-1": "Thôn Đông", "khoi-0-loai": "doan",
    ...     "khoi-0-van_ban": " Mở đầu. ", "khoi-2-loai": "script"})]
    [('doan', 'Mở đầu.', []), ('bang', '', [['STT', ''], ['', 'Thôn Đông']])]
    """
    kinds: dict[int, str] = {}
    texts: dict[int, str] = {}
    cells: dict[int, dict[tuple[int, int], str]] = {}
    for key, value in form.items():
        if match := _FIELD.fullmatch(key):
            (kinds if match[2] == "loai" else texts)[int(match[1])] = value
        elif match := _CELL.fullmatch(key):
            cells.setdefault(int(match[1]), {})[int(match[2]), int(match[3])] = value.strip()
    blocks = []
    for index in sorted(kinds)[:MAX_BLOCKS]:
        kind = kinds[index]
        if kind == "bang":
            blocks.append(Block(kind, rows=_grid(cells.get(index, {}))))
        elif kind in KINDS:
            blocks.append(Block(kind, " ".join(texts.get(index, "").split())))
    return blocks


def _grid(cells: dict[tuple[int, int], str]) -> list[list[str]]:
    rows = min(MAX_ROWS, 1 + max((r for r, _ in cells), default=1))
    columns = min(MAX_COLUMNS, 1 + max((c for _, c in cells), default=0))
    return [[cells.get((r, c), "") for c in range(columns)] for r in range(rows)]


def from_stored(stored: Any, articles: bool) -> list[Block]:
    """The blocks of a saved form: a list of stored blocks, or the older text markup (kept for
    forms saved before the editor had blocks).

    >>> [(b.kind, b.text) for b in from_stored("Mở đầu.\\n\\n# Nhiệm vụ\\nMột.", False)]
    [('doan', 'Mở đầu.'), ('muc', 'Nhiệm vụ'), ('y', 'Một.')]
    """
    if isinstance(stored, str):
        from engine.web.compose import parts

        return list(from_body(parts(stored), articles))
    blocks = []
    for item in stored if isinstance(stored, list) else []:
        kind = str(item.get("loai", ""))
        if kind == "bang":
            blocks.append(Block(kind, rows=[[str(c) for c in row] for row in item["bang"]]))
        elif kind in KINDS:
            blocks.append(Block(kind, str(item.get("van_ban", ""))))
    return blocks


def from_body(body: Iterable[Any], articles: bool, depth: int = 0) -> Iterable[Block]:
    """Blocks of a body tree as the text markup made it (sections of numbered paragraphs)."""
    for part in body:
        if isinstance(part, str):
            yield Block("y" if articles and depth == 0 else "doan", part)
        elif "bang" in part:
            yield Block("bang", rows=[list(part["bang"]["cot"]), *part["bang"]["dong"]])
        elif "tieu_de" in part:
            yield Block("muc" if depth == 0 else "muc_con", part["tieu_de"])
            yield from from_body(part.get("noi_dung", []), articles, depth + 1)
        else:
            yield Block("y", part.get("van_ban", ""))


def apply(blocks: list[Block], action: str) -> list[Block]:
    """The blocks after one button: `them-<kind>[-<i>]` (add at the end, or after block i),
    `len-<i>`, `xuong-<i>`, `xoa-<i>`, and for tables `them-dong-<i>`, `them-cot-<i>`,
    `xoa-dong-<i>-<row>`, `xoa-cot-<i>-<column>`. An action that makes no sense (an index
    out of range, a limit reached) changes nothing.

    >>> [b.kind for b in apply([Block("doan"), Block("muc")], "len-1")]
    ['muc', 'doan']
    >>> [b.kind for b in apply([Block("doan")], "them-bang-0")], apply([], "xoa-5")
    (['doan', 'bang'], [])
    """
    match = _ACTION.fullmatch(action)
    if match is None:
        return blocks
    verb, first, second = match[1], match[2], match[3]
    index = int(first) if first is not None else None
    if verb.startswith("them-") and verb not in ("them-dong", "them-cot"):
        if len(blocks) < MAX_BLOCKS:
            at = len(blocks) if index is None else min(index + 1, len(blocks))
            blocks.insert(at, new_block(verb[5:]))
        return blocks
    if index is None or not 0 <= index < len(blocks):
        return blocks
    if verb in ("len", "xuong", "xoa"):
        return _moved(blocks, index, verb)
    if blocks[index].kind == "bang":
        _reshape(blocks[index].rows, verb, int(second) if second is not None else None)
    return blocks


def _moved(blocks: list[Block], index: int, verb: str) -> list[Block]:
    block = blocks.pop(index)
    if verb != "xoa":
        target = index - 1 if verb == "len" else index + 1
        blocks.insert(max(0, min(target, len(blocks))), block)
    return blocks


def _reshape(rows: list[list[str]], verb: str, which: int | None) -> None:
    """Add a row or a column to a table, or delete one (a table keeps its header row, a data
    row and one column)."""
    columns = len(rows[0]) if rows else 0
    if verb == "them-dong" and len(rows) < MAX_ROWS:
        rows.append([""] * columns)
    elif verb == "them-cot" and columns < MAX_COLUMNS:
        for row in rows:
            row.append("")
    elif verb == "xoa-dong" and which is not None and 1 <= which < len(rows) and len(rows) > 2:
        del rows[which]
    elif verb == "xoa-cot" and which is not None and 0 <= which < columns and columns > 1:
        for row in rows:
            del row[which]


def checked(blocks: list[Block]) -> list[str]:
    """Put each block's own problems on it; return the problems of the whole body."""
    for block in blocks:
        if block.kind != "bang" and not block.text:
            block.errors.append("Khối này trống: nhập nội dung hoặc xóa khối.")
        elif block.kind == "bang":
            block.errors.extend(_table_problems(block.rows))
    if not any(block.kind != "bang" and block.text for block in blocks):
        return ["Nhập nội dung văn bản: thêm ít nhất một đoạn."]
    return []


def _table_problems(rows: list[list[str]]) -> list[str]:
    problems = []
    if rows and any(not cell for cell in rows[0]):
        problems.append("Mỗi cột của bảng cần tiêu đề (dòng đầu).")
    if not any(any(row) for row in rows[1:]):
        problems.append("Bảng chưa có dòng nào: nhập ít nhất một dòng dưới tiêu đề cột.")
    return problems


def to_body(blocks: list[Block], articles: bool) -> tuple[list[Any], dict[Location, int]]:
    """The body tree of the campaign file, and where each block went in it (a problem the
    campaign loader finds at that place is shown beside the block). In a Quyết định or Nghị
    quyết a paragraph outside any heading is an article (Điều)."""
    body: list[Any] = []
    where: dict[Location, int] = {}
    opened: list[tuple[Location, list[Any]]] = []   # (location, children) of open headings
    for index, block in enumerate(blocks):
        if block.kind == "muc":
            opened = []
        elif block.kind == "muc_con":
            opened = opened[:1]
        parent, children = opened[-1] if opened else ((), body)
        location = (*parent, len(children))
        children.append(_part(block, articles and not opened))
        where[location] = index
        if block.kind in ("muc", "muc_con"):
            opened.append((location, children[-1]["noi_dung"]))
    return body, where


def _part(block: Block, article: bool) -> Any:
    if block.kind in ("muc", "muc_con"):
        return {"tieu_de": block.text, "noi_dung": []}
    if block.kind == "bang":
        return {"bang": {"cot": block.rows[0], "dong": [row for row in block.rows[1:]
                                                        if any(row)]}}
    return {"van_ban": block.text} if block.kind == "y" or article else block.text


def block_at(field_path: str, where: dict[Location, int]) -> int | None:
    """The block a campaign-file problem belongs to, from its field path.

    >>> block_at("van_ban[0].noi_dung[1].noi_dung[0].bang.dong[2]", {(1,): 3, (1, 0): 4})
    4
    >>> block_at("van_ban[0].trich_yeu", {(0,): 0}) is None
    True
    """
    if not field_path.startswith("van_ban[0].noi_dung["):
        return None
    location = tuple(int(n) for n in re.findall(r"noi_dung\[(\d+)\]", field_path))
    while location and location not in where:
        location = location[:-1]
    return where.get(location)
