"""Errors reach the user one way: every DossierError and operating-system error
is mapped to its message and exit code by the command group (dossier.cli); a
command given the wrong kind of file or folder says what it got and what it
expects (exit 2); data problems never end in "Lỗi nội bộ" (exit 3)."""

import subprocess

import pytest
from click.testing import CliRunner

from conftest import SAMPLES, dossier_process_args
from dossier import catalog
from dossier.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def run_process(*args, cwd):
    """The real command (``main()``: interruptions and internal errors too)."""
    done = subprocess.run(dossier_process_args(*args), cwd=cwd, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout + done.stderr


def assert_wrong_input(result, *fragments):
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("Lỗi: "), result.output
    for fragment in fragments:
        assert fragment in line, (fragment, result.output)


# ------------------------------------------------------------ render: one candidate or class file

def test_render_the_organisation_file(workspace, tmp_path):
    result = run("render", workspace / "to-chuc.yaml", "-o", tmp_path / "out")
    assert_wrong_input(result, "to-chuc.yaml là tệp tổ chức đảng (loai: to_chuc)",
                       "lệnh render cần một tệp người xin vào Đảng (loai: ung_vien) hoặc một tệp lớp (loai: lop)")
    assert not (tmp_path / "out").exists()


def test_render_the_number_register(workspace, tmp_path):
    (workspace / "so-van-ban.yaml").write_text("loai: so_van_ban\nso: []\n", encoding="utf-8")
    result = run("render", workspace / "so-van-ban.yaml", "-o", tmp_path / "out")
    assert_wrong_input(result, "so-van-ban.yaml là tệp sổ số văn bản (loai: so_van_ban)", "lệnh render cần")


def test_render_a_folder_says_it_is_a_folder(workspace, tmp_path):
    # it used to say "không tìm thấy tệp to-chuc.yaml" although the folder holds it
    result = run("render", workspace, "-o", tmp_path / "out")
    assert_wrong_input(result, f"{workspace} là một thư mục", "lệnh render cần một tệp", "dùng lệnh build")
    assert "không tìm thấy" not in result.output


# ------------------------------------------------------------ build: something to build

@pytest.mark.slow  # build starts LibreOffice before it looks at its sources
def test_build_the_organisation_file_the_register_or_an_empty_folder(workspace, tmp_path):
    (workspace / "so-van-ban.yaml").write_text("loai: so_van_ban\nso: []\n", encoding="utf-8")
    empty = tmp_path / "trong"
    empty.mkdir()
    out = tmp_path / "out"
    result = run("build", workspace / "to-chuc.yaml", "-o", out)
    assert_wrong_input(result, "to-chuc.yaml là tệp tổ chức đảng (loai: to_chuc), không dựng được hồ sơ từ tệp này",
                       "lệnh build cần tệp lớp (loai: lop), tệp người xin vào Đảng (loai: ung_vien) "
                       "hoặc thư mục chứa chúng")
    result = run("build", workspace / "so-van-ban.yaml", "-o", out)
    assert_wrong_input(result, "so-van-ban.yaml là tệp sổ số văn bản (loai: so_van_ban)", "lệnh build cần")
    result = run("build", empty, "-o", out)
    assert_wrong_input(result, f"thư mục {empty} không có tệp lớp (loai: lop) hay tệp người xin vào Đảng "
                               "(loai: ung_vien) nào", "lệnh build cần")
    # a folder holding only the organisation file has nothing to build either
    only_org = tmp_path / "chi-to-chuc"
    only_org.mkdir()
    (only_org / "to-chuc.yaml").write_bytes((workspace / "to-chuc.yaml").read_bytes())
    assert_wrong_input(run("build", only_org, "-o", out), f"thư mục {only_org} không có tệp lớp")
    assert not out.exists()


# ------------------------------------------------------------ validate: some data file

def test_validate_an_empty_folder(tmp_path):
    # it used to say "Đã kiểm tra 0 tệp: 0 lỗi" and exit 0
    result = run("validate", tmp_path)
    assert_wrong_input(result, f"thư mục {tmp_path} không có tệp dữ liệu YAML nào (.yaml, .yml)",
                       "lệnh validate cần tệp dữ liệu YAML hoặc thư mục chứa chúng")
    assert "0 tệp" not in result.output


def test_validate_a_folder_with_data_is_still_a_report(workspace):
    result = run("validate", workspace)
    assert result.exit_code == 0, result.output
    assert "0 lỗi" in result.output


# ------------------------------------------------------------ data problems are not internal errors

def test_numbers_list_with_a_bad_register(workspace, tmp_path):
    (workspace / "so-van-ban.yaml").write_text("loai: so_van_ban\nso_van_ban: 5\n", encoding="utf-8")
    code, output = run_process("numbers", "list", workspace, cwd=tmp_path)
    assert "Lỗi nội bộ" not in output and "Traceback" not in output, output
    assert code == 1, output
    assert "so-van-ban.yaml: sổ số văn bản so-van-ban.yaml có lỗi; hãy chạy `dossier validate" in output


def test_templates_check_with_an_unknown_ruleset(workspace, tmp_path):
    with open(workspace / "to-chuc.yaml", "a", encoding="utf-8") as org:
        org.write("bo_quy_tac: khong-co\n")
    code, output = run_process("templates", "check", "--data", workspace, cwd=tmp_path)
    assert "Lỗi nội bộ" not in output and "Traceback" not in output, output
    assert code == 1, output
    assert "không có bộ quy tắc 'khong-co'; các bộ quy tắc có sẵn:" in output


def test_render_the_organisation_file_is_no_internal_error(tmp_path):
    code, output = run_process("render", SAMPLES / "to-chuc.yaml", "-o", tmp_path / "out", cwd=tmp_path)
    assert "Lỗi nội bộ" not in output and "KeyError" not in output, output
    assert code == 2, output
    assert "là tệp tổ chức đảng (loai: to_chuc)" in output


# ------------------------------------------------------------ a file the system cannot open is named

def test_a_missing_file_is_named(tmp_path, monkeypatch):
    missing = tmp_path / "goi-cai-dat" / "catalog.yaml"
    monkeypatch.setattr(catalog, "CATALOG_FILE", missing)
    catalog.entries.cache_clear()
    try:
        result = run("forms")
    finally:
        catalog.entries.cache_clear()
    assert result.exit_code == 3, result.output
    assert f"Lỗi hệ thống: {missing}: không tìm thấy (No such file or directory)" in result.output
