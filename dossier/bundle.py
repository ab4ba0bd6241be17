"""Bundle one candidate's documents into one PDF dossier, like a court bundle.

Layout of a bundle::

    page 1          cover (bìa hồ sơ): "ĐẢNG CỘNG SẢN VIỆT NAM", the heading,
                    the candidate's name in capitals, date of birth, chi bộ, đảng bộ
    pages 2..k+1    contents ("MỤC LỤC"): STT | Mẫu | Tên tài liệu | Trang, every
                    row a link to the first page of its part; as many pages as needed
    pages k+2..     the parts, in the order given

Page numbering runs through the whole bundle and counts the cover as page 1, so
the numbers printed in the contents, the numbers stamped on the pages and the
PDF page labels all agree. Following the Party's presentation rule ("from page
2", 36-HD/VPTW as read by the Bình Thuận handbook) the cover carries no printed
number (its page label is "Bìa"); the contents pages are numbered 2, 3, …

Parts are PDFs, appended as they are (rotation, links and annotations kept; their
own bookmarks are not imported: the bundle has one bookmark per part), or scans
(JPEG/PNG), placed on an A4 page by :func:`scan_to_pdf`. A part that cannot be
used raises :class:`dossier.errors.DataError` naming the file.

Every font this module draws with is Liberation Serif (metric-compatible with
Times New Roman), embedded as a TrueType subset. The output is deterministic:
the same inputs give the same bytes (no timestamps; the file identifier is a
hash of the inputs), and it is written atomically.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import shutil
import stat
import subprocess
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    Fit,
    NameObject,
    TextStringObject,
)
from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

from dossier.errors import DataError, EnvironmentFailure, describe_os_error
from dossier.fsutil import write_bytes

__all__ = [
    "PAGE_NUMBER_POSITIONS",
    "BundleResult",
    "Cover",
    "Part",
    "build_bundle",
    "scan_to_pdf",
]

PAGE_NUMBER_POSITIONS = ("bottom-center", "top-center", "bottom-right", "none")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
PDF_SUFFIXES = (".pdf",)
MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024  # a 30-page colour scan at 300 dpi is about 30 MB

MM = 72 / 25.4
# Margins of the pages this module lays out (cover, contents): the default of
# domain notes §9, 25/25/35/15 mm top/bottom/left/right.
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 25 * MM, 25 * MM, 35 * MM, 15 * MM
SCAN_MARGIN = 15 * MM  # around a scanned image; keeps the page number (10 mm) clear
PAGE_NUMBER_SIZE = 12
PAGE_NUMBER_OFFSET = 10 * MM  # from the page edge to the middle of the digits
PAGE_NUMBER_RIGHT = 15 * MM  # bottom-right: right end of the number, = right margin
JPEG_QUALITY = 90

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"


# --------------------------------------------------------------------------- API


@dataclass
class Part:
    """One document of the bundle."""

    code: str  # "9-KNĐ", "CV-TTLL", "1-KNĐ"
    title: str  # "Quyết định kết nạp đảng viên"
    path: Path  # a PDF, or a scan: .pdf / .jpg / .jpeg / .png
    group: str = ""  # outline group, e.g. "Hồ sơ kết nạp"


@dataclass
class Cover:
    """What the cover page says. ``chi_bo`` and ``dang_bo`` may be given with or
    without their leading "Chi bộ " / "Đảng bộ " (the cover prints the label once)."""

    heading: str  # "HỒ SƠ ĐỀ NGHỊ KẾT NẠP ĐẢNG VIÊN"
    ho_ten: str
    ngay_sinh: str  # already formatted, printed as given
    chi_bo: str
    dang_bo: str
    author: str  # issuing body, PDF metadata Author
    extra_lines: list[str] = field(default_factory=list)  # "Nhãn: giá trị" or free text


@dataclass
class BundleResult:
    path: Path
    pages: int
    parts: list[tuple[str, int, int]]  # (code, first_page, last_page), 1-based


def build_bundle(
    parts: list[Part],
    cover: Cover,
    output: Path,
    *,
    page_numbers: str = "bottom-center",
) -> BundleResult:
    """Assemble ``parts`` behind a cover and a contents table into ``output``.

    ``page_numbers`` is where the running page number is printed:
    ``"bottom-center"``, ``"top-center"`` (the Party rule), ``"bottom-right"`` or
    ``"none"`` (page labels are set in every case).

    Raises :class:`DataError` (naming the file) for a part that is missing, not a
    PDF/JPEG/PNG, broken, encrypted or empty; :class:`EnvironmentFailure` when the
    fonts are missing or the output cannot be written.
    """
    if page_numbers not in PAGE_NUMBER_POSITIONS:
        raise ValueError(f"page_numbers must be one of {PAGE_NUMBER_POSITIONS}, not {page_numbers!r}")
    output = Path(output)
    cover = _normalised_cover(cover)
    parts = [
        Part(code=_nfc(p.code), title=_nfc(p.title), path=Path(p.path), group=_nfc(p.group)) for p in parts
    ]
    fonts = _fonts()

    # 1. Read every part once: page counts come from the same readers we append.
    digest = hashlib.sha256(b"dossier-bundle-1\0")
    loaded: list[_Loaded] = []
    for part in parts:
        item = _load_part(part)
        digest.update(item.digest)
        loaded.append(item)

    # 2. Lay out the contents first: its page count shifts every part's pages.
    rows = _contents_rows(parts, fonts)
    contents_pages = _paginate(rows)
    first_part_page = 2 + len(contents_pages)  # 1-based; page 1 is the cover
    spans: list[tuple[int, int]] = []
    page = first_part_page
    for item in loaded:
        spans.append((page, page + item.pages - 1))
        page += item.pages
    total_pages = page - 1
    _resolve_row_targets(rows, spans)

    # 3. Cover and contents (reportlab), then the parts (pypdf).
    stamped = range(first_part_page, total_pages + 1) if page_numbers != "none" else range(0)
    front = PdfReader(io.BytesIO(_draw_front_matter(cover, contents_pages, fonts, page_numbers, stamped)))
    front_pages = 1 + len(contents_pages)
    writer = PdfWriter()
    writer.append(front, pages=list(range(front_pages)), import_outline=False)
    for item in loaded:
        try:
            writer.append(item.reader, import_outline=False)
        except Exception as exc:  # pypdf raises many kinds on a damaged file
            raise DataError(
                f"Tệp PDF bị hỏng, không ghép được vào hồ sơ; hãy quét hoặc xuất lại tệp PDF (chi tiết: {exc}).",
                path=str(item.part.path),
            ) from exc
    if len(writer.pages) != total_pages:  # pragma: no cover - would be a bug here or in pypdf
        raise RuntimeError(f"bundle has {len(writer.pages)} pages, expected {total_pages}")

    # 4. Page numbers on the parts (the front matter drew its own).
    if stamped:
        _stamp_page_numbers(writer, front.pages[front_pages], stamped, page_numbers)

    # 5. Navigation: links in the contents, outline, page labels.
    for index, page_rows in enumerate(contents_pages):
        for row in page_rows:
            if row.target is not None:
                target = row.target - 1
                writer.add_annotation(
                    1 + index,
                    Link(rect=row.rect, target_page_index=target, fit=_fit_for(writer.pages[target])),
                )
    _add_outline(writer, parts, spans)
    writer.set_page_label(0, 0, prefix="Bìa")
    if total_pages > 1:
        writer.set_page_label(1, total_pages - 1, style="/D", start=2)
    writer.page_mode = "/UseOutlines"
    writer.pdf_header = _pdf_header(item.reader for item in loaded)

    # 6. Metadata, identity, output.
    title = f"{_sentence_case(cover.heading)} — {cover.ho_ten}"
    writer.add_metadata(
        {
            "/Title": title,
            "/Subject": "; ".join(
                x for x in (_sentence_case(cover.heading), cover.ho_ten, cover.chi_bo, cover.dang_bo) if x
            ),
            "/Author": cover.author,
            "/Creator": "dossier",
            "/Keywords": ", ".join(p.code for p in parts if p.code),
        }
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject("vi-VN")
    writer.create_viewer_preferences().display_doctitle = True
    digest.update(repr((cover, [(p.code, p.title, p.group) for p in parts], page_numbers)).encode())
    file_id = ByteStringObject(digest.digest()[:16])
    writer._ID = ArrayObject([file_id, file_id])  # deterministic; pypdf has no public setter
    buffer = io.BytesIO()
    writer.write(buffer)
    write_bytes(output, buffer.getvalue())
    return BundleResult(
        path=output,
        pages=total_pages,
        parts=[(p.code, first, last) for p, (first, last) in zip(parts, spans)],
    )


def _pdf_header(readers: Iterable[PdfReader]) -> str:
    """The highest version among the parts, at least 1.4 (/Lang, DisplayDocTitle)."""
    best = (1, 4)
    for reader in readers:
        with contextlib.suppress(Exception):
            major, minor = reader.pdf_header.strip()[5:8].split(".")
            best = max(best, (int(major), int(minor[:1])))
    return f"%PDF-{best[0]}.{best[1]}"


def scan_to_pdf(path: Path) -> bytes:
    """One A4 page holding the JPEG/PNG image at ``path``, aspect ratio kept,
    centred within 15 mm margins; EXIF orientation applied; landscape images get a
    landscape page. JPEGs that need no rotation are embedded without re-encoding.

    Raises :class:`DataError` naming the file if it is missing or not an image.
    """
    path = Path(path)
    return _image_to_pdf(_read_file(path), path)


# ------------------------------------------------------------------ fonts

_FONT_FACES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
}
_FC_STYLES = {"regular": "Regular", "bold": "Bold", "italic": "Italic"}
_FONT_DIRS = (
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/liberation-serif",  # Fedora
    "/usr/share/fonts/liberation",
    "/usr/local/share/fonts",
    "/Library/Fonts",
)


def _find_font_file(face: str) -> Path:
    filename = _FONT_FACES[face]
    for folder in _FONT_DIRS:
        candidate = Path(folder) / filename
        if candidate.is_file():
            return candidate
    if shutil.which("fc-match"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            found = subprocess.run(
                ["fc-match", "-f", "%{file}", f"Liberation Serif:style={_FC_STYLES[face]}"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout.strip()
            # fc-match always answers something; only accept the real face.
            if found and Path(found).name == filename and Path(found).is_file():
                return Path(found)
    raise EnvironmentFailure(
        f"Không tìm thấy phông chữ {filename} (Liberation Serif). "
        "Hãy cài gói fonts-liberation2 (Debian/Ubuntu: apt-get install fonts-liberation2)."
    )


@functools.cache
def _fonts() -> dict[str, str]:
    """Register Liberation Serif (regular, bold, italic) with reportlab once per process;
    return the reportlab font name of each face."""
    names = {}
    for face in _FONT_FACES:
        name = f"DossierSerif-{face}"
        path = _find_font_file(face)
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except Exception as exc:
            raise EnvironmentFailure(f"Không đọc được phông chữ {path}: {exc}") from exc
        names[face] = name
    return names


_A85_LOCK = threading.Lock()


@contextlib.contextmanager
def _canvas(target: io.BytesIO, pagesize: tuple[float, float]) -> Iterator[rl_canvas.Canvas]:
    """A reportlab canvas with fixed dates/IDs and binary (not ASCII85) streams.

    ``rl_config.useA85`` is global; it is switched off only while we draw."""
    with _A85_LOCK:
        saved = rl_config.useA85
        rl_config.useA85 = 0
        try:
            canvas = rl_canvas.Canvas(
                target,
                pagesize=pagesize,
                invariant=True,
                pageCompression=1,
                # Not Helvetica: reportlab declares the initial font on every page.
                initialFontName=_fonts()["regular"],
                initialFontSize=12,
            )
            yield canvas
            canvas.save()
        finally:
            rl_config.useA85 = saved


# ------------------------------------------------------------------ reading parts


@dataclass
class _Loaded:
    part: Part
    reader: PdfReader
    pages: int
    digest: bytes


def _read_file(path: Path) -> bytes:
    """The bytes of an attachment; a file larger than :data:`MAX_ATTACHMENT_BYTES`
    is refused before it is read (the whole part is held in memory to bundle it)."""
    try:
        info = path.stat()
        if path.is_dir():
            raise IsADirectoryError(path)
        if not stat.S_ISREG(info.st_mode):
            raise DataError("Đây không phải một tệp thông thường (là thiết bị hay đường ống), "
                            "không dùng làm tệp đính kèm được.", path=str(path))
        if info.st_size > MAX_ATTACHMENT_BYTES:
            raise DataError(
                f"Tệp đính kèm quá lớn ({info.st_size / 1024 / 1024:.0f} MB; tối đa "
                f"{MAX_ATTACHMENT_BYTES // 1024 // 1024} MB). Hãy quét lại ở độ phân giải 200–300 dpi, "
                "ảnh xám hoặc đen trắng, hoặc nén tệp PDF trước khi đính kèm.",
                path=str(path),
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_ATTACHMENT_BYTES + 1)
        if len(data) > MAX_ATTACHMENT_BYTES:  # grew while we looked
            raise DataError("Tệp đính kèm quá lớn hoặc đang bị ghi thêm.", path=str(path))
        return data
    except FileNotFoundError as exc:
        raise DataError("Không tìm thấy tệp đính kèm.", path=str(path)) from exc
    except IsADirectoryError as exc:
        raise DataError("Đây là một thư mục, không phải tệp đính kèm.", path=str(path)) from exc
    except OSError as exc:
        raise DataError(f"Không đọc được tệp đính kèm: {describe_os_error(exc)}.", path=str(path)) from exc


def _load_part(part: Part) -> _Loaded:
    path = part.path
    suffix = path.suffix.lower()
    if suffix not in PDF_SUFFIXES + IMAGE_SUFFIXES:
        raise DataError(
            "Tệp đính kèm phải là PDF, JPEG hoặc PNG (.pdf, .jpg, .jpeg, .png), "
            f"không phải “{path.suffix or 'không có đuôi'}”.",
            path=str(path),
        )
    data = _read_file(path)
    digest = hashlib.sha256(data).digest()
    pdf = _image_to_pdf(data, path) if suffix in IMAGE_SUFFIXES else data
    reader = _open_pdf(pdf, path)
    return _Loaded(part=part, reader=reader, pages=len(reader.pages), digest=digest)


def _open_pdf(data: bytes, path: Path) -> PdfReader:
    where = str(path)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:
        raise DataError(f"Tệp không phải PDF hợp lệ hoặc đã bị hỏng; hãy quét hoặc xuất lại tệp PDF "
                        f"(chi tiết: {exc}).", path=where) from exc
    if reader.is_encrypted:
        raise DataError(
            "Tệp PDF được đặt mật khẩu hoặc mã hóa nên không ghép được vào hồ sơ. "
            "Hãy đính kèm bản không đặt mật khẩu (mở tệp rồi in/lưu lại thành PDF).",
            path=where,
        )
    try:
        count = len(reader.pages)
        for page in reader.pages:  # touch what we use later, so damage shows here
            _ = page.cropbox, page.rotation
    except Exception as exc:
        raise DataError(f"Tệp PDF bị hỏng, không đọc được các trang; hãy quét hoặc xuất lại tệp PDF "
                        f"(chi tiết: {exc}).", path=where) from exc
    if count == 0:
        raise DataError("Tệp PDF không có trang nào.", path=where)
    return reader


def _image_to_pdf(data: bytes, path: Path) -> bytes:
    where = str(path)
    try:
        image = Image.open(io.BytesIO(data))
        image_format = image.format
        image.load()
    except Image.DecompressionBombError as exc:
        raise DataError(
            "Ảnh quá lớn (quá nhiều điểm ảnh), hãy quét lại với độ phân giải thấp hơn.", path=where
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise DataError(
            "Tệp không phải ảnh JPEG/PNG hợp lệ hoặc đã bị hỏng; hãy quét hoặc chụp lại.", path=where
        ) from exc

    try:
        orientation = image.getexif().get(0x0112, 1)
    except Exception:  # a damaged EXIF block must not lose the picture
        orientation = 1
    if image_format == "JPEG" and orientation in (0, 1) and image.mode in ("RGB", "L"):
        source = ImageReader(io.BytesIO(data))  # embedded as is (DCTDecode), no quality loss
        width, height = image.size
    else:
        try:
            image = ImageOps.exif_transpose(image)
        except Exception:
            pass
        image = _flatten(image)
        width, height = image.size
        if image_format == "JPEG":  # a photo: stay lossy, but re-encode only once
            encoded = io.BytesIO()
            image.save(encoded, "JPEG", quality=JPEG_QUALITY, optimize=True)
            source = ImageReader(io.BytesIO(encoded.getvalue()))
        else:  # PNG and others: lossless (Flate)
            source = ImageReader(image)
    if width < 1 or height < 1:
        raise DataError("Ảnh rỗng (không có điểm ảnh nào).", path=where)

    pagesize = landscape(A4) if width > height else A4
    page_w, page_h = pagesize
    box_w, box_h = page_w - 2 * SCAN_MARGIN, page_h - 2 * SCAN_MARGIN
    scale = min(box_w / width, box_h / height)
    draw_w, draw_h = width * scale, height * scale
    buffer = io.BytesIO()
    with _canvas(buffer, pagesize) as canvas:
        canvas.drawImage(source, (page_w - draw_w) / 2, (page_h - draw_h) / 2, draw_w, draw_h)
        canvas.showPage()
    return buffer.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """RGB or L, transparency composited onto white paper."""
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA"):
        rgba = image.convert("RGBA")
        paper = Image.new("RGB", rgba.size, "white")
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    if image.mode.startswith("I"):  # 16/32-bit grey (16-bit PNG): scale to 8 bits
        return image.point(lambda v: v / 256).convert("L")
    if image.mode in ("1", "F"):
        return image.convert("L")
    if image.mode in ("L", "RGB"):
        return image
    return image.convert("RGB")


# ------------------------------------------------------------------ text helpers


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def _upper(text: str) -> str:
    return unicodedata.normalize("NFC", _nfc(text).upper())


def _sentence_case(heading: str) -> str:
    """'HỒ SƠ ĐỀ NGHỊ KẾT NẠP ĐẢNG VIÊN' -> 'Hồ sơ đề nghị kết nạp đảng viên'.
    Headings not written all in capitals are kept as they are."""
    if heading != heading.upper():
        return heading
    lower = heading.lower()
    return lower[:1].upper() + lower[1:]


def _normalised_cover(cover: Cover) -> Cover:
    return Cover(
        heading=_nfc(cover.heading).strip(),
        ho_ten=" ".join(_nfc(cover.ho_ten).split()),
        ngay_sinh=_nfc(cover.ngay_sinh).strip(),
        chi_bo=_nfc(cover.chi_bo).strip(),
        dang_bo=_nfc(cover.dang_bo).strip(),
        author=_nfc(cover.author).strip(),
        extra_lines=[_nfc(line).strip() for line in cover.extra_lines],
    )


def _without_label(value: str, label: str) -> str:
    """'Chi bộ Khoa Công nghệ thông tin' -> 'Khoa Công nghệ thông tin' (the cover
    prints 'Chi bộ:' itself). Only when a proper name follows, so 'Đảng bộ bộ phận …'
    keeps its words."""
    prefix = label + " "
    if value.lower().startswith(prefix.lower()):
        rest = value[len(prefix) :].lstrip()
        if rest[:1].isupper():
            return rest
    return value


def _width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy line breaking at spaces; a word wider than the line is cut."""
    lines: list[str] = []
    current = ""
    for word in _tokens(text):
        trial = f"{current} {word}" if current else word
        if _width(trial, font, size) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = word
        while _width(current, font, size) > width and len(current) > 1:
            cut = len(current) - 1
            while cut > 1 and _width(current[:cut], font, size) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current or not lines:
        lines.append(current)
    return lines


