"""Tests for dossier.bundle: cover, contents, links, outline, page numbers,
scans, fonts, determinism and errors. Input PDFs are drawn with reportlab."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas as rl_canvas

from dossier.bundle import (
    BundleResult,
    Cover,
    Part,
    build_bundle,
    scan_to_pdf,
)
from dossier.typeset import serif_fonts as _fonts
from dossier.errors import DataError

MM = 72 / 25.4
NAME = "Nguyễn Thị Hằng"
NAME_CAPS = "NGUYỄN THỊ HẰNG"


# ----------------------------------------------------------------- helpers


def make_pdf(path: Path, pages: int = 1, label: str = "Tài liệu", *, pagesize=A4, rotate: int = 0,
             mediabox: tuple[float, float, float, float] | None = None) -> Path:
    """A PDF whose pages say '<label> trang <i>' in embedded Liberation Serif."""
    font = _fonts()["regular"]
    buffer = io.BytesIO()
    canvas = rl_canvas.Canvas(buffer, pagesize=pagesize, invariant=True, initialFontName=font)
    for page in range(pages):
        canvas.setFont(font, 14)
        canvas.drawString(100, pagesize[1] - 150, f"{label} trang {page + 1}")
        canvas.showPage()
    canvas.save()
    if rotate or mediabox:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
        for page in writer.pages:
            if mediabox:
                page.mediabox.lower_left = mediabox[:2]
                page.mediabox.upper_right = mediabox[2:]
            if rotate:
                page.rotate(rotate)
        buffer = io.BytesIO()
        writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def make_cover(name: str = NAME) -> Cover:
    return Cover(
        heading="HỒ SƠ ĐỀ NGHỊ KẾT NẠP ĐẢNG VIÊN",
        ho_ten=name,
        ngay_sinh="12/05/2004",
        chi_bo="Chi bộ Khoa Công nghệ thông tin",
        dang_bo="Đảng bộ Trường Cao đẳng Công nghệ Bình Minh",
        author="Đảng ủy Trường Cao đẳng Công nghệ Bình Minh",
        extra_lines=["Số lý lịch: 123"],
    )


def make_parts(folder: Path, page_counts: list[int], groups: list[str] | None = None) -> list[Part]:
    parts = []
    for index, count in enumerate(page_counts):
        path = make_pdf(folder / f"part{index + 1}.pdf", count, f"Tài liệu số {index + 1}")
        group = groups[index] if groups else ""
        parts.append(Part(code=f"{index + 1}-KNĐ", title=f"Tài liệu số {index + 1}", path=path, group=group))
    return parts


def link_targets(reader: PdfReader, page_index: int) -> list[tuple[tuple[float, ...], int]]:
    """(rect, 1-based target page) of every link annotation on a page."""
    found = []
    for annotation in reader.pages[page_index].get("/Annots", []):
        annotation = annotation.get_object()
        if annotation.get("/Subtype") != "/Link":
            continue
        destination = annotation["/Dest"]
        target = reader.get_page_number(destination[0].get_object()) + 1
        found.append((tuple(float(v) for v in annotation["/Rect"]), target))
    return found


def text_positions(reader: PdfReader, page_index: int) -> list[tuple[str, float, float]]:
    """Text drawn directly on a page (not in form XObjects) with its user-space origin."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), x, y))

    reader.pages[page_index].extract_text(visitor_text=visit)
    return found


