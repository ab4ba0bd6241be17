"""Forms of the admission stage: 5-, 6-, 7-, 8-, 9-KNĐ and CV-TTLL, built from
the sample workspace and rendered with the real templates."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from docx import Document

from conftest import SAMPLES, edit
from dossier import catalog, context, forms
from dossier.forms import NotReady
from dossier.forms.common import committee_vote
from dossier.forms.ket_nap_facts import DOTTED_LINE
from dossier.render import TEMPLATE_DIR, render_docx

forms.load_all()

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CANDIDATES = sorted(p.stem for p in (SAMPLES / "ung-vien").glob("*.yaml"))

# Which sample candidates each form applies to (hand-checked against the data:
# the milestones present, the chi bộ's place in the organisation).
WITH_OPINIONS = {"bach-thi-khanh-linh", "dao-minh-khuong", "ho-dang-khoa", "khuat-duy-tien", "lai-van-cuong",
                 "nguyen-thi-hoa", "phan-thi-thuy-duong", "quach-van-thuan", "vuong-thi-thu-hang",
                 "ta-quang-vinh"}  # ended after the chi bộ resolution: the builders still can make its documents
WITH_CHI_BO_RESOLUTION = WITH_OPINIONS - {"ho-dang-khoa"}
EXPECTED = {
    "5-KNĐ": WITH_OPINIONS,
    "6-KNĐ": WITH_CHI_BO_RESOLUTION,
    "7-KNĐ": {"khuat-duy-tien", "lai-van-cuong", "phan-thi-thuy-duong", "ta-quang-vinh"},  # chi bộ under Khối Kỹ thuật
    "8-KNĐ": WITH_CHI_BO_RESOLUTION - {"ta-quang-vinh"},  # its đảng ủy bộ phận never reported
    "9-KNĐ": WITH_CHI_BO_RESOLUTION - {"dao-minh-khuong", "ta-quang-vinh"},  # no grassroots resolution yet
    "CV-TTLL": set(CANDIDATES),
}


def candidate(name: str, root: Path = SAMPLES) -> context.Candidate:
    return context.open_candidate(root / "ung-vien" / f"{name}.yaml")


def build(code: str, name: str, root: Path = SAMPLES):
    return forms.CANDIDATE_FORMS[code](candidate(name, root))


def build_one(code: str, name: str, root: Path = SAMPLES):
    (rendered,) = build(code, name, root)
    return rendered


def docx_text(path: Path) -> str:
    """Every paragraph of the body (table cells included), one per line."""
    body = Document(str(path)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p"))


def one_line(text: str) -> str:
    """Header names may be broken into balanced lines: compare them as one line."""
    return " ".join(text.split())


def render(rendered, tmp_path: Path) -> Path:
    out = tmp_path / f"{rendered.stem}.docx"
    render_docx(TEMPLATE_DIR / rendered.template, rendered.values, out)
    return out


# ------------------------------------------------------------ every form renders

@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_form_applies_to_the_expected_candidates(code):
    made = set()
    for name in CANDIDATES:
        try:
            build(code, name)
        except NotReady:
            continue
        made.add(name)
    assert made == EXPECTED[code]


@pytest.mark.parametrize("code,name", [(code, name) for code in sorted(EXPECTED) for name in sorted(EXPECTED[code])])
def test_form_renders_for_sample_candidate(code, name, tmp_path):
    for rendered in build(code, name):
        entry = catalog.entry(code)
        assert rendered.code == code and rendered.template == entry.template
        out = render(rendered, tmp_path)
        xml = out.read_bytes()
        document = Document(str(out)).element.body
        raw = "".join(t.text or "" for t in document.iter(f"{W}t"))
        for tag in ("{{", "}}", "{%", "%}"):
            assert tag not in raw, f"{tag} left in {code} for {name}"
        text = docx_text(out)
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
        c = candidate(name)
        assert c.data["ho_ten"] in text
        assert unicodedata.is_normalized("NFC", text)
        assert xml  # written


def test_catalog_entries_name_the_templates():
    for code, stem in (("5-KNĐ", "5-KND"), ("6-KNĐ", "6-KND"), ("7-KNĐ", "7-KND"), ("8-KNĐ", "8-KND")):
        entry = catalog.entry(code)
        assert entry.template == f"{stem}.docx" and (TEMPLATE_DIR / entry.template).is_file()
        assert entry.production == "ca_hai" and entry.certain is False
    assert catalog.entry("7-KNĐ").condition == "co_dang_uy_bo_phan"
    assert catalog.entry("8-KNĐ").condition == "co_dang_uy_co_so"


# ------------------------------------------------------------ 6-KNĐ: the vote

def test_vote_with_an_absent_full_member(tmp_path):
    """khuat-duy-tien, 09/9/2025: 5 members, all full; Mạc Văn Hùng absent (ill);
    4 approve. 4 ÷ 5 full members = 80 % (not 4 ÷ 4 present = 100 %)."""
    rendered = build_one("6-KNĐ", "khuat-duy-tien")
    nq = rendered.values["nq"]
    assert (nq["tong_so"], nq["chinh_thuc"], nq["du_bi"]) == ("5", "5", "0")
    assert (nq["co_mat"], nq["vang_mat"]) == ("4", "1")
    assert (nq["tan_thanh"], nq["chinh_thuc_tinh"], nq["ty_le_tan_thanh"]) == ("4", "5", "80%")
    assert (nq["khong_tan_thanh"], nq["ty_le_khong_tan_thanh"]) == ("0", "0%")
    assert nq["ghi_chu_chinh_thuc"] == ""
    assert nq["vang_mat_ds"] == ["Đồng chí Mạc Văn Hùng: Ốm, có báo cáo."]
    assert rendered.values["van_ban"]["so_ky_hieu"] == "14-NQ/CB"
    assert rendered.values["van_ban"]["ky"] == {"hinh_thuc": "T/M CHI BỘ", "chuc_vu": "BÍ THƯ",
                                                "ho_ten": "Phan Thanh Sơn"}
    text = docx_text(render(rendered, tmp_path))
    assert "Số 14-NQ/CB" in text
    assert "vào Đảng: 4/5 đồng chí, đạt 80% so với tổng số đảng viên chính thức của chi bộ." in text
    # The meeting lines of the 13-KNĐ model (38-HD/BTCTW), which 6-KNĐ follows.
    lines = text.splitlines()
    assert "Căn cứ Điều 4, Điều lệ Đảng Cộng sản Việt Nam," in lines
    assert "Tổng số đảng viên của Chi bộ: 5 đảng viên, trong đó chính thức 5 đồng chí, dự bị 0 đồng chí." in lines
    assert "Có mặt: 4 đảng viên, trong đó chính thức 4 đồng chí, dự bị 0 đồng chí." in lines
    assert "Vắng mặt: 1 đảng viên, trong đó chính thức 1 đồng chí, dự bị 0 đồng chí." in lines
    assert "Lý do vắng mặt: Đồng chí Mạc Văn Hùng: Ốm, có báo cáo." in lines
    assert "Chủ trì hội nghị: Đồng chí Phan Thanh Sơn. Chức vụ: Bí thư Chi bộ." in lines
    assert "Thư ký hội nghị: Đồng chí …………." in lines


def test_vote_leaves_out_a_member_on_temporary_transfer():
    """bach-thi-khanh-linh, 29/9/2026: 6 members, all full, but Lưu Thị Phượng is
    on temporary transfer: the base is 5; she is not a probationary member."""
    nq = build_one("6-KNĐ", "bach-thi-khanh-linh").values["nq"]
    assert (nq["tong_so"], nq["chinh_thuc"], nq["du_bi"], nq["chinh_thuc_tinh"]) == ("6", "6", "0", "5")
    assert (nq["tan_thanh"], nq["ty_le_tan_thanh"], nq["khong_tan_thanh"]) == ("5", "100%", "0")
    assert "không tính 1 đồng chí chuyển sinh hoạt đảng tạm thời" in nq["ghi_chu_chinh_thuc"]


def test_vote_with_absent_member_and_transfer_hand_computed(workspace, tmp_path):
    """Same chi bộ, with Tạ Thị Hương also absent and one vote against.
    Full members counted: 6 − 1 on transfer = 5. Present: 4 (all full).
    Approving 3: 3/5 = 60 % (not 3/4 = 75 %, not 3/6 = 50 %); against: 4 − 3 = 1, 20 %."""
    path = workspace / "ung-vien" / "bach-thi-khanh-linh.yaml"
    edit(path, "    co_mat: 5\n    tan_thanh: 5\n", "    co_mat: 4\n    tan_thanh: 3\n")
    edit(path, "        ly_do: Chuyển sinh hoạt tạm thời (đi học nghiên cứu sinh tập trung)\n",
         "        ly_do: Chuyển sinh hoạt tạm thời (đi học nghiên cứu sinh tập trung)\n"
         "      - ho_ten: Tạ Thị Hương\n        ly_do: Đi công tác\n")
    rendered = build_one("6-KNĐ", "bach-thi-khanh-linh", workspace)
    nq = rendered.values["nq"]
    assert (nq["co_mat"], nq["vang_mat"]) == ("4", "2")
    assert (nq["tan_thanh"], nq["chinh_thuc_tinh"], nq["ty_le_tan_thanh"]) == ("3", "5", "60%")
    assert (nq["khong_tan_thanh"], nq["ty_le_khong_tan_thanh"]) == ("1", "20%")
    text = docx_text(render(rendered, tmp_path))
    assert "3/5 đồng chí, đạt 60% so với tổng số đảng viên chính thức" in text


def test_probationary_members_are_counted_apart():
    """nguyen-thi-hoa, 10/3/2026: 4 members, 3 full, Đỗ Thị Mai probationary."""
    nq = build_one("6-KNĐ", "nguyen-thi-hoa").values["nq"]
    assert (nq["tong_so"], nq["chinh_thuc"], nq["du_bi"], nq["chinh_thuc_tinh"]) == ("4", "3", "1", "3")
    assert nq["ty_le_tan_thanh"] == "100%" and nq["vang_mat_ds"] == [] and nq["vang_mat_ket"] == "."


def test_absent_list_grows_with_the_data(workspace, tmp_path):
    path = workspace / "ung-vien" / "khuat-duy-tien.yaml"
    before = docx_text(render(build_one("6-KNĐ", "khuat-duy-tien", workspace), tmp_path))
    edit(path, "    co_mat: 4\n    tan_thanh: 4\n", "    co_mat: 3\n    tan_thanh: 3\n")
    edit(path, "        ly_do: Ốm, có báo cáo\n",
         "        ly_do: Ốm, có báo cáo\n      - ho_ten: Kiều Thị Oanh\n        ly_do: Đi học tập trung\n")
    after_dir = tmp_path / "after"
    after_dir.mkdir()
    rendered = build_one("6-KNĐ", "khuat-duy-tien", workspace)
    after = docx_text(render(rendered, after_dir))
    assert "Lý do vắng mặt: Đồng chí Mạc Văn Hùng: Ốm, có báo cáo." in before.splitlines()
    assert ("Lý do vắng mặt: Đồng chí Mạc Văn Hùng: Ốm, có báo cáo; đồng chí Kiều Thị Oanh: Đi học tập trung."
            in after.splitlines())
    assert "Vắng mặt: 2 đảng viên, trong đó chính thức 2 đồng chí, dự bị 0 đồng chí." in after.splitlines()
    assert rendered.values["nq"]["ty_le_tan_thanh"] == "60%"  # 3 ÷ 5 full members


def test_meeting_place_is_printed_when_given(tmp_path):
    text = docx_text(render(build_one("6-KNĐ", "quach-van-thuan"), tmp_path))
    assert ("Ngày 03 tháng 11 năm 2026, tại Phòng họp tầng 2, nhà Hiệu bộ, Trường Cao đẳng Công nghệ Bình Minh,"
            " Chi bộ Phòng Đào tạo - Công tác học sinh sinh viên đã họp") in text
    text = docx_text(render(build_one("6-KNĐ", "khuat-duy-tien"), tmp_path))
    assert "Ngày 09 tháng 9 năm 2025, Chi bộ Khoa Cơ khí - Động lực đã họp" in text


def test_proposal_follows_the_chain_of_committees():
    khuat = build_one("6-KNĐ", "khuat-duy-tien").values
    assert khuat["nq"]["de_nghi"] == (
        "Chi bộ đề nghị Đảng ủy bộ phận Khối Kỹ thuật thẩm định, Đảng ủy Trường Cao đẳng Công nghệ Bình Minh"
        " xem xét, đề nghị Ban Thường vụ Đảng ủy phường Bình Minh quyết định kết nạp quần chúng Khuất Duy Tiến"
        " vào Đảng Cộng sản Việt Nam.")
    assert khuat["van_ban"]["noi_nhan"] == ["- Đảng ủy bộ phận Khối Kỹ thuật,",
                                            "- Đảng ủy Trường Cao đẳng Công nghệ Bình Minh,", "- Lưu Chi bộ."]
    hoa = build_one("6-KNĐ", "nguyen-thi-hoa").values["nq"]["de_nghi"]
    assert hoa.startswith("Chi bộ đề nghị Đảng ủy Trường Cao đẳng Công nghệ Bình Minh xem xét, đề nghị Ban Thường vụ")


def test_strengths_are_dotted_lines_and_standing_comes_from_verification():
    hs = build_one("6-KNĐ", "khuat-duy-tien").values["hs"]
    assert hs["uu_khuyet"] == [f"a) Ưu điểm: {DOTTED_LINE}", DOTTED_LINE, f"b) Khuyết điểm: {DOTTED_LINE}", DOTTED_LINE]
    assert "Đảng ủy xã Phúc Thọ, thành phố Hà Nội" in hs["chinh_tri"][0]
    assert "20/8/2025" in hs["chinh_tri"][0]
    assert hs["chinh_tri"][1].startswith("Đảng ủy xã Phúc Thọ, thành phố Hà Nội xác nhận")  # ket_luan_tham_tra


# ------------------------------------------------------------ 5-KNĐ

def test_opinions_list_the_organisations_and_the_residence():
    values = build_one("5-KNĐ", "lai-van-cuong").values
    names = [o["ten"] for o in values["yk"]["to_chuc"]]
    assert names == ["Ban Chấp hành Đoàn Trường Cao đẳng Công nghệ Bình Minh",
                     "Ban Chấp hành Công đoàn Trường Cao đẳng Công nghệ Bình Minh",
                     "Chi ủy (chi bộ) nơi cư trú: Thôn Hố Cao, xã Lạng Giang, tỉnh Bắc Ninh"]
    assert all(DOTTED_LINE in line for o in values["yk"]["to_chuc"] for line in o["y_kien"])
    # A chi bộ of fewer than 9 full members has no chi ủy: its secretary compiles and signs (issue #18).
    assert values["van_ban"]["ky"] == {"hinh_thuc": "BÍ THƯ CHI BỘ", "chuc_vu": "", "ho_ten": "Phan Thanh Sơn"}
    assert values["yk"]["chu_the"] == "Bí thư Chi bộ Khoa Cơ khí - Động lực"
    assert values["van_ban"]["dong_ngay"] == "Bình Minh, ngày 05 tháng 8 năm 2025"
    hang = [o["ten"] for o in build_one("5-KNĐ", "vuong-thi-thu-hang").values["yk"]["to_chuc"]]
    assert hang[0] == "Ban Chấp hành Công đoàn Trường Cao đẳng Công nghệ Bình Minh" and len(hang) == 2


def test_opinions_render_one_row_per_organisation(tmp_path):
    rendered = build_one("5-KNĐ", "lai-van-cuong")
    doc = Document(str(render(rendered, tmp_path)))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    rows = table.rows[1:]
    assert [r.cells[0].text for r in rows] == ["1", "2", "3"]
    assert rows[0].cells[2].paragraphs[0].text.startswith("Ưu điểm: ")


# ------------------------------------------------------------ 7-KNĐ, 8-KNĐ

def test_section_report(tmp_path):
    rendered = build_one("7-KNĐ", "khuat-duy-tien")
    values = rendered.values
    assert one_line(values["van_ban"]["co_quan"]) == "ĐẢNG ỦY BỘ PHẬN KHỐI KỸ THUẬT"
    assert one_line(values["van_ban"]["cap_tren"]) == "ĐẢNG BỘ TRƯỜNG CAO ĐẲNG CÔNG NGHỆ BÌNH MINH"
    assert values["van_ban"]["so_ky_hieu"] == "11-BC/ĐU"
    assert values["bc"]["kinh_gui"] == "Đảng ủy Trường Cao đẳng Công nghệ Bình Minh"
    assert "4/5 đảng viên chính thức tán thành" in values["bc"]["bieu_quyet_chi_bo"]
    assert "đạt 80%" in values["bc"]["bieu_quyet_chi_bo"]
    assert "Tuổi đời tại thời điểm chi bộ xét kết nạp: 25 tuổi 11 tháng." in values["hs"]["tieu_chuan"]
    text = docx_text(render(rendered, tmp_path))
    assert "Kính gửi: Đảng ủy Trường Cao đẳng Công nghệ Bình Minh" in text
    assert "T/M ĐẢNG ỦY" in text and "Phan Thanh Sơn" in text


def test_grassroots_resolution(tmp_path):
    rendered = build_one("8-KNĐ", "khuat-duy-tien")
    values = rendered.values
    assert values["van_ban"]["so_ky_hieu"] == "89-NQ/ĐU"
    assert one_line(values["van_ban"]["co_quan"]) == "ĐẢNG ỦY TRƯỜNG CAO ĐẲNG CÔNG NGHỆ BÌNH MINH"
    assert values["van_ban"]["ky"]["hinh_thuc"] == "T/M ĐẢNG ỦY"
    assert values["nq"]["can_cu"][-1] == (
        "Xét đề nghị của Chi bộ Khoa Cơ khí - Động lực (Nghị quyết số 14-NQ/CB ngày 09/9/2025) và Báo cáo"
        " thẩm định số 11-BC/ĐU ngày 16/9/2025 của Đảng ủy bộ phận Khối Kỹ thuật,")
    assert values["nq"]["de_nghi"].startswith("Đề nghị Ban Thường vụ Đảng ủy phường Bình Minh xem xét")
    text = docx_text(render(rendered, tmp_path))
    assert "ĐẢNG ỦY TRƯỜNG CAO ĐẲNG CÔNG NGHỆ BÌNH MINH\nQUYẾT NGHỊ:" in text
    # No committee vote in the data: gaps to fill in, never invented figures.
    assert "Tổng số cấp ủy viên: ………… đồng chí" in text
    # Without a đảng bộ bộ phận there is no report to cite.
    hoa = build_one("8-KNĐ", "nguyen-thi-hoa").values["nq"]["can_cu"][-1]
    assert hoa == "Xét đề nghị của Chi bộ Khoa Công nghệ thông tin (Nghị quyết số 07-NQ/CB ngày 10/3/2026),"


def test_committee_vote_is_over_the_members_counted():
    """so_thanh_vien less so_khong_tinh (294-QĐ/TW §9.3.3): 6 of 9, one not
    counted: 6 ÷ 8 = 75 %, not ÷ those present (the data has no attendance)."""
    figures = committee_vote({"so_thanh_vien": 9, "so_khong_tinh": 1, "tan_thanh": 6})
    assert (figures["tong_so"], figures["tan_thanh"], figures["so_tinh"]) == ("9", "6", "8")
    assert figures["ty_le_tan_thanh"] == "75%" and figures["ghi_chu"].startswith(" (không tính 1 đồng chí")
    assert (figures["co_mat"], figures["khong_tan_thanh"]) == ("…………", "…………")
    blank = committee_vote({"so": 89, "ngay": "2025-09-25"})
    assert blank["tan_thanh"] == "…………" and blank["ty_le_tan_thanh"] == "…………%" and blank["tong_so"] == "…………"


def test_committee_votes_printed_on_8_and_9(tmp_path):
    """Nguyễn Thị Hoa: the Đảng ủy Trường voted 8 of 9 (8-KNĐ), the Ban Thường vụ 7 of 7 (9-KNĐ)."""
    text = docx_text(render(build_one("8-KNĐ", "nguyen-thi-hoa"), tmp_path))
    assert "Tổng số cấp ủy viên: 9 đồng chí;" in text
    assert ("- Tại Đảng ủy: 8/9 đồng chí cấp ủy viên tán thành, đạt 88,89% so với tổng số cấp ủy viên;"
            " ………… đồng chí không tán thành.") in text.splitlines()
    text = docx_text(render(build_one("9-KNĐ", "nguyen-thi-hoa"), tmp_path))
    assert ("Căn cứ kết quả biểu quyết của Ban Thường vụ Đảng ủy phường Bình Minh: 7/7 đồng chí tán thành,"
            " đạt 100%;") in text.splitlines()


def test_committee_votes_dotted_where_absent(tmp_path):
    """Lại Văn Cường's 8-KNĐ and 9-KNĐ milestones carry no vote: the figures are dotted."""
    text = docx_text(render(build_one("8-KNĐ", "lai-van-cuong"), tmp_path))
    assert ("- Tại Đảng ủy: …………/………… đồng chí cấp ủy viên tán thành, đạt …………% so với tổng số cấp ủy viên;"
            " ………… đồng chí không tán thành.") in text.splitlines()
    text = docx_text(render(build_one("9-KNĐ", "lai-van-cuong"), tmp_path))
    assert ("Căn cứ kết quả biểu quyết của Ban Thường vụ Đảng ủy phường Bình Minh: …………/………… đồng chí tán thành,"
            " đạt …………%;") in text.splitlines()


