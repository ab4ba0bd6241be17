"""dossier init / dossier new (issue #19 item 1): a workspace from nothing,
files generated from the schemas, the class file edited through yaml_writer."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLES
from dossier import yaml_writer
from dossier.cli import cli

INIT = ["--dia-danh", "Bình Minh", "--co-so", "Đảng bộ Trường Cao đẳng Công nghệ Bình Minh",
        "--cap-tren", "Đảng bộ phường Bình Minh", "--ky-co-so", "Lê Văn Khải",
        "--ky-cap-tren", "Hoàng Minh Tuấn, Bí thư", "--ky-cap-tren", "Đặng Thị Thu Hà, Phó Bí thư",
        "--chi-bo", "Chi bộ Khoa Công nghệ thông tin", "--chi-bo", "Chi bộ Phòng Đào tạo",
        "--dang-vien", "Chi bộ Khoa Công nghệ thông tin: Ngô Văn Đức, 19/5/2008, 19/5/2009",
        "--dang-vien", "Chi bộ Khoa Công nghệ thông tin: Vũ Quang Huy, 3/3/2016, 3/3/2017",
        "--dang-vien", "chi bo phong dao tao: Trịnh Văn Long, 7/11/2003, 7/11/2004"]
CLASS = ["new", "lop", "--ma", "NTVĐ-2026-01", "--ten", "Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2026",
         "--tu-ngay", "17/11/2025", "--den-ngay", "21/11/2025", "--ngay-cap", "28/11/2025"]
PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]


def run(*args, cwd=None, monkeypatch=None):
    if cwd is not None:
        monkeypatch.chdir(cwd)
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def started(tmp_path, monkeypatch):
    """A workspace under a folder name with a space and Vietnamese letters, a class and three people."""
    ws = tmp_path / "Hồ sơ kết nạp 2026"
    assert run("init", ws, *INIT).exit_code == 0
    monkeypatch.chdir(ws)
    assert run(*CLASS).exit_code == 0
    for name in PEOPLE:
        result = run("new", "ung-vien", name, "--lop", "lop/ntvd-2026-01.yaml", "--chi-bo", "cb-khoa-cong-nghe-thong-tin")
        assert result.exit_code == 0, result.output
    return ws


def test_init_makes_a_workspace_that_validates(tmp_path):
    ws = tmp_path / "ws"
    result = run("init", ws, *INIT)
    assert result.exit_code == 0, result.output
    assert "✓ Đã tạo" in result.output
    assert sorted(p.name for p in ws.iterdir()) == [".dossier", "README.txt", "lop", "to-chuc.yaml", "ung-vien"]
    text = (ws / "to-chuc.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=.dossier/schemas/to-chuc.schema.json\n")
    assert (ws / ".dossier/schemas/to-chuc.schema.json").is_file()
    assert "  co_quan: cap-tren" in text and "  tap_the: Ban Thường vụ" in text
    assert "ten_cap_uy: Đảng ủy phường Bình Minh" in text
    assert "# bo_quy_tac:" in text  # an optional field, commented out with its label
    readme = (ws / "README.txt").read_text(encoding="utf-8")
    assert "ung-vien/" in readme and "dossier new ung-vien" in readme
    result = run("validate", ws)
    assert result.exit_code == 0 and "0 lỗi, 0 cảnh báo" in result.output, result.output


def test_init_never_overwrites(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "to-chuc.yaml").write_text("# của tôi\n", encoding="utf-8")
    result = run("init", ws, *INIT)
    assert result.exit_code == 0
    assert "Giữ nguyên" in result.output
    assert (ws / "to-chuc.yaml").read_text(encoding="utf-8") == "# của tôi\n"


def test_a_chi_bo_without_members_is_refused(tmp_path):
    result = run("init", tmp_path / "ws", "--dia-danh", "X", "--co-so", "Đảng bộ Y", "--chi-bo", "Chi bộ Z")
    assert result.exit_code == 2
    assert "chi bộ 'Chi bộ Z' chưa có đảng viên nào" in result.output
    assert not (tmp_path / "ws" / "to-chuc.yaml").exists()


def test_new_candidates_validate_at_once_and_join_the_class(started):
    result = run("validate", ".")
    assert result.exit_code == 0, result.output
    assert "0 lỗi" in result.output
    assert "[data.not_yet_given]" in result.output and "[class.certificate_number_missing]" in result.output
    cls = (started / "lop/ntvd-2026-01.yaml").read_text(encoding="utf-8")
    assert re.findall(r"- ho_so: (\S+)", cls) == [
        "../ung-vien/nguyen-van-an.yaml", "../ung-vien/tran-thi-binh.yaml", "../ung-vien/le-van-cuong.yaml"]
    backups = list((started / ".dossier/sao-luu").rglob("ntvd-2026-01.yaml"))
    assert backups and "hoc_vien: []" in backups[0].read_text(encoding="utf-8")


def test_the_candidate_skeleton_is_the_schema_in_order(started):
    """Every field of the schema, in the schema's order (the personal history),
    each with its Vietnamese title; only the known ones written."""
    text = (started / "ung-vien/nguyen-van-an.yaml").read_text(encoding="utf-8")
    schema = json.loads((ROOT / "schemas/ung-vien.schema.json").read_text(encoding="utf-8"))
    top = re.findall(r"^(?:# )?([a-z_]+):", text, flags=re.M)
    assert top == list(schema["properties"])
    for name, node in schema["properties"].items():
        assert re.search(rf"^(# )?{name}:.*# {re.escape(node['title'])}", text, flags=re.M), name
    written = re.findall(r"^([a-z_]+):", text, flags=re.M)
    assert written == ["loai", "chi_bo", "ho_ten"]
    assert "#   - quan_he:" in text and "#     nam_sinh:" in text  # list fields show an item
    assert "#     ngay:" in text  # a milestone shows its date


def test_a_second_file_for_the_same_name_is_refused(started):
    before = (started / "ung-vien/nguyen-van-an.yaml").read_bytes()
    result = run("new", "ung-vien", "Nguyễn Văn An")
    assert result.exit_code == 1
    assert "đã có tệp ung-vien/nguyen-van-an.yaml; không ghi đè" in result.output
    assert (started / "ung-vien/nguyen-van-an.yaml").read_bytes() == before


def test_an_unknown_chi_bo_lists_those_there_are(started):
    result = run("new", "ung-vien", "Phạm Văn Dũng", "--chi-bo", "cb-dao-taoo")
    assert result.exit_code == 2
    assert "chi bộ 'cb-dao-taoo' không có trong to-chuc.yaml; có phải ý bạn là 'cb-phong-dao-tao'?" in result.output
    assert not (started / "ung-vien/pham-van-dung.yaml").exists()


def test_new_candidate_in_the_samples_changes_one_line_of_the_class(workspace, monkeypatch):
    cls = workspace / "lop/lop-2026-01.yaml"
    before = cls.read_text(encoding="utf-8")
    result = run("new", "ung-vien", "Phạm Văn Dũng", "--lop", cls, "--chi-bo", "cb-cntt", cwd=workspace,
                 monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    after = cls.read_text(encoding="utf-8")
    assert after == before + "  - ho_so: ../ung-vien/pham-van-dung.yaml\n"
    result = run("validate", workspace)
    assert result.exit_code == 0, result.output


def test_certificate_number_is_optional_and_reported_missing(workspace):
    cls = workspace / "lop/lop-2026-01.yaml"
    text = cls.read_text(encoding="utf-8")
    cls.write_text(text.replace('    so_chung_nhan: "1256"\n', "", 1), encoding="utf-8")
    result = run("validate", cls)
    assert result.exit_code == 0, result.output
    assert ("cảnh báo [class.certificate_number_missing] hoc_vien[1]: học viên '../ung-vien/nguyen-thi-hoa.yaml' "
            "chưa có số giấy chứng nhận (so_chung_nhan)") in result.output


@pytest.mark.slow
def test_from_nothing_to_three_dossiers(started):
    """init → new lop → new ung-vien ×3 → validate → a few fields filled (through yaml_writer) → build."""
    for i, path in enumerate(sorted((started / "ung-vien").glob("*.yaml"))):
        def fill(data, i=i):
            data.update({"gioi_tinh": "Nam", "ngay_sinh": dt.date(2000 + i, 3, 1),
                         "noi_sinh": "Xã Phú Bình, tỉnh Thái Nguyên", "que_quan": "Xã Phú Bình, tỉnh Thái Nguyên",
                         "thuong_tru": "Xã Phú Bình, tỉnh Thái Nguyên", "dan_toc": "Kinh", "ton_giao": "Không",
                         "nghe_nghiep": "Giảng viên", "so_can_cuoc": f"01930400123{i}",
                         "trinh_do": {"giao_duc_pho_thong": "12/12"},
                         "moc": {"don_xin_vao_dang": {"ngay": dt.date(2026, 1, 15)}}})
        assert yaml_writer.edit(path, fill, started)

    def numbers(data):
        for i, entry in enumerate(data["hoc_vien"]):
            entry["so_chung_nhan"] = f"{i + 1:04d}"
    yaml_writer.edit(started / "lop/ntvd-2026-01.yaml", numbers, started)
    result = run("validate", ".")
    assert result.exit_code == 0 and "0 lỗi, 0 cảnh báo" in result.output, result.output
    result = run("build", ".", "-o", started.parent / "out", "--quiet")
    assert result.exit_code == 0, result.output
    bundles = sorted(p.name for p in (started.parent / "out").rglob("ho-so-ket-nap-*.pdf"))
    assert bundles == ["ho-so-ket-nap-le-van-cuong.pdf", "ho-so-ket-nap-nguyen-van-an.pdf",
                       "ho-so-ket-nap-tran-thi-binh.pdf"]


def test_the_data_model_says_which_fields_are_required_and_when():
    """docs/data-model.md names, from the schemas, the three fields always required of a
    candidate, those required once a step exists (with the warning before), and that a
    class's certificate number is optional (with its warning)."""
    from conftest import ROOT
    from dossier.schema import load_schema

    text = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")
    section = " ".join(text[text.index("## Trường bắt buộc"):text.index("## Ngày, tháng, năm")].split())
    schema = load_schema("ung_vien")
    always = schema["required"]
    later = [name for rule in schema["allOf"] for name in rule.get("then", {}).get("required", [])]
    assert sorted(always) == ["chi_bo", "ho_ten", "loai"]
    assert "Luôn bắt buộc chỉ ba trường: " + ", ".join(f"`{n}`" for n in always) in section
    assert ", ".join(f"`{n}`" for n in later) in section and "`data.not_yet_given`" in section
    assert load_schema("lop")["properties"]["hoc_vien"]["items"]["required"] == ["ho_so"]
    assert "`so_chung_nhan` **không bắt buộc**" in section and "`class.certificate_number_missing`" in section
