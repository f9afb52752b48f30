"""The shape of the code: imports only go down the layers, no cycles, one error family, short
functions, no `assert` for runtime checks, no test seams in production code.

Each test reads the source with `ast` (nothing is imported), so a violation is reported with its
file and line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "engine"
# From the bottom up; a package imports from its own package and from lower layers only.
# Packages on one line are siblings: they may not import each other.
LAYERS: list[tuple[str, ...]] = [
    ("errors",),
    ("base",),
    ("decree", "db"),
    ("campaign",),
    ("document", "word"),
    ("pdf",),
    ("check", "output", "accounts", "esign"),
    ("workflow",),
    ("awards",),
    ("jobs",),
    ("web",),
    ("cli",),
]
LEVEL = {name: i for i, names in enumerate(LAYERS) for name in names}
MAX_FUNCTION_LINES = 40


def _modules() -> list[Path]:
    return sorted(p for p in ENGINE.rglob("*.py") if "migrations" not in p.parts
                  and p.name != "uno_worker.py")  # run by LibreOffice's own Python


def _package(path: Path) -> str:
    """The top-level sub-package of engine/ that `path` belongs to ("" for engine/*.py)."""
    parts = path.relative_to(ENGINE).parts
    return parts[0].removesuffix(".py") if len(parts) > 1 or parts[0] != "__init__.py" else ""


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (line, dotted module) for every engine import in `path`, nested ones included."""
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "engine":
                for alias in node.names:
                    yield node.lineno, f"engine.{alias.name}"
            elif node.module.startswith("engine."):
                yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("engine."):
                    yield node.lineno, alias.name


def _target_package(module: str) -> str:
    return module.split(".")[1]


def test_every_package_has_a_layer() -> None:
    packages = {_package(p) for p in _modules()} - {"", "__main__"}
    assert packages <= set(LEVEL), f"packages without a layer: {packages - set(LEVEL)}"


def test_imports_only_go_down() -> None:
    wrong = []
    for path in _modules():
        own = _package(path)
        if own in ("", "__main__"):
            continue
        for line, module in _imports(path):
            target = _target_package(module)
            if target == own:
                continue
            if target not in LEVEL or LEVEL[target] >= LEVEL[own]:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {own} imports {module}")
    assert not wrong, "imports that do not go down the layers:\n" + "\n".join(wrong)


def test_engine_root_imports_only_the_version() -> None:
    """engine/__init__.py is imported by every module: importing the engine from it was the
    cycle engine -> generate -> plan -> manifest -> engine."""
    assert [m for _, m in _imports(ENGINE / "__init__.py")] == ["engine.base.version"]


def _graph() -> dict[str, set[str]]:
    names = {_dotted(p): p for p in _modules()}
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        graph[name] = {m for _, m in _imports(path) if m in names and m != name}
    return graph


def _dotted(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_import_cycle_between_modules() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    # A package's __init__ re-exporting its own modules is not a cycle worth reporting.
    real = [c for c in cycles if len({n.split(".")[1] for n in c}) > 1 or
            not any(n.count(".") == 1 for n in c)]
    assert not real, "import cycles:\n" + "\n".join(" -> ".join(c) for c in real)


def test_the_architecture_test_sees_an_upward_import(tmp_path: Path) -> None:
    """Control: a module of a lower layer importing a higher one is caught."""
    fake = tmp_path / "x.py"
    fake.write_text("from engine.cli import main\n", "utf-8")
    (line, module), = _imports(fake)
    assert LEVEL[_target_package(module)] > LEVEL["decree"]


def _functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def test_functions_are_short() -> None:
    long = []
    for path in _modules():
        for node in _functions(ast.parse(path.read_text("utf-8"))):
            body_start = node.body[0]
            if isinstance(body_start, ast.Expr) and isinstance(body_start.value, ast.Constant) \
                    and len(node.body) > 1:
                body_start = node.body[1]  # the docstring is documentation, not code
            length = (node.end_lineno or node.lineno) - body_start.lineno + 1
            if length > MAX_FUNCTION_LINES:
                long.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name} "
                            f"({length} lines)")
    assert not long, f"functions longer than {MAX_FUNCTION_LINES} lines:\n" + "\n".join(long)


def test_no_assert_for_runtime_checks() -> None:
    found = [f"{path.relative_to(ROOT)}:{node.lineno}" for path in _modules()
             for node in ast.walk(ast.parse(path.read_text("utf-8")))
             if isinstance(node, ast.Assert)]
    assert not found, "assert used at run time (removed by python -O):\n" + "\n".join(found)


def _exception_classes(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ClassDef):
            bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "")
                     for b in node.bases}
            if any(b.endswith(("Error", "Exception", "NotAllowed", "Change", "Crash"))
                   or b in ("EngineError", "InputError") for b in bases):
                yield node.lineno, node.name


def test_one_error_family_in_one_module() -> None:
    elsewhere = [f"{path.relative_to(ROOT)}:{line}: {name}" for path in _modules()
                 if path != ENGINE / "errors.py" for line, name in _exception_classes(path)]
    assert not elsewhere, "exceptions defined outside engine/errors.py:\n" + "\n".join(elsewhere)


@pytest.mark.parametrize("name", ["crash", "SimulatedCrash", "render_docx_naive"])
def test_no_test_seams_in_production_code(name: str) -> None:
    found = [f"{path.relative_to(ROOT)}:{node.lineno}" for path in _modules()
             for node in ast.walk(ast.parse(path.read_text("utf-8")))
             if (isinstance(node, ast.arg) and node.arg == name)
             or (isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name == name)]
    assert not found, f"test seam «{name}» in production code: {found}"


def test_bench_and_tools_do_not_import_the_tests() -> None:
    found = []
    for path in [*(ROOT / "bench").rglob("*.py"), *(ROOT / "tools").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tests"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, f"bench/tools import tests: {found}"
