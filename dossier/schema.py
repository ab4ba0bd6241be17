"""JSON Schema validation of loaded documents, reported as located Vietnamese findings.

The schemas live in ``schemas/`` (draft 2020-12). Each data file names its kind
in the top-level ``loai`` key. jsonschema's English messages are never shown:
each kind of error is translated here, using the schema's Vietnamese ``title``
of the field, and placed on the line and column of the offending value (for an
unknown key: of the key itself; for a missing key: of the enclosing mapping).
"""

from __future__ import annotations

import difflib
import functools
import json
import re

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from dossier import resources, vietnamese
from dossier.findings import ERROR, Finding
from dossier.schema_indent import misindented
from dossier.yaml_document import Document, format_field_path

SCHEMA_DIR = resources.SCHEMAS

SCHEMA_FILES = {
    "to_chuc": "to-chuc.schema.json",
    "lop": "lop.schema.json",
    "ung_vien": "ung-vien.schema.json",
    "so_van_ban": "so-van-ban.schema.json",
    "ke_hoach": "ke-hoach.schema.json",
}
KIND_LABELS = {"to_chuc": "tổ chức đảng", "lop": "lớp bồi dưỡng", "ung_vien": "người xin vào Đảng",
               "so_van_ban": "sổ số văn bản", "ke_hoach": "kế hoạch phát triển đảng viên"}

_TYPE_LABELS = {
    "string": "chữ (chuỗi)",
    "integer": "số nguyên",
    "number": "số",
    "boolean": "true hoặc false",
    "object": "một bảng các trường",
    "array": "một danh sách",
    "null": "để trống",
}

FORMAT_CHECKER = FormatChecker(formats=())


@FORMAT_CHECKER.checks("ngay", raises=ValueError)
def _is_ngay(value) -> bool:
    if not isinstance(value, str):
        return True
    vietnamese.parse_ngay(value)
    return True


@FORMAT_CHECKER.checks("thang", raises=ValueError)
def _is_thang(value) -> bool:
    if not isinstance(value, str):
        return True
    vietnamese.parse_thang(value)
    return True


@functools.lru_cache(maxsize=None)
def load_schema(kind: str) -> dict:
    with open(SCHEMA_DIR / SCHEMA_FILES[kind], encoding="utf-8") as handle:
        return json.load(handle)


@functools.lru_cache(maxsize=None)
def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(kind), format_checker=FORMAT_CHECKER)


# A valid file (nearly every file of a rebuild) is recognised by jsonschema-rs,
# many times faster (bench/README.md); only a file it rejects goes through jsonschema,
# whose errors are translated below. It must never accept what jsonschema
# rejects: the formats are the same Python functions, and "pattern" is matched
# with Python's re.search as jsonschema does (the Rust engine reads \d as ASCII
# and $ as the very end, so "Nguyễn ٣" would pass [^\s\d] there).
# tests/test_schema_fast.py compares the two on samples, hostile files and
# thousands of mutated documents.
_PYTHON_PATTERN = "x-python-pattern"


class _PythonPattern:
    def __init__(self, parent_schema, value, schema_path):
        self._regex = re.compile(value)

    def validate(self, instance) -> None:
        if isinstance(instance, str) and not self._regex.search(instance):
            raise ValueError("pattern")


def _python_patterns(node):
    """The schema with every "pattern" keyword renamed for _PythonPattern (a
    property that happens to be called "pattern" has a schema, not a string)."""
    if isinstance(node, dict):
        return {(_PYTHON_PATTERN if key == "pattern" and isinstance(value, str) else key): _python_patterns(value)
                for key, value in node.items()}
    if isinstance(node, list):
        return [_python_patterns(item) for item in node]
    return node


@functools.lru_cache(maxsize=None)
def _fast_validator(kind: str) -> jsonschema_rs.Draft202012Validator:
    formats = {name: functools.partial(FORMAT_CHECKER.conforms, format=name) for name in FORMAT_CHECKER.checkers}
    return jsonschema_rs.Draft202012Validator(_python_patterns(load_schema(kind)), formats=formats,
                                              validate_formats=True, keywords={_PYTHON_PATTERN: _PythonPattern})


