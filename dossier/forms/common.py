"""Values shared by several forms: meetings and votes, Party members, bodies."""

from __future__ import annotations

from dossier import vietnamese
from dossier.context import Candidate, date_of, document_number
from dossier.forms import NotReady


def vote(milestone: dict, what: str) -> dict:
    """The figures of a chi bộ (or committee) meeting, ready to print.

    ``milestone`` holds ``tong_so_dang_vien``, ``so_chinh_thuc``, ``co_mat``,
    ``tan_thanh`` and optionally ``vang_mat`` (list of {ho_ten, ly_do}). The
    approval rate is approving full members ÷ all full members (06-HD/TW
    §3.6b), never ÷ those present. ``what`` names the milestone in the
    NotReady message (e.g. "moc.nghi_quyet_chi_bo").
    """
    needed = ("tong_so_dang_vien", "so_chinh_thuc", "co_mat", "tan_thanh")
    missing = [k for k in needed if not isinstance(milestone.get(k), int)]
    if missing:
        raise NotReady(f"thiếu số liệu cuộc họp trong {what}: {', '.join(missing)}")
    total, full = milestone["tong_so_dang_vien"], milestone["so_chinh_thuc"]
    present, yes = milestone["co_mat"], milestone["tan_thanh"]
    absent = milestone.get("vang_mat") or []
    return {
        "tong_so": str(total),
        "chinh_thuc": str(full),
        "du_bi": str(total - full),
        "co_mat": str(present),
        "vang_mat": str(total - present),
        "vang_mat_ds": [
            {"ho_ten": a.get("ho_ten", ""), "ly_do": a.get("ly_do", "")} for a in absent if isinstance(a, dict)
        ],
        "tan_thanh": str(yes),
        "khong_tan_thanh": str(max(full - yes, 0)),
        "ty_le_tan_thanh": vietnamese.phan_tram(yes, full) if full else "",
    }


def member(c: Candidate, ma: str) -> dict:
    """A Party member of the organisation, ready to print."""
    record, body_ma, _ = c.org.members[ma]
    body = c.org.bodies[body_ma]
    return {
        "ho_ten": record["ho_ten"],
        "ngay_vao_dang": vietnamese.ngay_ngan(date_of(record.get("ngay_vao_dang"))) if record.get("ngay_vao_dang") else "",
        "ngay_chinh_thuc": vietnamese.ngay_ngan(date_of(record.get("ngay_chinh_thuc"))) if record.get("ngay_chinh_thuc") else "",
        "chuc_vu": record.get("chuc_vu", ""),
        "chi_bo": body["ten"],
    }


def formatted_date(value) -> str:
    """``12/5/2004`` for a date in the data, or an empty string."""
    d = date_of(value)
    return vietnamese.ngay_ngan(d) if d else ""


def issued_number(milestone: dict, type_code: str, body: dict) -> str:
    return document_number(milestone.get("so"), type_code, body.get("ky_hieu", "CB"))
