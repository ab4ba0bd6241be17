"""Issue #22: after one candidate of a big workspace changed, a rebuild works out
again what concerns that candidate only — its facts (dossier.file_facts: kind,
document numbers, the plan chart's counts) and its piece of the office board
(dossier.board_fragments) — and the result is the same as worked out from
scratch. These tests count what is worked out again, never seconds."""

import datetime as dt
import shutil

import pytest

from conftest import edit
from test_scale import _counting
from dossier import board_pages, file_facts, numbers, report_counts
from dossier import workspace as files
from dossier.batch_outcome import ClassOutcome
from dossier.check import check_paths
from dossier.report_counts import Period, count_workspace
from dossier.validation_cache import kept_in
from dossier.workspace import DocumentCache, display_path

AS_OF = dt.date(2026, 11, 22)
YEAR = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31), "năm 2026", year=2026)


@pytest.fixture
def new_process(monkeypatch, tmp_path):
    """``start()``: what a new command starts from (nothing parsed nor known in
    this process; only what the output folder keeps)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def start():
        monkeypatch.setattr(files, "_PARSED", type(files._PARSED)())
        monkeypatch.setattr(file_facts, "_FACTS", type(file_facts._FACTS)())
    start()
    return start


def _indexes(ws, out=None):
    """The document numbers used twice and the year's counts of the plan's chart
    (with ``out``: as a command writing there works them out)."""
    def compute():
        cache = DocumentCache()
        return numbers.duplicate_findings(ws, cache), count_workspace(ws, YEAR, AS_OF, cache)
    if out is None:
        return compute()
    with kept_in(out):
        return compute()


def test_a_candidate_edited_is_the_only_one_whose_facts_are_worked_out_again(workspace, tmp_path, monkeypatch,
                                                                               new_process):
    out = tmp_path / "out"
    out.mkdir()
    uses = _counting(monkeypatch, numbers, "_uses_of")
    counts = _counting(monkeypatch, report_counts, "_counted")
    loaded = _counting(monkeypatch, files, "_load_validated")
    first = _indexes(workspace, out)
    candidates = sorted(p.name for p in (workspace / "ung-vien").glob("*.yaml"))
    assert sorted(uses) == sorted(counts) == candidates, "the first command works out every candidate's facts"

    new_process()
    uses.clear(), counts.clear(), loaded.clear()
    assert _indexes(workspace, out) == first
    assert uses == counts == [], "nothing changed: every fact kept in OUT"
    assert not set(loaded) & set(candidates), "no candidate's parse is even unpickled"

    edit(workspace / "ung-vien" / "nong-thi-mo.yaml", "ngay_sinh: 2006-01-19", "ngay_sinh: 2005-01-19")
    new_process()
    uses.clear(), counts.clear(), loaded.clear()
    again = _indexes(workspace, out)
    assert uses == counts == ["nong-thi-mo.yaml"]
    assert set(loaded) & set(candidates) == {"nong-thi-mo.yaml"}
    new_process()
    assert again == _indexes(workspace), "the same as worked out from scratch"

    # the organisation: every candidate's facts depend on it
    edit(workspace / "to-chuc.yaml", "ten: Đảng bộ tỉnh Thái Nguyên", "ten: Đảng bộ tỉnh Thái Nguyên (mới)")
    new_process()
    uses.clear(), counts.clear()
    changed = _indexes(workspace, out)
    assert sorted(uses) == sorted(counts) == candidates
    new_process()
    assert changed == _indexes(workspace)


def _outcomes(ws):
    """What the board of a build shows, as a build hands it over: each class's
    checker report (no dossier built: the rows say so)."""
    found = []
    for path in sorted((ws / "lop").glob("*.yaml")):
        outcome = ClassOutcome(display_path(path), path.stem, ws.parent / "out" / path.stem)
        outcome.check = check_paths([path], as_of=AS_OF)
        found.append(outcome)
    return found


def _board(out, outcomes) -> bytes:
    return board_pages.write_static(out, outcomes, AS_OF).read_bytes()


def _from_scratch(out, outcomes) -> bytes:
    (out / "fresh").mkdir(exist_ok=True)
    shutil.rmtree(out / "fresh")
    (out / "fresh").mkdir()
    page = _board(out / "fresh", outcomes)
    assert page == _board(out / "fresh", outcomes)  # kept and used again: the same
    return page


def test_the_board_from_kept_rows_is_the_page_rendered_whole(workspace, tmp_path, monkeypatch, new_process):
    out = tmp_path / "out"
    out.mkdir()
    rendered = []
    real = board_pages._render
    monkeypatch.setattr(board_pages, "_render", lambda name, values: rendered.append((name, values["r"]["file"]))
                        or real(name, values))
    page = _board(out, _outcomes(workspace))
    rows = len(rendered) // 2
    assert rows >= 10 and sorted(n for n, _ in rendered) == ["details"] * rows + ["row"] * rows

    rendered.clear()
    assert _board(out, _outcomes(workspace)) == page
    assert rendered == [], "nothing changed: no row rendered"

    mo = workspace / "ung-vien" / "nong-thi-mo.yaml"
    edit(mo, "ho_ten: Nông Thị Mơ", "ho_ten: Ông Thị Mo")  # first by name now: every row's place in that order moves
    rendered.clear()
    outcomes = _outcomes(workspace)
    page = _board(out, outcomes)
    assert sorted(rendered) == [("details", display_path(mo)), ("row", display_path(mo))], "the edited candidate only"
    assert "Ông Thị Mo" in page.decode()
    assert page == _from_scratch(out, outcomes)

    class_file = workspace / "lop" / "lop-2026-01.yaml"
    shutil.copy(mo, workspace / "ung-vien" / "a-moi.yaml")  # a candidate added to a class
    edit(workspace / "ung-vien" / "a-moi.yaml", "ho_ten: Ông Thị Mo", "ho_ten: An Thị Mới")
    edit(class_file, "hoc_vien:\n", "hoc_vien:\n  - ho_so: ../ung-vien/a-moi.yaml\n")
    steps = [lambda: None]
    # a candidate renamed (file and class entry), one removed, a class renamed, a class file moved
    steps.append(lambda: (shutil.move(workspace / "ung-vien" / "dao-minh-khuong.yaml", workspace / "ung-vien" / "dmk.yaml"),
                          edit(class_file, "dao-minh-khuong.yaml", "dmk.yaml")))
    steps.append(lambda: (edit(class_file, '  - ho_so: ../ung-vien/lang-thi-thuong.yaml\n    so_chung_nhan: "1258"\n'
                                           "    xep_loai: Khá\n", ""),
                          (workspace / "ung-vien" / "lang-thi-thuong.yaml").unlink()))
    steps.append(lambda: edit(class_file, "ten: Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2026",
                              "ten: Lớp bồi dưỡng nhận thức về Đảng khóa II năm 2026"))
    steps.append(lambda: shutil.move(workspace / "lop" / "lop-2025-01.yaml", workspace / "lop" / "lop-2024-09.yaml"))
    for step in steps:
        step()
        outcomes = _outcomes(workspace)
        page = _board(out, outcomes)
        assert page == _from_scratch(out, outcomes)
    assert "An Thị Mới" in page.decode() and "khóa II" in page.decode() and "lang-thi-thuong" not in page.decode()


def _build(*args) -> None:
    import subprocess

    from conftest import dossier_process_args

    proc = subprocess.run(dossier_process_args("build", *args, "-q"), capture_output=True, text=True, timeout=900)
    assert proc.returncode in (0, 1), proc.stderr  # 1: some dossier incomplete (the samples' data)


def _results(out) -> dict:
    """The board and each batch's summary.json, but the counts of what this run
    rendered and converted (a build from scratch renders everything)."""
    import json

    found = {"board": (out / board_pages.BOARD_FILE).read_bytes()}
    for path in sorted(out.rglob("summary.json")):
        summary = json.loads(path.read_text(encoding="utf-8"))
        for c in summary.get("candidates", []):
            c.pop("rendered", None), c.pop("converted", None)
        found[str(path.relative_to(out))] = summary
    return found


@pytest.mark.slow
def test_a_workspace_rebuilt_after_edits_is_the_workspace_built_from_scratch(workspace, tmp_path):
    out = tmp_path / "out"
    classes = lambda: sorted(str(p) for p in (workspace / "lop").glob("*.yaml"))  # noqa: E731
    _build(*classes(), "-o", out)
    class_file = workspace / "lop" / "lop-2026-01.yaml"
    edit(workspace / "ung-vien" / "nong-thi-mo.yaml", "ho_ten: Nông Thị Mơ", "ho_ten: Nông Thị Mo")
    _build(*classes(), "-o", out)
    shutil.copy(workspace / "ung-vien" / "vu-dinh-phuoc.yaml", workspace / "ung-vien" / "a-moi.yaml")
    edit(workspace / "ung-vien" / "a-moi.yaml", "ho_ten: Vũ Đình Phước", "ho_ten: An Văn Mới")
    edit(class_file, "hoc_vien:\n", "hoc_vien:\n  - ho_so: ../ung-vien/a-moi.yaml\n")
    edit(class_file, '  - ho_so: ../ung-vien/lang-thi-thuong.yaml\n    so_chung_nhan: "1258"\n    xep_loai: Khá\n', "")
    shutil.move(workspace / "ung-vien" / "dao-minh-khuong.yaml", workspace / "ung-vien" / "dmk.yaml")
    edit(class_file, "dao-minh-khuong.yaml", "dmk.yaml")
    edit(class_file, "ten: Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2026",
         "ten: Lớp bồi dưỡng nhận thức về Đảng khóa II năm 2026")
    _build(*classes(), "-o", out)
    rebuilt = _results(out)
    assert "An Văn Mới" in rebuilt["board"].decode() and "khóa II" in rebuilt["board"].decode()
    shutil.move(out, tmp_path / "before")
    _build(*classes(), "-o", out)
    assert _results(out) == rebuilt


def test_what_a_folder_holds_to_build_is_found_without_reading_the_candidates_parses(workspace, tmp_path, monkeypatch,
                                                                                      new_process):
    """``dossier build FOLDER`` sorts the folder's files by kind: kept by digest, so a
    rebuild of 1,000 candidates does not unpickle 1,000 parses for it."""
    from dossier.sources import find_sources

    out = tmp_path / "out"
    out.mkdir()
    with kept_in(out):
        first = find_sources([workspace])
    assert first.classes and first.outside
    new_process()
    loaded = _counting(monkeypatch, files, "_load_validated")
    with kept_in(out):
        again = find_sources([workspace])
    assert again == first
    candidates = {p.name for p in (workspace / "ung-vien").glob("*.yaml")}
    assert not set(loaded) & candidates
