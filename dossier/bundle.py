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

This module assembles the bundle; the parts are read by
:mod:`dossier.attachments`, the cover and contents laid out and drawn by
:mod:`dossier.bundle_front`, the page numbers, page labels and outline made by
:mod:`dossier.bundle_pages`, with the fonts and line breaking of
:mod:`dossier.typeset`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

import dossier
import dossier.pdf_names  # noqa: F401 - pypdf spells each name once (faster writing, same bytes)
from dossier import attachments, bundle_gaps, pdf_sanitise
from dossier.attachments import MAX_ATTACHMENT_BYTES, scan_to_pdf
from dossier.bundle_front import (
    Cover,
    Part,
    contents_rows,
    draw_front_matter,
    normalised_cover,
    paginate,
    resolve_row_targets,
)
from dossier.bundle_pages import (
    PAGE_NUMBER_POSITIONS,
    add_outline,
    fit_for,
    set_page_labels,
    stamp_page_numbers,
)
from dossier.errors import DataError
from dossier.fsutil import write_bytes
from dossier.typeset import nfc, sentence_case, serif_fonts

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "PAGE_NUMBER_POSITIONS",
    "BundleResult",
    "Cover",
    "Part",
    "build_bundle",
    "format_version",
    "scan_to_pdf",
]

# The bundler's layout: raise it whenever a change here changes the bytes of a bundle.
FORMAT = 2  # 2: parts cut from a joined conversion are taken from its pages (fonts shared)


def format_version() -> str:
    """What, besides its parts and cover, decides a bundle's bytes: the toolkit's
    version, the bundler's and the attachment sanitiser's formats (a dossier
    bundled before attachments were sanitised is made again). Part of the
    bundle's inputs in the output manifest (dossier.build.bundle_inputs)."""
    return f"dossier {dossier.__version__}, bundle {FORMAT}, {pdf_sanitise.format_version()}"


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
    missing: Iterable[bundle_gaps.Missing] = (),
    cuts: Mapping[Path, attachments.Loaded] | None = None,
) -> BundleResult:
    """Assemble ``parts`` behind a cover and a contents table into ``output``.

    ``page_numbers`` is where the running page number is printed:
    ``"bottom-center"``, ``"top-center"`` (the Party rule), ``"bottom-right"`` or
    ``"none"`` (page labels are set in every case). ``missing``: documents that
    belong in the bundle and could not be made; the bundle is then marked
    incomplete on its cover and in its contents (:mod:`dossier.bundle_gaps`).
    ``cuts``: parts already open, by path (the pages of a document cut from its
    joined conversion, :func:`dossier.compose.split`), taken from there instead
    of reading the file again; the file holds the same pages.

    Raises :class:`DataError` (naming the file) for a part that is missing, not a
    PDF/JPEG/PNG, broken, encrypted or empty; :class:`EnvironmentFailure` when the
    fonts are missing or the output cannot be written.
    """
    if page_numbers not in PAGE_NUMBER_POSITIONS:
        raise ValueError(f"page_numbers must be one of {PAGE_NUMBER_POSITIONS}, not {page_numbers!r}")
    output = Path(output)
    cover = normalised_cover(cover)
    parts = [
        Part(code=nfc(p.code), title=nfc(p.title), path=Path(p.path), group=nfc(p.group)) for p in parts
    ]
    missing = bundle_gaps.normalised(missing)
    if missing:
        cover.extra_lines.append(bundle_gaps.cover_line(missing))
    fonts = serif_fonts()

    # 1. Read every part once: page counts come from the same readers we append.
    digest = hashlib.sha256(b"dossier-bundle-1\0")
    loaded: list[attachments.Loaded] = []
    cuts = cuts or {}
    for part in parts:
        item = cuts.get(part.path) or attachments.load(part.path)
        digest.update(item.digest)
        loaded.append(item)

    # 2. Lay out the contents first: its page count shifts every part's pages.
    rows = contents_rows(parts, fonts)
    rows += bundle_gaps.gap_rows(missing, fonts, len(parts) + 1, len(dict.fromkeys(p.group for p in parts if p.group)))
    contents_pages = paginate(rows, signature=bool(cover.certifier))
    first_part_page = 2 + len(contents_pages)  # 1-based; page 1 is the cover
    spans: list[tuple[int, int]] = []
    page = first_part_page
    for item in loaded:
        spans.append((page, page + item.pages - 1))
        page += item.pages
    total_pages = page - 1
    resolve_row_targets(rows, spans)

    # 3. Cover and contents (reportlab), then the parts (pypdf).
    stamped = range(first_part_page, total_pages + 1) if page_numbers != "none" else range(0)
    front = PdfReader(io.BytesIO(draw_front_matter(cover, contents_pages, fonts, page_numbers, stamped)))
    front_pages = 1 + len(contents_pages)
    writer = PdfWriter()
    writer.append(front, pages=list(range(front_pages)), import_outline=False)
    for part, item in zip(parts, loaded):
        try:
            writer.append(item.reader, pages=item.page_indexes, import_outline=False)
        except Exception as exc:  # pypdf raises many kinds on a damaged file
            raise DataError(
                f"Tệp PDF bị hỏng, không ghép được vào hồ sơ; hãy quét hoặc xuất lại tệp PDF (chi tiết: {exc}).",
                path=str(part.path),
            ) from exc
    if len(writer.pages) != total_pages:  # pragma: no cover - would be a bug here or in pypdf
        raise RuntimeError(f"bundle has {len(writer.pages)} pages, expected {total_pages}")

    # 4. Page numbers on the parts (the front matter drew its own).
    if stamped:
        stamp_page_numbers(writer, front.pages[front_pages], stamped, page_numbers)

    # 5. Navigation: links in the contents, outline, page labels.
    for index, page_rows in enumerate(contents_pages):
        for row in page_rows:
            if row.target is not None:
                target = row.target - 1
                writer.add_annotation(
                    1 + index,
                    Link(rect=row.rect, target_page_index=target, fit=fit_for(writer.pages[target])),
                )
    add_outline(writer, [(p.group, _outline_title(stt, p)) for stt, p in enumerate(parts, start=1)], spans)
    set_page_labels(writer, total_pages)
    writer.page_mode = "/UseOutlines"
    writer.pdf_header = _pdf_header(loaded)

    # 6. Metadata, identity, output.
    title = f"{sentence_case(cover.heading)} — {cover.ho_ten}" + (" (chưa đủ)" if missing else "")
    writer.add_metadata(
        {
            "/Title": title,
            "/Subject": "; ".join(
                x for x in (sentence_case(cover.heading), cover.ho_ten, cover.chi_bo, cover.dang_bo) if x
            ),
            "/Author": cover.author,
            "/Creator": "dossier",
            "/Keywords": ", ".join(p.code for p in parts if p.code),
        }
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject("vi-VN")
    writer.create_viewer_preferences().display_doctitle = True
    digest.update(repr((cover, [(p.code, p.title, p.group) for p in parts], page_numbers, missing)).encode())
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


def _pdf_header(parts: Iterable[attachments.Loaded]) -> str:
    """The highest version among the parts, at least 1.4 (/Lang, DisplayDocTitle)."""
    best = (1, 4)
    for part in parts:
        with contextlib.suppress(Exception):
            major, minor = part.header.strip()[5:8].split(".")
            best = max(best, (int(major), int(minor[:1])))
    return f"%PDF-{best[0]}.{best[1]}"


def _outline_title(stt: int, part: Part) -> str:
    title = part.title or part.code or part.path.name
    if part.code and part.title:
        title = f"{part.title} ({part.code})"
    return f"{stt}. {title}"
