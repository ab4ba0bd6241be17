"""Tests for dossier.vietnamese: dates, names, capitals, numbers, sorting."""

from __future__ import annotations

import datetime
import unicodedata
from datetime import date
from fractions import Fraction

import pytest

from dossier import vietnamese as vn
from dossier.vietnamese import (
    NBSP,
    cong_thang,
    dong_ngay,
    in_hoa,
    khoa_sap_xep,
    khong_dau,
    ngay_ngan,
    ngay_thang_nam,
    nfc,
    parse_ngay,
    parse_thang,
    phan_tram,
    sap_xep_ten,
    slug,
    so,
    so_thang_tron,
    ten_goi,
    thang_nam,
    thang_nam_day_du,
    viet_hoa_ho_ten,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# --------------------------------------------------------------------- nfc


def test_nfc_composes_decomposed_input():
    name = "Nguyễn Thị Hoa"
    assert nfd(name) != name
    assert nfc(nfd(name)) == name
    assert nfc(name) == name


# ------------------------------------------------------------- parse_ngay


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-03-15", date(2026, 3, 15)),
        ("2026-3-5", date(2026, 3, 5)),
        ("15/03/2026", date(2026, 3, 15)),
        ("5/3/2026", date(2026, 3, 5)),
        ("05/03/2026", date(2026, 3, 5)),
        (" 26/5/2025 ", date(2025, 5, 26)),
        ("25-7-2016", date(2016, 7, 25)),
        ("15.03.2026", date(2026, 3, 15)),
        ("29/02/2024", date(2024, 2, 29)),
        ("ngày 03 tháng 4 năm 2018", date(2018, 4, 3)),
        ("Ngày 20 tháng 01 năm 2025", date(2025, 1, 20)),
        (nfd("ngày 26 tháng 5 năm 2025"), date(2025, 5, 26)),
    ],
)
def test_parse_ngay_accepts(text, expected):
    assert parse_ngay(text) == expected


def test_parse_ngay_passes_dates_through():
    assert parse_ngay(date(2025, 5, 26)) == date(2025, 5, 26)
    assert parse_ngay(datetime.datetime(2025, 5, 26, 14, 30)) == date(2025, 5, 26)


@pytest.mark.parametrize(
    "text, message",
    [
        ("31/02/2026", "Ngày 31/02/2026 không tồn tại: tháng 2 năm 2026 chỉ có 28 ngày"),
        ("29/02/2025", "Ngày 29/02/2025 không tồn tại: tháng 2 năm 2025 chỉ có 28 ngày"),
        ("2026-02-30", "Ngày 2026-02-30 không tồn tại: tháng 2 năm 2026 chỉ có 28 ngày"),
        ("31/4/2026", "Ngày 31/4/2026 không tồn tại: tháng 4 năm 2026 chỉ có 30 ngày"),
        ("15/13/2026", "Ngày 15/13/2026 không tồn tại: không có tháng 13 (tháng chỉ từ 1 đến 12)"),
        ("0/1/2026", "Ngày 0/1/2026 không tồn tại: không có ngày 0 (ngày bắt đầu từ 1)"),
        ("2026-00-10", "Ngày 2026-00-10 không tồn tại: không có tháng 0 (tháng chỉ từ 1 đến 12)"),
        ("0000-01-01", "Ngày 0000-01-01 không tồn tại: không có năm 0"),
        # Day and month swapped (year-day-month, or the American month/day/year):
        # say that month 13 does not exist, and write the date probably meant.
        ("2026-13-01", "Ngày 2026-13-01 không tồn tại: không có tháng 13 (tháng chỉ từ 1 đến 12); "
                       "nếu 13 là ngày thì ghi 13/01/2026"),
        ("01/13/2026", "Ngày 01/13/2026 không tồn tại: không có tháng 13 (tháng chỉ từ 1 đến 12); "
                       "nếu 13 là ngày thì ghi 13/01/2026"),
        ("ngày 5 tháng 13 năm 2026", "ngày 5 tháng 13 năm 2026 không tồn tại: không có tháng 13 "
                                     "(tháng chỉ từ 1 đến 12); nếu 13 là ngày thì ghi 13/05/2026"),
    ],
)
def test_parse_ngay_impossible_dates(text, message):
    with pytest.raises(ValueError) as info:
        parse_ngay(text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    "text",
    ["", "hôm qua", "15/03", "2026/03/15x", "15/03-2026", "15 3 2026", "abc/de/fghi", "2026-03"],
)
def test_parse_ngay_bad_spelling(text):
    with pytest.raises(ValueError, match="Không hiểu ngày"):
        parse_ngay(text)


