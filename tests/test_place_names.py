"""Place names of the time (issue #18): old names entered by the user, in the
candidate file (``dia_danh_cu``) and in to-chuc.yaml (``ten_cu``); each
document prints the names in use on its own date. No merger table."""

from __future__ import annotations

import datetime as dt

from conftest import edit
from dossier import place_names
from test_forms_ca_nhan import build, full_text, render

D = dt.date


def test_address_by_date():
    data = {"que_quan": "Xã Lạng Giang, tỉnh Bắc Ninh",
            "dia_danh_cu": [{"den_ngay": "2025-06-30", "que_quan": "Xã Tân Dĩnh, huyện Lạng Giang, tỉnh Bắc Giang"},
                            {"den_ngay": "1997-01-01", "que_quan": "Xã Tân Dĩnh, huyện Lạng Giang, tỉnh Hà Bắc"}]}
    assert place_names.address(data, "que_quan", D(1990, 1, 1)) == "Xã Tân Dĩnh, huyện Lạng Giang, tỉnh Hà Bắc"
    assert place_names.address(data, "que_quan", D(2025, 6, 30)) == "Xã Tân Dĩnh, huyện Lạng Giang, tỉnh Bắc Giang"
    assert place_names.address(data, "que_quan", D(2025, 7, 1)) == "Xã Lạng Giang, tỉnh Bắc Ninh"
    assert place_names.address(data, "que_quan", None) == "Xã Lạng Giang, tỉnh Bắc Ninh"
    assert place_names.with_former(data, "que_quan", D(2025, 7, 1)) == (
        "Xã Lạng Giang, tỉnh Bắc Ninh (tên cũ: xã Tân Dĩnh, huyện Lạng Giang, tỉnh Bắc Giang)")
    assert place_names.address(data, "thuong_tru", D(2020, 1, 1)) == ""  # nothing entered, nothing invented


def test_a_body_prints_its_name_of_the_documents_date(workspace, tmp_path):
    """The chi bộ was "Chi bộ Khoa Cơ khí" until 31/8/2025 and its place line
    "Thị trấn Bình Minh": Lại Văn Cường's 5-KNĐ (05/8/2025) says so, his 13-KNĐ
    (25/9/2026) prints today's name."""
    edit(workspace / "to-chuc.yaml", "    ten: Chi bộ Khoa Cơ khí - Động lực\n",
         "    ten: Chi bộ Khoa Cơ khí - Động lực\n    ten_cu:\n      - den_ngay: 2025-08-31\n"
         "        ten: Chi bộ Khoa Cơ khí\n        dia_danh: Thị trấn Bình Minh\n")
    (before,) = build("5-KNĐ", "lai-van-cuong", workspace)
    assert " ".join(before.values["van_ban"]["co_quan"].split()) == "CHI BỘ KHOA CƠ KHÍ"
    assert before.values["van_ban"]["dong_ngay"] == "Thị trấn Bình Minh, ngày 05 tháng 8 năm 2025"
    text = full_text(render(before, tmp_path))
    assert "KHOA CƠ KHÍ - ĐỘNG LỰC" not in text
    (after,) = build("13-KNĐ", "lai-van-cuong", workspace)
    assert " ".join(after.values["van_ban"]["co_quan"].split()) == "CHI BỘ KHOA CƠ KHÍ - ĐỘNG LỰC"
    assert after.values["van_ban"]["dong_ngay"].startswith("Bình Minh, ngày 25 tháng 9 năm 2026")
    assert after.values["uv"]["chi_bo"] == "Chi bộ Khoa Cơ khí - Động lực"
