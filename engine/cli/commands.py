"""The `vanban` command line: parses arguments, calls the engine, prints; no business logic."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from engine.campaign.schema import campaign_schema, nomination_schema, profile_schema
from engine.check import Renderer, UnreadableDocument, check_file
from engine.cli.accounts import register_protection
from engine.cli.db_commands import db_group
from engine.cli.jobs import (
    batch_options,
    generate_batch,
    print_changes,
    print_outcome,
    regenerate_as_batch,
    register_jobs,
)
from engine.cli.serve import serve_command
from engine.cli.workflow import register_commands
from engine.errors import ConversionError, EngineError, ExitCode
from engine.jobs.broker import broker_url
from engine.output.build import Written
from engine.output.generate import generate
from engine.output.regenerate import plan_changes, regenerate
from engine.word.glyphs import glyph_warnings


class _EngineGroup(click.Group):
    """Turn every error into a message and its exit code (engine.errors.ExitCode), in one place:
    an EngineError is printed in Vietnamese with its code; a command-line mistake exits 64;
    anything else is a fault of vanban: a short message, the traceback in a log file."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EngineError as exc:
            click.secho(f"Lỗi: {exc}", err=True, fg="red")
            ctx.exit(exc.exit_code)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            click.secho(f"Lỗi: [usage] {usage_message(exc)}", err=True, fg="red")
            command = exc.ctx.command_path if exc.ctx else "vanban"
            click.echo(f"Xem hướng dẫn: {command} --help", err=True)
            sys.exit(ExitCode.USAGE)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Đã hủy.", err=True)
            sys.exit(ExitCode.USAGE)
        except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback
            if os.environ.get("VANBAN_DEBUG"):
                raise
            sys.exit(_internal_error(exc))
        sys.exit(code if isinstance(code, int) else ExitCode.OK)


# Click's own messages, as a clerk reads them (click's words stay in parentheses).
_USAGE = (
    (r"(?:Path|File|Directory) '(.+)' does not exist", "không có tệp hoặc thư mục «{0}»"),
    (r"(?:Path|File) '(.+)' is a directory", "«{0}» là thư mục, cần một tệp"),
    (r"Missing option '(.+?)'", "thiếu tùy chọn {0}"),
    (r"Missing argument '(.+?)'", "thiếu tham số {0}"),
    (r"No such option: (\S+)", "không có tùy chọn {0}"),
    (r"No such command '(.+?)'", "không có lệnh «{0}»"),
    (r"Got unexpected extra arguments? \((.+)\)", "thừa tham số: {0}"),
    (r"'(.+?)' is not a valid integer", "«{0}» không phải số nguyên"),
    (r"'(.+?)' is not one of (.+)\.", "«{0}» không phải một trong {1}"),
)


def usage_message(exc: click.UsageError) -> str:
    """A command-line mistake in Vietnamese, click's message kept after it.

    >>> usage_message(click.UsageError("Missing option '--out'."))
    "thiếu tùy chọn --out (Missing option '--out'.)"
    """
    said = exc.format_message()
    for pattern, vietnamese in _USAGE:
        found = re.search(pattern, said)
        if found:
            return f"{vietnamese.format(*found.groups())} ({said})"
    return f"lệnh gõ chưa đúng ({said})"


def _internal_error(exc: Exception) -> int:
    """Log the traceback of an unexpected fault and print where it is; return the exit code."""
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}"
    log = Path(tempfile.gettempdir()) / f"vanban-loi-{stamp}.log"
    log.write_text("".join(traceback.format_exception(exc)), "utf-8")
    click.secho(f"Lỗi: [internal-error] Lỗi nội bộ của vanban ({type(exc).__name__}). "
                f"Chi tiết đã ghi vào {log}; hãy gửi tệp này cho người quản trị.", err=True,
                fg="red")
    return ExitCode.INTERNAL


@click.group(cls=_EngineGroup)
@click.version_option(package_name="vanban")
def main() -> None:
    """vanban: văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ tệp chiến dịch."""


