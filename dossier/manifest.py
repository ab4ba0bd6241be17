"""The manifest of an output folder (``.dossier-manifest.json``): what the
toolkit made there, from what, and the sha256 of what it made.

One per candidate folder and one for the class documents (``lop/``); a batch
folder (a class, or ``OUT`` for the people built outside classes) lists the
candidate folders it made. Each file made is recorded with

* ``sha256``: the digest of the bytes written, and beside it ``stat`` (size,
  modification time in nanoseconds, inode, change time): while these are unchanged the file
  is not read again (a rebuild that changes nothing stays fast);
* ``from``: what decided it — for a .docx the digest of its template, values,
  margins and the toolkit's version; for a PDF the sha256 of the .docx it was
  converted from (LibreOffice's PDFs are not byte-reproducible: what was made
  from what is recorded, never recomputed); for a bundle the digest of its cover,
  of every part's sha256 and of the toolkit's, bundler's and attachment
  sanitiser's versions (dossier.bundle.format_version).

A file is fresh only when its bytes still hash to the recorded digest and its
``from`` equals what the current inputs give: a PDF newer than its .docx is
not "converted" unless it was made from that .docx's bytes. Only the files a
manifest lists are ever replaced or moved: a listed .docx changed by hand is
moved aside as ``<name>-da-sua-<time>.docx``; what a build no longer produces
moves to ``OUT/.cu/<time>/<same path>`` (``OUT/.cu-2/``… when a file has that name); files no manifest lists (the user's
own notes) are left alone. A manifest of the wrong shape counts as absent.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import time
from pathlib import Path, PurePosixPath

from dossier.errors import EnvironmentFailure, describe_os_error
from dossier.fsutil import fsync_tree, make_folder, write_text

MANIFEST_FILE = ".dossier-manifest.json"
PERSON_MARK = "#"  # owner: "<data file>#<ID number>"
LEGACY_FILES = (".dossier-cache.json",)  # the content cache before the manifest: replaced by it
VERSION = 2
OLD_DIR = ".cu"  # OUT/.cu/<time>/…: what a build no longer produces
EDITED_MARK = "-da-sua-"
EDITED_NAME = re.compile(r"-da-sua-\d{8}-\d{6}(-\d+)?$")
_CHUNK = 1 << 20


def digest(*chunks: bytes) -> str:
    """One digest of several byte strings (each length-prefixed)."""
    h = hashlib.sha256()
    for chunk in chunks:
        h.update(len(chunk).to_bytes(8, "big"))
        h.update(chunk)
    return h.hexdigest()


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _stamp(info: os.stat_result) -> list[int]:
    """What must be unchanged for a file not to be read again. The change time
    is in it: a file rewritten in place with the same size and its old
    modification time put back (a clock moved backwards, a copy keeping times)
    has a new one, which nobody can set."""
    return [info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns]


@functools.cache
def stamp_now() -> str:
    """The time of this run, ``YYYYmmdd-HHMMSS`` (one per process: one ``.cu/<time>/`` per run)."""
    return time.strftime("%Y%m%d-%H%M%S")


def _records(value, inside: bool = False) -> dict:
    """The well-formed records of a loaded ``files``/``inputs`` mapping; with
    ``inside``, only those naming a file below the folder (a manifest edited to
    list ``../../etc/passwd`` or an absolute path must not make a sweep move it)."""
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, dict)
            and isinstance(v.get("sha256"), str) and (not inside or _below(k))}


def _below(rel: str) -> bool:
    """``rel`` is a plain relative path of a file below a folder: no ``..``, ``.``, empty or absolute part."""
    parts = rel.split("/")
    return "\\" not in rel and "\0" not in rel and all(p not in ("", ".", "..") for p in parts)


def free_path(path: Path) -> Path:
    """``path``, or ``path`` with ``-2``, ``-3``… before its suffix when taken."""
    candidate, n = path, 2
    while candidate.exists() or candidate.is_symlink():
        candidate, n = path.with_name(f"{path.stem}-{n}{path.suffix}"), n + 1
    return candidate


def old_folder(root: Path) -> Path:
    """``root/.cu``; when something else has that name (a file, a broken link),
    ``root/.cu-2``, ``root/.cu-3``… (the first that is a folder or free): what is
    in the way is not the toolkit's to move, and must not stop the build."""
    folder, n = Path(root) / OLD_DIR, 2
    while (folder.exists() or folder.is_symlink()) and (folder.is_symlink() or not folder.is_dir()):
        folder, n = Path(root) / f"{OLD_DIR}-{n}", n + 1
    return folder


