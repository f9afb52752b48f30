"""Read back what a DOCX really prints: text, and each paragraph's effective formatting.

Formatting in WordprocessingML is inherited (run -> paragraph style -> its base styles -> document
defaults); a check against Decree 30 must look at the resolved values, not at one layer.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_MM = 56.6929


@dataclass(frozen=True)
class Paragraph:
    """A paragraph's text and resolved formatting (sizes in points, lengths in twips)."""

    text: str
    style: str
    size: float
    bold: bool
    italic: bool
    font: str
    align: str
    first_line: int
    before: int
    after: int
    line: int
    line_rule: str
    border_top: bool
    in_table: bool
    page_field: bool = False
    left: int = 0
    right: int = 0
    cell_width: int = 0


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
    """A DOCX opened for reading: its body paragraphs, headers and page set-up."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        self.document = etree.fromstring(self.parts["word/document.xml"], parser)
        styles = self.parts.get("word/styles.xml")
        self._styles = etree.fromstring(styles, parser) if styles else None
        self._parser = parser

    def paragraphs(self) -> list[Paragraph]:
        """Return every paragraph of the body in reading order, table cells included."""
        return [self._paragraph(p) for p in self.document.iter(f"{W}p")]

    def text(self) -> str:
        """Return the body's text, one paragraph a line."""
        return "\n".join(p.text for p in self.paragraphs())

    def page(self) -> Page:
        """Return the page set-up of the final section."""
        sect = self.document.find(f"{W}body/{W}sectPr")
        size, margin = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")

        def mm(node: Any, key: str) -> float:
            return round(int(node.get(f"{W}{key}")) / TWIPS_PER_MM, 1)

        return Page(mm(size, "w"), mm(size, "h"), mm(margin, "top"), mm(margin, "bottom"),
                    mm(margin, "left"), mm(margin, "right"),
                    sect.find(f"{W}titlePg") is not None)

    def header(self, kind: str) -> list[Paragraph]:
        """Return the paragraphs of the final section's header of `kind` (default, first)."""
        sect = self.document.find(f"{W}body/{W}sectPr")
        ref = next((r for r in sect.iter(f"{W}headerReference") if r.get(f"{W}type") == kind),
                   None)
        if ref is None:
            return []
        rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        rels = etree.fromstring(self.parts["word/_rels/document.xml.rels"], self._parser)
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        root = etree.fromstring(self.parts[f"word/{target}"], self._parser)
        return [self._paragraph(p) for p in root.iter(f"{W}p")]

    def _paragraph(self, p: Any) -> Paragraph:
        ppr = p.find(f"{W}pPr")
        style = ppr.find(f"{W}pStyle").get(f"{W}val") if ppr is not None and \
            ppr.find(f"{W}pStyle") is not None else "Normal"
        layers = [ppr] + self._style_chain(style) if ppr is not None else self._style_chain(style)
        runs = [r for r in p.iter(f"{W}r") if r.find(f"{W}t") is not None]
        run_props = runs[0].find(f"{W}rPr") if runs else None
        rlayers = ([run_props] if run_props is not None else []) + [
            layer.getparent().find(f"{W}rPr") if layer.tag == f"{W}pPr" else
            layer.find(f"{W}rPr") for layer in self._style_chain(style)] + [self._default("rPr")]
        players = layers + [self._default("pPr")]
        spacing = _first(players, "spacing", "line")
        indent = _first(players, "ind")
        size = _first(rlayers, "sz")
        fonts = _first(rlayers, "rFonts")
        instr = "".join(t.text or "" for t in p.iter(f"{W}instrText"))
        return Paragraph(
            text="".join(t.text or "" for t in p.iter(f"{W}t")),
            style=style,
            size=int(size.get(f"{W}val")) / 2 if size is not None else 10.0,
            bold=_flag(rlayers, "b"), italic=_flag(rlayers, "i"),
            font=fonts.get(f"{W}ascii", "") if fonts is not None else "",
            align=_val(_first(players, "jc"), "left"),
            first_line=_int(indent, "firstLine"),
            before=_int(_first(players, "spacing", "before"), "before"),
            after=_int(_first(players, "spacing", "after"), "after"),
            line=_int(spacing, "line", 240), line_rule=_attr(spacing, "lineRule", "auto"),
            border_top=_first(players, "pBdr") is not None,
            in_table=any(a.tag == f"{W}tc" for a in p.iterancestors()),
            page_field="PAGE" in instr.split(),
            left=_int(_first(players, "ind", "left"), "left"),
            right=_int(_first(players, "ind", "right"), "right"),
            cell_width=_cell_width(p),
        )

    def _style_chain(self, style_id: str) -> list[Any]:
        chain: list[Any] = []
        while style_id and self._styles is not None:
            node = next((s for s in self._styles.iter(f"{W}style")
                         if s.get(f"{W}styleId") == style_id), None)
            if node is None:
                break
            ppr = node.find(f"{W}pPr")
            chain.append(ppr if ppr is not None else node)
            based = node.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else ""
        return chain

    def _default(self, kind: str) -> Any:
        if self._styles is None:
            return None
        return self._styles.find(f"{W}docDefaults/{W}{kind}Default/{W}{kind}")


def _cell_width(p: Any) -> int:
    cell = next((a for a in p.iterancestors() if a.tag == f"{W}tc"), None)
    width = None if cell is None else cell.find(f"{W}tcPr/{W}tcW")
    return 0 if width is None else int(width.get(f"{W}w"))


def _first(layers: list[Any], tag: str, attribute: str | None = None) -> Any:
    for layer in layers:
        if layer is None:
            continue
        node = layer.find(f"{W}{tag}")
        if node is not None and (attribute is None or node.get(f"{W}{attribute}") is not None):
            return node
    return None


def _flag(layers: list[Any], tag: str) -> bool:
    node = _first(layers, tag)
    return node is not None and node.get(f"{W}val") not in ("0", "false")


def _val(node: Any, default: str) -> str:
    return default if node is None else str(node.get(f"{W}val"))


def _attr(node: Any, key: str, default: str) -> str:
    return default if node is None else str(node.get(f"{W}{key}", default))


def _int(node: Any, key: str, default: int = 0) -> int:
    return default if node is None or node.get(f"{W}{key}") is None else int(node.get(f"{W}{key}"))