def _surely_valid(kind: str, data) -> bool:
    try:
        return _fast_validator(kind).is_valid(data)
    except ValueError:  # a value JSON has no type for (a non-text key…): let jsonschema say
        return False


def validate(doc: Document) -> list[Finding]:
    """All schema findings for one document (an empty list when it is valid)."""
    data = doc.data
    if not isinstance(data, dict):
        return []  # the loader has already reported it
    kind = data.get("loai")
    if kind not in SCHEMA_FILES:
        choices = ", ".join(f"{k} ({v})" for k, v in KIND_LABELS.items())
        if kind is None:
            message = f"thiếu trường 'loai' cho biết loại tệp; ghi một trong: {choices}"
            loc = doc.location(())
        else:
            message = f"loại tệp '{kind}' không hợp lệ; ghi một trong: {choices}"
            loc = doc.location(("loai",))
        return [Finding(ERROR, "schema.kind", message, loc)]
    if _surely_valid(kind, data):
        return []
    findings: list[Finding] = []
    for error in _validator(kind).iter_errors(data):
        findings.extend(_translate(doc, kind, _most_specific(error)))
    return misindented(doc, load_schema(kind), _dedupe(findings))


def _most_specific(error: ValidationError) -> ValidationError:
    """For anyOf/oneOf, report the error of the branch that went furthest."""
    while error.validator in ("anyOf", "oneOf") and error.context:
        error = max(error.context, key=lambda e: (len(e.absolute_path), -len(e.schema_path)))
    return error


def _field_schema(kind: str, error: ValidationError) -> dict | None:
    """The schema of the field itself (where its Vietnamese title is), found by
    walking the schema path: a field whose value is a shared ``$ref`` shape
    ("Ngày") keeps its own title ("Ngày sinh")."""
    root = load_schema(kind)

    def resolve(node):
        while isinstance(node, dict) and str(node.get("$ref", "")).startswith("#/"):
            target = root
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            node = target
        return node

    node, found, previous = root, None, None
    for step in error.absolute_schema_path:
        if step == "$ref":
            node, previous = resolve(node), step
            continue
        if isinstance(node, dict) and step not in node:
            node = resolve(node)
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if previous == "properties" and isinstance(node, dict):
            found = node
        previous = step
    return found


def _title(schema: dict, default: str) -> str:
    return schema.get("title", default) if isinstance(schema, dict) else default


def _label(schema: dict, name: str) -> str:
    """`ngay_sinh` (Ngày sinh)"""
    title = _title(schema, "")
    return f"'{name}' ({title})" if title else f"'{name}'"


# Fields of older versions of the data model, with how to write them now.
MOVED_FIELDS = {
    ("moc", "tham_tra_ly_lich"): (
        "từ năm 2025 không ghi thẩm tra lý lịch trong moc nữa: mỗi cấp ủy được đề nghị thẩm tra là một mục"
        " trong danh sách 'tham_tra' ở cấp ứng viên, gồm noi_tham_tra (đúng như gia_dinh[].tham_tra), so,"
        " ngay_gui (thay cho ngay_de_nghi), ngay_tra_loi (thay cho ngay), ket_qua và nuoc_ngoai"
        " (xem docs/data-model.md, mục Thẩm tra lý lịch)"),
}


