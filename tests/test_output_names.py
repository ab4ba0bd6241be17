"""Issue #17: a person's folder is named from the candidate file (stem, plus a
short hash of its path on a clash), class folders never shared; a dossier with a
document that failed is written marked incomplete (``-chua-du``), the previous
complete one kept aside as ``-ban-truoc``; a broken workspace template fails only
its documents."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import ROOT, dossier_process_args, edit
from dossier.cli import cli

THUONG = "ung-vien/lang-thi-thuong.yaml"  # early stage, no document numbers: copies do not clash on numbers


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def _person(workspace: Path, relative: str, name: str) -> Path:
    """A copy of Lăng Thị Thương at ``relative`` (below the workspace), named ``name``."""
    target = workspace / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    depth = len(Path(relative).parts) - 1
    text = (workspace / THUONG).read_text(encoding="utf-8")
    text = text.replace("ho_ten: Lăng Thị Thương", f"ho_ten: {name}")
    text = text.replace("tep: ../tep-dinh-kem/", "tep: " + "../" * depth + "tep-dinh-kem/")
    target.write_text(text, encoding="utf-8")
    return target


def _only(workspace: Path, keep: set[str]) -> None:
    """The workspace without its classes and with only the candidate files ``keep`` (names)."""
    shutil.rmtree(workspace / "lop")
    for path in (workspace / "ung-vien").glob("*.yaml"):
        if path.name not in keep:
            path.unlink()


# ------------------------------------------------------------------ names


def _hash(relative: str) -> str:
    """The short hash a clashing folder gets: of the file's path relative to the workspace root."""
    return hashlib.sha256(relative.encode("utf-8")).hexdigest()[:8]


def test_person_folders_are_file_stems_with_a_path_hash_on_a_clash(tmp_path):
    from dossier.output_names import path_hash, person_folders

    root = tmp_path / "ws"
    a, b, c = root / "ung-vien" / "a" / "hoa.yaml", root / "ung-vien" / "b" / "Hòa.yaml", root / "x" / "Mơ.yaml"
    names = person_folders([a, b, c], lambda _: root)
    assert names[c] == "mo"
    assert names[a] == f"hoa-{path_hash(a, root)}" == f"hoa-{_hash('ung-vien/a/hoa.yaml')}"
    assert names[b] == f"hoa-{path_hash(b, root)}"
    assert names[a] != names[b]
    assert person_folders([c, b, a], lambda _: root) == names  # the order changes nothing
    moved = tmp_path / "elsewhere" / "ws"  # nor where the workspace is
    assert person_folders([moved / p.relative_to(root) for p in (a, b, c)], lambda _: moved)[
        moved / a.relative_to(root)] == names[a]
    assert person_folders([root / "lop.yaml"], lambda _: root, reserved=("lop",))[root / "lop.yaml"].startswith("lop-")


def test_class_codes_differing_only_in_diacritics_are_refused(workspace):
    other = workspace / "lop" / "lop-2026-01-ban-sao.yaml"
    text = (workspace / "lop" / "lop-2026-01.yaml").read_text(encoding="utf-8")
    start = text.index("hoc_vien:\n")
    _person(workspace, "ung-vien/khac.yaml", "Đỗ Thị Khác")
    other.write_text(text[:start].replace("ma: NTVĐ-2026-01", "ma: NTVD-2026-01")
                     + "hoc_vien:\n  - ho_so: ../ung-vien/khac.yaml\n    so_chung_nhan: \"0901\"\n", encoding="utf-8")
    result = run("validate", workspace / "lop")
    assert result.exit_code == 1, result.output
    clashes = [line for line in result.output.splitlines() if "[ref.class_folder]" in line]
    assert len(clashes) == 2, result.output
    assert any("lop-2026-01.yaml:5:" in line for line in clashes)  # at the line of ``ma``
    assert all("'ntvd-2026-01'" in line for line in clashes)
    assert any("lop-2026-01-ban-sao.yaml (mã lớp 'NTVD-2026-01')" in line for line in clashes)
    # and a build of either class writes nothing into the folder both would use
    out = workspace.parent / "out"
    result = run("build", other, "-o", out, "--quiet")
    assert result.exit_code == 1 and "[ref.class_folder]" in result.output
    assert not (out / "ntvd-2026-01").exists()


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        return re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode("utf-8"))


