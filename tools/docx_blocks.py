"""Building blocks for the Word templates in ``templates/`` (python-docx).

The templates are docxtpl (Jinja) templates. Rules every builder follows:

* Presentation after 36-HD/VPTW (domain notes §9): A4, margins
  25/25/35/15 mm (the renderer overrides them per organisation), Times New
  Roman everywhere: every style, every run and every paragraph mark names the
  font in all four ``w:rFonts`` slots, so LibreOffice never falls back to the
  theme fonts (Calibri/Cambria -> DejaVu).
* Every Jinja tag is written whole into one run (docxtpl cannot see a tag
  that Word split across runs). Only ``{{ var }}``, ``{%p for/endfor %}`` and
  ``{%tr for/endfor %}`` are used; no filters, no formatting in the templates.
  Loop tags stand alone in their own paragraph or row, because docxtpl
  replaces that whole paragraph/row by the tag.
* Tables set ``w:tblGrid/w:gridCol`` and every ``w:tcW`` with a fixed layout
  (LibreOffice ignores ``cell.width`` alone).
Building blocks (reused by the other forms: 1-KNĐ … 16-KNĐ, resolutions,
class lists):

    new_document()                      A4 document, styles pruned, fonts set
    paragraph(container, *segments, …)  generic paragraph; segments are str
                                        or R(text, bold=…, italic=…, size=…)
    body_paragraph(container, *segs)    justified 14 pt, first-line indent
    centered(container, *segs, …)       centred line
    article(container, label, *segs)    "Điều 1." bold label + body text
    paragraph_loop(container, item, iterable, *segs, …)
                                        {%p for %} … {%p endfor %}
    borderless_table(container, widths_mm, indent_mm=0)
    data_table(container, columns, item, iterable)
                                        ruled table: header row + growable
                                        {%tr for %} body row
    party_header(doc, subject=None)     the 2-column Party header
    title_block(doc, doc_type, subject) "QUYẾT ĐỊNH" / subject / "-----"
    recipients_block(container)         "Nơi nhận:" + loop over van_ban.noi_nhan
    signature_block(container)          T/M … / post / gap / name
    closing_block(doc)                  recipients left, signature right
    meeting_lines(doc, v)               a chi bộ meeting as the 13-KNĐ model prints it
    page_numbers(doc)                   page number at the top from page 2
                                        (standalone documents only)
    finish(doc)                         fill empty cells (build_all calls it)
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

REPO = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = REPO / "templates"

# ------------------------------------------------------------------ layout

FONT = "Times New Roman"
LANG = "vi-VN"

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 25
MARGIN_BOTTOM_MM = 25
MARGIN_LEFT_MM = 35
MARGIN_RIGHT_MM = 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 160

BODY_PT = 14
SMALL_PT = 12          # V/v line, table text
MOTTO_PT = 15          # "ĐẢNG CỘNG SẢN VIỆT NAM"
DOC_TYPE_PT = 16       # "QUYẾT ĐỊNH", "NGHỊ QUYẾT", …
FIRST_LINE_INDENT_MM = 12.7
LINE_SPACING = 1.0     # single (36-HD/VPTW leaves it open: single–1.5)
SPACE_AFTER_PT = 6

# The header table reaches 5 mm into each side margin, as printed Party
# documents do: the left column then holds a 24-letter committee name such as
# "ĐẢNG ỦY PHƯỜNG BÌNH MINH" (75 mm at 14 pt bold) on one line, and the right
# column holds the motto (73 mm at 15 pt bold) and a date line with room.
HEADER_OUTSET_MM = 5
HEADER_LEFT_MM = 80    # ≈ 47 % of the header width
HEADER_RIGHT_MM = TEXT_WIDTH_MM + 2 * HEADER_OUTSET_MM - HEADER_LEFT_MM  # 90
HEADER_CELL_PAD_MM = 1

# "Nơi nhận" on the left half, signature on the right half of the text
# width. The signature column's centre (x = 120 mm from the text edge) is the
# same as the header's right column, so the signature sits under the date.
CLOSING_LEFT_MM = TEXT_WIDTH_MM / 2
CLOSING_RIGHT_MM = TEXT_WIDTH_MM / 2
SIGNATURE_GAP_LINES = 3    # room for signature and seal, in 14 pt lines

MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"

# Advance widths (1/1000 em) of Times-Bold capitals, from the Adobe core-font
# metrics; Liberation Serif Bold, which LibreOffice substitutes for Times New
# Roman, is metric-compatible. Vietnamese marks do not change the advance.
_TIMES_BOLD_CAPS = {
    "A": 722, "B": 667, "C": 722, "D": 722, "E": 667, "F": 611, "G": 778,
    "H": 778, "I": 389, "J": 500, "K": 778, "L": 667, "M": 944, "N": 722,
    "O": 778, "P": 611, "Q": 778, "R": 722, "S": 556, "T": 667, "U": 722,
    "V": 722, "W": 1000, "X": 722, "Y": 722, "Z": 667, " ": 250,
}


def caps_width_mm(text: str, size_pt: float) -> float:
    """Printed width of a capitals-only string in Times New Roman Bold."""
    units = 0
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0].replace("Đ", "D")
        units += _TIMES_BOLD_CAPS[base]
    return units / 1000 * size_pt / 72 * 25.4


# ------------------------------------------------------------- XML helpers

def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def _set_rfonts(rpr) -> None:
    """Name Times New Roman in all four font slots and drop theme fonts."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


