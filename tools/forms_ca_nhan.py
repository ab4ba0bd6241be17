"""Templates of personal documents: 1-KNĐ, 2-KNĐ (handwritten: guide copies),
3-KNĐ, 10-KNĐ, 11-KNĐ (see dossier/forms/ca_nhan.py for their values).

A personal document is written and signed by one person ("NGƯỜI LÀM ĐƠN",
"NGƯỜI GIỚI THIỆU"…): no document number, no "Nơi nhận", no T/M line.
3-, 10- and 11-KNĐ are a member's own letters: like 1-KNĐ they carry the
motto and the date only, no organisation's header block (issue #18); 2-KNĐ
(tools/forms_ly_lich.py) is a booklet with a cover.

Handwritten documents (1-KNĐ, 2-KNĐ) carry two marks that are empty when the
organisation accepts typed copies: ``van_ban.ban_huong_dan``, a boxed two-line
notice at the top of the first page (and of each part of the lý lịch that
starts a page), and
``van_ban.chu_chim``, a light diagonal watermark in the page header, so every
page of a guide copy says what it is.
"""

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from docx_blocks import *  # noqa: F401,F403 - the building blocks
from docx_blocks import (
    BODY_PT,
    CLOSING_LEFT_MM,
    CLOSING_RIGHT_MM,
    DOC_TYPE_PT,
    MOTTO,
    MOTTO_PT,
    SIGNATURE_GAP_LINES,
    SMALL_PT,
    SPACE_AFTER_PT,
    TEXT_WIDTH_MM,
    Column,
    R,
    _RPR_ORDER,
    _empty_cells,
    _format_rpr,
    _mark_rpr,
    _no_split_row,
    _set_table_geometry,
    _sort_children,
    caps_width_mm,
)

MARK_PT = 12
HANG_MM = 10         # hanging indent of numbered lý lịch lines ("10)" + tab)
PHOTO_W_MM, PHOTO_H_MM = 30, 40


# ------------------------------------------------------------------ blocks

def guide_mark(doc, page_break: bool = False):
    """``{{ van_ban.ban_huong_dan }}``: bold, centred, every line boxed (a
    character border, so an empty value leaves no empty box behind). The
    paragraph mark is 1 pt: empty, the line takes almost no room."""
    p = paragraph(doc, R("{{ van_ban.ban_huong_dan }}", bold=True, size=MARK_PT),
                  align="center", size=1, after_pt=10)
    rpr = p.runs[0]._r.get_or_add_rPr()
    bdr = OxmlElement("w:bdr")
    for key, value in (("val", "single"), ("sz", "8"), ("space", "1"), ("color", "000000")):
        bdr.set(qn(f"w:{key}"), value)
    rpr.append(bdr)
    _sort_children(rpr, _RPR_ORDER)
    if page_break:
        p.paragraph_format.page_break_before = True
    return p


_VML = ('xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:w10="urn:schemas-microsoft-com:office:word"')

# Word's own watermark: a WordArt (VML text path) shape anchored in the page
# header, so it prints on every page, behind the text. LibreOffice imports it
# as a Fontwork shape; an empty string draws nothing.
_WATERMARK_XML = f"""<w:r {nsdecls('w')} {_VML}><w:rPr/><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/>
<v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>
<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/>
<v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>
<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:430pt;height:64pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
 o:allowincell="f" fillcolor="#d0d0d0" stroked="f"><v:fill opacity=".5"/>
<v:textpath style="font-family:&quot;Times New Roman&quot;;font-size:1pt" string="{{{{ van_ban.chu_chim }}}}"/>
<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>"""


def watermark(doc):
    """``{{ van_ban.chu_chim }}`` as a diagonal watermark on every page."""
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    _format_rpr(_mark_rpr(p), size=BODY_PT)
    run = parse_xml(_WATERMARK_XML)
    _format_rpr(run.find(qn("w:rPr")), size=BODY_PT)
    p._p.append(run)
    return header


def personal_header(doc, left: bool = True):
    """The Party header without a document number: a personal document has
    none. ``left=False`` keeps the right column only (motto and date)."""
    table = party_header(doc)
    (l1, _), (l2, _) = (row.cells for row in table.rows)
    cells = (l1, l2) if not left else (l2,)
    for cell in cells:
        for p in list(cell._tc.findall(qn("w:p"))):
            cell._tc.remove(p)
    return table


