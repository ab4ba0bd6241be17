"""Atomic file output: write to a temporary file in the same folder, then
``os.replace`` it into place, so a reader never sees a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from dossier.errors import EnvironmentFailure


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike, mode: int | None = None):
    """Yield a temporary path beside ``target``; on success move it over ``target``.

    On any exception the temporary file is removed and ``target`` is untouched.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise EnvironmentFailure(
            f"Không ghi được vào thư mục {target.parent}: {exc.strerror or exc}"
        ) from exc
    try:
        yield Path(tmp)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        raise EnvironmentFailure(f"Không ghi được tệp {target}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_bytes(target: str | os.PathLike, data: bytes, mode: int | None = None) -> Path:
    with atomic_path(target, mode) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_text(target: str | os.PathLike, text: str, mode: int | None = None) -> Path:
    return write_bytes(target, text.encode("utf-8"), mode)
