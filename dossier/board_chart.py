"""The chart of results against targets on the office board (issue #21): when
a workspace has an admission plan (``loai: ke_hoach``), the board shows the
year's admissions per unit against the plan's targets, counted as
``dossier report --year`` counts them (:mod:`dossier.report_counts`), drawn as
an inline SVG (:mod:`dossier.report_chart`): no script, no network."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from dossier import ke_hoach, report_chart, vietnamese
from dossier.errors import DataError
from dossier.report_counts import Period, count_workspace
from dossier.workspace import DocumentCache, find_root


@dataclass(frozen=True)
class Chart:
    title: str
    note: str
    svg: Markup


def plan_chart(root: Path, as_of: dt.date, cache: DocumentCache | None = None) -> Chart | None:
    """The chart of the year of ``as_of`` for the workspace at ``root``; None
    without a plan, or when the workspace cannot be counted (its errors are
    on the board already)."""
    cache = cache or DocumentCache()
    root = find_root(root) or root
    try:
        if not ke_hoach.plans_in(root, cache):
            return None
        period = Period(dt.date(as_of.year, 1, 1), dt.date(as_of.year, 12, 31), f"năm {as_of.year}", year=as_of.year)
        report = count_workspace(root, period, min(as_of, period.end), cache)
    except DataError:
        return None
    title = f"Kết nạp so với chỉ tiêu {period.label} theo đơn vị — {report.organisation['ten']}"
    f = report.total
    total = (f"Toàn đảng bộ: kết nạp {vietnamese.so(f.ket_nap)}/{vietnamese.so(f.chi_tieu)} đảng viên "
             f"({vietnamese.phan_tram(f.ket_nap, f.chi_tieu)} chỉ tiêu)" if f.chi_tieu
             else f"Toàn đảng bộ: kết nạp {vietnamese.so(f.ket_nap)} đảng viên; kế hoạch chưa giao chỉ tiêu năm này")
    note = (f"{total}; tính đến ngày {vietnamese.ngay_ngan(report.as_of)}, kết nạp tính theo "
            f"{ke_hoach.COUNTING[report.counting]} (như lệnh dossier report --year {as_of.year}).")
    return Chart(title, note, Markup(report_chart.svg(report_chart.bars_of(report), title)))


def charts_of(roots, as_of: dt.date) -> list[Chart]:
    """The charts of the workspaces at ``roots`` (each once) that have a plan."""
    seen, found = set(), []
    for root in roots:
        key = (find_root(root) or Path(root)).resolve()
        if key in seen:
            continue
        seen.add(key)
        chart = plan_chart(key, as_of)
        if chart is not None:
            found.append(chart)
    return found
