"""``CV-DD`` Công văn đôn đốc: the deciding committee's reminder about the
class's candidates who have no admission decision yet, with each one's last
step and next step. Shared values: :mod:`dossier.forms.lop_common`.
"""

from __future__ import annotations

import datetime as dt

from dossier import conditions, verification, vietnamese
from dossier.classes import ClassData
from dossier.context import (
    Candidate,
    collective_name,
    date_of,
    document_number,
    header_names,
    resolution_reference,
    signer,
)
from dossier.forms import NotReady, Rendered, class_form
from dossier.forms.lop_common import (
    DOTS,
    _by_name,
    _committee,
    _count,
    _deciding,
    _entry,
    _grounds_sentence,
    _in_org_order,
    _numbered,
    _short_date,
    class_values,
)


# --------------------------------------------------------------------- CV-DD

def _progress(c: Candidate, course_day: dt.date | None, deciding_collective: str) -> tuple[str, str]:
    """(last step taken, next step) of a candidate who has no admission
    decision yet, from the milestones in the data."""
    m = c.milestone

    def on(name: str, key: str = "ngay") -> str:
        return _short_date(m(name).get(key))

    if m("nghi_quyet_dang_uy_co_so") or m("bao_cao_dang_uy_bo_phan") or m("nghi_quyet_chi_bo"):
        if m("nghi_quyet_dang_uy_co_so"):
            grassroots = c.org.ancestor(c.chi_bo, "co_so") or c.chi_bo
            reference = resolution_reference(m("nghi_quyet_dang_uy_co_so"), "NQ", grassroots)
            done = f"Đảng ủy cơ sở có {reference} đề nghị kết nạp"
        elif m("bao_cao_dang_uy_bo_phan"):
            section = c.org.ancestor(c.chi_bo, "bo_phan") or c.chi_bo
            number = document_number(m("bao_cao_dang_uy_bo_phan").get("so"), "BC", section.get("ky_hieu", "ĐU"))
            done = f"Đảng ủy bộ phận có Báo cáo thẩm định số {number} ngày {on('bao_cao_dang_uy_bo_phan')}"
        else:
            done = f"Chi bộ có {resolution_reference(m('nghi_quyet_chi_bo'), 'NQ', c.chi_bo)} đề nghị kết nạp"
        if conditions.applies("co_dang_uy_bo_phan", c) and not m("bao_cao_dang_uy_bo_phan"):
            todo = "Đảng ủy bộ phận thẩm định hồ sơ (Mẫu 7-KNĐ)"
        elif conditions.applies("co_dang_uy_co_so", c) and not m("nghi_quyet_dang_uy_co_so"):
            todo = "Đảng ủy cơ sở xét, ra nghị quyết đề nghị kết nạp (Mẫu 8-KNĐ)"
        else:
            todo = f"Hoàn thiện hồ sơ trình {deciding_collective} xem xét, quyết định kết nạp"
        return done, todo
    if m("y_kien"):
        return (f"Tổng hợp ý kiến nhận xét của đoàn thể, chi ủy nơi cư trú ngày {on('y_kien')}",
                "Chi bộ xét, ra nghị quyết đề nghị kết nạp (Mẫu 6-KNĐ)")
    replied, sent = verification.all_replied(c), verification.first_sent(c)
    if replied:
        return (f"Có đủ kết quả thẩm tra lý lịch ngày {vietnamese.ngay_van_ban(replied[0])}",
                "Lấy ý kiến nhận xét của đoàn thể, chi ủy nơi cư trú (Mẫu 5-KNĐ)")
    if sent:
        waiting = [d.name for d in verification.plan(c).letters if d.sent and not d.replied]
        return (f"Gửi công văn đề nghị thẩm tra lý lịch ngày {vietnamese.ngay_van_ban(sent[0])}",
                "Đôn đốc, nhận đủ kết quả thẩm tra lý lịch"
                + (f" (còn chờ: {'; '.join(waiting)})" if waiting else ""))
    if m("ly_lich"):
        return (f"Hoàn thành lý lịch người xin vào Đảng ngày {on('ly_lich')}",
                "Gửi công văn đề nghị thẩm tra lý lịch")
    if m("don_xin_vao_dang"):
        return (f"Có đơn xin vào Đảng ngày {on('don_xin_vao_dang')}",
                "Khai lý lịch của người xin vào Đảng (Mẫu 2-KNĐ)")
    done = "Hoàn thành lớp bồi dưỡng nhận thức về Đảng"
    if course_day:
        done += f", giấy chứng nhận ngày {vietnamese.ngay_van_ban(course_day)}"
    return done, "Viết đơn xin vào Đảng (Mẫu 1-KNĐ), khai lý lịch"


