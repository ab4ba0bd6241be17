"""Templates of the admission stage (giai đoạn kết nạp)."""

from docx_blocks import *  # noqa: F401,F403 - the building blocks
from docx_blocks import R, Column, SPACE_AFTER_PT

def build_9knd():
    """Mẫu 9-KNĐ: Quyết định kết nạp đảng viên."""
    doc = new_document()
    party_header(doc)
    title_block(doc, "QUYẾT ĐỊNH", "Về việc kết nạp đảng viên")

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



TEMPLATES = {
    "9-KND": build_9knd,
    "CV-TTLL": build_cv_ttll,
}
