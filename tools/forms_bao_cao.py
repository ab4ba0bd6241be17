"""Templates of the development report: the Báo cáo kết quả công tác phát
triển đảng viên (BC-PTĐV) and the công văn đôn đốc to the units behind their
target (CV-DD-CT). Values come from ``dossier/report_docx.py``.

``CONTRACT`` lists the variables these templates may use beyond ``van_ban``
(``a.b[]`` = each item of the list ``a.b``).
"""

from docx_blocks import *  # noqa: F401,F403 - the building blocks
from docx_blocks import SMALL_PT, SPACE_AFTER_PT, Column, R

CONTRACT = {
    "bc": {"ky", "mo_dau", "ket_qua", "don_vi", "bieu_do_anh", "bieu_do_ghi_chu", "nhom", "xem_xet", "ket_thuc",
           "cach_tinh"},
    "bc.don_vi[]": {"stt", "ten", "chi_tieu", "ket_nap", "ty_le", "cong_nhan", "hoc_lop", "dang_xem_xet"},
    "bc.nhom[]": {"stt", "ten", "so_luong", "ty_le_tong", "chi_tieu", "ty_le_chi_tieu"},
    "bc.xem_xet[]": {"stt", "giai_doan", "so_luong"},
    "dd": {"kinh_gui", "mo_dau", "nguong", "don_vi", "tap_the", "han_bao_cao", "noi_nhan_bao_cao"},
    "dd.don_vi[]": {"stt", "ten", "chi_tieu", "ket_nap", "ty_le", "dang_xem_xet"},
}

BLANK_LINE = "…" * 32  # one full line of 160 mm at 14 pt


def _heading(doc, text: str):
    return paragraph(doc, text, bold=True, before_pt=6, after_pt=SPACE_AFTER_PT, keep_with_next=True)


def _to_write(doc, what: str, lines: int = 3):
    """A part only people can write: a marked instruction and dotted lines."""
    body_paragraph(doc, R(f"[Phần do cấp ủy viết: {what}]", italic=True), after_pt=2)
    for _ in range(lines):
        paragraph(doc, BLANK_LINE, after_pt=2)


