"""Named conditions under which a catalog document is required.

The catalog (data) says *which* condition applies to a document
(``dieu_kien: gioi_thieu_doan``); this module says what each name means for a
resolved candidate. Adding a document with an existing condition needs no
code; a new kind of condition is a new function here.
"""

from __future__ import annotations

from typing import Callable

from dossier import vietnamese
from dossier.context import Candidate, date_of

CONDITIONS: dict[str, tuple[str, Callable[[Candidate], bool]]] = {}


def condition(name: str, description: str):
    def register(function):
        CONDITIONS[name] = (description, function)
        return function

    return register


@condition("gioi_thieu_doan", "được Ban Chấp hành Đoàn cơ sở giới thiệu")
def _youth_union(c: Candidate) -> bool:
    return bool((c.data.get("gioi_thieu") or {}).get("doan_thanh_nien"))


@condition("gioi_thieu_cong_doan", "được Ban Chấp hành Công đoàn cơ sở giới thiệu")
def _trade_union(c: Candidate) -> bool:
    return bool((c.data.get("gioi_thieu") or {}).get("cong_doan"))


@condition("co_nguoi_than_tham_tra", "có người thân phải thẩm tra lý lịch")
def _relatives_to_verify(c: Candidate) -> bool:
    return any(isinstance(m, dict) and m.get("tham_tra") for m in c.data.get("gia_dinh") or [])


@condition("co_dang_uy_bo_phan", "chi bộ thuộc một đảng bộ bộ phận")
def _section_committee(c: Candidate) -> bool:
    return c.org.ancestor(c.chi_bo, "bo_phan") is not None


@condition("co_dang_uy_co_so", "chi bộ thuộc một đảng bộ cơ sở không phải là nơi ra quyết định")
def _grassroots_committee(c: Candidate) -> bool:
    return c.bodies.proposing_grassroots is not None


@condition("ket_nap_lai", "xin kết nạp lại")
def _readmission(c: Candidate) -> bool:
    return bool(c.data.get("ket_nap_lai"))


@condition("tren_60_tuoi", "trên 60 tuổi vào ngày chi bộ xét")
def _over_sixty(c: Candidate) -> bool:
    meeting = date_of(c.milestone("nghi_quyet_chi_bo").get("ngay"))
    birth = date_of(c.data.get("ngay_sinh"))
    if meeting is None or birth is None:
        return False
    return vietnamese.so_thang_tron(birth, meeting) > c.ruleset.value("tuoi_toi_da_thang")


def applies(name: str | None, c: Candidate) -> bool:
    """Whether a document with condition ``name`` (None: always) is required for ``c``."""
    if not name:
        return True
    return CONDITIONS[name][1](c)
