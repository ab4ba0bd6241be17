"""Batch production: every candidate of a class (lớp bồi dưỡng nhận thức về Đảng),
in parallel, sharing one LibreOffice pool, plus the class documents and a report.

Layout of ``OUT`` (documented in the README)::

    OUT/<lớp>/                         one folder per class, from the class code (ntvd-2026-01)
      <tệp>/                           one folder per candidate, from its file's stem (nguyen-thi-hoa)
        ho-so-ket-nap-<tệp>.pdf        the admission dossier (…-chua-du.pdf when a document failed)
        ho-so-cong-nhan-chinh-thuc-…   the recognition dossier, after the ceremony
        tai-lieu/                      every generated .docx and .pdf (+ guide copies)
        .dossier-manifest.json         what was made from what (dossier.manifest)
      lop/                             class documents (class list, transmittal, letters…)
      summary.json                     the outcome, for machines
    OUT/bang-theo-doi.html             the office board of every batch, for people (dossier build)
    OUT/<tệp>/   , OUT/summary.json…   the people of a folder that no class built lists
                                       (build_outside_classes), and the files not built
    OUT/.cu/<time>/…                   what a build no longer produces, moved aside

Folder names: :mod:`dossier.output_names` (two files with the same stem get a
short hash of their path each, whatever the order). One broken candidate never
stops the others; outputs are written atomically and recorded in each folder's
manifest, so an interrupted run started again finishes the rest and redoes
nothing finished; a batch folder's manifest lists the candidate folders it made.

The outcome and its reports: :mod:`dossier.batch_outcome`; the checker run
beside the build: :mod:`dossier.batch_check`.
"""

from __future__ import annotations

import functools
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from dossier import batch_kept, catalog, compose, forms, fsutil
from dossier.batch_check import add_check_findings, check_beside
from dossier.batch_outcome import ClassOutcome, write_reports
from dossier.build import MANIFEST_FILE, BuildResult, Prepared, build_candidate, prepare, produce
from dossier.convert import ConversionPool
from dossier.errors import DossierError, EnvironmentFailure, os_error_message
from dossier.findings import ERROR, INFO, WARNING, Finding, Location
from dossier.manifest import Manifest, owner_of
from dossier.numbers import duplicate_findings
from dossier.output_names import class_folder, person_folders
from dossier.sources import class_members
from dossier.validate import validate_paths
from dossier.validation_cache import kept_in
from dossier.workspace import DocumentCache, display_path, find_root, resolved

CLASS_DOCUMENTS_DIR = "lop"


def _shares_parses(function):
    """Run ``function(first, out, …)`` with the workspace's parsed files shared
    between its document caches: a batch reads the same files to find the
    classes, to build and to check, and each file is parsed once — and not
    again by the next command building into ``out`` if it has not changed
    (dossier.validation_cache)."""
    @functools.wraps(function)
    def wrapper(first, out, *args, **kwargs):
        with kept_in(out):
            return function(first, out, *args, **kwargs)
    return wrapper


def folder_names(paths: list[Path], in_class: bool) -> dict[Path, str]:
    """The folder of each candidate of one batch folder (dossier.output_names):
    what a build writes and ``dossier verify`` checks; ``lop`` is taken in a class."""
    return person_folders(paths, find_root, reserved=(CLASS_DOCUMENTS_DIR,) if in_class else ())


class Progress:
    """Thread-safe counter of finished documents; ``report(done, total)`` is called on each change."""

    def __init__(self, total: int, report=None):
        self.total, self.done = total, 0
        self._report = report
        self._lock = threading.Lock()

    def __call__(self, n: int) -> None:
        with self._lock:
            self.done += n
            if self._report:
                self._report(n, self.done, self.total)


