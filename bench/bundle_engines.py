"""pypdf against pikepdf (qpdf) for a bundle's page work, same inputs, same run.

    .venv/bin/python bench/bundle_engines.py OUT [--candidates 20] [--repeat 5]

``OUT`` is the output folder of a ``dossier build`` (its ``*/*/tai-lieu/*.docx``
are used). For each candidate folder, its joinable documents are joined and
converted once by LibreOffice, as the build does (:mod:`dossier.compose`); then,
alternately with each engine and ``--repeat`` times, from the joined PDF's
bytes: open it, cut one PDF per document (written to memory: the build writes
them), and make the bundle of those pages behind the same front matter (cover
and a contents page drawn once by reportlab, outside the timing), with the page
numbers stamped, a link per document on the contents page, one outline entry
per document and the page labels, written to memory. The pypdf side is the
toolkit's own code (:mod:`dossier.bundle_pages`); the pikepdf side does the same
things with pikepdf. Prints the median time per document of each engine and
the load average; the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pikepdf
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dossier import compose  # noqa: E402
from dossier.bundle_front import Cover, Part, contents_rows, draw_front_matter, paginate, resolve_row_targets  # noqa: E402
from dossier.bundle_pages import add_outline, fit_for, set_page_labels, stamp_page_numbers  # noqa: E402
from dossier.convert import ConversionPool  # noqa: E402
from dossier.typeset import serif_fonts  # noqa: E402

POSITION = "bottom-center"


def joined_pdfs(out: Path, count: int, scratch: Path) -> list[tuple[bytes, list[tuple[int, int]]]]:
    """(joined PDF, [(first page, end page) per document]) for up to ``count`` candidates."""
    folders = sorted(p.parent for p in out.glob("*/*/tai-lieu"))[:count]
    jobs, groups = [], []
    for n, folder in enumerate(folders):
        docx = sorted(folder.glob("tai-lieu/*.docx"))
        group = max(compose.groups(docx), key=len)
        if len(group) < 2:
            continue
        target = scratch / f"{n}.docx"
        compose.join([docx[i] for i in group], target)
        jobs.append((target, target.with_suffix(".pdf")))
        groups.append(len(group))
    with ConversionPool() as pool:
        done = pool.convert(jobs)
    inputs = []
    for conversion, documents in zip(done, groups):
        if not conversion.ok:
            continue
        reader = PdfReader(conversion.target)
        starts = sorted(reader.get_destination_page_number(d) for name, d in reader.named_destinations.items()
                        if str(name).lstrip("/").startswith(compose.MARK))
        bounds = starts + [len(reader.pages)]
        inputs.append((conversion.target.read_bytes(), list(zip(bounds, bounds[1:]))))
    return inputs


def front_matter(ranges: list[tuple[int, int]]):
    """Cover + contents (reportlab, as the bundler draws them), the rows with their link areas, the parts' spans."""
    fonts = serif_fonts()
    parts = [Part(f"M-{i}", f"Tài liệu {i}", Path(f"{i}.pdf"), "Hồ sơ") for i in range(len(ranges))]
    rows = contents_rows(parts, fonts)
    pages = paginate(rows)
    first = 2 + len(pages)
    spans, page = [], first
    for a, b in ranges:
        spans.append((page, page + b - a - 1))
        page += b - a
    resolve_row_targets(rows, spans)
    cover = Cover(heading="HỒ SƠ ĐỀ NGHỊ KẾT NẠP ĐẢNG VIÊN", ho_ten="Nguyễn Văn A", ngay_sinh="01/01/2000",
                  chi_bo="Chi bộ A", dang_bo="Đảng bộ B", author="Đảng ủy B")
    stamped = range(first, page)
    data = draw_front_matter(cover, pages, fonts, POSITION, stamped)
    links = [(1 + i, row.rect, row.target) for i, page_rows in enumerate(pages) for row in page_rows
             if row.target is not None]
    return data, 1 + len(pages), spans, stamped, links


