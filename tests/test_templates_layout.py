"""Layout and safety checks of the Word templates built by tools/make_templates.py.

No LibreOffice here: python-docx, docxtpl and lxml only. The sample contexts
below follow the variable contract exactly (see ``CONTRACT``); they are also
what a developer renders to eyeball the PDFs.
"""

from __future__ import annotations

import copy
import importlib.util
import io
import re
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.exceptions import UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "templates"
FONT = "Times New Roman"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _load_builder():
    spec = importlib.util.spec_from_file_location("make_templates", REPO / "tools" / "make_templates.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_templates", module)
    spec.loader.exec_module(module)
    return module


mt = _load_builder()


# ------------------------------------------------------------ sample data

def common_van_ban(**over) -> dict:
    base = {
        "cap_tren": "ĐẢNG BỘ TỈNH THÁI NGUYÊN",
        "co_quan": "ĐẢNG ỦY PHƯỜNG BÌNH MINH",
        "so_ky_hieu": "125-QĐ/ĐU",
        "dong_ngay": "Bình Minh, ngày 14 tháng 4 năm 2026",
        "ky": {"hinh_thuc": "T/M BAN THƯỜNG VỤ", "chuc_vu": "PHÓ BÍ THƯ", "ho_ten": "Đặng Thị Thu Hà"},
        "noi_nhan": [
            "- Như Điều 3,",
            "- Ban Tổ chức Tỉnh ủy (để báo cáo),",
            "- Lưu Văn phòng Đảng ủy.",
        ],
    }
    base.update(over)
    return base


def candidate() -> dict:
    return {
        "ho_ten": "Nguyễn Thị Hoa",
        "ho_ten_in_hoa": "NGUYỄN THỊ HOA",
        "ngay_sinh": "12/5/2004",
        "gioi_tinh": "Nữ",
        "que_quan": "Xã Yên Lạc, tỉnh Phú Thọ (xã Đồng Văn, huyện Yên Lạc, tỉnh Vĩnh Phúc cũ)",
        "noi_sinh": "Xã Phú Bình, tỉnh Thái Nguyên",
        "thuong_tru": "Thôn Đồng Mỏ, xã Phú Bình, tỉnh Thái Nguyên",
        "nghe_nghiep": "Sinh viên",
        "dan_toc": "Kinh",
        "ton_giao": "Không",
        "chi_bo": "Chi bộ Khoa Công nghệ thông tin",
        "dang_bo": "Đảng bộ Trường Cao đẳng Công nghệ Bình Minh",
    }


def sample_9knd() -> dict:
    return {
        "van_ban": common_van_ban(),
        "uv": candidate(),
        "qd": {
            "can_cu": [
                "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
                "Căn cứ Quy định số 294-QĐ/TW ngày 26/5/2025 của Ban Chấp hành Trung ương về thi hành"
                " Điều lệ Đảng;",
                "Căn cứ Hướng dẫn số 06-HD/TW ngày 09/6/2025 của Ban Bí thư về một số vấn đề cụ thể"
                " thi hành Điều lệ Đảng;",
                "Căn cứ Quy chế làm việc của Đảng ủy phường Bình Minh nhiệm kỳ 2025-2030;",
                "Xét đề nghị của Đảng ủy Trường Cao đẳng Công nghệ Bình Minh (Nghị quyết số 112-NQ/ĐU"
                " ngày 20/3/2026) và của Ban Xây dựng Đảng,",
            ],
            "tap_the_quyet_dinh": "BAN THƯỜNG VỤ ĐẢNG ỦY PHƯỜNG BÌNH MINH",
            "du_bi_thang": "12",
            "han_le_ket_nap": "30",
            "thi_hanh": "Văn phòng Đảng ủy, Ban Xây dựng Đảng, Đảng ủy Trường Cao đẳng Công nghệ Bình Minh,"
                        " Chi bộ Khoa Công nghệ thông tin và quần chúng Nguyễn Thị Hoa",
        },
    }


