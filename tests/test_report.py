"""dossier report (issue #21): the plan file, the counts against a count by
hand, the documents, the JSON summary and combining summaries up the chain."""

from __future__ import annotations

import html
import json
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from conftest import ROOT, SAMPLES, edit
from dossier.cli import cli

REPORT_SCHEMA = ROOT / "schemas" / "output" / "report.schema.json"
UNITS = ("cb-cntt", "cb-dao-tao", "dang-uy-bo-phan-ky-thuat")

# Counted by hand from samples/ung-vien/*.yaml and samples/ke-hoach-2026.yaml, year 2026, by the date of the
# admission decision (moc.quyet_dinh_ket_nap.ngay):
#   Nguyễn Thị Hoa       cb-cntt     14/4/2026  Nữ, Kinh, no religion, "Sinh viên", Đoàn, introduced by the
#                                               Đoàn, born 12/5/2004 -> 21 years old on 14/4/2026
#   Bạch Thị Khánh Linh  cb-dao-tao  28/10/2026 Nữ, "Sinh viên", Đoàn, introduced by the Đoàn, born 17/9/2005 -> 21
#   Vương Thị Thu Hằng   cb-dao-tao  12/11/2026 Nữ, "Chuyên viên…", Đoàn record but 36 years old (born 8/3/1990):
#                                               not a Youth Union member any more, not youth; introduced by members
# Admitted 3 of a target of 6 (cb-cntt 1/2, cb-dao-tao 2/2, Khối Kỹ thuật 0/2) = 50 %; women 3, students 2,
# Youth Union members 2, introduced by the Youth Union 2, youth 2, minorities 0, believers 0; ages 21+21+36 = 78,
# average 26. Made official in 2026: Lại Văn Cường (cb-co-khi, decision 14/10/2026) -> Khối Kỹ thuật 1.
# Ended in 2026: Tạ Quang Vinh (cb-dien) withdrew on 20/7/2026 -> Khối Kỹ thuật, rut_don 1.
# In the pipeline on 31/12/2026: the 8 open cases not admitted (Khương, Thương; Thuận; Khoa, Lâm, Mơ, Phước, Dương).
HAND = {
    "cb-cntt": {"chi_tieu": 2, "ket_nap": 1, "ty_le_chi_tieu": 50.0, "cong_nhan_chinh_thuc": 0, "nu": 1,
                "dan_toc_thieu_so": 0, "ton_giao": 0, "doan_vien": 1, "doan_gioi_thieu": 1, "hoc_sinh_sinh_vien": 1,
                "cong_nhan": 0, "thanh_nien": 1, "tong_tuoi": 21},
    "cb-dao-tao": {"chi_tieu": 2, "ket_nap": 2, "ty_le_chi_tieu": 100.0, "cong_nhan_chinh_thuc": 0, "nu": 2,
                   "dan_toc_thieu_so": 0, "ton_giao": 0, "doan_vien": 1, "doan_gioi_thieu": 1,
                   "hoc_sinh_sinh_vien": 1, "cong_nhan": 0, "thanh_nien": 1, "tong_tuoi": 57},
    "dang-uy-bo-phan-ky-thuat": {"chi_tieu": 2, "ket_nap": 0, "ty_le_chi_tieu": 0.0, "cong_nhan_chinh_thuc": 1,
                                 "nu": 0, "dan_toc_thieu_so": 0, "ton_giao": 0, "doan_vien": 0, "doan_gioi_thieu": 0,
                                 "hoc_sinh_sinh_vien": 0, "cong_nhan": 0, "thanh_nien": 0, "tong_tuoi": 0},
}
HAND_TOTAL = {"chi_tieu": 6, "ket_nap": 3, "ty_le_chi_tieu": 50.0, "cong_nhan_chinh_thuc": 1, "nu": 3,
              "dan_toc_thieu_so": 0, "ton_giao": 0, "doan_vien": 2, "doan_gioi_thieu": 2, "hoc_sinh_sinh_vien": 2,
              "cong_nhan": 0, "thanh_nien": 2, "tong_tuoi": 78, "tuoi_binh_quan": 26.0, "hoc_lop": 0}


