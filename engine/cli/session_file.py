"""The command line's login: the session token and the database it was made on, kept in
$VANBAN_HOME/session.json (default ~/.config/vanban), readable by its owner only."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from engine.base.files import write_atomic


@dataclass(frozen=True)
class Saved:
    """A login as the command line keeps it."""

    db: str
    token: str
    login: str


def _path() -> Path:
    home = os.environ.get("VANBAN_HOME") or Path.home() / ".config" / "vanban"
    return Path(home) / "session.json"


def read() -> Saved | None:
    """Return the saved login, if any (a damaged file counts as none)."""
    path = _path()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            data = json.loads(handle.read(64 * 1024))
            return Saved(str(data["db"]), str(data["token"]), str(data["login"]))
        except (ValueError, KeyError, TypeError):
            return None


def save(saved: Saved) -> Path:
    """Write the login, owner-only (0600), atomically."""
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = json.dumps({"db": saved.db, "token": saved.token, "login": saved.login})
    old = os.umask(0o077)
    try:
        write_atomic(path, data.encode("utf-8"))
    finally:
        os.umask(old)
    os.chmod(path, 0o600)
    return path


def forget() -> None:
    """Remove the saved login."""
    _path().unlink(missing_ok=True)
