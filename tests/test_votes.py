"""Votes of the chi bộ and of the committees (dossier/rules/votes.py). Every
expected value is computed by hand from 06-HD/TW §3.6b-c, §3.7a, §5.1 and
294-QĐ/TW §4.3.2a, §9.3.2-§9.3.4."""

import json
from fractions import Fraction

import pytest
from click.testing import CliRunner

from conftest import edit
from dossier.check import check_paths
from dossier.cli import cli
from dossier.rules.votes import Share
from test_check import TODAY, check_one, codes, find

KHUONG = "ung-vien/dao-minh-khuong.yaml"
HOA = "ung-vien/nguyen-thi-hoa.yaml"
CUONG = "ung-vien/lai-van-cuong.yaml"
HOA_8 = "  nghi_quyet_dang_uy_co_so:\n    so: 112\n    ngay: 2026-03-20\n    so_thanh_vien: 9\n    tan_thanh: 8\n"
HOA_9 = "  quyet_dinh_ket_nap:\n    so: 125\n    ngay: 2026-04-14\n    so_thanh_vien: 7\n    tan_thanh: 7\n"


def votes(candidate, code="vote.insufficient"):
    return [f for f in candidate.findings if f.code == code]


# ------------------------------------------------------------------ the comparison, exactly


@pytest.mark.parametrize("value, yes, members, met, needed", [
    ({"ty_le": "2/3", "so_sanh": "it_nhat"}, 6, 9, True, 6),    # 6/9 = 2/3 exactly: enough
    ({"ty_le": "2/3", "so_sanh": "it_nhat"}, 5, 9, False, 6),
    ({"ty_le": "2/3", "so_sanh": "it_nhat"}, 5, 8, False, 6),   # 16/3 = 5.33 -> 6
    ({"ty_le": "2/3", "so_sanh": "it_nhat"}, 2, 3, True, 2),
    ({"ty_le": "1/2", "so_sanh": "tren"}, 3, 6, False, 4),      # exactly half is not more than half
    ({"ty_le": "1/2", "so_sanh": "tren"}, 4, 7, True, 4),
    ({"ty_le": "1/2", "so_sanh": "tren"}, 3, 7, False, 4),
    (0.6667, 2, 3, True, 2),                                   # the old plain number means at least 2/3
    (0.6667, 3, 5, False, 4),
])
def test_share_is_compared_with_fractions(value, yes, members, met, needed):
    share = Share.of(value)
    assert share.met(yes, members) is met and share.needed(members) == needed


def test_share_words():
    assert Share.of({"ty_le": "2/3", "so_sanh": "it_nhat"}).text == "ít nhất hai phần ba"
    assert Share.of({"ty_le": "1/2", "so_sanh": "tren"}).text == "trên một nửa"
    assert Share.of({"ty_le": "2/3", "so_sanh": "it_nhat"}).ratio == Fraction(2, 3)


# ------------------------------------------------------------------ chi bộ: members not counted


def test_chi_bo_members_not_counted_lower_the_base(workspace):
    """Chi bộ with 4 full members, 1 of them not counted (294 §9.3.2): base 3;
    2 approve: 2/3, enough. Without so_khong_tinh the base is 4: 2/4 < 2/3."""
    path = workspace / KHUONG
    edit(path, "    so_chinh_thuc: 3\n    co_mat: 5\n    tan_thanh: 3",
         "    so_chinh_thuc: 4\n    so_khong_tinh: 1\n    co_mat: 5\n    tan_thanh: 2")
    assert votes(check_one(path)) == []
    edit(path, "    so_khong_tinh: 1\n", "")
    finding = find(check_one(path), "vote.insufficient")
    assert finding.severity == "error" and "2/4" in finding.message and "cần ít nhất 3" in finding.message


