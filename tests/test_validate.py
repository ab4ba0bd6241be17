"""`dossier validate`: every problem at once, located, in Vietnamese, never a traceback."""

import json

import pytest
from click.testing import CliRunner

from conftest import SAMPLES, edit
from dossier.cli import cli
from dossier.numbers import validate_workspace as validate_paths

HOA = "ung-vien/nguyen-thi-hoa.yaml"


def run(*args):
    result = CliRunner().invoke(cli, list(map(str, args)))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_samples_are_valid():
    result = run("validate", SAMPLES)
    assert result.exit_code == 0, result.output
    assert "0 lỗi" in result.output


def by_code(report):
    return {f.code: f for f in report.findings}


def test_broken_candidate_reports_every_problem_with_location(workspace):
    path = workspace / HOA
    edit(path, "ngay_sinh: 2004-05-12", "ngay_sinhh: 2004-05-12")
    edit(path, "nam_sinh: 1975", 'nam_sinh: "1975"')
    edit(path, "gioi_tinh: Nữ", "gioi_tinh: nu")
    edit(path, "ngay: 2026-03-10", "ngay: 31/02/2026")
    edit(path, "ma: dv-vu-quang-huy", "ma: dv-khong-co")
    report = validate_paths([path])
    found = by_code(report)
    assert set(found) >= {"schema.unknown_key", "schema.required", "schema.type", "schema.enum",
                          "schema.format", "ref.member"}
    unknown = found["schema.unknown_key"]
    assert "ngay_sinh" in unknown.message and unknown.location.field == "ngay_sinhh"
    line = path.read_text(encoding="utf-8").splitlines().index("ngay_sinhh: 2004-05-12") + 1
    assert (unknown.location.line, unknown.location.column) == (line, 1)
    assert "31/02/2026 không tồn tại" in found["schema.format"].message
    assert found["schema.format"].location.field == "moc.nghi_quyet_chi_bo.ngay"
    assert found["schema.type"].location.field == "gia_dinh[1].nam_sinh"
    assert "dv-khong-co" in found["ref.member"].message


def test_date_messages_say_what_is_wrong_and_hint_once(workspace):
    """Issue #16 item 12: a month that does not exist is named as such (not
    turned into "Ngày 01/13/2026"), and the spelling hint is said once."""
    path = workspace / HOA
    edit(path, "ngay_sinh: 2004-05-12", "ngay_sinh: 2026-13-01")
    edit(path, "ngay: 2026-03-10", "ngay: 15/3/26")
    edit(path, "ngay: 2026-01-15", "ngay: hôm qua")
    result = run("validate", path)
    assert result.exit_code == 1
    lines = {line.split(": ", 2)[1].split()[-1]: line for line in result.output.splitlines() if "schema.format" in line}
    assert "Ngày 2026-13-01 không tồn tại: không có tháng 13 (tháng chỉ từ 1 đến 12)" in lines["ngay_sinh"]
    assert "01/13/2026" not in lines["ngay_sinh"] and "nếu 13 là ngày thì ghi 13/01/2026" in lines["ngay_sinh"]
    assert "ghi ngày dạng" not in lines["ngay_sinh"]  # the spelling is right: no spelling hint
    for field in ("moc.nghi_quyet_chi_bo.ngay", "moc.don_xin_vao_dang.ngay"):
        assert lines[field].count("15/03/2026") == 1, lines[field]  # the hint, once
        assert lines[field].count("dạng") == 1, lines[field]
    assert "phải có đủ 4 chữ số" in lines["moc.nghi_quyet_chi_bo.ngay"]
    assert "Không hiểu ngày 'hôm qua'" in lines["moc.don_xin_vao_dang.ngay"]


def test_one_digit_day_and_month_and_other_separators_are_accepted(workspace):
    """README 'Data': 14/2/2001, 5-1-2026 and 05.01.2026 are dates too."""
    path = workspace / HOA
    edit(path, "ngay_sinh: 2004-05-12", "ngay_sinh: 14/2/2001")
    edit(path, "ngay: 2026-01-15", "ngay: 5-1-2026")
    edit(path, "ngay: 2026-01-20", "ngay: 05.01.2026")
    assert not [f for f in validate_paths([path]).findings if f.code == "schema.format"]


def test_unknown_chi_bo_and_missing_scan(workspace):
    path = workspace / HOA
    edit(path, "chi_bo: cb-cntt", "chi_bo: cb-xyz")
    edit(path, "tep: ../tep-dinh-kem/", "tep: ../tep-dinh-kem/khong-co-")
    found = by_code(validate_paths([path]))
    assert "cb-xyz" in found["ref.body"].message
    assert found["ref.file_missing"].location.field.startswith("dinh_kem[")