@pytest.mark.parametrize("text", ["5/3/26", "15/03/202", "15/03/20260"])
def test_parse_ngay_needs_four_digit_year(text):
    with pytest.raises(ValueError, match="4 chữ số"):
        parse_ngay(text)


def test_parse_ngay_1900_and_2000_leap_years():
    assert parse_ngay("29/02/2000") == date(2000, 2, 29)
    with pytest.raises(ValueError, match="không tồn tại"):
        parse_ngay("29/02/1900")


# ------------------------------------------------------------ parse_thang


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2018-09", (2018, 9)),
        ("09/2018", (2018, 9)),
        ("9/2018", (2018, 9)),
        ("9-2000", (2000, 9)),
        ("tháng 9-2000", (2000, 9)),
        ("12/1999", (1999, 12)),
        ("2018-1", (2018, 1)),
    ],
)
def test_parse_thang_accepts(text, expected):
    assert parse_thang(text) == expected


@pytest.mark.parametrize("text", ["13/2018", "0/2018", "2018-13", "2018-00"])
def test_parse_thang_impossible_month(text):
    with pytest.raises(ValueError, match="không tồn tại"):
        parse_thang(text)


def test_parse_thang_says_which_month_does_not_exist():
    with pytest.raises(ValueError) as info:
        parse_thang("2018-13")
    assert str(info.value) == "Tháng 2018-13 không tồn tại: không có tháng 13 (tháng chỉ từ 1 đến 12)"


@pytest.mark.parametrize("text", ["", "tháng chín", "2018", "15/03/2018", "9/18"])
def test_parse_thang_bad_spelling(text):
    with pytest.raises(ValueError):
        parse_thang(text)


def test_parse_thang_round_trips_with_thang_nam():
    assert thang_nam(*parse_thang("09/2018")) == "9-2018"


# ---------------------------------------------------------- ngay_thang_nam


@pytest.mark.parametrize(
    "d, expected",
    [
        # The examples of the domain notes §9 (headers of 36-HD/VPTW, 232, 294).
        (date(2025, 1, 20), "ngày 20 tháng 01 năm 2025"),
        (date(2025, 5, 26), "ngày 26 tháng 5 năm 2025"),
        (date(2018, 4, 3), "ngày 03 tháng 4 năm 2018"),
        (date(2018, 2, 20), "ngày 20 tháng 02 năm 2018"),
    ],
)
def test_ngay_thang_nam_domain_examples(d, expected):
    assert ngay_thang_nam(d) == expected


@pytest.mark.parametrize(
    "month, written",
    [
        (1, "01"),
        (2, "02"),
        (3, "3"),
        (4, "4"),
        (5, "5"),
        (6, "6"),
        (7, "7"),
        (8, "8"),
        (9, "9"),
        (10, "10"),
        (11, "11"),
        (12, "12"),
    ],
)
def test_ngay_thang_nam_month_padding_every_month(month, written):
    assert ngay_thang_nam(date(2025, month, 15)) == f"ngày 15 tháng {written} năm 2025"


@pytest.mark.parametrize("day, written", [(1, "01"), (9, "09"), (10, "10"), (31, "31")])
def test_ngay_thang_nam_day_padding(day, written):
    assert ngay_thang_nam(date(2025, 12, day)) == f"ngày {written} tháng 12 năm 2025"


# -------------------------------------------------------------- dong_ngay


def test_dong_ngay_with_date():
    assert dong_ngay("Hạ Long", date(2018, 2, 20)) == "Hạ Long, ngày 20 tháng 02 năm 2018"
    assert dong_ngay("Thái Nguyên", date(2025, 7, 1)) == "Thái Nguyên, ngày 01 tháng 7 năm 2025"


def test_dong_ngay_normalises_place():
    out = dong_ngay(nfd("  Hạ   Long "), date(2018, 2, 20))
    assert out == "Hạ Long, ngày 20 tháng 02 năm 2018"
    assert is_nfc(out)


def test_dong_ngay_blank_line_uses_non_breaking_gaps():
    out = dong_ngay("Hạ Long", None)
    gap = vn.KHOANG_TRONG
    assert out == f"Hạ Long, ngày{gap}tháng{gap}năm 20…"
    assert set(gap) == {NBSP} and len(gap) >= 5
    # The gaps are not ordinary spaces, so Word keeps them as typed: the only
    # ordinary spaces are after the comma and between "năm" and the year.
    assert out.removeprefix("Hạ Long").count(" ") == 2


