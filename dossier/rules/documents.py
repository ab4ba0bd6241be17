"""The documents of the dossier, from the catalog (``templates/catalog.yaml``).

Which documents the dossier holds, how each is produced and when each is
needed (due, needed next, not yet) is the candidate's plan (:mod:`dossier.plan`);
this rule reports on it. Findings:

* ``doc.missing`` (warning): a due document that is not present, with the reason;
* ``doc.needed_next`` (info): a document the next step needs;
* ``doc.unreadable`` (error): an attached file that does not open (checked
  by :mod:`dossier.attachments`, the bundler's own reader: PDF not encrypted,
  image readable);
* ``doc.expired``: an introduction, a Youth Union / trade-union resolution or
  the opinions summary older than 12 months on the day the chi bộ met (an
  error) or today while it has not (a warning), 06-HD/TW §5.4a;
* ``doc.supplement_if_changed`` (info): a verification older than that: to be
  supplemented only if something changed;
* ``doc.inconsistent`` (warning): a scan whose date or number differs from the
  data, or attached where its condition or step is not in the data;
* ``doc.unknown_code`` (warning): an attachment whose code is not in the catalog.

The status of every applicable document (:class:`DocumentStatus`) goes to the
report as well (``RuleContext.documents``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from dossier import catalog, conditions, stage, vietnamese
from dossier import plan as planning
from dossier.attachments import scan_problem
from dossier.findings import ERROR, INFO, WARNING, Finding
from dossier.rules import RuleContext, day_text
from dossier.workspace import referenced_path

# Introductions: catalog code -> (path of the introduction in the data, key of its date)
_INTRODUCTIONS = {
    "4-KNĐ": ("gioi_thieu", "doan_thanh_nien"),
    "4A-KNĐ": ("gioi_thieu", "cong_doan"),
}
_INTRODUCER_LETTER = "3-KNĐ"


@dataclass
class Scan:
    index: int
    item: dict
    path: Path
    problem: str | None  # why it does not open, or None


@dataclass
class DocumentStatus:
    """One catalog document of one candidate, for the report."""

    code: str
    title: str
    stage: str  # catalog stage: ket_nap | cong_nhan
    needed: str  # da_den (due) | buoc_tiep_theo (the next step needs it) | chua_den (not yet)
    state: str | None = None  # co | thieu | khong_mo_duoc | het_han | khong_khop; None when not yet needed
    how: str | None = None  # ban_scan | tao_tu_du_lieu | lop, when present
    reason: str | None = None  # why it is missing

    def to_dict(self) -> dict:
        return dict(self.__dict__)


STATE_LABELS = {"co": "có", "thieu": "thiếu", "khong_mo_duoc": "tệp không mở được", "het_han": "quá hạn dùng",
                "khong_khop": "không khớp dữ liệu"}


def check(ctx: RuleContext) -> list[Finding]:
    scans, findings = _scans(ctx)
    coverage, statuses = _coverage(ctx, scans)
    expired, inconsistent = _expired(ctx), _scan_consistency(ctx, scans)
    for found, state in ((expired, "het_han"), (inconsistent, "khong_khop")):
        for finding in found:
            record = statuses.get(finding.extra.get("document"))
            if record is not None and record.state == "co":
                record.state = state
    ctx.documents = list(statuses.values())
    return findings + coverage + expired + inconsistent


# ------------------------------------------------------------------ attachments


def _scans(ctx: RuleContext) -> tuple[dict[str, list[Scan]], list[Finding]]:
    c = ctx.candidate
    known = set(catalog.entries()) | {str(ctx.value(n)) for n in ("dong_y_tren_60_tuoi", "dong_y_ket_nap_lai")}
    by_code: dict[str, list[Scan]] = {}
    findings = []
    for i, item in enumerate(c.data.get("dinh_kem") or []):
        if not isinstance(item, dict) or not isinstance(item.get("tep"), str):
            continue
        path = referenced_path(c.doc.path.parent, item["tep"])
        problem = scan_problem(path)
        code = item.get("tai_lieu")
        by_code.setdefault(code, []).append(Scan(i, item, path, problem))
        if problem:
            findings.append(ctx.finding(
                ERROR, "doc.unreadable", f"Tệp đính kèm {code} '{item['tep']}' không dùng được: {problem}",
                ("dinh_kem", i, "tep"), document=code))
        if code not in known:
            findings.append(ctx.finding(
                WARNING, "doc.unknown_code",
                f"Mã tài liệu '{code}' không có trong danh mục hồ sơ (dossier forms); tệp sẽ được xếp cuối hồ sơ.",
                ("dinh_kem", i, "tai_lieu"), document=code))
    return by_code, findings


# ------------------------------------------------------------------ coverage (from the plan)


_HOW = {planning.SCAN: "ban_scan", planning.GENERATED: "tao_tu_du_lieu", planning.DRAFT: "tao_tu_du_lieu",
        planning.CLASS: "lop"}


def _coverage(ctx: RuleContext, scans: dict[str, list[Scan]]) -> tuple[list[Finding], dict]:
    """The status of every document of the candidate's plan (:mod:`dossier.plan`),
    and a finding for each one due (``doc.missing``) or needed next
    (``doc.needed_next``) that the plan does not hold."""
    c = ctx.candidate
    p = ctx.plan.with_readable_scans(scan_problem) if ctx.plan else planning.plan(c, ctx.as_of, scan_problem)
    bound = planning.next_bound(c)
    findings = []
    statuses: dict[str, DocumentStatus] = {}
    for d in p.documents:
        record = DocumentStatus(d.code, d.title, d.stage, d.needed)
        statuses[d.code] = record
        if d.needed == planning.NOT_YET:
            continue
        record.how, record.reason = _HOW.get(d.how), None if d.present else d.reason
        record.state = "co" if d.present else ("khong_mo_duoc" if d.unreadable else "thieu")
        if d.present:
            continue
        entry = d.entry
        source = entry.source + ("" if entry.certain else " (mẫu chưa kiểm chứng)")
        where = _location_of(c, entry.code)
        if d.needed == planning.DUE:
            findings.append(ctx.finding(
                WARNING, "doc.missing", f"Thiếu {entry.code} {entry.title}: {d.reason}.", where,
                source=source, document=entry.code, giai_doan=d.stage))
        else:
            findings.append(ctx.finding(
                INFO, "doc.needed_next",
                f"Cần trước bước “{bound.action}”: {entry.code} {entry.title} — {d.reason}.",
                where, source=source, document=entry.code, giai_doan=d.stage))
    return findings, statuses


def _location_of(c, code: str) -> tuple:
    step = stage.STEP_BY_DOCUMENT.get(code)
    if step and stage.reached(c, step):
        return stage.field_path(step.point)
    if code in _INTRODUCTIONS:
        return _INTRODUCTIONS[code]
    if code == _INTRODUCER_LETTER:
        return ("gioi_thieu", "dang_vien")
    if c.data.get("dinh_kem"):
        return ("dinh_kem",)
    return ()


# ------------------------------------------------------------------ validity (06-HD/TW §5.4a)


def _dated_documents(ctx: RuleContext, codes: set[str]) -> list[tuple[str, dt.date, tuple]]:
    """Every dated document among ``codes``: the introducers' letters (3-KNĐ),
    the Youth Union / trade-union resolutions (4-, 4A-KNĐ) and the documents a
    step records (5-KNĐ, the verification…)."""
    c = ctx.candidate
    found = []
    for code in codes:
        step = stage.STEP_BY_DOCUMENT.get(code)
        if step:
            found += [(code, d.date, d.field) for d in stage.dates(c, step.point)]
    intro = c.data.get("gioi_thieu") if isinstance(c.data.get("gioi_thieu"), dict) else {}
    if _INTRODUCER_LETTER in codes:
        for i, _ in enumerate(intro.get("dang_vien") or []):
            day = ctx.date(("gioi_thieu", "dang_vien", i, "ngay"))
            if day:
                found.append((_INTRODUCER_LETTER, day, ("gioi_thieu", "dang_vien", i, "ngay")))
    for code, path in _INTRODUCTIONS.items():
        day = ctx.date((*path, "ngay"))
        if day and code in codes:
            found.append((code, day, (*path, "ngay")))
    return found


def _expired(ctx: RuleContext) -> list[Finding]:
    """06-HD/TW §5.4a: after 12 months without the chi bộ considering the
    admission, the introductions, the Youth Union / trade-union resolutions and
    the opinions must be redone (the application and the lý lịch are not on
    that list), and the verification supplemented only if something changed.
    Each document is counted from its own date to the chi bộ meeting (to the
    as-of date while there has been none). Which documents: the ruleset."""
    meeting = ctx.meeting
    if meeting is None and stage.position(ctx.candidate).stage.code not in ("lam_don", "tham_tra"):
        return []
    months = int(ctx.value("hieu_luc_giay_to_thang"))
    redo = set(ctx.value("giay_to_phai_lam_lai"))
    supplement = set(ctx.value("giay_to_bo_sung_neu_thay_doi")) - redo
    day = meeting or ctx.as_of
    when = f"ngày chi bộ xét ({day_text(meeting)})" if meeting else f"ngày {day_text(day)} mà chi bộ chưa xét"
    findings = []
    for code, written, path in sorted(_dated_documents(ctx, redo | supplement), key=lambda f: (f[1], f[0])):
        last = vietnamese.cong_thang(written, months)
        if day <= last:
            continue
        entry = catalog.entry(code)
        title = f"{code} {entry.title}" if entry else code
        head = f"{title} ngày {day_text(written)} đã quá {months} tháng tính đến {when}"
        if code in supplement:
            findings.append(ctx.finding(
                INFO, "doc.supplement_if_changed",
                f"{head}: chỉ phải thẩm tra bổ sung nếu lý lịch có thay đổi so với lần thẩm tra trước.",
                path, ("hieu_luc_giay_to_thang", "giay_to_bo_sung_neu_thay_doi")))
            continue
        findings.append(ctx.finding(
            ERROR if meeting else WARNING, "doc.expired",
            head + (": tài liệu này phải được làm lại trước khi chi bộ xét." if meeting else
                    ": phải làm lại tài liệu này trước khi chi bộ xét kết nạp."),
            path, ("hieu_luc_giay_to_thang", "giay_to_phai_lam_lai"), document=code))
    return findings


# ------------------------------------------------------------------ scans against the data


def _scan_consistency(ctx: RuleContext, scans: dict[str, list[Scan]]) -> list[Finding]:
    c = ctx.candidate
    findings = []
    for code, items in scans.items():
        entry = catalog.entry(code)
        if entry is None:
            continue
        if entry.condition and not conditions.applies(entry.condition, c):
            description = conditions.CONDITIONS.get(entry.condition, ("",))[0]
            for scan in items:
                findings.append(ctx.finding(
                    WARNING, "doc.inconsistent",
                    f"Đính kèm {code} {entry.title} nhưng dữ liệu không cho thấy người này {description}.",
                    ("dinh_kem", scan.index, "tai_lieu"), source=entry.source, document=code))
            continue
        expected = _expected(ctx, code)
        for scan in items:
            findings += _compare(ctx, code, entry, scan, expected)
    return findings


def _expected(ctx: RuleContext, code: str) -> dict:
    """What the data says about document ``code``: allowed dates (or a range) and numbers."""
    c = ctx.candidate
    if code in _INTRODUCTIONS:
        path = _INTRODUCTIONS[code]
        node = c.data
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            return {"missing_step": ".".join(path)}
        return {"dates": {ctx.date((*path, "ngay"))} - {None}, "number": node.get("so_ky_hieu"),
                "field": (*path, "ngay")}
    if code == _INTRODUCER_LETTER:
        intro = c.data.get("gioi_thieu") if isinstance(c.data.get("gioi_thieu"), dict) else {}
        days = {ctx.date(("gioi_thieu", "dang_vien", i, "ngay")) for i, _ in enumerate(intro.get("dang_vien") or [])}
        return {"dates": days - {None}, "field": ("gioi_thieu", "dang_vien")}
    if code == "TT-LL":
        low, high = stage.date(c, "de_nghi_tham_tra"), stage.date(c, "tham_tra_ly_lich")
        if high is None:
            return {"missing_step": "tham_tra[].ngay_tra_loi"}
        return {"range": (low, high), "field": ("tham_tra",)}
    step = stage.STEP_BY_DOCUMENT.get(code)
    if step is None:
        return {}
    day = stage.date(c, step.point)
    if day is None:
        return {"missing_step": ".".join(stage.field_path(step.point))}
    return {"dates": {day}, "field": stage.field_path(step.point)}


def _compare(ctx: RuleContext, code: str, entry, scan: Scan, expected: dict) -> list[Finding]:
    where = ("dinh_kem", scan.index)
    title = f"{code} {entry.title}"
    if "missing_step" in expected:
        return [ctx.finding(
            WARNING, "doc.inconsistent",
            f"Đính kèm {title} nhưng dữ liệu chưa có bước này ({expected['missing_step']}); hãy khai ngày của bước.",
            (*where, "tai_lieu"), source=entry.source, document=code)]
    findings = []
    written = ctx.date(("dinh_kem", scan.index, "ngay"))
    if written is not None:
        wrong = None
        if "range" in expected:
            low, high = expected["range"]
            if written > high or (low is not None and written < low):
                wrong = (f"ngày ghi trên tệp ({day_text(written)}) nằm ngoài thời gian thẩm tra "
                         f"({day_text(low)} – {day_text(high)})")
        elif expected.get("dates") and written not in expected["dates"]:
            wrong = (f"ngày ghi trên tệp ({day_text(written)}) khác ngày trong dữ liệu "
                     f"({', '.join(day_text(d) for d in sorted(expected['dates']))}, {'.'.join(map(str, expected['field']))})")
        if wrong:
            findings.append(ctx.finding(WARNING, "doc.inconsistent", f"{title}: {wrong}.", (*where, "ngay"),
                                        source=entry.source, document=code))
    number = scan.item.get("so_ky_hieu")
    if number and expected.get("number") and vietnamese.nfc(str(number)).strip() != vietnamese.nfc(
            str(expected["number"])).strip():
        findings.append(ctx.finding(
            WARNING, "doc.inconsistent",
            f"{title}: số ký hiệu ghi trên tệp ({number}) khác dữ liệu ({expected['number']}).",
            (*where, "so_ky_hieu"), source=entry.source, document=code))
    return findings

