"""Which groups of the development report a person belongs to, from the
candidate file: the free-text fields (ethnicity, religion, occupation) through
the documented mapping ``dossier/rules/nhom-bao-cao.yaml``, the others from
their own fields. Ages are whole years on the admission date."""

from __future__ import annotations

import datetime as dt
import functools

from dossier import resources, vietnamese
from dossier.context import Candidate, date_of
from dossier.resources import read_packaged

GROUPS_FILE = resources.RULES / "nhom-bao-cao.yaml"

#: The groups, in the order reports print them.
GROUP_CODES = ("nu", "dan_toc_thieu_so", "ton_giao", "doan_vien", "doan_gioi_thieu", "hoc_sinh_sinh_vien",
               "cong_nhan", "thanh_nien")


@functools.lru_cache(maxsize=1)
def rules() -> dict:
    return read_packaged(GROUPS_FILE)


def labels() -> dict[str, str]:
    return {code: rules()[code]["ten"] for code in GROUP_CODES}


def _key(text) -> str:
    return " ".join(vietnamese.nfc(str(text or "")).split()).casefold()


def _among(text, words) -> bool:
    return _key(text) in {_key(w) for w in words}


def _starts(text, words) -> bool:
    key = _key(text)
    return any(key.startswith(_key(w)) for w in words)


def age(c: Candidate, day: dt.date) -> int | None:
    """Whole years of age on ``day``."""
    try:
        born = date_of(c.data.get("ngay_sinh"))
    except ValueError:
        return None
    return vietnamese.so_thang_tron(born, day) // 12 if born else None


def groups(c: Candidate, day: dt.date) -> set[str]:
    """The groups of a person admitted on ``day``."""
    r, d = rules(), c.data
    found = set()
    years = age(c, day)
    if _among(d.get("gioi_tinh"), r["nu"]["gioi_tinh"]):
        found.add("nu")
    if _key(d.get("dan_toc")) and not _among(d.get("dan_toc"), r["dan_toc_thieu_so"]["dan_toc_da_so"]):
        found.add("dan_toc_thieu_so")
    if _key(d.get("ton_giao")) and not _among(d.get("ton_giao"), r["ton_giao"]["khong_ton_giao"]):
        found.add("ton_giao")
    unions = d.get("doan_the") if isinstance(d.get("doan_the"), dict) else {}
    if unions.get("doan_thanh_nien") and years is not None:
        limit = r["doan_vien"]["tuoi_toi_da_can_bo_doan" if unions.get("can_bo_doan") else "tuoi_toi_da"]
        if years <= limit:
            found.add("doan_vien")
    introduced = d.get("gioi_thieu") if isinstance(d.get("gioi_thieu"), dict) else {}
    if introduced.get("doan_thanh_nien"):
        found.add("doan_gioi_thieu")
    if _starts(d.get("nghe_nghiep"), r["hoc_sinh_sinh_vien"]["nghe_nghiep_bat_dau"]):
        found.add("hoc_sinh_sinh_vien")
    if _starts(d.get("nghe_nghiep"), r["cong_nhan"]["nghe_nghiep_bat_dau"]):
        found.add("cong_nhan")
    if years is not None and years <= r["thanh_nien"]["tuoi_toi_da"]:
        found.add("thanh_nien")
    return found
