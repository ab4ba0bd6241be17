"""The report as an Excel workbook: the tables by unit and by group, and a
native Excel bar chart of admissions against targets per unit (openpyxl
draws it; no plotting library). Figures are numbers (percentages as Excel
percentages), labels Vietnamese."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font

from dossier import case_end, ke_hoach, report_groups, stage, vietnamese
from dossier.fsutil import write_bytes
from dossier.report_counts import Figures, Report

BOLD = Font(bold=True)
UNIT_HEADERS = ("STT", "Đơn vị", "Chỉ tiêu", "Kết nạp", "Đạt so với chỉ tiêu", "Công nhận chính thức",
                "Học lớp NTVĐ", "Đang xem xét")


def _rate(a: int, b: int | None):
    return a / b if b else None


def _unit_sheet(ws, report: Report, title: str) -> None:
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"Kỳ: {report.period.label}, từ {vietnamese.ngay_van_ban(report.period.start)} đến "
               f"{vietnamese.ngay_van_ban(report.period.end)} (tính cả hai ngày); kết nạp tính theo "
               f"{ke_hoach.COUNTING[report.counting]}; đang xem xét tính đến {vietnamese.ngay_van_ban(report.as_of)}."])
    ws.append([])
    ws.append(UNIT_HEADERS)
    for cell in ws[4]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    rows = [(i, u.ten, u.figures) for i, u in enumerate(report.units, start=1)] + [(None, "Tổng cộng", report.total)]
    for stt, name, f in rows:
        ws.append([stt, name, f.chi_tieu, f.ket_nap, _rate(f.ket_nap, f.chi_tieu), f.cong_nhan_chinh_thuc, f.hoc_lop,
                   sum(f.dang_xem_xet.values())])
        ws.cell(ws.max_row, 5).number_format = "0.00%"
    ws[f"B{ws.max_row}"].font = BOLD
    for column, width in zip("ABCDEFGH", (6, 46, 10, 10, 14, 14, 12, 12)):
        ws.column_dimensions[column].width = width
    chart = BarChart()
    chart.type = "col"
    chart.title = "Kết nạp so với chỉ tiêu theo đơn vị"
    chart.y_axis.title = "Số đảng viên"
    first, last = 5, 4 + len(report.units)
    chart.add_data(Reference(ws, min_col=3, max_col=4, min_row=4, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    chart.height, chart.width = 9, 18
    ws.add_chart(chart, f"B{ws.max_row + 3}")


def _group_sheet(ws, f: Figures) -> None:
    ws.append(["STT", "Nhóm", "Số lượng", "Tỷ lệ so với tổng số kết nạp", "Chỉ tiêu", "Đạt so với chỉ tiêu"])
    for cell in ws[1]:
        cell.font = BOLD
    for i, (code, label) in enumerate(report_groups.labels().items(), start=1):
        n = f.nhom.get(code, 0)
        ws.append([i, label, n, _rate(n, f.ket_nap), f.chi_tieu_nhom.get(code), _rate(n, f.chi_tieu_nhom.get(code))])
        ws.cell(ws.max_row, 4).number_format = ws.cell(ws.max_row, 6).number_format = "0.00%"
    ws.append([])
    ws.append(["", "Tuổi bình quân tại ngày kết nạp", f.tuoi_binh_quan])
    ws.append([])
    ws.append(["", "Đang xem xét theo giai đoạn", "Số người"])
    labels = {s.code: s.label for s in stage.STAGES}
    for code, n in f.dang_xem_xet.items():
        ws.append(["", labels.get(code, code), n])
    ws.append([])
    ws.append(["", "Hồ sơ dừng xem xét theo lý do", "Số hồ sơ"])
    reasons = case_end.reasons()
    for code, n in f.ket_thuc.items():
        ws.append(["", reasons[code].label if code in reasons else code, n])
    ws.column_dimensions["B"].width = 46


def write_xlsx(report: Report, output: Path, title: str) -> Path:
    book = Workbook()
    units = book.active
    units.title = "Theo đơn vị"
    _unit_sheet(units, report, title)
    _group_sheet(book.create_sheet("Theo nhóm"), report.total)
    buffer = io.BytesIO()
    book.save(buffer)
    write_bytes(output, buffer.getvalue())
    return Path(output)