def poppler_words(pdf: Path, page: int) -> tuple[float, float, list[tuple[str, float, float, float, float]]]:
    """Words on a 1-based page as poppler lays them out for the reader (after
    /Rotate, origin top-left): page width, height and (word, xmin, ymin, xmax, ymax)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    size = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    words = [
        (m[4], float(m[0]), float(m[1]), float(m[2]), float(m[3]))
        for m in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html
        )
    ]
    return float(size[1]), float(size[2]), words


def number_box(pdf: Path, page: int, position: str = "bottom-center"):
    """Render a 1-based page as the reader sees it (after /Rotate) and find the
    ink in the page-number strip (17 mm at the chosen edge, 60 mm wide): page
    width and height, the ink's centre x and y (from the top) and its right end,
    all in points."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) not installed")
    png = subprocess.run(
        ["pdftoppm", "-gray", "-png", "-r", "72", "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True, check=True,
    ).stdout
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    top = height - 17 * MM if position.startswith("bottom") else 0
    left = width - 60 * MM if position == "bottom-right" else width / 2 - 30 * MM
    box = image.crop((int(left), int(top), int(left + 60 * MM), int(top + 17 * MM)))
    ink = box.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert ink, f"no page number printed on page {page}"
    x0, y0, x1, y1 = ink
    return width, height, left + (x0 + x1) / 2, top + (y0 + y1) / 2, left + x1


def fonts_of(resources, seen=None):
    """Every font dictionary reachable from a /Resources dictionary (forms too)."""
    seen = set() if seen is None else seen
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        key = id(xobject)
        if xobject.get("/Subtype") == "/Form" and key not in seen:
            seen.add(key)
            yield from fonts_of(xobject.get("/Resources"), seen)


def is_embedded(font) -> bool:
    if font.get("/Subtype") == "/Type0":
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant.get("/FontDescriptor")
    else:
        descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return "/FontFile2" in descriptor or "/FontFile3" in descriptor


# ----------------------------------------------------------------- structure


def test_pages_are_cover_contents_and_every_part(tmp_path):
    parts = make_parts(tmp_path, [1, 2, 3])
    result = build_bundle(parts, make_cover(), tmp_path / "out" / "hoso.pdf")

    assert isinstance(result, BundleResult)
    assert result.path == tmp_path / "out" / "hoso.pdf"
    assert result.pages == 1 + 1 + 6
    assert result.parts == [("1-KNĐ", 3, 3), ("2-KNĐ", 4, 5), ("3-KNĐ", 6, 8)]
    reader = PdfReader(result.path)
    assert len(reader.pages) == result.pages
    assert "Tài liệu số 2 trang 2" in reader.pages[4].extract_text()
    assert "MỤC LỤC" in reader.pages[1].extract_text()


def test_outline_nested_under_groups(tmp_path):
    groups = ["Hồ sơ kết nạp", "Hồ sơ kết nạp", "Hồ sơ công nhận đảng viên chính thức"]
    parts = make_parts(tmp_path, [2, 1, 2], groups)
    build_bundle(parts, make_cover(), tmp_path / "hoso.pdf")
    reader = PdfReader(tmp_path / "hoso.pdf")

    outline = reader.outline
    assert reader.page_mode == "/UseOutlines"
    assert [type(item).__name__ for item in outline] == ["Destination", "list", "Destination", "list"]
    group1, children1, group2, children2 = outline
    assert group1.title == "Hồ sơ kết nạp"
    assert group2.title == "Hồ sơ công nhận đảng viên chính thức"
    pages = reader.get_destination_page_number
    assert pages(group1) == 2 and pages(group2) == 5  # 0-based: cover 0, contents 1
    assert [c.title for c in children1] == ["1. Tài liệu số 1 (1-KNĐ)", "2. Tài liệu số 2 (2-KNĐ)"]
    assert [pages(c) for c in children1] == [2, 4]
    assert [c.title for c in children2] == ["3. Tài liệu số 3 (3-KNĐ)"]
    assert [pages(c) for c in children2] == [5]


def test_outline_flat_without_groups(tmp_path):
    parts = make_parts(tmp_path, [1, 3, 1])
    build_bundle(parts, make_cover(), tmp_path / "hoso.pdf")
    reader = PdfReader(tmp_path / "hoso.pdf")
    assert [reader.get_destination_page_number(item) + 1 for item in reader.outline] == [3, 4, 7]


def test_contents_links_point_to_first_page_of_each_part(tmp_path):
    parts = make_parts(tmp_path, [2, 1, 3], ["Nhóm A", "Nhóm A", "Nhóm B"])
    result = build_bundle(parts, make_cover(), tmp_path / "hoso.pdf")
    reader = PdfReader(result.path)

    links = link_targets(reader, 1)
    # two group rows and three part rows, top to bottom
    links.sort(key=lambda link: -link[0][3])
    assert [target for _, target in links] == [3, 3, 5, 6, 6]
    # every part row's link contains that row's title
    texts = text_positions(reader, 1)
    for number, (_code, first, _last) in enumerate(result.parts, start=1):
        (_, x, y), = [t for t in texts if t[0] == f"Tài liệu số {number}"]
        inside = [target for rect, target in links if rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]]
        assert inside == [first]
    # and the printed page ranges follow
    text = reader.pages[1].extract_text()
    for expected in ("3–4", "5", "6–8", "3–5"):
        assert expected in text


