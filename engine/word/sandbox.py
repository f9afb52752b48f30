"""The Jinja sandbox templates run in: a template is data (an administrator may upload one), so
besides Jinja's own sandbox (no private attributes, no unsafe calls) it may not include or
import other templates, format strings (`'{0:>999999999}'.format(1)` asks for a gigabyte) or use
a filter whose argument sizes its result (`center`, `indent`, `wordwrap`, `format`), grow
a string or a list beyond a bound with `*`, raise a number to a huge power, or loop more than
100,000 times in one render (nested `range(100000)`), or print more than MAX_OUTPUT.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

LOOP_BUDGET = 100_000       # range() items per render (documents loop over their data)
MAX_REPEAT = 100_000        # characters or items a `*` may make
MAX_EXPONENT = 1_000
MAX_OUTPUT = 50_000_000     # characters of rendered XML: far beyond any document
# Filters whose argument sets the size of their result ('%999999999d'|format, 'a'|center(10**9)):
# not offered (a template using one fails to compile, with its name).
UNBOUNDED_FILTERS = ("format", "center", "indent", "wordwrap")
_BUDGET: ContextVar[list[int] | None] = ContextVar("vanban_loop_budget", default=None)
_FORBIDDEN_NODES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


def _range(*args: int) -> range:
    """range() charged to the render's budget."""
    found = range(*args)
    budget = _BUDGET.get()
    if budget is not None:
        budget[0] -= len(found)
        if budget[0] < 0:
            raise SecurityError(f"vòng lặp quá lớn (quá {LOOP_BUDGET} lượt trong một văn bản)")
    return found


class DocumentSandbox(SandboxedEnvironment):
    """A SandboxedEnvironment bounded for documents (module docstring)."""

    intercepted_binops = frozenset(["*", "**", "%"])

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _range
        for name in UNBOUNDED_FILTERS:  # each allocates what its argument asks
            self.filters.pop(name, None)

    def wrap_str_format(self, value: Any) -> Any:
        """str.format and str.format_map: refused (Jinja would run them, sandboxed but
        unbounded: a width of 999999999 is a gigabyte)."""
        if super().wrap_str_format(value) is None:
            return None

        def refused(*args: Any, **kwargs: Any) -> Any:
            raise SecurityError("mẫu không được dùng format/format_map; dùng dữ liệu có sẵn")

        return refused

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
            raise SecurityError("lũy thừa quá lớn")
        if operator == "%" and isinstance(left, str):  # '%999999999d' % 1: printf formatting
            raise SecurityError("mẫu không được định dạng chuỗi bằng «%»")
        if operator == "*" and _repeats(left, right) > MAX_REPEAT:
            raise SecurityError(f"phép nhân tạo chuỗi hoặc danh sách quá {MAX_REPEAT} phần tử")
        return super().call_binop(context, operator, left, right)


def _repeats(left: Any, right: Any) -> int:
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, str | list | tuple) and isinstance(count, int):
            return len(sequence) * count
    return 0


def forbidden_tags(environment: SandboxedEnvironment, source: str) -> list[str]:
    """The tags of `source` that reach other templates ({% include %}, {% import %} …)."""
    tree = environment.parse(source)
    return sorted({type(node).__name__.lower() for node in tree.find_all(_FORBIDDEN_NODES)})


@contextmanager
def budgeted() -> Iterator[None]:
    """Give the renders inside a fresh loop budget."""
    token = _BUDGET.set([LOOP_BUDGET])
    try:
        yield
    finally:
        _BUDGET.reset(token)
