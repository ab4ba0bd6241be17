"""Templates of an awareness course (lớp bồi dưỡng nhận thức về Đảng): the
certificate (CN-NTVĐ, one per learner) and the class documents DS-HV,
CV-GHS, CV-TTLL-LOP and CV-DD. Values come from ``dossier/forms/lop_*.py``.

``CONTRACT`` lists the variables these templates may use beyond the shared
``van_ban`` and ``uv`` (``a.b[]`` = each item of the list ``a.b``);
tests/test_forms_lop.py checks templates and builder values against it.
"""

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docx_blocks import *  # noqa: F401,F403 - the building blocks
from docx_blocks import (
    BODY_PT,
    CLOSING_LEFT_MM,
    CLOSING_RIGHT_MM,
    DOC_TYPE_PT,
    SMALL_PT,
    SPACE_AFTER_PT,
    Column,
    R,
    _no_split_row,
    _set_table_geometry,
)

CONTRACT = {
    "lop": {"ten", "don_vi_to_chuc", "thoi_gian", "dia_diem"},
    "cn": {"co_quan_chung_nhan", "xung_ho", "don_vi", "ten_lop", "thoi_gian", "dia_diem", "xep_loai"},
    "ds": {"hoc_vien", "tong_ket"},
    "ds.hoc_vien[]": {"stt", "ho_ten", "ngay_sinh", "chi_bo", "so_chung_nhan", "xep_loai"},
    "ghs": {"kinh_gui", "co_quan_gui", "can_cu", "co_so_xem_xet", "so_nguoi", "tong_tai_lieu", "ho_so"},
    "ghs.ho_so[]": {"stt", "ho_ten", "ngay_sinh", "chi_bo", "nq_chi_bo", "nq_dang_uy", "so_tai_lieu"},
    "ttl": {"kinh_gui", "co_quan_de_nghi", "so_nguoi", "hoc_vien"},
    "ttl.hoc_vien[]": {"stt", "ho_ten", "ngay_sinh", "que_quan", "thuong_tru", "chi_bo", "nguoi_than"},
    "ttl.hoc_vien[].nguoi_than[]": {"quan_he", "ho_ten", "nam_sinh", "noi_o", "nghe_nghiep"},
    "dd": {"kinh_gui", "can_cu", "tap_the", "so_nguoi", "hoc_vien", "ngay_cap_chung_nhan", "hieu_luc_thang",
           "han_chung_nhan", "han_quyet_dinh", "noi_nhan_bao_cao", "han_bao_cao"},
    "dd.hoc_vien[]": {"stt", "ho_ten", "chi_bo", "da_thuc_hien", "viec_tiep_theo"},
}

CERTIFICATE_TITLE_PT = 26
FRAME_SPACE_PT = 20  # between the text area and the frame (LibreOffice and Word: at most 31 pt)


def _page_frame(doc) -> None:
    """A double-line frame around the text area, as on printed certificates.
    Measured from the text (not the page edge), it follows the margins the
    organisation sets, including the wider binding margin on the left."""
    sect_pr = doc.sections[0]._sectPr
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "text")
    for edge in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "double")
        el.set(qn("w:sz"), "6")
        el.set(qn("w:space"), str(FRAME_SPACE_PT))
        el.set(qn("w:color"), "000000")
        borders.append(el)
    # CT_SectPr order: … pgSz, pgMar, paperSrc, pgBorders, lnNumType, pgNumType, cols …
    anchor = sect_pr.find(qn("w:paperSrc"))
    if anchor is None:
        anchor = sect_pr.find(qn("w:pgMar"))
    anchor.addnext(borders)


def _photo_box(cell, width_mm: float = 30, height_mm: float = 40):
    """A framed, empty 3×4 photo box centred in ``cell`` (the photo is glued
    on and stamped across by the issuer)."""
    side = (CLOSING_LEFT_MM - width_mm) / 2
    table = cell.add_table(rows=1, cols=1)
    _set_table_geometry(table, [width_mm], indent_mm=side, pad_mm=0, borders=True)
    row = table.rows[0]
    tr_pr = row._tr.get_or_add_trPr()
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(round(height_mm / 25.4 * 1440)))
    height.set(qn("w:hRule"), "exact")
    tr_pr.append(height)
    _no_split_row(row)
    box = row.cells[0]
    for p in list(box._tc.findall(qn("w:p"))):
        box._tc.remove(p)
    box.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    centered(box, "Ảnh", size=SMALL_PT, italic=True)
    centered(box, "3 × 4", size=SMALL_PT, italic=True)
    # python-docx ends the cell with a bare paragraph after the table; a cell
    # must end with a paragraph, so replace it by a formatted one.
    trailing = table._tbl.getnext()
    if trailing is not None and trailing.tag == qn("w:p"):
        trailing.getparent().remove(trailing)
    paragraph(cell, "", size=BODY_PT)
    return table


