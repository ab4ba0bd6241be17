"""Batch production: every candidate of a class (lớp bồi dưỡng nhận thức về Đảng),
in parallel, sharing one LibreOffice pool, plus the class documents and a report.

Layout of ``OUT`` (documented in the README)::

    OUT/<lớp>/                         one folder per class, from the class code (ntvd-2026-01)
      <họ-tên>/                        one folder per candidate, name without diacritics
        ho-so-ket-nap-<họ-tên>.pdf     the admission dossier
        ho-so-cong-nhan-chinh-thuc-…   the recognition dossier, after the ceremony
        tai-lieu/                      every generated .docx and .pdf (+ guide copies)
      lop/                             class documents (class list, transmittal, letters…)
      summary.json                     the outcome, for machines
      bao-cao.html                     the outcome, for people
    OUT/<họ-tên>/, OUT/summary.json…   the people of a folder that no class built lists
                                       (build_outside_classes), and the files not built

Two candidates with the same name get the date of birth appended
(``nguyen-van-an-2001-05-04``), then a number. One broken candidate never
stops the others; outputs are written atomically and cached by content, so an
interrupted run started again finishes the rest and redoes nothing finished.

The outcome and its reports: :mod:`dossier.batch_outcome`; the checker run
beside the build: :mod:`dossier.batch_check`.
"""

from __future__ import annotations

import functools
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dossier import catalog, compose, forms, fsutil, vietnamese
from dossier.batch_check import add_check_findings, check_beside
from dossier.batch_outcome import ClassOutcome, write_reports
from dossier.build import CACHE_FILE, BuildResult, Prepared, prepare, produce
from dossier.convert import ConversionPool
from dossier.errors import DossierError, EnvironmentFailure, os_error_message
from dossier.findings import ERROR, INFO, WARNING, Finding, Location
from dossier.numbers import duplicate_findings
from dossier.sources import class_members
from dossier.validate import validate_paths
from dossier.validation_cache import kept_in
from dossier.workspace import DocumentCache, display_path, find_root

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


def folder_names(people: list[tuple[Path, dict | None]]) -> dict[Path, str]:
    """Folder name per candidate file: the name without diacritics; on a clash,
    the date of birth, then a counter."""
    def base(data):
        return vietnamese.slug(data.get("ho_ten", "")) if isinstance(data, dict) and data.get("ho_ten") else None

    names: dict[Path, str] = {}
    counts: dict[str, int] = {}
    for path, data in people:
        counts[base(data) or path.stem] = counts.get(base(data) or path.stem, 0) + 1
    used: set[str] = set()
    for path, data in people:
        name = base(data) or vietnamese.slug(path.stem)
        if counts.get(base(data) or path.stem, 0) > 1 and isinstance(data, dict) and data.get("ngay_sinh"):
            name = f"{name}-{vietnamese.slug(str(data['ngay_sinh']))}"
        candidate, n = name, 2
        while candidate in used:
            candidate, n = f"{name}-{n}", n + 1
        used.add(candidate)
        names[path] = candidate
    return names


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
                on_progress=None, on_candidate=None, as_of=None) -> ClassOutcome:
    """Build every candidate of a class and the class documents."""
    cache = DocumentCache()
    doc, _ = cache.get(class_path)
    code = (doc.data.get("ma") if doc is not None and isinstance(doc.data, dict) else None) or class_path.stem
    outcome = ClassOutcome(display_path(class_path),
                           (doc.data.get("ten") if doc is not None and isinstance(doc.data, dict) else None) or code,
                           out / vietnamese.slug(str(code)))
    report = validate_paths([class_path], cache)
    outcome.findings += report.findings
    return _build_all(class_members(class_path, cache), outcome, cache, pool, jobs, force, on_progress,
                      on_candidate, as_of, class_path)


OUTSIDE_CLASSES = "Người xin vào Đảng dựng riêng, không theo lớp"


@_shares_parses
def build_outside_classes(paths: list[Path], out: Path, pool: ConversionPool, *, skipped: list[Finding] = (),
                          sources: str = "", jobs: int = 2, force: bool = False, on_progress=None,
                          on_candidate=None, as_of=None) -> ClassOutcome:
    """Build candidates that no class being built lists (no class file names
    them, or their class is not being built), each into ``out/<name>/`` as a
    single build does, in parallel like a class; one report for them all in
    ``out/`` (summary.json, bao-cao.html), which also lists ``skipped``: the
    files not built, with the reason."""
    outcome = ClassOutcome(sources, OUTSIDE_CLASSES, out, is_class=False, skipped=list(skipped))
    return _build_all(paths, outcome, DocumentCache(), pool, jobs, force, on_progress, on_candidate, as_of)


