"""Drafts (issue #18): a document whose own step is not dated yet is produced only
as a draft — a boxed "DỰ THẢO" line, a ``-du-thao`` file name — never bundled,
and listed among the missing documents until its step is dated."""

import datetime as dt

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from conftest import SAMPLES, edit
from dossier import build, context, plan as planning
from dossier.workspace import DocumentCache

AS_OF = dt.date(2026, 11, 22)
DUONG = "ung-vien/phan-thi-thuy-duong.yaml"  # the grassroots committee has proposed her; no decision yet


def _plan(path):
    return planning.plan(context.open_candidate(path, DocumentCache()), AS_OF)


def test_an_undated_decision_is_a_draft_listed_as_missing():
    p = _plan(SAMPLES / DUONG)
    decision = p.document("9-KNĐ")
    assert decision.how == planning.DRAFT and decision.draft and not decision.in_bundle
    assert decision in p.missing and "moc.quyet_dinh_ket_nap" in decision.reason and "dự thảo" in decision.reason


def test_render_writes_the_draft_under_its_own_name_with_the_mark(tmp_path):
    done = build.render_documents(SAMPLES / DUONG, tmp_path, ["9-KNĐ"], as_of=AS_OF)
    assert [p.name for p in done.written] == ["9-KND-du-thao.docx"]
    first = Docx(str(done.written[0])).paragraphs[0]
    assert first.text.strip() == "DỰ THẢO" and first.runs[0].bold


def test_a_dated_step_is_no_draft(workspace):
    path = workspace / DUONG
    edit(path, "    so: 158\n    ngay: 2026-11-05\n",
         "    so: 158\n    ngay: 2026-11-05\n  quyet_dinh_ket_nap:\n    so: 301\n    ngay: 2026-11-20\n")
    decision = _plan(path).document("9-KNĐ")
    assert decision.how == planning.GENERATED and decision.in_bundle


@pytest.mark.slow
def test_a_draft_never_reaches_the_bundle_and_goes_once_its_step_is_dated(workspace, tmp_path):
    path = workspace / DUONG
    out = tmp_path / "out"
    result = build.build_candidate(path, out)
    assert not [f for f in result.findings if f.is_error], result.findings
    (bundle,) = result.bundles
    assert "9-KNĐ" not in {d.code for d in bundle.documents}
    draft = out / "phan-thi-thuy-duong" / "tai-lieu" / "9-KND-du-thao.pdf"
    assert result.drafts == [draft] and draft.is_file()
    assert "DỰ THẢO" in PdfReader(draft).pages[0].extract_text()
    assert "QUYẾT ĐỊNH" not in "".join(page.extract_text() for page in PdfReader(bundle.path).pages)
    assert ("ket_nap", "9-KNĐ") in {(s, c) for s, c, _ in result.missing}

    edit(path, "    so: 158\n    ngay: 2026-11-05\n",
         "    so: 158\n    ngay: 2026-11-05\n  quyet_dinh_ket_nap:\n    so: 301\n    ngay: 2026-11-20\n")
    again = build.build_candidate(path, out)
    (bundle,) = again.bundles
    assert "9-KNĐ" in {d.code for d in bundle.documents} and again.drafts == []
    assert not draft.exists() and not draft.with_suffix(".docx").exists()
    decision = out / "phan-thi-thuy-duong" / "tai-lieu" / "9-KND.pdf"
    assert "DỰ THẢO" not in PdfReader(decision).pages[0].extract_text()
