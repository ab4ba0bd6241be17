"""Control characters in a data file: where they are and what to call them.

Characters that have no place in data (C0 and C1 controls, the Unicode line
and paragraph separators, the bidirectional overrides) are reported at their
line and column, in the raw text (:func:`control_finding`) and inside a quoted
value, where an escape such as ``"\\x07"`` lets them through
(:data:`CONTROL_IN_VALUE`, :func:`control_message`).
"""

from __future__ import annotations

import re

from dossier.findings import ERROR, Finding, Location

# Characters that have no place in data: C0 controls but tab and line breaks, DEL,
# C1 controls (NEL among them), Unicode line/paragraph separators (YAML 1.1 reads
# them as line breaks), and the bidirectional overrides that make text display in
# another order than it is stored ("Trojan source").
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# In a value, also lone UTF-16 surrogates: a quoted escape ("\uD800") makes one, and no
# text file can hold it (writing it out fails), so it is refused and replaced (:func:`without_surrogates`).
CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
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


def control_message(char: str) -> str:
    if _SURROGATE.match(char):
        return (f"có mã U+{ord(char):04X}, một nửa lẻ của cặp thay thế UTF-16, không phải ký tự nào, ở vị trí này "
                "(thường do viết dạng \\u… trong ngoặc kép hoặc chép từ phần mềm lỗi); không ghi được nó vào "
                "văn bản. Hãy xóa nó (gõ lại đoạn chữ quanh đó)")
    name = _CONTROL_NAMES.get(char)
    if name is None:
        name = "ký tự điều khiển hướng chữ" if "\u202a" <= char <= "\u2069" else "ký tự điều khiển"
    return (f"có {name} (U+{ord(char):04X}), một ký tự không in được, ở vị trí này; ký tự như vậy thường "
            "lẫn vào khi chép chữ từ Word, PDF hay trang web. Hãy xóa nó (gõ lại đoạn chữ quanh đó)")


def without_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD, so that a value already
    reported can still be printed and written (in a message, a cache) without a crash."""
    return _SURROGATE.sub("\ufffd", text)


def control_finding(display: str, text: str) -> Finding | None:
    found = _CONTROL.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return Finding(ERROR, "text.control_char", control_message(found.group()), Location(display, line, column))
