"""The spreadsheet round-trip on big and machine-written workspaces (issue #22):
files are read as the toolkit reads them, round-trip only when the import
changes them, and a file written by another program keeps its layout."""

from __future__ import annotations

import openpyxl
import yaml

from conftest import edit
from dossier import loader, yaml_writer
from test_sheet import changed_lines, export, run, set_cell, snapshot

HOA = "ung-vien/nguyen-thi-hoa.yaml"


def test_an_unquoted_id_number_keeps_its_zeros_in_the_workbook(workspace, tmp_path):
    """The toolkit reads ``so_can_cuoc: 019208004517`` as text (dossier.loader);
    a YAML 1.2 reader makes it the number 19208004517."""
    edit(workspace / "ung-vien/dao-minh-khuong.yaml", 'so_can_cuoc: "019208004517"', "so_can_cuoc: 019208004517")
    book = openpyxl.load_workbook(export(workspace, tmp_path / "ho-so.xlsx"))
    sheet = book["ung-vien"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "ung-vien/dao-minh-khuong.yaml")
    assert row[header.index("Số căn cước")] == "019208004517"


def test_an_import_reads_round_trip_only_the_files_it_changes(workspace, tmp_path, monkeypatch):
    read = []
    real = yaml_writer.load
    monkeypatch.setattr(yaml_writer, "load", lambda path: read.append(path.name) or real(path))
    book_path = export(workspace, tmp_path / "ho-so.xlsx")
    code, output = run("import", "xlsx", book_path, workspace)
    assert code == 0 and "Đã ghi 0 tệp" in output, output
    assert read == []
    book = openpyxl.load_workbook(book_path)
    set_cell(book, "ung-vien", HOA, "Tôn giáo", "Phật giáo")
    book.save(book_path)
    code, output = run("import", "xlsx", book_path, workspace)
    assert code == 0 and "Đã ghi 1 tệp" in output, output
    assert read == ["nguyen-thi-hoa.yaml"]


def test_a_file_written_by_another_program_keeps_its_layout_when_one_value_changes(workspace, tmp_path):
    """PyYAML's layout (lists not indented, long lines wrapped at 100) is not one
    ruamel reproduces byte for byte: the closest layout is used, so the lists keep
    their indentation and only the edited line and the wrapped values change."""
    path = workspace / HOA
    doc, _ = loader.load(path)
    text = yaml.safe_dump(doc.data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")
    wrapped = sum(1 for line, following in zip(text.splitlines(), text.splitlines()[1:])
                  if following.startswith(" ") and not following.lstrip().startswith(("- ", "#"))
                  and ":" not in following.split(" #")[0].strip().split(" ")[0] and not line.rstrip().endswith(":"))
    assert wrapped > 0 and not yaml_writer.load(path).exact  # the case this test is about
    before = snapshot(workspace)
    book_path = export(workspace, tmp_path / "ho-so.xlsx")
    book = openpyxl.load_workbook(book_path)
    set_cell(book, "ung-vien", HOA, "Tôn giáo", "Phật giáo")
    book.save(book_path)
    code, output = run("import", "xlsx", book_path, workspace)
    assert code == 0, output
    changes = changed_lines(before, snapshot(workspace))
    added = [line for _, sign, line in changes if sign == "+"]
    assert "ton_giao: Phật giáo" in added
    assert len(added) <= 1 + wrapped, "\n".join(added)


def test_a_file_that_cannot_be_read_round_trip_is_named_and_nothing_is_written(workspace, tmp_path, monkeypatch):
    from ruamel.yaml.error import YAMLError

    book_path = export(workspace, tmp_path / "ho-so.xlsx")
    book = openpyxl.load_workbook(book_path)
    set_cell(book, "ung-vien", HOA, "Tôn giáo", "Phật giáo")
    book.save(book_path)
    before = snapshot(workspace)

    def refuse(path):
        raise YAMLError("ruamel refuses this file")
    monkeypatch.setattr(yaml_writer, "load", refuse)
    code, output = run("import", "xlsx", book_path, workspace)
    assert code == 1, output
    assert "nguyen-thi-hoa.yaml" in output and "không đọc được để sửa" in output
    assert snapshot(workspace) == before
