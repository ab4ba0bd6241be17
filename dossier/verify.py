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
* **missing** (``thieu``): in the plan but absent;
* **incomplete** (``chua_du``): a dossier written as ``…-chua-du.pdf`` because
  a document of it failed (dossier.incomplete), naming what it lacks.

The last complete dossier kept beside an incomplete one (``…-ban-truoc.pdf``)
is listed as kept on purpose, not as a problem.

It holds the output folder's lock while it reads, so it never sees a build
half-way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dossier import batch, catalog, incomplete
from dossier.build import (BUNDLE_NAMES, DOCUMENTS_DIR, Document, Prepared, bundle_inputs, prepare, render_inputs)
from dossier.errors import DossierError, EnvironmentFailure
from dossier.findings import ERROR, Finding, Location
from dossier.manifest import EDITED_NAME, LEGACY_FILES, MANIFEST_FILE, Manifest, owner_file
from dossier.output_lock import hold
from dossier.output_names import INCOMPLETE_SUFFIX, person_folders
from dossier.render import page_margins
from dossier.sources import class_members, find_sources
from dossier.validate import validate_paths
from dossier.workspace import DocumentCache, display_path, find_root

STALE, DAMAGED, FOREIGN, MISSING, INCOMPLETE = "stale", "damaged", "foreign", "missing", "incomplete"
KIND_LABELS = {STALE: "cũ", DAMAGED: "hỏng hoặc bị sửa", FOREIGN: "lạ", MISSING: "thiếu", INCOMPLETE: "chưa đủ"}
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
    kept: list[Path] = field(default_factory=list)  # previous complete dossiers kept beside incomplete ones
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
        clash = [f for f in validate_paths([class_path], cache).findings if f.code == "ref.class_folder"]
        if any(f.is_error for f in clash):  # build refuses the class: nothing of it to check
            report.findings += clash
            continue
        made = _batch(class_members(class_path, cache), outcome.folder, out, cache, report)
        made.append(_class_documents(class_path, outcome, cache, report))
        _leftover_folders(outcome.folder, made, report)
    if found.outside:
        _leftover_folders(out, _batch(found.outside, out, out, cache, report), report)
    names = person_folders(found.candidates, find_root)  # as dossier build names them
    for path in found.candidates:
        result, job = prepare(path, out, cache, folder_name=names[path], workspace_checks=False)
        _candidate(result, job, report)
    return report


def _batch(paths: list[Path], folder: Path, out: Path, cache: DocumentCache, report: Verification) -> list[str]:
    """Check the candidates of one batch folder; their folder names."""
    names = batch.folder_names(paths, folder != out)
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
        try:
            _, inputs = render_inputs(item.form, margins, job.c.org.doc.path.parent, item.draft)
        except DossierError as exc:  # a broken template: build cannot make it either
            if isinstance(exc, EnvironmentFailure):
                raise
            report.findings.append(Finding(ERROR, "render.failed", f"không dựng được {item.form.code}: {exc.message}",
                                           Location(exc.path or job.result.source, exc.line)))
            inputs = {"render": None}  # never recorded: the file there is stale or missing
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
        gap, previous = incomplete.recorded(store, job.folder, BUNDLE_NAMES[stage])
        if gap is not None and not target.is_file():
            _incomplete(store, *gap, report)
        else:
            _file(store, target, inputs, parts_good, "văn bản, tệp đính kèm hoặc bìa đã đổi từ khi đóng tập này",
                  report)
        if previous is not None and previous[1].get("kept") == incomplete.PREVIOUS and previous[0].is_file():
            store.claim(previous[0])
            report.kept.append(previous[0])
    _unlisted(store, report)


def _incomplete(store: Manifest, path: Path, record: dict, report: Verification) -> None:
    """A dossier written incomplete (``…-chua-du.pdf``) in place of the complete one."""
    report.files_checked += 1
    store.claim(path)
    if not path.is_file():
        report.problems.append(Problem(MISSING, path.with_name(path.name.replace(INCOMPLETE_SUFFIX, "")),
                                       "chưa có tệp này (chưa dựng, hoặc đã bị xóa)"))
    elif store.current_sha(path) != record["sha256"]:
        report.problems.append(Problem(DAMAGED, path, "nội dung khác với bản chương trình đã ghi (mã sha256 không "
                                                      "khớp): bị cắt cụt, bị sửa hoặc bị chép đè"))
    else:
        codes = ", ".join(c for c in record.get("missing") or [] if isinstance(c, str)) or "một văn bản"
        report.problems.append(Problem(INCOMPLETE, path, f"hồ sơ chưa đủ, còn thiếu {codes} (không dựng được ở lần "
                                                         "dựng trước, xem báo cáo dựng); sửa lỗi rồi chạy lại dossier "
                                                         "build"))


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
        then = owner_file(store.recorded_owner)
        if then == owner_file(store.owner):  # the same file name, another ID number: another workspace's person
            return f"tệp được dựng cho người khác (cùng tên tệp dữ liệu {then} nhưng khác số định danh), không phải " \
                   "cho người này"
        return f"tệp được dựng cho người khác ({then}), không phải cho người này"
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
    lines += [f"{display_path(p)}: giữ lại có chủ ý: bản đầy đủ của lần dựng trước, để dùng trong khi hồ sơ chưa đủ "
              "(xóa khi dựng lại đủ)" for p in report.kept]
    if report.ok:
        lines.append(f"Thư mục {report.out}: {report.files_checked} tệp đã kiểm tra, tất cả đúng với dữ liệu hiện tại.")
    else:
        counts = ", ".join(f"{report.count(kind)} {label}" for kind, label in KIND_LABELS.items())
        lines.append(f"Thư mục {report.out}: {report.files_checked} tệp đã kiểm tra; {len(report.problems)} tệp có "
                     f"vấn đề ({counts}). Chạy lại dossier build để dựng lại.")
    return "\n".join(lines)
