"""Paths a clerk's file names (a profile, a picture): confined to that file's folder, so a file
received from elsewhere cannot make vanban read anything outside it."""

from __future__ import annotations

import os
from pathlib import Path


def beside(owner: Path, ref: str) -> Path | None:
    """Return the file `ref` names relative to `owner`'s folder, None when it may lead out of
    it: absolute, with "..", empty.

    >>> beside(Path("mau/chien-dich.yaml"), "co-quan/a.yaml")
    PosixPath('mau/co-quan/a.yaml')
    >>> beside(Path("mau/chien-dich.yaml"), "../../etc/passwd") is None
    True
    """
    given = Path(ref)
    if given.is_absolute() or ".." in given.parts or not given.parts or not ref.strip():
        return None
    return owner.parent / given


def links_out(file: Path, folder: Path) -> bool:
    """Whether `file` is, or passes through, a link leading out of `folder`."""
    real, root = os.path.realpath(file), os.path.realpath(folder)
    return os.path.commonpath([real, root]) != root
