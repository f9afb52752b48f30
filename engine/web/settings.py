"""What the web application is configured with: from the environment, never from a request."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from engine.errors import BadValue
from engine.jobs.broker import broker_url

MAX_UPLOAD = 5 * 1024 * 1024   # campaign YAML, nomination sheets, templates: the CLI's limits apply


@dataclass(frozen=True)
class Settings:
    """The application's settings."""

    database_url: str | None
    data_dir: Path             # uploaded campaigns, documents, previews (absolute)
    secret_key: str
    secure_cookies: bool       # behind HTTPS: the session cookie is Secure
    development: bool
    broker_url: str | None = None   # Celery workers run the long tasks; None: this process


def from_environment(*, development: bool = False, data_dir: Path | None = None) -> Settings:
    """Read $VANBAN_DATABASE_URL, $VANBAN_DATA (default ./vanban-data), $VANBAN_SECRET_KEY
    (required outside development), $VANBAN_HTTPS (1: cookies only over HTTPS) and
    $VANBAN_BROKER_URL (the long tasks go to the Celery workers of that broker)."""
    key = os.environ.get("VANBAN_SECRET_KEY")
    if not key:
        if not development:
            raise BadValue("Cần đặt VANBAN_SECRET_KEY (một chuỗi ngẫu nhiên dài, giữ bí mật) "
                           "để chạy máy chủ; «--dev» chỉ dùng khi phát triển.")
        key = secrets.token_hex(32)
    if len(key) < 32:
        raise BadValue("VANBAN_SECRET_KEY phải dài ít nhất 32 ký tự.")
    folder = data_dir or Path(os.environ.get("VANBAN_DATA") or "vanban-data")
    return Settings(os.environ.get("VANBAN_DATABASE_URL"), folder.resolve(), key,
                    os.environ.get("VANBAN_HTTPS") == "1", development, broker_url())
