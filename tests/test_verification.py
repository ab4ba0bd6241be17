"""Verification of the personal history (thẩm tra lý lịch): destinations compared
as people mean them, a committee never writing to itself, one record per
destination with its reply deadline, and conclusions only from what was entered."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from conftest import edit
from dossier import forms
from dossier.cli import cli
from dossier.context import open_candidate
from dossier.classes import open_class
from dossier.forms.lop_verification import grouped_destinations, grouped_verification_letters
from dossier.vietnamese import gan_giong, khoa_dia_danh
from dossier.numbers import validate_workspace as validate_paths
from dossier.workspace import DocumentCache

KHOA = "ung-vien/ho-dang-khoa.yaml"
DUONG = "ung-vien/phan-thi-thuy-duong.yaml"
KHUONG = "ung-vien/dao-minh-khuong.yaml"
DIEN_CHAU = "Đảng ủy xã Diễn Châu, tỉnh Nghệ An"


def letters(path):
    forms.load_all()
    return forms.CANDIDATE_FORMS["CV-TTLL"](open_candidate(path))


def check(workspace, *paths, as_of="2026-11-22"):
    result = CliRunner().invoke(cli, ["check", *[str(workspace / p) for p in paths], "--as-of", as_of,
                                      "--format", "json"])
    data = json.loads(result.output)
    found = [f for c in data["candidates"] for f in c["findings"]] + data["other_findings"]
    return data, found


def test_place_key_ignores_spaces_case_and_tone_mark_placement():
    assert khoa_dia_danh("Đảng uỷ xã Yên Thành,  tỉnh Nghệ An") == khoa_dia_danh("đảng ủy xã Yên Thành , Tỉnh Nghệ An")
    assert khoa_dia_danh("Đảng ủy phường Hoà Bình") == khoa_dia_danh("Đảng ủy phường Hòa Bình")
    assert khoa_dia_danh("Đảng ủy xã An Khánh") != khoa_dia_danh("Đảng ủy xã An Khang")
    assert gan_giong("Đảng ủy xã An Khánh", "Đảng ủy xã An Khang")
    assert not gan_giong("Đảng ủy xã An Khánh", "Đảng uỷ xã  An Khánh")


def test_one_letter_per_committee_however_its_name_is_spelled(workspace):
    """#16 item 1: two spaces, 'uỷ' for 'ủy' gave two identical-looking letters."""
    path = workspace / KHOA
    edit(path, f"    tham_tra: {DIEN_CHAU}", "    tham_tra: Đảng uỷ xã Diễn Châu,  tỉnh Nghệ An", count=1)
    found = letters(path)
    assert [r.values["tt"]["kinh_gui"] for r in found] == ["Đảng uỷ xã Diễn Châu,  tỉnh Nghệ An"]  # first spelling
    assert [n["quan_he"] for n in found[0].values["tt"]["nguoi_than"]] == ["Bố đẻ", "Mẹ đẻ"]


def test_class_letters_group_spellings_across_candidates(workspace):
    edit(workspace / DUONG, f"tham_tra: {DIEN_CHAU}", "tham_tra: Đảng uỷ xã Diễn  Châu, tỉnh Nghệ An")
    cls = open_class(workspace / "lop/lop-2026-01.yaml", DocumentCache())
    diem = [(dest, people) for (_, dest), people in grouped_destinations(cls).items() if "Diễn" in dest]
    assert len(diem) == 1
    # candidates in Vietnamese alphabetical order (Dương before Khoa); the first spelling is printed
    assert [c.data["ho_ten"] for c, _ in diem[0][1]] == ["Phan Thị Thùy Dương", "Hồ Đăng Khoa"]
    assert diem[0][0] == "Đảng uỷ xã Diễn  Châu, tỉnh Nghệ An"
    titles = [r.title for r in grouped_verification_letters(cls)]
    assert sum("Diễn" in t for t in titles) == 1


def test_names_one_letter_apart_warn_but_are_never_merged(workspace):
    path = workspace / KHOA
    edit(path, f"    tham_tra: {DIEN_CHAU}", "    tham_tra: Đảng ủy xã Diễn Chân, tỉnh Nghệ An", count=1)
    assert len(letters(path)) == 2
    _, found = check(workspace, KHOA)
    near = [f for f in found if f["code"] == "verification.near_duplicate"]
    assert len(near) == 1 and "Diễn Chân" in near[0]["message"] and "noi_tham_tra_khac_nhau" in near[0]["message"]
    # declared as two places: no warning
    edit(workspace / "to-chuc.yaml", "nhiem_ky:", "noi_tham_tra_khac_nhau:\n  - - Đảng uỷ xã Diễn Châu, tỉnh Nghệ An\n"
         "    - Đảng ủy xã Diễn Chân, tỉnh Nghệ An\nnhiem_ky:")
    assert validate_paths([workspace / "to-chuc.yaml"]).findings == []
    _, found = check(workspace, KHOA)
    assert not [f for f in found if f["code"] == "verification.near_duplicate"]


def test_near_duplicates_between_candidates_warn(workspace):
    edit(workspace / DUONG, f"tham_tra: {DIEN_CHAU}", "tham_tra: Đảng ủy xã Diễn Chân, tỉnh Nghệ An")
    edit(workspace / DUONG, f"noi_tham_tra: {DIEN_CHAU}", "noi_tham_tra: Đảng ủy xã Diễn Chân, tỉnh Nghệ An")
    data, _ = check(workspace, "lop/lop-2026-01.yaml")
    near = [f for f in data["other_findings"] if f["code"] == "verification.near_duplicate"]
    assert len(near) == 1 and "Hồ Đăng Khoa" in near[0]["message"]


