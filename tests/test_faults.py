"""Faults (issue #8): LibreOffice killed or hanging in the middle of a batch, an
output folder that cannot be written, a full disk, Ctrl-C at any point.

Every fault ends with a clear Vietnamese message and the exit code of
design.md (3 for the environment), no traceback, nothing half-written, and a
run started again finishes what was left.
"""

from __future__ import annotations

import errno
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import threading
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import NETWORK_EXIT, ROOT, dossier_process_args, files_now
from dossier.batch import build_class
from dossier.cli import cli
from dossier.convert import ConversionPool

HOA = "ung-vien/nguyen-thi-hoa.yaml"
LIBREOFFICE_TEMP = re.compile(r"lu[0-9a-z]+\.tmp")  # soffice's own file beside the PDF it stores
CLASS_2025 = "lop/lop-2025-01.yaml"  # five candidates, about forty documents


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def assert_whole(folder: Path, libreoffice_leftovers: bool = False) -> None:
    """No temporary file left, and every output that exists is complete.
    ``libreoffice_leftovers``: tolerate the lu*.tmp a killed soffice leaves
    (see test_a_killed_soffice_leaves_no_temporary_file)."""
    if not folder.exists():
        return
    files = [p for p in folder.rglob("*") if p.is_file()]
    if libreoffice_leftovers:
        files = [p for p in files if not LIBREOFFICE_TEMP.fullmatch(p.name)]
    assert [p for p in files if p.name.endswith(".tmp") or p.name.startswith(".~lock")] == []
    for path in files:
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as docx:
                assert docx.testzip() is None, path
        elif path.suffix == ".pdf":
            assert len(PdfReader(path).pages) > 0, path
        elif path.suffix in (".json",):
            json.loads(path.read_text(encoding="utf-8"))


def assert_environment_failure(result, *fragments: str) -> None:
    output = result.output
    assert result.exit_code == 3, output
    assert "Traceback" not in output and "Exception ignored" not in output and "Lỗi nội bộ" not in output, output
    line = next((l for l in output.splitlines() if l.startswith("Lỗi: Không ghi được")), None)
    assert line is not None, output
    for fragment in fragments:
        assert fragment in line, output


# ------------------------------------------------------------ output not writable

def test_output_folder_is_a_file(workspace, tmp_path):
    blocker = tmp_path / "ket-qua"
    blocker.write_text("một tệp nằm đúng chỗ thư mục đầu ra\n", encoding="utf-8")
    result = run("render", workspace / HOA, "-o", blocker / "con", "--form", "9-KNĐ")
    assert_environment_failure(result, "ket-qua", "là tệp chứ không phải thư mục")
    assert blocker.read_text(encoding="utf-8").startswith("một tệp")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ket-qua", "ws"]


