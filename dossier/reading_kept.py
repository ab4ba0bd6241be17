"""``dossier check -o OUT`` and ``dossier validate -o OUT``: a report kept in
the output folder while nothing it was made from has changed.

With ``-o OUT`` the workspace's parsed files are kept there
(:mod:`dossier.validation_cache`, as a build keeps them), and so is the
report, with the digest of what it was made from (:mod:`dossier.input_digest`):
the command and its options, the day, the current folder, the paths named,
every file of their workspaces (data files by their bytes, others — scans,
photos, ``mau/`` — by size, modification time and inode), and the toolkit. The
same command run again on the same inputs shows the kept report without
reading the workspace again. Without ``-o`` nothing is kept: every run is cold.
The files hold personal data: they live in the output folder, never elsewhere.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from dossier import input_digest
from dossier.fsutil import make_folder
from dossier.validation_cache import kept_in, read_signed, write_signed
from dossier.workspace import YAML_SUFFIXES, _digest, collect_files, find_root, resolved, shared_parsing

VERSION = 1


def report(kind: str, paths: list[Path], out: Path | None, compute, *options):
    """``compute()``, or the report ``kind`` kept in ``out`` for the same inputs
    and ``options``; a report computed is kept there (``out`` is made if need be)."""
    if out is None:
        return compute()
    try:
        make_folder(Path(out))
    except OSError:  # nowhere to keep it: a cold run
        return compute()
    with kept_in(out):
        return kept(kind, paths, out, compute, *options)


def kept(kind: str, paths: list[Path], out: Path, compute, *options):
    """``compute()``, or what it gave for the same inputs and ``options``, kept in
    ``out`` (an existing folder; the parsed files are not kept by this one)."""
    with shared_parsing():
        path = Path(out) / f".dossier-{kind}.pickle"
        key = _key(kind, paths, Path(out), options)
        last = read_signed(path)
        if isinstance(last, tuple) and len(last) == 3 and last[:2] == (VERSION, key):
            return last[2]
        made = compute()
        if Path(out).is_dir():
            write_signed(path, (VERSION, key, _without_candidates(made)))
        return made


def _key(kind: str, paths: list[Path], out: Path, options: tuple) -> str:
    out_root = resolved(out)
    files, _ = collect_files(paths)  # files named outside any workspace count too
    named = [(str(p), (_digest(p) or b"").hex()) for p in files if p.name.endswith(YAML_SUFFIXES)]
    roots = dict.fromkeys(r for r in map(find_root, paths) if r is not None)
    workspace = [(str(p), stamp) for root in roots for p, stamp in input_digest.workspace_files(root).items()
                 if not p.is_relative_to(out_root)]
    return input_digest.of(VERSION, kind, options, input_digest.toolkit(), os.getcwd(),
                           [str(resolved(p)) for p in paths], named, workspace)


def _without_candidates(made):
    """A check report without the resolved candidates (the findings are what is shown)."""
    candidates = getattr(made, "candidates", None)
    if isinstance(candidates, list) and candidates and hasattr(candidates[0], "candidate"):
        return dataclasses.replace(made, candidates=[dataclasses.replace(c, candidate=None) for c in candidates])
    return made