def test_attachment_outside_workspace_is_refused(workspace, tmp_path):
    outside = tmp_path / "bi-mat.pdf"
    outside.write_bytes(b"%PDF-1.4\n")
    path = workspace / HOA
    text = path.read_text(encoding="utf-8")
    first = text.index("tep: ") + 5
    end = text.index("\n", first)
    path.write_text(text[:first] + str(outside) + text[end:], encoding="utf-8")
    assert "ref.outside_workspace" in by_code(validate_paths([path]))


def test_class_naming_a_missing_candidate(workspace):
    klass = workspace / "lop" / "lop-2026-01.yaml"
    edit(klass, "../ung-vien/nguyen-thi-hoa.yaml", "../ung-vien/khong-co.yaml")
    found = by_code(validate_paths([klass]))
    assert "khong-co.yaml" in found["ref.file_missing"].message


def test_candidate_without_organisation(tmp_path):
    lone = tmp_path / "a.yaml"
    lone.write_text((SAMPLES / HOA).read_text(encoding="utf-8"), encoding="utf-8")
    assert "workspace.no_organisation" in by_code(validate_paths([lone]))


def test_missing_kind(tmp_path):
    (tmp_path / "a.yaml").write_text("ho_ten: A\n", encoding="utf-8")
    assert "schema.kind" in by_code(validate_paths([tmp_path]))


@pytest.mark.parametrize("content", ["a:\n\tb: 1\n", "- 1\n", "", "a: [1\n"])
def test_cli_bad_yaml_exit_1_without_traceback(tmp_path, content):
    (tmp_path / "x.yaml").write_text(content, encoding="utf-8")
    result = run("validate", tmp_path)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "x.yaml" in result.output


def test_cli_json(workspace):
    edit(workspace / HOA, "gioi_tinh: Nữ", "gioi_tinh: nu")
    result = run("validate", "--format", "json", workspace)
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["errors"] == 1
    (finding,) = data["findings"]
    assert finding["code"] == "schema.enum" and finding["location"]["field"] == "gioi_tinh"
    assert finding["location"]["line"] > 0


def test_cli_missing_path_is_a_finding(tmp_path):
    result = run("validate", tmp_path / "khong-co")
    assert result.exit_code == 1 and "không tìm thấy" in result.output


def test_every_command_has_help_with_example():
    for name, command in cli.commands.items():
        assert command.help and "Ví dụ: dossier " in command.help, name


def _list_hoa_in_the_2025_class(workspace):
    edit(workspace / "lop" / "lop-2025-01.yaml", "    ghi_chu: Học lại để chuẩn bị hồ sơ kết nạp lại vào Đảng\n",
         "    ghi_chu: Học lại để chuẩn bị hồ sơ kết nạp lại vào Đảng\n"
         "  - ho_so: ../ung-vien/nguyen-thi-hoa.yaml\n    so_chung_nhan: \"0423\"\n    xep_loai: Khá\n")


def _line_of(path, text):
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_candidate_in_two_classes(workspace):
    """Issue #16 item 3: a candidate listed by two class files is reported at
    each listing, naming the other one; whichever file is validated."""
    _list_hoa_in_the_2025_class(workspace)
    first, second = workspace / "lop" / "lop-2025-01.yaml", workspace / "lop" / "lop-2026-01.yaml"
    entry = "  - ho_so: ../ung-vien/nguyen-thi-hoa.yaml"
    result = run("validate", "--format", "json", workspace)
    assert result.exit_code == 1, result.output
    found = [f for f in json.loads(result.output)["findings"] if f["code"] == "ref.in_two_classes"]
    assert [(f["severity"]["code"], f["location"]["path"].rsplit("/", 1)[-1], f["location"]["line"]) for f in found] == [
        ("error", "lop-2025-01.yaml", _line_of(first, entry)), ("error", "lop-2026-01.yaml", _line_of(second, entry))]
    assert f"lop-2026-01.yaml dòng {_line_of(second, entry)}" in found[0]["message"]
    assert f"lop-2025-01.yaml dòng {_line_of(first, entry)}" in found[1]["message"]
    assert "đúng một tệp lớp" in found[0]["message"]
    for path in (first, workspace / HOA):  # one class file, or the candidate alone
        assert "ref.in_two_classes" in by_code(validate_paths([path]))
    assert "ref.in_two_classes" not in by_code(validate_paths([workspace / "ung-vien" / "lai-van-cuong.yaml"]))


def test_candidate_in_two_classes_is_not_built(workspace, tmp_path):
    """…and the build refuses that candidate (in either class) with the reason,
    rather than building it twice with one class's certificate."""
    from dossier.build import prepare

    _list_hoa_in_the_2025_class(workspace)
    result, job = prepare(workspace / HOA, tmp_path)
    assert job is None and not result.ok
    assert [f.code for f in result.findings if f.is_error] == ["ref.in_two_classes"] * 2