def _child(parent, tag: str, **attrs):
    """Get or append the child ``tag`` and set its ``w:`` attributes."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    return el


# Schema order of w:rPr children (ECMA-376 CT_RPr); Word rejects other orders.
_RPR_ORDER = [qn(f"w:{t}") for t in (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()]


def _sort_children(el, order: list[str]) -> None:
    rank = {tag: i for i, tag in enumerate(order)}
    children = sorted(el, key=lambda c: rank.get(c.tag, len(rank)))  # stable
    for child in children:
        el.append(child)


def _format_rpr(rpr, *, size: float, bold=False, italic=False, underline=False) -> None:
    """Set font, size and emphasis on a w:rPr, in schema order."""
    _set_rfonts(rpr)
    for tag in ("w:b", "w:bCs", "w:i", "w:iCs", "w:sz", "w:szCs", "w:u"):
        el = rpr.find(qn(tag))
        if el is not None:
            rpr.remove(el)
    if bold:
        rpr.append(OxmlElement("w:b"))
        rpr.append(OxmlElement("w:bCs"))
    if italic:
        rpr.append(OxmlElement("w:i"))
        rpr.append(OxmlElement("w:iCs"))
    half_points = str(round(size * 2))
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), half_points)
    rpr.append(sz)
    szcs = OxmlElement("w:szCs")
    szcs.set(qn("w:val"), half_points)
    rpr.append(szcs)
    if underline:
        u = OxmlElement("w:u")
        u.set(qn("w:val"), "single")
        rpr.append(u)
    _sort_children(rpr, _RPR_ORDER)


def _mark_rpr(paragraph):
    """The paragraph mark's w:rPr (it sets the height of an empty line)."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)  # w:rPr comes last in w:pPr (before sectPr/pPrChange)
    return rpr


# -------------------------------------------------------------- documents

def new_document():
    """An empty A4 document with the 36-HD/VPTW page set-up.

    Starts from python-docx's default template, keeps only the four styles a
    document needs (Normal, Default Paragraph Font, Normal Table, No List),
    gives each of them Times New Roman explicitly, and sets the defaults to
    Times New Roman 14 pt, Vietnamese.
    """
    doc = Document()

    # Page set-up.
    section = doc.sections[0]
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)

    # Styles: prune to the essentials, then set the font on what is left.
    styles = doc.styles.element
    keep = {"Normal", "Default Paragraph Font", "Normal Table", "No List"}
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name"))
        if name is None or name.get(qn("w:val")) not in keep:
            styles.remove(style)

    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _format_rpr(rpr_default, size=BODY_PT)
    lang = _child(rpr_default, "w:lang")
    for attr in list(lang.attrib):
        del lang.attrib[attr]
    lang.set(qn("w:val"), LANG)
    lang.set(qn("w:eastAsia"), LANG)
    lang.set(qn("w:bidi"), "ar-SA")
    _sort_children(rpr_default, _RPR_ORDER)
    ppr_default = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = _child(ppr_default, "w:spacing")
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")

    for style in styles.findall(qn("w:style")):
        rpr = style.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            # w:rPr precedes tblPr/trPr/tcPr/tblStylePr in a style.
            later = [style.find(qn(t)) for t in ("w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr")]
            later = [el for el in later if el is not None]
            if later:
                later[0].addprevious(rpr)
            else:
                style.append(rpr)
        _set_rfonts(rpr)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)

    # Parts that would reintroduce theme fonts or stale content.
    part = doc.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rel_id)
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rel_id]

    # Reproducible metadata.
    props = doc.core_properties
    stamp = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    props.author = "dossier"
    props.last_modified_by = "dossier"
    props.created = stamp
    props.modified = stamp
    props.revision = 1
    props.comments = "Generated by tools/make_templates.py; do not edit by hand."
    props.language = LANG

    # Drop the empty body paragraph python-docx' template may carry.
    body = doc.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    return doc


