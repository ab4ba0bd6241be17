"""A class whose inputs have not changed since its last build is not built again.

After a class is built, its outcome (:class:`dossier.batch_outcome.ClassOutcome`:
every candidate's result and the checker's report on them) is kept in its
folder, ``OUT/<lớp>/.dossier-lop.pickle`` (signed like the parsed files,
:mod:`dossier.validation_cache`), with the digest of everything it was made
from: the class file and each of its candidates' files (their bytes); every
other data file of the workspace (organisation, plans, number register, other
classes' files — not the other classes' candidates); every other file of the
workspace (attached scans, photos, its own templates in ``mau/``: size,
modification time, inode); the document numbers used twice that concern its
candidates; the toolkit (code, templates, rulesets, schemas); the day of the
build; the current folder (paths are shown relative to it) and the output folder.

The next build with the same digest takes the outcome from there, without
validating, resolving, planning, rendering or checking any of the class's
candidates — provided every file the folder's manifests list (dossier.manifest)
is still there with the bytes recorded (size, modification time and inode,
else its sha256). A workspace of ten classes edited in one candidate rebuilds
one class (bench/README.md). ``--force`` never takes it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

from dossier import input_digest
from dossier.batch_outcome import SUMMARY_FILE, ClassOutcome
from dossier.manifest import Manifest
from dossier.numbers import duplicate_findings
from dossier.validation_cache import read_signed, write_signed
from dossier.workspace import DocumentCache, display_path, find_root, resolved

KEPT_FILE = ".dossier-lop.pickle"
VERSION = 1


def class_key(class_path: Path, members: list[Path], out: Path, cache: DocumentCache,
              as_of: dt.date | None) -> str | None:
    """The digest of what the class's outcome is made from (None: not known, never kept)."""
    root = find_root(class_path)
    if root is None:
        return None
    files = input_digest.workspace_files(root)
    out_root = resolved(out)
    mine = {resolved(p) for p in members}
    others = []
    for path, stamp in files.items():
        if path.is_relative_to(out_root) or path in mine:
            continue
        if path.suffix in (".yaml", ".yml"):
            doc, _ = cache.get(path)
            if doc is not None and doc.kind == "ung_vien":
                continue  # another class's candidate, or a person outside classes
        others.append((str(path), stamp))
    duplicates = cache.derived(("duplicate_findings", resolved(root)), lambda: duplicate_findings(root, cache))
    shown = {display_path(p) for p in members}
    return input_digest.of(VERSION, input_digest.toolkit(), str(as_of or dt.date.today()), os.getcwd(),
                           str(out_root), str(resolved(class_path)), files.get(resolved(class_path)),
                           [(str(p), files.get(resolved(p)) or _digest_of(p)) for p in members], others,
                           sorted((f.code, f.message, f.location.path, f.location.line) for f in duplicates
                                  if f.location is not None and f.location.path in shown))


def _digest_of(path: Path) -> str:
    from dossier.workspace import _digest

    sha = _digest(path)
    return sha.hex() if sha is not None else "?"


def kept(outcome: ClassOutcome, key: str | None) -> ClassOutcome | None:
    """The class's outcome of its last build, if made from ``key`` and its outputs
    are intact; its results say nothing was rendered or converted this run."""
    if key is None:
        return None
    value = read_signed(outcome.folder / KEPT_FILE)
    if not (isinstance(value, tuple) and len(value) == 3 and value[:2] == (VERSION, key)):
        return None
    last = value[2]
    if not isinstance(last, ClassOutcome) or not _outputs_intact(outcome.folder):
        return None
    for result in last.candidates:
        result.rendered = result.converted = 0
    return last


def keep(outcome: ClassOutcome, key: str | None) -> None:
    """Keep ``outcome`` for the next build (the checker's resolved candidates left out)."""
    path = outcome.folder / KEPT_FILE
    if key is None or not outcome.folder.is_dir() or _unsettled(outcome):
        try:
            path.unlink()  # an outcome that could not be keyed is never taken for this one
        except OSError:
            pass
        return
    report = outcome.check
    if report is not None:
        report = dataclasses.replace(report, candidates=[dataclasses.replace(c, candidate=None)
                                                         for c in report.candidates])
    write_signed(path, (VERSION, key, dataclasses.replace(outcome, check=report)))


# what another run of the same inputs may make differently: a document that failed, an interruption
UNSETTLED = ("build.", "convert.", "render.", "output.")


def _unsettled(outcome: ClassOutcome) -> bool:
    findings = outcome.findings + [f for r in outcome.candidates for f in r.findings]
    return any(r.failed for r in outcome.candidates) or any(f.code.startswith(UNSETTLED) for f in findings)


def _outputs_intact(folder: Path) -> bool:
    """Every file listed by the class folder's manifests is there with its recorded bytes."""
    if not (folder / SUMMARY_FILE).is_file():
        return False
    batch = Manifest(folder)
    if not batch.exists:
        return False
    for name in [*batch.folders, "lop"]:
        store = Manifest(folder / name)
        if not store.exists and name != "lop":
            return False
        if not _intact(store):
            return False
    return True


def _intact(store: Manifest) -> bool:
    """Every file ``store`` lists has the bytes recorded: the same size, modification
    time and inode (checked here, quickly, for thousands of files), else the same sha256."""
    base = str(store.folder)
    for rel, record in store.files.items():
        try:
            info = os.stat(f"{base}/{rel}")
        except OSError:
            return False
        if record.get("stat") != [info.st_size, info.st_mtime_ns, info.st_ino] and not store.intact(store.folder / rel):
            return False
    return True
