"""`dossier templates check`: split tags, syntax errors and unknown variables are found before rendering."""

from pathlib import Path

import docx
from click.testing import CliRunner

from dossier.cli import cli
from dossier.render import TEMPLATE_DIR
from dossier.template_check import check_template, known_variables, references, variable_paths
from dossier.render import make_environment


def make_template(path: Path, *paragraphs) -> Path:
    """Each paragraph is a list of run texts."""
    document = docx.Document()
    for runs in paragraphs:
        p = document.add_paragraph()
        for text in runs:
            p.add_run(text)
    document.save(path)
    return path


def codes(findings):
    return sorted(f.code for f in findings)


def test_builtin_templates_are_clean():
    known = known_variables(TEMPLATE_DIR.parent / "samples")
    for template in sorted(TEMPLATE_DIR.glob("*.docx")):
        assert template.name in known, f"no sample candidate produces {template.name}"
        assert check_template(template, known[template.name]) == [], template.name


def test_split_tag_is_found_and_paragraph_quoted(tmp_path):
    path = make_template(tmp_path / "a.docx", ["Kết nạp quần chúng {{ uv.", "ho_ten }} vào Đảng."])
    (finding,) = check_template(path, {"uv", "uv.ho_ten"})
    assert finding.code == "template.split_tag"
    assert "Kết nạp quần chúng" in finding.message


def test_unknown_variable_with_suggestion(tmp_path):
    path = make_template(tmp_path / "a.docx", ["Họ tên: {{ uv.ho_tenn }}"],
                         ["{%p for n in tt.nguoi_than %}"], ["{{ n.quan_he }} {{ n.nghe }}"], ["{%p endfor %}"])
    known = {"uv", "uv.ho_ten", "tt", "tt.nguoi_than", "tt.nguoi_than[]", "tt.nguoi_than[].quan_he"}
    findings = check_template(path, known)
    assert codes(findings) == ["template.unknown_variable"] * 2
    messages = " ".join(f.message for f in findings)
    assert "uv.ho_tenn" in messages and "'uv.ho_ten'" in messages
    assert "tt.nguoi_than[].nghe" in messages


def test_syntax_error_is_located(tmp_path):
    path = make_template(tmp_path / "a.docx", ["Đoạn đầu"], ["Ngày {{ van_ban.ngay }"], ["Đoạn cuối"])
    assert codes(check_template(path, None)) == ["template.syntax", "template.unclosed_tag"]
    path = make_template(tmp_path / "b.docx", ["Đoạn đầu"], ["{% if x %}Ngày"], ["Đoạn cuối"])
    (finding,) = check_template(path, None)
    assert finding.code == "template.syntax" and "thiếu thẻ đóng" in finding.message
    assert "Đoạn đầu" in finding.message


def test_not_a_docx(tmp_path):
    path = tmp_path / "a.docx"
    path.write_text("không phải docx")
    assert codes(check_template(path, None)) == ["template.unreadable"]


def test_references_follow_loops():
    tree = make_environment().parse("{% for n in tt.nguoi_than %}{{ n.ho_ten }}{{ loop.index }}{% endfor %}{{ uv.ho_ten }}")
    assert references(tree) == {"tt.nguoi_than", "tt.nguoi_than[].ho_ten", "loop.index", "uv.ho_ten"}


def test_variable_paths():
    assert variable_paths({"a": {"b": "x"}, "c": [{"d": "y"}]}) == {"a", "a.b", "c", "c[]", "c[].d"}


def test_cli_export_then_check_finds_a_broken_copy(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["templates", "export", str(tmp_path / "mau")])
    assert result.exit_code == 0
    assert (tmp_path / "mau" / "9-KND.docx").is_file() and (tmp_path / "mau" / "catalog.yaml").is_file()
    make_template(tmp_path / "mau" / "9-KND.docx", ["{{ qd.can_cuu }}"])
    result = runner.invoke(cli, ["templates", "check", str(tmp_path / "mau")])
    assert result.exit_code == 1
    assert "qd.can_cuu" in result.output and "9-KND.docx" in result.output
