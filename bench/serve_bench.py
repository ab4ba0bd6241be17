#!/usr/bin/env python3
"""Benchmark of the office board (``dossier serve``, issue #20): how soon an edit
saved on disk shows on the page, and how soon that person's rebuilt dossier is
served.

    .venv/bin/python bench/serve_bench.py [--candidates 100] [--edits 10]

1. The synthetic workspace of ``bench/run.py`` (the samples plus N candidates
   in one class).
2. ``python -m dossier serve WS -o OUT --no-browser --port 0`` in a subprocess;
   the benchmark waits until every dossier is built once and the output
   folder's lock is free (the server's first build).
3. ``--edits`` times, the benchmark's edit of ``bench/run.py``: one tone mark
   of one candidate's name dropped (then put back, then dropped…), the file
   written, and the clock started. It polls the candidate's page every 10 ms:
   **row** is when the page shows the new name (checked again, findings
   included); **dossier** is when the page says the dossier was built again
   and its PDF, fetched from the server, answers 200. Then it waits for the
   lock to be free (the class documents and summary.json follow) before the
   next edit, and reports that too (**batch**).

The output ends with one JSON object: medians and every value, in seconds.
Not run in CI (it takes a few minutes).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench_run  # noqa: E402 - the synthetic workspace and the edit of bench/run.py

from dossier import board_model, output_lock  # noqa: E402


def _get(base: str, cookie: str, path: str) -> tuple[int, bytes]:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def _built(page: str) -> int:
    found = re.search(r'id="noi-dung" data-built="(\d+)"', page)
    return int(found.group(1)) if found else -1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=100)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=None, help="LibreOffice workers (default: CPUs)")
    args = parser.parse_args(argv)
    base_dir = Path(tempfile.mkdtemp(prefix="dossier-serve-bench-"))
    server = None
    try:
        ws = base_dir / "ws"
        _, candidates = bench_run.make_workspace(ws, args.candidates)
        out = base_dir / "out"
        command = [sys.executable, "-m", "dossier", "serve", "ws", "-o", "out", "--no-browser", "--port", "0"]
        if args.jobs:
            command += ["--jobs", str(args.jobs)]
        started = time.monotonic()
        server = subprocess.Popen(command, cwd=base_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        match = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=(\S+)", server.stdout.readline())
        if match is None:
            raise SystemExit("serve_bench: the server printed no address")
        base, cookie = match.group(1), f"dossier_token={match.group(2)}"
        while True:  # the first build of every dossier
            status, body = _get(base, cookie, "/")
            page = body.decode()
            if status == 200 and page.count('class="hang') >= args.candidates and 'data-built="0"' not in page \
                    and "đang dựng" not in page and not output_lock.is_held(out):
                break
            time.sleep(0.5)
        first = time.monotonic() - started
        print(f"first build of {args.candidates} candidates by the server: {first:.1f} s", flush=True)

        target = bench_run.edit_target(candidates)
        key = board_model.key_of(f"ws/ung-vien/{target.name}")
        original = target.read_text(encoding="utf-8")
        name = re.search(r"^ho_ten: (.+)$", original, flags=re.M).group(1)
        words = name.split()
        toned = [i for i, w in enumerate(words) if bench_run.without_tone(w) != w][-1]
        typo = " ".join(words[:toned] + [bench_run.without_tone(words[toned])] + words[toned + 1:])
        rows, dossiers, batches = [], [], []
        try:
            for n in range(args.edits):
                old, new = (name, typo) if n % 2 == 0 else (typo, name)
                _, body = _get(base, cookie, f"/ho-so/{key}")
                before = _built(body.decode())
                text = target.read_text(encoding="utf-8")
                t0 = time.monotonic()
                target.write_text(text.replace(f"ho_ten: {old}\n", f"ho_ten: {new}\n", 1), encoding="utf-8")
                row = None
                while True:
                    _, body = _get(base, cookie, f"/ho-so/{key}")
                    page = body.decode()
                    shown = f"Hồ sơ của {new}<" in page
                    if row is None and shown:
                        row = time.monotonic() - t0
                    if shown and _built(page) > before:
                        link = re.search(r'href="(/tep/[^"]+\.pdf)"', page)
                        if link and _get(base, cookie, link.group(1))[0] == 200:
                            break
                    time.sleep(0.01)
                dossier = time.monotonic() - t0
                while output_lock.is_held(out):
                    time.sleep(0.02)
                batch = time.monotonic() - t0
                rows.append(row)
                dossiers.append(dossier)
                batches.append(batch)
                print(f"edit {n + 1}: {old} → {new}: row {row:.2f} s, dossier {dossier:.2f} s, "
                      f"class documents and summary {batch:.2f} s", flush=True)
                time.sleep(0.5)
        finally:
            target.write_text(original, encoding="utf-8")
        result = {"candidates": args.candidates, "edits": args.edits, "first_build_seconds": round(first, 2),
                  "row_median": round(statistics.median(rows), 3), "dossier_median": round(statistics.median(dossiers), 3),
                  "batch_median": round(statistics.median(batches), 3),
                  "rows": [round(x, 3) for x in rows], "dossiers": [round(x, 3) for x in dossiers],
                  "batches": [round(x, 3) for x in batches]}
        print(f"median of {args.edits}: row {result['row_median']:.2f} s (target ≤ 0.5 s), "
              f"dossier {result['dossier_median']:.2f} s (target ≤ 1.5 s)")
        print(json.dumps(result))
        return 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(base_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
