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
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from dossier import case_end, catalog, compose, forms, vietnamese
from dossier.build import CACHE_FILE, BuildResult, Prepared, prepare, produce
from dossier.convert import ConversionPool
from dossier.errors import DossierError, EnvironmentFailure
from dossier.findings import ERROR, INFO, WARNING, Finding, Location, format_text
from dossier.fsutil import write_text
from dossier.numbers import duplicate_findings
from dossier.sources import class_members
from dossier.validate import validate_paths
from dossier.validation_cache import kept_in
from dossier.workspace import DocumentCache, display_path, find_root

CLASS_DOCUMENTS_DIR = "lop"
SUMMARY_FILE = "summary.json"
REPORT_FILE = "bao-cao.html"
CHECK_PROCESS_MIN = 20  # candidates: a smaller class is checked in a thread
CHECK_PROCESS_TIMEOUT = 600  # seconds; then the checker runs again in a thread
CHECK_PROCESS_NICENESS = 5


@dataclass
class ClassOutcome:
    source: str
    name: str
    folder: Path
    candidates: list[BuildResult] = field(default_factory=list)
    class_documents: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # about the class itself
    is_class: bool = True  # False: the people built outside any class (build_outside_classes)
    skipped: list[Finding] = field(default_factory=list)  # files not built, with the reason

    @property
    def failed(self) -> list[BuildResult]:
        return [r for r in self.candidates if not r.ok]

    @property
    def ok(self) -> bool:
        return not self.failed and not any(f.is_error for f in self.findings + self.skipped)


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
            checks = _check_beside(paths, as_of, executor, plans)  # a fork before any thread of ours starts
            progress = Progress(sum(job.document_count for _, job in prepared if job), on_progress)

            def run(item):
                result, job = item
                if job is not None:
                    try:
                        result = produce(job, pool, progress)
                    except EnvironmentFailure:
                        raise
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
            _add_check_findings(outcome, checks.result())
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


def _check(paths: list[Path], as_of, plans: dict | None = None):
    """The checker's report on the candidates (eligibility, missing documents,
    deadlines), from the plans the build made of them."""
    from dossier.check import check_paths

    report = check_paths(paths, as_of=as_of, plans=plans)
    for checked in report.candidates:
        checked.candidate = None  # the report goes back through a pipe: the findings, not the data
    return report


def _check_beside(paths: list[Path], as_of, threads: ThreadPoolExecutor, plans: dict | None = None):
    """Start the checker beside the candidates; ``.result()`` gives its report.

    For a class of some size it runs in a forked process: it is pure Python,
    and in a thread it would hold the interpreter lock that rendering and
    bundling need (measured: ~0.7 s of CPU in a 3.4 s one-candidate rebuild of
    100 candidates). The fork inherits the files already parsed and the
    modules already imported, so it starts at once (a spawned interpreter
    would import and parse everything again: that was slower). Where fork is
    not available, or the process fails, the checker runs in a thread."""
    if len(paths) < CHECK_PROCESS_MIN or "fork" not in multiprocessing.get_all_start_methods():
        return threads.submit(_check, paths, as_of, plans)
    import dossier.check  # noqa: F401 - imported before the fork, not in the child
    return _CheckProcess(paths, as_of, threads, plans)


class _CheckProcess:
    def __init__(self, paths: list[Path], as_of, threads: ThreadPoolExecutor, plans: dict | None = None):
        self._paths, self._as_of, self._threads, self._plans = paths, as_of, threads, plans
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
        self._process = context.Process(target=_check_in_child, args=(paths, as_of, send, plans), daemon=True)
        try:
            self._process.start()
        except OSError:
            self._process = None
        send.close()

    def result(self):
        report = None
        try:
            if self._process is not None and self._receive.poll(CHECK_PROCESS_TIMEOUT):
                outcome, report = self._receive.recv()
                report = report if outcome == "ok" else None
        except (EOFError, OSError):
            report = None
        finally:
            self._receive.close()
            if self._process is not None:
                self._process.join(1)
                if self._process.is_alive():
                    self._process.kill()
        return report if report is not None else self._threads.submit(_check, self._paths, self._as_of, self._plans).result()


