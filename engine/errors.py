"""The one error family of vanban: every error a user can meet, its code and its exit code.

Every class here carries an English `code` (stable, for scripts and logs), an `exit_code` from
`ExitCode` and a Vietnamese message (with a hint where one helps). The command line prints
`Lỗi: [code] message` and exits with `exit_code`; nothing else in the engine defines an exception.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """What the `vanban` process exit status means (documented in the README)."""

    OK = 0
    FINDINGS = 1       # `check` found departures from the decree
    BAD_INPUT = 2      # an input file or value is wrong (campaign, profile, sheet, --date …)
    UNREADABLE = 3     # a document to read is not a safe, readable DOCX
    REFUSED = 4        # a workflow action was refused (state, role, rule, unknown document)
    TEMPLATE = 5       # a template cannot be used
    OUTPUT = 6         # files could not be written (disk, permissions)
    PDF = 7            # LibreOffice could not make a valid PDF
    INTEGRITY = 8      # an issued file or the register no longer matches what was recorded
    SIGNING = 9        # a key, certificate, token or signature image cannot be used to sign
    JOBS = 10          # a batch has failed jobs, or its broker or workers cannot be reached
    USAGE = 64         # the command line itself is wrong (unknown option, missing argument)
    INTERNAL = 70      # a fault in vanban itself; details go to a log file, never a traceback


class EngineError(Exception):
    """Base class of every error vanban reports to a user (message in Vietnamese)."""

    exit_code: ExitCode = ExitCode.INTERNAL
    code = "engine-error"

    def __init__(self, message: str, *, hint: str | None = None,
                 code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code is not None:  # the English code of this case, where the class has several
            self.code = code

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        return f"{text}\nGợi ý: {self.hint}" if self.hint else text


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file: where it is, which field, and what is wrong."""

    file: str
    line: int | None
    field: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" «{self.field}»" if self.field else ""
        return f"{where}:{field} {self.message} [{self.code}]"


class InputError(EngineError):
    """Input files have problems; all of them are listed at once and nothing was written."""

    exit_code = ExitCode.BAD_INPUT
    code = "invalid-input"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.field, p.code))
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"Dữ liệu đầu vào có {count} lỗi, chưa tạo văn bản nào:\n{lines}",
            hint=f"Sửa các lỗi trên trong {_kinds(self.problems)} rồi chạy lại lệnh.",
        )


def _kinds(problems: list[Problem]) -> str:
    """What the clerk has to open to fix `problems`: YAML files, workbooks, or both.

    >>> _kinds([Problem("a.yaml", 1, "", "x", "")]), _kinds([Problem("b.xlsx", 2, "", "x", "")])
    ('tệp YAML', 'bảng tính XLSX')
    """
    sheets = any(p.file.lower().endswith(".xlsx") for p in problems)
    texts = any(not p.file.lower().endswith(".xlsx") for p in problems)
    return " và ".join(kind for kind, found in (("tệp YAML", texts), ("bảng tính XLSX", sheets))
                       if found) or "tệp YAML"


class BadValue(EngineError):
    """A value given on the command line (a date, a unit, a year) that cannot be used."""

    exit_code = ExitCode.BAD_INPUT
    code = "bad-value"


class NoLegalData(BadValue):
    """A date that no row of a legal table covers (engine/awards/data/khen_thuong.json): the
    law in force, a decree, the base salary … are not known for it, so nothing is guessed."""

    code = "no-legal-data"

    def __init__(self, what: str, day: str, known: str) -> None:
        self.what, self.day = what, day
        super().__init__(
            f"Chưa có dữ liệu pháp luật về {what} cho ngày {day} ({known}).",
            hint="Sửa ngày, hoặc bổ sung bảng engine/awards/data/khen_thuong.json (mỗi dòng "
                 "kèm nguồn) rồi chạy lại.")


class UnreadableDocument(EngineError):
    """The file is not a DOCX that can be read safely (not a zip, a zip bomb, macros …)."""

    exit_code = ExitCode.UNREADABLE
    code = "unreadable-docx"

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        super().__init__(f"Không đọc được «{name}»: {reason}")


class TemplateError(EngineError):
    """A template cannot be used: unreadable, unsafe, or asks for data the engine lacks."""

    exit_code = ExitCode.TEMPLATE
    code = "template-error"

    def __init__(self, template: str, reason: str) -> None:
        self.template, self.reason = template, reason
        super().__init__(
            f"Không dùng được mẫu «{template}»: {reason}",
            hint="Kiểm tra lại tệp mẫu DOCX (thẻ {{ }}, {% %}) hoặc khôi phục bản gốc.",
        )

    def __reduce__(self) -> tuple[type[TemplateError], tuple[str, str]]:
        # Raised in a worker process, it must cross back to the parent intact.
        return (type(self), (self.template, self.reason))


