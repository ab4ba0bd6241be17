"""DOCX → PDF with a pool of long-lived LibreOffice workers.

Public API::

    with ConversionPool(workers=2, timeout=60.0) as pool:
        results = pool.convert([(Path("a.docx"), Path("out/a.pdf")), ...])
    results = convert_files(jobs)          # one-shot
    find_soffice()                         # path of soffice, or EnvironmentFailure

How it works (see notes/libreoffice-performance.md for the measurements):

* **UNO backend (preferred).** Each worker is a small program
  (``dossier/uno_worker.py``) run under the interpreter that has the UNO
  bindings (Debian's ``/usr/bin/python3`` with ``python3-uno``; the toolkit's
  own interpreter cannot load them). It starts one ``soffice`` listening on a
  private pipe, with its own user profile, and converts document after
  document over UNO; this pool talks to it with JSON lines over stdin/stdout.
  A warm worker converts a two-page document in about 70 ms.
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
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import glob
import hashlib
import json
import math
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from dossier.errors import EnvironmentFailure
from dossier.fsutil import atomic_path, user_cache_dir

__all__ = ["ConversionPool", "ConversionResult", "convert_files", "find_soffice"]

MAX_ATTEMPTS = 2
START_TIMEOUT = 60.0  # seconds for a fresh soffice to accept connections
CLI_BATCH_MAX = 40  # documents per soffice run in the CLI backend
EXTRA_WORKERS_AFTER = 4  # queued jobs; fewer are left to the first worker (see ConversionPool)

INSTALL_HINT = "sudo apt-get install libreoffice-writer-nogui fonts-liberation2"

# Import filters by input suffix; anything else is left to type detection.
IMPORT_FILTERS = {
    ".docx": "MS Word 2007 XML",
    ".doc": "MS Word 97",
    ".odt": "writer8",
    ".rtf": "Rich Text Format",
}

_WORKER_SCRIPT = Path(__file__).with_name("uno_worker.py")

# Installs that do not put soffice on PATH (official tarballs, macOS); globs,
# the highest version first.
_FALLBACK_LOCATIONS = (
    "/opt/libreoffice*/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


@dataclass
class ConversionResult:
    """Outcome of one (source, target) job, in the order the jobs were given."""

    source: Path
    target: Path
    ok: bool
    error: str | None  # Vietnamese, for the user; None when ok
    attempts: int  # conversion attempts made (0: never tried, e.g. missing source)
    seconds: float  # wall time from first attempt to result, retries included


# --------------------------------------------------------------------------
# Finding LibreOffice and the UNO interpreter


def find_soffice() -> str:
    """Path of the ``soffice`` program; EnvironmentFailure (exit 3) if missing."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for pattern in _FALLBACK_LOCATIONS:
        for candidate in sorted(glob.glob(pattern), reverse=True):
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
    raise EnvironmentFailure(
        "Không tìm thấy LibreOffice (lệnh soffice), cần có để chuyển văn bản sang PDF. "
        f"Cài đặt bằng lệnh: {INSTALL_HINT}"
    )


