"""Where an organisation's files live, and how they refer to each other.

A workspace is a folder holding the organisation file ``to-chuc.yaml``; class
and candidate files live anywhere below it. Files refer to each other:

* a candidate names its chi bộ (``chi_bo``) and its introducers
  (``gioi_thieu.dang_vien[].ma``) by the codes defined in the organisation file;
* a class lists its candidates by file path (``hoc_vien[].ho_so``);
* a candidate lists its scans by path (``dinh_kem[].tep``).

:class:`DocumentCache` loads every file once and validates it against its
schema; :mod:`dossier.validate` checks that every such reference resolves.
:class:`Organisation` gives the later stages indexed access to the data.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from dossier import file_facts, schema, workspace_schemas
from dossier.findings import ERROR, Finding, Location
from dossier.loader import MAX_FILE_BYTES, load
from dossier.nearest import nearest_files, suggestion
from dossier.yaml_document import Document

ORG_FILE = "to-chuc.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
SKIPPED_DIRS = {"out", "node_modules", "__pycache__", "mau"}  # mau/: a workspace's Word templates
# a folder holding one of these is a build's output (summary.json, the content
# cache of a dossier) or a Python environment: no data of the workspace
OUTPUT_MARKERS = ("summary.json", ".dossier-manifest.json", ".dossier-cache.json", "pyvenv.cfg")


def display_path(path: Path) -> str:
    """A path as the user should read it: relative to the current folder when below it."""
    try:
        return str(resolved(path).relative_to(resolved(Path.cwd())))
    except ValueError:
        return str(path)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``to-chuc.yaml``.
    Finding it brings the workspace's copy of the schemas up to date
    (:func:`dossier.workspace_schemas.refresh`, once per command)."""
    root = _remembered(_ROOTS, start, _root_at_or_above)
    if root is not None:
        workspace_schemas.refresh(root)
    return root


def _root_at_or_above(start: Path) -> Path | None:
    folder = resolved(start)
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        if (candidate / ORG_FILE).is_file():
            return candidate
    return None


def resolved(path: Path) -> Path:
    """``path.resolve()``; remembered during one command (see :func:`shared_parsing`),
    where the same few hundred paths are resolved thousands of times."""
    return _remembered(_RESOLVED, path, Path.resolve)


def _remembered(memo: dict, key, compute):
    if not _sharing:
        return compute(key)
    try:
        return memo[key]
    except KeyError:
        memo[key] = value = compute(key)
        return value


def collect_files(paths: list[Path]) -> tuple[list[Path], list[Finding]]:
    """YAML files named directly or found below the named folders, in a stable order
    (walked once per command while sharing: every index over a workspace starts here)."""
    files, findings = _remembered(_COLLECTED, tuple(paths), _collect)
    return list(files), list(findings)


