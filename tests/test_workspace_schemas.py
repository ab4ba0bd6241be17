"""A file the toolkit writes into a workspace points its $schema line to the
workspace's own copy of the schemas (<workspace>/.dossier/schemas/), which any
command that finds the workspace refreshes when the installed schemas differ."""

import re
import subprocess

from click.testing import CliRunner

from conftest import ROOT, dossier_process_args
from dossier.cli import cli

CLASS = "lop/lop-2026-01.yaml"


def allocate_class_letter(workspace):
    result = CliRunner().invoke(cli, ["numbers", "allocate", str(workspace / CLASS), "--form", "CV-DD",
                                      "--ngay", "20/11/2026"])
    assert result.exit_code == 0, result.output


def schema_target(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    return path.parent / match.group(1)


def installed_schemas():
    return {p.name: p.read_bytes() for p in (ROOT / "schemas").glob("*.json")}


def copied_schemas(workspace):
    return {p.name: p.read_bytes() for p in (workspace / ".dossier" / "schemas").glob("*.json")}


def test_the_register_points_to_the_workspaces_copy_of_its_schema(workspace):
    allocate_class_letter(workspace)
    register = workspace / "so-van-ban.yaml"
    target = schema_target(register)
    # the line used to be ../schemas/so-van-ban.schema.json: right only for a workspace at the repository's root
    assert target.resolve() == (workspace / ".dossier" / "schemas" / "so-van-ban.schema.json").resolve()
    assert target.read_bytes() == (ROOT / "schemas" / "so-van-ban.schema.json").read_bytes()
    assert copied_schemas(workspace) == installed_schemas()
    result = CliRunner().invoke(cli, ["validate", str(workspace)])
    assert result.exit_code == 0, result.output  # the copy is not data: validate does not look into it


def test_any_command_refreshes_a_copy_that_differs(workspace, tmp_path):
    allocate_class_letter(workspace)
    copy = workspace / ".dossier" / "schemas"
    (copy / "lop.schema.json").write_text("{}", encoding="utf-8")  # an older toolkit's schema
    (copy / "to-chuc.schema.json").unlink()
    (copy / "cu.schema.json").write_text("{}", encoding="utf-8")  # one this toolkit no longer has
    done = subprocess.run(dossier_process_args("check", workspace / "ung-vien" / "nguyen-thi-hoa.yaml",
                                               "--as-of", "2026-11-22"),
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert copied_schemas(workspace) == installed_schemas()


def test_a_workspace_without_a_copy_is_not_written_by_reading_commands(workspace, tmp_path):
    for args in (["validate", workspace], ["check", workspace, "--as-of", "2026-11-22"]):
        subprocess.run(dossier_process_args(*args), cwd=tmp_path, capture_output=True, timeout=120)
    assert not (workspace / ".dossier").exists()
