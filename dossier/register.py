"""The register of document numbers (``so-van-ban.yaml`` in the workspace):
reading it, finding an entry, and writing it under a lock.

An entry says what it numbers, its number and where the number belongs:

* what: the candidate file (``ho_so``) or the class file (``lop``) — neither
  for a document of the whole workspace — the catalog code (``tai_lieu``)
  and, for a document sent as one letter per destination, the destination
  (``noi_nhan``, compared by :func:`dossier.vietnamese.khoa_dia_danh`);
* the number (``so``), the issuing body (``co_quan``), the type code
  (``loai_van_ban``) and the committee term (``nhiem_ky``): numbers restart
  for each body, type and term (36-HD/VPTW);
* ``ngay``: the date printed on the document; ``ngay_cap``: the day the number
  was given.

Registers written before ``lop`` and ``ngay`` existed are read as they are
(every entry then names a candidate file); the next write keeps their entries.

Writers take an exclusive ``fcntl`` lock on ``so-van-ban.yaml.lock`` beside
the register, read the register again under it, and replace the file
atomically (:func:`dossier.fsutil.atomic_path`), so that concurrent
``dossier numbers allocate`` runs never hand out one number twice nor lose an
entry. The file is written again in full: comments a user adds below the
header are not kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from dossier import catalog, workspace_schemas
from dossier.errors import DataError, EnvironmentFailure, describe_os_error
from dossier.fsutil import write_text
from dossier.vietnamese import khoa_dia_danh, parse_ngay
from dossier.workspace import DocumentCache, display_path, find_root

REGISTER_FILE = "so-van-ban.yaml"
LOCK_SUFFIX = ".lock"
REGISTER_SCHEMA = "so-van-ban.schema.json"
#: Below the line pointing to the schema in the workspace's copy (dossier.workspace_schemas).
REGISTER_HEADER = "# Sổ đăng ký số văn bản. Tệp này do lệnh `dossier numbers allocate` ghi; có thể sửa tay cẩn thận.\n"
#: The order of an entry's keys when written.
ROW_KEYS = ("co_quan", "loai_van_ban", "nhiem_ky", "so", "tai_lieu", "ho_so", "lop", "noi_nhan", "ngay", "ngay_cap")


@dataclass(frozen=True)
class Holder:
    """What holds a document: a candidate file, a class file, or the workspace."""

    kind: str  # "ho_so" | "lop" | "bo_ho_so"
    path: str | None  # relative to the workspace root, "/"-separated; None for the workspace

    @property
    def label(self) -> str:
        return self.path if self.path is not None else "bộ hồ sơ"


WORKSPACE = Holder("bo_ho_so", None)


def register_path(root: Path) -> Path:
    return root / REGISTER_FILE


def relative(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


def holder_of(row: dict) -> Holder:
    if row.get("ho_so"):
        return Holder("ho_so", str(row["ho_so"]))
    if row.get("lop"):
        return Holder("lop", str(row["lop"]))
    return WORKSPACE


def same_destination(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return khoa_dia_danh(str(a)) == khoa_dia_danh(str(b))


def find(rows: list[dict], holder: Holder, code: str, instance: str | None = None,
         body: str | None = None) -> dict | None:
    """The entry for one document: its holder, code and destination (and, when
    given, issuing body — class letters sent by several committees)."""
    for row in rows:
        if (row.get("tai_lieu") == code and holder_of(row) == holder
                and same_destination(row.get("noi_nhan"), instance)
                and (body is None or row.get("co_quan") == body)):
            return row
    return None


def load(root: Path, cache: DocumentCache | None = None) -> list[dict]:
    """The register's entries ([] without a register). A register with errors
    is refused with a message saying how to see them."""
    path = register_path(root)
    if not path.is_file():
        return []
    if cache is None:
        return _load_cached(path.resolve(), path.stat().st_mtime_ns, path.stat().st_ino)
    return _load(path, cache)


@functools.lru_cache(maxsize=8)
def _load_cached(path: Path, mtime_ns: int, inode: int) -> list[dict]:
    return _load(path, DocumentCache())


def _load(path: Path, cache: DocumentCache) -> list[dict]:
    doc, findings = cache.get(path)
    if doc is None or any(f.is_error for f in findings):
        raise DataError(f"sổ số văn bản {REGISTER_FILE} có lỗi; hãy chạy `dossier validate {display_path(path)}`",
                        path=display_path(path))
    return list(doc.data.get("so") or [])


@contextlib.contextmanager
def locked(root: Path):
    """Hold the register's lock (``so-van-ban.yaml.lock``) for the block; other
    writers wait for it."""
    lock = register_path(root).with_name(REGISTER_FILE + LOCK_SUFFIX)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise EnvironmentFailure(f"Không tạo được tệp khóa {lock}: {describe_os_error(exc)}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def write(root: Path, rows: list[dict]) -> None:
    """Replace the register with ``rows`` (call under :func:`locked`)."""
    ordered = [{k: row[k] for k in ROW_KEYS if row.get(k) is not None}
               | {k: v for k, v in row.items() if k not in ROW_KEYS} for row in rows]
    body = yaml.safe_dump({"loai": "so_van_ban", "so": ordered}, allow_unicode=True, sort_keys=False)
    workspace_schemas.ensure(root)
    schema = workspace_schemas.schema_line(root, register_path(root), REGISTER_SCHEMA)
    write_text(register_path(root), schema + REGISTER_HEADER + body)


# ------------------------------------------------------------------ the numbers a document prints

LETTERS = "CV-TTLL"  # one number per destination, none kept on a milestone


@dataclass(frozen=True)
class Slot:
    """A document to number: what holds it, its issuing body, destination and printed date."""

    holder: Holder
    code: str
    body: dict
    instance: str | None
    when: dt.date | None


def holder_for(path: Path, root: Path, kind: str) -> Holder:
    return Holder(kind, relative(path, root))


def milestone_entries() -> list[catalog.Entry]:
    """The catalog entries whose number a candidate milestone holds."""
    return [e for e in catalog.entries().values() if e.numbering and e.numbering.get("moc") and e.code != LETTERS]


def registered_number(path: Path, code: str, instance: str | None = None) -> int | None:
    """The number the register holds for a document of the candidate file ``path`` (None if none)."""
    root = find_root(path)
    if root is None or not register_path(root).is_file():
        return None
    row = find(load(root), holder_for(path, root, "ho_so"), code, instance)
    return row["so"] if row else None


def milestone_number(path: Path, milestone: str) -> int | None:
    """The registered number of the (single) document whose number a milestone of the candidate file ``path`` holds."""
    for entry in milestone_entries():
        if entry.numbering["moc"] == milestone:
            number = registered_number(path, entry.code)
            if number is not None:
                return number
    return None


def registered(path: Path, code: str, body: str | None = None, instance: str | None = None):
    """The number and printed date the register holds for a class letter
    (``path`` the class file; ``body`` the issuing body's ``ma``)."""
    root = find_root(path)
    if root is None or not register_path(root).is_file():
        return None, None
    row = find(load(root), holder_for(path, root, "lop"), code, instance, body)
    if row is None:
        return None, None
    day = row.get("ngay")
    try:
        return row["so"], parse_ngay(day) if isinstance(day, str) and day else None
    except ValueError:  # reported by schema validation
        return row["so"], None
