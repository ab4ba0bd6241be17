"""The command-line backend of the conversion pool (the fallback when no
interpreter can import ``uno``): each slot runs ``soffice --headless
--convert-to pdf`` over batches of files, with its own profile. Inputs are
linked under numbered names into a private folder, so equal basenames from
different folders cannot collide; a batch that hangs or crashes is killed, the
document at fault retried alone, the ones it never reached queued again.

:class:`CliBackend` is a part of :class:`dossier.convert.ConversionPool` (a
mixin): it uses the pool's queue, lock, slots and ``_finish``/``_fail``/
``_take``/``_slot_died``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections import deque
from pathlib import Path

from dossier.convert_jobs import MAX_ATTEMPTS, MSG_CLOSED, Job, msg_crash, msg_load, msg_timeout
from dossier.errors import EnvironmentFailure
from dossier.fsutil import atomic_path
from dossier.soffice import START_TIMEOUT, check_pdf, kill_group, log_tail, remove_ipc_pipes, soffice_env

CLI_BATCH_MAX = 40  # documents per soffice run in the CLI backend


class CliBackend:
    """The command-line slots of :class:`~dossier.convert.ConversionPool`."""

    def _cli_slot(self, slot: int) -> None:
        retry: deque[Job] = deque()  # failed once: run alone in a fresh soffice
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
                    self._finish(job, False, MSG_CLOSED)
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
                    env=soffice_env(slot_dir / "tmp"),
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
                kill_group(proc)
                remove_ipc_pipes(profile.as_uri())
                with self._lock:
                    self._current.pop(slot, None)
            if self._closed:
                return False
            if check_pdf(probe / "probe.pdf") is None:
                shutil.rmtree(probe, ignore_errors=True)
                return True
            shutil.rmtree(profile, ignore_errors=True)
            detail = log_tail(slot_dir / "soffice.log") or detail or f"exit code {proc.returncode}"
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
                    self._finish(job, False, MSG_CLOSED)
            shutil.rmtree(run, ignore_errors=True)
            return
        hung = False
        settled: set[int] = set()

        def deliver(i: int) -> bool:
            """Move output ``i`` into place if it is a complete PDF."""
            if i in settled or check_pdf(outputs[i]) is not None:
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
                    kill_group(proc)
                    break
        finally:
            if proc.poll() is None:
                kill_group(proc)
            with self._lock:
                self._current.pop(slot, None)
        rc = proc.returncode
        valid = [check_pdf(out) is None for out in outputs]
        last = max((i for i, out in enumerate(outputs) if out.exists()), default=-1)
        culprit = last + 1 if (last < 0 or valid[last]) else last
        crashed = hung or rc != 0
        unreached = []
        for i, job in enumerate(batch):
            if i in settled:
                continue
            if self._closed:
                self._finish(job, False, MSG_CLOSED)
                continue
            if valid[i]:
                deliver(i)
                continue
            if crashed and i > culprit:
                unreached.append(job)  # not its fault
                continue
            job.attempts += 1
            if hung and i == culprit:
                job.last_error = msg_timeout(job.name, self.timeout)
            elif crashed and i == culprit:
                job.last_error = msg_crash(job.name)
            else:
                job.last_error = msg_load(job.name)
            if job.attempts < MAX_ATTEMPTS:
                retry.append(job)
            else:
                self._fail(job)
        if unreached:
            with self._lock:
                if self._closed:
                    for job in unreached:
                        self._finish(job, False, MSG_CLOSED)
                else:
                    self._queue.put_many(unreached, front=True)
        if crashed:
            remove_ipc_pipes(profile.as_uri())
        if hung:
            shutil.rmtree(profile, ignore_errors=True)  # start the next run from a clean profile
            with self._lock:
                self._restarts += 1
        shutil.rmtree(run, ignore_errors=True)
