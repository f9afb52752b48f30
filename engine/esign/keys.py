"""Where a signing key lives: a PKCS#12 file (.p12/.pfx) or a PKCS#11 token (the USB tokens
Vietnamese signers use, or an HSM), opened through pyHanko.

A key is never stored by vanban: the file or token is named for each signing, the passphrase or
PIN comes from the person (a prompt, an environment variable, a form field) and lives only in
memory for the signing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyhanko.sign import signers

from engine.errors import SigningError

MAX_PKCS12_BYTES = 256 * 1024   # a key, its certificate and its chain are a few KB


@dataclass(frozen=True)
class Pkcs12Key:
    """A key and its certificate in a PKCS#12 file, with the file's passphrase."""

    data: bytes
    passphrase: str
    name: str = "tệp chứng thư"


@dataclass(frozen=True)
class TokenKey:
    """A key on a PKCS#11 token: the module (the token's driver library), the token's label,
    the key's (and its certificate's) label, the user PIN."""

    module: str
    token: str
    label: str
    pin: str


KeySource = Pkcs12Key | TokenKey


def pkcs12_file(path: Path, passphrase: str) -> Pkcs12Key:
    """Read a PKCS#12 file (bounded in size) as a key source."""
    try:
        size = path.stat().st_size
        if size > MAX_PKCS12_BYTES:
            raise SigningError(f"«{path.name}» quá lớn để là tệp chứng thư số ({size} byte).",
                               code="bad-key-file")
        return Pkcs12Key(path.read_bytes(), passphrase, path.name)
    except OSError as exc:
        raise SigningError(f"Không đọc được tệp chứng thư số «{path}»: {exc.strerror}.",
                           code="bad-key-file") from exc


@contextmanager
def opened(source: KeySource) -> Iterator[signers.Signer]:
    """Yield a pyHanko signer for `source`; a token's session is closed afterwards."""
    if isinstance(source, Pkcs12Key):
        yield _pkcs12_signer(source)
        return
    with _token_session(source) as session:
        from pyhanko.sign.pkcs11 import PKCS11Signer

        signer = PKCS11Signer(session, key_label=source.label, cert_label=source.label)
        try:
            signer.signing_cert  # noqa: B018  (loads the certificate: a wrong label fails here)
        except Exception as exc:  # python-pkcs11 raises its own classes, not one base
            raise SigningError(f"Token «{source.token}» không có khóa/chứng thư «{source.label}».",
                               code="token-key-missing") from exc
        yield signer


def holder(source: KeySource) -> str:
    """The name the key's certificate is issued to (its subject's common name)."""
    with opened(source) as signer:
        certificate = signer.signing_cert
        if certificate is None:
            raise SigningError("Khóa không kèm chứng thư số.", code="bad-key-file")
        subject = certificate.subject.native
    return str(subject.get("common_name", "")) if isinstance(subject, dict) else ""


def _pkcs12_signer(source: Pkcs12Key) -> signers.Signer:
    try:
        signer: signers.Signer = signers.SimpleSigner.load_pkcs12_data(
            source.data, other_certs=(), passphrase=source.passphrase.encode("utf-8"))
        return signer
    except ValueError as exc:
        raise SigningError(f"Không mở được «{source.name}»: sai mật khẩu hoặc không phải tệp "
                           "chứng thư số PKCS#12.", code="bad-key-file") from exc


@contextmanager
def _token_session(source: TokenKey) -> Iterator[Any]:
    from pkcs11 import PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import open_pkcs11_session

    try:
        session = open_pkcs11_session(source.module, token_criteria=TokenCriteria(
            label=source.token), user_pin=source.pin)
    except (PKCS11Error, OSError, RuntimeError) as exc:
        raise SigningError(f"Không mở được token «{source.token}» qua «{source.module}»: "
                           f"{type(exc).__name__} {exc}".rstrip() + ".", code="token-error",
                           hint="Kiểm tra token đã cắm, thư viện PKCS#11 và mã PIN.") from exc
    try:
        yield session
    finally:
        session.close()
