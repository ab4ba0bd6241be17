"""The output folder attacked with faults the first round of issue #17 did not
try (found by bench/stress.py or by hand): each test failed before its fix.
Real builds (LibreOffice), real processes, real files read back."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import time

import pikepdf
import pytest
from pypdf import PdfReader

import dossier
from dossier import pdf_sanitise
from dossier.manifest import sha256_of
from conftest import ROOT, dossier_process_args, edit
from test_manifest import HOA, MANIFEST_FILE, THUAN, build, text_of, verify_json
from test_outputs import run

pytestmark = pytest.mark.slow
BUNDLE = "ho-so-ket-nap-nguyen-thi-hoa.pdf"


def _bundle_record(folder):
    return json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))["files"][BUNDLE]


@pytest.mark.parametrize("change", ["sanitiser", "toolkit"])
def test_a_new_sanitiser_or_toolkit_version_bundles_the_dossier_again(workspace, tmp_path, monkeypatch, change):
    """A dossier bundled before attachments were sanitised (an attachment's
    JavaScript inside) was kept as fresh after the upgrade: the bundle's inputs
    did not include what decides its bytes besides its parts and cover."""
    out = tmp_path / "out"
    folder = out / "nguyen-thi-hoa"
    build(workspace / HOA, "-o", out)
    before = _bundle_record(folder)
    code, _ = verify_json(workspace / HOA, out)
    assert code == 0

    if change == "sanitiser":
        monkeypatch.setattr(pdf_sanitise, "FORMAT", pdf_sanitise.FORMAT + 1)
    else:
        monkeypatch.setattr(dossier, "__version__", dossier.__version__ + "+1")
    code, report = verify_json(workspace / HOA, out)
    assert code == 1 and any(p["file"].endswith(BUNDLE) and p["kind"]["code"] == "stale" for p in report["problems"]), \
        report["problems"]
    build(workspace / HOA, "-o", out)
    after = _bundle_record(folder)
    assert after["from"] != before["from"] and after["stat"] != before["stat"], "the bundle was made again"
    code, report = verify_json(workspace / HOA, out)
    assert code == 0, report["problems"]


def test_a_manifest_pointing_outside_the_output_never_moves_what_is_there(workspace, tmp_path):
    """A manifest edited (or damaged) to list ``../../victim/passwd``, an
    absolute path, or a file in a folder replaced by a link elsewhere: the sweep
    of files a build no longer produces moved those files into OUT/.cu/."""
    out = tmp_path / "kết quả" / "out"
    folder = out / "nguyen-thi-hoa"
    build(workspace / HOA, "-o", out)
    victim = tmp_path / "victim"
    victim.mkdir()
    for name in ("passwd", "absolute", "linked.pdf"):
        (victim / name).write_text("not the toolkit's", encoding="utf-8")
    (folder / "lien-ket").symlink_to(victim, target_is_directory=True)
    manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    record = {"sha256": "0" * 64, "stat": [1, 2, 3], "from": {}}
    for rel in ("../../../victim/passwd", str(victim / "absolute"), "lien-ket/linked.pdf", "tai-lieu/../../x"):
        manifest["files"][rel] = record
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest), encoding="utf-8")

    code, report = verify_json(workspace / HOA, out)
    assert code == 0, report["problems"]
    build(workspace / HOA, "-o", out)
    assert sorted(p.name for p in victim.iterdir()) == ["absolute", "linked.pdf", "passwd"]
    assert all((victim / n).read_text(encoding="utf-8") == "not the toolkit's" for n in ("absolute", "passwd"))
    assert not list((out / ".cu").rglob("*")) if (out / ".cu").exists() else True
    code, report = verify_json(workspace / HOA, out)
    assert code == 0, report["problems"]


def test_a_file_named_cu_in_the_output_does_not_stop_the_build(workspace, tmp_path):
    """OUT/.cu is a file (or a broken link): moving what a build no longer
    produces failed with "Not a directory" and the build stopped with exit 3.
    The old files go to OUT/.cu-2/ instead; the file named .cu stays as it is."""
    out = tmp_path / "out"
    folder = out / "nguyen-thi-hoa"
    build(workspace / HOA, "-o", out)
    old = folder / "tai-lieu" / "CV-cu.pdf"
    old.write_bytes(b"%PDF-1.4 made by an older build\n")
    manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    stat = old.stat()
    manifest["files"]["tai-lieu/CV-cu.pdf"] = {"sha256": sha256_of(old), "stat": [stat.st_size, stat.st_mtime_ns,
                                                                                 stat.st_ino], "from": {}}
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest), encoding="utf-8")
    (out / ".cu").write_text("a note of the user's", encoding="utf-8")

    build(workspace / HOA, "-o", out)
    assert not old.exists()
    (moved,) = (out / ".cu-2").glob("*/nguyen-thi-hoa/tai-lieu/CV-cu.pdf")
    assert moved.read_bytes() == b"%PDF-1.4 made by an older build\n"
    assert (out / ".cu").read_text(encoding="utf-8") == "a note of the user's"
    code, report = verify_json(workspace / HOA, out)
    assert code == 0, report["problems"]


def _one_page_pdf(text: str) -> bytes:
    """A one-page PDF whose content stream is uncompressed: the same size for texts of the same length."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page = pdf.add_blank_page(page_size=(595, 842))
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(f"BT /F1 24 Tf 72 700 Td ({text}) Tj ET".encode("ascii"))
    buffer = io.BytesIO()
    pdf.save(buffer, compress_streams=False, deterministic_id=True)
    return buffer.getvalue()


