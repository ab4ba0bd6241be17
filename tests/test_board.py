"""The office board without a browser (issue #20): its model from the checker's
results on the samples, the static page, the server's file containment and
what a change on disk concerns. The browser tests: tests/test_board_browser.py."""

from __future__ import annotations

import datetime as dt
import errno
import shutil

import pytest

from conftest import SAMPLES
from dossier import board_model, board_pages
from dossier.check import check_paths

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def board():
    report = check_paths([SAMPLES], as_of=AS_OF)
    return board_model.board([board_model.row(c) for c in report.candidates], AS_OF, report.other)


def _by_name(board, name):
    return next(r for r in board.rows if r["ho_ten"] == name)


def test_the_planted_defect_comes_first_in_red_with_its_source(board):
    first = board.rows[0]
    assert first["ho_ten"] == "Đào Minh Khương" and first["level"] == "loi" and first["needs_action"]
    assert "215 tháng" in first["top_finding"]["message"] and "294-QĐ/TW" in first["top_finding"]["source"]
    assert first["status"]["code"] == "needs_review"


def test_a_dossier_built_before_the_checker_ran_shows_the_checkers_errors(board):
    from dossier.build import Bundle, BuildResult

    report = check_paths([SAMPLES / "ung-vien" / "dao-minh-khuong.yaml"], as_of=AS_OF)
    built = BuildResult("x.yaml", "Đào Minh Khương", bundles=[Bundle("ket_nap", SAMPLES / "x.pdf", 10, [])],
                        missing=[("ket_nap", "2-KNĐ", "cần bản scan")])  # its checks not added yet
    assert board_model.status(report.candidates[0], built)["code"] == "needs_review"


def test_a_dossier_with_documents_missing_is_not_complete(board):
    thuong = _by_name(board, "Lăng Thị Thương")
    assert thuong["status"] == {"code": "missing_documents", "label": "còn thiếu", "text": "còn thiếu"}
    assert {d["code"] for d in thuong["missing"]} >= {"2-KNĐ", "6-KNĐ", "9-KNĐ"}
    assert not thuong["missing_now"]  # nothing due yet is missing: the later steps' documents
    assert _by_name(board, "Nguyễn Thị Hoa")["status"]["code"] == "complete"


def test_ended_cases_are_ended_never_overdue_and_come_last(board):
    vinh = _by_name(board, "Tạ Quang Vinh")
    assert vinh["level"] == "ket_thuc" and not vinh["needs_action"] and vinh["next_deadline"] is None
    assert vinh["status"]["code"] == "ended" and board.rows[-1] is vinh
    assert all(d["ho_ten"] != "Tạ Quang Vinh" for d in board.deadlines)


def test_deadlines_most_urgent_first_with_working_days_left(board):
    mo = _by_name(board, "Nông Thị Mơ")  # verification replies due 9/12/2026: 12 working days after 22/11
    assert mo["next_deadline"]["due"] == "9/12/2026" and mo["days_left"] == 12
    running = [r for r in board.rows if r["days_left"] is not None and not r["errors"]]
    assert [r["days_left"] for r in running] == sorted(r["days_left"] for r in running)
    assert [d["due_iso"] for d in board.deadlines] == sorted(d["due_iso"] for d in board.deadlines)
    assert {"chi_bo", "lop", "stage"} <= set(board.filters) and board_model.NO_CLASS in board.filters["lop"]


def test_the_static_page_is_self_contained(board, tmp_path):
    page = board_pages.board_page(board, board_pages.static_href(tmp_path, None), lambda r: f"#ct-{r['key']}",
                                  details=True)
    assert "<script>" in page and "http://" not in page and "https://" not in page  # works offline
    assert 'font-family: "Liberation Sans"' in page  # the stylesheet is written as it is, not escaped
    assert page.index("Đào Minh Khương") < page.index("Lăng Thị Thương") < page.index("Tạ Quang Vinh")
    assert page.count('class="chi-tiet"') == len(board.rows) == 14
    assert "Tính đến ngày <strong id=\"ngay-tinh\">22/11/2026</strong>" in page


