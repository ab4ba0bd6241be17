"""Issue #22: nothing in a rebuild scales with the workspace beyond reading it.

A class whose inputs are unchanged since its last build is taken from it
(dossier.batch_kept): these tests count the candidates prepared (validated,
resolved, planned), not seconds.
"""

import pytest

from conftest import edit
from dossier import batch, check
from dossier.batch import build_class
from dossier.batch_outcome import summary_rows
from dossier.convert import ConversionPool
from dossier.sources import class_members
from dossier.workspace import DocumentCache


CLASSES = ("lop/lop-2025-01.yaml", "lop/lop-2026-01.yaml")


def _counting(monkeypatch, module, name: str) -> list[str]:
    """The file names ``module.name(path, …)`` is called with from now on."""
    calls = []
    real = getattr(module, name)

    def counted(path, *args, **kwargs):
        calls.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.slow
def test_a_rebuild_prepares_only_the_class_whose_candidate_changed(workspace, tmp_path, monkeypatch):
    out = tmp_path / "out"
    classes = [workspace / c for c in CLASSES]
    members = {c.name: sorted(p.name for p in class_members(c, DocumentCache())) for c in classes}
    with ConversionPool() as pool:
        first = [build_class(c, out, pool, force=True) for c in classes]  # what --force builds is kept too
        prepared = _counting(monkeypatch, batch, "prepare")
        checked = _counting(monkeypatch, check, "check_candidate")  # classes of < 20: checked in a thread
        again = [build_class(c, out, pool) for c in classes]
        assert prepared == checked == [], "nothing changed: no candidate is validated, resolved, planned or checked"
        assert [summary_rows(o) for o in again] == [summary_rows(o) for o in first]
        assert all(r.rendered == r.converted == 0 for o in again for r in o.candidates)

        edit(workspace / "ung-vien" / "nong-thi-mo.yaml", "ho_ten: Nông Thị Mơ", "ho_ten: Nông Thị Mo")
        third = [build_class(c, out, pool) for c in classes]
        assert prepared == checked == ["nong-thi-mo.yaml"], "only the edited candidate"
        assert "Nông Thị Mo" in [r.name for r in third[1].candidates]
        assert summary_rows(third[0]) == summary_rows(first[0])
        assert [summary_rows(o) for o in [build_class(c, out, pool) for c in classes]] == [
            summary_rows(o) for o in third], "the results taken from the last build are the same"

        del prepared[:]  # an output removed by hand: its class is built again and the file is back
        bundle = third[0].candidates[0].bundles[0].path
        bundle.unlink()
        fourth = build_class(classes[0], out, pool)
        assert prepared == [bundle.parent.name + ".yaml"], "only the candidate whose dossier is gone"
        assert bundle.is_file() and fourth.candidates[0].bundles[0].path == bundle

        del prepared[:]  # --force builds everything again
        build_class(classes[0], out, pool, force=True)
        assert sorted(prepared) == members["lop-2025-01.yaml"]


COUNT_CHECKS = """
import dossier.check as _check, dossier.workspace as _ws
def _counted(real, label):
    def counted(path, *args, **kwargs):
        sys.stderr.write("%s %s\\n" % (label, path.name))
        return real(path, *args, **kwargs)
    return counted
_check.check_candidate = _counted(_check.check_candidate, "CHECKED")
_ws.load = _counted(_ws.load, "PARSED")
"""


def _run(*args):
    import subprocess

    from conftest import dossier_process_args

    proc = subprocess.run(dossier_process_args(*args, prelude=COUNT_CHECKS), capture_output=True, text=True,
                          timeout=300)
    counted = [line for line in proc.stderr.splitlines() if line.startswith(("CHECKED", "PARSED"))]
    return proc.returncode, proc.stdout, counted


@pytest.mark.parametrize("command", ["check", "validate"])
def test_check_and_validate_keep_their_report_in_the_output_folder(workspace, tmp_path, command):
    """Issue #22 item 3: with -o OUT, a second run on unchanged data reads nothing
    again; without -o, every run is cold; an edit is seen."""
    out = tmp_path / "out"
    options = ["--as-of", "2026-11-22"] if command == "check" else []
    rc, first, counted = _run(command, workspace, *options, "-o", out)
    assert counted, "the first run reads the workspace"
    assert sorted(p.name for p in out.iterdir()) == sorted([".dossier-validation.pickle", ".dossier-facts.pickle",
                                                            f".dossier-{command}.pickle"])
    rc2, second, counted = _run(command, workspace, *options, "-o", out)
    assert (rc2, second, counted) == (rc, first, []), "nothing changed: the kept report, nothing read again"
    assert _run(command, workspace, *options)[2], "without -o nothing is kept"
    if command == "check":
        assert _run(command, workspace, "--as-of", "2026-11-23", "-o", out)[2], "another day: checked again"
    edit(workspace / "ung-vien" / "nong-thi-mo.yaml", "ho_ten: Nông Thị Mơ", "ho_ten: Nông Thị Mo")
    rc3, third, counted = _run(command, workspace, *options, "-o", out)
    assert counted and ("Nông Thị Mo" in third if command == "check" else third == first)


def test_a_stale_stamp_is_refreshed_once_the_bytes_are_found_the_same(tmp_path):
    """A file recorded with a stamp of an older toolkit (before the change time was
    in it) is hashed once, then its stamp is current: no later run reads it again."""
    import json
    import os

    from dossier.manifest import MANIFEST_FILE, Manifest, _stamp

    folder = tmp_path / "nguoi"
    folder.mkdir()
    pdf = folder / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4 x %%EOF")
    store = Manifest(folder)
    store.record(pdf, {"docx": "x"})
    store.save()
    data = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    data["files"]["a.pdf"]["stat"] = data["files"]["a.pdf"]["stat"][:3]  # the stamp of an older toolkit
    (folder / MANIFEST_FILE).write_text(json.dumps(data), encoding="utf-8")
    again = Manifest(folder)
    assert again.intact(pdf)
    again.save()
    assert Manifest(folder).record_of(pdf)["stat"] == _stamp(os.stat(pdf))
