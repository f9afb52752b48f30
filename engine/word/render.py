"""Render DOCX templates: the only module that imports docxtpl.

docxtpl's defaults are unsafe for official text (reliability.md §1.2): no autoescape, no sandbox,
missing fields printed as blanks, and "{_{" in values rewritten to "{{". Rendering here always
uses a sandboxed environment with autoescape and StrictUndefined, and values are finalised so
that docxtpl's post-render rewriting cannot change them.

`CompiledTemplate` does once, per template, what docxtpl redoes for every document (load the
package, patch the XML, compile the Jinja template, serialise the parts that do not change):
a document then costs one Jinja render, one parse and one zip (performance.md). Its output is
the same, part for part, as docxtpl's own `render()` + `save()` (bench/naive_docxtpl.py does
that, for the equivalence test and the benchmark).
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import parse_xml, serialize_part_xml
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, UndefinedError
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from engine.base.files import file_hash
from engine.errors import TemplateError
from engine.word.archive import check_template, write_zip
from engine.word.flow import finish
from engine.word.sandbox import MAX_OUTPUT, DocumentSandbox, budgeted, forbidden_tags
from engine.word.tables import with_tables, xml_text

_DOCUMENT = "word/document.xml"
_CORE = "docProps/core.xml"


def _finalize(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(xml_text(value))
    return value


def sandboxed_environment() -> SandboxedEnvironment:
    """Return a new sandboxed, autoescaping, strict Jinja environment (one per template:
    docxtpl sets `autoescape` on the environment it is given), bounded (engine/word/sandbox)."""
    return DocumentSandbox(autoescape=True, undefined=StrictUndefined, finalize=_finalize)


@contextmanager
def template_errors(name: str) -> Iterator[None]:
    """Turn Jinja's errors into TemplateError naming the template (and the field, if any)."""
    try:
        yield
    except UndefinedError as exc:
        raise TemplateError(name, f"mẫu dùng trường không có dữ liệu ({exc.message})") from None
    except SecurityError as exc:
        raise TemplateError(name, f"mẫu dùng biểu thức bị cấm ({exc})") from None
    except JinjaTemplateError as exc:
        where = " / ".join(s.strip() for s in getattr(exc, "docx_context", []) if s.strip())
        raise TemplateError(name, f"lỗi cú pháp thẻ mẫu: {exc} [{where[:200]}]") from None
    except (TemplateError, MemoryError):  # out of memory: the worker's limit says how much
        raise
    except Exception as exc:  # the template's own expression failed ({{ 1/0 }}): its fault
        raise TemplateError(name, f"biểu thức trong mẫu gây lỗi ({type(exc).__name__}: "
                                  f"{str(exc)[:200]})") from None