def test_chi_bo_short_vote_names_the_base_and_reporting_upward(workspace):
    """7 full members, 1 not counted: base 6, at least 4 needed; 3 approve: short."""
    path = workspace / KHUONG
    edit(path, "    tong_so_dang_vien: 5\n    so_chinh_thuc: 3\n    co_mat: 5\n    tan_thanh: 3",
         "    tong_so_dang_vien: 9\n    so_chinh_thuc: 7\n    so_khong_tinh: 1\n    co_mat: 8\n    tan_thanh: 3\n"
         "    vang_mat:\n      - ho_ten: Trần Văn Phúc\n        ly_do: Bị đình chỉ sinh hoạt đảng")
    finding = find(check_one(path), "vote.insufficient")
    assert "3/6" in finding.message and "7 trừ 1 người không tính" in finding.message
    assert "294-QĐ/TW §9.3.2" in finding.message and "06-HD/TW §5.1" in finding.message
    assert "báo cáo đầy đủ kết quả biểu quyết lên cấp ủy có thẩm quyền" in finding.message
    assert finding.extra["so_tinh"] == 6 and finding.extra["can_it_nhat"] == 4
    assert finding.location.field == "moc.nghi_quyet_chi_bo.tan_thanh"


def test_chi_bo_not_counted_cannot_exceed_full_members(workspace):
    path = workspace / KHUONG
    edit(path, "    so_chinh_thuc: 3\n", "    so_chinh_thuc: 3\n    so_khong_tinh: 3\n")
    finding = find(check_one(path), "vote.inconsistent")
    assert finding.severity == "error" and finding.location.field == "moc.nghi_quyet_chi_bo.so_khong_tinh"


# ------------------------------------------------------------------ đảng ủy cơ sở proposing (8-KNĐ, 15-KNĐ)


@pytest.mark.parametrize("figures, short", [
    ("    so_thanh_vien: 9\n    tan_thanh: 6\n", False),                      # 6/9 = 2/3
    ("    so_thanh_vien: 9\n    tan_thanh: 5\n", True),                       # 5/9 < 2/3
    ("    so_thanh_vien: 9\n    so_khong_tinh: 1\n    tan_thanh: 6\n", False),  # 6/8 >= 2/3
    ("    so_thanh_vien: 9\n    so_khong_tinh: 1\n    tan_thanh: 5\n", True),   # 5/8 < 2/3 (needs 6)
])
def test_grassroots_resolution_needs_two_thirds_of_its_members(workspace, figures, short):
    path = workspace / HOA
    edit(path, HOA_8, "  nghi_quyet_dang_uy_co_so:\n    so: 112\n    ngay: 2026-03-20\n" + figures)
    found = votes(check_one(path))
    assert bool(found) is short
    if short:
        f = found[0]
        assert f.severity == "error" and f.location.field == "moc.nghi_quyet_dang_uy_co_so.tan_thanh"
        assert "06-HD/TW §3.6c" in f.source and "ít nhất hai phần ba số cấp ủy viên" in f.message
        assert f.extra["nguong"] == {"ty_le_dang_uy_co_so_de_nghi": {"ty_le": "2/3", "so_sanh": "it_nhat"}}


def test_recognition_resolution_of_the_grassroots_committee(workspace):
    """lai-van-cuong, 15-KNĐ: 9 members, 1 not counted, 6 approve (6/8 >= 2/3). With 5: short, needs 6/8."""
    path = workspace / CUONG
    assert votes(check_one(path)) == []
    edit(path, "    so_khong_tinh: 1\n    tan_thanh: 6\n", "    so_khong_tinh: 1\n    tan_thanh: 5\n")
    f = find(check_one(path), "vote.insufficient")
    assert f.location.field == "moc.nghi_quyet_cong_nhan_dang_uy.tan_thanh"
    assert "5/8" in f.message and "6/8" in f.message and "294-QĐ/TW §9.3.3" in f.message


# ------------------------------------------------------------------ the decision (9-KNĐ, 16-KNĐ)


@pytest.mark.parametrize("members, yes, short", [(7, 4, False), (7, 3, True), (6, 3, True), (6, 4, False)])
def test_standing_committee_decides_by_more_than_half(workspace, members, yes, short):
    """The sample's deciding body is the Ban Thường vụ of Đảng ủy phường (cap: cap_tren_co_so)."""
    path = workspace / HOA
    edit(path, HOA_9, f"  quyet_dinh_ket_nap:\n    so: 125\n    ngay: 2026-04-14\n"
                      f"    so_thanh_vien: {members}\n    tan_thanh: {yes}\n")
    found = votes(check_one(path))
    assert bool(found) is short
    if short:
        assert "trên một nửa số thành viên Ban Thường vụ" in found[0].message
        assert "06-HD/TW §3.7a" in found[0].source and "294-QĐ/TW §9.3.4" in found[0].source


