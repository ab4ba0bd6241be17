"""The output folder against processes (issue #17): one command at a time on it,
temporary files inside it, SIGHUP and SIGKILL, a checker that dies with the
build, concurrent number allocation, an unwritable person's folder, a dangling
link as -o, files flushed once per candidate. Real processes, killed and raced."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLES, dossier_process_args, edit, files_now
from dossier import fsutil, output_lock, output_session
from dossier.cli import cli

CLASS_2025 = "lop/lop-2025-01.yaml"  # five candidates
HOA = "ung-vien/nguyen-thi-hoa.yaml"


def _start(args, cwd: Path, env: dict | None = None, prelude: str = "", **kw) -> subprocess.Popen:
    env = {**os.environ, "CI": "1", "PYTHONPATH": str(ROOT), **(env or {})}
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.STDOUT)
    return subprocess.Popen(dossier_process_args(*args, prelude=prelude), cwd=cwd, env=env, text=True, **kw)


def _when(predicate, timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def _children() -> dict[int, list[int]]:
    """ppid -> pids of the live (not zombie) processes, from /proc."""
    found: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        if fields[0] not in (b"Z", b"X"):
            found.setdefault(int(fields[1]), []).append(int(entry.name))
    return found


def _descendants(pid: int) -> set[int]:
    children, found, todo = _children(), set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _left_behind(pids: set[int], within: float) -> set[int]:
    """Which of ``pids`` still run after ``within`` seconds; those are then killed
    (a failing test leaves nothing running)."""
    _when(lambda: not _alive(pids), within)
    left = _alive(pids)
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return left


def _alive(pids: set[int]) -> set[int]:
    live = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_bytes()
        except OSError:
            continue
        if state[state.rfind(b")") + 2:][:1] not in (b"Z", b"X"):
            live.add(pid)
    return live


# ------------------------------------------------------------ one command at a time

@pytest.mark.slow
def test_a_second_build_on_the_same_output_waits_once_or_gives_up_with_exit_3(workspace, tmp_path):
    out = tmp_path / "out"
    args = ["build", workspace / CLASS_2025, "-o", out, "--quiet"]
    first = _start(args, tmp_path)
    assert _when(lambda: output_lock.is_held(out) or first.poll() is not None, 60), "the build holds no lock"
    impatient = _start(args, tmp_path, env={"DOSSIER_LOCK_TIMEOUT": "0.5"})
    output, _ = impatient.communicate(timeout=60)
    assert impatient.returncode == 3, output
    assert f"Thư mục kết quả {out} đang được một lệnh khác dùng (tiến trình {first.pid}); đã chờ 0.5 giây" in output
    assert "Traceback" not in output
    assert first.poll() is None, "the first build was still running"

    patient = _start(args, tmp_path)
    output, _ = patient.communicate(timeout=600)
    assert patient.returncode == 0, output
    assert output.count("đang chờ lệnh đó xong") == 1, output
    first_output, _ = first.communicate(timeout=60)
    assert first.returncode == 0, first_output
    assert "0 không dựng được" in output
    assert not (out / output_session.SCRATCH_DIR).exists()
    assert not output_lock.is_held(out)


@pytest.mark.slow
def test_a_relative_output_folder_builds(workspace, tmp_path):
    """-o out, relative: LibreOffice's working folders (in out/.dossier-tmp) are named by absolute paths."""
    build = _start(["build", workspace / HOA, "-o", "out"], tmp_path)
    try:
        output, _ = build.communicate(timeout=180)
    finally:
        build.kill()
    assert build.returncode == 0, output
    assert list((tmp_path / "out").glob("nguyen-thi-hoa/ho-so-ket-nap-*.pdf"))
    assert not (tmp_path / "out" / output_session.SCRATCH_DIR).exists()


def test_render_takes_the_lock_too(workspace, tmp_path):
    out = tmp_path / "out"
    with output_lock.hold(out):
        busy = _start(["render", workspace / HOA, "-o", out, "--form", "9-KNĐ"], tmp_path,
                      env={"DOSSIER_LOCK_TIMEOUT": "0.3"})
        output, _ = busy.communicate(timeout=60)
    assert busy.returncode == 3, output
    assert "đang được một lệnh khác dùng" in output and not list(out.rglob("*.docx"))