def outstanding(cls: ClassData) -> list[Candidate]:
    """The class's candidates without an admission decision, in Vietnamese
    alphabetical order."""
    return [c for c in _by_name(cls.candidates) if not c.milestone("quyet_dinh_ket_nap")]


@class_form("CV-DD")
def reminder(cls: ClassData) -> list[Rendered]:
    """Công văn đôn đốc thực hiện công tác phát triển đảng viên: from the
    deciding committee to the grassroots committees and chi bộ of the class's
    candidates who have no admission decision yet, with each one's last step,
    the next step and the certificate's expiry, and a reporting deadline."""
    people = outstanding(cls)
    if not people:
        raise NotReady("mọi học viên của lớp đã có quyết định kết nạp (moc.quyet_dinh_ket_nap)")
    body, collective = _deciding(cls.org)
    superior, own = header_names(cls.org, body)
    deciding_name = collective_name(collective, _committee(body))
    course_day = date_of(cls.certificate.get("ngay_cap"))
    validity = cls.ruleset.value("hieu_luc_chung_nhan_nhan_thuc_thang")
    expiry = vietnamese.ngay_van_ban(vietnamese.cong_thang(course_day, int(validity))) if course_day else DOTS
    rows = []
    for i, c in enumerate(people, start=1):
        done, todo = _progress(c, course_day, deciding_name)
        rows.append({
            "stt": str(i),
            "ho_ten": c.data["ho_ten"],
            "chi_bo": c.chi_bo["ten"],
            "da_thuc_hien": done,
            "viec_tiep_theo": todo,
        })
    grassroots = [g for g in (c.org.ancestor(c.chi_bo, "co_so") for c in people)
                  if g is not None and g.get("ma") != body.get("ma")]
    addressees = [_committee(g) for g in _in_org_order(cls.org, grassroots)]
    addressees += [b["ten"] for b in _in_org_order(cls.org, (c.chi_bo for c in people))]
    kinh_gui = [f"- {a}{';' if i < len(addressees) - 1 else '.'}" for i, a in enumerate(addressees)]
    receiver = body.get("ban_xay_dung_dang") or body.get("van_phong") or _committee(body)
    number, dated = _numbered(cls, "CV-DD", body)
    values = {
        "van_ban": {
            "cap_tren": superior,
            "co_quan": own,
            "so_ky_hieu": number,
            "dong_ngay": dated,
            "trich_yeu": "V/v đôn đốc thực hiện công tác phát triển đảng viên",
            "ky": signer(cls.org, body, collective),
            "noi_nhan": ["- Như trên,", f"- Thường trực {_committee(body)} (để báo cáo),"]
            + ([f"- {body['ban_xay_dung_dang']},"] if body.get("ban_xay_dung_dang") else [])
            + ["- Lưu Văn phòng Đảng ủy."],
        },
        "lop": class_values(cls),
        "dd": {
            "kinh_gui": kinh_gui,
            "can_cu": _grounds_sentence(cls.ruleset),
            "tap_the": deciding_name,
            "so_nguoi": _count(len(rows)),
            "hoc_vien": rows,
            "ngay_cap_chung_nhan": vietnamese.ngay_van_ban(course_day) if course_day else DOTS,
            "hieu_luc_thang": str(int(validity)),
            "han_chung_nhan": expiry,
            "han_quyet_dinh": str(cls.ruleset.value("han_quyet_dinh_ket_nap_ngay_lam_viec")),
            "noi_nhan_bao_cao": receiver,
            "han_bao_cao": (vietnamese.ngay_thang_nam(cls.deadline) if cls.deadline else
                            vietnamese.dong_ngay("", None, nam=cls.issued_on.year if cls.issued_on else None)),
        },
    }
    entry = _entry("CV-DD")
    return [Rendered(entry.code, entry.title, entry.template, values, "CV-DD")]