def test_an_attachment_rewritten_in_place_with_its_old_time_is_bundled_again(workspace, tmp_path):
    """A scan replaced in place by one of the same size, its modification time
    put back (a clock moved backwards, a copy that keeps times, a FAT stick's
    2-second times): size, time and inode were those recorded, so the old
    digest was trusted and the dossier kept the old scan."""
    out = tmp_path / "out"
    scan = workspace / "tep-dinh-kem" / "nguyen-thi-hoa-don-xin-vao-dang.pdf"
    old, new = _one_page_pdf("Don cu AAAA"), _one_page_pdf("Don moi BBB")
    assert len(old) == len(new) and old != new
    scan.write_bytes(old)
    build(workspace / HOA, "-o", out)
    bundle = out / "nguyen-thi-hoa" / BUNDLE
    assert "Don cu AAAA" in text_of(bundle)
    before = scan.stat()
    with open(scan, "r+b") as handle:  # in place: the same inode
        handle.write(new)
    os.utime(scan, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = scan.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)

    code, report = verify_json(workspace / HOA, out)
    assert code == 1 and any(p["file"].endswith(BUNDLE) for p in report["problems"]), report["problems"]
    build(workspace / HOA, "-o", out)
    assert "Don moi BBB" in text_of(bundle) and "Don cu AAAA" not in text_of(bundle)


