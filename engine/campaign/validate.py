"""Check a loaded YAML document against its JSON Schema and clean its text, in Vietnamese.

jsonschema (a well-kept implementation of the standard) finds the problems; this module only
translates each one into a located, clerk-readable Problem with an English code.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from engine.base.text import clean
from engine.campaign.schema import campaign_schema, nomination_schema, profile_schema
from engine.campaign.yaml_reader import Path_, YamlDocument
from engine.errors import Problem

# Body text may span several paragraphs; every other field is one line (reliability.md A5).
_MULTILINE_KEYS = {"van_ban", "noi_dung"}
_TYPE_NAMES = {"string": "chuỗi", "array": "danh sách (các dòng «- …»)",
               "object": "mục có các trường (khóa: giá trị)"}


@cache
def _validator(kind: str) -> Draft202012Validator:
    schema = {"campaign": campaign_schema, "profile": profile_schema,
              "nomination": nomination_schema}[kind]()
    return Draft202012Validator(schema)


def check(doc: YamlDocument, kind: str) -> None:
    """Clean every string of `doc` in place and record every schema problem in `doc.problems`."""
    if doc.data is None:
        doc.problems.append(doc.problem((), "empty-file", "tệp rỗng"))
        return
    doc.data = _clean_tree(doc.data, (), doc)
    for error in _validator(kind).iter_errors(doc.data):
        doc.problems.extend(_translate(error, doc))


def _clean_tree(value: Any, path: Path_, doc: YamlDocument) -> Any:
    if isinstance(value, dict):
        return {key: _clean_tree(item, (*path, key), doc) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean_tree(item, (*path, i), doc) for i, item in enumerate(value)]
    if isinstance(value, str):
        keys = [part for part in path if isinstance(part, str)]
        multiline = len(keys) > 1 and keys[-1] in _MULTILINE_KEYS
        text, problems = clean(value, multiline=multiline)
        doc.problems.extend(doc.problem(path, "bad-character", p) for p in problems)
        return text
    return value


def _unknown_key(doc: YamlDocument, path: Path_, key: str, allowed: list[str]) -> Problem:
    """A key the format does not have; one with a space is a sentence that ended in ":"
    ("- Chủ tịch yêu cầu như sau:"), which YAML reads as the name of a field."""
    if " " in key.strip():
        return doc.problem(path, "text-ends-with-colon",
                           f"câu «{key}:» kết thúc bằng dấu «:» nên YAML đọc nó như tên một "
                           f'trường; đặt cả câu trong ngoặc kép ("{key}:") hoặc viết nó sau '
                           "«>-» ở dòng dưới")
    near = difflib.get_close_matches(key, allowed, n=1)
    hint = f" (có phải «{near[0]}»?)" if near else f" (các trường hợp lệ: {', '.join(allowed)})"
    return doc.problem((*path, key), "unknown-field", f"trường không có trong định dạng{hint}")


def _translate(error: ValidationError, doc: YamlDocument) -> Iterator[Problem]:
    path: Path_ = tuple(error.absolute_path)
    validator = error.validator
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    if validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for key in _extra_keys(error.instance, allowed):
            yield _unknown_key(doc, path, key, allowed)
    elif validator == "required":
        for key in schema["required"]:
            if isinstance(error.instance, dict) and key not in error.instance:
                yield doc.problem(path, "missing-field", f"thiếu trường bắt buộc «{key}»")
    elif validator == "type" and error.instance is None:
        yield doc.problem(path, "empty-value", "không được để trống")
    elif validator == "type":
        wanted = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        names = " hoặc ".join(_TYPE_NAMES.get(str(t), str(t)) for t in wanted)
        yield doc.problem(path, "wrong-type", f"phải là {names}")
    elif validator == "pattern":
        message = schema.get("x-vi", f"không đúng dạng {schema['pattern']}")
        yield doc.problem(path, "bad-format", f"giá trị «{error.instance}» sai: {message}")
    elif validator == "enum":
        values = ", ".join(str(v) for v in schema["enum"])
        yield doc.problem(path, "bad-value", f"giá trị «{error.instance}» không hợp lệ; "
                                             f"chọn một trong: {values}")
    elif validator in ("minItems", "minLength", "minProperties"):
        yield doc.problem(path, "empty-value", "không được để trống")
    elif validator == "maxLength":
        yield doc.problem(path, "too-long", f"dài quá {schema['maxLength']} ký tự")
    else:  # keywords the schema does not use today; keep jsonschema's own words
        yield doc.problem(path, f"schema-{validator!s}", str(error.message))


def _extra_keys(instance: Any, allowed: list[str]) -> list[str]:
    return [key for key in instance if key not in allowed] if isinstance(instance, dict) else []