def sample_cv_ttll() -> dict:
    return {
        "van_ban": common_van_ban(
            cap_tren="ĐẢNG BỘ PHƯỜNG BÌNH MINH",
            co_quan="ĐẢNG ỦY TRƯỜNG CAO ĐẲNG CÔNG NGHỆ BÌNH MINH",
            so_ky_hieu="18-CV/ĐU",
            dong_ngay="Bình Minh, ngày 02 tháng 02 năm 2026",
            trich_yeu="V/v thẩm tra lý lịch người xin vào Đảng",
            ky={"hinh_thuc": "T/M ĐẢNG ỦY", "chuc_vu": "PHÓ BÍ THƯ", "ho_ten": "Phạm Thị Ngọc Anh"},
            noi_nhan=["- Như trên,", "- Chi bộ Khoa Công nghệ thông tin,", "- Lưu Văn phòng."],
        ),
        "uv": candidate(),
        "tt": {
            "kinh_gui": "Đảng ủy xã Phú Bình, tỉnh Thái Nguyên",
            "co_quan_de_nghi": "Đảng ủy Trường Cao đẳng Công nghệ Bình Minh",
            "nguoi_than": [
                {"quan_he": "Bố đẻ", "ho_ten": "Nguyễn Văn Thành", "nam_sinh": "1975",
                 "noi_o": "Thôn Đồng Mỏ, xã Phú Bình, tỉnh Thái Nguyên", "nghe_nghiep": "Làm ruộng"},
                {"quan_he": "Mẹ đẻ", "ho_ten": "Lương Thị Nhàn", "nam_sinh": "1978",
                 "noi_o": "Thôn Đồng Mỏ, xã Phú Bình, tỉnh Thái Nguyên", "nghe_nghiep": "Giáo viên mầm non"},
            ],
        },
    }


SAMPLES = {"9-KND": sample_9knd, "CV-TTLL": sample_cv_ttll}

TRICKY = "Nguyễn Văn A & Cộng sự <b> {{ 7*7 }}"


def long_context(ctx: dict) -> dict:
    """A stress variant: longer names, more list items, markup-like values."""
    ctx = copy.deepcopy(ctx)
    ctx["uv"]["ho_ten"] = TRICKY
    ctx["van_ban"]["noi_nhan"] = ctx["van_ban"]["noi_nhan"][:-1] + ["- " + TRICKY + ","] + ctx["van_ban"]["noi_nhan"][-1:]
    if "tt" in ctx:
        ctx["tt"]["kinh_gui"] = "Đảng ủy xã Phú Bình & <Đồng Hỷ>, tỉnh Thái Nguyên"
        extra = [
            {"quan_he": "Bố chồng", "ho_ten": "Trần Văn Bình", "nam_sinh": "1950",
             "noi_o": "Tổ dân phố số 7, phường Phan Đình Phùng, tỉnh Thái Nguyên", "nghe_nghiep": "Hưu trí"},
            {"quan_he": "Mẹ chồng", "ho_ten": "Hoàng Thị Mận", "nam_sinh": "1955",
             "noi_o": "Tổ dân phố số 7, phường Phan Đình Phùng, tỉnh Thái Nguyên", "nghe_nghiep": "Nội trợ"},
            {"quan_he": "Chồng", "ho_ten": "Trần Minh Đức", "nam_sinh": "2001",
             "noi_o": "Tổ dân phố số 7, phường Phan Đình Phùng, tỉnh Thái Nguyên",
             "nghe_nghiep": "Kỹ sư phần mềm <Công ty A & B>"},
        ]
        ctx["tt"]["nguoi_than"] = ctx["tt"]["nguoi_than"] + extra
    return ctx


# The variable contract: every leaf name the templates may use.
CONTRACT = {
    "van_ban": {"cap_tren", "co_quan", "so_ky_hieu", "dong_ngay", "trich_yeu", "ky", "noi_nhan"},
    "van_ban.ky": {"hinh_thuc", "chuc_vu", "ho_ten"},
    "uv": {"ho_ten", "ho_ten_in_hoa", "ngay_sinh", "gioi_tinh", "que_quan", "noi_sinh", "thuong_tru",
           "nghe_nghiep", "dan_toc", "ton_giao", "chi_bo", "dang_bo"},
    "qd": {"can_cu", "tap_the_quyet_dinh", "du_bi_thang", "han_le_ket_nap", "thi_hanh"},
    "tt": {"kinh_gui", "co_quan_de_nghi", "nguoi_than"},
    "tt.nguoi_than[]": {"quan_he", "ho_ten", "nam_sinh", "noi_o", "nghe_nghiep"},
}


