"""Per-module coverage of `engine/` after a test run, and the gate bin/test applies to it.

Combines the data files the run left in .coverage-data/ (the test process, the `vanban`
subprocesses of the CLI tests, the render pools' workers), prints every module with its
percentage (lowest first) and exits 1 when one is under the minimum, naming it. A module never
imported counts as 0 %.

Usage: tools/coverage_gate.py [--min PERCENT] [--report-only] [-- PYTEST ARGS]. Given the
arguments of the pytest run, a run that selected only some tests (a path, -k, -m, -x, --lf) is
reported but not gated.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parent.parent


def module_percentages() -> dict[str, tuple[int, int, float]]:
    """{module path: (statements, missed, percent)} of the combined data."""
    main = Path(coverage.Coverage(config_file=str(ROOT / "pyproject.toml")).config.data_file)
    parts = [str(path) for path in [main, *main.parent.glob(main.name + ".*")] if path.is_file()]
    # Into a file of its own: pytest-cov's combined data and what processes that ended after
    # it (pool workers, subprocesses) left beside it. (Combining into the main file itself
    # replaced its data by the late files' only.)
    cov = coverage.Coverage(data_file=str(main) + "-gate", config_file=str(ROOT / "pyproject.toml"))
    cov.erase()
    if parts:
        cov.combine(data_paths=parts, keep=True)
        cov.save()
    cov.load()
    figures: dict[str, tuple[int, int, float]] = {}
    for source in sorted((ROOT / "engine").rglob("*.py")):
        relative = source.relative_to(ROOT).as_posix()
        if relative.startswith("engine/db/migrations/") or relative in UNMEASURED:
            continue
        _, statements, _, missing, _ = cov.analysis2(str(source))
        if statements:
            covered = len(statements) - len(missing)
            figures[relative] = (len(statements), len(missing),
                                 100.0 * covered / len(statements))
    return figures


# Run by Debian's python3 inside LibreOffice's UNO bridge, where coverage is not installed;
# tests/test_pdf*.py exercise it through the converter.
UNMEASURED = {"engine/pdf/uno_worker.py"}


# pytest options that take a value (the value is not a selection) and those that select.
_VALUED = {"-p", "-o", "-W", "-c", "--rootdir", "--basetemp", "--maxfail", "--durations",
           "--tb", "--cov-report", "--log-level", "-r"}
_SELECTING = {"-k", "-m", "-x", "--exitfirst", "--lf", "--last-failed", "--sw", "--stepwise",
              "--deselect", "--ff"}


def selects_tests(pytest_args: list[str]) -> bool:
    """Whether a pytest run with `pytest_args` ran only some of the tests."""
    skip = False
    for arg in pytest_args:
        if skip:
            skip = False
        elif arg in _SELECTING or arg.split("=")[0] in _SELECTING:
            return True
        elif arg in _VALUED:
            skip = True
        elif not arg.startswith("-"):
            return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=float, default=90.0)
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()
    if selects_tests(args.pytest_args):
        args.report_only = True
        print("== a partial run: coverage reported, not gated")
    figures = module_percentages()
    total_statements = sum(s for s, _, _ in figures.values())
    total_missed = sum(m for _, m, _ in figures.values())
    print(f"\n== coverage per module ({len(figures)} modules, "
          f"{100.0 * (total_statements - total_missed) / total_statements:.1f} % in all)")
    for name, (statements, missed, percent) in sorted(figures.items(), key=lambda f: f[1][2]):
        flag = "  << under the minimum" if percent < args.min else ""
        print(f"{percent:6.1f} %  {statements - missed:5d}/{statements:<5d} {name}{flag}")
    under = [name for name, (_, _, percent) in figures.items() if percent < args.min]
    if not under:
        print(f"== every module at {args.min:g} % or more")
        return 0
    print(f"== {len(under)} module(s) under {args.min:g} %: {', '.join(sorted(under))}",
          file=sys.stderr)
    return 0 if args.report_only else 1


if __name__ == "__main__":
    sys.exit(main())
