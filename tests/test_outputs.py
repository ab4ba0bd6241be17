"""Machine outputs (validate/check JSON, summary.json): one convention — English
structural keys, Vietnamese domain names, codes with labels, a version — and a
published JSON Schema each; `validate` skips outputs and the toolkit's folders."""

import json
import shutil

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
    """A build's output (summary.json, .dossier-cache.json), mau/ (exported
    templates, with a stray catalog.yaml), .dossier/ and a virtualenv hold no
    data of the workspace: validate reads none of them."""
    broken = "loai: ung_vien\nho_ten: [\n"
    for folder, marker in (("ket-qua/ntvd-2026-01", "summary.json"), ("ket-qua/nguyen-thi-hoa", ".dossier-cache.json"),
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