_CAMPAIGNS = click.argument("campaigns", nargs=-1, required=True,
                            type=click.Path(exists=True, dir_okay=False, path_type=Path))
_TEMPLATES = click.option("--templates", type=click.Path(exists=True, file_okay=False,
                                                          path_type=Path),
                          help="Thư mục mẫu DOCX (mặc định: templates/ của dự án).")
_WORKERS = click.option("--workers", type=click.IntRange(1, 64), default=None,
                        help="Số tiến trình song song (mặc định: số lõi CPU).")


@main.command("generate")
@_CAMPAIGNS
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục kết quả; mỗi chiến dịch một thư mục con.")
@_TEMPLATES
@click.option("--pdf", is_flag=True, help="Ghi thêm bản PDF (LibreOffice) cạnh mỗi DOCX.")
@_WORKERS
@batch_options
def generate_command(campaigns: tuple[Path, ...], out_dir: Path, templates: Path | None,
                     pdf: bool, workers: int | None, batch: bool, broker: str | None,
                     db: str | None) -> None:
    """Tạo mọi văn bản của các tệp chiến dịch CAMPAIGNS (DOCX, PDF nếu cần, manifest.json)."""
    if batch or broker_url(broker):
        generate_batch(list(campaigns), out_dir, templates, pdf, workers, db, broker)
        return
    written = generate(list(campaigns), out_dir, templates, pdf=pdf, workers=workers,
                       protected=register_protection())
    for path in written:
        click.echo(str(path))
    for path in written.issued:
        click.echo(f"{path}: đã ban hành, giữ nguyên")
    _pdf_fonts(written)
    for warning in glyph_warnings(list(written)):
        click.secho(f"Cảnh báo: {warning}", fg="yellow", err=True)
    click.echo(f"Đã tạo {len(written.documents)} văn bản.")


def _pdf_fonts(written: Written) -> None:
    pdfs = {path.name for path in written if path.suffix == ".pdf"}
    fonts = sorted({font for entries in written.entries.values() for e in entries.values()
                    if e.pdf in pdfs for font in e.pdf_fonts})
    if fonts:
        click.echo(f"Phông nhúng trong PDF: {', '.join(fonts)}")
    for warning in written.pdf_warnings:
        click.secho(f"Cảnh báo: {warning}", fg="yellow", err=True)


@main.command("regenerate")
@_CAMPAIGNS
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục kết quả của lần tạo trước.")
@_TEMPLATES
@click.option("--pdf", is_flag=True, help="Tạo lại cả PDF của các văn bản thay đổi.")
@_WORKERS
@batch_options
@click.option("--dry-run", is_flag=True, help="Chỉ cho biết sẽ làm gì, không ghi tệp nào.")
def regenerate_command(campaigns: tuple[Path, ...], out_dir: Path, templates: Path | None,
                       pdf: bool, workers: int | None, batch: bool, broker: str | None,
                       db: str | None, dry_run: bool) -> None:
    """Tạo lại đúng các văn bản có mẫu, hồ sơ cơ quan hoặc dữ liệu đã thay đổi."""
    protected = register_protection()
    if not dry_run and (batch or broker_url(broker)):
        regenerate_as_batch(list(campaigns), out_dir, templates, pdf, workers, db, broker,
                            protected)
        return
    report = plan_changes(list(campaigns), out_dir, templates, pdf=pdf, protected=protected)
    if dry_run:
        for change in report.changes:
            click.echo(f"sẽ tạo lại {change.item.output}: {change.reason}")
    else:
        with click.progressbar(length=len(report.changes), label="Đang tạo lại",
                               file=sys.stderr if report.changes else io.StringIO()) as bar:
            regenerate(list(campaigns), out_dir, templates, pdf=pdf, workers=workers,
                       progress=lambda change: bar.update(1), report=report,
                       protected=protected)
        print_changes(report)
        _pdf_fonts(report.written)
    print_outcome(report)


