"""`dossier templates check`: split tags, syntax errors and unknown variables are found before rendering."""

import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from dossier.cli import cli
from dossier.render import TEMPLATE_DIR
from dossier.template_check import check_template, known_variables, references, variable_paths
from dossier.render import make_environment, render_docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


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


KNOWN = {"uv", "uv.ho_ten", "uv.ngay_sinh", "uv.que_quan"}
HOA = Path("ung-vien") / "nguyen-thi-hoa.yaml"


def make_bold_template(path: Path, *paragraphs) -> Path:
    """Like make_template, but every second run of a paragraph is bold (Word
    splits a tag that way when part of it is made bold)."""
    document = docx.Document()
    for runs in paragraphs:
        p = document.add_paragraph()
        for i, text in enumerate(runs):
            p.add_run(text).bold = bool(i % 2)
    document.save(path)
    return path


def make_raw_template(path: Path, runs_xml: str) -> Path:
    """A template whose first paragraph holds ``runs_xml`` (WordprocessingML),
    followed by a paragraph «Đoạn cuối»."""
    document = docx.Document()
    paragraph = document.add_paragraph()._p
    for child in etree.fromstring(f'<w:p xmlns:w="{W_NS}">{runs_xml}</w:p>'):
        paragraph.append(child)
    document.add_paragraph("Đoạn cuối")
    document.save(path)
    return path


def rendered_text(template: Path, tmp_path: Path) -> list[str]:
    out = render_docx(template, {"uv": {"ho_ten": "Nguyễn Thị Hoa", "ngay_sinh": "12/05/2001",
                                        "que_quan": "xã Yên Lạc, tỉnh Vĩnh Phúc"}}, tmp_path / "out.docx")
    return [p.text for p in docx.Document(out).paragraphs]


def render_in_workspace(workspace: Path, template: Path, tmp_path: Path):
    """`dossier render` of 9-KNĐ for Nguyễn Thị Hoa, with ``template`` as the
    workspace's own 9-KND.docx."""
    (workspace / "mau").mkdir(exist_ok=True)
    shutil.copyfile(template, workspace / "mau" / "9-KND.docx")
    return CliRunner().invoke(cli, ["render", str(workspace / HOA), "-o", str(tmp_path / "out"), "--form", "9-KNĐ"])


@pytest.mark.parametrize("runs, expected", [
    (["Ngày sinh: {{ uv.ngay", "_sinh }}"], "Ngày sinh: 12/05/2001"),  # half of the tag bold
    (["Quê quán: {", "{ uv.que_quan }}"], "Quê quán: xã Yên Lạc, tỉnh Vĩnh Phúc"),
    (["Họ tên: {{ uv.ho_ten }", "}"], "Họ tên: Nguyễn Thị Hoa"),
    (["{% if uv.ho_ten ", "%}Có tên{% endif %}"], "Có tên"),
])
def test_a_tag_split_across_runs_that_the_render_joins_is_no_finding(tmp_path, runs, expected):
    """Word splits a tag when part of it changes formatting; docxtpl's own
    pre-processing joins it again at render time, so the check must not say it
    «will not be replaced» (issue #16, item 11)."""
    path = make_bold_template(tmp_path / "a.docx", runs)
    assert check_template(path, KNOWN) == []
    assert rendered_text(path, tmp_path) == [expected]


def test_a_tag_split_across_a_content_control_is_found_and_the_build_refuses_it(workspace, tmp_path):
    """A tag split across a content control: the render's pre-processing joins
    it by cutting the control in half, which silently loses the next paragraph.
    The check reports it, quoting the paragraph, and the build refuses the
    template with the same words."""
    path = make_raw_template(tmp_path / "a.docx", '<w:r><w:t>Họ tên: {{ uv.</w:t></w:r><w:sdt><w:sdtPr/>'
                                                  '<w:sdtContent><w:r><w:t>ho_ten }}</w:t></w:r></w:sdtContent></w:sdt>')
    (finding,) = check_template(path, KNOWN)
    assert finding.code == "template.split_tag" and "«Họ tên: {{ uv.ho_ten }}»" in finding.message
    result = render_in_workspace(workspace, path, tmp_path)
    assert result.exit_code == 1
    assert finding.message in result.output and "9-KND.docx" in result.output