def run(*args):
    return CliRunner().invoke(cli, ["report", *map(str, args)])


def summary(*args) -> dict:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(Draft202012Validator(json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))).iter_errors(data)) == []
    return data


def by_unit(data: dict) -> dict:
    return {u["ma"]: u for u in data["don_vi"]}


def test_counts_on_the_samples_match_the_hand_count():
    data = summary(SAMPLES, "--year", 2026, "--ngay", "2026-12-31")
    units = by_unit(data)
    assert list(units) == list(UNITS)
    for ma, expected in HAND.items():
        assert {k: units[ma][k] for k in expected} == expected, ma
    assert {k: data["tong"][k] for k in HAND_TOTAL} == HAND_TOTAL
    assert data["tong"]["ket_thuc"] == [{"code": "rut_don", "label": "Rút đơn, không tiếp tục", "count": 1}]
    assert sum(i["count"] for i in data["tong"]["dang_xem_xet"]) == 8
    assert data["ky"] == {"tu_ngay": "2026-01-01", "den_ngay": "2026-12-31", "ten": "năm 2026",
                          "chi_tieu_cua": "năm 2026"}
    assert data["ket_nap_theo"]["code"] == "quyet_dinh"


def test_both_ends_of_a_period_count():
    """Hoa's decision is dated 14/4/2026 and Linh's 28/10/2026: a period from the one to the other holds both."""
    inside = summary(SAMPLES, "--from", "14/04/2026", "--until", "28/10/2026", "--ngay", "2026-12-31")
    assert inside["tong"]["ket_nap"] == 2
    assert by_unit(inside)["cb-cntt"]["ket_nap"] == by_unit(inside)["cb-dao-tao"]["ket_nap"] == 1
    outside = summary(SAMPLES, "--from", "15/04/2026", "--until", "27/10/2026", "--ngay", "2026-12-31")
    assert outside["tong"]["ket_nap"] == 0


def test_a_candidate_counts_in_the_chi_bo_that_proposed_them(workspace):
    """Hoa was proposed by the chi bộ of the IT faculty (10/3/2026), then moved to the training office: her
    file now names that chi bộ, the transfer history says where she came from."""
    hoa = workspace / "ung-vien" / "nguyen-thi-hoa.yaml"
    edit(hoa, "chi_bo: cb-cntt", "chi_bo: cb-dao-tao")
    hoa.write_text(hoa.read_text(encoding="utf-8") + "chuyen_sinh_hoat:\n  - ngay: 2026-06-01\n    tu: cb-cntt\n"
                   "    den: Chi bộ Phòng Đào tạo - Công tác học sinh sinh viên\n", encoding="utf-8")
    units = by_unit(summary(workspace, "--year", 2026, "--ngay", "2026-12-31"))
    assert units["cb-cntt"]["ket_nap"] == 1 and units["cb-dao-tao"]["ket_nap"] == 2
    # moved before her chi bộ met: the new chi bộ proposed her
    edit(hoa, "ngay: 2026-06-01", "ngay: 2026-03-01")
    units = by_unit(summary(workspace, "--year", 2026, "--ngay", "2026-12-31"))
    assert units["cb-cntt"]["ket_nap"] == 0 and units["cb-dao-tao"]["ket_nap"] == 3


def test_the_plan_can_count_by_the_ceremony(workspace):
    edit(workspace / "ke-hoach-2026.yaml", "ket_nap_theo: quyet_dinh", "ket_nap_theo: le_ket_nap")
    data = summary(workspace, "--year", 2026, "--ngay", "2026-12-31")
    assert data["ket_nap_theo"]["code"] == "le_ket_nap"
    assert data["tong"]["ket_nap"] == 2  # Hằng has a decision (12/11/2026) but no ceremony yet
    assert by_unit(data)["cb-dao-tao"]["ket_nap"] == 1


def test_without_a_plan_there_is_no_target(workspace):
    (workspace / "ke-hoach-2026.yaml").unlink()
    data = summary(workspace, "--year", 2026, "--ngay", "2026-12-31")
    assert data["tong"]["chi_tieu"] is None and data["tong"]["ty_le_chi_tieu"] is None
    assert data["tong"]["ket_nap"] == 3
    assert {u["ma"] for u in data["don_vi"]} == set(UNITS)


