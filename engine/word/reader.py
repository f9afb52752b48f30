"""Read back what a DOCX really prints: text, and each paragraph's effective formatting.

Formatting in WordprocessingML is inherited (run -> paragraph style -> its base styles -> document
defaults, fonts possibly named through the theme); a check against Decree 30 must look at the
resolved values, not at one layer. Works on any DOCX, not only vanban's.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

from engine.decree.breaks import plain

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
TWIPS_PER_MM = 56.6929
_DRAWN = ("drawing", "pict")
_NO_BREAK_HYPHEN = f"{W}noBreakHyphen"
# The parser every part a stranger sends is read with: no entities resolved, no network.
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class Run:
    """A run of text with its resolved font, size (pt) and emphasis."""

    text: str
    font: str
    size: float
    bold: bool
    italic: bool
    underline: bool


@dataclass(frozen=True)
class Paragraph:
    """A paragraph's text and resolved formatting (sizes in points, lengths in twips)."""

    index: int
    text: str
    style: str
    runs: tuple[Run, ...]
    align: str
    first_line: int
    left: int
    right: int
    before: int
    after: int
    line: int
    line_rule: str
    border_top: bool
    border_bottom: bool
    drawing: bool
    cell: tuple[int, int, int] | None  # (table, row, column) of the outermost table
    cell_width: int = 0
    page_field: bool = False

    def _texty(self) -> list[Run]:
        return [run for run in self.runs if run.text.strip()] or list(self.runs[:1])

    @property
    def size(self) -> float:
        """The size of the first visible run."""
        runs = self._texty()
        return runs[0].size if runs else 0.0

    @property
    def sizes(self) -> set[float]:
        return {run.size for run in self._texty()}

    @property
    def bold(self) -> bool:
        """Whether every visible run is bold."""
        runs = self._texty()
        return bool(runs) and all(run.bold for run in runs)

    @property
    def italic(self) -> bool:
        runs = self._texty()
        return bool(runs) and all(run.italic for run in runs)

    @property
    def font(self) -> str:
        runs = self._texty()
        return runs[0].font if runs else ""

    @property
    def in_table(self) -> bool:
        return self.cell is not None

    @property
    def short(self) -> str:
        """The text shortened for a report."""
        text = " ".join(self.text.split())
        return text if len(text) <= 60 else f"{text[:57]}…"


