"""Class documents (dossier/forms/lop_*.py, tools/forms_lop.py): class resolution,
the CN-NTVĐ certificate, the class list, the transmittal letter, the grouped
verification letters and the reminder letter, rendered from the sample workspace."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document as WordDocument

from conftest import ROOT, SAMPLES, edit
from dossier import catalog, forms, workspace
from dossier.context import open_candidate
from dossier.forms import NotNeeded, NotReady
from dossier.classes import ClassData, open_class
from dossier.forms.ket_nap_verification import verification_destinations
from dossier.forms.lop_reminder import outstanding
from dossier.forms.lop_transmittal import document_count, ready_for_decision
from dossier.forms.lop_verification import grouped_destinations
from dossier.render import TEMPLATE_DIR, render_docx
from dossier.workspace import DocumentCache

forms.load_all()

CLASS_2025 = SAMPLES / "lop" / "lop-2025-01.yaml"
CLASS_2026 = SAMPLES / "lop" / "lop-2026-01.yaml"
CLASS_CODES = ["DS-HV", "CV-TTLL-LOP", "CV-GHS", "CV-DD"]

# Hand-sorted: given name first (Cường < Lâm < Phước < Thuận < Tiến; Dương < Hằng < Hoa
# because ă < o; Khoa < Khương because o < ư; then Linh, Mơ, Thương).
ORDER_2025 = ["Lại Văn Cường", "Mẫn Đức Lâm", "Vũ Đình Phước", "Quách Văn Thuận", "Khuất Duy Tiến"]
ORDER_2026 = ["Phan Thị Thùy Dương", "Vương Thị Thu Hằng", "Nguyễn Thị Hoa", "Hồ Đăng Khoa",
              "Đào Minh Khương", "Bạch Thị Khánh Linh", "Nông Thị Mơ", "Lăng Thị Thương"]


def _tools_module(name: str):
    sys.path.insert(0, str(ROOT / "tools"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


forms_lop = _tools_module("forms_lop")


@pytest.fixture(scope="module")
def classes() -> dict[str, ClassData]:
    cache = DocumentCache()
    return {"2025": open_class(CLASS_2025, cache),
            "2026": open_class(CLASS_2026, cache, issued_on=dt.date(2026, 11, 23), deadline=dt.date(2026, 12, 15))}


def render(item, tmp_path: Path, margins=None) -> str:
    """Render one document like the build does; return its visible text, one
    paragraph per line, after checking that no Jinja is left."""
    out = render_docx(TEMPLATE_DIR / item.template, item.values, tmp_path / f"{item.stem}.docx", margins)
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    for tag in ("{{", "}}", "{%", "%}"):
        assert tag not in xml, f"{tag} left in {item.stem}"
    doc = WordDocument(str(out))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return "\n".join("".join(t.text or "" for t in p.iter(f"{w}t")) for p in doc.element.body.iter(f"{w}p"))


def table_rows(path: Path, header: str) -> list[list[str]]:
    doc = WordDocument(str(path))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT" and header in
                 [c.text for c in t.rows[0].cells])
    return [[c.text for c in r.cells] for r in table.rows[1:]]


def names(candidates) -> list[str]:
    return [c.data["ho_ten"] for c in candidates]


# ------------------------------------------------------------- resolution

def test_open_class_resolves_every_learner(classes):
    for key, path, size in (("2025", CLASS_2025, 5), ("2026", CLASS_2026, 8)):
        cls = classes[key]
        assert cls.doc.path == path.resolve() and cls.data["loai"] == "lop"
        assert cls.ruleset.code == "qd294-2025"
        assert len(cls.candidates) == size
        for c, entry in zip(cls.candidates, cls.data["hoc_vien"]):
            assert c.class_doc is cls.doc and c.class_entry is entry and cls.entry(c) is entry
            assert c.doc.path == (path.parent / entry["ho_so"]).resolve()
    assert classes["2026"].organiser["ma"] == "dang-uy-phuong"
    assert classes["2025"].organiser is None  # the former political centre is not in to-chuc.yaml
    assert classes["2026"].certificate["nguoi_ky"]["ho_ten"] == "Đặng Thị Thu Hà"


def test_open_class_loads_each_file_once(monkeypatch):
    loads: list[Path] = []
    real = workspace.load

    def counting(path, display):
        loads.append(Path(path).resolve())
        return real(path, display)

    monkeypatch.setattr(workspace, "load", counting)
    cls = open_class(CLASS_2026, DocumentCache())
    assert len(cls.candidates) == 8
    assert len(loads) == len(set(loads)), "a file was loaded twice"
    assert (SAMPLES / "to-chuc.yaml").resolve() in loads


def test_open_class_refuses_a_candidate_file():
    with pytest.raises(Exception, match="không phải tệp lớp"):
        open_class(SAMPLES / "ung-vien" / "nguyen-thi-hoa.yaml")


# ----------------------------------------------------------------- render

@pytest.mark.parametrize("key", ["2025", "2026"])
def test_every_class_form_and_certificate_renders(classes, key, tmp_path):
    cls = classes[key]
    margins = cls.org.data.get("trang")
    rendered = 0
    for code in CLASS_CODES:
        entry = catalog.entry(code)
        assert entry.stage == "lop" and entry.template and not entry.certain and entry.source
        for item in forms.CLASS_FORMS[code](cls):
            text = render(item, tmp_path, margins)
            assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and item.values["van_ban"]["ky"]["ho_ten"] in text
            rendered += 1
    for c in cls.candidates:
        (item,) = forms.CANDIDATE_FORMS["CN-NTVĐ"](c)
        item.stem = f"CN-{c.doc.path.stem}"
        text = render(item, tmp_path, margins)
        assert "GIẤY CHỨNG NHẬN" in text and c.data["ho_ten"].upper() in text
        rendered += 1
    assert rendered > len(cls.candidates) + 3


def test_certificate_values(classes, tmp_path):
    hoa = next(c for c in classes["2026"].candidates if c.data["ho_ten"] == "Nguyễn Thị Hoa")
    (item,) = forms.CANDIDATE_FORMS["CN-NTVĐ"](hoa)
    assert item.code == "CN-NTVĐ" and item.template == "CN-NTVD.docx" and item.stem == "CN-NTVD"
    text = render(item, tmp_path)
    lines = text.splitlines()
    assert "ĐẢNG BỘ TỈNH THÁI NGUYÊN" in lines and "ĐẢNG ỦY PHƯỜNG BÌNH MINH" in lines
    assert "Số 1256-GCN/ĐU" in lines
    assert "Bình Minh, ngày 28 tháng 11 năm 2025" in lines
    assert "BAN THƯỜNG VỤ ĐẢNG ỦY PHƯỜNG BÌNH MINH" in lines
    assert "Quần chúng:" in lines and "NGUYỄN THỊ HOA" in lines
    assert "Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2026" in lines
    assert "Thời gian học: từ ngày 17/11/2025 đến ngày 21/11/2025" in lines
    assert "Xếp loại: Giỏi" in lines
    assert lines.index("T/M BAN THƯỜNG VỤ") < lines.index("PHÓ BÍ THƯ") < lines.index("Đặng Thị Thu Hà")

    cuong = next(c for c in classes["2025"].candidates if c.data["ho_ten"] == "Lại Văn Cường")
    (item,) = forms.CANDIDATE_FORMS["CN-NTVĐ"](cuong)
    values = item.values
    assert values["van_ban"]["so_ky_hieu"] == "0418-GCN/TTCT"  # the leading zero stays
    assert values["van_ban"]["cap_tren"] == "THÀNH ỦY BÌNH MINH"
    assert values["van_ban"]["co_quan"] == "TRUNG TÂM CHÍNH TRỊ THÀNH PHỐ BÌNH MINH"
    assert values["cn"]["co_quan_chung_nhan"] == "GIÁM ĐỐC TRUNG TÂM CHÍNH TRỊ THÀNH PHỐ BÌNH MINH"
    assert values["van_ban"]["ky"] == {"hinh_thuc": "GIÁM ĐỐC", "chuc_vu": "", "ho_ten": "Trần Quốc Bảo"}
    assert values["cn"]["xung_ho"] == "Quần chúng"  # admitted only in September 2025


def test_certificate_without_class_file(workspace):
    """A candidate outside every class file: ``moc.chung_nhan_nhan_thuc``."""
    edit(workspace / "lop" / "lop-2026-01.yaml",
         "  - ho_so: ../ung-vien/lang-thi-thuong.yaml\n    so_chung_nhan: \"1258\"\n    xep_loai: Khá\n", "")
    path = workspace / "ung-vien" / "lang-thi-thuong.yaml"
    with pytest.raises(NotReady, match="chung_nhan_nhan_thuc"):
        forms.CANDIDATE_FORMS["CN-NTVĐ"](open_candidate(path))
    edit(path, "moc:\n", "moc:\n  chung_nhan_nhan_thuc:\n    so: 57\n    ngay: 2025-12-05\n"
                         "    noi_cap: Đảng ủy phường Bình Minh\n")
    (item,) = forms.CANDIDATE_FORMS["CN-NTVĐ"](open_candidate(path))
    assert item.values["van_ban"]["so_ky_hieu"] == "57-GCN/ĐU"
    assert item.values["van_ban"]["dong_ngay"] == "Bình Minh, ngày 05 tháng 12 năm 2025"
    assert item.values["cn"]["co_quan_chung_nhan"] == "BAN THƯỜNG VỤ ĐẢNG ỦY PHƯỜNG BÌNH MINH"
    assert item.values["van_ban"]["ky"]["hinh_thuc"] == "T/M BAN THƯỜNG VỤ"
    edit(path, "noi_cap: Đảng ủy phường Bình Minh", "noi_cap: Trung tâm Chính trị tỉnh Lạng Sơn")
    with pytest.raises(NotReady, match="cần bản scan"):
        forms.CANDIDATE_FORMS["CN-NTVĐ"](open_candidate(path))


# ------------------------------------------------------------- class list

def test_class_list_is_in_vietnamese_alphabetical_order(classes, tmp_path):
    for key, expected in (("2025", ORDER_2025), ("2026", ORDER_2026)):
        (item,) = forms.CLASS_FORMS["DS-HV"](classes[key])
        assert [r["ho_ten"] for r in item.values["ds"]["hoc_vien"]] == expected
        render(item, tmp_path)
        rows = table_rows(tmp_path / "DS-HV.docx", "Xếp loại")
        assert [r[1] for r in rows] == expected
        assert [r[0] for r in rows] == [str(i) for i in range(1, len(expected) + 1)]
    (item,) = forms.CLASS_FORMS["DS-HV"](classes["2026"])
    first = item.values["ds"]["hoc_vien"][0]
    assert first == {"stt": "1", "ho_ten": "Phan Thị Thùy Dương", "ngay_sinh": "02/6/2006",
                     "chi_bo": "Chi bộ Khoa Điện - Điện tử", "so_chung_nhan": "1262", "xep_loai": "Giỏi"}
    assert item.values["ds"]["tong_ket"] == "Danh sách có 08 học viên; xếp loại Giỏi: 04, Khá: 04."
    assert item.values["van_ban"]["dong_ngay"] == "Bình Minh, ngày 28 tháng 11 năm 2025"
    (item,) = forms.CLASS_FORMS["DS-HV"](classes["2025"])
    assert [r["so_chung_nhan"] for r in item.values["ds"]["hoc_vien"]] == ["0418", "0422", "0421", "0420", "0419"]


# ------------------------------------------------------------ transmittal

def test_transmittal_names_exactly_the_ready_candidates(classes, tmp_path):
    expected = {"2025": ["Quách Văn Thuận"], "2026": ["Phan Thị Thùy Dương"]}
    for key, want in expected.items():
        cls = classes[key]
        assert names(c for c in cls.candidates if ready_for_decision(c)) == want
        (item,) = forms.CLASS_FORMS["CV-GHS"](cls)
        assert [r["ho_ten"] for r in item.values["ghs"]["ho_so"]] == want
        text = render(item, tmp_path)
        rows = table_rows(tmp_path / "CV-GHS.docx", "Số tài liệu")
        assert [r[1] for r in rows] == want
        others = [c.data["ho_ten"] for c in cls.candidates if c.data["ho_ten"] not in want]
        assert not any(name in text for name in others)
        assert "Kính gửi: Ban Thường vụ Đảng ủy phường Bình Minh" in text
        assert "V/v đề nghị kết nạp đảng viên" in text
        assert " ".join(item.values["van_ban"]["co_quan"].split()) == "ĐẢNG ỦY TRƯỜNG CAO ĐẲNG CÔNG NGHỆ BÌNH MINH"
    (item,) = forms.CLASS_FORMS["CV-GHS"](classes["2026"])
    (row,) = item.values["ghs"]["ho_so"]
    assert row["nq_chi_bo"] == "21-NQ/CB, ngày 20/10/2026"
    assert row["nq_dang_uy"] == "158-NQ/ĐU, ngày 05/11/2026"
    duong = next(c for c in classes["2026"].candidates if c.data["ho_ten"] == "Phan Thị Thùy Dương")
    assert row["so_tai_lieu"] == str(document_count(duong))
    assert item.values["van_ban"]["dong_ngay"] == "Bình Minh, ngày 23 tháng 11 năm 2026"


def test_transmittal_follows_the_data(workspace):
    """Đào Minh Khương has a chi bộ resolution but not yet the grassroots
    committee's: he is not sent until it is in the data; decided candidates
    are never sent; no ready candidate is a NotReady."""
    cls = open_class(workspace / "lop" / "lop-2026-01.yaml")
    assert "Đào Minh Khương" not in names(c for c in cls.candidates if ready_for_decision(c))
    edit(workspace / "ung-vien" / "dao-minh-khuong.yaml", "dinh_kem:",
         "  nghi_quyet_dang_uy_co_so:\n    so: 170\n    ngay: 2026-11-19\ndinh_kem:")
    cls = open_class(workspace / "lop" / "lop-2026-01.yaml")
    (item,) = forms.CLASS_FORMS["CV-GHS"](cls)
    assert [r["ho_ten"] for r in item.values["ghs"]["ho_so"]] == ["Phan Thị Thùy Dương", "Đào Minh Khương"]
    assert item.values["ghs"]["so_nguoi"] == "02"
    edit(workspace / "ung-vien" / "quach-van-thuan.yaml", "  nghi_quyet_dang_uy_co_so:\n    so: 161\n",
         "  quyet_dinh_ket_nap:\n    so: 250\n")
    with pytest.raises(NotReady, match="chưa có quyết định kết nạp"):
        forms.CLASS_FORMS["CV-GHS"](open_class(workspace / "lop" / "lop-2025-01.yaml"))


def test_transmittal_when_the_grassroots_committee_decides(workspace, tmp_path):
    """Issue #16 item 5: when the grassroots committee is itself the deciding
    body, its ready dossiers need no letter to itself; the reason says so and
    names them, rather than claiming that nobody is ready."""
    edit(workspace / "to-chuc.yaml", "  co_quan: dang-uy-phuong\n  tap_the: Ban Thường vụ",
         "  co_quan: dang-uy-truong\n  tap_the: Ban Thường vụ")
    cls = open_class(workspace / "lop" / "lop-2026-01.yaml")
    ready = names(c for c in cls.candidates if ready_for_decision(c))
    assert "Phan Thị Thùy Dương" in ready
    with pytest.raises(NotNeeded) as raised:
        forms.CLASS_FORMS["CV-GHS"](cls)
    reason = raised.value.reason
    assert "chưa có quần chúng nào" not in reason
    assert "Đảng ủy Trường Cao đẳng Công nghệ Bình Minh" in reason and "tham_quyen_ket_nap" in reason
    assert all(name in reason for name in ready)
    # a class build shows it as a note, not as a warning that something is missing
    from dossier.batch import render_class_documents
    from dossier.batch_outcome import ClassOutcome

    outcome = ClassOutcome("lop", "lop", tmp_path / "lop")
    render_class_documents(workspace / "lop" / "lop-2026-01.yaml", outcome, DocumentCache(), False)
    (note,) = [f for f in outcome.findings if "CV-GHS" in f.message]
    assert (note.severity, note.code) == ("info", "class.not_needed")


# ----------------------------------------------------- grouped verification

def test_verification_letters_group_across_candidates(classes, tmp_path):
    cls = classes["2026"]
    letters = forms.CLASS_FORMS["CV-TTLL-LOP"](cls)
    by_destination = {item.values["ttl"]["kinh_gui"]: item for item in letters}
    assert len(by_destination) == len(letters)
    # The two shared destinations of the samples are both in this class.
    phu_binh = by_destination["Đảng ủy xã Phú Bình, tỉnh Thái Nguyên"]
    assert [h["ho_ten"] for h in phu_binh.values["ttl"]["hoc_vien"]] == ["Nguyễn Thị Hoa", "Đào Minh Khương"]
    dien_chau = by_destination["Đảng ủy xã Diễn Châu, tỉnh Nghệ An"]
    assert [h["ho_ten"] for h in dien_chau.values["ttl"]["hoc_vien"]] == ["Phan Thị Thùy Dương", "Hồ Đăng Khoa"]
    assert dien_chau.values["ttl"]["so_nguoi"] == "02"
    # Every relative to verify appears exactly once, in the letter to its committee.
    expected = sorted((dest, c.data["ho_ten"], r["ho_ten"]) for c in cls.candidates
                      for dest, relatives in verification_destinations(c).items() for r in relatives)
    got = sorted((item.values["ttl"]["kinh_gui"], h["ho_ten"], n["ho_ten"])
                 for item in letters for h in item.values["ttl"]["hoc_vien"] for n in h["nguoi_than"])
    assert got == expected
    assert [item.stem for item in letters] == [f"CV-TTLL-LOP-{i:02d}" for i in range(1, len(letters) + 1)]
    text = render(phu_binh, tmp_path)
    lines = text.splitlines()
    assert "Kính gửi: Đảng ủy xã Phú Bình, tỉnh Thái Nguyên" in lines
    first = next(i for i, line in enumerate(lines) if line.startswith("1. Quần chúng Nguyễn Thị Hoa"))
    second = next(i for i, line in enumerate(lines) if line.startswith("2. Quần chúng Đào Minh Khương"))
    assert first < lines.index("Nguyễn Văn Thành") < second < lines.index("Đào Văn Thịnh")
    # Candidates of the other class are not in this class's letters.
    assert "Đảng ủy xã Phúc Thọ, thành phố Hà Nội" not in by_destination
    assert "Đảng ủy xã Phúc Thọ, thành phố Hà Nội" in {dest for _, dest in grouped_destinations(classes["2025"])}


# ----------------------------------------------------------------- reminder

def test_reminder_lists_candidates_without_a_decision(classes, tmp_path):
    cls = classes["2026"]
    (item,) = forms.CLASS_FORMS["CV-DD"](cls)
    dd = item.values["dd"]
    want = ["Phan Thị Thùy Dương", "Hồ Đăng Khoa", "Đào Minh Khương", "Nông Thị Mơ", "Lăng Thị Thương"]
    assert names(outstanding(cls)) == want
    assert [h["ho_ten"] for h in dd["hoc_vien"]] == want
    steps = {h["ho_ten"]: (h["da_thuc_hien"], h["viec_tiep_theo"]) for h in dd["hoc_vien"]}
    assert steps["Nông Thị Mơ"] == ("Gửi công văn đề nghị thẩm tra lý lịch ngày 27/10/2026",
                                    "Đôn đốc, nhận đủ kết quả thẩm tra lý lịch"
                                    " (còn chờ: Đảng ủy xã Ba Bể, tỉnh Thái Nguyên)")
    assert steps["Đào Minh Khương"][1] == "Đảng ủy cơ sở xét, ra nghị quyết đề nghị kết nạp (Mẫu 8-KNĐ)"
    assert steps["Lăng Thị Thương"][0] == "Có đơn xin vào Đảng ngày 05/11/2026"
    assert dd["kinh_gui"] == ["- Đảng ủy Trường Cao đẳng Công nghệ Bình Minh;", "- Chi bộ Khoa Công nghệ thông tin;",
                              "- Chi bộ Khoa Cơ khí - Động lực;", "- Chi bộ Khoa Điện - Điện tử."]
    assert dd["han_chung_nhan"] == "28/11/2030"
    text = render(item, tmp_path)
    assert "V/v đôn đốc thực hiện công tác phát triển đảng viên" in text
    assert "trước ngày 15 tháng 12 năm 2026." in text
    assert item.values["van_ban"]["ky"]["hinh_thuc"] == "T/M BAN THƯỜNG VỤ"
    # Without a deadline the date is left blank to be written by hand.
    (item,) = forms.CLASS_FORMS["CV-DD"](classes["2025"])
    blank = item.values["dd"]["han_bao_cao"]
    assert blank.startswith("ngày\u00a0") and blank.endswith("năm 20…")
    assert [h["ho_ten"] for h in item.values["dd"]["hoc_vien"]] == ["Mẫn Đức Lâm", "Vũ Đình Phước", "Quách Văn Thuận"]


# ------------------------------------------------------------------ contract

def _used_names(template: Path) -> set[str]:
    """Variable paths a template uses, loop variables resolved through nested loops."""
    with zipfile.ZipFile(template) as z:
        text = re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8"))
    loops = dict(re.findall(r"\{%(?:p|tr) for ([a-z_]+) in ([a-z_.]+) %\}", text))

    def resolve(expr: str) -> str:
        head, _, rest = expr.partition(".")
        if head in loops:
            return resolve(loops[head]) + "[]" + ("." + rest if rest else "")
        return expr

    found = {resolve(e) for e in re.findall(r"\{\{ ([a-z_.]+) \}\}", text) if not e.startswith("loop.")}
    return found | {resolve(v) for v in loops.values()}


def _paths(value, prefix: str = "") -> set[str]:
    found = set()
    if isinstance(value, dict):
        for key, child in value.items():
            path = f"{prefix}.{key}" if prefix else key
            found.add(path)
            found |= _paths(child, path)
    elif isinstance(value, list):
        found.add(prefix + "[]")
        for child in value:
            found |= _paths(child, prefix + "[]")
    return found


def test_templates_and_values_follow_the_contract(classes):
    contract = {f"{parent}.{leaf}" for parent, leaves in forms_lop.CONTRACT.items() for leaf in leaves}
    shared = {"van_ban", "uv"}  # already in the contract of tests/test_templates_layout.py
    produced: dict[str, set[str]] = {}
    for cls in classes.values():
        for code in CLASS_CODES:
            for item in forms.CLASS_FORMS[code](cls):
                produced.setdefault(item.template, set()).update(_paths(item.values))
        for c in cls.candidates:
            for item in forms.CANDIDATE_FORMS["CN-NTVĐ"](c):
                produced.setdefault(item.template, set()).update(_paths(item.values))
    assert set(produced) == {f"{stem}.docx" for stem in forms_lop.TEMPLATES}
    for template, values in produced.items():
        used = _used_names(TEMPLATE_DIR / template)
        assert used <= values, f"{template} uses variables its builder does not give: {used - values}"
        own_used = {p.removesuffix("[]") for p in used if p.split(".")[0] not in shared}
        assert own_used <= contract, f"{template}: not in forms_lop.CONTRACT: {own_used - contract}"
        own_values = {p.removesuffix("[]") for p in values if p.split(".")[0] not in shared and "." in p}
        assert own_values <= contract, f"{template}: values not in forms_lop.CONTRACT: {own_values - contract}"


def test_templates_are_up_to_date(tmp_path):
    make = _tools_module("make_templates")
    for stem in forms_lop.TEMPLATES:
        fresh = make.build_all(tmp_path, only=[stem])[0]
        with zipfile.ZipFile(fresh) as a, zipfile.ZipFile(TEMPLATE_DIR / f"{stem}.docx") as b:
            assert a.read("word/document.xml") == b.read("word/document.xml"), f"templates/{stem}.docx is stale"


def test_certificate_has_a_frame():
    with zipfile.ZipFile(TEMPLATE_DIR / "CN-NTVD.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert '<w:pgBorders w:offsetFrom="text">' in xml and xml.count('w:val="double"') == 4


# ---------------------------------------------------------------------- slow

@pytest.mark.slow
def test_class_list_reads_back_from_pdf(classes, tmp_path):
    from pypdf import PdfReader

    from dossier.convert import convert_files

    (item,) = forms.CLASS_FORMS["DS-HV"](classes["2026"])
    docx = render_docx(TEMPLATE_DIR / item.template, item.values, tmp_path / "DS-HV.docx",
                       classes["2026"].org.data.get("trang"))
    (result,) = convert_files([(docx, tmp_path / "DS-HV.pdf")])
    assert result.ok, result.error
    reader = PdfReader(io.BytesIO((tmp_path / "DS-HV.pdf").read_bytes()))
    assert len(reader.pages) == 1
    text = unicodedata.normalize("NFC", reader.pages[0].extract_text())
    flat = " ".join(text.split())
    assert "DANH SÁCH" in flat and "Học viên Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2026" in flat
    positions = [flat.index(name) for name in ORDER_2026]
    assert positions == sorted(positions), "the PDF lists the learners in Vietnamese alphabetical order"
    assert "Danh sách có 08 học viên; xếp loại Giỏi: 04, Khá: 04." in flat
    assert "Đặng Thị Thu Hà" in flat and "T/M BAN THƯỜNG VỤ" in flat