# -------------------------------------------------------------- paragraphs

@dataclass(frozen=True)
class R:
    """A run of text with its own formatting inside a paragraph.

    ``None`` means "as the paragraph's default". Keep each Jinja tag inside
    one R (or one plain string): a string becomes exactly one run.
    """
    text: str
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    size: float | None = None


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _new_paragraph(container):
    """A new last paragraph of a document or cell. (Table helpers create
    cells without paragraphs; ``finish`` fills any cell left empty.)"""
    return container.add_paragraph()


def paragraph(
    container,
    *segments: str | R,
    align: str = "left",
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    first_line_mm: float = 0,
    left_mm: float = 0,
    right_mm: float = 0,
    before_pt: float = 0,
    after_pt: float = 0,
    line_spacing: float = 1.0,
    keep_with_next: bool = False,
    keep_together: bool = False,
):
    """Add a paragraph of ``segments`` to a document or table cell.

    Every segment becomes one run; every run and the paragraph mark carry
    the font, size and emphasis explicitly.
    """
    p = _new_paragraph(container)
    fmt = p.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.first_line_indent = Mm(first_line_mm) if first_line_mm else None
    fmt.left_indent = Mm(left_mm) if left_mm else None
    fmt.right_indent = Mm(right_mm) if right_mm else None
    fmt.space_before = Pt(before_pt)
    fmt.space_after = Pt(after_pt)
    fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE if line_spacing != 1.0 else WD_LINE_SPACING.SINGLE
    if line_spacing != 1.0:
        fmt.line_spacing = line_spacing
    fmt.widow_control = True
    if keep_with_next:
        fmt.keep_with_next = True
    if keep_together:
        fmt.keep_together = True
    _format_rpr(_mark_rpr(p), size=size, bold=bold, italic=italic, underline=underline)
    for seg in segments:
        if isinstance(seg, str):
            seg = R(seg)
        if not seg.text:
            continue
        run = p.add_run(seg.text)
        _format_rpr(
            run._r.get_or_add_rPr(),
            size=seg.size if seg.size is not None else size,
            bold=bold if seg.bold is None else seg.bold,
            italic=italic if seg.italic is None else seg.italic,
            underline=underline if seg.underline is None else seg.underline,
        )
    return p


def body_paragraph(container, *segments: str | R, **kw):
    """Normal body text: 14 pt, justified, first-line indent, 6 pt after."""
    opts = dict(align="justify", first_line_mm=FIRST_LINE_INDENT_MM,
                after_pt=SPACE_AFTER_PT, line_spacing=LINE_SPACING)
    opts.update(kw)
    return paragraph(container, *segments, **opts)


def centered(container, *segments: str | R, **kw):
    """A centred line (titles, "QUYẾT ĐỊNH:", "Kính gửi: …")."""
    opts = dict(align="center")
    opts.update(kw)
    return paragraph(container, *segments, **opts)


def article(container, label: str, *segments: str | R, **kw):
    """An article of a decision: bold label ("Điều 1.") then its text."""
    return body_paragraph(container, R(label, bold=True), " ", *segments, **kw)


def paragraph_loop(container, item: str, iterable: str, *segments: str | R,
                   builder: Callable = body_paragraph, **kw):
    """``{%p for item in iterable %}`` / one paragraph / ``{%p endfor %}``.

    The loop tags stand in paragraphs of their own, which docxtpl removes;
    the middle paragraph is repeated once per item.
    """
    tag_opts = {k: v for k, v in kw.items() if k in ("size",)}
    paragraph(container, f"{{%p for {item} in {iterable} %}}", **tag_opts)
    p = builder(container, *segments, **kw)
    paragraph(container, "{%p endfor %}", **tag_opts)
    return p


# ------------------------------------------------------------------ tables

