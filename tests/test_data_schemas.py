"""The toolkit's own data files match their published schemas: the catalog
(templates/catalog.yaml), the rulesets (rulesets/*.yaml, with ``ke_thua``
inheritance) and the steps of the procedure (rulesets/quy-trinh/buoc.yaml);
and what they name exists (stages, catalog codes, conditions, thresholds,
points, the parent's entries an heir drops)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from dossier import catalog, conditions, rulesets, stage

ROOT = Path(__file__).resolve().parent.parent
RULESET_FILES = sorted((ROOT / "rulesets").glob("*.yaml"))
STEPS_FILE = ROOT / "rulesets" / "quy-trinh" / "buoc.yaml"


def _json_like(value):
    """A YAML value as JSON sees it (dates as ISO strings, keys as strings)."""
    if isinstance(value, dict):
        return {str(k): _json_like(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_like(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _read(path: Path):
    return _json_like(yaml.safe_load(path.read_text(encoding="utf-8")))


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _errors(name: str, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(name).iter_errors(data)]


def _titled(node, where="") -> list[str]:
    """Every property of a schema has a Vietnamese title (as in schemas/*.json)."""
    missing = []
    if isinstance(node, dict):
        for key, sub in (node.get("properties") or {}).items():
            if isinstance(sub, dict) and "title" not in sub:
                missing.append(f"{where}/{key}")
        for key, sub in node.items():
            if key != "if":  # a condition's properties are the ones described above
                missing += _titled(sub, f"{where}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            missing += _titled(sub, f"{where}/{i}")
    return missing


@pytest.mark.parametrize("name", ["catalog.schema.json", "bo-quy-tac.schema.json", "buoc.schema.json"])
def test_the_schemas_are_valid_and_titled(name):
    schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$id"].endswith("/" + name)
    assert schema["title"] and schema["description"]
    assert _titled(schema) == []


def test_the_catalog_matches_its_schema():
    assert _errors("catalog.schema.json", _read(catalog.CATALOG_FILE)) == []


def test_the_catalog_names_conditions_that_exist():
    for entry in catalog.entries().values():
        assert entry.condition is None or entry.condition in conditions.CONDITIONS, entry.code
        if entry.template:
            assert (ROOT / "templates" / entry.template).is_file(), entry.template


def test_the_three_ruleset_files_are_all_there():
    assert [p.stem for p in RULESET_FILES] == ["qd232-2025", "qd294-2025", "qd294-hd12-2025"]


@pytest.mark.parametrize("path", RULESET_FILES, ids=lambda p: p.stem)
def test_a_ruleset_matches_its_schema(path):
    data = _read(path)
    assert _errors("bo-quy-tac.schema.json", data) == []
    assert data["ma"] == path.stem


@pytest.mark.parametrize("path", RULESET_FILES, ids=lambda p: p.stem)
def test_a_ruleset_names_what_exists(path):
    own = _read(path)
    merged = rulesets._raw(path.stem)
    points = {s.point for s in stage.STEPS} | set(stage.POINTS) | set(stage.POINT_LABELS)
    if own.get("ke_thua"):
        parent = rulesets._raw(own["ke_thua"])
        parent_codes = {item.get("ma") for item in parent.get("thu_tu_moc") or []}
        assert set(own.get("bo_thu_tu_moc") or ()) <= parent_codes
    for item in merged["thoi_han"]:
        assert item["tu"] in points and item["den"] in points, item["ma"]
        for key in ("thang", "ngay_lam_viec", "gia_han"):
            if item.get(key):
                assert item[key] in merged["nguong"], (item["ma"], item[key])
    for item in merged["thu_tu_moc"]:
        assert {item["truoc"], *item["sau"]} <= points, item


@pytest.mark.parametrize("broken, where", [
    ({"ke_thua": None, "bo_thu_tu_moc": ["x"]}, ""),  # dropping entries needs a parent
    ({"nguong": {"du_bi_thang": {"gia_tri": 12, "nguon": "x", "tin_cay": "D"}}}, "nguong/du_bi_thang/tin_cay"),
    ({"nguong": {"ty_le": {"gia_tri": {"ty_le": "2/3", "so_sanh": "hon"}, "nguon": "x", "tin_cay": "A"}}},
     "nguong/ty_le/gia_tri"),
    ({"thoi_han": [{"ma": "x", "ten": "x", "tu": "a", "den": "b", "muc_do": "loi"}]}, "thoi_han/0"),
    ({"hieu_luc_tu": "29/9/2025"}, "hieu_luc_tu"),
])
def test_the_ruleset_schema_rejects_what_the_reader_would_misread(broken, where):
    data = _read(ROOT / "rulesets" / "qd294-hd12-2025.yaml")
    data.update(broken)
    data = {k: v for k, v in data.items() if v is not None}
    errors = _errors("bo-quy-tac.schema.json", data)
    assert errors and any(e.startswith(where + ":") for e in errors), errors


def test_the_steps_match_their_schema_and_name_what_exists():
    data = _read(STEPS_FILE)
    assert _errors("buoc.schema.json", data) == []
    stages = {s.code for s in stage.STAGES}
    for item in data["buoc"]:
        assert item["giai_doan"] in stages
        assert item.get("tai_lieu") is None or catalog.entry(item["tai_lieu"]) is not None, item["tai_lieu"]
        assert item.get("dieu_kien") is None or item["dieu_kien"] in conditions.CONDITIONS


def test_stage_steps_are_read_from_the_data_file():
    data = yaml.safe_load(STEPS_FILE.read_text(encoding="utf-8"))["buoc"]
    assert [s.point for s in stage.STEPS] == [item["moc"] for item in data]
    assert all(s.source for s in stage.STEPS)
    decision = stage.STEP_BY_POINT["quyet_dinh_ket_nap"]
    assert (decision.stage, decision.document, decision.essential) == ("quyet_dinh", "9-KNĐ", True)
    assert stage.STEP_BY_POINT["y_kien"].essential is False
    assert stage.STEP_BY_DOCUMENT["7-KNĐ"].condition == "co_dang_uy_bo_phan"
