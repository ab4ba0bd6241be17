"""Digests of what a command's results depend on, so a result kept in the
output folder is used again only while all of it is unchanged.

* :func:`toolkit` — the toolkit itself: its code, built-in templates and
  catalog, rulesets and schemas (a changed toolkit changes every result);
* :func:`workspace_files` — one walk of a workspace (the folders a command
  reads: :func:`dossier.workspace.collect_files` skips the same ones): every
  data file (.yaml) with the sha256 of its bytes, every other file (attached
  scans, photos, the workspace's own templates in ``mau/``) with its size,
  modification and change times and inode.

Computed once per command (while :func:`dossier.workspace.shared_parsing` is
active, e.g. inside :func:`dossier.validation_cache.kept_in`).
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from dossier import resources
from dossier.workspace import PER_COMMAND, YAML_SUFFIXES, _digest, _remembered, _skipped_folder, resolved

_WALKS: dict = {}  # workspace root -> its files, while sharing (see dossier.workspace._remembered)
PER_COMMAND.append(_WALKS)


@functools.lru_cache(maxsize=1)
def toolkit() -> str:
    """The digest of the toolkit's code and data (package, templates, rulesets, schemas)."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for folder in (package, resources.TEMPLATES, resources.RULESETS, resources.SCHEMAS):
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                h.update(str(path.relative_to(folder)).encode() + b"\0")
                h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def workspace_files(root: Path) -> dict[Path, str]:
    """Every file of the workspace at ``root`` (resolved path) -> its sha256 (data
    files) or ``size:mtime:inode`` (any other file); once per command."""
    return _remembered(_WALKS, resolved(root), _walk)


def _walk(root: Path) -> dict[Path, str]:
    files: dict[Path, str] = {}
    for folder, dirnames, filenames in os.walk(root):
        here = Path(folder)
        dirnames[:] = sorted(d for d in dirnames if d == "mau" or not _skipped_folder(here / d))
        for name in sorted(filenames):
            path = here / name
            if name.endswith(YAML_SUFFIXES) and "mau" not in path.relative_to(root).parts:
                sha = _digest(path)
                files[path] = sha.hex() if sha is not None else "?"
                continue
            try:
                info = path.stat()
            except OSError:
                continue
            files[path] = f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}:{info.st_ctime_ns}"
    return files


def of(*parts) -> str:
    """One digest of ``parts`` (their ``repr``: strings, numbers, dates, tuples, lists)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()