def test_a_child_forked_while_the_lock_is_held_does_not_keep_it(tmp_path):
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with output_lock.hold(tmp_path):
        child = context.Process(target=time.sleep, args=(30,), daemon=True)
        child.start()
    try:
        assert _when(lambda: not output_lock.is_held(tmp_path), 5)  # once the child has closed its copy
        assert child.is_alive()
    finally:
        child.kill()
        child.join()


# ------------------------------------------------------------ SIGKILL: temporary files, a checker, a pipe

STALE = ".9-KND.pdf.0badc0de.tmp"  # what fsutil.atomic_path leaves when killed between write and rename


@pytest.mark.slow
def test_after_sigkill_no_personal_data_is_left_outside_the_output(workspace, tmp_path):
    """Killed while documents are joined for LibreOffice: nothing of the candidates
    in TMPDIR; the next run removes what the killed one left in OUT and finishes."""
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    args = ["build", workspace / CLASS_2025, "-o", out, "--quiet"]
    first = _start(args, tmp_path, env={"TMPDIR": str(tmpdir)})
    joining = lambda: any(files_now(tmpdir, "dossier-join-*")) or any(files_now(out, "dossier-join-*"))  # noqa: E731
    assert _when(lambda: joining() or first.poll() is not None, 180)
    family = _descendants(first.pid)
    first.kill()
    first.communicate(timeout=30)
    assert not _left_behind(family, 20), "processes left behind"
    assert sorted(p.relative_to(tmpdir) for p in tmpdir.rglob("*")) == [], "copies of personal data left in TMPDIR"

    assert (out / output_session.SCRATCH_DIR).is_dir(), "the killed run's scratch folder"
    (out / "ntvd-2025-01" / STALE).write_bytes(b"%PDF-1.7 half")
    second = _start(args, tmp_path, env={"TMPDIR": str(tmpdir)})
    output, _ = second.communicate(timeout=600)
    assert second.returncode == 0, output
    assert not (out / output_session.SCRATCH_DIR).exists()
    assert [p for p in out.rglob("*") if p.name.endswith(".tmp")] == []
    assert list(tmpdir.iterdir()) == []


def test_the_next_command_removes_what_a_killed_one_left(tmp_path):
    scratch = tmp_path / output_session.SCRATCH_DIR / "dossier-lo-x" / "dossier-join-y"
    scratch.mkdir(parents=True)
    (scratch / "0.docx").write_bytes(b"PK personal data")
    (tmp_path / "lop" / "an" / "tai-lieu").mkdir(parents=True)
    stale = tmp_path / "lop" / "an" / "tai-lieu" / STALE
    stale.write_bytes(b"half")
    kept = [tmp_path / "lop" / "an" / "tai-lieu" / "9-KND.pdf", tmp_path / "lop" / "an" / "ghi-chu.tmp"]
    for path in kept:
        path.write_bytes(b"mine")
    with output_session.writing(tmp_path) as fresh:
        assert fresh == tmp_path / output_session.SCRATCH_DIR and list(fresh.iterdir()) == []
        assert not stale.exists()
    assert all(path.exists() for path in kept)
    assert not (tmp_path / output_session.SCRATCH_DIR).exists()


CHECKER_IN_A_SLOW_PROCESS = """
import os, time
from dossier import batch_check
batch_check.CHECK_PROCESS_MIN = 1
_real, _parent = batch_check._check, os.getpid()
def _slow(paths, as_of, plans=None, kept=None):
    if os.getpid() != _parent:
        open(os.environ["CHECKER_STARTED"], "w").close()
        time.sleep(600)  # a checker still at work (a large class) when the build is killed
    return _real(paths, as_of, plans, kept)
batch_check._check = _slow
"""


