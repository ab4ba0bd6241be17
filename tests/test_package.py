"""An installable package: the templates, schemas, rulesets and catalog stay in
the repository's top-level folders and ship inside the wheel, found through
dossier.resources by the same call in an editable install and in a wheel.

The wheel is built offline with the setuptools of the test environment
(``pip wheel --no-build-isolation --no-index``) and installed with
``--no-deps --no-index`` into a folder of its own; .ci/run builds it with
network access and installs it, dependencies and all, into a fresh venv."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, dossier_process_args
from dossier import resources

DATA = {"templates": ("*.docx", "*.yaml"), "schemas": ("*.json",), "rulesets": ("*.yaml",)}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_folder_is_listed_for_the_wheel():
    listed = set(_pyproject()["packages"])
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "dossier").rglob("__init__.py")}
    missing = folders - listed
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"
    mapped = _pyproject()["package-dir"]
    for folder in DATA:
        assert mapped[f"dossier.data.{folder}"] == folder
        assert f"dossier.data.{folder}" in listed and (ROOT / folder / "__init__.py").is_file()


def test_an_editable_install_reads_the_checkouts_folders():
    assert resources.TEMPLATES == ROOT / "templates"
    assert resources.SCHEMAS == ROOT / "schemas"
    assert resources.RULESETS == ROOT / "rulesets"
    assert resources.CATALOG == ROOT / "templates" / "catalog.yaml"
    assert resources.RULES == ROOT / "dossier" / "rules"
    assert resources.sample_workspace() == SAMPLES


def test_no_module_finds_the_data_beside_itself():
    # every module goes through dossier.resources; a path computed from __file__ breaks in a wheel
    found = []
    for path in (ROOT / "dossier").rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "parent.parent" in line or ("__file__" in line and re.search(r"templates|schemas|rulesets|rules|catalog",
                                                                               line)):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert found == []


def _expected_in_wheel() -> set[str]:
    # every data file below the folders, subfolders included (rulesets/quy-trinh/, schemas/output/)
    names = {f"dossier/data/{folder}/{p.relative_to(ROOT / folder).as_posix()}" for folder, globs in DATA.items()
             for pattern in globs for p in (ROOT / folder).rglob(pattern)}
    names |= {f"dossier/rules/{p.name}" for p in (ROOT / "dossier" / "rules").glob("*.yaml")}
    names |= {f"dossier/board/{p.name}" for p in (ROOT / "dossier" / "board").iterdir() if p.is_file()}
    names |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "dossier").rglob("*.py")}
    return names


def _offline_env(**more) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    return {**env, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", **more}


@pytest.mark.slow
def test_the_wheel_carries_the_data_and_an_installed_copy_uses_it(tmp_path):
    source = tmp_path / "src"  # a copy: the build writes build/ and *.egg-info beside the sources
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for folder in ("dossier", *DATA):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                            "-q", "-w", str(dist), str(source)], capture_output=True, text=True, env=_offline_env(),
                           timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("dossier-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert archive.read("dossier/data/templates/catalog.yaml") == (ROOT / "templates" / "catalog.yaml").read_bytes()
    missing = _expected_in_wheel() - names
    assert not missing, sorted(missing)
    assert not [n for n in names if n.startswith(("templates/", "schemas/", "rulesets/", "tests/"))]

    site = tmp_path / "site"
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                                "--target", str(site), str(wheel)], capture_output=True, text=True,
                               env=_offline_env(), timeout=300)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    ws = elsewhere / "ws"
    shutil.copytree(SAMPLES, ws)
    env = _offline_env(PYTHONPATH=str(site))

    def dossier(*args, prelude=""):
        done = subprocess.run(dossier_process_args(*args, prelude=prelude), cwd=elsewhere, env=env,
                              capture_output=True, text=True, timeout=300)
        assert "Lỗi nội bộ" not in done.stderr and "Lỗi hệ thống" not in done.stderr, done.stderr
        return done

    where = dossier("forms", prelude="import dossier, dossier.resources as r; "
                    "print(dossier.__file__, r.TEMPLATES, r.SCHEMAS, r.RULESETS, r.RULES, r.sample_workspace())")
    assert where.returncode == 0, where.stderr
    first = where.stdout.splitlines()[0].split()
    assert all(Path(p).is_relative_to(site) for p in first[:5]), first
    assert first[5] == "None"  # no samples in a wheel
    assert "9-KNĐ" in where.stdout  # the catalog
    assert dossier("validate", "ws").returncode == 0  # the schemas
    checked = dossier("check", "ws/ung-vien/nguyen-thi-hoa.yaml", "--as-of", "2026-11-22")  # the rulesets
    assert checked.returncode == 0 and "30 ngày làm việc sau khi đủ 12 tháng" in checked.stdout, checked.stdout
    rendered = dossier("render", "ws/ung-vien/nguyen-thi-hoa.yaml", "-o", "out", "--form", "9-KNĐ")  # a template
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    assert list((elsewhere / "out").rglob("*.docx"))
    assert dossier("templates", "check").returncode == 0  # the built-in templates, without sample data
    guided = dossier("guide", "-o", "huong-dan.html")  # the field guide: the shipped trace, no samples to trace
    assert guided.returncode == 0, guided.stdout + guided.stderr
    guide_page = (elsewhere / "huong-dan.html").read_text(encoding="utf-8")
    assert re.search(r'<td title="dong_co">.*?<span title="[^"]*">1-KNĐ</span>', guide_page, flags=re.S)
