"""``dossier verify``: is the output folder what the data describes?

Walks the chain the manifests record (dossier.manifest) — data, templates →
.docx → .pdf → bundle — for every candidate and class document that ``build``
would make from SOURCES into OUT, without building anything, and lists every
file that is

* **stale** (``cu``): made from inputs that have changed since, or listed by a
  manifest but no longer produced by a build;
* **damaged** (``hong``): its bytes are not the ones recorded (truncated,
  edited, copied over);
* **foreign** (``la``): in a person's or the class's folder but in no manifest,
  or recorded for another person;
* **missing** (``thieu``): in the plan but absent.

It holds the output folder's lock while it reads, so it never sees a build
half-way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dossier import batch, catalog
from dossier.build import (DOCUMENTS_DIR, Document, Prepared, bundle_inputs, prepare, render_inputs)
from dossier.findings import Finding
from dossier.manifest import EDITED_NAME, LEGACY_FILES, MANIFEST_FILE, Manifest
from dossier.output_lock import hold
from dossier.render import page_margins
from dossier.sources import class_members, find_sources
from dossier.workspace import DocumentCache, display_path

STALE, DAMAGED, FOREIGN, MISSING = "stale", "damaged", "foreign", "missing"
KIND_LABELS = {STALE: "cũ", DAMAGED: "hỏng hoặc bị sửa", FOREIGN: "lạ", MISSING: "thiếu"}
_OURS = {MANIFEST_FILE, *LEGACY_FILES}


@dataclass
class Problem:
    kind: str  # KIND_LABELS
    path: Path
    why: str


@dataclass
class Verification:
    out: Path
    files_checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # data that cannot be planned (as build reports it)

    @property
    def ok(self) -> bool:
        return not self.problems and not any(f.is_error for f in self.findings)

    def count(self, kind: str) -> int:
        return sum(p.kind == kind for p in self.problems)


def verify(sources: list[Path], out: Path, notify=None) -> Verification:
    """Check ``out`` against what ``build SOURCES -o OUT`` makes (see the module)."""
    report = Verification(Path(out))
    if not Path(out).is_dir():
        return _walk(sources, report)
    with hold(out, notify=notify):
        return _walk(sources, report)


def _walk(sources: list[Path], report: Verification) -> Verification:
    out = report.out
    found = find_sources(list(sources))
    report.findings += found.problems
    cache = DocumentCache()
    for class_path in found.classes:
        outcome = batch.class_outcome(class_path, out, cache)
        made = _batch(class_members(class_path, cache), outcome.folder, out, cache, report)
        made.append(_class_documents(class_path, outcome, cache, report))
        _leftover_folders(outcome.folder, made, report)
    if found.outside:
        _leftover_folders(out, _batch(found.outside, out, out, cache, report), report)
    for path in found.candidates:
        result, job = prepare(path, out, cache, workspace_checks=False)
        _candidate(result, job, report)
    return report


def _batch(paths: list[Path], folder: Path, out: Path, cache: DocumentCache, report: Verification) -> list[str]:
    """Check the candidates of one batch folder; their folder names."""
    names = batch.folder_names([(p, cache.get(p)[0].data if cache.get(p)[0] is not None else None) for p in paths])
    for path in paths:
        result, job = prepare(path, folder, cache, folder_name=names[path], workspace_checks=False, root=out)
        _candidate(result, job, report)
    return [names[p] for p in paths]


def _candidate(result, job: Prepared | None, report: Verification) -> None:
    report.findings += [f for f in result.findings if f.is_error]
    if job is None:
        return
    store, margins = job.store, page_margins(job.c.org.data)
    generated = []
    for item in job.planned:
        docx = job.folder / DOCUMENTS_DIR / f"{item.stem}.docx"
        pdf = docx.with_suffix(".pdf")
        _, inputs = render_inputs(item.form, margins, job.c.org.doc.path.parent, item.draft)
        good = _file(store, docx, inputs, True, "dữ liệu, mẫu hoặc lề trang đã đổi từ khi dựng tệp này", report)
        good = _file(store, pdf, {"docx": store.current_sha(docx)}, good,
                     "không phải bản chuyển từ tệp .docx hiện có", report)
        if item.in_bundle:
            generated.append((Document(item.form.code, item.form.title, pdf, catalog.entry(item.form.code).order,
                                       item.stage, True), good))
    for stage in job.stages:
        documents = sorted((d for d in [g for g, _ in generated] + job.attachments if d.stage == stage),
                           key=lambda d: d.order)
        if not documents:
            continue
        parts_good = all(good for d, good in generated if d.stage == stage)
        target, inputs, *_ = bundle_inputs(job.c, stage, documents, job.folder, store)
        _file(store, target, inputs, parts_good, "văn bản, tệp đính kèm hoặc bìa đã đổi từ khi đóng tập này", report)
    _unlisted(store, report)


def _class_documents(class_path: Path, outcome, cache: DocumentCache, report: Verification) -> str:
    from dossier.classes import open_class
    from dossier.errors import DossierError

    try:
        data = open_class(class_path, cache)
    except DossierError:
        return batch.CLASS_DOCUMENTS_DIR  # its data errors: reported with the candidates' or by validate
    store = batch.class_manifest(class_path, data, outcome, root=report.out)
    margins = page_margins(data.org.data)
    for item in batch.class_forms(data, outcome):
        docx = store.folder / f"{item.stem}.docx"
        _, inputs = render_inputs(item, margins, data.org.doc.path.parent)
        good = _file(store, docx, inputs, True, "dữ liệu của lớp, mẫu hoặc lề trang đã đổi từ khi dựng tệp này",
                     report)
        _file(store, docx.with_suffix(".pdf"), {"docx": store.current_sha(docx)}, good,
              "không phải bản chuyển từ tệp .docx hiện có", report)
    _unlisted(store, report)
    return batch.CLASS_DOCUMENTS_DIR


def _file(store: Manifest, path: Path, inputs: dict, sources_good: bool, changed: str,
          report: Verification) -> bool:
    """Check one planned file; True when it is what the current inputs make."""
    report.files_checked += 1
    store.claim(path)
    record = store.record_of(path)
    if not path.is_file():
        report.problems.append(Problem(MISSING, path, "chưa có tệp này (chưa dựng, hoặc đã bị xóa)"))
    elif record is None:
        report.problems.append(Problem(FOREIGN, path, _not_listed(store, path)))
    elif store.current_sha(path) != record["sha256"]:
        report.problems.append(Problem(DAMAGED, path, "nội dung khác với bản chương trình đã ghi (mã sha256 không "
                                                      "khớp): bị cắt cụt, bị sửa hoặc bị chép đè"))
    elif record.get("from") != inputs:
        report.problems.append(Problem(STALE, path, changed))
    elif not sources_good:
        report.problems.append(Problem(STALE, path, "dựng từ tệp nguồn cũ, hỏng hoặc thiếu (xem các dòng trên)"))
    else:
        return True
    return False


def _not_listed(store: Manifest, path: Path) -> str:
    if store.strays and store.rel(path) in store.strays:
        return f"tệp được dựng cho người khác ({store.recorded_owner}), không phải cho người này"
    return "tệp không có trong sổ ghi (manifest) của thư mục: không do chương trình dựng ra cho người này"


def _unlisted(store: Manifest, report: Verification) -> None:
    """Files of the folder that no planned output is: listed but no longer
    produced (stale), or in no manifest (foreign); the toolkit's own files and
    the copies set aside (``-da-sua-``) are the user's and left out."""
    if not store.folder.is_dir():
        return
    claimed = store.claimed
    for path in sorted(store.folder.rglob("*")):
        if not path.is_file() or path.name in _OURS or EDITED_NAME.search(path.stem) or path.name.endswith(".tmp"):
            continue
        rel = store.rel(path)
        if rel in claimed:
            continue
        report.files_checked += 1
        if rel in store.files:
            report.problems.append(Problem(STALE, path, "bản dựng hiện nay không còn tạo tệp này (sẽ được chuyển "
                                                        "sang thư mục .cu/ ở lần dựng sau)"))
        else:
            report.problems.append(Problem(FOREIGN, path, _not_listed(store, path)))


def _leftover_folders(folder: Path, made: list[str], report: Verification) -> None:
    """Candidate folders a batch made before and does not make now."""
    listed = Manifest(folder).folders
    for name in listed:
        if name not in made and (folder / name).is_dir():
            report.problems.append(Problem(STALE, folder / name, "thư mục của người không còn trong lần dựng này "
                                                                 "(sẽ được chuyển sang thư mục .cu/ ở lần dựng sau)"))


def text(report: Verification) -> str:
    """The Vietnamese text report."""
    lines = [f"{display_path(p.path)}: {KIND_LABELS[p.kind]}: {p.why}" for p in report.problems]
    if report.ok:
        lines.append(f"Thư mục {report.out}: {report.files_checked} tệp đã kiểm tra, tất cả đúng với dữ liệu hiện tại.")
    else:
        counts = ", ".join(f"{report.count(kind)} {label}" for kind, label in KIND_LABELS.items())
        lines.append(f"Thư mục {report.out}: {report.files_checked} tệp đã kiểm tra; {len(report.problems)} tệp có "
                     f"vấn đề ({counts}). Chạy lại dossier build để dựng lại.")
    return "\n".join(lines)