def motto_rule(container, width_mm: float, size: float = MOTTO_PT):
    """"ĐẢNG CỘNG SẢN VIỆT NAM" with a rule exactly as long as the text."""
    centered(container, MOTTO, size=size, bold=True)
    side = max((width_mm - caps_width_mm(MOTTO, size)) / 2, 0)
    rule = paragraph(container, "", align="center", size=1, left_mm=side, right_mm=side)
    ppr = rule._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    pbdr.append(bottom)
    anchor = next((el for el in ppr if el.tag in {qn(t) for t in ("w:spacing", "w:ind", "w:jc", "w:rPr")}), None)
    if anchor is not None:
        anchor.addprevious(pbdr)
    else:
        ppr.append(pbdr)
    return rule


def doc_title(doc, title: str, subtitle: str | None = None, before_pt: float = 18):
    centered(doc, title, size=DOC_TYPE_PT, bold=True, before_pt=before_pt, keep_with_next=True,
             after_pt=0 if subtitle else SPACE_AFTER_PT * 2)
    if subtitle:
        centered(doc, subtitle, bold=True, keep_with_next=True, after_pt=SPACE_AFTER_PT * 2)


def kinh_gui(doc, value: str):
    centered(doc, "Kính gửi: ", value, after_pt=SPACE_AFTER_PT * 2, keep_with_next=True)


def _tab_stop(p, position_mm: float, leader: bool = False, align=WD_TAB_ALIGNMENT.LEFT):
    p.paragraph_format.tab_stops.add_tab_stop(
        Mm(position_mm), align, WD_TAB_LEADER.DOTS if leader else WD_TAB_LEADER.SPACES)


def dotted(container, *segments, lines: int = 0, width_mm: float = TEXT_WIDTH_MM, **kw):
    """Text followed by a dotted leader to the right margin, then ``lines``
    dotted lines: room to write by hand."""
    opts = dict(after_pt=2)
    opts.update(kw)
    first = paragraph(container, *segments, "\t", **opts)
    _tab_stop(first, width_mm, leader=True, align=WD_TAB_ALIGNMENT.RIGHT)
    for _ in range(lines):
        p = paragraph(container, "\t", after_pt=2, before_pt=4)
        _tab_stop(p, width_mm, leader=True, align=WD_TAB_ALIGNMENT.RIGHT)
    return first


def heading(doc, text: str, page_break: bool = False, before_pt: float = 12):
    p = paragraph(doc, text, bold=True, before_pt=0 if page_break else before_pt, after_pt=SPACE_AFTER_PT,
                  keep_with_next=True)
    if page_break:
        p.paragraph_format.page_break_before = True
    return p


def hint(container, text: str, **kw):
    opts = dict(size=SMALL_PT, italic=True, after_pt=4, keep_with_next=True)
    opts.update(kw)
    return paragraph(container, text, **opts)


def line_loop(container, item: str, iterable: str, numbered: bool = False, bold_value: bool = False,
              size: float = BODY_PT, after_pt: float = 3, left_mm: float = 0):
    """One paragraph per ``{label, value}`` item. ``numbered``: the item's
    ``so`` ("1)") hangs in the margin before a tab, so labels line up whether
    or not a line has a number."""
    value = R(f"{{{{ {item}.gia_tri }}}}", bold=bold_value)
    if numbered:
        segments = (f"{{{{ {item}.so }}}}", "\t", f"{{{{ {item}.nhan }}}}", " ", value)
        p = paragraph_loop(container, item, iterable, *segments, builder=paragraph, size=size,
                           after_pt=after_pt, left_mm=left_mm + HANG_MM, first_line_mm=-HANG_MM)
        _tab_stop(p, left_mm + HANG_MM)
    else:
        segments = (f"{{{{ {item}.nhan }}}}", " ", value)
        p = paragraph_loop(container, item, iterable, *segments, builder=paragraph, size=size,
                           after_pt=after_pt, left_mm=left_mm, align="justify")
    return p


def keep_last_with_next(doc):
    """Keep the last real paragraph with what follows (the signature). Loop
    tag paragraphs are skipped: docxtpl removes them, and their properties
    with them."""
    for p in reversed(doc.element.body.findall(qn("w:p"))):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if not text.startswith("{%p"):
            p.get_or_add_pPr().keepNext_val = True
            return


