"""The chi bộ's documents of the official-recognition stage:

* 12-KNĐ (chi bộ): after the admission ceremony.
* 13-KNĐ (chi bộ resolution): needs the meeting figures, ``moc.nghi_quyet_cong_nhan_chi_bo``.

Shared facts and rules: :mod:`dossier.forms.cong_nhan_facts`.
"""

from __future__ import annotations

import datetime as dt

from dossier import vietnamese
from dossier.context import Candidate, date_of, signer
from dossier.forms import Rendered, candidate_form
from dossier.forms.common import compiled_for_chi_bo, letterhead, member
from dossier.forms.cong_nhan_facts import (
    DOTS,
    TO_FILL,
    _cap_first,
    _grassroots_proposes,
    _member_common,
    _name,
    _recognition_sentence,
    _rendered,
    _section,
    _words,
    authority,
    chi_bo_resolution,
    probation,
)


# ------------------------------------------------------------------ 12-KNĐ

def _organisations(c: Candidate, on: dt.date) -> list[dict]:
    """The political-social organisations whose opinion the chi ủy gathers:
    the Youth Union (while the member is of Youth Union age) and the trade
    union the member belongs to (``doan_the``), named after the committee that
    introduced them where the data has it. An organisation whose name is not
    known ends in a tab: a dotted line to write it in."""
    d = c.data
    unions = d.get("doan_the") or {}
    intro = d.get("gioi_thieu") or {}
    found = []
    birth = date_of(d.get("ngay_sinh"))
    youth_age = birth is None or vietnamese.so_thang_tron(birth, on) <= c.ruleset.value("tuoi_thanh_nien_toi_da_thang")
    if unions.get("doan_thanh_nien") and youth_age:
        known = (intro.get("doan_thanh_nien") or {}).get("co_quan")
        found.append(known or f"Tổ chức Đoàn Thanh niên Cộng sản Hồ Chí Minh: {TO_FILL}")
    if unions.get("cong_doan"):
        place = (unions.get("cong_doan") or {}).get("noi_vao")
        known = (intro.get("cong_doan") or {}).get("co_quan") or (f"Ban Chấp hành {place}" if place else None)
        found.append(known or f"Tổ chức Công đoàn: {TO_FILL}")
    if not found:
        found.append(f"Tổ chức chính trị - xã hội nơi làm việc, học tập: {TO_FILL}")
    return [{"muc": f"{'abcdefgh'[i]})", "ten": name} for i, name in enumerate(found)]


@candidate_form("12-KNĐ")
def opinions(c: Candidate) -> list[Rendered]:
    """Mẫu 12-KNĐ: Tổng hợp ý kiến nhận xét của tổ chức đoàn thể và chi ủy nơi cư trú
    đối với đảng viên dự bị. The opinions themselves are not in the data: the
    form gives dotted lines to write them in."""
    milestone = c.milestone("y_kien_cong_nhan")
    member_values = _member_common(c, date_of(milestone.get("ngay")))
    residence = c.data.get("tam_tru") or c.data.get("thuong_tru") or DOTS
    on = date_of(milestone.get("ngay")) or probation(c)[1]
    author, signed = compiled_for_chi_bo(c, on)
    values = {
        "van_ban": {
            **letterhead(c, c.chi_bo, {"ngay": milestone.get("ngay")}, "BC", "CB"),  # the number left to fill in
            "ky": signed,
            "noi_nhan": ["- Đảng viên trong chi bộ,", "- Lưu hồ sơ đảng viên."],
        },
        "uv": member_values,
        "cn": {
            "chu_the": author,
            "doan_the": _organisations(c, on),
            "noi_cu_tru": residence,
        },
    }
    return _rendered("12-KNĐ", values, "12-KND")


# ------------------------------------------------------------------ 13-KNĐ

def _proposal(c: Candidate) -> str:
    """``Chi bộ đề nghị A, B xem xét, đề nghị <decider> công nhận …``: the
    committees between the chi bộ and the deciding committee, in order."""
    decider_body, _, decider = authority(c)
    chain = [_name(body) for body in (_section(c), _grassroots_proposes(c))
             if body is not None and body is not decider_body]
    recognise = _recognition_sentence(c, words=True)
    if chain:
        return f"Chi bộ đề nghị {', '.join(chain)} xem xét, đề nghị {decider} {recognise}."
    return f"Chi bộ đề nghị {decider} xem xét, {recognise}."


@candidate_form("13-KNĐ")
def chi_bo_proposal(c: Candidate) -> list[Rendered]:
    """Mẫu 13-KNĐ: Nghị quyết của chi bộ đề nghị công nhận đảng viên chính thức."""
    milestone, figures = chi_bo_resolution(c)
    member_values = _member_common(c, date_of(milestone.get("ngay")))
    meeting = date_of(milestone.get("ngay"))
    place = milestone.get("dia_diem")
    held = (_cap_first(_words(meeting)) if meeting else f"Ngày {DOTS} tháng {DOTS} năm {DOTS}") \
        + (f", tại {place}" if place else "")

    helper_ma = c.data.get("nguoi_giup_do")
    helper = f"đồng chí {member(c, helper_ma)['ho_ten']}" if helper_ma in c.org.members else "đảng viên"
    heard = [f"bản tự kiểm điểm của đồng chí {c.data['ho_ten']}"]
    heard.append(f"bản nhận xét của {helper} được phân công giúp đỡ" if helper_ma in c.org.members
                 else "bản nhận xét của đảng viên chính thức được phân công giúp đỡ")
    heard.append("ý kiến nhận xét của các tổ chức đoàn thể nơi làm việc và chi ủy nơi cư trú")

    upward = [_name(b) for b in (_section(c), c.org.ancestor(c.chi_bo, "co_so")) if b is not None]
    values = {
        "van_ban": {
            **letterhead(c, c.chi_bo, milestone, "NQ", "CB"),
            "ky": signer(c.org, c.chi_bo, "Chi bộ"),
            "noi_nhan": [f"- {name}," for name in upward] + ["- Lưu Chi bộ."],
        },
        "uv": member_values,
        "bq": figures,
        "cn": {
            "hop": held,
            "ngay_ket_nap": _words(probation(c)[0]),
            "da_nghe": "; ".join(heard),
            "de_nghi": _proposal(c),
        },
    }
    return _rendered("13-KNĐ", values, "13-KND")
