"""Write campaign or profile data as YAML that `yaml_reader` reads back unchanged (exports)."""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # vanban refuses anchors and aliases (reliability.md C3)


def dump(data: Any) -> str:
    """Return `data` as YAML a campaign file may hold: every scalar double-quoted (control
    characters written as escapes, nothing retyped), no anchors or aliases.

    >>> print(dump({"so": "05", "ky": ["TM", "KT"]}), end="")
    "so": "05"
    "ky":
    - "TM"
    - "KT"
    """
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, default_style='"',
                     sort_keys=False)
