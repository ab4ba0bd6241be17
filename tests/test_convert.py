"""Tests for dossier.convert: the LibreOffice conversion pool.

Tests marked ``slow`` start LibreOffice; they share one two-worker pool where
they can, so the module stays at a few seconds of LibreOffice time.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
import unicodedata
from pathlib import Path

import pytest

from dossier import convert
from dossier import soffice as libreoffice
from dossier.convert import ConversionPool, ConversionResult, convert_files, find_soffice
from dossier.errors import EXIT_ENVIRONMENT, EnvironmentFailure

VIETNAMESE = "Đảng Cộng sản Việt Nam, Nguyễn Thị Hằng, ưởng ẫ ỵ"

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)


def make_docx(path: Path, label: str, *, font: str = "Times New Roman") -> Path:
    """A small .docx: a label line, then the Vietnamese sample in regular, bold, italic."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    for style in document.styles:  # no theme fonts (Calibri → DejaVu) anywhere
        if getattr(style, "font", None) is not None:
            style.font.name = font
            rpr = style.element.get_or_add_rPr()
            fonts = rpr.get_or_add_rFonts()
            for attr in ("w:eastAsia", "w:cs"):
                fonts.set(qn(attr), font)
    document.styles["Normal"].font.size = Pt(14)
    document.add_paragraph(label)
    paragraph = document.add_paragraph()
    regular, bold, italic = VIETNAMESE.split(", ", 2)
    paragraph.add_run(regular + ", ")
    paragraph.add_run(bold + ", ").bold = True
    paragraph.add_run(italic).italic = True
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def expected_text(label: str) -> str:
    return unicodedata.normalize("NFC", f"{label}\n{VIETNAMESE}")


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def group_alive(pgid: int) -> list[int]:
    return libreoffice.group_pids(pgid)


def wait_for_workers(pool: ConversionPool, count: int) -> dict[int, int]:
    """slot -> soffice.bin pid, once ``count`` workers have started."""
    deadline = time.monotonic() + 60
    while len(pool._worker_pids()) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    pids = pool._worker_pids()
    assert len(pids) == count and all(pids.values())
    return pids


def process_exists(pid: int) -> bool:
    """True for any process entry, zombies included."""
    return os.path.exists(f"/proc/{pid}")


