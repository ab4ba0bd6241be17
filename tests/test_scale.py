"""Issue #22: nothing in a rebuild scales with the workspace beyond reading it.

A class whose inputs are unchanged since its last build is taken from it
(dossier.batch_kept): these tests count the candidates prepared (validated,
resolved, planned), not seconds.
"""

import pytest

from conftest import edit
from dossier import batch
from dossier.batch import build_class
from dossier.batch_outcome import summary_rows
from dossier.convert import ConversionPool
from dossier.sources import class_members
from dossier.workspace import DocumentCache

pytestmark = pytest.mark.slow
CLASSES = ("lop/lop-2025-01.yaml", "lop/lop-2026-01.yaml")


def _counting(monkeypatch) -> list[str]:
    prepared = []
    real = batch.prepare

    def prepare(path, *args, **kwargs):
        prepared.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(batch, "prepare", prepare)
    return prepared


def test_a_rebuild_prepares_only_the_class_whose_candidate_changed(workspace, tmp_path, monkeypatch):
    out = tmp_path / "out"
    classes = [workspace / c for c in CLASSES]
    members = {c.name: sorted(p.name for p in class_members(c, DocumentCache())) for c in classes}
    with ConversionPool() as pool:
        first = [build_class(c, out, pool) for c in classes]
        prepared = _counting(monkeypatch)
        again = [build_class(c, out, pool) for c in classes]
        assert prepared == [], "nothing changed: no candidate is validated, resolved or planned again"
        assert [summary_rows(o) for o in again] == [summary_rows(o) for o in first]
        assert all(r.rendered == r.converted == 0 for o in again for r in o.candidates)

        edit(workspace / "ung-vien" / "nong-thi-mo.yaml", "ho_ten: Nông Thị Mơ", "ho_ten: Nông Thị Mo")
        third = [build_class(c, out, pool) for c in classes]
        assert sorted(prepared) == members["lop-2026-01.yaml"], "only the class of the edited candidate"
        assert "nong-thi-mo.yaml" in members["lop-2026-01.yaml"]
        assert "Nông Thị Mo" in [r.name for r in third[1].candidates]
        assert summary_rows(third[0]) == summary_rows(first[0])

        del prepared[:]  # an output removed by hand: its class is built again and the file is back
        bundle = third[0].candidates[0].bundles[0].path
        bundle.unlink()
        fourth = build_class(classes[0], out, pool)
        assert sorted(prepared) == members["lop-2025-01.yaml"]
        assert bundle.is_file() and fourth.candidates[0].bundles[0].path == bundle

        del prepared[:]  # --force builds everything again
        build_class(classes[0], out, pool, force=True)
        assert sorted(prepared) == members["lop-2025-01.yaml"]
