#!/usr/bin/env python3
"""Benchmark: how fast a class of N candidates becomes PDF dossiers.

    .venv/bin/python bench/run.py [--candidates 100] [--runs 3] [--baseline-sample 30]

What it does, in a temporary folder:

1. **A synthetic class.** Copies the sample workspace (``samples/``) and writes
   N candidate files made from the 13 sample candidates in turn, each with a
   distinct fictional Vietnamese name (family members who share the surname
   take the new one), a distinct ID number and fresh document numbers
   (``moc.*.so``, so ``number.duplicate`` cannot fire), plus one class file
   listing them all. ``dossier validate`` must report no error, or the
   benchmark stops.
   Before anything is timed, the toolkit's bytecode is written (``compileall``),
   as an installed package has it.
2. **End to end (the headline).** Runs the real command
   ``python -m dossier build <class.yaml> -o OUT -q`` in a subprocess and times
   it from start to exit: interpreter start, validation, the LibreOffice pool,
   parallel render/convert/bundle of every candidate, class documents, the
   checker and the reports. Peak memory is sampled from ``/proc`` every 0.2 s
   over the whole process tree (the command, its UNO worker interpreters and
   their ``soffice.bin``): the sum of ``VmRSS`` (shared pages counted in every
   process, so an upper bound) and the sum of ``Pss`` (shared pages divided
   among their users). ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` is not used:
   it is the largest single descendant, not the sum.
   The CPU time of the tree is summed from ``/proc/<pid>/stat`` by the same
   sampler: on a machine shared with other work it is steadier than the wall time.
3. **Rebuild.** Edits one diacritic of one candidate's name (drops a tone mark,
   so the folder name does not change; the name is on the cover, in each of the
   candidate's documents and in class documents), runs the same command again
   without ``--force`` and restores the file; reports the time and how many
   documents were rendered and converted again.
4. **Baseline, the usual way.** Converts a sample of the same .docx files with
   one ``soffice --headless --convert-to pdf`` process per document, one after
   another (reused profile, warmed once before timing), and scales the mean time
   per document to all documents. The baseline pipeline is that conversion plus
   the in-process validate, check, resolve, render and bundle times of step 5
   (what any script must do besides converting).
5. **Stages.** Runs the library stages one after another in this process, each
   over the whole class: validate (whole workspace), check, resolve (prepare:
   validate + resolve + plan per candidate), render (every candidate and class
   document), convert each (reference: every document on its own, all in one
   call to one warm ``ConversionPool``: LibreOffice's own rate for separate
   documents), convert (as the build does it: each candidate's documents joined
   into one file per conversion by ``dossier.compose``, candidates in parallel
   threads on the same pool), bundle.

Each run repeats steps 2–5; the summary gives medians and ranges. The last line
of the output is one JSON object (``docs``, ``seconds``, ``baseline_seconds``,
``speedup``, ``rebuild_seconds``, ``peak_rss_mb`` and more).
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CLASS_FILE = "lop/lop-bench.yaml"
CLASS_CODE = "NTVĐ-BENCH"
CLASS_FOLDER = "ntvd-bench"

# ------------------------------------------------------------------ names

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Lương", "Mai", "Tạ", "Cao", "Chu", "Hà", "Tô",
            "Kiều", "Lâm", "Triệu", "Thái", "Lưu", "Nghiêm", "Quan", "Mạc", "Ninh", "Tăng", "Giáp", "La"]
MIDDLE = {
    "Nam": ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Ngọc", "Tiến", "Duy", "Trung"],
    "Nữ": ["Thị", "Thu", "Ngọc", "Thanh", "Kim", "Hồng", "Phương", "Bảo", "Khánh", "Mỹ", "Thùy", "Diệu"],
}
GIVEN = {
    "Nam": ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hòa", "Hùng", "Huy", "Khang", "Khải", "Lâm",
            "Long", "Luân", "Mạnh", "Nam", "Nghĩa", "Nhân", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng",
            "Thịnh", "Toàn", "Trí", "Trọng", "Tuấn", "Tùng", "Vinh", "Việt", "Hưng", "Kiên", "Lộc", "Quý", "Bảo"],
    "Nữ": ["Anh", "Châu", "Chi", "Diệp", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Huệ", "Hương",
           "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phượng", "Quyên", "Quỳnh",
           "Tâm", "Thảo", "Thoa", "Thủy", "Trang", "Trinh", "Uyên", "Vân", "Yến", "Ánh", "Ly", "Nhàn", "Duyên"],
}
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def without_tone(word: str) -> str:
    """``Hằng`` → ``Hăng``: the tone mark dropped, other diacritics kept."""
    return nfc("".join(ch for ch in unicodedata.normalize("NFD", word) if ch not in TONE_MARKS))


# ------------------------------------------------------------------ synthetic workspace

def _renumber(value, counter):
    """Give every ``so`` (document number) below ``value`` the next number of ``counter``."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "so" and isinstance(item, int) and not isinstance(item, bool):
                value[key] = next(counter)
            else:
                _renumber(item, counter)
    elif isinstance(value, list):
        for item in value:
            _renumber(item, counter)


