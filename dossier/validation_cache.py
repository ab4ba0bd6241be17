"""Files parsed and checked against their schema, kept between commands in the
output folder (``OUT/.dossier-validation.pickle``).

Loading a workspace file — YAML with positions, then its schema — is the slow
part of validating; a one-person build still validates the whole workspace
(document numbers are unique across it). Within :func:`kept_in`, every file
whose bytes are unchanged since a command that wrote to the same output folder
is taken from there instead of being parsed again; the checks between files
run every time. The file holds personal data, so it lives in the output
folder, beside the documents made from the same data, never in ``~/.cache``.
It is signed with a random key kept in ``~/.cache/dossier/`` (nothing personal
there): a file not written by this toolkit for this user is ignored, never
unpickled. A toolkit whose loader or schemas differ ignores it too.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import pickle
import secrets
from pathlib import Path

from dossier import (control_chars, file_facts, input_digest, loader, quotes, schema, text_encoding, vn_names,
                     yaml_compose, yaml_document, yaml_values)
from dossier.errors import WrongInput
from dossier.fsutil import user_cache_dir, write_bytes
from dossier.workspace import parses, remember_parses, shared_parsing

CACHE_FILE = ".dossier-validation.pickle"
FACTS_FILE = ".dossier-facts.pickle"  # dossier.file_facts
KEY_FILE = "validation.key"
VERSION = 1
_ACTIVE: set[Path] = set()  # the files of the kept_in blocks open now


@functools.lru_cache(maxsize=1)
def _toolkit() -> str:
    """What a parse depends on besides the file: the loader, the schemas."""
    h = hashlib.sha256(str(VERSION).encode())
    parsing = (loader, quotes, schema, control_chars, text_encoding, vn_names, yaml_compose, yaml_document, yaml_values)
    for source in (*(m.__file__ for m in parsing), *sorted(schema.SCHEMA_DIR.glob("*.json"))):
        h.update(Path(source).read_bytes())
    return h.hexdigest()


def _key() -> bytes | None:
    path = user_cache_dir() / KEY_FILE
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        write_bytes(path, secrets.token_bytes(32), mode=0o600)
        return path.read_bytes()
    except OSError:
        return None


def read_signed(path: Path, key: bytes | None = None):
    """What :func:`write_signed` kept in ``path``; None when absent, damaged or
    not signed with this user's key (never unpickled then)."""
    key = key if key is not None else _key()
    try:
        data = Path(path).read_bytes() if key is not None else b""
    except OSError:
        return None
    signature, body = data[:32], data[32:]
    if not body or not hmac.compare_digest(signature, hmac.new(key, body, hashlib.sha256).digest()):
        return None
    try:
        return pickle.loads(body)
    except Exception:  # noqa: BLE001 - a damaged cache is only a slower command
        return None


def write_signed(path: Path, value, key: bytes | None = None) -> None:
    """Keep ``value`` in ``path`` (pickled, signed with this user's key); nothing on failure."""
    key = key if key is not None else _key()
    if key is None:
        return
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    with contextlib.suppress(OSError):
        write_bytes(path, hmac.new(key, body, hashlib.sha256).digest() + body)


def _read(path: Path, key: bytes) -> dict:
    try:
        version, toolkit, entries = read_signed(path, key)
    except (TypeError, ValueError):
        return {}
    return entries if version == VERSION and toolkit == _toolkit() and isinstance(entries, dict) else {}


@contextlib.contextmanager
def kept_in(out: Path):
    """Share parses within the block (:func:`dossier.workspace.shared_parsing`),
    starting from those kept in ``out`` and keeping them there at the end (when
    ``out`` exists and the command was not refused for wrong input: a refused
    command leaves no trace in an output folder it made)."""
    path = Path(out) / CACHE_FILE
    if path in _ACTIVE:  # a block for the same folder is already open: it reads and writes the file
        with shared_parsing():
            yield
        return
    with shared_parsing():
        _ACTIVE.add(path)
        key = _key()
        kept = _read(path, key) if key is not None and path.is_file() else {}
        remember_parses(kept)
        facts = _read_facts(Path(out) / FACTS_FILE, key)
        file_facts.remember(facts)
        refused = False
        try:
            yield
        except WrongInput:
            refused = True
            raise
        finally:
            _ACTIVE.discard(path)
            latest = {}
            for entry, parsed in parses().items():  # least recently used first: one parse a file, its latest
                latest[entry[0]] = (entry, parsed)
            now = dict(latest.values())
            if key is not None and not refused and path.parent.is_dir() and now.keys() != kept.keys():
                write_signed(path, (VERSION, _toolkit(), now), key)
            facts_now = file_facts.kept()
            if key is not None and not refused and path.parent.is_dir() and facts_now.keys() != facts.keys():
                write_signed(Path(out) / FACTS_FILE, (VERSION, input_digest.toolkit(), facts_now), key)


def _read_facts(path: Path, key: bytes | None) -> dict:
    """The facts kept by an earlier command (dossier.file_facts), made by this toolkit."""
    if key is None or not path.is_file():
        return {}
    try:
        version, toolkit, facts = read_signed(path, key)
    except (TypeError, ValueError):
        return {}
    return facts if version == VERSION and toolkit == input_digest.toolkit() and isinstance(facts, dict) else {}
