"""`vanban serve`: the web application, with waitress (a pure-Python production WSGI server:
no C build, runs the same on Linux and Windows servers of a People's Committee)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from engine.cli.demo import PASSWORD, seed_demo
from engine.errors import BadValue
from engine.web.app import create_app
from engine.web.settings import from_environment


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Địa chỉ lắng nghe.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Thư mục dữ liệu (mặc định: $VANBAN_DATA hoặc ./vanban-data).")
@click.option("--dev", is_flag=True, help="Chế độ phát triển: khóa phiên ngẫu nhiên nếu chưa "
              "đặt VANBAN_SECRET_KEY.")
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True)
@click.option("--demo", "samples", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Với --dev: tạo văn phòng thử từ thư mục mẫu (samples/) vào "
              "cơ sở dữ liệu trống, mỗi vai trò một tài khoản.")
def serve_command(host: str, port: int, data_dir: Path | None, dev: bool, threads: int,
                  samples: Path | None) -> None:
    """Chạy ứng dụng web (đăng nhập bằng tài khoản tạo với «vanban user add»)."""
    import waitress

    if samples is not None and not dev:
        raise BadValue("«--demo» chỉ dùng cùng «--dev» (tài khoản thử có mật khẩu công khai).")
    settings = from_environment(development=dev, data_dir=data_dir)
    if samples is not None and settings.database_url is None:  # the demo keeps its own database
        settings = dataclasses.replace(
            settings, database_url=f"sqlite:///{settings.data_dir / 'vanban.db'}")
    app = create_app(settings)
    if samples is not None:
        logins = seed_demo(app.extensions["vanban_engine"], samples, settings.data_dir)
        click.echo(f"Tài khoản thử (mật khẩu «{PASSWORD}»): {', '.join(logins)}")
    click.echo(f"vanban: http://{host}:{port}/ (Ctrl+C để dừng)")
    waitress.serve(app, host=host, port=port, threads=threads, ident="vanban")