def _build_all(paths: list[Path], outcome: ClassOutcome, cache: DocumentCache, pool: ConversionPool, jobs: int,
               force: bool, on_progress, on_candidate, as_of, class_path: Path | None = None) -> ClassOutcome:
    """Build ``paths`` into ``outcome.folder`` and, for a class, its class documents; write the reports."""
    names = folder_names([(p, cache.get(p)[0].data if cache.get(p)[0] is not None else None) for p in paths])

    # the checker and the class documents run beside the candidates: their work
    # fills the time the candidates spend waiting for LibreOffice. The checker
    # forks after the candidates are prepared: forked earlier, it competed with
    # preparing and with LibreOffice's start-up (one-candidate rebuild of 100:
    # 2.9–3.2 s against 2.7–2.9 s)
    with ThreadPoolExecutor(max_workers=max(1, jobs) + 2) as executor:
        try:
            prepared = _prepare_all(paths, names, outcome, cache, force, as_of)
            plans = {job.c.doc.path: job.plan for _, job in prepared if job is not None and job.plan is not None}
            checks = check_beside(paths, as_of, executor, plans)  # a fork before any thread of ours starts
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
            class_jobs = render_class_documents(class_path, outcome, cache, force) if class_path else None
            class_documents = executor.submit(_convert_class_documents, class_jobs, outcome, pool)
            order = sorted(range(len(prepared)), key=lambda i: not _edited_since_built(prepared[i][1]))
            produced = dict(zip(order, executor.map(run, [prepared[i] for i in order])))
            outcome.candidates = [produced[i] for i in range(len(prepared))]
            outcome.class_documents = class_documents.result()
            add_check_findings(outcome, checks.result())
        except BaseException:
            executor.shutdown(wait=False, cancel_futures=True)
            raise
    write_reports(outcome)
    return outcome


def _prepare_all(paths: list[Path], names: dict[Path, str], outcome: ClassOutcome, cache: DocumentCache,
                 force: bool, as_of=None) -> list[tuple[BuildResult, Prepared | None]]:
    """Validate, resolve and plan every candidate; a document number used twice
    in the workspace stops the candidates that use it."""
    duplicates: dict[str, list[Finding]] = {}
    roots = dict.fromkeys(root for root in map(find_root, paths) if root is not None)
    for root in roots if not any(f.is_error for f in outcome.findings) else ():
        for finding in duplicate_findings(root, cache):  # read the whole workspace once, not per candidate
            duplicates.setdefault(finding.location.path, []).append(finding)
    prepared: list[tuple[BuildResult, Prepared | None]] = []
    for path in paths:
        try:
            result, job = prepare(path, outcome.folder, cache, force, names[path], workspace_checks=False,
                                  as_of=as_of)
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
        return job.c.doc.path.stat().st_mtime_ns > (job.folder / CACHE_FILE).stat().st_mtime_ns
    except OSError:
        return True


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


def render_class_documents(class_path: Path, outcome: ClassOutcome, cache: DocumentCache,
                           force: bool) -> list[tuple[Path, Path]] | None:
    """Render the class documents (class list, transmittal, grouped letters…) into
    ``outcome.folder/lop/``; the conversions still needed, or None when the class
    has none to make. Problems go to ``outcome.findings``."""
    forms.load_all()
    if not forms.CLASS_FORMS or any(f.is_error for f in outcome.findings):
        return None
    from dossier.build import _render_cached
    from dossier.content_cache import ContentCache  # the same content cache as the candidates'
    from dossier.render import page_margins
    from dossier.classes import open_class

    try:
        data = open_class(class_path, cache)
    except DossierError as exc:
        outcome.findings.append(Finding(ERROR, "build.failed", exc.message, Location(exc.path or outcome.source)))
        return None
    folder = outcome.folder / CLASS_DOCUMENTS_DIR
    store = ContentCache(folder, force)
    margins = page_margins(data.org.data)
    jobs = []
    for entry in sorted(catalog.entries().values(), key=lambda e: e.order):
        builder = forms.CLASS_FORMS.get(entry.code)
        if builder is None:
            continue
        try:
            made = builder(data)
        except forms.NotReady as not_ready:
            needed = not isinstance(not_ready, forms.NotNeeded)
            outcome.findings.append(Finding(WARNING if needed else INFO,
                                            "class.not_ready" if needed else "class.not_needed",
                                            f"{entry.code}: {not_ready.reason}", Location(outcome.source)))
            continue
        except DossierError as exc:
            outcome.findings.append(Finding(ERROR, "build.failed", f"{entry.code}: {exc.message}",
                                            Location(exc.path or outcome.source)))
            continue
        for item in made:
            jobs += _render_cached(item, folder, store, margins, data.org.doc.path.parent)
    store.save()
    return jobs


def _convert_class_documents(jobs: list[tuple[Path, Path]] | None, outcome: ClassOutcome,
                             pool: ConversionPool) -> list[Path]:
    """Convert what ``render_class_documents`` left to convert; the class's PDFs."""
    if jobs is None:
        return []
    for result in compose.convert(jobs, pool) if jobs else []:
        if not result.ok:
            outcome.findings.append(Finding(ERROR, "convert.failed", f"không chuyển được sang PDF: {result.error}",
                                            Location(display_path(result.source))))
    return sorted((outcome.folder / CLASS_DOCUMENTS_DIR).glob("*.pdf"))