def build_cn_ntvd():
    """Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng (CN-NTVĐ)."""
    doc = new_document()
    _page_frame(doc)
    party_header(doc)

    centered(doc, "GIẤY CHỨNG NHẬN", size=CERTIFICATE_TITLE_PT, bold=True, before_pt=42, keep_with_next=True)
    centered(doc, "Hoàn thành lớp bồi dưỡng nhận thức về Đảng", bold=True, keep_with_next=True)
    centered(doc, "-----", after_pt=18, keep_with_next=True)
    centered(doc, "{{ cn.co_quan_chung_nhan }}", bold=True, keep_with_next=True)
    centered(doc, "CHỨNG NHẬN:", bold=True, after_pt=12, keep_with_next=True)

    rows = [
        ("{{ cn.xung_ho }}:", R("{{ uv.ho_ten_in_hoa }}", bold=True, size=16)),
        ("Sinh ngày:", R("{{ uv.ngay_sinh }}")),
        ("Quê quán:", R("{{ uv.que_quan }}")),
        ("Đơn vị:", R("{{ cn.don_vi }}")),
    ]
    fields = borderless_table(doc, [38, 122], rows=len(rows), indent_mm=0)
    for row, (label, value) in zip(fields.rows, rows):
        _no_split_row(row)
        label_cell, value_cell = row.cells
        paragraph(label_cell, label, after_pt=8, left_mm=6)
        paragraph(value_cell, value, after_pt=8)

    centered(doc, "Đã hoàn thành chương trình", before_pt=12, keep_with_next=True)
    centered(doc, "{{ cn.ten_lop }}", bold=True, size=15, after_pt=8, keep_with_next=True)
    centered(doc, "Thời gian học: ", "{{ cn.thoi_gian }}", after_pt=4, keep_with_next=True)
    centered(doc, "Địa điểm: ", "{{ cn.dia_diem }}", after_pt=4, keep_with_next=True)
    centered(doc, "Xếp loại: ", R("{{ cn.xep_loai }}", bold=True), after_pt=4, keep_with_next=True)
    spacer(doc, 24)

    closing = borderless_table(doc, [CLOSING_LEFT_MM, CLOSING_RIGHT_MM], pad_mm=0)
    _no_split_row(closing.rows[0])
    left, right = closing.rows[0].cells
    paragraph(left, "", size=BODY_PT, after_pt=SPACE_AFTER_PT)
    _photo_box(left)
    signature_block(right)
    return doc


def build_ds_hv():
    """Danh sách học viên lớp bồi dưỡng nhận thức về Đảng (DS-HV)."""
    doc = new_document()
    party_header(doc)
    centered(doc, "DANH SÁCH", size=DOC_TYPE_PT, bold=True, before_pt=18, keep_with_next=True)
    centered(doc, "Học viên ", "{{ lop.ten }}", bold=True, keep_with_next=True)
    centered(doc, "(Do ", "{{ lop.don_vi_to_chuc }}", " tổ chức ", "{{ lop.thoi_gian }}",
             "; địa điểm: ", "{{ lop.dia_diem }}", ")", italic=True, keep_with_next=True)
    centered(doc, "-----", after_pt=SPACE_AFTER_PT * 2, keep_with_next=True)
    data_table(doc, [
        Column("STT", 11, "{{ h.stt }}", "center"),
        Column("Họ và tên", 42, "{{ h.ho_ten }}"),
        Column("Ngày sinh", 23, "{{ h.ngay_sinh }}", "center"),
        Column("Chi bộ", 46, "{{ h.chi_bo }}"),
        Column("Số giấy chứng nhận", 20, "{{ h.so_chung_nhan }}", "center"),
        Column("Xếp loại", 18, "{{ h.xep_loai }}", "center"),
    ], "h", "ds.hoc_vien")
    spacer(doc)
    body_paragraph(doc, "{{ ds.tong_ket }}", after_pt=SPACE_AFTER_PT * 2)
    closing_block(doc, recipients=False)
    return doc


