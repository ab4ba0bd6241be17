"""Shared values of every form: header names, numbers, signatures."""

import pytest

from conftest import SAMPLES
from dossier.context import balance_lines, document_number, header_names, open_candidate, text_width_mm


@pytest.mark.parametrize("name, expected", [
    ("ĐẢNG ỦY PHƯỜNG BÌNH MINH", "ĐẢNG ỦY PHƯỜNG BÌNH MINH"),
    ("ĐẢNG BỘ TRƯỜNG CAO ĐẲNG CÔNG NGHỆ BÌNH MINH", "ĐẢNG BỘ TRƯỜNG CAO ĐẲNG\nCÔNG NGHỆ BÌNH MINH"),
    ("CHI BỘ KHOA CƠ KHÍ - ĐỘNG LỰC", "CHI BỘ\nKHOA CƠ KHÍ - ĐỘNG LỰC"),
    ("ĐẢNG BỘ BỘ PHẬN KHỐI KỸ THUẬT", "ĐẢNG BỘ BỘ PHẬN\nKHỐI KỸ THUẬT"),
    ("CHI BỘ PHÒNG ĐÀO TẠO - CÔNG TÁC HỌC SINH SINH VIÊN", "CHI BỘ PHÒNG ĐÀO TẠO -\nCÔNG TÁC HỌC\nSINH SINH VIÊN"),
    ("CHI BỘ A\nB", "CHI BỘ A\nB"),  # a line break the user chose is kept
])
def test_long_header_names_break_where_a_person_would(name, expected):
    result = balance_lines(name, bold=True)
    assert result == expected
    assert all(text_width_mm(line, True) <= 78 for line in result.splitlines()) or "\n" in name


def test_header_names_of_a_chi_bo():
    c = open_candidate(SAMPLES / "ung-vien/lai-van-cuong.yaml")
    superior, issuer = header_names(c.org, c.chi_bo)
    assert superior == "ĐẢNG BỘ BỘ PHẬN\nKHỐI KỸ THUẬT"
    assert issuer.startswith("CHI BỘ\n")


def test_document_number():
    assert document_number(7, "NQ", "CB") == "07-NQ/CB"
    assert document_number(125, "QĐ", "ĐU") == "125-QĐ/ĐU"
    assert document_number(None, "QĐ", "ĐU").endswith("-QĐ/ĐU")


# ------------------------------------------------------------- one chain of bodies (issue #15)

def _texts(paths):
    import docx

    texts = {}
    for path in paths:
        document = docx.Document(path)
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        texts[f"{path.parent.name}/{path.name}"] = " ".join(" ".join(parts).split())
    return texts


def test_the_deciding_body_is_named_the_same_way_by_every_form(workspace, tmp_path):
    """Issue #15: with the whole committee deciding (tap_the: Đảng ủy) and its name
    spelt "Đảng uỷ phường Bình Minh", some forms wrote "Đảng ủy Đảng uỷ phường
    Bình Minh" (three helpers resolved the chain of bodies)."""
    from conftest import edit
    from dossier.build import render_documents
    from dossier.vietnamese import khong_dau

    org = workspace / "to-chuc.yaml"
    edit(org, "  tap_the: Ban Thường vụ", "  tap_the: Đảng ủy")
    edit(org, "    ten_cap_uy: Đảng ủy phường Bình Minh", "    ten_cap_uy: Đảng uỷ phường Bình Minh")
    written = []
    for name in ("lop-2025-01", "lop-2026-01"):
        done = render_documents(workspace / "lop" / f"{name}.yaml", tmp_path / "out")
        assert not [f for f in done.findings if f.is_error]
        written += done.written
    texts = _texts(written)
    assert len(texts) > 60
    doubled = sorted(name for name, text in texts.items() if "dang uy dang uy" in khong_dau(text).lower())
    assert not doubled
    for name in ("lai-van-cuong/10-KND.docx", "lai-van-cuong/16-KND.docx", "lop/CV-GHS.docx"):
        assert "Đảng uỷ phường Bình Minh" in texts[name]