@dataclass(frozen=True)
class Page:
    """Page size and margins of the document's last section, in millimetres."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float
    title_page: bool


class Docx:
    """A DOCX opened for reading: its body paragraphs, headers, footers and page set-up."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}
        self.document = etree.fromstring(self.parts["word/document.xml"], SAFE_PARSER)
        if self.document.find(f"{W}body") is None:
            raise ValueError("word/document.xml không có phần thân (w:body)")
        styles = self.parts.get("word/styles.xml")
        self._styles = etree.fromstring(styles, SAFE_PARSER) if styles is not None else None
        self._style_nodes = {} if self._styles is None else {
            s.get(f"{W}styleId"): s for s in self._styles.iter(f"{W}style")}
        self._theme = self._theme_fonts()
        self._defaults: dict[str, Any] = {}

    def paragraphs(self) -> list[Paragraph]:
        """Return every paragraph of the body in reading order, table cells included."""
        body = self.document.find(f"{W}body")
        tables = _top_tables(body)
        return [self._paragraph(p, i, tables) for i, p in enumerate(body.iter(f"{W}p"))]

    def text(self) -> str:
        """Return the body's text, one paragraph a line."""
        return "\n".join(p.text for p in self.paragraphs())

    def page(self) -> Page:
        """Return the page set-up of the final section."""
        sect = self.document.find(f"{W}body/{W}sectPr")
        size = sect.find(f"{W}pgSz") if sect is not None else None
        margin = sect.find(f"{W}pgMar") if sect is not None else None

        def mm(node: Any, key: str, default: int) -> float:
            value = default if node is None else int(node.get(f"{W}{key}", default))
            return round(value / TWIPS_PER_MM, 1)

        # Word's defaults when a value is absent: US Letter, 1 inch margins.
        return Page(mm(size, "w", 12240), mm(size, "h", 15840), mm(margin, "top", 1440),
                    mm(margin, "bottom", 1440), mm(margin, "left", 1440),
                    mm(margin, "right", 1440),
                    sect is not None and _on(sect.find(f"{W}titlePg")))

    def headers(self, kind: str, what: str = "header") -> list[Paragraph]:
        """Return the paragraphs of the final section's header (or footer) of `kind`."""
        sect = self.document.find(f"{W}body/{W}sectPr")
        refs = [] if sect is None else list(sect.iter(f"{W}{what}Reference"))
        ref = next((r for r in refs if r.get(f"{W}type", "default") == kind), None)
        if ref is None:
            return []
        rels = etree.fromstring(self.parts["word/_rels/document.xml.rels"], SAFE_PARSER)
        target = next((r.get("Target") for r in rels if r.get("Id") == ref.get(R_ID)), None)
        part = self.parts.get(f"word/{target}") if target else None
        if part is None:
            return []
        root = etree.fromstring(part, SAFE_PARSER)
        tables = _top_tables(root)
        return [self._paragraph(p, i, tables) for i, p in enumerate(root.iter(f"{W}p"))]

    def page_count(self) -> int | None:
        """Return the page count the last editor saved in docProps/app.xml, if any."""
        app = self.parts.get("docProps/app.xml")
        match = re.search(rb"<(?:\w+:)?Pages>(\d+)<", app or b"")
        return int(match.group(1)) if match else None

    def _paragraph(self, p: Any, index: int, tables: dict[Any, int]) -> Paragraph:
        ppr = p.find(f"{W}pPr")
        style_node = ppr.find(f"{W}pStyle") if ppr is not None else None
        style = style_node.get(f"{W}val") if style_node is not None else self._default_style()
        chain = self._chain(style)
        players = [ppr, *[s.find(f"{W}pPr") for s in chain], self._default("pPr")]
        spacing = _first(players, "spacing", "line")
        indent = _first(players, "ind")
        return Paragraph(
            index=index,
            text=printed_text(p),
            style=style or "",
            runs=tuple(self._run(r, chain) for r in p.iter(f"{W}r")
                       if r.find(f"{W}t") is not None),
            align=_val(_first(players, "jc"), "left").replace("start", "left"),
            first_line=_int(indent, "firstLine") - _int(indent, "hanging"),
            left=_int(_first(players, "ind", "left"), "left")
            or _int(_first(players, "ind", "start"), "start"),
            right=_int(_first(players, "ind", "right"), "right")
            or _int(_first(players, "ind", "end"), "end"),
            before=_int(_first(players, "spacing", "before"), "before"),
            after=_int(_first(players, "spacing", "after"), "after"),
            line=_int(spacing, "line", 240), line_rule=_attr(spacing, "lineRule", "auto"),
            border_top=_border(players, "top"), border_bottom=_border(players, "bottom"),
            drawing=next(p.iter(*(f"{W}{tag}" for tag in _DRAWN)), None) is not None,
            cell=_cell(p, tables), cell_width=_cell_width(p),
            page_field=_has_page_field(p),
        )

    def _run(self, r: Any, chain: list[Any]) -> Run:
        rpr = r.find(f"{W}rPr")
        layers = [rpr, *self._run_style(rpr), *[s.find(f"{W}rPr") for s in chain],
                  self._default("rPr")]
        size = _first(layers, "sz")
        return Run(text=printed_text(r), font=self._font(layers),
                   size=int(size.get(f"{W}val")) / 2 if size is not None else 10.0,
                   bold=_flag(layers, "b"), italic=_flag(layers, "i"),
                   underline=_val(_first(layers, "u"), "none") != "none")

    def _font(self, layers: list[Any]) -> str:
        """Return the Latin font: the first layer naming one, directly or through the theme."""
        for layer in layers:
            fonts = None if layer is None else layer.find(f"{W}rFonts")
            if fonts is None:
                continue
            if fonts.get(f"{W}ascii"):
                return str(fonts.get(f"{W}ascii"))
            theme = str(fonts.get(f"{W}asciiTheme", ""))
            if theme:
                return self._theme.get(theme[:5], "")  # "minorHAnsi" -> the minor font
        return ""

    def _run_style(self, rpr: Any) -> list[Any]:
        ref = rpr.find(f"{W}rStyle") if rpr is not None else None
        chain = self._chain(ref.get(f"{W}val")) if ref is not None else []
        return [s.find(f"{W}rPr") for s in chain]

    def _chain(self, style_id: str | None) -> list[Any]:
        chain: list[Any] = []
        while style_id and style_id in self._style_nodes and len(chain) < 20:
            node = self._style_nodes[style_id]
            chain.append(node)
            based = node.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return chain

    def _default_style(self) -> str | None:
        if "style" not in self._defaults:  # looked up once: asked for per paragraph
            self._defaults["style"] = next(
                (sid for sid, s in self._style_nodes.items()
                 if s.get(f"{W}type") == "paragraph" and _on(s, "default")), None)
        return self._defaults["style"]  # type: ignore[no-any-return]

    def _default(self, kind: str) -> Any:
        if self._styles is None:
            return None
        if kind not in self._defaults:
            self._defaults[kind] = self._styles.find(
                f"{W}docDefaults/{W}{kind}Default/{W}{kind}")
        return self._defaults[kind]

    def _theme_fonts(self) -> dict[str, str]:
        theme = next((v for k, v in self.parts.items() if k.startswith("word/theme/")), None)
        if theme is None:
            return {}
        root = etree.fromstring(theme, SAFE_PARSER)
        fonts = {}
        for kind in ("major", "minor"):
            latin = root.find(f".//{A}{kind}Font/{A}latin")
            if latin is not None:
                fonts[kind] = str(latin.get("typeface"))
        return fonts


