"""vanban: Vietnamese administrative documents (Decree 30/2020/NĐ-CP) from campaign definitions."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["EngineError", "InputError", "__version__", "generate", "load_campaign"]

from engine.campaign import load_campaign  # noqa: E402
from engine.errors import EngineError, InputError  # noqa: E402
from engine.generate import generate  # noqa: E402
