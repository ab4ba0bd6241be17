"""Attachments: the scans and signed documents a person's file points to
(``dinh_kem``), PDFs and images (JPEG/PNG). Read and checked here once, by the
same code for the checker (:func:`scan_problem`: can this file go into the
bundle?) and for the bundler (:func:`load`: its pages). An image is placed on
an A4 page by :func:`scan_to_pdf`. A file that cannot be used raises
:class:`dossier.errors.DataError` naming it."""

from __future__ import annotations

import hashlib
import io
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader

from dossier.errors import DataError, DossierError, describe_os_error
from dossier.pdf_sanitise import BROKEN_MESSAGE, ENCRYPTED_MESSAGE, needs_sanitising, sanitise
from dossier.typeset import MM, canvas_for

__all__ = ["IMAGE_SUFFIXES", "MAX_ATTACHMENT_BYTES", "PDF_SUFFIXES", "Loaded", "load", "scan_problem", "scan_to_pdf"]

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
PDF_SUFFIXES = (".pdf",)
MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024  # a 30-page colour scan at 300 dpi is about 30 MB
SCAN_MARGIN = 15 * MM  # around a scanned image; keeps the page number (10 mm) clear
JPEG_QUALITY = 90
# A scan is printed on A4: 300 dpi is print quality. A JPEG up to 400 dpi on its page (a 300-dpi A4 scan
# fills the box inside the margins at ~350 dpi, a 12-megapixel photo at ~380) is embedded as it is; a finer
# one, or one that must be re-encoded anyway, is brought to 300 dpi, so memory and size stay bounded.
SCAN_DPI = 300
PASSTHROUGH_DPI = 400


def scan_to_pdf(path: Path) -> bytes:
    """One A4 page holding the JPEG/PNG image at ``path``, aspect ratio kept,
    centred within 15 mm margins; EXIF orientation applied; landscape images get a
    landscape page. JPEGs that need no rotation and are no finer than
    :data:`PASSTHROUGH_DPI` on the page are embedded without re-encoding; other
    images are placed at no more than :data:`SCAN_DPI`.

    Raises :class:`DataError` naming the file if it is missing or not an image.
    """
    path = Path(path)
    return image_to_pdf(read_file(path), path)


_OPENED: dict = {}  # (path, size, mtime) -> problem; a file referenced twice is read once


def scan_problem(path: Path) -> str | None:
    """Why an attached file cannot go into the bundle, or None when it opens
    (the bundle's own reader: PDF readable and not encrypted, image readable)."""
    try:
        info = path.stat()
    except OSError:
        return "không tìm thấy tệp"
    key = (str(path), info.st_size, info.st_mtime_ns)
    if key not in _OPENED:
        try:
            load(path)
            _OPENED[key] = None
        except DossierError as exc:
            _OPENED[key] = exc.message
    return _OPENED[key]


@dataclass
class Loaded:
    """An attachment read and opened: its pages as a PDF, and the hash of its bytes.
    A document cut from a bigger PDF (:func:`dossier.compose.split`) is pages
    ``first`` … ``first + pages - 1`` of ``reader``, with the header of its own file."""

    reader: PdfReader
    pages: int
    digest: bytes
    first: int = 0
    pdf_header: str | None = None

    @property
    def page_indexes(self) -> list[int]:
        return list(range(self.first, self.first + self.pages))

    @property
    def header(self) -> str:
        return self.pdf_header or self.reader.pdf_header


def read_file(path: Path) -> bytes:
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



def load(path: Path) -> Loaded:
    """Read, check and open the attachment at ``path`` (a scan becomes one A4 page)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PDF_SUFFIXES + IMAGE_SUFFIXES:
        raise DataError(
            "Tệp đính kèm phải là PDF, JPEG hoặc PNG (.pdf, .jpg, .jpeg, .png), "
            f"không phải “{path.suffix or 'không có đuôi'}”.",
            path=str(path),
        )
    data = read_file(path)
    digest = hashlib.sha256(data).digest()
    if suffix in IMAGE_SUFFIXES:
        reader = open_pdf(image_to_pdf(data, path), path)
    else:
        reader = open_attached_pdf(data, path)
    return Loaded(reader=reader, pages=len(reader.pages), digest=digest)


def open_attached_pdf(data: bytes, path: Path) -> PdfReader:
    """An attached PDF, opened; made inert first when it is encrypted or holds
    actions, JavaScript or forms (:mod:`dossier.pdf_sanitise`), or when pypdf cannot
    read it (qpdf repairs what it can, or says why the file is broken)."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception:
        reader = None
    if reader is None or needs_sanitising(reader):
        return open_pdf(sanitise(data, path), path)
    return open_pdf(data, path, reader)


