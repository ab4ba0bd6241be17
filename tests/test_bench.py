"""The benchmark (bench/run.py) still runs end to end and ends with its JSON line.

Not a timing test: it only keeps the benchmark from rotting silently.
"""

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

REQUIRED = {"docs", "seconds", "baseline_seconds", "speedup", "rebuild_seconds", "peak_rss_mb"}


def test_bench_runs_and_ends_with_json():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--candidates", "3", "--runs", "1", "--baseline-sample", "3"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "CI": "1"},
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    last = proc.stdout.strip().splitlines()[-1]
    result = json.loads(last)
    assert REQUIRED <= result.keys(), REQUIRED - result.keys()
    assert result["docs"] > 3 and result["seconds"] > 0 and result["baseline_seconds"] > 0
    assert result["rebuild_rendered"] >= 1, "the edited candidate's documents are rendered again"
    assert result["rebuild_rendered"] < result["docs"], "the rebuild redoes only what the edit touched"
    assert result["peak_rss_mb"] > 0


def test_the_new_user_path_runs_and_every_command_succeeds():
    """bench/new_user.py (issue #22): the commands a user types on a big workspace."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "new_user.py"), "--candidates", "3", "--classes", "1", "--edits", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "CI": "1"},
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    steps = {s["step"]: s for s in result["steps"]}
    assert steps["build ws -o out (whole folder, from scratch)"]["exit"] == 0
    assert steps["verify ws -o out"]["exit"] == 0, "after the edits and undos the output is current"
    assert steps["build ws -o out (one candidate edited) #1"]["exit"] == 0
    assert all(s["exit"] in (0, 1) for s in result["steps"])


def test_the_render_benchmark_replays_the_samples_renders():
    """bench/render_bench.py: the CPU of rendering one document, without LibreOffice."""
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "render_bench.py"), "--repeat", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "CI": "1"})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["renders"] > 100 and result["ms_per_render"] > 0