def _set_table_geometry(table, widths_mm: list[float], indent_mm: float = 0,
                        pad_mm: float | None = None, borders: bool = False) -> None:
    """Fix the column grid, widths, indent, cell padding and borders."""
    tbl = table._tbl
    tblPr = tbl.tblPr
    total = sum(widths_mm)

    # Child order of w:tblPr (ECMA-376): tblStyle, tblpPr, tblOverlap,
    # bidiVisual, tblStyleRowBandSize, tblStyleColBandSize, tblW, jc,
    # tblCellSpacing, tblInd, tblBorders, shd, tblLayout, tblCellMar, tblLook.
    for tag in ("w:tblStyle", "w:tblW", "w:jc", "w:tblInd", "w:tblBorders",
                "w:tblLayout", "w:tblCellMar", "w:tblLook"):
        el = tblPr.find(qn(tag))
        if el is not None:
            tblPr.remove(el)
    tblW = OxmlElement("w:tblW")
    tblW.set(qn("w:w"), str(_twips(total)))
    tblW.set(qn("w:type"), "dxa")
    tblPr.append(tblW)
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(_twips(indent_mm)))
    ind.set(qn("w:type"), "dxa")
    tblPr.append(ind)
    tblBorders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        if borders:
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        else:
            el.set(qn("w:val"), "nil")
        tblBorders.append(el)
    tblPr.append(tblBorders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblPr.append(layout)
    if pad_mm is not None:
        mar = OxmlElement("w:tblCellMar")
        for edge in ("top", "left", "bottom", "right"):
            el = OxmlElement(f"w:{edge}")
            el.set(qn("w:w"), str(_twips(pad_mm if edge in ("left", "right") else 0)))
            el.set(qn("w:type"), "dxa")
            mar.append(el)
        tblPr.append(mar)
    look = OxmlElement("w:tblLook")
    look.set(qn("w:val"), "0000")
    tblPr.append(look)

    grid = tbl.tblGrid
    for col in list(grid):
        grid.remove(col)
    for w in widths_mm:
        col = OxmlElement("w:gridCol")
        col.set(qn("w:w"), str(_twips(w)))
        grid.append(col)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)  # w:tcW, for Word


def borderless_table(container, widths_mm: list[float], rows: int = 1,
                     indent_mm: float = 0, pad_mm: float = HEADER_CELL_PAD_MM):
    """A layout table without borders, with a fixed grid (LibreOffice needs
    ``w:gridCol``) and all cells top-aligned."""
    table = container.add_table(rows=rows, cols=len(widths_mm))
    _set_table_geometry(table, widths_mm, indent_mm=indent_mm, pad_mm=pad_mm)
    for row in table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    _empty_cells(table)
    return table


def _empty_cells(table) -> None:
    """Remove the empty paragraph python-docx puts in every new cell, so that
    blocks can simply append to cells."""
    for tc in table._tbl.iter(qn("w:tc")):
        for p in tc.findall(qn("w:p")):
            tc.remove(p)


def finish(doc):
    """Last step before saving: every table cell must hold a paragraph."""
    for tc in doc.element.body.iter(qn("w:tc")):
        if tc.find(qn("w:p")) is None:
            p = OxmlElement("w:p")
            tc.append(p)
            ppr = OxmlElement("w:pPr")
            p.append(ppr)
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
            _format_rpr(rpr, size=BODY_PT)
    return doc


def _no_split_row(row, header: bool = False) -> None:
    trPr = row._tr.get_or_add_trPr()
    _child(trPr, "w:cantSplit")
    if header:
        _child(trPr, "w:tblHeader")


@dataclass(frozen=True)
class Column:
    """One column of a ruled data table: header text, width, the cell's
    content in the body row (usually ``"{{ item.field }}"``), alignment."""
    header: str
    width_mm: float
    cell: str
    align: str = "left"


