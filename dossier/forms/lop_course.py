"""What the organiser of an awareness course issues: ``CN-NTVĐ`` each
learner's certificate (first document of the admission dossier; from the
class file, or from ``moc.chung_nhan_nhan_thuc``) and ``DS-HV`` the list of
the class's learners. Shared values: :mod:`dossier.forms.lop_common`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from dossier import vietnamese
from dossier.classes import ClassData, find_body
from dossier.context import Candidate, candidate_values, collective_name, committee_word, date_of, signer
from dossier.forms import NotReady, Rendered, candidate_form, class_form
from dossier.forms.lop_common import (
    DOTS,
    GRADES,
    _by_name,
    _certifier,
    _committee,
    _count,
    _entry,
    _number,
    _personal_signer,
    _short_date,
    class_values,
    issuer,
)


# ------------------------------------------------------------------ CN-NTVĐ

def _is_member_on(c: Candidate, day: dt.date | None) -> bool:
    ceremony = date_of(c.milestone("le_ket_nap").get("ngay"))
    return bool(day and ceremony and ceremony <= day)


@candidate_form("CN-NTVĐ")
def certificate(c: Candidate) -> list[Rendered]:
    """Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng, from the
    candidate's class entry, or from ``moc.chung_nhan_nhan_thuc`` when the
    certificate was issued by a body of ``to-chuc.yaml`` outside any class file."""
    if c.class_doc is not None and c.class_entry is not None:
        course = c.class_doc.data
        issued = course.get("chung_nhan") or {}
        person = issued.get("nguoi_ky") or {}
        organiser = course.get("don_vi_to_chuc", "")
        head = issuer(c.org, organiser)
        number = _number(c.class_entry.get("so_chung_nhan"), "GCN", head["ky_hieu"])
        day = date_of(issued.get("ngay_cap"))
        ky = _personal_signer(person)
        certifier = _certifier(organiser, person)
        course_values = {
            "ten_lop": course.get("ten", ""),
            "thoi_gian": f"từ ngày {_short_date(course.get('tu_ngay'))} đến ngày {_short_date(course.get('den_ngay'))}",
            "dia_diem": course.get("dia_diem") or DOTS,
            "xep_loai": c.class_entry.get("xep_loai") or DOTS,
        }
    else:
        held = c.milestone("chung_nhan_nhan_thuc")
        if not held:
            raise NotReady("chưa học lớp bồi dưỡng nhận thức về Đảng: khai học viên trong một tệp lớp "
                           "(lop/*.yaml) hoặc khai moc.chung_nhan_nhan_thuc")
        body = find_body(c.org, held.get("noi_cap", ""))
        if body is None:
            raise NotReady(f"giấy chứng nhận do {held.get('noi_cap', 'nơi khác')} cấp: cần bản scan "
                           "trong dinh_kem (tai_lieu: CN-NTVĐ)")
        head = issuer(c.org, held["noi_cap"])
        authority = c.org.data.get("tham_quyen_ket_nap") or {}
        collective = authority.get("tap_the") if authority.get("co_quan") == body.get("ma") else None
        collective = collective or committee_word(body)
        number = held.get("so_ky_hieu") or _number(held.get("so"), "GCN", head["ky_hieu"])
        day = date_of(held.get("ngay"))
        ky = signer(c.org, body, collective)
        certifier = vietnamese.in_hoa(collective_name(collective, _committee(body)))
        course_values = {"ten_lop": "Lớp bồi dưỡng nhận thức về Đảng", "thoi_gian": DOTS,
                         "dia_diem": DOTS, "xep_loai": DOTS}
    uv = candidate_values(c)
    values = {
        "van_ban": {
            "cap_tren": head["cap_tren"],
            "co_quan": head["co_quan"],
            "so_ky_hieu": number,
            "dong_ngay": vietnamese.dong_ngay(head["dia_danh"], day),
            "ky": ky,
        },
        "uv": uv,
        "cn": {
            "co_quan_chung_nhan": certifier,
            "xung_ho": "Đồng chí" if _is_member_on(c, day) else "Quần chúng",
            "don_vi": f"{uv['chi_bo']}, {uv['dang_bo']}" if uv["dang_bo"] != uv["chi_bo"] else uv["chi_bo"],
            **course_values,
        },
    }
    entry = _entry("CN-NTVĐ")
    return [Rendered(entry.code, entry.title, entry.template, values, "CN-NTVD")]


# --------------------------------------------------------------------- DS-HV

@class_form("DS-HV")
def class_list(cls: ClassData) -> list[Rendered]:
    """Danh sách học viên: every learner in Vietnamese alphabetical order, with
    the certificate number and grade; issued and signed by the organiser on the
    day the certificates are issued."""
    if not cls.candidates:
        raise NotReady("lớp chưa có học viên (hoc_vien)")
    organiser = cls.data.get("don_vi_to_chuc", "")
    head = issuer(cls.org, organiser)
    person = cls.certificate.get("nguoi_ky") or {}
    rows = []
    for i, c in enumerate(_by_name(cls.candidates), start=1):
        entry = cls.entry(c)
        rows.append({
            "stt": str(i),
            "ho_ten": c.data["ho_ten"],
            "ngay_sinh": _short_date(c.data.get("ngay_sinh")),
            "chi_bo": c.chi_bo["ten"],
            "so_chung_nhan": str(entry.get("so_chung_nhan", "")),
            "xep_loai": entry.get("xep_loai", ""),
        })
    grades = Counter(r["xep_loai"] for r in rows if r["xep_loai"])
    summary = f"Danh sách có {_count(len(rows))} học viên"
    if grades:
        summary += "; xếp loại " + ", ".join(f"{g}: {_count(grades[g])}" for g in GRADES if grades[g])
    values = {
        "van_ban": {
            "cap_tren": head["cap_tren"],
            "co_quan": head["co_quan"],
            "so_ky_hieu": _number(None, "DS", head["ky_hieu"]),
            "dong_ngay": vietnamese.dong_ngay(head["dia_danh"], date_of(cls.certificate.get("ngay_cap"))),
            "ky": _personal_signer(person),
        },
        "lop": class_values(cls),
        "ds": {"hoc_vien": rows, "tong_ket": summary + "."},
    }
    entry = _entry("DS-HV")
    return [Rendered(entry.code, entry.title, entry.template, values, "DS-HV")]