@_shares_parses
def build_class(class_path: Path, out: Path, pool: ConversionPool, *, jobs: int = 2, force: bool = False,
                on_progress=None, on_candidate=None, as_of=None, cache: DocumentCache | None = None) -> ClassOutcome:
    """Build every candidate of a class and the class documents; a class whose
    inputs are unchanged since its last build is taken from it (dossier.batch_kept).
    ``cache``: the command's, whose indexes over the workspace every class shares
    (each keeps only its own parsed files: the memory does not grow with the classes)."""
    cache = DocumentCache(shares=cache)
    outcome = class_outcome(class_path, out, cache)
    members = class_members(class_path, cache)
    names = folder_names(members, True)
    keys = batch_kept.class_keys(class_path, members, names, out, cache, as_of)  # kept after --force too
    last = None if force else batch_kept.kept(outcome, keys)
    if last is not None:
        for result in last.candidates:
            if on_candidate:
                on_candidate(result)
        return last
    report = validate_paths([class_path], cache)
    outcome.findings += report.findings
    if any(f.code == "ref.class_folder" and f.is_error for f in outcome.findings):
        return outcome  # another class file writes into that folder: nothing is written
    outcome = _build_all(members, outcome, cache, pool, jobs, force, on_progress, on_candidate, as_of, class_path,
                         {} if force else batch_kept.earlier(outcome, keys, names))
    batch_kept.keep(outcome, keys)
    batch_kept.let_go()
    return outcome


def class_outcome(class_path: Path, out: Path, cache: DocumentCache) -> ClassOutcome:
    """The outcome of a class to build, empty: its name and its folder
    ``out/<class code>`` (dossier.output_names.class_folder)."""
    doc, _ = cache.get(class_path)
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    return ClassOutcome(display_path(class_path), data.get("ten") or data.get("ma") or class_path.stem,
                        out / class_folder(data.get("ma"), class_path))


OUTSIDE_CLASSES = "Người xin vào Đảng dựng riêng, không theo lớp"


@_shares_parses
def build_outside_classes(paths: list[Path], out: Path, pool: ConversionPool, *, skipped: list[Finding] = (),
                          sources: str = "", jobs: int = 2, force: bool = False, on_progress=None,
                          on_candidate=None, as_of=None) -> ClassOutcome:
    """Build candidates that no class being built lists (no class file names
    them, or their class is not being built), each into ``out/<file stem>/`` as a
    single build does, in parallel like a class; one report for them all in
    ``out/`` (summary.json), which also lists ``skipped``: the
    files not built, with the reason."""
    outcome = ClassOutcome(sources, OUTSIDE_CLASSES, out, is_class=False, skipped=list(skipped))
    return _build_all(paths, outcome, DocumentCache(), pool, jobs, force, on_progress, on_candidate, as_of)


def _build_all(paths: list[Path], outcome: ClassOutcome, cache: DocumentCache, pool: ConversionPool, jobs: int,
               force: bool, on_progress, on_candidate, as_of, class_path: Path | None = None,
               earlier: dict | None = None) -> ClassOutcome:
    """Build ``paths`` into ``outcome.folder`` and, for a class, its class documents; write the reports.
    ``earlier``: the result and check of each candidate unchanged since the last build (dossier.batch_kept)."""
    earlier = earlier or {}
    names = folder_names(paths, class_path is not None)
    root = outcome.folder.parent if class_path else outcome.folder  # the command's output folder (OUT/.cu/)

    # the checker and the class documents run beside the candidates: their work
    # fills the time the candidates spend waiting for LibreOffice. The checker
    # forks after the candidates are prepared: forked earlier, it competed with
    # preparing and with LibreOffice's start-up (one-candidate rebuild of 100:
    # 2.9–3.2 s against 2.7–2.9 s)
    with ThreadPoolExecutor(max_workers=max(1, jobs) + 2) as executor:
        try:
            prepared = _prepare_all(paths, names, outcome, cache, force, as_of, root, earlier)
            plans = {job.c.doc.path: job.plan for _, job in prepared if job is not None and job.plan is not None}
            kept_checks = {resolved(p): earlier[display_path(p)][1] for p in paths if display_path(p) in earlier}
            checks = check_beside(paths, as_of, executor, plans, kept_checks)  # a fork before any thread of ours starts
            progress = Progress(sum(job.document_count for _, job in prepared if job), on_progress)

            def run(item):
                result, job = item
                if job is not None:
                    try:
                        result = produce(job, pool, progress)
                    except EnvironmentFailure as exc:
                        if not fsutil.failed_inside(exc, job.folder):
                            raise
                        result = _unwritable(job.result, exc)  # this person's folder only: the others go on
                    except OSError as exc:  # not wrapped by fsutil: reading a folder without permission
                        result = _unwritable(job.result, exc)
                    except Exception as exc:  # noqa: BLE001 - one broken candidate never stops the class
                        result = _crashed(Path(result.source), exc)
                if on_candidate:
                    on_candidate(result)
                return result

            # what changed goes to LibreOffice first: the class documents, rendered
            # before any candidate thread starts, then the candidates edited since
            # their last build (the others mostly find their outputs up to date, and
            # would share the interpreter with them)
            class_work = render_class_documents(class_path, outcome, cache, force, root) if class_path else None
            class_documents = executor.submit(_convert_class_documents, class_work, outcome, pool)
            order = sorted(range(len(prepared)), key=lambda i: not _edited_since_built(prepared[i][1]))
            produced = dict(zip(order, executor.map(run, [prepared[i] for i in order])))
            outcome.candidates = [produced[i] for i in range(len(prepared))]
            outcome.class_documents = class_documents.result()
            add_check_findings(outcome, checks.result())
        except BaseException:
            executor.shutdown(wait=False, cancel_futures=True)
            raise
    made = [names[p] for p in paths] + ([CLASS_DOCUMENTS_DIR] if class_path else [])
    batch = Manifest(outcome.folder, owner=_batch_owner(class_path), root=root)
    batch.set_folders(made)  # candidate folders this batch made before and not now: to OUT/.cu/
    batch.save()
    write_reports(outcome)
    return outcome


