"""dossier.compose: a candidate's documents joined into one .docx, converted once
and cut back into one PDF per document, each exactly as it would be alone."""

from __future__ import annotations

import copy
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image, ImageChops
from pypdf import PdfReader, PdfWriter

from dossier import compose
from dossier.build import render_documents
from dossier.convert import ConversionPool, ConversionResult

from conftest import SAMPLES

W = compose.W


def _w(tag):
    return f"{{{W}}}{tag}"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every document of two sample candidates rendered to .docx (no LibreOffice):
    a long dossier (lý lịch, verification letters to several places) and one at
    the recognition stage."""
    out = tmp_path_factory.mktemp("rendered")
    files = []
    for name in ("vuong-thi-thu-hang", "khuat-duy-tien"):
        done = render_documents(SAMPLES / "ung-vien" / f"{name}.yaml", out)
        assert not [f for f in done.findings if f.is_error]
        files += done.written
    return sorted(files)


def _body(docx: Path):
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(compose.BODY_PART)).find(_w("body"))


# ------------------------------------------------------------- without LibreOffice

def test_documents_from_the_shipped_templates_share_a_conversion_guide_copies_do_not(rendered):
    groups = compose.groups(rendered)
    assert sorted(i for g in groups for i in g) == list(range(len(rendered)))  # each document once
    guides = {i for i, p in enumerate(rendered) if p.stem.endswith("-ban-huong-dan")}  # watermark header
    assert guides and all(len(g) == 1 for g in groups if set(g) & guides)
    assert max(len(g) for g in groups) == len(rendered) - len(guides)  # all the others together


def test_what_cannot_be_read_is_converted_alone(rendered, tmp_path):
    garbage = tmp_path / "hong.docx"
    garbage.write_text("không phải tệp Word", encoding="utf-8")
    truncated = tmp_path / "cut.docx"
    truncated.write_bytes(rendered[0].read_bytes()[:2000])
    sources = [rendered[2], garbage, rendered[3], truncated, tmp_path / "khong-co.docx"]
    assert compose.signature(garbage) is None and compose.signature(truncated) is None
    assert compose.groups(sources) == [[0, 2], [1], [3], [4]]


def test_join_keeps_each_document_in_its_own_section_with_a_bookmark(rendered, tmp_path):
    sources = [p for p in rendered if compose.signature(p) is not None][:5]
    target = tmp_path / "joined.docx"
    compose.join(sources, target)
    body = _body(target)
    marks = [b.get(_w("name")) for b in body.iter(_w("bookmarkStart")) if b.get(_w("name")).startswith(compose.MARK)]
    assert marks == [f"{compose.MARK}{i}" for i in range(len(sources))]
    inner = body.findall(f".//{_w('pPr')}/{_w('sectPr')}")
    assert len(inner) == len(sources) - 1 and body[-1].tag == _w("sectPr")
    for section in inner + [body[-1]]:
        assert section.find(_w("type")).get(_w("val")) == "nextPage"
        assert section.find(_w("pgMar")) is not None  # each document's own page set-up
    # a document ending in a table ends its section with a hidden paragraph, taking no room
    endings = [_body(p)[-2].tag for p in sources[:-1]]
    carriers = [s.getparent().getparent() for s in inner]
    for ending, carrier in zip(endings, carriers):
        hidden = carrier.find(f"{_w('pPr')}/{_w('rPr')}/{_w('vanish')}") is not None
        assert hidden == (ending == _w("tbl"))
    assert _w("tbl") in endings  # the shipped templates end with the signature table
    # the other parts are the first document's, unchanged
    with zipfile.ZipFile(sources[0]) as a, zipfile.ZipFile(target) as b:
        assert a.namelist() == b.namelist()
        assert all(a.read(n) == b.read(n) for n in a.namelist() if n != compose.BODY_PART)


def _with_body(source: Path, target: Path, change) -> Path:
    """A copy of ``source`` whose body ``change(body)`` has edited."""
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w") as out:
        for name in z.namelist():
            data = z.read(name)
            if name == compose.BODY_PART:
                root = etree.fromstring(data)
                change(root.find(_w("body")))
                data = etree.tostring(root)
            out.writestr(name, data)
    return target


def test_join_keeps_every_element_once_and_in_order_when_the_first_document_opens_with_a_table(rendered, tmp_path):
    def tables_at_both_ends(body):  # join then adds a paragraph at the end, and marks the first cell
        table = next(body.iter(_w("tbl")))
        body.insert(0, copy.deepcopy(table))
        body.insert(len(body) - 1, copy.deepcopy(table))

    sources = [_with_body(rendered[0], tmp_path / "bang.docx", tables_at_both_ends), rendered[1], rendered[2]]
    target = tmp_path / "joined.docx"
    compose.join(sources, target)
    texts = ["".join(t.text or "" for t in element.iter(_w("t"))) for element in _body(target)]
    expected = []
    for source in sources:
        expected += ["".join(t.text or "" for t in element.iter(_w("t"))) for element in _body(source)
                     if element.tag != _w("sectPr")]
    assert [t for t in texts if t] == [t for t in expected if t]
    body = _body(target)
    assert body[0].tag == _w("tbl") and body[0].find(f".//{_w('bookmarkStart')}") is not None  # in its first cell

    def only_the_section(body):  # no paragraph at all: join adds one to carry the bookmark
        for element in list(body)[:-1]:
            body.remove(element)

    compose.join([_with_body(rendered[0], tmp_path / "trong.docx", only_the_section), rendered[1]], target)
    body = _body(target)
    assert body[0].tag == _w("p") and body[0].find(_w("bookmarkStart")).get(_w("name")) == f"{compose.MARK}0"
    assert len(body) == len(_body(rendered[1])) + 1


def test_split_refuses_a_pdf_without_the_bookmarks(tmp_path):
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(595, 842)
    plain = tmp_path / "plain.pdf"
    writer.write(plain)
    targets = [tmp_path / "a.pdf", tmp_path / "b.pdf"]
    assert compose.split(plain, targets) is False
    assert not any(t.exists() for t in targets)


def test_split_refuses_destinations_out_of_order(tmp_path):
    writer = PdfWriter()
    pages = [writer.add_blank_page(595, 842) for _ in range(3)]
    writer.add_named_destination(f"{compose.MARK}0", 2)
    writer.add_named_destination(f"{compose.MARK}1", 0)
    pdf = tmp_path / "swapped.pdf"
    writer.write(pdf)
    assert len(pages) == 3
    assert compose.split(pdf, [tmp_path / "a.pdf", tmp_path / "b.pdf"]) is False


def test_split_cuts_at_the_destinations(tmp_path):
    writer = PdfWriter()
    for _ in range(5):
        writer.add_blank_page(595, 842)
    for index, page in enumerate((0, 2, 3)):
        writer.add_named_destination(f"{compose.MARK}{index}", page)
    pdf = tmp_path / "joined.pdf"
    writer.write(pdf)
    targets = [tmp_path / f"{n}.pdf" for n in "abc"]
    assert compose.split(pdf, targets) is True
    assert [len(PdfReader(t).pages) for t in targets] == [2, 1, 2]


class _Pool:
    """Stands in for ConversionPool: records what it was asked to convert."""

    scratch = None  # joined documents go to the system's temporary folder

    def __init__(self, joins: bool):
        self.joins_documents = joins
        self.calls = []

    def convert(self, jobs):
        self.calls.append(list(jobs))
        return [ConversionResult(Path(s), Path(t), False, "không chạy", 0, 0.0) for s, t in jobs]


def test_without_named_destinations_every_document_is_converted_alone(rendered, tmp_path):
    pool = _Pool(joins=False)  # the command-line backend
    jobs = [(p, tmp_path / f"{p.stem}.pdf") for p in rendered[:4]]
    compose.convert(jobs, pool)
    assert pool.calls == [jobs]


def test_a_joined_conversion_that_fails_is_redone_document_by_document(rendered, tmp_path):
    pool = _Pool(joins=True)
    sources = [p for p in rendered if compose.signature(p) is not None][:3]
    jobs = [(p, tmp_path / f"{p.stem}.pdf") for p in sources]
    results = compose.convert(jobs, pool)
    assert len(pool.calls) == 2 and len(pool.calls[0]) == 1  # one joined file, then each alone
    assert pool.calls[1] == jobs
    assert [r.source for r in results] == [s for s, _ in jobs] and not any(r.ok for r in results)


# ------------------------------------------------------------- with LibreOffice

@pytest.fixture(scope="module")
def pool():
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    with ConversionPool(workers=2, timeout=30) as shared:
        yield shared


def _pages(pdf: Path, folder: Path) -> list[Image.Image]:
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(folder / pdf.stem)], check=True)
    return [Image.open(p).convert("L") for p in sorted(folder.glob(f"{pdf.stem}-*.png"))]


@pytest.mark.slow
def test_joined_documents_come_out_as_they_would_alone(pool, rendered, tmp_path):
    """Every document of the two candidates: same pages, same text, same pixels
    (40 dpi) whether converted alone or joined and cut."""
    assert pool.joins_documents
    alone = [(p, tmp_path / "alone" / f"{i}-{p.stem}.pdf") for i, p in enumerate(rendered)]
    joined = [(p, tmp_path / "joined" / f"{i}-{p.stem}.pdf") for i, p in enumerate(rendered)]
    assert all(r.ok for r in pool.convert(alone))
    results = compose.convert(joined, pool)
    assert [r.ok for r in results] == [True] * len(rendered), [r.error for r in results if not r.ok]
    assert sorted(p.name for p in (tmp_path / "joined").iterdir()) == sorted(t.name for _, t in joined)
    images = tmp_path / "png"
    images.mkdir()
    for (_, a), (_, b) in zip(alone, joined):
        ra, rb = PdfReader(a), PdfReader(b)
        assert len(ra.pages) == len(rb.pages), a.name
        assert [p.extract_text() for p in ra.pages] == [p.extract_text() for p in rb.pages], a.name
        (images / "a").mkdir(exist_ok=True)
        (images / "b").mkdir(exist_ok=True)
        for pa, pb in zip(_pages(a, images / "a"), _pages(b, images / "b")):
            assert ImageChops.difference(pa, pb).getbbox() is None, a.name
        assert not rb.named_destinations  # the cut files carry no trace of the joining


@pytest.mark.slow
def test_a_document_libreoffice_cannot_open_fails_alone_and_the_others_are_made(pool, rendered, tmp_path):
    good = [p for p in rendered if compose.signature(p) is not None][:3]
    broken = tmp_path / "hong.docx"
    with zipfile.ZipFile(good[0]) as src, zipfile.ZipFile(broken, "w") as out:
        for info in src.infolist():  # same parts (so it is joined), a body LibreOffice cannot read
            out.writestr(info.filename, b"<w:document" if info.filename == compose.BODY_PART else src.read(info))
    sources = [good[0], broken, good[1], good[2]]
    results = compose.convert([(s, tmp_path / "out" / f"{i}.pdf") for i, s in enumerate(sources)], pool)
    assert [r.ok for r in results] == [True, False, True, True]
    assert "hong.docx" in results[1].error
    assert len(PdfReader(results[0].target).pages) >= 1
