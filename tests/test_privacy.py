"""Personal data (issue #8). A lý lịch carries a person's and their family's
history, so:

* what dossier prints (logs) says no more about a person than the user needs to act;
* with ``DOSSIER_PRIVATE_OUTPUT=1`` every output file is created readable by
  its owner only (0600) and every output folder it creates 0700;
* dossier never opens a network connection: the guard of conftest.py fails any
  test that tries, in the test process and in the dossier processes tests start;
  a template cannot make LibreOffice fetch anything either.
"""

from __future__ import annotations

import http.server
import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import NETWORK_EXIT, NETWORK_GUARD, ROOT, NetworkBlocked, dossier_process_args, edit
from dossier import fsutil
from dossier.cli import cli

HOA = "ung-vien/nguyen-thi-hoa.yaml"
CLASS_2025 = "lop/lop-2025-01.yaml"


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def private_details(path: Path) -> list[str]:
    """What a log must not show about the person of ``path``: ID number, relatives,
    their addresses and history, the person's own history and self-assessment."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    details = [str(data["so_can_cuoc"])]
    for relative in data.get("gia_dinh") or []:
        details += [relative["ho_ten"], relative.get("noi_o", "")]
        details += [str(v) for k, v in relative.items() if k in ("lich_su_chinh_tri", "qua_trinh", "ghi_chu")]
    for key in ("lich_su_ban_than", "dac_diem_lich_su", "tu_nhan_xet", "dong_co"):
        if isinstance(data.get(key), str) and data[key] not in ("Không", "không"):
            details.append(data[key][:40])
    return [d for d in details if d and len(d) > 4]


# ------------------------------------------------------------------ logs

def test_a_validation_error_quotes_only_the_wrong_value(workspace):
    path = workspace / HOA
    edit(path, "nam_sinh: 1975", "nam_sinh: 19755")
    result = run("validate", path)
    assert result.exit_code == 1
    assert "19755" in result.output and "gia_dinh[1].nam_sinh" in result.output
    leaked = [d for d in private_details(path) if d in result.output]
    assert leaked == [], leaked


@pytest.mark.slow
def test_a_build_prints_names_and_paths_only(workspace, tmp_path):
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    tmpdir.mkdir()
    env = {**os.environ, "CI": "1", "PYTHONPATH": str(ROOT), "TMPDIR": str(tmpdir)}
    done = subprocess.run(dossier_process_args("build", workspace / CLASS_2025, "-o", out, "--quiet"), cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=600)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    members = yaml.safe_load((workspace / CLASS_2025).read_text(encoding="utf-8"))["hoc_vien"]
    details = [d for m in members for d in private_details((workspace / "lop" / m["ho_so"]).resolve())]
    assert details
    leaked = [d for d in details if d in output]
    assert leaked == [], leaked
    # the content cache holds hashes, not data
    for cache in out.rglob(".dossier-manifest.json"):
        text = cache.read_text(encoding="utf-8")
        assert [d for d in details if d in text] == [], cache
    # LibreOffice's profiles, logs and copies of the documents lived in a private temporary folder: gone
    assert list(tmpdir.iterdir()) == []


# ------------------------------------------------------------------ private output

def modes(folder: Path) -> dict[str, set[int]]:
    found = {"files": set(), "folders": set()}
    for path in [folder, *folder.rglob("*")]:
        kind = "folders" if path.is_dir() else "files"
        found[kind].add(stat.S_IMODE(path.stat().st_mode))
    return found


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    fsutil._umask.cache_clear()  # read once per process: this test changes it
    yield
    os.umask(previous)
    fsutil._umask.cache_clear()


def test_outputs_follow_the_umask_by_default(workspace, tmp_path, monkeypatch, umask_022):
    monkeypatch.delenv("DOSSIER_PRIVATE_OUTPUT", raising=False)
    out = tmp_path / "out"
    assert run("render", workspace / HOA, "-o", out).exit_code == 0
    assert modes(out) == {"files": {0o644}, "folders": {0o755}}


@pytest.mark.parametrize("value", ["1", "yes", "true"])
def test_private_output_is_owner_only(workspace, tmp_path, monkeypatch, umask_022, value):
    monkeypatch.setenv("DOSSIER_PRIVATE_OUTPUT", value)
    out = tmp_path / "out" / "dot-1"
    assert run("render", workspace / HOA, "-o", out).exit_code == 0
    assert modes(tmp_path / "out") == {"files": {0o600}, "folders": {0o700}}


def test_private_output_leaves_existing_folders_alone(workspace, tmp_path, monkeypatch, umask_022):
    monkeypatch.setenv("DOSSIER_PRIVATE_OUTPUT", "1")
    out = tmp_path / "out"
    out.mkdir(mode=0o755)
    os.chmod(out, 0o755)
    assert run("render", workspace / HOA, "-o", out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o755  # the user's own folder is not changed
    inner = modes(out / "nguyen-thi-hoa")
    assert inner == {"files": {0o600}, "folders": {0o700}}


def test_private_output_can_be_switched_off(workspace, tmp_path, monkeypatch, umask_022):
    monkeypatch.setenv("DOSSIER_PRIVATE_OUTPUT", "0")
    out = tmp_path / "out"
    assert run("render", workspace / HOA, "-o", out).exit_code == 0
    assert modes(out)["files"] == {0o644}


@pytest.mark.slow
def test_private_output_covers_every_file_of_a_class_build(workspace, tmp_path, monkeypatch, umask_022):
    """PDFs written by LibreOffice, bundles, caches, summary.json, bang-theo-doi.html: all 0600."""
    monkeypatch.setenv("DOSSIER_PRIVATE_OUTPUT", "1")
    out = tmp_path / "out"
    result = run("build", workspace / CLASS_2025, "-o", out, "--quiet")
    assert result.exit_code == 0, result.output
    assert modes(out) == {"files": {0o600}, "folders": {0o700}}
    kinds = {p.suffix for p in out.rglob("*") if p.is_file()}
    assert {".pdf", ".docx", ".json", ".html"} <= kinds


# ------------------------------------------------------------------ no network

def test_the_guard_blocks_internet_sockets_but_not_unix_ones(_no_network, tmp_path):
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(NetworkBlocked):
        socket.socket(socket.AF_INET6, socket.SOCK_STREAM).connect(("::1", 9))
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("example.org", 443)
    _no_network.clear()  # the attempts above were this test's own
    # UNIX sockets (LibreOffice's pipes are of this kind) still work
    left, right = socket.socketpair()
    left.sendall(b"ok")
    assert right.recv(2) == b"ok"
    path = str(tmp_path / "s")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(path)
    for s in (left, right, server, client):
        s.close()


def test_the_guard_stops_a_dossier_process_that_connects():
    code = NETWORK_GUARD + "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\nexcept OSError:\n    pass\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert done.returncode == NETWORK_EXIT and "NETWORK USED" in done.stderr


def test_no_dossier_module_imports_a_network_library():
    """Nothing in the package even imports what opens connections. The one
    exception: the office board's server (dossier serve, issue #20) makes its
    listening socket on 127.0.0.1 (tests/test_board.py) and connects nowhere."""
    forbidden = ("urllib.request", "http.client", "requests", "httpx", "socket", "smtplib", "ftplib", "xmlrpc")
    listens = {"board_server.py": {"socket"}}
    for path in (ROOT / "dossier").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in set(forbidden) - listens.get(path.name, set()):
            assert f"import {name}" not in text and f"from {name} import" not in text, f"{path.name}: {name}"


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list = []

    def do_GET(self):  # noqa: N802
        type(self).requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    do_OPTIONS = do_HEAD = do_GET  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.mark.slow
def test_a_template_cannot_make_libreoffice_fetch_a_picture(workspace, tmp_path):
    """LibreOffice downloads a picture "linked to file" while converting (checked with
    LibreOffice 7: it sends OPTIONS and GET). A workspace template with such a link is
    refused before LibreOffice sees it, and nothing reaches the server."""
    from test_hostile import linked_picture_docx

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        (workspace / "mau").mkdir()
        url = f"http://127.0.0.1:{server.server_port}/theo-doi.png"
        (workspace / "mau" / "9-KND.docx").write_bytes(linked_picture_docx(url))
        result = run("build", workspace / HOA, "-o", tmp_path / "out")
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 1, result.output
    assert "[render.failed]" in result.output and "liên kết ra ngoài" in result.output
    assert _Recorder.requests == []
