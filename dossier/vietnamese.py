"""Vietnamese text conventions: dates, names, capitals, numbers, alphabetical order.

One name for the helpers that forms, rules and messages use as
``vietnamese.ngay_ngan(…)``, ``vietnamese.in_hoa(…)``…; each lives in the
module of its job, where its decisions are recorded:

* :mod:`dossier.vn_text`: NFC, invisible characters, text without diacritics,
  file-name slugs;
* :mod:`dossier.vn_dates`: dates parsed as people write them, formatted for
  the Party's documents (the padding of the date line), months counted and
  added (completed months);
* :mod:`dossier.vn_names`: capitals, tidy names, the given name, Vietnamese
  alphabetical order of people;
* :mod:`dossier.vn_numbers`: thousands separators and percentages;
* :mod:`dossier.vn_place_keys`: names of places and committees compared as
  people mean them.

Pure functions only: no I/O, no locale, no global state. Every function that
returns text returns it in Unicode NFC (the form Word and the Party templates
expect; third-party data often arrives decomposed, NFD).
"""

from __future__ import annotations

from dossier.vn_dates import (
    HINT_NGAY,
    HINT_THANG,
    KHOANG_TRONG,
    cong_thang,
    dong_ngay,
    ngay_ngan,
    ngay_thang_nam,
    ngay_van_ban,
    parse_ngay,
    parse_thang,
    so_thang_tron,
    thang_nam,
    thang_nam_day_du,
)
from dossier.vn_names import (
    THU_TU_DAU,
    in_hoa,
    is_person_name,
    khoa_sap_xep,
    name_char_problem,
    normalise_name,
    sap_xep_ten,
    ten_goi,
    viet_hoa_ho_ten,
)
from dossier.vn_numbers import phan_tram, so
from dossier.vn_place_keys import gan_giong, khoa_dia_danh
from dossier.vn_text import NBSP, khong_dau, nfc, slug

__all__ = [
    "NBSP",
    "KHOANG_TRONG",
    "THU_TU_DAU",
    "nfc",
    "parse_ngay",
    "parse_thang",
    "HINT_NGAY",
    "HINT_THANG",
    "ngay_thang_nam",
    "dong_ngay",
    "ngay_ngan",
    "ngay_van_ban",
    "thang_nam",
    "thang_nam_day_du",
    "in_hoa",
    "viet_hoa_ho_ten",
    "ten_goi",
    "khoa_sap_xep",
    "sap_xep_ten",
    "normalise_name",
    "name_char_problem",
    "is_person_name",
    "so",
    "phan_tram",
    "khong_dau",
    "khoa_dia_danh",
    "gan_giong",
    "slug",
    "so_thang_tron",
    "cong_thang",
]
