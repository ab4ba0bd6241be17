"""`dossier render`: .docx only, for a person or a whole class; values are printed literally."""

import docx
from click.testing import CliRunner

from conftest import SAMPLES, edit
from dossier.cli import cli

HOSTILE = "Nguyễn Văn A & Cộng sự <b> {{ 7*7 }}"


def text_of(path):
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_value_with_xml_and_jinja_is_printed_literally(workspace, tmp_path):
    path = workspace / "ung-vien" / "nguyen-thi-hoa.yaml"
    edit(path, "que_quan: Xã Yên Lạc", f'que_quan: "{HOSTILE} — Xã Yên Lạc')
    edit(path, "tỉnh Vĩnh Phúc cũ)\n", 'tỉnh Vĩnh Phúc cũ)"\n')
    result = CliRunner().invoke(cli, ["render", str(path), "-o", str(tmp_path), "--form", "9-KNĐ"])
    assert result.exit_code == 0, result.output
    text = text_of(tmp_path / "nguyen-thi-hoa" / "9-KND.docx")
    assert HOSTILE in text and "49" not in text


def test_render_a_class(tmp_path):
    result = CliRunner().invoke(cli, ["render", str(SAMPLES / "lop" / "lop-2026-01.yaml"), "-o", str(tmp_path),
                                      "--form", "DS-HV", "--form", "9-KNĐ"])
    assert result.exit_code == 0, result.output
    class_list = text_of(tmp_path / "ntvd-2026-01" / "lop" / "DS-HV.docx")
    assert "Nguyễn Thị Hoa" in class_list
    assert (tmp_path / "ntvd-2026-01" / "nguyen-thi-hoa" / "9-KND.docx").is_file()
    assert "chưa dựng Đào Minh Khương: 9-KNĐ" in result.output
