"""The spreadsheet round-trip (issue #19 item 2): dossier export xlsx / import xlsx, through the real CLI."""

from __future__ import annotations

import datetime
import difflib
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLES, edit
from dossier.cli import cli

BACKUPS = Path(".dossier") / "sao-luu"


def run(*args) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))
            if ".dossier" not in p.parts}


def export(ws: Path, out: Path, *extra) -> Path:
    code, output = run("export", "xlsx", ws, "-o", out, *extra)
    assert code == 0, output
    return out


def columns(sheet) -> dict[str, str]:
    """header -> column letter, from the header row."""
    return {c.value: c.column_letter for c in sheet[1] if c.value}


def row_of(sheet, key: str) -> int:
    for cells in sheet.iter_rows(min_row=2):
        if cells[0].value == key:
            return cells[0].row
    raise KeyError(key)


def set_cell(book, sheet: str, key: str, header: str, value) -> str:
    ws = book[sheet]
    ref = f"{columns(ws)[header]}{row_of(ws, key)}"
    ws[ref] = value
    return f"{sheet}!{ref}"


def changed_lines(before: dict, after: dict) -> list[tuple[str, str, str]]:
    """(file, old line, new line) of every line that differs."""
    found = []
    for name in sorted(set(before) | set(after)):
        old = before.get(name, b"").decode().splitlines()
        new = after.get(name, b"").decode().splitlines()
        for line in difflib.unified_diff(old, new, lineterm="", n=0):
            if line.startswith(("---", "+++", "@@")):
                continue
            found.append((name, line[0], line[1:]))
    return found


# ------------------------------------------------------------------ round trip

def test_export_then_import_of_the_samples_changes_no_byte(workspace, tmp_path):
    before = snapshot(workspace)
    book = export(workspace, tmp_path / "ho-so.xlsx")
    code, output = run("import", "xlsx", book, workspace)
    assert code == 0, output
    assert "Đã ghi 0 tệp" in output
    assert snapshot(workspace) == before
    assert not (workspace / BACKUPS).exists()  # nothing written, nothing backed up


def test_an_edit_of_five_cells_changes_exactly_those_five_fields(workspace, tmp_path):
    edit(workspace / "lop/lop-2025-01.yaml", "tu_ngay: 17/03/2025", "tu_ngay: 17/03/2025")  # dates as 17/03/2025
    edit(workspace / "ung-vien/lai-van-cuong.yaml", "ngay_sinh: 1997-02-27", "ngay_sinh: 27/02/1997")
    before = snapshot(workspace)
    book = openpyxl.load_workbook(export(workspace, tmp_path / "ho-so.xlsx"))
    set_cell(book, "ung-vien", "ung-vien/nguyen-thi-hoa.yaml", "Tôn giáo", "Phật giáo")
    set_cell(book, "ung-vien", "ung-vien/lai-van-cuong.yaml", "Ngày sinh", datetime.datetime(1997, 2, 28))
    set_cell(book, "ung-vien", "ung-vien/lai-van-cuong.yaml", "Số giấy chứng nhận", "0499")
    set_cell(book, "gia-dinh", "ung-vien/nguyen-thi-hoa.yaml#gia_dinh[3]", "Năm sinh", 2010)
    set_cell(book, "moc", "ung-vien/nguyen-thi-hoa.yaml#moc.le_ket_nap", "Ngày", "9/5/2026")
    book.save(tmp_path / "sua.xlsx")
    code, output = run("import", "xlsx", tmp_path / "sua.xlsx", workspace)
    assert code == 0, output
    diff = changed_lines(before, snapshot(workspace))
    assert diff == [
        ("lop/lop-2025-01.yaml", "-", '    so_chung_nhan: "0418"'),
        ("lop/lop-2025-01.yaml", "+", '    so_chung_nhan: "0499"'),
        ("ung-vien/lai-van-cuong.yaml", "-", "ngay_sinh: 27/02/1997"),
        ("ung-vien/lai-van-cuong.yaml", "+", "ngay_sinh: 28/02/1997"),  # the file's own date style
        ("ung-vien/nguyen-thi-hoa.yaml", "-", "ton_giao: Không"),
        ("ung-vien/nguyen-thi-hoa.yaml", "+", "ton_giao: Phật giáo"),
        ("ung-vien/nguyen-thi-hoa.yaml", "-", "    nam_sinh: 2009"),
        ("ung-vien/nguyen-thi-hoa.yaml", "+", "    nam_sinh: 2010"),
        ("ung-vien/nguyen-thi-hoa.yaml", "-", "    ngay: 2026-05-08"),
        ("ung-vien/nguyen-thi-hoa.yaml", "+", "    ngay: 2026-05-09"),
    ], diff
    # the three changed files were backed up first, as they were
    backups = list((workspace / BACKUPS).glob("*/ung-vien/nguyen-thi-hoa.yaml"))
    assert [b.read_bytes() for b in backups] == [before["ung-vien/nguyen-thi-hoa.yaml"]]
    code, output = run("validate", workspace)
    assert code == 0, output