# ---------------------------------------------------------------- helpers

def jinja_env() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def render(template: Path, context: dict, out: Path | None = None) -> bytes:
    """Render like the toolkit does: a fresh DocxTemplate per render, a
    sandboxed, autoescaping, strict Jinja environment."""
    tpl = DocxTemplate(str(template))
    tpl.render(context, jinja_env())
    buf = io.BytesIO()
    tpl.save(buf)
    data = buf.getvalue()
    if out is not None:
        out.write_bytes(data)
    return data


render_bytes = render  # name used by ad-hoc preview scripts


def part_xml(docx_bytes_or_path, name: str = "word/document.xml") -> bytes:
    src = docx_bytes_or_path
    if isinstance(src, (bytes, bytearray)):
        src = io.BytesIO(src)
    with zipfile.ZipFile(src) as z:
        return z.read(name)


def text_of(docx_bytes: bytes) -> str:
    """All visible text: body paragraphs and table cells, one line each."""
    doc = Document(io.BytesIO(docx_bytes))
    lines = []
    for p in doc.element.body.iter(f"{W}p"):
        lines.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return "\n".join(lines)


TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
DELIMS = ("{{", "}}", "{%", "%}", "{#", "#}")


@pytest.fixture(params=sorted(mt.TEMPLATES), scope="module")
def name(request):
    return request.param


@pytest.fixture(params=sorted(SAMPLES), scope="module")
def sampled(request) -> str:
    """The templates with a hand-written context (the others are rendered from the
    sample data by their builders in test_forms_*.py and test_template_check.py)."""
    return request.param


def sample(name) -> dict:
    """A hand-written context for the templates that have one; every template is
    also rendered from the real sample data in tests/test_forms.py."""
    if name not in SAMPLES:
        pytest.skip(f"no hand-written context for {name}")
    return SAMPLES[name]()


@pytest.fixture(scope="module")
def template(name) -> Path:
    path = TEMPLATES / f"{name}.docx"
    assert path.exists(), f"{path} missing: run .venv/bin/python tools/make_templates.py"
    return path


# ------------------------------------------------------------------ tests

def test_every_sample_has_a_builder():
    assert set(SAMPLES) <= set(mt.TEMPLATES)


def test_page_is_a4_with_party_margins(template):
    doc = Document(str(template))
    assert len(doc.sections) == 1
    s = doc.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.1)
    assert abs(s.page_height - Mm(297)) < Mm(0.1)
    for got, want in ((s.top_margin, 25), (s.bottom_margin, 25), (s.left_margin, 35), (s.right_margin, 15)):
        assert abs(got - Mm(want)) < Mm(0.1)


def _assert_rfonts(rpr, where: str):
    assert rpr is not None, f"{where}: no w:rPr"
    rfonts = rpr.find(qn("w:rFonts"))
    assert rfonts is not None, f"{where}: no w:rFonts"
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert rfonts.get(qn(attr)) == FONT, f"{where}: {attr}={rfonts.get(qn(attr))!r}"
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        assert rfonts.get(qn(attr)) is None, f"{where}: theme font {attr}"


def test_every_style_names_times_new_roman(template):
    doc = Document(str(template))
    styles = doc.styles.element
    _assert_rfonts(styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")), "docDefaults")
    found = styles.findall(qn("w:style"))
    assert found
    for style in found:
        _assert_rfonts(style.find(qn("w:rPr")), f"style {style.get(qn('w:styleId'))}")
    # No theme fonts left anywhere in styles or body, no stylesWithEffects.
    with zipfile.ZipFile(template) as z:
        names = z.namelist()
        assert not any("stylesWithEffects" in n for n in names)
        for part in ("word/styles.xml", "word/document.xml"):
            assert b"Theme=" not in z.read(part) and b"w:cstheme" not in z.read(part), part


def _story_parts(template: Path) -> dict[str, etree._Element]:
    """document.xml and every header/footer part."""
    with zipfile.ZipFile(template) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist()
                if n == "word/document.xml" or re.fullmatch(r"word/(header|footer)\d*\.xml", n)}


