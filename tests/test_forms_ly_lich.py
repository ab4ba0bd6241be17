"""Mẫu 2-KNĐ, Lý lịch của người xin vào Đảng, read back from the rendered
document against 38-HD/BTCTW §I.1.4.2 (shared/domain/sources/38-HD-BTCTW-2025-summary.md):
the 26 items with their labels in order, the groups of relatives with the
fields 38-HD asks for, the pledge and the certification as printed, hints in
italics (never bold like data), and place names of the lý lịch's date."""

from __future__ import annotations

import pytest
from docx import Document

from conftest import edit
from dossier import forms
from test_forms_ca_nhan import W, body_paragraphs, build, full_text, render

# Item labels as 38-HD prints them, in order (headings are printed in capitals).
LABELS = [
    "1)\tHọ và tên khai sinh:", "2)\tCác tên gọi khác:", "3)\tSinh ngày", "4)\tGiới tính (nam, nữ):",
    "5)\tNơi đăng ký khai sinh:", "6)\tQuê quán:", "7)\tNơi cư trú:", "- Nơi thường trú:", "- Nơi tạm trú:",
    "8)\tDân tộc:", "9)\tTôn giáo:", "10)\tNghề nghiệp hiện nay:", "11)\tTrình độ hiện nay:",
    "- Giáo dục phổ thông:", "- Chuyên môn, nghiệp vụ:", "- Khoa học công nghệ:", "- Học vị cao nhất:",
    "- Học hàm cao nhất:", "- Lý luận chính trị:", "- Ngoại ngữ:", "- Tin học:", "- Tiếng dân tộc thiểu số:",
    "12)\tNgày và nơi kết nạp vào Đoàn Thanh niên Cộng sản Hồ Chí Minh:",
    "13)\tĐối với người xin được kết nạp lại vào Đảng:",
    "14) Lịch sử bản thân", "15) Những công việc, chức vụ đã qua", "16) Đặc điểm lịch sử",
    "17) Những lớp đào tạo, bồi dưỡng đã qua", "18) Đi nước ngoài", "19) Khen thưởng", "20) Kỷ luật",
    "21) Hoàn cảnh gia đình", "a) Ông, bà nội, ngoại", "b) Cha, mẹ đẻ", "c) Anh, chị, em ruột",
    "22) Tự nhận xét", "23) Cam đoan và ký tên",
    "24) Nhận xét của cấp ủy, tổ chức đảng nơi đến thẩm tra lý lịch của người xin vào Đảng",
    "a) Nhận xét của chi ủy, chi bộ; ban thường vụ hoặc của ban chấp hành đảng bộ cơ sở nơi đến thẩm tra",
    "b) Nhận xét của cơ quan tham mưu về công tác tổ chức hoặc của thường trực cấp ủy cấp trên trực tiếp",
    "25) Nhận xét của chi ủy hoặc của chi bộ (nơi không có chi ủy)",
    "26) Chứng nhận của cấp ủy cơ sở hoặc cấp ủy cấp trên trực tiếp của tổ chức cơ sở đảng (nơi không có đảng"
    " ủy cơ sở)",
]
PLEDGE = ("Tôi cam đoan đã khai đầy đủ, rõ ràng, trung thực và chịu trách nhiệm trước Đảng về những nội dung"
          " đã khai trong lý lịch")


def runs(docx) -> list[tuple[str, bool, bool, float | None]]:
    """(text, bold, italic, size in pt) of every run of the body."""
    found = []
    for run in Document(str(docx)).element.body.iter(f"{W}r"):
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        rpr = run.find(f"{W}rPr")
        bold = rpr is not None and rpr.find(f"{W}b") is not None
        italic = rpr is not None and rpr.find(f"{W}i") is not None
        sz = rpr.find(f"{W}sz") if rpr is not None else None
        found.append((text, bold, italic, int(sz.get(f"{W}val")) / 2 if sz is not None else None))
    return found


@pytest.mark.parametrize("name", ["vu-dinh-phuoc", "lai-van-cuong"])
def test_the_26_items_in_order_with_38hd_labels(name, tmp_path):
    (item,) = build("2-KNĐ", name)
    text = full_text(render(item, tmp_path)).lower()
    positions = []
    for label in LABELS:
        assert label.lower() in text, label
        positions.append(text.index(label.lower(), positions[-1] if positions else 0))
    assert positions == sorted(positions)
    assert "số căn cước" not in text  # 2-HSĐV asks for it, not 2-KNĐ


