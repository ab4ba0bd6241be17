"""One command at a time on an output folder.

Every command that writes into an output folder (``build``, ``verify`` when it
repairs nothing but reads a consistent state, the board server before it
rebuilds) holds an exclusive ``fcntl`` lock on ``OUT/.lock`` for as long as it
writes. A second command on the same folder waits, saying once that it waits
and for whom (the process number written in the lock file), and gives up with
:class:`OutputBusy` (exit code 3) after ``timeout`` seconds. The lock belongs
to the open file: it is released when the holder ends, however it ends
(SIGKILL included), so a stale lock file is harmless.

The default timeout is :data:`DEFAULT_TIMEOUT` seconds; the environment
variable ``DOSSIER_LOCK_TIMEOUT`` (seconds) changes it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from dossier import fsutil
from dossier.errors import EXIT_ENVIRONMENT, DossierError, EnvironmentFailure, describe_os_error

LOCK_NAME = ".lock"
DEFAULT_TIMEOUT = 600.0
TIMEOUT_ENV = "DOSSIER_LOCK_TIMEOUT"
_POLL = 0.2


class OutputBusy(DossierError):
    """Another command kept the output folder for longer than the timeout. Exit code 3."""

    exit_code = EXIT_ENVIRONMENT


def default_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        text = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
        if text:
            return f" (tiến trình {int(text)})"
    return ""


@contextlib.contextmanager
def hold(out: Path, timeout: float | None = None, notify: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold the lock of output folder ``out`` (created if missing) for the ``with`` block."""
    out = Path(out)
    timeout = default_timeout() if timeout is None else timeout
    path = out / LOCK_NAME
    try:
        fsutil.make_folder(out)
    except OSError as exc:
        raise EnvironmentFailure(f"Không ghi được vào thư mục {out}: {describe_os_error(exc)}") from exc
    deadline = time.monotonic() + timeout
    told = [notify is None]
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, fsutil.file_mode())
        except OSError as exc:
            raise EnvironmentFailure(f"Không ghi được tệp khóa {path}: {describe_os_error(exc)}") from exc
        try:
            _wait(fd, out, deadline, timeout, notify, told)
            if _same_file(fd, path):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the holder before removed the lock file (and the folder it made): lock the new one
        with contextlib.suppress(OSError):
            fsutil.make_folder(out)
    try:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        _HELD.add(fd)
        yield path
    finally:
        _HELD.discard(fd)
        os.close(fd)  # releases the lock


def _wait(fd: int, out: Path, deadline: float, timeout: float, notify, told: list[bool]) -> None:
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise OutputBusy(
                    f"Thư mục kết quả {out} đang được một lệnh khác dùng{_holder(fd)}; đã chờ "
                    f"{timeout:g} giây. Hãy chờ lệnh đó xong rồi chạy lại."
                ) from None
            if not told[0]:
                notify(f"Thư mục kết quả {out} đang được một lệnh khác dùng{_holder(fd)}; đang chờ lệnh đó xong…")
                told[0] = True
            time.sleep(_POLL)


def _same_file(fd: int, path: Path) -> bool:
    """Whether ``path`` is still the file open as ``fd`` (a holder may remove it before it lets go)."""
    try:
        mine, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def release_folder(out: Path) -> None:
    """Remove ``out`` if it holds nothing but its lock file (call while holding
    it): a command that made the folder and wrote nothing into it leaves no
    trace. Another command waiting for the lock sees the file gone and locks
    the one it makes again (see :func:`hold`)."""
    out = Path(out)
    try:
        if set(os.listdir(out)) - {LOCK_NAME}:
            return
        os.unlink(out / LOCK_NAME)
        os.rmdir(out)
    except OSError:
        pass


# The lock belongs to the open file, which a forked child shares: a child (the
# checker beside a class build) still running after the command was killed
# would keep OUT locked. Each child closes its copy at once; the parent's stays.
_HELD: set[int] = set()


def _close_in_child() -> None:
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


def is_held(out: Path) -> bool:
    """True when some process holds the lock of ``out`` now."""
    path = Path(out) / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