def open_pdf(data: bytes, path: Path, reader: PdfReader | None = None) -> PdfReader:
    where = str(path)
    try:
        reader = reader or PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:
        raise DataError(BROKEN_MESSAGE.format(exc), path=where) from exc
    if reader.is_encrypted:
        raise DataError(ENCRYPTED_MESSAGE, path=where)
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


def image_to_pdf(data: bytes, path: Path) -> bytes:
    """One A4 page holding the image ``data`` (see :func:`scan_to_pdf`). Memory stays
    bounded whatever the scan's size: a JPEG finer than :data:`PASSTHROUGH_DPI` on the
    page is decoded already scaled down by libjpeg (``Image.draft``) to no less than
    :data:`SCAN_DPI`, then resized to it and encoded once; a 12000×9000 scan is never
    held whole in memory as pixels."""
    where = str(path)
    try:
        with warnings.catch_warnings():  # a big scan is expected here; memory is bounded below, not by refusing it
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        image_format = image.format
        try:
            orientation = image.getexif().get(0x0112, 1)
        except Exception:  # a damaged EXIF block must not lose the picture
            orientation = 1
        turned = orientation in (5, 6, 7, 8)  # EXIF: displayed with width and height swapped
        width, height = image.size[::-1] if turned else image.size
        if width < 1 or height < 1:
            raise DataError("Ảnh rỗng (không có điểm ảnh nào).", path=where)
        pagesize, (x, y, draw_w, draw_h) = _placement(width, height)
        dpi = width / (draw_w / 72)
        passthrough = image_format == "JPEG" and orientation in (0, 1) and image.mode in ("RGB", "L")
        if passthrough and dpi <= PASSTHROUGH_DPI:
            image.draft(None, (image.width // 8, image.height // 8))  # check the whole file decodes, cheaply
            image.load()
            source = ImageReader(io.BytesIO(data))  # embedded as is (DCTDecode), no quality loss
        else:
            wanted = _pixels(draw_w, draw_h, turned) if dpi > SCAN_DPI else image.size
            if image_format == "JPEG":
                image.draft(None, wanted)  # libjpeg decodes at 1/2, 1/4 or 1/8 scale, never below wanted
            image.load()
            if image.width > wanted[0] or image.height > wanted[1]:
                image = image.resize(wanted, Image.LANCZOS, reducing_gap=2.0)
            try:
                image = ImageOps.exif_transpose(image)
            except Exception:
                pass
            image = _flatten(image)
            if image_format == "JPEG":  # a photo: stay lossy, but re-encode only once
                encoded = io.BytesIO()
                image.save(encoded, "JPEG", quality=JPEG_QUALITY, optimize=True)
                source = ImageReader(io.BytesIO(encoded.getvalue()))
            else:  # PNG and others: lossless (Flate)
                source = ImageReader(image)
    except DataError:
        raise
    except Image.DecompressionBombError as exc:
        raise DataError(
            "Ảnh quá lớn (quá nhiều điểm ảnh), hãy quét lại với độ phân giải thấp hơn.", path=where
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise DataError(
            "Tệp không phải ảnh JPEG/PNG hợp lệ hoặc đã bị hỏng; hãy quét hoặc chụp lại.", path=where
        ) from exc

    buffer = io.BytesIO()
    with canvas_for(buffer, pagesize) as canvas:
        canvas.drawImage(source, x, y, draw_w, draw_h)
        canvas.showPage()
    return buffer.getvalue()


def _placement(width: int, height: int) -> tuple[tuple[float, float], tuple[float, float, float, float]]:
    """The page for a picture of ``width`` × ``height`` pixels as displayed (landscape
    for a landscape picture) and where it goes: x, y, width, height in points,
    centred within the margins, aspect ratio kept."""
    pagesize = landscape(A4) if width > height else A4
    page_w, page_h = pagesize
    box_w, box_h = page_w - 2 * SCAN_MARGIN, page_h - 2 * SCAN_MARGIN
    scale = min(box_w / width, box_h / height)
    draw_w, draw_h = width * scale, height * scale
    return pagesize, ((page_w - draw_w) / 2, (page_h - draw_h) / 2, draw_w, draw_h)


def _pixels(draw_w: float, draw_h: float, turned: bool) -> tuple[int, int]:
    """The stored image's size at :data:`SCAN_DPI` for a picture drawn ``draw_w`` ×
    ``draw_h`` points (stored sideways when EXIF turns it)."""
    size = (max(1, round(draw_w / 72 * SCAN_DPI)), max(1, round(draw_h / 72 * SCAN_DPI)))
    return size[::-1] if turned else size


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