def test_disk_full_while_writing_leaves_nothing(workspace, tmp_path, monkeypatch):
    """ENOSPC half-way through a write: exit 3, "ổ đĩa đã đầy", the half-written
    temporary file removed, the document not created, the earlier ones whole."""
    out = tmp_path / "out"
    real = pathlib.Path.write_bytes
    writes = []

    def write_bytes(self, data):
        if self.name.endswith(".tmp") and out in self.parents:
            writes.append(self)
            if len(writes) == 3:  # the third document: half of it, then the disk is full
                real(self, data[: len(data) // 2])
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)
    result = run("render", workspace / HOA, "-o", out)
    assert_environment_failure(result, "ổ đĩa đã đầy")
    assert len(writes) == 3
    assert not writes[2].exists()
    written = sorted(out.rglob("*.docx"))
    assert len(written) == 2
    assert_whole(out)


def _mount(kind: str, target: Path, *options: str) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None or os.geteuid() != 0:
        return False
    args = ["mount", *options, target] if kind == "bind" else ["mount", "-t", "tmpfs", *options, "tmpfs", target]
    return subprocess.run(list(map(str, args)), capture_output=True).returncode == 0


@pytest.fixture
def read_only_folder(tmp_path):
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    if not _mount("bind", folder, "--bind", "-o", "ro", folder):
        pytest.skip("cannot mount a read-only folder here (needs root)")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_read_only_output_folder(workspace, read_only_folder):
    result = run("render", workspace / HOA, "-o", read_only_folder / "out", "--form", "9-KNĐ")
    assert_environment_failure(result, "chỉ cho phép đọc", str(read_only_folder))
    assert list(read_only_folder.iterdir()) == []


@pytest.fixture
def tiny_disk(tmp_path, request):
    folder = tmp_path / "dia-nho"
    if not _mount("tmpfs", folder, "-o", f"size={request.param}"):
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.slow
@pytest.mark.parametrize("tiny_disk", ["60k", "250k"], indirect=True)
def test_full_disk_during_a_build(workspace, tiny_disk):
    """A real full disk (a small tmpfs): the build stops with exit 3 and says the disk is full;
    what was written is whole; nothing half-written stays, not even zip handles at exit."""
    result = run("build", workspace / HOA, "-o", tiny_disk / "out")
    assert_environment_failure(result, "ổ đĩa đã đầy")
    assert_whole(tiny_disk)


# ------------------------------------------------------------ LibreOffice in a batch

def _class_outcome_is_complete(outcome) -> None:
    assert outcome.ok, [(r.source, [f.message for f in r.findings if f.is_error]) for r in outcome.failed]
    assert len(outcome.candidates) == 5
    for result in outcome.candidates:
        for bundle in result.bundles:
            assert len(PdfReader(bundle.path).pages) == bundle.pages
    assert outcome.class_documents
    assert_whole(outcome.folder, libreoffice_leftovers=True)


def _when(predicate, timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.slow
def test_soffice_killed_mid_batch_the_class_still_finishes(workspace, tmp_path):
    out = tmp_path / "out"
    with ConversionPool(workers=2, timeout=60) as pool:
        victims = []
        restarts = []

        def killer():
            if _when(lambda: len(files_now(out, "tai-lieu/*.pdf")) >= 3):
                restarts.append(pool._restarts)
                pids = pool._worker_pids()
                victim = next(pid for pid in pids.values() if pid)
                victims.append(victim)
                os.kill(victim, signal.SIGKILL)
                # and a second one later, on whichever worker is running then
                if _when(lambda: len(files_now(out, "tai-lieu/*.pdf")) >= 12):
                    other = [pid for pid in pool._worker_pids().values() if pid and pid != victim]
                    if other:
                        victims.append(other[0])
                        os.kill(other[0], signal.SIGKILL)

        thread = threading.Thread(target=killer)
        thread.start()
        outcome = build_class(workspace / CLASS_2025, out, pool, jobs=3)
        thread.join(60)
        restarts.append(pool._restarts)
    assert victims, "no worker was killed: the batch ended too soon"
    assert restarts[-1] >= restarts[0] + len(victims)  # every killed worker was replaced
    _class_outcome_is_complete(outcome)


@pytest.mark.slow
def test_soffice_hanging_mid_batch_is_replaced_and_the_class_finishes(workspace, tmp_path):
    out = tmp_path / "out"
    with ConversionPool(workers=2, timeout=5) as pool:
        stopped = []

        def freezer():
            if _when(lambda: len(files_now(out, "tai-lieu/*.pdf")) >= 3):
                victim = next(pid for pid in pool._worker_pids().values() if pid)
                stopped.append(victim)
                os.kill(victim, signal.SIGSTOP)  # alive, holding its document, answering nothing

        thread = threading.Thread(target=freezer)
        thread.start()
        started = time.monotonic()
        outcome = build_class(workspace / CLASS_2025, out, pool, jobs=3)
        thread.join(60)
    assert stopped, "no worker was stopped: the batch ended too soon"
    assert not os.path.exists(f"/proc/{stopped[0]}") or "T (stopped)" not in Path(
        f"/proc/{stopped[0]}/status").read_text(), "the hung soffice was left behind"
    assert time.monotonic() - started < 600
    _class_outcome_is_complete(outcome)


@pytest.mark.slow
def test_a_killed_soffice_leaves_no_temporary_file(tmp_path):
    """Deterministic: soffice is frozen the moment its lu*.tmp appears (in the pool's
    private folder, where it stores); the retry succeeds and nothing but the PDF
    reaches the output folder."""
    from test_convert import make_docx

    out = tmp_path / "out"
    out.mkdir()
    source = make_docx(tmp_path / "in" / "don.docx", "Đơn xin vào Đảng")
    frozen = []
    with ConversionPool(workers=1, timeout=3) as pool:
        pid = _when(lambda: pool._worker_pids().get(0), 60) and pool._worker_pids()[0]
        stop = threading.Event()

        def freezer():
            while not stop.is_set() and not frozen:
                if any(LIBREOFFICE_TEMP.fullmatch(name) for name in os.listdir(pool._root)):
                    os.kill(pid, signal.SIGSTOP)
                    frozen.append(pid)

        watcher = threading.Thread(target=freezer)
        watcher.start()
        (result,) = pool.convert([(source, out / "don.pdf")])
        stop.set()
        watcher.join(10)
    assert frozen, "soffice stored the PDF before it could be frozen"
    assert result.ok and result.attempts == 2, result
    assert sorted(p.name for p in out.iterdir()) == ["don.pdf"]


# ------------------------------------------------------------ Ctrl-C

def _start(args, cwd: Path, tmpdir: Path) -> subprocess.Popen:
    env = {**os.environ, "CI": "1", "PYTHONPATH": str(ROOT), "TMPDIR": str(tmpdir)}
    return subprocess.Popen(
        dossier_process_args(*args), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as a terminal would


def _soffice_of(pid: int) -> list[int]:
    """soffice processes started by the dossier process ``pid`` (their pipe is named after it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if f"dossier_{pid}_".encode() in command:
                found.append(int(entry.name))
    return found


POINTS = {
    "while-checking": lambda out: True,  # right away: loading, validating, starting LibreOffice
    "while-rendering": lambda out: any(files_now(out, "tai-lieu/*.docx")),
    "while-converting": lambda out: len(files_now(out, "tai-lieu/*.pdf")) >= 4,
    "while-bundling": lambda out: any(files_now(out, "ho-so-*.pdf")),
}


@pytest.mark.slow
@pytest.mark.parametrize("point", list(POINTS))
def test_ctrl_c_at_any_point_leaves_whole_files_and_a_resumable_run(point, workspace, tmp_path):
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    args = ["build", workspace / CLASS_2025, "-o", out, "--quiet"]
    first = _start(args, tmp_path, tmpdir)
    assert _when(lambda: POINTS[point](out) or first.poll() is not None, 180)
    if point == "while-checking":
        time.sleep(0.8)  # past the imports (see the xfail below), inside the work
    first.send_signal(signal.SIGINT)
    output, _ = first.communicate(timeout=120)
    assert first.returncode != NETWORK_EXIT, output
    # late in the run the build may finish before the signal lands; otherwise it must say it stopped
    assert first.returncode == 130 or (first.returncode == 0 and point in ("while-converting", "while-bundling")), output
    assert "Traceback" not in output and "Lỗi nội bộ" not in output, output
    assert _when(lambda: _soffice_of(first.pid) == [], 20), "LibreOffice left running"
    assert list(tmpdir.iterdir()) == [], "temporary files (copies of personal documents) left behind"
    assert_whole(out, libreoffice_leftovers=True)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("tai-lieu/*.pdf")}

    second = _start(args, tmp_path, tmpdir)
    output, _ = second.communicate(timeout=600)
    assert second.returncode == 0, output
    for pdf, mtime in before.items():
        assert pdf.stat().st_mtime_ns == mtime, f"{pdf.name} converted twice"
    summary = json.loads((out / "ntvd-2025-01" / "summary.json").read_text(encoding="utf-8"))
    assert summary["counts"]["failed"] == 0
    assert_whole(out, libreoffice_leftovers=True)


@pytest.mark.slow
def test_ctrl_c_says_so_in_vietnamese_and_exits_130(workspace, tmp_path):
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    first = _start(["build", workspace / CLASS_2025, "-o", out, "--quiet"], tmp_path, tmpdir)
    assert _when(lambda: any(files_now(out, "tai-lieu/*.pdf")), 180)
    first.send_signal(signal.SIGINT)
    output, _ = first.communicate(timeout=120)
    assert "Đã dừng theo yêu cầu" in output and "Aborted" not in output, output
    assert first.returncode == 130, output


def test_ctrl_c_during_start_up_prints_no_traceback(tmp_path):
    # deterministic: the interrupt arrives exactly while dossier.cli imports click
    code = (
        "import builtins, os, signal\n"
        "real = builtins.__import__\n"
        "def hooked(name, *args, **kwargs):\n"
        "    if name == 'click':\n"
        "        builtins.__import__ = real\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = hooked\n"
        "import runpy, sys\n"
        "runpy.run_module('dossier', run_name='__main__')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run_ = subprocess.run([os.sys.executable, "-c", code, "validate", str(tmp_path)], capture_output=True, text=True,
                          env=env, timeout=60, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    output = run_.stdout + run_.stderr
    assert "Traceback" not in output, output
    assert run_.returncode == 130, output