def test_dry_run_shows_the_changes_and_writes_nothing(workspace, tmp_path):
    before = snapshot(workspace)
    book = openpyxl.load_workbook(export(workspace, tmp_path / "ho-so.xlsx"))
    set_cell(book, "ung-vien", "ung-vien/nguyen-thi-hoa.yaml", "Tôn giáo", "Phật giáo")
    book.save(tmp_path / "sua.xlsx")
    code, output = run("import", "xlsx", tmp_path / "sua.xlsx", workspace, "--dry-run")
    assert code == 0, output
    assert "ung-vien/nguyen-thi-hoa.yaml: ton_giao: Không → Phật giáo" in output
    assert "chưa ghi gì" in output
    assert snapshot(workspace) == before
    assert not (workspace / BACKUPS).exists()


def test_rows_added_reordered_and_removed(workspace, tmp_path):
    before = snapshot(workspace)
    book = openpyxl.load_workbook(export(workspace, tmp_path / "ho-so.xlsx"))
    work = book["cong-tac"]
    first = row_of(work, "ung-vien/nguyen-thi-hoa.yaml#qua_trinh_cong_tac[1]")
    second = row_of(work, "ung-vien/nguyen-thi-hoa.yaml#qua_trinh_cong_tac[2]")
    for cell_a, cell_b in zip(work[first], work[second]):  # swap the two rows
        cell_a.value, cell_b.value = cell_b.value, cell_a.value
    work.append([None, "Nguyễn Thị Hoa", "2025-09", None, "Cộng tác viên Thư viện trường", None])
    family = book["gia-dinh"]
    family.delete_rows(row_of(family, "ung-vien/nguyen-thi-hoa.yaml#gia_dinh[3]"))
    book.save(tmp_path / "sua.xlsx")

    code, output = run("import", "xlsx", tmp_path / "sua.xlsx", workspace)
    assert code == 0, output
    assert "gia_dinh[3] của ung-vien/nguyen-thi-hoa.yaml không còn trong trang này; giữ nguyên" in output
    text = (workspace / "ung-vien/nguyen-thi-hoa.yaml").read_text(encoding="utf-8")
    assert "Nguyễn Văn Hưng" in text  # kept without --delete
    work_part = text.split("qua_trinh_cong_tac:")[1].split("lich_su_ban_than")[0]
    assert work_part.index("tu: 2022-09") < work_part.index("tu: 2019-09") < work_part.index("tu: 2025-09")
    assert "cong_viec: Cộng tác viên Thư viện trường" in work_part

    code, output = run("import", "xlsx", tmp_path / "sua.xlsx", workspace, "--delete")
    assert code == 0, output
    text = (workspace / "ung-vien/nguyen-thi-hoa.yaml").read_text(encoding="utf-8")
    assert "Nguyễn Văn Hưng" not in text and "Lương Thị Nhàn" in text
    assert text.count("Cộng tác viên Thư viện trường") == 1  # the added row is not added twice
    others = {k: v for k, v in snapshot(workspace).items() if k != "ung-vien/nguyen-thi-hoa.yaml"}
    assert others == {k: v for k, v in before.items() if k != "ung-vien/nguyen-thi-hoa.yaml"}
    code, output = run("validate", workspace)
    assert code == 0, output


