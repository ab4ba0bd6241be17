"""The jobs of the conversion pool (:mod:`dossier.convert`): one job per
document, the batch of one ``convert`` call, the queue the workers share, the
results, and the Vietnamese messages of a failed conversion."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from dossier.errors import EnvironmentFailure

MAX_ATTEMPTS = 2

# Import filters by input suffix; anything else is left to type detection.
IMPORT_FILTERS = {
    ".docx": "MS Word 2007 XML",
    ".doc": "MS Word 97",
    ".odt": "writer8",
    ".rtf": "Rich Text Format",
}


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
# Jobs


class Batch:
    """The jobs of one ``convert`` call and their results."""

    def __init__(self, count: int):
        self.results: list[ConversionResult | None] = [None] * count
        self.remaining = count
        self.done = threading.Event()
        self.env_error: EnvironmentFailure | None = None
        self.cancelled = False
        self.lock = threading.Lock()


class Job:
    def __init__(self, index: int, source: Path, target: Path, batch: Batch):
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


class JobQueue:
    """FIFO of jobs shared by the workers. ``put_many`` adds a whole
    ``convert`` call at once, so a CLI worker sizing its batch sees all of it."""

    def __init__(self, consumers: int):
        self._items: deque[Job] = deque()
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

    def get(self) -> Job | None:
        """The next job; None once stopped and empty."""
        with self._cond:
            while not self._items and not self._stopped:
                self._cond.wait()
            return self._items.popleft() if self._items else None

    def get_batch(self, limit: int) -> list[Job] | None:
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

    def drain(self) -> list[Job]:
        with self._cond:
            items = list(self._items)
            self._items.clear()
            return items

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()


class WorkerTimeout(Exception):
    pass


class WorkerDied(Exception):
    pass


class StartFailed(Exception):
    pass


class SlotDead(Exception):
    pass


class AttemptFailed(Exception):
    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


def msg_timeout(name: str, timeout: float) -> str:
    return f"LibreOffice không chuyển xong {name} sau {timeout:g} giây"


def msg_crash(name: str) -> str:
    return f"LibreOffice dừng đột ngột khi chuyển {name}"


def msg_load(name: str, detail: str = "") -> str:
    extra = f" ({detail})" if detail else ""
    return f"LibreOffice không mở được {name}: tệp hỏng hoặc không đúng định dạng{extra}"


MSG_CLOSED = "Đã dừng chuyển đổi trước khi xử lý xong tệp này"
