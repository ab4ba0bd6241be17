"""What a render prepares once per template (dossier.docx_template): the output
is what docxtpl and python-docx make from the file, the parts no render
touches are written byte for byte, and a field that would fetch something is
refused wherever the rendered document has it."""

import io
import random
import re
import zipfile

import docx
import pytest
from docxtpl import DocxTemplate

from dossier import render as render_module
from dossier.docx_template import CompiledTemplate, docx_bytes
from dossier.errors import TemplateError
from dossier.render import render_docx

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _template(tmp_path, body_text: str = "Kính gửi {{ ten }}", replace: dict | None = None):
    """A .docx made by python-docx with one paragraph, parts then replaced by ``replace``."""
    document = docx.Document()
    document.add_paragraph(body_text)
    document.sections[0].header.paragraphs[0].text = "Đầu trang {{ ten }}"
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            for old, new in (replace or {}).get(info.filename, ()):
                assert old in data, (info.filename, old)
                data = data.replace(old, new)
            out.writestr(info.filename, data)
    path = tmp_path / "mau.docx"
    path.write_bytes(target.getvalue())
    return path


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_resolve_listing_is_docxtpls_on_every_kind_of_paragraph():
    rpr, ppr = "<w:rPr><w:b/></w:rPr>", '<w:pPr><w:jc w:val="center"/></w:pPr>'
    paragraphs = [
        f"<w:p>{ppr}<w:r>{rpr}<w:t>không có gì</w:t></w:r></w:p>",
        f'<w:p w:rsidR="00AB">{ppr}<w:r>{rpr}<w:t xml:space="preserve">a\tb\nc</w:t></w:r></w:p>',
        "<w:p><w:r><w:t>trang\fmới</w:t></w:r><w:r><w:t>đoạn\amới</w:t></w:r></w:p>",
        "<w:p><w:pPr/><w:r><w:t>bình thường</w:t></w:r></w:p>",
        # a text box: a paragraph inside a paragraph, which both take as ending at the inner </w:p>
        "<w:p><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>trong\thộp</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></w:r><w:r><w:t>sau\nhộp</w:t></w:r></w:p>",
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ô\nbảng</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    ]
    template = CompiledTemplate(b"")
    for xml in ["".join(paragraphs), "".join(paragraphs[:1] + paragraphs[3:4]), paragraphs[1] * 3]:
        xml = f"<w:body {W}>{xml}</w:body>"
        assert template.resolve_listing(xml) == DocxTemplate.resolve_listing(None, xml)
    assert "<w:tab/>" in template.resolve_listing(paragraphs[1])


def test_resolve_listing_is_docxtpls_on_any_string():
    """Both work on the text, not on an XML tree: any sequence of these pieces,
    well-formed or not (an unclosed paragraph, a stray end tag), gives the same."""
    pieces = ["<w:p>", '<w:p w:rsidR="1">', "</w:p>", "<w:pPr><w:jc/></w:pPr>", "<w:r>", "<w:r w:x='2'>", "</w:r>",
              "<w:rPr><w:i/></w:rPr>", "<w:t>", '<w:t xml:space="preserve">', "</w:t>", "<w:txbxContent>",
              "</w:txbxContent>", "<w:proofErr/>", "chữ", "a\tb", "c\nd", "e\af", "g\fh", "\n", " "]
    rng = random.Random(2026)
    template = CompiledTemplate(b"")
    for _ in range(3000):
        xml = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        assert template.resolve_listing(xml) == DocxTemplate.resolve_listing(None, xml), xml


def test_a_render_writes_the_untouched_parts_byte_for_byte(tmp_path):
    """Styles, settings and numbering are neither parsed nor serialised again: a
    template saved by Word keeps them exactly (here: indented, which lxml
    would not write back the same)."""
    indented = (b"<w:style ", b"\n    <w:style ")
    template = _template(tmp_path, replace={"word/styles.xml": [indented]})
    output = render_docx(template, {"ten": "Nguyễn Thị Hoa"}, tmp_path / "ra.docx")
    made, source = _parts(output), _parts(template)
    assert made["word/styles.xml"] == source["word/styles.xml"]
    assert made["word/settings.xml"] == source["word/settings.xml"]
    document = docx.Document(output)
    assert document.paragraphs[-1].text == "Kính gửi Nguyễn Thị Hoa"
    assert document.sections[0].header.paragraphs[0].text == "Đầu trang Nguyễn Thị Hoa"
    assert document.styles["Normal"] is not None  # the kept bytes are a styles part Word reads


def test_each_render_of_one_template_starts_from_the_template(tmp_path):
    template = _template(tmp_path)
    first = render_docx(template, {"ten": "Nguyễn Thị Hoa"}, tmp_path / "1.docx", {"le_trai_mm": 30})
    second = render_docx(template, {"ten": "Trần Văn Bình"}, tmp_path / "2.docx")
    assert docx.Document(first).paragraphs[-1].text == "Kính gửi Nguyễn Thị Hoa"
    document = docx.Document(second)
    assert document.paragraphs[-1].text == "Kính gửi Trần Văn Bình"
    assert round(document.sections[0].left_margin.mm) == 35  # the default, not the first render's 30
    assert round(docx.Document(first).sections[0].left_margin.mm) == 30


