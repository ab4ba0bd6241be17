"""People's names at load (issue #17): NFKC (fullwidth letters become ordinary
ones), emoji, symbols and private-use characters refused with the file, line and
field; the fullwidth name reaches the cover as ordinary letters. The hostile
corpus (tests/hostile/cases.yaml) runs the same files through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import ROOT, SAMPLES
from dossier.cli import cli
from dossier.loader import load
from dossier.vn_names import PERSON_NAME_FIELDS, is_person_name, name_char_problem, normalise_name

HOSTILE = ROOT / "tests" / "hostile"


def _fields_with_name_schema(node, key=None, found=None) -> set:
    found = set() if found is None else found
    if isinstance(node, dict):
        if node.get("$ref") == "#/$defs/ho_ten" and key is not None:
            found.add(key)
        for name, child in node.items():
            keeps_key = name in ("items", "properties", "$defs", "allOf", "anyOf", "oneOf", "if", "then", "else")
            _fields_with_name_schema(child, key if keeps_key else name, found)
    elif isinstance(node, list):
        for child in node:
            _fields_with_name_schema(child, key, found)
    return found


def test_person_name_fields_are_the_fields_the_schemas_call_names():
    found = set()
    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        found |= _fields_with_name_schema(json.loads(path.read_text(encoding="utf-8")))
    assert found == PERSON_NAME_FIELDS


@pytest.mark.parametrize("path, expected", [
    (("ho_ten",), True),
    (("gia_dinh", 0, "ho_ten"), True),
    (("nguoi_gioi_thieu_lan_dau", 1), True),
    (("ket_nap", "chu_tri"), True),
    (("gia_dinh", 0), False),
    (("noi_sinh",), False),
    ((), False),
])
def test_which_values_are_names(path, expected):
    assert is_person_name(path) is expected


@pytest.mark.parametrize("typed, expected", [
    ("Ｎｇｕｙễｎ Ｔｈị Ｈｏａ", "Nguyễn Thị Hoa"),
    ("Đỗ Thị Nghiệm", "Đỗ Thị Nghiệm"),
    ("H\u2019Hen Niê", "H\u2019Hen Niê"),  # the apostrophe of ethnic-minority names is kept
])
def test_names_are_nfkc(typed, expected):
    assert normalise_name(typed) == expected
    assert name_char_problem(normalise_name(typed)) is None


@pytest.mark.parametrize("name", [
    "Đỗ Thị Nghiệm 😀", "Đỗ Thị Nghiệm ❤️", "Đỗ Thị 👍🏽 Nghiệm", "Đỗ Thị Nghiệm 🇻🇳", "Đỗ Thị\ue000 Nghiệm",
    "Đỗ Thị \U000f0001Nghiệm", "Đỗ Thị Nghiệm\u0378",
])
def test_emoji_symbols_and_private_use_are_not_letters(name):
    assert name_char_problem(normalise_name(name))


def test_a_name_finding_names_file_line_and_field(tmp_path):
    path = tmp_path / "ung-vien.yaml"
    text = (HOSTILE / "text" / "name-emoji.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("gia_dinh:\n", "gia_dinh:\n  - quan_he: Mẹ đẻ\n    ho_ten: Lò Thị 🌸 Mai\n", 1),
                    encoding="utf-8")
    doc, findings = load(path)
    where = sorted((f.location.line, f.location.field) for f in findings if f.code == "name.symbol")
    line = text.splitlines().index("gia_dinh:") + 3
    assert where == [(4, "ho_ten"), (line, "gia_dinh[1].ho_ten")]


def test_a_fullwidth_name_is_loaded_as_ordinary_letters(tmp_path):
    doc, findings = load(HOSTILE / "text" / "name-fullwidth.yaml")
    assert doc.data["ho_ten"] == "Đỗ Thị Nghiệm"
    assert [f.code for f in findings] == ["name.normalised"]


@pytest.mark.slow
def test_a_fullwidth_name_shows_on_the_cover_and_names_the_folder(tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(SAMPLES, ws)
    placed = ws / "ung-vien" / "nguoi-go-toan-do-rong.yaml"
    shutil.copy(HOSTILE / "text" / "name-fullwidth.yaml", placed)
    result = CliRunner().invoke(cli, ["build", str(placed), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    (bundle,) = (tmp_path / "out").rglob("ho-so-*.pdf")
    cover = " ".join(PdfReader(bundle).pages[0].extract_text().split())
    assert "ĐỖ THỊ NGHIỆM" in cover, cover
    assert "Ｔ" not in bundle.parent.name and "Ｔ" not in bundle.name