def test_served_files_stay_inside_their_folder(tmp_path):
    from dossier.board_server import contained

    out = tmp_path / "out"
    (out / "lop").mkdir(parents=True)
    (out / "lop" / "a.pdf").write_bytes(b"%PDF-")
    (out / ".cache.pdf").write_bytes(b"%PDF-")
    (out / "ghi-chu.yaml").write_text("x: 1")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-")
    (out / "link.pdf").symlink_to(tmp_path / "secret.pdf")
    assert contained(out, "lop/a.pdf") == (out / "lop" / "a.pdf").resolve()
    for path in ("../secret.pdf", "lop/../../secret.pdf", "/etc/passwd", "link.pdf", ".cache.pdf", "ghi-chu.yaml",
                 "lop\\..\\..\\secret.pdf", "lop/a.pdf\x00", "", "lop", "khong-co.pdf"):
        assert contained(out, path) is None, path


def test_a_change_concerns_its_candidates(tmp_path):
    from dossier.board_live import EVERYONE, Office

    workspace = tmp_path / "ws"
    shutil.copytree(SAMPLES, workspace)
    office = Office(workspace, tmp_path / "out", pool=None)
    hoa = (workspace / "ung-vien" / "nguyen-thi-hoa.yaml").resolve()
    office.keys = {p.resolve(): p.stem for p in (workspace / "ung-vien").glob("*.yaml")}
    assert office.affected([hoa]) == {hoa}
    assert office.affected([workspace / "tep-dinh-kem" / "nguyen-thi-hoa-ly-lich.pdf"]) == {hoa}
    assert office.affected([workspace / "to-chuc.yaml"]) == EVERYONE
    assert office.affected([workspace / "mau" / "9-KND.docx"]) == EVERYONE
    assert office.affected([workspace / "lop" / "lop-2026-01.yaml"]) == EVERYONE
    assert office.affected([tmp_path / "elsewhere.yaml"]) == set()


def test_edits_made_during_a_round_are_queued_for_the_next(tmp_path):
    from dossier.board_live import EVERYONE, Office

    office = Office(tmp_path, tmp_path / "out", pool=None)  # not started: the queue alone
    a, b, c = (tmp_path / f"{n}.yaml" for n in "abc")
    office.request({a})
    office.request({b})
    assert office._pending == {a, b}  # coalesced, none lost
    office.request(EVERYONE)
    office.request({c})
    assert office._pending == EVERYONE


def test_a_file_open_elsewhere_is_tried_again(monkeypatch):
    from dossier import board_live
    from dossier.errors import EnvironmentFailure

    monkeypatch.setattr(board_live, "BUSY_WAIT", 0)
    said, calls = [], []

    def work():
        calls.append(1)
        if len(calls) < 3:  # as Windows refuses to replace a PDF open in a viewer
            raise EnvironmentFailure("Không ghi được tệp") from PermissionError(errno.EACCES, "denied", "ho-so.pdf")
        return "built"

    assert board_live._replacing(work, said.append) == "built"
    assert len(calls) == 3 and len(said) == 2 and said[0].startswith("Tệp đang mở: ho-so.pdf")


def test_the_server_listens_on_the_loopback_only():
    from dossier.board_server import HOST, bind

    first = bind(0)
    try:
        assert first.getsockname()[0] == HOST == "127.0.0.1"
        taken = first.getsockname()[1]
        second = bind(taken)  # a port in use: another free one, still on the loopback
        assert second.getsockname()[0] == "127.0.0.1" and second.getsockname()[1] != taken
        second.close()
    finally:
        first.close()


