"""vanban's version, from the installed package's metadata (pyproject.toml is the one source)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("vanban")
except PackageNotFoundError:  # a source tree that was never installed
    VERSION = "0+unknown"