# ------------------------------------------------------------ 9-KNĐ review

def test_decision_by_a_delegated_grassroots_committee(workspace):
    """When the đảng ủy cơ sở decides itself (tap_the: Đảng ủy), the decision
    names it once, and no 8-KNĐ is needed."""
    edit(workspace / "to-chuc.yaml", "  co_quan: dang-uy-phuong\n  tap_the: Ban Thường vụ\n",
         "  co_quan: dang-uy-truong\n  tap_the: Đảng ủy\n")
    values = build_one("9-KNĐ", "khuat-duy-tien", workspace).values
    assert values["qd"]["tap_the_quyet_dinh"] == "ĐẢNG ỦY TRƯỜNG CAO ĐẲNG CÔNG NGHỆ BÌNH MINH"
    assert values["van_ban"]["ky"]["hinh_thuc"] == "T/M ĐẢNG ỦY"
    assert "Xét đề nghị của Chi bộ Khoa Cơ khí - Động lực (Nghị quyết số 14-NQ/CB" in values["qd"]["can_cu"][-1]
    with pytest.raises(NotReady):
        build("8-KNĐ", "khuat-duy-tien", workspace)
    proposal = build_one("6-KNĐ", "khuat-duy-tien", workspace).values["nq"]["de_nghi"]
    assert proposal.startswith("Chi bộ đề nghị Đảng ủy bộ phận Khối Kỹ thuật thẩm định, đề nghị Đảng ủy Trường"
                               " Cao đẳng Công nghệ Bình Minh quyết định kết nạp")


