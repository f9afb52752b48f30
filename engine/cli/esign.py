"""Electronic signatures on the command line: the signing key options of `sign`, `issue` and
`resume`, the signature and seal images, and `vanban verify`."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from engine.base.text import printable
from engine.cli.accounts import DB, body_group, engine_for, logged_in, user_group
from engine.errors import ExitCode, SigningError
from engine.esign.keys import KeySource, TokenKey, pkcs12_file
from engine.esign.verify import describe, trust_roots, verify
from engine.workflow.esign_images import set_seal_image, set_signature_image


def key_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options naming a signing key: a PKCS#12 file, or a PKCS#11 token."""
    for option in reversed((
            click.option("--key", "key_file", default=None,
                         type=click.Path(dir_okay=False, exists=True, path_type=Path),
                         help="Tệp chứng thư số PKCS#12 (.p12/.pfx); mật khẩu: hỏi, hoặc "
                              "$VANBAN_KEY_PASSPHRASE."),
            click.option("--token-module", default=None,
                         help="Thư viện PKCS#11 của token (mặc định: $VANBAN_PKCS11_MODULE)."),
            click.option("--token", "token_label", default=None, help="Nhãn token."),
            click.option("--key-label", default=None,
                         help="Nhãn khóa và chứng thư trên token; PIN: hỏi, hoặc "
                              "$VANBAN_TOKEN_PIN."))):
        command = option(command)
    return command


def key_source(key_file: Path | None, token_module: str | None, token_label: str | None,
               key_label: str | None) -> KeySource | None:
    """The key the options name (None: no digital signature)."""
    if key_file is not None:
        if token_label or key_label:
            raise click.UsageError("Dùng --key hoặc --token/--key-label, không dùng cả hai.")
        secret = os.environ.get("VANBAN_KEY_PASSPHRASE") or click.prompt(
            "Mật khẩu tệp chứng thư", hide_input=True)
        return pkcs12_file(key_file, secret)
    if token_label is None and key_label is None:
        return None
    module = token_module or os.environ.get("VANBAN_PKCS11_MODULE")
    if not (module and token_label and key_label):
        raise click.UsageError("Ký bằng token cần --token-module (hoặc $VANBAN_PKCS11_MODULE), "
                               "--token và --key-label.")
    pin = os.environ.get("VANBAN_TOKEN_PIN") or click.prompt("Mã PIN của token",
                                                             hide_input=True)
    return TokenKey(module, token_label, key_label, pin)


@user_group.command("signature")
@click.argument("login")
@click.argument("image", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@DB
def user_signature_command(login: str, image: Path, db: str | None) -> None:
    """Lưu ảnh chữ ký của người ký LOGIN (PNG nền trong suốt, màu xanh; quản trị)."""
    engine = engine_for(db)
    set_signature_image(engine, login, _image_bytes(image), logged_in(engine), image.name)
    click.echo(f"Đã lưu ảnh chữ ký của «{login}».")


@body_group.command("seal")
@click.argument("body")
@click.argument("image", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@DB
def body_seal_command(body: str, image: Path, db: str | None) -> None:
    """Lưu ảnh dấu của cơ quan BODY (PNG nền trong suốt, màu đỏ, có dpi; quản trị)."""
    engine = engine_for(db)
    set_seal_image(engine, body, _image_bytes(image), logged_in(engine), image.name)
    click.echo(f"Đã lưu ảnh dấu của «{body}».")


def _image_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(3 * 1024 * 1024)
    except OSError as exc:
        raise SigningError(f"Không đọc được «{path}»: {exc.strerror}.",
                           code="bad-signature-image") from exc


@click.command("verify")
@click.argument("pdf", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--trust", "trust", multiple=True,
              type=click.Path(exists=True, path_type=Path),
              help="Chứng thư gốc tin cậy (PEM/DER) hoặc thư mục của chúng; thêm vào "
                   "$VANBAN_TRUST_ROOTS.")
def verify_command(pdf: Path, trust: tuple[Path, ...]) -> None:
    """Kiểm tra các chữ ký số của một tệp PDF; mã thoát 0 chỉ khi mọi chữ ký nguyên vẹn và
    tin cậy."""
    reports = verify(pdf, trust_roots(list(trust)))
    if not reports:
        click.echo(f"{pdf.name}: không có chữ ký số nào.")
        click.get_current_context().exit(ExitCode.FINDINGS)
    for report in reports:
        for line in describe(report):
            click.echo(printable(line))
    good = all(report.good for report in reports)
    click.echo(f"{pdf.name}: {len(reports)} chữ ký, " + (
        "tất cả nguyên vẹn và tin cậy." if good else "CÓ CHỮ KÝ KHÔNG HỢP LỆ."))
    if not good:
        click.get_current_context().exit(ExitCode.FINDINGS)
