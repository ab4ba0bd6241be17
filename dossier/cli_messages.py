"""click's own texts in Vietnamese ("Error: …", "Usage:", "Show this message
and exit", "Invalid value", "No such command", "Missing argument"…).

click marks every text it prints with ``gettext``'s ``_()``/``ngettext()``,
imported into each of its modules (``from gettext import gettext as _``). This
module replaces those two names in click's modules by a lookup in
:data:`MESSAGES` (English text → Vietnamese), so every message click prints, in
every command, is Vietnamese — without a compiled catalogue on disk or a locale
to set. A text missing here stays English; ``tests/test_cli_messages.py`` checks
that every key below is still a text of the installed click (pyproject bounds
click below 9 for this reason) and that the listed messages come out Vietnamese.

Imported by :mod:`dossier.cli` before any command is defined, because some texts
(``--version``'s help) are read when a command is declared.
"""

from __future__ import annotations

import importlib

# click's modules that mark texts for translation
CLICK_MODULES = ("core", "exceptions", "types", "decorators", "formatting", "parser", "termui")

class _Word(str):
    """A word click capitalises with ``.title()``, which would give "Thư Mục"."""

    def title(self) -> str:
        return self


MESSAGES = {
    # usage errors and their frame
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: {command} {option}",
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing command.": "Thiếu tên lệnh (xem danh sách lệnh bằng --help).",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Did you mean {possibility}?": "Có phải ý bạn là {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Có phải ý bạn là một trong: {possibilities}?)",
    "Got unexpected extra argument ({args})": "Thừa tham số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa các tham số ({args})",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} nhận {nargs} giá trị.",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "Takes {nargs} values but 1 was given.": "Cần {nargs} giá trị nhưng chỉ có 1.",
    "Takes {nargs} values but {len} were given.": "Cần {nargs} giá trị nhưng có {len}.",
    "unknown error": "lỗi không rõ",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "Aborted!": "Đã dừng.",
    # values of the wrong kind
    "{value!r} is not {choice}.": "{value!r} không hợp lệ; chỉ được ghi {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không hợp lệ; chọn một trong: {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là một số.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{value!r} does not match the format {format}.": "{value!r} không đúng dạng {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} không đúng một trong các dạng {formats}.",
    # click writes ``name.title()`` ("Path 'x' does not exist."): these keep their case
    "file": _Word("Tệp"),
    "directory": _Word("Thư mục"),
    "path": _Word("Đường dẫn"),
    "{name} {filename!r} does not exist.": "{name} {filename!r} không tồn tại.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là một tệp, không phải thư mục.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là một thư mục, không phải tệp.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} không đọc được (không có quyền).",
    "{name} {filename!r} is not writable.": "{name} {filename!r} không ghi được (không có quyền).",
    "{name} {filename!r} is not executable.": "{name} {filename!r} không chạy được.",
    # help pages
    "default: {default}": "mặc định: {default}",
    "required": "bắt buộc",
    "(dynamic)": "(tùy lúc chạy)",
    "env var: {var}": "biến môi trường: {var}",
    "deprecated": "không còn dùng",
    # prompts
    "Do you want to continue?": "Tiếp tục?",
    "Confirm the action without prompting.": "Đồng ý luôn, không hỏi lại.",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai lần nhập không giống nhau.",
    "Error: invalid input": "Lỗi: giá trị nhập không hợp lệ",
    "Press any key to continue...": "Nhấn một phím bất kỳ để tiếp tục...",
}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def file_hint(exc) -> None:
    """Add the nearest existing names to click's "Path 'x' does not exist."""
    import click

    from dossier.nearest import nearest_files, suggestion

    param = getattr(exc, "param", None)
    if isinstance(exc, click.BadParameter) and isinstance(getattr(param, "type", None), click.Path) \
            and "không tồn tại" in exc.message:
        name = exc.message.split("'")[1] if exc.message.count("'") >= 2 else None
        if name:
            exc.message = exc.message.rstrip(".") + suggestion(nearest_files(name))


def install() -> None:
    """Make click speak Vietnamese (idempotent)."""
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


install()
