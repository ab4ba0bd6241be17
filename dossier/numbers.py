"""Document numbers ("Số 125-QĐ/ĐU"): one register per issuing body, document
type and committee term (nhiệm kỳ), as 36-HD/VPTW requires.

A number is either written in the data (``moc.<milestone>.so``, or
``tham_tra[].so`` for a verification letter: already issued) or allocated by
``dossier numbers allocate``, which records it in the workspace's register
``so-van-ban.yaml`` (:mod:`dossier.register`) — candidate and class files are
never rewritten. Which milestone holds a document's number, its type code and
which body issues it are catalog data (``so_van_ban`` on the entry).
Allocation takes the next number after every number already used for that
body, type and term, in the register and in the data, so two documents cannot
share a number; validation reports any that do, and register entries that
number no document (:mod:`dossier.numbers_check`).

A verification letter (CV-TTLL) is one letter per destination committee: each
gets its own number, dated as the letter is (``tham_tra[].ngay_gui``). Class
letters and workspace documents are numbered by :mod:`dossier.numbers_class`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from dossier import catalog, input_digest, register, verification
from dossier.context import Candidate, date_of, open_candidate
from dossier.errors import DataError
from dossier.findings import ERROR, Finding, Location
from dossier.register import REGISTER_FILE, Holder, holder_for, milestone_entries, register_path  # noqa: F401
from dossier.register import Slot, registered  # noqa: F401 (re-exported)
from dossier.validate import ValidationReport, validate_paths
from dossier.vietnamese import khoa_dia_danh
from dossier.workspace import DocumentCache, collect_files, display_path, find_root

#: The document sent as one letter, with its own number, per destination.
LETTERS = register.LETTERS


@dataclass(frozen=True)
class Key:
    body: str  # ma of the issuing body
    type_code: str  # QĐ, NQ, CV…
    term: str  # nhiệm kỳ, e.g. 2025-2030


@dataclass(frozen=True)
class Use:
    number: int
    code: str  # catalog code
    holder: str  # the candidate or class file (display path), or "bộ hồ sơ"
    instance: str | None
    location: Location


@dataclass(frozen=True)
class Allocation:
    number: int
    symbol: str  # 126-QĐ/ĐU
    code: str
    instance: str | None
    when: dt.date | None


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


def load_register(root: Path, cache: DocumentCache | None = None) -> list[dict]:
    return register.load(root, cache)


def uses_in(root: Path, cache: DocumentCache) -> dict[Key, list[Use]]:
    """Every number in use in a workspace, from the data and from the register."""
    uses: dict[Key, list[Use]] = {}
    files, _ = collect_files([root])
    for path in files:
        if cache.kind(path) != ("ung_vien", False):
            continue
        for key, use in input_digest.candidate_fact(root, path, cache, "number_uses", lambda: _uses_of(path, cache)):
            uses.setdefault(key, []).append(use)
    if register_path(root).is_file():
        doc, _ = cache.get(register_path(root))
        for i, row in enumerate(register.load(root, cache)):
            key = Key(row["co_quan"], row["loai_van_ban"], str(row["nhiem_ky"]))
            uses.setdefault(key, []).append(Use(row["so"], row["tai_lieu"], register.holder_of(row).label,
                                                row.get("noi_nhan"), doc.location(("so", i, "so"))))
    return uses


def _uses_of(path: Path, cache: DocumentCache) -> list[tuple[Key, Use]]:
    """The numbers one candidate's data writes (kept by the file's bytes: dossier.file_facts)."""
    doc, _ = cache.get(path)
    c = open_candidate(path, cache)
    uses: dict[Key, list[Use]] = {}
    for entry in milestone_entries():
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
    return [(key, use) for key, found in uses.items() for use in found]


def uses_of_letters(c: Candidate, doc, uses: dict[Key, list[Use]]) -> None:
    """The verification letters' numbers written in the candidate's ``tham_tra`` records."""
    entry = catalog.entry(LETTERS)
    body = issuing_body(c, entry.numbering["co_quan"]) if entry and entry.numbering else None
    if body is None:
        return
    for i, record in enumerate(c.data.get("tham_tra") or []):
        if isinstance(record, dict) and isinstance(record.get("so"), int):
            key = Key(body["ma"], entry.numbering["loai"], term_of(c.org.data, date_of(record.get("ngay_gui"))))
            uses.setdefault(key, []).append(Use(record["so"], entry.code, doc.display, record.get("noi_tham_tra"),
                                                doc.location(("tham_tra", i, "so"))))


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


def validate_workspace(paths: list[Path], cache: DocumentCache | None = None) -> ValidationReport:
    """Validate the files at or below ``paths`` (dossier.validate) and the
    workspace's document numbers (:func:`register_findings`): what `dossier
    validate` reports."""
    return validate_paths(paths, cache, register_findings)


def register_findings(root: Path, cache: DocumentCache | None = None) -> list[Finding]:
    """What validation reports about the workspace's numbers: numbers used
    twice (errors) and register entries that number no document (warnings)."""
    from dossier.numbers_check import orphan_findings

    cache = cache or DocumentCache()
    return duplicate_findings(root, cache) + orphan_findings(root, cache)


def registered_number(c: Candidate, code: str, instance: str | None = None) -> int | None:
    """The number the register holds for a candidate's document (None if none)."""
    return register.registered_number(c.doc.path, code, instance)


def number_for_milestone(c: Candidate, milestone: str) -> int | None:
    """The registered number of the (single) document whose number a milestone holds."""
    return register.milestone_number(c.doc.path, milestone)


def display_relative(path: Path, root: Path) -> str:
    return register.relative(path, root)


def numbered_entry(code: str) -> catalog.Entry:
    entry = catalog.entry(code)
    if entry is None or not entry.numbering:
        numbered = ", ".join(e.code for e in catalog.entries().values() if e.numbering)
        raise DataError(f"tài liệu '{code}' không được cấp số; các tài liệu có số: {numbered}")
    return entry


def allocate(path: Path, code: str, instance: str | None = None, today: dt.date | None = None,
             when: dt.date | None = None) -> list[Allocation]:
    """Allocate the next free numbers for the documents ``code`` of a candidate
    file, a class file or (a folder) the workspace, and record them in the
    register under its lock. ``instance`` picks one destination of a document
    sent to several; ``when`` is the date printed on a class or workspace
    document (default ``today``). Returns one :class:`Allocation` per number."""
    path = Path(path)
    entry = numbered_entry(code)
    root = find_root(path)
    if root is None:
        raise DataError("không tìm thấy tệp to-chuc.yaml cho tệp này", path=display_path(path))
    today = today or dt.date.today()
    with register.locked(root):
        cache = DocumentCache()  # read again under the lock: another run may just have written
        rows = register.load(root, cache)
        if path.is_dir():
            from dossier.numbers_class import workspace_slots

            slots = workspace_slots(root, cache, entry, rows, when or today)
        else:
            doc, _ = cache.get(path)
            kind = doc.kind if doc is not None else None
            if kind == "lop":
                from dossier.numbers_class import class_slots

                slots = class_slots(path, cache, entry, rows, instance, when or today)
            elif kind == "ung_vien":
                slots = candidate_slots(open_candidate(path, cache), root, entry, rows, instance)
            else:
                raise DataError("chỉ cấp số cho tệp người xin vào Đảng, tệp lớp, hoặc (thư mục) văn bản của bộ hồ sơ",
                                path=display_path(path))
        return give(root, cache, rows, entry, slots, today)


def give(root: Path, cache: DocumentCache, rows: list[dict], entry: catalog.Entry, slots: list[Slot],
         today: dt.date) -> list[Allocation]:
    """Number ``slots`` in order after every number in use and write the register."""
    org_doc, _ = cache.get(root / "to-chuc.yaml")
    org_data = org_doc.data if org_doc is not None else {}
    uses = uses_in(root, cache)
    done = []
    for slot in slots:
        key = Key(slot.body["ma"], entry.numbering["loai"], term_of(org_data, slot.when or today))
        used = uses.setdefault(key, [])
        number = max((u.number for u in used), default=0) + 1
        used.append(Use(number, slot.code, slot.holder.label, slot.instance, Location(REGISTER_FILE)))
        row = {"co_quan": key.body, "loai_van_ban": key.type_code, "nhiem_ky": key.term, "so": number,
               "tai_lieu": slot.code, slot.holder.kind: slot.holder.path, "noi_nhan": slot.instance,
               "ngay": slot.when.isoformat() if slot.when else None, "ngay_cap": today.isoformat()}
        rows.append({k: v for k, v in row.items() if v is not None and k != "bo_ho_so"})
        done.append(Allocation(number, f"{number:02d}-{key.type_code}/{slot.body.get('ky_hieu', '')}",
                               slot.code, slot.instance, slot.when))
    register.write(root, rows)
    return done


def candidate_slots(c: Candidate, root: Path, entry: catalog.Entry, rows: list[dict],
                    instance: str | None) -> list[Slot]:
    holder = holder_for(c.doc.path, root, "ho_so")
    body = issuing_body(c, entry.numbering["co_quan"])
    if body is None:
        raise DataError(f"không xác định được cơ quan ban hành {entry.code}", path=c.doc.display)
    if entry.code == LETTERS:
        return letter_slots(c, holder, body, rows, instance)
    if instance is not None:
        raise DataError(f"--to chỉ dùng cho văn bản gửi nhiều nơi ({LETTERS}); {entry.code} chỉ có một bản",
                        path=c.doc.display)
    moc = entry.numbering["moc"]
    milestone = (c.data.get("moc") or {}).get(moc) or {}  # as written, without the register
    if isinstance(milestone.get("so"), int):
        raise DataError(f"{entry.code} đã có số {milestone['so']} trong dữ liệu (moc.{moc}.so)", path=c.doc.display)
    if not milestone.get("ngay"):
        raise DataError(f"hãy ghi ngày của văn bản vào moc.{moc}.ngay trước khi cấp số "
                        "(số văn bản thuộc nhiệm kỳ của ngày ban hành)", path=c.doc.display)
    existing = register.find(rows, holder, entry.code)
    if existing is not None:
        raise DataError(f"{entry.code} đã được cấp số {existing['so']} trong {REGISTER_FILE}", path=c.doc.display)
    return [Slot(holder, entry.code, body, None, date_of(milestone.get("ngay")))]


def letter_slots(c: Candidate, holder: Holder, body: dict, rows: list[dict], instance: str | None) -> list[Slot]:
    """The verification letters to number: the one sent to ``instance`` (one
    of the candidate's destinations), else every letter that has no number
    yet. Each is dated as the letter is: its record's ``ngay_gui``."""
    letters = verification.plan(c).letters
    if not letters:
        raise DataError("người này không có công văn thẩm tra lý lịch nào để cấp số (gia_dinh[].tham_tra)",
                        path=c.doc.display)
    if instance is not None:
        chosen = [d for d in letters if d.key == khoa_dia_danh(instance)]
        if not chosen:
            listed = "; ".join(d.name for d in letters)
            raise DataError(f"'{instance}' không phải nơi nhận công văn thẩm tra lý lịch của {c.data.get('ho_ten')}; "
                            f"các nơi nhận (gia_dinh[].tham_tra): {listed}", path=c.doc.display)
        letters = chosen
    slots, undated = [], []
    for d in letters:
        record = d.record or {}
        existing = register.find(rows, holder, LETTERS, d.name)
        if isinstance(record.get("so"), int) or existing is not None:
            if instance is not None:
                where = ("trong dữ liệu (tham_tra[].so)" if isinstance(record.get("so"), int)
                         else f"trong {REGISTER_FILE}")
                number = record["so"] if isinstance(record.get("so"), int) else existing["so"]
                raise DataError(f"công văn gửi {d.name} đã có số {number} {where}", path=c.doc.display)
            continue
        if d.sent is None:
            undated.append(d)
        slots.append(Slot(holder, LETTERS, body, d.name, d.sent))
    if undated:
        names = "; ".join(d.name for d in undated)
        raise DataError("hãy ghi ngày gửi ghi trên công văn (tham_tra[].ngay_gui) trước khi cấp số — số văn bản "
                        f"thuộc nhiệm kỳ của ngày ban hành; chưa có ngày gửi: {names}", path=c.doc.display)
    if not slots:
        raise DataError(f"mọi công văn thẩm tra lý lịch của {c.data.get('ho_ten')} đã có số "
                        f"(tham_tra[].so hoặc {REGISTER_FILE})", path=c.doc.display)
    return slots