def test_page_labels_match_printed_numbers(tmp_path):
    result = build_bundle(make_parts(tmp_path, [2, 1]), make_cover(), tmp_path / "hoso.pdf")
    reader = PdfReader(result.path)
    assert reader.page_labels == ["Bìa", "2", "3", "4", "5"]


@pytest.mark.parametrize("position", ["bottom-center", "top-center", "bottom-right"])
def test_printed_page_number_position(tmp_path, position):
    result = build_bundle(make_parts(tmp_path, [2]), make_cover(), tmp_path / "hoso.pdf", page_numbers=position)
    reader = PdfReader(result.path)
    for page in (3, 4):  # part pages are stamped
        assert reader.pages[page - 1].extract_text().split()[-1] == str(page)
    assert "2" in reader.pages[1].extract_text().split()  # the contents page is numbered
    assert "1" not in [w[0] for w in poppler_words(result.path, 1)[2]]  # no number on the cover
    with pytest.raises(AssertionError, match="no page number"):
        number_box(result.path, 1, position)

    for page in (2, 4):
        width, height, x, y, right = number_box(result.path, page, position)
        expected_y = height - 10 * MM if position.startswith("bottom") else 10 * MM
        assert abs(y - expected_y) < 2
        if position == "bottom-right":
            assert abs(right - (width - 15 * MM)) < 2
        else:
            assert abs(x - width / 2) < 2


def test_no_printed_numbers_but_labels(tmp_path):
    result = build_bundle(make_parts(tmp_path, [2]), make_cover(), tmp_path / "hoso.pdf", page_numbers="none")
    reader = PdfReader(result.path)
    assert reader.pages[2].extract_text().strip() == "Tài liệu số 1 trang 1"
    assert not re.search(r"^\s*2\s*$", reader.pages[1].extract_text(), re.M)
    assert reader.page_labels == ["Bìa", "2", "3", "4"]


def test_invalid_position_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError):
        build_bundle(make_parts(tmp_path, [1]), make_cover(), tmp_path / "x.pdf", page_numbers="left")


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_rotated_page_keeps_rotation_and_number_is_at_visible_bottom(tmp_path, rotate):
    path = make_pdf(tmp_path / "rot.pdf", 1, "Xoay", rotate=rotate, mediabox=(40, 60, 40 + 595, 60 + 842))
    result = build_bundle([Part("CV", "Xoay", path)], make_cover(), tmp_path / "hoso.pdf")
    reader = PdfReader(result.path)
    assert reader.pages[2].rotation == rotate
    width, height, x, y, _ = number_box(result.path, 3)
    assert (width > height) == (rotate in (90, 270))
    assert abs(x - width / 2) < 2
    assert abs(y - (height - 10 * MM)) < 2