def test_pledge_and_certification_as_printed(tmp_path):
    (item,) = build("2-KNĐ", "lai-van-cuong")
    text = full_text(render(item, tmp_path))
    assert PLEDGE in text
    assert ("Chứng nhận lý lịch của quần chúng Lại Văn Cường khai tại Đảng bộ Trường Cao đẳng Công nghệ Bình"
            " Minh là đúng sự thật; không (hoặc có) vấn đề về lịch sử chính trị và chính trị hiện nay của người"
            " vào Đảng theo Quy định của Bộ Chính trị; quần chúng Lại Văn Cường đủ (hoặc không đủ) điều kiện"
            " để xem xét kết nạp vào Đảng.") in text


def test_birth_date_in_the_forms_words(tmp_path):
    (item,) = build("2-KNĐ", "lai-van-cuong")
    paragraphs = body_paragraphs(render(item, tmp_path))
    assert "3)\tSinh ngày 27 tháng 02 năm 1997" in paragraphs
    assert "4)\tGiới tính (nam, nữ): nam" in paragraphs


def test_relatives_in_the_three_groups_with_their_fields(tmp_path):
    (item,) = build("2-KNĐ", "lai-van-cuong")
    groups = item.values["ll"]["gia_dinh"]
    assert [g["nhom"][:2] for g in groups] == ["a)", "b)", "c)"]
    assert [p["quan_he"] for p in groups[1]["nguoi"]] == ["Bố đẻ", "Mẹ đẻ"]
    father = {d["nhan"]: d["gia_tri"] for d in groups[1]["nguoi"][0]["dong"]}
    assert list(father) == ["Năm sinh:", "Nơi sinh:", "Quê quán:", "Nơi cư trú:", "Nghề nghiệp:",
                            "Thành phần giai cấp:",
                            "Lịch sử chính trị; chấp hành đường lối của Đảng, chính sách, pháp luật của Nhà nước:"]
    assert father["Nơi sinh:"] == "Xã Tân Dĩnh, huyện Lạng Giang, tỉnh Bắc Giang"
    assert father["Thành phần giai cấp:"] == "Bần nông"
    sister = {d["nhan"]: d["gia_tri"] for d in groups[2]["nguoi"][0]["dong"]}
    assert list(sister) == ["Năm sinh:", "Quốc tịch:", "Nơi cư trú:", "Nghề nghiệp:", "Hoàn cảnh, kinh tế:",
                            "Chấp hành đường lối của Đảng, chính sách, pháp luật của Nhà nước:", "Tiền án:"]
    assert sister["Hoàn cảnh, kinh tế:"] == "Chưa lập gia đình, sống cùng bố mẹ; kinh tế ổn định"
    assert sister["Quốc tịch:"] == "Việt Nam" and sister["Tiền án:"] == "Không"
    text = full_text(render(item, tmp_path))
    assert "Bần nông" in text and "Chưa lập gia đình, sống cùng bố mẹ; kinh tế ổn định" in text


def test_hints_are_italic_and_smaller_never_bold(tmp_path):
    (item,) = build("2-KNĐ", "lai-van-cuong")
    found = runs(render(item, tmp_path))
    hints = [r for r in found if r[0].startswith("(") and r[0].endswith(")") and len(r[0]) > 12
             and not r[0].startswith("(tên cũ")]
    assert any(r[0] == "(ghi nơi sinh)" for r in hints), "the mother's place of birth is not in the data"
    assert any(r[0].startswith("(Chỉ khai những lần ở nước ngoài từ 3 tháng trở lên") for r in hints)
    for text, bold, italic, size in hints:
        assert italic and not bold and size is not None and size < 14, text
    data = [r for r in found if r[0] in ("LẠI VĂN CƯỜNG", "Bần nông", "Kinh", "Sơ cấp")]
    assert data and all(bold and not italic for _, bold, italic, _ in data)


def test_typed_copy_prints_no_hints(workspace, tmp_path):
    edit(workspace / "to-chuc.yaml", "chap_nhan_ban_danh_may: false", "chap_nhan_ban_danh_may: true")
    (item,) = build("2-KNĐ", "lai-van-cuong", workspace)
    text = full_text(render(item, tmp_path))
    assert "(ghi nơi sinh)" not in text and "(Chỉ khai những lần ở nước ngoài" not in text
    assert PLEDGE in text


