"""Personal documents: 1-KNĐ and 2-KNĐ (guide copies of handwritten documents),
3-KNĐ (one per introducer), 10-KNĐ and 11-KNĐ (recognition stage).

Every builder runs on the sample candidates and its values are rendered into
the real template (dossier.render.render_docx); no LibreOffice except in the
one test marked ``slow``.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from html import unescape as html_unescape
from pathlib import Path

import pytest
from docx import Document

from conftest import SAMPLES, edit
from dossier import catalog, context, forms
from dossier.forms import ca_nhan
from dossier.forms.common import NGAY_TRONG
from dossier.render import TEMPLATE_DIR, render_docx

forms.load_all()

CODES = ("1-KNĐ", "2-KNĐ", "3-KNĐ", "10-KNĐ", "11-KNĐ")
CANDIDATES = sorted(p.stem for p in (SAMPLES / "ung-vien").glob("*.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Which sample candidates each form applies to (hand-checked against the YAML files).
WITHOUT_INTRODUCER = {"lang-thi-thuong"}
WITH_CEREMONY = {"nguyen-thi-hoa", "khuat-duy-tien", "lai-van-cuong", "bach-thi-khanh-linh"}


def candidate(name: str, root: Path = SAMPLES) -> context.Candidate:
    return context.open_candidate(root / "ung-vien" / f"{name}.yaml")


def build(code: str, name: str, root: Path = SAMPLES) -> list[forms.Rendered]:
    return forms.CANDIDATE_FORMS[code](candidate(name, root))


def render(item: forms.Rendered, folder: Path) -> Path:
    return render_docx(TEMPLATE_DIR / item.template, item.values, folder / f"{item.stem}.docx")


def xml_parts(docx: Path) -> dict[str, str]:
    with zipfile.ZipFile(docx) as archive:
        return {n: archive.read(n).decode("utf-8") for n in archive.namelist()
                if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)}


def body_paragraphs(docx: Path) -> list[str]:
    """Text of every paragraph of the body (tables included), a line break as "\\n"."""
    document = Document(str(docx))
    found = []
    for p in document.element.body.iter(f"{W}p"):
        text = ""
        for run in p.iter(f"{W}r"):  # not pPr/w:tabs/w:tab, a tab stop
            for el in run:
                if el.tag == f"{W}t":
                    text += el.text or ""
                elif el.tag == f"{W}br":
                    text += "\n"
                elif el.tag == f"{W}tab":
                    text += "\t"
        found.append(text)
    return found


def full_text(docx: Path) -> str:
    return "\n".join(body_paragraphs(docx))


# ------------------------------------------------------------------ catalog

def test_catalog_entries():
    for code in CODES:
        entry = catalog.entry(code)
        assert entry is not None, code
        assert entry.production == "ca_hai" and entry.template == code.replace("Đ", "D") + ".docx"
        assert (TEMPLATE_DIR / entry.template).is_file()
    assert catalog.entry("1-KNĐ").handwritten and catalog.entry("2-KNĐ").handwritten
    assert not any(catalog.entry(c).handwritten for c in ("3-KNĐ", "10-KNĐ", "11-KNĐ"))
    assert [(catalog.entry(c).stage, catalog.entry(c).order) for c in ("10-KNĐ", "11-KNĐ")] == \
        [("cong_nhan", 2), ("cong_nhan", 3)]
    for code in ("3-KNĐ", "10-KNĐ", "11-KNĐ"):  # reconstructed content [C]
        assert not catalog.entry(code).certain


# ------------------------------------------------------- every sample renders

@pytest.mark.parametrize("name", CANDIDATES)
def test_forms_render_for_every_sample(name, tmp_path):
    made = {}
    for code in CODES:
        try:
            made[code] = build(code, name)
        except forms.NotReady as not_ready:
            assert not_ready.reason
            made[code] = None
    assert made["1-KNĐ"] and made["2-KNĐ"], "every candidate gets the application and lý lịch"
    assert bool(made["3-KNĐ"]) == (name not in WITHOUT_INTRODUCER)
    assert bool(made["10-KNĐ"]) == bool(made["11-KNĐ"]) == (name in WITH_CEREMONY)
    for code, items in made.items():
        for item in items or []:
            assert item.code == code
            out = render(item, tmp_path)
            for part, xml in xml_parts(out).items():
                for tag in ("{{", "}}", "{%", "%}"):
                    assert tag not in xml, f"{name} {code}: {tag} left in {part}"
            text = full_text(out)
            assert unicodedata.is_normalized("NFC", text)
            assert candidate(name).data["ho_ten"] in text


# ------------------------------------------------------------ 1-KNĐ, 2-KNĐ

def test_application_reads_as_an_application(tmp_path):
    (item,) = build("1-KNĐ", "nguyen-thi-hoa")
    lines = body_paragraphs(render(item, tmp_path))
    text = "\n".join(lines)
    order = ["BẢN HƯỚNG DẪN", "ĐẢNG CỘNG SẢN VIỆT NAM", "Bình Minh, ngày 15 tháng 01 năm 2026",
             "ĐƠN XIN VÀO ĐẢNG", "Kính gửi:", "- Chi ủy Chi bộ Khoa Công nghệ thông tin;",
             "- Đảng ủy Trường Cao đẳng Công nghệ Bình Minh.", "Tôi là: Nguyễn Thị Hoa",
             "Sinh ngày: 12 tháng 5 năm 2004", "tôi nhận thức được:", "Đảng Cộng sản Việt Nam là đội tiên phong",
             "Động cơ xin vào Đảng", "Tôi tự nguyện xin vào Đảng", "NGƯỜI LÀM ĐƠN", "(Ký, ghi rõ họ tên)"]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)
    assert lines[-1] == "Nguyễn Thị Hoa" or "Nguyễn Thị Hoa" in lines[-3:]


# 2-KNĐ itself (items, groups of relatives, hints, place names): tests/test_forms_ly_lich.py.


def test_month_spelling():
    assert ca_nhan.month("2019-09") == "9-2019"
    assert ca_nhan.month("10/2024") == "10-2024"
    assert ca_nhan.period("2019-09", None) == "9-2019\nđến nay"


def test_multi_line_text_stays_separate_paragraphs(workspace, tmp_path):
    path = workspace / "ung-vien" / "nguyen-thi-hoa.yaml"
    edit(path, "tu_nhan_xet: >-\n  Ưu điểm: có lập trường tư tưởng vững vàng, lối sống giản dị, trung thực; tích cực trong học tập\n"
               "  và công tác Đoàn. Khuyết điểm: đôi khi còn ngại phát biểu ý kiến trước tập thể.",
         "tu_nhan_xet: |\n  Ưu điểm: có lập trường tư tưởng vững vàng, lối sống giản dị, trung thực.\n\n"
         "  Khuyết điểm: đôi khi còn ngại phát biểu ý kiến trước tập thể.")
    edit(path, "dong_co: >-\n", "dong_co: |\n")
    (lich_su,) = build("2-KNĐ", "nguyen-thi-hoa", workspace)
    assert lich_su.values["ll"]["tu_nhan_xet"] == [
        "Ưu điểm: có lập trường tư tưởng vững vàng, lối sống giản dị, trung thực.",
        "Khuyết điểm: đôi khi còn ngại phát biểu ý kiến trước tập thể."]
    paragraphs = body_paragraphs(render(lich_su, tmp_path))
    first = paragraphs.index("Ưu điểm: có lập trường tư tưởng vững vàng, lối sống giản dị, trung thực.")
    assert paragraphs[first + 1] == "Khuyết điểm: đôi khi còn ngại phát biểu ý kiến trước tập thể."
    (don,) = build("1-KNĐ", "nguyen-thi-hoa", workspace)
    assert len(don.values["don"]["dong_co"]) == 3  # the three lines of the YAML block
    paragraphs = body_paragraphs(render(don, tmp_path))
    for line in don.values["don"]["dong_co"]:
        assert line in paragraphs


def test_guide_mark_by_default(tmp_path):
    for code in ("1-KNĐ", "2-KNĐ"):
        (item,) = build(code, "nguyen-thi-hoa")
        assert item.values["van_ban"]["ban_huong_dan"].startswith("BẢN HƯỚNG DẪN — KHÔNG THAY THẾ BẢN VIẾT TAY\n")
        assert item.values["van_ban"]["chu_chim"] == "BẢN HƯỚNG DẪN"
        out = render(item, tmp_path)
        paragraphs = body_paragraphs(out)
        marks = [p for p in paragraphs if p.startswith("BẢN HƯỚNG DẪN")]
        assert marks and marks[0] == item.values["van_ban"]["ban_huong_dan"]  # first page, two lines
        assert paragraphs.index(marks[0]) < paragraphs.index("ĐẢNG CỘNG SẢN VIỆT NAM")
        headers = [xml for part, xml in xml_parts(out).items() if "header" in part]
        assert any('string="BẢN HƯỚNG DẪN"' in xml for xml in headers), "watermark on every page"
    (lich_su,) = build("2-KNĐ", "nguyen-thi-hoa")
    marks = [p for p in body_paragraphs(render(lich_su, tmp_path)) if p.startswith("BẢN HƯỚNG DẪN")]
    assert len(marks) == 4  # cover, sơ lược lý lịch, items 14–23, items 24–26


def test_typed_copies_have_no_mark(workspace, tmp_path):
    edit(workspace / "to-chuc.yaml", "chap_nhan_ban_danh_may: false", "chap_nhan_ban_danh_may: true")
    for code in ("1-KNĐ", "2-KNĐ"):
        (item,) = build(code, "nguyen-thi-hoa", workspace)
        assert item.values["van_ban"]["ban_huong_dan"] == "" and item.values["van_ban"]["chu_chim"] == ""
        out = render(item, tmp_path)
        assert "HƯỚNG DẪN" not in "".join(xml_parts(out).values())
        assert "Nguyễn Thị Hoa" in full_text(out)
    # A typed copy cannot be made without the candidate's own text; a guide copy can.
    with pytest.raises(forms.NotReady, match="dong_co|nhan_thuc_ve_dang"):
        build("1-KNĐ", "lang-thi-thuong", workspace)
    with pytest.raises(forms.NotReady, match="lich_su_ban_than|tu_nhan_xet"):
        build("2-KNĐ", "lang-thi-thuong", workspace)


def test_guide_copy_leaves_room_for_missing_text(tmp_path):
    (item,) = build("1-KNĐ", "lang-thi-thuong")
    reasons = item.values["don"]["dong_co"]
    assert reasons[0].startswith("(Ghi động cơ") and set(reasons[1:]) == {ca_nhan.DOT_LINE}
    paragraphs = body_paragraphs(render(item, tmp_path))
    assert paragraphs.count("\t") >= 8  # dotted lines (a tab with a dot leader)
    assert "Bình Minh, ngày 05 tháng 11 năm 2026" in paragraphs


# ------------------------------------------------------------------ 3-KNĐ

def test_one_introduction_per_introducer(tmp_path):
    made = build("3-KNĐ", "quach-van-thuan")
    assert [m.stem for m in made] == ["3-KND-01", "3-KND-02"]
    assert [m.values["gt"]["ho_ten"] for m in made] == ["Trịnh Văn Long", "Cao Minh Trí"]
    first = made[0].values
    assert first["gt"]["ngay_vao_dang"] == "07/11/2003" and first["gt"]["ngay_chinh_thuc"] == "07/11/2004"
    assert first["gt"]["cung_cong_tac_tu"] == "tháng 9/2008"
    assert first["van_ban"]["dong_ngay"] == "Bình Minh, ngày 26 tháng 10 năm 2026"
    assert " ".join(first["van_ban"]["co_quan"].split()) == "CHI BỘ PHÒNG ĐÀO TẠO - CÔNG TÁC HỌC SINH SINH VIÊN"
    text = full_text(render(made[1], tmp_path))
    for s in ("GIẤY GIỚI THIỆU NGƯỜI VÀO ĐẢNG", "Kính gửi: Chi bộ Phòng Đào tạo - Công tác học sinh sinh viên",
              "Tôi là: Cao Minh Trí", "Vào Đảng ngày 28/4/2006; chính thức ngày 28/4/2007.",
              "Tôi giới thiệu quần chúng Quách Văn Thuận, sinh ngày 14/6/1981", "NGƯỜI GIỚI THIỆU"):
        assert s in text
    assert text.rstrip().endswith("Cao Minh Trí")


def test_introduction_without_a_date_leaves_it_blank():
    (item,) = build("3-KNĐ", "nguyen-thi-hoa")
    assert item.values["van_ban"]["dong_ngay"].startswith("Bình Minh, ngày\u00a0")
    assert item.values["gt"]["don_vi"] == "Chi bộ Khoa Công nghệ thông tin, Đảng bộ Trường Cao đẳng Công nghệ Bình Minh"


def _introducer_without_official_date(workspace: Path) -> None:
    """Vũ Quang Huy, Nguyễn Thị Hoa's introducer, still probationary, with the
    widest short date (issue #16 item 6)."""
    edit(workspace / "to-chuc.yaml", "ngay_vao_dang: 2016-03-03\n        ngay_chinh_thuc: 2017-03-03\n",
         "ngay_vao_dang: 2016-12-13\n")


def test_introduction_without_an_official_date_has_a_date_shaped_blank(workspace, tmp_path):
    _introducer_without_official_date(workspace)
    (item,) = build("3-KNĐ", "nguyen-thi-hoa", workspace)
    assert item.values["gt"]["ngay_chinh_thuc"] == NGAY_TRONG == "……/……/………"
    assert "Vào Đảng ngày 13/12/2016; chính thức ngày ……/……/………." in body_paragraphs(render(item, tmp_path))


def test_blanks_to_fill_by_hand_can_break_across_lines(workspace, tmp_path):
    """A run of dots that cannot be broken wraps whole and leaves the justified
    line above stretched: no personal form has more than three dots in a row
    without a place to break (a zero-width space)."""
    edit(workspace / "ung-vien" / "khuat-duy-tien.yaml", "nguoi_giup_do: dv-kieu-thi-oanh\n", "")
    _introducer_without_official_date(workspace)
    texts = []
    for code, name in (("10-KNĐ", "khuat-duy-tien"), ("3-KNĐ", "nguyen-thi-hoa"), ("2-KNĐ", "nguyen-thi-hoa")):
        for item in build(code, name, workspace):
            texts.append(full_text(render(item, tmp_path)))
    assert any("…\u200b…" in text for text in texts)  # a blank is printed
    runs = [run for text in texts for run in re.findall("…{4,}", text)]
    assert runs == []


def test_introduction_needs_an_introducer():
    with pytest.raises(forms.NotReady, match="gioi_thieu.dang_vien"):
        build("3-KNĐ", "lang-thi-thuong")


# --------------------------------------------------------- 10-KNĐ, 11-KNĐ

def test_self_assessment_of_probation(tmp_path):
    (item,) = build("10-KNĐ", "khuat-duy-tien")
    facts = {d["nhan"]: d["gia_tri"] for d in item.values["kd"]["ban_than"]}
    assert facts["Ngày vào Đảng:"] == ("14/11/2025, theo Quyết định số 57-QĐ/ĐU ngày 24/10/2025 của Ban Thường vụ"
                                      " Đảng ủy phường Bình Minh")
    assert facts["Thời gian dự bị:"] == "12 tháng, từ ngày 14/11/2025 đến ngày 14/11/2026"
    assert facts["Đảng viên chính thức được phân công giúp đỡ:"] == "đồng chí Kiều Thị Oanh"
    assert "Giấy chứng nhận số 27 ngày 10/4/2026 của Đảng ủy phường Bình Minh" in facts[
        "Học lớp bồi dưỡng lý luận chính trị cho đảng viên mới:"]
    assert item.values["van_ban"]["dong_ngay"] == "Bình Minh, ngày 16 tháng 11 năm 2026"
    assert " ".join(item.values["van_ban"]["co_quan"].split()) == "CHI BỘ KHOA CƠ KHÍ - ĐỘNG LỰC"
    text = full_text(render(item, tmp_path))
    for s in ("BẢN TỰ KIỂM ĐIỂM", "của đảng viên dự bị", "I. ƯU ĐIỂM", "II. KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN",
              "NGƯỜI TỰ KIỂM ĐIỂM"):
        assert s in text


def test_helper_assessment(tmp_path):
    (item,) = build("11-KNĐ", "lai-van-cuong")
    nx = item.values["nx"]
    assert nx["ho_ten_giup_do"] == "Dương Văn Tuấn"
    assert (nx["du_bi_tu"], nx["du_bi_den"]) == ("23/9/2025", "23/9/2026")
    assert item.values["van_ban"]["dong_ngay"] == "Bình Minh, ngày 23 tháng 9 năm 2026"
    text = full_text(render(item, tmp_path))
    assert "Được chi bộ phân công giúp đỡ đồng chí Lại Văn Cường, sinh ngày 27/02/1997" in text
    assert text.rstrip().endswith("Dương Văn Tuấn")


def test_no_ceremony_no_probation_documents():
    for code in ("10-KNĐ", "11-KNĐ"):
        with pytest.raises(forms.NotReady, match="moc.le_ket_nap"):
            build(code, "vuong-thi-thu-hang")  # decision made, ceremony not yet held


def test_no_helper(workspace):
    edit(workspace / "ung-vien" / "khuat-duy-tien.yaml", "nguoi_giup_do: dv-kieu-thi-oanh\n", "")
    with pytest.raises(forms.NotReady, match="nguoi_giup_do"):
        build("11-KNĐ", "khuat-duy-tien", workspace)
    (item,) = build("10-KNĐ", "khuat-duy-tien", workspace)
    facts = {d["nhan"]: d["gia_tri"] for d in item.values["kd"]["ban_than"]}
    assert facts["Đảng viên chính thức được phân công giúp đỡ:"] == ca_nhan.DOTS


def test_undated_self_assessment_has_a_blank_date_in_the_right_year():
    (item,) = build("10-KNĐ", "nguyen-thi-hoa")  # ceremony 08/5/2026: probation ends 08/5/2027
    assert item.values["van_ban"]["dong_ngay"].endswith("năm 2027")
    assert "\u00a0" in item.values["van_ban"]["dong_ngay"]


# ------------------------------------------------------------------- slow

def _pdf_lines(pdf: Path, page: int = 1) -> list[tuple[str, float]]:
    """Each line of a PDF page as (text, widest gap between two words, in pt),
    from poppler's word boxes grouped by their baseline (poppler itself puts
    widely spaced words in blocks of their own)."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    rows: dict[float, list] = {}
    for x0, x1, y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', html):
        rows.setdefault(round(float(y1)), []).append((float(x0), float(x1), html_unescape(text)))
    found = []
    for _, words in sorted(rows.items()):
        words.sort()
        gap = max((b[0] - a[1] for a, b in zip(words, words[1:])), default=0.0)
        found.append((unicodedata.normalize("NFC", " ".join(w[2] for w in words)), gap))
    return found


@pytest.mark.slow
def test_introducer_dates_print_on_one_line_without_stretched_gaps(workspace, tmp_path):
    """Issue #16 item 6: without the official date, "Vào Đảng ngày …; chính thức
    ngày …" wrapped, leaving its first line justified with wide gaps. With and
    without the date it is one line whose spaces are plain (about 3.5 pt)."""
    from dossier.convert import convert_files

    _introducer_without_official_date(workspace)
    (blank,) = build("3-KNĐ", "nguyen-thi-hoa", workspace)
    dated = build("3-KNĐ", "quach-van-thuan")[1]
    jobs = []
    for item, folder in ((blank, tmp_path / "blank"), (dated, tmp_path / "dated")):
        folder.mkdir()
        docx = render(item, folder)
        jobs.append((docx, docx.with_suffix(".pdf")))
    results = convert_files(jobs, workers=1)
    assert all(r.ok for r in results), [r.error for r in results]
    for (_, pdf), expected in zip(jobs, ("Vào Đảng ngày 13/12/2016; chính thức ngày ……/……/………",
                                         "Vào Đảng ngày 28/4/2006; chính thức ngày 28/4/2007.")):
        (line,) = [(text, gap) for text, gap in _pdf_lines(pdf) if text.startswith("Vào Đảng")]
        assert line[0].replace("\u200b", "").startswith(expected), line
        assert line[1] < 5, line  # a stretched line had gaps of 20 pt and more


@pytest.mark.slow
def test_lich_su_converts_to_pdf(tmp_path):
    from pypdf import PdfReader

    from dossier.convert import convert_files

    (item,) = build("2-KNĐ", "nguyen-thi-hoa")
    docx = render(item, tmp_path)
    (result,) = convert_files([(docx, tmp_path / "2-KND.pdf")], workers=1)
    assert result.ok, result.error
    reader = PdfReader(str(result.target))
    assert len(reader.pages) >= 5
    text = unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))
    for s in ("NGUYỄN THỊ HOA", "LÝ LỊCH", "SƠ LƯỢC LÝ LỊCH", "9-2019", "9-2022", "HOÀN CẢNH GIA ĐÌNH",
              "Nguyễn Văn Thành"):
        assert s in text, s


# --------------------------------------------------------- who writes what

@pytest.mark.parametrize("code,name", [("3-KNĐ", "nguyen-thi-hoa"), ("10-KNĐ", "khuat-duy-tien"),
                                       ("11-KNĐ", "khuat-duy-tien")])
def test_a_members_own_letter_has_no_organisation_header(code, name, tmp_path):
    """3-, 10- and 11-KNĐ are written and signed by a member: the motto and the
    date, no superior body, no chi bộ, no "*" (issue #18)."""
    item = build(code, name)[0]
    paragraphs = body_paragraphs(render(item, tmp_path))
    assert [p for p in paragraphs if p][0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert "*" not in paragraphs
    text = "\n".join(paragraphs)
    for value in (item.values["van_ban"]["co_quan"], item.values["van_ban"]["cap_tren"]):
        assert value.split("\n")[-1] not in text


def test_introduction_names_the_introducer_fully(tmp_path):
    (item,) = build("3-KNĐ", "nguyen-thi-hoa")
    paragraphs = body_paragraphs(render(item, tmp_path))
    assert "Sinh ngày: 21/10/1988; quê quán: Xã Đại Từ, tỉnh Thái Nguyên." in paragraphs
    assert "Chức vụ Đảng: Không." in paragraphs
    assert "Chức vụ chính quyền, đoàn thể: Giảng viên, cố vấn học tập Khoa Công nghệ thông tin." in paragraphs
    # No Party post entered: the phó bí thư's post comes from the chi bộ; the rest from chuc_vu.
    (other,) = build("3-KNĐ", "lai-van-cuong")
    assert other.values["gt"]["chuc_vu_dang"] == "Phó Bí thư Chi bộ Khoa Cơ khí - Động lực"
    assert other.values["gt"]["chuc_vu_chinh_quyen"] == "Phó Trưởng khoa Cơ khí - Động lực"