def test_every_run_and_paragraph_mark_names_times_new_roman(template):
    parts = _story_parts(template)
    for part, root in parts.items():
        runs = list(root.iter(qn("w:r")))
        if part == "word/document.xml":
            assert runs
        for i, r in enumerate(runs):
            text = "".join(t.text or "" for t in r.iter(qn("w:t")))
            _assert_rfonts(r.find(qn("w:rPr")), f"{part} run {i} {text!r}")
            assert r.find(qn("w:rPr")).find(qn("w:sz")) is not None, f"{part} run {i} {text!r}: no size"
        for i, p in enumerate(root.iter(qn("w:p"))):
            ppr = p.find(qn("w:pPr"))
            assert ppr is not None, f"{part} paragraph {i}: no w:pPr"
            _assert_rfonts(ppr.find(qn("w:rPr")), f"{part} paragraph mark {i}")


def test_no_running_header_or_footer(template):
    """dossier.bundle stamps the page numbers through the whole bundle; a
    number or text of the document's own would print over it."""
    for part, root in _story_parts(template).items():
        if part != "word/document.xml":
            text = "".join(t.text or "" for t in root.iter(qn("w:t")))
            assert not text.strip() and root.find(f".//{W}fldSimple") is None, part
    assert b"PAGE" not in part_xml(template)