def test_a_committee_does_not_write_to_itself(workspace):
    """#16 item 2: a relative in the sender's own unit gave 'Đảng ủy X … đề nghị Đảng ủy X … thẩm tra'."""
    path = workspace / KHOA
    edit(path, f"    tham_tra: {DIEN_CHAU}\n  - quan_he: Mẹ đẻ",
         "    tham_tra: Đảng uỷ Trường Cao đẳng Công nghệ  Bình Minh\n  - quan_he: Mẹ đẻ")
    found = letters(path)
    assert [r.values["tt"]["kinh_gui"] for r in found] == [DIEN_CHAU]
    assert [n["quan_he"] for n in found[0].values["tt"]["nguoi_than"]] == ["Mẹ đẻ"]
    _, findings = check(workspace, KHOA)
    own = [f for f in findings if f["code"] == "verification.own_committee"]
    assert len(own) == 1 and "Hồ Văn Lâm" in own[0]["message"] and "trực tiếp thẩm tra" in own[0]["message"]


def test_reply_deadline_per_destination_names_the_late_one(workspace):
    path = workspace / KHUONG
    edit(path, "    ngay_tra_loi: 2026-05-14\n", "")
    data, found = check(workspace, KHUONG, as_of="2026-06-30")
    late = [f for f in found if f["code"] == "verification.reply_overdue"]
    assert len(late) == 1 and late[0]["severity"]["code"] == "warning"
    assert "Đảng ủy xã Phú Bình, tỉnh Thái Nguyên" in late[0]["message"] and "30 ngày làm việc" in late[0]["message"]
    assert late[0]["location"]["field"] == "tham_tra[1].ngay_gui"
    # abroad: 90 working days, not late yet
    edit(path, "    ngay_gui: 2026-04-02\n", "    ngay_gui: 2026-04-02\n    nuoc_ngoai: true\n")
    _, found = check(workspace, KHUONG, as_of="2026-06-30")
    assert not [f for f in found if f["code"] == "verification.reply_overdue"]


def test_milestones_come_from_the_records(workspace):
    from dossier import stage

    c = open_candidate(workspace / "ung-vien/quach-van-thuan.yaml")
    assert stage.date(c, "de_nghi_tham_tra") == dt.date(2026, 5, 12)
    assert stage.date(c, "tham_tra_ly_lich") == dt.date(2026, 6, 22)  # the last of two replies
    edit(workspace / "ung-vien/quach-van-thuan.yaml", "    ngay_tra_loi: 2026-06-16\n", "")
    c = open_candidate(workspace / "ung-vien/quach-van-thuan.yaml")
    assert stage.date(c, "tham_tra_ly_lich") is None  # one committee has not replied


def test_old_milestone_is_refused_with_how_to_write_it_now(workspace):
    path = workspace / KHUONG
    edit(path, "moc:\n", "moc:\n  tham_tra_ly_lich:\n    ngay_de_nghi: 2026-04-02\n    ngay: 2026-05-14\n")
    found = [f for f in validate_paths([path]).findings if f.code == "schema.moved_key"]
    assert len(found) == 1
    assert "ngay_gui" in found[0].message and "ngay_tra_loi" in found[0].message and found[0].location.line


def test_letter_number_and_date_come_from_the_record():
    from conftest import SAMPLES

    (letter,) = letters(SAMPLES / "ung-vien/nguyen-thi-hoa.yaml")
    assert letter.values["van_ban"]["so_ky_hieu"] == "05-CV/ĐU"
    assert "26 tháng 01 năm 2026" in letter.values["van_ban"]["dong_ngay"]


def _standing(path):
    forms.load_all()
    (rendered,) = forms.CANDIDATE_FORMS["6-KNĐ"](open_candidate(path))
    return rendered.values["hs"]["chinh_tri"]


def test_conclusion_is_never_invented(workspace):
    """#14: 6-, 7-, 8-KNĐ printed 'lịch sử chính trị rõ ràng … đủ tiêu chuẩn chính trị' whenever a date existed."""
    from dossier.forms.ket_nap_facts import DOTTED_LINE

    lines = _standing(workspace / KHUONG)  # replies in, no result entered
    assert not any("rõ ràng" in line or "đủ tiêu chuẩn" in line for line in lines)
    assert any(DOTTED_LINE in line for line in lines)
    edit(workspace / KHUONG, "    ngay_tra_loi: 2026-05-14\n",
         "    ngay_tra_loi: 2026-05-14\n    ket_qua: Bố đẻ, mẹ đẻ chấp hành tốt chính sách ở địa phương.\n")
    lines = _standing(workspace / KHUONG)
    assert "Đảng ủy xã Phú Bình, tỉnh Thái Nguyên: Bố đẻ, mẹ đẻ chấp hành tốt chính sách ở địa phương." in lines
    assert not any(DOTTED_LINE in line for line in lines)
    edit(workspace / KHUONG, "moc:\n", "ket_luan_tham_tra: Lịch sử chính trị rõ ràng theo kết quả thẩm tra.\nmoc:\n")
    assert _standing(workspace / KHUONG)[-1] == "Lịch sử chính trị rõ ràng theo kết quả thẩm tra."
