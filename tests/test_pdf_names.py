"""dossier.pdf_names: pypdf spells each name as it would, once."""

import io

import pytest
from pypdf import PdfWriter
from pypdf.errors import PdfStreamError
from pypdf.generic import NameObject

import dossier.pdf_names  # noqa: F401 - what is tested is its effect on pypdf


def test_a_kept_spelling_is_pypdfs():
    spell = NameObject.renumber.__wrapped__
    for name in ["/Type", "/Font", "/A#B", "/Tên tài liệu", "/a b(c)", "/%x/", "/Ωmega", "/"]:
        assert NameObject(name).renumber() == spell(NameObject(name)), name
    before = NameObject.renumber.cache_info().hits
    NameObject("/Tên tài liệu").renumber()
    assert NameObject.renumber.cache_info().hits == before + 1


def test_a_wrong_name_is_still_refused_every_time():
    for _ in range(2):
        with pytest.raises(PdfStreamError):
            NameObject("Type").renumber()


def test_a_written_pdf_is_readable():
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": "Hồ sơ", "/Tên riêng": "Nguyễn Thị Hoa"})
    buffer = io.BytesIO()
    writer.write(buffer)
    assert b"/T#C3#AAn#20ri#C3#AAng" in buffer.getvalue()
