import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

# ---------------------------------------------------------------- no network
# dossier never opens a network connection (issue #8). Every test runs with
# AF_INET/AF_INET6 connections and name lookups blocked; an attempt fails the
# test even when the code under test swallows the exception. UNIX sockets and
# pipes (how the LibreOffice workers talk) are not affected.

_INET = (socket.AF_INET, socket.AF_INET6)
_LOCAL_NAMES = {None, "", "localhost", "127.0.0.1", "::1", b"localhost", b"127.0.0.1", b"::1"}


class NetworkBlocked(RuntimeError):
    pass


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    attempts = []

    def refuse(what):
        attempts.append(what)
        raise NetworkBlocked(f"dossier must not use the network: {what}")

    def guard(method):
        def guarded(self, address, *args):
            if self.family in _INET:
                refuse(f"{method.__name__} {address!r}")
            return method(self, address, *args)
        return guarded

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, guard(getattr(socket.socket, name)))
    real_sendto = socket.socket.sendto

    def sendto(self, data, *args):
        if self.family in _INET:
            refuse(f"sendto {args[-1]!r}")
        return real_sendto(self, data, *args)

    monkeypatch.setattr(socket.socket, "sendto", sendto)
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        real = getattr(socket, name)

        def lookup(host, *args, _real=real, _name=name, **kwargs):
            if host not in _LOCAL_NAMES:
                refuse(f"{_name} {host!r}")
            return _real(host, *args, **kwargs)

        monkeypatch.setattr(socket, name, lookup)
    yield attempts
    assert not attempts, f"the test tried to use the network: {attempts}"


# The same guard for a dossier process started by a test: an audit hook ends the
# process with NETWORK_EXIT on any AF_INET/AF_INET6 connect, sendto or lookup.
NETWORK_EXIT = 97
NETWORK_GUARD = f"""
import os, socket, sys
def _guard(event, args):
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg") and args[0].family in (
            socket.AF_INET, socket.AF_INET6):
        sys.stderr.write("NETWORK USED: %s %r\\n" % (event, args[1:]))
        os._exit({NETWORK_EXIT})
    if event in ("socket.getaddrinfo", "socket.gethostbyname") and args[0] not in {_LOCAL_NAMES!r}:
        sys.stderr.write("NETWORK USED: %s %r\\n" % (event, args))
        os._exit({NETWORK_EXIT})
sys.addaudithook(_guard)
"""


def dossier_process_args(*args, prelude: str = "") -> list[str]:
    """argv that runs ``python -m dossier ARGS`` under the network guard, after
    the Python code ``prelude`` (a test's patch)."""
    import sys

    code = (NETWORK_GUARD + prelude + "\nimport runpy; sys.argv[0] = 'dossier'; "
            "runpy.run_module('dossier', run_name='__main__')")
    return [sys.executable, "-c", code, *map(str, args)]


@pytest.fixture
def workspace(tmp_path):
    """A private copy of the sample workspace that a test may break."""
    target = tmp_path / "ws"
    shutil.copytree(SAMPLES, target)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def files_now(folder: Path, pattern: str) -> list[Path]:
    """Files and folders under ``folder`` named like ``pattern`` ("tai-lieu/*.pdf",
    "ho-so-*.pdf") while a build is still writing there. ``Path.rglob`` raises
    when a folder it is about to list disappears (LibreOffice's private folders
    come and go under ``.dossier-tmp``); ``os.walk`` skips such a folder."""
    import fnmatch
    import os

    *parent, name = pattern.split("/")
    found = []
    for root, folders, files in os.walk(folder):
        here = Path(root)
        if parent and here.name != parent[0]:
            continue
        found += [here / f for f in folders + files if fnmatch.fnmatchcase(f, name)]
    return found