def test_decision_answers_the_grassroots_resolution():
    values = build_one("9-KNĐ", "khuat-duy-tien").values
    assert "Xét đề nghị của Đảng ủy Trường Cao đẳng Công nghệ Bình Minh (Nghị quyết số 89-NQ/ĐU" \
        in values["qd"]["can_cu"][-1]
    assert values["qd"]["tap_the_quyet_dinh"] == "BAN THƯỜNG VỤ ĐẢNG ỦY PHƯỜNG BÌNH MINH"
    assert "Đảng ủy bộ phận Khối Kỹ thuật" in values["qd"]["thi_hanh"]


# ------------------------------------------------------------ NotReady

@pytest.mark.parametrize("code,name,milestone", [
    ("5-KNĐ", "lang-thi-thuong", "moc.y_kien"),
    ("6-KNĐ", "ho-dang-khoa", "moc.nghi_quyet_chi_bo"),
    ("7-KNĐ", "nong-thi-mo", "moc.nghi_quyet_chi_bo"),
    ("8-KNĐ", "man-duc-lam", "moc.nghi_quyet_chi_bo"),
    ("9-KNĐ", "dao-minh-khuong", "moc.nghi_quyet_dang_uy_co_so"),
])
def test_not_ready_names_the_missing_milestone(code, name, milestone):
    with pytest.raises(NotReady) as caught:
        build(code, name)
    assert milestone in caught.value.reason


