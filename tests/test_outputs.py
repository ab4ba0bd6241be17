"""Machine outputs (validate/check JSON, summary.json): one convention — English
structural keys, Vietnamese domain names, codes with labels, a version — and a
published JSON Schema each; `validate` skips outputs and the toolkit's folders."""

import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import SAMPLES, edit
from dossier.cli import cli


def run(*args):
    result = CliRunner().invoke(cli, list(map(str, args)))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_validate_json_with_unknown_ruleset_prints_json(workspace):
    edit(workspace / "to-chuc.yaml", "# bo_quy_tac: không khai", "bo_quy_tac: khong-co  #")
    result = run("validate", "--format", "json", workspace)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    (finding,) = [f for f in data["findings"] if f["code"] == "ruleset.unknown"]
    assert finding["location"]["field"] == "bo_quy_tac" and finding["location"]["line"] == 9
    assert "khong-co" in finding["message"] and "qd294-2025" in finding["message"]
    text = run("validate", workspace)
    assert text.exit_code == 1 and "to-chuc.yaml:9:" in text.output and "[ruleset.unknown]" in text.output


def test_validate_skips_outputs_and_toolkit_folders(workspace):
    """A build's output (summary.json, .dossier-manifest.json), mau/ (exported
    templates, with a stray catalog.yaml), .dossier/ and a virtualenv hold no
    data of the workspace: validate reads none of them."""
    broken = "loai: ung_vien\nho_ten: [\n"
    for folder, marker in (("ket-qua/ntvd-2026-01", "summary.json"), ("ket-qua/nguyen-thi-hoa", ".dossier-cache.json"),
                           ("ket-qua/bach-thi-khanh-linh", ".dossier-manifest.json"),
                           ("mau", None), (".dossier/schemas", None), ("venv", "pyvenv.cfg")):
        (workspace / folder).mkdir(parents=True)
        (workspace / folder / "x.yaml").write_text(broken, encoding="utf-8")
        if marker:
            (workspace / folder / marker).write_text("{}", encoding="utf-8")
    shutil.copy(SAMPLES.parent / "templates" / "catalog.yaml", workspace / "mau" / "catalog.yaml")
    result = run("validate", workspace)
    assert result.exit_code == 0, result.output
    assert "x.yaml" not in result.output and "catalog.yaml" not in result.output
    plain = workspace / "ung-vien" / "con"  # an ordinary folder is still read
    plain.mkdir()
    (plain / "x.yaml").write_text(broken, encoding="utf-8")
    result = run("validate", workspace)
    assert result.exit_code == 1 and "con/x.yaml" in result.output


# ---------------------------------------------------------------- schemas

SCHEMAS = SAMPLES.parent / "schemas" / "output"


