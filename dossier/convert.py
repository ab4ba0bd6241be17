"""DOCX → PDF with a pool of long-lived LibreOffice workers.

Public API::

    with ConversionPool(workers=2, timeout=60.0) as pool:
        results = pool.convert([(Path("a.docx"), Path("out/a.pdf")), ...])
    results = convert_files(jobs)          # one-shot
    find_soffice()                         # path of soffice, or EnvironmentFailure

How it works (measurements: ``bench/README.md``):

* **UNO backend (preferred).** Each worker is a small program
  (``dossier/uno_worker.py``) run under the interpreter that has the UNO
  bindings (Debian's ``/usr/bin/python3`` with ``python3-uno``; the toolkit's
  own interpreter cannot load them). It starts one ``soffice`` listening on a
  private pipe, with its own user profile, and converts document after
  document over UNO; this pool talks to it with JSON lines over stdin/stdout.
  A warm worker converts a short document in a fraction of soffice's start-up.
* **CLI backend (fallback, when no interpreter can import ``uno``).** Each
  worker runs ``soffice --headless --convert-to pdf`` over batches of files,
  with its own profile. Inputs are linked under numbered names into a private
  folder, so equal basenames from different folders cannot collide.

Both backends:

* one worker per CPU by default, each with its own profile directory (a shared
  profile makes concurrent soffice processes silently drop documents);
* UNO workers start from a copy of a profile made once per installation in
  the user's cache folder (:func:`profile_template`); closing the pool kills
  every soffice (what they made is already checked and in place);
* a UNO worker is replaced by a fresh one, between two jobs, after
  ``DOSSIER_LO_RECYCLE_AFTER`` conversions or once its memory has grown by
  ``DOSSIER_LO_RECYCLE_GROWTH_MB`` (:mod:`dossier.convert_recycle`); a CLI
  worker's soffice lives for one batch only;
* a per-document timeout; a hung or crashed soffice is killed (its whole
  process group) and replaced, and the document is retried once on the fresh
  one; a document that fails twice gives ``ok=False`` with a Vietnamese
  ``error``, it never raises, and the other documents still convert;
* the PDF is written beside the target under a temporary name, checked
  (non-empty, starts with ``%PDF-``, ends with ``%%EOF``; an exit code proves
  nothing) and moved into place with ``os.replace``;
* ``.docx`` is opened with the Word 2007 import filter explicitly, so a
  corrupt file fails instead of being "converted" as plain text;
* fonts: LibreOffice embeds subsets of every font used; Times New Roman is
  rendered with Liberation Serif (fontconfig alias, metric-compatible, full
  Vietnamese coverage) when ``fonts-liberation2`` is installed.

An :class:`~dossier.errors.EnvironmentFailure` is raised only when LibreOffice
is missing or no worker can be started at all.

Set ``DOSSIER_CONVERT_BACKEND=cli`` (or ``uno``) to force a backend, and
``DOSSIER_UNO_PYTHON`` to name the interpreter that has the UNO bindings.

The pool (this module: scheduling, workers, restarts) is built from
:mod:`dossier.convert_jobs` (jobs, queue, results, messages),
:mod:`dossier.convert_uno` and :mod:`dossier.convert_cli` (the two backends)
and :mod:`dossier.soffice` (finding LibreOffice, its processes, the profile
template).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
import weakref
from pathlib import Path

from dossier.convert_cli import CliBackend
from dossier.convert_jobs import MSG_CLOSED, Batch, ConversionResult, Job, JobQueue, msg_crash
from dossier.convert_recycle import Recycler, RecyclePolicy
from dossier.convert_uno import UnoBackend, UnoWorker
from dossier.errors import EnvironmentFailure
from dossier.soffice import INSTALL_HINT, find_soffice, kill_group, select_backend

__all__ = ["ConversionPool", "ConversionResult", "convert_files", "find_soffice"]

EXTRA_WORKERS_AFTER = 4  # queued jobs; fewer are left to the first worker (see ConversionPool)


# --------------------------------------------------------------------------
# The pool


_open_pools: weakref.WeakSet = weakref.WeakSet()


@atexit.register
def _close_open_pools() -> None:
    for pool in list(_open_pools):
        with contextlib.suppress(Exception):
            pool.close()


class ConversionPool(UnoBackend, CliBackend):
    """A pool of LibreOffice workers converting documents to PDF.

    ``workers`` defaults to the number of CPUs (soffice is single-threaded);
    ``timeout`` is the limit in seconds for one document on a started worker.
    The first worker starts in the background as soon as the pool is created,
    so creating it before rendering hides LibreOffice's start-up time; the
    others start once more than ``EXTRA_WORKERS_AFTER`` jobs wait (or with
    :meth:`start`, or when a worker cannot start). A run that finds everything
    up to date, or redoes one person's documents, keeps one LibreOffice busy
    instead of starting another on the same cores (faster: bench/README.md).

    :meth:`convert` is thread-safe: several threads may call it at once and
    share the workers (jobs are served first come, first served).

    Its private folder (the workers' profiles and files, the documents joined
    for one conversion: :attr:`scratch`) is made in ``scratch`` — the output
    folder's ``.dossier-tmp`` for a command, so that no copy of anyone's data
    is left outside the output folder, even after SIGKILL — else in the
    system's temporary folder.

    ``recycle`` says when a UNO worker is replaced by a fresh one (after so
    many conversions, or when its memory has grown so much); by default the
    environment's ``DOSSIER_LO_RECYCLE_*`` or :mod:`dossier.convert_recycle`'s
    defaults.
    """

    def __init__(
        self,
        workers: int | None = None,
        timeout: float = 60.0,
        scratch: Path | None = None,
        recycle: RecyclePolicy | None = None,
    ):
        if workers is None:
            workers = os.cpu_count() or 1
        if workers < 1:
            raise ValueError("workers must be at least 1")
        if not timeout > 0:
            raise ValueError("timeout must be positive")
        self.workers = workers
        self.timeout = float(timeout)
        self.soffice = find_soffice()
        self.backend, self._python = select_backend(self.soffice)
        # UNO workers replaced before their memory creeps (dossier.convert_recycle)
        self._recycler = Recycler(self, recycle if recycle is not None else RecyclePolicy.from_env())
        try:
            # absolute: the workers' profile is named by a file URI (a relative OUT gives a relative scratch)
            self._root = Path(os.path.abspath(tempfile.mkdtemp(prefix="dossier-lo-", dir=scratch)))
        except OSError as exc:
            raise EnvironmentFailure(
                f"Không tạo được thư mục tạm cho LibreOffice: {exc.strerror or exc}"
            ) from exc
        self._queue = JobQueue(workers)
        self._lock = threading.Lock()
        self._closed = False
        self._broken: EnvironmentFailure | None = None
        self._live = workers
        self._current: dict[int, object] = {}  # slot -> UnoWorker or Popen (for close)
        self._restarts = 0
        self._generation = 0
        target = self._uno_slot if self.backend == "uno" else self._cli_slot
        self._threads = [
            threading.Thread(target=target, args=(slot,), name=f"dossier-lo-{slot}", daemon=True)
            for slot in range(workers)
        ]
        _open_pools.add(self)
        self._threads[0].start()

    # -- public ------------------------------------------------------------
    def start(self) -> None:
        """Start every worker now (otherwise the first starts with the pool and the
        others once more than ``EXTRA_WORKERS_AFTER`` jobs wait)."""
        with self._lock:
            if self._closed:
                return
            for thread in self._threads:
                if thread.ident is None:
                    thread.start()

    @property
    def scratch(self) -> Path:
        """The pool's private folder, removed when it closes: a place for the
        temporary files of its callers too."""
        return self._root

    @property
    def joins_documents(self) -> bool:
        """Whether joined documents can be cut back (dossier.compose): the UNO
        workers export bookmarks as named destinations, the command line does not."""
        return self.backend == "uno"

    def __enter__(self) -> ConversionPool:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def convert(self, jobs) -> list[ConversionResult]:
        """Convert ``(docx, pdf)`` pairs; results in input order.

        Never raises for one bad document (see ``ConversionResult.ok``/``error``);
        raises EnvironmentFailure only if no LibreOffice worker can run at all.
        """
        pairs = [(Path(source), Path(target)) for source, target in jobs]
        if not pairs:
            return []
        batch = Batch(len(pairs))
        work = [Job(i, s, t, batch) for i, (s, t) in enumerate(pairs)]
        with self._lock:
            if self._closed:
                raise RuntimeError("ConversionPool is closed")
            if self._broken is not None:
                raise self._broken
            self._queue.put_many(work)
            backlog = len(self._queue)
        if backlog > EXTRA_WORKERS_AFTER:
            self.start()
        try:
            while not batch.done.wait(0.5):
                pass
        except BaseException:
            batch.cancelled = True  # e.g. KeyboardInterrupt: workers skip the rest
            raise
        if batch.env_error is not None:
            raise batch.env_error
        return list(batch.results)

    def close(self) -> None:
        """Stop all workers and LibreOffice processes; idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for job in self._queue.drain():
                self._finish(job, False, MSG_CLOSED)
            self._queue.stop()
            # Every LibreOffice is killed, busy or idle: whatever it made is
            # already checked and in place, its profile and temporary files are
            # ours to remove, and asking it to terminate slowed every command's
            # end
            running = list(self._current.values())
        for item in running:
            self._kill(item)
        self._recycler.close()
        try:
            for thread in self._threads:
                if thread.ident is not None:  # started
                    thread.join(timeout=15)
        finally:
            with self._lock:
                leftovers = list(self._current.values())
            for item in leftovers:
                self._kill(item)
            shutil.rmtree(self._root, ignore_errors=True)
            _open_pools.discard(self)

    # -- shared helpers --------------------------------------------------------
    @staticmethod
    def _kill(item) -> None:
        if isinstance(item, UnoWorker):
            item.kill()
        elif isinstance(item, subprocess.Popen):
            kill_group(item)

    def _finish(self, job: Job, ok: bool, error: str | None = None, env: bool = False) -> None:
        if job.finished:
            return
        job.finished = True
        seconds = 0.0 if job.started is None else time.monotonic() - job.started
        result = ConversionResult(
            source=job.source,
            target=job.target,
            ok=ok,
            error=None if ok else error,
            attempts=job.attempts,
            seconds=round(seconds, 3),
        )
        batch = job.batch
        with batch.lock:
            batch.results[job.index] = result
            if env and batch.env_error is None:
                batch.env_error = self._broken
            batch.remaining -= 1
            if batch.remaining == 0:
                batch.done.set()

    def _fail(self, job: Job) -> None:
        error = job.last_error or msg_crash(job.name)
        if job.attempts > 1:
            error += f" (đã thử {job.attempts} lần)"
        self._finish(job, False, error)

    def _take(self, job: Job) -> bool:
        """Common checks before converting a job; False if it is already settled."""
        if job.finished or job.batch.cancelled:
            return False
        if self._closed:
            self._finish(job, False, MSG_CLOSED)
            return False
        job.begin()
        if not job.source.is_file():
            self._finish(job, False, f"Không tìm thấy tệp nguồn {job.source}")
            return False
        return True

    def _slot_died(self, detail: str, pending: list[Job]) -> None:
        """A slot cannot start LibreOffice: hand its jobs to the others, or
        declare the pool broken if it was the last one."""
        self._queue.consumer_gone()
        with self._lock:
            self._live -= 1
            if self._closed:
                for job in pending:
                    self._finish(job, False, MSG_CLOSED)
                return
            if self._live > 0:
                self._queue.put_many(pending, front=True)
                for thread in self._threads:  # the others take over, started if they were not
                    if thread.ident is None:
                        thread.start()
                return
            self._broken = EnvironmentFailure(
                f"Không khởi động được LibreOffice ({self.soffice}): {detail}. "
                f"Hãy kiểm tra bản cài đặt: {INSTALL_HINT}"
            )
            for job in pending:
                self._finish(job, False, str(self._broken), env=True)
            for job in self._queue.drain():
                self._finish(job, False, str(self._broken), env=True)

    def _next_name(self, slot: int) -> str:
        with self._lock:
            self._generation += 1
            return f"dossier_{os.getpid()}_{slot}_{self._generation}_{os.urandom(4).hex()}"


def convert_files(
    jobs, workers: int | None = None, timeout: float = 60.0
) -> list[ConversionResult]:
    """Convert ``(docx, pdf)`` pairs with a temporary pool (no more workers than jobs)."""
    pairs = [(Path(source), Path(target)) for source, target in jobs]
    if not pairs:
        return []
    count = min(workers if workers is not None else (os.cpu_count() or 1), len(pairs))
    with ConversionPool(workers=count, timeout=timeout) as pool:
        return pool.convert(pairs)
