"""The output manifest (issue #17): every output is tied by sha256 to what it
was made from, verified before it is trusted, edited copies are set aside,
what a build no longer produces goes to OUT/.cu/, and `dossier verify` lists
what is stale, damaged, foreign or missing. Real builds (LibreOffice), real
PDFs read back."""

import json
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import edit
from dossier.manifest import Manifest
from test_outputs import conforms, run

pytestmark = pytest.mark.slow
HOA = "ung-vien/nguyen-thi-hoa.yaml"
THUAN = "ung-vien/quach-van-thuan.yaml"
MANIFEST_FILE = ".dossier-manifest.json"


def build(*args):
    result = run("build", *args)
    assert result.exit_code == 0, result.output
    return result


def text_of(pdf):
    return "".join(page.extract_text() for page in PdfReader(pdf).pages)


def verify_json(workspace_arg, out):
    result = run("verify", workspace_arg, "-o", out, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_pdf_newer_than_its_edited_docx_is_converted_again(workspace, tmp_path):
    """Defect 3: a PDF whose modification time is ahead (a clock ahead, a synced
    folder) counted as converted from the new .docx; the old decision number
    stayed in the dossier."""
    out = tmp_path / "out"
    build(workspace / HOA, "-o", out)
    pdf = out / "nguyen-thi-hoa" / "tai-lieu" / "9-KND.pdf"
    assert "125-QĐ/ĐU" in text_of(pdf)
    edit(workspace / HOA, "    so: 125\n", "    so: 126\n")
    future = time.time() + 3600
    os.utime(pdf, (future, future))
    build(workspace / HOA, "-o", out)
    assert "126-QĐ/ĐU" in text_of(pdf)
    bundle = out / "nguyen-thi-hoa" / "ho-so-ket-nap-nguyen-thi-hoa.pdf"
    assert "126-QĐ/ĐU" in text_of(bundle) and "125-QĐ/ĐU" not in text_of(bundle)


def test_truncated_swapped_and_foreign_outputs_are_regenerated(workspace, tmp_path):
    """Defect 4: outputs are checked against their recorded sha256 before being
    trusted; a damaged generated PDF is made again, never sent to the user
    with "hãy quét hoặc xuất lại"."""
    out = tmp_path / "out"
    build(workspace / HOA, workspace / THUAN, "-o", out)
    hoa, thuan = out / "nguyen-thi-hoa", out / "quach-van-thuan"
    bundle = hoa / "ho-so-ket-nap-nguyen-thi-hoa.pdf"
    pages = len(PdfReader(bundle).pages)

    with open(bundle, "r+b") as handle:  # truncated
        handle.truncate(2000)
    result = build(workspace / HOA, "-o", out)
    assert len(PdfReader(bundle).pages) == pages and f"({pages} trang" in result.output

    shutil.copy(thuan / "ho-so-ket-nap-quach-van-thuan.pdf", bundle)  # another person's bundle over hers
    build(workspace / HOA, "-o", out)
    cover = PdfReader(bundle).pages[0].extract_text()
    assert "NGUYỄN THỊ HOA" in cover and "QUÁCH" not in cover

    shutil.copy(thuan / "tai-lieu" / "9-KND-du-thao.pdf", hoa / "tai-lieu" / "9-KND.pdf")  # his decision in her folder
    result = build(workspace / HOA, "-o", out)
    assert "hãy quét" not in result.output
    decision = text_of(hoa / "tai-lieu" / "9-KND.pdf")
    assert "Nguyễn Thị Hoa" in decision and "Quách Văn Thuận" not in decision
    assert "Quách Văn Thuận" not in text_of(bundle)
    code, report = verify_json(workspace / HOA, out)
    assert code == 0 and report["ok"], report["problems"]


def _edit_docx(path, old: bytes, new: bytes):
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    assert old in parts["word/document.xml"]
    parts["word/document.xml"] = parts["word/document.xml"].replace(old, new, 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_docx_edited_by_hand_is_set_aside_with_a_warning(workspace, tmp_path):
    out = tmp_path / "out"
    build(workspace / HOA, "-o", out)
    folder = out / "nguyen-thi-hoa" / "tai-lieu"
    docx = folder / "9-KND.docx"
    _edit_docx(docx, "QUYẾT ĐỊNH".encode(), "QUYẾT ĐỊNH (đã sửa tay)".encode())
    edited = docx.read_bytes()
    result = build(workspace / HOA, "-o", out)
    (aside,) = folder.glob("9-KND-da-sua-*.docx")
    assert aside.read_bytes() == edited  # the user's copy is kept, byte for byte
    assert "[output.edited]" in result.output and aside.name in result.output
    with zipfile.ZipFile(docx) as z:
        assert "đã sửa tay".encode() not in z.read("word/document.xml")  # made again from the data
    again = build(workspace / HOA, "-o", out)  # the copy set aside is the user's: left alone, no warning
    assert aside.read_bytes() == edited and "[output.edited]" not in again.output
    code, report = verify_json(workspace / HOA, out)
    assert code == 0, report["problems"]


def test_dropped_candidate_and_stale_class_document_move_to_cu(workspace, tmp_path):
    """Defect 2: what a build no longer produces moves to OUT/.cu/<time>/ and is
    not listed as this run's output (the class's PDFs were every PDF in lop/)."""
    out = tmp_path / "out"
    klass = workspace / "lop" / "lop-2026-01.yaml"
    build(klass, "-o", out, "-q")
    lop = out / "ntvd-2026-01" / "lop"
    assert (lop / "CV-TTLL-LOP-08.pdf").is_file()
    notes = out / "ntvd-2026-01" / "ghi-chu-cua-toi.txt"  # the user's own file: left alone
    notes.write_text("ghi chú", encoding="utf-8")
    edit(klass, '  - ho_so: ../ung-vien/bach-thi-khanh-linh.yaml\n    so_chung_nhan: "1263"\n    xep_loai: Giỏi\n', "")
    build(klass, "-o", out, "-q")
    summary = json.loads((out / "ntvd-2026-01" / "summary.json").read_text(encoding="utf-8"))
    assert not any("CV-TTLL-LOP-08" in p for p in summary["class_documents"])
    assert summary["counts"]["class_documents"] == len(summary["class_documents"]) == len(list(lop.glob("*.pdf")))
    assert not (out / "ntvd-2026-01" / "bach-thi-khanh-linh").exists()
    assert not (lop / "CV-TTLL-LOP-08.pdf").exists()
    (old,) = (out / ".cu").iterdir()
    assert (old / "ntvd-2026-01" / "lop" / "CV-TTLL-LOP-08.pdf").is_file()
    assert (old / "ntvd-2026-01" / "bach-thi-khanh-linh" / "ho-so-ket-nap-bach-thi-khanh-linh.pdf").is_file()
    assert notes.read_text(encoding="utf-8") == "ghi chú"
    code, report = verify_json(klass, out)
    assert code == 0, report["problems"]


def test_verify_lists_stale_damaged_foreign_and_missing(workspace, tmp_path):
    out = tmp_path / "out"
    code, report = verify_json(workspace / HOA, out)  # nothing built yet
    assert code == 1 and report["counts"]["missing"] == report["files_checked"] > 0
    build(workspace / HOA, "-o", out)
    code, report = verify_json(workspace / HOA, out)
    assert code == 0 and report["ok"] and report["problems"] == []
    conforms(report, "verify")
    folder = out / "nguyen-thi-hoa"
    edit(workspace / HOA, "    so: 125\n", "    so: 126\n")  # stale: 9-KNĐ, its PDF, the bundle
    with open(folder / "tai-lieu" / "6-KND.pdf", "ab") as handle:  # damaged
        handle.write(b"x")
    (folder / "tai-lieu" / "8-KND.pdf").unlink()  # missing
    (folder / "tai-lieu" / "la.pdf").write_bytes(b"%PDF-1.4")  # foreign
    code, report = verify_json(workspace / HOA, out)
    conforms(report, "verify")
    kinds = {(p["kind"]["code"], p["file"].rpartition("/")[2]) for p in report["problems"]}
    assert {("stale", "9-KND.docx"), ("stale", "9-KND.pdf"), ("damaged", "6-KND.pdf"), ("missing", "8-KND.pdf"),
            ("foreign", "la.pdf")} <= kinds, kinds
    assert code == 1 and not report["ok"]
    text = run("verify", workspace / HOA, "-o", out)
    assert text.exit_code == 1
    assert "9-KND.docx: cũ: dữ liệu" in text.output and "6-KND.pdf: hỏng hoặc bị sửa" in text.output
    assert "8-KND.pdf: thiếu" in text.output and "la.pdf: lạ" in text.output
    (folder / "tai-lieu" / "la.pdf").unlink()
    # another person's manifest (a folder made for someone else): foreign
    manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    manifest["owner"] = "ung-vien/nguoi-khac.yaml"
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest), encoding="utf-8")
    code, report = verify_json(workspace / HOA, out)
    assert any(p["kind"]["code"] == "foreign" and "người khác" in p["reason"] for p in report["problems"])
    build(workspace / HOA, "-o", out)  # repaired by a build; the other person's files went to .cu/
    code, report = verify_json(workspace / HOA, out)
    assert code == 0, report["problems"]
    assert list((out / ".cu").rglob("ho-so-ket-nap-nguyen-thi-hoa.pdf"))


def test_paths_relative_to_the_folder_are_pathlibs(tmp_path):
    """``rel`` cuts a path below the folder as text: the same as pathlib's ``relative_to``."""
    for folder in [tmp_path / "out" / "lop", Path("out"), Path(".."), Path("/")]:
        store = Manifest(folder)
        for path in [folder / "a.pdf", folder / "tai-lieu" / "9-KND.pdf", folder / "ho so" / "Tệp.docx",
                     Path(f"{folder}-khac") / "a.pdf", folder.parent / "a.pdf", folder]:
            try:
                expected = path.relative_to(folder).as_posix()
            except ValueError:
                expected = ValueError
            if expected is ValueError:
                with pytest.raises(ValueError):
                    store.rel(path)
            else:
                assert store.rel(path) == expected, (folder, path)
            assert store._inside(path) == path.is_relative_to(folder), (folder, path)
