"""Orchestration: one candidate from YAML to bundled PDF dossiers.

validate -> resolve -> render (.docx) -> convert (.pdf, shared pool; the
documents of a candidate joined into one conversion, see dossier.compose) -> bundle,
once per stage: the admission dossier (kết nạp) always, the official-recognition
dossier (công nhận đảng viên chính thức) once the admission ceremony is in the
data. Everything that cannot be produced yet is listed with the reason, never
silently skipped. Bad data gives findings, not a traceback.

Outputs are recorded in the folder's manifest (dossier.manifest): a document
whose template, values and margins are unchanged is not rendered again, a PDF
made from the .docx's current bytes is not converted again, and a bundle whose
parts are unchanged is not rebuilt — each only while its own bytes are still
the ones recorded; what the build no longer produces is moved to OUT/.cu/.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from dossier import case_end, catalog, compose, context, forms, incomplete, vietnamese
from dossier import plan as planning
from dossier.bundle import Cover, Part, build_bundle, format_version
from dossier.manifest import MANIFEST_FILE, Manifest, digest, owner_of  # noqa: F401 (MANIFEST_FILE re-exported)
from dossier.render_cached import record_conversions, render_cached as _render_cached, render_inputs  # noqa: F401
from dossier.convert import ConversionPool
from dossier.errors import DossierError, EnvironmentFailure
from dossier.findings import ERROR, Finding, Location
from dossier.forms import Rendered
from dossier.render import page_margins, render_docx, template_path
from dossier.numbers import register_findings, validate_workspace
from dossier.output_names import class_folder, file_stem_slug, person_folders
from dossier.sources import subject_file
from dossier.template_check import refuse_broken
from dossier.validate import validate_paths
from dossier.validation_cache import kept_in
from dossier.workspace import DocumentCache, display_path

DOCUMENTS_DIR = "tai-lieu"
PAGE_NUMBER_POSITIONS = {"duoi_giua": "bottom-center", "tren_giua": "top-center",
                         "duoi_phai": "bottom-right", "khong": "none"}
BUNDLE_NAMES = {"ket_nap": "ho-so-ket-nap", "cong_nhan": "ho-so-cong-nhan-chinh-thuc"}


@dataclass
class Document:
    code: str
    title: str
    path: Path  # the PDF (generated) or the scan (attached)
    order: int
    stage: str
    generated: bool


@dataclass
class Bundle:
    stage: str
    path: Path
    pages: int
    documents: list[Document]


@dataclass
class BuildResult:
    source: str
    name: str = ""
    bundles: list[Bundle] = field(default_factory=list)
    guides: list[Path] = field(default_factory=list)  # guide copies to copy by hand, not bundled
    drafts: list[Path] = field(default_factory=list)  # drafts of steps not dated yet, not bundled
    missing: list[tuple[str, str, str]] = field(default_factory=list)  # (stage, code, why)
    failed: list[incomplete.FailedDocument] = field(default_factory=list)  # bundled documents this run could not make
    findings: list[Finding] = field(default_factory=list)  # about producing the dossier
    checks: list[Finding] = field(default_factory=list)  # the checker's (eligibility, deadlines…), in class builds
    ended: dict | None = None  # CaseEnd.to_dict() of an ended case (dossier.case_end)
    rendered: int = 0  # documents rendered in this run (not taken from the cache)
    converted: int = 0  # documents converted in this run

    @property
    def ok(self) -> bool:
        return bool(self.bundles) and not any(f.is_error for f in self.findings)

    @property
    def incomplete(self) -> bool:
        """Built, but a document of a bundle failed: the bundle is marked ``-chua-du`` (dossier.incomplete)."""
        return bool(self.bundles) and bool(self.failed)


@dataclass
class _Planned:
    stage: str
    form: Rendered
    in_bundle: bool
    draft: bool = False

    @property
    def stem(self) -> str:
        """``9-KND``; a guide copy ``…-ban-huong-dan``, a draft ``…-du-thao`` (outside the bundle)."""
        return output_stem(self.form.stem, self.in_bundle, self.draft)


def output_stem(stem: str, in_bundle: bool, draft: bool) -> str:
    return f"{stem}-du-thao" if draft else stem if in_bundle else f"{stem}-ban-huong-dan"


def stages_of(c: context.Candidate, today: dt.date | None = None) -> list[str]:
    """The dossiers a candidate has (see :func:`dossier.plan.stages_of`)."""
    return planning.stages_of(c, today)


def _documents_of(p: planning.DossierPlan) -> list[Document]:
    """The attached scans that go into the bundle (not one kept apart, as the phiếu đảng viên)."""
    return [Document(a.code, a.title, a.path, a.order, a.stage, False) for a in p.attachments
            if not getattr(catalog.entry(a.code), "separate", False)]


def _plan(p: planning.DossierPlan, result: BuildResult) -> list[_Planned]:
    """The documents to render, in catalog order, from the candidate's plan: a
    document attached as a (signed) scan is not generated again; a handwritten
    one is rendered as a guide copy outside the bundle; every document the
    plan lacks goes to ``result.missing`` with the reason."""
    planned = []
    for d in p.documents:
        if d.rendered:
            planned += [_Planned(d.stage, form, d.in_bundle, d.draft) for form in d.forms]
        if not d.present:
            result.missing.append((d.stage, d.code, d.reason))
    return planned


def _convert(jobs: list, pool: ConversionPool | None, cuts: dict | None = None) -> list:
    if not jobs:
        return []
    if pool is not None:
        return compose.convert(jobs, pool, cuts)
    with ConversionPool() as own:
        return compose.convert(jobs, own, cuts)


# ------------------------------------------------------------------ build

@dataclass
class Prepared:
    """A candidate resolved and planned, ready to be produced."""

    result: BuildResult
    c: context.Candidate
    folder: Path
    store: Manifest
    stages: list[str]
    attachments: list[Document]
    planned: list[_Planned]
    plan: planning.DossierPlan | None = None

    @property
    def document_count(self) -> int:
        return len(self.planned)


def prepare(path: Path, out: Path, cache: DocumentCache | None = None, force: bool = False,
            folder_name: str | None = None, workspace_checks: bool = True,
            as_of: dt.date | None = None, root: Path | None = None) -> tuple[BuildResult, Prepared | None]:
    """Validate, resolve and plan one candidate. Returns the result so far and,
    when the data allows a build, what to produce. ``root``: the output folder
    of the command (where ``.cu/`` is), ``out`` by default."""
    result = BuildResult(source=display_path(path))
    checks = register_findings if workspace_checks else None
    result.findings = list(validate_paths([path], cache, checks).findings)
    if any(f.is_error for f in result.findings):
        return result, None
    try:
        c = context.open_candidate(path, cache)
        result.name = c.data["ho_ten"]
        end = case_end.of(c)
        result.ended = end.to_dict() if end else None
        folder = out / (folder_name or file_stem_slug(path))
        dossier_plan = planning.plan(c, as_of)
        attachments = _documents_of(dossier_plan)
        stages = dossier_plan.stages
        planned = _plan(dossier_plan, result)
    except DossierError as exc:
        if isinstance(exc, EnvironmentFailure):
            raise
        result.findings.append(Finding(ERROR, "build.failed", exc.message, Location(exc.path or result.source, exc.line)))
        return result, None
    store = Manifest(folder, force, owner_of(c.doc.path, c.org.doc.path.parent, c.data.get("so_can_cuoc")),
                     root or out)
    return result, Prepared(result, c, folder, store, stages, attachments, planned, dossier_plan)


def render_planned(job: Prepared, on_progress=None) -> tuple[list[tuple[Path, Path]], list[tuple[_Planned, Path]]]:
    """Render a prepared candidate's documents (those up to date are left as they
    are): the conversions still needed, and each planned document with its PDF."""
    margins = page_margins(job.c.org.data)
    jobs, produced = [], []
    job.store.begin()  # another person's files in this folder go to OUT/.cu/ first
    for item in job.planned:
        stem = item.stem
        try:
            pending = _render_cached(item.form, job.folder / DOCUMENTS_DIR, job.store, margins,
                                     job.c.org.doc.path.parent, stem, job.result, item.draft)
        except DossierError as exc:  # a broken template fails its documents, not the whole dossier
            incomplete.render_failed(job.result, job.store, item, exc, job.folder / DOCUMENTS_DIR / f"{stem}.docx")
            continue
        if not pending and on_progress:
            on_progress(1)
        jobs += pending
        produced.append((item, job.folder / DOCUMENTS_DIR / f"{stem}.pdf"))
    job.store.save(sync=False)  # what was rendered survives an interruption during conversion
    return jobs, produced


def produce(job: Prepared, pool: ConversionPool | None = None, on_progress=None) -> BuildResult:
    """Render, convert and bundle a prepared candidate. ``on_progress(n)`` is
    called with the number of documents finished at each step."""
    result, c, store = job.result, job.c, job.store
    try:
        jobs, produced = render_planned(job, on_progress)
        cuts: dict = {}  # the PDFs cut from a joined conversion, still open: bundled from there (dossier.compose)
        conversions = {conv.source: conv for conv in _convert(jobs, pool, cuts)}
        record_conversions(conversions.values(), store)
        if incomplete.interrupted(conversions.values()):
            raise incomplete.Interrupted
        result.converted = sum(conv.ok for conv in conversions.values())
        if on_progress and conversions:
            on_progress(len(conversions))

        generated: list[Document] = []
        for item, pdf in produced:
            conversion = conversions.get(pdf.with_suffix(".docx"))
            if conversion is not None and not conversion.ok:
                incomplete.record(result, item, Finding(ERROR, "convert.failed",
                                                        f"không chuyển được {item.form.code} sang PDF: "
                                                        f"{conversion.error}", Location(display_path(conversion.source))),
                                  "không chuyển được sang PDF; chi tiết trong báo cáo dựng")
                store.release(pdf)  # an older PDF there was not made from this .docx: to OUT/.cu/
                continue
            if not item.in_bundle:
                (result.drafts if item.draft else result.guides).append(pdf)
                continue
            entry = catalog.entry(item.form.code)
            generated.append(Document(item.form.code, item.form.title, pdf, entry.order, item.stage, True))

        for stage in job.stages:
            documents = sorted((d for d in generated + job.attachments if d.stage == stage), key=lambda d: d.order)
            failed = [f for f in result.failed if f.stage == stage]
            if documents or failed:
                result.bundles.append(_bundle(c, stage, documents, job.folder, store, failed, cuts))
        store.sweep()  # what this build no longer produces: to OUT/.cu/
        store.save()  # the files written and the manifest reach the disk, once per candidate
    except incomplete.Interrupted:
        store.save()  # the conversions finished are recorded; nothing is swept, no bundle replaced
        result.findings.append(incomplete.stopped(result.source))
    except DossierError as exc:
        if isinstance(exc, EnvironmentFailure):
            raise
        result.findings.append(Finding(ERROR, "build.failed", exc.message, Location(exc.path or result.source, exc.line)))
    return result


def build_candidate(path: Path, out: Path, pool: ConversionPool | None = None,
                    cache: DocumentCache | None = None, force: bool = False,
                    folder_name: str | None = None) -> BuildResult:
    """Build one candidate's dossiers into ``out/<file stem>/`` (or ``out/<folder_name>/``).
    The workspace's files parsed for it are kept in ``out`` for the next build
    (dossier.validation_cache)."""
    with kept_in(out):
        result, job = prepare(path, out, cache, force, folder_name)
        return produce(job, pool) if job is not None else result


def _certifier(c: context.Candidate, grassroots: dict) -> tuple[str, ...]:
    """The grassroots committee checks the contents of the dossier, signs and
    seals them (38-HD/BTCTW §II.1.1): a date line to fill in, its signature block."""
    sign = context.signer(c.org, grassroots, context.committee_word(grassroots))
    place = context.place_of(c.org, grassroots)
    return (f"{place}, ngày ..... tháng ..... năm ........" if place else "Ngày ..... tháng ..... năm ........",
            sign["hinh_thuc"], sign["chuc_vu"], sign["ho_ten"])


def bundle_inputs(c: context.Candidate, stage: str, documents: list[Document], folder: Path, store: Manifest,
                  failed: list[incomplete.FailedDocument] = ()) -> tuple[Path, dict, Cover, list[Part], str, list]:
    """The bundle of ``stage``: its file (``…-chua-du.pdf`` with ``failed``
    documents), what decides it (the manifest's ``from``: the cover, the page
    numbers, the missing documents, each part's sha256 and the bundler's and
    sanitiser's format versions), its cover, parts,
    page-number position and missing documents."""
    grassroots = c.bodies.grassroots or c.chi_bo
    above = grassroots if grassroots is not c.chi_bo else (c.bodies.parent or c.chi_bo)
    cover = Cover(
        heading=vietnamese.in_hoa(catalog.STAGE_TITLES[stage]),
        ho_ten=c.data["ho_ten"],
        ngay_sinh=vietnamese.ngay_ngan(context.date_of(c.data["ngay_sinh"])),
        chi_bo=c.chi_bo["ten"],
        dang_bo=above["ten"],
        author=grassroots.get("ten_cap_uy") or grassroots["ten"],
        certifier=_certifier(c, grassroots),
    )
    parts = [Part(d.code, d.title, d.path, catalog.STAGE_TITLES[stage]) for d in documents]
    missing = incomplete.gaps(failed)
    target = incomplete.bundle_target(folder, BUNDLE_NAMES[stage], bool(missing))
    position = PAGE_NUMBER_POSITIONS[(c.org.data.get("trang") or {}).get("so_trang", "duoi_giua")]
    key = digest(json.dumps([cover.__dict__, position, [m.__dict__ for m in missing]], ensure_ascii=False,
                            sort_keys=True).encode(), format_version().encode(),
                 *[f"{p.code}|{p.title}|{store.current_sha(p.path)}".encode() for p in parts])
    return target, {"bundle": key}, cover, parts, position, missing


def _bundle(c: context.Candidate, stage: str, documents: list[Document], folder: Path, store: Manifest,
            failed: list[incomplete.FailedDocument] = (), cuts: dict | None = None) -> Bundle:
    target, inputs, cover, parts, position, missing = bundle_inputs(c, stage, documents, folder, store, failed)
    store.claim(target)
    if store.fresh(target, inputs) and isinstance(store.record_of(target).get("pages"), int):
        pages = store.record_of(target)["pages"]
    else:
        if missing:  # the last complete bundle is kept aside as …-ban-truoc.pdf
            incomplete.keep_previous(store, folder, BUNDLE_NAMES[stage])
        pages = build_bundle(parts, cover, target, page_numbers=position, missing=missing, cuts=cuts).pages
        store.record(target, inputs, pages=pages, **({"missing": [m.code for m in missing]} if missing else {}))
    incomplete.settle(store, folder, BUNDLE_NAMES[stage], bool(missing))
    return Bundle(stage, target, pages, documents)


@dataclass
class Rendering:
    """What ``dossier render`` wrote and why it did not write the rest."""

    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (code, why): in the plan, not producible yet
    notes: list[tuple[str, str]] = field(default_factory=list)  # (code, note): written on request, see the note
    refused: list[tuple[str, str]] = field(default_factory=list)  # (code, why): asked for, not part of the dossier
    findings: list[Finding] = field(default_factory=list)


def render_documents(path: Path, out: Path, codes: list[str] | None = None,
                     cache: DocumentCache | None = None, as_of: dt.date | None = None) -> Rendering:
    """Render, without converting, the .docx of a candidate's planned documents
    (the same documents and file names as ``build``) into ``out/<file stem>/``, or of
    a class — its class documents into ``out/<class>/lop/`` and each
    candidate's into ``out/<class>/<file stem>/``. With ``codes``, only those: a
    document the plan holds as a signed scan is rendered with a note; one that
    is not part of the dossier is refused with the reason."""
    cache = cache or DocumentCache()
    subject_file(path, cache)
    outcome = Rendering(findings=list(validate_workspace([path], cache).findings))
    if any(f.is_error for f in outcome.findings):
        return outcome
    forms.load_all()
    doc, _ = cache.get(path)
    if doc is not None and doc.kind == "lop":
        from dossier.classes import open_class

        data = open_class(path, cache)
        folder = out / class_folder(data.data.get("ma"), path)
        outcome.written, outcome.skipped = _render_class(data, folder / "lop", codes)
        outcome.refused = [(code, f"mã '{code}' không có trong danh mục hồ sơ (dossier forms)")
                           for code in codes or [] if catalog.entry(code) is None]
        wanted = [code for code in codes or [] if getattr(catalog.entry(code), "stage", "lop") != "lop"]
        if codes and not wanted:
            return outcome
        names = person_folders([c.doc.path for c in data.candidates], lambda _: data.org.doc.path.parent,
                               reserved=("lop",))
        for c in data.candidates:
            mine = _render_candidate(c, folder / names[c.doc.path], wanted or None, as_of)
            name = c.data["ho_ten"]
            outcome.written += mine.written
            outcome.skipped += [(f"{name}: {code}", why) for code, why in mine.skipped]
            outcome.notes += [(f"{name}: {code}", note) for code, note in mine.notes]
            outcome.notes += [(f"{name}: {code}", why) for code, why in mine.refused]  # per person, not a refusal
        return outcome
    mine = _render_candidate(context.open_candidate(path, cache), out / file_stem_slug(path), codes, as_of)
    mine.findings = outcome.findings
    return mine


def _render_candidate(c: context.Candidate, folder: Path, codes: list[str] | None, as_of: dt.date | None) -> Rendering:
    p = planning.plan(c, as_of)
    margins = page_margins(c.org.data)
    outcome = Rendering()

    def write(made: list[Rendered], guide: bool, draft: bool = False) -> None:
        for item in made:
            template = refuse_broken(template_path(item.template, c.org.doc.path.parent))
            stem = output_stem(item.stem, not guide, draft)
            outcome.written.append(render_docx(template, item.values, folder / f"{stem}.docx", margins, draft=draft))

    for code in codes or []:
        if p.document(code) is None:
            outcome.refused.append((code, p.why_not(code)))
    for d in p.documents:
        if codes and d.code not in codes:
            continue
        if d.rendered:
            write(d.forms, guide=d.how == planning.GUIDE, draft=d.draft)
        elif d.how == planning.SCAN and codes:
            try:
                write(p.made_on_request(d.code), guide=False)
            except forms.NotReady as not_ready:
                outcome.skipped.append((d.code, not_ready.reason))
                continue
            files = ", ".join(str(a.item.get("tep")) for a in d.scans)
            outcome.notes.append((d.code, f"hồ sơ dùng bản scan có chữ ký trong dinh_kem ({files}); bản .docx này "
                                          "chỉ để đối chiếu hoặc sửa, không thay bản scan"))
        elif not d.present:
            outcome.skipped.append((d.code, d.reason))
    return outcome


def _render_class(data, folder: Path, codes: list[str] | None) -> tuple[list[Path], list[tuple[str, str]]]:
    margins = page_margins(data.org.data)
    written, skipped = [], []
    for entry in catalog.in_stage("lop"):
        builder = forms.CLASS_FORMS.get(entry.code)
        if builder is None or (codes and entry.code not in codes):
            continue
        try:
            made = builder(data)
        except forms.NotReady as not_ready:
            skipped.append((entry.code, not_ready.reason))
            continue
        for item in made:
            template = refuse_broken(template_path(item.template, data.org.doc.path.parent))
            written.append(render_docx(template, item.values, folder / f"{item.stem}.docx", margins))
    return written, skipped
