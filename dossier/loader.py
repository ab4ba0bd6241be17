"""Safe YAML loading with source positions.

Every data file is read through :func:`load`, which

* refuses files that are too large, empty, or not UTF-8 (with a Vietnamese
  explanation of the likely encoding: UTF-16, Windows-1258, TCVN3, VNI);
* normalises the text to Unicode NFC before parsing;
* parses with PyYAML's *compose* step (no Python objects are ever constructed
  from tags) and builds plain values itself, which lets it
  - report duplicate keys, which PyYAML silently accepts,
  - bound the work that aliases can cause ("billion laughs"),
  - resolve plain scalars the YAML 1.2 way: ``yes``/``no``/``on`` stay text,
    numbers with a leading zero (ID numbers, phone numbers) stay text, and
    dates stay text (the schema checks them, so ``2026-02-31`` is reported,
    not a crash);
* records the 1-based line and column of every value and every mapping key,
  so later stages can point to ``file:line:column``.

Problems are returned as findings; nothing here raises for bad user data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dossier.findings import ERROR, Finding, Location

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_VALUES = 200_000  # values built from one file, counting every alias expansion
MAX_DEPTH = 64

FieldPath = tuple  # of str keys and int indexes


@dataclass
class Document:
    """A loaded YAML file: plain data plus where each piece came from."""

    path: Path
    display: str  # the path as shown to the user
    data: Any
    marks: dict = field(default_factory=dict)  # FieldPath -> (line, column) of the value
    key_marks: dict = field(default_factory=dict)  # FieldPath -> (line, column) of the key
    raw: dict = field(default_factory=dict)  # FieldPath -> source text of a plain scalar

    @property
    def kind(self) -> str | None:
        if isinstance(self.data, dict) and isinstance(self.data.get("loai"), str):
            return self.data["loai"]
        return None

    def location(self, path: FieldPath = (), *, key: bool = False) -> Location:
        """The location of the value (or, with ``key=True``, of the key) at ``path``,
        falling back to the nearest enclosing value that has a mark."""
        marks = self.key_marks if key else self.marks
        probe = tuple(path)
        while True:
            if probe in marks:
                line, column = marks[probe]
                break
            if key and probe in self.marks:
                line, column = self.marks[probe]
                break
            if not probe:
                line, column = None, None
                break
            probe = probe[:-1]
        return Location(self.display, line, column, format_field_path(path) or None)


def format_field_path(path: FieldPath) -> str:
    """``("gia_dinh", 1, "nam_sinh")`` -> ``gia_dinh[2].nam_sinh`` (items count from 1,
    as a person counts them)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + str(part)
    return text


# Plain-scalar resolution, YAML 1.2 core schema minus what trips users up.
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)\.[0-9]+")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


def _plain_scalar(text: str) -> Any:
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text


class _TooComplex(Exception):
    pass