def authorise_grassroots(workspace):
    """The Đảng ủy Trường (cap: co_so) is authorised to admit: it decides."""
    edit(workspace / "to-chuc.yaml", "tham_quyen_ket_nap:\n  co_quan: dang-uy-phuong\n  tap_the: Ban Thường vụ",
         "tham_quyen_ket_nap:\n  co_quan: dang-uy-truong\n  tap_the: Đảng ủy")


def test_authorised_grassroots_committee_needs_two_thirds_of_all(workspace):
    """Same figures 5/9: more than half (enough for a standing committee), but under
    2/3 of all committee members, which an authorised đảng ủy cơ sở needs (06-HD §3.7a ¶2)."""
    path = workspace / HOA
    edit(path, HOA_9, "  quyet_dinh_ket_nap:\n    so: 125\n    ngay: 2026-04-14\n    so_thanh_vien: 9\n"
                      "    tan_thanh: 5\n")
    assert votes(check_one(path)) == []
    authorise_grassroots(workspace)
    f = find(check_one(path), "vote.insufficient")
    assert f.location.field == "moc.quyet_dinh_ket_nap.tan_thanh" and f.severity == "error"
    assert "tổng số cấp ủy viên" in f.message and "6/9" in f.message and "294-QĐ/TW §4.3.2a" in f.source
    edit(path, "    so_thanh_vien: 9\n    tan_thanh: 5\n", "    so_thanh_vien: 9\n    tan_thanh: 6\n")
    assert votes(check_one(path)) == []


def test_committee_figures_that_cannot_be_true(workspace):
    path = workspace / HOA
    edit(path, HOA_9, "  quyet_dinh_ket_nap:\n    so: 125\n    ngay: 2026-04-14\n    so_thanh_vien: 7\n"
                      "    so_khong_tinh: 1\n    tan_thanh: 7\n")
    f = find(check_one(path), "vote.inconsistent")
    assert "lớn hơn số thành viên được tính (6)" in f.message
    edit(path, "    so_khong_tinh: 1\n    tan_thanh: 7\n", "    so_khong_tinh: 1\n")
    f = find(check_one(path), "vote.inconsistent")
    assert f.severity == "warning" and "tan_thanh" in f.message


def test_previous_ruleset_only_warns(workspace):
    """qd232-2025 has the committee thresholds at certainty C: a short vote is a warning."""
    edit(workspace / "to-chuc.yaml", "loai: to_chuc\n", "loai: to_chuc\nbo_quy_tac: qd232-2025\n")
    path = workspace / HOA
    edit(path, HOA_8, "  nghi_quyet_dang_uy_co_so:\n    so: 112\n    ngay: 2026-03-20\n    so_thanh_vien: 9\n"
                      "    tan_thanh: 5\n")
    f = find(check_one(path), "vote.insufficient")
    assert f.severity == "warning" and f.extra["tin_cay"] == "C" and "01-HD/TW (2021)" in f.source


def test_short_committee_vote_through_the_cli(workspace):
    path = workspace / HOA
    edit(path, HOA_9, "  quyet_dinh_ket_nap:\n    so: 125\n    ngay: 2026-04-14\n    so_thanh_vien: 8\n"
                      "    tan_thanh: 4\n")
    result = CliRunner().invoke(cli, ["check", str(path), "--as-of", "2026-11-22", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    found = [f for f in data["candidates"][0]["findings"] if f["code"] == "vote.insufficient"]
    assert len(found) == 1 and "4/8" in found[0]["message"] and "cần ít nhất 5/8" in found[0]["message"]
    text = CliRunner().invoke(cli, ["check", str(path), "--as-of", "2026-11-22"]).output
    assert "[vote.insufficient] moc.quyet_dinh_ket_nap.tan_thanh" in text


def test_samples_votes_pass():
    from conftest import SAMPLES
    report = check_paths([SAMPLES / HOA, SAMPLES / CUONG], TODAY)
    assert all(not votes(c) and "vote.inconsistent" not in codes(c) for c in report.candidates)
