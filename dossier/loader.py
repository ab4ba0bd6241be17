"""Safe YAML loading with source positions.

Every data file is read through :func:`load`, which

* refuses files that are too large (without reading more than the limit),
  not regular files (a pipe or a device would block), binary (a Word, PDF or
  image file saved as .yaml), empty, or not UTF-8 (with a Vietnamese
  explanation of the likely encoding: UTF-16, Windows-1258, TCVN3, VNI);
* normalises the text to Unicode NFC before parsing;
* reports control characters (which YAML refuses, or which a quoted
  ``"\\x07"`` lets through) at their line and column, and text that was typed
  in the old TCVN3 (ABC) or VNI encodings and then saved as UTF-8
  ("NguyÔn V¨n §øc", "Nguyeãn Vaên Ñöùc");
* parses with PyYAML's *compose* step (no Python objects are ever constructed
  from tags) and builds plain values itself, which lets it
  - report duplicate keys, which PyYAML silently accepts,
  - bound the work that nesting, very many values and aliases can cause
    ("billion laughs"): the limits are checked while composing, so a hostile
    file is refused after a bounded amount of work and memory,
  - resolve plain scalars the YAML 1.2 way: ``yes``/``no``/``on`` stay text,
    numbers with a leading zero (ID numbers, phone numbers) stay text, and
    dates stay text (the schema checks them, so ``2026-02-31`` is reported,
    not a crash);
* takes off quotation marks that enclose a whole value and are not YAML's
  (``dan_toc: “Kinh”`` pasted from Word), with an info finding;
* refuses very long values: a value written inline (plain or quoted) may
  hold :data:`MAX_INLINE_CHARS` characters, a block (``|`` or ``>``)
  :data:`MAX_VALUE_CHARS`;
* records the 1-based line and column of every value and every mapping key,
  so later stages can point to ``file:line:column``.

Problems are returned as findings; nothing here raises for bad user data.
"""

from __future__ import annotations

import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dossier import quotes
from dossier.errors import describe_os_error
from dossier.findings import ERROR, INFO, WARNING, Finding, Location

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000  # YAML nodes composed from one file (the pure-Python parser needs ~30 µs each)
MAX_VALUES = 200_000  # values built from one file, counting every alias expansion
MAX_ALIAS_VALUES = 10_000  # of which reached through aliases (real data hardly uses them)
MAX_DEPTH = 64
MAX_INLINE_CHARS = 2_000  # a value written inline: a name, a place, a date…
MAX_VALUE_CHARS = 20_000  # a block of free text (|, >): several pages

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
        self.aliased = 0
        self.seen: set[int] = set()  # ids of the nodes built so far: meeting one again is an alias

    def mark(self, node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def build(self, node, path: FieldPath, depth: int = 0, via_alias: bool = False) -> Any:
        self.count += 1
        if not via_alias and id(node) in self.seen:
            via_alias = True
        self.seen.add(id(node))
        if via_alias:
            self.aliased += 1
        if self.count > MAX_VALUES or self.aliased > MAX_ALIAS_VALUES or depth > MAX_DEPTH:
            raise _TooComplex
        self.doc.marks.setdefault(path, self.mark(node))
        if isinstance(node, yaml.ScalarNode):
            if not via_alias:
                self.check_scalar(node, path)
            if node.style not in ("|", ">") and (unquoted := quotes.unquote(node.value)):
                if not via_alias:
                    self.findings.append(_quotes_finding(self.doc, node, path, *unquoted))
                return unquoted[0]  # text, as YAML's own quotes would have made it
            if not node.style and node.tag in _IMPLICIT_TAGS:  # plain: None (Python) or "" (LibYAML)
                self.doc.raw[path] = node.value
                return _plain_scalar(node.value)
            if node.tag == "tag:yaml.org,2002:null" and not node.style:
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1, via_alias) for i, item in enumerate(node.value)]
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
                result[key] = self.build(value_node, path + (key,), depth + 1, via_alias)
            return result
        raise _TooComplex  # pragma: no cover - PyYAML has no other node kinds

    def check_scalar(self, node, path: FieldPath) -> None:
        """Control characters that a quoted escape let through, and values too long to
        be data. (Raw control characters were reported before parsing.)"""
        value = node.value
        line, column = self.mark(node)
        where = Location(self.doc.display, line, column, format_field_path(path) or None)
        if node.style == '"':
            bad = _CONTROL_IN_VALUE.search(value)
            if bad:
                self.findings.append(Finding(ERROR, "text.control_char", _control_message(bad.group()), where))
        block = node.style in ("|", ">")
        limit = MAX_VALUE_CHARS if block else MAX_INLINE_CHARS
        if len(value) > limit:
            name = path[-1] if path and isinstance(path[-1], str) else "ten_truong"
            if block:
                message = (f"giá trị dài {_count(len(value))} ký tự, quá giới hạn {_count(limit)} ký tự của "
                           "một trường; dữ liệu hồ sơ không cần đoạn văn dài như vậy, hãy rút gọn")
            else:
                message = (f"giá trị dài {_count(len(value))} ký tự, quá giới hạn {_count(limit)} ký tự của "
                           "một giá trị viết liền trên dòng; nếu đây là một đoạn văn dài, hãy viết dạng khối: "
                           f"ghi '{name}: |' rồi viết đoạn văn ở các dòng dưới, thụt lề thêm 2 dấu cách")
            self.findings.append(Finding(ERROR, "value.too_long", message, where))


