"""Atomic file output: write to a temporary file in the same folder, then
``os.replace`` it into place, so a reader never sees a half-written file.

File modes: by default an output file gets the usual mode for a new file
(``0666`` less the umask, like any program's output) and a folder the usual
``0777`` less the umask. With the environment variable
``DOSSIER_PRIVATE_OUTPUT=1`` every file written here is created ``0600`` and
every folder created here ``0700`` — readable by the owner only — because a
dossier holds a person's history and family. Folders that already exist are
left as they are. Where the file system cannot hold Unix modes (FAT, network
shares) the modes are skipped silently.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import secrets
from pathlib import Path

from dossier.errors import EnvironmentFailure, describe_os_error

PRIVATE_ENV = "DOSSIER_PRIVATE_OUTPUT"
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def user_cache_dir() -> Path:
    """The toolkit's folder in the user's cache (``$XDG_CACHE_HOME/dossier``, else
    ``~/.cache/dossier``): what is made once and reused by later runs (a
    LibreOffice profile, compiled templates). Nothing in it comes from anyone's
    data, and deleting it is harmless: it is made again."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dossier"


def private_output() -> bool:
    """True when outputs must be readable by their owner only (``DOSSIER_PRIVATE_OUTPUT``)."""
    return os.environ.get(PRIVATE_ENV, "").strip().lower() not in ("", "0", "false", "no", "khong", "không")


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    """The process's umask, read once (a program does not change it while it
    runs; reading /proc/self/status for every file written cost ~1 % of a build).
    Read, not set and restored: that would leave other threads a moment without it."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def file_mode(requested: int | None = None) -> int:
    """The mode an output file gets: owner-only when private, else ``requested``
    or the usual mode of a new file."""
    if private_output():
        return PRIVATE_FILE_MODE
    return requested if requested is not None else 0o666 & ~_umask()


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its missing parents (``0700`` each when private).
    A symbolic link to a place that does not exist, where a folder should be,
    is an :class:`EnvironmentFailure` saying so."""
    try:
        _make_folder(Path(folder))
    except FileExistsError as exc:
        link = next((p for p in (Path(folder), *Path(folder).parents) if p.is_symlink() and not p.exists()), None)
        if link is None:
            raise
        raise EnvironmentFailure(
            f"Không ghi được vào thư mục {folder}: {link} là một liên kết (symlink) tới {os.readlink(link)}, "
            "nơi không còn tồn tại. Hãy tạo lại nơi đó, xóa liên kết, hoặc chọn thư mục khác."
        ) from exc


def _make_folder(folder: Path) -> None:
    if not private_output():
        folder.mkdir(parents=True, exist_ok=True)
        return
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for item in reversed(missing):
        with contextlib.suppress(FileExistsError):
            item.mkdir(mode=PRIVATE_DIR_MODE)
            with contextlib.suppress(OSError):
                os.chmod(item, PRIVATE_DIR_MODE)  # mkdir's mode is reduced by the umask
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)  # raises the precise error


# errors about the whole disk or the machine, not about one folder
_WHOLE_DISK = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.ENOMEM, errno.EMFILE, errno.ENFILE}


def failed_inside(exc: BaseException, folder: Path) -> bool:
    """Whether ``exc`` (an :class:`EnvironmentFailure` from writing, or its
    ``OSError``) is about ``folder`` or a file in it alone — no permission
    there, a file where a folder should be — rather than a full or read-only
    disk: what one person's unwritable folder in a class must not stop."""
    cause = exc if isinstance(exc, OSError) else exc.__cause__
    if not isinstance(cause, OSError) or cause.errno in _WHOLE_DISK:
        return False
    inside = os.path.abspath(folder)
    return any(name not in (None, "") and (os.path.abspath(name) + os.sep).startswith(inside + os.sep)
               for name in (cause.filename, cause.filename2))


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike, mode: int | None = None):
    """Yield a temporary path beside ``target``; on success move it over ``target``.

    On any exception the temporary file is removed and ``target`` is untouched.
    An operating-system error (disk full, read-only, no permission) becomes an
    :class:`EnvironmentFailure` with a Vietnamese message naming the file.
    """
    target = Path(target)
    tmp: Path | None = None
    try:
        try:
            make_folder(target.parent)
            # as tempfile.mkstemp makes it (exclusive, 0600), but the name is known
            # here before the file exists: a Ctrl-C landing just after it is
            # created cannot leave it behind (it did, once, inside mkstemp)
            for _ in range(100):
                tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
                try:
                    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                    break
                except FileExistsError:
                    tmp = None  # somebody else's
            else:
                raise FileExistsError(f"no free temporary name beside {target}")
        except OSError as exc:
            raise EnvironmentFailure(
                f"Không ghi được vào thư mục {target.parent}: {describe_os_error(exc)}"
            ) from exc
        yield tmp
        with contextlib.suppress(OSError):  # "where the system allows"
            os.chmod(tmp, file_mode(mode))
        os.replace(tmp, target)
    except OSError as exc:
        raise EnvironmentFailure(f"Không ghi được tệp {target}: {describe_os_error(exc)}") from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def fsync_tree(paths) -> None:
    """Flush the files ``paths`` and the folders holding them to the disk, each
    once: what a build made of one person survives a power cut once it is
    reported (files written with :func:`atomic_path` are not flushed one by
    one; this is called once per candidate). A file gone meanwhile is skipped."""
    folders: dict[str, None] = {}
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
        except (FileNotFoundError, IsADirectoryError):
            continue
        except OSError as exc:
            raise EnvironmentFailure(f"Không ghi được tệp {path}: {describe_os_error(exc)}") from exc
        try:
            os.fsync(fd)
        except OSError as exc:
            raise EnvironmentFailure(f"Không ghi được tệp {path} xuống đĩa: {describe_os_error(exc)}") from exc
        finally:
            os.close(fd)
        folders[os.path.dirname(os.path.abspath(path))] = None
    for folder in folders:  # the names (os.replace) are in the folder
        with contextlib.suppress(OSError):  # not every file system syncs a folder
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def write_bytes(target: str | os.PathLike, data: bytes, mode: int | None = None) -> Path:
    with atomic_path(target, mode) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_text(target: str | os.PathLike, text: str, mode: int | None = None) -> Path:
    return write_bytes(target, text.encode("utf-8"), mode)
