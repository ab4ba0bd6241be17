""""Did you mean …?": the nearest of some known names to what was typed.

Used for command names (click does it), form codes, file names that do not
exist (the names in the folder that was meant) and fields (dossier.schema)."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from dossier.vn_text import khong_dau


def fold(text: str) -> str:
    """The comparison key: no diacritics, lower case."""
    return khong_dau(text).casefold()


def closest(word: str, choices, n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The choices nearest to ``word``, compared without diacritics and case
    (``nguyen-thi-hao.yaml`` finds ``nguyen-thi-hoa.yaml``, ``9-knd`` finds ``9-KNĐ``)."""
    choices = list(choices)
    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(fold(choice), choice)
    found = difflib.get_close_matches(fold(word), list(by_key), n=n, cutoff=cutoff)
    return [by_key[key] for key in found]


def nearest_files(path: Path, n: int = 3, cutoff: float = 0.75) -> list[str]:
    """Paths like ``path`` (same folder, nearest names) that exist; ``path``'s
    folder is searched upwards to the first folder that exists."""
    path = Path(path)
    folder = path.parent
    missing = [path.name]
    while not folder.is_dir() and folder != folder.parent and str(folder) not in ("", "."):
        missing.insert(0, folder.name)
        folder = folder.parent
    try:
        names = sorted(os.listdir(folder or "."))
    except OSError:
        return []
    names = [name for name in names if not name.startswith((".", "~$"))]
    return [str(folder / name) if str(folder) != "." or path.parent == Path(".") else name
            for name in closest(missing[0], names, n=n, cutoff=cutoff)]


def suggestion(found: list[str]) -> str:
    """'; có phải ý bạn là 'a' (hoặc 'b')?' or '' when nothing is near."""
    if not found:
        return ""
    rest = "".join(f" hoặc '{name}'" for name in found[1:])
    return f"; có phải ý bạn là '{found[0]}'{rest}?"