def _who_is_where(class_folder: Path) -> dict[str, str]:
    """Folder name -> the name written in the documents rendered there."""
    found = {}
    for folder in sorted(p for p in class_folder.iterdir() if p.is_dir() and p.name != "lop"):
        texts = " ".join(_docx_text(d) for d in folder.glob("*.docx"))
        found[folder.name] = sorted(n for n in ("Nguyễn Văn Hòa", "Nguyễn Văn Hoá", "Lăng Thị Thương")
                                    if n in texts)
    return found


def test_reordering_a_class_list_moves_no_folder(workspace, tmp_path):
    _person(workspace, "ung-vien/a/hoa.yaml", "Nguyễn Văn Hòa")
    _person(workspace, "ung-vien/b/hoa.yaml", "Nguyễn Văn Hoá")
    klass = workspace / "lop" / "lop-thu.yaml"
    text = (workspace / "lop" / "lop-2026-01.yaml").read_text(encoding="utf-8")
    head = text[:text.index("hoc_vien:\n")].replace("ma: NTVĐ-2026-01", "ma: THU-2026-09")
    members = ["../ung-vien/a/hoa.yaml", "../ung-vien/b/hoa.yaml", "../ung-vien/lang-thi-thuong.yaml"]
    (workspace / "lop" / "lop-2026-01.yaml").write_text(
        text.replace("  - ho_so: ../ung-vien/lang-thi-thuong.yaml\n", "  - ho_so: ../ung-vien/khong-dung.yaml\n"),
        encoding="utf-8")  # Thương is in one class only: this one
    results = []
    for order, out in ((members, tmp_path / "out1"), (members[::-1], tmp_path / "out2")):
        klass.write_text(head + "hoc_vien:\n" + "".join(
            f"  - ho_so: {m}\n    so_chung_nhan: \"{i:04}\"\n" for i, m in enumerate(order, 1)), encoding="utf-8")
        result = run("render", klass, "-o", out)
        assert "Traceback" not in result.output
        results.append(_who_is_where(out / "thu-2026-09"))
    first, second = results
    assert first == second
    assert first["lang-thi-thuong"] == ["Lăng Thị Thương"]
    hashed = sorted(name for name in first if name.startswith("hoa-"))
    assert len(hashed) == 2 and sorted(first[h][0] for h in hashed) == ["Nguyễn Văn Hoá", "Nguyễn Văn Hòa"]


# ------------------------------------------------------------------ builds (LibreOffice)


def _cover_name(bundle: Path) -> str:
    return PdfReader(bundle).pages[0].extract_text().replace("\u200b", "")  # invisible characters: issue #17, names


@pytest.mark.slow
def test_same_named_people_of_a_folder_get_folders_of_their_own(workspace, tmp_path):
    _only(workspace, {"lang-thi-thuong.yaml"})
    people = {"ung-vien/nguyen-van-hoa.yaml": "Nguyễn Văn Hòa", "ung-vien/hoa1.yaml": "Nguyen Van Hoa",
              "ung-vien/hoa2.yaml": "Nguyễn Văn\u200b Hòa", "ung-vien/a/hoa.yaml": "Nguyễn Văn Hoá",
              "ung-vien/b/hoa.yaml": "Nguyễn Văn Hòa"}
    for relative, name in people.items():
        _person(workspace, relative, name)
    (workspace / THUONG).unlink()
    out = tmp_path / "out"
    result = run("build", workspace, "-o", out, "--quiet")
    assert result.exit_code == 0, result.output
    expected = {"nguyen-van-hoa": "NGUYỄN VĂN HÒA", "hoa1": "NGUYEN VAN HOA", "hoa2": "NGUYỄN VĂN HÒA",
                f"hoa-{_hash('ung-vien/a/hoa.yaml')}": "NGUYỄN VĂN HOÁ",
                f"hoa-{_hash('ung-vien/b/hoa.yaml')}": "NGUYỄN VĂN HÒA"}
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == sorted(expected)
    for folder, name in expected.items():
        (bundle,) = (out / folder).glob("ho-so-*.pdf")
        assert bundle.name == f"ho-so-ket-nap-{folder}.pdf"
        assert name in _cover_name(bundle), (folder, _cover_name(bundle))
    # two files of the same stem named on the command line: the same folders as in the folder build
    alone = tmp_path / "alone"
    result = run("build", workspace / "ung-vien/a/hoa.yaml", workspace / "ung-vien/b/hoa.yaml", "-o", alone)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in alone.iterdir() if p.is_dir()) == sorted(e for e in expected if e.startswith("hoa-"))


