"""One LibreOffice conversion for several documents of a dossier.

Most of LibreOffice's time on a short document is fixed cost (the DOCX import
filter, styles, document set-up; measurements in ``bench/README.md``), so a
candidate's documents are joined into one .docx, converted once and the PDF is
cut back into one PDF per document.

Only documents that are the same package apart from their body are joined:
same styles, numbering, settings, headers, pictures, relationships… (every part
but ``word/document.xml`` and ``docProps/`` equal) and the same page set-up, so
whatever a body refers to means the same in the joined file and each document
lays out as it would alone, from a new page. A bookmark on each document's
first paragraph becomes a named destination in the PDF, which tells on which
page each document starts; when anything does not add up, the caller converts
the documents one by one.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from pathlib import Path

from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

import dossier.pdf_names  # noqa: F401 - pypdf spells each name once (faster writing, same bytes)
from dossier.attachments import Loaded
from dossier.convert import ConversionPool, ConversionResult
from dossier.fsutil import atomic_path, write_bytes
from dossier.pdf_sanitise import needs_sanitising

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BODY_PART = "word/document.xml"
MARK = "dossier-tai-lieu-"  # bookmark names; exported as named destinations
_MARK_ID = 900_000  # bookmark ids well above any a template has


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def signature(docx: Path) -> str | None:
    """A digest of every part but the body and the document properties, or None
    for a document converted alone: not a readable .docx, or one with a page
    header or footer. (Joined, the guide copy of 1-KNĐ — watermark in a header,
    signature block kept with the lines before it — ended on its second page
    where alone it ends on its first, in every variant tried; the documents
    without headers come out the same as alone.) Documents with the same
    signature can be joined: whatever their bodies refer to (styles, numbering,
    pictures by relationship id) is the same."""
    try:
        with zipfile.ZipFile(docx) as z:
            h = hashlib.sha256()
            for info in sorted(z.infolist(), key=lambda i: i.filename):
                if info.filename == BODY_PART or info.filename.startswith("docProps/"):
                    continue
                h.update(info.filename.encode() + b"\0" + hashlib.sha256(z.read(info)).digest())
            body = z.read(BODY_PART)
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    if b"<w:headerReference" in body or b"<w:footerReference" in body:
        return None
    return h.hexdigest()


def groups(sources: list[Path]) -> list[list[int]]:
    """Indexes of ``sources`` that can share one conversion, in order; a
    document that cannot is a group of its own."""
    by_signature: dict[str, list[int]] = {}
    alone: list[list[int]] = []
    for i, source in enumerate(sources):
        sig = signature(source)
        if sig is None:
            alone.append([i])
        else:
            by_signature.setdefault(sig, []).append(i)
    return sorted(list(by_signature.values()) + alone, key=lambda g: g[0])


def join(sources: list[Path], target: Path) -> None:
    """Write ``target``: the bodies of ``sources`` one after another, each in a
    section of its own (its own page set-up, from a new page) and marked by a
    bookmark ``MARK + index`` on its first paragraph. The other parts are the
    first source's (``groups`` guarantees they are the same in all)."""
    trees = []
    for source in sources:
        with zipfile.ZipFile(source) as z:
            trees.append(etree.fromstring(z.read(BODY_PART)))
    root = trees[0]
    body = root.find(_w("body"))
    joined = []
    for index, tree in enumerate(trees):
        children = list(tree.find(_w("body")))
        section = children.pop() if children and children[-1].tag == _w("sectPr") else etree.Element(_w("sectPr"))
        kind = section.find(_w("type"))
        if kind is None:
            kind = etree.Element(_w("type"))
            notes = {_w("footnotePr"), _w("endnotePr")}  # the only elements before w:type here (no headers)
            section.insert(sum(1 for child in section if child.tag in notes), kind)
        kind.set(_w("val"), "nextPage")
        _mark(_first_paragraph(children), index)
        if index < len(trees) - 1:
            _end_section(children, section)
            joined += children
        else:
            joined += children + [section]
    # the first document's elements stay where they are and the others are put
    # after them: taking every element out of the body and putting it back made
    # lxml re-declare namespaces on each (most of the time: bench/README.md)
    previous = None
    for element in joined:
        if previous is None:
            if len(body) == 0 or body[0] is not element:
                body.insert(0, element)
        elif previous.getnext() is not element:
            previous.addnext(element)
        previous = element
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(sources[0]) as z, atomic_path(target) as tmp, \
            zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in z.infolist():
            out.writestr(info.filename, xml if info.filename == BODY_PART else z.read(info))


def _first_paragraph(children: list):
    """The document's first paragraph (in the first cell when it opens with a
    table), added when it has none."""
    for child in children:
        paragraph = child if child.tag == _w("p") else next(child.iter(_w("p")), None)
        if paragraph is not None:
            return paragraph
    paragraph = etree.Element(_w("p"))
    children.insert(0, paragraph)
    return paragraph


def _mark(paragraph, index: int) -> None:
    ident = str(_MARK_ID + index)
    props = paragraph.find(_w("pPr"))
    at = 0 if props is None else paragraph.index(props) + 1
    paragraph.insert(at, etree.Element(_w("bookmarkEnd"), {_w("id"): ident}))
    paragraph.insert(at, etree.Element(_w("bookmarkStart"), {_w("id"): ident, _w("name"): f"{MARK}{index}"}))