def build_cv_ghs():
    """Công văn gửi hồ sơ đề nghị kết nạp đảng viên (CV-GHS)."""
    doc = new_document()
    party_header(doc, subject="{{ van_ban.trich_yeu }}")
    centered(doc, "Kính gửi: ", "{{ ghs.kinh_gui }}", before_pt=18, after_pt=12)

    body_paragraph(doc, "Căn cứ ", "{{ ghs.can_cu }}", ";")
    body_paragraph(
        doc, "Căn cứ ", "{{ ghs.co_so_xem_xet }}", " đối với các quần chúng đã hoàn thành ",
        "{{ lop.ten }}", " do ", "{{ lop.don_vi_to_chuc }}", " tổ chức ", "{{ lop.thoi_gian }}", ",",
    )
    body_paragraph(
        doc, "{{ ghs.co_quan_gui }}",
        " đã xem xét, thẩm định hồ sơ và nhất trí đề nghị kết nạp đảng viên đối với những quần chúng"
        " có đủ điều kiện, tiêu chuẩn theo quy định. ", "{{ ghs.co_quan_gui }}", " trân trọng đề nghị ",
        "{{ ghs.kinh_gui }}", " xem xét, quyết định kết nạp vào Đảng Cộng sản Việt Nam đối với ",
        "{{ ghs.so_nguoi }}", " quần chúng có tên sau đây:",
        keep_with_next=True,
    )
    data_table(doc, [
        Column("STT", 11, "{{ loop.index }}", "center"),
        Column("Họ và tên", 31, "{{ h.ho_ten }}"),
        Column("Ngày sinh", 21, "{{ h.ngay_sinh }}", "center"),
        Column("Chi bộ", 32, "{{ h.chi_bo }}"),
        Column("Nghị quyết chi bộ (số, ngày)", 25, "{{ h.nq_chi_bo }}", "center"),
        Column("Nghị quyết đảng ủy (số, ngày)", 25, "{{ h.nq_dang_uy }}", "center"),
        Column("Số tài liệu", 15, "{{ h.so_tai_lieu }}", "center"),
    ], "h", "ghs.ho_so")
    spacer(doc)
    body_paragraph(
        doc, "Gửi kèm theo Công văn này ", "{{ ghs.so_nguoi }}",
        " bộ hồ sơ đề nghị kết nạp đảng viên (tổng cộng ", "{{ ghs.tong_tai_lieu }}",
        " tài liệu; số tài liệu của từng bộ ghi ở cột cuối của danh sách trên), các tài liệu trong"
        " mỗi bộ được sắp xếp theo thứ tự quy định.",
    )
    body_paragraph(doc, "Kính đề nghị ", "{{ ghs.kinh_gui }}", " xem xét, quyết định.",
                   after_pt=SPACE_AFTER_PT * 2)
    closing_block(doc)
    return doc


def build_cv_ttll_lop():
    """Công văn đề nghị thẩm tra lý lịch, gộp cả lớp theo nơi thẩm tra (CV-TTLL-LOP)."""
    doc = new_document()
    party_header(doc, subject="{{ van_ban.trich_yeu }}")
    centered(doc, "Kính gửi: ", "{{ ttl.kinh_gui }}", before_pt=18, after_pt=12)

    body_paragraph(
        doc, "{{ ttl.co_quan_de_nghi }}", " đang xem xét kết nạp vào Đảng Cộng sản Việt Nam ",
        "{{ ttl.so_nguoi }}", " quần chúng ưu tú đã hoàn thành ", "{{ lop.ten }}", " do ",
        "{{ lop.don_vi_to_chuc }}", " tổ chức ", "{{ lop.thoi_gian }}", ".",
    )
    body_paragraph(
        doc, "Thực hiện quy định của Trung ương về thẩm tra lý lịch người xin vào Đảng, trân trọng đề nghị ",
        "{{ ttl.kinh_gui }}",
        " thẩm tra, xác minh lịch sử chính trị, quan điểm, lập trường chính trị và việc chấp hành chủ"
        " trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước của những người thân sau đây"
        " của từng quần chúng:",
        keep_with_next=True,
    )
    paragraph(doc, "{%p for h in ttl.hoc_vien %}")
    body_paragraph(
        doc, R("{{ h.stt }}", bold=True), R(". Quần chúng ", bold=True), R("{{ h.ho_ten }}", bold=True),
        ", sinh ngày ", "{{ h.ngay_sinh }}", "; quê quán: ", "{{ h.que_quan }}",
        "; nơi thường trú: ", "{{ h.thuong_tru }}", "; ", "{{ h.chi_bo }}", ".",
        keep_with_next=True, before_pt=SPACE_AFTER_PT,
    )
    data_table(doc, [
        Column("STT", 11, "{{ loop.index }}", "center"),
        Column("Quan hệ", 21, "{{ n.quan_he }}"),
        Column("Họ và tên", 38, "{{ n.ho_ten }}"),
        Column("Năm sinh", 14, "{{ n.nam_sinh }}", "center"),
        Column("Nơi ở hiện nay", 47, "{{ n.noi_o }}"),
        Column("Nghề nghiệp", 29, "{{ n.nghe_nghiep }}"),
    ], "n", "h.nguoi_than")
    paragraph(doc, "{%p endfor %}")
    spacer(doc)
    body_paragraph(
        doc,
        "Kết quả thẩm tra đề nghị ghi vào mục (24) trong lý lịch của từng người xin vào Đảng"
        " (gửi kèm theo Công văn này) hoặc ghi thành văn bản riêng cho từng người, có chữ ký, ghi rõ"
        " họ tên, chức vụ của người ký và đóng dấu của cấp ủy, rồi gửi lại ",
        "{{ ttl.co_quan_de_nghi }}", " để hoàn thiện hồ sơ kết nạp đảng viên theo quy định.",
    )
    body_paragraph(doc, "Xin trân trọng cảm ơn sự phối hợp của các đồng chí.", after_pt=SPACE_AFTER_PT * 2)
    closing_block(doc)
    return doc


