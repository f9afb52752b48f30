"""Where a job writes: a folder named by the content it is made from, filled in a work folder
beside it and moved into place with a «xong» marker once complete, so a reader never sees half
a result and running the job again does nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from engine.base.files import write_atomic

DONE = "xong"


def is_done(target: Path) -> bool:
    """Whether the job writing `target` has completed."""
    return (target / DONE).is_file()


def start(target: Path) -> Path | None:
    """A fresh work folder beside `target`, or None when `target` is done already (once)."""
    if is_done(target):
        return None
    work = target.with_name(f"{target.name}.tmp")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    return work


def finish(work: Path, target: Path) -> None:
    """Mark `work` complete and put it in `target`'s place."""
    write_atomic(work / DONE, b"")
    shutil.rmtree(target, ignore_errors=True)
    work.rename(target)
