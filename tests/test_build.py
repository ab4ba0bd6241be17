"""`dossier build`: real LibreOffice, real PDFs read back with pypdf."""

import shutil
import subprocess
import unicodedata

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import SAMPLES, edit
from dossier.build import build_candidate
from dossier.cli import cli
from dossier.convert import ConversionPool

pytestmark = pytest.mark.slow
HOA = "ung-vien/nguyen-thi-hoa.yaml"


@pytest.fixture(scope="module")
def pool():
    with ConversionPool() as shared:
        yield shared


def outline_titles(reader):
    titles = []
    for item in reader.outline:
        if isinstance(item, list):
            titles += [(sub.title, reader.get_destination_page_number(sub) + 1) for sub in item]
    return titles


def test_build_hoa_end_to_end(tmp_path, pool):
    result = build_candidate(SAMPLES / HOA, tmp_path, pool=pool)
    assert result.ok, result.findings
    (bundle,) = [b for b in result.bundles if b.stage == "ket_nap"]
    reader = PdfReader(bundle.path)
    assert len(reader.pages) == bundle.pages
    titles = outline_titles(reader)
    codes = [d.code for d in bundle.documents]
    assert "9-KNĐ" in codes and "CV-TTLL" in codes
    assert len(titles) == len(bundle.documents)
    # the decision's bookmark points at the page that holds the decision
    (decision_page,) = [page for title, page in titles if "9-KNĐ" in title]
    text = reader.pages[decision_page - 1].extract_text()
    assert "QUYẾT ĐỊNH" in text and "về việc kết nạp đảng viên" in text
    assert "Số 125-QĐ/ĐU" in text and "ngày 14 tháng 4 năm 2026" in text
    # With the vote line and the recipients at body size (issue #18) the signature may fall on page 2.
    text = "".join(reader.pages[i].extract_text() for i in range(decision_page - 1, min(decision_page + 1,
                                                                                      len(reader.pages))))
    assert "T/M BAN THƯỜNG VỤ" in text
    name = "Nguyễn Thị Hoa"
    assert name in text and unicodedata.is_normalized("NFC", text)
    cover = reader.pages[0].extract_text()
    assert "NGUYỄN THỊ HOA" in cover


def test_fonts_are_embedded_liberation_serif(tmp_path, pool):
    result = build_candidate(SAMPLES / HOA, tmp_path, pool=pool)
    pdf = [d.path for d in result.bundles[0].documents if d.code == "9-KNĐ"][0]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows, fonts
    for row in rows:
        assert "LiberationSerif" in row, row
        assert row.split()[-5] == "yes", row  # the "emb" column


def test_rebuild_converts_nothing_and_one_edit_redoes_one_document(workspace, tmp_path, pool):
    path = workspace / HOA
    first = build_candidate(path, tmp_path, pool=pool)
    assert first.ok and first.converted >= 2
    again = build_candidate(path, tmp_path, pool=pool)
    assert (again.rendered, again.converted) == (0, 0)
    assert again.bundles[0].path.read_bytes() == first.bundles[0].path.read_bytes()
    # the decision number appears only in the decision
    edit(path, "    so: 125\n", "    so: 126\n")
    third = build_candidate(path, tmp_path, pool=pool)
    assert (third.rendered, third.converted) == (1, 1)
    decision = [d.path for d in third.bundles[0].documents if d.code == "9-KNĐ"][0]
    assert "126-QĐ/ĐU" in PdfReader(decision).pages[0].extract_text()
    forced = build_candidate(path, tmp_path, pool=pool, force=True)
    assert forced.converted == first.converted


def test_cli_build_bad_candidate_exit_1_others_still_built(workspace, tmp_path):
    edit(workspace / HOA, "gioi_tinh: Nữ", "gioi_tinh: nu")
    other = workspace / "ung-vien" / "quach-van-thuan.yaml"
    result = CliRunner().invoke(cli, ["build", str(workspace / HOA), str(other), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "gioi_tinh" in result.output and "Traceback" not in result.output
    assert list((tmp_path / "quach-van-thuan").glob("ho-so-ket-nap-*.pdf"))


def test_missing_libreoffice_exit_3(workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(shutil, "which", lambda *a, **k: None)
    result = CliRunner().invoke(cli, ["build", str(workspace / HOA), "-o", str(tmp_path / "o")])
    assert result.exit_code == 3, result.output
    assert "apt-get install" in result.output