def test_dong_ngay_blank_line_with_known_year():
    out = dong_ngay("Hạ Long", None, nam=2026)
    assert out.startswith("Hạ Long, ngày" + NBSP)
    assert out.endswith(NBSP + "năm 2026")


def test_dong_ngay_without_place():
    assert dong_ngay("", date(2025, 5, 26)) == "ngày 26 tháng 5 năm 2025"


# ------------------------------------------------------ short date forms


@pytest.mark.parametrize(
    "d, expected",
    [
        (date(2025, 5, 26), "26/5/2025"),
        (date(2018, 4, 3), "3/4/2018"),
        (date(2025, 1, 20), "20/1/2025"),
        (date(2025, 12, 31), "31/12/2025"),
    ],
)
def test_ngay_ngan(d, expected):
    assert ngay_ngan(d) == expected


def test_thang_nam():
    assert thang_nam(2000, 9) == "9-2000"
    assert thang_nam(2018, 12) == "12-2018"
    assert thang_nam(2018, 1) == "1-2018"
    assert thang_nam_day_du(2000, 9) == "tháng 9-2000"
    with pytest.raises(ValueError):
        thang_nam(2000, 13)
    with pytest.raises(ValueError):
        thang_nam_day_du(2000, 0)


# ------------------------------------------------------------------ in_hoa


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Đảng bộ tỉnh Thái Nguyên", "ĐẢNG BỘ TỈNH THÁI NGUYÊN"),
        ("đảng cộng sản việt nam", "ĐẢNG CỘNG SẢN VIỆT NAM"),
        ("Nguyễn Thị Hoa", "NGUYỄN THỊ HOA"),
        ("Đặng Thùy Dương", "ĐẶNG THÙY DƯƠNG"),
        ("Lữ Ngọc Ẩn, ưng ý, ơn, ắt, ấm, ỳ", "LỮ NGỌC ẨN, ƯNG Ý, ƠN, ẮT, ẤM, Ỳ"),
        ("chi bộ 3", "CHI BỘ 3"),
        ("", ""),
    ],
)
def test_in_hoa(text, expected):
    assert in_hoa(text) == expected
    assert in_hoa(nfd(text)) == expected
    assert is_nfc(in_hoa(nfd(text)))


def test_in_hoa_nfd_input_gives_nfc_output():
    out = in_hoa(nfd("nguyễn đức thắng"))
    assert out == "NGUYỄN ĐỨC THẮNG"
    assert len(out) == len("NGUYỄN ĐỨC THẮNG")  # composed, one code point per letter


# ---------------------------------------------------------- viet_hoa_ho_ten


@pytest.mark.parametrize(
    "text, expected",
    [
        ("nguyễn  thị   hoa", "Nguyễn Thị Hoa"),
        ("  TRẦN VĂN BÌNH ", "Trần Văn Bình"),
        ("đặng\tthị\u00a0ánh", "Đặng Thị Ánh"),
        ("lê\u200b văn đức", "Lê Văn Đức"),
        ("phạm ngọc ưng", "Phạm Ngọc Ưng"),
        ("h'hen niê", "H'Hen Niê"),
        ("Nguyễn Thị Hoà", "Nguyễn Thị Hoà"),  # old-style tone placement is kept
        ("", ""),
    ],
)
def test_viet_hoa_ho_ten(text, expected):
    assert viet_hoa_ho_ten(text) == expected
    out = viet_hoa_ho_ten(nfd(text))
    assert out == expected and is_nfc(out)


def test_ten_goi():
    assert ten_goi("Nguyễn Thị Hoa") == "Hoa"
    assert ten_goi("  trần   văn bình ") == "Bình"
    assert ten_goi(nfd("Lê Đức")) == "Đức"
    assert ten_goi("Hùng") == "Hùng"
    assert ten_goi("   ") == ""


# ------------------------------------------------------------------ sorting