def _tokens(text: str) -> list[str]:
    """Words, with a free-standing dash glued to its neighbours ("chính trị - xã
    hội" never breaks around the dash)."""
    tokens: list[str] = []
    glue = False
    for word in text.split():
        if word in ("-", "–", "—") and tokens:
            tokens[-1] += " " + word
            glue = True
        elif glue:
            tokens[-1] += " " + word
            glue = False
        else:
            tokens.append(word)
    return tokens


def _balanced_wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """As few lines as greedy wrapping needs, but of similar lengths (headings)."""
    lines = _wrap(text, font, size, width)
    if len(lines) < 2:
        return lines
    low, high = 0.0, width
    for _ in range(20):
        middle = (low + high) / 2
        if len(_wrap(text, font, size, middle)) <= len(lines):
            high = middle
        else:
            low = middle
    return _wrap(text, font, size, high)


def _roman(number: int) -> str:
    result = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while number >= value:
            result += letters
            number -= value
    return result


def _page_range(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _outline_title(stt: int, part: Part) -> str:
    title = part.title or part.code or part.path.name
    if part.code and part.title:
        title = f"{part.title} ({part.code})"
    return f"{stt}. {title}"


# ------------------------------------------------------------------ contents layout

PAGE_W, PAGE_H = A4
CONTENT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
COLUMNS = (13 * MM, 30 * MM, CONTENT_W - 13 * MM - 30 * MM - 22 * MM, 22 * MM)  # STT, Mẫu, Tên, Trang
TABLE_SIZE = 13
TABLE_LEADING = 16
CELL_PAD_X = 4
CELL_PAD_Y = 4.5
TITLE_SIZE = 15
# Baseline above the bottom of a TABLE_LEADING line box, so that capitals and
# lower-case letters with Vietnamese marks look centred in it.
_BASELINE_FROM_LINE_BOTTOM = 4.2
FIRST_TABLE_TOP = PAGE_H - MARGIN_TOP - 48  # below "MỤC LỤC" and the subtitle
NEXT_TABLE_TOP = PAGE_H - MARGIN_TOP - 26  # below "MỤC LỤC (tiếp theo)"
TABLE_BOTTOM = MARGIN_BOTTOM


@dataclass
class _Row:
    kind: str  # "header", "group", "part", "empty"
    cells: list[list[str]]  # wrapped lines of each of the 4 columns ("group": 3 cells)
    fonts: list[str]
    height: float
    index: int = -1  # part index ("part") or first part index ("group")
    last_index: int = -1  # group: last part index
    target: int | None = None  # 1-based page the row links to
    rect: tuple[float, float, float, float] = (0, 0, 0, 0)  # set when drawn; the link area


def _row_height(cells: list[list[str]]) -> float:
    return max(len(lines) for lines in cells) * TABLE_LEADING + 2 * CELL_PAD_Y


def _header_row(fonts: dict[str, str]) -> _Row:
    cells = [["STT"], ["Mẫu"], ["Tên tài liệu"], ["Trang"]]
    return _Row("header", cells, [fonts["bold"]] * 4, _row_height(cells))


def _contents_rows(parts: list[Part], fonts: dict[str, str]) -> list[_Row]:
    """The body rows of the contents table (without page numbers, which do not
    change any row's height: the page column is wide enough for "999–999")."""
    rows: list[_Row] = []
    inner = [w - 2 * CELL_PAD_X for w in COLUMNS]
    regular, bold = fonts["regular"], fonts["bold"]
    group_number = 0
    group_row: _Row | None = None
    for index, part in enumerate(parts):
        if not part.group:
            group_row = None
        elif group_row is None or part.group != parts[index - 1].group:
            group_number += 1
            cells = [
                [_roman(group_number)],
                _wrap(part.group, bold, TABLE_SIZE, COLUMNS[1] + COLUMNS[2] - 2 * CELL_PAD_X),
                [""],
            ]
            group_row = _Row("group", cells, [bold] * 3, _row_height(cells), index=index)
            rows.append(group_row)
        if group_row is not None:
            group_row.last_index = index
        cells = [
            [str(index + 1)],
            _wrap(part.code, regular, TABLE_SIZE, inner[1]),
            _wrap(part.title or part.path.name, regular, TABLE_SIZE, inner[2]),
            [""],
        ]
        rows.append(_Row("part", cells, [regular] * 4, _row_height(cells), index=index))
    if not parts:
        cells = [["Hồ sơ chưa có tài liệu nào."]]
        rows.append(_Row("empty", cells, [fonts["italic"]], _row_height(cells)))
    return rows


def _paginate(rows: list[_Row]) -> list[list[_Row]]:
    """Split rows into contents pages; each page repeats the header row (drawn
    separately). A group row is never left alone at the bottom of a page."""
    header_height = _header_row(_fonts()).height
    pages: list[list[_Row]] = [[]]
    top = FIRST_TABLE_TOP - header_height
    y = top
    for position, row in enumerate(rows):
        need = row.height
        if row.kind == "group" and position + 1 < len(rows):
            need += rows[position + 1].height  # keep with the first part below it
        if y - need < TABLE_BOTTOM and pages[-1]:
            pages.append([])
            y = NEXT_TABLE_TOP - header_height
        pages[-1].append(row)
        y -= row.height
    return pages


def _resolve_row_targets(rows: list[_Row], spans: list[tuple[int, int]]) -> None:
    for row in rows:
        if row.kind == "part":
            first, last = spans[row.index]
            row.target = first
            row.cells[3] = [_page_range(first, last)]
        elif row.kind == "group":
            first, last = spans[row.index][0], spans[row.last_index][1]
            row.target = first
            row.cells[2] = [_page_range(first, last)]


# ------------------------------------------------------------------ drawing


def _draw_front_matter(
    cover: Cover, contents_pages: list[list[_Row]], fonts: dict[str, str], page_numbers: str, stamped: range
) -> bytes:
    """Cover and contents pages; then, if ``stamped`` is not empty, one more page
    (not part of the bundle) that carries the page-number stamps for the parts as
    Form XObjects, so that they share the front matter's embedded font."""
    buffer = io.BytesIO()
    with _canvas(buffer, A4) as canvas:
        _draw_cover(canvas, cover, fonts)
        canvas.showPage()
        for index, rows in enumerate(contents_pages):
            _draw_contents_page(canvas, cover, rows, fonts, first=index == 0)
            if page_numbers != "none":
                _draw_page_number(canvas, 2 + index, PAGE_W, PAGE_H, page_numbers, fonts["regular"])
            canvas.showPage()
        if stamped:
            for number in stamped:
                name = f"n{number}"
                canvas.beginForm(name, -100, -20, 100, 20)
                _draw_number_at(canvas, number, 0, 0, page_numbers, fonts["regular"])
                canvas.endForm()
                canvas.doForm(name)
            canvas.showPage()
    return buffer.getvalue()


def _draw_cover(canvas, cover: Cover, fonts: dict[str, str]) -> None:
    regular, bold = fonts["regular"], fonts["bold"]
    # A double frame inside the binding margins, as on printed dossier covers.
    left, right = 30 * MM, PAGE_W - 15 * MM
    bottom, top = 20 * MM, PAGE_H - 20 * MM
    canvas.setLineWidth(1.6)
    canvas.rect(left, bottom, right - left, top - bottom)
    canvas.setLineWidth(0.6)
    canvas.rect(left + 3.5, bottom + 3.5, right - left - 7, top - bottom - 7)
    centre = (left + right) / 2
    width = right - left - 30 * MM

    # ĐẢNG CỘNG SẢN VIỆT NAM, bold, with a rule under it as long as the text.
    y = top - 22 * MM
    canvas.setFont(bold, 15)
    canvas.drawCentredString(centre, y, PARTY_NAME)
    rule = _width(PARTY_NAME, bold, 15)
    canvas.setLineWidth(0.8)
    canvas.line(centre - rule / 2, y - 5, centre + rule / 2, y - 5)

    # The heading: "HỒ SƠ" large on its own line, the rest balanced below it.
    heading = cover.heading
    lines: list[tuple[str, float]] = []
    if heading[:6].upper() == "HỒ SƠ " and heading[6:].strip():
        lines.append((heading[:5], 34))
        heading = heading[6:].strip()
    size = 20 if lines else 22
    wrapped = _balanced_wrap(heading, bold, size, width)
    while len(wrapped) > 3 and size > 14:
        size -= 1
        wrapped = _balanced_wrap(heading, bold, size, width)
    lines += [(line, size) for line in wrapped]
    heights = [line_size * 1.5 for _, line_size in lines]
    y = PAGE_H * 0.60 + sum(heights[1:]) / 2
    for (line, line_size), height in zip(lines, heights):
        canvas.setFont(bold, line_size)
        canvas.drawCentredString(centre, y, line)
        last_y = y
        y -= height
    # A short rule under the heading.
    canvas.setLineWidth(0.8)
    canvas.line(centre - 25 * MM, last_y - 14, centre + 25 * MM, last_y - 14)

    # The candidate's particulars: labels regular, values bold.
    fields: list[tuple[str, str]] = [
        ("Họ và tên", _upper(cover.ho_ten)),
        ("Ngày sinh", cover.ngay_sinh),
        ("Chi bộ", _without_label(cover.chi_bo, "Chi bộ")),
        ("Đảng bộ", _without_label(cover.dang_bo, "Đảng bộ")),
    ]
    free_lines: list[str] = []
    for line in cover.extra_lines:
        label, sep, value = line.partition(":")
        if sep and value.strip() and 0 < len(label) <= 30:
            fields.append((label.strip(), value.strip()))
        elif line:
            free_lines.append(line)
    size, field_gap, line_gap = 14, 26, 19
    label_x = left + 18 * MM
    value_x = label_x + max(_width(f"{label}:", regular, size) for label, _ in fields) + 8
    value_w = right - 12 * MM - value_x
    # (x, font, size, text, space above) for every line, laid out before drawing
    # so that a long block moves up instead of running off the frame.
    drawn: list[tuple[float, str, float, str, float]] = []
    for label, value in fields:
        if not value:
            continue
        value_size = size
        if label == "Họ và tên":  # the name: larger, on one line if it can be
            value_size = 16
            while value_size > 13 and _width(value, bold, value_size) > value_w:
                value_size -= 0.5
        drawn.append((label_x, regular, size, f"{label}:", field_gap))
        for number, piece in enumerate(_wrap(value, bold, value_size, value_w)):
            drawn.append((value_x, bold, value_size, piece, 0 if number == 0 else line_gap))
    for index, line in enumerate(free_lines):
        for number, piece in enumerate(_wrap(line, fonts["italic"], size, right - 12 * MM - label_x)):
            gap = line_gap if number else (field_gap * 1.5 if index == 0 else field_gap)
            drawn.append((label_x, fonts["italic"], size, piece, gap))
    height = sum(gap for *_, gap in drawn[1:])
    y = max(PAGE_H * 0.40, bottom + 20 * MM + height) + field_gap
    for x, font, font_size, text, gap in drawn:
        y -= gap
        canvas.setFont(font, font_size)
        canvas.drawString(x, y, text)


def _draw_contents_page(canvas, cover: Cover, rows: list[_Row], fonts: dict[str, str], *, first: bool) -> None:
    regular, bold, italic = fonts["regular"], fonts["bold"], fonts["italic"]
    centre = MARGIN_LEFT + CONTENT_W / 2
    if first:
        y = PAGE_H - MARGIN_TOP - TITLE_SIZE
        canvas.setFont(bold, TITLE_SIZE)
        canvas.drawCentredString(centre, y, "MỤC LỤC")
        subtitle = f"{_sentence_case(cover.heading)} — {cover.ho_ten}"
        canvas.setFont(italic, 13)
        sub_lines = _wrap(subtitle, italic, 13, CONTENT_W)
        canvas.drawCentredString(centre, y - 20, sub_lines[0] if len(sub_lines) == 1 else cover.ho_ten)
        table_top = FIRST_TABLE_TOP
    else:
        y = PAGE_H - MARGIN_TOP - 13
        canvas.setFont(bold, 13)
        canvas.drawCentredString(centre, y, "MỤC LỤC (tiếp theo)")
        table_top = NEXT_TABLE_TOP

    xs = [MARGIN_LEFT]
    for width in COLUMNS:
        xs.append(xs[-1] + width)
    canvas.setLineWidth(0.6)
    y = table_top
    for row in [_header_row(fonts), *rows]:
        bottom = y - row.height
        row.rect = (xs[0], bottom, xs[-1], y)
        canvas.line(xs[0], y, xs[-1], y)
        if row.kind == "group":
            edges = [xs[0], xs[1], xs[3], xs[4]]
            aligns = ["centre", "left", "centre"]
        elif row.kind == "empty":
            edges = [xs[0], xs[4]]
            aligns = ["centre"]
        else:
            edges = xs
            aligns = ["centre", "centre", "centre" if row.kind == "header" else "left", "centre"]
        for edge in edges:
            canvas.line(edge, y, edge, bottom)
        for column, lines in enumerate(row.cells):
            x0, x1 = edges[column], edges[column + 1]
            canvas.setFont(row.fonts[column], TABLE_SIZE)
            # Centre the block of lines vertically in the row.
            block = len(lines) * TABLE_LEADING
            baseline = y - (row.height - block) / 2 - TABLE_LEADING + _BASELINE_FROM_LINE_BOTTOM
            for line in lines:
                if aligns[column] == "centre":
                    canvas.drawCentredString((x0 + x1) / 2, baseline, line)
                else:
                    canvas.drawString(x0 + CELL_PAD_X, baseline, line)
                baseline -= TABLE_LEADING
        y = bottom
    canvas.line(xs[0], y, xs[-1], y)


def _number_anchor(width: float, height: float, position: str) -> tuple[float, float]:
    """Where the page number goes on a page as displayed: (x, y) of the middle
    (or, for bottom-right, the right end) of the digits' vertical centre."""
    if position == "top-center":
        return width / 2, height - PAGE_NUMBER_OFFSET
    if position == "bottom-right":
        return width - PAGE_NUMBER_RIGHT, PAGE_NUMBER_OFFSET
    return width / 2, PAGE_NUMBER_OFFSET


def _digit_middle(font: str) -> float:
    """Distance from the baseline to the vertical centre of the digits."""
    face = pdfmetrics.getFont(font).face
    cap = getattr(face, "capHeight", 0) or 660
    return PAGE_NUMBER_SIZE * cap / 1000 / 2


def _draw_number_at(canvas, number: int, x: float, y: float, position: str, font: str) -> None:
    canvas.setFont(font, PAGE_NUMBER_SIZE)
    baseline = y - _digit_middle(font)
    if position == "bottom-right":
        canvas.drawRightString(x, baseline, str(number))
    else:
        canvas.drawCentredString(x, baseline, str(number))


def _draw_page_number(canvas, number: int, width: float, height: float, position: str, font: str) -> None:
    x, y = _number_anchor(width, height, position)
    _draw_number_at(canvas, number, x, y, position, font)


# ------------------------------------------------------------------ stamping


def _stamp_page_numbers(writer: PdfWriter, host, numbers: range, position: str) -> None:
    """Print its number on every page in ``numbers`` (1-based).

    Each number is a small Form XObject drawn by reportlab on the ``host`` page of
    the front matter (so its font is the embedded Liberation Serif subset of the
    front matter). A page's own content streams are not decoded or rewritten: its
    /Contents becomes ``[q, original…, Q + draw the stamp]``, the stamp placed for
    the page's crop box and /Rotate so it sits where the reader sees the chosen edge.
    """
    forms = host["/Resources"]["/XObject"]
    push = writer._add_object(_stream(b"q\n"))
    for number in numbers:
        page = writer.pages[number - 1]
        form = forms[f"/FormXob.n{number}"].get_object().clone(writer).indirect_reference
        (a, b, c, d, e, f), width, height = _display_to_user(page)
        u, v = _number_anchor(width, height, position)
        e, f = a * u + c * v + e, b * u + d * v + f
        resources = page.get("/Resources")
        resources = DictionaryObject(resources.get_object()) if resources is not None else DictionaryObject()
        xobjects = resources.get("/XObject")
        xobjects = DictionaryObject(xobjects.get_object()) if xobjects is not None else DictionaryObject()
        name = "/DossierPageNumber"
        xobjects[NameObject(name)] = form
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        contents = page.get("/Contents")
        streams = []
        if contents is not None:
            resolved = contents.get_object()
            streams = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
        stamp = f"\nQ\nq {_num(a)} {_num(b)} {_num(c)} {_num(d)} {_num(e)} {_num(f)} cm {name} Do Q\n".encode()
        page[NameObject("/Contents")] = ArrayObject([push, *streams, writer._add_object(_stream(stamp))])


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _num(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _display_to_user(page) -> tuple[tuple[float, float, float, float, float, float], float, float]:
    """The matrix from the page as displayed (origin bottom-left of the visible
    crop box, after /Rotate) to the page's user space; and the displayed size."""
    box = page.cropbox
    x0, y0, x1, y1 = float(box.left), float(box.bottom), float(box.right), float(box.top)
    w, h = x1 - x0, y1 - y0
    rotate = page.rotation % 360
    if rotate == 90:
        return (0, 1, -1, 0, x1, y0), h, w
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1), w, h
    if rotate == 270:
        return (0, -1, 1, 0, x0, y1), h, w
    return (1, 0, 0, 1, x0, y0), w, h


# ------------------------------------------------------------------ navigation


def _fit_for(page) -> Fit:
    """Go to the top of the page, keeping the reader's zoom; for a rotated page
    (where "top" is not the y axis) show the whole page."""
    if page.rotation % 360 == 0:
        return Fit.xyz(left=None, top=float(page.cropbox.top), zoom=None)
    return Fit.fit()


def _add_outline(writer: PdfWriter, parts: list[Part], spans: list[tuple[int, int]]) -> None:
    """One entry per part, nested under its group (consecutive parts with the
    same group share one group entry, which points to the group's first page)."""
    group_item = None
    previous_group = ""
    for stt, (part, (first, _last)) in enumerate(zip(parts, spans), start=1):
        fit = _fit_for(writer.pages[first - 1])
        if part.group != previous_group:
            group_item = None
            if part.group:
                group_item = writer.add_outline_item(title=part.group, page_number=first - 1, bold=True, fit=fit)
            previous_group = part.group
        writer.add_outline_item(title=_outline_title(stt, part), page_number=first - 1, parent=group_item, fit=fit)
