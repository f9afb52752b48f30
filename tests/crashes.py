"""Stop an issuance at a chosen point, as a killed process would (the tests' only seam).

The points are the boundaries of issuance's three steps (engine/workflow/issuance.py):
"after-number" (inside step 1, the number taken but not committed), "before-files" (step 1
committed, nothing written) and "before-issued" (the files written, step 3 not done).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from engine.workflow import issuance


class SimulatedCrash(RuntimeError):
    """Raised where a crash was asked for."""


_STEP = {"after-number": "take_number", "before-files": "write_issued",
         "before-issued": "finish"}


@contextmanager
def crash_at(point: str | None) -> Iterator[None]:
    """Within the block, issuance stops at `point` (None: no crash)."""
    if point is None:
        yield
        return
    original: Callable[..., Any] = getattr(issuance, _STEP[point])

    def crashing(*args: Any, **kwargs: Any) -> Any:
        if point == "after-number":
            original(*args, **kwargs)  # the number is taken, then the process dies
        raise SimulatedCrash(point)

    with mock.patch.object(issuance, _STEP[point], crashing):
        yield