def conforms(data, name):
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    errors = sorted(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    assert data["version"] == 1


def test_every_output_has_a_published_schema():
    from dossier import outputs

    assert {p.name for p in SCHEMAS.glob("*.schema.json")} == set(outputs.SCHEMAS.values())


def test_report_json_of_the_samples_conforms():
    conforms(json.loads(run("report", SAMPLES, "--year", "2026", "--format", "json").stdout), "report")


def test_validate_json_of_the_samples_conforms(workspace):
    conforms(json.loads(run("validate", "--format", "json", SAMPLES).stdout), "validate")
    edit(workspace / "ung-vien" / "nguyen-thi-hoa.yaml", "gioi_tinh: Nữ", "gioi_tinh: nu")
    data = json.loads(run("validate", "--format", "json", workspace, workspace / "khong-co").stdout)
    conforms(data, "validate")
    assert {f["severity"]["code"] for f in data["findings"]} == {"error"}
    assert data["findings"][0]["severity"] == {"code": "error", "label": "lỗi"}


def test_check_json_of_the_samples_conforms():
    data = json.loads(run("check", SAMPLES, "--as-of", "2026-11-22", "--format", "json").stdout)
    conforms(data, "check")
    document = data["candidates"][0]["documents"][0]
    assert document["stage"] == {"code": "ket_nap", "label": "Hồ sơ đề nghị kết nạp đảng viên"}
    assert document["state"]["code"] in ("co", "thieu") and document["needed"]["code"] == "da_den"
    assert all(d["state"]["label"] for c in data["candidates"] for d in c["deadlines"])


def test_summary_status_is_a_code_with_its_label(tmp_path):
    from dossier import batch_outcome, case_end, context
    from dossier.build import Bundle, BuildResult
    from dossier.findings import ERROR, Finding, Location
    from dossier.incomplete import FailedDocument

    vinh = context.open_candidate(SAMPLES / "ung-vien" / "ta-quang-vinh.yaml")
    results = [
        BuildResult("a.yaml", "A", bundles=[Bundle("ket_nap", tmp_path / "a.pdf", 12, [])],
                    missing=[("ket_nap", "4-KNĐ", "cần bản scan")]),
        BuildResult("b.yaml", "B", bundles=[Bundle("ket_nap", tmp_path / "b.pdf", 9, [])],
                    ended=case_end.of(vinh).to_dict()),
        BuildResult("c.yaml", "C", bundles=[Bundle("ket_nap", tmp_path / "c.pdf", 9, [])],
                    checks=[Finding(ERROR, "age.too_young", "chưa đủ tuổi", Location("c.yaml", 3, 1, "ngay_sinh"))]),
        BuildResult("d.yaml", "", findings=[Finding(ERROR, "schema.enum", "sai", Location("d.yaml", 4))]),
        BuildResult("e.yaml", "E", bundles=[Bundle("ket_nap", tmp_path / "e.pdf", 20, [])]),
        BuildResult("f.yaml", "F", bundles=[Bundle("ket_nap", tmp_path / "f-chua-du.pdf", 8, [])],
                    findings=[Finding(ERROR, "convert.failed", "không chuyển được 9-KNĐ", Location("f.docx"))],
                    failed=[FailedDocument("ket_nap", "9-KNĐ", "Quyết định kết nạp", "không chuyển được sang PDF")]),
    ]
    outcome = batch_outcome.ClassOutcome("lop.yaml", "Lớp thử", tmp_path, candidates=results)
    data = batch_outcome.summary(outcome)
    conforms(json.loads(json.dumps(data)), "summary")
    # a dossier with documents still missing is not "hoàn thành" (issue #20: Lăng Thị Thương)
    assert [r["status"] for r in data["candidates"]] == [
        {"code": "missing_documents", "label": "còn thiếu"}, {"code": "ended", "label": "đã kết thúc"},
        {"code": "needs_review", "label": "cần xem lại"}, {"code": "failed", "label": "lỗi"},
        {"code": "complete", "label": "hoàn thành"}, {"code": "incomplete", "label": "chưa đủ"}]
    assert data["counts"] == {"candidates": 6, "complete": 1, "missing_documents": 1, "needs_review": 1,
                              "incomplete": 1, "failed": 1, "ended": 1, "class_documents": 0, "skipped": 0}
    assert data["candidates"][5]["failed_documents"] == [
        {"stage": {"code": "ket_nap", "label": "Hồ sơ đề nghị kết nạp đảng viên"}, "ma": "9-KNĐ",
         "reason": "không chuyển được sang PDF"}]
    assert data["candidates"][5]["bundles"][0]["incomplete"] is True
    assert data["candidates"][0]["bundles"][0]["incomplete"] is False
    assert data["candidates"][0]["missing"][0]["stage"]["code"] == "ket_nap"
    # people read labels, never codes: the terminal's table
    labels = [row[3] for row in batch_outcome.summary_rows(outcome)]
    assert labels == ["còn thiếu", "đã kết thúc: rút đơn, không tiếp tục", "cần xem lại", "lỗi", "hoàn thành",
                      "chưa đủ"]


@pytest.mark.slow
def test_summary_json_of_a_sample_build_conforms(tmp_path):
    """Every summary.json that `dossier build samples` writes conforms to its schema."""
    import subprocess

    from conftest import dossier_process_args

    shutil.copytree(SAMPLES, tmp_path / "samples")
    run = subprocess.run(dossier_process_args("build", "samples", "-o", "out", "-q"), cwd=tmp_path,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    summaries = sorted((tmp_path / "out").rglob("summary.json"))
    assert len(summaries) >= 2
    for path in summaries:
        conforms(json.loads(path.read_text(encoding="utf-8")), "summary")
    statuses = {r["status"]["code"] for p in summaries
                for r in json.loads(p.read_text(encoding="utf-8"))["candidates"]}
    assert {"complete", "needs_review", "ended"} <= statuses
