"""Names of what a build writes: a person's folder and bundle, a class's folder.

A person's folder is named from the candidate *file*, never from the name in
it nor from the position in a class: the file's stem as a slug
(``ung-vien/nguyen-thi-hoa.yaml`` → ``nguyen-thi-hoa``). When two files of one
output give the same slug (``a/hoa.yaml`` and ``b/hoa.yaml``, or
``Hòa.yaml`` and ``hoa.yaml``), each of them gets a short hash of its path
relative to the workspace root (``hoa-3f2a9c1d``): the same on every machine,
and the same whatever the order of the class list, so that reordering,
adding or removing other people never moves anyone's folder. A name (or a
slug) that is reserved in the output (``lop``, the class documents' folder)
counts as a clash.

A class's folder is the slug of its code (``NTVĐ-2026-01`` → ``ntvd-2026-01``),
or of the file's stem without a code; two class files of one workspace that
give the same folder are a validation error (``ref.class_folder``,
:mod:`dossier.validate`), not a hash: the code is printed on the class's
documents, and two codes that differ only in diacritics are one class
entered twice or a typo, which a hash would hide.

Pure functions apart from resolving paths.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from dossier.vn_text import nfc, slug

HASH_LENGTH = 8
INCOMPLETE_SUFFIX = "-chua-du"  # a bundle with a document that failed (dossier.build)
PREVIOUS_SUFFIX = "-ban-truoc"  # the previous complete bundle, kept while the current one is incomplete


def file_stem_slug(path: Path) -> str:
    """``Nguyễn Văn Hòa.yaml`` → ``nguyen-van-hoa``."""
    return slug(nfc(Path(path).stem))


def path_hash(path: Path, root: Path | None) -> str:
    """A short hash of ``path`` relative to ``root`` (POSIX separators, NFC), so
    that it does not depend on where the workspace is on a machine; of the
    absolute path when the file is outside any workspace."""
    resolved = Path(os.path.realpath(path))
    relative = resolved.as_posix()
    if root is not None:
        try:
            relative = resolved.relative_to(Path(os.path.realpath(root))).as_posix()
        except ValueError:
            pass
    return hashlib.sha256(nfc(relative).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def person_folders(paths: Iterable[Path], root_of=lambda path: None,
                   reserved: Iterable[str] = ()) -> dict[Path, str]:
    """Folder name per candidate file of one output folder: the stem's slug;
    every file whose slug another file of ``paths`` shares (or that is in
    ``reserved``) gets ``-<hash of its path>``. ``root_of(path)`` is the
    workspace root the hash is relative to."""
    paths = list(dict.fromkeys(paths))
    stems = {path: file_stem_slug(path) for path in paths}
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem] = counts.get(stem, 0) + 1
    taken = set(reserved)
    return {path: f"{stem}-{path_hash(path, root_of(path))}" if counts[stem] > 1 or stem in taken else stem
            for path, stem in stems.items()}


def class_folder(code, class_path: Path) -> str:
    """The folder of a class: its code's slug (the file's stem's without a code)."""
    return slug(nfc(str(code))) if code not in (None, "") else file_stem_slug(class_path)


def bundle_name(prefix: str, folder: str, incomplete: bool = False) -> str:
    """``ho-so-ket-nap-nguyen-thi-hoa.pdf``; ``…-chua-du.pdf`` when a document failed."""
    return f"{prefix}-{folder}{INCOMPLETE_SUFFIX if incomplete else ''}.pdf"


def previous_bundle_name(prefix: str, folder: str) -> str:
    """Where the last complete bundle is kept while the current one is incomplete."""
    return f"{prefix}-{folder}{PREVIOUS_SUFFIX}.pdf"
