"""The content cache of a candidate's output folder (``.dossier-cache.json``):
what was produced from what, by content digest, so that a rebuild redoes only
what changed. It lives in the output folder, beside what it describes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from dossier.fsutil import write_text

CACHE_FILE = ".dossier-cache.json"
CACHE_VERSION = 1


def digest(*chunks: bytes) -> str:
    h = hashlib.sha256()
    for chunk in chunks:
        h.update(len(chunk).to_bytes(8, "big"))
        h.update(chunk)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    return digest(path.read_bytes())


class ContentCache:
    """What was produced from what, per candidate folder (``.dossier-cache.json``)."""

    def __init__(self, folder: Path, force: bool):
        self.path = folder / CACHE_FILE
        self.entries: dict = {}
        self._dirty = False
        if not force and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("version") == CACHE_VERSION:
                    self.entries = data.get("entries", {})
            except (OSError, ValueError):
                self.entries = {}

    def fresh(self, key: str, name: str, digest: str, *outputs: Path) -> bool:
        return self.entries.get(key, {}).get(name) == digest and all(p.is_file() for p in outputs)

    def file_digest(self, path: Path) -> str:
        """The content digest of ``path``, read again only when its size or
        modification time differs from when it was last digested."""
        info = path.stat()
        stamp = [info.st_size, info.st_mtime_ns]
        known = self.entries.get(f"file:{path}", {})
        if known.get("stat") == stamp and isinstance(known.get("digest"), str):
            return known["digest"]
        digest = file_digest(path)
        self.entries[f"file:{path}"] = {"stat": stamp, "digest": digest}
        self._dirty = True
        return digest

    def record(self, key: str, name: str, digest) -> None:
        if self.entries.get(key, {}).get(name) != digest:
            self.entries.setdefault(key, {})[name] = digest
            self._dirty = True

    def save(self) -> None:
        """Write the cache file if anything was recorded since it was read or last written."""
        if not self._dirty:
            return
        self._dirty = False
        write_text(self.path, json.dumps({"version": CACHE_VERSION, "entries": self.entries},
                                         ensure_ascii=False, indent=1, sort_keys=True))
