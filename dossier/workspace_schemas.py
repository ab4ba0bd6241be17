"""The workspace's copy of the JSON Schemas, ``<workspace>/.dossier/schemas/``.

A file the toolkit writes into a workspace (the number register
``so-van-ban.yaml``) starts with a ``# yaml-language-server: $schema=…`` line
so that an editor checks and completes it; that line points into this copy,
which sits in the workspace wherever the workspace and the toolkit are
installed. Writing such a file makes the copy (:func:`ensure`); any command
that finds the workspace refreshes it when the installed toolkit's schemas
differ, compared by a hash of their content (:func:`refresh`). The folder
starts with a dot: ``validate`` and ``build`` do not look into it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from pathlib import Path

from dossier import resources
from dossier.errors import EnvironmentFailure, describe_os_error
from dossier.fsutil import write_bytes

COPY_DIR = Path(".dossier", "schemas")  # below the workspace root

_refreshed: set[Path] = set()  # roots already looked at by this process


def copy_dir(root: Path) -> Path:
    return Path(root) / COPY_DIR


def schema_line(root: Path, written: Path, schema: str) -> str:
    """The first line of a file the toolkit writes at ``written``: the
    yaml-language-server reference to ``schema`` in the workspace's copy."""
    target = os.path.relpath(copy_dir(root) / schema, Path(written).parent)
    return f"# yaml-language-server: $schema={Path(target).as_posix()}\n"


@functools.lru_cache(maxsize=1)
def _installed() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(resources.SCHEMAS.glob("*.json"))}


def _digest(files: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return h.hexdigest()


def _copied(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("*.json")} if folder.is_dir() else {}


def ensure(root: Path) -> Path:
    """Make ``<root>/.dossier/schemas/`` hold exactly the installed toolkit's
    schemas (written only when they differ); its path. A folder that cannot be
    written is an :class:`EnvironmentFailure` naming it."""
    folder = copy_dir(root)
    installed = _installed()
    try:
        copied = _copied(folder)
        if _digest(copied) != _digest(installed):
            folder.mkdir(parents=True, exist_ok=True)
            for name, data in installed.items():
                if copied.get(name) != data:
                    write_bytes(folder / name, data)
            for name in copied.keys() - installed.keys():  # a schema this toolkit no longer has
                (folder / name).unlink(missing_ok=True)
    except OSError as exc:
        raise EnvironmentFailure(f"không ghi được bản sao lược đồ dữ liệu vào {folder}: {describe_os_error(exc)}",
                                 path=str(folder)) from None
    _refreshed.add(Path(root))
    return folder


def refresh(root: Path) -> None:
    """Once per process and workspace: bring the copy up to date when the
    workspace has one (a file the toolkit wrote points into it). Never fails
    a command: a workspace that cannot be written keeps its copy as it is."""
    root = Path(root)
    if root in _refreshed:
        return
    _refreshed.add(root)
    if copy_dir(root).is_dir():
        with contextlib.suppress(EnvironmentFailure, OSError):
            ensure(root)
