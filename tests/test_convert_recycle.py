"""Tests for dossier.convert_recycle: LibreOffice workers replaced before their
memory creeps, without losing or failing a job."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time

import pytest
from conftest import SAMPLES, dossier_process_args
from test_convert import expected_text, make_docx, needs_soffice, pdf_text, process_gone, wait_for_workers

from dossier import convert_recycle
from dossier.convert import ConversionPool
from dossier.convert_recycle import RecyclePolicy
from dossier.errors import EnvironmentFailure


def pool_soffices(pool: ConversionPool) -> list[int]:
    """Live soffice.bin processes started with a profile inside the pool's folder."""
    found = []
    root = str(pool.scratch).encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/comm", "rb") as fh:
                if not fh.read().startswith(b"soffice"):
                    continue
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmdline = fh.read()
            with open(f"/proc/{entry}/stat", "rb") as fh:
                state = fh.read().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if root in cmdline and state not in (b"Z", b"X"):
            found.append(int(entry))
    return found


def documents(folder, count: int, prefix: str = "Tài liệu"):
    return [
        (make_docx(folder / "in" / f"d{i}.docx", f"{prefix} {i}"), folder / "out" / f"d{i}.pdf")
        for i in range(count)
    ]


def settle(pool: ConversionPool) -> None:
    """Wait until the successors being started are ready (they take over at the next job)."""
    deadline = time.monotonic() + 60
    for successor in list(pool._recycler._pending.values()):
        assert successor.ready.wait(max(0.0, deadline - time.monotonic()))


def convert_in_rounds(pool: ConversionPool, jobs, size: int) -> list:
    """Convert ``jobs`` ``size`` at a time, letting successors start in between
    (a few documents convert faster than a LibreOffice starts)."""
    results = []
    for start in range(0, len(jobs), size):
        results += pool.convert(jobs[start:start + size])
        settle(pool)
    return results


def assert_all_converted(results, jobs, prefix: str = "Tài liệu") -> None:
    assert len(results) == len(jobs)
    assert [r.ok for r in results] == [True] * len(jobs), [r.error for r in results if not r.ok]
    for i, result in enumerate(results):
        assert pdf_text(result.target) == expected_text(f"{prefix} {i}")


# --------------------------------------------------------------------------
# Without LibreOffice


def test_policy_from_environment(monkeypatch):
    monkeypatch.delenv(convert_recycle.AFTER_ENV, raising=False)
    monkeypatch.delenv(convert_recycle.GROWTH_ENV, raising=False)
    default = RecyclePolicy.from_env()
    assert (default.after, default.growth_mb) == (convert_recycle.DEFAULT_AFTER, convert_recycle.DEFAULT_GROWTH_MB)
    assert default.enabled
    monkeypatch.setenv(convert_recycle.AFTER_ENV, "0")
    monkeypatch.setenv(convert_recycle.GROWTH_ENV, " 0 ")
    assert not RecyclePolicy.from_env().enabled
    monkeypatch.setenv(convert_recycle.AFTER_ENV, "7")
    assert RecyclePolicy.from_env().after == 7


@pytest.mark.parametrize("value", ["abc", "-3", "1.5"])
def test_invalid_setting_is_a_vietnamese_environment_failure(monkeypatch, value):
    monkeypatch.setenv(convert_recycle.GROWTH_ENV, value)
    with pytest.raises(EnvironmentFailure) as info:
        RecyclePolicy.from_env()
    message = str(info.value)
    assert convert_recycle.GROWTH_ENV in message and value in message
    assert "số nguyên không âm" in message and "0 để tắt" in message


