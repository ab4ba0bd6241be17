"""Document numbers: one register per body, type and term; never two documents with one number."""

import datetime as dt

import pytest
from click.testing import CliRunner

from conftest import edit
from dossier.cli import cli
from dossier.context import open_candidate
from dossier.errors import DataError
from dossier.numbers import allocate, registered_number
from dossier.numbers import validate_workspace as validate_paths

DUONG = "ung-vien/phan-thi-thuy-duong.yaml"


def with_decision_date(workspace):
    edit(workspace / DUONG, "  nghi_quyet_dang_uy_co_so:", "  quyet_dinh_ket_nap:\n    ngay: 2026-11-25\n  nghi_quyet_dang_uy_co_so:")
    return workspace / DUONG


def test_allocate_takes_the_next_number_after_data_and_register(workspace):
    path = with_decision_date(workspace)
    [given] = allocate(path, "9-KNĐ", today=dt.date(2026, 11, 25))
    assert (given.number, given.symbol) == (242, "242-QĐ/ĐU")  # the samples' highest decision is 241
    c = open_candidate(path)
    assert registered_number(c, "9-KNĐ") == 242
    assert c.milestone("quyet_dinh_ket_nap")["so"] == 242
    # a letter per destination has its own number, in the grassroots committee's CV register
    [letter] = allocate(path, "CV-TTLL", instance="Đảng ủy xã Diễn Châu, tỉnh Nghệ An")
    n1 = letter.number
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


# ------------------------------------------------- issue #16 item 10: one register for every document

import subprocess  # noqa: E402

import docx  # noqa: E402
import yaml  # noqa: E402

from conftest import dossier_process_args  # noqa: E402
from dossier import catalog, forms  # noqa: E402

PHUOC = "ung-vien/vu-dinh-phuoc.yaml"  # three letters, dated 2026-10-26, none numbered
THUAN = "ung-vien/quach-van-thuan.yaml"  # two letters, numbered 30 and 31 in the data
CLASS = "lop/lop-2026-01.yaml"
PHUOC_PLACES = ["Đảng ủy xã Phát Diệm, tỉnh Ninh Bình", "Đảng ủy phường Bình Minh, tỉnh Thái Nguyên",
                "Đảng ủy xã Tiền Hải, tỉnh Hưng Yên"]


def allocate_cli(*args):
    return CliRunner().invoke(cli, ["numbers", "allocate", *map(str, args)])


def register_rows(workspace):
    path = workspace / "so-van-ban.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["so"] if path.exists() else []


def header_text(path):
    table = docx.Document(path).tables[0]
    return " ".join(cell.text for row in table.rows for cell in row.cells)


