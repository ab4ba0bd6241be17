"""The front matter of a bundle: the cover (bìa hồ sơ) and the contents
("MỤC LỤC": STT | Mẫu | Tên tài liệu | Trang, every row a link to its part), as
many contents pages as needed, laid out before the parts' pages are known."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4

from dossier.bundle_pages import draw_number_at, draw_page_number
from dossier.typeset import (
    MM,
    balanced_wrap,
    canvas_for,
    nfc,
    sentence_case,
    serif_fonts,
    text_width,
    upper,
    wrap,
)

# Margins of the pages this module lays out (cover, contents): the default of
# domain notes §9, 25/25/35/15 mm top/bottom/left/right.
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 25 * MM, 25 * MM, 35 * MM, 15 * MM

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"


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
    # the committee that checks the contents, signs and seals them (38-HD/BTCTW §II.1.1): the place
    # and date line, "T/M ĐẢNG ỦY", the post and the name; none: no signature block
    certifier: tuple[str, ...] = ()


def normalised_cover(cover: Cover) -> Cover:
    return Cover(
        heading=nfc(cover.heading).strip(),
        ho_ten=" ".join(nfc(cover.ho_ten).split()),
        ngay_sinh=nfc(cover.ngay_sinh).strip(),
        chi_bo=nfc(cover.chi_bo).strip(),
        dang_bo=nfc(cover.dang_bo).strip(),
        author=nfc(cover.author).strip(),
        extra_lines=[nfc(line).strip() for line in cover.extra_lines],
        certifier=tuple(nfc(line).strip() for line in cover.certifier),
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
class Row:
    kind: str  # "header", "group", "part", "empty"; "gap-group", "gap" (dossier.bundle_gaps)
    cells: list[list[str]]  # wrapped lines of each of the 4 columns ("group": 3 cells)
    fonts: list[str]
    height: float
    index: int = -1  # part index ("part") or first part index ("group")
    last_index: int = -1  # group: last part index
    target: int | None = None  # 1-based page the row links to
    rect: tuple[float, float, float, float] = (0, 0, 0, 0)  # set when drawn; the link area


def _row_height(cells: list[list[str]]) -> float:
    return max(len(lines) for lines in cells) * TABLE_LEADING + 2 * CELL_PAD_Y


def _header_row(fonts: dict[str, str]) -> Row:
    cells = [["STT"], ["Mẫu"], ["Tên tài liệu"], ["Trang"]]
    return Row("header", cells, [fonts["bold"]] * 4, _row_height(cells))


def contents_rows(parts: list[Part], fonts: dict[str, str]) -> list[Row]:
    """The body rows of the contents table (without page numbers, which do not
    change any row's height: the page column is wide enough for "999–999")."""
    rows: list[Row] = []
    inner = [w - 2 * CELL_PAD_X for w in COLUMNS]
    regular, bold = fonts["regular"], fonts["bold"]
    group_number = 0
    group_row: Row | None = None
    for index, part in enumerate(parts):
        if not part.group:
            group_row = None
        elif group_row is None or part.group != parts[index - 1].group:
            group_number += 1
            cells = [
                [_roman(group_number)],
                wrap(part.group, bold, TABLE_SIZE, COLUMNS[1] + COLUMNS[2] - 2 * CELL_PAD_X),
                [""],
            ]
            group_row = Row("group", cells, [bold] * 3, _row_height(cells), index=index)
            rows.append(group_row)
        if group_row is not None:
            group_row.last_index = index
        cells = [
            [str(index + 1)],
            wrap(part.code, regular, TABLE_SIZE, inner[1]),
            wrap(part.title or part.path.name, regular, TABLE_SIZE, inner[2]),
            [""],
        ]
        rows.append(Row("part", cells, [regular] * 4, _row_height(cells), index=index))
    if not parts:
        cells = [["Hồ sơ chưa có tài liệu nào."]]
        rows.append(Row("empty", cells, [fonts["italic"]], _row_height(cells)))
    return rows


SIGNATURE_H = 46 * MM  # the certifying committee's block under the table: date line, T/M, post, space, name


def paginate(rows: list[Row], signature: bool = False) -> list[list[Row]]:
    """Split rows into contents pages; each page repeats the header row (drawn
    separately). A group row is never left alone at the bottom of a page. With
    a ``signature``, the last page keeps room for it under the table (a page
    of its own when the table leaves none)."""
    header_height = _header_row(serif_fonts()).height
    pages: list[list[Row]] = [[]]
    top = FIRST_TABLE_TOP - header_height
    y = top
    for position, row in enumerate(rows):
        need = row.height
        if row.kind.endswith("group") and position + 1 < len(rows):
            need += rows[position + 1].height  # keep with the first part below it
        if y - need < TABLE_BOTTOM and pages[-1]:
            pages.append([])
            y = NEXT_TABLE_TOP - header_height
        pages[-1].append(row)
        y -= row.height
    if signature and y - SIGNATURE_H < TABLE_BOTTOM:
        pages.append([])
    return pages


def resolve_row_targets(rows: list[Row], spans: list[tuple[int, int]]) -> None:
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


def draw_front_matter(
    cover: Cover, contents_pages: list[list[Row]], fonts: dict[str, str], page_numbers: str, stamped: range
) -> bytes:
    """Cover and contents pages; then, if ``stamped`` is not empty, one more page
    (not part of the bundle) that carries the page-number stamps for the parts as
    Form XObjects, so that they share the front matter's embedded font."""
    buffer = io.BytesIO()
    with canvas_for(buffer, A4) as canvas:
        _draw_cover(canvas, cover, fonts)
        canvas.showPage()
        for index, rows in enumerate(contents_pages):
            bottom = _draw_contents_page(canvas, cover, rows, fonts, first=index == 0)
            if index == len(contents_pages) - 1 and cover.certifier:
                _draw_certifier(canvas, cover.certifier, fonts, bottom)
            if page_numbers != "none":
                draw_page_number(canvas, 2 + index, PAGE_W, PAGE_H, page_numbers, fonts["regular"])
            canvas.showPage()
        if stamped:
            for number in stamped:
                name = f"n{number}"
                canvas.beginForm(name, -100, -20, 100, 20)
                draw_number_at(canvas, number, 0, 0, page_numbers, fonts["regular"])
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
    rule = text_width(PARTY_NAME, bold, 15)
    canvas.setLineWidth(0.8)
    canvas.line(centre - rule / 2, y - 5, centre + rule / 2, y - 5)

    # The heading: "HỒ SƠ" large on its own line, the rest balanced below it.
    heading = cover.heading
    lines: list[tuple[str, float]] = []
    if heading[:6].upper() == "HỒ SƠ " and heading[6:].strip():
        lines.append((heading[:5], 34))
        heading = heading[6:].strip()
    size = 20 if lines else 22
    wrapped = balanced_wrap(heading, bold, size, width)
    while len(wrapped) > 3 and size > 14:
        size -= 1
        wrapped = balanced_wrap(heading, bold, size, width)
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
        ("Họ và tên", upper(cover.ho_ten)),
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
    value_x = label_x + max(text_width(f"{label}:", regular, size) for label, _ in fields) + 8
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
            while value_size > 13 and text_width(value, bold, value_size) > value_w:
                value_size -= 0.5
        drawn.append((label_x, regular, size, f"{label}:", field_gap))
        for number, piece in enumerate(wrap(value, bold, value_size, value_w)):
            drawn.append((value_x, bold, value_size, piece, 0 if number == 0 else line_gap))
    for index, line in enumerate(free_lines):
        for number, piece in enumerate(wrap(line, fonts["italic"], size, right - 12 * MM - label_x)):
            gap = line_gap if number else (field_gap * 1.5 if index == 0 else field_gap)
            drawn.append((label_x, fonts["italic"], size, piece, gap))
    height = sum(gap for *_, gap in drawn[1:])
    y = max(PAGE_H * 0.40, bottom + 20 * MM + height) + field_gap
    for x, font, font_size, text, gap in drawn:
        y -= gap
        canvas.setFont(font, font_size)
        canvas.drawString(x, y, text)


def _draw_contents_page(canvas, cover: Cover, rows: list[Row], fonts: dict[str, str], *, first: bool) -> float:
    bold, italic = fonts["bold"], fonts["italic"]
    centre = MARGIN_LEFT + CONTENT_W / 2
    if first:
        y = PAGE_H - MARGIN_TOP - TITLE_SIZE
        canvas.setFont(bold, TITLE_SIZE)
        canvas.drawCentredString(centre, y, "MỤC LỤC")
        subtitle = f"{sentence_case(cover.heading)} — {cover.ho_ten}"
        canvas.setFont(italic, 13)
        sub_lines = wrap(subtitle, italic, 13, CONTENT_W)
        canvas.drawCentredString(centre, y - 20, sub_lines[0] if len(sub_lines) == 1 else cover.ho_ten)
        table_top = FIRST_TABLE_TOP
    else:
        y = PAGE_H - MARGIN_TOP - 13
        canvas.setFont(bold, 13)
        canvas.drawCentredString(centre, y, "MỤC LỤC (tiếp theo)")
        table_top = NEXT_TABLE_TOP

    if not rows and not first:  # a page kept for the certifying committee's block alone: no empty table
        return table_top
    xs = [MARGIN_LEFT]
    for width in COLUMNS:
        xs.append(xs[-1] + width)
    canvas.setLineWidth(0.6)
    y = table_top
    for row in [_header_row(fonts), *rows]:
        bottom = y - row.height
        row.rect = (xs[0], bottom, xs[-1], y)
        canvas.line(xs[0], y, xs[-1], y)
        if row.kind.endswith("group"):  # "group", "gap-group" (dossier.bundle_gaps)
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
    return y


def _draw_certifier(canvas, lines: tuple[str, ...], fonts: dict[str, str], table_bottom: float) -> None:
    """The certifying committee's block in the right half under the contents
    table, set as the forms set a signature: the place and date in italics, the
    collective and the post in bold capitals, room for the signature and seal,
    the name in bold."""
    place_date, *signature, name = lines
    centre = MARGIN_LEFT + CONTENT_W * 0.72
    y = min(table_bottom, NEXT_TABLE_TOP) - 8 * MM
    canvas.setFont(fonts["italic"], 13)
    canvas.drawCentredString(centre, y, place_date)
    canvas.setFont(fonts["bold"], 13)
    for line in signature:
        y -= 16
        canvas.drawCentredString(centre, y, line)
    canvas.drawCentredString(centre, y - 24 * MM, name)