@pytest.mark.slow
def test_a_killed_build_piped_into_cat_ends_and_leaves_no_process(tmp_path):
    """``dossier build samples -o OUT | cat``, SIGKILLed while its checker runs:
    the pipe closes within seconds, no process of it stays, OUT is unlocked."""
    out, marker = tmp_path / "out", tmp_path / "checker-started"
    build = _start(["build", SAMPLES, "-o", out, "--quiet"], tmp_path, prelude=CHECKER_IN_A_SLOW_PROCESS,
                   env={"CHECKER_STARTED": str(marker)}, start_new_session=True)
    cat = subprocess.Popen(["cat"], stdin=build.stdout, stdout=subprocess.PIPE)
    build.stdout.close()
    try:
        assert _when(lambda: marker.exists() or build.poll() is not None, 180)
        assert marker.exists(), "no checker process"
        family = _descendants(build.pid)
        assert len(family) >= 2, family  # the checker and LibreOffice's worker at least
    finally:
        build.kill()
        build.wait(30)
    started = time.monotonic()
    try:
        cat.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        cat.kill()
        pytest.fail(f"the pipe stayed open: {_left_behind(family, 0)} still running")
    assert time.monotonic() - started < 10
    assert not _left_behind(family, 10), "processes left behind"
    assert not output_lock.is_held(out), "a child kept the output folder locked"


# ------------------------------------------------------------ SIGHUP

@pytest.mark.slow
def test_sighup_stops_like_sigterm_and_the_run_resumes(workspace, tmp_path):
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    args = ["build", workspace / CLASS_2025, "-o", out, "--quiet"]
    first = _start(args, tmp_path, env={"TMPDIR": str(tmpdir)})
    assert _when(lambda: any(files_now(out, "tai-lieu/*.pdf")) or first.poll() is not None, 180)
    family = _descendants(first.pid)
    first.send_signal(signal.SIGHUP)
    output, _ = first.communicate(timeout=120)
    assert not _left_behind(family, 10), "LibreOffice left running"
    assert first.returncode == 129, output
    assert "Đã dừng theo yêu cầu" in output and "Traceback" not in output, output
    assert not (out / output_session.SCRATCH_DIR).exists()
    assert [p for p in out.rglob("*") if p.name.endswith(".tmp")] == []
    assert list(tmpdir.iterdir()) == []
    before = {p: p.stat().st_mtime_ns for p in out.rglob("tai-lieu/*.pdf")}

    second = _start(args, tmp_path, env={"TMPDIR": str(tmpdir)})
    output, _ = second.communicate(timeout=600)
    assert second.returncode == 0, output
    assert all(p.stat().st_mtime_ns == mtime for p, mtime in before.items()), "converted twice"


# ------------------------------------------------------------ numbers allocate, five at once