def test_the_board_shows_results_against_the_plan(board, tmp_path):
    """With a plan (samples/ke-hoach-2026.yaml) the board draws the year's admissions
    per unit against the targets, as an inline SVG with each unit's figures
    (by 22/11/2026: cb-cntt 1 of 2, cb-dao-tao 2 of 2, Khối Kỹ thuật 0 of 2)."""
    from dossier import board_chart

    charts = board_chart.charts_of([SAMPLES / "ung-vien", SAMPLES], AS_OF)
    assert len(charts) == 1  # one workspace, once
    page = board_pages.board_page(board, board_pages.static_href(tmp_path, None), lambda r: f"#ct-{r['key']}",
                                  charts=charts)
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "Kết nạp so với chỉ tiêu năm 2026 theo đơn vị" in page
    for unit, figures in (("Chi bộ Khoa Công nghệ thông tin", "1 (50%)"), ("Đảng bộ bộ phận Khối Kỹ thuật", "0 (0%)")):
        assert f">{unit}</text>" in svg and f">{figures}</text>" in svg
    assert ">Chi bộ Phòng Đào tạo - Công tác" in svg and ">2 (100%)</text>" in svg
    assert "Toàn đảng bộ: kết nạp 3/6 đảng viên (50% chỉ tiêu)" in page
    assert "<script" not in svg and "http://www.w3.org/2000/svg" in svg and "href" not in svg


def test_without_a_plan_the_board_has_no_chart(workspace, board, tmp_path):
    from dossier import board_chart

    (workspace / "ke-hoach-2026.yaml").unlink()
    assert board_chart.charts_of([workspace], AS_OF) == []
    page = board_pages.board_page(board, board_pages.static_href(tmp_path, None), lambda r: f"#ct-{r['key']}")
    assert "<svg" not in page


def test_the_static_board_of_a_build_carries_the_chart(tmp_path):
    """OUT/bang-theo-doi.html (``write_static``, as ``dossier build`` calls it) finds the
    workspace of the candidates built and draws its plan's chart."""
    from types import SimpleNamespace

    outcome = SimpleNamespace(check=check_paths([SAMPLES], as_of=AS_OF), candidates=[], skipped=[])
    page = board_pages.write_static(tmp_path, [outcome], AS_OF).read_text(encoding="utf-8")
    assert page.count('<svg class="bieu-do"') == 1 and ">2 (100%)</text>" in page


def test_the_live_board_lays_out_every_candidate_as_a_build_does(tmp_path):
    """dossier serve's worker places each candidate where ``dossier build`` puts it (its
    class's folder, or the output folder): the layout of the samples, all 14 of them
    (a merge left board_live calling batch.folder_names with its old arguments)."""
    from dossier import board_live
    from dossier.workspace import DocumentCache

    office = board_live.Office(SAMPLES, tmp_path, pool=None)
    layout = office._layout(DocumentCache())
    assert len(layout) == 14
    thuan = layout[(SAMPLES / "ung-vien" / "quach-van-thuan.yaml").resolve()]
    assert thuan[0] == tmp_path / "ntvd-2025-01" and thuan[1] == "quach-van-thuan"
    assert layout[(SAMPLES / "ung-vien" / "ta-quang-vinh.yaml").resolve()][0] == tmp_path


def test_the_board_templates_are_compiled_once_and_kept(board, tmp_path, monkeypatch):
    """Compiling the board's templates cost each build ~0.08 s (issue #22): Jinja's
    bytecode is kept in the user's cache folder and used by the next command."""
    import jinja2

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    compiled = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda self, *a, **k: compiled.append(1) or real(self, *a, **k))

    def page() -> str:
        board_pages._environment.cache_clear()  # as a new command starts
        return board_pages.board_page(board, lambda link: link["path"], lambda r: "#", details=True)

    first = page()
    assert compiled and list((tmp_path / "cache").rglob("*.cache"))
    compiled.clear()
    assert page() == first
    assert compiled == []
    board_pages._environment.cache_clear()
