"""Forms of the official-recognition stage: 12-KNĐ … 16-KNĐ (dossier/forms/cong_nhan_*.py,
tools/forms_cong_nhan.py).

Sample candidates at this stage: ``lai-van-cuong`` (already official: the full
set), ``khuat-duy-tien`` (10–13 done), ``nguyen-thi-hoa`` and
``bach-thi-khanh-linh`` (on probation). Variants are made in memory (a fresh
``open_candidate`` loads its own copy of the data) or, for the 29 February
ceremony, in a private copy of the workspace.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from conftest import edit
from dossier import catalog, conditions, forms
from dossier.context import open_candidate
from dossier.forms import NotReady
from dossier.forms import cong_nhan_facts
from dossier.render import TEMPLATE_DIR, render_docx

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CODES = ("12-KNĐ", "13-KNĐ", "14-KNĐ", "15-KNĐ", "16-KNĐ")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

forms.load_all()


def candidate(name: str, root: Path = SAMPLES):
    return open_candidate(root / "ung-vien" / f"{name}.yaml")


def build(c, code: str):
    (made,) = forms.CANDIDATE_FORMS[code](c)
    return made


def render_text(made, tmp_path: Path) -> str:
    """Render like the toolkit does; check no Jinja is left; return the text,
    one line per paragraph, with tabs (dotted lines) shown as "\\t"."""
    out = render_docx(TEMPLATE_DIR / made.template, made.values, tmp_path / f"{made.stem}.docx")
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode()
    for delimiter in ("{{", "}}", "{%", "%}"):
        assert delimiter not in xml, f"{delimiter} left in {made.stem}"
    lines = []
    for p in Document(str(out)).element.body.iter(f"{W}p"):
        parts = []
        for el in p.iter(f"{W}t", f"{W}tab"):
            parts.append("\t" if el.tag == f"{W}tab" else (el.text or ""))
        lines.append("".join(parts))
    return "\n".join(lines)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# ------------------------------------------------------------ every form renders

EXPECTED = {
    # candidate: codes that render (every other code raises NotReady)
    "lai-van-cuong": set(CODES),
    "khuat-duy-tien": {"12-KNĐ", "13-KNĐ", "14-KNĐ"},
    "nguyen-thi-hoa": {"12-KNĐ"},
    "bach-thi-khanh-linh": {"12-KNĐ"},
}
ALL_CANDIDATES = sorted(p.stem for p in (SAMPLES / "ung-vien").glob("*.yaml"))


@pytest.mark.parametrize("name", ALL_CANDIDATES)
def test_every_form_renders_where_it_applies(name, tmp_path):
    c = candidate(name)
    expected = EXPECTED.get(name, set())
    for code in CODES:
        if code not in expected:
            with pytest.raises(NotReady) as info:
                forms.CANDIDATE_FORMS[code](c)
            assert info.value.reason
            continue
        made = build(c, code)
        entry = catalog.entry(code)
        assert made.code == code and made.template == entry.template and made.title == entry.title
        assert conditions.applies(entry.condition, c)
        text = render_text(made, tmp_path)
        assert c.data["ho_ten"] in text
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
        assert made.values["van_ban"]["so_ky_hieu"] in text


def test_catalog_entries_of_the_stage():
    stage = {e.code: e for e in catalog.in_stage("cong_nhan")}
    for code, order in (("CN-ĐVM", 1), ("12-KNĐ", 4), ("13-KNĐ", 5), ("14-KNĐ", 6), ("15-KNĐ", 7), ("16-KNĐ", 8)):
        assert stage[code].order == order
    assert stage["CN-ĐVM"].production == "ban_scan" and stage["CN-ĐVM"].template is None
    assert stage["14-KNĐ"].condition == "co_dang_uy_bo_phan"
    assert stage["15-KNĐ"].condition == "co_dang_uy_co_so"
    for code in CODES:
        assert stage[code].template == code.replace("Đ", "D") + ".docx"
        assert not stage[code].certain
        assert (TEMPLATE_DIR / stage[code].template).is_file()


# ------------------------------------------------------------ dates

def test_official_date_is_ceremony_plus_probation(tmp_path):
    c = candidate("lai-van-cuong")
    assert cong_nhan_facts.official_from(c) == dt.date(2026, 9, 23)
    member = c.org.members["dv-lai-van-cuong"][0]
    assert member["ngay_chinh_thuc"] == "2026-09-23"  # what the organisation file records
    text = flat(render_text(build(c, "16-KNĐ"), tmp_path))
    assert "là đảng viên chính thức của Đảng Cộng sản Việt Nam kể từ ngày 23/9/2026." in text
    assert "kết nạp vào Đảng ngày 23/9/2025" in text
    assert cong_nhan_facts.official_from(candidate("khuat-duy-tien")) == dt.date(2026, 11, 14)


def test_recognition_dates_from_the_12_month_date_even_when_late(tmp_path):
    """The decision (14/10/2026) and the chi bộ meeting come after 23/9/2026; the
    member is official from 23/9/2026 all the same (§7)."""
    c = candidate("lai-van-cuong")
    for code in ("14-KNĐ", "15-KNĐ"):
        assert "kể từ ngày 23/9/2026" in flat(render_text(build(c, code), tmp_path))
    # the chi bộ resolution writes its dates in words, as its model's meeting and admission lines (issue #18)
    assert "kể từ ngày 23 tháng 9 năm 2026" in flat(render_text(build(c, "13-KNĐ"), tmp_path))


def test_ceremony_on_29_february(workspace, tmp_path):
    path = workspace / "ung-vien" / "khuat-duy-tien.yaml"
    edit(path, "  quyet_dinh_ket_nap:\n    so: 57\n    ngay: 2025-10-24",
         "  quyet_dinh_ket_nap:\n    so: 57\n    ngay: 2024-02-09")
    edit(path, "  le_ket_nap:\n    ngay: 2025-11-14", "  le_ket_nap:\n    ngay: 2024-02-29")
    edit(path, "    so: 33\n    ngay: 2026-11-20", "    so: 33\n    ngay: 2025-03-06")
    c = candidate("khuat-duy-tien", workspace)
    assert cong_nhan_facts.probation(c) == (dt.date(2024, 2, 29), dt.date(2025, 2, 28))
    text = flat(render_text(build(c, "13-KNĐ"), tmp_path))
    assert "được kết nạp vào Đảng ngày 29 tháng 02 năm 2024, trở thành đảng viên chính thức." in text
    assert "là đảng viên chính thức kể từ ngày 28 tháng 02 năm 2025." in text
    assert "hết thời gian dự bị ngày 28/02/2025" in flat(render_text(build(c, "12-KNĐ"), tmp_path))
    # The chi bộ may not meet before the 12 months are complete.
    edit(path, "    so: 33\n    ngay: 2025-03-06", "    so: 33\n    ngay: 2025-02-27")
    with pytest.raises(NotReady, match="trước khi đảng viên đủ 12 tháng dự bị"):
        build(candidate("khuat-duy-tien", workspace), "13-KNĐ")


def test_seniority_counts_from_the_admission_decision(tmp_path):
    c = candidate("lai-van-cuong")
    text = flat(render_text(build(c, "16-KNĐ"), tmp_path))
    assert ("Tuổi đảng của đồng chí Lại Văn Cường được tính từ ngày 09/9/2025 (ngày ghi trong Quyết định số"
            " 31-QĐ/ĐU của Ban Thường vụ Đảng ủy phường Bình Minh về việc kết nạp đảng viên).") in text


def test_seniority_of_a_readmitted_member(tmp_path):
    c = candidate("lai-van-cuong")
    c.data["ket_nap_lai"] = {"ngay_ket_nap_lan_dau": "2004-05-19", "ngay_ra_khoi_dang": "2018-07-12",
                             "ly_do": "Xin ra khỏi Đảng vì hoàn cảnh gia đình"}
    text = flat(render_text(build(c, "16-KNĐ"), tmp_path))
    assert "kết nạp lại vào Đảng ngày 23/9/2025" in text
    assert ("được tính từ ngày ghi trong quyết định kết nạp lần đầu (vào Đảng lần đầu ngày 19/5/2004),"
            " trừ thời gian không tham gia sinh hoạt đảng từ ngày 12/7/2018 đến ngày 09/9/2025.") in text


# ------------------------------------------------------------ votes

def test_vote_is_on_all_full_members(tmp_path):
    c = candidate("lai-van-cuong")
    # 7 members at the meeting: 5 full, 2 probationary (Lại Văn Cường himself and Khuất Duy Tiến).
    text = flat(render_text(build(c, "13-KNĐ"), tmp_path))
    # The model's meeting lines (13-KNĐ, 38-HD/BTCTW): one căn cứ line, present and absent split.
    assert "Căn cứ Điều 5, Điều lệ Đảng Cộng sản Việt Nam, Ngày 25 tháng 9 năm 2026, Chi bộ" in text
    assert "Tổng số đảng viên của Chi bộ: 7 đảng viên, trong đó chính thức 5 đồng chí, dự bị 2 đồng chí." in text
    assert "Có mặt: 7 đảng viên, trong đó chính thức 5 đồng chí, dự bị 2 đồng chí." in text
    assert "Vắng mặt: 0 đảng viên, trong đó chính thức 0 đồng chí, dự bị 0 đồng chí. Lý do vắng mặt: Không." in text
    assert "là đảng viên chính thức: 5/5 đồng chí, đạt 100% so với tổng số đảng viên chính thức" in text
    assert "số không tán thành: 0 đồng chí (0%)." in text
    assert "Chủ trì hội nghị: Đồng chí Phan Thanh Sơn. Chức vụ: Bí thư Chi bộ." in text


def test_absent_member_counts_in_the_base_not_against(tmp_path):
    c = candidate("lai-van-cuong")
    c.data["moc"]["nghi_quyet_cong_nhan_chi_bo"].update(
        co_mat=6, tan_thanh=4,
        vang_mat=[{"ho_ten": "Phan Thanh Sơn", "ly_do": "Đi công tác, có báo cáo"}])
    made = build(c, "13-KNĐ")
    assert made.values["bq"]["ty_le_tan_thanh"] == "80%"  # 4 ÷ 5 full members, not ÷ 4 present
    assert made.values["bq"]["khong_tan_thanh"] == "0"  # the absent member did not vote against
    text = flat(render_text(made, tmp_path))
    assert "Có mặt: 6 đảng viên, trong đó chính thức 4 đồng chí, dự bị 2 đồng chí." in text
    assert "Vắng mặt: 1 đảng viên, trong đó chính thức 1 đồng chí, dự bị 0 đồng chí." in text
    assert "Lý do vắng mặt: Đồng chí Phan Thanh Sơn: Đi công tác, có báo cáo." in text
    assert "4/5 đồng chí, đạt 80%" in text
    # The bí thư is absent: the phó bí thư chairs.
    assert "Chủ trì hội nghị: Đồng chí Lê Hoàng Nam. Chức vụ: Phó Bí thư Chi bộ." in text


def test_votes_against_among_those_present():
    c = candidate("lai-van-cuong")
    c.data["moc"]["nghi_quyet_cong_nhan_chi_bo"]["tan_thanh"] = 4
    figures = build(c, "13-KNĐ").values["bq"]
    assert (figures["tan_thanh"], figures["khong_tan_thanh"]) == ("4", "1")
    assert (figures["ty_le_tan_thanh"], figures["ty_le_khong_tan_thanh"]) == ("80%", "20%")


def test_two_thirds_is_enough_less_is_not():
    c = candidate("khuat-duy-tien")
    c.data["moc"]["nghi_quyet_cong_nhan_chi_bo"]["tan_thanh"] = 4  # 4/6 = exactly 2/3
    assert build(c, "13-KNĐ").values["bq"]["ty_le_tan_thanh"] == "66,67%"
    c = candidate("khuat-duy-tien")
    c.data["moc"]["nghi_quyet_cong_nhan_chi_bo"]["tan_thanh"] = 3
    for code in ("13-KNĐ", "14-KNĐ", "16-KNĐ"):
        with pytest.raises(NotReady, match=r"3/6 .*chưa đạt 2/3"):
            forms.CANDIDATE_FORMS[code](c)


def test_member_under_review_counts_as_probationary():
    c = candidate("khuat-duy-tien")
    c.data["moc"]["nghi_quyet_cong_nhan_chi_bo"].update(tong_so_dang_vien=6, co_mat=6)
    with pytest.raises(NotReady, match="vẫn là đảng viên dự bị"):
        build(c, "13-KNĐ")


def test_member_on_temporary_transfer(tmp_path):
    """Chi bộ Phòng Đào tạo: 6 full members, one of them studying elsewhere
    (not counted in the 2/3 base), and Bạch Thị Khánh Linh on probation."""
    c = candidate("bach-thi-khanh-linh")
    c.data["moc"]["nghi_quyet_cong_nhan_chi_bo"] = {
        "so": 41, "ngay": "2027-11-24", "tong_so_dang_vien": 7, "so_chinh_thuc": 5, "co_mat": 6,
        "tan_thanh": 5, "vang_mat": [{"ho_ten": "Lưu Thị Phượng", "ly_do": "Chuyển sinh hoạt đảng tạm thời"}]}
    made = build(c, "13-KNĐ")
    figures = made.values["bq"]
    assert (figures["chinh_thuc"], figures["du_bi"], figures["chinh_thuc_tinh"]) == ("6", "1", "5")
    assert (figures["ty_le_tan_thanh"], figures["khong_tan_thanh"]) == ("100%", "0")
    text = flat(render_text(made, tmp_path))
    assert "trong đó chính thức 6 đồng chí (không tính 1 đồng chí chuyển sinh hoạt đảng tạm thời" in text
    assert "5/5 đồng chí, đạt 100%" in text
    # No đảng ủy bộ phận here: the chi bộ proposes to the grassroots committee.
    assert ("Chi bộ đề nghị Đảng ủy Trường Cao đẳng Công nghệ Bình Minh xem xét, đề nghị Ban Thường vụ Đảng ủy"
            " phường Bình Minh công nhận đồng chí Bạch Thị Khánh Linh là đảng viên chính thức kể từ ngày"
            " 18 tháng 11 năm 2027.") in text


# ------------------------------------------------------------ the chain of committees

def test_proposal_goes_through_every_level(tmp_path):
    c = candidate("lai-van-cuong")
    text = flat(render_text(build(c, "13-KNĐ"), tmp_path))
    assert ("Chi bộ đề nghị Đảng ủy bộ phận Khối Kỹ thuật, Đảng ủy Trường Cao đẳng Công nghệ Bình Minh xem xét,"
            " đề nghị Ban Thường vụ Đảng ủy phường Bình Minh công nhận đồng chí Lại Văn Cường") in text
    report = flat(render_text(build(c, "14-KNĐ"), tmp_path))
    assert "Kính gửi: Đảng ủy Trường Cao đẳng Công nghệ Bình Minh" in report
    assert "Số 41-BC/ĐU" in report and "T/M ĐẢNG ỦY" in report and "Phan Thanh Sơn" in report
    assert "Giấy chứng nhận học lớp bồi dưỡng lý luận chính trị dành cho đảng viên mới số 26" in report
    assert "Hồ sơ đầy đủ các tài liệu theo quy định" in report
    resolution = flat(render_text(build(c, "15-KNĐ"), tmp_path))
    assert "Số 149-NQ/ĐU" in resolution and "Lê Văn Khải" in resolution
    assert ("Xét Nghị quyết số 29-NQ/CB ngày 25/9/2026 của Chi bộ Khoa Cơ khí - Động lực và Báo cáo thẩm định"
            " số 41-BC/ĐU ngày 29/9/2026 của Đảng ủy bộ phận Khối Kỹ thuật,") in resolution
    assert "Đề nghị Ban Thường vụ Đảng ủy phường Bình Minh xem xét, công nhận đồng chí Lại Văn Cường" in resolution
    decision = flat(render_text(build(c, "16-KNĐ"), tmp_path))
    assert ("Xét đề nghị của Đảng ủy Trường Cao đẳng Công nghệ Bình Minh (Nghị quyết số 149-NQ/ĐU ngày"
            " 06/10/2026) và của Ban Xây dựng Đảng,") in decision
    assert "BAN THƯỜNG VỤ ĐẢNG ỦY PHƯỜNG BÌNH MINH QUYẾT ĐỊNH:" in decision
    assert "Số 226-QĐ/ĐU" in decision and "Bình Minh, ngày 14 tháng 10 năm 2026" in decision
    assert "T/M BAN THƯỜNG VỤ BÍ THƯ" in decision and "Hoàng Minh Tuấn" in decision


def test_decision_follows_the_frame_of_9knd(tmp_path):
    c = candidate("lai-van-cuong")
    made = build(c, "16-KNĐ")
    assert made.values["qd"]["can_cu"][:3] == list(c.ruleset.grounds)
    text = render_text(made, tmp_path)
    order = ["QUYẾT ĐỊNH", "về việc công nhận đảng viên chính thức", "-----", c.ruleset.grounds[0],
             "BAN THƯỜNG VỤ ĐẢNG ỦY PHƯỜNG BÌNH MINH", "QUYẾT ĐỊNH:", "Điều 1.", "Tuổi đảng", "Điều 2.",
             "Nơi nhận", "- Như Điều 2,", "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Hoàng Minh Tuấn"]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)
    assert ("Văn phòng Đảng ủy, Ban Xây dựng Đảng, Đảng ủy Trường Cao đẳng Công nghệ Bình Minh, Chi bộ Khoa Cơ"
            " khí - Động lực và đồng chí Lại Văn Cường chịu trách nhiệm thi hành Quyết định này.") in flat(text)


def test_delegated_grassroots_committee_decides():
    c = candidate("lai-van-cuong")
    c.org.data["tham_quyen_ket_nap"] = {"co_quan": "dang-uy-truong", "tap_the": "Ban Thường vụ"}
    with pytest.raises(NotReady, match="đảng ủy cơ sở là cấp quyết định"):
        build(c, "15-KNĐ")
    assert not conditions.applies("co_dang_uy_co_so", c)
    made = build(c, "16-KNĐ")
    assert " ".join(made.values["van_ban"]["co_quan"].split()) == "ĐẢNG ỦY TRƯỜNG CAO ĐẲNG CÔNG NGHỆ BÌNH MINH"
    assert made.values["qd"]["tap_the_quyet_dinh"] == "BAN THƯỜNG VỤ ĐẢNG ỦY TRƯỜNG CAO ĐẲNG CÔNG NGHỆ BÌNH MINH"
    assert "Xét đề nghị của Chi bộ Khoa Cơ khí - Động lực (Nghị quyết số 29-NQ/CB" in made.values["qd"]["can_cu"][-1]
    assert ("Chi bộ đề nghị Đảng ủy bộ phận Khối Kỹ thuật xem xét, đề nghị Ban Thường vụ Đảng ủy Trường Cao đẳng"
            " Công nghệ Bình Minh công nhận") in build(c, "13-KNĐ").values["cn"]["de_nghi"]


# ------------------------------------------------------------ 12-KNĐ

def test_opinions_leave_dotted_lines_to_fill(tmp_path):
    c = candidate("lai-van-cuong")
    made = build(c, "12-KNĐ")
    names = [o["ten"] for o in made.values["cn"]["doan_the"]]
    assert names == ["Ban Chấp hành Đoàn Trường Cao đẳng Công nghệ Bình Minh",
                     "Ban Chấp hành Công đoàn Trường Cao đẳng Công nghệ Bình Minh"]
    text = render_text(made, tmp_path)
    assert "a) Ban Chấp hành Đoàn Trường" in text and "b) Ban Chấp hành Công đoàn Trường" in text
    assert text.count("- Ưu điểm: \t") == 2  # one per organisation, each a dotted line
    assert "- Nơi cư trú: Số 9, ngõ 35, đường Thống Nhất" in text  # where he actually lives (tạm trú)
    # Compiled for the chi bộ by its secretary (no chi ủy under 9 full members), not "T/M CHI BỘ" (issue #18).
    assert "T/M CHI BỘ" not in text and "BÍ THƯ CHI BỘ" in text
    assert "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/CB" in text
    assert "Bình Minh, ngày 21 tháng 9 năm 2026" in text


def test_opinions_without_known_organisation_or_date(tmp_path):
    c = candidate("nguyen-thi-hoa")
    c.data["gioi_thieu"].pop("doan_thanh_nien", None)
    made = build(c, "12-KNĐ")
    (organisation,) = made.values["cn"]["doan_the"]
    assert organisation["ten"] == "Tổ chức Đoàn Thanh niên Cộng sản Hồ Chí Minh: \t"
    text = render_text(made, tmp_path)
    assert "a) Tổ chức Đoàn Thanh niên Cộng sản Hồ Chí Minh: \t" in text
    assert "hết thời gian dự bị ngày 08/5/2027" in flat(text)
    assert "Bình Minh, ngày\u00a0" in text  # date to write by hand


def test_youth_union_only_while_of_youth_union_age():
    c = candidate("lai-van-cuong")
    c.data["ngay_sinh"] = "1990-02-27"
    names = [o["ten"] for o in build(c, "12-KNĐ").values["cn"]["doan_the"]]
    assert names == ["Ban Chấp hành Công đoàn Trường Cao đẳng Công nghệ Bình Minh"]


# ------------------------------------------------------------ not ready

def test_not_ready_names_what_is_missing():
    reasons = {}
    for name, code in (("nong-thi-mo", "12-KNĐ"), ("nguyen-thi-hoa", "13-KNĐ"), ("nguyen-thi-hoa", "14-KNĐ"),
                       ("nguyen-thi-hoa", "16-KNĐ"), ("khuat-duy-tien", "15-KNĐ"), ("khuat-duy-tien", "16-KNĐ")):
        with pytest.raises(NotReady) as info:
            forms.CANDIDATE_FORMS[code](candidate(name))
        reasons[name, code] = info.value.reason
    assert "moc.le_ket_nap" in reasons["nong-thi-mo", "12-KNĐ"]
    assert "moc.nghi_quyet_cong_nhan_chi_bo" in reasons["nguyen-thi-hoa", "13-KNĐ"]
    assert "không thuộc đảng bộ bộ phận" in reasons["nguyen-thi-hoa", "14-KNĐ"]
    assert "moc.nghi_quyet_cong_nhan_chi_bo" in reasons["nguyen-thi-hoa", "16-KNĐ"]
    assert "moc.bao_cao_cong_nhan_dang_uy_bo_phan" in reasons["khuat-duy-tien", "15-KNĐ"]
    assert "moc.nghi_quyet_cong_nhan_dang_uy" in reasons["khuat-duy-tien", "16-KNĐ"]


def test_decision_needs_the_admission_decision_date():
    c = candidate("lai-van-cuong")
    del c.data["moc"]["quyet_dinh_ket_nap"]
    with pytest.raises(NotReady, match=r"moc\.quyet_dinh_ket_nap"):
        build(c, "16-KNĐ")


def test_drafts_leave_number_and_date_blank(tmp_path):
    """14-KNĐ is drafted as soon as the chi bộ has resolved: number and date to fill in."""
    made = build(candidate("khuat-duy-tien"), "14-KNĐ")
    assert made.values["van_ban"]["so_ky_hieu"] == "\u00a0" * 6 + "-BC/ĐU"
    assert made.values["van_ban"]["dong_ngay"].startswith("Bình Minh, ngày\u00a0")
    text = flat(render_text(made, tmp_path))
    assert "Căn cứ Nghị quyết số 33-NQ/CB ngày 20/11/2026 của Chi bộ Khoa Cơ khí - Động lực" in text


def test_missing_documents_are_named_in_the_report():
    c = candidate("khuat-duy-tien")
    del c.data["moc"]["chung_nhan_dang_vien_moi"]
    conclusion = build(c, "14-KNĐ").values["cn"]["ket_luan_ho_so"]
    assert conclusion.startswith("Hồ sơ còn thiếu: giấy chứng nhận học lớp bồi dưỡng lý luận chính trị")


# ------------------------------------------------------------ templates

def test_templates_are_built_from_tools():
    sys.path.insert(0, str(ROOT / "tools"))
    import forms_cong_nhan

    assert set(forms_cong_nhan.TEMPLATES) == {code.replace("Đ", "D") for code in CODES}


# ------------------------------------------------------------ LibreOffice

@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_decision_converts_to_pdf(tmp_path):
    from pypdf import PdfReader

    from dossier.convert import convert_files

    c = candidate("lai-van-cuong")
    made = build(c, "16-KNĐ")
    docx = render_docx(TEMPLATE_DIR / made.template, made.values, tmp_path / "16-KND.docx")
    pdf = tmp_path / "16-KND.pdf"
    (result,) = convert_files([(docx, pdf)], workers=1)
    assert result.ok, result.error
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert len(reader.pages) == 1
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "QUYẾT ĐỊNH", "về việc công nhận đảng viên chính thức",
                     "Số 226-QĐ/ĐU", "Bình Minh, ngày 14 tháng 10 năm 2026", "Lại Văn Cường",
                     "kể từ ngày 23/9/2026", "Tuổi đảng", "T/M BAN THƯỜNG VỤ", "Hoàng Minh Tuấn"):
        assert expected in text, expected


def test_chair_and_secretary_from_the_data_and_an_unknown_split_left_to_fill(tmp_path):
    """13-KNĐ model: chủ trì and thư ký as entered; when the absent members are
    not all named, the split into full and probationary is written by hand."""
    c = candidate("lai-van-cuong")
    c.data["moc"]["nghi_quyet_cong_nhan_chi_bo"].update(co_mat=6, chu_tri="Lê Hoàng Nam", thu_ky="Dương Văn Tuấn")
    text = flat(render_text(build(c, "13-KNĐ"), tmp_path))
    assert "Chủ trì hội nghị: Đồng chí Lê Hoàng Nam. Chức vụ: Phó Bí thư Chi bộ." in text
    assert "Thư ký hội nghị: Đồng chí Dương Văn Tuấn." in text
    assert "Vắng mặt: 1 đảng viên, trong đó chính thức ………… đồng chí, dự bị ………… đồng chí." in text
    assert "Lý do vắng mặt: …………" in text


def test_committee_votes_printed_on_15_and_16(tmp_path):
    """Lại Văn Cường: the Đảng ủy Trường, 9 members, 1 not counted, 6 approve
    (15-KNĐ); the Ban Thường vụ, 7 members, 4 approve (16-KNĐ)."""
    c = candidate("lai-van-cuong")
    text = flat(render_text(build(c, "15-KNĐ"), tmp_path))
    assert ("Kết quả biểu quyết của Đảng ủy: tổng số đảng ủy viên 9; có mặt …………; tán thành 6/8 đồng chí, đạt 75%"
            " so với tổng số đảng ủy viên (không tính 1 đồng chí") in text
    text = flat(render_text(build(c, "16-KNĐ"), tmp_path))
    assert "Căn cứ kết quả biểu quyết của Ban Thường vụ Đảng ủy phường Bình Minh: 4/7 đồng chí tán thành, đạt 57,14%;" in text
    c.data["moc"]["nghi_quyet_cong_nhan_dang_uy"] = {"so": 149, "ngay": "2026-10-06"}
    text = flat(render_text(build(c, "15-KNĐ"), tmp_path))
    assert "tổng số đảng ủy viên …………; có mặt …………; tán thành …………/………… đồng chí, đạt …………%" in text
