"""The values of the report's documents: the Báo cáo kết quả công tác phát
triển đảng viên (BC-PTĐV) and the công văn đôn đốc to the units below a share
of their target (CV-DD-CT), from a :class:`dossier.report_counts.Report`.
Templates: ``tools/forms_bao_cao.py``. Every figure printed comes from the
report; what only people can write is left to the template's marked blanks.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dossier import case_end, catalog, ke_hoach, register, report_chart, report_groups, stage, vietnamese
from dossier.context import collective_name, committee_name, committee_word, document_number, header_names, \
    place_of, signer
from dossier.docx_picture import Picture
from dossier.report_counts import Period, Report, count_workspace
from dossier.workspace import ORG_FILE, DocumentCache, Organisation

REPORT, REMINDER = "BC-PTĐV", "CV-DD-CT"
DASH = "—"
DOTTED_DATE = "ngày …… tháng …… năm ……"


def so(n: int | None) -> str:
    return DASH if n is None else vietnamese.so(n)


def percent(a: int, b: int | None) -> str:
    return vietnamese.phan_tram(a, b) if b else DASH


def registered_number(root: Path, code: str, day: dt.date) -> int | None:
    """The number the register gives the workspace document ``code`` dated ``day``."""
    for row in register.load(root):
        if register.holder_of(row) == register.WORKSPACE and row.get("tai_lieu") == code \
                and str(row.get("ngay")) == day.isoformat():
            return row.get("so")
    return None


def _letterhead(org: Organisation, issuer: dict, root: Path, code: str, day: dt.date, collective: str) -> dict:
    superior, own = header_names(org, issuer, day)
    number = document_number(registered_number(root, code, day), catalog.entry(code).numbering["loai"],
                             issuer.get("ky_hieu", "ĐU"))
    parent = org.parent(issuer)
    return {"cap_tren": superior, "co_quan": own, "so_ky_hieu": number,
            "dong_ngay": vietnamese.dong_ngay(place_of(org, issuer, day), day),
            "ky": signer(org, issuer, collective),
            "noi_nhan": ([f"- {committee_name(parent)} (để báo cáo),"] if parent else [])
            + ["- Các chi bộ, đảng bộ trực thuộc,", f"- Lưu Văn phòng {committee_name(issuer)}."]}


def _collective(report: Report, org: Organisation, issuer: dict) -> str:
    """Who signs: the plan's ``tap_the``; the deciding collective when the
    issuer is the deciding body (``tham_quyen_ket_nap``); else the committee."""
    authority = org.data.get("tham_quyen_ket_nap") or {}
    if not report.plan_ref.get("tap_the") and authority.get("co_quan") == issuer.get("ma") and authority.get("tap_the"):
        return authority["tap_the"]
    return report.plan_ref.get("tap_the") or committee_word(issuer)


def _unit_rows(report: Report) -> list[dict]:
    rows = []
    for i, unit in enumerate(report.units + [None], start=1):
        name, f = ("Tổng cộng", report.total) if unit is None else (unit.ten, unit.figures)
        rows.append({"stt": "" if unit is None else str(i), "ten": name, "chi_tieu": so(f.chi_tieu),
                     "ket_nap": so(f.ket_nap), "ty_le": percent(f.ket_nap, f.chi_tieu),
                     "cong_nhan": so(f.cong_nhan_chinh_thuc), "hoc_lop": so(f.hoc_lop),
                     "dang_xem_xet": so(sum(f.dang_xem_xet.values()))})
    return rows


def _chart(report: Report) -> tuple[Picture, str]:
    """The bar chart of admissions against targets per unit, and its caption."""
    picture = Picture(report_chart.png(report_chart.bars_of(report)), report_chart.WIDTH_MM)
    return picture, "Biểu đồ. Kết nạp so với chỉ tiêu theo đơn vị"


def _results(report: Report) -> list[str]:
    f, labels = report.total, report_groups.labels()
    target = (f"đạt {percent(f.ket_nap, f.chi_tieu)} chỉ tiêu {report.target_label} ({so(f.chi_tieu)} đảng viên)"
              if f.chi_tieu else "kỳ này không có chỉ tiêu để so sánh")
    lines = [f"Trong kỳ, toàn đảng bộ kết nạp được {so(f.ket_nap)} đảng viên, {target}; công nhận đảng viên "
             f"chính thức cho {so(f.cong_nhan_chinh_thuc)} đồng chí."]
    if f.ket_nap:
        parts = [f"{labels[code][:1].lower() + labels[code][1:]} {so(n)} ({percent(n, f.ket_nap)})"
                 for code, n in f.nhom.items() if n]
        lines.append("Trong số đảng viên mới kết nạp có " + ("; ".join(parts) if parts else "không ai thuộc các nhóm")
                     + f". Tuổi bình quân tại ngày kết nạp: {str(f.tuoi_binh_quan).replace('.', ',')} tuổi.")
    pool = f.nguon
    planned = "; ".join(x for x in (
        f"kế hoạch cử {so(pool['cu_di_hoc_lop'])} quần chúng" if pool.get("cu_di_hoc_lop") is not None else "",
        f"nguồn cảm tình Đảng theo kế hoạch {so(pool['cam_tinh_dang'])} quần chúng"
        if pool.get("cam_tinh_dang") is not None else "") if x)
    lines.append(f"Cử {so(f.hoc_lop)} quần chúng đi học lớp bồi dưỡng nhận thức về Đảng"
                 + (f" ({planned})" if planned else "") + ".")
    return lines


def report_values(report: Report, org: Organisation, issuer: dict, root: Path, day: dt.date) -> dict:
    """The values of BC-PTĐV."""
    collective = _collective(report, org, issuer)
    f, labels, p = report.total, report_groups.labels(), report.period
    grounds = report.plan_ref.get("can_cu") or "kế hoạch phát triển đảng viên"
    stages = {s.code: s.label for s in stage.STAGES}
    waiting = [{"stt": str(i), "giai_doan": stages.get(code, code), "so_luong": so(n)}
               for i, (code, n) in enumerate(sorted(f.dang_xem_xet.items(),
                                                    key=lambda kv: list(stages).index(kv[0])
                                                    if kv[0] in stages else 99), start=1)]
    reasons = case_end.reasons()
    ended = [f"{reasons[code].label if code in reasons else code}: {so(n)}" for code, n in f.ket_thuc.items()]
    chart, caption = _chart(report)
    counted = ke_hoach.COUNTING[report.counting]
    return {
        "van_ban": _letterhead(org, issuer, root, REPORT, day, collective),
        "bc": {
            "ky": p.label,
            "mo_dau": f"Thực hiện {grounds}, {collective_name(collective, committee_name(issuer))} báo cáo kết quả "
                      f"công tác phát triển đảng viên {p.label} (từ ngày {vietnamese.ngay_van_ban(p.start)} đến ngày "
                      f"{vietnamese.ngay_van_ban(p.end)}) như sau:",
            "ket_qua": _results(report),
            "don_vi": _unit_rows(report),
            "bieu_do_anh": chart,
            "bieu_do_ghi_chu": caption,
            "nhom": [{"stt": str(i), "ten": labels[code], "so_luong": so(n), "ty_le_tong": percent(n, f.ket_nap),
                      "chi_tieu": so(f.chi_tieu_nhom.get(code)),
                      "ty_le_chi_tieu": percent(n, f.chi_tieu_nhom.get(code))}
                     for i, (code, n) in enumerate(f.nhom.items(), start=1)],
            "xem_xet": waiting or [{"stt": "", "giai_doan": "Không có quần chúng nào đang được xem xét", "so_luong": "0"}],
            "ket_thuc": [f"Hồ sơ dừng xem xét trong kỳ: {'; '.join(ended)}."] if ended
            else ["Trong kỳ không có hồ sơ nào dừng xem xét."],
            "cach_tinh": f"Cách tính: người được kết nạp tính theo {counted} trong kỳ (tính cả ngày đầu và ngày cuối), "
                         "ở chi bộ đã ra nghị quyết đề nghị kết nạp; công nhận chính thức theo ngày quyết định công nhận; "
                         "học lớp theo ngày cấp giấy chứng nhận; đang xem xét tính đến ngày "
                         f"{vietnamese.ngay_van_ban(report.as_of)}; tuổi tính tròn năm tại ngày kết nạp.",
        },
    }


def behind(report: Report, below: float) -> list:
    """The units with a target whose admissions are under ``below`` percent of it."""
    return [u for u in report.units if u.figures.chi_tieu and u.figures.ket_nap * 100 < below * u.figures.chi_tieu]


def reminder_values(report: Report, org: Organisation, issuer: dict, root: Path, day: dt.date, below: float,
                    deadline: dt.date | None) -> dict | None:
    """The values of CV-DD-CT; None when no unit is below the threshold."""
    units = behind(report, below)
    if not units:
        return None
    collective = _collective(report, org, issuer)
    head = _letterhead(org, issuer, root, REMINDER, day, collective)
    head["trich_yeu"] = "V/v đôn đốc thực hiện chỉ tiêu kết nạp đảng viên"
    head["noi_nhan"] = ["- Như trên,"] + [line for line in head["noi_nhan"] if not line.startswith("- Các chi bộ")]
    bodies = {u.ma: org.bodies.get(u.ma) for u in units}
    threshold = f"{str(below).rstrip('0').rstrip('.') if isinstance(below, float) else below}%".replace(".", ",")
    grounds = report.plan_ref.get("can_cu") or "kế hoạch phát triển đảng viên"
    return {
        "van_ban": head,
        "dd": {
            "kinh_gui": [f"- {committee_name(bodies[u.ma]) if bodies[u.ma] else u.ten}{';' if i < len(units) - 1 else '.'}"
                         for i, u in enumerate(units)],
            "mo_dau": f"Căn cứ {grounds}; theo dõi kết quả thực hiện chỉ tiêu kết nạp đảng viên "
                      f"{report.target_label or report.period.label}, tính đến ngày "
                      f"{vietnamese.ngay_van_ban(report.as_of)}, các đơn vị sau kết nạp được dưới {threshold} chỉ tiêu "
                      "được giao:",
            "nguong": threshold,
            "don_vi": [{"stt": str(i), "ten": u.ten, "chi_tieu": so(u.figures.chi_tieu), "ket_nap": so(u.figures.ket_nap),
                        "ty_le": percent(u.figures.ket_nap, u.figures.chi_tieu),
                        "dang_xem_xet": so(sum(u.figures.dang_xem_xet.values()))} for i, u in enumerate(units, start=1)],
            "tap_the": collective_name(collective, committee_name(issuer)),
            "han_bao_cao": vietnamese.ngay_thang_nam(deadline) if deadline else DOTTED_DATE,
            "noi_nhan_bao_cao": issuer.get("ban_xay_dung_dang") or issuer.get("van_phong")
            or f"Văn phòng {committee_name(issuer)}",
        },
    }


def sample_values(root: Path) -> dict[str, dict]:
    """Template file name -> values, from the first year of the workspace's
    plan (for ``dossier templates check``); empty without a plan."""
    cache = DocumentCache()
    plans = ke_hoach.plans_in(root, cache)
    years = [y.get("nam") for y in (plans[0].data.get("chi_tieu_nam") or []) if isinstance(y, dict)] if plans else []
    if not years:
        return {}
    year = years[0]
    period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"năm {year}", year=year)
    report = count_workspace(root, period, period.end, cache)
    org = Organisation.from_document(cache.get(root / ORG_FILE)[0])
    issuer = ke_hoach.issuing_body(org, plans[0])
    found = {"BC-PTDV.docx": report_values(report, org, issuer, root, period.end)}
    reminder = reminder_values(report, org, issuer, root, period.end, 1000, None)
    if reminder:
        found["CV-DD-CT.docx"] = reminder
    return found
