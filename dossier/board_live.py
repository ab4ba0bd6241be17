"""The live office board behind ``dossier serve``: the board's rows kept up to
date with the workspace on disk.

One worker thread does the work, one round at a time; what changes during a
round is queued and done in the next (edits made while it builds are never
lost, only coalesced). A round, for the candidates affected:

1. validate, resolve and plan each (:func:`dossier.build.prepare`), check them
   with those plans (:func:`dossier.check.check_paths`) and publish their rows:
   the page updates at once, marked "đang dựng";
2. under the output folder's lock (:func:`dossier.output_lock.hold`), produce
   their dossiers on the LibreOffice pool kept warm for the server's life
   (:func:`dossier.build.produce`, as the command line does) and publish each
   row with its PDFs as soon as it is built;
3. build again the batches they belong to (:func:`dossier.batch.build_class`,
   :func:`dossier.batch.build_outside_classes`: cached, so only the class
   documents and ``summary.json`` are new) and ``OUT/bang-theo-doi.html``.

A file that cannot be replaced because it is open elsewhere (a PDF open in a
Windows viewer) is reported on the page as "tệp đang mở" and tried again.
The user's YAML is only read, never written.
"""

from __future__ import annotations

import datetime as dt
import errno
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from dossier import batch, board_model, board_pages, output_lock, vietnamese
from dossier.build import prepare, produce
from dossier.check import check_paths
from dossier.errors import EnvironmentFailure
from dossier.sources import class_members, find_sources
from dossier.validation_cache import kept_in
from dossier.workspace import ORG_FILE, DocumentCache

EVERYONE = "*"  # a round for every candidate of the workspace
SCAN_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png")
WORKSPACE_WIDE = (ORG_FILE, "so-van-ban.yaml")  # files every candidate depends on
BUSY_ERRNOS = (errno.EACCES, errno.EPERM, errno.EBUSY)
BUSY_RETRIES, BUSY_WAIT = 30, 2.0  # a file open elsewhere: tried again every 2 s for a minute