def _quotes_finding(doc: Document, node, path: FieldPath, value: str, removed: str) -> Finding:
    pairs = " ".join(f"{removed[i]}…{removed[i + 1]}" for i in range(0, len(removed), 2))
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    return Finding(INFO, "text.quotes_removed",
                   f"đã bỏ dấu ngoặc {pairs} bao quanh cả giá trị (thường do chép từ Word), dùng '{value}'; "
                   "trong tệp YAML chỉ cần ngoặc kép thẳng \"…\" (gõ từ bàn phím) để giữ số 0 ở đầu",
                   Location(doc.display, line, column, format_field_path(path) or None))


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


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
            raise _TooComplex
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


def read_packaged(path: Path):
    """A YAML file shipped with the toolkit (the form catalog, rule sets, national
    days): trusted data, parsed by PyYAML's safe loader — through LibYAML when
    PyYAML has it, several times faster (bench/README.md). User files go
    through :func:`load`."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _compose(text: str):
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


def _yaml_error_finding(display: str, exc: yaml.YAMLError) -> Finding:
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


def _reader_error_finding(display: str, text: str, exc: yaml.reader.ReaderError) -> Finding:
    """A character PyYAML refuses to read (U+FFFE, U+FFFF…), at its line and column."""
    position = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return Finding(ERROR, "text.control_char",
                   f"có ký tự không được phép trong tệp dữ liệu (U+{code:04X}); hãy xóa nó",
                   Location(display, line, column))


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"

ENCODING_ADVICE = (
    "Hãy mở tệp bằng trình soạn thảo (Notepad, VS Code…) và lưu lại với bảng mã UTF-8; "
    "nếu văn bản gõ bằng phông TCVN3 (.VnTime) hoặc VNI, hãy chuyển mã sang Unicode "
    "(ví dụ bằng công cụ chuyển mã của Unikey) trước khi lưu."
)


# What other files look like when someone saves them as .yaml by mistake.
_BINARY_SIGNATURES = (
    (b"PK\x03\x04", "tệp Word (.docx), Excel (.xlsx) hoặc tệp nén"),
    (b"\xd0\xcf\x11\xe0", "tệp Word/Excel cũ (.doc, .xls)"),
    (b"%PDF", "tệp PDF"),
    (b"\x89PNG", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"{\\rtf", "tệp RTF"),
)


def _decode(display: str, data: bytes) -> tuple[str | None, Finding | None]:
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return None, Finding(
                ERROR,
                "file.not_text",
                f"đây là {what}, không phải tệp dữ liệu YAML; tệp dữ liệu là văn bản thuần, "
                "soạn bằng Notepad, VS Code…",
                Location(display),
            )
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
        if data.count(b"\x00") > len(data) // 100:
            return None, Finding(ERROR, "file.not_text",
                                 "tệp này không phải văn bản (có vẻ là tệp nhị phân), không phải tệp dữ liệu YAML",
                                 Location(display, line, column))
        guess = _guess_encoding(data)
        what = f"có vẻ được lưu bằng bảng mã {guess}" if guess else "có thể là Windows-1258, TCVN3 hoặc VNI"
        return None, Finding(
            ERROR,
            "file.encoding",
            f"tệp không phải UTF-8: {what}. " + ENCODING_ADVICE,
            Location(display, line, column),
        )


# ---------------------------------------------------------------- text checks

# Characters that have no place in data: C0 controls but tab and line breaks, DEL,
# C1 controls (NEL among them), Unicode line/paragraph separators (YAML 1.1 reads
# them as line breaks), and the bidirectional overrides that make text display in
# another order than it is stored ("Trojan source").
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_NAMES = {
    "\x00": "ký tự rỗng NUL",
    "\x07": "ký tự chuông BEL",
    "\x08": "ký tự xóa lùi",
    "\x0b": "ngắt dòng của Word (Shift+Enter)",
    "\x0c": "ngắt trang",
    "\x0d": "ký tự về đầu dòng CR",
    "\x1b": "ký tự ESC",
    "\x7f": "ký tự DEL",
    "\x85": "ký tự xuống dòng NEL",
    "\u2028": "ký tự ngăn dòng",
    "\u2029": "ký tự ngăn đoạn",
}


def _control_message(char: str) -> str:
    name = _CONTROL_NAMES.get(char)
    if name is None:
        name = "ký tự điều khiển hướng chữ" if "\u202a" <= char <= "\u2069" else "ký tự điều khiển"
    return (f"có {name} (U+{ord(char):04X}), một ký tự không in được, ở vị trí này; ký tự như vậy thường "
            "lẫn vào khi chép chữ từ Word, PDF hay trang web. Hãy xóa nó (gõ lại đoạn chữ quanh đó)")


def _control_finding(display: str, text: str) -> Finding | None:
    found = _CONTROL.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return Finding(ERROR, "text.control_char", _control_message(found.group()), Location(display, line, column))


# Text typed with the old Vietnamese fonts (.VnTime: TCVN3/ABC; VNI-Times: VNI)
# stores Vietnamese letters as Latin-1 symbols and letters. Saved as UTF-8 (or
# read as Windows-1252), "Nguyễn Văn Đức" becomes "NguyÔn V¨n §øc" (TCVN3) or
# "Nguyeãn Vaên Ñöùc" (VNI). Vietnamese in Unicode uses only the Latin-1 letters
# àáâãèéêìíòóôõùúý (and their capitals); these letters no Vietnamese word has, and
# both encodings produce them:
_FOREIGN_LETTERS = "äåæçëîïñöøûüÿþßðÄÅÆÇËÎÏÑÖØÛÜÞÐ"
# symbols TCVN3 uses for letters (\xad, the soft hyphen, is ư)
_TCVN3_SYMBOLS = "¸µ¶·¹¨¾¼½©ª¬\xad®§¡¢£¤¥¦×÷"  # and « (ô), » (ằ): see below
_LETTER = "[^\\W\\d_]"
# every branch starts with the character it matches and looks back after it: a
# pattern whose branches open with a character class is scanned about twice as
# fast as one opening with a look-behind (bench/README.md)
_LEGACY = re.compile(
    # a symbol touching a letter: "Hoµng", "§øc", "V¨n"
    f"(?P<tcvn>[{_TCVN3_SYMBOLS}](?<={_LETTER}[{_TCVN3_SYMBOLS}])|[{_TCVN3_SYMBOLS}](?={_LETTER})"
    # guillemets inside a word: "c«ng" (công), "b»ng" (bằng); quotation marks have a space on one side
    f"|[«»](?<={_LETTER}[«»])(?={_LETTER})"
    # an upper-case accented letter inside a lower-case word: "NguyÔn", "ThÞ"
    "|[À-ÝÞ](?<=[a-zà-ÿ][À-ÝÞ])(?=[a-zà-ÿ]|\\b))"
    # VNI: a vowel followed by the code of a hat, or of a hat and a tone ("Vaên", "Leâ", "Nguyeãn");
    # Vietnamese writes oá, oà, uâ, uê…, never these pairs
    "|(?P<vni>[aAeEoO][âÂ]|[aA][êÊ]|[aAeE][áàãÁÀÃ]|[aA][éèúÉÈÚ])"
    f"|(?P<any>[{_FOREIGN_LETTERS}](?={_LETTER})|[{_FOREIGN_LETTERS}](?<={_LETTER}[{_FOREIGN_LETTERS}]))"
)
_VNI_LETTERS = set("öñøïûÖÑØÏÛ")


def _legacy_hits(text: str) -> list[re.Match]:
    if text.isascii():
        return []
    return list(_LEGACY.finditer(text))


def _legacy_guess(text: str, hits: list[re.Match]) -> str | None:
    tcvn = sum(1 for h in hits if h.group("tcvn"))
    vni = sum(1 for h in hits if h.group("vni") or (h.group("any") and h.group("any") in _VNI_LETTERS))
    if not tcvn and not vni:
        return None
    return "TCVN3 (ABC, phông .VnTime)" if tcvn >= vni else "VNI (phông VNI-Times)"


def _guess_encoding(data: bytes) -> str | None:
    """The likely encoding of bytes that are not UTF-8, or None."""
    text = data.decode("cp1252", errors="replace")
    vietnamese = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    if re.search("[ăđơưĂĐƠƯ\u1ea0-\u1ef9]", vietnamese) and len(_legacy_hits(vietnamese)) <= 1:
        return "Windows-1258"
    return _legacy_guess(text, _legacy_hits(text))


def _word_at(text: str, index: int) -> str:
    start = index
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = index
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end][:40]


def _legacy_findings(display: str, text: str) -> list[Finding]:
    hits = _legacy_hits(text)
    if not hits:
        return []

    def where(hit) -> Location:
        line = text.count("\n", 0, hit.start()) + 1
        column = hit.start() - (text.rfind("\n", 0, hit.start()) + 1) + 1
        return Location(display, line, column)

    if len(hits) >= 3:
        lines, line, position = set(), 0, 0
        for hit in hits:  # in order: count line breaks once
            line += text.count("\n", position, hit.start())
            position = hit.start()
            lines.add(line)
        guess = _legacy_guess(text, hits) or "TCVN3 hoặc VNI"
        return [Finding(
            ERROR,
            "file.encoding_legacy",
            f"chữ '{_word_at(text, hits[0].start())}' không phải tiếng Việt Unicode: tệp có vẻ được gõ bằng "
            f"bảng mã cũ {guess} rồi lưu thành UTF-8 ({len(hits)} chỗ như vậy trên {len(lines)} dòng). "
            + ENCODING_ADVICE,
            where(hits[0]),
        )]
    return [
        Finding(
            WARNING,
            "file.encoding_legacy",
            f"chữ '{_word_at(text, hit.start())}' có ký tự lạ '{hit.group()}': có thể chép từ văn bản gõ bằng "
            "bảng mã cũ TCVN3 hoặc VNI; hãy gõ lại bằng Unicode (nếu đúng là chữ nước ngoài thì bỏ qua)",
            where(hit),
        )
        for hit in hits
    ]


def _read(display: str, path: Path) -> tuple[bytes | None, Finding | None]:
    """The bytes of ``path``, reading at most ``MAX_FILE_BYTES + 1`` of them."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, Finding(ERROR, "file.unreadable",
                                 "đây không phải một tệp thông thường (là thư mục, thiết bị hay đường ống)",
                                 Location(display))
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, Finding(ERROR, "file.unreadable", f"không đọc được tệp: {describe_os_error(exc)}",
                             Location(display))
    if len(data) > MAX_FILE_BYTES:
        size = max(info.st_size, len(data))
        return None, Finding(
            ERROR,
            "file.too_large",
            f"tệp quá lớn ({size // 1024} KB); tệp dữ liệu không được quá {MAX_FILE_BYTES // 1024} KB",
            Location(display),
        )
    return data, None


