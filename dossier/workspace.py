"""Where an organisation's files live, and how they refer to each other.

A workspace is a folder holding the organisation file ``to-chuc.yaml``; class
and candidate files live anywhere below it. Files refer to each other:

* a candidate names its chi bộ (``chi_bo``) and its introducers
  (``gioi_thieu.dang_vien[].ma``) by the codes defined in the organisation file;
* a class lists its candidates by file path (``hoc_vien[].ho_so``);
* a candidate lists its scans by path (``dinh_kem[].tep``).

:func:`validate_paths` loads every file, validates it against its schema and
checks that every such reference resolves. :class:`Workspace` gives the build
stages indexed access to the same data.
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

from dossier import schema, workspace_schemas
from dossier.findings import ERROR, Finding, Location
from dossier.loader import MAX_FILE_BYTES, load
from dossier.yaml_document import Document

ORG_FILE = "to-chuc.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
SKIPPED_DIRS = {"out", "node_modules", "__pycache__", "mau"}  # mau/: a workspace's Word templates
# a folder holding one of these is a build's output (summary.json, the content
# cache of a dossier) or a Python environment: no data of the workspace
OUTPUT_MARKERS = ("summary.json", ".dossier-cache.json", "pyvenv.cfg")


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
    """YAML files named directly or found below the named folders, in a stable order."""
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
            findings.append(Finding(ERROR, "file.not_found", "không tìm thấy tệp hay thư mục này", Location(str(path))))
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

    def __init__(self):
        self._cache: dict[Path, tuple[Document | None, list[Finding]]] = {}
        self._derived: dict = {}

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
                _RESOLVED.clear()
                _ROOTS.clear()


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


def _check_organisation(org: Organisation) -> list[Finding]:
    doc, data = org.doc, org.data
    findings = []
    seen_bodies: set = set()
    seen_members: set = set()
    for i, body in enumerate(_list(data.get("co_quan"))):
        if not isinstance(body, dict):
            continue
        ma = body.get("ma")
        if ma in seen_bodies:
            findings.append(_ref(doc, ("co_quan", i, "ma"), "ref.duplicate", f"mã tổ chức '{ma}' bị dùng hai lần"))
        seen_bodies.add(ma)
        parent = body.get("cap_tren")
        if isinstance(parent, str) and parent not in org.bodies:
            findings.append(_ref(doc, ("co_quan", i, "cap_tren"), "ref.body",
                                 f"cấp trên '{parent}' không có trong danh sách co_quan"))
        for j, member in enumerate(_list(body.get("dang_vien"))):
            mma = member.get("ma") if isinstance(member, dict) else None
            if mma in seen_members:
                findings.append(_ref(doc, ("co_quan", i, "dang_vien", j, "ma"), "ref.duplicate",
                                     f"mã đảng viên '{mma}' bị dùng hai lần"))
            seen_members.add(mma)
        secretary = body.get("bi_thu")
        if isinstance(secretary, str):
            member = org.members.get(secretary)
            if member is None or member[1] != ma:
                findings.append(_ref(doc, ("co_quan", i, "bi_thu"), "ref.member",
                                     f"bí thư '{secretary}' không phải là đảng viên của {body.get('ten', ma)}"))
    findings += _check_ruleset(doc, data.get("bo_quy_tac"))
    authority = data.get("tham_quyen_ket_nap")
    if isinstance(authority, dict) and isinstance(authority.get("co_quan"), str):
        if authority["co_quan"] not in org.bodies:
            findings.append(_ref(doc, ("tham_quyen_ket_nap", "co_quan"), "ref.body",
                                 f"cơ quan '{authority['co_quan']}' không có trong danh sách co_quan"))
    return findings


def _check_ruleset(doc: Document, code) -> list[Finding]:
    """``bo_quy_tac`` must name a ruleset of the toolkit (a finding, so every
    output format reports it like any other problem of the file)."""
    if not isinstance(code, str) or not code:
        return []
    from dossier import rulesets
    from dossier.errors import DossierError

    try:
        rulesets.choice(code)
    except DossierError as exc:
        return [_ref(doc, ("bo_quy_tac",), "ruleset.unknown", exc.message)]
    return []


def _ref(doc: Document, path: tuple, code: str, message: str) -> Finding:
    return Finding(ERROR, code, message, doc.location(path))


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


def _check_file_reference(doc: Document, path: tuple, value, root: Path | None, what: str) -> list[Finding]:
    if not isinstance(value, str) or not value.strip():
        return []
    target = referenced_path(doc.path.parent, value)
    if root is not None and not target.is_relative_to(root.resolve()):
        return [_ref(doc, path, "ref.outside_workspace",
                     f"{what} '{value}' nằm ngoài thư mục hồ sơ ({display_path(root)}); "
                     "hãy chép tệp vào trong thư mục hồ sơ")]
    if not target.is_file():
        return [_ref(doc, path, "ref.file_missing", f"không tìm thấy {what} '{value}'")]
    return []


def _check_candidate(doc: Document, org: Organisation | None, root: Path | None,
                     cache: DocumentCache) -> list[Finding]:
    data = doc.data
    findings = in_two_classes(class_listings(root, cache).get(resolved(doc.path), [])) if root else []
    if org is not None:
        chi_bo = data.get("chi_bo")
        if isinstance(chi_bo, str):
            body = org.bodies.get(chi_bo)
            if body is None or body.get("cap") != "chi_bo":
                known = ", ".join(m for m, b in org.bodies.items() if b.get("cap") == "chi_bo")
                findings.append(_ref(doc, ("chi_bo",), "ref.body",
                                     f"chi bộ '{chi_bo}' không có trong {display_path(org.doc.path)}"
                                     + (f"; các chi bộ đã khai báo: {known}" if known else "")))
        intro = data.get("gioi_thieu") if isinstance(data.get("gioi_thieu"), dict) else {}
        for i, item in enumerate(_list(intro.get("dang_vien"))):
            ma = item.get("ma") if isinstance(item, dict) else None
            if isinstance(ma, str) and ma not in org.members:
                findings.append(_ref(doc, ("gioi_thieu", "dang_vien", i, "ma"), "ref.member",
                                     f"người giới thiệu '{ma}' không có trong danh sách đảng viên của "
                                     f"{display_path(org.doc.path)}"))
        helper = data.get("nguoi_giup_do")
        if isinstance(helper, str) and helper not in org.members:
            findings.append(_ref(doc, ("nguoi_giup_do",), "ref.member",
                                 f"người giúp đỡ '{helper}' không có trong danh sách đảng viên"))
    for i, item in enumerate(_list(data.get("dinh_kem"))):
        if isinstance(item, dict):
            findings += _check_file_reference(doc, ("dinh_kem", i, "tep"), item.get("tep"), root, "tệp đính kèm")
    findings += _check_file_reference(doc, ("anh_the",), data.get("anh_the"), root, "ảnh thẻ")
    return findings


def _check_class(doc: Document, cache: DocumentCache, root: Path | None) -> list[Finding]:
    findings = []
    seen: dict[Path, int] = {}
    for i, item in enumerate(_list(doc.data.get("hoc_vien"))):
        value = item.get("ho_so") if isinstance(item, dict) else None
        path = ("hoc_vien", i, "ho_so")
        problems = _check_file_reference(doc, path, value, root, "hồ sơ học viên")
        findings += problems
        if problems or not isinstance(value, str):
            continue
        target = (doc.path.parent / value).resolve()
        if target in seen:
            findings.append(_ref(doc, path, "ref.duplicate",
                                 f"học viên '{value}' đã có ở mục thứ {seen[target] + 1} của danh sách"))
            continue
        seen[target] = i
        other, _ = cache.get(target)
        if other is not None and other.kind not in (None, "ung_vien"):
            findings.append(_ref(doc, path, "ref.kind", f"tệp '{value}' không phải hồ sơ người xin vào Đảng"))
        elif root is not None:
            listed = class_listings(root, cache).get(referenced_path(doc.path.parent, value), [])
            findings += [f for f in in_two_classes(listed) if f.location.path == doc.display]
    return findings


def class_listings(root: Path, cache: DocumentCache) -> dict[Path, list[tuple[Document, int]]]:
    """Candidate file -> every (class document, index in its ``hoc_vien``) that
    lists it, over the class files of the workspace in file order; built once
    per cache. The data model wants exactly one (docs/data-model.md)."""
    return cache.derived(("class_listings", resolved(root)), lambda: _class_listings(root, cache))


def _class_listings(root: Path, cache: DocumentCache) -> dict[Path, list[tuple[Document, int]]]:
    listings: dict[Path, list[tuple[Document, int]]] = {}
    files, _ = collect_files([root])
    for file in files:
        doc, _ = cache.get(file)
        if doc is None or doc.kind != "lop":
            continue
        for i, entry in enumerate(_list(doc.data.get("hoc_vien"))):
            if isinstance(entry, dict) and isinstance(entry.get("ho_so"), str):
                listed = listings.setdefault(referenced_path(file.parent, entry["ho_so"]), [])
                if not any(other is doc for other, _ in listed):  # twice in one class: ref.duplicate
                    listed.append((doc, i))
    return listings


def in_two_classes(listed: list[tuple[Document, int]]) -> list[Finding]:
    """``ref.in_two_classes`` at each listing of a candidate that more than one
    class file lists, naming the others: which class's certificate is the
    candidate's cannot be told, so the candidate is not built until it is fixed."""
    if len(listed) < 2:
        return []
    findings = []
    for doc, i in listed:
        path = ("hoc_vien", i, "ho_so")
        others = ", ".join(f"{other.display} dòng {other.location(('hoc_vien', j, 'ho_so')).line}"
                           for other, j in listed if other is not doc)
        findings.append(_ref(doc, path, "ref.in_two_classes",
                             f"hồ sơ '{doc.data['hoc_vien'][i]['ho_so']}' cũng có trong tệp lớp {others}; mỗi "
                             "người xin vào Đảng chỉ có trong đúng một tệp lớp (giấy chứng nhận lấy số từ tệp lớp "
                             "đó): hãy xóa người này khỏi tệp lớp không đúng; chưa sửa thì hồ sơ của người này "
                             "không được dựng"))
    return findings


