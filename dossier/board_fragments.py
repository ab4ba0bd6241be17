"""The rows of the static board kept in the output folder, so that a rebuild
after one candidate changed renders that candidate's row and details only.

``OUT/bang-theo-doi.html`` of 1,000 candidates is ~11 MB of HTML: rendering
every row and every candidate's details took ~0.5 s of each rebuild
(bench/README.md, "Scale"). Each piece — a row of the table (``row.html``), a
candidate's details (``details.html``) — is kept in ``OUT/.dossier-board.pickle``
(signed like the parsed files, :mod:`dossier.validation_cache`) by the digest of
the row it shows; what all pieces share (the toolkit, which holds the
templates; the output folder and the current folder, which the links depend
on) is the file's version. The only value of a row that depends on the other
rows, its place in the order by name (``data-name-order``), is written into the
kept piece at each build. The page is the same, byte for byte, as one rendered
whole (tests/test_board_fragments.py).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from markupsafe import Markup

from dossier import input_digest
from dossier.validation_cache import read_signed, write_signed
from dossier.workspace import resolved

KEPT_FILE = ".dossier-board.pickle"
VERSION = 2  # 2: keyed by piece and row digest
NAME_ORDER = "\x00\x01name-order\x01\x00"  # no data holds control characters (dossier.control_chars)


class Fragments:
    """``fragment(name, r)`` for the board's template: the piece ``name`` of row
    ``r``, rendered by ``render(name, values)`` or kept; :meth:`save` keeps this
    build's pieces (only those) for the next."""

    def __init__(self, out: Path, render, context: dict):
        self.out, self._render, self._context = Path(out), render, context
        self._version = (VERSION, input_digest.toolkit(), str(resolved(self.out)), os.getcwd())
        last = read_signed(self.out / KEPT_FILE)
        ok = isinstance(last, tuple) and len(last) == 2 and last[0] == self._version and isinstance(last[1], dict)
        self._kept: dict[str, str] = last[1] if ok else {}
        self._used: dict[str, str] = {}
        self._rows: dict[int, tuple[dict, str]] = {}  # id of a row -> (the row, its digest)
        self.rendered = 0  # pieces rendered by this build (tests count them)

    def __call__(self, name: str, r: dict) -> Markup:
        key = f"{name}:{self._digest(r)}"
        html = self._used.get(key) or self._kept.get(key)
        if html is None:
            self.rendered += 1
            html = self._render(name, {**self._context, "r": r, "name_order": {r["key"]: NAME_ORDER}})
        self._used[key] = html
        order = self._context["name_order"].get(r["key"])
        return Markup(html.replace(NAME_ORDER, str(order)) if NAME_ORDER in html else html)

    def _digest(self, r: dict) -> str:
        """The digest of row ``r``, worked out once for its row and its details."""
        known = self._rows.get(id(r))
        if known is None or known[0] is not r:
            known = self._rows[id(r)] = (r, hashlib.sha256(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest())
        return known[1]

    def save(self) -> None:
        if self._used.keys() != self._kept.keys() and self.out.is_dir():
            write_signed(self.out / KEPT_FILE, (self._version, self._used))