def test_formulas_stay_text(workspace, tmp_path):
    edit(workspace / "ung-vien/nguyen-thi-hoa.yaml", "ten_goi_khac: Hoa", 'ten_goi_khac: "=HYPERLINK(\\"x\\")"')
    edit(workspace / "ung-vien/nguyen-thi-hoa.yaml", "dan_toc: Kinh", "dan_toc: +Kinh")
    before = snapshot(workspace)
    book_path = export(workspace, tmp_path / "ho-so.xlsx")
    sheet = openpyxl.load_workbook(book_path)["ung-vien"]
    row = row_of(sheet, "ung-vien/nguyen-thi-hoa.yaml")
    cell = sheet[f"{columns(sheet)['Tên gọi khác']}{row}"]
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s" and cell.quotePrefix
    code, output = run("import", "xlsx", book_path, workspace)
    assert code == 0, output
    assert snapshot(workspace) == before


def test_id_numbers_are_text_cells_and_a_number_loses_no_zero_silently(workspace, tmp_path):
    book = openpyxl.load_workbook(export(workspace, tmp_path / "ho-so.xlsx"))
    sheet = book["ung-vien"]
    row = row_of(sheet, "ung-vien/nguyen-thi-hoa.yaml")
    letter = columns(sheet)["Số căn cước"]
    assert sheet[f"{letter}{row}"].value == "019304001234" and sheet[f"{letter}{row}"].number_format == "@"
    assert sheet.column_dimensions[letter].number_format == "@"  # the empty cells below too
    sheet[f"{letter}{row}"] = 19304001234  # typed into a cell formatted as a number: the 0 is lost
    book.save(tmp_path / "so.xlsx")
    code, output = run("import", "xlsx", tmp_path / "so.xlsx", workspace)
    assert code == 0, output  # the same number as the file's: the file keeps its "019304001234"
    assert 'so_can_cuoc: "019304001234"' in (workspace / "ung-vien/nguyen-thi-hoa.yaml").read_text(encoding="utf-8")
    sheet[f"{letter}{row}"] = 19304001299
    book.save(tmp_path / "so.xlsx")
    code, output = run("import", "xlsx", tmp_path / "so.xlsx", workspace)
    assert code == 1, output
    assert re.search(rf"so\.xlsx: cảnh báo \[sheet\.id_as_number\] ung-vien!{letter}{row}: .*số 0", output), output
    assert re.search(rf"so\.xlsx: lỗi \[schema\.pattern\] ung-vien!{letter}{row}: .*'19304001299'", output), output


def test_drop_down_lists_and_hidden_key(workspace, tmp_path):
    book = openpyxl.load_workbook(export(workspace, tmp_path / "ho-so.xlsx"))
    sheet = book["ung-vien"]
    assert sheet.column_dimensions["A"].hidden
    assert book["danh-muc"].sheet_state == "hidden"
    ranges = {str(v.sqref).split(":")[0][:-1]: v.formula1 for v in sheet.data_validations.dataValidation}
    lists = book["danh-muc"]
    choices = {lists.cell(1, c).value: [lists.cell(r, c).value for r in range(2, lists.max_row + 1)
                                        if lists.cell(r, c).value] for c in range(1, lists.max_column + 1)}
    head = columns(sheet)
    assert "gioi_tinh" in ranges[head["Giới tính"]] or ranges[head["Giới tính"]].startswith("'danh-muc'")
    assert choices["gioi_tinh"] == ["Nam", "Nữ"]
    assert choices["chi_bo"] == ["cb-cntt", "cb-dao-tao", "cb-co-khi", "cb-dien"]
    assert "Con gái" in choices["quan_he"]
    date_cell = sheet[f"{head['Ngày sinh']}2"]
    assert isinstance(date_cell.value, datetime.datetime) and date_cell.number_format == "DD/MM/YYYY"


# ------------------------------------------------------------------ rosters typed by hand

