"""A departure from the decree, as `vanban check` reports it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

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


if TYPE_CHECKING:
    from engine.check.components import Layout

# A rule of `check`: one departure it looks for, given the document's components.
Rule = Callable[["Layout"], Iterator[Finding]]
