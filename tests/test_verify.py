"""`dossier verify` without LibreOffice: an output folder with nothing built,
and the output lock it holds while reading (issue #17)."""

import json

from conftest import SAMPLES
from dossier import output_lock
from test_outputs import conforms, run

HOA = SAMPLES / "ung-vien" / "nguyen-thi-hoa.yaml"


def test_verify_of_an_empty_output_lists_every_planned_file_as_missing(tmp_path):
    result = run("verify", HOA, "-o", tmp_path / "out", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    conforms(report, "verify")
    assert report["counts"]["missing"] == report["files_checked"] > 0 and not report["ok"]
    files = {p["file"].rpartition("/")[2] for p in report["problems"]}
    assert {"9-KND.docx", "9-KND.pdf", "ho-so-ket-nap-nguyen-thi-hoa.pdf"} <= files
    assert not (tmp_path / "out").exists()  # verify writes nothing
    text = run("verify", HOA, "-o", tmp_path / "out")
    assert text.exit_code == 1 and "9-KND.pdf: thiếu: chưa có tệp này" in text.output


def test_verify_waits_for_the_output_lock(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv(output_lock.TIMEOUT_ENV, "0.5")
    with output_lock.hold(out):
        result = run("verify", HOA, "-o", out)
    assert result.exit_code == 3, result.output
    assert "đang được một lệnh khác dùng" in result.output
