"""Document numbers: one register per body, type and term; never two documents with one number."""

import datetime as dt

import pytest
from click.testing import CliRunner

from conftest import edit
from dossier.cli import cli
from dossier.context import open_candidate
from dossier.errors import DataError
from dossier.numbers import allocate, registered_number
from dossier.workspace import validate_paths

DUONG = "ung-vien/phan-thi-thuy-duong.yaml"


def with_decision_date(workspace):
    edit(workspace / DUONG, "  nghi_quyet_dang_uy_co_so:", "  quyet_dinh_ket_nap:\n    ngay: 2026-11-25\n  nghi_quyet_dang_uy_co_so:")
    return workspace / DUONG


def test_allocate_takes_the_next_number_after_data_and_register(workspace):
    path = with_decision_date(workspace)
    number, symbol = allocate(path, "9-KNĐ", today=dt.date(2026, 11, 25))
    assert (number, symbol) == (242, "242-QĐ/ĐU")  # the samples' highest decision is 241
    c = open_candidate(path)
    assert registered_number(c, "9-KNĐ") == 242
    assert c.milestone("quyet_dinh_ket_nap")["so"] == 242
    # a letter per destination has its own number, in the grassroots committee's CV register
    n1, _ = allocate(path, "CV-TTLL", instance="Đảng ủy xã Diễn Châu, tỉnh Nghệ An")
    n2, _ = allocate(path, "CV-TTLL", instance="Đảng ủy phường Hà Đông, thành phố Hà Nội")
    assert n2 == n1 + 1
    assert validate_paths([workspace]).findings == []
    from dossier import forms

    forms.load_all()
    letters = {r.values["tt"]["kinh_gui"]: r.values["van_ban"]["so_ky_hieu"]
               for r in forms.CANDIDATE_FORMS["CV-TTLL"](open_candidate(path))}
    assert letters == {"Đảng ủy xã Diễn Châu, tỉnh Nghệ An": f"{n1:02d}-CV/ĐU"}


def test_allocate_refuses_twice_and_without_date(workspace):
    with pytest.raises(DataError, match="ghi ngày"):
        allocate(workspace / DUONG, "9-KNĐ")
    path = with_decision_date(workspace)
    allocate(path, "9-KNĐ")
    with pytest.raises(DataError, match="đã được cấp số 242"):
        allocate(path, "9-KNĐ")
    with pytest.raises(DataError, match="đã có số 125"):
        allocate(workspace / "ung-vien/nguyen-thi-hoa.yaml", "9-KNĐ")
    with pytest.raises(DataError, match="không được cấp số"):
        allocate(path, "1-KNĐ")


def test_two_documents_with_one_number_are_reported(workspace):
    edit(workspace / "ung-vien/lai-van-cuong.yaml", "so: 31\n", "so: 125\n")
    findings = [f for f in validate_paths([workspace]).findings if f.code == "number.duplicate"]
    assert len(findings) == 1
    assert "125-QĐ" in findings[0].message and findings[0].location.line


def test_cli_allocate_then_render_shows_the_number(workspace, tmp_path):
    path = with_decision_date(workspace)
    runner = CliRunner()
    result = runner.invoke(cli, ["numbers", "allocate", str(path), "--form", "9-KNĐ"])
    assert result.exit_code == 0 and "242-QĐ/ĐU" in result.output
    result = runner.invoke(cli, ["numbers", "list", str(workspace)])
    assert "242" in result.output and "phan-thi-thuy-duong" in result.output
    result = runner.invoke(cli, ["render", str(path), "--form", "9-KNĐ", "-o", str(tmp_path)])
    assert result.exit_code == 0
    import docx

    header = docx.Document(tmp_path / "phan-thi-thuy-duong" / "9-KND.docx").tables[0]
    assert "Số 242-QĐ/ĐU" in " ".join(cell.text for row in header.rows for cell in row.cells)
