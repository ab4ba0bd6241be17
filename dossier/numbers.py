"""Document numbers ("Số 125-QĐ/ĐU"): one register per issuing body, document
type and committee term (nhiệm kỳ), as 36-HD/VPTW requires.

A number is either written in the data (``moc.<milestone>.so``: already
issued) or allocated by ``dossier numbers allocate``, which records it in the
workspace's register file ``so-van-ban.yaml`` — candidate files are never
rewritten. Which milestone holds a document's number, its type code and which
body issues it are catalog data (``so_van_ban`` on the entry). Allocation takes
the next number after every number already used for that body, type and term,
in the register and in the data, so two documents cannot share a number;
validation reports any that do.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from dossier import catalog
from dossier.context import Candidate, date_of, open_candidate
from dossier.errors import DataError
from dossier.findings import ERROR, Finding, Location
from dossier.fsutil import write_text
from dossier.vietnamese import khoa_dia_danh
from dossier.workspace import DocumentCache, collect_files, display_path, find_root

REGISTER_FILE = "so-van-ban.yaml"
REGISTER_HEADER = (
    "# yaml-language-server: $schema=../schemas/so-van-ban.schema.json\n"
    "# Sổ đăng ký số văn bản. Tệp này do lệnh `dossier numbers allocate` ghi; có thể sửa tay cẩn thận.\n"
)


@dataclass(frozen=True)
class Key:
    body: str  # ma of the issuing body
    type_code: str  # QĐ, NQ, CV…
    term: str  # nhiệm kỳ, e.g. 2025-2030


@dataclass(frozen=True)
class Use:
    number: int
    code: str  # catalog code
    holder: str  # the candidate file (display path)
    instance: str | None
    location: Location


def issuing_body(c: Candidate, role: str) -> dict | None:
    """The body that issues a document: ``chi_bo``, ``bo_phan``, ``co_so`` or ``tham_quyen``."""
    if role == "chi_bo":
        return c.chi_bo
    if role == "tham_quyen":
        return c.org.bodies.get((c.org.data.get("tham_quyen_ket_nap") or {}).get("co_quan"))
    return c.org.ancestor(c.chi_bo, role)


def term_of(org_data: dict, when: dt.date | None) -> str:
    """The committee term a document belongs to. The organisation declares its
    current term (``nhiem_ky: 2025-2030``); a document dated before the term's
    first year belongs to an earlier term."""
    term = str(org_data.get("nhiem_ky") or "")
    try:
        first = int(term.split("-")[0])
    except ValueError:
        return term
    if when is not None and when.year < first:
        return f"trước {term}"
    return term


def register_path(root: Path) -> Path:
    return root / REGISTER_FILE


def load_register(root: Path, cache: DocumentCache | None = None) -> list[dict]:
    path = register_path(root)
    if not path.is_file():
        return []
    if cache is None:
        return _load_register_cached(path.resolve(), path.stat().st_mtime_ns)
    return _load_register(path, cache)


@functools.lru_cache(maxsize=8)
def _load_register_cached(path: Path, mtime_ns: int) -> list[dict]:
    return _load_register(path, DocumentCache())


def _load_register(path: Path, cache: DocumentCache) -> list[dict]:
    doc, findings = cache.get(path)
    if doc is None or any(f.is_error for f in findings):
        raise DataError(f"sổ số văn bản {REGISTER_FILE} có lỗi; hãy chạy `dossier validate {display_path(path)}`",
                        path=display_path(path))
    return list(doc.data.get("so") or [])


def uses_in(root: Path, cache: DocumentCache) -> dict[Key, list[Use]]:
    """Every number in use in a workspace, from the data and from the register."""
    uses: dict[Key, list[Use]] = {}
    numbered = [e for e in catalog.entries().values() if e.numbering]
    files, _ = collect_files([root])
    for path in files:
        doc, findings = cache.get(path)
        if doc is None or doc.kind != "ung_vien" or any(f.is_error for f in findings):
            continue
        c = open_candidate(path, cache)
        for entry in numbered:
            milestone = (c.data.get("moc") or {}).get(entry.numbering["moc"])
            if not isinstance(milestone, dict) or not isinstance(milestone.get("so"), int):
                continue
            body = issuing_body(c, entry.numbering["co_quan"])
            if body is None:
                continue
            key = Key(body["ma"], entry.numbering["loai"], term_of(c.org.data, date_of(milestone.get("ngay"))))
            uses.setdefault(key, []).append(Use(milestone["so"], entry.code, doc.display, None,
                                                doc.location(("moc", entry.numbering["moc"], "so"))))
        uses_of_letters(c, doc, uses)
    register = register_path(root)
    if register.is_file():
        doc, _ = cache.get(register)
        for i, row in enumerate(load_register(root, cache)):
            key = Key(row["co_quan"], row["loai_van_ban"], str(row["nhiem_ky"]))
            uses.setdefault(key, []).append(Use(row["so"], row["tai_lieu"], row["ho_so"], row.get("noi_nhan"),
                                                doc.location(("so", i, "so"))))
    return uses


def uses_of_letters(c: Candidate, doc, uses: dict[Key, list[Use]]) -> None:
    """The verification letters' numbers written in the candidate's ``tham_tra`` records."""
    entry = catalog.entry("CV-TTLL")
    body = issuing_body(c, entry.numbering["co_quan"]) if entry and entry.numbering else None
    if body is None:
        return
    for i, record in enumerate(c.data.get("tham_tra") or []):
        if isinstance(record, dict) and isinstance(record.get("so"), int):
            key = Key(body["ma"], entry.numbering["loai"], term_of(c.org.data, date_of(record.get("ngay_gui"))))
            uses.setdefault(key, []).append(Use(record["so"], entry.code, doc.display, record.get("noi_tham_tra"),
                                                doc.location(("tham_tra", i, "so"))))


def _letter_record(c: Candidate, destination: str) -> dict:
    """The ``tham_tra`` record of a destination (compared as the letters compare it), or {}."""
    key = khoa_dia_danh(destination)
    for record in c.data.get("tham_tra") or []:
        if isinstance(record, dict) and khoa_dia_danh(str(record.get("noi_tham_tra", ""))) == key:
            return record
    return {}


def duplicate_findings(root: Path, cache: DocumentCache | None = None) -> list[Finding]:
    """A finding for every number used by two documents of the same body, type and term."""
    cache = cache or DocumentCache()
    findings = []
    for key, uses in uses_in(root, cache).items():
        first: dict[int, Use] = {}
        for use in uses:
            if use.number in first:
                other = first[use.number]
                findings.append(Finding(
                    ERROR, "number.duplicate",
                    f"số {use.number}-{key.type_code} của cơ quan '{key.body}' (nhiệm kỳ {key.term}) đã dùng cho "
                    f"{other.code} của {other.holder}; mỗi số chỉ được cấp cho một văn bản", use.location))
            else:
                first[use.number] = use
    return findings


def registered_number(c: Candidate, code: str, instance: str | None = None) -> int | None:
    """The number the register holds for a candidate's document (None if none)."""
    root = find_root(c.doc.path)
    if root is None or not register_path(root).is_file():
        return None
    holder = display_relative(c.doc.path, root)
    for row in load_register(root):
        if row["tai_lieu"] == code and row["ho_so"] == holder and _same_instance(row.get("noi_nhan"), instance):
            return row["so"]
    return None


