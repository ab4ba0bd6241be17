"""Facts about a workspace's data files, kept by the digest of the files' bytes.

An index over a workspace (which files are classes, the document numbers in
use, the year's counts for the plan's chart…) needs a little of every file.
Taking it from each file's parse (:mod:`dossier.workspace`) means unpickling
every parse again for every index, ~0.25 ms a file each time: after one
candidate of 1,000 was edited, a rebuild spent over a second on that
(bench/README.md, "Scale"). A fact is worked out from the parse once and kept
with the sha256 of the bytes it was made from (and, for a fact that depends on
other files, the digest of those: ``context``):

* in this process, for the next look (an LRU of :data:`MAX` facts);
* in the output folder between commands, beside the parsed files
  (``OUT/.dossier-facts.pickle``, signed: :func:`dossier.validation_cache.kept_in`),
  with the toolkit's digest: another toolkit drops them all.

A file whose bytes changed gets its facts worked out again; the others are
taken as they are. Values are shared: callers never change them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

MAX = 50_000
_FACTS: OrderedDict = OrderedDict()  # (name, path, digest, context) -> value
_LOCK = threading.Lock()
_MISSING = object()


def fact(name: str, path, digest: bytes | str | None, compute, context=""):
    """The fact ``name`` of the file at ``path`` whose bytes have the sha256
    ``digest`` (with ``context``: a digest of whatever else it depends on);
    ``compute()`` when not known (and nothing is kept without a digest)."""
    if digest is None:
        return compute()
    key = (name, str(path), digest, context)
    with _LOCK:
        value = _FACTS.get(key, _MISSING)
        if value is not _MISSING:
            _FACTS.move_to_end(key)
            return value
    value = compute()
    with _LOCK:
        _FACTS[key] = value
        while len(_FACTS) > MAX:
            _FACTS.popitem(last=False)
    return value


def kept() -> dict:
    """The facts to keep: of each fact of each file, the latest worked out or used."""
    with _LOCK:
        latest = {}
        for key, value in _FACTS.items():  # least recently used first
            latest[key[:2]] = (key, value)
        return dict(latest.values())


def remember(facts: dict) -> None:
    """Facts kept by an earlier command (as :func:`kept` gives them)."""
    with _LOCK:
        for key, value in facts.items():
            _FACTS.setdefault(key, value)
        while len(_FACTS) > MAX:
            _FACTS.popitem(last=False)
