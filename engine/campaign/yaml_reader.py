"""Read a clerk's YAML file safely: every scalar a string, every node with its line number.

PyYAML's own loaders retype values ("05" -> 5, "no" -> False, "1:30" -> 90) and expand alias
bombs (reliability.md §1.6, C1–C4). Here the file is only *composed* into nodes, then turned
into plain dicts, lists and strings by hand, so nothing is retyped and no Python object is built.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from engine.base.text import forbidden_characters
from engine.errors import Problem

MAX_BYTES = 20_000_000  # a 1,000-document campaign is ~5 MB (reliability.md H6)
# libyaml's parser when PyYAML was built with it (it is ~10x faster), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_NULLS = {"", "~", "null", "Null", "NULL"}

Path_ = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """The data of one YAML file, the line of every path in it, and the problems found."""

    file: str
    data: Any = None
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    labels: dict[Path_, str] = field(default_factory=dict)  # a sheet's names for its paths

    def line(self, path: Path_) -> int | None:
        """Return the line of `path`, or of its nearest ancestor that has one."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path)

    def problem(self, path: Path_, code: str, message: str) -> Problem:
        """Return a Problem located at `path` of this file (named as its sheet names it, for
        data read from a workbook)."""
        label = next((self.labels[path[:n]] for n in range(len(path), 0, -1)
                      if path[:n] in self.labels), None)
        return Problem(self.file, self.line(path), label or dotted(path), code, message)


def dotted(path: Path_) -> str:
    """Return a path as clerks read it: ``van_ban[2].noi_dung[0].tieu_de``.

    >>> dotted(("van_ban", 2, "noi_dung", 0, "tieu_de"))
    'van_ban[2].noi_dung[0].tieu_de'
    """
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def load(path: Path, display: str | None = None, sources: Sources | None = None) -> YamlDocument:
    """Read the YAML file at `path` (from `sources`: the disk by default); problems are
    collected in the result, never raised."""
    doc = YamlDocument(display or str(path))
    try:
        raw = (sources or Sources()).read(path)
    except OSError as exc:
        doc.problems.append(Problem(doc.file, None, "", "file-unreadable",
                                    f"không đọc được tệp ({exc.strerror})"))
        return doc
    if len(raw) > MAX_BYTES:
        doc.problems.append(Problem(doc.file, None, "", "file-too-large",
                                    f"tệp quá lớn ({len(raw)} byte, tối đa {MAX_BYTES})"))
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        doc.problems.append(Problem(doc.file, line, "", "not-utf8",
                                    "tệp không phải UTF-8 (mã cũ TCVN3/VNI/cp1258 hoặc UTF-16?); "
                                    "hãy lưu lại tệp với mã Unicode UTF-8"))
        return doc
    doc.problems.extend(_bad_characters(text, doc.file))
    if doc.problems:
        return doc
    try:
        _refuse_anchors(text, doc)
        if doc.problems:
            return doc
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.reader.ReaderError as exc:  # a character YAML cannot read
        doc.problems.append(Problem(doc.file, None, "", "bad-character",
                                    f"tệp có ký tự không đọc được ({exc.reason})"))
        return doc
    except yaml.MarkedYAMLError as exc:
        doc.problems.append(_syntax_problem(exc, doc.file))
        return doc
    doc.data = _to_plain(node, (), doc) if node is not None else None
    return doc