def _same_instance(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return khoa_dia_danh(a) == khoa_dia_danh(b)


def number_for_milestone(c: Candidate, milestone: str) -> int | None:
    """The registered number of the (single) document whose number a milestone holds."""
    for entry in catalog.entries().values():
        if entry.numbering and entry.numbering["moc"] == milestone:
            number = registered_number(c, entry.code)
            if number is not None:
                return number
    return None


def display_relative(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


def allocate(candidate_path: Path, code: str, instance: str | None = None,
             today: dt.date | None = None) -> tuple[int, str]:
    """Allocate the next free number for a candidate's document and record it.
    Returns (number, formatted symbol such as ``126-QĐ/ĐU``)."""
    entry = catalog.entry(code)
    if entry is None or not entry.numbering:
        numbered = ", ".join(e.code for e in catalog.entries().values() if e.numbering)
        raise DataError(f"tài liệu '{code}' không được cấp số; các tài liệu có số: {numbered}")
    root = find_root(candidate_path)
    if root is None:
        raise DataError("không tìm thấy tệp to-chuc.yaml cho hồ sơ này", path=display_path(candidate_path))
    cache = DocumentCache()
    c = open_candidate(candidate_path, cache)
    milestone = (c.data.get("moc") or {}).get(entry.numbering["moc"]) or {}  # as written, without the register
    if instance is not None and code == "CV-TTLL":
        milestone = _letter_record(c, instance)
        if isinstance(milestone.get("so"), int):
            raise DataError(f"công văn gửi {instance} đã có số {milestone['so']} trong dữ liệu (tham_tra[].so)",
                            path=c.doc.display)
        milestone = {"ngay": milestone.get("ngay_gui")}
    if isinstance(milestone.get("so"), int) and instance is None:
        raise DataError(f"{code} đã có số {milestone['so']} trong dữ liệu (moc.{entry.numbering['moc']}.so)",
                        path=c.doc.display)
    if instance is None and not milestone.get("ngay"):
        raise DataError(f"hãy ghi ngày của văn bản vào moc.{entry.numbering['moc']}.ngay trước khi cấp số "
                        "(số văn bản thuộc nhiệm kỳ của ngày ban hành)", path=c.doc.display)
    existing = registered_number(c, code, instance)
    if existing is not None:
        raise DataError(f"{code} đã được cấp số {existing} trong {REGISTER_FILE}", path=c.doc.display)
    body = issuing_body(c, entry.numbering["co_quan"])
    if body is None:
        raise DataError(f"không xác định được cơ quan ban hành {code}", path=c.doc.display)
    today = today or dt.date.today()
    key = Key(body["ma"], entry.numbering["loai"], term_of(c.org.data, date_of(milestone.get("ngay")) or today))
    used = {u.number for u in uses_in(root, cache).get(key, [])}
    number = max(used, default=0) + 1
    rows = list(load_register(root, cache))
    row = {"co_quan": key.body, "loai_van_ban": key.type_code, "nhiem_ky": key.term, "so": number,
           "tai_lieu": code, "ho_so": display_relative(candidate_path, root), "ngay_cap": today.isoformat()}
    if instance is not None:
        row["noi_nhan"] = instance
    rows.append(row)
    body_text = yaml.safe_dump({"loai": "so_van_ban", "so": rows}, allow_unicode=True, sort_keys=False)
    write_text(register_path(root), REGISTER_HEADER + body_text)
    return number, f"{number:02d}-{key.type_code}/{body.get('ky_hieu', '')}"
