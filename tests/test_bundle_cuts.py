"""A bundle made from the pages of each candidate's joined conversion
(dossier.compose.split hands them over, dossier.bundle takes them) is the bundle
made from the per-document PDFs read back: same pages, text, outline, links,
page labels and metadata; and two builds give the same bytes."""

from __future__ import annotations

import hashlib
import shutil
import subprocess

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link

from conftest import SAMPLES, dossier_process_args
from dossier import attachments, build, compose, context
from dossier.bundle import build_bundle
from dossier.convert import ConversionPool
from dossier.manifest import Manifest

HOA = "ung-vien/nguyen-thi-hoa.yaml"
CUONG = "ung-vien/lai-van-cuong.yaml"  # two bundles (admission, recognition) from one conversion, scans too


def _joined(tmp_path, link: bool = False):
    writer = PdfWriter()
    for _ in range(5):
        writer.add_blank_page(595, 842)
    for index, page in enumerate((0, 2, 3)):
        writer.add_named_destination(f"{compose.MARK}{index}", page)
    if link:  # a link with an action: what an attachment would be sanitised for
        writer.add_annotation(1, Link(rect=(0, 0, 10, 10), url="https://example.org/"))
    pdf = tmp_path / "joined.pdf"
    writer.write(pdf)
    return pdf, [tmp_path / f"{n}.pdf" for n in "abc"]


def test_split_hands_over_each_documents_pages_of_the_open_joined_pdf(tmp_path):
    pdf, targets = _joined(tmp_path)
    cuts = {}
    assert compose.split(pdf, targets, cuts) is True
    assert list(cuts) == targets
    assert [(cut.first, cut.pages) for cut in cuts.values()] == [(0, 2), (2, 1), (3, 2)]
    assert len({id(cut.reader) for cut in cuts.values()}) == 1  # one reader, opened once
    for target, cut in cuts.items():
        assert cut.digest == hashlib.sha256(target.read_bytes()).digest()  # the file's bytes, for the file identifier
        assert cut.header == PdfReader(target).pdf_header
    assert cuts[targets[0]].reader.named_destinations == {}  # our bookmarks do not reach a bundle


def test_split_hands_over_nothing_an_attachment_would_be_sanitised_for(tmp_path):
    pdf, targets = _joined(tmp_path, link=True)
    cuts = {}
    assert compose.split(pdf, targets, cuts) is True  # the files are written; the bundle reads them as attachments
    assert cuts == {} and all(t.is_file() for t in targets)


@pytest.fixture(scope="module")
def pool():
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    with ConversionPool(workers=2, timeout=60) as shared:
        yield shared


def properties(path) -> dict:
    """What a reader of the bundle sees: pages (size, rotation, text), outline
    (nesting, titles, target pages), links (area, target page), page labels,
    metadata and the document's settings."""
    reader = PdfReader(path)
    pages = list(reader.pages)
    index = {page.indirect_reference.idnum: n for n, page in enumerate(pages)}

    def outline(items):
        return [outline(item) if isinstance(item, list) else (item.title, reader.get_destination_page_number(item))
                for item in items]

    links = []
    for n, page in enumerate(pages):
        for annot in page.get("/Annots") or ():
            annot = annot.get_object()
            dest = annot.get("/Dest")
            links.append((n, [round(float(x), 2) for x in annot["/Rect"]], index[dest[0].idnum],
                          [str(x) for x in dest[1:]]))
    return {
        "pages": [(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2), p.rotation,
                   p.extract_text()) for p in pages],
        "outline": outline(reader.outline),
        "links": links,
        "labels": list(reader.page_labels),
        "destinations": sorted(reader.named_destinations),
        "metadata": dict(reader.metadata),
        "root": {k: str(reader.trailer["/Root"][k]) for k in ("/PageMode", "/Lang")},
        "header": reader.pdf_header,
    }


def _rebuilt_from_files(c, bundle: build.Bundle, tmp_path):
    """The same bundle made again the way it was made before: every part read back from its file."""
    folder = bundle.path.parent
    _, _, cover, parts, position, missing = build.bundle_inputs(c, bundle.stage, bundle.documents, folder,
                                                                Manifest(folder))
    old = tmp_path / f"old-{bundle.path.name}"
    build_bundle(parts, cover, old, page_numbers=position, missing=missing)
    return old


@pytest.mark.slow
@pytest.mark.parametrize("candidate", [HOA, CUONG])
def test_bundle_from_the_joined_pages_equals_the_bundle_from_the_files(candidate, tmp_path, pool, monkeypatch):
    read = []
    load = attachments.load
    monkeypatch.setattr(attachments, "load", lambda path: read.append(path) or load(path))
    result = build.build_candidate(SAMPLES / candidate, tmp_path / "out", pool=pool)
    assert result.ok, result.findings
    generated = [d.path for b in result.bundles for d in b.documents if d.generated]
    assert generated and not set(generated) & set(read)  # no document this build converted was read back
    assert {d.path for b in result.bundles for d in b.documents if not d.generated} <= set(read)  # scans: as before

    c = context.open_candidate(SAMPLES / candidate)
    for bundle in result.bundles:
        assert properties(bundle.path) == properties(_rebuilt_from_files(c, bundle, tmp_path))


@pytest.mark.slow
def test_two_builds_give_the_same_bytes_and_verify_passes(tmp_path, pool):
    first = build.build_candidate(SAMPLES / CUONG, tmp_path / "a", pool=pool)
    second = build.build_candidate(SAMPLES / CUONG, tmp_path / "b", pool=pool)
    assert first.ok and second.ok
    assert len(first.bundles) == 2
    for one, two in zip(first.bundles, second.bundles):
        assert one.path.read_bytes() == two.path.read_bytes()
    rc = subprocess.run(dossier_process_args("verify", SAMPLES / CUONG, "-o", tmp_path / "a"),
                        capture_output=True, text=True)
    assert rc.returncode == 0, rc.stdout + rc.stderr
