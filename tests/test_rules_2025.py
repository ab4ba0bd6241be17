"""The rules of 2025 as the texts write them (issue #14), on hand-computed cases.

Sources: 294-QĐ/TW (26/5/2025), 06-HD/TW (09/6/2025), 38-HD/BTCTW (29/9/2025,
replacing 12-HD/BTCTW), in ../shared/domain/sources. Every expected date below is
counted by hand in the comment beside it; the calendar's days off are the
announced ones (holidays library plus dossier/rules/ngay-nghi-quoc-gia.yaml).
"""

import datetime as dt

import pytest

from conftest import SAMPLES, edit
from dossier import forms, rulesets
from dossier.check import check_paths
from test_check import check_one, codes, find

D = dt.date
TODAY = D(2026, 11, 22)
CUONG = "ung-vien/lai-van-cuong.yaml"
HOA = "ung-vien/nguyen-thi-hoa.yaml"
KHUONG = "ung-vien/dao-minh-khuong.yaml"
LAM = "ung-vien/man-duc-lam.yaml"


# ------------------------------------------------------------------ the three regimes of 2025


@pytest.mark.parametrize("day, code", [
    (D(2025, 3, 1), "qd232-2025"),
    (D(2025, 6, 30), "qd232-2025"),  # 294-QĐ/TW in force from 1/7/2025
    (D(2025, 7, 1), "qd294-hd12-2025"),
    (D(2025, 9, 28), "qd294-hd12-2025"),
    (D(2025, 9, 29), "qd294-2025"),  # 38-HD/BTCTW "thực hiện kể từ ngày ký", 29/9/2025
    (D(2026, 12, 4), "qd294-2025"),
])
def test_the_ruleset_in_force_on_a_day(day, code):
    assert rulesets.in_force_on(day).code == code


def test_the_2025_thresholds_as_written():
    current = rulesets.load("qd294-2025")
    # 294-QĐ/TW §4.3.1: 45 working days (admission), 30 (recognition), an extension of at most 15
    assert current.value("han_quyet_dinh_ket_nap_ngay_lam_viec") == 45
    assert current.value("han_quyet_dinh_cong_nhan_ngay_lam_viec") == 30
    assert current.value("gia_han_toi_da_ngay_lam_viec") == 15
    assert "294-QĐ/TW §4.3.1" in current.threshold("gia_han_toi_da_ngay_lam_viec").source
    # 06-HD/TW §5.4a: what must be redone after 12 months; not the application nor the lý lịch
    assert set(current.value("giay_to_phai_lam_lai")) == {"3-KNĐ", "4-KNĐ", "4A-KNĐ", "5-KNĐ"}
    # the regime of 1/7–28/9/2025 differs by its citation of 12-HD/BTCTW, not by its numbers
    between = rulesets.load("qd294-hd12-2025")
    assert between.value("han_quyet_dinh_ket_nap_ngay_lam_viec") == 45
    assert "12-HD/BTCTW" in between.threshold("han_ly_lich_dang_vien_ngay_lam_viec").source
    assert "38-HD/BTCTW" in current.threshold("han_ly_lich_dang_vien_ngay_lam_viec").source
    # the steps of 38-HD §I.1.1 did not exist before 29/9/2025
    assert any(o.get("truoc") == "cho_phep_lam_thu_tuc" for o in current.order)
    assert not any(o.get("truoc") == "cho_phep_lam_thu_tuc" for o in between.order)
    # qd232-2025 keeps its own values
    assert rulesets.load("qd232-2025").value("han_quyet_dinh_ket_nap_ngay_lam_viec") == 60


def _cuong_met_on(workspace, meeting: str):
    """Lại Văn Cường's chi bộ meeting moved to ``meeting`` (his decision stays 9/9/2025); the
    steps before it moved before it."""
    path = workspace / CUONG
    edit(path, "  nghi_quyet_chi_bo:\n    so: 9\n    ngay: 2025-08-11", f"  nghi_quyet_chi_bo:\n    so: 9\n    ngay: {meeting}")
    edit(path, "  y_kien:\n    ngay: 2025-08-05", "  y_kien:\n    ngay: 2025-06-16")
    edit(path, "      ngay: 2025-08-04", "      ngay: 2025-06-10")
    edit(path, "    ngay: 2025-08-04\n    co_quan", "    ngay: 2025-06-10\n    co_quan")
    edit(path, "    ngay_gui: 2025-07-07\n    ngay_tra_loi: 2025-07-28", "    ngay_gui: 2025-06-05\n    ngay_tra_loi: 2025-06-18")
    return path