def move_to_old(path: Path, root: Path, when: str) -> Path:
    """Move ``path`` (file or folder under ``root``) to ``root/.cu/<when>/<its path under root>``."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = Path(path.name)
    target = free_path(old_folder(root) / when / relative)
    try:
        make_folder(target.parent)
        shutil.move(str(path), str(target))
    except OSError as exc:
        raise EnvironmentFailure(f"Không chuyển được {path} sang {target.parent}: {describe_os_error(exc)}") from exc
    return target


def owner_of(path: Path, workspace_root: Path, person: object = None) -> str:
    """What a manifest is made for: the data file's path in its workspace, and
    for a candidate a digest of the person's ID number (``person``): the same
    file name in two workspaces built into one output folder is two people."""
    path, root = Path(path).resolve(), Path(workspace_root).resolve()
    owner = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    if not (isinstance(person, str) and person):
        return owner
    # the ID number itself is personal data: a manifest keeps only a digest of it
    return f"{owner}{PERSON_MARK}{hashlib.sha256(('dossier-owner|' + person).encode()).hexdigest()[:16]}"


def same_owner(recorded: str | None, owner: str | None) -> bool:
    """``recorded`` (a manifest's owner) is ``owner``; one recorded before the
    person's ID number was part of it counts as the same file's."""
    return recorded is None or owner is None or recorded in (owner, owner.split(PERSON_MARK)[0])


def owner_file(owner: str | None) -> str:
    """The data file's part of an owner (what a message may show)."""
    return (owner or "").split(PERSON_MARK)[0]


class Manifest:
    """The manifest of ``folder``. ``owner`` names what the folder is made for
    (the candidate's or the class's file, relative to its workspace); files
    recorded for another owner are not this one's. ``root`` is the output
    folder given to the command (where ``.cu/`` is). Reading writes nothing."""

    def __init__(self, folder: Path, force: bool = False, owner: str | None = None, root: Path | None = None):
        self.folder = Path(folder)
        self._prefix = f"{self.folder}/" if isinstance(self.folder, PurePosixPath) and self.folder.name else None
        self.path = self.folder / MANIFEST_FILE
        self.force = force
        self.owner = owner
        self.root = Path(root) if root is not None else self.folder.parent
        self.files: dict[str, dict] = {}
        self.inputs: dict[str, dict] = {}  # digests of files outside the folder (attachments), by absolute path
        self.folders: list[str] = []  # a batch folder: the candidate folders it made
        self.exists = False
        self.recorded_owner: str | None = None
        self.strays: dict[str, dict] = {}  # files recorded for another owner
        self._claimed: set[str] = set()
        self._used_inputs: set[str] = set()
        self._written: set[str] = set()
        self._dirty = False
        self._when = stamp_now()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return
        self.exists = True
        owner_then = data.get("owner")
        self.recorded_owner = owner_then if isinstance(owner_then, str) else None
        files = _records(data.get("files"), inside=True)
        if not same_owner(self.recorded_owner, owner):
            self.strays = files
        else:
            self.files = files
        self.inputs = _records(data.get("inputs"))
        folders = data.get("folders")
        self.folders = [f for f in folders if isinstance(f, str) and f and "/" not in f and f not in (".", "..")] \
            if isinstance(folders, list) else []

    # ------------------------------------------------------------ reading

    def rel(self, path: Path) -> str:
        """``path`` relative to the folder, as ``relative_to(folder).as_posix()``
        gives it. Asked several times for every file a build writes: a POSIX
        path below the folder is cut as text (what pathlib does, without
        building the parts of both paths each time)."""
        if isinstance(path, PurePosixPath) and self._prefix and str(path).startswith(self._prefix):
            return str(path)[len(self._prefix):]
        return Path(path).relative_to(self.folder).as_posix()

    def record_of(self, path: Path) -> dict | None:
        return self.files.get(self.rel(path))

    def current_sha(self, path: Path) -> str | None:
        """The sha256 of ``path`` now (None when absent): the recorded one while
        its size, modification time and inode are those recorded, else read."""
        try:
            info = Path(path).stat()
        except OSError:
            return None
        if not self._inside(path):
            self._used_inputs.add(str(path))
        record = self.files.get(self.rel(path)) if self._inside(path) else self.inputs.get(str(path))
        if record is not None and record.get("stat") == _stamp(info):
            return record["sha256"]
        try:
            sha = sha256_of(path)
        except OSError:
            return None
        if not self._inside(path):
            self.inputs[str(path)] = {"sha256": sha, "stat": _stamp(info)}
            self._dirty = True
        elif record is not None and sha == record["sha256"]:  # the same bytes: not read again next time
            record["stat"] = _stamp(info)  # (a stamp from an older toolkit, a copy that kept the bytes)
            self._dirty = True
        return sha

    def _inside(self, path: Path) -> bool:
        if isinstance(path, PurePosixPath) and self._prefix and str(path).startswith(self._prefix):
            return True
        return Path(path).is_relative_to(self.folder)

    def intact(self, path: Path) -> bool:
        """Listed, present, and its bytes are the ones recorded."""
        record = self.record_of(path)
        return record is not None and self.current_sha(path) == record["sha256"]

    def damaged(self, path: Path) -> bool:
        """Listed and present, but its bytes are not the ones recorded."""
        record = self.record_of(path)
        return record is not None and Path(path).is_file() and self.current_sha(path) != record["sha256"]

    def fresh(self, path: Path, inputs: dict) -> bool:
        """Intact and made from ``inputs`` (never with ``force``)."""
        record = self.record_of(path)
        return not self.force and record is not None and record.get("from") == inputs and self.intact(path)

    def sha(self, path: Path) -> str | None:
        record = self.record_of(path)
        return record["sha256"] if record else None

    # ------------------------------------------------------------ writing

    @property
    def claimed(self) -> set[str]:
        """The files (relative paths) claimed as this run's outputs."""
        return set(self._claimed)

    def claim(self, *paths: Path) -> None:
        """``paths`` are outputs of this run: not swept away."""
        self._claimed.update(self.rel(p) for p in paths)

    def record(self, path: Path, inputs: dict, **extra) -> None:
        """``path`` was just written from ``inputs``: record its digest."""
        path = Path(path)
        info = path.stat()
        self.files[self.rel(path)] = {"sha256": sha256_of(path), "stat": _stamp(info), "from": inputs, **extra}
        self.claim(path)
        self._written.add(self.rel(path))
        self._dirty = True

    def release(self, *paths: Path) -> None:
        """``paths`` are not outputs of this run after all (the document failed):
        a listed file left there is swept to ``.cu/``."""
        self._claimed.difference_update(self.rel(p) for p in paths)

    def moved(self, old: Path, new: Path, **extra) -> None:
        """``old`` was renamed ``new``, its bytes unchanged: its record follows
        (with ``extra``), and ``new`` is claimed."""
        record = self.files.pop(self.rel(old), None)
        self._claimed.discard(self.rel(old))
        if record is not None:
            self.files[self.rel(new)] = {**record, **extra}
            self.claim(new)
            self._written.add(self.rel(new))
            self._dirty = True

    def forget(self, path: Path) -> None:
        if self.files.pop(self.rel(path), None) is not None:
            self._dirty = True

    def set_aside(self, path: Path) -> Path:
        """Move a listed file changed since it was written to
        ``<name>-da-sua-<time><suffix>`` beside it; it is the user's from now on."""
        path = Path(path)
        target = free_path(path.with_name(f"{path.stem}{EDITED_MARK}{self._when}{path.suffix}"))
        try:
            os.rename(path, target)
        except OSError as exc:
            raise EnvironmentFailure(f"Không đổi tên được {path}: {describe_os_error(exc)}") from exc
        self.forget(path)
        return target

    def set_folders(self, names: list[str]) -> list[Path]:
        """A batch folder made ``names`` this run: the candidate folders it made
        before and not now move to ``.cu/``. The moved folders."""
        moved = [move_to_old(self.folder / name, self.root, self._when)
                 for name in self.folders if name not in names and (self.folder / name).is_dir()]
        if sorted(names) != sorted(self.folders):
            self.folders = sorted(names)
            self._dirty = True
        return moved

    def begin(self) -> list[Path]:
        """Before writing: the files recorded for another owner (another
        person's, in this folder) move to ``OUT/.cu/<time>/``. The moved files."""
        moved = self._move(sorted(self.strays))
        if self.strays:  # the folder is this owner's from now on, even if the run is killed before its end
            self.recorded_owner = None
            self.save(sync=False)
        self.strays = {}
        return moved

    def sweep(self) -> list[Path]:
        """After writing: what the manifest lists and this run did not claim moves
        to ``OUT/.cu/<time>/``. The moved files."""
        return self._move(sorted(set(self.files) - self._claimed))

    def _move(self, rels: list[str]) -> list[Path]:
        moved = []
        for rel in rels:
            path = self.folder / rel
            if path.is_file() and self._really_inside(path):
                moved.append(move_to_old(path, self.root, self._when))
            self.files.pop(rel, None)
            self._dirty = True
        return moved

    def _really_inside(self, path: Path) -> bool:
        """``path``'s folder is below this folder once links are followed (a
        ``tai-lieu`` replaced by a link elsewhere: nothing there is moved)."""
        return Path(os.path.realpath(path.parent)).is_relative_to(os.path.realpath(self.folder))

    def save(self, sync: bool = True) -> None:
        """Write the manifest if anything changed. With ``sync``, the files
        written since the last synced save and the manifest reach the disk
        first (one fsync each, once per candidate)."""
        if not self._dirty:
            return
        if sync:
            fsync_tree(self.folder / rel for rel in sorted(self._written))  # each file and its folder, once
        self._dirty = False
        inputs = {k: v for k, v in self.inputs.items() if k in self._used_inputs} if sync else self.inputs
        write_text(self.path, json.dumps({"version": VERSION, "owner": self.owner or self.recorded_owner,
                                          "files": self.files, "inputs": inputs,
                                          **({"folders": self.folders} if self.folders else {})},
                                         ensure_ascii=False, indent=1, sort_keys=True))
        for legacy in LEGACY_FILES:
            with contextlib.suppress(OSError):
                (self.folder / legacy).unlink()
        if sync:
            fsync_tree([self.path])
            self._written.clear()