def build_bc_ptdv():
    """Báo cáo kết quả công tác phát triển đảng viên (BC-PTĐV)."""
    doc = new_document()
    party_header(doc)
    title_block(doc, "BÁO CÁO", "Kết quả công tác phát triển đảng viên {{ bc.ky }}")
    body_paragraph(doc, "{{ bc.mo_dau }}")
    _heading(doc, "I. KẾT QUẢ THỰC HIỆN")
    _heading(doc, "1. Kết quả kết nạp đảng viên")
    paragraph_loop(doc, "p", "bc.ket_qua", "{{ p }}")
    paragraph(doc, "Bảng 1. Kết quả theo đơn vị", bold=True, align="center", size=SMALL_PT, keep_with_next=True,
              after_pt=2)
    data_table(doc, [
        Column("STT", 12, "{{ d.stt }}", "center"),
        Column("Đơn vị", 44, "{{ d.ten }}"),
        Column("Chỉ tiêu", 16, "{{ d.chi_tieu }}", "center"),
        Column("Kết nạp", 16, "{{ d.ket_nap }}", "center"),
        Column("Đạt so với chỉ tiêu", 20, "{{ d.ty_le }}", "center"),
        Column("Công nhận chính thức", 20, "{{ d.cong_nhan }}", "center"),
        Column("Học lớp NTVĐ", 16, "{{ d.hoc_lop }}", "center"),
        Column("Đang xem xét", 16, "{{ d.dang_xem_xet }}", "center"),
    ], "d", "bc.don_vi")
    spacer(doc)
    paragraph(doc, "{{ bc.bieu_do_ghi_chu }}", bold=True, align="center", size=SMALL_PT, keep_with_next=True, after_pt=2)
    paragraph(doc, "{{ bc.bieu_do_anh }}", align="center", after_pt=2)  # the chart (dossier/report_chart.py)
    spacer(doc)
    _heading(doc, "2. Cơ cấu đảng viên mới kết nạp")
    data_table(doc, [
        Column("STT", 12, "{{ n.stt }}", "center"),
        Column("Nhóm", 56, "{{ n.ten }}"),
        Column("Số lượng", 20, "{{ n.so_luong }}", "center"),
        Column("Tỷ lệ so với tổng số kết nạp", 26, "{{ n.ty_le_tong }}", "center"),
        Column("Chỉ tiêu", 20, "{{ n.chi_tieu }}", "center"),
        Column("Đạt so với chỉ tiêu", 26, "{{ n.ty_le_chi_tieu }}", "center"),
    ], "n", "bc.nhom")
    spacer(doc)
    _heading(doc, "3. Quần chúng đang được xem xét, hồ sơ dừng xem xét")
    data_table(doc, [
        Column("STT", 12, "{{ x.stt }}", "center"),
        Column("Giai đoạn (bước đã làm gần nhất)", 108, "{{ x.giai_doan }}"),
        Column("Số người", 40, "{{ x.so_luong }}", "center"),
    ], "x", "bc.xem_xet")
    spacer(doc)
    paragraph_loop(doc, "k", "bc.ket_thuc", "{{ k }}")
    body_paragraph(doc, R("{{ bc.cach_tinh }}", italic=True), size=SMALL_PT)
    _heading(doc, "II. ĐÁNH GIÁ CHUNG")
    _to_write(doc, "ưu điểm, hạn chế và nguyên nhân; việc tạo nguồn, bồi dưỡng, giới thiệu quần chúng ưu tú")
    _heading(doc, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")
    _to_write(doc, "chỉ tiêu, giải pháp cho kỳ tới")
    _heading(doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ")
    _to_write(doc, "kiến nghị với cấp trên (nếu có)", lines=2)
    spacer(doc)
    closing_block(doc)
    return doc


def build_cv_dd_ct():
    """Công văn đôn đốc thực hiện chỉ tiêu kết nạp đảng viên (CV-DD-CT)."""
    doc = new_document()
    letter_head(doc, "dd.kinh_gui")
    body_paragraph(doc, "{{ dd.mo_dau }}", keep_with_next=True)
    data_table(doc, [
        Column("STT", 12, "{{ d.stt }}", "center"),
        Column("Đơn vị", 60, "{{ d.ten }}"),
        Column("Chỉ tiêu", 20, "{{ d.chi_tieu }}", "center"),
        Column("Đã kết nạp", 20, "{{ d.ket_nap }}", "center"),
        Column("Đạt so với chỉ tiêu", 24, "{{ d.ty_le }}", "center"),
        Column("Đang xem xét", 24, "{{ d.dang_xem_xet }}", "center"),
    ], "d", "dd.don_vi")
    spacer(doc)
    body_paragraph(doc, "Để bảo đảm hoàn thành chỉ tiêu, ", "{{ dd.tap_the }}", " đề nghị các đơn vị nêu trên:")
    body_paragraph(doc, "1. Rà soát nguồn quần chúng ưu tú, danh sách cảm tình Đảng; phân công đảng viên chính thức"
                        " theo dõi, giúp đỡ; đề nghị cử quần chúng đủ điều kiện đi học lớp bồi dưỡng nhận thức về"
                        " Đảng.")
    body_paragraph(doc, "2. Khẩn trương hoàn thiện hồ sơ của những quần chúng đang được xem xét, bảo đảm đúng"
                        " nguyên tắc, thủ tục, chất lượng kết nạp đảng viên.")
    body_paragraph(doc, "3. Báo cáo kết quả, nêu rõ nguyên nhân chưa đạt chỉ tiêu và giải pháp khắc phục, về ",
                   "{{ dd.noi_nhan_bao_cao }}", " trước ", "{{ dd.han_bao_cao }}", ".")
    body_paragraph(doc, "Nhận được Công văn này, đề nghị các đơn vị quan tâm, triển khai thực hiện.",
                   after_pt=SPACE_AFTER_PT * 2)
    closing_block(doc)
    return doc


TEMPLATES = {
    "BC-PTDV": build_bc_ptdv,
    "CV-DD-CT": build_cv_dd_ct,
}