def printed_text(node: Any) -> str:
    """Return the text of a paragraph or run as it prints: Word's non-breaking hyphen
    (`w:noBreakHyphen`, U+2011) as "-", a no-break space as a space.

    >>> printed_text(etree.fromstring(f'<w:r xmlns:w="{W[1:-1]}"><w:t>NĐ</w:t>'
    ...     '<w:noBreakHyphen/><w:t>CP H\u00e0\u00a0Tu</w:t></w:r>'))
    'NĐ-CP Hà Tu'
    """
    text = "".join("-" if child.tag == _NO_BREAK_HYPHEN else child.text or ""
                   for child in node.iter(f"{W}t", _NO_BREAK_HYPHEN))
    return plain(text)


def is_nfc(text: str) -> bool:
    """Return whether `text` is in Unicode NFC (TCVN 6909:2001 text as stored by vanban)."""
    return unicodedata.is_normalized("NFC", text)


def _top_tables(root: Any) -> dict[Any, int]:
    """The part's own tables (not nested ones), numbered once: a cell's table is looked up,
    never searched (20,000 tables would cost a scan of all of them per paragraph)."""
    return {t: i for i, t in enumerate(
        t for t in root.iter(f"{W}tbl")
        if not any(a.tag == f"{W}tbl" for a in t.iterancestors()))}


def _cell(p: Any, tables: dict[Any, int]) -> tuple[int, int, int] | None:
    """(table, row, column) of the body table cell holding `p`, its outermost one."""
    cells = [a for a in p.iterancestors() if a.tag == f"{W}tc"]
    if not cells:
        return None
    cell = cells[-1]
    row = cell.getparent()
    table = row.getparent()
    columns = [c for c in row if c.tag == f"{W}tc"]
    return tables[table], table.index(row), columns.index(cell)


def _cell_width(p: Any) -> int:
    cell = next((a for a in p.iterancestors() if a.tag == f"{W}tc"), None)
    width = None if cell is None else cell.find(f"{W}tcPr/{W}tcW")
    return 0 if width is None or width.get(f"{W}type") not in (None, "dxa") else int(
        width.get(f"{W}w"))


def _has_page_field(p: Any) -> bool:
    instructions = "".join(t.text or "" for t in p.iter(f"{W}instrText"))
    instructions += " ".join(str(f.get(f"{W}instr", "")) for f in p.iter(f"{W}fldSimple"))
    return "PAGE" in instructions.upper().split()


def _first(layers: list[Any], tag: str, attribute: str | None = None) -> Any:
    for layer in layers:
        if layer is None:
            continue
        node = layer.find(f"{W}{tag}")
        if node is not None and (attribute is None or node.get(f"{W}{attribute}") is not None):
            return node
    return None


def _on(node: Any, attribute: str = "val") -> bool:
    return node is not None and node.get(f"{W}{attribute}", "1") not in ("0", "false", "off")


def _flag(layers: list[Any], tag: str) -> bool:
    return _on(_first(layers, tag))


def _border(layers: list[Any], side: str) -> bool:
    node = _first(layers, "pBdr")
    edge = None if node is None else node.find(f"{W}{side}")
    return edge is not None and edge.get(f"{W}val") not in ("nil", "none")


def _val(node: Any, default: str) -> str:
    return default if node is None else str(node.get(f"{W}val", default))


def _attr(node: Any, key: str, default: str) -> str:
    return default if node is None else str(node.get(f"{W}{key}", default))


def _int(node: Any, key: str, default: int = 0) -> int:
    """An integer attribute (twips, half-points); ValueError for one no Word writes ("1e999",
    "nan"), which the caller reports as a broken document."""
    if node is None or node.get(f"{W}{key}") is None:
        return default
    value = float(node.get(f"{W}{key}"))
    if not math.isfinite(value) or abs(value) > 10**9:
        raise ValueError(f"giá trị «{node.get(f'{W}{key}')}» của thuộc tính {key} không hợp lệ")
    return int(value)