FIELD_RUNS = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">{}'
              '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


@pytest.mark.parametrize("where", ["body", "value", "header"])
def test_a_field_that_fetches_is_refused_wherever_it_is(tmp_path, where):
    text = 'INCLUDEPICTURE "http://127.0.0.1/x.png" \\d'
    if where == "header":
        field = f'<w:fldSimple w:instr="{text.replace(chr(34), "&quot;")}"><w:r><w:t>x</w:t></w:r></w:fldSimple>'
        replace = {"word/header1.xml": [(b"</w:p>", field.encode() + b"</w:p>")]}
    else:
        field = FIELD_RUNS.format("{{ truong }}" if where == "value" else text.replace('"', "&quot;"))
        replace = {"word/document.xml": [(b"</w:body>", f"<w:p>{field}</w:p></w:body>".encode())]}
    template = _template(tmp_path, replace=replace)
    names = set(_parts(template))
    assert "word/header1.xml" in names
    with pytest.raises(TemplateError, match="liên kết ra ngoài") as caught:
        render_docx(template, {"ten": "A", "truong": text}, tmp_path / "ra.docx")
    assert "INCLUDEPICTURE" in str(caught.value)
    assert not (tmp_path / "ra.docx").exists()
    # a field that fetches nothing (a page number) is kept
    harmless = {name: [(old, re.sub(rb"INCLUDEPICTURE[^<]*?(?=</w:instrText>|\")", b"PAGE", new))
                       for old, new in pairs] for name, pairs in replace.items()}
    fine = render_docx(_template(tmp_path, replace=harmless), {"ten": "A", "truong": "PAGE"}, tmp_path / "ok.docx")
    assert fine.is_file()


@pytest.mark.parametrize("whole", [False, True])
def test_docx_bytes_are_what_python_docx_saves(tmp_path, whole):
    """The same members in the same order with the same bytes as python-docx's
    own save — with a picture added too (a report's chart: a new part and a
    new relationship)."""
    from PIL import Image

    template = CompiledTemplate(_template(tmp_path).read_bytes(), whole=whole)
    template.render({"ten": "Nguyễn Thị Hoa"}, jinja_env=render_module._environment(), autoescape=True)
    if whole:
        png = tmp_path / "bieu-do.png"
        Image.new("RGB", (40, 20), "red").save(png)
        template.docx.add_picture(str(png))
    ours = zipfile.ZipFile(io.BytesIO(docx_bytes(template.docx)))
    theirs_buffer = io.BytesIO()
    template.docx.save(theirs_buffer)
    theirs = zipfile.ZipFile(theirs_buffer)
    assert ours.namelist() == theirs.namelist()
    assert any(name.startswith("word/media/") for name in ours.namelist()) == whole
    for name in ours.namelist():
        assert ours.read(name) == theirs.read(name), name


def test_the_templates_body_is_read_once_not_at_every_render(tmp_path):
    data = _template(tmp_path).read_bytes()
    template = CompiledTemplate(data)
    template.init_docx()
    assert len(template.docx.element.body) == 0  # opened hollow: the render puts its own body there
    assert "Kính gửi {{ ten }}" in template._source()
    whole = CompiledTemplate(data, whole=True)
    whole.init_docx()
    assert len(whole.docx.element.body) > 0


def test_a_main_document_under_another_name_renders(tmp_path):
    """Word sometimes names the main part word/document2.xml: found by its relationship."""
    renamed = {"[Content_Types].xml": [(b"/word/document.xml", b"/word/document2.xml")],
               "_rels/.rels": [(b"word/document.xml", b"word/document2.xml")]}
    path = _template(tmp_path, replace=renamed)
    data = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(data, "w") as target:
        for info in source.infolist():
            name = {"word/document.xml": "word/document2.xml",
                    "word/_rels/document.xml.rels": "word/_rels/document2.xml.rels"}.get(info.filename, info.filename)
            target.writestr(name, source.read(info))
    path.write_bytes(data.getvalue())
    output = render_docx(path, {"ten": "Nguyễn Thị Hoa"}, tmp_path / "ra.docx")
    assert "word/document2.xml" in _parts(output)
    assert docx.Document(output).paragraphs[-1].text == "Kính gửi Nguyễn Thị Hoa"


def test_a_text_without_tags_renders_as_jinja_renders_it():
    from jinja2.sandbox import SandboxedEnvironment

    reference = SandboxedEnvironment(autoescape=True)
    ours = render_module._environment()
    context = {"ten": "Nguyễn Thị Hoa", "x": "<b>"}
    for text in ["", "Đơn xin vào Đảng", "hai\ndòng", "cuối dòng\n", "hai dòng\n\n", "Windows\r\nxuống dòng",
                 "<w:p><w:r><w:t>a &amp; b</w:t></w:r></w:p>", "  khoảng trắng  ", "{{ ten }}", "{# chú thích #}x",
                 "} đóng", "100%", "{% if x %}có{% endif %}"]:
        assert ours.from_string(text).render(context) == reference.from_string(text).render(context), repr(text)
