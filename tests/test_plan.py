"""One plan per dossier (issue #15): `check`, `build`, `render` and the class
letters read the same dossier plan (dossier.plan)."""

import datetime as dt

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from dossier import build, check, plan as planning
from dossier.cli import cli
from dossier.workspace import DocumentCache

AS_OF = dt.date(2026, 11, 22)
CANDIDATES = sorted((SAMPLES / "ung-vien").glob("*.yaml"))


@pytest.mark.parametrize("path", CANDIDATES, ids=lambda p: p.stem)
def test_render_build_and_check_read_the_same_plan(path, tmp_path):
    """For every sample candidate: `dossier render` writes the .docx that `build`
    renders (same files: generated documents and guide copies), `build` lists as
    missing what the plan lacks, and `check` reports as missing (due) or needed
    next exactly the plan's missing documents that are due or needed next."""
    cache = DocumentCache()
    result, job = build.prepare(path, tmp_path / "build", cache, as_of=AS_OF)
    assert job is not None, result.findings
    _, produced = build.render_planned(job)
    built = {pdf.with_suffix(".docx").name for _, pdf in produced}

    done = build.render_documents(path, tmp_path / "render", as_of=AS_OF)  # what `dossier render` runs
    rendered = {p.name for p in done.written}
    assert rendered == {p.name for p in (tmp_path / "render").rglob("*.docx")}
    assert rendered == built
    assert rendered, "every sample has generated documents"

    plan = job.plan
    assert [(s, code) for s, code, _ in result.missing] == [(d.stage, d.code) for d in plan.missing]
    checked = check.check_candidate(path, AS_OF, cache=DocumentCache())
    reported = {(f.code, f.extra["document"]) for f in checked.findings if f.code in ("doc.missing", "doc.needed_next")}
    expected = {("doc.missing" if d.needed == planning.DUE else "doc.needed_next", d.code)
                for d in plan.missing if d.needed != planning.NOT_YET}
    assert reported == expected
    assert {d.code for d in checked.documents if d.state in ("thieu", "khong_mo_duoc")} == {
        code for _, code in expected}


def test_render_writes_what_build_generates_for_nguyen_thi_hoa(tmp_path):
    """Issue #15: `render` wrote 12 .docx for her and `build` generated 7 (render
    ignored conditions, signed scans and stages)."""
    result = CliRunner().invoke(cli, ["render", str(SAMPLES / "ung-vien" / "nguyen-thi-hoa.yaml"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "nguyen-thi-hoa").glob("*.docx"))
    assert written == ["3-KND-01.docx", "5-KND.docx", "6-KND.docx", "8-KND.docx", "9-KND.docx", "CN-NTVD.docx",
                       "CV-TTLL-01.docx"]
    assert "chưa dựng" not in result.output  # nothing is missing from her dossier


def test_render_form_of_a_signed_scan_writes_it_with_a_note(tmp_path):
    path = SAMPLES / "ung-vien" / "nguyen-thi-hoa.yaml"
    result = CliRunner().invoke(cli, ["render", str(path), "-o", str(tmp_path), "--form", "1-KNĐ"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "nguyen-thi-hoa" / "1-KND.docx").is_file()
    assert ("lưu ý 1-KNĐ: hồ sơ dùng bản scan có chữ ký trong dinh_kem "
            "(../tep-dinh-kem/nguyen-thi-hoa-don-xin-vao-dang.pdf)") in result.output


@pytest.mark.parametrize("code, why", [
    ("7-KNĐ", "không áp dụng: tài liệu này chỉ cần khi chi bộ thuộc một đảng bộ bộ phận"),
    ("14-KNĐ", "“Hồ sơ đề nghị công nhận đảng viên chính thức” chưa đến lúc lập"),
    ("DS-HV", "văn bản của lớp"),
])  # a code not in the catalog is refused when the command line is read (exit 2, tests/test_cli_messages.py)
def test_render_form_that_is_not_part_of_the_dossier_is_refused_with_the_reason(tmp_path, code, why):
    path = SAMPLES / "ung-vien" / "nguyen-thi-hoa.yaml"
    result = CliRunner().invoke(cli, ["render", str(path), "-o", str(tmp_path), "--form", code])
    assert result.exit_code == 1, result.output
    assert f"Không dựng {code}: " in result.output and why in result.output
    assert "chưa dựng" not in result.output
    assert not list(tmp_path.rglob("*.docx"))


def test_the_checker_reads_the_plan_a_build_made(monkeypatch):
    """A class build hands its plans to the checker: the candidate is checked as
    resolved and planned once, with the same findings as a check on its own."""
    from dossier import check as check_module
    from dossier.context import open_candidate

    path = (SAMPLES / "ung-vien" / "bach-thi-khanh-linh.yaml").resolve()
    alone = check.check_paths([path], AS_OF)
    plan = planning.plan(open_candidate(path), AS_OF)

    def refuse(*args, **kwargs):
        raise AssertionError("resolved again")

    monkeypatch.setattr(check_module, "open_candidate", refuse)
    monkeypatch.setattr(planning, "plan", refuse)
    reused = check.check_paths([path], AS_OF, plans={path: plan})
    assert [f.to_dict() for f in reused.candidates[0].findings] == [f.to_dict() for f in alone.candidates[0].findings]
    assert {f.code for f in reused.candidates[0].findings} >= {"doc.missing"}


def test_party_member_forms_are_due_with_their_step_and_the_card_is_kept_apart(tmp_path):
    """38-HD/BTCTW §II.1.1b(5)-(6): the lý lịch đảng viên (1-HSĐV) and the phiếu
    đảng viên (2-HSĐV) are scans of the official forms, due once the step
    `ly_lich_dang_vien` is dated; the phiếu is kept under separate rules, so it is
    never bundled nor put on the contents, while the lý lịch is, after 9-KNĐ."""
    cache = DocumentCache()
    hoa = SAMPLES / "ung-vien" / "nguyen-thi-hoa.yaml"
    result, job = build.prepare(hoa, tmp_path, cache, as_of=AS_OF)
    p = job.plan
    assert p.document("1-HSĐV").how == planning.SCAN and p.document("2-HSĐV").how == planning.SCAN
    assert [d.code for d in job.attachments if d.code.endswith("HSĐV")] == ["1-HSĐV"]
    codes = [d.code for d in p.documents if d.stage == "ket_nap"]
    assert codes.index("9-KNĐ") < codes.index("1-HSĐV") < codes.index("2-HSĐV")

    tien = check.check_candidate(SAMPLES / "ung-vien" / "khuat-duy-tien.yaml", AS_OF, cache=DocumentCache())
    missing = {(f.code, f.message.split(" ")[1]) for f in tien.findings if f.code == "doc.missing"}
    assert {("doc.missing", "1-HSĐV"), ("doc.missing", "2-HSĐV")} <= missing
    # before the step is dated, neither is asked for (Quách Văn Thuận has no ceremony yet)
    thuan = check.check_candidate(SAMPLES / "ung-vien" / "quach-van-thuan.yaml", AS_OF, cache=DocumentCache())
    assert not [f for f in thuan.findings if "HSĐV" in f.message]