def test_every_font_is_embedded(tmp_path):
    scan = tmp_path / "scan.png"
    Image.new("RGB", (300, 400), "white").save(scan)
    parts = make_parts(tmp_path, [1, 2]) + [Part("ẢNH", "Ảnh chụp", scan)]
    result = build_bundle(parts, make_cover(), tmp_path / "hoso.pdf")
    reader = PdfReader(result.path)
    count = 0
    for page in reader.pages:
        for font in fonts_of(page.get("/Resources")):
            count += 1
            assert is_embedded(font), font
    assert count >= len(reader.pages)
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(result.path)], capture_output=True, text=True).stdout
        rows = listing.splitlines()[2:]
        assert rows and all(" yes " in row for row in rows), listing


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_cover_shows_name_in_capitals_as_nfc(tmp_path, form):
    cover = make_cover(unicodedata.normalize(form, NAME))
    result = build_bundle(make_parts(tmp_path, [1]), cover, tmp_path / "hoso.pdf")
    reader = PdfReader(result.path)
    text = reader.pages[0].extract_text()
    assert unicodedata.is_normalized("NFC", text)
    assert NAME_CAPS in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ĐỀ NGHỊ KẾT NẠP ĐẢNG VIÊN" in text
    assert "12/05/2004" in text
    assert "Khoa Công nghệ thông tin" in text and "Chi bộ Chi bộ" not in text
    assert "Trường Cao đẳng Công nghệ Bình Minh" in text
    assert "123" in text  # extra line
    assert reader.metadata.title == f"Hồ sơ đề nghị kết nạp đảng viên — {NAME}"
    assert unicodedata.is_normalized("NFC", reader.metadata.title)


def test_metadata(tmp_path):
    result = build_bundle(make_parts(tmp_path, [1]), make_cover(), tmp_path / "hoso.pdf")
    reader = PdfReader(result.path)
    meta = reader.metadata
    assert meta.author == "Đảng ủy Trường Cao đẳng Công nghệ Bình Minh"
    assert meta.creator == "dossier"
    assert meta.subject and NAME in meta.subject
    assert meta.creation_date is None and meta.modification_date is None
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1]


# ----------------------------------------------------------------- scans


def _exif_jpeg(path: Path, displayed: Image.Image, orientation: int) -> Path:
    """Store ``displayed`` as a camera would with the given EXIF orientation."""
    stored = {
        1: displayed,
        3: displayed.rotate(180),
        6: displayed.rotate(90, expand=True),  # viewer turns it 90° clockwise
        8: displayed.rotate(-90, expand=True),
    }[orientation]
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored.save(path, "JPEG", quality=95, exif=exif.tobytes())
    return path


def _red_top_blue_bottom(width: int, height: int) -> Image.Image:
    image = Image.new("RGB", (width, height), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, width, height // 2))
    return image


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_jpeg_exif_orientation_is_honoured(tmp_path, orientation):
    path = _exif_jpeg(tmp_path / "anh.jpg", _red_top_blue_bottom(200, 400), orientation)
    result = build_bundle([Part("ẢNH", "Ảnh", path)], make_cover(), tmp_path / "hoso.pdf")
    page = PdfReader(result.path).pages[2]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert height > width  # portrait picture, portrait page
    (image,) = page.images
    picture = image.image.convert("RGB")
    assert picture.size == (200, 400)
    top, bottom = picture.getpixel((100, 20)), picture.getpixel((100, 380))
    assert top[0] > 200 and top[2] < 60, top
    assert bottom[2] > 200 and bottom[0] < 60, bottom


def test_unrotated_jpeg_is_embedded_without_reencoding(tmp_path):
    path = tmp_path / "anh.jpg"
    _red_top_blue_bottom(300, 200).save(path, "JPEG", quality=80)
    data = scan_to_pdf(path)
    page = PdfReader(io.BytesIO(data)).pages[0]
    xobjects = page["/Resources"]["/XObject"]
    (image,) = [x.get_object() for x in xobjects.values()]
    assert image["/Filter"] in ("/DCTDecode", ["/DCTDecode"])
    assert image._data == path.read_bytes()
    # a landscape picture gets a landscape A4 page, centred with margins
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)