def test_letters_numbered_once_per_destination_dated_as_the_letter(workspace, tmp_path):
    # without --to: one number for each destination, dated as printed on the letter (tham_tra[].ngay_gui),
    # never asking for moc.tham_tra_ly_lich
    result = allocate_cli(workspace / PHUOC, "--form", "CV-TTLL")
    assert result.exit_code == 0, result.output
    rows = register_rows(workspace)
    assert [(r["so"], r["noi_nhan"], r["ngay"]) for r in rows] == [
        (53, PHUOC_PLACES[0], "2026-10-26"), (54, PHUOC_PLACES[1], "2026-10-26"), (55, PHUOC_PLACES[2], "2026-10-26")]
    assert "53-CV/ĐU" in result.output and "ngày 26/10/2026" in result.output
    # every number is on a letter: the three letters print 53, 54, 55 and their date
    result = CliRunner().invoke(cli, ["render", str(workspace / PHUOC), "--form", "CV-TTLL", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    printed = [header_text(tmp_path / "vu-dinh-phuoc" / f"CV-TTLL-0{i}.docx") for i in (1, 2, 3)]
    assert [f"Số {n}-CV/ĐU" in text for n, text in zip((53, 54, 55), printed)] == [True] * 3
    assert all("ngày 26 tháng 10 năm 2026" in text for text in printed)
    # again: nothing left to number, no extra number
    result = allocate_cli(workspace / PHUOC, "--form", "CV-TTLL")
    assert result.exit_code == 1 and "đã có số" in result.output
    assert len(register_rows(workspace)) == 3
    assert validate_paths([workspace]).findings == []


def test_to_must_name_one_of_the_destinations(workspace):
    result = allocate_cli(workspace / THUAN, "--form", "CV-TTLL", "--to", "Đảng ủy phường Hà Đông, thành phố Hà Nội")
    assert result.exit_code == 1
    assert "không phải nơi nhận" in result.output
    assert "Đảng ủy phường Bình Minh, tỉnh Thái Nguyên; Đảng ủy xã Cẩm Xuyên, tỉnh Hà Tĩnh" in result.output
    assert "Traceback" not in result.output and not (workspace / "so-van-ban.yaml").exists()
    # a destination that already has its number in the data is not numbered again
    result = allocate_cli(workspace / THUAN, "--form", "CV-TTLL", "--to", "Đảng ủy xã Cẩm Xuyên, tỉnh Hà Tĩnh")
    assert result.exit_code == 1 and "đã có số 31" in result.output
    # spelled differently (case, spaces, old tone marks), it is the same destination
    result = allocate_cli(workspace / PHUOC, "--form", "CV-TTLL", "--to", "đảng uỷ xã  tiền hải, tỉnh hưng yên")
    assert result.exit_code == 0, result.output
    assert [(r["so"], r["noi_nhan"]) for r in register_rows(workspace)] == [(53, PHUOC_PLACES[2])]  # as in the data
    assert registered_number(open_candidate(workspace / PHUOC), "CV-TTLL", PHUOC_PLACES[2]) == 53
    # without --to, only the two destinations still without a number
    result = allocate_cli(workspace / PHUOC, "--form", "CV-TTLL")
    assert result.exit_code == 0, result.output
    assert [r["so"] for r in register_rows(workspace)] == [53, 54, 55]


def test_only_destinations_without_a_number_and_with_a_date(workspace):
    edit(workspace / THUAN, "    so: 31\n", "")
    result = allocate_cli(workspace / THUAN, "--form", "CV-TTLL")
    assert result.exit_code == 0, result.output
    assert [(r["so"], r["noi_nhan"]) for r in register_rows(workspace)] == [(53, "Đảng ủy xã Cẩm Xuyên, tỉnh Hà Tĩnh")]
    # a letter without its date: say which record needs tham_tra[].ngay_gui, number nothing
    result = allocate_cli(workspace / "ung-vien/lang-thi-thuong.yaml", "--form", "CV-TTLL")
    assert result.exit_code == 1
    assert "tham_tra[].ngay_gui" in result.output and "Đảng ủy xã Văn Quan, tỉnh Lạng Sơn" in result.output
    assert "moc.tham_tra_ly_lich" not in result.output
    assert len(register_rows(workspace)) == 1


def test_class_letters_are_numbered_and_print_their_numbers(workspace, tmp_path):
    result = allocate_cli(workspace / CLASS, "--form", "CV-TTLL-LOP", "--ngay", "20/11/2026")
    assert result.exit_code == 0, result.output
    rows = register_rows(workspace)
    assert [r["so"] for r in rows] == list(range(53, 61))  # one per destination of the class letters
    assert {r["lop"] for r in rows} == {CLASS} and all("ho_so" not in r for r in rows)
    assert rows[0]["ngay"] == "2026-11-20"
    result = allocate_cli(workspace / CLASS, "--form", "CV-DD", "--ngay", "2026-11-30")
    assert result.exit_code == 0 and "01-CV/ĐU" in result.output  # the deciding committee's own register
    result = allocate_cli(workspace / CLASS, "--form", "CV-DD")
    assert result.exit_code == 1 and "đã được cấp số 1" in result.output
    result = allocate_cli(workspace / "lop/lop-2025-01.yaml", "--form", "CV-GHS", "--ngay", "2026-11-30")
    assert result.exit_code == 0 and "61-CV/ĐU" in result.output, result.output
    assert validate_paths([workspace]).findings == []
    for code in ("CV-TTLL-LOP", "CV-DD"):
        result = CliRunner().invoke(cli, ["render", str(workspace / CLASS), "--form", code, "-o", str(tmp_path)])
        assert result.exit_code == 0, result.output
    folder = tmp_path / "ntvd-2026-01" / "lop"
    first = header_text(folder / "CV-TTLL-LOP-01.docx")
    assert "Số 53-CV/ĐU" in first and "ngày 20 tháng 11 năm 2026" in first
    assert "Số 60-CV/ĐU" in header_text(folder / "CV-TTLL-LOP-08.docx")
    reminder = header_text(folder / "CV-DD.docx")
    assert "Số 01-CV/ĐU" in reminder and "ngày 30 tháng 11 năm 2026" in reminder
    result = CliRunner().invoke(cli, ["render", str(workspace / "lop/lop-2025-01.yaml"), "--form", "CV-GHS",
                                      "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    [ghs] = (tmp_path / "ntvd-2025-01" / "lop").glob("CV-GHS*.docx")
    assert "Số 61-CV/ĐU" in header_text(ghs)


def test_orphan_register_entries_are_warnings_with_file_and_line(workspace):
    assert allocate_cli(workspace / PHUOC, "--form", "CV-TTLL").exit_code == 0
    assert allocate_cli(workspace / CLASS, "--form", "CV-TTLL-LOP").exit_code == 0
    # the Tiền Hải relatives are no longer verified there; the data now writes the Phát Diệm letter's number
    edit(workspace / PHUOC, "    tham_tra: Đảng ủy xã Tiền Hải, tỉnh Hưng Yên\n", "", count=2)
    edit(workspace / PHUOC, "  - noi_tham_tra: Đảng ủy xã Tiền Hải, tỉnh Hưng Yên\n    ngay_gui: 2026-10-26\n", "")
    edit(workspace / PHUOC, "  - noi_tham_tra: Đảng ủy xã Phát Diệm, tỉnh Ninh Bình\n",
         "  - noi_tham_tra: Đảng ủy xã Phát Diệm, tỉnh Ninh Bình\n    so: 70\n")
    # a learner of the class leaves it: the class letter to Văn Quan has no learner to verify any more
    edit(workspace / CLASS, "  - ho_so: ../ung-vien/lang-thi-thuong.yaml\n    so_chung_nhan: \"1258\"\n    xep_loai: Khá\n", "")
    findings = validate_paths([workspace]).findings
    orphans = [f for f in findings if f.code == "number.orphan"]
    assert not any(f.is_error for f in findings)
    assert [f.severity for f in orphans] == ["warning"] * 3
    text = (workspace / "so-van-ban.yaml").read_text(encoding="utf-8").splitlines()
    by_number = {}
    for f in orphans:
        assert f.location.path.endswith("so-van-ban.yaml") and f.location.line
        assert text[f.location.line - 1].lstrip("- ").startswith("co_quan:")  # the entry's first line
        by_number[int(f.message.split()[1].split("-")[0])] = f.message
    assert set(by_number) == {53, 55, 63}
    assert "tham_tra[].so" in by_number[53] and "Tiền Hải" in by_number[55] and "Văn Quan" in by_number[63]
    # a candidate file that is gone
    (workspace / "ung-vien/lang-thi-thuong.yaml").unlink()
    edit(workspace / "so-van-ban.yaml", "ho_so: ung-vien/vu-dinh-phuoc.yaml", "ho_so: ung-vien/da-xoa.yaml", count=1)
    messages = [f.message for f in validate_paths([workspace]).findings if f.code == "number.orphan"]
    assert any("không còn tệp hồ sơ 'ung-vien/da-xoa.yaml'" in m for m in messages)


OLD_REGISTER = """\
# yaml-language-server: $schema=../schemas/so-van-ban.schema.json
# Sổ đăng ký số văn bản. Tệp này do lệnh `dossier numbers allocate` ghi; có thể sửa tay cẩn thận.
loai: so_van_ban
so:
- co_quan: dang-uy-truong
  loai_van_ban: CV
  nhiem_ky: 2025-2030
  so: 53
  tai_lieu: CV-TTLL
  ho_so: ung-vien/phan-thi-thuy-duong.yaml
  ngay_cap: '2026-11-20'
  noi_nhan: Đảng ủy xã Diễn Châu, tỉnh Nghệ An
"""


def test_a_register_written_before_keeps_working(workspace, tmp_path):
    (workspace / "so-van-ban.yaml").write_text(OLD_REGISTER, encoding="utf-8")
    assert validate_paths([workspace]).findings == []
    result = CliRunner().invoke(cli, ["render", str(workspace / DUONG), "--form", "CV-TTLL", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Số 53-CV/ĐU" in header_text(tmp_path / "phan-thi-thuy-duong" / "CV-TTLL-01.docx")
    result = allocate_cli(workspace / PHUOC, "--form", "CV-TTLL")
    assert result.exit_code == 0, result.output
    rows = register_rows(workspace)
    assert [r["so"] for r in rows] == [53, 54, 55, 56]
    assert rows[0]["ho_so"] == "ung-vien/phan-thi-thuy-duong.yaml" and rows[0]["ngay_cap"] == "2026-11-20"
    assert validate_paths([workspace]).findings == []


def test_concurrent_allocations_hand_out_distinct_numbers(workspace, tmp_path):
    edit(workspace / THUAN, "    so: 30\n", "")
    edit(workspace / THUAN, "    so: 31\n", "")
    jobs = [(PHUOC, place) for place in PHUOC_PLACES] + [
        (THUAN, "Đảng ủy phường Bình Minh, tỉnh Thái Nguyên"), (THUAN, "Đảng ủy xã Cẩm Xuyên, tỉnh Hà Tĩnh")]
    processes = [subprocess.Popen(dossier_process_args("numbers", "allocate", workspace / path, "--form", "CV-TTLL",
                                                       "--to", place),
                                  cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for path, place in jobs]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0] * 5, outputs
    rows = register_rows(workspace)
    assert len(rows) == 5
    assert sorted(r["so"] for r in rows) == [53, 54, 55, 56, 57]
    assert validate_paths([workspace]).findings == []
    assert (workspace / "so-van-ban.yaml.lock").exists()
    assert not list(workspace.glob(".so-van-ban.yaml.*.tmp"))


def test_workspace_documents_share_the_register(workspace, monkeypatch):
    report = catalog.Entry("BC-KQ", "Báo cáo kết quả (thử)", "bo_ho_so", 1, "tao_tu_du_lieu", None, "thử", False,
                           numbering={"loai": "BC", "co_quan": "tham_quyen"})
    entries = {**catalog.entries(), "BC-KQ": report}
    monkeypatch.setattr(catalog, "entries", lambda: entries)
    result = allocate_cli(workspace, "--form", "BC-KQ", "--ngay", "2026-12-01")
    assert result.exit_code == 0 and "01-BC/ĐU" in result.output, result.output
    [row] = register_rows(workspace)
    assert "ho_so" not in row and "lop" not in row and row["ngay"] == "2026-12-01"
    assert allocate_cli(workspace, "--form", "BC-KQ", "--ngay", "2026-12-01").exit_code == 1  # the same one twice
    assert "02-BC/ĐU" in allocate_cli(workspace, "--form", "BC-KQ", "--ngay", "2027-01-05").output
    assert validate_paths([workspace]).findings == []
    listing = CliRunner().invoke(cli, ["numbers", "list", str(workspace)]).output
    assert "BC-KQ  bộ hồ sơ" in listing
    # a candidate's document is numbered from the candidate's file, not from the folder
    result = allocate_cli(workspace, "--form", "9-KNĐ")
    assert result.exit_code == 1 and "hãy chỉ tệp" in result.output
