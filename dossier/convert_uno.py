"""The UNO backend of the conversion pool (preferred): one ``uno_worker.py``
process per slot, run under the interpreter that has the UNO bindings, owning
one soffice that converts document after document; the pool talks to it with
JSON lines over stdin/stdout. A crashed or hung worker is killed and replaced,
and the document retried once on the fresh one.

:class:`UnoBackend` is a part of :class:`dossier.convert.ConversionPool` (a
mixin): it uses the pool's queue, lock, slots and ``_finish``/``_fail``/
``_take``/``_slot_died``/``_next_name``.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

from dossier.convert_jobs import (
    MAX_ATTEMPTS,
    MSG_CLOSED,
    AttemptFailed,
    Job,
    SlotDead,
    StartFailed,
    WorkerDied,
    WorkerTimeout,
    msg_crash,
    msg_load,
    msg_timeout,
)
from dossier.errors import EnvironmentFailure
from dossier.fsutil import atomic_path
from dossier.soffice import (
    START_TIMEOUT,
    check_pdf,
    discard_profile_template,
    kill_group,
    log_tail,
    profile_template,
    remove_ipc_pipes,
    soffice_env,
)

_WORKER_SCRIPT = Path(__file__).with_name("uno_worker.py")


class UnoWorker:
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
            raise StartFailed(f"{exc.strerror or exc}") from exc
        try:
            message = self.replies.get(timeout=timeout + 5.0)
        except queue.Empty:
            message = {"event": "error", "detail": f"no answer within {timeout:g} s"}
        if message is None or message.get("event") != "ready":
            detail = (message or {}).get("detail") or "the worker exited"
            logs = log_tail(self.dir / "worker.log") + " " + log_tail(self.dir / "soffice.log")
            self.kill()
            raise StartFailed(f"{detail} {logs}".strip())
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
                env=soffice_env(self.dir / "tmp"),
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
        """Convert one document; kills this worker before raising WorkerTimeout/WorkerDied."""
        self.seq += 1
        line = json.dumps({"id": self.seq, "src": src, "dst": dst, "filter": filter_name})
        try:
            self.proc.stdin.write(line.encode() + b"\n")
            self.proc.stdin.flush()
        except (OSError, ValueError):
            self.kill()
            raise WorkerDied() from None
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill()
                raise WorkerTimeout()
            try:
                message = self.replies.get(timeout=remaining)
            except queue.Empty:
                continue
            if message is None:
                self.kill()
                raise WorkerDied()
            if message.get("id") == self.seq:
                return message

    def kill(self) -> None:
        if self.proc is not None:
            kill_group(self.proc)
            for stream in (self.proc.stdin, self.proc.stdout):
                with contextlib.suppress(OSError, ValueError):
                    stream.close()
        remove_ipc_pipes(self.profile_url, self.name)  # a killed soffice leaves them behind
        shutil.rmtree(self.dir, ignore_errors=True)

    def close(self, grace: float = 3.0) -> None:
        """Ask the worker to stop soffice and exit; kill it if it does not."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                self.proc.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=grace)
        self.kill()


class UnoBackend:
    """The UNO slots of :class:`~dossier.convert.ConversionPool`."""

    def _worker_pids(self) -> dict[int, int | None]:
        """slot -> pid of its soffice.bin (for tests and diagnostics)."""
        with self._lock:
            return {
                slot: w.soffice_pid
                for slot, w in self._current.items()
                if isinstance(w, UnoWorker) and w.soffice_pid is not None
            }

    def _start_worker(self, slot: int, job: Job | None) -> UnoWorker:
        """A started worker for ``slot``; after two failed starts the slot dies
        (its job goes to the other slots) and SlotDead is raised."""
        detail = ""
        template = profile_template(self.soffice)
        for _ in range(2):
            name = self._next_name(slot)
            worker = UnoWorker(self._python, self.soffice, self._root / name, name, template)
            with self._lock:
                closed = self._closed
                if not closed:
                    self._current[slot] = worker  # so close() can kill it while it starts
            if closed:
                if job is not None:
                    self._finish(job, False, MSG_CLOSED)
                raise SlotDead()
            try:
                worker.start(START_TIMEOUT)
            except Exception as exc:  # noqa: BLE001 - StartFailed, or anything unforeseen: never a silent dead slot
                if not isinstance(exc, StartFailed):
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
        raise SlotDead()

    def _uno_slot(self, slot: int) -> None:
        worker: UnoWorker | None = None
        try:
            worker = self._start_worker(slot, None)
            while True:
                job = self._queue.get()
                if job is None:
                    return
                if not self._take(job):
                    continue
                worker = self._convert_uno(slot, worker, job)
                worker = self._recycler.after_job(slot, worker)  # between two jobs only
        except SlotDead:
            worker = None
        finally:
            self._recycler.discard(slot)
            with self._lock:
                self._current.pop(slot, None)
            if worker is not None:
                worker.close()

    def _convert_uno(self, slot: int, worker: UnoWorker | None, job: Job) -> UnoWorker | None:
        while job.attempts < MAX_ATTEMPTS:
            if self._closed:
                self._finish(job, False, MSG_CLOSED)
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
                            raise AttemptFailed(reply.get("kind", "load"), reply.get("detail", ""))
                        problem = check_pdf(private)
                        if problem:
                            raise AttemptFailed("output", problem)
                        shutil.move(private, tmp)
                    finally:
                        for leftover in (private, private.parent / f".~lock.{private.name}#"):
                            with contextlib.suppress(OSError):
                                os.unlink(leftover)
            except WorkerTimeout:
                job.last_error = msg_timeout(job.name, self.timeout)
                worker = None
            except WorkerDied:
                job.last_error = msg_crash(job.name)
                worker = None
            except AttemptFailed as exc:
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
                    job.last_error = msg_crash(job.name)
                else:
                    job.last_error = msg_load(job.name)
            except EnvironmentFailure as exc:  # target folder not writable
                self._finish(job, False, str(exc))
                return worker
            else:
                self._finish(job, True)
                return worker
        if self._closed:
            self._finish(job, False, MSG_CLOSED)
        else:
            self._fail(job)
        return worker