class CompiledTemplate:
    """A DOCX template prepared once; `render` turns a context into DOCX bytes."""

    def __init__(self, path: Path) -> None:
        check_template(path)
        self.name = path.name
        self.digest = file_hash(path)
        self._tpl = DocxTemplate(str(path))
        self._tpl.init_docx()
        docx = self._tpl.docx
        env = sandboxed_environment()
        with template_errors(self.name):
            source = self._source(self._tpl.get_xml())
            tags = forbidden_tags(env, source)
            if tags:
                raise TemplateError(self.name, "mẫu không được dùng thẻ "
                                    + ", ".join(f"{{% {tag} %}}" for tag in tags)
                                    + " (mẫu chỉ dùng dữ liệu của văn bản)")
            self._body = env.from_string(source)
            self._headers = {
                f"word/{part.partname.split('/')[-1]}": env.from_string(self._source(
                    self._tpl.get_part_xml(part)))
                for _, part in self._tpl.get_headers_footers(self._tpl.HEADER_URI)}
        root = docx.element
        self._skeleton = copy.deepcopy(root)
        self._skeleton.remove(self._skeleton.body)
        self._core = copy.deepcopy(docx.core_properties._element)
        buffer = io.BytesIO()
        docx.save(buffer)  # python-docx's own serialisation of the parts that do not change
        with zipfile.ZipFile(buffer) as archive:
            self._static = {n: archive.read(n) for n in archive.namelist()
                            if n not in (_DOCUMENT, _CORE, *self._headers)}
        self._static_names = frozenset(self._static)

    def _source(self, xml: str) -> str:
        # As docxtpl's render_xml_part: patch the tags, one paragraph per line for {%p %}.
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", self._tpl.patch_xml(xml))

    def _after(self, rendered: str) -> str:
        # docxtpl's post-render steps, in its order (render_xml_part).
        rendered = re.sub(r"\n<w:p([ >])", r"<w:p\1", rendered)
        rendered = (rendered.replace("{_{", "{{").replace("}_}", "}}")
                    .replace("{_%", "{%").replace("%_}", "%}"))
        if any(char in rendered for char in "\t\n\a\f"):  # else resolve_listing is a no-op
            rendered = self._tpl.resolve_listing(rendered)
        return rendered

    def render(self, context: Mapping[str, Any], *, title: str = "",
               media: Mapping[str, bytes] | None = None) -> bytes:
        """Return the DOCX of `context`, with `media` replacing pictures the template holds
        (a Giấy khen's Quốc huy); raise TemplateError if the template cannot use them."""
        unknown = sorted(set(media or {}) - self._static_names)
        if unknown:
            raise TemplateError(self.name, f"mẫu không có ảnh {', '.join(unknown)}")
        data = with_tables(context)
        with template_errors(self.name), budgeted():
            body_xml = self._after(self._body.render(data))
            headers = {name: self._after(t.render(data)) for name, t in self._headers.items()}
        if len(body_xml) > MAX_OUTPUT:
            raise TemplateError(self.name, f"mẫu tạo ra văn bản quá lớn ({len(body_xml)} ký tự)")
        self._tpl.docx_ids_index = 1000
        body = self._tpl.fix_tables(body_xml)
        self._tpl.fix_docpr_ids(body)
        finish(body)
        root = copy.deepcopy(self._skeleton)
        root.append(body)
        parts = {**self._static, **(media or {})}
        parts[_DOCUMENT] = serialize_part_xml(root)
        for name, xml in headers.items():
            parts[name] = serialize_part_xml(parse_xml(xml))
        parts[_CORE] = self._core_xml(title)
        return write_zip(parts, self._static_names)

    def _core_xml(self, title: str) -> bytes:
        element = copy.deepcopy(self._core)
        props = CoreProperties(element)
        for name in ("author", "comments", "identifier", "language", "subject", "title"):
            setattr(props, name, getattr(props, name))  # as docxtpl's render_properties does
        props.title, props.author, props.comments = core_title(title), "vanban", ""
        return bytes(serialize_part_xml(element))


TITLE_LIMIT = 255  # what the core properties' title holds (python-docx refuses a longer one)


def core_title(title: str) -> str:
    """The file's title property: the trích yếu, cut at a word with "…" when longer than the
    property holds (the document itself prints it whole; the schema allows 500 characters).

    >>> core_title("Về việc báo cáo"), len(core_title("nhiệm vụ " * 60)) <= TITLE_LIMIT
    ('Về việc báo cáo', True)
    >>> core_title("nhiệm vụ " * 60)[-3:]
    'vụ…'
    """
    if len(title) <= TITLE_LIMIT:
        return title
    return title[:TITLE_LIMIT - 1].rsplit(" ", 1)[0] + "…"


_COMPILED: dict[tuple[str, str], CompiledTemplate] = {}


def compiled(path: Path) -> CompiledTemplate:
    """Return the compiled template for `path`, reused while the file's content is unchanged."""
    key = (str(path.resolve()), file_hash(path))
    if key not in _COMPILED:
        _COMPILED[key] = CompiledTemplate(path)
    return _COMPILED[key]


def render_docx(template: Path, context: Mapping[str, Any], *, title: str = "",
                media: Mapping[str, bytes] | None = None) -> bytes:
    """Render `template` with `context` (and `media`, pictures replacing the template's) and
    return the DOCX bytes; raise TemplateError."""
    return compiled(template).render(context, title=title, media=media)