def text_loop(container, item: str, iterable: str):
    """``{%p for %}`` over paragraphs of free text. A value ``"\t"`` prints as
    a dotted line to the right margin (room to write by hand): the paragraph
    has a right tab stop with a dot leader, and docxtpl turns a tab in a value
    into a tab."""
    p = paragraph_loop(container, item, iterable, f"{{{{ {item} }}}}")
    _tab_stop(p, TEXT_WIDTH_MM, leader=True, align=WD_TAB_ALIGNMENT.RIGHT)
    return p


def personal_signature(doc, title: str, name: str, date: str | None = None):
    """Signature on the right half: (date line), title in bold capitals,
    "(Ký, ghi rõ họ tên)", room to sign, the name in bold."""
    keep_last_with_next(doc)
    table = borderless_table(doc, [CLOSING_LEFT_MM, CLOSING_RIGHT_MM], pad_mm=0)
    _no_split_row(table.rows[0])
    right = table.rows[0].cells[1]
    if date:
        centered(right, date, italic=True, before_pt=SPACE_AFTER_PT, keep_with_next=True)
    centered(right, title, bold=True, before_pt=0 if date else SPACE_AFTER_PT, keep_with_next=True)
    centered(right, "(Ký, ghi rõ họ tên)", italic=True, size=SMALL_PT, keep_with_next=True)
    centered(right, name, bold=True, before_pt=SIGNATURE_GAP_LINES * BODY_PT * 1.15)
    return table


def _shade(cell, fill: str = "E7E6E6"):
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    later = [tcpr.find(qn(t)) for t in ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText",
                                         "w:vAlign", "w:hideMark")]
    later = [el for el in later if el is not None]
    if later:
        later[0].addprevious(shd)
    else:
        tcpr.append(shd)


def _cell_borders(cell):
    tcpr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for edge in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "6"), ("space", "0"), ("color", "000000")):
            el.set(qn(f"w:{key}"), value)
        borders.append(el)
    later = [tcpr.find(qn(t)) for t in ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText",
                                         "w:vAlign", "w:hideMark")]
    later = [el for el in later if el is not None]
    if later:
        later[0].addprevious(borders)
    else:
        tcpr.append(borders)


def _row_height(row, mm: float, exact: bool = False):
    trpr = row._tr.get_or_add_trPr()
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(round(mm / 25.4 * 1440)))
    height.set(qn("w:hRule"), "exact" if exact else "atLeast")
    trpr.append(height)


def box(doc, height_mm: float, note: str):
    """A ruled box of a fixed minimum height for others to write in (lý lịch
    items 24–26), with a small italic note at its top."""
    table = doc.add_table(rows=1, cols=1)
    _set_table_geometry(table, [TEXT_WIDTH_MM], pad_mm=2, borders=True)
    _empty_cells(table)
    _no_split_row(table.rows[0])
    _row_height(table.rows[0], height_mm)
    cell = table.rows[0].cells[0]
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    paragraph(cell, note, size=SMALL_PT - 1, italic=True, before_pt=2)
    return table


# ------------------------------------------------------------------ 1-KNĐ

def build_1knd():
    """Mẫu 1-KNĐ: Đơn xin vào Đảng."""
    doc = new_document()
    watermark(doc)
    guide_mark(doc)
    personal_header(doc, left=False)
    doc_title(doc, "ĐƠN XIN VÀO ĐẢNG", before_pt=24)

    table = borderless_table(doc, [28, TEXT_WIDTH_MM - 28], indent_mm=12)
    left, right = table.rows[0].cells
    paragraph(left, "Kính gửi:")
    paragraph_loop(right, "k", "don.kinh_gui", "{{ k }}", builder=paragraph, after_pt=2)
    spacer(doc, 10)

    line_loop(doc, "d", "don.ban_than")
    body_paragraph(doc, "Qua học tập, nghiên cứu Cương lĩnh chính trị, Điều lệ Đảng và tìm hiểu về Đảng Cộng sản"
                        " Việt Nam, tôi nhận thức được:", before_pt=SPACE_AFTER_PT)
    text_loop(doc, "p", "don.nhan_thuc")
    body_paragraph(doc, "Tôi tự nguyện làm đơn này, xin được đứng vào hàng ngũ của Đảng Cộng sản Việt Nam."
                        " Động cơ xin vào Đảng và lời hứa của tôi:")
    text_loop(doc, "p", "don.dong_co")

    personal_signature(doc, "NGƯỜI LÀM ĐƠN", "{{ uv.ho_ten }}")
    return doc


