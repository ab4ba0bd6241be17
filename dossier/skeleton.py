"""The text of a new data file, generated from its JSON Schema so that it never
drifts from what ``validate`` accepts and the documents print.

Every field of the schema appears in schema order (for a candidate, the order
of the personal history, 2-KNĐ), each with its Vietnamese label (the schema's
``title``) as a comment. Fields with a known value are written; the others are
commented out (``# ngay_sinh:``), so the new file validates at once and shows
what is left to fill in: remove the ``#`` and write the value.

Nested fields are shown two levels deep; below that, only the fields the schema
requires (a milestone's ``ngay``) — the field guide (``dossier guide``) lists
them all."""

from __future__ import annotations

from dossier import yaml_writer
from dossier.schema import load_schema

INDENT = 2  # the toolkit's own layout (yaml_writer's first): "  - " items, "    " their fields
LABEL_COLUMN = 40


def resolve(root: dict, node):
    while isinstance(node, dict) and str(node.get("$ref", "")).startswith("#/"):
        extra = {k: v for k, v in node.items() if k != "$ref"}
        target = root
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = {**target, **extra}  # the field's own title over the shared shape's
    return node


def _scalar(value) -> str:
    """``value`` as YAML writes it after ``key: ``."""
    return yaml_writer.dumps({"k": value}).split(":", 1)[1].strip()


# shared shapes whose example says how to write the value (a date, a month)
_FORMAT_SHAPES = ("#/$defs/ngay", "#/$defs/thang")


def example(own: dict, node: dict):
    """The field's own example; for a date or a month, the shape's (how to write it)."""
    if own.get("examples"):
        return own["examples"][0]
    if own.get("$ref") in _FORMAT_SHAPES and node.get("examples"):
        return node["examples"][0]
    return None


def label(own: dict, node: dict) -> str:
    """``Giới tính (Nam, Nữ)``, ``Dân tộc (ví dụ: Kinh)``."""
    text = node.get("title", "")
    shown = example(own, node)
    if node.get("enum"):
        text += f" ({', '.join(str(e) for e in node['enum'])})"
    elif shown is not None:
        text += f" (ví dụ: {shown})"
    return text


def _line(prefix: str, key_text: str, note: str) -> str:
    text = prefix + key_text
    if note:
        text = text.ljust(LABEL_COLUMN - 1) + f" # {note}"
    return text


class _Writer:
    def __init__(self, root: dict):
        self.root = root
        self.lines: list[str] = []

    def mapping(self, node: dict, values: dict | None, depth: int, indent: str, commented: bool,
                first_prefix: str | None = None) -> None:
        """The fields of an object; ``first_prefix`` replaces the indent of the
        first line (a list item's ``- ``)."""
        node = resolve(self.root, node)
        required = set(node.get("required", []))
        for name, own in node.get("properties", {}).items():
            sub = resolve(self.root, own)
            given = values is not None and name in values
            if not given and depth >= 2 and name not in required:
                continue
            prefix = indent if first_prefix is None else first_prefix
            self.field(name, own, sub, values.get(name) if given else None, given, depth, prefix,
                       indent, commented or not given)
            first_prefix = None

    def field(self, name: str, own: dict, node: dict, value, given: bool, depth: int, prefix: str, indent: str,
              commented: bool) -> None:
        hash_ = "# " if commented else ""
        kind = node.get("type")
        note = label(own, node)
        if kind == "object" or "properties" in node:
            self.lines.append(_line(hash_ + prefix, f"{name}:", note))
            self.mapping(node, value if given else None, depth + 1, indent + " " * INDENT, commented)
        elif kind == "array":
            items = resolve(self.root, node.get("items", {}))
            if given and not value:
                self.lines.append(_line(hash_ + prefix, f"{name}: []", note))
                return
            self.lines.append(_line(hash_ + prefix, f"{name}:", note))
            inner = indent + " " * INDENT
            for item in (value if given else [None]):
                if items.get("type") == "object" or "properties" in items:
                    self.mapping(items, item, depth + 1, inner + " " * INDENT, commented, first_prefix=inner + "- ")
                else:
                    self.lines.append((hash_ + inner + "- " + ("" if item is None else _scalar(item))).rstrip())
        else:
            text = f"{name}: {_scalar(value)}" if given else f"{name}:"
            self.lines.append(_line(hash_ + prefix, text, note))


def fields_text(kind: str, values: dict) -> str:
    """The body of a new file of ``kind`` (schema name, e.g. ``ung_vien``):
    ``values`` written, every other field commented out with its label."""
    root = load_schema(kind)
    writer = _Writer(root)
    writer.mapping(root, values, 0, "", False)
    return "\n".join(writer.lines) + "\n"
