"""A departure from the decree, as `vanban check` reports it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from engine.errors import EngineError

DECREE = "NĐ 30/2020/NĐ-CP"


@dataclass(frozen=True)
class Finding:
    """One departure: its code, the rule it breaks, where, what was found and what is expected."""

    code: str
    rule: str
    paragraph: str
    message: str

    def __str__(self) -> str:
        where = f" «{self.paragraph}»" if self.paragraph else ""
        return f"[{self.code}] {DECREE}, {self.rule}{where}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        return {**asdict(self), "rule": f"{DECREE}, {self.rule}"}


class UnreadableDocument(EngineError):
    """The file is not a DOCX that can be checked safely (not a zip, a zip bomb, macros …)."""

    exit_code = 2
    code = "unreadable-docx"

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        super().__init__(f"Không đọc được «{name}»: {reason}")