def process_gone(pid: int, within: float = 10.0) -> bool:
    """True once ``pid`` has no process entry. A killed soffice.bin shows as a
    zombie as soon as its main thread exits, but its other threads tear down
    its memory for up to ~2 s more before it can be reaped (inside its worker's
    group, or by PID 1 once the worker is gone)."""
    deadline = time.monotonic() + within
    while process_exists(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


# --------------------------------------------------------------------------
# Without LibreOffice


def test_find_soffice_missing_raises_vietnamese_environment_failure(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(libreoffice, "_FALLBACK_LOCATIONS", ())
    with pytest.raises(EnvironmentFailure) as info:
        find_soffice()
    message = str(info.value)
    assert info.value.exit_code == EXIT_ENVIRONMENT
    assert "Không tìm thấy LibreOffice" in message
    assert "sudo apt-get install libreoffice-writer-nogui fonts-liberation2" in message
    # The pool fails the same way before starting anything.
    with pytest.raises(EnvironmentFailure):
        ConversionPool(workers=1)
    with pytest.raises(EnvironmentFailure):
        convert_files([(tmp_path / "a.docx", tmp_path / "a.pdf")])


def test_convert_files_without_jobs_starts_nothing(monkeypatch):
    monkeypatch.setattr(convert, "find_soffice", lambda: pytest.fail("must not start"))
    assert convert_files([]) == []


def test_pool_rejects_bad_arguments():
    with pytest.raises(ValueError):
        ConversionPool(workers=0)
    with pytest.raises(ValueError):
        ConversionPool(workers=1, timeout=0)


@pytest.mark.parametrize("backend", ["auto", "cli"])
def test_broken_libreoffice_raises_environment_failure(monkeypatch, tmp_path, backend):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'soffice: thư viện hỏng' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(convert, "find_soffice", lambda: str(fake))
    monkeypatch.setenv("DOSSIER_CONVERT_BACKEND", backend)
    source = make_docx(tmp_path / "a.docx", "A")
    with ConversionPool(workers=2, timeout=5) as broken:
        with pytest.raises(EnvironmentFailure) as info:
            broken.convert([(source, tmp_path / "a.pdf"), (source, tmp_path / "b.pdf")])
        assert info.value.exit_code == EXIT_ENVIRONMENT
        assert "Không khởi động được LibreOffice" in str(info.value)
        assert "libreoffice-writer-nogui" in str(info.value)
        with pytest.raises(EnvironmentFailure):  # stays broken
            broken.convert([(source, tmp_path / "c.pdf")])
    assert not (tmp_path / "a.pdf").exists()


def test_check_pdf(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    text = tmp_path / "text.pdf"
    text.write_bytes(b"hello world\n")
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(b"%PDF-1.7\n" + b"0" * 5000)
    good = tmp_path / "good.pdf"
    good.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    assert libreoffice.check_pdf(empty) == "tệp PDF đầu ra rỗng"
    assert libreoffice.check_pdf(text) == "tệp đầu ra không phải PDF"
    assert libreoffice.check_pdf(cut) == "tệp PDF đầu ra bị cắt cụt"
    assert libreoffice.check_pdf(tmp_path / "none.pdf") == "không có tệp PDF đầu ra"
    assert libreoffice.check_pdf(good) is None


# --------------------------------------------------------------------------
# With LibreOffice


@pytest.fixture(scope="module")
def pool():
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    with ConversionPool(workers=2, timeout=20) as shared:
        yield shared
    # close(): no process of any worker group survives, not even as a zombie
    for pgid in shared._test_pgids:
        assert not group_alive(pgid)


@pytest.fixture(autouse=True)
def _track_pgids(request):
    """Record worker process groups of the shared pool, for the teardown check."""
    if "pool" in request.fixturenames:
        shared = request.getfixturevalue("pool")
        if not hasattr(shared, "_test_pgids"):
            shared._test_pgids = set()
        yield
        shared._test_pgids.update(
            w.proc.pid for w in list(shared._current.values()) if getattr(w, "proc", None)
        )
    else:
        yield


@pytest.mark.slow
def test_converts_documents_and_text_round_trips(pool, tmp_path):
    labels = [f"Hồ sơ số {i}" for i in range(8)]
    jobs = [
        (make_docx(tmp_path / "in" / f"doc{i}.docx", label), tmp_path / "out" / f"doc{i}.pdf")
        for i, label in enumerate(labels)
    ]
    results = pool.convert(jobs)
    assert [r.source for r in results] == [s for s, _ in jobs]  # input order
    assert [r.target for r in results] == [t for _, t in jobs]
    for result, label in zip(results, labels):
        assert isinstance(result, ConversionResult)
        assert result.ok, result.error
        assert result.error is None and result.attempts == 1 and result.seconds > 0
        assert result.target.read_bytes().startswith(b"%PDF-")
        assert pdf_text(result.target) == expected_text(label)
    # atomic writes leave no temporary files behind
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(t.name for _, t in jobs)


@pytest.mark.slow
def test_same_basename_in_two_folders(pool, tmp_path):
    first = make_docx(tmp_path / "a" / "don.docx", "Đơn của A")
    second = make_docx(tmp_path / "b" / "don.docx", "Đơn của B")
    jobs = [(first, tmp_path / "a" / "don.pdf"), (second, tmp_path / "b" / "don.pdf")]
    results = pool.convert(jobs)
    assert all(r.ok for r in results), [r.error for r in results]
    assert pdf_text(tmp_path / "a" / "don.pdf") == expected_text("Đơn của A")
    assert pdf_text(tmp_path / "b" / "don.pdf") == expected_text("Đơn của B")


@pytest.mark.slow
def test_corrupt_docx_fails_alone(pool, tmp_path):
    good = [make_docx(tmp_path / f"ok{i}.docx", f"Tốt {i}") for i in range(3)]
    garbage = tmp_path / "hong.docx"
    garbage.write_text("không phải tệp Word\n" * 20, encoding="utf-8")
    truncated = tmp_path / "cut.docx"
    truncated.write_bytes(good[0].read_bytes()[:2000])
    out = tmp_path / "out"
    sources = [good[0], garbage, good[1], truncated, good[2], tmp_path / "khong-co.docx"]
    results = pool.convert([(s, out / (s.stem + ".pdf")) for s in sources])
    assert [r.ok for r in results] == [True, False, True, False, True, False]
    for bad in (results[1], results[3]):
        assert "không mở được" in bad.error and bad.source.name in bad.error
        assert bad.attempts == 2  # retried once
        assert not bad.target.exists()
    assert "Không tìm thấy tệp nguồn" in results[5].error and results[5].attempts == 0
    assert sorted(p.name for p in out.iterdir()) == ["ok0.pdf", "ok1.pdf", "ok2.pdf"]


@pytest.mark.slow
def test_fonts_are_embedded_liberation_serif(pool, tmp_path):
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    source = make_docx(tmp_path / "fonts.docx", "Kiểm tra phông chữ")
    (result,) = pool.convert([(source, tmp_path / "fonts.pdf")])
    assert result.ok, result.error
    listing = subprocess.run(
        ["pdffonts", str(result.target)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing, "no fonts in the PDF"
    names = [line.split()[0] for line in listing]
    for line, name in zip(listing, names):
        assert "+" in name and name.split("+", 1)[1].startswith("LiberationSerif"), line
        assert "Type 3" not in line and "DejaVu" not in line, line
        emb, sub = line.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), line  # embedded subsets
    faces = {name.split("+", 1)[1] for name in names}
    assert faces == {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"}


@pytest.mark.slow
def test_several_threads_share_the_pool(pool, tmp_path):
    outcomes: dict[int, list[ConversionResult]] = {}

    def candidate(n: int) -> None:
        jobs = [
            (make_docx(tmp_path / f"c{n}" / f"d{i}.docx", f"Ứng viên {n} tài liệu {i}"),
             tmp_path / f"c{n}" / f"d{i}.pdf")
            for i in range(3)
        ]
        outcomes[n] = pool.convert(jobs)

    threads = [threading.Thread(target=candidate, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for n in range(3):
        assert [r.ok for r in outcomes[n]] == [True] * 3
        for i, result in enumerate(outcomes[n]):
            assert pdf_text(result.target) == expected_text(f"Ứng viên {n} tài liệu {i}")


@pytest.mark.slow
def test_killed_soffice_is_replaced_and_every_document_converts(pool, tmp_path):
    jobs = [
        (make_docx(tmp_path / "in" / f"k{i}.docx", f"Tài liệu {i}"), tmp_path / f"k{i}.pdf")
        for i in range(16)
    ]
    pool.start()
    before = wait_for_workers(pool, 2)
    restarts = pool._restarts
    results: list[ConversionResult] = []
    runner = threading.Thread(target=lambda: results.extend(pool.convert(jobs)))
    runner.start()
    deadline = time.monotonic() + 30
    while not any(t.exists() for _, t in jobs) and time.monotonic() < deadline:
        time.sleep(0.005)
    victim = before[0]
    os.kill(victim, signal.SIGKILL)  # mid-batch
    runner.join(60)
    assert len(results) == len(jobs)
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    for i, result in enumerate(results):
        assert pdf_text(result.target) == expected_text(f"Tài liệu {i}")
    after = pool._worker_pids()
    assert after[0] != victim and after[1] == before[1]
    assert pool._restarts == restarts + 1
    assert process_gone(victim)  # reaped, not left a zombie


@pytest.mark.slow
@needs_soffice
def test_hung_soffice_times_out_then_close_leaves_no_process(tmp_path):
    pgids: set[int] = set()
    soffices: set[int] = set()
    with ConversionPool(workers=1, timeout=2.0) as hang_pool:
        (victim,) = wait_for_workers(hang_pool, 1).values()
        deadline = time.monotonic() + 30
        pgids.add(hang_pool._current[0].proc.pid)
        soffices.add(victim)
        os.kill(victim, signal.SIGSTOP)  # the next UNO call never returns
        jobs = [
            (make_docx(tmp_path / f"h{i}.docx", f"Treo {i}"), tmp_path / "out" / f"h{i}.pdf")
            for i in range(2)
        ]
        results = hang_pool.convert(jobs)
        assert [r.ok for r in results] == [True, True], [r.error for r in results]
        assert results[0].attempts == 2 and results[0].seconds >= 2.0
        assert results[1].attempts == 1
        assert process_gone(victim)
        worker = hang_pool._current[0]
        pgids.add(worker.proc.pid)
        soffices.add(worker.soffice_pid)

        # close() while a conversion is running (what KeyboardInterrupt does)
        more = [
            (make_docx(tmp_path / f"m{i}.docx", f"Thêm {i}"), tmp_path / "more" / f"m{i}.pdf")
            for i in range(12)
        ]
        late: list[ConversionResult] = []
        runner = threading.Thread(target=lambda: late.extend(hang_pool.convert(more)))
        runner.start()
        while not any(t.exists() for _, t in more) and time.monotonic() < deadline + 30:
            time.sleep(0.005)
    runner.join(30)
    assert len(late) == len(more) and late[0].ok
    stopped = [r for r in late if not r.ok]
    assert stopped and all(r.error.startswith("Đã dừng chuyển đổi") for r in stopped)
    for pgid in pgids:
        assert not group_alive(pgid)
        assert process_gone(pgid)
    for pid in soffices:
        assert process_gone(pid)
    leftovers = [p.name for p in (tmp_path / "more").iterdir() if p.name.startswith(".")]
    assert leftovers == []
    with pytest.raises(RuntimeError):
        hang_pool.convert(jobs)


@pytest.mark.slow
@needs_soffice
def test_cli_fallback_backend(monkeypatch, tmp_path):
    monkeypatch.setenv("DOSSIER_CONVERT_BACKEND", "cli")
    first = make_docx(tmp_path / "a" / "don.docx", "Đơn A")
    second = make_docx(tmp_path / "b" / "don.docx", "Đơn B")
    garbage = tmp_path / "hong.docx"
    garbage.write_text("không phải tệp Word\n" * 20, encoding="utf-8")
    jobs = [
        (first, tmp_path / "out" / "a" / "don.pdf"),
        (garbage, tmp_path / "out" / "hong.pdf"),
        (second, tmp_path / "out" / "b" / "don.pdf"),
    ]
    results = convert_files(jobs, workers=1, timeout=30)
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].attempts == 2 and "không mở được" in results[1].error
    assert pdf_text(jobs[0][1]) == expected_text("Đơn A")
    assert pdf_text(jobs[2][1]) == expected_text("Đơn B")
    assert not jobs[1][1].exists()


@pytest.mark.slow
def test_extra_workers_start_only_when_jobs_wait(tmp_path):
    """One LibreOffice for a handful of documents (a rebuild), every worker for a batch."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    few = [(make_docx(tmp_path / f"a{i}.docx", f"Ít {i}"), tmp_path / f"a{i}.pdf")
           for i in range(convert.EXTRA_WORKERS_AFTER)]
    many = [(make_docx(tmp_path / f"b{i}.docx", f"Nhiều {i}"), tmp_path / f"b{i}.pdf")
            for i in range(convert.EXTRA_WORKERS_AFTER + 4)]
    with ConversionPool(workers=2, timeout=30) as pool:
        assert all(r.ok for r in pool.convert(few))
        assert len(pool._worker_pids()) == 1
        assert all(r.ok for r in pool.convert(many))
        assert len(wait_for_workers(pool, 2)) == 2


@pytest.mark.slow
@needs_soffice
def test_workers_start_from_a_profile_made_once(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    soffice = find_soffice()
    template = libreoffice.profile_template(soffice)
    assert template is not None and template.parent == tmp_path / "cache" / "dossier"
    assert (template / "user" / "registrymodifications.xcu").is_file()
    assert [p.name for p in template.parent.iterdir()] == [template.name]  # no work folder left

    def no_soffice(*args, **kwargs):
        raise AssertionError("the template is made once")

    with monkeypatch.context() as patched:
        patched.setattr(convert.subprocess, "Popen", no_soffice)
        assert libreoffice.profile_template(soffice) == template
    copied = []
    real_copytree = shutil.copytree
    monkeypatch.setattr(convert.shutil, "copytree",
                        lambda src, dst, *a, **kw: copied.append(src) or real_copytree(src, dst, *a, **kw))
    source = make_docx(tmp_path / "a.docx", "Hồ sơ")
    with ConversionPool(workers=1, timeout=30) as pool:
        [result] = pool.convert([(source, tmp_path / "a.pdf")])
    assert result.ok and pdf_text(tmp_path / "a.pdf") == expected_text("Hồ sơ")
    assert copied[0] == template
    assert (template / "user" / "registrymodifications.xcu").is_file()  # the worker used a copy


@pytest.mark.slow
@needs_soffice
def test_a_template_workers_cannot_start_from_is_discarded(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    template = libreoffice.template_folder(find_soffice())
    (template / "user").mkdir(parents=True)
    (template / "user" / "registrymodifications.xcu").write_text("<oor:items/>")
    (template / "user" / "broken").symlink_to(tmp_path / "nowhere")  # the copy fails
    source = make_docx(tmp_path / "a.docx", "Hồ sơ")
    with ConversionPool(workers=1, timeout=30) as pool:
        [result] = pool.convert([(source, tmp_path / "a.pdf")])
    assert result.ok
    assert not template.exists()


@pytest.mark.slow
@needs_soffice
def test_closing_the_pool_while_a_worker_starts_keeps_the_template(monkeypatch, tmp_path):
    """A command that finds nothing to convert closes the pool while LibreOffice
    is still starting; that kills the start, which is no fault of the template."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    template = libreoffice.profile_template(find_soffice())
    assert template is not None
    pool = ConversionPool(workers=1, timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the worker's process is running, not yet ready
        worker = pool._current.get(0)
        if worker is not None and worker.proc is not None:
            break
        time.sleep(0.005)
    assert not pool._worker_pids()
    pool.close()
    assert (template / "user" / "registrymodifications.xcu").is_file()