def test_two_workspaces_built_into_one_output_never_overwrite_each_others_person(workspace, tmp_path):
    """Two workspaces (two offices running ``dossier build`` from the same
    folder, ``-o out``), each with an ``ung-vien/nguyen-thi-hoa.yaml`` about a
    different person: the second build rewrote the first person's documents in
    place, with no copy kept and no warning. Now the first person's files move
    to OUT/.cu/ before the second person's are written; a manifest written
    before the ID number was part of its owner is still this person's."""
    other = tmp_path / "ws-khac"
    shutil.copytree(workspace, other)
    edit(other / HOA, "ho_ten: Nguyễn Thị Hoa", "ho_ten: Trịnh Thị Hoa")
    edit(other / HOA, 'so_can_cuoc: "019304001234"', 'so_can_cuoc: "019188000999"')
    out = tmp_path / "out"
    bundle = out / "nguyen-thi-hoa" / BUNDLE
    build(workspace / HOA, "-o", out)
    build(other / HOA, "-o", out)
    cover = PdfReader(bundle).pages[0].extract_text()
    assert "TRỊNH THỊ HOA" in cover and "NGUYỄN THỊ HOA" not in cover
    (kept,) = (out / ".cu").glob(f"*/nguyen-thi-hoa/{BUNDLE}")
    assert "NGUYỄN THỊ HOA" in PdfReader(kept).pages[0].extract_text()
    assert not list((out / "nguyen-thi-hoa").rglob("*-da-sua-*"))
    assert verify_json(other / HOA, out)[0] == 0
    code, report = verify_json(workspace / HOA, out)
    assert code == 1 and {p["kind"]["code"] for p in report["problems"]} == {"foreign"}, report["problems"]
    assert "cùng tên tệp dữ liệu ung-vien/nguyen-thi-hoa.yaml nhưng khác số định danh" in report["problems"][0]["reason"]

    manifest_path = out / "nguyen-thi-hoa" / MANIFEST_FILE  # as written before: the data file's path only
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["owner"] = "ung-vien/nguyen-thi-hoa.yaml"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert verify_json(other / HOA, out)[0] == 0
    assert "(0 văn bản dựng mới, 0 chuyển PDF mới)" in build(other / HOA, "-o", out).output


# Importing dossier.cli waits (a busy machine) after saying so in a file: a signal then arrives while starting.
SLOW_START = """
import importlib.abc, os, sys, time
class _Slow(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "dossier.cli":
            open(os.environ["STARTING_MARK"], "w").close()
            time.sleep(30)
        return None
sys.meta_path.insert(0, _Slow())
"""


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 130), (signal.SIGHUP, 129), (signal.SIGINT, 130)])
def test_a_kill_while_the_toolkit_is_still_loading_ends_it_as_stopped(workspace, tmp_path, sig, code):
    """bench/stress.py: SIGTERM or SIGHUP while Python imported the toolkit
    (seconds on a busy machine) killed the command by the signal (exit -15,
    -1), unlike Ctrl-C then and every signal once the command runs."""
    mark = tmp_path / "starting"
    proc = subprocess.Popen(dossier_process_args("build", workspace / HOA, "-o", tmp_path / "out", prelude=SLOW_START),
                            env={**os.environ, "CI": "1", "PYTHONPATH": str(ROOT), "STARTING_MARK": str(mark)},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while not mark.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(sig)
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == code, output
    assert "Đã dừng theo yêu cầu." in output and "Traceback" not in output
    assert not (tmp_path / "out").exists()


def test_a_folder_where_a_dossier_goes_fails_that_person_alone(workspace, tmp_path):
    """A folder in place of a person's bundle (made by hand, by a sync tool),
    candidates named on the command line: the whole build stopped with exit 3
    and the next person was not built (a class build already went on)."""
    out = tmp_path / "out"
    build(workspace / HOA, workspace / THUAN, "-o", out)
    bundle = out / "nguyen-thi-hoa" / BUNDLE
    bundle.unlink()
    bundle.mkdir()
    (bundle / "ghi-chu.txt").write_text("của người dùng", encoding="utf-8")
    (out / "quach-van-thuan" / "ho-so-ket-nap-quach-van-thuan.pdf").unlink()

    result = run("build", workspace / HOA, workspace / THUAN, "-o", out)
    assert result.exit_code == 1, result.output
    assert f"Không ghi được tệp {bundle}: đây là thư mục, không phải tệp" in result.output
    assert "✓ Quách Văn Thuận" in result.output
    assert (out / "quach-van-thuan" / "ho-so-ket-nap-quach-van-thuan.pdf").is_file()
    assert (bundle / "ghi-chu.txt").read_text(encoding="utf-8") == "của người dùng"
