"""Templates of the admission stage (giai đoạn kết nạp): 5-, 6-, 7-, 8-,
9-KNĐ and the verification letter CV-TTLL.

Lines to fill in by hand: a builder in ``dossier/forms/ket_nap_*.py`` passes
``DOTTED_LINE`` (a tab and a zero-width space) for a passage the data does not
hold; docxtpl turns the tab into a Word tab, and the paragraphs that may
receive one carry a right tab stop with a dot leader at the end of the line
(:func:`fill_line`), so it prints as a dotted line. Real text in the same
paragraph is unaffected.
"""

from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Mm

from docx_blocks import *  # noqa: F401,F403 - the building blocks
from docx_blocks import R, Column, DOC_TYPE_PT, SPACE_AFTER_PT, TEXT_WIDTH_MM, SMALL_PT

# Where a dotted line ends: just inside the right margin.
FILL_END_MM = TEXT_WIDTH_MM - 0.5


def fill_line(p, end_mm: float = FILL_END_MM):
    """Give paragraph ``p`` a right tab stop with a dot leader at ``end_mm``."""
    p.paragraph_format.tab_stops.add_tab_stop(Mm(end_mm), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    return p


def heading(doc, text: str, *segments):
    """A numbered heading inside the body ("1. Sơ lược lý lịch"), bold, kept
    with the paragraph that follows."""
    return body_paragraph(doc, R(text, bold=True), *segments, keep_with_next=True)


def bullet_loop(doc, item: str, iterable: str, dash: bool = True, fill: bool = False, **kw):
    """One body paragraph per item of a list of strings ("- {{ item }}")."""
    segments = (["- "] if dash else []) + [f"{{{{ {item} }}}}"]
    p = paragraph_loop(doc, item, iterable, *segments, **kw)
    if fill:
        fill_line(p)
    return p

def build_9knd():
    """Mẫu 9-KNĐ: Quyết định kết nạp đảng viên."""
    doc = new_document()
    party_header(doc)
    title_block(doc, "QUYẾT ĐỊNH", "về việc kết nạp đảng viên")

    paragraph_loop(doc, "cc", "qd.can_cu", "{{ cc }}")
    centered(doc, "{{ qd.tap_the_quyet_dinh }}", bold=True, before_pt=SPACE_AFTER_PT,
             keep_with_next=True)
    centered(doc, "QUYẾT ĐỊNH:", bold=True, after_pt=SPACE_AFTER_PT * 1.5, keep_with_next=True)

    article(doc, "Điều 1.",
            "Kết nạp quần chúng ", R("{{ uv.ho_ten }}", bold=True),
            ", sinh ngày ", "{{ uv.ngay_sinh }}",
            "; quê quán: ", "{{ uv.que_quan }}",
            "; nghề nghiệp: ", "{{ uv.nghe_nghiep }}",
            "; thuộc ", "{{ uv.chi_bo }}", ", ", "{{ uv.dang_bo }}",
            ", vào Đảng Cộng sản Việt Nam.")
    article(doc, "Điều 2.",
            "Thời gian dự bị của đồng chí ", "{{ uv.ho_ten }}", " là ",
            "{{ qd.du_bi_thang }}",
            " tháng, kể từ ngày chi bộ tổ chức lễ kết nạp. ",
            "{{ uv.chi_bo }}",
            " có trách nhiệm tổ chức lễ kết nạp đảng viên trong thời hạn ",
            "{{ qd.han_le_ket_nap }}",
            " ngày làm việc kể từ ngày nhận được Quyết định này và phân công đảng viên"
            " chính thức giúp đỡ đồng chí ", "{{ uv.ho_ten }}",
            " phấn đấu trở thành đảng viên chính thức.")
    article(doc, "Điều 3.", "{{ qd.thi_hanh }}", " chịu trách nhiệm thi hành Quyết định này.",
            after_pt=SPACE_AFTER_PT * 2)

    closing_block(doc)
    return doc


def build_cv_ttll():
    """Công văn đề nghị thẩm tra lý lịch người xin vào Đảng (one letter per
    committee that must verify relatives; 06-HD/TW §3.4)."""
    doc = new_document()
    party_header(doc, subject="{{ van_ban.trich_yeu }}")

    centered(doc, "Kính gửi: ", "{{ tt.kinh_gui }}", before_pt=18, after_pt=12)

    body_paragraph(
        doc,
        "{{ tt.co_quan_de_nghi }}",
        " đang xem xét kết nạp vào Đảng Cộng sản Việt Nam quần chúng ",
        R("{{ uv.ho_ten }}", bold=True),
        ", sinh ngày ", "{{ uv.ngay_sinh }}",
        "; quê quán: ", "{{ uv.que_quan }}",
        "; nơi thường trú: ", "{{ uv.thuong_tru }}",
        "; nghề nghiệp: ", "{{ uv.nghe_nghiep }}",
        "; là quần chúng ưu tú được ", "{{ uv.chi_bo }}",
        " bồi dưỡng, xem xét đề nghị kết nạp.",
    )
    body_paragraph(
        doc,
        "Thực hiện quy định của Trung ương về thẩm tra lý lịch người xin vào Đảng,"
        " trân trọng đề nghị ", "{{ tt.kinh_gui }}",
        " thẩm tra, xác minh lịch sử chính trị, quan điểm, lập trường chính trị và việc"
        " chấp hành chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước"
        " của những người thân sau đây của quần chúng ", "{{ uv.ho_ten }}", ":",
        keep_with_next=True,
    )
    data_table(doc, [
        Column("STT", 11, "{{ loop.index }}", "center"),
        Column("Quan hệ", 21, "{{ n.quan_he }}"),
        Column("Họ và tên", 38, "{{ n.ho_ten }}"),
        Column("Năm sinh", 14, "{{ n.nam_sinh }}", "center"),
        Column("Nơi ở hiện nay", 47, "{{ n.noi_o }}"),
        Column("Nghề nghiệp", 29, "{{ n.nghe_nghiep }}"),
    ], "n", "tt.nguoi_than")
    spacer(doc)
    body_paragraph(
        doc,
        "Kết quả thẩm tra đề nghị ghi vào mục (24) trong lý lịch của người xin vào Đảng"
        " (gửi kèm theo Công văn này) hoặc ghi thành văn bản riêng, có chữ ký, ghi rõ họ"
        " tên, chức vụ của người ký và đóng dấu của cấp ủy, rồi gửi lại ",
        "{{ tt.co_quan_de_nghi }}",
        " để hoàn thiện hồ sơ kết nạp đảng viên theo quy định.",
    )
    body_paragraph(doc, "Xin trân trọng cảm ơn sự phối hợp của các đồng chí.",
                   after_pt=SPACE_AFTER_PT * 2)

    closing_block(doc)
    return doc


def build_5knd():
    """Mẫu 5-KNĐ: Tổng hợp ý kiến nhận xét của tổ chức đoàn thể nơi làm việc
    và chi ủy nơi cư trú đối với người xin vào Đảng (content reconstructed)."""
    doc = new_document()
    party_header(doc)
    # The subject is two lines long: break it where the sense breaks.
    centered(doc, "TỔNG HỢP Ý KIẾN NHẬN XÉT", size=DOC_TYPE_PT, bold=True, before_pt=18, keep_with_next=True)
    centered(doc, "của tổ chức đoàn thể nơi làm việc và chi ủy nơi cư trú", bold=True, keep_with_next=True)
    centered(doc, "đối với người xin vào Đảng", bold=True, keep_with_next=True)
    centered(doc, "-----", after_pt=SPACE_AFTER_PT, keep_with_next=True)
    body_paragraph(
        doc, "{{ yk.chu_the }}",
        " đã lấy ý kiến nhận xét của tổ chức đoàn thể nơi làm việc (học tập) và chi ủy nơi cư trú"
        " đối với quần chúng ", R("{{ uv.ho_ten }}", bold=True),
        ", sinh ngày ", "{{ uv.ngay_sinh }}",
        ", nghề nghiệp: ", "{{ uv.nghe_nghiep }}",
        ". Kết quả tổng hợp như sau:")
    heading(doc, "1. Ý kiến nhận xét của tổ chức đoàn thể và chi ủy nơi cư trú")
    opinion_mm = 104
    table = data_table(doc, [
        Column("STT", 11, "{{ loop.index }}", "center"),
        Column("Tổ chức nhận xét", 45, "{{ o.ten }}"),
        Column("Ý kiến nhận xét (ưu điểm, khuyết điểm)", opinion_mm, "{%p for l in o.y_kien %}"),
    ], "o", "yk.to_chuc")
    # The opinion cell: one paragraph per line of the opinion (a dotted line when
    # the data has no text), inside the row loop.
    opinion = table.rows[2].cells[2]
    fill_line(paragraph(opinion, "{{ l }}", size=SMALL_PT, before_pt=3, after_pt=3), opinion_mm - 2.5)
    paragraph(opinion, "{%p endfor %}", size=SMALL_PT)
    spacer(doc)
    heading(doc, "2. Nhận xét chung")
    bullet_loop(doc, "n", "yk.nhan_xet_chung", dash=False, fill=True)
    body_paragraph(doc, "{{ yk.ket_luan }}", after_pt=SPACE_AFTER_PT * 2)
    closing_block(doc)
    return doc


def build_6knd():
    """Mẫu 6-KNĐ: Nghị quyết của chi bộ đề nghị kết nạp đảng viên."""
    doc = new_document()
    party_header(doc)
    # The subject in lower case, one căn cứ line and the meeting lines as the 13-KNĐ model prints them.
    title_block(doc, "NGHỊ QUYẾT", "đề nghị kết nạp đảng viên")
    body_paragraph(doc, "Căn cứ Điều 4, Điều lệ Đảng Cộng sản Việt Nam,")
    body_paragraph(doc, "{{ nq.ngay_hop }}", "{{ nq.dia_diem }}", ", ", "{{ uv.chi_bo }}",
                   " đã họp để xét, đề nghị kết nạp quần chúng ", R("{{ uv.ho_ten }}", bold=True),
                   " vào Đảng Cộng sản Việt Nam.")
    meeting_lines(doc, "nq")
    body_paragraph(doc, "Sau khi nghe báo cáo hồ sơ của người xin vào Đảng, ý kiến của người giới thiệu"
                   " và ý kiến nhận xét của tổ chức đoàn thể, chi ủy nơi cư trú, chi bộ thống nhất"
                   " nhận xét, đánh giá quần chúng ", "{{ uv.ho_ten }}", " như sau:")
    heading(doc, "1. Sơ lược lý lịch")
    bullet_loop(doc, "s", "hs.so_luoc")
    heading(doc, "2. Những ưu điểm, khuyết điểm chính",
            " (về phẩm chất chính trị, đạo đức, lối sống, năng lực công tác, quan hệ quần chúng):")
    bullet_loop(doc, "u", "hs.uu_khuyet", dash=False, fill=True)
    heading(doc, "3. Lịch sử chính trị và chính trị hiện nay")
    bullet_loop(doc, "t", "hs.chinh_tri", dash=False, fill=True)
    heading(doc, "4. Kết quả biểu quyết")
    body_paragraph(doc, "Số đảng viên chính thức tán thành việc đề nghị kết nạp quần chúng ",
                   "{{ uv.ho_ten }}", " vào Đảng: ", R("{{ nq.tan_thanh }}", bold=True), "/",
                   "{{ nq.chinh_thuc_tinh }}", " đồng chí, đạt ", R("{{ nq.ty_le_tan_thanh }}", bold=True),
                   " so với tổng số đảng viên chính thức của chi bộ", "{{ nq.ghi_chu_chinh_thuc }}", ".")
    body_paragraph(doc, "Số đảng viên chính thức không tán thành: ", "{{ nq.khong_tan_thanh }}",
                   " đồng chí, chiếm ", "{{ nq.ty_le_khong_tan_thanh }}", ".")
    heading(doc, "5. Đề nghị")
    body_paragraph(doc, "{{ nq.de_nghi }}", after_pt=SPACE_AFTER_PT * 2)
    closing_block(doc)
    return doc


def build_7knd():
    """Mẫu 7-KNĐ: Báo cáo thẩm định của đảng ủy bộ phận."""
    doc = new_document()
    party_header(doc)
    title_block(doc, "BÁO CÁO", "thẩm định hồ sơ đề nghị kết nạp đảng viên")
    centered(doc, "Kính gửi: ", "{{ bc.kinh_gui }}", after_pt=12)
    body_paragraph(doc, "Căn cứ ", "{{ bc.nghi_quyet_chi_bo }}", " của ", "{{ uv.chi_bo }}",
                   " đề nghị kết nạp quần chúng ", R("{{ uv.ho_ten }}", bold=True), " vào Đảng, ",
                   "{{ bc.co_quan_bao_cao }}",
                   " đã thẩm định hồ sơ, tiêu chuẩn và điều kiện của người xin vào Đảng. Kết quả như sau:")
    heading(doc, "1. Sơ lược lý lịch")
    body_paragraph(doc, "{{ hs.tom_tat }}")
    heading(doc, "2. Hồ sơ của người xin vào Đảng")
    bullet_loop(doc, "d", "hs.tai_lieu")
    heading(doc, "3. Tiêu chuẩn, điều kiện")
    bullet_loop(doc, "t", "hs.tieu_chuan")
    heading(doc, "4. Lịch sử chính trị và chính trị hiện nay")
    bullet_loop(doc, "p", "hs.chinh_tri", dash=False, fill=True)
    heading(doc, "5. Kết quả biểu quyết của chi bộ")
    body_paragraph(doc, "{{ bc.bieu_quyet_chi_bo }}")
    heading(doc, "6. Kết luận và đề nghị")
    body_paragraph(doc, "{{ bc.ket_luan }}", after_pt=SPACE_AFTER_PT * 2)
    closing_block(doc)
    return doc


def build_8knd():
    """Mẫu 8-KNĐ: Nghị quyết của đảng ủy cơ sở đề nghị kết nạp đảng viên."""
    doc = new_document()
    party_header(doc)
    title_block(doc, "NGHỊ QUYẾT", "đề nghị kết nạp đảng viên")
    paragraph_loop(doc, "cc", "nq.can_cu", "{{ cc }}")
    body_paragraph(doc, "{{ nq.ngay_hop }}", ", ", "{{ nq.co_quan_hop }}",
                   " đã họp xét đề nghị kết nạp quần chúng ", R("{{ uv.ho_ten }}", bold=True),
                   " (", "{{ uv.chi_bo }}", ") vào Đảng Cộng sản Việt Nam.")
    body_paragraph(doc, "Tổng số cấp ủy viên: ", "{{ nq.cap_uy.tong_so }}", " đồng chí; có mặt: ",
                   "{{ nq.cap_uy.co_mat }}", " đồng chí; vắng mặt: ", "{{ nq.cap_uy.vang_mat }}",
                   " đồng chí", "{{ nq.cap_uy.ly_do_vang }}", ".")
    body_paragraph(doc, "Sau khi xem xét hồ sơ và đề nghị của cấp dưới, Đảng ủy thống nhất nhận xét,"
                   " đánh giá quần chúng ", "{{ uv.ho_ten }}", " như sau:")
    heading(doc, "1. Sơ lược lý lịch")
    body_paragraph(doc, "{{ hs.tom_tat }}")
    heading(doc, "2. Tiêu chuẩn, điều kiện")
    bullet_loop(doc, "t", "hs.tieu_chuan")
    heading(doc, "3. Những ưu điểm, khuyết điểm chính")
    bullet_loop(doc, "u", "hs.uu_khuyet", dash=False, fill=True)
    heading(doc, "4. Lịch sử chính trị và chính trị hiện nay")
    bullet_loop(doc, "p", "hs.chinh_tri", dash=False, fill=True)
    heading(doc, "5. Kết quả biểu quyết")
    body_paragraph(doc, "- Tại chi bộ: ", "{{ nq.bieu_quyet_chi_bo }}")
    body_paragraph(doc, "- Tại Đảng ủy: ", R("{{ nq.cap_uy.tan_thanh }}", bold=True), "/",
                   "{{ nq.cap_uy.so_tinh }}", " đồng chí cấp ủy viên tán thành, đạt ",
                   R("{{ nq.cap_uy.ty_le_tan_thanh }}", bold=True), " so với tổng số cấp ủy viên",
                   "{{ nq.cap_uy.ghi_chu }}", "; ", "{{ nq.cap_uy.khong_tan_thanh }}", " đồng chí không tán thành.")
    centered(doc, "{{ nq.tap_the_quyet_nghi }}", bold=True, before_pt=SPACE_AFTER_PT, keep_with_next=True)
    centered(doc, "QUYẾT NGHỊ:", bold=True, after_pt=SPACE_AFTER_PT * 1.5, keep_with_next=True)
    article(doc, "1.", "{{ nq.de_nghi }}")
    article(doc, "2.", "{{ nq.thi_hanh }}", after_pt=SPACE_AFTER_PT * 2)
    closing_block(doc)
    return doc



TEMPLATES = {
    "9-KND": build_9knd,
    "CV-TTLL": build_cv_ttll,
    "5-KND": build_5knd,
    "6-KND": build_6knd,
    "7-KND": build_7knd,
    "8-KND": build_8knd,
}
