"""Orchestration: one candidate from YAML to a bundled PDF dossier.

validate -> resolve -> render (.docx) -> convert (.pdf, shared pool) -> bundle.
Everything that cannot be produced yet is listed with the reason, never
silently skipped. Bad data gives findings, not a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dossier import catalog, conditions, context, forms, vietnamese
from dossier.bundle import Cover, Part, build_bundle
from dossier.convert import ConversionPool
from dossier.errors import DossierError, EnvironmentFailure
from dossier.forms import Rendered
from dossier.findings import ERROR, Finding, Location
from dossier.render import TEMPLATE_DIR, render_docx
from dossier.workspace import DocumentCache, display_path, validate_paths

DOCUMENTS_DIR = "tai-lieu"


@dataclass
class Document:
    code: str
    title: str
    path: Path  # the PDF (generated) or the scan (attached)
    order: int
    generated: bool


@dataclass
class BuildResult:
    source: str
    name: str = ""
    bundle: Path | None = None
    pages: int = 0
    documents: list[Document] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (code, why)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.bundle is not None and not any(f.is_error for f in self.findings)


def _plan(c: context.Candidate, stage: str, attached: set[str], result: BuildResult) -> list[Rendered]:
    """The documents to generate for ``stage``, in catalog order. A document the
    candidate has attached as a (signed) scan is not generated again; one whose
    data is not there yet is listed in ``result.missing`` with the reason."""
    forms.load_all()
    planned = []
    for entry in catalog.in_stage(stage):
        if entry.code in attached or not conditions.applies(entry.condition, c):
            continue
        builder = forms.CANDIDATE_FORMS.get(entry.code)
        if builder is None:
            how = "cần bản scan trong dinh_kem" if entry.production == "ban_scan" else \
                "chưa có mẫu dựng tự động; cần bản scan trong dinh_kem"
            result.missing.append((entry.code, f"{entry.title}: {how}"))
            continue
        try:
            planned += builder(c)
        except forms.NotReady as not_ready:
            result.missing.append((entry.code, not_ready.reason))
    return planned


def _attachments(c: context.Candidate) -> list[Document]:
    found = []
    for item in c.data.get("dinh_kem") or []:
        entry = catalog.entry(item["tai_lieu"])
        title = item.get("ten") or (entry.title if entry else item["tai_lieu"])
        order = entry.order if entry else 1000
        found.append(Document(item["tai_lieu"], title, (c.doc.path.parent / item["tep"]).resolve(), order, False))
    return found


def _convert(jobs: list, pool: ConversionPool | None) -> list:
    if not jobs:
        return []
    if pool is not None:
        return pool.convert(jobs)
    with ConversionPool() as own:
        return own.convert(jobs)


def build_candidate(path: Path, out: Path, pool: ConversionPool | None = None,
                    cache: DocumentCache | None = None) -> BuildResult:
    """Build one candidate's admission dossier into ``out/<name>/``."""
    result = BuildResult(source=display_path(path))
    report = validate_paths([path])
    result.findings = [f for f in report.findings]
    if any(f.is_error for f in result.findings):
        return result
    try:
        c = context.open_candidate(path, cache)
        result.name = c.data["ho_ten"]
        folder = out / vietnamese.slug(c.data["ho_ten"])
        attachments = _attachments(c)
        planned = _plan(c, "ket_nap", {a.code for a in attachments}, result)
        margins = c.org.data.get("trang")
        jobs = []
        for item in planned:
            docx = folder / DOCUMENTS_DIR / f"{item.stem}.docx"
            render_docx(TEMPLATE_DIR / item.template, item.values, docx, margins)
            jobs.append((docx, docx.with_suffix(".pdf")))
        conversions = _convert(jobs, pool)
        for item, conversion in zip(planned, conversions):
            if conversion.ok:
                order = catalog.entry(item.code).order
                result.documents.append(Document(item.code, item.title, conversion.target, order, True))
            else:
                result.findings.append(Finding(ERROR, "convert.failed",
                                               f"không chuyển được {item.code} sang PDF: {conversion.error}",
                                               Location(display_path(conversion.source))))
        result.documents += attachments
        result.documents.sort(key=lambda d: d.order)
        grassroots = c.org.ancestor(c.chi_bo, "co_so") or c.chi_bo
        cover = Cover(
            heading=vietnamese.in_hoa(catalog.STAGE_TITLES["ket_nap"]),
            ho_ten=c.data["ho_ten"],
            ngay_sinh=vietnamese.ngay_ngan(context.date_of(c.data["ngay_sinh"])),
            chi_bo=c.chi_bo["ten"],
            dang_bo=grassroots["ten"] if grassroots is not c.chi_bo else (c.org.parent(c.chi_bo) or c.chi_bo)["ten"],
            author=grassroots.get("ten_cap_uy") or grassroots["ten"],
        )
        parts = [Part(d.code, d.title, d.path, catalog.STAGE_TITLES["ket_nap"]) for d in result.documents]
        bundle_path = folder / f"ho-so-ket-nap-{vietnamese.slug(c.data['ho_ten'])}.pdf"
        bundled = build_bundle(parts, cover, bundle_path)
        result.bundle, result.pages = bundled.path, bundled.pages
    except DossierError as exc:
        where = Location(exc.path or result.source, exc.line)
        result.findings.append(Finding(ERROR, "build.failed", exc.message, where))
        if isinstance(exc, EnvironmentFailure):
            raise
    return result