def test_a_resolution_of_20_june_2025_has_the_deadline_and_grounds_of_its_day(workspace):
    # Friday 20/6/2025 (232-QĐ/TW): 60 working days. By hand: 23–27/6 (5), 30/6 (6), 1–31/7 (29),
    # 1/8 (30), 4–29/8 (50), Monday 1/9 and Tuesday 2/9 off (Quốc khánh), 3–5/9 (53), 8–12/9 (58),
    # 15/9 (59), Tuesday 16/9/2025 (60). The decision of 9/9/2025 is on time.
    path = _cuong_met_on(workspace, "2025-06-20")
    candidate = check_one(path)
    deadline = next(d for d in candidate.deadlines if d.code == "quyet_dinh_ket_nap")
    assert (deadline.due, deadline.state) == (D(2025, 9, 16), "dung_han")
    assert "bộ quy tắc qd232-2025" in deadline.source or "232" in deadline.source
    assert "deadline.late" not in codes(candidate)
    # the resolution cites the rules of its day; the decision of 9/9/2025 those of its own
    from dossier import context
    c = context.open_candidate(path)
    # (6-KNĐ prints the single căn cứ line of the 13-KNĐ model, "Căn cứ Điều 4, Điều lệ Đảng…": issue #18.)
    decision = forms.CANDIDATE_FORMS["9-KNĐ"](c)[0].values["qd"]["can_cu"]
    assert any("294-QĐ/TW" in line for line in decision) and any("06-HD/TW" in line for line in decision)


def test_a_resolution_of_1_july_2025_has_45_working_days(workspace):
    # Tuesday 1/7/2025 (294-QĐ/TW): 45 working days. By hand: 2–4/7 (3), 7–25/7 (18), 28–31/7 (22),
    # 1/8 (23), 4–29/8 (43), 1–2/9 off, 3/9 (44), Thursday 4/9/2025 (45). The decision of Tuesday
    # 9/9/2025 is 3 working days late (5, 8, 9/9): within the extension of 15, so a warning.
    path = _cuong_met_on(workspace, "2025-07-01")
    candidate = check_one(path)
    deadline = next(d for d in candidate.deadlines if d.code == "quyet_dinh_ket_nap")
    assert deadline.due == D(2025, 9, 4)
    late = find(candidate, "deadline.late")
    assert late.severity == "warning" and late.extra["tre_ngay_lam_viec"] == 3
    assert "294-QĐ/TW §4.3.1" in late.source and "bộ quy tắc qd294-hd12-2025" in late.source
    assert "gia hạn tối đa 15 ngày làm việc" in late.message
    assert "có thể gia hạn tối đa 15 ngày làm việc" in late.source  # the extension's own citation


def test_no_finding_cites_12_hd_for_an_event_after_28_september_2025():
    report = check_paths([SAMPLES], TODAY)
    cited = [f for c in report.candidates for f in c.findings if f.source]
    assert cited
    for finding in cited:
        if "12-HD/BTCTW" in (finding.source or ""):
            assert finding.extra.get("bo_quy_tac") in ("qd232-2025", "qd294-hd12-2025"), finding
    for candidate in report.candidates:
        for deadline in candidate.deadlines:
            if deadline.start > D(2025, 9, 28):
                assert "12-HD/BTCTW" not in deadline.source, (candidate.file, deadline)


def test_every_finding_names_the_ruleset_it_used():
    report = check_paths([SAMPLES], TODAY)
    for candidate in report.candidates:
        for finding in candidate.findings:
            if finding.extra.get("tin_cay"):
                assert finding.extra["bo_quy_tac"] in rulesets.available(), finding
                assert f"bộ quy tắc {finding.extra['bo_quy_tac']}" in finding.source


def test_bo_quy_tac_is_an_override(workspace):
    edit(workspace / "to-chuc.yaml", "loai: to_chuc\n", "loai: to_chuc\nbo_quy_tac: qd232-2025\n")
    path = _cuong_met_on(workspace, "2025-07-01")
    deadline = next(d for d in check_one(path).deadlines if d.code == "quyet_dinh_ket_nap")
    # 60 working days from 1/7/2025 under the named ruleset: 4/9 was day 45; 5/9 (46), 8–12/9 (51),
    # 15–19/9 (56), 22–25/9: Thursday 25/9/2025 (60)
    assert deadline.due == D(2025, 9, 25)


# ------------------------------------------------------------------ age in months, 29 February


