"""The numbers of the development report, counted from the candidate files of
a workspace for a period (both ends inclusive), per unit and in total, against
the targets of the plan (:mod:`dossier.ke_hoach`).

Counting rules (README, "Kế hoạch và báo cáo"):

* admitted: the date of the admission decision (``moc.quyet_dinh_ket_nap``)
  falls in the period; a plan with ``ket_nap_theo: le_ket_nap`` uses the
  ceremony (``moc.le_ket_nap``) instead;
* made official: ``moc.quyet_dinh_cong_nhan``; ended: ``ket_thuc.ngay``, by
  reason (:mod:`dossier.case_end`); sent to the awareness class: the date of
  the class certificate; events after the report date (``as_of``, when it is
  before the end of the period) are not counted yet;
* in the pipeline: open cases not admitted by the end of the period (or the
  report date when earlier), by the stage of their last step dated by then;
* groups and ages of the people admitted (:mod:`dossier.report_groups`);
* a person counts in the chi bộ that proposed them (on the date of the chi
  bộ resolution), read from the transfer history ``chuyen_sinh_hoat`` when
  they moved; a chi bộ counts in the unit of the plan it belongs to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from dossier import case_end, input_digest, ke_hoach, report_groups, stage, vietnamese
from dossier.context import Candidate, date_of, open_candidate
from dossier.errors import DataError
from dossier.findings import INFO, WARNING, Finding
from dossier.workspace import ORG_FILE, DocumentCache, Organisation, collect_files, display_path, find_root

OTHER_UNIT = "khac"


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str  # "năm 2026", "từ ngày 01/01/2026 đến ngày 30/6/2026"
    year: int | None = None  # a whole year (--year)
    term: str | None = None  # the whole term (--term)

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass
class Figures:
    """The counts of one unit, or of the total."""

    chi_tieu: int | None = None
    ket_nap: int = 0
    cong_nhan_chinh_thuc: int = 0
    nhom: dict = field(default_factory=lambda: dict.fromkeys(report_groups.GROUP_CODES, 0))
    tong_tuoi: int = 0  # sum of the admitted people's ages, for the average
    hoc_lop: int = 0
    ket_thuc: dict = field(default_factory=dict)  # reason code -> count
    dang_xem_xet: dict = field(default_factory=dict)  # stage code -> count
    chi_tieu_nhom: dict = field(default_factory=dict)
    nguon: dict = field(default_factory=dict)

    @property
    def ty_le_chi_tieu(self) -> float | None:
        """Admitted as a percentage of the target; None without a (non-zero) target."""
        return round(100 * self.ket_nap / self.chi_tieu, 2) if self.chi_tieu else None

    @property
    def tuoi_binh_quan(self) -> float | None:
        return round(self.tong_tuoi / self.ket_nap, 2) if self.ket_nap else None

    def add(self, other: "Figures") -> None:
        """Add the counts of ``other`` (not the targets: the caller knows whose they are)."""
        self.ket_nap += other.ket_nap
        self.cong_nhan_chinh_thuc += other.cong_nhan_chinh_thuc
        self.tong_tuoi += other.tong_tuoi
        self.hoc_lop += other.hoc_lop
        for mine, theirs in ((self.nhom, other.nhom), (self.ket_thuc, other.ket_thuc),
                             (self.dang_xem_xet, other.dang_xem_xet)):
            for code, n in theirs.items():
                mine[code] = mine.get(code, 0) + n


@dataclass
class Unit:
    ma: str
    ten: str
    figures: Figures


@dataclass
class Report:
    organisation: dict  # {ma, ten, cap_tren}: the issuing committee
    period: Period
    as_of: dt.date
    counting: str  # quyet_dinh | le_ket_nap
    target_label: str | None  # "năm 2026", or None without a target
    units: list[Unit]
    total: Figures
    findings: list[Finding] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)  # organisations combined (report_combine)
    plan_ref: dict = field(default_factory=dict)  # can_cu, so_ky_hieu, ten of the plan


# ---------------------------------------------------------------- where a person counts


def _body_named(org: Organisation, text) -> dict | None:
    """A chi bộ of the organisation named by code or by name (before any comma)."""
    if not isinstance(text, str) or not text.strip():
        return None
    key = vietnamese.nfc(text).strip().casefold()
    for body in org.bodies.values():
        if body.get("cap") != "chi_bo":
            continue
        names = {str(body.get(k) or "").casefold() for k in ("ma", "ten", "ten_cap_uy")} - {""}
        if key in names or key.split(",")[0].strip() in names:
            return body
    return None


def chi_bo_on(c: Candidate, day: dt.date, findings: list[Finding]) -> dict | None:
    """The chi bộ the person belonged to on ``day``, from ``chuyen_sinh_hoat``
    (``tu`` blank: the file's chi bộ); None when they were outside the organisation."""
    moves = []
    for i, move in enumerate(c.data.get("chuyen_sinh_hoat") or []):
        when = date_of(move.get("ngay")) if isinstance(move, dict) else None
        if when is not None:
            moves.append((when, i, move))
    moves.sort(key=lambda m: (m[0], m[1]))
    for when, i, move in moves:
        origin = move.get("tu")
        source = _body_named(c.org, origin) if origin else c.chi_bo
        if origin and source is None:
            findings.append(Finding(INFO, "report.outside_transfer", f"'{origin}' không phải chi bộ trong "
                                    f"{ORG_FILE}: trước ngày {vietnamese.ngay_ngan(when)} người này không tính vào "
                                    "đơn vị nào của báo cáo", c.doc.location(("chuyen_sinh_hoat", i, "tu"))))
        if day < when:
            return source
    if not moves:
        return c.chi_bo
    destination = _body_named(c.org, moves[-1][2].get("den"))
    if destination is not None:
        return destination
    return None if case_end.of(c) is not None else c.chi_bo  # moved out; or "den" names the file's chi bộ loosely


def _unit_of(org: Organisation, chi_bo: dict | None, issuer: dict, rows: dict[str, Unit]) -> Unit:
    """The row a chi bộ counts in: the nearest listed unit at or above it, else
    the body right below the issuing committee (added as a row without target)."""
    if chi_bo is None:
        return rows.setdefault(OTHER_UNIT, Unit(OTHER_UNIT, "Ngoài các đơn vị của đảng bộ", Figures()))
    chain = [chi_bo, *ke_hoach.ancestors(org, chi_bo)]
    for body in chain:
        if body.get("ma") in rows:
            return rows[body["ma"]]
    top = chi_bo
    for body in chain:
        if org.parent(body) is not None and org.parent(body).get("ma") == issuer.get("ma"):
            top = body
            break
    return rows.setdefault(top["ma"], Unit(top["ma"], top["ten"], Figures()))


# ---------------------------------------------------------------- counting


def _admitted_on(c: Candidate, counting: str) -> dt.date | None:
    return stage.date(c, "le_ket_nap" if counting == "le_ket_nap" else "quyet_dinh_ket_nap")


def _stage_on(c: Candidate, day: dt.date) -> str | None:
    """The stage of the last step dated on or before ``day`` (None: no step yet)."""
    found = None
    for step in stage.STEPS:
        when = stage.date(c, step.point)
        if when is not None and when <= day:
            found = step.stage
    if found is None:
        certificate = stage.date(c, "chung_nhan_nhan_thuc")
        found = "hoc_lop" if certificate is not None and certificate <= day else None
    return found


def count_candidate(c: Candidate, period: Period, as_of: dt.date, counting: str, unit_for,
                    findings: list[Finding]) -> None:
    """Add one candidate's events of the period up to ``as_of`` to the unit rows (``unit_for(chi_bo)``)."""
    period = Period(period.start, min(period.end, as_of), period.label)
    resolution = stage.date(c, "nghi_quyet_chi_bo")
    admitted = _admitted_on(c, counting)
    end = case_end.of(c)
    if period.holds(admitted):
        figures = unit_for(chi_bo_on(c, resolution or admitted, findings)).figures
        figures.ket_nap += 1
        for code in report_groups.groups(c, admitted):
            figures.nhom[code] += 1
        figures.tong_tuoi += report_groups.age(c, admitted) or 0
    official = stage.date(c, "quyet_dinh_cong_nhan")
    if period.holds(official):
        proposed = stage.date(c, "nghi_quyet_cong_nhan_chi_bo") or official
        unit_for(chi_bo_on(c, proposed, findings)).figures.cong_nhan_chinh_thuc += 1
    certificate = stage.date(c, "chung_nhan_nhan_thuc")
    if period.holds(certificate):
        unit_for(chi_bo_on(c, certificate, findings)).figures.hoc_lop += 1
    if end is not None and period.holds(end.date):
        left = end.date - dt.timedelta(days=1) if end.reason.code == "chuyen_sinh_hoat" else end.date
        reasons = unit_for(chi_bo_on(c, left, findings)).figures.ket_thuc
        reasons[end.reason.code] = reasons.get(end.reason.code, 0) + 1
    if (end is None or end.date > as_of) and (admitted is None or admitted > as_of):
        where = _stage_on(c, as_of)
        if where is not None:
            waiting = unit_for(chi_bo_on(c, as_of, findings)).figures.dang_xem_xet
            waiting[where] = waiting.get(where, 0) + 1


def _counted(path: Path, cache: DocumentCache, period: Period, as_of: dt.date,
             counting: str) -> tuple[list[tuple[str | None, Figures]], list[Finding]]:
    """What one candidate adds to the report: (chi bộ, counts) for each unit it
    counts in, in the order counted, and the findings (kept by the file's bytes:
    dossier.file_facts); :func:`count_workspace` adds them to the unit rows."""
    counted: list[tuple[str | None, Figures]] = []
    findings: list[Finding] = []

    def unit_for(chi_bo: dict | None) -> Unit:
        counted.append((None if chi_bo is None else chi_bo["ma"], Figures()))
        return Unit("", "", counted[-1][1])

    count_candidate(open_candidate(path, cache), period, as_of, counting, unit_for, findings)
    return counted, findings


def target_for(plan: ke_hoach.Plan | None, period: Period) -> ke_hoach.Target | None:
    """The period's target: the term's for --term, else the year's when the
    period lies within one calendar year; None otherwise."""
    if plan is None:
        return None
    if period.term is not None:
        return plan.whole_term() if plan.term == period.term else None
    if period.start.year == period.end.year:
        return plan.year(period.start.year)
    return None


def count_workspace(root: Path, period: Period, as_of: dt.date, cache: DocumentCache | None = None) -> Report:
    """The report of one workspace (its validation has passed)."""
    cache = cache or DocumentCache()
    root = find_root(root) or root
    org_doc, _ = cache.get(root / ORG_FILE)
    if org_doc is None or org_doc.kind != "to_chuc":
        raise DataError(f"không đọc được {ORG_FILE}", path=display_path(root / ORG_FILE))
    org = Organisation.from_document(org_doc)
    plan = ke_hoach.plan_for(root, cache, period.end) or ke_hoach.plan_for(root, cache, period.start)
    issuer = ke_hoach.issuing_body(org, plan)
    target = target_for(plan, period)
    rows: dict[str, Unit] = {}
    for allocation in target.units if target else ():
        body = org.bodies.get(allocation.ma)
        if body is not None:
            rows[allocation.ma] = Unit(allocation.ma, body["ten"],
                                       Figures(allocation.count, chi_tieu_nhom=dict(allocation.groups),
                                               nguon=dict(allocation.pool)))
    for body in org.bodies.values():  # units without a target still get their row
        parent = org.parent(body)
        if target is None and parent is not None and parent.get("ma") == issuer.get("ma") \
                and body.get("cap") in ke_hoach.UNIT_LEVELS:
            rows.setdefault(body["ma"], Unit(body["ma"], body["ten"], Figures()))
    counting = plan.counting if plan else "quyet_dinh"
    findings: list[Finding] = []
    for path in collect_files([root])[0]:
        kind, has_errors = cache.kind(path)
        if kind != "ung_vien":
            continue
        if has_errors:
            doc, _ = cache.get(path)
            findings.append(Finding(WARNING, "report.skipped", "hồ sơ có lỗi dữ liệu, không được tính vào báo cáo",
                                    doc.location(())))
            continue
        counted, found = input_digest.candidate_fact(root, path, cache, "report_counts",
                                                     lambda: _counted(path, cache, period, as_of, counting),
                                                     period, as_of, counting)
        for chi_bo, figures in counted:
            _unit_of(org, None if chi_bo is None else org.bodies[chi_bo], issuer, rows).figures.add(figures)
        findings += found
    total = Figures(target.total if target else None, chi_tieu_nhom=dict(target.groups) if target else {},
                    nguon=dict(target.pool) if target else {})
    for unit in rows.values():
        total.add(unit.figures)
    plan_ref = {k: plan.data[k] for k in ("ten", "so_ky_hieu", "can_cu", "tap_the") if plan and plan.data.get(k)}
    return Report(organisation=identity(org, issuer), period=period, as_of=as_of, counting=counting,
                  target_label=target.label if target else None, units=list(rows.values()), total=total,
                  findings=list(dict.fromkeys(findings)), plan_ref=plan_ref)


def identity(org: Organisation, body: dict) -> dict:
    """What a summary says of its organisation: code, name, the body above."""
    parent = org.parent(body)
    return {"ma": body["ma"], "ten": body.get("ten_cap_uy") or body["ten"], "dang_bo": body["ten"],
            "cap_tren": (parent.get("ten_cap_uy") or parent["ten"]) if parent else None}