FAIL_9_KND = '''
import dossier.compose as _compose
from dossier.convert import ConversionResult as _Result
_real = _compose.convert
def _convert(jobs, pool, cuts=None):
    jobs = list(jobs)
    kept = [job for job in jobs if not job[0].name.startswith("9-KND")]
    done = {r.source: r for r in _real(kept, pool, cuts)} if kept else {}
    return [done.get(s) or _Result(s, t, False, "LibreOffice dừng khi chuyển tệp này (đã thử 2 lần)", 2, 0.0)
            for s, t in jobs]
_compose.convert = _convert
'''


def _build_process(workspace: Path, out: Path, *extra, prelude: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(dossier_process_args("build", workspace, "-o", out, "--quiet", *extra, prelude=prelude),
                          cwd=workspace.parent, env={"CI": "1", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                                                     "HOME": str(Path.home())},
                          capture_output=True, text=True, timeout=600)


def _contents_text(bundle: Path) -> str:
    reader = PdfReader(bundle)
    text = " ".join(reader.pages[i].extract_text() for i in range(2))  # the cover and the first contents page
    return " ".join(text.split())  # lines wrapped in the table joined


@pytest.mark.slow
def test_a_failed_conversion_writes_an_incomplete_dossier_and_keeps_the_complete_one(workspace, tmp_path):
    _only(workspace, {"nguyen-thi-hoa.yaml", "lang-thi-thuong.yaml"})
    out = tmp_path / "out"
    folder = out / "nguyen-thi-hoa"
    complete, unfinished = folder / "ho-so-ket-nap-nguyen-thi-hoa.pdf", folder / "ho-so-ket-nap-nguyen-thi-hoa-chua-du.pdf"
    previous = folder / "ho-so-ket-nap-nguyen-thi-hoa-ban-truoc.pdf"
    first = _build_process(workspace, out)
    assert first.returncode in (0, 1) and complete.is_file(), first.stdout + first.stderr
    before = complete.read_bytes()

    failing = _build_process(workspace, out, "--force", prelude=FAIL_9_KND)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "Traceback" not in failing.stdout + failing.stderr
    assert not complete.exists() and unfinished.is_file()
    assert previous.read_bytes() == before  # the last complete dossier, kept aside
    text = _contents_text(unfinished)
    assert "HỒ SƠ CHƯA ĐỦ" in text and "9-KNĐ" in text and "THIẾU" in text
    assert "Chưa có: không chuyển được sang PDF" in text
    assert len(PdfReader(unfinished).pages) < len(PdfReader(previous).pages)  # the other documents are there
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    hoa = next(c for c in summary["candidates"] if c["file"].endswith("nguyen-thi-hoa.yaml"))
    assert hoa["status"] == {"code": "incomplete", "label": "chưa đủ"}
    assert hoa["failed_documents"][0]["ma"] == "9-KNĐ" and hoa["bundles"][0]["incomplete"] is True
    assert hoa["bundles"][0]["file"].endswith("-chua-du.pdf")
    thuong = next(c for c in summary["candidates"] if c["file"].endswith("lang-thi-thuong.yaml"))
    assert thuong["status"]["code"] != "incomplete" and thuong["bundles"]  # the other person still builds
    assert "chưa đủ" in (out / "bang-theo-doi.html").read_text(encoding="utf-8")
    # both known to the manifest: neither swept to .cu/, the gap recorded; the stale 9-KND.pdf swept
    manifest = _manifest(folder)
    assert manifest["files"][previous.name]["kept"] == "ban_truoc" and complete.name not in manifest["files"]
    assert manifest["files"][unfinished.name]["missing"] == ["9-KNĐ"]
    assert "9-KND.pdf" not in {p.name for p in (folder / "tai-lieu").iterdir()}
    assert {p.name for p in (out / ".cu").rglob("*.pdf")} == {"9-KND.pdf"}
    report = _verify(workspace, out, 1)
    assert _problems(report, "incomplete") == {unfinished.name}
    assert "9-KNĐ" in next(p["reason"] for p in report["problems"] if p["kind"]["code"] == "incomplete")
    assert _problems(report, "missing") == {"9-KND.pdf"}  # the document, not the bundle
    assert not _problems(report, "foreign") and not _problems(report, "stale")
    assert [Path(p).name for p in report["kept"]] == [previous.name]

    again = _build_process(workspace, out)
    assert "Traceback" not in again.stdout + again.stderr
    assert complete.is_file() and not unfinished.exists() and not previous.exists()
    assert not {previous.name, unfinished.name} & set(_manifest(folder)["files"])
    _verify(workspace, out, 0)
    assert "9-KNĐ" in _contents_text(complete) and "THIẾU" not in _contents_text(complete)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert {c["status"]["code"] for c in summary["candidates"]} <= {"complete", "missing_documents", "needs_review"}

    # a run stopped while converting (Ctrl-C: the pool is closed) writes no bundle over the complete one
    from dossier.build import build_candidate
    from dossier.convert import ConversionResult
    from dossier.convert_jobs import MSG_CLOSED

    class Closed:
        joins_documents = False

        def convert(self, jobs):
            return [ConversionResult(Path(s), Path(t), False, MSG_CLOSED, 0, 0.0) for s, t in jobs]

    whole = complete.read_bytes()
    result = build_candidate(workspace / "ung-vien" / "nguyen-thi-hoa.yaml", out, pool=Closed(), force=True)
    assert [f.code for f in result.findings if f.is_error] == ["build.interrupted"]
    assert complete.read_bytes() == whole and not unfinished.exists()
    # the manifest saved as it stands: the complete bundle still listed, nothing swept
    assert complete.name in _manifest(folder)["files"] and not list((out / ".cu").rglob("ho-so-*"))


def _manifest(folder: Path) -> dict:
    return json.loads((folder / ".dossier-manifest.json").read_text(encoding="utf-8"))


def _verify(sources: Path, out: Path, code: int) -> dict:
    result = run("verify", sources, "-o", out, "--format", "json")
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def _problems(report: dict, kind: str) -> set[str]:
    return {Path(p["file"]).name for p in report["problems"] if p["kind"]["code"] == kind}


def test_incomplete_and_previous_bundles_are_known_to_the_manifest(tmp_path):
    """The -chua-du bundle and the -ban-truoc one are listed and claimed (never
    swept to .cu/); a complete run removes them, but only files the manifest
    lists; a damaged complete bundle is not kept as the previous dossier."""
    from dossier import incomplete
    from dossier.manifest import Manifest

    out, prefix = tmp_path / "out", "ho-so-ket-nap"
    folder = out / "hoa"
    folder.mkdir(parents=True)
    complete, gap = incomplete.bundle_target(folder, prefix, False), incomplete.bundle_target(folder, prefix, True)
    previous = incomplete.previous_target(folder, prefix)

    def run_with(*claimed):
        store = Manifest(folder, owner="ung-vien/hoa.yaml", root=out)
        store.claim(*claimed)
        return store

    store = run_with()
    complete.write_bytes(b"%PDF complete")
    store.record(complete, {"bundle": "a"}, pages=3)
    store.save()
    for _ in range(2):  # an incomplete run, then one finding the incomplete bundle up to date
        store = run_with(gap)
        if not gap.exists():
            incomplete.keep_previous(store, folder, prefix)
            gap.write_bytes(b"%PDF gap")
            store.record(gap, {"bundle": "b"}, pages=2, missing=["9-KNĐ"])
        incomplete.settle(store, folder, prefix, True)
        assert store.sweep() == []
        store.save()
        assert previous.read_bytes() == b"%PDF complete" and not complete.exists() and store.intact(previous)
        assert Manifest(folder).record_of(previous)["kept"] == incomplete.PREVIOUS

    store = run_with()
    complete.write_bytes(b"%PDF new")
    store.record(complete, {"bundle": "c"}, pages=4)
    incomplete.settle(store, folder, prefix, False)
    assert store.sweep() == [] and not gap.exists() and not previous.exists()
    store.save()
    assert set(Manifest(folder).files) == {complete.name}

    gap.write_bytes(b"the user's own file")  # not listed: left alone
    complete.write_bytes(b"%PDF truncated")  # listed, damaged: not kept as a dossier, swept
    store = run_with(gap)
    incomplete.keep_previous(store, folder, prefix)
    incomplete.settle(store, folder, prefix, False)
    assert not previous.exists() and gap.read_bytes() == b"the user's own file"
    assert [p.name for p in store.sweep()] == [complete.name]


def _broken_template(source: Path, target: Path) -> None:
    """A copy of ``source`` with a Jinja syntax error in its first text run."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                at = text.index(">", text.index("<w:t")) + 1
                data = (text[:at] + "{{ 1 + }}" + text[at:]).encode("utf-8")
            copy.writestr(item, data)


@pytest.mark.slow
def test_a_broken_workspace_template_fails_only_its_documents(workspace, tmp_path):
    _only(workspace, {"nguyen-thi-hoa.yaml"})
    out = tmp_path / "out"
    assert run("build", workspace / "ung-vien" / "nguyen-thi-hoa.yaml", "-o", out).exit_code == 0
    _broken_template(ROOT / "templates" / "9-KND.docx", workspace / "mau" / "9-KND.docx")
    result = run("build", workspace / "ung-vien" / "nguyen-thi-hoa.yaml", "-o", out)
    assert result.exit_code == 1, result.output
    assert "[render.failed]" in result.output and "hồ sơ chưa đủ" in result.output
    folder = out / "nguyen-thi-hoa"
    bundle = folder / "ho-so-ket-nap-nguyen-thi-hoa-chua-du.pdf"
    assert bundle.is_file() and not (folder / "ho-so-ket-nap-nguyen-thi-hoa.pdf").exists()
    text = _contents_text(bundle)
    assert "9-KNĐ" in text and "mẫu Word 9-KND.docx của bộ hồ sơ bị lỗi" in text and "THIẾU" in text
    assert "Tình trạng:" in text and "HỒ SƠ CHƯA ĐỦ, còn thiếu 9-KNĐ" in text
    assert {"8-KND.pdf", "6-KND.pdf", "5-KND.pdf"} <= {p.name for p in (folder / "tai-lieu").glob("*.pdf")}
    assert not (folder / "tai-lieu" / "9-KND.pdf").exists() and not (folder / "tai-lieu" / "9-KND.docx").exists()
    assert {p.name for p in (out / ".cu").rglob("9-KND.*")} == {"9-KND.docx", "9-KND.pdf"}  # the last run's
    assert len(PdfReader(bundle).pages) > 10
    assert (folder / "ho-so-ket-nap-nguyen-thi-hoa-ban-truoc.pdf").is_file()
    report = _verify(workspace / "ung-vien" / "nguyen-thi-hoa.yaml", out, 1)
    assert _problems(report, "incomplete") == {bundle.name} and _problems(report, "missing") == {"9-KND.docx",
                                                                                                 "9-KND.pdf"}
    assert not _problems(report, "foreign") and not _problems(report, "stale")

    (workspace / "mau" / "9-KND.docx").unlink()  # the template mended: the complete dossier again
    assert run("build", workspace / "ung-vien" / "nguyen-thi-hoa.yaml", "-o", out).exit_code == 0
    assert {p.name for p in folder.glob("*.pdf")} == {"ho-so-ket-nap-nguyen-thi-hoa.pdf"}
    _verify(workspace / "ung-vien" / "nguyen-thi-hoa.yaml", out, 0)