def _end_section(children: list, section) -> None:
    """End a document's section where Word keeps the properties of every
    section but the last: in its last paragraph. A document ending in a table
    gets a hidden paragraph for it — a visible one would take a line, and a new
    page when the table ends at the foot of the page (LibreOffice shows nothing
    after such a table when the document is alone)."""
    if children and children[-1].tag == _w("p"):
        paragraph = children[-1]
    else:
        paragraph = etree.Element(_w("p"))
        etree.SubElement(etree.SubElement(etree.SubElement(paragraph, _w("pPr")), _w("rPr")), _w("vanish"))
        children.append(paragraph)
    props = paragraph.find(_w("pPr"))
    if props is None:
        props = etree.Element(_w("pPr"))
        paragraph.insert(0, props)
    change = props.find(_w("pPrChange"))  # sectPr comes before a tracked change of the properties
    if change is not None:
        change.addprevious(section)
    else:
        props.append(section)


def _split_quietly(pdf: Path, targets: list[Path], cuts: dict | None) -> bool:
    try:
        return split(pdf, targets, cuts)
    except (PyPdfError, ValueError, KeyError):  # an unreadable joined PDF: convert one by one
        return False


def split(pdf: Path, targets: list[Path], cuts: dict[Path, Loaded] | None = None) -> bool:
    """Cut ``pdf`` (converted from ``join``) into one PDF per target at the pages
    where the bookmarks are. False, writing nothing, unless every document's
    bookmark is found on a page after the previous one's, the first on page 1.

    With ``cuts``, each target's pages are also handed over, still open:
    ``cuts[target]`` is a :class:`dossier.attachments.Loaded` for its pages of the
    joined PDF (the hash of the bytes written to ``target``), so that the bundler
    takes them from there instead of reading ``target`` back. Our bookmarks are
    dropped from that open PDF (a per-document file has none). Nothing is handed
    over when the PDF holds anything an attachment would be sanitised for."""
    reader = PdfReader(pdf)
    starts: dict[int, int] = {}
    for name, destination in reader.named_destinations.items():
        name = str(name).lstrip("/")  # LibreOffice writes them as PDF names (/Dests), pypdf keeps the slash
        if name.startswith(MARK) and name[len(MARK):].isdigit():
            try:
                starts[int(name[len(MARK):])] = reader.get_destination_page_number(destination)
            except Exception:  # noqa: BLE001 - a destination we cannot place: not ours to split
                return False
    pages = len(reader.pages)
    order = [starts.get(i) for i in range(len(targets))]
    if None in order or order[0] != 0 or any(b <= a for a, b in zip(order, order[1:])) or order[-1] >= pages:
        return False
    bounds = order + [pages]
    made = {}
    for i, target in enumerate(targets):
        writer = PdfWriter()
        for number in range(bounds[i], bounds[i + 1]):
            writer.add_page(reader.pages[number])
        if reader.metadata:
            writer.add_metadata({k: v for k, v in reader.metadata.items() if k in ("/Creator", "/Producer")})
        buffer = io.BytesIO()
        writer.write(buffer)
        data = buffer.getvalue()
        write_bytes(target, data)
        if cuts is not None:
            made[target] = Loaded(reader, bounds[i + 1] - bounds[i], hashlib.sha256(data).digest(), first=bounds[i],
                                  pdf_header=writer.pdf_header)
    if cuts is not None:
        root = reader.trailer["/Root"].get_object()
        for key in ("/Names", "/Dests"):  # the bookmarks were ours: not copied into a bundle
            root.pop(key, None)
        reader.named_destinations.clear()  # the reader keeps what it read of them
        if not needs_sanitising(reader):
            cuts.update(made)
    return True


def convert(jobs: list[tuple[Path, Path]], pool: ConversionPool,
            cuts: dict[Path, Loaded] | None = None) -> list[ConversionResult]:
    """``pool.convert(jobs)``, with the documents that can be joined converted as
    one file and cut back. A joined file that fails to convert or to cut is
    converted again document by document, so a failure names its document.
    ``cuts``: filled with the pages of each document cut from a joined PDF (see
    :func:`split`)."""
    jobs = [(Path(source), Path(target)) for source, target in jobs]
    if len(jobs) < 2 or not pool.joins_documents:
        return pool.convert(jobs)
    results: list[ConversionResult | None] = [None] * len(jobs)
    with tempfile.TemporaryDirectory(prefix="dossier-join-", dir=pool.scratch) as tmp:  # personal data: not in /tmp
        joined, alone = [], []
        for n, group in enumerate(groups([source for source, _ in jobs])):
            docx = Path(tmp) / f"{n}.docx"
            if len(group) > 1:
                try:
                    join([jobs[i][0] for i in group], docx)
                    joined.append((group, docx))
                    continue
                except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
                    pass
            alone += group
        done = pool.convert([(docx, docx.with_suffix(".pdf")) for _, docx in joined] + [jobs[i] for i in alone])
        for i, conversion in zip(alone, done[len(joined):]):
            results[i] = conversion
        again = []
        for (group, docx), conversion in zip(joined, done):
            if conversion.ok and _split_quietly(conversion.target, [jobs[i][1] for i in group], cuts):
                for i in group:
                    results[i] = ConversionResult(jobs[i][0], jobs[i][1], True, None,
                                                  conversion.attempts, conversion.seconds)
            else:
                again += group
        for i, conversion in zip(again, pool.convert([jobs[i] for i in again]) if again else []):
            results[i] = conversion
    return results
