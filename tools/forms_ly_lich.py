"""Template of Mẫu 2-KNĐ, Lý lịch của người xin vào Đảng (the booklet's
content, as a guide copy or a typed copy; values from dossier/forms/ly_lich.py).

Items (1)–(26) follow 38-HD/BTCTW §I.1.4.2, whose labels and set phrases are
quoted in ``shared/domain/sources/38-HD-BTCTW-2025-summary.md``; 38-HD has no
forms annex, so the layout (cover, photo box, tables, boxes) is reconstructed.

Data is bold; hints (what 38-HD asks to write) are italic and smaller, never
bold: the hint paragraphs under a heading loop over ``ll.goi_y.<item>``
(empty in a typed copy), and every value line has a ``goi_y`` run beside its
bold ``gia_tri``.
"""

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

from docx_blocks import *  # noqa: F401,F403 - the building blocks
from docx_blocks import BODY_PT, DOC_TYPE_PT, SMALL_PT, SPACE_AFTER_PT, TEXT_WIDTH_MM, Column, R, \
    _empty_cells, _no_split_row, _set_table_geometry
from forms_ca_nhan import (HANG_MM, PHOTO_H_MM, PHOTO_W_MM, _cell_borders, _row_height, _shade, _tab_stop,
                           guide_mark, heading, motto_rule, personal_signature, text_loop, watermark)

HINT_PT = SMALL_PT - 1


def hint_loop(container, key: str, **kw):
    """The hints of item ``key`` (``ll.goi_y.<key>``): italic, smaller, one
    paragraph each; none in a typed copy."""
    opts = dict(builder=paragraph, size=HINT_PT, italic=True, after_pt=3, keep_with_next=True)
    opts.update(kw)
    return paragraph_loop(container, "h", f"ll.goi_y.{key}", "{{ h }}", **opts)


def value_runs(item: str) -> tuple:
    """A value in bold, then its hint in italic (one of them is empty)."""
    return (R(f"{{{{ {item}.gia_tri }}}}", bold=True), R(f"{{{{ {item}.goi_y }}}}", italic=True, size=HINT_PT))


def item_loop(container, iterable: str, left_mm: float = 0):
    """Numbered lines ``{so, nhan, gia_tri, goi_y}``: the number hangs in the
    margin before a tab, so labels line up whether or not a line has one."""
    p = paragraph_loop(container, "d", iterable, "{{ d.so }}", "\t", "{{ d.nhan }}", " ", *value_runs("d"),
                       builder=paragraph, after_pt=3, left_mm=left_mm + HANG_MM, first_line_mm=-HANG_MM)
    _tab_stop(p, left_mm + HANG_MM)
    return p


def numbered(container, number: str, *segments, left_mm: float = 3):
    p = paragraph(container, number, "\t", *segments, after_pt=3, left_mm=left_mm + HANG_MM,
                  first_line_mm=-HANG_MM)
    _tab_stop(p, left_mm + HANG_MM)
    return p