class _Builder:
    def __init__(self, doc: Document, findings: list[Finding]):
        self.doc = doc
        self.findings = findings
        self.count = 0

    def mark(self, node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def build(self, node, path: FieldPath, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_VALUES or depth > MAX_DEPTH:
            raise _TooComplex
        self.doc.marks.setdefault(path, self.mark(node))
        if isinstance(node, yaml.ScalarNode):
            if node.style is None and node.tag in _IMPLICIT_TAGS:
                self.doc.raw[path] = node.value
                return _plain_scalar(node.value)
            if node.tag == "tag:yaml.org,2002:null" and node.style is None:
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            first_seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    line, column = self.mark(key_node)
                    self.findings.append(
                        Finding(
                            ERROR,
                            "yaml.complex_key",
                            "tên trường phải là một chữ đơn giản, không phải danh sách hay bảng",
                            Location(self.doc.display, line, column, format_field_path(path) or None),
                        )
                    )
                    continue
                key = key_node.value
                line, column = self.mark(key_node)
                if key in first_seen:
                    self.findings.append(
                        Finding(
                            ERROR,
                            "yaml.duplicate_key",
                            f"trường '{key}' bị khai báo hai lần (lần đầu ở dòng {first_seen[key]}); "
                            "hãy giữ lại một lần",
                            Location(self.doc.display, line, column, format_field_path(path + (key,))),
                        )
                    )
                    continue
                first_seen[key] = line
                self.doc.key_marks[path + (key,)] = (line, column)
                result[key] = self.build(value_node, path + (key,), depth + 1)
            return result
        raise _TooComplex  # pragma: no cover - PyYAML has no other node kinds


_IMPLICIT_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:value",
    "tag:yaml.org,2002:merge",
}

# PyYAML's problem texts -> what a user should read.
_YAML_PROBLEMS = [
    ("found character '\\t' that cannot start any token",
     "có ký tự Tab; YAML chỉ cho phép thụt lề bằng dấu cách"),
    ("found a tab character", "có ký tự Tab; YAML chỉ cho phép thụt lề bằng dấu cách"),
    ("mapping values are not allowed here",
     "dấu ':' đặt không đúng chỗ (thiếu dấu cách sau ':' ở dòng trước, hoặc giá trị có dấu ':' "
     "cần đặt trong dấu ngoặc kép)"),
    ("could not find expected ':'", "thiếu dấu ':' sau tên trường"),
    ("expected <block end>", "thụt lề không khớp với các dòng phía trên"),
    ("expected <block mapping start>", "thụt lề không khớp với các dòng phía trên"),
    ("found undefined alias", "dùng bí danh (alias *...) chưa được định nghĩa"),
    ("found unexpected end of stream", "tệp kết thúc khi một giá trị chưa đóng (thiếu dấu ngoặc kép đóng?)"),
    ("found unknown escape character", "chuỗi trong ngoặc kép có ký tự thoát '\\' không hợp lệ"),
    ("expected a single document", "tệp chỉ được chứa một tài liệu YAML (bỏ dòng '---' thứ hai)"),
    ("found unacceptable character", "có ký tự điều khiển không được phép trong YAML"),
    ("special characters are not allowed", "có ký tự điều khiển không được phép trong YAML"),
    ("found duplicate anchor", "một nhãn (anchor &...) được khai báo hai lần"),
    ("did not find expected key", "thụt lề hoặc dấu '-' của danh sách không khớp"),
    ("did not find expected '-' indicator", "thụt lề hoặc dấu '-' của danh sách không khớp"),
    ("did not find expected node content", "thiếu giá trị sau dấu ':' hoặc '-'"),
    ("found character '@' that cannot start any token",
     "giá trị không được bắt đầu bằng '@' hay '`'; hãy đặt trong dấu ngoặc kép"),
    ("found character '`' that cannot start any token",
     "giá trị không được bắt đầu bằng '@' hay '`'; hãy đặt trong dấu ngoặc kép"),
]


def _yaml_error_finding(display: str, exc: yaml.YAMLError) -> Finding:
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    message = None
    for needle, text in _YAML_PROBLEMS:
        if needle in problem or needle in str(exc):
            message = text
            break
    if message is None:
        message = f"cú pháp YAML không hợp lệ ({problem})"
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return Finding(ERROR, "yaml.syntax", message, Location(display, line, column))


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"

ENCODING_ADVICE = (
    "Hãy mở tệp bằng trình soạn thảo (Notepad, VS Code…) và lưu lại với bảng mã UTF-8; "
    "nếu văn bản gõ bằng phông TCVN3 (.VnTime) hoặc VNI, hãy chuyển mã sang Unicode "
    "(ví dụ bằng công cụ chuyển mã của Unikey) trước khi lưu."
)


def _decode(display: str, data: bytes) -> tuple[str | None, Finding | None]:
    if data.startswith(_UTF16_BOMS) or (len(data) > 1 and data[1:2] == b"\x00" or data[:1] == b"\x00"):
        return None, Finding(
            ERROR,
            "file.encoding",
            "tệp được lưu bằng bảng mã UTF-16, không phải UTF-8. " + ENCODING_ADVICE,
            Location(display, 1, 1),
        )
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Finding(
            ERROR,
            "file.encoding",
            "tệp không phải UTF-8 (có thể là Windows-1258, TCVN3 hoặc VNI). " + ENCODING_ADVICE,
            Location(display, line, column),
        )


def load(path: str | Path, display: str | None = None) -> tuple[Document | None, list[Finding]]:
    """Load one YAML data file. Returns the document (None if it could not be
    read at all) and the findings about it."""
    path = Path(path)
    display = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Finding(
                    ERROR,
                    "file.too_large",
                    f"tệp quá lớn ({size // 1024} KB); tệp dữ liệu không được quá {MAX_FILE_BYTES // 1024} KB",
                    Location(display),
                )
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [
            Finding(ERROR, "file.unreadable", f"không đọc được tệp: {exc.strerror or exc}", Location(display))
        ]
    text, problem = _decode(display, raw)
    if problem:
        return None, [problem]
    text = unicodedata.normalize("NFC", text)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [Finding(ERROR, "file.empty", "tệp rỗng, không có dữ liệu", Location(display))]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        return None, [_yaml_error_finding(display, exc)]
    except RecursionError:
        return None, [Finding(ERROR, "yaml.too_complex", "cấu trúc lồng nhau quá sâu", Location(display))]
    doc = Document(path=path, display=display, data=None)
    findings: list[Finding] = []
    try:
        doc.data = _Builder(doc, findings).build(node, ())
    except _TooComplex:
        return None, [
            Finding(
                ERROR,
                "yaml.too_complex",
                "tệp có quá nhiều giá trị hoặc bí danh (alias) lồng nhau; dữ liệu hồ sơ không cần cấu trúc như vậy",
                Location(display),
            )
        ]
    if not isinstance(doc.data, dict):
        kind = "danh sách" if isinstance(doc.data, list) else "một giá trị đơn"
        findings.append(
            Finding(
                ERROR,
                "yaml.not_mapping",
                f"nội dung tệp phải là một bảng các trường (tên: giá trị), nhưng đang là {kind}",
                Location(display, 1, 1),
            )
        )
    return doc, findings
