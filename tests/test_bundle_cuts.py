"""A bundle made from the pages of each candidate's joined conversion
(dossier.compose.split hands them over, dossier.bundle takes them) is the bundle
made from the per-document PDFs read back: same pages, text, outline, links,
page labels and metadata; and two builds give the same bytes."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from pypdf import PdfReader

from conftest import SAMPLES, dossier_process_args
from dossier import attachments, build, context
from dossier.bundle import build_bundle
from dossier.convert import ConversionPool
from dossier.manifest import Manifest

pytestmark = pytest.mark.slow
HOA = "ung-vien/nguyen-thi-hoa.yaml"
CUONG = "ung-vien/lai-van-cuong.yaml"  # two bundles (admission, recognition) from one conversion, scans too


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
