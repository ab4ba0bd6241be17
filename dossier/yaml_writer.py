"""The one way the toolkit writes a user's YAML file.

YAML stays the source of truth, and workspaces are rarely under version
control, so every command that changes a user's file (the spreadsheet import,
``dossier new`` adding a person to a class) goes through here:

* the file is read and written **round-trip** with ruamel.yaml: comments, key
  order, quoting, date style and line folding are kept, so changing five
  values changes five lines; an unchanged file is never rewritten;
* the layout of the file (indentation of mappings and of lists, line endings,
  a byte-order mark) is taken from the file itself: of the usual indentations,
  the one that reproduces the file byte for byte is used, else the one that
  changes fewest lines (a file written by another program whose long lines
  were wrapped gets those lines unwrapped, nothing else);
* before a file is changed, its previous content is copied to
  ``<workspace>/.dossier/sao-luu/<time>/<path in the workspace>`` (one folder
  per command run);
* the new content is written atomically (:func:`dossier.fsutil.write_bytes`);
* a new file is created only where no file is: :func:`create` never overwrites.
"""

from __future__ import annotations

import io
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from dossier import fsutil
from dossier.errors import EnvironmentFailure, describe_os_error

BACKUP_DIR = Path(".dossier") / "sao-luu"
BOM = "\ufeff"
# (mapping indent, sequence indent, dash offset) tried in this order
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 4, 0), (4, 2, 0))

_run_stamp: str | None = None


def _stamp() -> str:
    """One backup folder per command run (a whole import lands in one)."""
    global _run_stamp
    if _run_stamp is None:
        _run_stamp = time.strftime("%Y%m%d-%H%M%S")
    return _run_stamp


def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


@dataclass
class Loaded:
    """A file read for editing: its data (ruamel's commented maps and lists) and
    how to write it back the way it was written. The layout is worked out only
    when the file is written (each try is a parse and a dump, and a file no
    layout reproduces costs them all): reading a whole workspace, as the
    spreadsheet export and import do, parses each file once."""

    path: Path
    data: object
    original: bytes
    text: str  # the original without byte-order mark, with "\n" line ends
    newline: str
    bom: bool
    _layout: tuple[YAML, bool] | None = None

    @property
    def yaml(self) -> YAML:
        return self._detected()[0]

    @property
    def exact(self) -> bool:
        """False when no known layout reproduces the file byte for byte."""
        return self._detected()[1]

    def _detected(self) -> tuple[YAML, bool]:
        if self._layout is None:
            lines = set(self.text.splitlines())
            tried = []
            for layout in _LAYOUTS:
                yaml = _yaml(layout)
                out = _dump(yaml, yaml.load(self.text))
                if out == self.text:
                    self._layout = (yaml, True)
                    return self._layout
                tried.append((len(lines.symmetric_difference(out.splitlines())), len(tried), yaml))
            # none reproduces it (lines wrapped by another program): the one that changes fewest lines
            self._layout = (min(tried)[2], False)
        return self._layout

    def render(self) -> bytes:
        text = _dump(self.yaml, self.data)
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return ((BOM if self.bom else "") + text).encode("utf-8")


def load(path: Path) -> Loaded:
    """Read ``path`` (UTF-8) for a round-trip edit."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EnvironmentFailure(f"Không đọc được tệp {path}: {describe_os_error(exc)}") from exc
    text = raw.decode("utf-8")
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    return Loaded(path, _yaml(_LAYOUTS[0]).load(text), raw, text, newline, bom)


def backup(path: Path, workspace: Path) -> Path:
    """Copy ``path`` into this run's backup folder of ``workspace``; return the copy."""
    path = Path(path)
    try:
        relative = path.resolve().relative_to(Path(workspace).resolve())
    except ValueError:
        relative = Path(path.name)
    target = Path(workspace) / BACKUP_DIR / _stamp() / relative
    try:
        fsutil.make_folder(target.parent)
        if not target.exists():  # the first copy of this run is the one before any change
            shutil.copy2(path, target)
    except OSError as exc:
        raise EnvironmentFailure(f"Không sao lưu được tệp {path} vào {target.parent}: {describe_os_error(exc)}") from exc
    return target


def save(loaded: Loaded, workspace: Path, dry_run: bool = False) -> bool:
    """Write ``loaded`` back if its content changed (after a backup copy).
    Returns True when the file changed (or would, with ``dry_run``)."""
    new = loaded.render()
    if new == loaded.original:
        return False
    if not dry_run:
        backup(loaded.path, workspace)
        fsutil.write_bytes(loaded.path, new, _mode_of(loaded.path))
    return True


def edit(path: Path, change: Callable[[object], None], workspace: Path, dry_run: bool = False) -> bool:
    """Load ``path``, let ``change`` modify its data in place, save it as :func:`save` does."""
    loaded = load(path)
    change(loaded.data)
    return save(loaded, workspace, dry_run)


def create(path: Path, text: str) -> bool:
    """Create ``path`` with ``text`` unless a file (or anything) is already there.
    Returns False, writing nothing, when it exists."""
    path = Path(path)
    if path.exists() or path.is_symlink():
        return False
    fsutil.make_folder(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, fsutil.file_mode())
    except FileExistsError:
        return False
    except OSError as exc:
        raise EnvironmentFailure(f"Không tạo được tệp {path}: {describe_os_error(exc)}") from exc
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return True


def dumps(data, layout: tuple[int, int, int] = _LAYOUTS[0]) -> str:
    """YAML text of ``data`` in the toolkit's own layout (for new files)."""
    return _dump(_yaml(layout), data)


def _mode_of(path: Path) -> int | None:
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        return None
