"""dossier guide (issue #19 item 3): one HTML page generated from the schemas
and the templates — every field, its label, what it is for, the documents that
print it (traced), an example, required or not."""

import html
import json
import re

from click.testing import CliRunner

from conftest import ROOT
from dossier.cli import cli
from dossier.guide import rows


def _page(tmp_path):
    out = tmp_path / "huong-dan.html"
    result = CliRunner().invoke(cli, ["guide", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _printed_in(page: str, path: str) -> list[str]:
    row = re.search(rf'<td title="{re.escape(html.escape(path))}">.*?</tr>', page, flags=re.S)
    assert row, path
    return re.findall(r'<span title="[^"]*">([^<]+)</span>', row.group(0))


def test_every_field_of_every_schema_is_in_the_guide(tmp_path):
    page = _page(tmp_path)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="vi">' in page
    for kind in ("to_chuc", "lop", "ung_vien"):
        for row in rows(kind):
            assert f'<td title="{html.escape(row["path"])}">' in page, row["path"]
    schema = json.loads((ROOT / "schemas/ung-vien.schema.json").read_text(encoding="utf-8"))
    assert html.escape(schema["properties"]["ngay_sinh"]["description"]) in page


def test_the_documents_are_traced_from_the_templates(tmp_path):
    page = _page(tmp_path)
    assert _printed_in(page, "dong_co") == ["1-KNĐ"]
    assert "2-KNĐ" in _printed_in(page, "gia_dinh[].ho_ten")
    assert "CV-TTLL" in _printed_in(page, "gia_dinh[].tham_tra")
    assert "6-KNĐ" in _printed_in(page, "moc.nghi_quyet_chi_bo.vang_mat[].ly_do")
    assert _printed_in(page, "lich_su_ban_than") == ["2-KNĐ"]
    # a required field, one required once there is a step, an optional one
    assert re.search(r'<td title="loai">.*?<td>bắt buộc</td>', page, flags=re.S)
    assert re.search(r'<td title="ngay_sinh">.*?<td>bắt buộc khi có bước đầu tiên \(moc\)</td>', page, flags=re.S)


def test_schema_descriptions_fit_their_fields():
    """Discipline had a commendation example; the trade-union resolution had Youth Union examples."""
    schema = json.loads((ROOT / "schemas/ung-vien.schema.json").read_text(encoding="utf-8"))
    reason = schema["$defs"]["khen_ky"]["properties"]["noi_dung"]["description"]
    assert "kỷ luật" in reason and "Khiển trách" in reason
    outside = schema["$defs"]["van_ban_ngoai"]["properties"]
    assert "Công đoàn" in outside["so_ky_hieu"]["description"] and "Công đoàn" in outside["co_quan"]["description"]
    assert "examples" not in outside["so_ky_hieu"]  # the first example (a Youth Union number) was shown for both


def test_the_guide_traces_the_documents_without_the_samples(tmp_path, monkeypatch):
    """An installed wheel has no samples/: the guide reads the trace shipped with the
    toolkit (dossier/rules/in-truong.yaml) and still says which documents print a field."""
    from dossier import resources

    monkeypatch.setattr(resources, "sample_workspace", lambda: None)
    page = _page(tmp_path)
    assert _printed_in(page, "dong_co") == ["1-KNĐ"]
    assert "2-KNĐ" in _printed_in(page, "gia_dinh[].ho_ten")
    assert "6-KNĐ" in _printed_in(page, "moc.nghi_quyet_chi_bo.vang_mat[].ly_do")


def test_the_shipped_trace_is_current():
    """Traced again from the samples and the templates, the trace equals the shipped file;
    if not: .venv/bin/python tools/make_guide_trace.py"""
    from dossier import guide, resources

    shipped = (resources.RULES / guide.TRACE_FILE).read_text(encoding="utf-8")
    assert guide.trace_text() == shipped, "run: .venv/bin/python tools/make_guide_trace.py"
