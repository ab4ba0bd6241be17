"""YAML text to a node tree, with the work a hostile file can cause bounded.

Parsing uses PyYAML's *compose* step only: no Python object is ever
constructed from a tag. Ordinary files go through LibYAML; anything that could
be hostile (flow collections, anchors and aliases, deep indentation, very many
lines) goes through a pure-Python composer that counts nodes and nesting while
it works, so such a file is refused (:class:`TooComplex`) after a bounded
amount of work and memory. PyYAML's problem texts become Vietnamese findings at
their line and column (:func:`yaml_error_finding`, :func:`reader_error_finding`).
"""

from __future__ import annotations

import yaml

from dossier.findings import ERROR, Finding, Location

MAX_NODES = 100_000  # YAML nodes composed from one file (the pure-Python parser needs ~30 µs each)
MAX_DEPTH = 64


class TooComplex(Exception):
    """Too many nodes or values, too deep, or too many alias expansions."""


class _Composer(yaml.SafeLoader):
    """PyYAML's safe loader with the nesting depth and the number of nodes
    bounded while composing: the scanner works token by token as the composer
    asks, so a hostile file is abandoned early instead of being parsed whole
    (nesting costs the pure-Python scanner time per token and level)."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent, index):
        self._depth += 1
        self._nodes += 1
        if self._depth > MAX_DEPTH or self._nodes > MAX_NODES:
            raise TooComplex
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _plainly_bounded(text: str) -> bool:
    """Whether ``text`` cannot be hostile in the ways only the pure-Python
    composer bounds (nesting depth, node count, alias expansion): no flow
    collections, anchors or aliases, shallow indentation, few lines."""
    if any(mark in text for mark in "[]{}&*") or text.count("\n") * 2 >= MAX_NODES:
        return False
    return all(len(line) - len(line.lstrip(" ")) <= 2 * MAX_DEPTH for line in text.splitlines())


def compose(text: str):
    """The node tree of ``text``. Ordinary data files go through LibYAML's
    composer (about ten times faster: parsing is most of a rebuild's start-up);
    anything else — and any file LibYAML rejects, so the error message is the
    familiar one — through the bounded pure-Python composer."""
    if getattr(yaml, "CSafeLoader", None) is not None and _plainly_bounded(text):
        try:
            return yaml.compose(text, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            pass
    loader = _Composer(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


# PyYAML's problem texts -> what a user should read.
_YAML_PROBLEMS = [
    ("found character '\\t' that cannot start any token",
     "có ký tự Tab; YAML chỉ cho phép thụt lề bằng dấu cách"),
    ("found a tab character", "có ký tự Tab; YAML chỉ cho phép thụt lề bằng dấu cách"),
    ("mapping values are not allowed here",
     "dấu ':' đặt không đúng chỗ (thụt lề của dòng này không khớp với các dòng trên, thiếu dấu cách sau "
     "':' ở dòng trước, hoặc giá trị có dấu ':' cần đặt trong dấu ngoặc kép)"),
    ("could not find expected ':'", "thiếu dấu ':' sau tên trường"),
    ("expected ',' or ']'", "danh sách mở bằng '[' chưa có dấu ']' đóng (hoặc thiếu dấu ',' giữa các mục)"),
    ("expected ',' or '}'", "bảng mở bằng '{' chưa có dấu '}' đóng (hoặc thiếu dấu ',' giữa các mục)"),
    ("expected <block end>, but found '<scalar>'",
     "thụt lề không khớp với các dòng phía trên, hoặc một dấu ngoặc kép mở ở dòng trên chưa được đóng"),
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


def yaml_error_finding(display: str, exc: yaml.YAMLError) -> Finding:
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    message = None
    for needle, text in _YAML_PROBLEMS:
        if needle in problem or needle in str(exc):
            message = text
            break
    if message is None:
        message = f"cú pháp YAML không hợp lệ (chi tiết: {problem})"
    context = getattr(exc, "context_mark", None)
    if context is not None and mark is not None and context.line != mark.line and (
            "'['" in message or "'{'" in message):
        message += f"; dấu mở ngoặc ở dòng {context.line + 1}"
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return Finding(ERROR, "yaml.syntax", message, Location(display, line, column))


def reader_error_finding(display: str, text: str, exc: yaml.reader.ReaderError) -> Finding:
    """A character PyYAML refuses to read (U+FFFE, U+FFFF…), at its line and column."""
    position = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return Finding(ERROR, "text.control_char",
                   f"có ký tự không được phép trong tệp dữ liệu (U+{code:04X}); hãy xóa nó",
                   Location(display, line, column))
