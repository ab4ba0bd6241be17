"""One exception hierarchy for everything that stops a run.

Problems in the user's data are reported as :class:`dossier.findings.Finding`
objects, not raised. Exceptions are for situations where a run (or one
candidate's part of a run) cannot go on. The CLI maps them to exit codes in
one place (``dossier.cli``); every message is Vietnamese, for the user.
"""

from __future__ import annotations

import errno
import os
import re

EXIT_OK = 0
EXIT_DATA = 1  # findings of severity error in the user's data
EXIT_USAGE = 2  # click's own usage errors
EXIT_ENVIRONMENT = 3  # LibreOffice missing or failing, output not writable


class DossierError(Exception):
    """Base class. ``str(error)`` is a complete Vietnamese message for the user."""

    exit_code = EXIT_DATA

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return where + self.message


class DataError(DossierError):
    """The user's data cannot be used at all (for example a file that is not YAML,
    or a candidate whose organisation file cannot be found). Exit code 1."""

    exit_code = EXIT_DATA


class TemplateError(DossierError):
    """A template cannot be rendered: Jinja syntax error, a variable the data does
    not provide, a forbidden operation in the sandbox. Names template and variable.
    Exit code 1 (the template is part of the user's workspace)."""

    exit_code = EXIT_DATA


class WrongInput(DossierError):
    """A command was given the wrong kind of file or folder: the organisation
    file or the number register to ``build``, a folder to ``render``, a folder
    with no data file. The message says what it got and what the command
    expects. Exit code 2, as for click's own usage errors."""

    exit_code = EXIT_USAGE


class EnvironmentFailure(DossierError):
    """The machine cannot do the work: LibreOffice missing or failing after
    retries, an output folder that is not writable, a full disk. Exit code 3."""

    exit_code = EXIT_ENVIRONMENT


_OS_ERRORS = {
    "ENOSPC": "ổ đĩa đã đầy",
    "EDQUOT": "đã dùng hết hạn mức dung lượng của tài khoản",
    "EROFS": "ổ đĩa hoặc thư mục chỉ cho phép đọc",
    "EACCES": "không có quyền ghi hoặc đọc ở đây",
    "EPERM": "hệ thống không cho phép thao tác này",
    "ENOTDIR": "một phần của đường dẫn là tệp chứ không phải thư mục",
    "EISDIR": "đây là thư mục, không phải tệp",
    "EEXIST": "đã có một tệp trùng tên ở đó",
    "ENOENT": "không tìm thấy",
    "ENAMETOOLONG": "tên tệp hoặc đường dẫn quá dài",
    "EIO": "lỗi đọc/ghi của ổ đĩa",
    "EMFILE": "mở quá nhiều tệp cùng lúc",
    "ENOMEM": "hết bộ nhớ",
}


def describe_os_error(exc: OSError) -> str:
    """A short Vietnamese description of an operating-system error ("ổ đĩa đã
    đầy"), with the system's own text in brackets for whoever has to fix it."""
    name = errno.errorcode.get(exc.errno or -1, "")
    text = _OS_ERRORS.get(name)
    detail = exc.strerror or str(exc)
    files = [str(f) for f in (exc.filename, exc.filename2) if f not in (None, "")]
    if isinstance(exc, PermissionError) and any(open_elsewhere(f) for f in files):
        text = "tệp đang mở trong chương trình khác (Word, Excel, trình xem PDF): đóng tệp đó rồi chạy lại lệnh"
    return f"{text} ({detail})" if text else detail


def os_error_message(exc: OSError) -> str:
    """:func:`describe_os_error` after the file (or the two files of a rename)
    the error is about, when the system names it."""
    files = [str(name) for name in (exc.filename, exc.filename2) if name not in (None, "")]
    where = " → ".join(files)
    return f"{where}: {describe_os_error(exc)}" if where else describe_os_error(exc)


def open_elsewhere(name: str) -> bool:
    """Whether a refused file is probably held open by a Windows program: Word and
    Excel leave an owner file ``~$…`` beside an open document, and a file on a
    Windows drive seen from WSL (``/mnt/c/…``) is refused while a program has it open."""
    folder, base = os.path.split(os.path.abspath(name))
    owners = {"~$" + base, "~$" + base[2:]} if len(base) > 2 else {"~$" + base}
    if any(os.path.exists(os.path.join(folder, owner)) for owner in owners):
        return True
    return re.match(r"^/mnt/[a-z]/", os.path.abspath(name)) is not None