def _check_in_child(paths: list[Path], as_of, send, plans: dict | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C and SIGTERM are the parent's to handle;
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a daemon child is ended with it
    with contextlib.suppress(OSError):
        os.nice(CHECK_PROCESS_NICENESS)  # its report is needed last: rendering and LibreOffice go first
    try:
        send.send(("ok", _check(paths, as_of, plans)))
    except BaseException as exc:  # noqa: BLE001 - the parent checks again in a thread and reports
        send.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()


def _add_check_findings(outcome: ClassOutcome, report) -> None:
    """The checker's findings for each candidate, so the class report shows them too."""
    by_source = {r.source: r for r in outcome.candidates}
    for group in report.candidates:
        result = by_source.get(group.source)
        if result is None:
            continue
        known = {(f.code, f.message) for f in result.findings}
        result.checks = [f for f in group.findings if (f.code, f.message) not in known]


# ---------------------------------------------------------------- reports

# a dossier's status: a code for machines (summary.json), its label for people
STATUS_OK = "complete"
STATUS_REVIEW = "needs_review"  # built, but the checker found an error (eligibility, dates…)
STATUS_FAILED = "failed"
STATUS_ENDED = "ended"  # built; the case ended (withdrew, refused, moved…): nothing left to do
STATUS_LABELS = {STATUS_OK: "hoàn thành", STATUS_REVIEW: "cần xem lại", STATUS_FAILED: "lỗi",
                 STATUS_ENDED: case_end.STATUS_ENDED}


def status(result: BuildResult) -> str:
    """The status code of a dossier (STATUS_LABELS)."""
    if not result.ok:
        return STATUS_FAILED
    if any(f.is_error for f in result.checks):
        return STATUS_REVIEW
    return STATUS_ENDED if result.ended else STATUS_OK


def status_text(result: BuildResult) -> str:
    """The status's label, with the reason of an ended case: ``đã kết thúc: rút đơn, không tiếp tục``."""
    code = status(result)
    text = STATUS_LABELS[code]
    if code == STATUS_ENDED:
        text += ": " + result.ended["ten_ly_do"][:1].lower() + result.ended["ten_ly_do"][1:]
    return text


def summary(outcome: ClassOutcome) -> dict:
    """``summary.json`` (the format is dossier.outputs')."""
    from dossier import outputs

    return outputs.summary(outcome, status, STATUS_LABELS)


def summary_rows(outcome: ClassOutcome) -> list[tuple[str, str, str, str, str, str]]:
    """(candidate, stage, pages, status, what is missing or wrong, status code) — one row per dossier."""
    rows = []
    for r in outcome.candidates:
        problems = [f"{f.code}: {f.message}" for f in r.findings + r.checks if f.severity in (ERROR, WARNING)]
        missing = [code for _, code, _ in r.missing]
        note = "; ".join(problems + ([f"chưa có: {', '.join(missing)}"] if missing else []))
        if not r.bundles:
            rows.append((r.name or r.source, "—", "—", status_text(r), note, status(r)))
        for i, b in enumerate(r.bundles):
            rows.append((r.name if i == 0 else "", catalog.STAGE_TITLES[b.stage], str(b.pages), status_text(r),
                         note if i == 0 else "", status(r)))
    return rows


def write_reports(outcome: ClassOutcome) -> None:
    write_text(outcome.folder / SUMMARY_FILE, json.dumps(summary(outcome), ensure_ascii=False, indent=2))
    write_text(outcome.folder / REPORT_FILE, _html(outcome))


def _html(outcome: ClassOutcome) -> str:
    e = html.escape
    rows = "\n".join(
        f"<tr class=\"{'' if code in (STATUS_OK, STATUS_ENDED) else 'loi'}\"><td>{e(name)}</td><td>{e(stage)}</td>"
        f"<td class=\"so\">{e(pages)}</td><td>{e(label)}</td><td>{e(note)}</td></tr>"
        for name, stage, pages, label, note, code in summary_rows(outcome))
    class_notes = "".join(f"<li>{e(format_text(f))}</li>" for f in outcome.findings)
    documents = "".join(f"<li>{e(p.name)}</li>" for p in outcome.class_documents)
    skipped = "".join(f"<li>{e(format_text(f))}</li>" for f in outcome.skipped)
    documents = f"<h2>Văn bản của lớp</h2><ul>{documents or '<li>(không có)</li>'}</ul>" if outcome.is_class else ""
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Báo cáo lập hồ sơ — {e(outcome.name)}</title>
<style>body{{font-family:"Times New Roman",serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #888;padding:4px 8px;vertical-align:top}}th{{background:#eee}}
tr.loi td{{background:#fde8e8}}td.so{{text-align:right}}</style></head><body>
<h1>Báo cáo lập hồ sơ: {e(outcome.name)}</h1>
<p>{len(outcome.candidates)} người; {len(outcome.candidates) - len(outcome.failed)} hồ sơ dựng xong
(trong đó {sum(status(r) == STATUS_REVIEW for r in outcome.candidates)} cần xem lại vì có lỗi khi kiểm tra điều kiện,
thời hạn), {len(outcome.failed)} hồ sơ không dựng được.</p>
<table><tr><th>Người xin vào Đảng</th><th>Hồ sơ</th><th>Số trang</th><th>Tình trạng</th>
<th>Còn thiếu hoặc cần sửa</th></tr>
{rows}
</table>
{documents}
{"<h2>Lưu ý về tệp lớp</h2><ul>" + class_notes + "</ul>" if class_notes else ""}
{"<h2>Tệp không dựng</h2><ul>" + skipped + "</ul>" if skipped else ""}
</body></html>
"""
