"""The one writer of users' YAML: round-trip edits keep every other byte, a backup
copy comes first, an unchanged file is not rewritten, create never overwrites."""

from pathlib import Path

import pytest

from dossier import yaml_writer

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.mark.parametrize("path", sorted(SAMPLES.rglob("*.yaml")), ids=lambda p: p.name)
def test_samples_reproduce_byte_for_byte(path):
    loaded = yaml_writer.load(path)
    assert loaded.exact
    assert loaded.render() == path.read_bytes()


def test_edit_changes_only_that_line_after_a_backup(tmp_path):
    ws = tmp_path / "ws"
    (ws / "ung-vien").mkdir(parents=True)
    target = ws / "ung-vien" / "a.yaml"
    text = (SAMPLES / "ung-vien" / "nguyen-thi-hoa.yaml").read_text(encoding="utf-8").replace("\n", "\r\n")
    target.write_bytes(("\ufeff" + text).encode("utf-8"))

    def change(data):
        data["ho_ten"] = "Nguyễn Thị Hoà Bình"

    assert yaml_writer.edit(target, change, ws)
    before = ("\ufeff" + text).encode("utf-8").split(b"\r\n")
    after = target.read_bytes().split(b"\r\n")
    assert len(before) == len(after)
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert len(changed) == 1 and "Nguyễn Thị Hoà Bình".encode() in after[changed[0]]
    backups = list((ws / ".dossier" / "sao-luu").rglob("a.yaml"))
    assert len(backups) == 1 and backups[0].read_bytes() == ("\ufeff" + text).encode("utf-8")
    assert backups[0].relative_to(ws / ".dossier" / "sao-luu").parts[1:] == ("ung-vien", "a.yaml")


def test_unchanged_file_is_not_rewritten(tmp_path):
    target = tmp_path / "to-chuc.yaml"
    target.write_bytes((SAMPLES / "to-chuc.yaml").read_bytes())
    mtime = target.stat().st_mtime_ns
    assert not yaml_writer.edit(target, lambda data: None, tmp_path)
    assert target.stat().st_mtime_ns == mtime
    assert not (tmp_path / ".dossier").exists()


def test_dry_run_writes_nothing(tmp_path):
    target = tmp_path / "to-chuc.yaml"
    target.write_bytes((SAMPLES / "to-chuc.yaml").read_bytes())
    assert yaml_writer.edit(target, lambda data: data.update(dia_danh="Nơi khác"), tmp_path, dry_run=True)
    assert target.read_bytes() == (SAMPLES / "to-chuc.yaml").read_bytes()


def test_create_never_overwrites(tmp_path):
    target = tmp_path / "x" / "new.yaml"
    assert yaml_writer.create(target, "a: 1\n")
    assert not yaml_writer.create(target, "a: 2\n")
    assert target.read_text() == "a: 1\n"