def data_table(container, columns: list[Column], item: str, iterable: str,
               size: float = SMALL_PT):
    """A ruled table with a bold header row (repeated on each page) and one
    body row repeated by ``{%tr for item in iterable %}``.

    Rows: header, ``{%tr for %}``, body, ``{%tr endfor %}``; docxtpl removes
    the two tag rows. Use ``{{ loop.index }}`` in a column for STT.
    """
    widths = [c.width_mm for c in columns]
    table = container.add_table(rows=4, cols=len(columns))
    _set_table_geometry(table, widths, pad_mm=1, borders=True)
    _empty_cells(table)
    header, loop_start, body, loop_end = table.rows
    _no_split_row(header, header=True)
    _no_split_row(body)
    for cell, col in zip(header.cells, columns):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph(cell, col.header, align="center", size=size, bold=True,
                  before_pt=2, after_pt=2)
    for cell, col in zip(body.cells, columns):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph(cell, col.cell, align=col.align, size=size, before_pt=2, after_pt=2)
    # The loop tags: written in the first cell; the other cells still need a
    # well-formed (empty, Times New Roman) paragraph until docxtpl drops the row.
    for row, tag in ((loop_start, f"{{%tr for {item} in {iterable} %}}"),
                     (loop_end, "{%tr endfor %}")):
        for i, cell in enumerate(row.cells):
            paragraph(cell, tag if i == 0 else "", size=size)
    return table


# ------------------------------------------------------------------ blocks

def party_header(doc, subject: str | None = None):
    """The header of every Party document (36-HD/VPTW, Phụ lục 3).

    Row 1, left: superior body (caps 14), issuing body (caps 14 bold), "*".
    Row 1, right: "ĐẢNG CỘNG SẢN VIỆT NAM" (caps 15 bold) with a rule under
    it exactly as long as the text.
    Row 2, left: "Số …" (14) and, for letters, ``subject`` (12 italic "V/v …").
    Row 2, right: place and date (14 italic), level with "Số".
    """
    table = borderless_table(doc, [HEADER_LEFT_MM, HEADER_RIGHT_MM], rows=2,
                             indent_mm=-HEADER_OUTSET_MM)
    (l1, r1), (l2, r2) = (row.cells for row in table.rows)

    centered(l1, "{{ van_ban.cap_tren }}")
    centered(l1, "{{ van_ban.co_quan }}", bold=True)
    centered(l1, "*")

    centered(r1, MOTTO, size=MOTTO_PT, bold=True)
    # The rule: an empty 1 pt paragraph whose bottom border spans exactly the
    # motto's printed width (indents = the rest of the cell, split evenly).
    # Keeping the border off the motto's own paragraph means no indent can
    # ever make the motto wrap.
    content = HEADER_RIGHT_MM - 2 * HEADER_CELL_PAD_MM
    side = max((content - caps_width_mm(MOTTO, MOTTO_PT)) / 2, 0)
    rule = paragraph(r1, "", align="center", size=1, left_mm=side, right_mm=side)
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")       # 3/4 pt
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    pbdr.append(bottom)
    ppr = rule._p.get_or_add_pPr()
    # w:pBdr goes after keepNext/keepLines/pageBreakBefore/framePr/widowControl/
    # numPr/suppressLineNumbers and before shd/tabs/…/spacing/ind/jc.
    anchor = None
    for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(pbdr)
    else:
        ppr.append(pbdr)

    centered(l2, "Số ", "{{ van_ban.so_ky_hieu }}")
    if subject:
        centered(l2, subject, size=SMALL_PT, italic=True, before_pt=2)
    centered(r2, "{{ van_ban.dong_ngay }}", italic=True)
    return table


def title_block(doc, doc_type: str, subject: str | None = None):
    """Document type (caps 16 bold, centred), subject (14 bold), "-----"."""
    centered(doc, doc_type, size=DOC_TYPE_PT, bold=True, before_pt=18, keep_with_next=True)
    if subject:
        centered(doc, subject, bold=True, keep_with_next=True)
    return centered(doc, "-----", after_pt=SPACE_AFTER_PT, keep_with_next=True)


def recipients_block(container, iterable: str = "van_ban.noi_nhan", item: str = "nn"):
    """ "Nơi nhận:" (upright, underlined, body size) then one line per
    recipient in the body's size (issue #18, from a review against the texts).
    The values carry their own "- " and final punctuation."""
    paragraph(container, R("Nơi nhận", underline=True), ":", size=BODY_PT)
    paragraph_loop(container, item, iterable, f"{{{{ {item} }}}}",
                   builder=paragraph, size=BODY_PT)