def test_png_with_alpha_on_portrait_a4(tmp_path):
    path = tmp_path / "anh.png"
    Image.new("RGBA", (100, 300), (0, 0, 0, 0)).save(path)
    page = PdfReader(io.BytesIO(scan_to_pdf(path))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    (image,) = page.images
    assert image.image.convert("RGB").getpixel((50, 150)) == (255, 255, 255)  # transparent -> paper


def test_scan_fits_within_margins(tmp_path):
    path = tmp_path / "tall.png"
    Image.new("L", (100, 1000), 128).save(path)
    data = scan_to_pdf(path)
    content = PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data().decode()
    matrix = re.search(r"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) cm\s*/", content)
    a, b, c, d, e, f = (float(v) for v in matrix.groups())
    assert abs(d - (842 - 30 * MM)) < 1 and abs(a / d - 0.1) < 1e-3  # height fills the box, ratio kept
    assert abs(e + a / 2 - 595 / 2) < 1  # centred


# ----------------------------------------------------------------- errors


def test_broken_pdf_is_a_data_error_naming_the_file(tmp_path):
    broken = tmp_path / "hỏng.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    with pytest.raises(DataError) as caught:
        build_bundle([Part("1-KNĐ", "Đơn", broken)], make_cover(), tmp_path / "hoso.pdf")
    assert "hỏng.pdf" in str(caught.value)
    assert "PDF" in str(caught.value)


def test_encrypted_pdf_is_a_data_error(tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf")
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="mo-tep", owner_password="secret", algorithm="RC4-128")  # needed to open it
    locked = tmp_path / "mật-khẩu.pdf"
    with open(locked, "wb") as handle:
        writer.write(handle)
    with pytest.raises(DataError) as caught:
        build_bundle([Part("1-KNĐ", "Đơn", locked)], make_cover(), tmp_path / "hoso.pdf")
    assert "mật-khẩu.pdf" in str(caught.value)
    assert "mật khẩu" in str(caught.value)


def test_pdf_without_pages_is_a_data_error(tmp_path):
    empty = tmp_path / "rỗng.pdf"
    with open(empty, "wb") as handle:
        PdfWriter().write(handle)
    with pytest.raises(DataError, match="không có trang") as caught:
        build_bundle([Part("1-KNĐ", "Đơn", empty)], make_cover(), tmp_path / "hoso.pdf")
    assert "rỗng.pdf" in str(caught.value)


@pytest.mark.parametrize("name", ["ảnh-giả.jpg", "ảnh-giả.png"])
def test_fake_image_is_a_data_error(tmp_path, name):
    fake = tmp_path / name
    fake.write_text("Đây không phải là ảnh.\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build_bundle([Part("CN", "Chứng nhận", fake)], make_cover(), tmp_path / "hoso.pdf")
    assert name in str(caught.value)
    assert "ảnh" in str(caught.value).lower()
    with pytest.raises(DataError):
        scan_to_pdf(fake)


def test_truncated_jpeg_is_a_data_error(tmp_path):
    good = tmp_path / "good.jpg"
    _red_top_blue_bottom(400, 400).save(good, "JPEG")
    cut = tmp_path / "cắt.jpg"
    cut.write_bytes(good.read_bytes()[: 300])
    with pytest.raises(DataError, match="cắt.jpg"):
        scan_to_pdf(cut)


def test_missing_and_unsupported_files(tmp_path):
    with pytest.raises(DataError, match="không-có.pdf"):
        build_bundle([Part("1", "x", tmp_path / "không-có.pdf")], make_cover(), tmp_path / "hoso.pdf")
    other = tmp_path / "đơn.docx"
    other.write_bytes(b"PK")
    with pytest.raises(DataError, match="đơn.docx"):
        build_bundle([Part("1", "x", other)], make_cover(), tmp_path / "hoso.pdf")


def test_failed_build_leaves_previous_output_untouched(tmp_path):
    output = tmp_path / "hoso.pdf"
    output.write_bytes(b"old")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"garbage")
    with pytest.raises(DataError):
        build_bundle(make_parts(tmp_path, [1]) + [Part("2", "y", broken)], make_cover(), output)
    assert output.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# ----------------------------------------------------------------- determinism and scale


def test_same_inputs_give_identical_bytes(tmp_path):
    scan = _exif_jpeg(tmp_path / "anh.jpg", _red_top_blue_bottom(60, 90), 6)
    parts = make_parts(tmp_path, [1, 2], ["A", "B"]) + [Part("ẢNH", "Ảnh", scan, "B")]
    first = build_bundle(parts, make_cover(), tmp_path / "one.pdf")
    second = build_bundle(parts, make_cover(), tmp_path / "two.pdf")
    assert first.path.read_bytes() == second.path.read_bytes()
    assert b"CreationDate" not in first.path.read_bytes()


def test_identical_bytes_across_processes(tmp_path):
    parts = make_parts(tmp_path, [1, 2])
    build_bundle(parts, make_cover(), tmp_path / "here.pdf")
    script = (
        "import sys; from pathlib import Path; from dossier.bundle import build_bundle, Part, Cover;"
        "import tests.test_bundle as t;"
        "d = Path(sys.argv[1]);"
        "parts = [Part(f'{i}-KNĐ', f'Tài liệu số {i}', d / f'part{i}.pdf') for i in (1, 2)];"
        "build_bundle(parts, t.make_cover(), d / 'there.pdf')"
    )
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True, cwd=root)
    assert (tmp_path / "here.pdf").read_bytes() == (tmp_path / "there.pdf").read_bytes()