def _collect(paths: tuple[Path, ...]) -> tuple[list[Path], list[Finding]]:
    files: list[Path] = []
    findings: list[Finding] = []
    for path in paths:
        if path.is_dir():
            for folder, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not _skipped_folder(Path(folder, d)))
                files.extend(Path(folder, f) for f in sorted(filenames) if f.endswith(YAML_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            message = "không tìm thấy tệp hay thư mục này" + suggestion(nearest_files(path))
            findings.append(Finding(ERROR, "file.not_found", message, Location(str(path))))
    unique = list(dict.fromkeys(f.resolve() for f in files))
    return unique, findings


def _skipped_folder(folder: Path) -> bool:
    """Folders no data file lives in: hidden ones (``.dossier/``, ``.venv``,
    ``.git``), the toolkit's own (``mau/`` templates, ``out``) and a build's
    output under any name (docs/data-model.md, "File kinds")."""
    if folder.name.startswith(".") or folder.name in SKIPPED_DIRS:
        return True
    return any((folder / marker).is_file() for marker in OUTPUT_MARKERS)


class DocumentCache:
    """Loads each file once and remembers its document and its own findings
    (loading and schema), so a file reached twice is reported once."""

    def __init__(self, shares: "DocumentCache | None" = None):
        """``shares``: another cache whose derived values (indexes over the
        workspace) this one uses and adds to; its documents are not kept here."""
        self._cache: dict[Path, tuple[Document | None, list[Finding]]] = {}
        self._derived: dict = shares._derived if shares is not None else {}

    def derived(self, key, compute):
        """A value computed from this cache's documents (an index over the
        workspace), computed once per cache like the documents themselves."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    def get(self, path: Path) -> tuple[Document | None, list[Finding]]:
        path = resolved(path)
        if path not in self._cache:
            self._cache[path] = _load_validated(path, display_path(path))
        return self._cache[path]

    def kind(self, path: Path) -> tuple[str | None, bool]:
        """The file's kind (``loai``; None when it cannot be read) and whether it
        has errors of its own: an index over the workspace looks at the files of
        one kind only, without unpickling every file's parse for it (dossier.file_facts)."""
        path = resolved(path)
        if path in self._cache or not _sharing:
            return _kind_of(self.get(path))
        return file_facts.fact("kind", path, digest_of(path), lambda: _kind_of(self.get(path)))


def _kind_of(parsed: tuple[Document | None, list[Finding]]) -> tuple[str | None, bool]:
    doc, findings = parsed
    return (doc.kind if doc is not None else None), any(f.is_error for f in findings)


# Parsed files shared by the DocumentCaches of a batch (see shared_parsing), keyed
# by the exact bytes: one command looks at the workspace several times (finding
# classes, building, checking), each time through a cache of its own, and
# parsing YAML with positions is the slow part (about 10 ms a file; unpickling
# the result takes under 0.1 ms). Each cache gets its own copy, so a caller that
# changes a document's data changes nobody else's. A file whose bytes changed is
# parsed again.
_PARSED: OrderedDict = OrderedDict()
_PARSED_MAX = 4096
_PARSED_LOCK = threading.Lock()
_sharing = 0
_RESOLVED: dict[Path, Path] = {}  # path -> path.resolve(), while sharing
_ROOTS: dict[Path, Path | None] = {}  # file or folder -> its workspace root, while sharing
_DIGESTS: dict[Path, bytes | None] = {}  # file -> the sha256 of its bytes, while sharing
_COLLECTED: dict = {}  # paths -> the files at or below them (collect_files), while sharing
PER_COMMAND: list[dict] = [_RESOLVED, _ROOTS, _DIGESTS, _COLLECTED]  # memos emptied when the outermost sharing block ends


@contextlib.contextmanager
def shared_parsing():
    """Within this block, every DocumentCache reuses the parse of a file whose
    bytes it has already parsed in this process (in this block or an earlier one),
    and paths are resolved and workspace roots found once (:func:`resolved`,
    :func:`find_root`) until the outermost block ends."""
    global _sharing
    with _PARSED_LOCK:
        _sharing += 1
    try:
        yield
    finally:
        with _PARSED_LOCK:
            _sharing -= 1
            if not _sharing:  # paths and folders may change between commands
                for memo in PER_COMMAND:
                    memo.clear()


def sharing() -> bool:
    """Whether a :func:`shared_parsing` block is open (what is remembered then holds for the command)."""
    return bool(_sharing)


def parses() -> dict:
    """The parsed files remembered in this process (key -> pickled (document, findings))."""
    with _PARSED_LOCK:
        return dict(_PARSED)


def remember_parses(entries: dict) -> None:
    """Remember parsed files (as :func:`parses` gives them), e.g. kept from an earlier command."""
    with _PARSED_LOCK:
        for key, value in entries.items():
            _PARSED[key] = value
        while len(_PARSED) > _PARSED_MAX:
            _PARSED.popitem(last=False)


def digest_of(path: Path) -> bytes | None:
    """:func:`_digest`, once per command while sharing (what the command's indexes are keyed by)."""
    return _remembered(_DIGESTS, path, _digest)


def _digest(path: Path) -> bytes | None:
    """SHA-256 of a regular file of at most the loader's size limit; None for
    anything else (too large, a pipe, a device, unreadable), which is left to
    the loader to report and never waited for or read whole here."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        return hashlib.sha256(data).digest() if len(data) <= MAX_FILE_BYTES else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _load_validated(path: Path, display: str) -> tuple[Document | None, list[Finding]]:
    digest = _digest(path) if _sharing else None
    key = (path, display, digest)
    if digest is not None:
        with _PARSED_LOCK:
            parsed = _PARSED.get(key)
            if parsed is not None:
                _PARSED.move_to_end(key)
        if parsed is not None:
            return pickle.loads(parsed)
    doc, findings = load(path, display)
    if doc is not None:
        findings = findings + schema.validate(doc)
    try:
        # remembered only if what was parsed is what was hashed
        if digest is not None and _digest(path) == digest:
            parsed = pickle.dumps((doc, findings), protocol=pickle.HIGHEST_PROTOCOL)
            with _PARSED_LOCK:
                _PARSED[key] = parsed
                while len(_PARSED) > _PARSED_MAX:
                    _PARSED.popitem(last=False)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        pass
    return doc, findings


@dataclass
class Organisation:
    """Indexed view of the organisation file."""

    doc: Document
    bodies: dict = field(default_factory=dict)  # ma -> body dict
    members: dict = field(default_factory=dict)  # ma -> (member dict, chi bộ ma, index path)

    @classmethod
    def from_document(cls, doc: Document) -> "Organisation":
        org = cls(doc)
        data = doc.data if isinstance(doc.data, dict) else {}
        for i, body in enumerate(_list(data.get("co_quan"))):
            if isinstance(body, dict) and isinstance(body.get("ma"), str):
                org.bodies.setdefault(body["ma"], body)
                for j, member in enumerate(_list(body.get("dang_vien"))):
                    if isinstance(member, dict) and isinstance(member.get("ma"), str):
                        org.members.setdefault(member["ma"], (member, body["ma"], ("co_quan", i, "dang_vien", j)))
        return org

    @property
    def data(self) -> dict:
        return self.doc.data if isinstance(self.doc.data, dict) else {}

    def parent(self, body: dict) -> dict | None:
        return self.bodies.get(body.get("cap_tren")) if body else None

    def ancestor(self, body: dict, level: str) -> dict | None:
        """The first body of ``level`` (``co_so``, ``cap_tren_co_so``…) at or above ``body``."""
        seen = set()
        while body is not None and body.get("ma") not in seen:
            if body.get("cap") == level:
                return body
            seen.add(body.get("ma"))
            body = self.parent(body)
        return None


def _list(value) -> list:
    return value if isinstance(value, list) else []


def referenced_path(base: Path, value: str) -> Path:
    """The file a data file names, relative to ``base``. Names are NFC in the data
    (the loader normalises them); a file copied from a Mac may carry the
    decomposed (NFD) spelling on disk, which is found too."""
    target = base / value
    if not target.exists():
        decomposed = base / unicodedata.normalize("NFD", value)
        if decomposed.exists():
            target = decomposed
    return resolved(target)


def class_listings(root: Path, cache: DocumentCache) -> dict[Path, list[tuple[Document, int]]]:
    """Candidate file -> every (class document, index in its ``hoc_vien``) that
    lists it, over the class files of the workspace in file order; built once
    per cache. The data model wants exactly one (docs/data-model.md)."""
    return cache.derived(("class_listings", resolved(root)), lambda: _class_listings(root, cache))


def _class_listings(root: Path, cache: DocumentCache) -> dict[Path, list[tuple[Document, int]]]:
    listings: dict[Path, list[tuple[Document, int]]] = {}
    files, _ = collect_files([root])
    for file in files:
        if cache.kind(file)[0] != "lop":
            continue
        doc, _ = cache.get(file)
        for i, entry in enumerate(_list(doc.data.get("hoc_vien"))):
            if isinstance(entry, dict) and isinstance(entry.get("ho_so"), str):
                listed = listings.setdefault(referenced_path(file.parent, entry["ho_so"]), [])
                if not any(other is doc for other, _ in listed):  # twice in one class: ref.duplicate
                    listed.append((doc, i))
    return listings
