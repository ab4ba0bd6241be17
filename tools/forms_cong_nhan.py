"""Templates of the official-recognition stage (giai đoạn công nhận đảng viên chính thức):
Mẫu 12-KNĐ … 16-KNĐ. Values come from ``dossier/forms/cong_nhan_*.py``.

The content of 12–15 is reconstructed from unit guides (domain notes §6.3, [C]);
16-KNĐ uses the frame of 9-KNĐ. Where the data holds no content (opinions,
strengths and weaknesses, committee vote), the forms give dotted lines to
write in by hand: a right tab stop at the end of the line with a dot leader,
so the dots always reach the margin, whatever precedes them.
"""

from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Mm

from docx_blocks import *  # noqa: F401,F403 - the building blocks
from docx_blocks import FIRST_LINE_INDENT_MM, R, SPACE_AFTER_PT, TEXT_WIDTH_MM

# The dotted lines end a hair before the right margin, so the tab never wraps.
DOT_TAB_MM = TEXT_WIDTH_MM - 0.5
# Items ("- Ưu điểm: …") are indented like the first line of body text.
ITEM_MM = FIRST_LINE_INDENT_MM


def dotted(container, *segments, lines: int = 1, first_line_mm: float = ITEM_MM, **kw):
    """``segments`` then dots to the end of the line, and ``lines - 1`` more
    lines of dots: room to write by hand."""
    made = []
    for index in range(lines):
        p = paragraph(container, *(segments if index == 0 else ()), R("\t"),
                      first_line_mm=first_line_mm if index == 0 else 0,
                      after_pt=0, line_spacing=1.3, **kw)
        p.paragraph_format.tab_stops.add_tab_stop(Mm(DOT_TAB_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        made.append(p)
    spacer(container, 4)
    return made


def heading(container, text: str, **kw):
    """A numbered heading inside the body ("1. Ưu điểm"): bold, indented like body text."""
    return body_paragraph(container, R(text, bold=True), keep_with_next=True, **kw)


def item(container, *segments, **kw):
    """A dash item of the body ("- Họ và tên: …")."""
    return body_paragraph(container, *segments, **kw)


# ------------------------------------------------------------------ 12-KNĐ

def build_12knd():
    """Mẫu 12-KNĐ: Tổng hợp ý kiến nhận xét của tổ chức đoàn thể và chi ủy nơi
    cư trú đối với đảng viên dự bị."""
    doc = new_document()
    party_header(doc)
    title_block(doc, "TỔNG HỢP Ý KIẾN NHẬN XÉT",
                "của tổ chức đoàn thể và chi ủy nơi cư trú đối với đảng viên dự bị")

    body_paragraph(
        doc,
        "Thực hiện quy định về xét công nhận đảng viên chính thức, ", "{{ cn.chu_the }}",
        " đã lấy ý kiến nhận xét của các tổ chức chính trị - xã hội nơi đảng viên làm việc, học tập và"
        " của chi ủy (chi bộ) nơi cư trú đối với đảng viên dự bị ", R("{{ uv.ho_ten }}", bold=True),
        ", sinh ngày ", "{{ uv.ngay_sinh }}", ", ", "{{ uv.ket_nap }}", " vào Đảng ngày ",
        "{{ uv.ngay_ket_nap }}", ", hết thời gian dự bị ngày ", "{{ uv.ngay_chinh_thuc }}",
        ". Kết quả tổng hợp như sau:")

    heading(doc, "1. Ý kiến nhận xét của tổ chức đoàn thể nơi làm việc, học tập")
    paragraph(doc, "{%p for dt in cn.doan_the %}")
    org_line = body_paragraph(doc, R("{{ dt.muc }}", italic=True, bold=True), " ",
                             R("{{ dt.ten }}", italic=True, bold=True), keep_with_next=True, after_pt=2,
                             align="left")
    org_line.paragraph_format.tab_stops.add_tab_stop(Mm(DOT_TAB_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    body_paragraph(doc, "- Số thành viên: ………; tham gia ý kiến: ………; tán thành: ………", after_pt=2, align="left")
    dotted(doc, "- Ưu điểm: ", lines=2)
    dotted(doc, "- Khuyết điểm, hạn chế: ", lines=2)
    paragraph(doc, "{%p endfor %}")

    heading(doc, "2. Ý kiến nhận xét của chi ủy (chi bộ) nơi cư trú")
    item(doc, "- Nơi cư trú: ", "{{ cn.noi_cu_tru }}", after_pt=2)
    dotted(doc, "- Chi ủy (chi bộ) nơi cư trú: ")
    dotted(doc, "- Ưu điểm (chấp hành chủ trương, chính sách, pháp luật; nghĩa vụ công dân nơi cư trú;"
           " quan hệ với nhân dân): ", lines=2)
    dotted(doc, "- Khuyết điểm, hạn chế: ", lines=2)

    heading(doc, "3. Nhận xét chung")
    dotted(doc, "", lines=3, first_line_mm=0)

    body_paragraph(doc, "Trên đây là tổng hợp ý kiến nhận xét đối với đảng viên dự bị ", "{{ uv.ho_ten }}",
                   ", báo cáo chi bộ xem xét khi xét công nhận đảng viên chính thức./.",
                   after_pt=SPACE_AFTER_PT * 2)
    closing_block(doc)
    return doc


# ------------------------------------------------------------------ 13-KNĐ

def build_13knd():
    """Mẫu 13-KNĐ: Nghị quyết của chi bộ đề nghị công nhận đảng viên chính thức."""
    doc = new_document()
    party_header(doc)
    # The subject in lower case, one căn cứ line and the meeting lines as the model prints them.
    title_block(doc, "NGHỊ QUYẾT", "đề nghị công nhận đảng viên chính thức")
    body_paragraph(doc, "Căn cứ Điều 5, Điều lệ Đảng Cộng sản Việt Nam,")
    body_paragraph(doc, "{{ cn.hop }}", ", ", "{{ uv.chi_bo }}",
                   " đã họp để xét, đề nghị công nhận đảng viên dự bị ", R("{{ uv.ho_ten }}", bold=True),
                   " được ", "{{ uv.ket_nap }}", " vào Đảng ", "{{ cn.ngay_ket_nap }}",
                   ", trở thành đảng viên chính thức.")
    meeting_lines(doc, "bq")

    body_paragraph(doc, "Sau khi nghe ", "{{ cn.da_nghe }}", "; chi bộ thảo luận, nhận xét, đánh giá về đồng chí ",
                   "{{ uv.ho_ten }}", " như sau:", keep_with_next=True)
    heading(doc, "1. Ưu điểm", after_pt=0)
    dotted(doc, R("(Về phẩm chất chính trị; đạo đức, lối sống; năng lực công tác; quan hệ quần chúng;"
                  " thực hiện nhiệm vụ đảng viên) ", italic=True), lines=3)
    heading(doc, "2. Khuyết điểm, hạn chế", after_pt=0)
    dotted(doc, "", lines=2, first_line_mm=0)
    body_paragraph(doc, R("3. Kết quả biểu quyết: ", bold=True), "số đảng viên chính thức tán thành đề nghị công nhận đồng chí ", "{{ uv.ho_ten }}",
                   " là đảng viên chính thức: ", "{{ bq.tan_thanh }}", "/", "{{ bq.chinh_thuc_tinh }}",
                   " đồng chí, đạt ", "{{ bq.ty_le_tan_thanh }}",
                   " so với tổng số đảng viên chính thức của chi bộ; số không tán thành: ",
                   "{{ bq.khong_tan_thanh }}", " đồng chí (", "{{ bq.ty_le_khong_tan_thanh }}", ").")
    body_paragraph(doc, R("4. Đề nghị: ", bold=True), "{{ cn.de_nghi }}", after_pt=SPACE_AFTER_PT * 2)
    closing_block(doc)
    return doc


# ------------------------------------------------------------------ 14-KNĐ

def build_14knd():
    """Mẫu 14-KNĐ: Báo cáo thẩm định của đảng ủy bộ phận đề nghị công nhận đảng viên chính thức."""
    doc = new_document()
    party_header(doc)
    title_block(doc, "BÁO CÁO", "thẩm định hồ sơ đề nghị công nhận đảng viên chính thức")
    centered(doc, "Kính gửi: ", "{{ cn.kinh_gui }}", after_pt=12)

    body_paragraph(doc, "Căn cứ ", "{{ cn.nghi_quyet_chi_bo }}",
                   " về việc đề nghị công nhận đảng viên chính thức đối với đồng chí ", "{{ uv.ho_ten }}", ", ",
                   "{{ cn.co_quan_tham_dinh }}", " đã thẩm định hồ sơ và báo cáo như sau:")

    heading(doc, "1. Sơ lược về đảng viên dự bị", after_pt=2)
    item(doc, "- Họ và tên: ", R("{{ uv.ho_ten }}", bold=True), "; giới tính: ", "{{ uv.gioi_tinh }}",
         "; sinh ngày ", "{{ uv.ngay_sinh }}", ".", after_pt=2)
    item(doc, "- Quê quán: ", "{{ uv.que_quan }}", ".", after_pt=2)
    item(doc, "- Nghề nghiệp: ", "{{ uv.nghe_nghiep }}", ".", after_pt=2)
    item(doc, "- Ngày ", "{{ uv.ket_nap }}", " vào Đảng: ", "{{ uv.ngay_ket_nap }}", " (", "{{ cn.quyet_dinh_ket_nap }}",
         "); sinh hoạt tại ", "{{ uv.chi_bo }}", "; hết thời gian dự bị ngày ", "{{ uv.ngay_chinh_thuc }}", ".")

    heading(doc, "2. Kết quả thẩm định hồ sơ", after_pt=2)
    paragraph_loop(doc, "h", "cn.ho_so", "- ", "{{ h }}", after_pt=2)
    body_paragraph(doc, "{{ cn.ket_luan_ho_so }}")

    heading(doc, "3. Nhận xét về tư cách đảng viên trong thời gian dự bị", after_pt=0)
    dotted(doc, "", lines=3, first_line_mm=0)

    body_paragraph(doc, R("4. Đề nghị: ", bold=True), "{{ cn.de_nghi }}", after_pt=SPACE_AFTER_PT * 2)
    closing_block(doc)
    return doc


# ------------------------------------------------------------------ 15-KNĐ

def build_15knd():
    """Mẫu 15-KNĐ: Nghị quyết của đảng ủy cơ sở đề nghị công nhận đảng viên chính thức."""
    doc = new_document()
    party_header(doc)
    title_block(doc, "NGHỊ QUYẾT", "đề nghị công nhận đảng viên chính thức")

    paragraph_loop(doc, "cc", "cn.can_cu", "{{ cc }}")
    body_paragraph(doc, "Sau khi xem xét hồ sơ, đối chiếu với tiêu chuẩn đảng viên, ", "{{ cn.co_quan_de_nghi }}",
                   " nhận thấy đồng chí ", R("{{ uv.ho_ten }}", bold=True), ", sinh ngày ", "{{ uv.ngay_sinh }}",
                   ", đảng viên dự bị thuộc ", "{{ uv.chi_bo }}", ", ",
                   "{{ uv.ket_nap }}", " vào Đảng ngày ", "{{ uv.ngay_ket_nap }}", " (", "{{ cn.quyet_dinh_ket_nap }}",
                   "), đã hết thời gian dự bị ngày ", "{{ uv.ngay_chinh_thuc }}",
                   ", đủ tư cách đảng viên; chi bộ đã biểu quyết đề nghị công nhận đảng viên chính thức với ",
                   "{{ bq.tan_thanh }}", "/", "{{ bq.chinh_thuc_tinh }}", " đảng viên chính thức tán thành (đạt ",
                   "{{ bq.ty_le_tan_thanh }}", ").")
    body_paragraph(doc, "Kết quả biểu quyết của Đảng ủy: tổng số đảng ủy viên ", "{{ cap_uy.tong_so }}",
                   "; có mặt ", "{{ cap_uy.co_mat }}", "; tán thành ", "{{ cap_uy.tan_thanh }}", "/",
                   "{{ cap_uy.so_tinh }}", " đồng chí, đạt ", "{{ cap_uy.ty_le_tan_thanh }}",
                   " so với tổng số đảng ủy viên", "{{ cap_uy.ghi_chu }}", ".")

    centered(doc, "{{ cn.tap_the_quyet_nghi }}", bold=True, before_pt=SPACE_AFTER_PT, keep_with_next=True)
    centered(doc, "QUYẾT NGHỊ:", bold=True, after_pt=SPACE_AFTER_PT * 1.5, keep_with_next=True)
    body_paragraph(doc, "{{ cn.de_nghi }}", after_pt=SPACE_AFTER_PT * 2)
    closing_block(doc)
    return doc


# ------------------------------------------------------------------ 16-KNĐ

def build_16knd():
    """Mẫu 16-KNĐ: Quyết định công nhận đảng viên chính thức (the frame of 9-KNĐ)."""
    doc = new_document()
    party_header(doc)
    title_block(doc, "QUYẾT ĐỊNH", "về việc công nhận đảng viên chính thức")

    paragraph_loop(doc, "cc", "qd.can_cu", "{{ cc }}")
    centered(doc, "{{ qd.tap_the_quyet_dinh }}", bold=True, before_pt=SPACE_AFTER_PT, keep_with_next=True)
    centered(doc, "QUYẾT ĐỊNH:", bold=True, after_pt=SPACE_AFTER_PT * 1.5, keep_with_next=True)

    article(doc, "Điều 1.",
            "Công nhận đồng chí ", R("{{ uv.ho_ten }}", bold=True),
            ", sinh ngày ", "{{ uv.ngay_sinh }}",
            "; quê quán: ", "{{ uv.que_quan }}",
            "; đảng viên dự bị thuộc ", "{{ uv.chi_bo }}", ", ", "{{ uv.dang_bo }}",
            ", ", "{{ uv.ket_nap }}", " vào Đảng ngày ", "{{ uv.ngay_ket_nap }}",
            ", là đảng viên chính thức của Đảng Cộng sản Việt Nam kể từ ngày ",
            R("{{ uv.ngay_chinh_thuc }}", bold=True), ".")
    body_paragraph(doc, "{{ cn.tuoi_dang }}")
    article(doc, "Điều 2.", "{{ qd.thi_hanh }}", " chịu trách nhiệm thi hành Quyết định này.",
            after_pt=SPACE_AFTER_PT * 2)

    closing_block(doc)
    return doc


TEMPLATES = {
    "12-KND": build_12knd,
    "13-KND": build_13knd,
    "14-KND": build_14knd,
    "15-KND": build_15knd,
    "16-KND": build_16knd,
}
