#!/usr/bin/env python3
"""Benchmark of the LibreOffice workers' recycling (issue #22): the same build
with recycling off and on, alternating in one run, and what it costs.

    .venv/bin/python bench/recycle_bench.py [--candidates 300] [--pairs 1] [--after N] [--growth-mb M]

1. The synthetic workspace of ``bench/run.py`` (the samples plus N candidates,
   in classes of 100).
2. ``dossier build --force`` of every class into a fresh folder, ``--pairs``
   times with recycling off (``DOSSIER_LO_RECYCLE_AFTER=0``,
   ``DOSSIER_LO_RECYCLE_GROWTH_MB=0``) and on (the toolkit's defaults, or
   ``--after``/``--growth-mb``), the order alternating from pair to pair.
3. For each build: wall time, CPU time of the process tree, its peak VmRSS,
   and each LibreOffice worker (``soffice.bin``) seen: VmRSS when first and last
   seen and its peak (sampled every 0.2 s by ``bench/run.py``'s sampler); the
   load average before it.

The summary gives, per arm, the medians and the ratio on/off of wall and CPU
time, the workers seen (recycled = seen − workers), the largest VmRSS any
worker reached and the VmRSS of the workers alive at the end. The last line is
one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench_run  # noqa: E402 - the synthetic workspace and the measured build of bench/run.py

from dossier import convert_recycle  # noqa: E402

ARMS = ("off", "on")


def _settings(arm: str, after: int | None, growth: int | None) -> dict[str, str]:
    if arm == "off":
        return {convert_recycle.AFTER_ENV: "0", convert_recycle.GROWTH_ENV: "0"}
    settings = {}
    if after is not None:
        settings[convert_recycle.AFTER_ENV] = str(after)
    if growth is not None:
        settings[convert_recycle.GROWTH_ENV] = str(growth)
    return settings


def build_once(class_paths: list[Path], out: Path, arm: str, args) -> dict:
    saved = {name: os.environ.get(name) for name in (convert_recycle.AFTER_ENV, convert_recycle.GROWTH_ENV)}
    for name in saved:
        os.environ.pop(name, None)
    os.environ.update(_settings(arm, args.after, args.growth_mb))
    load = os.getloadavg()[0]
    try:
        result = bench_run.run_cli(class_paths, out, args.jobs, out.parent / f"{out.name}.log", force=True)
    finally:
        for name, value in saved.items():
            os.environ.pop(name, None)
            if value is not None:
                os.environ[name] = value
    workers = result["workers"]
    # the workers alive at the end: the last-seen ones, one per slot
    alive = sorted(workers, key=lambda w: w["pid"])[-(args.jobs or os.cpu_count() or 1):]
    return {"arm": arm, "load_before": round(load, 2), "seconds": round(result["seconds"], 1),
            "cpu_seconds": round(result["cpu_seconds"], 1), "peak_rss_mb": round(result["peak_rss_mb"]),
            "peak_pss_mb": round(result["peak_pss_mb"]), "workers_seen": len(workers),
            "worker_peak_mb": max((w["peak_mb"] for w in workers), default=0),
            "end_mb": [w["end_mb"] for w in alive], "workers": workers}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=1, help="off/on pairs, alternating order (1)")
    parser.add_argument("--after", type=int, default=None, help="conversions per worker when on (toolkit default)")
    parser.add_argument("--growth-mb", type=int, default=None, help="MB of growth when on (toolkit default)")
    parser.add_argument("--on-first", action="store_true", help="begin with recycling on (then alternate)")
    parser.add_argument("--jobs", type=int, default=None, help="LibreOffice workers (default: CPUs)")
    args = parser.parse_args(argv)
    classes = max(1, args.candidates // 100)
    info = bench_run.machine()
    print(f"machine: {info['cpus']} CPU, {info['libreoffice']}; recycling on = "
          f"{_settings('on', args.after, args.growth_mb) or 'defaults'} (defaults: after "
          f"{convert_recycle.DEFAULT_AFTER} conversions, growth {convert_recycle.DEFAULT_GROWTH_MB} MB "
          f"over the size after {convert_recycle.DEFAULT_WARM_UP})", flush=True)
    base = Path(tempfile.mkdtemp(prefix="dossier-recycle-"))
    builds = []
    try:
        ws = base / "ws"
        class_paths, _ = bench_run.make_workspace(ws, args.candidates, classes=classes)
        bench_run.validate_or_die(ws)
        for pair in range(args.pairs):
            for arm in (ARMS if (pair + args.on_first) % 2 == 0 else ARMS[::-1]):
                out = base / f"out-{pair}-{arm}"
                build = build_once(class_paths, out, arm, args)
                builds.append(build)
                print(f"pair {pair + 1} {arm:>3} (load {build['load_before']:.1f}): {build['seconds']:.1f} s, "
                      f"CPU {build['cpu_seconds']:.0f} s, tree peak {build['peak_rss_mb']} MB; "
                      f"{build['workers_seen']} workers seen, largest {build['worker_peak_mb']} MB, at the end "
                      f"{build['end_mb']} MB; first → last (peak): "
                      + "; ".join(f"{w['start_mb']} → {w['end_mb']} ({w['peak_mb']})" for w in build["workers"]),
                      flush=True)
                shutil.rmtree(out, ignore_errors=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)

    def arm_median(arm: str, key: str) -> float:
        return statistics.median(b[key] for b in builds if b["arm"] == arm)

    pairs = [(builds[i], builds[i + 1]) for i in range(0, len(builds), 2)]
    ratio = {key: statistics.median((a if a["arm"] == "on" else b)[key] / (b if a["arm"] == "on" else a)[key]
                                    for a, b in pairs) for key in ("seconds", "cpu_seconds")}
    result = {"candidates": args.candidates, "pairs": args.pairs,
              "on_settings": _settings("on", args.after, args.growth_mb) or "defaults",
              **{f"{arm}_{key}": arm_median(arm, key) for arm in ARMS
                 for key in ("seconds", "cpu_seconds", "peak_rss_mb", "workers_seen", "worker_peak_mb")},
              "on_off_seconds": round(ratio["seconds"], 3), "on_off_cpu": round(ratio["cpu_seconds"], 3),
              "builds": [{k: v for k, v in b.items() if k != "workers"} for b in builds]}
    print(f"recycling on/off: wall ×{result['on_off_seconds']:.3f}, CPU ×{result['on_off_cpu']:.3f} "
          f"(medians of {len(pairs)} pair(s))")
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
