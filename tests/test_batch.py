"""Batch production of a whole class: parallel, resumable, one broken candidate never stops the class."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from pypdf import PdfReader

from conftest import ROOT, dossier_process_args, edit, files_now
from dossier.batch import build_class
from dossier.convert import ConversionPool
from dossier.sources import find_sources
from dossier.workspace import display_path

pytestmark = pytest.mark.slow
CLASS_2025 = "lop/lop-2025-01.yaml"


def test_a_folder_builds_its_classes(workspace):
    found = find_sources([workspace])
    assert sorted(p.name for p in found.classes) == ["lop-2025-01.yaml", "lop-2026-01.yaml"]
    assert found.candidates == found.skipped == found.problems == []
    # Tạ Quang Vinh withdrew before any class file listed him: built on his own
    assert [p.name for p in found.outside] == ["ta-quang-vinh.yaml"]


def _outside_classes_workspace(workspace):
    """The sample workspace cut down to one class of one person (Quách Văn
    Thuận), two people in no class file — Nông Thị Mơ with the documented
    ``moc.chung_nhan_nhan_thuc`` — and two YAML files that are not data."""
    klass = workspace / "lop" / "lop-2025-01.yaml"
    text = klass.read_text(encoding="utf-8")
    start, end = text.index("hoc_vien:\n"), text.index("ghi_chu: Tổ chức trước")
    klass.write_text(text[:start] + "hoc_vien:\n  - ho_so: ../ung-vien/quach-van-thuan.yaml\n"
                     "    so_chung_nhan: \"0420\"\n" + text[end:], encoding="utf-8")
    (workspace / "lop" / "lop-2026-01.yaml").unlink()
    keep = {"quach-van-thuan.yaml", "nguyen-thi-hoa.yaml", "nong-thi-mo.yaml"}
    for path in (workspace / "ung-vien").glob("*.yaml"):
        if path.name not in keep:
            path.unlink()
    edit(workspace / "ung-vien" / "nong-thi-mo.yaml", "moc:\n",
         "moc:\n  chung_nhan_nhan_thuc:\n    so: 57\n    ngay: 2026-06-05\n    noi_cap: Đảng ủy phường Bình Minh\n")
    (workspace / "ung-vien" / "ghi-chu.yaml").write_text("ho_ten: Ghi chú của văn phòng\n", encoding="utf-8")
    (workspace / "ung-vien" / "tam.yaml").write_text("loai: ung_vien\nho_ten: [Tạm\n", encoding="utf-8")
    return workspace


def test_a_folder_finds_the_candidates_outside_its_classes(workspace):
    """Issue #16 item 4: a folder contributes its classes, every candidate that
    none of them lists, and every other YAML file as skipped with the reason."""
    ws = _outside_classes_workspace(workspace)
    found = find_sources([ws])
    assert [p.name for p in found.classes] == ["lop-2025-01.yaml"]
    assert [p.name for p in found.outside] == ["nguyen-thi-hoa.yaml", "nong-thi-mo.yaml"]
    assert sorted((f.location.path.rsplit("/", 1)[-1], f.code) for f in found.skipped) == [
        ("ghi-chu.yaml", "build.skipped"), ("tam.yaml", "build.skipped")]
    assert all(f.is_error and f.message for f in found.skipped)
    # a class named with the folder of its people: they are built with the class only
    found = find_sources([ws / "lop" / "lop-2025-01.yaml", ws / "ung-vien"])
    assert [p.name for p in found.outside] == ["nguyen-thi-hoa.yaml", "nong-thi-mo.yaml"]


def test_cli_builds_the_candidates_outside_classes(workspace, tmp_path):
    """…and `dossier build <workspace>` builds them into OUT/<person>/ as a
    single build does, shows them in the summary table and in OUT/summary.json,
    and lists each file it skipped with the reason."""
    ws = _outside_classes_workspace(workspace)
    out = tmp_path / "out"
    run = subprocess.run(dossier_process_args("build", ws, "-o", out, "--quiet"), cwd=tmp_path,
                         env={**os.environ, "CI": "1"}, capture_output=True, text=True, timeout=600)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output  # the two files skipped are errors in the workspace
    assert "Traceback" not in output
    assert (out / "ntvd-2025-01" / "quach-van-thuan" / "ho-so-ket-nap-quach-van-thuan.pdf").is_file()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    people = {p["ho_ten"]: p for p in summary["candidates"]}
    assert set(people) == {"Nguyễn Thị Hoa", "Nông Thị Mơ"}
    for slug, person in (("nguyen-thi-hoa", people["Nguyễn Thị Hoa"]), ("nong-thi-mo", people["Nông Thị Mơ"])):
        (bundle,) = [b for b in person["bundles"] if b["stage"]["code"] == "ket_nap"]
        assert bundle["file"] == str(out / slug / f"ho-so-ket-nap-{slug}.pdf")
        assert len(PdfReader(bundle["file"]).pages) == bundle["pages"]
        assert person["status"]["code"] != "failed"
    assert "CN-NTVĐ" not in [m["ma"] for m in people["Nông Thị Mơ"]["missing"]]
    (missing,) = [m for m in people["Nguyễn Thị Hoa"]["missing"] if m["ma"] == "CN-NTVĐ"]
    assert "chung_nhan_nhan_thuc" in missing["reason"]
    skipped = {f["location"]["path"].rsplit("/", 1)[-1]: f["message"] for f in summary["skipped"]}
    assert set(skipped) == {"ghi-chu.yaml", "tam.yaml"} and "loai" in skipped["ghi-chu.yaml"]
    for name in ("Nguyễn Thị Hoa", "Nông Thị Mơ", "ghi-chu.yaml", "tam.yaml"):
        assert name in output
    assert not (out / "bao-cao.html").exists()  # one office board instead (issue #20)
    report = (out / "bang-theo-doi.html").read_text(encoding="utf-8")
    assert "Nông Thị Mơ" in report and "ghi-chu.yaml" in report


def test_broken_candidate_does_not_stop_the_class(workspace, tmp_path):
    broken = workspace / "ung-vien" / "quach-van-thuan.yaml"
    edit(broken, "gioi_tinh: Nam", "gioi_tinh: nam-nu")
    with ConversionPool() as pool:
        outcome = build_class(workspace / CLASS_2025, tmp_path, pool)
    assert [r.source for r in outcome.failed] == [display_path(broken)]
    assert not outcome.ok
    done = [r for r in outcome.candidates if r.ok]
    assert len(done) == 4
    for result in done:
        for bundle in result.bundles:
            assert len(PdfReader(bundle.path).pages) == bundle.pages
    summary = json.loads((outcome.folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["counts"]["failed"] == 1
    (row,) = [r for r in summary["candidates"] if r["status"]["code"] == "failed"]
    assert any(f["code"] == "schema.enum" for f in row["findings"])
    from dossier import board_pages

    report = board_pages.write_static(tmp_path, [outcome]).read_text(encoding="utf-8")
    assert "quach-van-thuan.yaml" in report and "Bảng theo dõi hồ sơ" in report
    assert '<span class="nhan failed">lỗi</span>' in report
    assert outcome.class_documents, "the class documents are produced too"


def run_cli(*args, **kw):
    env = {**os.environ, "CI": "1"}
    return subprocess.Popen([sys.executable, "-m", "dossier", *map(str, args)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def test_killed_run_resumes_without_converting_twice(workspace, tmp_path):
    out = tmp_path / "out"
    first = run_cli("build", workspace / CLASS_2025, "-o", out, "--quiet")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(files_now(out, "tai-lieu/*.pdf")) < 6:
        time.sleep(0.05)
    first.send_signal(signal.SIGTERM)
    output, _ = first.communicate(timeout=60)
    assert first.returncode in (130, 0, 1), output
    assert "Traceback" not in output
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    before = {p: p.stat().st_mtime_ns for p in out.rglob("tai-lieu/*.pdf")}
    assert before, output

    second = run_cli("build", workspace / CLASS_2025, "-o", out, "--quiet")
    output, _ = second.communicate(timeout=300)
    assert second.returncode == 0, output
    for pdf, mtime in before.items():
        assert pdf.stat().st_mtime_ns == mtime, f"{pdf} converted twice"
    summary = json.loads((out / "ntvd-2025-01" / "summary.json").read_text(encoding="utf-8"))
    assert summary["counts"]["failed"] == 0
    for person in summary["candidates"]:
        for bundle in person["bundles"]:
            assert len(PdfReader(bundle["file"]).pages) == bundle["pages"]
    total = len(files_now(out, "tai-lieu/*.pdf"))
    converted_again = sum(p["converted"] for p in summary["candidates"])
    assert converted_again == total - len(before)


@pytest.mark.parametrize("checker", ["thread", "process", "process that fails"])
def test_checker_errors_are_reported_but_do_not_fail_the_build(tmp_path, monkeypatch, checker):
    """The planted defect (under 18 at the meeting) is shown in the class report;
    the dossier itself is built, so the run succeeds. The checker runs in a
    thread for a small class, in a forked process for a large one, and again in
    a thread when that process fails."""
    from conftest import SAMPLES
    from dossier import batch_check
    from dossier.batch_outcome import STATUS_REVIEW, status

    ran_in = []
    real_check = batch_check._check
    parent = os.getpid()

    def check(paths, as_of, plans=None, kept=None):
        if checker == "process that fails" and os.getpid() != parent:
            raise RuntimeError("hỏng")
        ran_in.append(os.getpid())  # seen by the parent only for what ran in it
        return real_check(paths, as_of, plans, kept)

    monkeypatch.setattr(batch_check, "_check", check)
    if checker != "thread":
        monkeypatch.setattr(batch_check, "CHECK_PROCESS_MIN", 1)
    with ConversionPool() as pool:
        outcome = build_class(SAMPLES / "lop" / "lop-2026-01.yaml", tmp_path, pool)
    assert outcome.ok
    (khuong,) = [r for r in outcome.candidates if r.name == "Đào Minh Khương"]
    assert khuong.ok and status(khuong) == STATUS_REVIEW
    assert [f.code for f in khuong.checks if f.is_error] == ["age.too_young"]
    summary = json.loads((outcome.folder / "summary.json").read_text(encoding="utf-8"))
    assert (summary["counts"]["failed"], summary["counts"]["needs_review"]) == (0, 1)
    assert ran_in == ([] if checker == "process" else [parent])


def test_candidates_edited_since_their_last_build_go_first(workspace, tmp_path, monkeypatch):
    """After editing one person, her documents reach LibreOffice before the others'
    up-to-date checks; the report keeps the order of the class."""
    from dossier import batch

    class_path = workspace / "lop" / "lop-2026-01.yaml"
    out = tmp_path / "out"
    with ConversionPool() as pool:
        first = build_class(class_path, out, pool)
        edit(workspace / "ung-vien" / "nong-thi-mo.yaml", "ho_ten: Nông Thị Mơ", "ho_ten: Nông Thị Mo")
        order = []
        real_produce = batch.produce
        monkeypatch.setattr(batch, "produce", lambda job, *a: (order.append(job.c.data["ho_ten"]),
                                                              real_produce(job, *a))[1])
        second = build_class(class_path, out, pool, jobs=1)
    assert order[0] == "Nông Thị Mo"
    assert [r.name for r in second.candidates] == [
        "Nông Thị Mo" if r.name == "Nông Thị Mơ" else r.name for r in first.candidates]
    assert [r.rendered > 0 for r in second.candidates] == [r.name == "Nông Thị Mo" for r in second.candidates]
