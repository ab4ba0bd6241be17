"""Files parsed for one command are kept in the output folder for the next
(issue #15: validating once per command must not make a one-person rebuild
read and validate the whole workspace from scratch)."""

import pytest

from dossier import file_facts, validation_cache
from dossier import workspace as files
from dossier.numbers import validate_workspace


@pytest.fixture
def fresh_process(monkeypatch, tmp_path):
    """No parse nor fact remembered from other tests; a cache folder of its own."""
    monkeypatch.setattr(files, "_PARSED", type(files._PARSED)())
    monkeypatch.setattr(file_facts, "_FACTS", type(file_facts._FACTS)())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    loads = []
    real = files.load
    monkeypatch.setattr(files, "load", lambda path, display: loads.append(path.name) or real(path, display))
    return loads


def _validate_one(ws, out):
    with validation_cache.kept_in(out):
        return validate_workspace([ws / "ung-vien" / "nguyen-thi-hoa.yaml"]).findings


def test_a_second_command_parses_only_what_changed(workspace, tmp_path, fresh_process, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    first = _validate_one(workspace, out)
    assert len(fresh_process) > 15  # the whole workspace: numbers are unique across it
    kept = out / validation_cache.CACHE_FILE
    assert kept.is_file()
    assert not list((tmp_path / "cache").rglob("*.pickle"))  # nothing personal outside the output

    monkeypatch.setattr(files, "_PARSED", type(files._PARSED)())  # a new process
    monkeypatch.setattr(file_facts, "_FACTS", type(file_facts._FACTS)())
    fresh_process.clear()
    assert _validate_one(workspace, out) == first
    assert fresh_process == []

    monkeypatch.setattr(files, "_PARSED", type(files._PARSED)())
    path = workspace / "ung-vien" / "lai-van-cuong.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("ho_ten: Lại Văn Cường", "ho_ten: Lại Văn Cương"),
                    encoding="utf-8")
    _validate_one(workspace, out)
    assert fresh_process == ["lai-van-cuong.yaml"]


def test_a_cache_file_not_signed_by_the_toolkit_is_not_read(workspace, tmp_path, fresh_process, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    _validate_one(workspace, out)
    for name in (validation_cache.CACHE_FILE, validation_cache.FACTS_FILE):
        kept = out / name
        data = bytearray(kept.read_bytes())
        data[40] ^= 1
        kept.write_bytes(bytes(data))
    monkeypatch.setattr(files, "_PARSED", type(files._PARSED)())
    monkeypatch.setattr(file_facts, "_FACTS", type(file_facts._FACTS)())
    fresh_process.clear()
    _validate_one(workspace, out)
    assert len(fresh_process) > 15
