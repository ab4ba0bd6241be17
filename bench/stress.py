#!/usr/bin/env python3
"""Stress: a class build attacked at random, then checked (issue #17). Not in CI.

    .venv/bin/python bench/stress.py [--seed S] [--rounds 30] [--candidates 8] [--keep DIR]

In a private temporary folder (``TMPDIR`` of every command points to a folder
of its own, so whatever a command leaves there is seen), the workspace of
``bench/run.py`` (samples + N candidates in one class) is built once into an
output folder whose path has spaces and Vietnamese letters. Then, for each
round, some of these faults, chosen by the seeded random generator:

* **edit** a candidate before the build or while it runs: drop a tone mark of
  the name (or put it back), move the birth date by a day, add or remove a
  family member, rename the candidate's file (the class follows), drop the
  candidate from the class (or take it back), replace an attached PDF;
* **kill** the command with SIGINT, SIGTERM or SIGHUP (to the process, or to its
  process group as a terminal does), SIGKILL, or kill a LibreOffice
  (``soffice.bin``) it started;
* start a **second build** on the same output folder (sometimes with a short
  lock timeout, so that it gives up with exit 3);
* **damage an output** before the build: truncate or extend a PDF, copy another
  person's dossier over one, edit a .docx as Word would, delete a file,
  truncate a manifest.

After every command: no traceback, an exit code the fault allows, no process of
the run still alive a few seconds after its commands ended (this script is the
children's subreaper, so nothing escapes by being orphaned), no
``.dossier-tmp`` after a command that was not SIGKILLed, nothing in
``TMPDIR``. A round without faults during its build must end with exit 0 and
``dossier verify`` exit 0. Finally a clean build, ``dossier verify`` (exit 0),
and an oracle: every .docx and every dossier's text equal those of a fresh
build of the same data into an empty folder.

Prints its seed first and a summary last (seed, rounds, faults injected by
kind, failures, final verify result); the last line is one JSON object. Exit 0
when nothing failed.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import ctypes
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402 (bench/run.py: the synthetic workspace)

ROOT = bench.ROOT
PR_SET_CHILD_SUBREAPER = 36
COMMAND_TIMEOUT = 600.0
SETTLE = 15.0  # seconds a command's processes get to end after it did
SIGNAL_EXITS = {signal.SIGINT: {130}, signal.SIGTERM: {130}, signal.SIGHUP: {129}, signal.SIGKILL: {-9}}
SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGKILL"]


# ------------------------------------------------------------------ processes

def descendants(root: int = 0) -> dict[int, bytes]:
    """Live descendants of ``root`` (this process by default): pid -> command name."""
    root = root or os.getpid()
    table, found, todo = bench.proc_table(), {}, [root]
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                todo.append(child)
                if table[child][1] not in ("Z", "X"):
                    found[child] = table[child][2]
    return found


def reap_orphans(keep: set[int]) -> None:
    """Reap zombies adopted by this subreaper (not the commands, which Popen waits for)."""
    for pid, (ppid, state, _) in bench.proc_table().items():
        if ppid == os.getpid() and state == "Z" and pid not in keep:
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(pid, os.WNOHANG)


# ------------------------------------------------------------------ the stress run

class Stress:
    def __init__(self, base: Path, seed: int, candidates: int):
        self.rng = random.Random(seed)
        self.base = base
        self.tmp = base / "tmp"
        self.tmp.mkdir()
        self.ws = base / "ws"
        self.out = base / "kết quả dựng (thử tải)"
        self.klass, paths = bench.make_workspace(self.ws, candidates, seed)
        self.names = {p.name: self._load(p)["ho_ten"] for p in paths}  # file -> original name
        self.dropped: list[dict] = []
        self.faults: Counter = Counter()
        self.failures: list[str] = []
        self.exits: Counter = Counter()
        self.durations: list[float] = []  # of the builds that ran to their end
        self.in_the_way: list[Path] = []  # folders put where an output was: a build reports them, moves nothing
        self.sentinel = base / "ngoai-OUT.txt"  # outside OUT: no command may move or change it
        self.sentinel.write_text("không thuộc thư mục kết quả", encoding="utf-8")
        self.env = {**os.environ, "CI": "1", "TMPDIR": str(self.tmp), "PYTHONPATH": str(ROOT)}

    # -------------------------------------------------------------- data

    @staticmethod
    def _load(path: Path) -> dict:
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    @staticmethod
    def _dump(path: Path, data: dict) -> None:
        header = "".join(line for line in path.read_text(encoding="utf-8").splitlines(True)
                         if line.startswith("#"))
        text = header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        tmp = path.with_name(f".{path.name}.stress")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)  # an editor's save: never half a file

    def members(self) -> list[Path]:
        return [(self.klass.parent / e["ho_so"]).resolve() for e in self._load(self.klass)["hoc_vien"]]

    def edit(self) -> str:
        kind = self.rng.choice(["tone", "date", "family", "rename", "drop", "attachment"])
        path = self.rng.choice(self.members())
        data = self._load(path)
        if kind == "tone":
            original = self.names.get(path.name, data["ho_ten"])
            words = original.split()
            marked = [i for i, w in enumerate(words) if bench.without_tone(w) != w] or [0]
            drop = self.rng.choice(marked)
            data["ho_ten"] = original if data["ho_ten"] != original else " ".join(
                bench.without_tone(w) if i == drop else w for i, w in enumerate(words))
        elif kind == "date":
            born = bench._date(data["ngay_sinh"])
            data["ngay_sinh"] = born.replace(day=born.day + 1 if born.day < 27 else born.day - 1)
        elif kind == "family":
            family = data.setdefault("gia_dinh", [])
            added = [m for m in family if str(m.get("ho_ten", "")).endswith("Văn Thêm")]
            if added:
                family.remove(added[0])
            elif family:
                member = json.loads(json.dumps(family[0], default=str))
                member["ho_ten"] = data["ho_ten"].split()[0] + " Văn Thêm"
                family.append(member)
        elif kind == "rename":
            new = path.with_name(path.stem[:-5] + path.suffix) if path.stem.endswith("-moi1") \
                else path.with_name(path.stem + "-moi1" + path.suffix)
            klass = self._load(self.klass)
            for entry in klass["hoc_vien"]:
                if (self.klass.parent / entry["ho_so"]).resolve() == path:
                    entry["ho_so"] = f"../ung-vien/{new.name}"
            os.rename(path, new)
            self.names[new.name] = self.names.pop(path.name, data["ho_ten"])
            self._dump(self.klass, klass)
            return kind
        elif kind == "drop":
            klass = self._load(self.klass)
            if self.dropped and (len(klass["hoc_vien"]) <= 3 or self.rng.random() < 0.5):
                klass["hoc_vien"].append(self.dropped.pop())
            else:
                self.dropped.append(klass["hoc_vien"].pop(self.rng.randrange(len(klass["hoc_vien"]))))
            self._dump(self.klass, klass)
            return kind
        elif kind == "attachment":
            pdfs = sorted((self.ws / "tep-dinh-kem").glob("*.pdf"))
            used = [(path.parent / a["tep"]).resolve() for a in data.get("dinh_kem") or []
                    if str(a.get("tep", "")).endswith(".pdf")]
            if not used:
                return self.edit()
            target = self.rng.choice(used)
            source = self.rng.choice([p for p in pdfs if p != target])
            tmp = target.with_name(f".{target.name}.stress")
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
            return kind
        self._dump(path, data)
        return kind

    def damage(self) -> str | None:
        """Damage one output as a user or a crash would."""
        if not self.out.is_dir():
            return None
        files = [p for p in self.out.rglob("*") if p.is_file() and not any(x.startswith(".cu") for x in p.parts)
                 and ".dossier-tmp" not in p.parts and "-da-sua-" not in p.name]
        pdfs = [p for p in files if p.suffix == ".pdf"]
        bundles = [p for p in pdfs if p.name.startswith("ho-so-")]
        kind = self.rng.choice(["truncate", "extend", "swap", "docx", "delete", "manifest", "link", "directory",
                                "cu-file", "outside"])
        if kind == "swap" and len(bundles) >= 2:
            a, b = self.rng.sample(bundles, 2)
            shutil.copyfile(a, b)
        elif kind == "link" and len(bundles) >= 2:  # a person's dossier replaced by a link to another's
            a, b = self.rng.sample(bundles, 2)
            b.unlink()
            b.symlink_to(os.path.relpath(a, b.parent))
        elif kind == "directory" and pdfs:  # a folder where a document was (another program's, the user's)
            target = self.rng.choice(pdfs)
            target.unlink()
            target.mkdir()
            (target / "ghi-chu.txt").write_text("của người dùng", encoding="utf-8")
            self.in_the_way.append(target)
        elif kind == "cu-file" and not (self.out / ".cu").exists():
            (self.out / ".cu").write_text("tệp của người dùng", encoding="utf-8")
        elif kind == "outside" and (manifests := [p for p in files if p.name == ".dossier-manifest.json"]):
            target = self.rng.choice(manifests)  # a manifest listing a file outside OUT: never moved
            data = json.loads(target.read_text(encoding="utf-8") or "{}")
            if not isinstance(data.get("files"), dict):
                return None
            data["files"][os.path.relpath(self.sentinel, target.parent)] = {"sha256": "0" * 64, "stat": [0, 0, 0]}
            target.write_text(json.dumps(data), encoding="utf-8")
        elif kind == "docx" and (docxs := [p for p in files if p.suffix == ".docx"]):
            target = self.rng.choice(docxs)
            with zipfile.ZipFile(target) as z:
                parts = {n: z.read(n) for n in z.namelist()}
            parts["word/document.xml"] = parts["word/document.xml"].replace(b"</w:body>", b"<w:p><w:r><w:t>"
                                                                            b"S\xe1\xbb\xada tay</w:t></w:r></w:p>"
                                                                            b"</w:body>", 1)
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
                for name, data in parts.items():
                    z.writestr(name, data)
        elif kind == "manifest" and (manifests := [p for p in files if p.name == ".dossier-manifest.json"]):
            target = self.rng.choice(manifests)
            target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
        elif pdfs:
            target = self.rng.choice(pdfs)
            if kind == "delete":
                target.unlink()
            elif kind == "extend":
                with open(target, "ab") as fh:
                    fh.write(b"\n% sua tay\n")
            else:
                kind = "truncate"
                target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
        else:
            return None
        return kind

    # -------------------------------------------------------------- commands

    def start(self, *args, env: dict | None = None) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "dossier", *map(str, args)], cwd=self.base,
                                env={**self.env, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True)

    def build_args(self) -> list:
        return ["build", self.klass, "-o", self.out, "-q"]

    def finish(self, proc: subprocess.Popen, label: str, allowed: set[int]) -> tuple[int, str]:
        try:
            output, _ = proc.communicate(timeout=COMMAND_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail(f"{label}: still running after {COMMAND_TIMEOUT:g} s (killed)")
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)
            output, _ = proc.communicate()
        output = output.decode("utf-8", "replace")
        self.exits[f"{label}:{proc.returncode}"] += 1
        if "Traceback" in output:
            self.fail(f"{label}: traceback\n{output[-3000:]}")
        if proc.returncode not in allowed:
            self.fail(f"{label}: exit {proc.returncode}, expected one of {sorted(allowed)}\n{output[-2000:]}")
        return proc.returncode, output

    def fail(self, message: str) -> None:
        self.failures.append(f"round {self.round}: {message}")
        print(f"  FAILURE {self.failures[-1]}", flush=True)

    def settle(self, killed: bool) -> None:
        """After a round's commands ended: nothing of them runs, nothing in TMPDIR, no scratch folder."""
        deadline = time.monotonic() + SETTLE
        while (left := descendants()) and time.monotonic() < deadline:
            reap_orphans(set())
            time.sleep(0.1)
        if left:
            self.fail(f"processes left {SETTLE:g} s after the commands ended: {left}")
            for pid in left:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)
            reap_orphans(set())
        if not self.sentinel.is_file() or self.sentinel.read_text(encoding="utf-8") != "không thuộc thư mục kết quả":
            self.fail(f"{self.sentinel}, outside the output folder, was moved or changed")
            self.sentinel.write_text("không thuộc thư mục kết quả", encoding="utf-8")
        leftovers = sorted(p.relative_to(self.tmp).as_posix() for p in self.tmp.rglob("*"))
        if leftovers:
            self.fail(f"left in TMPDIR: {leftovers[:10]}")
            shutil.rmtree(self.tmp)
            self.tmp.mkdir()
        scratch = list(self.out.rglob(".dossier-tmp")) if self.out.is_dir() else []
        if scratch and not killed:
            self.fail(f".dossier-tmp left after a command that was not SIGKILLed: {scratch}")

    def verify(self, label: str) -> int:
        code, output = self.finish(self.start("verify", self.klass, "-o", self.out), label, {0, 1})
        if code != 0:
            self.fail(f"{label}: verify exit {code}\n{output[-3000:]}")
        return code

    # -------------------------------------------------------------- one round

    round = 0

    def one_round(self) -> None:
        rng = self.rng
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            self.faults[f"edit:{self.edit()}"] += 1
        if rng.random() < 0.3 and (kind := self.damage()):
            self.faults[f"damage:{kind}"] += 1
        fault = rng.choice(["none", "none", "SIGINT", "SIGTERM", "SIGHUP", "SIGKILL", "soffice", "second",
                            "edit-during"])
        # a fault lands anywhere in a build: rebuilds are short, so the delay follows the latest ones
        delay = rng.uniform(0.2, max(1.0, 1.2 * sorted(self.durations[-5:])[len(self.durations[-5:]) // 2]))
        first = self.start(*self.build_args())
        began = time.monotonic()
        allowed, second, killed = {0}, None, False
        if fault == "soffice":
            delay = rng.uniform(0, 1)
        if fault != "none":
            time.sleep(delay)
        if fault.startswith("SIG") and first.poll() is None:
            sig = getattr(signal, fault)
            group = sig != signal.SIGKILL and rng.random() < 0.5
            (os.killpg if group else os.kill)(first.pid, sig)
            self.faults[f"kill:{fault}{'-group' if group else ''}"] += 1
            allowed = {0} | SIGNAL_EXITS[sig]
            killed = sig == signal.SIGKILL
        elif fault == "soffice":  # the first LibreOffice seen after the delay, a moment into its work
            office = []
            while not office and first.poll() is None:
                office = [pid for pid, name in descendants(first.pid).items() if name.startswith(b"soffice")]
                time.sleep(0.02)
            time.sleep(rng.uniform(0, 0.5))
            if office:
                with contextlib.suppress(OSError):
                    os.kill(rng.choice(office), signal.SIGKILL)
                self.faults["kill:soffice"] += 1
                allowed = {0, 1}
        elif fault == "second":
            patience = rng.choice([None, "1"])
            second = self.start(*self.build_args(), env={"DOSSIER_LOCK_TIMEOUT": patience} if patience else None)
            self.faults[f"second-build{'-timeout' if patience else ''}"] += 1
        elif fault == "edit-during":
            self.faults[f"edit-during:{self.edit()}"] += 1
        if self.in_the_way:  # a folder where a file is made: that person fails, with a message (exit 1)
            allowed |= {1}
        code, _ = self.finish(first, "build", allowed)
        for folder in self.in_the_way:  # the user reads the message and takes the folder away
            shutil.rmtree(folder, ignore_errors=True)
        blocked, self.in_the_way = bool(self.in_the_way), []
        if code == 0 and fault != "second":
            self.durations.append(time.monotonic() - began)
        if second is not None:
            self.finish(second, "second build", {0, 3})
        self.settle(killed)
        quiet = not blocked and (fault in ("none", "second") or (fault.startswith("SIG") and code == 0))
        if quiet and code == 0:
            self.verify("verify after a round without faults")
        print(f"round {self.round}: fault {fault} after {delay:.1f} s → exit {code}", flush=True)

    def final(self) -> dict:
        code, output = self.finish(self.start(*self.build_args()), "final build", {0})
        self.settle(False)
        verified = self.verify("final verify")
        oracle = self.oracle()
        return {"final_build": code, "final_verify": verified, "oracle_differences": oracle}

    def oracle(self) -> int:
        """Every .docx and dossier text of OUT equals a fresh build's of the same data."""
        from pypdf import PdfReader

        fresh = self.base / "fresh"
        self.finish(self.start("build", self.klass, "-o", fresh, "-q"), "fresh build", {0})
        self.settle(False)
        differences = 0
        for made in sorted(fresh.rglob("*")):
            rel = made.relative_to(fresh)
            if made.suffix not in (".docx", ".pdf") or rel.parts[0].startswith(".") or made.name.startswith("."):
                continue
            ours = self.out / rel
            if not ours.is_file():
                self.fail(f"oracle: {rel} is missing from OUT")
                differences += 1
            elif made.suffix == ".docx" and not _same_docx(made, ours):
                self.fail(f"oracle: {rel} differs from a fresh build's")
                differences += 1
            elif made.name.startswith("ho-so-") and _text(PdfReader(made)) != _text(PdfReader(ours)):
                self.fail(f"oracle: the text of {rel} differs from a fresh build's")
                differences += 1
        return differences


def _same_docx(a: Path, b: Path) -> bool:
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        names = sorted(za.namelist())
        return names == sorted(zb.namelist()) and all(za.read(n) == zb.read(n) for n in names)


def _text(reader) -> str:
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=None, help="random seed (printed; default: a new one)")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--candidates", type=int, default=8)
    parser.add_argument("--keep", type=Path, default=None, help="work in this new folder and keep it")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    print(f"seed {seed}", flush=True)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    base = args.keep or Path(tempfile.mkdtemp(prefix="dossier-stress-"))
    base.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    compileall.compile_dir(str(ROOT / "dossier"), quiet=1)  # as an installed package has it (bench/run.py)
    try:
        stress = Stress(base, seed, args.candidates)
        t0 = time.monotonic()
        stress.finish(stress.start(*stress.build_args()), "first build", {0})
        first_seconds = time.monotonic() - t0
        stress.durations.append(first_seconds)
        stress.settle(False)
        print(f"first build {first_seconds:.1f} s", flush=True)
        for stress.round in range(1, args.rounds + 1):
            stress.one_round()
        stress.round = "final"
        final = stress.final()
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    summary = {"seed": seed, "rounds": args.rounds, "candidates": args.candidates,
               "faults": dict(sorted(stress.faults.items())), "exits": dict(sorted(stress.exits.items())),
               "failures": len(stress.failures), **final, "seconds": round(time.monotonic() - started, 1)}
    print(f"\nseed {seed}, {args.rounds} rounds, {sum(stress.faults.values())} faults injected:")
    for kind, n in sorted(stress.faults.items()):
        print(f"  {kind}: {n}")
    print(f"final build exit {final['final_build']}, dossier verify exit {final['final_verify']}, "
          f"{final['oracle_differences']} differences from a fresh build; {len(stress.failures)} failures")
    for failure in stress.failures:
        print(f"  - {failure.splitlines()[0]}")
    print(json.dumps(summary, ensure_ascii=False))
    return 0 if not stress.failures else 1


if __name__ == "__main__":
    sys.exit(main())
