"""Register entries that number no document (``number.orphan`` warnings):
the candidate or class file is gone, the document is no longer numbered, the
destination of a letter is no longer one of its destinations, or the data now
writes the document's number itself. Such a number appears on no document;
the warning names the register's file and line so the entry can be removed."""

from __future__ import annotations

from pathlib import Path

from dossier import catalog, register, verification
from dossier.context import open_candidate
from dossier.errors import DossierError
from dossier.findings import WARNING, Finding
from dossier.register import LETTERS
from dossier.vietnamese import khoa_dia_danh
from dossier.workspace import DocumentCache, referenced_path

CLASS_CODES = ("CV-TTLL-LOP", "CV-GHS", "CV-DD")


def orphan_findings(root: Path, cache: DocumentCache) -> list[Finding]:
    path = register.register_path(root)
    if not path.is_file():
        return []
    doc, own = cache.get(path)
    if doc is None or any(f.is_error for f in own):
        return []
    findings = []
    for i, row in enumerate(register.load(root, cache)):
        reason = _why_orphan(root, cache, row)
        if reason:
            holder = register.holder_of(row)
            to = f", gửi {row['noi_nhan']}" if row.get("noi_nhan") else ""
            findings.append(Finding(
                WARNING, "number.orphan",
                f"số {row['so']}-{row['loai_van_ban']} trong sổ ({row['tai_lieu']} của {holder.label}{to}) không "
                f"thuộc văn bản nào: {reason}; nếu số này chưa dùng cho văn bản nào, hãy xóa mục này khỏi sổ",
                doc.location(("so", i))))
    return findings


def _why_orphan(root: Path, cache: DocumentCache, row: dict) -> str | None:
    code = row.get("tai_lieu")
    entry = catalog.entry(code)
    if entry is None or not entry.numbering:
        return f"tài liệu '{code}' không còn trong danh mục các văn bản được cấp số"
    if row.get("ho_so") and row.get("lop"):
        return "một mục chỉ ghi một trong hai trường ho_so (văn bản của một người) và lop (văn bản của lớp)"
    holder = register.holder_of(row)
    if holder.kind == "bo_ho_so":
        return None
    target = referenced_path(root, holder.path)
    doc, own = cache.get(target) if target.is_file() else (None, [])
    wanted = "ung_vien" if holder.kind == "ho_so" else "lop"
    if doc is None or doc.kind != wanted:
        return f"không còn tệp {'hồ sơ' if wanted == 'ung_vien' else 'lớp'} '{holder.path}'"
    if any(f.is_error for f in own):
        return None  # reported with the file itself
    try:
        if wanted == "lop":
            return _class_orphan(target, cache, row)
        return _candidate_orphan(target, cache, entry, row)
    except DossierError:
        return None  # what keeps the file from opening is reported by validating it


def _candidate_orphan(path: Path, cache: DocumentCache, entry: catalog.Entry, row: dict) -> str | None:
    c = open_candidate(path, cache)
    if entry.stage == "lop":
        return f"{entry.code} là văn bản của lớp, không của một người"
    if entry.code != LETTERS:
        moc = entry.numbering["moc"]
        written = ((c.data.get("moc") or {}).get(moc) or {}).get("so")
        if isinstance(written, int):
            return f"dữ liệu đã ghi số {written} (moc.{moc}.so), văn bản in số đó"
        return None
    if not row.get("noi_nhan"):
        return "không ghi nơi nhận (noi_nhan): mỗi công văn thẩm tra lý lịch có số riêng theo nơi nhận"
    letter = next((d for d in verification.plan(c).letters if d.key == khoa_dia_danh(row["noi_nhan"])), None)
    if letter is None:
        return "nơi nhận này không còn trong gia_dinh[].tham_tra (không có công văn gửi nơi này)"
    written = (letter.record or {}).get("so")
    if isinstance(written, int):
        return f"dữ liệu đã ghi số {written} cho công văn này (tham_tra[].so), văn bản in số đó"
    return None


def _class_orphan(path: Path, cache: DocumentCache, row: dict) -> str | None:
    from dossier.numbers_class import class_letters

    code = row["tai_lieu"]
    if code not in CLASS_CODES:
        return f"{code} không phải văn bản của lớp"
    if code != "CV-TTLL-LOP":
        return None  # which dossiers a CV-GHS or CV-DD lists changes as they progress
    letters = class_letters(path, cache, code)
    if not any(b["ma"] == row.get("co_quan") and khoa_dia_danh(d) == khoa_dia_danh(str(row.get("noi_nhan") or ""))
               for b, d in letters):
        return "nơi nhận này không còn trong gia_dinh[].tham_tra của học viên nào của lớp"
    return None
