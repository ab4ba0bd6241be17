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

import ctypes
import ctypes.util
import dataclasses
import datetime as dt
import gc
import os
from pathlib import Path

from dossier import input_digest
from dossier.batch_outcome import SUMMARY_FILE, ClassOutcome
from dossier.manifest import Manifest, _stamp
from dossier.numbers import duplicate_findings
from dossier.validation_cache import read_signed, write_signed
from dossier.workspace import PER_COMMAND, DocumentCache, _remembered, display_path, find_root, resolved

KEPT_FILE = ".dossier-lop.pickle"
VERSION = 1
_LAST: dict = {}  # kept file -> what it holds, while sharing (emptied when the command ends)
PER_COMMAND.append(_LAST)


@dataclasses.dataclass
class Keys:
    """The digest of what a class's outcome is made from, and of what each of its
    candidates' results is made from (by the candidate's file as displayed)."""

    whole: str
    each: dict[str, str]


def class_keys(class_path: Path, members: list[Path], names: dict[Path, str], out: Path, cache: DocumentCache,
               as_of: dt.date | None) -> Keys | None:
    """The digests of a class about to be built (None: not known, nothing is kept).
    ``names``: each candidate's folder (dossier.batch.folder_names)."""
    root = find_root(class_path)
    if root is None:
        return None
    files = input_digest.workspace_files(root)
    out_root = resolved(out)
    others = cache.derived(("batch_kept.others", resolved(root), out_root), lambda: _others(root, files, out_root, cache))
    duplicates = cache.derived(("duplicate_findings", resolved(root)), lambda: duplicate_findings(root, DocumentCache()))
    at: dict[str, list] = {}
    for f in duplicates:
        if f.location is not None:
            at.setdefault(f.location.path, []).append((f.code, f.message, f.location.line))
    common = (VERSION, input_digest.toolkit(), str(as_of or dt.date.today()), os.getcwd(), str(out_root),
              str(resolved(class_path)), files.get(resolved(class_path)), others)
    each = {}
    for path in members:
        shown = display_path(path)
        each[shown] = input_digest.of(common, str(path), names.get(path), files.get(resolved(path)) or _digest_of(path),
                                      sorted(at.get(shown, [])))
    return Keys(input_digest.of(common, list(each.items())), each)


def _others(root: Path, files: dict[Path, str], out_root: Path, shared: DocumentCache) -> list[tuple[str, str]]:
    """Every file of the workspace but the candidates' (data files: by their bytes).
    The parsed files are looked at in a cache of their own, let go at the end
    (the class being built keeps only its own), where the document numbers used
    twice are found too (dossier.batch uses them)."""
    cache = DocumentCache()
    shared.derived(("duplicate_findings", resolved(root)), lambda: duplicate_findings(root, cache))
    others = []
    for path, stamp in files.items():
        if path.is_relative_to(out_root):
            continue
        if path.suffix in (".yaml", ".yml") and cache.kind(path)[0] == "ung_vien":
            continue  # a candidate: the key of its own result
        others.append((str(path), stamp))
    return others


def _digest_of(path: Path) -> str:
    from dossier.workspace import _digest

    sha = _digest(path)
    return sha.hex() if sha is not None else "?"


def _last(folder: Path):
    return _remembered(_LAST, folder / KEPT_FILE, _read_last)  # read once per command: kept(), then earlier()


def _read_last(path: Path):
    value = read_signed(path)
    if isinstance(value, tuple) and len(value) == 4 and value[0] == VERSION and isinstance(value[2], ClassOutcome):
        return value
    return None


def kept(outcome: ClassOutcome, keys: Keys | None) -> ClassOutcome | None:
    """The class's outcome of its last build, if made from the same inputs and its
    outputs are intact; its results say nothing was rendered or converted this run."""
    last = _last(outcome.folder) if keys is not None else None
    if last is None or last[1] != keys.whole or not _outputs_intact(outcome.folder):
        return None
    for result in last[2].candidates:
        result.rendered = result.converted = 0
    return last[2]


def earlier(outcome: ClassOutcome, keys: Keys | None, names: dict[Path, str]) -> dict[str, tuple]:
    """Candidate (as displayed) -> (its result, its check) of the class's last
    build, for each candidate whose inputs are the same and whose folder's files
    are intact: it is not prepared, produced nor checked again."""
    last = _last(outcome.folder) if keys is not None else None
    if last is None:
        return {}
    _, _, previous, each = last
    checks = {c.source: c for c in previous.check.candidates} if previous.check is not None else {}
    folders = {display_path(p): name for p, name in names.items()}
    found = {}
    for result in previous.candidates:
        key = keys.each.get(result.source)
        if key is None or each.get(result.source) != key or result.source not in checks:
            continue
        store = Manifest(outcome.folder / folders[result.source])
        if store.exists and _intact(store):
            result.rendered = result.converted = 0
            found[result.source] = (result, checks[result.source])
    return found


def keep(outcome: ClassOutcome, keys: Keys | None) -> None:
    """Keep ``outcome`` for the next build (the checker's resolved candidates left out)."""
    path = outcome.folder / KEPT_FILE
    _LAST.pop(path, None)
    if keys is None or not outcome.folder.is_dir():
        try:
            path.unlink()  # an outcome that could not be keyed is never taken for this one
        except OSError:
            pass
        return
    report = outcome.check
    if report is not None:
        report = dataclasses.replace(report, candidates=[dataclasses.replace(c, candidate=None)
                                                         for c in report.candidates])
    settled = {r.source: k for r in outcome.candidates if not _unsettled_result(r)
               for k in [keys.each.get(r.source)] if k is not None}
    whole = "" if _unsettled(outcome) else keys.whole  # "": the class is built again, the settled candidates not
    write_signed(path, (VERSION, whole, dataclasses.replace(outcome, check=report), settled))


# what another run of the same inputs may make differently: a document that failed, an interruption
UNSETTLED = ("build.", "convert.", "render.", "output.")


def _unsettled(outcome: ClassOutcome) -> bool:
    return any(f.code.startswith(UNSETTLED) for f in outcome.findings) or any(map(_unsettled_result, outcome.candidates))


def _unsettled_result(result) -> bool:
    return bool(result.failed) or any(f.code.startswith(UNSETTLED) for f in result.findings)


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
    """Every file ``store`` lists has the bytes recorded: the same stamp (size, times,
    inode: checked here, quickly, for thousands of files), else the same sha256."""
    base = str(store.folder)
    for rel, record in store.files.items():
        try:
            info = os.stat(f"{base}/{rel}")
        except OSError:
            return False
        if record.get("stat") != _stamp(info) and not store.intact(store.folder / rel):
            return False
    return True


def let_go() -> None:
    """After a class is built: its candidates, plans and documents are garbage;
    collect them and give the memory back to the system, so the next class (and
    the checker forked for it, whose memory counts again in the process tree)
    starts small. A workspace of ten classes then needs no more than one."""
    gc.collect()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)  # glibc; elsewhere there is nothing to call
    except (OSError, AttributeError):
        pass