def test_a_plan_naming_an_unknown_unit_is_refused_with_its_line(workspace):
    plan = workspace / "ke-hoach-2026.yaml"
    edit(plan, "      - ma: cb-cntt\n        so_luong: 2", "      - ma: cb-khong-co\n        so_luong: 2")
    result = CliRunner().invoke(cli, ["validate", str(workspace)])
    assert result.exit_code == 1
    assert re.search(r"ke-hoach-2026\.yaml:\d+:\d+: lỗi \[ref\.body\] chi_tieu_nam\[1\]\.don_vi\[1\]\.ma: "
                     r"đơn vị 'cb-khong-co' không có trong", result.output), result.output
    assert "[plan.allocation_sum]" in result.output  # 2 + 2 no longer make 6
    assert run(workspace, "--year", 2026, "--format", "json").exit_code == 1


def test_allocations_that_do_not_add_up_are_a_warning(workspace):
    edit(workspace / "ke-hoach-2026.yaml", "  tong: 30", "  tong: 31")
    result = CliRunner().invoke(cli, ["validate", str(workspace)])
    assert result.exit_code == 0
    assert "cảnh báo [plan.allocation_sum] chi_tieu_nhiem_ky.tong: chỉ tiêu nhiệm kỳ 2025-2030 giao cho các đơn vị " \
           "cộng lại là 30, khác chỉ tiêu chung 31" in result.output


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs) + "\n" + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)


def test_the_report_docx_carries_the_tables_and_the_register_number(workspace, tmp_path):
    allocated = CliRunner().invoke(cli, ["numbers", "allocate", str(workspace), "--form", "BC-PTĐV",
                                         "--ngay", "15/12/2026"])
    assert allocated.exit_code == 0, allocated.output
    out = tmp_path / "bc.docx"
    result = run(workspace, "--year", 2026, "--ngay", "15/12/2026", "-o", out)
    assert result.exit_code == 0, result.output
    text = _docx_text(out)
    assert "01-BC/ĐU" in text and "Bình Minh, ngày 15 tháng 12 năm 2026" in text
    assert "toàn đảng bộ kết nạp được 3 đảng viên, đạt 50% chỉ tiêu năm 2026 (6 đảng viên)" in text
    assert "66,67%" in text and "Tuổi bình quân tại ngày kết nạp: 26,0 tuổi" in text
    assert "Đảng bộ bộ phận Khối Kỹ thuật" in text and "T/M BAN THƯỜNG VỤ" in text
    assert "[Phần do cấp ủy viết:" in text


def test_the_report_docx_draws_the_chart_as_a_picture(tmp_path):
    """The chart of results against targets is a real picture (PNG, 300 dpi, the
    text width) after its caption, the same bytes for the same figures."""
    import io

    from PIL import Image

    outs = [tmp_path / "a.docx", tmp_path / "b.docx"]
    for out in outs:
        result = run(SAMPLES, "--year", 2026, "--ngay", "31/12/2026", "-o", out)
        assert result.exit_code == 0, result.output
    pictures = []
    for out in outs:
        with zipfile.ZipFile(out) as z:
            media = [n for n in z.namelist() if n.startswith("word/media/")]
            assert len(media) == 1 and media[0].endswith(".png"), media
            pictures.append(z.read(media[0]))
    assert pictures[0] == pictures[1]
    image = Image.open(io.BytesIO(pictures[0]))
    assert image.width == 1890 and image.info["dpi"][0] == pytest.approx(300, abs=1)
    document = docx.Document(str(outs[0]))
    paragraphs = document.paragraphs
    caption = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Biểu đồ."))
    drawing = paragraphs[caption + 1]._p.xpath(".//wp:extent")
    assert drawing and int(drawing[0].get("cx")) == pytest.approx(160 * 36000, rel=0.01)  # 160 mm wide
    assert "■" not in _docx_text(outs[0]) and "□" not in _docx_text(outs[0])