@functools.lru_cache(maxsize=8)
def _uno_python(soffice: str) -> str | None:
    """An interpreter that can ``import uno`` for this LibreOffice, or None."""
    candidates = []
    if os.environ.get("DOSSIER_UNO_PYTHON"):
        candidates.append(os.environ["DOSSIER_UNO_PYTHON"])
    program_dir = Path(os.path.realpath(soffice)).parent
    candidates += [str(program_dir / "python"), "/usr/bin/python3", sys.executable]
    seen = set()
    for candidate in candidates:
        if candidate in seen or not (os.path.isfile(candidate) and os.access(candidate, os.X_OK)):
            continue
        seen.add(candidate)
        try:
            probe = subprocess.run(
                [candidate, "-I", "-c", "import uno, pyuno"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if probe.returncode == 0:
            return candidate
    return None


def _select_backend(soffice: str) -> tuple[str, str | None]:
    wanted = os.environ.get("DOSSIER_CONVERT_BACKEND", "auto").strip().lower()
    if wanted == "cli":
        return "cli", None
    python = _uno_python(soffice)
    if python:
        return "uno", python
    if wanted == "uno":
        raise EnvironmentFailure(
            "Không dùng được giao tiếp UNO của LibreOffice (thiếu gói python3-uno). "
            "Cài đặt bằng lệnh: sudo apt-get install python3-uno"
        )
    return "cli", None


# --------------------------------------------------------------------------
# Processes


def _group_pids(pgid: int) -> list[int]:
    """Live (non-zombie) processes of process group ``pgid`` (Linux /proc)."""
    pids = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return pids
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] not in (b"Z", b"X"):
            pids.append(int(entry))
    return pids


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill ``proc`` (a process-group leader) and everything in its group.

    The other members are killed first and given a moment to be reaped by
    their parents inside the group (the UNO worker is a subreaper, soffice's
    launcher waits for soffice.bin), so nothing is left as an orphan zombie
    where PID 1 does not reap; then the leader, which we reap ourselves.
    """
    pgid = proc.pid
    if proc.poll() is None:
        others = [pid for pid in _group_pids(pgid) if pid != pgid]
        for pid in others:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 2.0
        while others and time.monotonic() < deadline:
            time.sleep(0.01)
            others = [pid for pid in _group_pids(pgid) if pid != pgid]
    with contextlib.suppress(OSError):
        os.killpg(pgid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def _remove_ipc_pipes(profile_url: str, *names: str) -> None:
    """Remove the named pipes a killed soffice leaves in /tmp: its own listener
    pipe(s) and the single-instance pipe, which LibreOffice names after the MD5
    of the UTF-16 profile URL (each byte in hex without zero padding)."""
    digest = hashlib.md5(profile_url.encode("utf-16-le")).digest()  # noqa: S324 - a name only
    ipc = "SingleOfficeIPC_" + "".join(format(byte, "x") for byte in digest)
    for name in (ipc, *names):
        for folder in ("/tmp", "/var/tmp"):
            with contextlib.suppress(OSError):
                os.unlink(f"{folder}/OSL_PIPE_{os.getuid()}_{name}")


def _soffice_env(tmpdir: Path) -> dict[str, str]:
    """soffice's environment: its temporary files (lu*.tmp) go into our own
    folder, which is removed even when soffice is killed."""
    tmpdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["TMPDIR"] = str(tmpdir)
    return env


def _check_pdf(path: Path) -> str | None:
    """None if ``path`` looks like a complete PDF, else what is wrong (Vietnamese)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(5)
            fh.seek(max(0, size - 2048))
            tail = fh.read()
    except OSError:
        return "không có tệp PDF đầu ra"
    if size == 0:
        return "tệp PDF đầu ra rỗng"
    if head != b"%PDF-":
        return "tệp đầu ra không phải PDF"
    if b"%%EOF" not in tail:
        return "tệp PDF đầu ra bị cắt cụt"
    return None


def _tail(path: Path, limit: int = 400) -> str:
    try:
        text = path.read_text("utf-8", "replace")
    except OSError:
        return ""
    lines = [ln for ln in text.splitlines() if ln.strip() and "javaldx" not in ln]
    return " ".join(" ".join(lines).split())[-limit:]


# --------------------------------------------------------------------------
# Jobs


class _Batch:
    """The jobs of one ``convert`` call and their results."""

    def __init__(self, count: int):
        self.results: list[ConversionResult | None] = [None] * count
        self.remaining = count
        self.done = threading.Event()
        self.env_error: EnvironmentFailure | None = None
        self.cancelled = False
        self.lock = threading.Lock()


class _Job:
    def __init__(self, index: int, source: Path, target: Path, batch: _Batch):
        self.index = index
        self.source = source
        self.target = target
        self.batch = batch
        self.attempts = 0
        self.excused = False  # one failure not blamed on the document was forgiven
        self.started: float | None = None
        self.last_error: str | None = None
        self.finished = False

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def filter(self) -> str | None:
        return IMPORT_FILTERS.get(self.source.suffix.lower())

    def begin(self) -> None:
        if self.started is None:
            self.started = time.monotonic()


class _JobQueue:
    """FIFO of jobs shared by the workers. ``put_many`` adds a whole
    ``convert`` call at once, so a CLI worker sizing its batch sees all of it."""

    def __init__(self, consumers: int):
        self._items: deque[_Job] = deque()
        self._cond = threading.Condition()
        self._stopped = False
        self._consumers = consumers  # batch takers (CLI workers) still alive
        self._running = 0  # of those, how many are converting a batch now

    def put_many(self, jobs, front: bool = False) -> None:
        with self._cond:
            if front:
                self._items.extendleft(reversed(list(jobs)))
            else:
                self._items.extend(jobs)
            self._cond.notify_all()

    def get(self) -> _Job | None:
        """The next job; None once stopped and empty."""
        with self._cond:
            while not self._items and not self._stopped:
                self._cond.wait()
            return self._items.popleft() if self._items else None

    def get_batch(self, limit: int) -> list[_Job] | None:
        """Up to ``limit`` jobs with the same import filter, about an even share
        of the queue among the workers not busy with a batch (call
        ``batch_done`` afterwards). None once stopped and empty."""
        with self._cond:
            while not self._items and not self._stopped:
                self._cond.wait()
            if not self._items:
                return None
            idle = max(1, self._consumers - self._running)
            want = max(1, min(limit, math.ceil(len(self._items) / idle)))
            first = self._items.popleft()
            batch, keep = [first], deque()
            while self._items and len(batch) < want:
                job = self._items.popleft()
                (batch if job.filter == first.filter else keep).append(job)
            self._items.extendleft(reversed(keep))
            self._running += 1
            return batch

    def batch_done(self) -> None:
        with self._cond:
            self._running -= 1

    def consumer_gone(self) -> None:
        with self._cond:
            self._consumers -= 1

    def __len__(self) -> int:
        with self._cond:
            return len(self._items)

    def drain(self) -> list[_Job]:
        with self._cond:
            items = list(self._items)
            self._items.clear()
            return items

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()


class _Timeout(Exception):
    pass


class _Died(Exception):
    pass


class _StartFailed(Exception):
    pass


class _SlotDead(Exception):
    pass


class _AttemptFailed(Exception):
    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


def _msg_timeout(name: str, timeout: float) -> str:
    return f"LibreOffice không chuyển xong {name} sau {timeout:g} giây"


def _msg_crash(name: str) -> str:
    return f"LibreOffice dừng đột ngột khi chuyển {name}"


def _msg_load(name: str, detail: str = "") -> str:
    extra = f" ({detail})" if detail else ""
    return f"LibreOffice không mở được {name}: tệp hỏng hoặc không đúng định dạng{extra}"


_MSG_CLOSED = "Đã dừng chuyển đổi trước khi xử lý xong tệp này"


# --------------------------------------------------------------------------
# A profile made once


_TEMPLATE_LOCK = threading.Lock()
_TEMPLATE_ARGS = ("--headless", "--invisible", "--nologo", "--nodefault", "--norestore", "--nolockcheck")


def _template_folder(soffice: str) -> Path:
    """Where this installation's profile template lives: the user's cache folder,
    named after the installed soffice.bin and the locale (a LibreOffice upgrade or
    another language gets a template of its own)."""
    program = Path(os.path.realpath(soffice)).parent
    binary = program / "soffice.bin"
    info = (binary if binary.exists() else Path(os.path.realpath(soffice))).stat()
    locale = [os.environ.get(name, "") for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")]
    key = json.dumps([str(program), info.st_size, info.st_mtime_ns, locale])
    return user_cache_dir() / f"libreoffice-profile-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def profile_template(soffice: str) -> Path | None:
    """A LibreOffice user profile made once for this installation, which each
    worker starts from a copy of: with an empty profile soffice sets it up and
    restarts itself, ~0.15 s more at every start (measured: 0.97 s to ready
    instead of 0.82 s, medians of 8). It is made with ``--terminate_after_init``
    and never opens a document, so it holds LibreOffice's defaults and nothing
    of the user's. None if it cannot be made (no writable home, soffice
    failing): workers then start with an empty profile as before."""
    with _TEMPLATE_LOCK:
        try:
            folder = _template_folder(soffice)
            if (folder / "user" / "registrymodifications.xcu").is_file():
                return folder
            folder.parent.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=".making-", dir=folder.parent))
        except OSError:
            return None
        profile = work / "profile"
        try:
            proc = subprocess.Popen(
                [soffice, f"-env:UserInstallation={profile.as_uri()}", *_TEMPLATE_ARGS, "--terminate_after_init"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=_soffice_env(work / "tmp"),
                start_new_session=True,
            )
            try:
                proc.wait(timeout=START_TIMEOUT)
            finally:
                _kill_group(proc)
                _remove_ipc_pipes(profile.as_uri())
            if proc.returncode != 0 or not (profile / "user" / "registrymodifications.xcu").is_file():
                return None
            try:
                os.rename(profile, folder)
            except OSError:
                if not folder.is_dir():  # not another process making it at the same time
                    return None
            return folder
        except (OSError, subprocess.SubprocessError):
            return None
        finally:
            shutil.rmtree(work, ignore_errors=True)


def discard_profile_template(folder: Path) -> None:
    """Remove a template a worker could not start from (it is made again next time)."""
    with _TEMPLATE_LOCK:
        shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------
# UNO worker process


class _UnoWorker:
    """One ``uno_worker.py`` process and the soffice it owns."""

    def __init__(self, python: str, soffice: str, directory: Path, name: str, template: Path | None = None):
        self.python = python
        self.soffice = soffice
        self.dir = directory
        self.name = name
        self.template = template
        self.proc: subprocess.Popen | None = None
        self.replies: queue.Queue = queue.Queue()
        self.soffice_pid: int | None = None
        self.seq = 0
        self.profile_url = (directory / "profile").as_uri()

    def start(self, timeout: float) -> None:
        try:
            self._spawn(timeout)
        except OSError as exc:
            self.kill()
            raise _StartFailed(f"{exc.strerror or exc}") from exc
        try:
            message = self.replies.get(timeout=timeout + 5.0)
        except queue.Empty:
            message = {"event": "error", "detail": f"no answer within {timeout:g} s"}
        if message is None or message.get("event") != "ready":
            detail = (message or {}).get("detail") or "the worker exited"
            logs = _tail(self.dir / "worker.log") + " " + _tail(self.dir / "soffice.log")
            self.kill()
            raise _StartFailed(f"{detail} {logs}".strip())
        self.soffice_pid = message.get("soffice_pid")

    def _spawn(self, timeout: float) -> None:
        self.dir.mkdir(parents=True)
        if self.template is not None:
            shutil.copytree(self.template, self.dir / "profile")
        config = {
            "soffice": self.soffice,
            "profile_url": self.profile_url,
            "pipe": self.name,
            "start_timeout": timeout,
            "log": str(self.dir / "soffice.log"),
            "workdir": str(self.dir),
        }
        with open(self.dir / "worker.log", "ab") as log:
            self.proc = subprocess.Popen(
                [self.python, "-I", str(_WORKER_SCRIPT), json.dumps(config)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                cwd=self.dir,
                env=_soffice_env(self.dir / "tmp"),
                start_new_session=True,  # own process group: killed as a whole
            )
        threading.Thread(target=self._read, name=f"{self.name}-reader", daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        try:
            for line in stream:
                try:
                    self.replies.put(json.loads(line))
                except ValueError:
                    continue
        except (OSError, ValueError):
            pass
        finally:
            self.replies.put(None)

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def request(self, src: str, dst: str, filter_name: str | None, timeout: float) -> dict:
        """Convert one document; kills this worker before raising _Timeout/_Died."""
        self.seq += 1
        line = json.dumps({"id": self.seq, "src": src, "dst": dst, "filter": filter_name})
        try:
            self.proc.stdin.write(line.encode() + b"\n")
            self.proc.stdin.flush()
        except (OSError, ValueError):
            self.kill()
            raise _Died() from None
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill()
                raise _Timeout()
            try:
                message = self.replies.get(timeout=remaining)
            except queue.Empty:
                continue
            if message is None:
                self.kill()
                raise _Died()
            if message.get("id") == self.seq:
                return message

    def kill(self) -> None:
        if self.proc is not None:
            _kill_group(self.proc)
            for stream in (self.proc.stdin, self.proc.stdout):
                with contextlib.suppress(OSError, ValueError):
                    stream.close()
        _remove_ipc_pipes(self.profile_url, self.name)  # a killed soffice leaves them behind
        shutil.rmtree(self.dir, ignore_errors=True)

    def close(self, grace: float = 3.0) -> None:
        """Ask the worker to stop soffice and exit; kill it if it does not."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                self.proc.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=grace)
        self.kill()


# --------------------------------------------------------------------------
# The pool


_open_pools: weakref.WeakSet = weakref.WeakSet()


@atexit.register
def _close_open_pools() -> None:
    for pool in list(_open_pools):
        with contextlib.suppress(Exception):
            pool.close()


class ConversionPool:
    """A pool of LibreOffice workers converting documents to PDF.

    ``workers`` defaults to the number of CPUs (soffice is single-threaded);
    ``timeout`` is the limit in seconds for one document on a started worker.
    The first worker starts in the background as soon as the pool is created,
    so creating it before rendering hides LibreOffice's start-up time; the
    others start once more than ``EXTRA_WORKERS_AFTER`` jobs wait (or with
    :meth:`start`, or when a worker cannot start). A run that finds everything
    up to date, or redoes one person's documents, keeps one LibreOffice busy
    instead of starting another on the same cores (2 cores, 100 candidates:
    a no-change run 2.2 s instead of 2.6 s; after editing one person, medians
    of 5: 3.10 s with every worker started at the first job, 2.99 s so).

    :meth:`convert` is thread-safe: several threads may call it at once and
    share the workers (jobs are served first come, first served).
    """

    def __init__(self, workers: int | None = None, timeout: float = 60.0):
        if workers is None:
            workers = os.cpu_count() or 1
        if workers < 1:
            raise ValueError("workers must be at least 1")
        if not timeout > 0:
            raise ValueError("timeout must be positive")
        self.workers = workers
        self.timeout = float(timeout)
        self.soffice = find_soffice()
        self.backend, self._python = _select_backend(self.soffice)
        try:
            self._root = Path(tempfile.mkdtemp(prefix="dossier-lo-"))
        except OSError as exc:
            raise EnvironmentFailure(
                f"Không tạo được thư mục tạm cho LibreOffice: {exc.strerror or exc}"
            ) from exc
        self._queue = _JobQueue(workers)
        self._lock = threading.Lock()
        self._closed = False
        self._broken: EnvironmentFailure | None = None
        self._live = workers
        self._current: dict[int, object] = {}  # slot -> _UnoWorker or Popen (for close)
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
        batch = _Batch(len(pairs))
        work = [_Job(i, s, t, batch) for i, (s, t) in enumerate(pairs)]
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
                self._finish(job, False, _MSG_CLOSED)
            self._queue.stop()
            # Every LibreOffice is killed, busy or idle: whatever it made is
            # already checked and in place, its profile and temporary files are
            # ours to remove, and asking it to terminate took 0.1-0.2 s of every
            # command's end
            running = list(self._current.values())
        for item in running:
            self._kill(item)
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
        if isinstance(item, _UnoWorker):
            item.kill()
        elif isinstance(item, subprocess.Popen):
            _kill_group(item)

    def _finish(self, job: _Job, ok: bool, error: str | None = None, env: bool = False) -> None:
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

    def _fail(self, job: _Job) -> None:
        error = job.last_error or _msg_crash(job.name)
        if job.attempts > 1:
            error += f" (đã thử {job.attempts} lần)"
        self._finish(job, False, error)

    def _take(self, job: _Job) -> bool:
        """Common checks before converting a job; False if it is already settled."""
        if job.finished or job.batch.cancelled:
            return False
        if self._closed:
            self._finish(job, False, _MSG_CLOSED)
            return False
        job.begin()
        if not job.source.is_file():
            self._finish(job, False, f"Không tìm thấy tệp nguồn {job.source}")
            return False
        return True

    def _slot_died(self, detail: str, pending: list[_Job]) -> None:
        """A slot cannot start LibreOffice: hand its jobs to the others, or
        declare the pool broken if it was the last one."""
        self._queue.consumer_gone()
        with self._lock:
            self._live -= 1
            if self._closed:
                for job in pending:
                    self._finish(job, False, _MSG_CLOSED)
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

    # -- UNO backend -------------------------------------------------------
    def _worker_pids(self) -> dict[int, int | None]:
        """slot -> pid of its soffice.bin (for tests and diagnostics)."""
        with self._lock:
            return {
                slot: w.soffice_pid
                for slot, w in self._current.items()
                if isinstance(w, _UnoWorker) and w.soffice_pid is not None
            }

    def _start_worker(self, slot: int, job: _Job | None) -> _UnoWorker:
        """A started worker for ``slot``; after two failed starts the slot dies
        (its job goes to the other slots) and _SlotDead is raised."""
        detail = ""
        template = profile_template(self.soffice)
        for _ in range(2):
            name = self._next_name(slot)
            worker = _UnoWorker(self._python, self.soffice, self._root / name, name, template)
            with self._lock:
                closed = self._closed
                if not closed:
                    self._current[slot] = worker  # so close() can kill it while it starts
            if closed:
                if job is not None:
                    self._finish(job, False, _MSG_CLOSED)
                raise _SlotDead()
            try:
                worker.start(START_TIMEOUT)
            except Exception as exc:  # noqa: BLE001 - _StartFailed, or anything unforeseen: never a silent dead slot
                if not isinstance(exc, _StartFailed):
                    worker.kill()
                detail = str(exc) or type(exc).__name__
                if self._closed:  # killed by close() while starting: nothing is wrong with the template
                    continue
                if template is not None:  # perhaps the template's fault: the next start goes without
                    discard_profile_template(template)
                    template = None
                continue
            return worker
        self._slot_died(detail, [job] if job is not None else [])
        raise _SlotDead()

    def _uno_slot(self, slot: int) -> None:
        worker: _UnoWorker | None = None
        try:
            worker = self._start_worker(slot, None)
            while True:
                job = self._queue.get()
                if job is None:
                    return
                if not self._take(job):
                    continue
                worker = self._convert_uno(slot, worker, job)
        except _SlotDead:
            worker = None
        finally:
            with self._lock:
                self._current.pop(slot, None)
            if worker is not None:
                worker.close()

    def _convert_uno(self, slot: int, worker: _UnoWorker | None, job: _Job) -> _UnoWorker | None:
        while job.attempts < MAX_ATTEMPTS:
            if self._closed:
                self._finish(job, False, _MSG_CLOSED)
                return worker
            if worker is None or not worker.running():
                if worker is not None:
                    worker.kill()
                with self._lock:
                    self._restarts += 1
                worker = self._start_worker(slot, job)
            job.attempts += 1
            try:
                # soffice stores into the pool's private folder: a soffice killed while
                # storing leaves its lock and lu*.tmp files there, never beside the PDF
                private = self._root / f"slot{slot}-{job.index}.pdf"
                with atomic_path(job.target) as tmp:
                    try:
                        reply = worker.request(
                            os.path.abspath(job.source),
                            os.path.abspath(private),
                            job.filter,
                            self.timeout,
                        )
                        if not reply.get("ok"):
                            raise _AttemptFailed(reply.get("kind", "load"), reply.get("detail", ""))
                        problem = _check_pdf(private)
                        if problem:
                            raise _AttemptFailed("output", problem)
                        shutil.move(private, tmp)
                    finally:
                        for leftover in (private, private.parent / f".~lock.{private.name}#"):
                            with contextlib.suppress(OSError):
                                os.unlink(leftover)
            except _Timeout:
                job.last_error = _msg_timeout(job.name, self.timeout)
                worker = None
            except _Died:
                job.last_error = _msg_crash(job.name)
                worker = None
            except _AttemptFailed as exc:
                if exc.kind in ("fatal", "dead"):
                    worker.kill()
                    worker = None
                if exc.kind == "dead" and not job.excused:
                    job.excused = True  # soffice was gone before it saw the document
                    job.attempts -= 1
                    continue
                name = job.name
                if exc.kind == "store":
                    job.last_error = f"LibreOffice không xuất được PDF cho {name} ({exc.message})"
                elif exc.kind == "output":
                    job.last_error = f"Chuyển {name} sang PDF không thành công: {exc.message}"
                elif exc.kind in ("fatal", "dead"):
                    job.last_error = _msg_crash(job.name)
                else:
                    job.last_error = _msg_load(job.name)
            except EnvironmentFailure as exc:  # target folder not writable
                self._finish(job, False, str(exc))
                return worker
            else:
                self._finish(job, True)
                return worker
        if self._closed:
            self._finish(job, False, _MSG_CLOSED)
        else:
            self._fail(job)
        return worker

    # -- CLI backend -------------------------------------------------------
    def _cli_slot(self, slot: int) -> None:
        retry: deque[_Job] = deque()  # failed once: run alone in a fresh soffice
        slot_dir = self._root / f"cli-{slot}"
        profile = slot_dir / "profile"
        try:
            if not self._cli_warm_up(slot, slot_dir, profile):
                return
            while True:
                if retry:
                    batch, shared = [retry.popleft()], False
                else:
                    batch, shared = self._queue.get_batch(CLI_BATCH_MAX), True
                    if batch is None:
                        return
                try:
                    batch = [job for job in batch if self._take(job)]
                    if batch:
                        self._run_cli_batch(slot, batch, slot_dir, profile, retry)
                finally:
                    if shared:
                        self._queue.batch_done()
        finally:
            for job in retry:
                if self._closed:
                    self._finish(job, False, _MSG_CLOSED)
                else:
                    self._fail(job)
            shutil.rmtree(slot_dir, ignore_errors=True)

    def _cli_popen(self, slot: int, slot_dir: Path, profile: Path, args: list[str], cwd: Path):
        """Start one soffice run for ``slot`` (registered for close()), or None if closed."""
        cmd = [
            self.soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nolockcheck",
            *args,
        ]
        with self._lock:
            if self._closed:
                return None
            with open(slot_dir / "soffice.log", "wb") as log:
                proc = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                    cwd=cwd,
                    env=_soffice_env(slot_dir / "tmp"),
                    start_new_session=True,
                )
            self._current[slot] = proc
            return proc

    def _cli_warm_up(self, slot: int, slot_dir: Path, profile: Path) -> bool:
        """Convert a one-line text file: creates the profile (later runs start
        faster) and proves that soffice works. Two failures kill the slot."""
        probe = slot_dir / "warm-up"
        detail = ""
        for _ in range(2):
            shutil.rmtree(probe, ignore_errors=True)
            probe.mkdir(parents=True)
            (probe / "probe.txt").write_text("dossier\n", encoding="utf-8")
            try:
                args = ["--convert-to", "pdf:writer_pdf_Export", "--outdir", str(probe)]
                args.append(str(probe / "probe.txt"))
                proc = self._cli_popen(slot, slot_dir, profile, args, probe)
            except OSError as exc:
                proc, detail = None, str(exc.strerror or exc)
            if proc is None:
                if self._closed:
                    return False
                continue
            try:
                proc.wait(timeout=START_TIMEOUT)
            except subprocess.TimeoutExpired:
                detail = f"no PDF within {START_TIMEOUT:g} s"
            finally:
                _kill_group(proc)
                _remove_ipc_pipes(profile.as_uri())
                with self._lock:
                    self._current.pop(slot, None)
            if self._closed:
                return False
            if _check_pdf(probe / "probe.pdf") is None:
                shutil.rmtree(probe, ignore_errors=True)
                return True
            shutil.rmtree(profile, ignore_errors=True)
            detail = _tail(slot_dir / "soffice.log") or detail or f"exit code {proc.returncode}"
        self._slot_died(detail, [])
        return False

    def _run_cli_batch(self, slot, batch, slot_dir, profile, retry) -> None:
        """Run one soffice over ``batch``; settle or retry every job; jobs it
        never reached (behind a hang or crash) go back to the shared queue."""
        run = slot_dir / f"run-{os.urandom(4).hex()}"
        indir, outdir = run / "in", run / "out"
        indir.mkdir(parents=True)
        outdir.mkdir()
        links = []
        for i, job in enumerate(batch):
            link = indir / f"{i:04d}{job.source.suffix.lower()}"
            os.symlink(os.path.abspath(job.source), link)
            links.append(str(link))
        args = [f"--infilter={batch[0].filter}"] if batch[0].filter else []
        args += ["--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir), *links]
        outputs = [outdir / f"{i:04d}.pdf" for i in range(len(batch))]
        try:
            proc = self._cli_popen(slot, slot_dir, profile, args, run)
        except OSError as exc:
            proc = None
            for job in batch:
                job.attempts += 1
                job.last_error = f"Không chạy được LibreOffice: {exc.strerror or exc}"
                if job.attempts < MAX_ATTEMPTS:
                    retry.append(job)
                else:
                    self._fail(job)
        if proc is None:
            for job in batch:
                if self._closed:
                    self._finish(job, False, _MSG_CLOSED)
            shutil.rmtree(run, ignore_errors=True)
            return
        hung = False
        settled: set[int] = set()

        def deliver(i: int) -> bool:
            """Move output ``i`` into place if it is a complete PDF."""
            if i in settled or _check_pdf(outputs[i]) is not None:
                return i in settled
            settled.add(i)
            job = batch[i]
            job.attempts += 1
            try:
                with atomic_path(job.target) as tmp:
                    shutil.copyfile(outputs[i], tmp)
            except EnvironmentFailure as exc:
                self._finish(job, False, str(exc))
            else:
                self._finish(job, True)
            return True

        try:
            started = last_progress = time.monotonic()
            highest = -1
            while proc.poll() is None:
                time.sleep(0.05)
                now = time.monotonic()
                while highest + 1 < len(outputs) and outputs[highest + 1].exists():
                    highest += 1
                    last_progress = now
                for i in range(highest):  # soffice has moved past these: complete
                    if i not in settled and not self._closed:
                        deliver(i)
                if highest < 0:  # start-up, then the first document
                    limit = started + START_TIMEOUT + self.timeout
                else:
                    limit = last_progress + self.timeout
                if now > limit or self._closed:
                    hung = not self._closed
                    _kill_group(proc)
                    break
        finally:
            if proc.poll() is None:
                _kill_group(proc)
            with self._lock:
                self._current.pop(slot, None)
        rc = proc.returncode
        valid = [_check_pdf(out) is None for out in outputs]
        last = max((i for i, out in enumerate(outputs) if out.exists()), default=-1)
        culprit = last + 1 if (last < 0 or valid[last]) else last
        crashed = hung or rc != 0
        unreached = []
        for i, job in enumerate(batch):
            if i in settled:
                continue
            if self._closed:
                self._finish(job, False, _MSG_CLOSED)
                continue
            if valid[i]:
                deliver(i)
                continue
            if crashed and i > culprit:
                unreached.append(job)  # not its fault
                continue
            job.attempts += 1
            if hung and i == culprit:
                job.last_error = _msg_timeout(job.name, self.timeout)
            elif crashed and i == culprit:
                job.last_error = _msg_crash(job.name)
            else:
                job.last_error = _msg_load(job.name)
            if job.attempts < MAX_ATTEMPTS:
                retry.append(job)
            else:
                self._fail(job)
        if unreached:
            with self._lock:
                if self._closed:
                    for job in unreached:
                        self._finish(job, False, _MSG_CLOSED)
                else:
                    self._queue.put_many(unreached, front=True)
        if crashed:
            _remove_ipc_pipes(profile.as_uri())
        if hung:
            shutil.rmtree(profile, ignore_errors=True)  # start the next run from a clean profile
            with self._lock:
                self._restarts += 1
        shutil.rmtree(run, ignore_errors=True)


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