@dataclass
class ValidationReport:
    findings: list[Finding]
    files_checked: int


def validate_paths(paths: list[Path], cache: DocumentCache | None = None,
                   workspace_checks: bool = True) -> ValidationReport:
    """Validate every YAML file at or below ``paths``: syntax, schema and references.
    ``workspace_checks`` adds the checks that read the whole workspace (document
    numbers used twice, register entries numbering no document); a batch runs them once for all its candidates."""
    files, findings = collect_files(paths)
    cache = cache or DocumentCache()
    orgs: dict[Path, Organisation | None] = {}

    def organisation_for(path: Path) -> tuple[Path | None, Organisation | None]:
        root = find_root(path)
        if root is None:
            return None, None
        if root not in orgs:
            org_doc, org_findings = cache.get(root / ORG_FILE)
            orgs[root] = Organisation.from_document(org_doc) if org_doc is not None and org_doc.kind == "to_chuc" else None
            if (root / ORG_FILE).resolve() not in files and any(f.is_error for f in org_findings):
                findings.append(Finding(ERROR, "workspace.organisation_invalid",
                                        "tệp tổ chức của thư mục này có lỗi; hãy kiểm tra nó trước "
                                        f"(dossier validate {display_path(root / ORG_FILE)})",
                                        Location(display_path(root / ORG_FILE))))
        return root, orgs[root]

    for path in files:
        doc, own = cache.get(path)
        findings += own
        if doc is None or doc.kind is None or any(f.is_error for f in own if f.code == "schema.kind"):
            continue
        root, org = organisation_for(path)
        if doc.kind == "to_chuc":
            findings += _check_organisation(Organisation.from_document(doc))
        elif doc.kind == "ung_vien":
            if root is None:
                findings.append(Finding(ERROR, "workspace.no_organisation",
                                        f"không tìm thấy tệp {ORG_FILE} ở thư mục này hay các thư mục cha; "
                                        "hồ sơ phải nằm trong thư mục của một tổ chức đảng",
                                        doc.location(())))
            findings += _check_candidate(doc, org, root, cache)
        elif doc.kind == "lop":
            findings += _check_class(doc, cache, root)
    if workspace_checks and not any(f.is_error for f in findings):
        from dossier.numbers import register_findings

        shown = {display_path(f) for f in files}
        for root, org in orgs.items():
            if org is not None:
                findings += [f for f in register_findings(root, cache) if f.location.path in shown]
    # a problem two files share (ref.in_two_classes) is found from each of them
    return ValidationReport(list(dict.fromkeys(findings)), len(files))