# Expected Vietnamese alphabetical order. Things that matter here:
# - given name first: "Trần Văn An" before "Ánh", before "Âu" (a < á? no: letters
#   "an" < "anh" < "âu" since a < â), whatever the surname;
# - â after a (Âu after Anh), đ after d (Đức after Dũng), ơ after o, ư after u;
# - with equal letters the tone decides: Ha < Hà < Hạ;
# - same given name: then surname, then middle names (Lê before Nguyễn; then
#   Nguyễn Thị before Nguyễn Văn).
SORTED_NAMES = [
    "Trần Văn An",
    "Lê Thị Ánh",
    "Vũ Ngọc Âu",
    "Phạm Thanh Bình",
    "Đỗ Văn Dũng",
    "Bùi Minh Đức",
    "Nguyễn Thị Ha",
    "Đinh Thu Hà",
    "Hoàng Thu Hà",
    "Nguyễn Thị Hạ",
    "Lê Văn Hải",
    "Nguyễn Thị Hải",
    "Nguyễn Văn Hải",
    "Đặng Văn Hùng",
    "Phan Văn Hưng",
    "Trịnh Thị Oanh",
    "Mai Văn Ơn",
    "Chu Văn Uy",
    "Hà Thị Ưng",
    "Nguyễn Thị Yến",
]


def test_sap_xep_ten_vietnamese_order():
    scrambled = [SORTED_NAMES[i] for i in (7, 3, 19, 0, 12, 5, 16, 9, 1, 14, 18, 2, 11, 4, 17, 8, 6, 15, 10, 13)]
    assert sorted(scrambled) == sorted(SORTED_NAMES)
    assert sap_xep_ten(scrambled) == SORTED_NAMES
    assert sap_xep_ten(reversed(SORTED_NAMES)) == SORTED_NAMES


def test_plain_code_point_order_would_be_wrong():
    # Guards that the fixture really exercises the Vietnamese rules.
    assert sorted(SORTED_NAMES) != SORTED_NAMES
    assert sorted(SORTED_NAMES, key=lambda n: n.split()[-1]) != SORTED_NAMES


@pytest.mark.parametrize(
    "before, after",
    [
        ("Trần An", "Lê Ánh"),  # letters first: an < anh
        ("Lê Anh", "Lê Ảnh"),  # equal letters: không dấu < hỏi
        ("Lê Ánh", "Lê Ạnh"),  # sắc < nặng
        ("Lê Âu", "Lê Bảo"),  # â before b
        ("Lê Ăn", "Lê Ân"),  # ă before â
        ("Lê Dũng", "Lê Đông"),  # every d before any đ
        ("Lê Đức", "Lê Em"),
        ("Lê Em", "Lê Êm"),  # e before ê
        ("Lê Hồng", "Lê Hơn"),  # ô before ơ
        ("Lê Hơn", "Lê Huy"),  # ơ before p … u
        ("Lê Uyên", "Lê Ưng"),  # u before ư
        ("Lê Ưng", "Lê Vân"),
        ("Lê Ha", "Lê Hà"),  # tone order: không dấu, huyền, hỏi, ngã, sắc, nặng
        ("Lê Hà", "Lê Hả"),
        ("Lê Hả", "Lê Hã"),
        ("Lê Hã", "Lê Há"),
        ("Lê Há", "Lê Hạ"),
        ("Lê Hạ", "Lê Hai"),  # a tone never outweighs a letter
        ("Võ Hoa", "An Hòa"),  # given name decides before the surname
        ("Lê Văn Hoa", "Nguyễn An Hoa"),  # then surname, before middle names
        ("Nguyễn An Hoa", "Nguyễn Văn Hoa"),  # then middle names
        ("Nguyễn Hoa", "Nguyễn An Hoa"),  # shorter name first when a prefix
    ],
)
def test_khoa_sap_xep_pairs(before, after):
    assert khoa_sap_xep(before) < khoa_sap_xep(after)


def test_khoa_sap_xep_ignores_case_spacing_and_normal_form():
    key = khoa_sap_xep("Nguyễn Thị Hoa")
    assert khoa_sap_xep("  NGUYỄN   thị hoa ") == key
    assert khoa_sap_xep(nfd("Nguyễn Thị Hoa")) == key


def test_khoa_sap_xep_tone_placement_does_not_matter_for_order():
    # "Hoà" (old style) and "Hòa" (new style) are the same name for ordering.
    assert khoa_sap_xep("Lê Thị Hoà")[0] == khoa_sap_xep("Lê Thị Hòa")[0]
    assert khoa_sap_xep("Lê Thị Hoa") < khoa_sap_xep("Lê Thị Hoà") < khoa_sap_xep("Lê Thị Hoả")