def signature_block(container, authority: str = "{{ van_ban.ky.hinh_thuc }}",
                    post: str = "{{ van_ban.ky.chuc_vu }}",
                    name: str = "{{ van_ban.ky.ho_ten }}"):
    """Authority line and post (bold caps 14), room for signature and seal,
    then the signer's name (bold, normal case). Pass ``authority=None`` for
    a personal signature ("NGƯỜI LÀM ĐƠN")."""
    if authority:
        centered(container, authority, bold=True, keep_with_next=True)
    if post:
        centered(container, post, bold=True, keep_with_next=True)
    gap = SIGNATURE_GAP_LINES * BODY_PT * 1.15
    return centered(container, name, bold=True, before_pt=gap)


def closing_block(doc, recipients: bool = True, **signature):
    """A borderless 2-column table: "Nơi nhận" on the left half, the
    signature block on the right half."""
    # The signature never stands alone on a page: the last body paragraph
    # moves with it (the closing row itself cannot split).
    body_paragraphs = doc.element.body.findall(qn("w:p"))
    if body_paragraphs:
        ppr = body_paragraphs[-1].get_or_add_pPr()
        ppr.keepNext_val = True
    table = borderless_table(doc, [CLOSING_LEFT_MM, CLOSING_RIGHT_MM], pad_mm=0)
    left, right = table.rows[0].cells
    _no_split_row(table.rows[0])
    if recipients:
        recipients_block(left)
    signature_block(right, **signature)
    return table


def meeting_lines(doc, v: str):
    """The meeting of a chi bộ as the 13-KNĐ model prints it (38-HD/BTCTW):
    members in all, present and absent, each split into full and
    probationary; the reason for absence; who chaired; who took the minutes.
    ``v`` names the figures (``dossier.forms.common.meeting``)."""
    def line(*segments):
        return body_paragraph(doc, *segments, after_pt=2)
    line("Tổng số đảng viên của Chi bộ: ", f"{{{{ {v}.tong_so }}}}", " đảng viên, trong đó chính thức ",
         f"{{{{ {v}.chinh_thuc }}}}", " đồng chí", f"{{{{ {v}.ghi_chu_chinh_thuc }}}}", ", dự bị ",
         f"{{{{ {v}.du_bi }}}}", " đồng chí.")
    for label, key in (("Có mặt", "co_mat"), ("Vắng mặt", "vang_mat")):
        line(f"{label}: ", f"{{{{ {v}.{key} }}}}", " đảng viên, trong đó chính thức ",
             f"{{{{ {v}.{key}_chinh_thuc }}}}", " đồng chí, dự bị ", f"{{{{ {v}.{key}_du_bi }}}}", " đồng chí.")
    line("Lý do vắng mặt: ", f"{{{{ {v}.ly_do_vang }}}}")
    line("Chủ trì hội nghị: Đồng chí ", f"{{{{ {v}.chu_tri }}}}", ". Chức vụ: ", f"{{{{ {v}.chuc_vu_chu_tri }}}}", ".")
    return body_paragraph(doc, "Thư ký hội nghị: Đồng chí ", f"{{{{ {v}.thu_ky }}}}", ".")


def letter_head(doc, recipients: str):
    """A letter's head: the header block with its subject line (V/v …), then
    "Kính gửi:" and the recipients of the list ``recipients``, one a line."""
    party_header(doc, subject="{{ van_ban.trich_yeu }}")
    spacer(doc, 18)
    to = borderless_table(doc, [28, 112], indent_mm=12)
    label, names = to.rows[0].cells
    paragraph(label, "Kính gửi:", align="right")
    paragraph_loop(names, "k", recipients, "{{ k }}", builder=paragraph)
    spacer(doc, 12)


def spacer(doc, pt: float = SPACE_AFTER_PT):
    """An empty paragraph of a given height (between blocks, after tables)."""
    return paragraph(doc, "", size=1, after_pt=max(pt - 1, 0))


def page_numbers(doc):
    """Page number centred in the header from page 2 on (36-HD/VPTW practice,
    about 10 mm from the top edge); page 1 has an empty header. A PAGE field
    is laid out by LibreOffice at conversion time, so it is always right.

    Not used by the dossier forms: ``dossier.bundle`` stamps one running page
    number through the whole bundle (top-centre is one of its positions), and
    a number of the document's own would print on top of it. Use it only for
    a document printed on its own."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    first = section.first_page_header
    first.is_linked_to_previous = False
    _format_rpr(_mark_rpr(first.paragraphs[0]), size=BODY_PT)
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _format_rpr(_mark_rpr(p), size=BODY_PT)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    _format_rpr(rpr, size=BODY_PT)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    p._p.append(field)
    return header
