#!/usr/bin/env python3
"""A new user's path on a big workspace (issue #22): the commands an office types,
each timed, on the synthetic workspace of ``bench/run.py``.

    .venv/bin/python bench/new_user.py [--candidates 1000] [--classes 10] [--edits 3] [--keep DIR]

1. The samples plus N generated candidates in K classes (``bench/run.py``'s
   workspace), in a fresh folder.
2. ``dossier validate ws`` and ``dossier check ws`` (cold), then ``dossier build
   ws -o out`` of the whole folder from scratch (every class found, the people
   outside classes), then ``check``/``validate -o out`` twice (the second with
   nothing changed), a build with nothing changed, ``--edits`` times the
   benchmark's edit (one tone mark of one name dropped, built, put back, built),
   ``verify``, ``export xlsx`` and ``import xlsx --dry-run`` of that workbook,
   ``report --year``.
3. With ``--browser PATH`` (Debian's chromium) and Playwright installed, the
   time Chromium takes to open ``OUT/bang-theo-doi.html``.

Each line gives the seconds, the exit code and the load average before the
command; the last line is one JSON object. Not run in CI (minutes at 1,000).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench_run  # noqa: E402 - the synthetic workspace and the edit of bench/run.py


def _load() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def _timed(results: list, label: str, *args: str, cwd: Path) -> float:
    load = _load()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "dossier", *args], cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    results.append({"step": label, "seconds": round(seconds, 2), "exit": done.returncode, "load_before": load})
    print(f"{label:<48} {seconds:8.2f} s  exit {done.returncode}  load {load:.1f}", flush=True)
    return seconds


def _drop_tone(path: Path) -> tuple[str, str]:
    """The file's text before, and with one tone mark of ``ho_ten`` dropped."""
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("ho_ten:"):
            words = line.split()
            for i, word in enumerate(words[1:], start=1):
                if bench_run.without_tone(word) != word:
                    words[i] = bench_run.without_tone(word)
                    return text, text.replace(line, " ".join(words), 1)
    raise SystemExit(f"bench: no tone mark to drop in {path}")


def _board_open(board: Path, browser: str) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser)
        for _ in range(3):
            page = chromium.new_page(viewport={"width": 1400, "height": 900})
            start = time.perf_counter()
            page.goto(board.as_uri(), wait_until="load")
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            times.append(round(time.perf_counter() - start, 2))
            page.close()
        chromium.close()
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--year", type=int, default=dt.date.today().year)
    parser.add_argument("--browser", default=None, help="chromium to open the static board with (e.g. /usr/bin/chromium)")
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="dossier-new-user-"))
    if args.keep and base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True, exist_ok=True)
    results: list[dict] = []
    try:
        _, candidates = bench_run.make_workspace(base / "ws", args.candidates, classes=args.classes)
        print(f"workspace: {base / 'ws'} — {args.candidates} generated candidates in {args.classes} classes "
              "and the samples", flush=True)
        run = lambda label, *a: _timed(results, label, *a, cwd=base)  # noqa: E731
        run("validate ws (cold)", "validate", "ws")
        run("check ws (cold)", "check", "ws")
        run("build ws -o out (whole folder, from scratch)", "build", "ws", "-o", "out", "-q")
        for label in ("first", "nothing changed"):
            run(f"check ws -o out ({label})", "check", "ws", "-o", "out")
            run(f"validate ws -o out ({label})", "validate", "ws", "-o", "out")
        run("build ws -o out (nothing changed)", "build", "ws", "-o", "out", "-q")
        target = bench_run.edit_target(candidates)
        before, edited = _drop_tone(target)
        for n in range(1, args.edits + 1):
            target.write_text(edited, encoding="utf-8")
            run(f"build ws -o out (one candidate edited) #{n}", "build", "ws", "-o", "out", "-q")
            target.write_text(before, encoding="utf-8")
            run(f"build ws -o out (edit undone) #{n}", "build", "ws", "-o", "out", "-q")
        run("verify ws -o out", "verify", "ws", "-o", "out")
        run("export xlsx ws", "export", "xlsx", "ws", "-o", "ho-so.xlsx")
        run("import xlsx --dry-run (that workbook)", "import", "xlsx", "ho-so.xlsx", "ws", "--dry-run")
        run(f"report ws --year {args.year}", "report", "ws", "--year", str(args.year), "-o", "bao-cao.docx")
        board = {}
        if args.browser:
            board = {"board_open_seconds": _board_open(base / "out" / "bang-theo-doi.html", args.browser),
                     "board_mb": round((base / "out" / "bang-theo-doi.html").stat().st_size / 1e6, 1)}
            print(f"static board ({board['board_mb']} MB) opened in Chromium: {board['board_open_seconds']} s")
        print(json.dumps({"candidates": args.candidates, "classes": args.classes, "steps": results, **board,
                          "cpus": os.cpu_count()}, ensure_ascii=False))
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0 if all(r["exit"] in (0, 1) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
