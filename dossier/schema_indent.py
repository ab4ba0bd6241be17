"""A key written one indentation level too far left.

    moc:
      le_ket_nap:
      ngay: 2026-05-08      # belongs under le_ket_nap

YAML reads this as ``le_ket_nap`` left empty and an unknown field ``moc.ngay``:
two findings whose advice ("bỏ hẳn dòng này") would delete the milestone. When
the empty field's own schema has the keys that follow it on the next lines, the
two findings become one that says which lines to indent under which field."""

from __future__ import annotations

from dossier.findings import ERROR, Finding
from dossier.yaml_document import Document


def _resolve(root: dict, node):
    while isinstance(node, dict) and str(node.get("$ref", "")).startswith("#/"):
        target = root
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def _schema_at(root: dict, path: tuple) -> dict | None:
    node = _resolve(root, root)
    for step in path:
        if isinstance(step, int):
            node = _resolve(root, node.get("items")) if isinstance(node, dict) else None
        else:
            props = node.get("properties", {}) if isinstance(node, dict) else {}
            node = _resolve(root, props.get(step))
        if not isinstance(node, dict):
            return None
    return node


def misindented(doc: Document, root: dict, findings: list[Finding]) -> list[Finding]:
    """``findings`` with each (empty field, unknown keys that belong to it) pair
    replaced by one ``schema.indent`` finding."""
    empty = [f for f in findings if f.code == "schema.type" and "đang để trống" in f.message]
    if not empty:
        return findings
    unknown = {f.location: f for f in findings if f.code == "schema.unknown_key"}
    replaced: set[int] = set()
    added: list[Finding] = []
    for finding in empty:
        path = _path_of(doc, finding)
        if path is None:
            continue
        own = _schema_at(root, path)
        parent_schema = _schema_at(root, path[:-1])
        parent = _value_at(doc.data, path[:-1])
        if not own or not isinstance(parent, dict) or not parent_schema:
            continue
        fields = own.get("properties", {})
        allowed_here = parent_schema.get("properties", {})
        line = doc.key_marks.get(path, (0, 0))[0]
        following = sorted((doc.key_marks.get((*path[:-1], k), (0, 0))[0], k) for k in parent)
        moved = []
        for key_line, key in following:
            if key_line <= line:
                continue
            if key in fields and key not in allowed_here:
                moved.append((key_line, key))
            else:
                break
        if not moved:
            continue
        column = doc.key_marks.get(path, (0, 1))[1]
        name = path[-1]
        lines = ", ".join(str(n) for n, _ in moved)
        keys = ", ".join(f"'{k}'" for _, k in moved)
        message = (f"{keys} (dòng {lines}) bị thụt lề sai: đó là trường của '{name}' (dòng {line}) nên phải "
                   f"lùi vào sâu hơn '{name}' (thêm 2 dấu cách, bắt đầu từ cột {column + 2}); "
                   f"đừng xóa dòng '{name}'")
        added.append(Finding(ERROR, "schema.indent", message, doc.location((*path[:-1], moved[0][1]), key=True)))
        replaced.add(id(finding))
        for _, key in moved:
            match = unknown.get(doc.location((*path[:-1], key), key=True))
            if match is not None:
                replaced.add(id(match))
    return [f for f in findings if id(f) not in replaced] + added


def _path_of(doc: Document, finding: Finding) -> tuple | None:
    for path, (line, column) in doc.marks.items():
        if doc.location(path) == finding.location and path:
            return path
    return None


def _value_at(data, path: tuple):
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data