def test_the_reminder_names_the_units_below_the_threshold(tmp_path):
    out = tmp_path / "cv.docx"
    result = run(SAMPLES, "--year", 2026, "--reminder", "--below", 50, "--ngay", "30/09/2026", "-o", out)
    assert result.exit_code == 0, result.output
    text = _docx_text(out)
    # by 30/9/2026 only Hoa was admitted (cb-cntt 1/2 = 50 %, not below)
    assert "- Chi bộ Phòng Đào tạo - Công tác học sinh sinh viên;" in text
    assert "- Đảng ủy bộ phận Khối Kỹ thuật." in text
    assert "Chi bộ Khoa Công nghệ thông tin" not in text
    assert "dưới 50% chỉ tiêu" in text and "Kính gửi:" in text and "Nơi nhận" in text
    assert "T/M BAN THƯỜNG VỤ" in text
    none = run(SAMPLES, "--year", 2026, "--reminder", "--below", 0, "-o", tmp_path / "none.docx")
    assert none.exit_code == 0 and "Không có đơn vị nào" in none.output and not (tmp_path / "none.docx").exists()


# ---------------------------------------------------------------- up the chain


def _grassroots(tmp_path: Path, name: str) -> Path:
    """A copy of the samples whose grassroots committee has another name."""
    target = tmp_path / f"ws-{name}"
    shutil.copytree(SAMPLES, target)
    org = target / "to-chuc.yaml"
    edit(org, "    ten: Đảng bộ Trường Cao đẳng Công nghệ Bình Minh", f"    ten: Đảng bộ Trường {name}")
    edit(org, "    ten_cap_uy: Đảng ủy Trường Cao đẳng Công nghệ Bình Minh", f"    ten_cap_uy: Đảng ủy Trường {name}")
    return target


UPPER = """loai: to_chuc
nhiem_ky: 2025-2030
dia_danh: Bình Minh
tham_quyen_ket_nap: {co_quan: dang-uy-phuong, tap_the: Ban Thường vụ}
co_quan:
  - {ma: tinh, cap: tinh, ten: Đảng bộ tỉnh Thái Nguyên, ten_cap_uy: Tỉnh ủy Thái Nguyên, ky_hieu: TU}
  - ma: dang-uy-phuong
    cap: cap_tren_co_so
    cap_tren: tinh
    ten: Đảng bộ phường Bình Minh
    ten_cap_uy: Đảng ủy phường Bình Minh
    ky_hieu: ĐU
    nguoi_ky: [{ho_ten: Hoàng Minh Tuấn, chuc_vu: Bí thư}]
"""


@pytest.fixture
def chain(tmp_path):
    """Three grassroots summaries of 2026 and the ward committee's own workspace."""
    folder = tmp_path / "tong-hop"
    folder.mkdir()
    files = []
    for name in ("A", "B", "C"):
        out = folder / f"{name}.json"
        result = run(_grassroots(tmp_path, name), "--year", 2026, "--ngay", "2026-12-31", "--format", "json", "-o", out)
        assert result.exit_code == 0, result.output
        files.append(out)
    upper = tmp_path / "phuong"
    upper.mkdir()
    (upper / "to-chuc.yaml").write_text(UPPER, encoding="utf-8")
    return files, upper


def test_combining_three_summaries_sums_their_figures(chain, tmp_path):
    files, upper = chain
    out = tmp_path / "phuong.json"
    result = run(*files, upper, "--year", 2026, "--ngay", "2026-12-31", "--format", "json", "-o", out)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(Draft202012Validator(json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))).iter_errors(data)) == []
    assert data["to_chuc"]["ten"] == "Đảng ủy phường Bình Minh"
    assert [u["ten"] for u in data["don_vi"]] == ["Đảng bộ Trường A", "Đảng bộ Trường B", "Đảng bộ Trường C"]
    one = HAND_TOTAL
    for key in ("ket_nap", "cong_nhan_chinh_thuc", "nu", "doan_vien", "doan_gioi_thieu", "hoc_sinh_sinh_vien",
                "thanh_nien", "tong_tuoi", "chi_tieu"):
        assert data["tong"][key] == 3 * one[key], key
    assert data["tong"]["ty_le_chi_tieu"] == 50.0 and data["tong"]["tuoi_binh_quan"] == 26.0
    assert data["tong"]["ket_thuc"][0]["count"] == 3
    assert len(data["nguon"]) == 4


