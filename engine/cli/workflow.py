"""The workflow and register commands of `vanban` (drafting to issuance, status, history)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from sqlalchemy import Row

from engine.db.connect import open_engine
from engine.decree.dates import issue_moment, ngay_ngan
from engine.decree.numbers import so_hieu
from engine.errors import IntegrityError
from engine.workflow import Actor, act, draft, history, issue, pending_issues, rows, verify
from engine.workflow.register_book import write_register
from engine.workflow.states import Role, State

_DB = click.option("--db", "db", default=None, metavar="URL",
                   help="Cơ sở dữ liệu (mặc định: $VANBAN_DATABASE_URL hoặc ./vanban.db).")
_BY = click.option("--by", "by", required=True, help="Họ tên người thực hiện.")
# (command, action, default role, help, comment required)
_TRANSITIONS = (
    ("submit", "trinh", Role.DRAFTER, "Trình duyệt dự thảo.", False),
    ("return", "tra_lai", Role.REVIEWER, "Trả lại dự thảo kèm ý kiến.", True),
    ("approve", "duyet", Role.REVIEWER, "Duyệt dự thảo.", False),
    ("reopen", "sua", Role.DRAFTER, "Sửa nội dung sau khi duyệt (trình duyệt lại).", False),
    ("sign", "ky", Role.SIGNER, "Ký văn bản (người ký của văn bản).", False),
    ("recall", "thu_hoi", Role.CLERK, "Thu hồi văn bản đã ban hành.", True),
)


def _number(row: Row[Any]) -> str:
    return so_hieu(str(row.number), row.symbol) if row.number else "—"


def register_commands(main: click.Group) -> None:
    """Add the workflow commands to the `vanban` group."""
    main.add_command(draft_command)
    for name, action, role, help_text, comment in _TRANSITIONS:
        main.add_command(_transition(name, action, role, help_text, comment))
    for command in (issue_command, resume_command, status_command, register_command,
                    history_command):
        main.add_command(command)


@click.command("draft")
@click.argument("campaign", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@_BY
@_DB
def draft_command(campaign: Path, out_dir: Path, by: str, db: str | None) -> None:
    """Đưa các văn bản của CAMPAIGN vào quy trình (dự thảo, chưa có số)."""
    for doc_id in draft(open_engine(db), campaign, out_dir, Actor(by, Role.DRAFTER)):
        click.echo(doc_id)


def _transition(name: str, action: str, role: Role, help_text: str,
                comment_required: bool) -> click.Command:
    @click.command(name, help=help_text)
    @click.argument("document")
    @_BY
    @click.option("--role", type=click.Choice([r.value for r in Role]), default=role.value,
                  show_default=True, help="Vai trò của người thực hiện.")
    @click.option("--comment", required=comment_required, default=None, help="Ý kiến.")
    @_DB
    def command(document: str, by: str, role: str, comment: str | None, db: str | None) -> None:
        state = act(open_engine(db), document, action, Actor(by, Role(role)), comment)
        click.echo(f"{document}: {state.label}")

    return command


@click.command("issue")
@click.argument("document")
@_BY
@click.option("--date", "when", default=None,
              help="Ngày (giờ) ban hành, ISO 8601; mặc định: bây giờ (giờ Việt Nam).")
@click.option("--pdf", is_flag=True, help="Ghi cả bản PDF.")
@click.option("--replaces", default=None, help="Văn bản bị thay thế (sai nội dung).")
@click.option("--corrects", default=None, help="Văn bản được đính chính (sai thể thức).")
@_DB
def issue_command(document: str, by: str, when: str | None, pdf: bool,
                  replaces: str | None, corrects: str | None, db: str | None) -> None:
    """Cấp số, ngày và ban hành văn bản đã ký (văn thư)."""
    related, relation = (replaces, "thay_the") if replaces else (corrects, "dinh_chinh")
    row = issue(open_engine(db), document, Actor(by, Role.CLERK), issue_moment(when),
                pdf=pdf, related=related, relation=relation if related else None)
    click.echo(f"{document}: {State(row.state).label}, Số: {_number(row)}, "
               f"ngày {ngay_ngan(row.issued_on)}")
    click.echo(row.docx)


@click.command("resume")
@_BY
@_DB
def resume_command(by: str, db: str | None) -> None:
    """Hoàn tất các văn bản đã cấp số nhưng chưa ban hành xong (sau sự cố)."""
    engine = open_engine(db)
    for doc_id in pending_issues(engine):
        row = issue(engine, doc_id, Actor(by, Role.CLERK), issue_moment(None))
        click.echo(f"{doc_id}: {State(row.state).label}, Số: {_number(row)}")


@click.command("status")
@_DB
def status_command(db: str | None) -> None:
    """Trạng thái của mọi văn bản trong quy trình."""
    for row in rows(open_engine(db)):
        problems = verify(row)
        flag = f"  CẢNH BÁO: {'; '.join(problems)}" if problems else ""
        click.echo(f"{row.id:<45} {State(row.state).label:<14} {_number(row)}{flag}")


@click.command("register")
@click.option("--year", type=int, required=True, help="Năm của sổ.")
@click.option("--body", default=None, help="Mã cơ quan (khi sổ có nhiều cơ quan).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp kết quả: .docx hoặc .xlsx.")
@click.option("--pdf", is_flag=True, help="Ghi cả bản PDF (với .docx).")
@_DB
def register_command(year: int, body: str | None, out: Path, pdf: bool, db: str | None) -> None:
    """In Sổ đăng ký văn bản đi của một năm (Phụ lục IV, Nghị định 30/2020)."""
    for path in write_register(open_engine(db), year, out, body, pdf=pdf):
        click.echo(str(path))


@click.command("history")
@click.argument("document")
@_DB
def history_command(document: str, db: str | None) -> None:
    """Lịch sử xử lý một văn bản (ai, khi nào, từ, đến, ý kiến)."""
    engine = open_engine(db)
    for entry in history(engine, document):
        source = State(entry.from_state).label if entry.from_state else "—"
        note = f" «{entry.comment}»" if entry.comment else ""
        click.echo(f"{entry.at:%Y-%m-%d %H:%M:%S}Z {entry.actor} ({Role(entry.role).label})"
                   f": {entry.action}: {source} → {State(entry.to_state).label}{note}")
    for row in rows(engine, document):
        problems = verify(row)
        if problems:
            raise IntegrityError("Toàn vẹn: " + "; ".join(problems),
                                 hint="Khôi phục tệp đã ban hành từ bản lưu; không sửa tệp đó.")
