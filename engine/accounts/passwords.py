"""Passwords: Argon2id through argon2-cffi (its RFC 9106 low-memory profile), never stored."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from engine.errors import BadValue

_HASHER = PasswordHasher()  # Argon2id, t=3, m=64 MiB, p=4 (argon2-cffi's default profile)
MIN_LENGTH = 10
# Compared against when the login is unknown, so that a wrong login costs as much as a wrong
# password and timing does not tell which logins exist.
_DUMMY = _HASHER.hash("vanban-no-such-user")


def hash_password(password: str, login: str) -> str:
    """Return the Argon2id hash of a new password; refuse one too weak to keep."""
    if len(password) < MIN_LENGTH:
        raise BadValue(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự.")
    if login.casefold() in password.casefold():
        raise BadValue("Mật khẩu không được chứa tên đăng nhập.")
    return _HASHER.hash(password)


def password_matches(stored: str | None, password: str) -> bool:
    """Return whether `password` matches the stored hash (None: unknown login, still hashed)."""
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False