def test_grassroots_resolution_waits_for_the_section_report(workspace):
    edit(workspace / "ung-vien" / "khuat-duy-tien.yaml",
         "  bao_cao_dang_uy_bo_phan:\n    so: 11\n    ngay: 2025-09-16\n", "")
    with pytest.raises(NotReady) as caught:
        build("8-KNĐ", "khuat-duy-tien", workspace)
    assert "moc.bao_cao_dang_uy_bo_phan" in caught.value.reason
    # the report itself is still prepared, with its number and date to fill in
    values = build_one("7-KNĐ", "khuat-duy-tien", workspace).values
    assert values["van_ban"]["so_ky_hieu"].endswith("-BC/ĐU") and not values["van_ban"]["so_ky_hieu"][0].isdigit()


def test_section_report_only_under_a_section_committee():
    with pytest.raises(NotReady) as caught:
        build("7-KNĐ", "nguyen-thi-hoa")
    assert "đảng bộ bộ phận" in caught.value.reason


# ------------------------------------------------------------ LibreOffice

@pytest.mark.slow
def test_chi_bo_resolution_converts_to_pdf(tmp_path):
    from pypdf import PdfReader

    from dossier.convert import ConversionPool

    docx = render(build_one("6-KNĐ", "khuat-duy-tien"), tmp_path)
    pdf = docx.with_suffix(".pdf")
    with ConversionPool() as pool:
        (result,) = pool.convert([(docx, pdf)])
    assert result.ok, result.error
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    text = one_line(unicodedata.normalize("NFC", text))
    for expected in ("NGHỊ QUYẾT", "đề nghị kết nạp đảng viên", "Số 14-NQ/CB", "CHI BỘ KHOA CƠ KHÍ",
                     "Khuất Duy Tiến", "Mạc Văn Hùng", "80%", "T/M CHI BỘ", "Phan Thanh Sơn"):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text