def _private_values() -> set[str]:
    """Every candidate's name, birth date (as written and as printed) and ID numbers in the samples."""
    found = set()
    for path in (SAMPLES / "ung-vien").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.add(data["ho_ten"])
        born = str(data["ngay_sinh"])
        found.add(born)
        parts = re.split(r"[-/]", born)
        if len(parts[0]) == 4:
            y, m, d = parts
        else:
            d, m, y = parts
        found |= {f"{d}/{m}/{y}", f"{int(d)}/{int(m)}/{y}", f"{y}-{m}-{d}", f"{d}-{m}-{y}"}
        for key in ("so_can_cuoc", "so_ly_lich", "so_the_dang"):
            if data.get(key):
                found.add(str(data[key]))
    return found


def test_the_combined_outputs_hold_no_personal_data(chain, tmp_path):
    files, upper = chain
    texts = {}
    for fmt in ("json", "xlsx", "docx"):
        out = tmp_path / f"phuong.{fmt}"
        result = run(*files, upper, "--year", 2026, "--ngay", "2026-12-31", "--format", fmt, "-o", out)
        assert result.exit_code == 0, result.output
        if fmt == "json":
            texts[fmt] = out.read_text(encoding="utf-8")
        else:
            with zipfile.ZipFile(out) as package:
                texts[fmt] = html.unescape("".join(package.read(n).decode("utf-8", "replace")
                                                   for n in package.namelist() if n.endswith(".xml")))
    texts["summaries"] = "".join(f.read_text(encoding="utf-8") for f in files)
    private = _private_values()
    assert len(private) > 40
    for fmt, text in texts.items():
        leaked = sorted(v for v in private if v in text)
        assert leaked == [], f"{fmt}: {leaked}"
    assert "Đảng bộ Trường B" in texts["xlsx"] and "Đảng bộ Trường B" in texts["docx"]


@pytest.mark.parametrize("hostile, message", [
    ("twice", "được đưa vào hai lần"),
    ("own", "đã có trong số liệu tổng hợp"),
    ("same_org", "đã có trong số liệu tổng hợp"),
    ("period", "khác kỳ đang tổng hợp"),
    ("not_json", "không phải tệp JSON"),
    ("schema", "không đúng mẫu báo cáo của dossier"),
    ("negative", "không đúng mẫu báo cáo của dossier"),
    ("extra_key", "không đúng mẫu báo cáo của dossier"),
    ("total", "số liệu tổng (tong) không bằng tổng số liệu các đơn vị"),
    ("counting", "không cộng được"),
])
def test_hostile_summaries_are_refused_naming_the_file(chain, tmp_path, hostile, message):
    files, upper = chain
    bad = tmp_path / "bad.json"
    data = json.loads(files[0].read_text(encoding="utf-8"))
    given = [files[0], upper]
    if hostile == "twice":
        given = [files[0], files[1], files[0], upper]
        bad = files[0]
    elif hostile == "own":  # a grassroots workspace and its own summary
        given = [_grassroots(tmp_path / "again", "A"), files[0]]
        bad = files[0]
    else:
        if hostile == "same_org":
            given = [files[0], bad, upper]
        elif hostile == "period":
            data["ky"]["tu_ngay"] = "2026-01-02"
        elif hostile == "schema":
            data["tong"]["ket_nap"] = "3"
        elif hostile == "negative":
            data["don_vi"][0]["ket_nap"] = -1
        elif hostile == "extra_key":
            data["tong"]["ho_ten"] = "Nguyễn Thị Hoa"
        elif hostile == "total":
            data["tong"]["ket_nap"] += 1
        elif hostile == "counting":
            data["ket_nap_theo"] = {"code": "le_ket_nap", "label": "ngày tổ chức lễ kết nạp"}
        bad.write_text("{not json" if hostile == "not_json" else json.dumps(data, ensure_ascii=False),
                       encoding="utf-8")
        if hostile != "same_org":
            given = [bad, upper]
    result = run(*given, "--year", 2026, "--ngay", "2026-12-31", "--format", "json")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert message in result.output and bad.name in result.output, result.output
