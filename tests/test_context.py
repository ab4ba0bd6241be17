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
