"""Page numbers, page labels and the outline of a bundle: the running
number drawn on the front matter and stamped on every part without rewriting
its content, the PDF page labels ("Bìa", then 2, 3, …) and one bookmark per
part under its group."""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, Fit, NameObject
from reportlab.pdfbase import pdfmetrics

from dossier.typeset import MM

PAGE_NUMBER_POSITIONS = ("bottom-center", "top-center", "bottom-right", "none")
PAGE_NUMBER_SIZE = 12
PAGE_NUMBER_OFFSET = 10 * MM  # from the page edge to the middle of the digits
PAGE_NUMBER_RIGHT = 15 * MM  # bottom-right: right end of the number, = right margin


def number_anchor(width: float, height: float, position: str) -> tuple[float, float]:
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


def draw_number_at(canvas, number: int, x: float, y: float, position: str, font: str) -> None:
    canvas.setFont(font, PAGE_NUMBER_SIZE)
    baseline = y - _digit_middle(font)
    if position == "bottom-right":
        canvas.drawRightString(x, baseline, str(number))
    else:
        canvas.drawCentredString(x, baseline, str(number))


def draw_page_number(canvas, number: int, width: float, height: float, position: str, font: str) -> None:
    x, y = number_anchor(width, height, position)
    draw_number_at(canvas, number, x, y, position, font)

# ------------------------------------------------------------------ stamping


def stamp_page_numbers(writer: PdfWriter, host, numbers: range, position: str) -> None:
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
        u, v = number_anchor(width, height, position)
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


def fit_for(page) -> Fit:
    """Go to the top of the page, keeping the reader's zoom; for a rotated page
    (where "top" is not the y axis) show the whole page."""
    if page.rotation % 360 == 0:
        return Fit.xyz(left=None, top=float(page.cropbox.top), zoom=None)
    return Fit.fit()


def add_outline(writer: PdfWriter, entries: list[tuple[str, str]], spans: list[tuple[int, int]]) -> None:
    """One entry per part, ``(group, title)``, nested under its group (consecutive
    parts with the same group share one group entry, which points to the group's
    first page)."""
    group_item = None
    previous_group = ""
    for (group, title), (first, _last) in zip(entries, spans):
        fit = fit_for(writer.pages[first - 1])
        if group != previous_group:
            group_item = None
            if group:
                group_item = writer.add_outline_item(title=group, page_number=first - 1, bold=True, fit=fit)
            previous_group = group
        writer.add_outline_item(title=title, page_number=first - 1, parent=group_item, fit=fit)


def set_page_labels(writer: PdfWriter, total_pages: int) -> None:
    """The cover is labelled "Bìa", the other pages 2, 3, … as printed on them."""
    writer.set_page_label(0, 0, prefix="Bìa")
    if total_pages > 1:
        writer.set_page_label(1, total_pages - 1, style="/D", start=2)