def test_forty_parts_contents_on_two_pages(tmp_path):
    counts = [1 + i % 3 for i in range(40)]
    parts = make_parts(tmp_path, counts)
    result = build_bundle(parts, make_cover(), tmp_path / "hoso.pdf")
    reader = PdfReader(result.path)

    assert result.pages == 1 + 2 + sum(counts)
    assert result.parts[0][1] == 4
    assert reader.page_labels[:4] == ["Bìa", "2", "3", "4"]
    assert "MỤC LỤC (tiếp theo)" in reader.pages[2].extract_text()
    assert "Tài liệu số 1 trang 1" in reader.pages[3].extract_text()

    links = link_targets(reader, 1) + link_targets(reader, 2)
    assert sorted(target for _, target in links) == [first for _, first, _ in result.parts]
    for page_index in (1, 2):  # each row's link points at that row's part
        texts = {t[0]: (t[1], t[2]) for t in text_positions(reader, page_index)}
        for rect, target in link_targets(reader, page_index):
            number = next(i for i, (_, first, _) in enumerate(result.parts, 1) if first == target)
            x, y = texts[f"Tài liệu số {number}"]
            assert rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]
    first, last = result.parts[-2][1:]  # part 39 has three pages
    assert f"{first}–{last}" in reader.pages[2].extract_text()
    assert result.parts[-1][1:] == (result.pages, result.pages)
    outline_pages = [reader.get_destination_page_number(item) + 1 for item in reader.outline]
    assert outline_pages == [first for _, first, _ in result.parts]
    # the printed numbers run on through the contents into the parts
    assert number_box(result.path, 3)
    assert reader.pages[result.pages - 1].extract_text().split()[-1] == str(result.pages)


def test_bundle_without_parts_has_cover_and_contents(tmp_path):
    result = build_bundle([], make_cover(), tmp_path / "hoso.pdf")
    reader = PdfReader(result.path)
    assert result.pages == 2 and result.parts == []
    assert "chưa có tài liệu" in reader.pages[1].extract_text()
    assert reader.page_labels == ["Bìa", "2"]


