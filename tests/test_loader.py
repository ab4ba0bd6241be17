"""The YAML loader: values, positions, and every way a file can be unreadable."""

import unicodedata

import pytest
import yaml

from dossier.loader import load
from dossier.resources import read_packaged
from dossier.yaml_document import Document, format_field_path


def write(tmp_path, text, name="x.yaml", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def codes(findings):
    return [f.code for f in findings]


def test_values_keep_what_the_user_typed(tmp_path):
    doc, findings = load(write(tmp_path, (
        "loai: ung_vien\n"
        "so_can_cuoc: 019304001234\n"      # leading zero: stays text
        "ngay_sinh: 2004-05-12\n"          # date: stays text, checked by the schema
        "ton_giao: no\n"                   # YAML 1.1 'no' is not false
        "nam_sinh: 1975\n"
        "ty_le: 0.5\n"
        "dang_vien: true\n"
        "ghi_chu:\n"
        "giao_duc: 12/12\n"
    )))
    assert findings == []
    assert doc.data == {
        "loai": "ung_vien", "so_can_cuoc": "019304001234", "ngay_sinh": "2004-05-12",
        "ton_giao": "no", "nam_sinh": 1975, "ty_le": 0.5, "dang_vien": True, "ghi_chu": None,
        "giao_duc": "12/12",
    }


def test_positions_of_values_and_keys(tmp_path):
    doc, _ = load(write(tmp_path, "a: 1\ngia_dinh:\n  - ho_ten: X\n    nam_sinh: 1975\n"))
    loc = doc.location(("gia_dinh", 0, "nam_sinh"))
    assert (loc.line, loc.column, loc.field) == (4, 15, "gia_dinh[1].nam_sinh")
    key = doc.location(("gia_dinh", 0, "nam_sinh"), key=True)
    assert (key.line, key.column) == (4, 5)
    # a path that does not exist falls back to the nearest enclosing value
    assert doc.location(("gia_dinh", 0, "khong_co")).line == 3


def test_field_path_counts_items_from_one():
    assert format_field_path(("gia_dinh", 1, "nam_sinh")) == "gia_dinh[2].nam_sinh"
    assert format_field_path(()) == ""


def test_duplicate_key_is_reported_with_both_lines(tmp_path):
    doc, findings = load(write(tmp_path, "ho_ten: A\nngay_sinh: 2000-01-01\nho_ten: B\n"))
    assert codes(findings) == ["yaml.duplicate_key"]
    assert findings[0].location.line == 3
    assert "dòng 1" in findings[0].message
    assert doc.data["ho_ten"] == "A"


def test_text_is_normalised_to_nfc(tmp_path):
    name = unicodedata.normalize("NFD", "Nguyễn Thị Hằng")
    doc, _ = load(write(tmp_path, f"ho_ten: {name}\n"))
    assert doc.data["ho_ten"] == "Nguyễn Thị Hằng"
    assert unicodedata.is_normalized("NFC", doc.data["ho_ten"])


def test_quotes_around_a_whole_value_are_taken_off_with_an_info_finding(tmp_path):
    """Issue #16 item 7: Word's quotes pasted around a value are not YAML's."""
    doc, findings = load(write(tmp_path, (
        "dan_toc: “Kinh”\n"                        # Word's double quotes
        "ton_giao: ‘Không’\n"                      # Word's single quotes
        "noi_sinh: « Xã Đại Từ »\n"                # guillemets, with spaces inside
        "que_quan: ”Xã Yên Lạc”\n"                 # two closing quotes (autocorrect gone wrong)
        "nghe_nghiep: '\"Sinh viên\"'\n"           # straight quotes kept inside YAML's quotes
        "so_can_cuoc: “019304001234”\n"            # stays text, as in YAML's quotes
        "ghi_chu: \"“Kinh”\"\n"                    # both
        "dan_toc_khac: ‘H’Mông’\n"                 # an apostrophe between letters is no quote
        "ho_ten: Nguyễn Văn “Tư”\n"                # quotes inside the value are the user's
        "bi_danh: “Tư” và “Tèo”\n"                 # two quotations, not one around the whole
        "lich_su: |\n  “Một đoạn trích dẫn.”\n"     # a block of text is written as it is
        "nam_sinh: 1975\n"
    )))
    assert doc.data == {
        "dan_toc": "Kinh", "ton_giao": "Không", "noi_sinh": "Xã Đại Từ", "que_quan": "Xã Yên Lạc",
        "nghe_nghiep": "Sinh viên", "so_can_cuoc": "019304001234", "ghi_chu": "Kinh",
        "dan_toc_khac": "H’Mông", "ho_ten": "Nguyễn Văn “Tư”", "bi_danh": "“Tư” và “Tèo”",
        "lich_su": "“Một đoạn trích dẫn.”\n", "nam_sinh": 1975,
    }
    assert {f.severity for f in findings} == {"info"}
    assert {f.code for f in findings} == {"text.quotes_removed"}
    where = {f.location.field: (f.location.path, f.location.line, f.location.column) for f in findings}
    assert where == {
        "dan_toc": (str(tmp_path / "x.yaml"), 1, 10), "ton_giao": (str(tmp_path / "x.yaml"), 2, 11),
        "noi_sinh": (str(tmp_path / "x.yaml"), 3, 11), "que_quan": (str(tmp_path / "x.yaml"), 4, 11),
        "nghe_nghiep": (str(tmp_path / "x.yaml"), 5, 14), "so_can_cuoc": (str(tmp_path / "x.yaml"), 6, 14),
        "ghi_chu": (str(tmp_path / "x.yaml"), 7, 10), "dan_toc_khac": (str(tmp_path / "x.yaml"), 8, 15),
    }
    first = next(f for f in findings if f.location.field == "dan_toc")
    assert "“…”" in first.message and "'Kinh'" in first.message


def test_quotes_in_a_list_item_are_located_by_item(tmp_path):
    doc, findings = load(write(tmp_path, "gia_dinh:\n  - ho_ten: A\n  - ho_ten: “Đỗ Văn Kiểm”\n"))
    assert doc.data["gia_dinh"][1]["ho_ten"] == "Đỗ Văn Kiểm"
    (finding,) = findings
    assert (finding.location.line, finding.location.field) == (3, "gia_dinh[2].ho_ten")


@pytest.mark.parametrize(
    "content, code, line",
    [
        ("a:\n\tb: 1\n", "yaml.syntax", 2),
        ("a: [1, 2\n", "yaml.syntax", None),
        ("a: 'chưa đóng\n", "yaml.syntax", None),
        ("a: 1\n---\nb: 2\n", "yaml.syntax", None),
        ("- a\n- b\n", "yaml.not_mapping", 1),
        ("", "file.empty", None),
        ("# chỉ có chú thích\n\n", "file.empty", None),
        ("a: *khong_co\n", "yaml.syntax", 1),
    ],
)
def test_unreadable_yaml_gives_located_findings(tmp_path, content, code, line):
    _, findings = load(write(tmp_path, content))
    assert codes(findings) == [code]
    if line is not None:
        assert findings[0].location.line == line
    assert findings[0].message and findings[0].message[0].islower()  # Vietnamese sentence, no English


def test_billion_laughs_is_refused_quickly(tmp_path):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    _, findings = load(write(tmp_path, "\n".join(lines) + "\n"))
    assert codes(findings) == ["yaml.too_complex"]


def test_large_file_is_refused(tmp_path):
    _, findings = load(write(tmp_path, "a: " + "x" * (3 * 1024 * 1024) + "\n"))
    assert codes(findings) == ["file.too_large"]


@pytest.mark.parametrize(
    "raw",
    [
        "ho_ten: Nguyễn Văn Đức\n".encode("utf-16"),
        b"ho_ten: \xd0\xfd\xecc\n",  # "Đức" in Windows-1258 (tone as a combining mark)
        b"ho_ten: Nguy\xd4n V\xb5n \xa7\xf8c\n",  # TCVN3 (ABC) bytes
    ],
)
def test_wrong_encodings_are_explained(tmp_path, raw):
    _, findings = load(write(tmp_path, raw))
    assert codes(findings) == ["file.encoding"]
    assert "UTF-8" in findings[0].message


def test_utf8_bom_is_accepted(tmp_path):
    doc, findings = load(write(tmp_path, b"\xef\xbb\xbfho_ten: A\n"))
    assert findings == [] and doc.data == {"ho_ten": "A"}


def test_kind(tmp_path):
    doc, _ = load(write(tmp_path, "loai: lop\n"))
    assert isinstance(doc, Document) and doc.kind == "lop"


def test_packaged_files_read_the_same_through_libyaml():
    from dossier import catalog, rulesets, workdays

    packaged = [catalog.CATALOG_FILE, workdays.SUPPLEMENT_FILE, *sorted(rulesets.RULESET_DIR.glob("*.yaml"))]
    assert len(packaged) >= 4
    for path in packaged:
        assert read_packaged(path) == yaml.safe_load(path.read_text(encoding="utf-8")), path