def test_tables_have_grid_widths(template):
    body = Document(str(template)).element.body
    tables = list(body.iter(qn("w:tbl")))
    assert tables
    for t in tables:
        cols = [int(c.get(qn("w:w"))) for c in t.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
        assert cols and all(c > 0 for c in cols)
        tblPr = t.find(qn("w:tblPr"))
        assert tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        tblW = tblPr.find(qn("w:tblW"))
        assert tblW.get(qn("w:type")) == "dxa" and abs(int(tblW.get(qn("w:w"))) - sum(cols)) <= 2
        for tr in t.findall(qn("w:tr")):
            widths = [int(tc.find(qn("w:tcPr")).find(qn("w:tcW")).get(qn("w:w"))) for tc in tr.findall(qn("w:tc"))]
            assert all(abs(a - b) <= 2 for a, b in zip(widths, cols)), (widths, cols)


# Documents a person writes and signs personally carry only the motto, no issuing body.
PERSONAL_DOCUMENTS = {"1-KND", "2-KND", "3-KND", "10-KND", "11-KND"}


def test_header_table_holds_the_motto_on_one_line(name, template):
    if name in PERSONAL_DOCUMENTS:
        pytest.skip(f"{name} is written by a person: no issuing body in its header")
    doc = Document(str(template))
    first = doc.element.body[0]
    assert first.tag == qn("w:tbl"), "the document must start with the header table"
    cols = [int(c.get(qn("w:w"))) for c in first.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    assert len(cols) == 2
    total = sum(cols)
    assert 0.40 < cols[0] / total < 0.50, "left column ≈ 45 % of the width"
    header = doc.tables[0]
    right = header.rows[0].cells[1]
    motto = right.paragraphs[0]
    assert motto.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    run = motto.runs[0]
    assert run.font.bold and run.font.size.pt == 15
    # Content width of the right column (minus cell padding) vs printed motto.
    pad = first.find(qn("w:tblPr")).find(qn("w:tblCellMar"))
    pads = sum(int(pad.find(qn(f"w:{e}")).get(qn("w:w"))) for e in ("left", "right"))
    content_mm = (cols[1] - pads) / 1440 * 25.4
    assert mt.caps_width_mm("ĐẢNG CỘNG SẢN VIỆT NAM", 15) < content_mm - 5
    # The rule under the motto: a bordered paragraph as long as the text.
    rule = right.paragraphs[1]
    bottom = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "single"
    ind = rule.paragraph_format
    rule_mm = content_mm - ind.left_indent.mm - ind.right_indent.mm
    assert abs(rule_mm - mt.caps_width_mm("ĐẢNG CỘNG SẢN VIỆT NAM", 15)) < 1
    # Left column: superior body regular, issuing body bold, "*", then "Số".
    left = [p for p in header.rows[0].cells[0].paragraphs]
    assert [p.text for p in left] == ["{{ van_ban.cap_tren }}", "{{ van_ban.co_quan }}", "*"]
    assert not left[0].runs[0].font.bold and left[1].runs[0].font.bold
    assert header.rows[1].cells[0].paragraphs[0].text == "Số {{ van_ban.so_ky_hieu }}"
    date = header.rows[1].cells[1].paragraphs[0]
    assert date.text == "{{ van_ban.dong_ngay }}" and date.runs[0].font.italic


def test_letter_has_subject_under_number():
    doc = Document(str(TEMPLATES / "CV-TTLL.docx"))
    cell = doc.tables[0].rows[1].cells[0]
    vv = cell.paragraphs[1]
    assert vv.text == "{{ van_ban.trich_yeu }}"
    assert vv.runs[0].font.italic and vv.runs[0].font.size.pt == 12


def test_every_jinja_tag_sits_in_one_run(template):
    body = Document(str(template)).element.body
    for i, r in enumerate(body.iter(qn("w:r"))):
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        rest = TAG.sub("", text)
        for d in DELIMS:
            assert d not in rest, f"run {i}: a tag is split across runs or unbalanced: {text!r}"


def test_loop_tags_stand_alone(template):
    body = Document(str(template)).element.body
    for p in body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if "{%p" in text:
            assert TAG.fullmatch(text.strip()), f"{{%p %}} must be alone in its paragraph: {text!r}"
    for tr in body.iter(qn("w:tr")):
        cells = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.findall(qn("w:tc"))]
        if any("{%tr" in c for c in cells):
            tags = [c for c in cells if c]
            assert len(tags) == 1 and TAG.fullmatch(tags[0].strip()), cells
    # Only the allowed Jinja constructs.
    xml = part_xml(template).decode()
    for tag in TAG.findall(re.sub(r"<[^>]+>", "", xml)):
        assert re.fullmatch(
            r"\{\{ [a-z_.]+ \}\}|\{%(p|tr) (for [a-z_]+ in [a-z_.]+|endfor) %\}", tag
        ), f"tag outside the allowed subset: {tag!r}"


def _used_names(template: Path) -> set[str]:
    text = re.sub(r"<[^>]+>", "", part_xml(template).decode())
    loops = dict(re.findall(r"\{%(?:p|tr) for ([a-z_]+) in ([a-z_.]+) %\}", text))
    names = set()
    for expr in re.findall(r"\{\{ ([a-z_.]+) \}\}", text):
        head, _, rest = expr.partition(".")
        if head == "loop":
            continue
        if head in loops:
            expr = loops[head] + "[]" + ("." + rest if rest else "")
        names.add(expr)
    names.update(v for v in loops.values())
    return names


def test_templates_use_only_contract_variables(sampled):
    """The hand-written contract of the first two templates; every template's
    variables are checked against its builder's output in tests/test_template_check.py."""
    template = TEMPLATES / f"{sampled}.docx"
    for expr in _used_names(template):
        *parent, leaf = expr.split(".")
        parent = ".".join(parent)
        if expr.endswith("[]"):  # loop over a list of strings ({{ cc }})
            *parent, leaf = expr[:-2].split(".")
            parent = ".".join(parent)
        assert parent in CONTRACT and leaf in CONTRACT[parent], f"{expr} is not in the contract"


def test_samples_match_the_contract(sampled):
    name = sampled
    ctx = sample(name)
    for key, leaves in CONTRACT.items():
        node = ctx
        parts = key.split(".")
        for part in parts:
            if part.endswith("[]"):
                node = node.get(part[:-2]) if isinstance(node, dict) else None
                node = node[0] if node else None
            else:
                node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            continue
        expected = set(leaves)
        if key == "van_ban" and name != "CV-TTLL":
            expected.discard("trich_yeu")
        assert set(node) == expected, key


def test_render_leaves_no_jinja(sampled):
    name = sampled
    template = TEMPLATES / f"{name}.docx"
    out = render(template, sample(name))
    for part in ("word/document.xml", "word/styles.xml", "docProps/core.xml"):
        xml = part_xml(out, part)
        etree.fromstring(xml)  # well-formed
        for d in ("{{", "{%", "}}", "%}"):
            assert d.encode() not in xml, f"{d} left in {part}"
    text = text_of(out)
    ctx = sample(name)
    for value in (ctx["van_ban"]["co_quan"], ctx["van_ban"]["so_ky_hieu"], ctx["van_ban"]["dong_ngay"],
                  ctx["van_ban"]["ky"]["ho_ten"], ctx["uv"]["ho_ten"], *ctx["van_ban"]["noi_nhan"]):
        assert value in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text


def test_decision_reads_as_a_decision():
    ctx = sample_9knd()
    text = text_of(render(TEMPLATES / "9-KND.docx", ctx))
    for line in ctx["qd"]["can_cu"]:
        assert line in text.splitlines()
    order = ["QUYẾT ĐỊNH", "về việc kết nạp đảng viên", "-----", ctx["qd"]["can_cu"][0],
             ctx["qd"]["tap_the_quyet_dinh"], "QUYẾT ĐỊNH:", "Điều 1.", "Điều 2.", "Điều 3.",
             "Nơi nhận:", "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Đặng Thị Thu Hà"]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)
    assert ("Kết nạp quần chúng Nguyễn Thị Hoa, sinh ngày 12/5/2004; quê quán: Xã Yên Lạc") in text
    assert "vào Đảng Cộng sản Việt Nam." in text
    assert "là 12 tháng, kể từ ngày chi bộ tổ chức lễ kết nạp" in text
    assert "trong thời hạn 30 ngày làm việc" in text
    assert ctx["qd"]["thi_hanh"] + " chịu trách nhiệm thi hành Quyết định này." in text