@pytest.mark.slow
def test_five_concurrent_allocations_give_five_numbers_and_keep_five_rows(workspace, tmp_path):
    edit(workspace / "ung-vien/man-duc-lam.yaml", "gioi_thieu:", "tham_tra:\n"
         "  - noi_tham_tra: Đảng ủy xã Yên Phong, tỉnh Bắc Ninh\n    ngay_gui: 2026-10-26\n"
         "  - noi_tham_tra: Đảng ủy xã Đại Từ, tỉnh Thái Nguyên\n    ngay_gui: 2026-10-26\n"
         "gioi_thieu:")
    runs = [("ung-vien/phan-thi-thuy-duong.yaml",),
            ("ung-vien/vu-dinh-phuoc.yaml", "--to", "Đảng ủy phường Bình Minh, tỉnh Thái Nguyên"),
            ("ung-vien/vu-dinh-phuoc.yaml", "--to", "Đảng ủy xã Tiền Hải, tỉnh Hưng Yên"),
            ("ung-vien/man-duc-lam.yaml", "--to", "Đảng ủy xã Yên Phong, tỉnh Bắc Ninh"),
            ("ung-vien/man-duc-lam.yaml", "--to", "Đảng ủy xã Đại Từ, tỉnh Thái Nguyên")]
    procs = [_start(["numbers", "allocate", path, "--form", "CV-TTLL", *rest], workspace) for path, *rest in runs]
    outputs = [proc.communicate(timeout=120)[0] for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * 5, outputs
    told = [line.split("Đã cấp số ")[1].split()[0] for output in outputs for line in output.splitlines()
            if "Đã cấp số" in line]
    assert len(told) == 5 and len(set(told)) == 5, told
    import yaml

    rows = yaml.safe_load((workspace / "so-van-ban.yaml").read_text(encoding="utf-8"))["so"]
    assert sorted(f"{r['so']:02d}-CV/ĐU" for r in rows) == sorted(told)


# ------------------------------------------------------------ one person's folder cannot be written

@pytest.mark.slow
@pytest.mark.parametrize("blocked", ["a file where the folder goes", "a folder without permissions"])
def test_an_unwritable_candidate_folder_fails_that_person_only(workspace, tmp_path, blocked):
    out = tmp_path / "out"
    folder = out / "ntvd-2025-01" / "quach-van-thuan"
    if blocked == "a file where the folder goes":
        folder.parent.mkdir(parents=True)
        folder.write_text("không phải thư mục\n", encoding="utf-8")
    else:
        if os.geteuid() == 0:
            pytest.skip("root writes into a folder whatever its permissions")
        folder.mkdir(parents=True)
        folder.chmod(0)
    try:
        result = CliRunner().invoke(cli, ["build", str(workspace / CLASS_2025), "-o", str(out), "--quiet"])
    finally:
        if folder.is_dir():
            folder.chmod(0o755)
    assert result.exit_code == 1, result.output
    summary = json.loads((out / "ntvd-2025-01" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["counts"]["failed"], len(summary["candidates"])) == (1, 5)
    (failed,) = [r for r in summary["candidates"] if r["status"]["code"] == "failed"]
    assert failed["file"].endswith("quach-van-thuan.yaml")
    assert any(f["message"].startswith(("Không ghi", "Không đọc hoặc ghi")) and "quach-van-thuan" in f["message"]
               for f in failed["findings"])
    assert all(r["bundles"] for r in summary["candidates"] if r is not failed)


# ------------------------------------------------------------ -o a link to nowhere

@pytest.mark.parametrize("command", ["render", "build"])
def test_a_dangling_link_as_output_is_called_what_it_is(workspace, tmp_path, command):
    out = tmp_path / "ket-qua"
    out.symlink_to(tmp_path / "o-dia-da-rut")
    args = [command, str(workspace / HOA), "-o", str(out)] + (["--form", "9-KNĐ"] if command == "render" else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 3, result.output
    assert "là một liên kết (symlink) tới" in result.output and "o-dia-da-rut" in result.output, result.output
    assert "trùng tên" not in result.output
    assert out.is_symlink() and not (tmp_path / "o-dia-da-rut").exists()


# ------------------------------------------------------------ flushed once per candidate

def test_fsync_tree_flushes_each_file_and_folder_once(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    files = [tmp_path / "a" / "1.pdf", tmp_path / "a" / "2.pdf", tmp_path / "3.json"]
    for path in files:
        path.write_bytes(b"x")
    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(os.readlink(f"/proc/self/fd/{fd}")), real(fd)))
    fsutil.fsync_tree([*files, tmp_path / "gone.pdf"])
    assert sorted(synced) == sorted(map(str, [*files, tmp_path / "a", tmp_path]))


@pytest.mark.slow
def test_a_built_candidate_is_flushed_once(workspace, tmp_path, monkeypatch):
    from dossier.build import build_candidate
    from dossier.convert import ConversionPool

    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(os.readlink(f"/proc/self/fd/{fd}")), real(fd)))
    with ConversionPool(workers=1) as pool:
        result = build_candidate(workspace / HOA, tmp_path / "out", pool=pool)
    assert result.ok, [f.message for f in result.findings]
    made = [p for p in (tmp_path / "out").rglob("*") if p.is_file() and p.parent != tmp_path / "out"]
    assert {str(b.path) for b in result.bundles} <= set(synced)
    assert sorted(p for p in synced if Path(p).is_file()) == sorted(map(str, made)), "each file once"