# ------------------------------------------------------------------ 3-KNĐ

def build_3knd():
    """Mẫu 3-KNĐ: Giấy giới thiệu người vào Đảng (one introducing member)."""
    doc = new_document()
    personal_header(doc, left=False)  # a member's own letter: no organisation's header block
    doc_title(doc, "GIẤY GIỚI THIỆU NGƯỜI VÀO ĐẢNG")
    kinh_gui(doc, "{{ gt.kinh_gui }}")

    body_paragraph(doc, "Tôi là: ", R("{{ gt.ho_ten }}", bold=True))
    body_paragraph(doc, "Sinh ngày: ", "{{ gt.ngay_sinh }}", "; quê quán: ", "{{ gt.que_quan }}", ".")
    body_paragraph(doc, "Vào Đảng ngày ", "{{ gt.ngay_vao_dang }}", "; chính thức ngày ",
                   "{{ gt.ngay_chinh_thuc }}", ".")
    body_paragraph(doc, "Chức vụ Đảng: ", "{{ gt.chuc_vu_dang }}", ".")
    body_paragraph(doc, "Chức vụ chính quyền, đoàn thể: ", "{{ gt.chuc_vu_chinh_quyen }}", ".")
    body_paragraph(doc, "Đang sinh hoạt tại: ", "{{ gt.don_vi }}", ".")
    body_paragraph(doc, "Tôi biết và cùng công tác với quần chúng ", "{{ uv.ho_ten }}", " từ ",
                   "{{ gt.cung_cong_tac_tu }}", " tại ", "{{ gt.noi_cung_cong_tac }}", ".")
    body_paragraph(doc, "Tôi giới thiệu quần chúng ", R("{{ uv.ho_ten }}", bold=True),
                   ", sinh ngày ", "{{ uv.ngay_sinh }}", "; quê quán: ", "{{ uv.que_quan }}",
                   "; nơi thường trú: ", "{{ uv.thuong_tru }}", "; nghề nghiệp: ", "{{ uv.nghe_nghiep }}",
                   ", vào Đảng Cộng sản Việt Nam.")
    body_paragraph(doc, "Những ưu điểm, khuyết điểm chính của quần chúng ", "{{ uv.ho_ten }}", ":",
                   keep_with_next=True)
    paragraph(doc, R("1. Ưu điểm:", bold=True), first_line_mm=12.7, after_pt=2, keep_with_next=True)
    for label in ("- Về phẩm chất chính trị:", "- Về đạo đức, lối sống:",
                  "- Về năng lực công tác, học tập:", "- Về quan hệ với quần chúng:"):
        dotted(doc, label, lines=1, first_line_mm=12.7)
    paragraph(doc, R("2. Khuyết điểm:", bold=True), first_line_mm=12.7, before_pt=4, after_pt=2,
              keep_with_next=True)
    dotted(doc, "", lines=2)
    body_paragraph(doc, "Tôi xin chịu trách nhiệm trước chi bộ về sự giới thiệu của mình, tiếp tục giúp đỡ"
                        " quần chúng ", "{{ uv.ho_ten }}", " phấn đấu trở thành đảng viên; có điều gì chưa rõ,"
                        " tôi sẽ báo cáo để chi bộ và cấp trên xem xét.", before_pt=SPACE_AFTER_PT)

    personal_signature(doc, "NGƯỜI GIỚI THIỆU", "{{ gt.ho_ten }}")
    return doc


# -------------------------------------------------------------- 10-KNĐ

_QUALITIES = (
    "Về tư tưởng chính trị:",
    "Về phẩm chất đạo đức, lối sống:",
    "Về ý thức tổ chức kỷ luật, thực hiện nguyên tắc tập trung dân chủ:",
    "Về năng lực và kết quả thực hiện nhiệm vụ được giao:",
    "Về quan hệ với quần chúng, tham gia sinh hoạt nơi cư trú:",
    "Về thực hiện nhiệm vụ đảng viên, sinh hoạt chi bộ:",
)