# What PyYAML says, and what a clerk should read instead (its words stay in parentheses).
_SYNTAX = (
    ("mapping values are not allowed", "có dấu «:» trong giá trị (ở giữa hoặc ở cuối); đặt "
     "cả giá trị trong ngoặc kép, ví dụ trich_yeu: \"V/v: …\", hoặc viết nó sau «>-» ở dòng "
     "dưới"),
    ("tab character", "có ký tự Tab trong phần thụt lề; thụt lề bằng dấu cách"),
    ("cannot start any token", "có ký tự Tab hoặc ký tự đặc biệt ở đầu giá trị; thụt lề bằng "
     "dấu cách, đặt giá trị bắt đầu bằng «@», «`», «%» trong ngoặc kép"),
    ("could not find expected ':'", "thiếu dấu «:» sau tên trường, hoặc một dòng của giá trị "
     "dài bị thụt lề sai"),
    ("expected <block end>", "thụt lề không đều: các trường cùng cấp phải thẳng hàng"),
    ("did not find expected key", "thụt lề sai, hoặc thiếu «- » ở đầu một mục của danh sách"),
    ("did not find expected '-' indicator", "mục của danh sách phải bắt đầu bằng «- »"),
    ("found unexpected end of stream", "ngoặc kép hoặc ngoặc vuông chưa đóng"),
    ("found unknown escape character", "ký tự «\\» trong ngoặc kép: viết «\\\\» hoặc dùng "
     "ngoặc đơn"),
)


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str) -> Problem:
    """A YAML syntax error in words a clerk reads, with its line and column."""
    mark = exc.problem_mark or exc.context_mark
    said = str(exc.problem or exc.context)
    plain = next((vi for en, vi in _SYNTAX if en in said), "lỗi cú pháp YAML")
    column = f"cột {mark.column + 1}: " if mark is not None else ""
    return Problem(file, mark.line + 1 if mark is not None else None, "", "yaml-syntax",
                   f"{column}{plain} ({said})")


def _bad_characters(text: str, file: str) -> list[Problem]:
    """Every character a clerk's file may not hold, with its line, column and Unicode name."""
    return [Problem(file, line, "", "bad-character",
                    f"cột {column}: ký tự {what} không được phép trong tệp (ký tự điều khiển, "
                    "ngắt dòng đặc biệt hoặc đảo chiều văn bản); xóa ký tự này")
            for line, column, what in forbidden_characters(text)]


class Sources:
    """Where campaign and profile files are read from: the disk, remembering every file read
    (`read_files`: what a content snapshot stores), or a stored snapshot (`stored`) with the
    same paths, so that a campaign loads exactly as it did when it was stored."""

    def __init__(self, stored: dict[str, bytes] | None = None) -> None:
        self.stored = stored
        self.read_files: dict[str, bytes] = {}

    @staticmethod
    def key(path: Path) -> str:
        return os.path.normpath(os.path.abspath(path))

    def read(self, path: Path) -> bytes:
        """Return the file's bytes; OSError if there is no such file."""
        key = self.key(path)
        if key in self.read_files:  # read once: what was validated is what was hashed
            return self.read_files[key]
        if self.stored is not None:
            if key not in self.stored:
                raise FileNotFoundError(2, "không có trong bản lưu", str(path))
            data = self.stored[key]
        else:
            data = path.read_bytes()
        self.read_files[key] = data
        return data

    def exists(self, path: Path) -> bool:
        if self.stored is not None:
            return self.key(path) in self.stored
        return path.is_file()


def _refuse_anchors(text: str, doc: YamlDocument) -> None:
    """Record a problem for every anchor or alias: clerk files never need them (alias bombs)."""
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            doc.problems.append(Problem(doc.file, mark.line + 1 if mark else None, "", "yaml-alias",
                                        "không dùng neo/bí danh YAML (& và *)"))


def _to_plain(node: yaml.Node, path: Path_, doc: YamlDocument) -> Any:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if node.tag not in _STANDARD_TAGS:
        doc.problems.append(doc.problem(path, "yaml-tag", f"thẻ YAML không được phép: {node.tag}"))
        return None
    if isinstance(node, yaml.ScalarNode):
        # A plain (unquoted) empty or ~ value: libyaml marks plain style "", PyYAML None.
        if not node.style and node.tag.endswith(":null") and node.value in _NULLS:
            return None
        return str(node.value)
    if isinstance(node, yaml.SequenceNode):
        return [_to_plain(item, (*path, i), doc) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        child = (*path, key)
        if key in result:
            doc.problems.append(Problem(doc.file, key_node.start_mark.line + 1, dotted(child),
                                        "duplicate-key", "khóa bị lặp lại trong cùng một mục"))
            continue
        doc.lines[child] = key_node.start_mark.line + 1
        result[key] = _to_plain(value_node, child, doc)
    return result