def test_opinions_are_compiled_by_the_chi_uy_not_signed_for_the_chi_bo(tmp_path, monkeypatch):
    """5-KNĐ is compiled for the chi bộ by its chi ủy, or by the secretary where
    there is none: never "T/M CHI BỘ" (the chi bộ has not met on it)."""
    text = docx_text(render(build_one("5-KNĐ", "lai-van-cuong"), tmp_path))
    assert "T/M CHI BỘ" not in text and "BÍ THƯ CHI BỘ" in text.splitlines()
    assert "Bí thư Chi bộ Khoa Cơ khí - Động lực đã lấy ý kiến nhận xét" in text
    from dossier.forms import common
    monkeypatch.setattr(common, "has_chi_uy", lambda *args: True)
    made = build_one("5-KNĐ", "lai-van-cuong")
    assert made.values["van_ban"]["ky"]["hinh_thuc"] == "T/M CHI ỦY"
    assert made.values["yk"]["chu_the"] == "Chi ủy Chi bộ Khoa Cơ khí - Động lực"


def test_dates_in_the_body_are_padded_like_the_grounds(tmp_path):
    """Issue #18: a short date in running text is padded as in the căn cứ lines
    ("ngày 09/6/2025"): day under 10 and months 1–2 on two digits."""
    text = docx_text(render(build_one("6-KNĐ", "khuat-duy-tien"), tmp_path))
    assert "sinh ngày 05/10/1999." in text
    assert "Ngày vào Đoàn TNCS Hồ Chí Minh: 26/3/2015." in text
    text = docx_text(render(build_one("9-KNĐ", "lai-van-cuong"), tmp_path))
    assert "sinh ngày 27/02/1997;" in text
