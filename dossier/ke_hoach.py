"""The admission plan (``loai: ke_hoach``): targets per term and per year,
allocated to the chi bộ and đảng bộ bộ phận, optionally by group, the source
pool the plan counts on and the reporting periods (38-HD/BTCTW §I.1.1: every
level draws up and carries out a plan of admissions and reviews it).

Schema: ``schemas/ke-hoach.schema.json``. :func:`check` adds what a schema
cannot say: allocated units must exist in ``to-chuc.yaml`` (error, file, line
and field), allocations that do not add up to the total are a warning.
:mod:`dossier.report_counts` compares the results with the targets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from dossier import vietnamese
from dossier.errors import DataError
from dossier.findings import ERROR, WARNING, Finding
from dossier.workspace import DocumentCache, Organisation, _list, collect_files, display_path
from dossier.yaml_document import Document

KIND = "ke_hoach"
UNIT_LEVELS = ("chi_bo", "bo_phan", "co_so")  # a plan allocates to chi bộ, đảng bộ bộ phận (above: to grassroots)
COUNTING = {"quyet_dinh": "ngày ký quyết định kết nạp", "le_ket_nap": "ngày tổ chức lễ kết nạp"}


@dataclass(frozen=True)
class Allocation:
    ma: str
    count: int
    groups: dict
    pool: dict


@dataclass(frozen=True)
class Target:
    """The targets of one year or of the term."""

    label: str  # "năm 2026", "nhiệm kỳ 2025-2030"
    code: str  # "nam" | "nhiem_ky"
    total: int
    groups: dict
    pool: dict
    units: tuple  # Allocation, in the plan's order


@dataclass
class Plan:
    doc: Document

    @property
    def data(self) -> dict:
        return self.doc.data

    @property
    def term(self) -> str:
        return str(self.data.get("nhiem_ky") or "")

    @property
    def counting(self) -> str:
        """How an admission is dated: ``quyet_dinh`` (default) or ``le_ket_nap``."""
        return self.data.get("ket_nap_theo") or "quyet_dinh"

    def covers(self, day: dt.date) -> bool:
        first, _, last = self.term.partition("-")
        return first.isdigit() and last.isdigit() and int(first) <= day.year <= int(last)

    def year(self, year: int) -> Target | None:
        for item in _list(self.data.get("chi_tieu_nam")):
            if isinstance(item, dict) and item.get("nam") == year:
                return _target(item, f"năm {year}", "nam")
        return None

    def whole_term(self) -> Target | None:
        item = self.data.get("chi_tieu_nhiem_ky")
        return _target(item, f"nhiệm kỳ {self.term}", "nhiem_ky") if isinstance(item, dict) else None

    def period(self, code: str) -> dict:
        """A reporting period (``ky_bao_cao[].ma``); a data error naming the known ones."""
        periods = [p for p in _list(self.data.get("ky_bao_cao")) if isinstance(p, dict)]
        for item in periods:
            if item.get("ma") == code:
                return item
        known = ", ".join(str(p.get("ma")) for p in periods) or "chưa khai kỳ nào"
        raise DataError(f"kế hoạch không có kỳ báo cáo '{code}' (ky_bao_cao); các kỳ đã khai: {known}",
                        path=self.doc.display)


def _target(item: dict, label: str, code: str) -> Target:
    units = tuple(Allocation(u["ma"], int(u.get("so_luong", 0)), dict(u.get("nhom") or {}), dict(u.get("nguon") or {}))
                  for u in _list(item.get("don_vi")) if isinstance(u, dict) and isinstance(u.get("ma"), str))
    return Target(label, code, int(item.get("tong", 0)), dict(item.get("nhom") or {}), dict(item.get("nguon") or {}),
                  units)


def plans_in(root: Path, cache: DocumentCache) -> list[Plan]:
    """Every valid plan file of a workspace, in file order."""
    found = []
    for path in collect_files([root])[0]:
        if cache.kind(path) != (KIND, False):
            continue
        doc, findings = cache.get(path)
        if doc is not None and doc.kind == KIND and not any(f.is_error for f in findings):
            found.append(Plan(doc))
    return found


def plan_for(root: Path, cache: DocumentCache, day: dt.date) -> Plan | None:
    """The plan whose term holds ``day`` (None without one); two such plans is a data error."""
    plans = [p for p in plans_in(root, cache) if p.covers(day)]
    if len(plans) > 1:
        raise DataError(f"có hai kế hoạch cho cùng nhiệm kỳ: {plans[0].doc.display} và {plans[1].doc.display}; "
                        "mỗi nhiệm kỳ chỉ một tệp ke_hoach", path=plans[1].doc.display)
    return plans[0] if plans else None


def issuing_body(org: Organisation, plan: Plan | None) -> dict:
    """The committee whose plan and report these are: the plan's ``co_quan``,
    else the grassroots committee (``cap: co_so``), else the deciding body."""
    if plan is not None and plan.data.get("co_quan") in org.bodies:
        return org.bodies[plan.data["co_quan"]]
    for body in org.bodies.values():
        if body.get("cap") == "co_so":
            return body
    deciding = org.bodies.get((org.data.get("tham_quyen_ket_nap") or {}).get("co_quan"))
    if deciding is not None:
        return deciding
    raise DataError("không xác định được cấp ủy lập báo cáo: hãy khai co_quan trong tệp ke_hoach "
                    "hoặc một cơ quan cap: co_so trong to-chuc.yaml", path=org.doc.display)


def ancestors(org: Organisation, body: dict) -> list[dict]:
    """The bodies above ``body``, nearest first (a loop in ``cap_tren`` stops)."""
    found, seen = [], {body.get("ma")}
    above = org.parent(body)
    while above is not None and above.get("ma") not in seen:
        found.append(above)
        seen.add(above.get("ma"))
        above = org.parent(above)
    return found


# ---------------------------------------------------------------- validation


def check(doc: Document, org: Organisation | None) -> list[Finding]:
    """Findings a schema cannot give about a valid plan file."""
    data = doc.data
    findings: list[Finding] = []
    if org is not None and isinstance(data.get("co_quan"), str) and data["co_quan"] not in org.bodies:
        findings.append(Finding(ERROR, "ref.body", f"cơ quan '{data['co_quan']}' không có trong "
                                f"{display_path(org.doc.path)}", doc.location(("co_quan",))))
    targets = []
    if isinstance(data.get("chi_tieu_nhiem_ky"), dict):
        targets.append((("chi_tieu_nhiem_ky",), data["chi_tieu_nhiem_ky"], f"nhiệm kỳ {data.get('nhiem_ky')}"))
    years: dict = {}
    for i, item in enumerate(_list(data.get("chi_tieu_nam"))):
        if not isinstance(item, dict):
            continue
        year = item.get("nam")
        if year in years:
            findings.append(Finding(ERROR, "plan.duplicate", f"năm {year} đã có chỉ tiêu ở mục thứ {years[year] + 1}",
                                    doc.location(("chi_tieu_nam", i, "nam"))))
        years.setdefault(year, i)
        first, _, last = str(data.get("nhiem_ky") or "").partition("-")
        if first.isdigit() and last.isdigit() and isinstance(year, int) and not int(first) <= year <= int(last):
            findings.append(Finding(WARNING, "plan.outside_term", f"năm {year} nằm ngoài nhiệm kỳ {data['nhiem_ky']}",
                                    doc.location(("chi_tieu_nam", i, "nam"))))
        targets.append((("chi_tieu_nam", i), item, f"năm {year}"))
    for path, item, label in targets:
        findings += _check_target(doc, org, path, item, label)
    seen: dict = {}
    for i, period in enumerate(_list(data.get("ky_bao_cao"))):
        if not isinstance(period, dict):
            continue
        if period.get("ma") in seen:
            findings.append(Finding(ERROR, "plan.duplicate", f"mã kỳ báo cáo '{period['ma']}' đã dùng ở mục thứ "
                                    f"{seen[period['ma']] + 1}", doc.location(("ky_bao_cao", i, "ma"))))
        seen.setdefault(period.get("ma"), i)
        start, end = _day(period.get("tu_ngay")), _day(period.get("den_ngay"))
        if start and end and start > end:
            findings.append(Finding(ERROR, "plan.period_order", f"kỳ báo cáo '{period.get('ma')}': ngày đầu "
                                    f"{vietnamese.ngay_ngan(start)} sau ngày cuối {vietnamese.ngay_ngan(end)}",
                                    doc.location(("ky_bao_cao", i, "den_ngay"))))
    return findings


def _day(value) -> dt.date | None:
    try:
        return vietnamese.parse_ngay(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


@dataclass
class _Sums:
    count: int = 0
    groups: dict = field(default_factory=dict)


def _check_target(doc: Document, org: Organisation | None, path: tuple, item: dict, label: str) -> list[Finding]:
    findings = []
    units = [(j, u) for j, u in enumerate(_list(item.get("don_vi"))) if isinstance(u, dict)]
    listed = {u.get("ma") for _, u in units}
    sums = _Sums()
    seen: set = set()
    for j, unit in units:
        where = doc.location(path + ("don_vi", j, "ma"))
        ma = unit.get("ma")
        if ma in seen:
            findings.append(Finding(ERROR, "plan.duplicate", f"đơn vị '{ma}' được giao chỉ tiêu {label} hai lần", where))
            continue
        seen.add(ma)
        if org is not None:
            body = org.bodies.get(ma)
            if body is None or body.get("cap") not in UNIT_LEVELS:
                known = ", ".join(m for m, b in org.bodies.items() if b.get("cap") in UNIT_LEVELS)
                what = "không có trong" if body is None else "không phải chi bộ, đảng bộ bộ phận hay đảng bộ cơ sở trong"
                findings.append(Finding(ERROR, "ref.body", f"đơn vị '{ma}' {what} {display_path(org.doc.path)}"
                                        + (f"; các đơn vị đã khai báo: {known}" if known else ""),
                                        where))
                continue
            above = next((a for a in ancestors(org, body) if a.get("ma") in listed), None)
            if above is not None:
                findings.append(Finding(WARNING, "plan.nested", f"đơn vị '{ma}' thuộc '{above['ma']}' cũng được "
                                        f"giao chỉ tiêu {label}; chỉ tiêu của '{ma}' không cộng thêm vào tổng", where))
                continue
        sums.count += int(unit.get("so_luong") or 0)
        for code, n in (unit.get("nhom") or {}).items():
            sums.groups[code] = sums.groups.get(code, 0) + int(n)
    total = item.get("tong")
    if units and isinstance(total, int) and sums.count != total:
        findings.append(Finding(WARNING, "plan.allocation_sum", f"chỉ tiêu {label} giao cho các đơn vị cộng lại là "
                                f"{sums.count}, khác chỉ tiêu chung {total}", doc.location(path + ("tong",))))
    for code, n in sorted((item.get("nhom") or {}).items()):
        if code in sums.groups and sums.groups[code] != n:
            findings.append(Finding(WARNING, "plan.allocation_sum", f"chỉ tiêu {label} nhóm '{code}' giao cho các đơn "
                                    f"vị cộng lại là {sums.groups[code]}, khác chỉ tiêu chung {n}",
                                    doc.location(path + ("nhom", code))))
    return findings