def test_sap_xep_ten_foreign_letters_and_digits():
    names = ["Ksor Zơ", "Y Wang", "Lê Fan", "Lê Em", "Lê Gấm", "Phạm Jin", "Lê In"]
    assert sap_xep_ten(names) == ["Lê Em", "Lê Fan", "Lê Gấm", "Lê In", "Phạm Jin", "Y Wang", "Ksor Zơ"]


def test_sap_xep_ten_with_key_and_stability():
    people = [
        {"ho_ten": "Nguyễn Văn Đức", "id": 1},
        {"ho_ten": "Trần Thị An", "id": 2},
        {"ho_ten": "nguyễn văn đức", "id": 3},
        {"ho_ten": "Lê Dũng", "id": 4},
    ]
    out = sap_xep_ten(people, key=lambda p: p["ho_ten"])
    assert [p["id"] for p in out] == [2, 4, 1, 3]
    assert people[0]["id"] == 1  # input untouched


def test_sap_xep_ten_returns_items_unchanged():
    names = [nfd("Đỗ Văn Dũng"), "Trần Văn An"]
    out = sap_xep_ten(names)
    assert out == ["Trần Văn An", nfd("Đỗ Văn Dũng")]


def test_sap_xep_ten_empty():
    assert sap_xep_ten([]) == []
    assert sap_xep_ten(["", "An"]) == ["", "An"]


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    "n, expected",
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1.000"),
        (1234567, "1.234.567"),
        (-1500, "-1.500"),
        (-999, "-999"),
        (10**9, "1.000.000.000"),
    ],
)
def test_so(n, expected):
    assert so(n) == expected


@pytest.mark.parametrize("bad", [1.5, "12", True, None])
def test_so_rejects_non_integers(bad):
    with pytest.raises(TypeError):
        so(bad)


@pytest.mark.parametrize(
    "a, b, kwargs, expected",
    [
        (2, 3, {}, "66,67%"),
        (1, 3, {}, "33,33%"),
        (3, 3, {}, "100%"),
        (3, 4, {}, "75%"),
        (1, 8, {}, "12,5%"),
        (0, 7, {}, "0%"),
        (1, 200, {}, "0,5%"),
        (1, 3, {"decimals": 0}, "33%"),
        (2, 3, {"decimals": 1}, "66,7%"),
        (1, 8, {"decimals": 1}, "12,5%"),  # half rounds up
        (1, 16, {"decimals": 2}, "6,25%"),
        (1, 16, {"decimals": 1}, "6,3%"),
        (25, 2, {}, "1.250%"),
        (-1, 4, {}, "-25%"),
        (Fraction(1, 2), 1, {}, "50%"),
    ],
)
def test_phan_tram(a, b, kwargs, expected):
    assert phan_tram(a, b, **kwargs) == expected


def test_phan_tram_never_rounds_to_unanimous_or_nil():
    assert phan_tram(99999, 100000) == "99,99%"
    assert phan_tram(199, 200, decimals=0) == "99%"
    assert phan_tram(1, 100000) == "0,01%"
    assert phan_tram(100000, 100000) == "100%"


def test_phan_tram_zero_denominator():
    with pytest.raises(ValueError, match="mẫu số bằng 0"):
        phan_tram(1, 0)


# ------------------------------------------------------------ ascii forms


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Nguyễn Thị Hoa", "Nguyen Thi Hoa"),
        ("Đặng Đức Thắng", "Dang Duc Thang"),
        ("đường Trần Hưng Đạo", "duong Tran Hung Dao"),
        ("Ưng Ơn Ăn Ân Ê Ô", "Ung On An An E O"),
        ("Hạ Long, ngày 20 tháng 02", "Ha Long, ngay 20 thang 02"),
    ],
)
def test_khong_dau(text, expected):
    assert khong_dau(text) == expected
    assert khong_dau(nfd(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Nguyễn Thị Hoa", "nguyen-thi-hoa"),
        (nfd("Nguyễn Thị Hoa"), "nguyen-thi-hoa"),
        ("  Đặng   Đức  Thắng!! ", "dang-duc-thang"),
        ("Chi bộ 3 / Phường Hạ Long", "chi-bo-3-phuong-ha-long"),
        ("H'Hen Niê", "h-hen-nie"),
        ("Côn", "con-x"),  # Windows device name
    ],
)
def test_slug(text, expected):
    assert slug(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "!!!", "日本語", "中文"])
def test_slug_never_empty(text):
    s = slug(text)
    assert s and s.isascii() and s == s.lower()
    assert all(c.isalnum() or c == "-" for c in s)