def family_groups(doc):
    """Item (21): per group of relatives (38-HD lists three), its title and
    what to declare for it, then a ruled table: per relative a shaded row
    (relation | name), then one row per detail (label | value)."""
    paragraph(doc, "{%p for g in ll.gia_dinh %}", size=SMALL_PT)
    paragraph(doc, R("{{ g.nhom }}", bold=True), size=BODY_PT - 1, before_pt=4, after_pt=2, keep_with_next=True)
    paragraph(doc, R("{{ g.goi_y }}", italic=True), size=HINT_PT, after_pt=3, keep_with_next=True)
    widths = [56, TEXT_WIDTH_MM - 56]
    table = doc.add_table(rows=6, cols=2)
    _set_table_geometry(table, widths, pad_mm=1, borders=True)
    _empty_cells(table)
    outer_start, title, inner_start, detail, inner_end, outer_end = table.rows
    for row, tag in ((outer_start, "{%tr for n in g.nguoi %}"), (inner_start, "{%tr for r in n.dong %}"),
                     (inner_end, "{%tr endfor %}"), (outer_end, "{%tr endfor %}")):
        for i, cell in enumerate(row.cells):
            paragraph(cell, tag if i == 0 else "", size=SMALL_PT)
    _no_split_row(title)
    _no_split_row(detail)
    for cell in title.cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _shade(cell)
    paragraph(title.cells[0], "{{ n.quan_he }}", size=SMALL_PT + 1, bold=True, before_pt=2, after_pt=2,
              keep_with_next=True)
    paragraph(title.cells[1], R("{{ n.ho_ten }}", bold=True), R("{{ n.goi_y }}", italic=True, size=HINT_PT),
              size=SMALL_PT + 1, before_pt=2, after_pt=2, keep_with_next=True)
    paragraph(detail.cells[0], "{{ r.nhan }}", size=SMALL_PT, before_pt=1, after_pt=1)
    paragraph(detail.cells[1], *value_runs("r"), size=SMALL_PT, before_pt=1, after_pt=1, align="justify")
    spacer(doc, 4)
    paragraph(doc, "{%p endfor %}", size=SMALL_PT)
    return table


def box(doc, height_mm: float, *lines):
    """A ruled box of a minimum height for a committee to write in. ``lines``:
    (segments, options) per paragraph at its top."""
    table = doc.add_table(rows=1, cols=1)
    _set_table_geometry(table, [TEXT_WIDTH_MM], pad_mm=2, borders=True)
    _empty_cells(table)
    _no_split_row(table.rows[0])
    _row_height(table.rows[0], height_mm)
    cell = table.rows[0].cells[0]
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    for segments, options in lines:
        paragraph(cell, *segments, **{"before_pt": 2, "after_pt": 2, **options})
    return table


def _hint_line(text: str) -> tuple:
    return (text,), {"size": HINT_PT, "italic": True}


