"""The fast schema check (jsonschema-rs) must never accept a document that
jsonschema rejects: a file it accepts is reported valid without jsonschema ever
looking at it. Compared here on the samples, the hostile corpus and thousands
of mutated documents."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest

from dossier import schema
from dossier.loader import load

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").rglob("*.yaml"))
HOSTILE = sorted((ROOT / "tests" / "hostile").rglob("*.yaml"))

# values that sit on the edges of the schemas' types, patterns and formats
TRICKY = [
    None, True, False, 0, 1, -1, 1.0, 1.5, 10**20, "", " ", "x", "X-1", "ĐẢNG", "abc-def", "a--b",
    "Nguyễn Văn", "Nguyễn ٣", "Nguyễn 3", "Nguyễn\u00a0Văn", "Nguyễn Văn\n", "a.yaml\n", "a.yaml", "a.pdf",
    "a.PDF", "a.jpeg", "ho-so/a.yml", "2026-02-28", "2026-02-31", "31/02/2026", "29/02/2024", "2026-13",
    "09/2018", "2018-09", "12/9", "123456789012", "12345678901٢", "2025-2030", "1/9", "0/10", "x" * 3000,
    [], {}, ["x"], [1, 1], [{}], {"x": 1},
]


def _check(data, kind: str) -> tuple[bool, bool]:
    """(fast says valid, jsonschema says valid)"""
    fast = schema._surely_valid(kind, data)
    slow = not any(True for _ in schema._validator(kind).iter_errors(data))
    return fast, slow


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, prefix + (index,))


def _mutate(data, rng: random.Random):
    data = copy.deepcopy(data)
    path = rng.choice([p for p in _paths(data) if p])
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    operation = rng.randrange(4)
    if operation == 0 and isinstance(parent, dict):
        del parent[last]
    elif operation == 1 and isinstance(parent, dict):
        parent[rng.choice(["ghi_chu_them", "ho_ten", "ngay", "so", "pattern", "loai"])] = rng.choice(TRICKY)
    elif operation == 2 and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    else:
        parent[last] = copy.deepcopy(rng.choice(TRICKY))
    return data


def _documents(paths):
    for path in paths:
        doc, _ = load(path, str(path))
        if doc is not None and isinstance(doc.data, dict) and doc.data.get("loai") in schema.SCHEMA_FILES:
            yield path, doc.data


def test_fast_check_agrees_on_samples_and_hostile_files():
    documents = list(_documents(SAMPLES + HOSTILE))
    assert len(documents) > 20
    disagreements = [(path.name, fast, slow) for path, data in documents
                     for fast, slow in [_check(data, data["loai"])] if fast != slow]
    assert disagreements == []
    assert all(_check(data, data["loai"]) == (True, True) for path, data in _documents(SAMPLES))


@pytest.mark.parametrize("seed", range(4))
def test_fast_check_never_accepts_what_jsonschema_rejects(seed):
    rng = random.Random(seed)
    documents = list(_documents(SAMPLES))
    rejected = accepted = 0
    for _ in range(600):
        path, data = rng.choice(documents)
        mutated = data
        for _ in range(rng.randint(1, 3)):
            mutated = _mutate(mutated, rng)
        kind = data["loai"]
        fast, slow = _check(mutated, kind)
        assert not (fast and not slow), f"accepted what jsonschema rejects: {path.name} {mutated}"
        assert fast == slow, f"{path.name}: fast {fast}, jsonschema {slow}"
        rejected += not slow
        accepted += slow
    assert rejected > 300 and accepted > 30  # the mutations reach both sides


def test_values_json_cannot_hold_go_to_jsonschema():
    assert schema._surely_valid("ung_vien", {"loai": "ung_vien", 1: "x"}) is False
