"""Messages a person can act on (issue #19 item 4): click's own texts in
Vietnamese, "did you mean" for commands, files and form codes, form codes typed
without Vietnamese letters, and a mis-indented key under a milestone."""

import pathlib
import re
import subprocess

import click
import pytest

from conftest import dossier_process_args, edit
from dossier import cli_messages

HOA = "ung-vien/nguyen-thi-hoa.yaml"
ENGLISH = ("Error:", "Usage:", "Try '", "Show this message", "Invalid value", "No such command",
           "Missing argument", "does not exist", "Did you mean", "Options:", "Commands:")


def run(*args, cwd):
    done = subprocess.run(dossier_process_args(*args), cwd=cwd, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout + done.stderr


def assert_vietnamese(output):
    for english in ENGLISH:
        assert english not in output, (english, output)


def test_every_translated_text_is_a_text_of_the_installed_click():
    """A click upgrade that rewords a text would leave it English: caught here."""
    folder = pathlib.Path(click.__file__).parent
    source = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.py"))
    literals = set(re.findall(r'"((?:[^"\\\n]|\\.)*)"', source))
    missing = [k for k in cli_messages.MESSAGES if k.replace("\n", "\\n") not in literals]
    assert not missing


@pytest.mark.parametrize("args, expected", [
    (["--help"], ["Cách dùng: dossier [OPTIONS] COMMAND", "Tùy chọn:", "Lệnh:", "Hiện hướng dẫn này rồi thoát."]),
    (["validate", "--help"], ["Cách dùng: dossier validate", "Hiện hướng dẫn này rồi thoát."]),
    (["--version"], ["dossier, phiên bản"]),
    (["buil"], ["Lỗi: Không có lệnh 'buil'. Có phải ý bạn là 'build'?", "Xem hướng dẫn: dossier --help"]),
    (["validate"], ["Lỗi: Thiếu tham số 'PATHS...'.", "Xem hướng dẫn: dossier validate --help"]),
    (["validate", "--format", "xml", "samples"],
     ["Lỗi: Giá trị không hợp lệ cho '--format': 'xml' không hợp lệ; chọn một trong: 'text', 'json'."]),
    (["check", "samples", "--window", "abc"], ["'abc' không phải là một số."]),
    (["validate", "--nope", "samples"], ["Lỗi: Không có tùy chọn '--nope'."]),
    (["forms", "thua"], ["Lỗi: Thừa tham số (thua)"]),
])
def test_click_speaks_vietnamese(workspace, args, expected):
    code, output = run(*args, cwd=workspace.parent)
    for text in expected:
        assert text in output, output
    assert_vietnamese(output)


def test_a_missing_file_names_the_nearest_files(workspace):
    code, output = run("render", "ung-vien/nguyen-thi-hao.yaml", cwd=workspace)
    assert code == 2
    assert ("Lỗi: Giá trị không hợp lệ cho 'SOURCE': Đường dẫn 'ung-vien/nguyen-thi-hao.yaml' không tồn tại; "
            "có phải ý bạn là 'ung-vien/nguyen-thi-hoa.yaml'?") in output
    assert_vietnamese(output)
    code, output = run("validate", "ung-vien/nguyen-thi-hao.yaml", "ung-vienn/lai-van-cuong.yaml", cwd=workspace)
    assert code == 1
    assert "không tìm thấy tệp hay thư mục này; có phải ý bạn là 'ung-vien/nguyen-thi-hoa.yaml'?" in output
    assert "ung-vienn/lai-van-cuong.yaml: lỗi [file.not_found] không tìm thấy tệp hay thư mục này; " \
           "có phải ý bạn là 'ung-vien'?" in output


@pytest.mark.parametrize("typed", ["9-KND", "9-knd", "9-knđ"])
def test_a_form_code_typed_without_vietnamese_letters(workspace, tmp_path, typed):
    code, output = run("render", HOA, "-o", tmp_path / "out", "--form", typed, cwd=workspace)
    assert code == 0, output
    written = sorted(p.name for p in (tmp_path / "out").rglob("*.docx"))
    assert written == ["9-KND.docx"], output  # the decision of 9-KNĐ (files are named without diacritics)
    assert "không có trong danh mục" not in output


def test_a_form_code_not_in_the_catalog_names_the_nearest(workspace, tmp_path):
    code, output = run("render", HOA, "-o", tmp_path / "out", "--form", "9-KNX", cwd=workspace)
    assert code == 2
    assert "mã tài liệu '9-KNX' không có trong danh mục hồ sơ; có phải ý bạn là '9-KNĐ'" in output
    assert not list((tmp_path / "out").rglob("*.docx"))
    code, output = run("render", HOA, "-o", tmp_path / "out", "--form", "99-KNĐ", cwd=workspace)
    assert code == 2 and "mã tài liệu '99-KNĐ' không có trong danh mục hồ sơ" in output, output
    code, output = run("numbers", "allocate", "lop/lop-2026-01.yaml", "--form", "cv-dd", "--ngay", "20/11/2026",
                       cwd=workspace)
    assert code == 0 and "cho CV-DD" in output, output


def test_a_mis_indented_key_under_a_milestone_says_so(workspace):
    # ``ngay`` one level too far left: YAML reads an empty le_ket_nap and an unknown moc.ngay
    edit(workspace / HOA, "  le_ket_nap:\n    ngay: 2026-05-08", "  le_ket_nap:\n  ngay: 2026-05-08")
    line = (workspace / HOA).read_text(encoding="utf-8").splitlines().index("  ngay: 2026-05-08") + 1
    code, output = run("validate", HOA, cwd=workspace)
    assert code == 1
    assert (f"{HOA}:{line}:3: lỗi [schema.indent] moc.ngay: 'ngay' (dòng {line}) bị thụt lề sai: đó là trường "
            f"của 'le_ket_nap' (dòng {line - 1}) nên phải lùi vào sâu hơn 'le_ket_nap'") in output
    assert "đừng xóa dòng 'le_ket_nap'" in output
    assert "bỏ hẳn dòng này" not in output and "schema.unknown_key" not in output
    assert "1 lỗi" in output