class Office:
    """The rows of one workspace's board, refreshed by a worker thread.
    ``publish(event, data)`` is called (from that thread) on every change:
    ``"bang"`` when rows changed, ``"tien-do"`` with the progress."""

    def __init__(self, workspace: Path, out: Path, pool, publish: Callable[[str, dict], None] = lambda e, d: None,
                 as_of: dt.date | None = None):
        self.workspace, self.out, self.pool, self.publish = Path(workspace).resolve(), Path(out), pool, publish
        self.as_of = as_of
        self.rows: dict[str, dict] = {}  # key -> row
        self.keys: dict[Path, str] = {}  # candidate file -> key
        self.other: list = []  # the checker's findings on other files
        self.version = 0
        self.progress = {"text": "", "running": False}
        self._results: dict[str, object] = {}  # key -> the last BuildResult
        self._outcomes: dict[object, object] = {}  # batch -> its last ClassOutcome (the static board)
        self._pending: set | None = None
        self._layout_of: dict | None = None  # where each candidate is built (see _layout)
        self._wake = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="dossier-board", daemon=True)

    # ------------------------------------------------------------ requests

    def start(self) -> None:
        self.request(EVERYONE)
        self._thread.start()

    def stop(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify()

    def request(self, paths) -> None:
        """Queue a round for ``paths`` (resolved candidate files) or EVERYONE."""
        with self._wake:
            if paths == EVERYONE or self._pending == EVERYONE:
                self._pending = EVERYONE
            else:
                self._pending = (self._pending or set()) | set(paths)
            self._wake.notify()

    def request_key(self, key: str | None) -> bool:
        """The "Dựng lại" button: one candidate by key, or everyone."""
        if not key:
            self.request(EVERYONE)
            return True
        path = next((p for p, k in self.keys.items() if k == key), None)
        if path is not None:
            self.request({path})
        return path is not None

    def affected(self, changed: list[Path]):
        """The candidates a set of changed files concerns (EVERYONE for the
        organisation, the register, a template of ``mau/``, a class file or a
        new or removed file); an empty set when none."""
        wanted: set[Path] = set()
        for path in changed:
            path = Path(path).resolve()
            try:
                parts = path.relative_to(self.workspace).parts
            except ValueError:
                continue
            if path.name in WORKSPACE_WIDE or "mau" in parts[:-1]:
                return EVERYONE
            if path.suffix in (".yaml", ".yml"):
                if path not in self.keys:
                    return EVERYONE  # a class file, a new or removed candidate
                wanted.add(path)
            elif path.suffix.lower() in SCAN_SUFFIXES:
                wanted |= {p for p in self.keys if _mentions(p, path.name)}
        return wanted

    # ------------------------------------------------------------ the board

    def board(self) -> board_model.Board:
        return board_model.board(list(self.rows.values()), self.as_of or dt.date.today(), self.other)

    def _changed(self) -> None:
        self.version += 1
        self.publish("bang", {"version": self.version})

    def _say(self, text: str, running: bool = True) -> None:
        self.progress = {"text": text, "running": running}
        self.publish("tien-do", self.progress)

    # ------------------------------------------------------------ the worker

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._pending is None and not self._stopped:
                    self._wake.wait()
                if self._stopped:
                    return
                wanted, self._pending = self._pending, None
            try:
                self._round(wanted)
            except Exception as exc:  # noqa: BLE001 - the server goes on; the page says what failed
                self._say(f"Lỗi khi dựng: {type(exc).__name__}: {exc}", running=False)

    def _layout(self, cache: DocumentCache) -> dict[Path, tuple[Path, str, Path | None]]:
        """Where each candidate of the workspace is built, as ``dossier build WORKSPACE``
        builds it: (its batch's folder, its own folder's name, its class file or None)."""
        found = find_sources([self.workspace])
        layout = {}
        for class_path in found.classes:
            doc, _ = cache.get(class_path)
            data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
            folder = self.out / vietnamese.slug(str(data.get("ma") or class_path.stem))
            members = class_members(class_path, cache)
            for path, name in batch.folder_names(members, True).items():
                layout[path.resolve()] = (folder, name, class_path)
        for path, name in batch.folder_names(found.outside, False).items():
            layout[path.resolve()] = (self.out, name, None)
        return layout

    def _round(self, wanted) -> None:
        started = time.monotonic()
        everyone = wanted == EVERYONE
        self._say("Đang kiểm tra hồ sơ…")
        with kept_in(self.out):
            cache = DocumentCache()
            if everyone or self._layout_of is None:  # an edited candidate stays where it is built
                self._layout_of = self._layout(cache)
            layout = self._layout_of
            for gone in [p for p in self.keys if p not in layout]:
                self.rows.pop(self.keys.pop(gone), None)
            paths = [p for p in layout if everyone or p in wanted]
            jobs = self._check(paths, layout, cache, everyone)
            self._changed()
            with output_lock.hold(self.out, notify=lambda text: self._say(text)):
                if not everyone:  # the person edited first, on the warm pool; then the batches
                    self._say(f"Đang dựng {len(jobs)} hồ sơ…")
                    self._produce(jobs)
                self._say("Đang dựng văn bản của lớp, summary.json và bảng theo dõi tĩnh…" if not everyone
                          else f"Đang dựng {len(jobs)} hồ sơ, văn bản của lớp, summary.json và bảng theo dõi tĩnh…")
                self._batches({layout[p][2] for p in paths}, jobs, count=everyone)
        self._say(f"Đã cập nhật {len(paths)} hồ sơ lúc {time.strftime('%H:%M:%S')} "
                  f"({time.monotonic() - started:.1f} giây).", running=False)

    def _check(self, paths: list[Path], layout, cache: DocumentCache, everyone: bool) -> dict:
        """Check ``paths`` and publish their rows; what to build, by key."""
        prepared = []
        for path in paths:
            folder, name, _ = layout[path]
            # the numbers used twice in the workspace: from the checker below, once for all
            result, job = prepare(path, folder, cache, folder_name=name, workspace_checks=False, as_of=self.as_of)
            if job is not None and not name.startswith(vietnamese.slug(result.name)):
                self.request(EVERYONE)  # a new name: a new folder, as dossier build would make it
            prepared.append((path, result, job))
        plans = {job.c.doc.path: job.plan for _, _, job in prepared if job is not None}
        report = check_paths(paths, as_of=self.as_of, plans=plans)
        if everyone:
            self.other = report.other
        by_source = {checked.source: checked for checked in report.candidates}
        jobs = {}
        for path, result, job in prepared:
            checked = by_source.get(result.source)
            if checked is None:
                continue
            numbers = [f for f in checked.findings if f.is_error and f.code.startswith("number.")]
            if numbers and job is not None:  # as a batch does: a number used twice stops the candidate
                result.findings += numbers
                job = None
            key = board_model.key_of(checked.file)
            self.keys[path] = key
            if job is None:  # not built (the data has errors): its findings say why
                self._results[key] = result
            self._publish_row(key, checked, job, building=job is not None)
            if job is not None:
                jobs[key] = (checked, job)
        return jobs

    def _publish_row(self, key: str, checked, job, building: bool = False, built: int = 0) -> None:
        row = board_model.row(checked, self._results.get(key), job.plan if job else None,
                              job.folder if job else None, self.out, self.workspace)
        row["building"] = building
        row["built"] = self.rows.get(key, {}).get("built", 0) + built
        self.rows[key] = row

    def _produce(self, jobs: dict) -> None:
        def one(key):
            checked, job = jobs[key]
            self._results[key] = _replacing(lambda: produce(job, self.pool), self._say)
            self._publish_row(key, checked, job, built=1)
            self._changed()

        # several at once share the pool as a class build does
        with ThreadPoolExecutor(max_workers=max(1, getattr(self.pool, "workers", 1)) + 1) as executor:
            list(executor.map(one, jobs))

    def _batches(self, classes: set, jobs: dict, count: bool) -> None:
        """Build again the batches of ``classes`` (None: the candidates in no
        class), as ``dossier build`` does: their dossiers (up to date but for
        those ``jobs`` did not produce), class documents, summary.json; then the
        static board of every batch. ``count``: the rows of ``jobs`` count a build."""
        found = find_sources([self.workspace])
        by_source = {checked.source: key for key, (checked, _) in jobs.items()}

        def built(result):  # each dossier as soon as it is built
            key = by_source.get(result.source)
            if key is not None:
                self._results[key] = result
                self._publish_row(key, *jobs[key], built=int(count))
                self._changed()

        for class_path in sorted(c for c in classes if c is not None):
            self._outcomes[class_path] = _replacing(lambda: batch.build_class(
                class_path, self.out, self.pool, as_of=self.as_of, on_candidate=built), self._say)
        if None in classes and (found.outside or found.skipped):
            self._outcomes[None] = _replacing(lambda: batch.build_outside_classes(
                found.outside, self.out, self.pool, skipped=found.skipped, sources=str(self.workspace),
                as_of=self.as_of, on_candidate=built), self._say)
        if self._outcomes:
            board_pages.write_static(self.out, [o for o in self._outcomes.values() if o is not None], self.as_of)


def _mentions(candidate: Path, name: str) -> bool:
    try:
        return name in candidate.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _replacing(work: Callable, say: Callable[[str], None]):
    """``work()``, tried again while a file it replaces is open elsewhere (Windows
    refuses to replace an open file): the page says "tệp đang mở"."""
    for attempt in range(BUSY_RETRIES):
        try:
            return work()
        except EnvironmentFailure as exc:
            cause = exc.__cause__
            if not isinstance(cause, OSError) or cause.errno not in BUSY_ERRNOS or attempt == BUSY_RETRIES - 1:
                raise
            name = Path(getattr(cause, "filename2", None) or getattr(cause, "filename", None) or "").name
            say(f"Tệp đang mở: {name or 'một tệp PDF'} — hãy đóng tệp; sẽ thử lại sau {BUSY_WAIT:g} giây…")
            time.sleep(BUSY_WAIT)
    return None