def build_2knd():
    """Mẫu 2-KNĐ: Lý lịch của người xin vào Đảng (the booklet's content)."""
    doc = new_document()
    watermark(doc)

    # Cover.
    guide_mark(doc)
    paragraph(doc, "Mẫu 2-KNĐ", align="right", size=SMALL_PT, italic=True)
    spacer(doc, 24)
    motto_rule(doc, TEXT_WIDTH_MM, size=16)
    spacer(doc, 110)
    centered(doc, "LÝ LỊCH", size=30, bold=True, after_pt=6)
    centered(doc, "CỦA NGƯỜI XIN VÀO ĐẢNG", size=20, bold=True)
    spacer(doc, 90)
    cover = borderless_table(doc, [58, TEXT_WIDTH_MM - 58 - 10], rows=4, indent_mm=10)
    for row, (label, value, bold) in zip(cover.rows, (
            ("Họ và tên khai sinh:", "{{ ll.bia.ho_ten_khai_sinh }}", True),
            ("Họ và tên thường dùng:", "{{ ll.bia.ho_ten }}", False),
            ("Ngày, tháng, năm sinh:", "{{ ll.bia.ngay_sinh }}", False),
            ("Quê quán:", "{{ ll.bia.que_quan }}", False))):
        paragraph(row.cells[0], label, after_pt=8)
        paragraph(row.cells[1], value, bold=bold, after_pt=8)
    spacer(doc, 40)
    paragraph(doc, "Số lý lịch: ", "{{ ll.bia.so_ly_lich }}", left_mm=10)

    # Items (1)–(13): (1)–(4) beside the photo, as 38-HD words them.
    guide_mark(doc, page_break=True)
    centered(doc, "SƠ LƯỢC LÝ LỊCH", size=DOC_TYPE_PT, bold=True, after_pt=12)
    top = borderless_table(doc, [PHOTO_W_MM + 2, TEXT_WIDTH_MM - PHOTO_W_MM - 2], pad_mm=1)
    photo, first = top.rows[0].cells
    _row_height(top.rows[0], PHOTO_H_MM + 2)
    _cell_borders(photo)
    photo.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    centered(photo, "Ảnh 3×4", size=SMALL_PT, italic=True)
    centered(photo, "(đóng dấu giáp lai)", size=SMALL_PT - 2, italic=True)
    numbered(first, "1)", "Họ và tên khai sinh: ", R("{{ ll.dau.ho_ten_khai_sinh }}", bold=True))
    numbered(first, "2)", "Các tên gọi khác: ", *value_runs("ll.dau.ten_goi_khac"))
    numbered(first, "3)", "Sinh ngày ", R("{{ ll.dau.ngay }}", bold=True), " tháng ",
             R("{{ ll.dau.thang }}", bold=True), " năm ", R("{{ ll.dau.nam }}", bold=True))
    numbered(first, "4)", "Giới tính (nam, nữ): ", R("{{ ll.dau.gioi_tinh }}", bold=True))
    spacer(doc, 4)
    item_loop(doc, "ll.so_luoc")

    # Items (14)–(23).
    guide_mark(doc, page_break=True)
    heading(doc, "14) LỊCH SỬ BẢN THÂN", before_pt=0)
    hint_loop(doc, "lich_su")
    text_loop(doc, "p", "ll.lich_su")
    heading(doc, "15) NHỮNG CÔNG VIỆC, CHỨC VỤ ĐÃ QUA")
    hint_loop(doc, "cong_tac")
    data_table(doc, [
        Column("Từ tháng, năm đến tháng, năm", 30, "{{ w.thoi_gian }}", "center"),
        Column("Làm công việc gì, ở đâu", 86, "{{ w.cong_viec }}"),
        Column("Chức vụ (Đảng, chính quyền, đoàn thể)", 44, "{{ w.chuc_vu }}"),
    ], "w", "ll.cong_tac")
    heading(doc, "16) ĐẶC ĐIỂM LỊCH SỬ")
    hint_loop(doc, "dac_diem")
    paragraph_loop(doc, "p", "ll.dac_diem", "{{ p }}")
    heading(doc, "17) NHỮNG LỚP ĐÀO TẠO, BỒI DƯỠNG ĐÃ QUA")
    hint_loop(doc, "dao_tao")
    data_table(doc, [
        Column("Tên trường hoặc cơ sở đào tạo, bồi dưỡng", 42, "{{ t.ten_truong }}"),
        Column("Ngành học hoặc tên lớp học", 38, "{{ t.nganh_hoc }}"),
        Column("Hình thức học", 24, "{{ t.hinh_thuc }}", "center"),
        Column("Từ tháng, năm đến tháng, năm", 28, "{{ t.thoi_gian }}", "center"),
        Column("Văn bằng, chứng chỉ", 28, "{{ t.van_bang }}", "center"),
    ], "t", "ll.dao_tao")
    heading(doc, "18) ĐI NƯỚC NGOÀI")
    hint_loop(doc, "nuoc_ngoai")
    data_table(doc, [
        Column("Từ tháng, năm đến tháng, năm", 28, "{{ a.thoi_gian }}", "center"),
        Column("Nội dung đi nước ngoài", 60, "{{ a.noi_dung }}"),
        Column("Đi nước nào", 28, "{{ a.nuoc }}", "center"),
        Column("Cơ quan, đơn vị, tổ chức quyết định cử đi", 44, "{{ a.co_quan }}"),
    ], "a", "ll.nuoc_ngoai")
    heading(doc, "19) KHEN THƯỞNG")
    hint_loop(doc, "khen_thuong")
    data_table(doc, [
        Column("Tháng, năm", 24, "{{ k.thang }}", "center"),
        Column("Lý do, hình thức khen thưởng", 90, "{{ k.noi_dung }}"),
        Column("Cấp nào quyết định", 46, "{{ k.cap }}"),
    ], "k", "ll.khen_thuong")
    heading(doc, "20) KỶ LUẬT")
    hint_loop(doc, "ky_luat")
    data_table(doc, [
        Column("Tháng, năm", 24, "{{ k.thang }}", "center"),
        Column("Lý do, hình thức kỷ luật", 90, "{{ k.noi_dung }}"),
        Column("Cấp nào quyết định", 46, "{{ k.cap }}"),
    ], "k", "ll.ky_luat")

    heading(doc, "21) HOÀN CẢNH GIA ĐÌNH")
    family_groups(doc)
    heading(doc, "22) TỰ NHẬN XÉT")
    hint_loop(doc, "tu_nhan_xet")
    text_loop(doc, "p", "ll.tu_nhan_xet")
    heading(doc, "23) CAM ĐOAN VÀ KÝ TÊN")
    body_paragraph(doc, "Tôi cam đoan đã khai đầy đủ, rõ ràng, trung thực và chịu trách nhiệm trước Đảng về những"
                        " nội dung đã khai trong lý lịch.")
    personal_signature(doc, "NGƯỜI KHAI LÝ LỊCH", "{{ uv.ho_ten }}", date="{{ van_ban.dong_ngay }}")

    # Items (24)–(26): for the committees.
    guide_mark(doc, page_break=True)
    heading(doc, "24) NHẬN XÉT CỦA CẤP ỦY, TỔ CHỨC ĐẢNG NƠI ĐẾN THẨM TRA LÝ LỊCH CỦA NGƯỜI XIN VÀO ĐẢNG",
            before_pt=0)
    paragraph(doc, "a) Nhận xét của chi ủy, chi bộ; ban thường vụ hoặc của ban chấp hành đảng bộ cơ sở nơi"
                   " đến thẩm tra", bold=True, size=BODY_PT - 1, after_pt=3, keep_with_next=True)
    box(doc, 46, _hint_line("(Ghi những nội dung cần thiết theo yêu cầu của cấp ủy nơi đề nghị thẩm tra: đúng,"
                            " không đúng hoặc chưa đủ so với người xin vào Đảng đã khai; người thay mặt cấp ủy"
                            " xác nhận, ký tên, ghi rõ chức vụ và đóng dấu của cấp ủy)"))
    paragraph(doc, "b) Nhận xét của cơ quan tham mưu về công tác tổ chức hoặc của thường trực cấp ủy cấp trên"
                   " trực tiếp của tổ chức cơ sở đảng (nếu có)", bold=True, size=BODY_PT - 1, before_pt=8,
              after_pt=3, keep_with_next=True)
    box(doc, 34, _hint_line("(Người thay mặt xác nhận, ký tên, ghi rõ chức vụ và đóng dấu của cấp ủy hoặc của"
                            " cơ quan tham mưu về công tác tổ chức)"))
    heading(doc, "25) NHẬN XÉT CỦA CHI ỦY HOẶC CỦA CHI BỘ (NƠI KHÔNG CÓ CHI ỦY)")
    box(doc, 50, _hint_line("(Bí thư hoặc phó bí thư ghi: lý lịch khai có trung thực không, điểm nào sai; có vấn"
                            " đề gì về lịch sử chính trị và chính trị hiện nay; quan điểm, lập trường, đạo đức,"
                            " lối sống, quan hệ quần chúng; ký, ghi rõ họ tên)"))
    heading(doc, "26) CHỨNG NHẬN CỦA CẤP ỦY CƠ SỞ HOẶC CẤP ỦY CẤP TRÊN TRỰC TIẾP CỦA TỔ CHỨC CƠ SỞ ĐẢNG"
                 " (NƠI KHÔNG CÓ ĐẢNG ỦY CƠ SỞ)", page_break=True)
    box(doc, 80,
        (("{{ ll.chung_nhan }}",), {"align": "justify", "first_line_mm": 10}),
        (("Ngày …… tháng …… năm ……",), {"align": "center", "italic": True, "before_pt": 6, "left_mm": 70}),
        (("(Chức vụ, ký tên, ghi rõ họ tên và đóng dấu của cấp ủy)",),
         {"align": "center", "italic": True, "size": HINT_PT, "left_mm": 70}))
    return doc


TEMPLATES = {"2-KND": build_2knd}