def test_place_names_of_the_lich_su_date(workspace, tmp_path):
    """Lại Văn Cường wrote his lý lịch on 02/6/2025, before the new names (from
    01/7/2025): the old names only. Written later: the new name, the old in brackets."""
    (item,) = build("2-KNĐ", "lai-van-cuong", workspace)
    paragraphs = body_paragraphs(render(item, tmp_path))
    assert "5)\tNơi đăng ký khai sinh: Xã Tân Dĩnh, huyện Lạng Giang, tỉnh Bắc Giang" in paragraphs
    assert "\t- Nơi thường trú: Thôn Hố Cao, xã Tân Dĩnh, huyện Lạng Giang, tỉnh Bắc Giang" in paragraphs
    edit(workspace / "ung-vien" / "lai-van-cuong.yaml", "  ly_lich:\n    ngay: 2025-06-02",
         "  ly_lich:\n    ngay: 2025-07-01")
    (item,) = build("2-KNĐ", "lai-van-cuong", workspace)
    paragraphs = body_paragraphs(render(item, tmp_path))
    assert ("5)\tNơi đăng ký khai sinh: Xã Lạng Giang, tỉnh Bắc Ninh (tên cũ: xã Tân Dĩnh, huyện Lạng Giang,"
            " tỉnh Bắc Giang)") in paragraphs
    assert ("6)\tQuê quán: Xã Lạng Giang, tỉnh Bắc Ninh (tên cũ: xã Tân Dĩnh, huyện Lạng Giang, tỉnh Bắc Giang)"
            in paragraphs)
    assert "\t- Nơi thường trú: Thôn Hố Cao, xã Lạng Giang, tỉnh Bắc Ninh" in paragraphs


def test_other_documents_print_the_names_of_their_own_date(tmp_path):
    (application,) = build("1-KNĐ", "lai-van-cuong")  # 12/5/2025
    text = full_text(render(application, tmp_path))
    assert "Nơi thường trú: Thôn Hố Cao, xã Tân Dĩnh, huyện Lạng Giang, tỉnh Bắc Giang" in text
    (decision,) = build("9-KNĐ", "lai-van-cuong")  # 9/9/2025
    assert "quê quán: Xã Lạng Giang, tỉnh Bắc Ninh;" in full_text(render(decision, tmp_path))


def test_readmission_item_13(tmp_path):
    (item,) = build("2-KNĐ", "man-duc-lam")
    lines = {d["nhan"]: d["gia_tri"] for d in item.values["ll"]["so_luoc"]}
    assert lines["- Ngày và nơi kết nạp vào Đảng Cộng sản Việt Nam lần thứ nhất:"].startswith(
        "ngày 19 tháng 5 năm 2004, tại Chi bộ Phân xưởng Cơ khí")
    assert lines["- Ngày và nơi công nhận chính thức lần thứ nhất:"] == "ngày 19 tháng 5 năm 2005"
    assert lines["- Người giới thiệu vào Đảng lần thứ nhất:"] == "Nguyễn Văn Khoát; Lê Thị Sâm"
    assert any(p.startswith("Ra khỏi Đảng ngày 12 tháng 7 năm 2018: Được Đảng ủy")
               for p in item.values["ll"]["dac_diem"])
    (plain,) = build("2-KNĐ", "nguyen-thi-hoa")
    assert plain.values["ll"]["so_luoc"][-1] == {
        "so": "13)", "nhan": "Đối với người xin được kết nạp lại vào Đảng:", "gia_tri": "Không", "goi_y": ""}


def test_abroad_names_who_sent_the_candidate(tmp_path):
    (item,) = build("2-KNĐ", "vu-dinh-phuoc")
    document = Document(str(render(item, tmp_path)))
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Nội dung đi nước ngoài")
    assert [c.text for c in table.rows[0].cells][-1] == "Cơ quan, đơn vị, tổ chức quyết định cử đi"
    assert [c.text for c in table.rows[1].cells] == [
        "10-2019\nđến 4-2020", "Thực tập kỹ thuật theo chương trình hợp tác của trường đại học", "Nhật Bản",
        "Trường Đại học Điện lực"]


def test_work_history_table_has_one_row_per_period_in_order(tmp_path):
    (item,) = build("2-KNĐ", "quach-van-thuan")
    document = Document(str(render(item, tmp_path)))
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Làm công việc gì, ở đâu")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert rows[0] == ["9-1996\nđến 6-1999", "Học sinh Trường THPT Đại Từ, tỉnh Bắc Thái", ""]
    assert rows[-1][0] == "9-2008\nđến nay" and len(rows) == 4


def test_a_group_without_relatives_keeps_a_row_to_fill(tmp_path):
    (item,) = build("2-KNĐ", "nguyen-thi-hoa")
    grandparents = item.values["ll"]["gia_dinh"][0]["nguoi"]
    assert grandparents == [{"quan_he": "", "ho_ten": "", "goi_y": "(chưa khai trong dữ liệu: tự khai nếu có)",
                             "dong": []}]
    assert "(chưa khai trong dữ liệu: tự khai nếu có)" in full_text(render(item, tmp_path))


def test_not_ready_without_work_history_when_typed(workspace):
    edit(workspace / "to-chuc.yaml", "chap_nhan_ban_danh_may: false", "chap_nhan_ban_danh_may: true")
    with pytest.raises(forms.NotReady):
        build("2-KNĐ", "lang-thi-thuong", workspace)