def roster(path: Path, people: list[list]) -> Path:
    """A roster the way an office types one: a title row, a merged header over two
    rows, shuffled columns, text dates, an Excel serial date, careless spacing."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet["A1"] = "DANH SÁCH QUẦN CHÚNG ƯU TÚ ĐỀ NGHỊ KẾT NẠP"
    sheet.merge_cells("A1:Q1")
    top = ["STT", "Họ và tên", "Ngày tháng năm sinh", "Giới tính", "Số CCCD", "Chi bộ", "Đoàn Thanh niên", None,
           "Quê quán", "Nơi sinh", "Hộ khẩu thường trú", "Dân tộc", "Tôn giáo", "Nghề nghiệp",
           "Giáo dục phổ thông", "Lớp", "Số GCN"]
    sheet.append(top)
    sheet.append([None] * 6 + ["Ngày vào", "Nơi vào"] + [None] * 9)
    for i, letter in enumerate("ABCDEF"):
        sheet.merge_cells(f"{letter}2:{letter}3")
    sheet.merge_cells("G2:H2")
    for letter in "IJKLMNOPQ":
        sheet.merge_cells(f"{letter}2:{letter}3")
    for number, person in enumerate(people, start=1):
        sheet.append([number, *person])
    book.save(path)
    return path


PEOPLE = [
    ["  NGUYỄN   văn AN ", "15/3/2006", "Nam", "001206001234", "cb-cntt", "26/3/2021", "Chi đoàn 10A1",
     "Xã Phú Bình, tỉnh Thái Nguyên", "Xã Phú Bình, tỉnh Thái Nguyên", "Xóm Đồng Quan, xã Phú Bình, tỉnh Thái Nguyên",
     "Kinh", "Không", "Sinh viên", "12/12", "NTVĐ-2026-01", "1301"],
    ["trần thị bình", 38791, "Nữ", "001306005678", "cb-cntt", datetime.datetime(2020, 3, 26), "Chi đoàn 11A2",
     "Xã Yên Lạc, tỉnh Phú Thọ", "Xã Yên Lạc, tỉnh Phú Thọ", "Thôn Đông, xã Yên Lạc, tỉnh Phú Thọ",
     "Kinh", "Không", "Sinh viên", "12/12", None, None],
]


def test_a_hand_made_roster_imports(workspace, tmp_path):
    code, output = run("import", "xlsx", roster(tmp_path / "danh-sach.xlsx", PEOPLE), workspace)
    assert code == 0, output
    an = (workspace / "ung-vien/nguyen-van-an.yaml").read_text(encoding="utf-8")
    binh = (workspace / "ung-vien/tran-thi-binh.yaml").read_text(encoding="utf-8")
    assert "ho_ten: Nguyễn Văn An\n" in an and "ho_ten: Trần Thị Bình\n" in binh  # spacing and case
    assert "ngay_sinh: 2006-03-15\n" in an and "ngay_sinh: 2006-03-15\n" in binh  # text and serial number
    assert "  doan_thanh_nien:\n    ngay_vao: 2021-03-26\n    noi_vao: Chi đoàn 10A1\n" in an  # merged header
    assert 'so_can_cuoc: "001206001234"' in an
    assert an.index("chi_bo:") < an.index("ho_ten:") < an.index("ngay_sinh:") < an.index("trinh_do:")  # schema order
    assert "../ung-vien/nguyen-van-an.yaml" in (workspace / "lop/lop-2026-01.yaml").read_text(encoding="utf-8")
    assert "cột" not in output  # every column recognised (STT is skipped silently)
    code, output = run("validate", workspace / "ung-vien/tran-thi-binh.yaml")
    assert code == 0, output
    # imported again: the same people are updated, not created twice
    code, output = run("import", "xlsx", tmp_path / "danh-sach.xlsx", workspace)
    assert code == 0 and "0 tệp mới" in output, output
    assert not (workspace / "ung-vien/nguyen-van-an-2.yaml").exists()


def test_a_broken_roster_names_sheet_row_and_column_for_every_problem_and_writes_nothing(workspace, tmp_path):
    broken = [list(p) for p in PEOPLE]
    broken[0][1] = "31/02/2006"
    broken[0][2] = "Nam giới"
    broken[1][4] = "cb-khong-co"
    broken[1][14] = "LOP-KHONG-CO"
    broken[1][10] = "Kinh"  # fine
    broken[1][12] = "NguyÔn V¨n §øc lµm ruéng"  # TCVN3 typed into a cell
    before = snapshot(workspace)
    code, output = run("import", "xlsx", roster(tmp_path / "hong.xlsx", broken), workspace)
    assert code == 1, output
    expected = [
        r"hong\.xlsx: lỗi \[schema\.format\] Danh sách!C4: 'ngay_sinh' \(Ngày sinh\): Ngày 31/02/2006 không tồn tại",
        r"hong\.xlsx: lỗi \[schema\.enum\] Danh sách!D4: .*'Nam giới' không hợp lệ",
        r"hong\.xlsx: lỗi \[ref\.body\] Danh sách!F5: chi bộ 'cb-khong-co' không có",
        r"hong\.xlsx: lỗi \[sheet\.unknown_class\] Danh sách!P5: không có lớp mã 'LOP-KHONG-CO'",
        r"hong\.xlsx: lỗi \[sheet\.encoding_legacy\] Danh sách!N5: .*TCVN3",
    ]
    for pattern in expected:
        assert re.search(pattern, output), f"{pattern}\n{output}"
    assert "không ghi tệp nào" in output
    assert snapshot(workspace) == before and not (workspace / BACKUPS).exists()


def test_an_xls_file_is_refused_with_what_to_do(workspace, tmp_path):
    old = tmp_path / "danh-sach.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    code, output = run("import", "xlsx", old, workspace)
    assert code == 1
    assert "danh-sach.xls: lỗi [sheet.xls]" in output and "lưu lại dưới dạng .xlsx" in output


# ------------------------------------------------------------------ blank workbook, filled as a person would

def blank_workspace(tmp_path: Path) -> Path:
    """A workspace without candidates: the organisation file, the scans and one class of the
    samples with an empty list of students (the fast path; the README's way from `dossier init`:
    test_from_nothing_to_built_dossiers_the_readme_way)."""
    ws = tmp_path / "ws"
    shutil.copytree(SAMPLES, ws, ignore=shutil.ignore_patterns("ung-vien", "lop"))
    (ws / "ung-vien").mkdir()
    (ws / "lop").mkdir()
    text = (SAMPLES / "lop/lop-2026-01.yaml").read_text(encoding="utf-8")
    (ws / "lop/lop-2026-01.yaml").write_text(text.split("hoc_vien:")[0] + "hoc_vien: []\n", encoding="utf-8")
    return ws


def test_blank_workbook_filled_in_and_imported(tmp_path):
    """export --blank, three people typed in as a person would (text dates, columns filled in
    another order than the sheet's), import, validate."""
    ws = blank_workspace(tmp_path)
    blank = export(ws, tmp_path / "mau.xlsx", "--blank")
    book = openpyxl.load_workbook(blank)
    assert book["ung-vien"].max_row == 1
    fill_three(book)
    book.save(tmp_path / "da-dien.xlsx")
    code, output = run("import", "xlsx", tmp_path / "da-dien.xlsx", ws)
    assert code == 0, output
    assert sorted(p.name for p in (ws / "ung-vien").glob("*.yaml")) == [
        "hoang-van-binh.yaml", "le-thi-cuc.yaml", "pham-minh-an.yaml"]
    code, output = run("validate", ws)
    assert code == 0, output
    an = (ws / "ung-vien/pham-minh-an.yaml").read_text(encoding="utf-8")
    assert an.startswith("# yaml-language-server: $schema=../.dossier/schemas/ung-vien.schema.json\n")
    assert "gia_dinh:\n  - quan_he: Bố đẻ\n    ho_ten: Phạm Văn Bảo\n    nam_sinh: 1975\n" in an
    assert "moc:\n  don_xin_vao_dang:\n    ngay: 2026-11-05\n" in an
    lop = (ws / "lop/lop-2026-01.yaml").read_text(encoding="utf-8")
    assert 'hoc_vien:\n  - ho_so: ../ung-vien/pham-minh-an.yaml\n    so_chung_nhan: "1301"\n' in lop


INIT = ["--dia-danh", "Bình Minh", "--co-so", "Đảng bộ Trường Cao đẳng Công nghệ Bình Minh",
        "--cap-tren", "Đảng bộ phường Bình Minh", "--ky-co-so", "Lê Văn Khải", "--ky-cap-tren", "Hoàng Minh Tuấn",
        "--chi-bo", "Chi bộ Khoa Công nghệ thông tin", "--chi-bo", "Chi bộ Phòng Đào tạo",
        "--dang-vien", "Chi bộ Khoa Công nghệ thông tin: Ngô Văn Đức, 19/5/2008, 19/5/2009",
        "--dang-vien", "Chi bộ Phòng Đào tạo: Trần Thị Mai, 3/2/2010, 3/2/2011"]


@pytest.mark.slow
def test_from_nothing_to_built_dossiers_the_readme_way(tmp_path, monkeypatch):
    """The acceptance path of issue #19, as README.md ("Bắt đầu một bộ hồ sơ mới") says:
    init, new lop, export xlsx --blank, the workbook filled (three people, text dates,
    columns filled in another order than the sheet's), import, build: exit 0, three dossiers."""
    monkeypatch.chdir(tmp_path)
    code, output = run("init", "ho-so-moi", *INIT)
    assert code == 0, output
    ws = tmp_path / "ho-so-moi"
    monkeypatch.chdir(ws)
    code, output = run("new", "lop", "--ma", "NTVĐ-2026-01", "--ten", "Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2026",
                       "--tu-ngay", "15/3/2026", "--den-ngay", "19/3/2026", "--ngay-cap", "26/3/2026")
    assert code == 0, output
    (ws / "tep-dinh-kem").mkdir()  # the office's scans of the applications
    shutil.copy(SAMPLES / "tep-dinh-kem/lang-thi-thuong-don-xin-vao-dang.png", ws / "tep-dinh-kem/don.png")
    code, output = run("export", "xlsx", ".", "--blank", "-o", "mau.xlsx")
    assert code == 0, output
    book = openpyxl.load_workbook(ws / "mau.xlsx")
    assert book["ung-vien"].max_row == 1
    fill_three(book, chi_bo=("cb-khoa-cong-nghe-thong-tin", "cb-phong-dao-tao"), scan="../tep-dinh-kem/don.png")
    book.save(ws / "mau.xlsx")
    code, output = run("import", "xlsx", "mau.xlsx", ".")
    assert code == 0, output
    assert sorted(p.name for p in (ws / "ung-vien").glob("*.yaml")) == [
        "hoang-van-binh.yaml", "le-thi-cuc.yaml", "pham-minh-an.yaml"]
    code, output = run("build", ".", "-o", tmp_path / "out")
    assert code == 0, output
    assert len(list((tmp_path / "out").rglob("ho-so-ket-nap-*.pdf"))) == 3, output


def fill_three(book, chi_bo=("cb-cntt", "cb-dao-tao"), scan="../tep-dinh-kem/lang-thi-thuong-don-xin-vao-dang.png") -> None:
    people = book["ung-vien"]
    head = columns(people)
    order = ["Nơi thường trú", "Họ và tên thường dùng", "Chi bộ", "Ngày sinh", "Giới tính", "Quê quán",
             "Nơi đăng ký khai sinh", "Dân tộc", "Tôn giáo", "Nghề nghiệp hiện nay", "Số căn cước",
             "Giáo dục phổ thông"]
    rows = [
        ["Xóm Đồng Quan, xã Phú Bình, tỉnh Thái Nguyên", "Phạm Minh An", chi_bo[0], "05/01/2005", "Nam",
         "Xã Phú Bình, tỉnh Thái Nguyên", "Xã Phú Bình, tỉnh Thái Nguyên", "Kinh", "Không", "Sinh viên",
         "019205000111", "12/12"],
        ["Thôn Đông, xã Yên Lạc, tỉnh Phú Thọ", "Lê Thị Cúc", chi_bo[0], "2004-12-31", "Nữ",
         "Xã Yên Lạc, tỉnh Phú Thọ", "Xã Yên Lạc, tỉnh Phú Thọ", "Kinh", "Không", "Sinh viên", "025304000222",
         "12/12"],
        ["Tổ 3, phường Bình Minh, tỉnh Thái Nguyên", "Hoàng Văn Bình", chi_bo[1], "ngày 7 tháng 8 năm 2003",
         "Nam", "Xã Đại Từ, tỉnh Thái Nguyên", "Xã Đại Từ, tỉnh Thái Nguyên", "Tày", "Không", "Giảng viên",
         "019203000333", "12/12"],
    ]
    for number, values in enumerate(rows, start=2):
        for header, value in zip(order, values):
            people[f"{head[header]}{number}"] = value
    for number, certificate in enumerate(["1301", "1302", "1303"], start=2):
        people[f"{head['Lớp bồi dưỡng (mã lớp)']}{number}"] = "NTVĐ-2026-01"
        people[f"{head['Số giấy chứng nhận']}{number}"] = certificate
    steps, scans = book["moc"], book["dinh-kem"]
    mh, dh = columns(steps), columns(scans)
    for number, who in enumerate([r[1] for r in rows], start=2):
        steps[f"{mh['Họ và tên người xin vào Đảng']}{number}"] = who
        steps[f"{mh['Mốc']}{number}"] = "Đơn xin vào Đảng"
        steps[f"{mh['Ngày']}{number}"] = "5/11/2026"
        scans[f"{dh['Họ và tên người xin vào Đảng']}{number}"] = who
        scans[f"{dh['Mã tài liệu']}{number}"] = "1-KNĐ"
        scans[f"{dh['Tệp']}{number}"] = scan
    family = book["gia-dinh"]
    fh = columns(family)
    for number, (who, relation, name, year) in enumerate([("Phạm Minh An", "Bố đẻ", "Phạm Văn Bảo", 1975),
                                                         ("Phạm Minh An", "Mẹ đẻ", "Vũ Thị Lan", 1978)], start=2):
        family[f"{fh['Họ và tên người xin vào Đảng']}{number}"] = who
        family[f"{fh['Quan hệ']}{number}"] = relation
        family[f"{fh['Họ và tên']}{number}"] = name
        family[f"{fh['Năm sinh']}{number}"] = year


# ------------------------------------------------------------------ the published column list

def test_the_column_list_in_the_docs_is_current():
    from dossier.sheet_doc import column_list

    assert (ROOT / "docs" / "bang-tinh.md").read_text(encoding="utf-8") == column_list(), \
        "run: python -m dossier.sheet_doc > docs/bang-tinh.md"


@pytest.mark.parametrize("sheet", ["ung-vien", "gia-dinh", "moc"])
def test_exported_headers_are_read_back_as_the_same_columns(sheet):
    from dossier.sheet_columns import sheet as spec
    from dossier.sheet_export import headers
    from dossier.sheet_read import _header_columns, _words

    found = _header_columns([headers(spec(sheet))], 0, _words(spec(sheet)))
    assert len(found) == len(headers(spec(sheet)))


def test_rows_beyond_the_cap_are_refused_and_empty_rows_end_a_sheet(workspace, tmp_path, monkeypatch):
    from dossier import sheet_read

    monkeypatch.setattr(sheet_read, "MAX_ROWS", 5)
    monkeypatch.setattr(sheet_read, "MAX_EMPTY_RUN", 3)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Ngày sinh"])
    for i in range(6):
        sheet.append([f"Người {i}", "01/01/2000"])
    book.save(tmp_path / "dai.xlsx")
    code, output = run("import", "xlsx", tmp_path / "dai.xlsx", workspace)
    assert code == 1 and "[sheet.too_many_rows] Sheet: trang 'Sheet' có quá nhiều dòng (hơn 5)" in output, output
    sheet.delete_rows(4, 4)
    sheet["A8"] = "Sau 4 dòng trống: không đọc nữa"
    book.save(tmp_path / "dai.xlsx")
    tables, findings = sheet_read.read_workbook(tmp_path / "dai.xlsx", "dai.xlsx")
    assert [r.number for r in tables[0].rows] == [2, 3] and not findings