def _max_number(value) -> int:
    if isinstance(value, dict):
        return max([value["so"] if isinstance(value.get("so"), int) else 0]
                   + [_max_number(v) for v in value.values()])
    if isinstance(value, list):
        return max([0] + [_max_number(v) for v in value])
    return 0


def class_files(classes: int) -> list[tuple[str, str, str]]:
    """(class file, class code, output folder) of each synthetic class: one class
    keeps the names it always had; ``--classes 10`` numbers them ``-01``…``-10``."""
    if classes == 1:
        return [(CLASS_FILE, CLASS_CODE, CLASS_FOLDER)]
    return [(CLASS_FILE.replace(".yaml", f"-{k:02d}.yaml"), f"{CLASS_CODE}-{k:02d}", f"{CLASS_FOLDER}-{k:02d}")
            for k in range(1, classes + 1)]


def make_workspace(dest: Path, count: int, seed: int = 7, classes: int = 1) -> tuple[list[Path], list[Path]]:
    """Copy the samples into ``dest`` and add ``count`` candidates and ``classes``
    classes listing them (in turn, as even as can be: 10 classes of 100 for
    1,000). Returns (class files, candidate files)."""
    from dossier.vn_text import slug

    shutil.copytree(SAMPLES, dest, ignore=shutil.ignore_patterns("out", ".*"))
    sources = sorted((SAMPLES / "ung-vien").glob("*.yaml"))
    originals = {p: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sources}
    taken = {slug(d["ho_ten"]) for d in originals.values()}
    start = max(_max_number(d) for d in originals.values())
    counter = iter(range(((start // 100) + 1) * 100 + 1, 10**9))  # above every number of the samples
    rng = random.Random(seed)
    paths: list[Path] = []
    entries = []
    for i in range(count):
        source = sources[i % len(sources)]
        data = json.loads(json.dumps(originals[source], default=str))  # deep copy; dates as ISO text
        gender = data.get("gioi_tinh") if data.get("gioi_tinh") in GIVEN else "Nam"
        for _ in range(10000):
            surname = rng.choice(SURNAMES)
            name = f"{surname} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
            if slug(name) not in taken:
                break
        else:  # pragma: no cover - 38 × 12 × 38 names per gender
            raise SystemExit("bench: ran out of distinct names")
        taken.add(slug(name))
        old_surname = data["ho_ten"].split()[0]
        data["ho_ten"] = name
        if data.get("ten_goi_khac"):
            data["ten_goi_khac"] = name.split()[-1]
        for member in data.get("gia_dinh") or []:
            if isinstance(member.get("ho_ten"), str) and member["ho_ten"].split()[:1] == [old_surname]:
                member["ho_ten"] = surname + member["ho_ten"][len(old_surname):]
        if isinstance(data.get("so_can_cuoc"), str) and len(data["so_can_cuoc"]) == 12:
            data["so_can_cuoc"] = data["so_can_cuoc"][:6] + f"{900000 + i:06d}"
        _renumber(data.get("moc"), counter)
        _renumber(data.get("tham_tra"), counter)  # verification letters are numbered too
        path = dest / "ung-vien" / f"{slug(name)}.yaml"
        header = (f"# yaml-language-server: $schema=../../schemas/ung-vien.schema.json\n"
                  f"# Hư cấu, do bench/run.py sinh từ samples/ung-vien/{source.name}\n")
        path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                        encoding="utf-8")
        paths.append(path)
        entries.append({"ho_so": f"../ung-vien/{path.name}", "so_chung_nhan": f"{5000 + i:04d}",
                        "xep_loai": "Giỏi" if i % 3 == 0 else "Khá"})
    # The class is dated like the earliest sample class, so its certificate comes
    # before every step of every candidate (all copies, whichever sample they come from).
    earliest = min((yaml.safe_load(p.read_text(encoding="utf-8")) for p in (SAMPLES / "lop").glob("*.yaml")),
                   key=lambda d: _date(d["tu_ngay"]))
    class_paths = []
    for k, (name, code, _) in enumerate(class_files(classes)):
        mine = entries[k * len(entries) // classes:(k + 1) * len(entries) // classes]
        klass = json.loads(json.dumps(earliest, default=str))
        klass.update({"ma": code, "ten": f"Lớp bồi dưỡng nhận thức về Đảng (đo hiệu năng, {len(mine)} học viên)",
                      "hoc_vien": mine})
        klass.pop("ghi_chu", None)
        class_path = dest / name
        class_path.write_text("# yaml-language-server: $schema=../../schemas/lop.schema.json\n"
                              "# Lớp hư cấu do bench/run.py sinh để đo hiệu năng.\n"
                              + yaml.safe_dump(klass, allow_unicode=True, sort_keys=False, width=100),
                              encoding="utf-8")
        class_paths.append(class_path)
    return class_paths, paths


def _date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = str(value)
    if "/" in text:
        d, m, y = text.split("/")
        return dt.date(int(y), int(m), int(d))
    return dt.date.fromisoformat(text)


def validate_or_die(ws: Path) -> int:
    """``dossier validate`` on the synthetic workspace; stop if it reports an error."""
    proc = subprocess.run([sys.executable, "-m", "dossier", "validate", str(ws)], capture_output=True,
                          text=True, cwd=ws, env={**os.environ, "CI": "1"})
    last = (proc.stdout.strip().splitlines() or [""])[-1]
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-2000:])
        raise SystemExit(f"bench: the synthetic workspace is not valid (dossier validate exit {proc.returncode})")
    warnings = re.search(r"(\d+) cảnh báo", last)
    return int(warnings.group(1)) if warnings else 0


# ------------------------------------------------------------------ memory

def proc_table() -> dict[int, tuple[int, str, bytes]]:
    """pid -> (ppid, state, comm) of every process, from /proc."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        close = stat.rfind(b")")
        fields = stat[close + 2:].split()
        table[int(entry)] = (int(fields[1]), fields[0].decode(), stat[stat.find(b"(") + 1:close])
    return table


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in proc_table().items():
        children.setdefault(ppid, []).append(pid)
    return children


def _status_kb(pid: int, path: str, field: str) -> int:
    try:
        with open(f"/proc/{pid}/{path}", "rb") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _is_soffice(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/comm", "rb") as fh:
            return fh.read().strip() == b"soffice.bin"
    except OSError:
        return False


def worker_memory(workers: dict[int, list[int]]) -> list[dict]:
    """Each LibreOffice worker's VmRSS when first and last seen, and its peak (MB)."""
    return [{"pid": pid, "start_mb": round(first / 1024), "end_mb": round(last / 1024), "peak_mb": round(peak / 1024)}
            for pid, (first, last, peak) in sorted(workers.items())]


class TreeMemory(threading.Thread):
    """Samples a process and all its descendants (Linux /proc): the peak of the
    summed VmRSS and of the summed Pss, and the CPU time of every process."""

    def __init__(self, root_pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.root, self.interval = root_pid, interval
        self.peak_rss_kb = self.peak_pss_kb = self.peak_processes = 0
        self._ticks: dict = {}  # (pid, start time) -> CPU ticks last seen
        self.workers: dict[int, list[int]] = {}  # pid of each soffice.bin -> [first, last, peak] VmRSS in kB
        self._halt = threading.Event()

    @property
    def cpu_seconds(self) -> float:
        """CPU time of every process of the tree, as last sampled (up to one
        interval of each process's last moments is missed)."""
        return sum(self._ticks.values()) / os.sysconf("SC_CLK_TCK")

    def sample(self) -> None:
        children = _children_map()
        tree, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += children.get(pid, [])
        for pid in tree:
            try:
                with open(f"/proc/{pid}/stat", "rb") as fh:
                    stat = fh.read()
                fields = stat[stat.rfind(b")") + 2:].split()
                self._ticks[(pid, fields[19])] = int(fields[11]) + int(fields[12])  # utime + stime
            except (OSError, ValueError, IndexError):
                pass
        sizes = {pid: _status_kb(pid, "status", b"VmRSS:") for pid in tree}
        rss = sum(sizes.values())
        for pid, kb in sizes.items():
            if kb and _is_soffice(pid):
                first, _, peak = self.workers.get(pid, (kb, kb, kb))
                self.workers[pid] = [first, kb, max(peak, kb)]
        pss = sum(_status_kb(pid, "smaps_rollup", b"Pss:") for pid in tree)
        self.peak_rss_kb = max(self.peak_rss_kb, rss)
        self.peak_pss_kb = max(self.peak_pss_kb, pss)
        self.peak_processes = max(self.peak_processes, len(tree))

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


# ------------------------------------------------------------------ end to end

def run_cli(class_paths: list[Path], out: Path, workers: int | None, log: Path, force: bool = False) -> dict:
    cmd = [sys.executable, "-m", "dossier", "build", *map(str, class_paths), "-o", str(out), "-q"]
    if workers:
        cmd += ["-j", str(workers)]
    if force:
        cmd.append("--force")
    with open(log, "w", encoding="utf-8") as fh:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=class_paths[0].parent.parent,
                                env={**os.environ, "CI": "1"})
        memory = TreeMemory(proc.pid)
        memory.start()
        rc = proc.wait()
        seconds = time.perf_counter() - started
        memory.stop()
    # CPU of the whole tree from /proc: getrusage(RUSAGE_CHILDREN) misses the soffice
    # processes, which are killed with their process group and reaped by init
    cpu = memory.cpu_seconds
    summaries = [out / folder / "summary.json" for folder in folders_of(class_paths)]
    if rc not in (0, 1) or not all(p.is_file() for p in summaries):
        sys.stderr.write(log.read_text(encoding="utf-8")[-4000:])
        raise SystemExit(f"bench: dossier build failed (exit {rc})")
    summary = {"candidates": [u for p in summaries for u in json.loads(p.read_text(encoding="utf-8"))["candidates"]]}
    without = [u["ho_ten"] or u["file"] for u in summary["candidates"] if not u["bundles"]]
    if without:
        sys.stderr.write(log.read_text(encoding="utf-8")[-4000:])
        raise SystemExit(f"bench: no dossier for {len(without)} candidate(s): {', '.join(without[:5])}")
    flagged = sum(1 for u in summary["candidates"] if u["status"]["code"] == "needs_review")
    return {"seconds": seconds, "cpu_seconds": cpu, "rc": rc, "summary": summary, "flagged": flagged,
            "peak_rss_mb": memory.peak_rss_kb / 1024, "peak_pss_mb": memory.peak_pss_kb / 1024,
            "processes": memory.peak_processes, "workers": worker_memory(memory.workers)}


def folders_of(class_paths: list[Path]) -> list[str]:
    """The output folders of the synthetic classes (``ntvd-bench``, or ``ntvd-bench-01``…)."""
    by_file = {name: folder for name, _, folder in class_files(len(class_paths))}
    return [by_file[f"lop/{p.name}"] for p in class_paths]


def documents(out: Path, folders: list[str]) -> list[Path]:
    """Every generated .docx of the class outputs (candidates' tai-lieu/ and the classes' lop/)."""
    return [doc for folder in folders for doc in sorted((out / folder).glob("*/tai-lieu/*.docx"))
            + sorted((out / folder).glob("lop/*.docx"))]


def edit_target(candidates: list[Path]) -> Path:
    """A candidate from the middle of the class whose name has a tone mark to drop."""
    middle = len(candidates) // 2
    for path in candidates[middle:] + candidates[:middle]:
        name = yaml.safe_load(path.read_text(encoding="utf-8"))["ho_ten"]
        if any(without_tone(w) != w for w in name.split()):
            return path
    raise SystemExit("bench: no candidate name with a tone mark")


def rebuild(class_paths: list[Path], candidate: Path, out: Path, workers: int | None, log: Path) -> dict:
    """Drop a tone mark in one candidate's name, build the class again, restore the file."""
    from dossier.vn_text import slug

    text = candidate.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    old = data["ho_ten"]
    words = old.split()
    toned = [i for i, w in enumerate(words) if without_tone(w) != w]
    if not toned:
        raise SystemExit(f"bench: no tone mark to fix in {old}")
    words[toned[-1]] = without_tone(words[toned[-1]])  # the typo: "Hằng" typed as "Hăng"
    new = " ".join(words)
    assert new != old and slug(new) == slug(old), (old, new)
    candidate.write_text(text.replace(f"ho_ten: {old}\n", f"ho_ten: {new}\n", 1), encoding="utf-8")
    started_ns = time.time_ns()
    try:
        result = run_cli(class_paths, out, workers, log)
    finally:
        candidate.write_text(text, encoding="utf-8")
    folders = [out / f for f in folders_of(class_paths)]
    newer = [p for folder in folders for p in folder.rglob("*") if p.is_file() and p.stat().st_mtime_ns >= started_ns]
    row = next(u for u in result["summary"]["candidates"] if u["ho_ten"] == new)
    return {"seconds": result["seconds"], "edited": f"{old} → {new}", "peak_rss_mb": result["peak_rss_mb"],
            "rendered": sum(1 for p in newer if p.suffix == ".docx"),
            "converted": sum(1 for p in newer if p.suffix == ".pdf" and p.parent.name in ("tai-lieu", "lop")),
            "bundles": sum(1 for p in newer if p.suffix == ".pdf" and p.parent.parent in folders
                           and p.parent.name != "lop"),
            "candidate_rendered": row["rendered"], "candidate_converted": row["converted"]}


# ------------------------------------------------------------------ baseline

def baseline(docs: list[Path], sample: int, work: Path) -> dict:
    """One soffice process per document, one after another, on an evenly spread sample."""
    from dossier.convert import find_soffice

    soffice = find_soffice()
    profile = (work / "profile").as_uri()
    outdir = work / "pdf"
    outdir.mkdir(parents=True)
    step = len(docs) / min(sample, len(docs))
    chosen = [docs[int(i * step)] for i in range(min(sample, len(docs)))]

    def convert(doc: Path, index: int) -> float:
        # distinct names: documents of different candidates share basenames
        src = work / f"{index:04d}.docx"
        shutil.copyfile(doc, src)
        started = time.perf_counter()
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(outdir), str(src)],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        seconds = time.perf_counter() - started
        if not (outdir / f"{index:04d}.pdf").is_file():
            raise SystemExit(f"bench: baseline soffice produced no PDF for {doc}")
        return seconds

    warm_up = convert(chosen[0], 9999)  # creates the profile, as on a machine that has run LibreOffice before
    times = [convert(doc, i) for i, doc in enumerate(chosen)]
    return {"sample": len(chosen), "of": len(docs), "per_doc_mean": statistics.fmean(times),
            "per_doc_median": statistics.median(times), "first_run": warm_up,
            "scaled_seconds": statistics.fmean(times) * len(docs)}


# ------------------------------------------------------------------ stages

def stages(ws: Path, class_paths: list[Path], candidates: list[Path], out: Path, workers: int | None) -> dict:
    """The library stages one after another in this process, each over every class;
    each stage's wall time and the CPU time of this process (``cpu``: the
    conversions' CPU is LibreOffice's, in other processes)."""
    from concurrent.futures import ThreadPoolExecutor

    from dossier import batch, batch_outcome, build, catalog, compose
    from dossier.convert import ConversionPool
    from dossier.numbers import validate_workspace as validate_paths
    from dossier.output_names import person_folders
    from dossier.workspace import DocumentCache, find_root

    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    cpu: dict[str, float] = {}
    clock = {}

    def start():
        clock["wall"], clock["cpu"] = time.perf_counter(), time.process_time()

    def stop(name):
        timings[name] = time.perf_counter() - clock["wall"]
        cpu[name] = time.process_time() - clock["cpu"]

    cuts: list[dict] = []  # per subject: the pages cut from its joined conversion, bundled from there as the build does

    def _convert_joined(per_subject: list) -> list:
        cuts[:] = [{} for _ in per_subject]
        with ThreadPoolExecutor(max_workers=pool.workers + 1) as threads:  # as many threads as `dossier build`
            return [r for results in threads.map(lambda pair: compose.convert(pair[0], pool, pair[1]),
                                                 zip(per_subject, cuts))
                    for r in results]

    memory = TreeMemory(os.getpid())
    memory.start()
    pool = ConversionPool(workers=workers)  # starts LibreOffice in the background, as the CLI does
    try:
        start()
        cache = DocumentCache()
        report = validate_paths([ws], cache)
        stop("validate")
        counts["validate"] = report.files_checked
        if any(f.is_error for f in report.findings):
            raise SystemExit("bench: validation errors in the synthetic workspace")

        try:
            from dossier.check import check_paths
        except ImportError:
            check_paths = None
        if check_paths is not None:
            start()
            check_paths(list(candidates))
            stop("check")
            counts["check"] = len(candidates)

        start()
        names = person_folders(candidates, find_root)
        folder = out / CLASS_FOLDER
        prepared = []
        for path in candidates:
            result, job = build.prepare(path, folder, cache, True, names[path], workspace_checks=False)
            if job is None:
                raise SystemExit(f"bench: cannot prepare {path.name}: {[f.message for f in result.findings]}")
            prepared.append(job)
        stop("resolve")
        counts["resolve"] = len(prepared)

        start()
        per_subject, produced = [], []  # the conversions of each candidate, then of the class
        for job in prepared:
            pending, mine = build.render_planned(job)
            produced.append(mine)
            per_subject.append(pending)
        for k, class_path in enumerate(class_paths):
            outcome = batch_outcome.ClassOutcome(str(class_path), f"{CLASS_FOLDER}-{k}", folder / f"lop-{k}")
            work = batch.render_class_documents(class_path, outcome, cache, True)
            per_subject.append(work.jobs if work else [])
            if any(f.is_error for f in outcome.findings):
                raise SystemExit(f"bench: class documents: {[f.message for f in outcome.findings if f.is_error]}")
        jobs = [pair for pending in per_subject for pair in pending]
        stop("render")
        counts["render"] = len(jobs)

        warm = [(jobs[0][0], out / "warm-up" / f"{i}.pdf") for i in range(2 * pool.workers)]
        pool.convert(warm)  # every worker started and past its first document
        for name, convert in (("convert each", pool.convert), ("convert", lambda _: _convert_joined(per_subject))):
            start()
            results = convert(jobs)
            stop(name)
            counts[name] = sum(r.ok for r in results)
            if counts[name] != len(jobs):
                bad = [r for r in results if not r.ok]
                raise SystemExit(f"bench: {len(bad)} conversions failed, e.g. {bad[0].source}: {bad[0].error}")

        start()
        bundles = 0
        for job, mine, cut in zip(prepared, produced, cuts):
            generated = []
            for item, pdf in mine:
                if item.in_bundle:
                    entry = catalog.entry(item.form.code)
                    generated.append(build.Document(item.form.code, item.form.title, pdf, entry.order,
                                                    item.stage, True))
            for stage in job.stages:
                parts = sorted((d for d in generated + job.attachments if d.stage == stage), key=lambda d: d.order)
                if parts:
                    build._bundle(job.c, stage, parts, job.folder, job.store, cuts=cut)
                    bundles += 1
            job.store.save()
        stop("bundle")
        counts["bundle"] = bundles
    finally:
        pool.close()
        memory.stop()
    return {"seconds": timings, "cpu": cpu, "counts": counts, "peak_rss_mb": memory.peak_rss_kb / 1024}


# ------------------------------------------------------------------ machine

def machine() -> dict:
    def first(path, prefix):
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1].strip('"')
        except OSError:
            pass
        return "?"

    try:
        lo = subprocess.run(["soffice", "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        lo = "?"
    mem_kb = first("/proc/meminfo", "MemTotal")
    return {
        "cpus": os.cpu_count(),
        "cpu_model": first("/proc/cpuinfo", "model name"),
        "ram_gib": round(int(mem_kb.split()[0]) / 1024 / 1024, 1) if mem_kb != "?" else None,
        "os": first("/etc/os-release", "PRETTY_NAME="),
        "python": platform.python_version(),
        "libreoffice": " ".join(lo.split()[:2]) if lo else "?",
    }


# ------------------------------------------------------------------ report

def med(values):
    return statistics.median(values) if values else None


def span(values, fmt="{:.1f}"):
    if not values:
        return "—"
    if len(values) == 1:
        return fmt.format(values[0])
    return f"{fmt.format(med(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def scaling(sizes: list[int], workers: int | None, keep: Path | None, info: dict) -> int:
    """The scaling table: for each size (classes of 100, as a real workspace has
    them), a workspace built end to end by one command, then the one-candidate
    rebuild; times and memory as in a run, ratios against the first size."""
    base = keep or Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    rows = []
    try:
        for size in sizes:
            folder = base / f"n{size}"
            shutil.rmtree(folder, ignore_errors=True)
            class_paths, candidates = make_workspace(folder / "ws", size, classes=max(1, round(size / 100)))
            validate_or_die(folder / "ws")
            load = os.getloadavg()[0]
            e2e = run_cli(class_paths, folder / "out", workers, folder / "build.log", force=True)
            docs = len(documents(folder / "out", folders_of(class_paths)))
            rb = rebuild(class_paths, edit_target(candidates), folder / "out", workers, folder / "rebuild.log")
            rows.append({"candidates": size, "classes": len(class_paths), "docs": docs, "seconds": e2e["seconds"],
                         "docs_per_second": docs / e2e["seconds"], "cpu_seconds": e2e["cpu_seconds"],
                         "peak_rss_mb": e2e["peak_rss_mb"], "peak_pss_mb": e2e["peak_pss_mb"],
                         "rebuild_seconds": rb["seconds"], "rebuild_rendered": rb["rendered"],
                         "rebuild_peak_rss_mb": rb["peak_rss_mb"], "workers": e2e["workers"], "load_before": load})
            print(f"{size} candidates ({len(class_paths)} classes, load {load:.2f}): {docs} documents in "
                  f"{e2e['seconds']:.1f} s ({docs / e2e['seconds']:.1f}/s, CPU {e2e['cpu_seconds']:.0f} s), peak RSS "
                  f"{e2e['peak_rss_mb']:.0f} MB (PSS {e2e['peak_pss_mb']:.0f}); rebuild {rb['seconds']:.2f} s "
                  f"({rb['rendered']} rendered); workers "
                  + "; ".join(f"{w['start_mb']} → {w['end_mb']} MB" for w in e2e["workers"]), flush=True)
            if not keep:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        if not keep:
            shutil.rmtree(base, ignore_errors=True)
    first = rows[0]
    print()
    print("| candidates | documents | seconds | × first | documents/s | peak RSS (PSS) MB | rebuild s | load |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['candidates']:,} | {r['docs']:,} | {r['seconds']:.1f} | {r['seconds'] / first['seconds']:.2f} "
              f"| {r['docs_per_second']:.1f} | {r['peak_rss_mb']:.0f} ({r['peak_pss_mb']:.0f}) "
              f"| {r['rebuild_seconds']:.2f} | {r['load_before']:.1f} |")
    print(json.dumps({"scale": [{k: (round(v, 2) if isinstance(v, float) else v) for k, v in r.items()}
                                for r in rows], "machine": info}, ensure_ascii=False), flush=True)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=100, help="candidates in the synthetic classes (100)")
    parser.add_argument("--classes", type=int, default=1,
                        help="classes the candidates are listed in, built by one command (1; 10 for 1,000)")
    parser.add_argument("--scale", type=str, default=None, metavar="N,N,…",
                        help="instead: a scaling table, e.g. 100,300,1000 (classes of 100; end to end and rebuild)")
    parser.add_argument("--runs", type=int, default=3, help="repetitions; medians are reported (3)")
    parser.add_argument("--baseline-sample", type=int, default=30,
                        help="documents converted the usual way per run, scaled to all (30)")
    parser.add_argument("--jobs", type=int, default=None, help="LibreOffice workers (default: CPUs)")
    parser.add_argument("--no-stages", action="store_true", help="skip the per-stage measurement")
    parser.add_argument("--keep", type=Path, default=None, help="build in this folder and keep it")
    args = parser.parse_args(argv)
    if args.candidates < 1 or args.runs < 1 or args.baseline_sample < 1 or args.classes < 1:
        parser.error("--candidates, --classes, --runs and --baseline-sample must be at least 1")
    if args.classes > args.candidates:
        parser.error("--classes must not exceed --candidates")

    # the commands timed run with the toolkit's bytecode, as an installed package
    # has it (./dev setup writes it too); under PYTHONDONTWRITEBYTECODE nothing
    # would write it and every command would compile the toolkit again
    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "dossier"), quiet=1)
    info = machine()
    print(f"machine: {info['cpus']} CPU ({info['cpu_model']}), {info['ram_gib']} GiB RAM, {info['os']}, "
          f"Python {info['python']}, {info['libreoffice']}", flush=True)
    if args.scale:
        return scaling([int(n) for n in args.scale.split(",")], args.jobs, args.keep, info)
    base = args.keep or Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    if args.keep and base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True, exist_ok=True)
    total_started = time.perf_counter()
    try:
        ws = base / "ws"
        class_paths, candidates = make_workspace(ws, args.candidates, classes=args.classes)
        warnings = validate_or_die(ws)
        print(f"workspace: {ws} — {args.candidates} synthetic candidates from {len(list(SAMPLES.glob('ung-vien/*.yaml')))} "
              f"samples, {len(class_paths)} class(es) {class_paths[0].name}…; dossier validate: 0 errors, "
              f"{warnings} warnings", flush=True)
        runs = []
        for n in range(1, args.runs + 1):
            load = os.getloadavg()[0]
            run_dir = base / f"run-{n}"
            run_dir.mkdir()
            e2e = run_cli(class_paths, run_dir / "out", args.jobs, run_dir / "build.log", force=True)
            docs = documents(run_dir / "out", folders_of(class_paths))
            pages = sum(b["pages"] for u in e2e["summary"]["candidates"] for b in u["bundles"])
            bundles = sum(len(u["bundles"]) for u in e2e["summary"]["candidates"])
            target = edit_target(candidates)
            rb = rebuild(class_paths, target, run_dir / "out", args.jobs, run_dir / "rebuild.log")
            base_line = baseline(docs, args.baseline_sample, run_dir / "baseline")
            st = None if args.no_stages else stages(ws, class_paths, candidates, run_dir / "stages", args.jobs)
            other = sum(v for k, v in st["seconds"].items() if not k.startswith("convert")) if st else 0.0
            baseline_seconds = base_line["scaled_seconds"] + other
            run = {"docs": len(docs), "pages": pages, "bundles": bundles, "seconds": e2e["seconds"],
                   "docs_per_second": len(docs) / e2e["seconds"], "flagged": e2e["flagged"],
                   "cpu_seconds": e2e["cpu_seconds"],
                   "peak_rss_mb": e2e["peak_rss_mb"], "peak_pss_mb": e2e["peak_pss_mb"],
                   "processes": e2e["processes"], "workers": e2e["workers"], "rebuild": rb, "baseline": base_line,
                   "baseline_seconds": baseline_seconds, "speedup": baseline_seconds / e2e["seconds"],
                   "stages": st, "load_before": load}
            runs.append(run)
            stage_text = ""
            if st:
                stage_text = "; stages " + ", ".join(f"{k} {v:.1f} s" for k, v in st["seconds"].items())
            print(f"run {n}/{args.runs} (load {load:.2f}): {len(docs)} documents, {bundles} dossiers, {pages} pages "
                  f"in {e2e['seconds']:.1f} s ({run['docs_per_second']:.1f} documents/s, CPU {e2e['cpu_seconds']:.0f} s); peak RSS "
                  f"{e2e['peak_rss_mb']:.0f} MB (PSS {e2e['peak_pss_mb']:.0f} MB); rebuild {rb['seconds']:.1f} s "
                  f"({rb['rendered']} rendered, {rb['converted']} converted); baseline "
                  f"{base_line['per_doc_mean']:.2f} s/document × {len(docs)} + {other:.1f} s = "
                  f"{baseline_seconds:.0f} s → ×{run['speedup']:.1f}{stage_text}", flush=True)
            if not args.keep:
                shutil.rmtree(run_dir, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)

    first = runs[0]
    print()
    print(f"Synthetic class: {args.candidates} candidates, {first['docs']} documents, {first['bundles']} dossiers, "
          f"{first['pages']} pages; {len(runs)} run(s), median (min–max)")
    if first["flagged"]:
        print(f"  note: {first['flagged']} candidate(s) carry error findings (checker); their dossiers were built")
    print(f"  end to end  `dossier build class.yaml`  {span([r['seconds'] for r in runs])} s, "
          f"{span([r['docs_per_second'] for r in runs])} documents/s; CPU time of its process tree "
          f"{span([r['cpu_seconds'] for r in runs], '{:.0f}')} s "
          f"({span([r['cpu_seconds'] / r['docs'] * 1000 for r in runs], '{:.0f}')} ms/document); "
          "load average before each run " + ", ".join(f"{r['load_before']:.1f}" for r in runs))
    if first["stages"]:
        print("  stages, one after another in one process:")
        for name in first["stages"]["seconds"]:
            secs = [r["stages"]["seconds"][name] for r in runs]
            count = first["stages"]["counts"][name]
            unit = {"validate": "files", "check": "candidates", "resolve": "candidates",
                    "bundle": "dossiers"}.get(name, "documents")
            rates = [count / s for s in secs if s > 0]
            cpu = span([r["stages"]["cpu"][name] for r in runs], '{:.2f}')
            print(f"    {name:<12} {span(secs, '{:.2f}'):>22} s  {count:>5} {unit:<10} {span(rates):>20} /s"
                  f"   CPU of this process {cpu} s")
    print(f"  baseline: one soffice per document, sequential; {first['baseline']['sample']} of {first['docs']} "
          f"documents timed per run and scaled: {span([r['baseline']['per_doc_mean'] for r in runs], '{:.2f}')} "
          f"s/document; {'with the other stages ' if first['stages'] else ''}"
          f"{span([r['baseline_seconds'] for r in runs], '{:.0f}')} s")
    print(f"  speedup     ×{span([r['speedup'] for r in runs])}")
    print(f"  rebuild after editing one candidate ({first['rebuild']['edited']}): "
          f"{span([r['rebuild']['seconds'] for r in runs])} s; {first['rebuild']['rendered']} documents rendered "
          f"({first['rebuild']['candidate_rendered']} of the candidate, the rest class documents), "
          f"{first['rebuild']['converted']} converted, {first['rebuild']['bundles']} dossiers rebuilt")
    print(f"  peak memory of the build's process tree (sum of VmRSS, sampled every 0.2 s): "
          f"{span([r['peak_rss_mb'] for r in runs], '{:.0f}')} MB; sum of PSS "
          f"{span([r['peak_pss_mb'] for r in runs], '{:.0f}')} MB; {first['processes']} processes")
    print("  LibreOffice workers' VmRSS, first and last seen (peak), MB: "
          + "; ".join(f"{w['start_mb']} → {w['end_mb']} ({w['peak_mb']})" for w in first["workers"]))
    print(f"  total benchmark time {time.perf_counter() - total_started:.0f} s")

    result = {
        "candidates": args.candidates,
        "runs": len(runs),
        "docs": first["docs"],
        "bundles": first["bundles"],
        "pages": first["pages"],
        "seconds": round(med([r["seconds"] for r in runs]), 2),
        "seconds_range": [round(min(r["seconds"] for r in runs), 2), round(max(r["seconds"] for r in runs), 2)],
        "docs_per_second": round(med([r["docs_per_second"] for r in runs]), 2),
        "convert_docs_per_second": (round(med([r["stages"]["counts"]["convert"] / r["stages"]["seconds"]["convert"]
                                               for r in runs]), 2) if first["stages"] else None),
        "of_convert_rate": (round(med([r["docs_per_second"] * r["stages"]["seconds"]["convert"]
                                       / r["stages"]["counts"]["convert"] for r in runs]), 3)
                            if first["stages"] else None),
        "classes": args.classes,
        "cpu_seconds": round(med([r["cpu_seconds"] for r in runs]), 1),
        "load_before": [round(r["load_before"], 2) for r in runs],
        "baseline_seconds": round(med([r["baseline_seconds"] for r in runs]), 1),
        "baseline_method": (f"one soffice process per document, sequential; {first['baseline']['sample']} of "
                            f"{first['docs']} documents timed per run, mean scaled to all"
                            + (", plus the other stages" if first["stages"] else " (conversion only)")),
        "baseline_per_doc_seconds": round(med([r["baseline"]["per_doc_mean"] for r in runs]), 3),
        "speedup": round(med([r["speedup"] for r in runs]), 1),
        "rebuild_seconds": round(med([r["rebuild"]["seconds"] for r in runs]), 2),
        "rebuild_rendered": first["rebuild"]["rendered"],
        "rebuild_converted": first["rebuild"]["converted"],
        "rebuild_candidate_rendered": first["rebuild"]["candidate_rendered"],
        "peak_rss_mb": round(med([r["peak_rss_mb"] for r in runs])),
        "peak_pss_mb": round(med([r["peak_pss_mb"] for r in runs])),
        "stages": ({name: round(med([r["stages"]["seconds"][name] for r in runs]), 2)
                    for name in first["stages"]["seconds"]} if first["stages"] else None),
        "stages_cpu": ({name: round(med([r["stages"]["cpu"][name] for r in runs]), 2)
                        for name in first["stages"]["cpu"]} if first["stages"] else None),
        "workers_rss_mb": first["workers"],
        "machine": info,
    }
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
