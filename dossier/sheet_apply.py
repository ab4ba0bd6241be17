"""Changing one value, or one list, of a file read round-trip (ruamel.yaml).

A value is changed only when the cell says something else than the file
(:func:`dossier.sheet_model.same`); a new field is put where the schema puts
it among the fields already there (so a file keeps the order of the personal
history); a cleared cell removes its field, and a mapping left empty by that
goes too. A list is rebuilt from its rows only when its items or their order
changed, so an untouched list keeps its comments.
"""

from __future__ import annotations

from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from dossier.sheet_columns import Column, property_order
from dossier.sheet_model import Keep, same, to_yaml, value_at
from dossier.yaml_document import format_field_path


@dataclass
class Change:
    file: str
    field: str
    old: object
    new: object


def insert(mapping: CommentedMap, key: str, value, kind: str, path: tuple) -> None:
    """Put ``key`` where the schema orders it among the keys already in ``mapping``."""
    order = property_order(kind, path)
    rank = order.index(key) if key in order else len(order)
    for position, existing in enumerate(mapping):
        if existing in order and order.index(existing) > rank:
            mapping.insert(position, key, value)
            return
    mapping[key] = value


def _container(data, path: tuple, kind: str, prefix: tuple) -> tuple[object, tuple]:
    """The mapping that holds the last part of ``path``, made where missing; and
    the path as it is in the file (a list item beyond the end is the next one)."""
    node, actual = data, ()
    for i, part in enumerate(path[:-1]):
        following = path[i + 1]
        if isinstance(part, int):
            if part >= len(node):
                node.append(CommentedMap())
                part = len(node) - 1
            child = node[part]
        else:
            child = node.get(part)
            if not isinstance(child, (dict, list)):
                child = CommentedSeq() if isinstance(following, int) else CommentedMap()
                insert(node, part, child, kind, prefix + actual)
        actual += (part,)
        node = child
    return node, actual + path[-1:]


def _remove(data, path: tuple) -> None:
    """Remove the value at ``path`` and any mapping or list item left empty by it."""
    for depth in range(len(path), 0, -1):
        parent = value_at(data, path[:depth - 1])
        key = path[depth - 1]
        if isinstance(parent, dict) and key in parent:
            del parent[key]
        elif isinstance(parent, list) and isinstance(key, int) and key < len(parent):
            del parent[key]
        if parent or depth == 1:
            return


def set_value(data, path: tuple, column: Column, new, style: str, kind: str, file: str,
              changes: list, prefix: tuple = ()) -> tuple:
    """Make the value at ``path`` of ``data`` what the cell ``new`` says; record a
    :class:`Change` if it changed. Returns the value's path in the file."""
    old = value_at(data, path)
    if isinstance(old, (dict, list)) or isinstance(new, Keep):
        return path  # the file holds more than a cell can show: left as it is
    if new is None:
        if old is not None:
            _remove(data, path)
            changes.append(Change(file, format_field_path(prefix + path), old, None))
        return path
    if old is not None and same(column, old, new):
        return path
    value = to_yaml(column, new, old, style)
    holder, actual = _container(data, path, kind, prefix)
    if isinstance(holder, dict) and actual[-1] not in holder:
        insert(holder, actual[-1], value, kind, prefix + actual[:-1])
    else:
        holder[actual[-1]] = value
    changes.append(Change(file, format_field_path(prefix + actual), old, value))
    return actual


def replace_items(seq: CommentedSeq, items: list) -> bool:
    """Make ``seq`` hold ``items`` in this order; False (and nothing touched) when it already does."""
    if len(seq) == len(items) and all(a is b for a, b in zip(seq, items)):
        return False
    last = seq.ca.items.pop(len(seq) - 1, None) if len(seq) else None
    del seq[:]
    seq.extend(items)
    if last is not None and len(seq):  # a comment after the list stays after it
        seq.ca.items[len(seq) - 1] = last
    return True
