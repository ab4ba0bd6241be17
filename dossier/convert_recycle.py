"""Recycling the UNO workers of the conversion pool (:mod:`dossier.convert`).

A long-lived soffice grows: over a 1,000-candidate build each worker's
resident memory crept from about 200 MB to about 260 MB (bench/README.md). So
a worker is replaced by a fresh one once it has converted
``RecyclePolicy.after`` documents, or once its soffice.bin's VmRSS has grown
by ``RecyclePolicy.growth_mb`` over what it was after its first
``RecyclePolicy.warm_up`` conversions (its warm size).

The replacement never costs a job: it is decided by the slot's own thread
between two jobs; the successor is started in the background while the old
worker goes on converting, and takes over at the next job boundary, when the
old one is idle and is killed (its outputs are already checked and in place).
One successor at a time in the whole pool (the workers reach their limit
together: two starting at once would add two LibreOffice to the peak memory).
When the machine has not the memory for two LibreOffice at once (less
available than twice the old worker's size), the old worker is stopped first
and the new one started in its place, as a crashed worker is: only that slot
waits, the others go on converting. A successor that cannot start is dropped
and the old worker kept (tried again later).

Settings: ``DOSSIER_LO_RECYCLE_AFTER`` (conversions) and
``DOSSIER_LO_RECYCLE_GROWTH_MB`` (MB), ``0`` turns either off; or a
:class:`RecyclePolicy` given to the pool. The command-line backend needs none
of this: each of its soffice runs converts one batch and exits.
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass, field

from dossier.convert_uno import UnoWorker
from dossier.errors import EnvironmentFailure
from dossier.soffice import START_TIMEOUT, profile_template

AFTER_ENV = "DOSSIER_LO_RECYCLE_AFTER"
GROWTH_ENV = "DOSSIER_LO_RECYCLE_GROWTH_MB"
# chosen from measurement (bench/README.md, "Recycling the LibreOffice workers")
DEFAULT_AFTER = 500
DEFAULT_GROWTH_MB = 40
DEFAULT_WARM_UP = 50


def _env_count(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise EnvironmentFailure(
            f"Biến môi trường {name} phải là một số nguyên không âm (0 để tắt), không phải “{raw}”."
        )
    return value


@dataclass(frozen=True)
class RecyclePolicy:
    """When a UNO worker is replaced: after ``after`` conversions, or when its
    soffice.bin has grown by ``growth_mb`` MB over its size after ``warm_up``
    conversions; 0 turns a limit off."""

    after: int = DEFAULT_AFTER
    growth_mb: int = DEFAULT_GROWTH_MB
    warm_up: int = DEFAULT_WARM_UP

    @classmethod
    def from_env(cls) -> RecyclePolicy:
        """The defaults, or what the environment variables set (EnvironmentFailure if invalid)."""
        return cls(after=_env_count(AFTER_ENV, DEFAULT_AFTER), growth_mb=_env_count(GROWTH_ENV, DEFAULT_GROWTH_MB))

    @classmethod
    def off(cls) -> RecyclePolicy:
        return cls(after=0, growth_mb=0)

    @property
    def enabled(self) -> bool:
        return self.after > 0 or self.growth_mb > 0

    def due(self, conversions: int, warm_kb: int | None, rss_kb: int | None) -> str | None:
        """Why a worker with these figures is to be replaced, or None."""
        if self.after and conversions >= self.after:
            return "conversions"
        if self.growth_mb and warm_kb and rss_kb and rss_kb - warm_kb >= self.growth_mb * 1024:
            return "memory"
        return None


def _proc_kb(path: str, key: bytes) -> int | None:
    try:
        with open(path, "rb") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def rss_kb(pid: int | None) -> int | None:
    """VmRSS of ``pid`` in kB (Linux), or None."""
    return None if pid is None else _proc_kb(f"/proc/{pid}/status", b"VmRSS:")


def available_kb() -> int | None:
    return _proc_kb("/proc/meminfo", b"MemAvailable:")


@dataclass
class _Successor:
    worker: UnoWorker
    replaces: UnoWorker
    reason: str
    ready: threading.Event = field(default_factory=threading.Event)
    ok: bool = False
    thread: threading.Thread | None = None


@dataclass
class _Tracked:
    worker: UnoWorker
    warm_kb: int | None = None
    hold_until: int = 0  # no new attempt before this many conversions (after a failed start)


class Recycler:
    """The recycling of one pool's UNO workers; ``recycled`` lists each
    replacement (slot, conversions, warm and last VmRSS in MB, reason, how)."""

    def __init__(self, pool, policy: RecyclePolicy):
        self.pool = pool
        self.policy = policy
        self.recycled: list[dict] = []
        self.failed_starts = 0
        self._tracked: dict[int, _Tracked] = {}
        self._pending: dict[int, _Successor] = {}
        self._threads: list[threading.Thread] = []

    @property
    def count(self) -> int:
        return len(self.recycled)

    def after_job(self, slot: int, worker: UnoWorker | None) -> UnoWorker | None:
        """Called by ``slot``'s thread between two jobs: the worker to go on with."""
        if worker is None or not self.policy.enabled:
            return worker
        pool = self.pool
        with pool._lock:
            pending = self._pending.get(slot)
            if pending is not None:
                if not pending.ready.is_set():
                    return worker  # the successor is still starting: go on converting
                del self._pending[slot]
        if pending is not None:
            return self._take_over(slot, worker, pending)
        tracked = self._tracked.get(slot)
        if tracked is None or tracked.worker is not worker:  # new, or restarted after a crash
            tracked = self._tracked[slot] = _Tracked(worker)
        if worker.seq < tracked.hold_until or self._pending:
            return worker  # one successor at a time in the pool: the others wait their turn
        rss = rss_kb(worker.soffice_pid)
        if tracked.warm_kb is None and worker.seq >= self.policy.warm_up:
            tracked.warm_kb = rss
        reason = self.policy.due(worker.seq, tracked.warm_kb, rss)
        if reason is None:
            return worker
        spare = available_kb()
        if rss is not None and spare is not None and spare < 2 * rss:
            return self._in_place(slot, worker, tracked, reason, rss)
        self._launch(slot, worker, reason)
        return worker

    def _record(self, slot: int, worker: UnoWorker, reason: str, how: str, rss: int | None) -> None:
        tracked = self._tracked.get(slot)
        warm = tracked.warm_kb if tracked is not None and tracked.worker is worker else None
        self.recycled.append({
            "slot": slot, "conversions": worker.seq, "reason": reason, "how": how,
            "warm_mb": None if warm is None else round(warm / 1024),
            "last_mb": None if rss is None else round(rss / 1024),
        })

    def _in_place(self, slot: int, worker: UnoWorker, tracked: _Tracked, reason: str, rss: int | None) -> UnoWorker:
        """Not the memory for two: stop the old worker, then start a new one (as after a crash)."""
        self._record(slot, worker, reason, "in place", rss)
        worker.kill()
        return self.pool._start_worker(slot, None)  # SlotDead if it cannot start: the others take over

    def _launch(self, slot: int, worker: UnoWorker, reason: str) -> None:
        pool = self.pool
        name = pool._next_name(slot)
        successor = _Successor(UnoWorker(pool._python, pool.soffice, pool._root / name, name), worker, reason)
        successor.thread = threading.Thread(target=self._start, args=(successor,), name=f"{name}-start", daemon=True)
        with pool._lock:
            if pool._closed:
                return
            self._pending[slot] = successor
            self._threads = [t for t in self._threads if t.ident is None or t.is_alive()] + [successor.thread]
        successor.thread.start()

    def _start(self, successor: _Successor) -> None:
        worker = successor.worker
        try:
            worker.template = profile_template(self.pool.soffice)
            worker.start(START_TIMEOUT)
            successor.ok = True
        except Exception:  # noqa: BLE001 - StartFailed or anything else: the old worker goes on
            worker.kill()
        finally:
            with self.pool._lock:
                closed = self.pool._closed
                successor.ready.set()
            if closed:
                worker.kill()

    def _take_over(self, slot: int, worker: UnoWorker, successor: _Successor) -> UnoWorker:
        pool = self.pool
        if not successor.ok or successor.replaces is not worker or not worker.running():
            # could not start, or the old worker was replaced after a crash meanwhile
            successor.worker.kill()
            if not successor.ok:
                self.failed_starts += 1
                tracked = self._tracked.get(slot)
                if tracked is not None and tracked.worker is worker:
                    tracked.hold_until = worker.seq + max(self.policy.after, self.policy.warm_up, 1)
            return worker
        self._record(slot, worker, successor.reason, "ahead", rss_kb(worker.soffice_pid))
        with pool._lock:
            closed = pool._closed
            if not closed:
                pool._current[slot] = successor.worker
        if closed:
            successor.worker.kill()
            return worker
        worker.kill()  # idle between two jobs; what it made is already in place
        return successor.worker

    def discard(self, slot: int) -> None:
        """The slot ends: its successor, if any, is not needed."""
        with self.pool._lock:
            successor = self._pending.pop(slot, None)
        if successor is not None:
            successor.worker.kill()
            if successor.thread is not None:
                successor.thread.join(timeout=15)
            successor.worker.kill()

    def close(self) -> None:
        """The pool closes (``_closed`` is set): kill every successor, wait for their threads."""
        with self.pool._lock:
            pending = list(self._pending.values())
            self._pending.clear()
            threads = list(self._threads)
        for successor in pending:
            successor.worker.kill()
        for thread in threads:
            thread.join(timeout=15)
        for successor in pending:
            with contextlib.suppress(Exception):
                successor.worker.kill()
