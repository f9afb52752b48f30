"""The `vanban` command line, the top layer: parses arguments, calls the engine, prints.

Nothing in the engine imports it.
"""

from engine.cli.main import main

__all__ = ["main"]