@pytest.mark.parametrize("meeting, too_young", [("2026-02-27", True), ("2026-02-28", False)])
def test_born_on_29_february(workspace, meeting, too_young):
    # born 29/2/2008: 216 months are complete on 28/2/2026, the last day of February (BLDS Điều 148)
    path = workspace / KHUONG
    edit(path, "ngay_sinh: 2008-11-25", "ngay_sinh: 2008-02-29")
    edit(path, "    ngay: 2026-11-10", f"    ngay: {meeting}")
    found = [f for f in check_one(path).findings if f.code == "age.too_young"]
    assert bool(found) is too_young
    if found:
        assert "215 tháng" in found[0].message and "28/2/2026" in found[0].message


# ------------------------------------------------------------------ 06-HD/TW §5.4a


def test_a_youth_union_resolution_older_than_12_months_must_be_redone(workspace):
    # Hoa's chi bộ met on 10/3/2026. A resolution of 9/3/2025 was valid to 9/3/2026: an error.
    path = workspace / HOA
    edit(path, "    so_ky_hieu: 15-NQ/ĐTN\n    ngay: 2026-03-02", "    so_ky_hieu: 15-NQ/ĐTN\n    ngay: 2025-03-09")
    expired = find(check_one(path), "doc.expired")
    assert expired.severity == "error" and expired.extra["document"] == "4-KNĐ"
    assert "06-HD/TW §5.4a" in expired.source and expired.location.field == "gioi_thieu.doan_thanh_nien.ngay"


def test_a_resolution_of_exactly_12_months_is_still_valid(workspace):
    path = workspace / HOA
    edit(path, "    so_ky_hieu: 15-NQ/ĐTN\n    ngay: 2026-03-02", "    so_ky_hieu: 15-NQ/ĐTN\n    ngay: 2025-03-10")
    assert "doc.expired" not in codes(check_one(path))


def test_the_application_and_the_lich_are_not_redone_and_verification_is_an_info(workspace):
    path = workspace / HOA
    edit(path, "  don_xin_vao_dang:\n    ngay: 2026-01-15", "  don_xin_vao_dang:\n    ngay: 2024-01-15")
    candidate = check_one(path)
    assert not [f for f in candidate.findings if f.code == "doc.expired" and f.extra.get("document") == "1-KNĐ"]
    text = (workspace / HOA).read_text(encoding="utf-8")
    reply = text.split("ngay_tra_loi: ", 1)[1].split("\n", 1)[0]
    edit(path, f"ngay_tra_loi: {reply}", "ngay_tra_loi: 2025-02-20")
    edit(path, "ngay_gui: ", "ngay_gui: 2025-02-01\n    # ", 1)
    note = find(check_one(path), "doc.supplement_if_changed")
    assert note.severity == "info" and "nếu lý lịch có thay đổi" in note.message


def test_before_the_meeting_an_old_introduction_is_a_warning(workspace):
    # Lăng Thị Thương's chi bộ has not met. An introduction of 21/11/2025 is valid to 21/11/2026: on
    # 22/11/2026 it must be redone before the chi bộ considers her (a warning); one of 22/11/2025 is fine.
    path = workspace / "ung-vien/lang-thi-thuong.yaml"
    edit(path, "moc:\n", "gioi_thieu:\n  dang_vien:\n    - ma: dv-vu-quang-huy\n      cung_cong_tac_tu: 2025-09\n"
                        "      ngay: 2025-11-21\nmoc:\n")
    expired = find(check_one(path), "doc.expired")
    assert expired.severity == "warning" and expired.extra["document"] == "3-KNĐ"
    assert expired.location.field == "gioi_thieu.dang_vien[1].ngay"
    edit(path, "      ngay: 2025-11-21", "      ngay: 2025-11-22")
    assert "doc.expired" not in codes(check_one(path))


# ------------------------------------------------------------------ 06-HD/TW §4.2, §4.3


def test_self_review_before_the_end_of_probation(workspace):
    # ceremony 23/9/2025: 12 months of probation end on 23/9/2026; a self-review of 22/9/2026 is too early
    path = workspace / CUONG
    edit(path, "  tu_kiem_diem:\n    ngay: 2026-09-23", "  tu_kiem_diem:\n    ngay: 2026-09-22")
    early = [f for f in check_one(path).findings if f.code == "deadline.too_early"]
    assert len(early) == 1 and early[0].severity == "error" and "06-HD/TW §4.2" in early[0].source
    assert early[0].location.field == "moc.tu_kiem_diem.ngay" and "23/9/2026" in early[0].message


def test_helper_assessment_before_the_end_of_probation_warns(workspace):
    path = workspace / CUONG
    edit(path, "  nhan_xet_giup_do:\n    ngay: 2026-09-23", "  nhan_xet_giup_do:\n    ngay: 2026-09-01")
    early = [f for f in check_one(path).findings if f.code == "deadline.too_early"]
    assert [f.severity for f in early] == ["warning"] and "06-HD/TW §4.3" in early[0].source


# ------------------------------------------------------------------ introducers


def test_a_33_year_old_introduced_by_the_youth_union(workspace):
    # born 10/1/1993: on the Youth Union's resolution of 2/3/2026 she is 397 months (33 years 1 month), over 360
    path = workspace / HOA
    edit(path, "ngay_sinh: 2004-05-12", "ngay_sinh: 1993-01-10")
    finding = find(check_one(path), "introducer.youth_union_over_age")
    assert finding.severity == "error" and "33 tuổi 1 tháng" in finding.message
    assert finding.extra["so_thang"] == 397 and "2/3/2026" in finding.message


@pytest.mark.parametrize("born, over", [("1996-03-02", False), ("1996-02-01", True)])
def test_youth_age_counted_on_the_resolution_day(workspace, born, over):
    # on 2/3/2026: born 2/3/1996 is exactly 360 months (still youth age), born 1/2/1996 is 361
    path = workspace / HOA
    edit(path, "ngay_sinh: 2004-05-12", f"ngay_sinh: {born}")
    assert ("introducer.youth_union_over_age" in codes(check_one(path))) is over


def test_a_youth_union_official_is_of_youth_age_until_35(workspace):
    path = workspace / HOA
    edit(path, "ngay_sinh: 2004-05-12", "ngay_sinh: 1993-01-10")
    edit(path, "doan_the:\n", "doan_the:\n  can_bo_doan: true\n")
    assert "introducer.youth_union_over_age" not in codes(check_one(path))


def test_a_replacement_introducer_needs_no_12_months(workspace):
    path = workspace / HOA
    edit(path, "      cung_cong_tac_tu: 2022-09", "      cung_cong_tac_tu: 2025-12")
    assert "introducer.too_short" in codes(check_one(path))
    edit(path, "      cung_cong_tac_tu: 2025-12", "      cung_cong_tac_tu: 2025-12\n      phan_cong_thay:\n"
                                                   "        ngay: 2025-12-15\n"
                                                   "        ly_do: Người giới thiệu ban đầu chuyển sinh hoạt đảng")
    assert "introducer.too_short" not in codes(check_one(path))


# ------------------------------------------------------------------ re-admission (294-QĐ/TW §3.5)


def test_readmission_only_once(workspace):
    path = workspace / LAM
    assert "readmission.only_once" not in codes(check_one(path))
    edit(path, "  ngay_ra_khoi_dang: 2018-07-12\n", "  ngay_ra_khoi_dang: 2018-07-12\n  so_lan_da_ket_nap_lai: 1\n")
    finding = find(check_one(path), "readmission.only_once")
    assert finding.severity == "error" and "294-QĐ/TW §3.5.3" in finding.source


@pytest.mark.parametrize("reason, refused", [("tu_bo_sinh_hoat", True), ("xin_ra_khoi_dang_gia_dinh", False)])
def test_readmission_excluded_reasons(workspace, reason, refused):
    path = workspace / LAM
    edit(path, "  ngay_ra_khoi_dang: 2018-07-12\n", f"  ngay_ra_khoi_dang: 2018-07-12\n  ly_do_ma: {reason}\n")
    assert ("readmission.excluded_reason" in codes(check_one(path))) is refused


# ------------------------------------------------------------------ 38-HD/BTCTW §I.1.1


def test_the_permission_to_start_comes_before_the_application(workspace):
    # Hoa applied on 15/1/2026 (after 29/9/2025: 38-HD applies); a permission dated after it is out of order
    path = workspace / HOA
    edit(path, "moc:\n", "moc:\n  cho_phep_lam_thu_tuc:\n    ngay: 2026-01-20\n", 1)
    order = [f for f in check_one(path).findings if f.code == "date.order" and f.extra.get("moc_truoc") == "cho_phep_lam_thu_tuc"]
    assert order and "38-HD/BTCTW §I.1.1c" in order[0].source and order[0].extra["bo_quy_tac"] == "qd294-2025"
    edit(path, "  cho_phep_lam_thu_tuc:\n    ngay: 2026-01-20\n", "  cho_phep_lam_thu_tuc:\n    ngay: 2026-01-05\n")
    assert not [f for f in check_one(path).findings if f.extra.get("moc_truoc") == "cho_phep_lam_thu_tuc"]
