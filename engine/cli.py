"""The `vanban` command line: parses arguments, calls the engine, prints; no business logic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from engine.check import UnreadableDocument, check_file
from engine.errors import EngineError
from engine.generate import generate
from engine.schema import campaign_schema, profile_schema


class _EngineGroup(click.Group):
    """Turn every EngineError into a message and its exit code, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EngineError as exc:
            click.secho(f"Lỗi: {exc}", err=True, fg="red")
            ctx.exit(exc.exit_code)


@click.group(cls=_EngineGroup)
@click.version_option(package_name="vanban")
def main() -> None:
    """vanban: văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ tệp chiến dịch."""


@main.command("generate")
@click.argument("campaigns", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục kết quả; mỗi chiến dịch một thư mục con.")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Thư mục mẫu DOCX (mặc định: templates/ của dự án).")
def generate_command(campaigns: tuple[Path, ...], out_dir: Path, templates: Path | None) -> None:
    """Tạo mọi văn bản của các tệp chiến dịch CAMPAIGNS (DOCX và manifest.json)."""
    written = generate(list(campaigns), out_dir, templates)
    for path in written:
        click.echo(str(path))
    docs = sum(1 for path in written if path.suffix == ".docx")
    click.echo(f"Đã tạo {docs} văn bản.")


@main.command("check")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def check_command(files: tuple[Path, ...], as_json: bool) -> None:
    """Kiểm tra thể thức các tệp DOCX theo Nghị định 30/2020/NĐ-CP.

    Mã thoát: 0 không có lỗi, 1 có lỗi thể thức, 2 có tệp không đọc được.
    """
    reports: list[dict[str, Any]] = []
    worst = 0
    for path in files:
        try:
            findings = check_file(path)
        except UnreadableDocument as exc:
            reports.append({"file": str(path), "error": exc.message, "findings": []})
            worst = 2
            continue
        reports.append({"file": str(path), "error": None,
                        "findings": [f.as_dict() for f in findings]})
        worst = max(worst, 1 if findings else 0)
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
    for name, schema in (("campaign", campaign_schema()), ("co-quan", profile_schema())):
        path = out_dir / f"{name}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", "utf-8")
        click.echo(str(path))
