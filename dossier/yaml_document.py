"""A loaded YAML data file: its plain values and where each came from.

:func:`dossier.loader.load` fills a :class:`Document` with the values it built
and the 1-based line and column of every value and every mapping key, so that
later stages can point to ``file:line:column`` and name a field as a person
counts it (:func:`format_field_path`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.findings import Location

FieldPath = tuple  # of str keys and int indexes


@dataclass
class Document:
    """A loaded YAML file: plain data plus where each piece came from."""

    path: Path
    display: str  # the path as shown to the user
    data: Any
    marks: dict = field(default_factory=dict)  # FieldPath -> (line, column) of the value
    key_marks: dict = field(default_factory=dict)  # FieldPath -> (line, column) of the key
    raw: dict = field(default_factory=dict)  # FieldPath -> source text of a plain scalar

    @property
    def kind(self) -> str | None:
        if isinstance(self.data, dict) and isinstance(self.data.get("loai"), str):
            return self.data["loai"]
        return None

    def location(self, path: FieldPath = (), *, key: bool = False) -> Location:
        """The location of the value (or, with ``key=True``, of the key) at ``path``,
        falling back to the nearest enclosing value that has a mark."""
        marks = self.key_marks if key else self.marks
        probe = tuple(path)
        while True:
            if probe in marks:
                line, column = marks[probe]
                break
            if key and probe in self.marks:
                line, column = self.marks[probe]
                break
            if not probe:
                line, column = None, None
                break
            probe = probe[:-1]
        return Location(self.display, line, column, format_field_path(path) or None)


def format_field_path(path: FieldPath) -> str:
    """``("gia_dinh", 1, "nam_sinh")`` -> ``gia_dinh[2].nam_sinh`` (items count from 1,
    as a person counts them)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + str(part)
    return text