@pytest.mark.parametrize("runs, fragments", [
    (["Họ tên: { { uv.ho_ten }}"], "'{ {', '}}'"),
    (["Họ tên: {{ uv.ho_ten }} }}"], "'}}'"),
    (["{ % if uv.ho_ten %}Có tên"], "'{ %', '%}'"),
])
def test_braces_that_are_no_tag_are_found_and_the_build_refuses_them(workspace, tmp_path, runs, fragments):
    """Braces Jinja does not take for a tag are printed as they are: the check
    says so, and the build refuses to print them into an official document."""
    path = make_template(tmp_path / "a.docx", runs)
    (finding,) = [f for f in check_template(path, KNOWN) if f.code != "template.syntax"]
    assert finding.code == "template.literal_tag"
    assert finding.message.startswith(f"{fragments} không phải thẻ nên sẽ được in nguyên văn")
    assert f"«{runs[0]}»" in finding.message
    result = render_in_workspace(workspace, path, tmp_path)
    assert result.exit_code == 1 and "không phải thẻ nên sẽ được in nguyên văn" in result.output


def test_a_tag_closed_in_the_next_paragraph_is_found_and_the_build_refuses_it(workspace, tmp_path):
    """The render would take both paragraphs into the tag and print them as one
    («Họ tên: Nguyễn Thị Hoa xong»): the check reports it and the build refuses."""
    path = make_template(tmp_path / "a.docx", ["Họ tên: {{ uv.ho_ten"], ["}} xong"], ["Đoạn cuối"])
    (finding,) = check_template(path, KNOWN)
    assert finding.code == "template.unclosed_tag" and "«Họ tên: {{ uv.ho_ten»" in finding.message
    result = render_in_workspace(workspace, path, tmp_path)
    assert result.exit_code == 1 and finding.message in result.output


def test_a_tag_split_across_runs_renders_in_a_workspace_template(workspace, tmp_path):
    path = make_bold_template(tmp_path / "a.docx", ["Kết nạp quần chúng {{ uv.", "ho_ten }} vào Đảng."])
    assert check_template(path, KNOWN) == []
    result = render_in_workspace(workspace, path, tmp_path)
    assert result.exit_code == 0, result.output
    (written,) = (tmp_path / "out").rglob("*.docx")
    assert [p.text for p in docx.Document(written).paragraphs] == ["Kết nạp quần chúng Nguyễn Thị Hoa vào Đảng."]


def test_headers_and_footers_are_checked(tmp_path):
    """The render passes headers and footers through Jinja too."""
    document = docx.Document()
    document.add_paragraph("Họ tên: {{ uv.ho_ten }}")
    document.sections[0].footer.paragraphs[0].text = "Trang của {{ uv.ho_tenn }} {{ uv.ngay_sinh }"
    document.save(tmp_path / "a.docx")
    assert codes(check_template(tmp_path / "a.docx", KNOWN)) == ["template.syntax", "template.unclosed_tag"]
    document.sections[0].footer.paragraphs[0].text = "Trang của {{ uv.ho_tenn }}"
    document.save(tmp_path / "a.docx")
    (finding,) = check_template(tmp_path / "a.docx", KNOWN)
    assert finding.code == "template.unknown_variable" and "uv.ho_tenn" in finding.message


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
    assert (tmp_path / "mau" / "9-KND.docx").is_file()
    make_template(tmp_path / "mau" / "9-KND.docx", ["{{ qd.can_cuu }}"])
    result = runner.invoke(cli, ["templates", "check", str(tmp_path / "mau")])
    assert result.exit_code == 1
    assert "qd.can_cuu" in result.output and "9-KND.docx" in result.output


def test_export_never_overwrites_an_edited_template(tmp_path):
    """A second export keeps the templates the user edited (issue #16, item 9),
    says which differ and exits 1; identical ones are left as they are;
    --force overwrites. The catalog is not copied: nothing reads it there."""
    mau = tmp_path / "mau"
    first = CliRunner().invoke(cli, ["templates", "export", str(mau)])
    assert first.exit_code == 0
    assert not (mau / "catalog.yaml").exists()
    builtin = sorted(p.name for p in TEMPLATE_DIR.glob("*.docx"))
    assert sorted(p.name for p in mau.iterdir()) == builtin
    make_template(mau / "9-KND.docx", ["Quyết định đã sửa: {{ uv.ho_ten }}"])
    edited = (mau / "9-KND.docx").read_bytes()
    second = CliRunner().invoke(cli, ["templates", "export", str(mau)])
    assert second.exit_code == 1
    assert (mau / "9-KND.docx").read_bytes() == edited
    assert f"✗ {mau / '9-KND.docx'}: đã có và khác mẫu có sẵn" in second.output
    assert "--force" in second.output and "✓" not in second.output
    assert f"= {mau / '1-KND.docx'} (đã có, giống hệt mẫu có sẵn)" in second.output
    forced = CliRunner().invoke(cli, ["templates", "export", str(mau), "--force"])
    assert forced.exit_code == 0
    assert f"✓ {mau / '9-KND.docx'} (đã ghi đè" in forced.output
    assert (mau / "9-KND.docx").read_bytes() == (TEMPLATE_DIR / "9-KND.docx").read_bytes()
