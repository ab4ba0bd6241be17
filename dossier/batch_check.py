"""The checker run beside a batch build (:mod:`dossier.batch`): its report on
the candidates (eligibility, missing documents, deadlines), from the plans the
build made, in a forked process for a class of some size, else in a thread;
its findings added to each candidate's result.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dossier.batch_outcome import ClassOutcome
from dossier.child_process import die_with_parent

CHECK_PROCESS_MIN = 20  # candidates: a smaller class is checked in a thread
CHECK_PROCESS_TIMEOUT = 600  # seconds; then the checker runs again in a thread
CHECK_PROCESS_NICENESS = 5


def _check(paths: list[Path], as_of, plans: dict | None = None, kept: dict | None = None):
    """The checker's report on the candidates (eligibility, missing documents,
    deadlines), from the plans the build made of them."""
    from dossier.check import check_paths

    report = check_paths(paths, as_of=as_of, plans=plans, kept=kept)
    for checked in report.candidates:
        checked.candidate = None  # the report goes back through a pipe: the findings, not the data
    return report


def check_beside(paths: list[Path], as_of, threads: ThreadPoolExecutor, plans: dict | None = None,
                 kept: dict | None = None):
    """Start the checker beside the candidates; ``.result()`` gives its report.

    For a class of some size it runs in a forked process: it is pure Python,
    and in a thread it would hold the interpreter lock that rendering and
    bundling need (measured: ~0.7 s of CPU in a 3.4 s one-candidate rebuild of
    100 candidates). The fork inherits the files already parsed and the
    modules already imported, so it starts at once (a spawned interpreter
    would import and parse everything again: that was slower). Where fork is
    not available, or the process fails, the checker runs in a thread."""
    if len(paths) < CHECK_PROCESS_MIN or "fork" not in multiprocessing.get_all_start_methods():
        return threads.submit(_check, paths, as_of, plans, kept)
    import dossier.check  # noqa: F401 - imported before the fork, not in the child
    return _CheckProcess(paths, as_of, threads, plans, kept)


class _CheckProcess:
    def __init__(self, paths: list[Path], as_of, threads: ThreadPoolExecutor, plans: dict | None = None,
                 kept: dict | None = None):
        self._paths, self._as_of, self._threads, self._plans, self._kept = paths, as_of, threads, plans, kept
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
        self._process = context.Process(target=_check_in_child, args=(paths, as_of, send, plans, os.getpid(),
                                                                      self._receive, kept), daemon=True)
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
        return report if report is not None else self._threads.submit(_check, self._paths, self._as_of, self._plans,
                                                                       self._kept).result()


def _check_in_child(paths: list[Path], as_of, send, plans: dict | None = None, parent: int | None = None,
                    receive=None, kept: dict | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C, SIGTERM and SIGHUP are the parent's to handle;
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a daemon child is ended with it
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    if parent is not None:
        die_with_parent(parent)  # killed with SIGKILL, the parent cannot end it: it must not hang on
    if receive is not None:
        receive.close()  # the parent's end: with it open here, a send to a dead parent would block for ever
    with contextlib.suppress(OSError):
        os.nice(CHECK_PROCESS_NICENESS)  # its report is needed last: rendering and LibreOffice go first
    try:
        send.send(("ok", _check(paths, as_of, plans, kept)))
    except BaseException as exc:  # noqa: BLE001 - the parent checks again in a thread and reports
        with contextlib.suppress(OSError):  # a parent gone: nobody to tell
            send.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()


def add_check_findings(outcome: ClassOutcome, report) -> None:
    """The checker's findings for each candidate, so the class report shows them too;
    its report is kept in the outcome for the office board (dossier.board_pages)."""
    outcome.check = report
    by_source = {r.source: r for r in outcome.candidates}
    for group in report.candidates:
        result = by_source.get(group.source)
        if result is None:
            continue
        known = {(f.code, f.message) for f in result.findings}
        result.checks = [f for f in group.findings if (f.code, f.message) not in known]
