"""One command writing into an output folder: its lock, its scratch folder, and
the clean-up of what a killed run left there (issue #17).

:func:`writing` holds ``OUT/.lock`` (:mod:`dossier.output_lock`: a second
command waits with a message, or exits 3 after the timeout), then — under the
lock, so no other command is using them — removes what a run killed with
SIGKILL or a power cut left behind:

* ``OUT/.dossier-tmp/``, the scratch folder of the run before: LibreOffice's
  per-job folders and the documents joined for one conversion
  (:mod:`dossier.compose`), copies of a person's data that must never leave
  the output folder — so they are made here rather than in ``/tmp``;
* the ``.<name>.<hex>.tmp`` files :func:`dossier.fsutil.atomic_path` writes
  beside a file before moving it into place.

It yields a fresh, empty ``OUT/.dossier-tmp/`` for this command's temporary
files, removed when the command ends (normally, by Ctrl-C, SIGTERM or SIGHUP);
after SIGKILL it stays inside ``OUT`` until the next command on ``OUT``. An
output folder the command made and wrote nothing into (its input was wrong)
is removed again.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from dossier import output_lock
from dossier.errors import EnvironmentFailure, describe_os_error

SCRATCH_DIR = ".dossier-tmp"
MAX_DEPTH = 3  # folders below OUT searched for leftovers: OUT/<class>/<person>/tai-lieu
# fsutil.atomic_path's temporary names: ".<target name>.<8 hex digits>.tmp"
_ATOMIC_TMP = re.compile(r"\..+\.[0-9a-f]{8}\.tmp")


def scratch_folder(out: Path) -> Path:
    return Path(os.path.abspath(out)) / SCRATCH_DIR


def remove_leftovers(out: Path) -> list[Path]:
    """Remove what a killed run left in ``out`` (call under its lock): the scratch
    folder and the temporary files of atomic writes. Returns what was removed."""
    out = Path(out)
    removed = []
    scratch = scratch_folder(out)
    if scratch.is_symlink() or scratch.is_file():
        with contextlib.suppress(OSError):
            scratch.unlink()
            removed.append(scratch)
    elif scratch.exists():
        shutil.rmtree(scratch, ignore_errors=True)
        removed.append(scratch)
    depth = str(out).count(os.sep)
    for folder, dirs, files in os.walk(out):
        # OUT/<class>/<person>/tai-lieu/ at the deepest: not a whole tree that -o happens to name
        dirs[:] = [d for d in dirs if d != SCRATCH_DIR] if folder.count(os.sep) - depth < MAX_DEPTH else []
        for name in files:
            if _ATOMIC_TMP.fullmatch(name):
                path = Path(folder) / name
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
    return removed


@contextlib.contextmanager
def writing(out: Path, notify: Callable[[str], None] | None = None, timeout: float | None = None) -> Iterator[Path]:
    """Hold ``out`` for one command (see the module's text); yields its scratch folder."""
    out = Path(out)
    made = not out.exists() and not out.is_symlink()
    with output_lock.hold(out, timeout=timeout, notify=notify):
        remove_leftovers(out)
        scratch = scratch_folder(out)
        try:
            try:
                os.mkdir(scratch, 0o700)  # owner only, whatever the umask leaves: it holds copies of people's data
            except OSError as exc:
                raise EnvironmentFailure(f"Không tạo được thư mục tạm {scratch}: {describe_os_error(exc)}") from exc
            yield scratch
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
            if made:  # a command stopped before writing anything (wrong input) leaves no empty folder
                output_lock.release_folder(out)
