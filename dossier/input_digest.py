"""Digests of what a command's results depend on, so a result kept in the
output folder is used again only while all of it is unchanged.

* :func:`toolkit` — the toolkit itself: its code, built-in templates and
  catalog, rulesets and schemas (a changed toolkit changes every result);
* :func:`workspace_files` — one walk of a workspace (the folders a command
  reads: :func:`dossier.workspace.collect_files` skips the same ones): every
  data file (.yaml) with the sha256 of its bytes, every other file (attached
  scans, photos, the workspace's own templates in ``mau/``) with its size,
  modification and change times and inode.

* :func:`candidate_fact` — a fact of one candidate that depends on the rest of
  the workspace (its organisation, classes, plans, register), kept by
  :mod:`dossier.file_facts` with the digest of every data file but the
  candidates' (:func:`around_candidates`).

Computed once per command (while :func:`dossier.workspace.shared_parsing` is
active, e.g. inside :func:`dossier.validation_cache.kept_in`).
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

from dossier import file_facts, resources
from dossier.workspace import (PER_COMMAND, YAML_SUFFIXES, DocumentCache, _remembered, _skipped_folder, digest_of,
                               resolved, sharing)

_WALKS: dict = {}  # workspace root -> its files, while sharing (see dossier.workspace._remembered)
_AROUND: dict = {}  # workspace root -> the digest of its data files but the candidates', while sharing
PER_COMMAND += [_WALKS, _AROUND]


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
                sha = digest_of(path)
                files[path] = sha.hex() if sha is not None else "?"
                continue
            try:
                info = path.stat()
            except OSError:
                continue
            files[path] = f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}:{info.st_ctime_ns}"
    return files


def around_candidates(root: Path, cache: DocumentCache) -> str:
    """The digest of every data file of the workspace at ``root`` but the
    candidates' (organisation, classes, plans, register…): what a candidate's
    facts depend on besides its own file; once per command."""
    def compute(root: Path) -> str:
        return of([(str(p), stamp) for p, stamp in workspace_files(root).items()
                   if p.name.endswith(YAML_SUFFIXES) and cache.kind(p)[0] != "ung_vien"])
    return _remembered(_AROUND, resolved(root), compute)


def candidate_fact(root: Path, path: Path, cache: DocumentCache, name: str, compute, *options):
    """``compute()`` — a fact of the candidate file ``path`` (and ``options``)
    — or the same fact worked out earlier from the same bytes of it and of
    every other data file of its workspace (dossier.file_facts)."""
    if not sharing():  # the workspace is walked once per command, not once per candidate
        return compute()
    path = resolved(path)
    # the current folder: a fact may name files as they are shown (relative to it); one string object for
    # every candidate, written once in OUT/.dossier-facts.pickle (it was repeated for each: 0.7 MB)
    context = sys.intern(of(around_candidates(root, cache), os.getcwd(), options))
    return file_facts.fact(name, path, digest_of(path), compute, context)


def of(*parts) -> str:
    """One digest of ``parts`` (their ``repr``: strings, numbers, dates, tuples, lists)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()