@pytest.mark.slow
@needs_soffice
def test_build_with_an_invalid_setting_says_so_in_vietnamese(tmp_path):
    env = {**os.environ, convert_recycle.AFTER_ENV: "nhiều"}
    done = subprocess.run(
        dossier_process_args("build", SAMPLES / "lop" / "lop-2026-01.yaml", "-o", tmp_path / "out", "-q"),
        cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env,
    )
    assert done.returncode == 3, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "Lỗi: Biến môi trường DOSSIER_LO_RECYCLE_AFTER phải là một số nguyên không âm (0 để tắt), "
        "không phải “nhiều”."
    )


def test_policy_due():
    policy = RecyclePolicy(after=100, growth_mb=40, warm_up=10)
    assert policy.due(99, 200_000, 200_000 + 39 * 1024) is None
    assert policy.due(100, 200_000, 200_000) == "conversions"
    assert policy.due(50, 200_000, 200_000 + 40 * 1024) == "memory"
    assert policy.due(50, None, 300_000) is None  # not warm yet: no baseline
    assert policy.due(50, 200_000, None) is None  # no /proc
    off = RecyclePolicy.off()
    assert not off.enabled and off.due(10**6, 1, 10**9) is None


# --------------------------------------------------------------------------
# With LibreOffice


@pytest.mark.slow
@needs_soffice
def test_tiny_limit_recycles_workers_and_every_document_converts(tmp_path):
    jobs = documents(tmp_path, 32)
    with ConversionPool(workers=2, timeout=30, recycle=RecyclePolicy(after=3, growth_mb=0)) as pool:
        pool.start()
        first = set(wait_for_workers(pool, 2).values())
        recycler = pool._recycler
        others_pending = []  # successors of other slots when one is launched
        real_launch = recycler._launch
        recycler._launch = lambda slot, *rest: (others_pending.append(len(recycler._pending)),
                                                real_launch(slot, *rest))
        results = convert_in_rounds(pool, jobs, 4)
        assert_all_converted(results, jobs)
        # recycling never costs an attempt: no job was in flight on a stopped worker
        assert [r.attempts for r in results] == [1] * len(jobs)
        assert recycler.count >= 3, recycler.recycled
        # one successor at a time in the whole pool: never two extra LibreOffice at once
        assert others_pending and max(others_pending) == 0, others_pending
        assert pool._restarts == 0  # recycling is not a crash restart
        assert all(entry["how"] == "ahead" and entry["reason"] == "conversions" for entry in recycler.recycled)
        assert all(entry["conversions"] >= 3 for entry in recycler.recycled)
        now = set(pool._worker_pids().values())
        assert not now & first  # the first workers were replaced ...
        for pid in first:
            assert process_gone(pid)  # ... and are gone, not left running or as zombies
        assert len(pool_soffices(pool)) <= 3  # the workers and at most one successor
        scratch = pool.scratch
        assert pool_soffices(pool)
    deadline = time.monotonic() + 10
    while pool_soffices(pool) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool_soffices(pool) == []
    assert not scratch.exists()


@pytest.mark.slow
@needs_soffice
def test_job_in_flight_while_the_successor_starts_is_not_lost(tmp_path):
    """One worker: the recycle is decided after its 2nd conversion, while the
    successor starts the old worker converts the next jobs; it is stopped only
    between two jobs, and every result is right on the first attempt."""
    jobs = documents(tmp_path, 15, "Đang chuyển")
    with ConversionPool(workers=1, timeout=30, recycle=RecyclePolicy(after=2, growth_mb=0)) as pool:
        (first,) = wait_for_workers(pool, 1).values()
        results = convert_in_rounds(pool, jobs, 5)
        assert_all_converted(results, jobs, "Đang chuyển")
        assert [r.attempts for r in results] == [1] * len(jobs)
        assert pool._recycler.count >= 2
        # the old worker kept converting while its successor started
        assert any(entry["conversions"] > 2 for entry in pool._recycler.recycled)
        assert process_gone(first)