def test_letter_lists_each_relative_once():
    ctx = long_context(sample_cv_ttll())
    out = render(TEMPLATES / "CV-TTLL.docx", ctx)
    doc = Document(io.BytesIO(out))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["STT", "Quan hệ", "Họ và tên", "Năm sinh", "Nơi ở hiện nay", "Nghề nghiệp"]
    body = rows[1:]
    assert len(body) == len(ctx["tt"]["nguoi_than"])
    for i, (row, n) in enumerate(zip(body, ctx["tt"]["nguoi_than"]), start=1):
        assert row == [str(i), n["quan_he"], n["ho_ten"], n["nam_sinh"], n["noi_o"], n["nghe_nghiep"]]
    assert "Kính gửi: " + ctx["tt"]["kinh_gui"] in text_of(out)


def test_markup_in_values_stays_literal(sampled):
    name = sampled
    template = TEMPLATES / f"{name}.docx"
    ctx = long_context(sample(name))
    out = render(template, ctx)
    etree.fromstring(part_xml(out))  # Word would refuse a broken document
    text = text_of(out)
    assert TRICKY in text  # shown literally: "&", "<b>" and "{{ 7*7 }}" untouched
    assert "Cộng sự <b> 49" not in text  # never evaluated as Jinja
    assert "<b>" not in part_xml(out).decode().replace("&lt;b&gt;", "")


def test_missing_variable_is_an_error(sampled):
    name = sampled
    template = TEMPLATES / f"{name}.docx"
    ctx = sample(name)
    del ctx["uv"]["ho_ten"]
    with pytest.raises(UndefinedError):
        render(template, ctx)


def test_templates_are_up_to_date(sampled, tmp_path):
    name = sampled
    fresh = mt.build_all(tmp_path, only=[name])[0]
    for part in ("word/document.xml", "word/styles.xml"):
        assert part_xml(fresh, part) == part_xml(TEMPLATES / f"{name}.docx", part), (
            f"templates/{name}.docx is stale: run .venv/bin/python tools/make_templates.py")


def test_recipients_upright_underlined_at_body_size(name, template):
    """Issue #18 (review against the texts): "Nơi nhận:" upright and underlined
    at body size (14 pt), the recipients in the body's size too."""
    doc = Document(str(template))
    found = [p for t in doc.tables for row in t.rows for cell in row.cells for p in cell.paragraphs
             if p.text == "Nơi nhận:"]
    if not found:
        pytest.skip(f"{name} has no list of recipients")
    (label,) = found[:1]
    for run in label.runs:
        assert not run.font.italic and run.font.size.pt == 14, run.text
    assert label.runs[0].text == "Nơi nhận" and label.runs[0].font.underline
    cell = next(c for t in doc.tables for row in t.rows for c in row.cells
                if any(p._p is label._p for p in c.paragraphs))
    recipients = [p for p in cell.paragraphs if "{{" in p.text]
    assert recipients and all(r.font.size.pt == 14 for p in recipients for r in p.runs)