def _translate(doc: Document, kind_of_file: str, error: ValidationError) -> list[Finding]:
    path = tuple(error.absolute_path)
    name = str(path[-1]) if path and isinstance(path[-1], str) else format_field_path(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    kind = error.validator
    code = f"schema.{kind}"

    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        extras = [k for k in value if k not in allowed] if isinstance(value, dict) else []
        found = []
        for key in extras:
            if (*path, key) in MOVED_FIELDS:
                found.append(Finding(ERROR, "schema.moved_key", MOVED_FIELDS[(*path, key)],
                                     doc.location(path + (key,), key=True)))
                continue
            message = f"trường '{key}' không có trong mẫu dữ liệu"
            guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            if guess:
                message += f"; có phải ý bạn là '{guess[0]}'?"
            elif allowed:
                message += f"; các trường được phép ở đây: {', '.join(allowed)}"
            found.append(Finding(ERROR, "schema.unknown_key", message, doc.location(path + (key,), key=True)))
        return found

    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        sub = schema.get("properties", {}).get(missing, {})
        where = doc.location(path)
        where = type(where)(where.path, where.line, where.column, format_field_path(path + (missing,)))
        return [Finding(ERROR, "schema.required", f"thiếu trường bắt buộc {_label(sub, missing)}", where)]

    own = _field_schema(kind_of_file, error) or schema
    label = _label(own if "title" in own else schema, name) if name else "giá trị"
    if kind == "type":
        expected = error.validator_value
        expected = [expected] if isinstance(expected, str) else list(expected)
        wanted = " hoặc ".join(_TYPE_LABELS.get(t, t) for t in expected)
        message = f"{label} phải là {wanted}, nhưng đang là {_describe(value)}"
        raw = doc.raw.get(path)
        if "string" in expected and raw is not None:
            message += f"; nếu muốn ghi đúng như đã gõ, hãy đặt trong dấu ngoặc kép: \"{raw}\""
        if value is None and "null" not in expected:
            message = f"{label} đang để trống; hãy điền giá trị hoặc bỏ hẳn dòng này"
    elif kind == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        message = f"{label}: giá trị '{value}' không hợp lệ; chọn một trong: {choices}"
    elif kind == "const":
        message = f"{label} phải là '{error.validator_value}'"
    elif kind == "format":
        # The parser's message says what is wrong, with the spelling hint when
        # the spelling is what is wrong: nothing is added to it.
        cause = str(error.cause) if error.cause else ""
        hint = {"ngay": vietnamese.HINT_NGAY, "thang": vietnamese.HINT_THANG}.get(error.validator_value)
        message = f"{label}: {cause or 'giá trị không đúng định dạng'}"
        if hint and not cause:
            message += f" ({hint})"
    elif kind == "pattern":
        message = f"{label}: '{value}' không đúng dạng yêu cầu"
        if schema.get("description"):
            message += f" — {schema['description']}"
    elif kind in ("minimum", "exclusiveMinimum"):
        op = "≥" if kind == "minimum" else ">"
        message = f"{label} phải {op} {error.validator_value}, nhưng đang là {value}"
    elif kind in ("maximum", "exclusiveMaximum"):
        op = "≤" if kind == "maximum" else "<"
        message = f"{label} phải {op} {error.validator_value}, nhưng đang là {value}"
    elif kind == "minLength":
        message = (
            f"{label} không được để trống"
            if error.validator_value == 1
            else f"{label} phải có ít nhất {error.validator_value} ký tự"
        )
    elif kind == "maxLength":
        message = f"{label} dài quá {error.validator_value} ký tự ({len(value)} ký tự)"
    elif kind == "minItems":
        message = f"{label} cần ít nhất {error.validator_value} mục"
    elif kind == "maxItems":
        message = f"{label} có nhiều nhất {error.validator_value} mục"
    elif kind == "uniqueItems":
        message = f"{label} có mục bị lặp lại"
    elif kind == "minProperties":
        message = f"{label} không được để trống"
    else:
        message = f"{label} không hợp lệ ({kind})"
    return [Finding(ERROR, code, message, doc.location(path))]


def _describe(value) -> str:
    if value is None:
        return "để trống"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return f"số {value}"
    if isinstance(value, float):
        return f"số {value}"
    if isinstance(value, str):
        return f"chữ '{value}'"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một bảng các trường"
    return type(value).__name__


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    unique = []
    for finding in findings:
        key = (finding.code, finding.message, finding.location)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique
