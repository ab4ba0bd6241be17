"""The end of a case (ket_thuc, chuyen_sinh_hoat; dossier/case_end.py,
dossier/rules/ending.py): an ended case is never overdue, shows as ended in the
stage, the check's text and JSON, the build's plan and summary, and can be
counted by a stable reason code."""

import json

import pytest

from click.testing import CliRunner

from conftest import SAMPLES, edit
from dossier import batch_outcome, case_end, context, stage
from dossier.build import BuildResult, Bundle, prepare
from dossier.check import check_paths, report_json, report_text
from dossier.cli import cli
from test_check import TODAY, check_one, codes, find

VINH = "ung-vien/ta-quang-vinh.yaml"
KHUONG = "ung-vien/dao-minh-khuong.yaml"
END = ("ket_thuc:\n  ngay: 2026-07-20\n  ly_do: rut_don\n  ghi_chu: Có đơn xin không tiếp tục xem xét kết nạp vì "
       "chuyển sang học đại học chính quy tại Hà Nội\n")


def test_reasons_are_data_and_match_the_schema():
    schema = json.loads((SAMPLES.parent / "schemas" / "ung-vien.schema.json").read_text(encoding="utf-8"))
    enum = schema["properties"]["ket_thuc"]["properties"]["ly_do"]["enum"]
    assert list(case_end.reasons()) == enum
    for reason in case_end.reasons().values():
        assert reason.label and reason.source and reason.certainty in "ABC"


def test_sample_ended_case_is_not_overdue_and_shows_as_ended():
    vinh = check_one(SAMPLES / VINH)
    assert vinh.stage.code == stage.ENDED and "rút đơn" in vinh.stage.label and "20/7/2026" in vinh.stage.label
    assert vinh.next_step == "" and all(d.done is not None for d in vinh.deadlines)  # nothing open
    assert not any(c.startswith("deadline.") for c in codes(vinh)) and "doc.needed_next" not in codes(vinh)
    assert codes(vinh, "error") == []
    assert find(vinh, "case_end.ended").severity == "info"
    assert vinh.ended["ly_do"] == "rut_don" and vinh.ended["ngay"] == "2026-07-20"


def test_without_the_end_the_same_case_is_overdue(workspace):
    """Chi bộ resolution 10/6/2026; 45 working days later is long before 22/11/2026."""
    path = workspace / VINH
    edit(path, END, "")
    open_case = check_one(path)
    assert open_case.stage.code == "chi_bo" and open_case.next_step
    assert find(open_case, "deadline.overdue").severity == "error"
    assert any(d.state == "qua_han" for d in open_case.deadlines)


def test_text_and_json_reports_count_ended_cases():
    report = check_paths([SAMPLES], TODAY)
    text = report_text(report)
    assert "Giai đoạn: Đã kết thúc: rút đơn, không tiếp tục (ngày 20/7/2026)" in text
    assert "Hồ sơ đã kết thúc: không còn bước nào phải làm." in text
    assert "Hồ sơ đã kết thúc: 1 (rút đơn, không tiếp tục: 1)." in text
    data = json.loads(report_json(report))
    assert data["ended_by_reason"] == [{"code": "rut_don", "label": "Rút đơn, không tiếp tục", "count": 1}]
    vinh = next(c for c in data["candidates"] if c["file"].endswith("ta-quang-vinh.yaml"))
    assert vinh["stage"]["code"] == "ket_thuc" and vinh["ended"]["ly_do"] == {
        "code": "rut_don", "label": "Rút đơn, không tiếp tục"}
    assert sum(c["ended"] is None for c in data["candidates"]) == len(data["candidates"]) - 1


def test_failed_chi_bo_vote_that_ended_the_case_is_recorded_not_an_error(workspace):
    """Đào Minh Khương's chi bộ: 3 full members, 1 approves (1/3 < 2/3); the case
    ends on the meeting day for that reason: the short vote is a note, and the
    planted age error is still reported (it is about the record)."""
    path = workspace / KHUONG
    edit(path, "    co_mat: 5\n    tan_thanh: 3", "    co_mat: 5\n    tan_thanh: 1")
    assert find(check_one(path), "vote.insufficient").severity == "error"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "dinh_kem:", "ket_thuc:\n  ngay: 2026-11-10\n  ly_do: chi_bo_khong_dat\ndinh_kem:"), encoding="utf-8")
    ended = check_one(path)
    vote = find(ended, "vote.insufficient")
    assert vote.severity == "info" and "Hồ sơ đã kết thúc ngày 10/11/2026" in vote.message
    assert "06-HD/TW §5.1" in vote.message
    assert codes(ended, "error") == ["age.too_young"]
    assert ended.stage.code == "ket_thuc" and "chi bộ biểu quyết không đạt" in ended.stage.label


def test_step_after_the_end_is_a_warning(workspace):
    path = workspace / VINH
    edit(path, "  ngay: 2026-07-20\n  ly_do: rut_don", "  ngay: 2026-06-01\n  ly_do: rut_don")
    finding = find(check_one(path), "case_end.step_after_end")
    assert finding.severity == "warning" and "10/6/2026" in finding.message
    assert finding.location.field == "moc.nghi_quyet_chi_bo.ngay"


def test_move_needs_its_transfer_record(workspace):
    path = workspace / VINH
    edit(path, "  ly_do: rut_don", "  ly_do: chuyen_sinh_hoat")
    assert find(check_one(path), "case_end.transfer_missing").severity == "warning"
    path.write_text(path.read_text(encoding="utf-8") + (
        "chuyen_sinh_hoat:\n  - ngay: 2026-07-15\n    tu: Chi bộ Khoa Điện - Điện tử\n"
        "    den: Chi bộ Phòng Kỹ thuật, Đảng bộ Công ty Cổ phần Điện lực Sông Công\n"
        "    ngay_gui_ho_so: 2026-07-20\n"), encoding="utf-8")
    moved = check_one(path)
    assert "case_end.transfer_missing" not in codes(moved)
    assert moved.ended["ly_do"] == "chuyen_sinh_hoat"
    assert moved.ended["chuyen_sinh_hoat"][0]["den"].startswith("Chi bộ Phòng Kỹ thuật")


def test_unknown_reason_is_a_data_error_with_its_line(workspace):
    path = workspace / VINH
    edit(path, "  ly_do: rut_don", "  ly_do: bo_cuoc")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    line = path.read_text(encoding="utf-8").splitlines().index("  ly_do: bo_cuoc") + 1
    assert f"ta-quang-vinh.yaml:{line}:" in result.output and "ket_thuc.ly_do" in result.output


def test_build_plan_of_an_ended_case_keeps_the_record_only(tmp_path):
    """Documents of the steps taken are built; no draft or gap for the đảng ủy bộ
    phận report (7-KNĐ), the grassroots resolution (8-KNĐ) or the decision (9-KNĐ)."""
    result, job = prepare(SAMPLES / VINH, tmp_path)
    assert job is not None and result.ended["ly_do"] == "rut_don"
    made = {p.form.code for p in job.planned}
    assert {"5-KNĐ", "6-KNĐ"} <= made and not made & {"7-KNĐ", "8-KNĐ", "9-KNĐ"}
    assert not {code for _, code, _ in result.missing} & {"7-KNĐ", "8-KNĐ", "9-KNĐ"}
    assert job.stages == ["ket_nap"]


def test_build_summary_status_of_an_ended_case(tmp_path):
    c = context.open_candidate(SAMPLES / VINH)
    result = BuildResult("ung-vien/ta-quang-vinh.yaml", c.data["ho_ten"],
                         bundles=[Bundle("ket_nap", tmp_path / "x.pdf", 12, [])],
                         ended=case_end.of(c).to_dict())
    assert batch_outcome.status(result) == "ended" == batch_outcome.STATUS_ENDED
    assert batch_outcome.status_text(result) == "đã kết thúc: rút đơn, không tiếp tục"
    outcome = batch_outcome.ClassOutcome("lop.yaml", "lop", tmp_path, candidates=[result])
    summary = batch_outcome.summary(outcome)
    row = summary["candidates"][0]
    assert row["status"] == {"code": "ended", "label": "đã kết thúc"} and row["ended"]["ly_do"]["code"] == "rut_don"
    assert summary["counts"]["ended"] == 1 and summary["counts"]["needs_review"] == 0
    assert batch_outcome.summary_rows(outcome)[0][3] == "đã kết thúc: rút đơn, không tiếp tục"


@pytest.mark.slow
def test_build_of_an_ended_case_through_the_cli(workspace, tmp_path):
    result = CliRunner().invoke(cli, ["build", str(workspace / VINH), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "hồ sơ đã kết thúc ngày 20/7/2026: Rút đơn, không tiếp tục" in result.output
    assert not any(f"chưa có {code}" in result.output for code in ("7-KNĐ", "8-KNĐ", "9-KNĐ"))
    assert list((tmp_path / "out" / "ta-quang-vinh").glob("ho-so-ket-nap-*.pdf"))