def build_cv_dd():
    """Công văn đôn đốc thực hiện công tác phát triển đảng viên (CV-DD)."""
    doc = new_document()
    letter_head(doc, "dd.kinh_gui")

    body_paragraph(doc, "Căn cứ ", "{{ dd.can_cu }}", " về công tác phát triển đảng viên;")
    body_paragraph(
        doc, "Qua theo dõi, đến nay còn ", "{{ dd.so_nguoi }}", " quần chúng đã hoàn thành ",
        "{{ lop.ten }}", " do ", "{{ lop.don_vi_to_chuc }}", " tổ chức ", "{{ lop.thoi_gian }}",
        " chưa được xem xét, quyết định kết nạp vào Đảng, cụ thể như sau:",
        keep_with_next=True,
    )
    data_table(doc, [
        Column("STT", 11, "{{ h.stt }}", "center"),
        Column("Họ và tên", 31, "{{ h.ho_ten }}"),
        Column("Chi bộ", 34, "{{ h.chi_bo }}"),
        Column("Đã thực hiện đến", 44, "{{ h.da_thuc_hien }}"),
        Column("Việc cần làm tiếp", 40, "{{ h.viec_tiep_theo }}"),
    ], "h", "dd.hoc_vien")
    spacer(doc)
    body_paragraph(
        doc, "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng của các quần chúng nêu trên cấp ngày ",
        "{{ dd.ngay_cap_chung_nhan }}", ", có giá trị ", "{{ dd.hieu_luc_thang }}", " tháng (đến ngày ",
        "{{ dd.han_chung_nhan }}", "); quá thời hạn này, quần chúng phải học lại lớp bồi dưỡng. Để bảo đảm"
        " chất lượng và thời hạn theo quy định, ", "{{ dd.tap_the }}", " đề nghị các đảng ủy, chi bộ:",
    )
    body_paragraph(
        doc, "1. Phân công đảng viên chính thức tiếp tục theo dõi, giúp đỡ các quần chúng nêu trên;"
        " khẩn trương thực hiện các bước tiếp theo của quy trình kết nạp đảng viên, bảo đảm đúng"
        " nguyên tắc, thủ tục.",
    )
    body_paragraph(
        doc, "2. Hoàn thiện hồ sơ của những quần chúng đủ điều kiện, tiêu chuẩn, gửi về ",
        "{{ dd.noi_nhan_bao_cao }}", " để thẩm định, trình ", "{{ dd.tap_the }}",
        " xem xét, quyết định trong thời hạn ", "{{ dd.han_quyet_dinh }}",
        " ngày làm việc kể từ ngày chi bộ có nghị quyết đề nghị kết nạp.",
    )
    body_paragraph(
        doc, "3. Báo cáo kết quả thực hiện, nêu rõ lý do đối với trường hợp chưa đủ điều kiện hoặc có"
        " vướng mắc, về ", "{{ dd.noi_nhan_bao_cao }}", " trước ", "{{ dd.han_bao_cao }}", ".",
    )
    body_paragraph(doc, "Nhận được Công văn này, đề nghị các đảng ủy, chi bộ quan tâm, triển khai thực hiện.",
                   after_pt=SPACE_AFTER_PT * 2)
    closing_block(doc)
    return doc


TEMPLATES = {
    "CN-NTVD": build_cn_ntvd,
    "DS-HV": build_ds_hv,
    "CV-GHS": build_cv_ghs,
    "CV-TTLL-LOP": build_cv_ttll_lop,
    "CV-DD": build_cv_dd,
}