register_commands(main)
main.add_command(db_group)
main.add_command(serve_command)
register_jobs(main)


@main.group("awards")
def awards_group() -> None:
    """Hồ sơ khen thưởng: kiểm tra điều kiện, lập hồ sơ."""


@awards_group.command("check")
@click.argument("campaign", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def awards_check_command(campaign: Path) -> None:
    """Ai đủ điều kiện, ai không và vì sao; số lượng, thời hạn, biểu quyết, tiền thưởng."""
    from engine.awards.dossier import check_round
    from engine.awards.rules import describe

    for line in describe(check_round(campaign)):
        click.echo(line)


@awards_group.command("dossier")
@click.argument("campaign", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--unit", default=None, help="Đơn vị (tên hoặc mã, ví dụ phong-noi-vu); mặc định: "
              "mọi đơn vị.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--pdf", is_flag=True, help="Ghi thêm một tệp PDF gộp cho mỗi hồ sơ.")
def awards_dossier_command(campaign: Path, unit: str | None, out_dir: Path, pdf: bool) -> None:
    """Lập hồ sơ khen thưởng của đơn vị và quyết định khen thưởng."""
    from engine.awards.dossier import make_dossiers

    made = make_dossiers(campaign, out_dir, unit, pdf=pdf)
    for path in made.files:
        click.echo(str(path))
    for warning in made.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    click.echo(f"Đưa Quyết định khen thưởng vào quy trình (trình, duyệt, ký, cấp số): "
               f"vanban draft {made.decision}", err=True)


@main.command("check")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@click.option("--render", is_flag=True,
              help="Xem cả trang in (LibreOffice): «Số:» và ngày cùng dòng, số, ký hiệu không "
                   "bị ngắt dòng, khối chữ ký không đứng riêng ở trang cuối.")
def check_command(files: tuple[Path, ...], as_json: bool, render: bool) -> None:
    """Kiểm tra thể thức các tệp DOCX theo Nghị định 30/2020/NĐ-CP.

    Mã thoát: 0 không có lỗi, 1 có lỗi thể thức, 3 có tệp không đọc được, 7 không in được
    ra PDF (--render).
    """
    reports: list[dict[str, Any]] = []
    worst = 0
    with Renderer() if render else contextlib.nullcontext() as renderer:
        for path in files:
            try:
                findings = check_file(path, renderer)
            except (UnreadableDocument, ConversionError) as exc:
                reports.append({"file": str(path), "error": exc.message, "findings": []})
                worst = max(worst, exc.exit_code)
                continue
            reports.append({"file": str(path), "error": None,
                            "findings": [f.as_dict() for f in findings]})
            worst = max(worst, ExitCode.FINDINGS if findings else ExitCode.OK)
    if as_json:
        click.echo(json.dumps(reports, ensure_ascii=False, indent=2))
    else:
        for report in reports:
            click.echo(_check_report(report))
    click.get_current_context().exit(worst)


def _check_report(report: dict[str, Any]) -> str:
    if report["error"]:
        return f"{report['file']}: {report['error']}"
    findings = report["findings"]
    if not findings:
        return f"{report['file']}: đúng thể thức (không phát hiện lỗi)"
    lines = [f"{report['file']}: {len(findings)} lỗi thể thức"]
    for f in findings:
        where = f" «{f['paragraph']}»" if f["paragraph"] else ""
        lines.append(f"  [{f['code']}] {f['rule']}{where}: {f['message']}")
    return "\n".join(lines)


@main.command("schema")
@click.option("--out", "out_dir", default=Path("schema"), show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
def schema_command(out_dir: Path) -> None:
    """Ghi JSON Schema của tệp chiến dịch và tệp hồ sơ cơ quan."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, schema in (("campaign", campaign_schema()), ("co-quan", profile_schema()),
                         ("de-nghi", nomination_schema())):
        path = out_dir / f"{name}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", "utf-8")
        click.echo(str(path))
