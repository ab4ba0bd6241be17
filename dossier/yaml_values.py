"""A YAML node tree to plain values, with the position of each.

:class:`Builder` walks the tree that :func:`dossier.yaml_compose.compose` made
and builds dicts, lists and scalars itself, which lets it

* report duplicate keys (PyYAML silently accepts them) and keys that are not
  plain text;
* resolve plain scalars the YAML 1.2 way: ``yes``/``no``/``on`` stay text,
  numbers with a leading zero (ID numbers, phone numbers) stay text, and dates
  stay text (the schema checks them, so ``2026-02-31`` is reported, not a crash);
* take off quotation marks that enclose a whole value and are not YAML's
  (``dan_toc: “Kinh”`` pasted from Word), with an info finding;
* normalise people's names to NFKC (fullwidth letters become ordinary ones) and
  refuse an emoji, a symbol or a private-use character in a name
  (:mod:`dossier.vn_names`);
* refuse very long values: a value written inline (plain or quoted) may hold
  :data:`MAX_INLINE_CHARS` characters, a block (``|`` or ``>``)
  :data:`MAX_VALUE_CHARS`, and control characters (or a lone surrogate, replaced
  by U+FFFD once reported) a quoted escape let through;
* bound the values built, counting every alias expansion ("billion laughs"),
  and their depth (:class:`~dossier.yaml_compose.TooComplex`);
* record the line and column of every value and key in the
  :class:`~dossier.yaml_document.Document`.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from dossier import quotes
from dossier.control_chars import CONTROL_IN_VALUE, control_message, without_surrogates
from dossier.findings import ERROR, INFO, Finding, Location
from dossier.vn_names import is_person_name, name_char_problem, normalise_name
from dossier.yaml_compose import MAX_DEPTH, TooComplex
from dossier.yaml_document import Document, FieldPath, format_field_path

MAX_VALUES = 200_000  # values built from one file, counting every alias expansion
MAX_ALIAS_VALUES = 10_000  # of which reached through aliases (real data hardly uses them)
MAX_INLINE_CHARS = 2_000  # a value written inline: a name, a place, a date…
MAX_VALUE_CHARS = 20_000  # a block of free text (|, >): several pages

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


class Builder:
    """Builds the plain values of one document, adding its findings to ``findings``."""

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
            raise TooComplex
        self.doc.marks.setdefault(path, self.mark(node))
        if isinstance(node, yaml.ScalarNode):
            value = self.scalar(node, path, via_alias)
            if isinstance(value, str) and is_person_name(path):
                value = self.person_name(node, path, value, via_alias)
            return value
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
                if key_node.style == '"' and (bad := CONTROL_IN_VALUE.search(key)):
                    self.findings.append(Finding(ERROR, "text.control_char", control_message(bad.group()),
                                                 Location(self.doc.display, line, column,
                                                          format_field_path(path) or None)))
                    continue
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
        raise TooComplex  # pragma: no cover - PyYAML has no other node kinds

    def scalar(self, node, path: FieldPath, via_alias: bool) -> Any:
        if not via_alias:
            self.check_scalar(node, path)
        text = without_surrogates(node.value) if node.style == '"' else node.value  # reported by check_scalar
        if node.style not in ("|", ">") and (unquoted := quotes.unquote(text)):
            if not via_alias:
                self.findings.append(_quotes_finding(self.doc, node, path, *unquoted))
            return unquoted[0]  # text, as YAML's own quotes would have made it
        if not node.style and node.tag in _IMPLICIT_TAGS:  # plain: None (Python) or "" (LibYAML)
            self.doc.raw[path] = text
            return _plain_scalar(text)
        if node.tag == "tag:yaml.org,2002:null" and not node.style:
            return None
        return text

    def person_name(self, node, path: FieldPath, value: str, via_alias: bool) -> str:
        """A person's name in NFKC (fullwidth letters made ordinary, with an info
        finding); an emoji, a symbol or a private-use character in it is an error."""
        normalised = normalise_name(value)
        if via_alias:
            return normalised
        line, column = self.mark(node)
        where = Location(self.doc.display, line, column, format_field_path(path) or None)
        problem = name_char_problem(normalised)
        if problem:
            self.findings.append(Finding(ERROR, "name.symbol", problem, where))
        elif normalised != value:
            self.findings.append(Finding(INFO, "name.normalised",
                                         f"đã đổi các chữ dạng đặc biệt trong tên (chữ toàn độ rộng của bộ gõ "
                                         f"tiếng Trung, Nhật…) thành chữ cái thông thường, dùng '{normalised}'; hãy sửa "
                                         "lại trong tệp cho khớp", where))
        return normalised

    def check_scalar(self, node, path: FieldPath) -> None:
        """Control characters that a quoted escape let through, and values too long to
        be data. (Raw control characters were reported before parsing.)"""
        value = node.value
        line, column = self.mark(node)
        where = Location(self.doc.display, line, column, format_field_path(path) or None)
        if node.style == '"':
            bad = CONTROL_IN_VALUE.search(value)
            if bad:
                self.findings.append(Finding(ERROR, "text.control_char", control_message(bad.group()), where))
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