def test_slug_distinct_for_distinct_non_latin_text():
    assert slug("日本語") != slug("中文")
    assert slug("") == "khong-ten"


def test_slug_max_length_cuts_at_hyphen():
    s = slug("Nguyễn Thị Hoa " * 20, max_length=30)
    assert len(s) <= 30
    assert not s.endswith("-")
    assert s.startswith("nguyen-thi-hoa-nguyen")


# ---------------------------------------------------------- months, ages


@pytest.mark.parametrize(
    "tu, den, expected",
    [
        # §7: born 10/03/2008 is 18 years = 216 months on 10/03/2026.
        (date(2008, 3, 10), date(2026, 3, 10), 216),
        (date(2008, 3, 10), date(2026, 3, 9), 215),
        (date(2008, 3, 10), date(2026, 3, 11), 216),
        (date(1966, 3, 10), date(2026, 3, 10), 720),
        (date(1966, 3, 10), date(2026, 3, 11), 720),
        (date(2025, 5, 26), date(2025, 5, 26), 0),
        (date(2025, 5, 26), date(2025, 6, 25), 0),
        (date(2025, 5, 26), date(2025, 6, 26), 1),
        # Born 29/02: complete on the last day of February in non-leap years.
        (date(2008, 2, 29), date(2026, 2, 28), 216),
        (date(2008, 2, 29), date(2026, 2, 27), 215),
        (date(2008, 2, 29), date(2026, 3, 1), 216),
        # In a leap year 28/02 is not the month's last day: not yet complete.
        (date(2008, 2, 29), date(2028, 2, 28), 239),
        (date(2008, 2, 29), date(2028, 2, 29), 240),
        # 31st: complete on the 30th of a 30-day month, on 28/29 February.
        (date(2025, 1, 31), date(2025, 2, 28), 1),
        (date(2025, 1, 31), date(2025, 2, 27), 0),
        (date(2024, 1, 31), date(2024, 2, 28), 0),
        (date(2024, 1, 31), date(2024, 2, 29), 1),
        (date(2025, 3, 31), date(2025, 4, 30), 1),
        (date(2025, 3, 31), date(2025, 4, 29), 0),
        (date(2025, 3, 30), date(2025, 4, 30), 1),
        # The other way round: negative.
        (date(2026, 3, 10), date(2008, 3, 10), -216),
    ],
)
def test_so_thang_tron(tu, den, expected):
    assert so_thang_tron(tu, den) == expected


@pytest.mark.parametrize(
    "d, months, expected",
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 5, 26), 12, date(2026, 5, 26)),  # probation: 12 months
        (date(2025, 11, 15), 3, date(2026, 2, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2025, 5, 26), 0, date(2025, 5, 26)),
        (date(2020, 6, 30), 60, date(2025, 6, 30)),  # certificate: 60 months
    ],
)
def test_cong_thang(d, months, expected):
    assert cong_thang(d, months) == expected


def test_cong_thang_out_of_range():
    with pytest.raises(ValueError):
        cong_thang(date(9999, 12, 1), 1)


def test_so_thang_tron_is_inverse_of_cong_thang():
    # so_thang_tron(a, b) >= n  iff  cong_thang(a, n) <= b, over awkward dates.
    starts = [date(2024, 2, 29), date(2025, 1, 31), date(2025, 3, 30), date(2023, 12, 31), date(2025, 6, 15)]
    ends = [date(2024, 1, 1) + datetime.timedelta(days=k) for k in range(0, 800, 3)]
    for a in starts:
        for b in ends:
            if b < a:
                continue
            months = so_thang_tron(a, b)
            assert cong_thang(a, months) <= b, (a, b, months)
            assert cong_thang(a, months + 1) > b, (a, b, months)


def test_every_public_helper_is_reachable_through_the_facade():
    """dossier.vietnamese re-exports the public names of the modules it gathers, unchanged."""
    import importlib
    import inspect

    for name in ("vn_text", "vn_dates", "vn_names", "vn_numbers", "vn_place_keys"):
        module = importlib.import_module(f"dossier.{name}")
        public = [n for n, value in vars(module).items()
                  if not n.startswith("_") and (inspect.isfunction(value) and value.__module__ == module.__name__
                                                or n.isupper() and isinstance(value, (str, tuple)))]
        assert public, name
        for n in public:
            assert n in vn.__all__ and getattr(vn, n) is getattr(module, n), f"{name}.{n}"
