"""The workflow and register commands of `vanban` (drafting to issuance, status, history,
audit): each acts as the logged-in account (`vanban login`)."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Any

import click
from sqlalchemy import Row

from engine.base.text import printable
from engine.cli.accounts import DB, engine_for, logged_in, register_account_commands
from engine.cli.esign import key_options, key_source, verify_command
from engine.decree.dates import VIETNAM, issue_moment, ngay_ngan
from engine.decree.numbers import so_hieu
from engine.errors import ExitCode, IntegrityError
from engine.workflow import act, audit_problems, draft, history, issue, pending_issues, rows, verify
from engine.workflow.esigning import sign_electronically
from engine.workflow.export import export_campaign
from engine.workflow.register_book import write_register
from engine.workflow.register_close import close_register
from engine.workflow.states import ACTION_LABELS, Role, State
from engine.workflow.versions import edited_sources

# (command, action, help, comment required)
_TRANSITIONS = (
    ("submit", "trinh", "Trình duyệt dự thảo (soạn thảo).", False),
    ("return", "tra_lai", "Trả lại dự thảo kèm ý kiến (lãnh đạo đơn vị).", True),
    ("approve", "duyet", "Duyệt phiên bản hiện tại (lãnh đạo đơn vị; không tự duyệt).", False),
    ("reopen", "sua", "Sửa nội dung sau khi duyệt: trình duyệt lại (soạn thảo).", False),
    ("recall", "thu_hoi", "Thu hồi văn bản đã ban hành (văn thư).", True),
)


def _number(row: Row[Any]) -> str:
    return so_hieu(str(row.number), row.symbol) if row.number else "—"


def register_commands(main: click.Group) -> None:
    """Add the account, workflow and audit commands to the `vanban` group."""
    register_account_commands(main)
    main.add_command(draft_command)
    main.add_command(export_command)
    for name, action, help_text, comment in _TRANSITIONS:
        main.add_command(_transition(name, action, help_text, comment))
    for command in (sign_command, issue_command, resume_command, status_command,
                    register_command, verify_command,
                    register_close_command, history_command, audit_group):
        main.add_command(command)


@click.command("draft")
@click.argument("campaign", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@DB
def draft_command(campaign: Path, out_dir: Path, db: str | None) -> None:
    """Đưa các văn bản của CAMPAIGN vào quy trình (dự thảo, chưa có số; soạn thảo)."""
    engine = engine_for(db)
    drafted = draft(engine, campaign, out_dir, logged_in(engine))
    click.echo(f"Chiến dịch «{drafted.campaign}» ({campaign.resolve()}):")
    for doc_id in drafted.ids:
        click.echo(f"  {doc_id}")


def _transition(name: str, action: str, help_text: str, comment_required: bool) -> click.Command:
    @click.command(name, help=help_text)
    @click.argument("document")
    @click.option("--comment", required=comment_required, default=None, help="Ý kiến.")
    @DB
    def command(document: str, comment: str | None, db: str | None) -> None:
        engine = engine_for(db)
        state = act(engine, document, action, logged_in(engine), comment)
        click.echo(f"{document}: {state.label}")

    return command


@click.command("export")
@click.argument("campaign")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@DB
def export_command(campaign: str, out_dir: Path, db: str | None) -> None:
    """Xuất chiến dịch CAMPAIGN (mã trong cơ sở dữ liệu) ra tệp YAML như đã lưu."""
    engine = engine_for(db)
    for path in export_campaign(engine, campaign, out_dir, logged_in(engine)):
        click.echo(str(path))


@click.command("sign")
@click.argument("document")
@key_options
@DB
def sign_command(document: str, key_file: Path | None, token_module: str | None,
                 token_label: str | None, key_label: str | None, db: str | None) -> None:
    """Ký phiên bản đã duyệt (chỉ người ký của văn bản); với --key hoặc --token: ký số bản
    PDF (PAdES), ảnh chữ ký giữa chức vụ và họ tên."""
    engine = engine_for(db)
    account = logged_in(engine)
    key = key_source(key_file, token_module, token_label, key_label)
    state = (sign_electronically(engine, document, account, key) if key is not None
             else act(engine, document, "ky", account))
    click.echo(f"{document}: {state.label}" + (" (ký số)" if key is not None else ""))


@click.command("issue")
@click.argument("document")
@click.option("--date", "when", default=None,
              help="Ngày (giờ) ban hành, ISO 8601; mặc định: bây giờ (giờ Việt Nam).")
@click.option("--pdf", is_flag=True, help="Ghi cả bản PDF.")
@click.option("--replaces", default=None, help="Văn bản bị thay thế (sai nội dung).")
@click.option("--corrects", default=None, help="Văn bản được đính chính (sai thể thức).")
@click.option("--allow-date", "date_reason", default=None,
              help="Lý do của một ngày ban hành bất thường (sau hôm nay hơn 7 ngày); ghi vào "
                   "nhật ký.")
@key_options
@DB
def issue_command(document: str, when: str | None, pdf: bool, replaces: str | None,
                  corrects: str | None, date_reason: str | None, key_file: Path | None,
                  token_module: str | None, token_label: str | None, key_label: str | None,
                  db: str | None) -> None:
    """Cấp số, ngày và ban hành phiên bản đã ký (văn thư của cơ quan ban hành); văn bản đã ký
    số được ký số của cơ quan (--key hoặc --token)."""
    related, relation = (replaces, "thay_the") if replaces else (corrects, "dinh_chinh")
    engine = engine_for(db)
    row = issue(engine, document, logged_in(engine), issue_moment(when), pdf=pdf,
                related=related, relation=relation if related else None,
                date_reason=date_reason,
                key=key_source(key_file, token_module, token_label, key_label))
    click.echo(f"{document}: {State(row.state).label}, Số: {_number(row)}, "
               f"ngày {ngay_ngan(row.issued_on)}")
    click.echo(row.docx)
    if row.pdf:
        click.echo(row.pdf)


@click.command("resume")
@key_options
@DB
def resume_command(key_file: Path | None, token_module: str | None, token_label: str | None,
                   key_label: str | None, db: str | None) -> None:
    """Hoàn tất các văn bản đã cấp số nhưng chưa ban hành xong (sau sự cố; văn thư)."""
    engine = engine_for(db)
    account = logged_in(engine)
    key = key_source(key_file, token_module, token_label, key_label)
    for doc_id in pending_issues(engine):
        row = issue(engine, doc_id, account, issue_moment(None), key=key)
        click.echo(f"{doc_id}: {State(row.state).label}, Số: {_number(row)}")


@click.command("status")
@DB
def status_command(db: str | None) -> None:
    """Trạng thái của mọi văn bản trong quy trình."""
    engine = engine_for(db)
    edited = edited_sources(engine)
    for row in rows(engine):
        problems = verify(row)
        flag = f"  CẢNH BÁO: {'; '.join(problems)}" if problems else ""
        if row.id in edited:
            flag += (f"  GHI CHÚ: {', '.join(edited[row.id])} đã sửa sau phiên bản hiện tại; "
                     "chỉ có hiệu lực khi chạy lại «vanban draft» (và duyệt lại)")
        click.echo(f"{row.id:<45} {State(row.state).label:<14} {_number(row)}{flag}")


@click.command("register")
@click.option("--year", type=int, required=True, help="Năm của sổ.")
@click.option("--body", default=None, help="Mã cơ quan (khi sổ có nhiều cơ quan).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp kết quả: .docx hoặc .xlsx.")
@click.option("--pdf", is_flag=True, help="Ghi cả bản PDF (với .docx).")
@DB
def register_command(year: int, body: str | None, out: Path, pdf: bool, db: str | None) -> None:
    """In Sổ đăng ký văn bản đi của một năm (Phụ lục IV, Nghị định 30/2020)."""
    for path in write_register(engine_for(db), year, out, body, pdf=pdf):
        click.echo(str(path))


@click.command("register-close")
@click.option("--year", type=int, required=True, help="Năm của sổ (đã kết thúc).")
@click.option("--body", required=True, help="Mã cơ quan.")
@DB
def register_close_command(year: int, body: str, db: str | None) -> None:
    """Đóng sổ đăng ký văn bản đi của một năm đã qua (văn thư; Điều 16 Nghị định 30/2020):
    sau đó ban hành vào năm này phải ghi lý do (--allow-date)."""
    engine = engine_for(db)
    at = close_register(engine, logged_in(engine), body, year)
    click.echo(f"Đã đóng sổ đăng ký văn bản đi năm {year} của «{body}» lúc "
               f"{at.astimezone(VIETNAM):%H:%M ngày %d/%m/%Y} (giờ Việt Nam).")


@click.command("history")
@click.argument("document")
@DB
def history_command(document: str, db: str | None) -> None:
    """Lịch sử xử lý một văn bản (ai, khi nào theo giờ Việt Nam, từ, đến, ý kiến)."""
    engine = engine_for(db)
    for entry in history(engine, document):
        source = State(entry.from_state).label if entry.from_state else "—"
        note = f" «{printable(entry.comment)}»" if entry.comment else ""
        at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
        click.echo(f"{at.astimezone(VIETNAM):%Y-%m-%d %H:%M:%S} (giờ VN) "
                   f"{printable(entry.actor)} ({Role(entry.role).label}): "
                   f"{ACTION_LABELS.get(entry.action, entry.action)} [{entry.action}]: "
                   f"{source} → {State(entry.to_state).label}{note}")
    for row in rows(engine, document):
        problems = verify(row)
        if problems:
            raise IntegrityError("Toàn vẹn: " + "; ".join(problems),
                                 hint="Khôi phục tệp đã ban hành từ bản lưu; không sửa tệp đó.")


@click.group("audit")
def audit_group() -> None:
    """Nhật ký kiểm tra (chuỗi băm)."""


@audit_group.command("verify")
@DB
def audit_verify_command(db: str | None) -> None:
    """Kiểm tra chuỗi nhật ký, sổ và các tệp đã ban hành; mã thoát 1 khi có chỗ hỏng."""
    problems = audit_problems(engine_for(db))
    for problem in problems:
        click.echo(f"HỎNG: {printable(problem)}")
    if problems:
        click.get_current_context().exit(ExitCode.FINDINGS)
    click.echo("Nhật ký, sổ và các tệp đã ban hành khớp nhau.")