def build_10knd():
    """Mẫu 10-KNĐ: Bản tự kiểm điểm của đảng viên dự bị."""
    doc = new_document()
    personal_header(doc, left=False)  # a member's own letter: no organisation's header block
    doc_title(doc, "BẢN TỰ KIỂM ĐIỂM", "của đảng viên dự bị")
    kinh_gui(doc, "{{ kd.kinh_gui }}")

    line_loop(doc, "d", "kd.ban_than")
    body_paragraph(doc, "Thực hiện quy định của Điều lệ Đảng, sau ", "{{ kd.du_bi_thang }}",
                   " tháng dự bị, tôi tự kiểm điểm như sau:", before_pt=SPACE_AFTER_PT)
    heading(doc, "I. ƯU ĐIỂM", before_pt=4)
    for i, label in enumerate(_QUALITIES, start=1):
        dotted(doc, f"{i}. {label}", lines=1, first_line_mm=12.7)
    heading(doc, "II. KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN", before_pt=8)
    dotted(doc, "", lines=2)
    heading(doc, "III. PHƯƠNG HƯỚNG, BIỆN PHÁP KHẮC PHỤC", before_pt=8)
    dotted(doc, "", lines=1)
    heading(doc, "IV. TỰ ĐÁNH GIÁ VÀ ĐỀ NGHỊ", before_pt=8)
    body_paragraph(doc, "Đối chiếu với tiêu chuẩn, nhiệm vụ đảng viên, tôi tự nhận thấy đủ điều kiện trở thành"
                        " đảng viên chính thức. Kính đề nghị chi bộ xem xét, đề nghị cấp ủy có thẩm quyền công"
                        " nhận tôi là đảng viên chính thức của Đảng Cộng sản Việt Nam.")

    personal_signature(doc, "NGƯỜI TỰ KIỂM ĐIỂM", "{{ uv.ho_ten }}")
    return doc


# -------------------------------------------------------------- 11-KNĐ

def build_11knd():
    """Mẫu 11-KNĐ: Bản nhận xét đảng viên dự bị của đảng viên chính thức được phân công giúp đỡ."""
    doc = new_document()
    personal_header(doc, left=False)  # a member's own letter: no organisation's header block
    doc_title(doc, "BẢN NHẬN XÉT ĐẢNG VIÊN DỰ BỊ", "của đảng viên chính thức được phân công giúp đỡ")
    kinh_gui(doc, "{{ nx.kinh_gui }}")

    line_loop(doc, "d", "nx.nguoi_giup_do")
    body_paragraph(doc, "Được chi bộ phân công giúp đỡ đồng chí ", R("{{ uv.ho_ten }}", bold=True),
                   ", sinh ngày ", "{{ uv.ngay_sinh }}", ", đảng viên dự bị, kết nạp vào Đảng ngày ",
                   "{{ nx.ngay_ket_nap }}", " theo ", "{{ nx.quyet_dinh }}", "; thời gian dự bị từ ngày ",
                   "{{ nx.du_bi_tu }}", " đến ngày ", "{{ nx.du_bi_den }}", ".", before_pt=SPACE_AFTER_PT)
    body_paragraph(doc, "Qua theo dõi, giúp đỡ đồng chí ", "{{ uv.ho_ten }}",
                   " trong thời gian dự bị, tôi nhận xét như sau:", keep_with_next=True)
    heading(doc, "1. Ưu điểm", before_pt=4)
    for label in _QUALITIES:
        dotted(doc, f"- {label}", lines=1, first_line_mm=12.7)
    heading(doc, "2. Khuyết điểm", before_pt=8)
    dotted(doc, "", lines=2)
    heading(doc, "3. Đề nghị", before_pt=8)
    body_paragraph(doc, "Đồng chí ", "{{ uv.ho_ten }}", " đủ điều kiện trở thành đảng viên chính thức. Đề nghị"
                        " chi bộ xem xét, đề nghị cấp ủy có thẩm quyền công nhận đồng chí ", "{{ uv.ho_ten }}",
                   " là đảng viên chính thức của Đảng Cộng sản Việt Nam.")

    personal_signature(doc, "NGƯỜI GIÚP ĐỠ", "{{ nx.ho_ten_giup_do }}")
    return doc


TEMPLATES = {
    "1-KND": build_1knd,
    "3-KND": build_3knd,
    "10-KND": build_10knd,
    "11-KND": build_11knd,
}

#: Personal documents: no issuing body's number ("Số …") in the header, and
#: 1-KNĐ / 2-KNĐ (tools/forms_ly_lich.py) start with the guide mark rather than the header table.
PERSONAL = set(TEMPLATES) | {"2-KND"}
