"""The `vanban` command line, the top layer: parses arguments, calls the engine, prints.

Nothing in the engine imports it.
"""

from engine.cli.commands import main

__all__ = ["main"]