class TemplateLimit(TemplateError):
    """Rendering a document took longer, or more memory, than a worker may use
    (engine/output/render_pool): the template loops or builds too much."""

    code = "template-limit"


class OutputError(EngineError):
    """Writing the generated files failed; nothing was left half-written."""

    exit_code = ExitCode.OUTPUT
    code = "output-error"


class ConversionError(EngineError):
    """A document could not be converted to a valid PDF."""

    exit_code = ExitCode.PDF
    code = "pdf-error"

    def __init__(self, name: str, reason: str) -> None:
        self.name, self.reason = name, reason
        super().__init__(f"Không chuyển được «{name}» sang PDF: {reason}",
                         hint="Kiểm tra LibreOffice (soffice) và chạy lại; tệp DOCX vẫn nguyên.")


class ConversionErrors(ConversionError):
    """Several documents of a batch could not be converted: every one is listed."""

    def __init__(self, errors: Sequence[ConversionError]) -> None:
        self.errors = list(errors)
        if len(self.errors) == 1:
            one = self.errors[0]
            super().__init__(one.name, one.reason)
            return
        EngineError.__init__(
            self, f"{len(self.errors)} văn bản không chuyển được sang PDF:\n"
            + "\n".join(f"  - «{e.name}»: {e.reason}" for e in self.errors),
            hint="Kiểm tra LibreOffice (soffice) và chạy lại; các tệp DOCX vẫn nguyên.")


class SigningError(EngineError):
    """A digital signature cannot be made or read: the key, its passphrase or PIN, the token,
    the certificate, the signature or seal image, or a PDF that is not one."""

    exit_code = ExitCode.SIGNING
    code = "signing-error"


class JobError(EngineError):
    """A batch of document jobs that cannot run or did not finish: the broker unreachable, an
    unknown batch, jobs that failed after their tries (each named with its error)."""

    exit_code = ExitCode.JOBS
    code = "job-error"


class TryAgain(JobError):
    """A try of a job failed with `error`; the job is queued for another try."""

    code = "try-again"

    def __init__(self, error: EngineError, tries: int) -> None:
        super().__init__(error.message, hint=error.hint)
        self.error = error
        self.tries = tries


class WorkflowError(EngineError):
    """A workflow request that cannot be carried out as asked; nothing was changed."""

    exit_code = ExitCode.REFUSED
    code = "workflow-error"


class UnknownDocument(WorkflowError):
    """The document named is not in the register."""

    code = "unknown-document"


class ConcurrentChange(WorkflowError):
    """Someone else changed the document between reading and writing it (D8)."""

    code = "concurrent-change"


class TransitionNotAllowed(WorkflowError):
    """An action that the document's state or the actor's role does not allow."""

    code = "transition-not-allowed"

    def __init__(self, action: str, state: str, allowed: list[str], reason: str = "") -> None:
        self.action, self.state, self.allowed = action, state, allowed
        choices = ", ".join(allowed) or "không có (văn bản đã đóng băng)"
        super().__init__(
            f"Không thể «{action}» khi văn bản đang ở trạng thái «{state}»{reason}.",
            hint=f"Các thao tác hợp lệ lúc này: {choices}.")


class IntegrityError(EngineError):
    """What the register recorded no longer matches the files or the rows (tampering?)."""

    exit_code = ExitCode.INTEGRITY
    code = "integrity"


class AccessDenied(WorkflowError):
    """The account may not do this: a rule of roles or separation of duties; nothing changed.

    `rule` is a stable English name of the rule (role-required, self-approval, not-the-signer,
    other-body, admin-required)."""

    code = "access-denied"

    def __init__(self, rule: str, message: str, *, hint: str | None = None) -> None:
        self.rule = rule
        super().__init__(f"{message} (quy tắc: {rule}).", hint=hint)


class NotLoggedIn(WorkflowError):
    """No valid session: never logged in, logged out, expired, or the account was disabled."""

    code = "not-logged-in"

    def __init__(self, reason: str) -> None:
        super().__init__(reason, hint="Đăng nhập: «vanban login TÊN_ĐĂNG_NHẬP».")


class ContentChanged(WorkflowError):
    """What a signed or approved version depends on changed: it must be reviewed again."""

    code = "content-changed"

    def __init__(self, doc_id: str, changes: Sequence[str]) -> None:
        self.changes = list(changes)
        super().__init__(
            f"Không ban hành «{doc_id}»: " + "; ".join(self.changes) + ".",
            hint="Chạy lại «vanban draft» để tạo phiên bản mới; văn bản phải được trình duyệt, "
                 "duyệt và ký lại trước khi ban hành.")