def _batch_owner(class_path: Path | None) -> str:
    return f"lop:{class_path.resolve()}" if class_path else "ngoai-lop"


def _prepare_all(paths: list[Path], names: dict[Path, str], outcome: ClassOutcome, cache: DocumentCache,
                 force: bool, as_of=None, root: Path | None = None,
                 earlier: dict | None = None) -> list[tuple[BuildResult, Prepared | None]]:
    """Validate, resolve and plan every candidate (but those of ``earlier``, unchanged:
    their last result); a document number used twice in the workspace stops the candidates that use it."""
    duplicates: dict[str, list[Finding]] = {}
    workspaces = dict.fromkeys(w for w in map(find_root, paths) if w is not None)
    for workspace in workspaces if not any(f.is_error for f in outcome.findings) else ():
        # read the whole workspace once, not per candidate (nor per class of a command sharing the cache)
        # (the workspace's files parsed in a cache of their own, let go after: the batch keeps only its own)
        for finding in cache.derived(("duplicate_findings", resolved(workspace)),
                                     lambda: duplicate_findings(workspace, DocumentCache())):
            duplicates.setdefault(finding.location.path, []).append(finding)
    prepared: list[tuple[BuildResult, Prepared | None]] = []
    for path in paths:
        if display_path(path) in (earlier or {}):
            prepared.append((earlier[display_path(path)][0], None))
            continue
        try:
            result, job = prepare(path, outcome.folder, cache, force, names[path], workspace_checks=False,
                                  as_of=as_of, root=root)
            if duplicates.get(result.source):
                result.findings += duplicates[result.source]
                job = None
            prepared.append((result, job))
        except EnvironmentFailure:
            raise
        except OSError as exc:  # its folder cannot be read (no permission): one person's problem
            prepared.append((_unwritable(BuildResult(source=display_path(path)), exc), None))
        except Exception as exc:  # noqa: BLE001 - one broken candidate never stops the class
            prepared.append((_crashed(path, exc), None))
    return prepared


def _edited_since_built(job: Prepared | None) -> bool:
    """Whether the candidate's file changed after its last build (only the order
    of the work depends on it)."""
    if job is None:
        return False
    try:
        return job.c.doc.path.stat().st_mtime_ns > (job.folder / MANIFEST_FILE).stat().st_mtime_ns
    except OSError:
        return True


def build_listed(path: Path, out: Path, pool: ConversionPool, cache: DocumentCache, force: bool,
                 folder_name: str) -> BuildResult:
    """A candidate named on the command line (dossier.build.build_candidate): as
    in a class, a folder of that person's that cannot be written (a folder where
    the dossier goes, no permission) fails that person alone, saying why."""
    try:
        return build_candidate(path, out, pool=pool, cache=cache, force=force, folder_name=folder_name)
    except EnvironmentFailure as exc:
        if not fsutil.failed_inside(exc, Path(out) / folder_name):
            raise
        return _unwritable(BuildResult(source=display_path(path)), exc)


