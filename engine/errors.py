"""One error hierarchy for vanban; every message a user sees is worded here, in Vietnamese."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class EngineError(Exception):
    """Base class of every error vanban reports to a user (message in Vietnamese)."""

    exit_code = 1
    code = "engine-error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

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

    exit_code = 2
    code = "invalid-input"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.field, p.code))
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"Dữ liệu đầu vào có {count} lỗi, chưa tạo văn bản nào:\n{lines}",
            hint="Sửa các lỗi trên trong tệp YAML rồi chạy lại lệnh.",
        )


class TemplateError(EngineError):
    """A template cannot be used: unreadable, unsafe, or asks for data the engine lacks."""

    exit_code = 3
    code = "template-error"

    def __init__(self, template: str, reason: str) -> None:
        self.template, self.reason = template, reason
        super().__init__(
            f"Không dùng được mẫu «{template}»: {reason}",
            hint="Kiểm tra lại tệp mẫu DOCX (thẻ {{ }}, {% %}) hoặc khôi phục bản gốc.",
        )

    def __reduce__(self) -> tuple[type[TemplateError], tuple[str, str]]:
        # Raised in a worker process, it must cross back to the parent intact.
        return (TemplateError, (self.template, self.reason))


class OutputError(EngineError):
    """Writing the generated files failed; nothing was left half-written."""

    exit_code = 4
    code = "output-error"