def with_pypdf(joined: bytes, ranges, front: bytes, front_pages: int, spans, stamped, links) -> bytes:
    reader = PdfReader(io.BytesIO(joined))
    for a, b in ranges:  # the per-document PDFs the build writes
        cut = PdfWriter()
        for number in range(a, b):
            cut.add_page(reader.pages[number])
        cut.write(io.BytesIO())
    front_reader = PdfReader(io.BytesIO(front))
    writer = PdfWriter()
    writer.append(front_reader, pages=list(range(front_pages)), import_outline=False)
    for a, b in ranges:
        writer.append(reader, pages=list(range(a, b)), import_outline=False)
    stamp_page_numbers(writer, front_reader.pages[front_pages], stamped, POSITION)
    for page, rect, target in links:
        writer.add_annotation(page, Link(rect=rect, target_page_index=target - 1,
                                         fit=fit_for(writer.pages[target - 1])))
    add_outline(writer, [("Hồ sơ", f"{i + 1}. Tài liệu") for i in range(len(ranges))], spans)
    set_page_labels(writer, len(writer.pages))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def with_pikepdf(joined: bytes, ranges, front: bytes, front_pages: int, spans, stamped, links) -> bytes:
    source = pikepdf.open(io.BytesIO(joined))
    for a, b in ranges:
        cut = pikepdf.new()
        cut.pages.extend(source.pages[a:b])
        cut.save(io.BytesIO(), deterministic_id=True)
    front_pdf = pikepdf.open(io.BytesIO(front))
    bundle = pikepdf.new()
    bundle.pages.extend(front_pdf.pages[:front_pages])
    for a, b in ranges:
        bundle.pages.extend(source.pages[a:b])
    forms = front_pdf.pages[front_pages].Resources.XObject
    push = bundle.make_stream(b"q\n")
    for number in stamped:  # as dossier.bundle_pages.stamp_page_numbers (pages here are upright A4)
        page = bundle.pages[number - 1]
        form = bundle.copy_foreign(forms[f"/FormXob.n{number}"])
        box = page.obj.get("/CropBox", page.MediaBox)
        x = (float(box[0]) + float(box[2])) / 2
        resources = page.obj.get("/Resources") or pikepdf.Dictionary()
        xobjects = resources.get("/XObject") or pikepdf.Dictionary()
        xobjects["/DossierPageNumber"] = form
        resources["/XObject"] = xobjects
        page.obj["/Resources"] = resources
        contents = page.obj.get("/Contents")
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
        stamp = bundle.make_stream(f"\nQ\nq 1 0 0 1 {x:.4f} 28.3465 cm /DossierPageNumber Do Q\n".encode())
        page.obj["/Contents"] = pikepdf.Array([push, *streams, stamp])
    for page_index, rect, target in links:
        annot = bundle.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=list(rect), Border=[0, 0, 0],
            Dest=[bundle.pages[target - 1].obj, pikepdf.Name.XYZ, None, 841.8898, None]))
        page = bundle.pages[page_index].obj
        page["/Annots"] = pikepdf.Array([*page.get("/Annots", []), annot])
    with bundle.open_outline() as outline:
        group = pikepdf.OutlineItem("Hồ sơ", spans[0][0] - 1)
        group.children += [pikepdf.OutlineItem(f"{i + 1}. Tài liệu", first - 1) for i, (first, _) in enumerate(spans)]
        outline.root.append(group)
    bundle.Root.PageLabels = pikepdf.Dictionary(Nums=[0, pikepdf.Dictionary(P="Bìa"), 1,
                                                      pikepdf.Dictionary(S=pikepdf.Name.D, St=2)])
    buffer = io.BytesIO()
    bundle.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bundle-engines-") as scratch:
        inputs = joined_pdfs(args.out, args.candidates, Path(scratch))
    prepared = [(joined, ranges, *front_matter(ranges)) for joined, ranges in inputs]
    documents = sum(len(ranges) for _, ranges in inputs)
    pages = sum(ranges[-1][1] for _, ranges in inputs)
    engines = {"pypdf": with_pypdf, "pikepdf": with_pikepdf}
    times: dict[str, list[float]] = {name: [] for name in engines}
    sizes: dict[str, int] = {}
    load = os.getloadavg()[0]
    for _ in range(args.repeat):
        for name, engine in engines.items():  # alternating, so both see the same machine
            started = time.process_time()
            sizes[name] = sum(len(engine(*item)) for item in prepared)
            times[name].append(time.process_time() - started)
    result = {"candidates": len(inputs), "documents": documents, "pages": pages,
              "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2)}
    for name in engines:
        seconds = statistics.median(times[name])
        result[f"{name}_ms_per_document"] = round(1000 * seconds / documents, 2)
        result[f"{name}_cpu_seconds"] = [round(t, 3) for t in times[name]]
        result[f"{name}_bytes"] = sizes[name]
        print(f"{name:8} {1000 * seconds / documents:6.2f} ms CPU per document (median of {args.repeat}), "
              f"{sizes[name] / 1e6:.1f} MB written")
    result["ratio_pikepdf_to_pypdf"] = round(result["pikepdf_ms_per_document"] / result["pypdf_ms_per_document"], 3)
    print(f"{len(inputs)} candidates, {documents} documents, {pages} pages; load {load:.2f}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