def load(path: str | Path, display: str | None = None) -> tuple[Document | None, list[Finding]]:
    """Load one YAML data file. Returns the document (None if it could not be
    read at all) and the findings about it."""
    path = Path(path)
    display = display or str(path)
    raw, problem = _read(display, path)
    if problem:
        return None, [problem]
    text, problem = _decode(display, raw)
    if problem:
        return None, [problem]
    text = unicodedata.normalize("NFC", text)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [Finding(ERROR, "file.empty", "tệp rỗng, không có dữ liệu", Location(display))]
    problem = _control_finding(display, text)
    if problem:
        return None, [problem]
    findings: list[Finding] = _legacy_findings(display, text)
    if any(f.is_error for f in findings):  # every value is garbled: one clear message, not one per field
        return None, findings
    too_complex = Finding(
        ERROR,
        "yaml.too_complex",
        "tệp có quá nhiều giá trị, lồng nhau quá sâu hoặc dùng bí danh (alias) quá nhiều; "
        "dữ liệu hồ sơ không cần cấu trúc như vậy",
        Location(display),
    )
    try:
        node = _compose(text)
    except yaml.reader.ReaderError as exc:
        return None, findings + [_reader_error_finding(display, text, exc)]
    except yaml.YAMLError as exc:
        return None, findings + [_yaml_error_finding(display, exc)]
    except (_TooComplex, RecursionError):
        return None, findings + [too_complex]
    doc = Document(path=path, display=display, data=None)
    try:
        doc.data = _Builder(doc, findings).build(node, ())
    except (_TooComplex, RecursionError):
        return None, [f for f in findings if f.code == "file.encoding_legacy"] + [too_complex]
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
