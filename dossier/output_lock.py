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
        fd = os.open(path, os.O_RDWR | os.O_CREAT, fsutil.file_mode())
    except OSError as exc:
        raise EnvironmentFailure(f"Không tạo được tệp khóa {path}: {describe_os_error(exc)}") from exc
    try:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutputBusy(
                        f"Thư mục kết quả {out} đang được một lệnh khác dùng{_holder(fd)}; đã chờ "
                        f"{timeout:g} giây. Hãy chờ lệnh đó xong rồi chạy lại."
                    ) from None
                if not told and notify is not None:
                    notify(f"Thư mục kết quả {out} đang được một lệnh khác dùng{_holder(fd)}; đang chờ lệnh đó xong…")
                    told = True
                time.sleep(_POLL)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield path
    finally:
        os.close(fd)  # releases the lock


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
