"""Windows offices through WSL2 (issue #19 item 5): a workspace on the Windows
drive (/mnt/c/…, here a folder of that shape), names with spaces and
Vietnamese letters, files saved with CRLF line ends, a file Word keeps open."""

import subprocess

from click.testing import CliRunner

from conftest import SAMPLES, dossier_process_args
from dossier.cli import cli
from dossier.errors import os_error_message

HOA = "ung-vien/nguyen-thi-hoa.yaml"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _crlf(path):
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


def test_a_workspace_under_a_windows_drive_with_crlf_files(tmp_path, monkeypatch):
    ws = tmp_path / "mnt/c/Users/Văn phòng/Hồ sơ kết nạp"
    result = run("init", ws, "--dia-danh", "Bình Minh", "--co-so", "Đảng bộ Trường X", "--chi-bo", "Chi bộ A",
                 "--dang-vien", "Ngô Văn Đức, 19/5/2008, 19/5/2009", "--ky-co-so", "Lê Văn Khải")
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(ws)
    result = run("new", "lop", "--ma", "L-2027", "--ten", "Lớp khóa I", "--tu-ngay", "1/3/2027",
                 "--den-ngay", "5/3/2027", "--ngay-cap", "10/3/2027")
    assert result.exit_code == 0, result.output
    for path in (ws / "to-chuc.yaml", ws / "lop/l-2027.yaml"):
        _crlf(path)  # saved again by an editor on Windows
    result = run("new", "ung-vien", "Trần Thị Bình", "--lop", "lop/l-2027.yaml")
    assert result.exit_code == 0, result.output
    text = (ws / "lop/l-2027.yaml").read_bytes()
    assert b"  - ho_so: ../ung-vien/tran-thi-binh.yaml\r\n" in text and b"\n" not in text.replace(b"\r\n", b"")
    result = run("validate", ws)
    assert result.exit_code == 0 and "0 lỗi" in result.output, result.output


def test_crlf_sample_files_validate_the_same(workspace):
    for path in workspace.rglob("*.yaml"):
        _crlf(path)
    result = run("validate", workspace)
    assert result.exit_code == 0, result.output


def test_a_file_open_in_word_is_named_as_open(tmp_path):
    """Writing over a document Word keeps open is refused (PermissionError on
    Windows); Word leaves an owner file ~$… beside it."""
    target = tmp_path / "out" / "nguyen-thi-hoa" / "9-KND.docx"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"old")
    (target.parent / "~$KND.docx").write_bytes(b"owner")
    prelude = f"""
import os
_replace = os.replace
def _refuse(src, dst, *a, **k):
    if str(dst).endswith("9-KND.docx"):
        raise PermissionError(13, "Permission denied", str(dst))
    return _replace(src, dst, *a, **k)
os.replace = _refuse
"""
    done = subprocess.run(dossier_process_args("render", SAMPLES / HOA, "-o", tmp_path / "out", "--form", "9-KNĐ",
                                               prelude=prelude), capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 3, output
    assert "9-KND.docx: tệp đang mở trong chương trình khác (Word, Excel, trình xem PDF): đóng tệp đó rồi chạy " \
           "lại lệnh" in output
    assert "Traceback" not in output


def test_a_refused_file_on_the_windows_drive_is_named_as_open():
    message = os_error_message(PermissionError(13, "Permission denied", "/mnt/c/Users/A/ho-so/out/ho-so.pdf"))
    assert "tệp đang mở trong chương trình khác" in message
    other = os_error_message(PermissionError(13, "Permission denied", "/srv/khong-co/ho-so.pdf"))
    assert "tệp đang mở" not in other and "không có quyền" in other