def _unwritable(result: BuildResult, exc: EnvironmentFailure | OSError) -> BuildResult:
    """The person whose folder in the output cannot be written (or read) fails, saying why."""
    message = exc.message if isinstance(exc, EnvironmentFailure) else \
        f"Không đọc hoặc ghi được tệp: {os_error_message(exc)}"
    result.bundles = []
    result.findings.append(Finding(ERROR, "build.failed", message, Location(result.source)))
    return result


def _crashed(path: Path, exc: Exception) -> BuildResult:
    result = BuildResult(source=display_path(path))
    result.findings.append(Finding(ERROR, "build.internal", f"lỗi khi dựng hồ sơ: {type(exc).__name__}: {exc}",
                                   Location(display_path(path))))
    return result


@dataclass
class ClassWork:
    """The class documents rendered: the conversions still needed, every PDF of
    this run, and the manifest of ``lop/``."""

    jobs: list[tuple[Path, Path]]
    pdfs: list[Path]
    store: Manifest


def class_forms(data, outcome: ClassOutcome) -> list:
    """The class documents the class's data makes now (catalog order); why the
    others are not made goes to ``outcome.findings``."""
    forms.load_all()
    made = []
    for entry in sorted(catalog.entries().values(), key=lambda e: e.order):
        builder = forms.CLASS_FORMS.get(entry.code)
        if builder is None:
            continue
        try:
            made += builder(data)
        except forms.NotReady as not_ready:
            needed = not isinstance(not_ready, forms.NotNeeded)
            outcome.findings.append(Finding(WARNING if needed else INFO,
                                            "class.not_ready" if needed else "class.not_needed",
                                            f"{entry.code}: {not_ready.reason}", Location(outcome.source)))
        except DossierError as exc:
            outcome.findings.append(Finding(ERROR, "build.failed", f"{entry.code}: {exc.message}",
                                            Location(exc.path or outcome.source)))
    return made


def class_manifest(class_path: Path, data, outcome: ClassOutcome, force: bool = False,
                   root: Path | None = None) -> Manifest:
    return Manifest(outcome.folder / CLASS_DOCUMENTS_DIR, force, owner_of(class_path, data.org.doc.path.parent),
                    root or outcome.folder.parent)


def render_class_documents(class_path: Path, outcome: ClassOutcome, cache: DocumentCache,
                           force: bool, root: Path | None = None) -> ClassWork | None:
    """Render the class documents (class list, transmittal, grouped letters…) into
    ``outcome.folder/lop/``; what is left to convert, or None when the class
    has none to make. Problems go to ``outcome.findings``."""
    forms.load_all()
    if not forms.CLASS_FORMS or any(f.is_error for f in outcome.findings):
        return None
    from dossier.build import _render_cached
    from dossier.render import page_margins
    from dossier.classes import open_class

    try:
        data = open_class(class_path, cache)
    except DossierError as exc:
        outcome.findings.append(Finding(ERROR, "build.failed", exc.message, Location(exc.path or outcome.source)))
        return None
    folder = outcome.folder / CLASS_DOCUMENTS_DIR
    store = class_manifest(class_path, data, outcome, force, root)
    store.begin()
    margins = page_margins(data.org.data)
    jobs, pdfs = [], []
    for item in class_forms(data, outcome):
        jobs += _render_cached(item, folder, store, margins, data.org.doc.path.parent, findings=outcome.findings)
        pdfs.append(folder / f"{item.stem}.pdf")
    store.save(sync=False)
    return ClassWork(jobs, pdfs, store)


def _convert_class_documents(work: ClassWork | None, outcome: ClassOutcome, pool: ConversionPool) -> list[Path]:
    """Convert what ``render_class_documents`` left to convert; this run's class
    PDFs (what the class no longer makes moves to OUT/.cu/, never listed)."""
    if work is None:
        return []
    from dossier.build import record_conversions

    results = compose.convert(work.jobs, pool) if work.jobs else []
    record_conversions(results, work.store)
    for result in results:
        if not result.ok:
            outcome.findings.append(Finding(ERROR, "convert.failed", f"không chuyển được sang PDF: {result.error}",
                                            Location(display_path(result.source))))
            work.store.release(Path(result.target))  # an older PDF there: not this run's, to OUT/.cu/
    work.store.sweep()
    work.store.save()
    return [pdf for pdf in work.pdfs if work.store.intact(pdf)]