def test_same_file_twice_and_group_numbering(tmp_path):
    (part,) = make_parts(tmp_path, [2])
    parts = [
        Part("A", "Bản chính", part.path, "Hồ sơ kết nạp"),
        Part("B", "Bản sao", part.path, "Hồ sơ công nhận đảng viên chính thức"),
    ]
    result = build_bundle(parts, make_cover(), tmp_path / "hoso.pdf")
    reader = PdfReader(result.path)
    assert result.parts == [("A", 3, 4), ("B", 5, 6)]
    assert len({page.indirect_reference.idnum for page in reader.pages}) == 6
    lines = reader.pages[1].extract_text().splitlines()
    assert "I" in lines and "II" in lines


@pytest.mark.parametrize(
    "make",
    [
        lambda p: Image.new("I;16", (40, 30), 40000).save(p, "PNG"),  # 16-bit grey
        lambda p: Image.new("P", (40, 30)).save(p, "PNG", transparency=0),  # palette + transparency
        lambda p: Image.new("1", (40, 30), 1).save(p, "PNG"),  # bilevel
        lambda p: Image.new("CMYK", (40, 30), (0, 0, 0, 0)).save(p, "JPEG"),  # CMYK JPEG
        lambda p: Image.new("RGB", (40, 30), "white").save(p, "PNG"),  # PNG under a .jpg name
    ],
)
def test_unusual_images_become_light_pages(tmp_path, make):
    path = tmp_path / "anh.jpg"
    make(path)
    (image,) = PdfReader(io.BytesIO(scan_to_pdf(path))).pages[0].images
    assert image.image.size == (40, 30)
    assert min(image.image.convert("L").getpixel((20, 15)), 255) > 150


# ------------------------------------------------------------------ the certifying committee (38-HD/BTCTW §II.1.1)

CERTIFIER = ("Bình Minh, ngày ..... tháng ..... năm ........", "T/M ĐẢNG ỦY", "BÍ THƯ", "Lê Văn Khải")


def _certified_cover():
    from dataclasses import replace

    return replace(make_cover(), certifier=CERTIFIER)


def test_contents_carry_the_certifying_committee_under_the_table(tmp_path):
    parts = make_parts(tmp_path, [1, 2, 1])
    reader = PdfReader(build_bundle(parts, _certified_cover(), tmp_path / "hoso.pdf").path)
    contents = reader.pages[1].extract_text()
    for line in ("T/M ĐẢNG ỦY", "BÍ THƯ", "Lê Văn Khải", "ngày ..... tháng"):
        assert line in contents
    # under the table: the signature's lines are below the last row
    rows = {t[0]: t[2] for t in text_positions(reader, 1)}
    assert rows["Lê Văn Khải"] < rows["BÍ THƯ"] < min(y for text, y in rows.items() if text.startswith("Tài liệu số"))


def test_a_full_contents_page_moves_the_signature_to_a_page_of_its_own(tmp_path):
    """Rows that fill the first contents page leave no room for the signature block:
    it goes on a contents page of its own, never drawn over the table or off the page."""
    from dossier.bundle_front import contents_rows, paginate

    (tmp_path / "one").mkdir()
    parts = make_parts(tmp_path / "one", [1] * 40)
    fonts = _fonts()
    full = next(n for n in range(1, 41) if len(paginate(contents_rows(parts[:n], fonts))) == 1
                < len(paginate(contents_rows(parts[:n], fonts), signature=True)))
    assert paginate(contents_rows(parts[:full], fonts), signature=True)[-1] == []  # `full` rows fill page 1
    reader = PdfReader(build_bundle(parts[:full], _certified_cover(), tmp_path / "full.pdf").path)
    assert "Lê Văn Khải" not in reader.pages[1].extract_text()
    assert "Lê Văn Khải" in reader.pages[2].extract_text() and "MỤC LỤC (tiếp theo)" in reader.pages[2].extract_text()
