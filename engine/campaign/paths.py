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


def confined(owner: Path, ref: str, on_disk: bool) -> Path | None:
    """The file `ref` names beside `owner`, None when it leads out of `owner`'s folder by its
    name or, read from the disk (not a stored snapshot), through a link."""
    file = beside(owner, ref)
    if file is None or (on_disk and links_out(file, owner.parent)):
        return None
    return file