@pytest.mark.slow
@needs_soffice
def test_crashed_worker_is_still_restarted_with_recycling_on(tmp_path):
    jobs = documents(tmp_path, 16, "Sự cố")
    with ConversionPool(workers=2, timeout=30, recycle=RecyclePolicy(after=5, growth_mb=0)) as pool:
        pool.start()
        wait_for_workers(pool, 2)
        results: list = []
        runner = threading.Thread(target=lambda: results.extend(pool.convert(jobs)))
        runner.start()
        deadline = time.monotonic() + 30
        while not any(t.exists() for _, t in jobs) and time.monotonic() < deadline:
            time.sleep(0.005)
        victim = pool._worker_pids()[0]
        os.kill(victim, signal.SIGKILL)  # mid-batch
        runner.join(90)
        assert_all_converted(results, jobs, "Sự cố")
        assert pool._restarts == 1  # the crash: restarted as before
        assert process_gone(victim)
    assert pool_soffices(pool) == []


@pytest.mark.slow
@needs_soffice
def test_memory_growth_limit_and_recycling_off(tmp_path):
    jobs = documents(tmp_path, 6, "Bộ nhớ")
    # any growth over the size after the first conversion counts: a worker grows while warming up
    with ConversionPool(workers=1, timeout=30, recycle=RecyclePolicy(after=0, growth_mb=1, warm_up=1)) as pool:
        assert_all_converted(convert_in_rounds(pool, jobs, 3), jobs, "Bộ nhớ")
        assert pool._recycler.count >= 1
        assert {entry["reason"] for entry in pool._recycler.recycled} == {"memory"}
        entry = pool._recycler.recycled[0]
        assert entry["last_mb"] - entry["warm_mb"] >= 1
    with ConversionPool(workers=1, timeout=30, recycle=RecyclePolicy.off()) as pool:
        (first,) = wait_for_workers(pool, 1).values()
        assert_all_converted(pool.convert(jobs), jobs, "Bộ nhớ")
        assert pool._recycler.count == 0 and pool._worker_pids() == {0: first}


@pytest.mark.slow
@needs_soffice
def test_without_memory_for_two_the_worker_is_replaced_in_place(monkeypatch, tmp_path):
    monkeypatch.setattr(convert_recycle, "available_kb", lambda: 1)
    jobs = documents(tmp_path, 7, "Ít bộ nhớ")  # recycled after the 2nd, 4th, 6th
    with ConversionPool(workers=1, timeout=30, recycle=RecyclePolicy(after=2, growth_mb=0)) as pool:
        results = pool.convert(jobs)
        assert_all_converted(results, jobs, "Ít bộ nhớ")
        assert [r.attempts for r in results] == [1] * len(jobs)
        assert pool._recycler.count == 3 and pool._restarts == 0
        assert {entry["how"] for entry in pool._recycler.recycled} == {"in place"}
        assert len(pool_soffices(pool)) == 1
    assert pool_soffices(pool) == []


@pytest.mark.slow
@needs_soffice
def test_a_successor_that_cannot_start_leaves_the_old_worker_converting(monkeypatch, tmp_path):
    from dossier.convert_jobs import StartFailed

    class Broken(convert_recycle.UnoWorker):
        def start(self, timeout):
            raise StartFailed("no memory")

    monkeypatch.setattr(convert_recycle, "UnoWorker", Broken)
    jobs = documents(tmp_path, 9, "Không thay được")
    with ConversionPool(workers=1, timeout=30, recycle=RecyclePolicy(after=2, growth_mb=0)) as pool:
        (first,) = wait_for_workers(pool, 1).values()
        results = convert_in_rounds(pool, jobs, 3)
        assert_all_converted(results, jobs, "Không thay được")
        assert [r.attempts for r in results] == [1] * len(jobs)
        assert pool._recycler.count == 0 and pool._recycler.failed_starts == 1
        assert pool._worker_pids() == {0: first} and pool._restarts == 0
        # tried again only after as many conversions again (not after every job)
        assert pool._recycler._tracked[0].hold_until >= 5
    assert pool_soffices(pool) == []
