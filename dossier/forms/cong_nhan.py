"""Documents of the official-recognition stage (giai đoạn công nhận đảng viên chính thức):
Mẫu 12-KNĐ … 16-KNĐ.

Each document is drafted as soon as the step before it is in the data, like
9-KNĐ: its own number and date come from its milestone when there is one, and
are left blank to write by hand otherwise.

* 12-KNĐ (chi bộ): after the admission ceremony.
* 13-KNĐ (chi bộ resolution): needs the meeting figures, ``moc.nghi_quyet_cong_nhan_chi_bo``.
* 14-KNĐ (đảng ủy bộ phận): after 13-KNĐ, only when the chi bộ sits in a đảng bộ bộ phận.
* 15-KNĐ (đảng ủy cơ sở): after 13-KNĐ (and 14-KNĐ where it applies), only when the
  grassroots committee is not itself the deciding committee.
* 16-KNĐ (decision): after the proposal of the level just below the deciding committee.

Rules used (domain notes §7): probation is ``du_bi_thang`` months from the
ceremony; the member becomes official on the day those months are complete
(``vietnamese.cong_thang``: a 29/02 ceremony completes on 28/02), even when the
chi bộ or the committee decides later; the chi bộ meets only after that day; at
least 2/3 of the chi bộ's full members must approve (``ty_le_tan_thanh_chi_bo``),
the member under consideration still counting as probationary; Party seniority
(tuổi đảng) counts from the date of the admission decision (Điều lệ Đ5.4;
24-QĐ/TW §4.5.1), and for a re-admitted member from the first admission,
less the time outside the Party (§4.5.2).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from dossier import catalog, vietnamese
from dossier.context import (
    Candidate,
    candidate_values,
    date_of,
    document_number,
    header_names,
    place_of,
    resolution_reference,
    signer,
)
from dossier.forms import NotReady, Rendered, candidate_form
from dossier.forms.common import (compiled_for_chi_bo, committee_vote, formatted_date, issued_number, meeting,
                                  member)
from dossier.forms.ket_nap import vote_ground

#: A line of dots for a number or name to write by hand in running text.
DOTS = "…………"
#: A value ending in a tab: docxtpl prints a tab, and the template paragraph's right tab
#: stop with a dot leader turns it into dots to the end of the line.
TO_FILL = "\t"


# ------------------------------------------------------------------ helpers

def _rendered(code: str, values: dict, stem: str) -> list[Rendered]:
    entry = catalog.entry(code)
    return [Rendered(entry.code, entry.title, entry.template, values, stem)]


def _name(body: dict) -> str:
    """A body as it acts: its committee (``Đảng ủy …``), or the chi bộ itself."""
    return body.get("ten_cap_uy") or body["ten"]


def _words(date: dt.date) -> str:
    """``ngày 08 tháng 5 năm 2026``: a date in the body, as the forms print it."""
    return vietnamese.ngay_thang_nam(date)


def _cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _short(date: dt.date | None) -> str:
    return vietnamese.ngay_van_ban(date) if date else DOTS


def probation(c: Candidate) -> tuple[dt.date, dt.date]:
    """(ceremony date, the day the probation is complete = official from)."""
    ceremony = date_of(c.milestone("le_ket_nap").get("ngay"))
    if ceremony is None:
        raise NotReady("chưa có lễ kết nạp (moc.le_ket_nap): chưa tính được thời gian dự bị")
    return ceremony, vietnamese.cong_thang(ceremony, int(c.ruleset.value("du_bi_thang")))


def official_from(c: Candidate) -> dt.date:
    """The date from which the member is official: ceremony + probation months."""
    return probation(c)[1]


def authority(c: Candidate) -> tuple[dict, str, str]:
    """The deciding committee: (body, collective that decides, how it is named in running
    text, e.g. ``Ban Thường vụ Đảng ủy phường Bình Minh``)."""
    return c.bodies.decider, c.bodies.collective, c.bodies.deciding_name


def _section(c: Candidate) -> dict | None:
    """The đảng ủy bộ phận above the chi bộ, if any."""
    return c.bodies.section


def _grassroots_proposes(c: Candidate) -> dict | None:
    """The grassroots committee when it proposes to a deciding committee above it
    (15-KNĐ applies); None when it decides itself or does not exist."""
    return c.bodies.proposing_grassroots


def _readmitted(c: Candidate) -> bool:
    return bool(c.data.get("ket_nap_lai"))


def _admitted_word(c: Candidate) -> str:
    return "kết nạp lại" if _readmitted(c) else "kết nạp"


def admission_decision(c: Candidate, dated: bool = True) -> str:
    """``Quyết định số 31-QĐ/ĐU ngày 9/9/2025 của Ban Thường vụ Đảng ủy phường Bình Minh``."""
    milestone = c.milestone("quyet_dinh_ket_nap")
    body, _, phrase = authority(c)
    text = f"Quyết định số {document_number(milestone.get('so'), 'QĐ', body.get('ky_hieu', 'ĐU'))}"
    if dated and date_of(milestone.get("ngay")):
        text += f" ngày {formatted_date(milestone['ngay'])}"
    return f"{text} của {phrase}"


def chi_bo_resolution(c: Candidate) -> tuple[dict, dict]:
    """The chi bộ's recognition resolution and its meeting figures, checked.

    NotReady when it is not in the data, when the chi bộ met before the end of
    the probation, when the member under consideration is not counted as
    probationary, or when fewer than 2/3 of the full members approved (then the
    chi bộ proposes striking the name off instead, not recognition)."""
    milestone = c.milestone("nghi_quyet_cong_nhan_chi_bo")
    if not milestone:
        raise NotReady("chưa có nghị quyết chi bộ đề nghị công nhận đảng viên chính thức "
                       "(moc.nghi_quyet_cong_nhan_chi_bo)")
    figures = meeting(c, milestone, "moc.nghi_quyet_cong_nhan_chi_bo")
    _, complete = probation(c)
    held = date_of(milestone.get("ngay"))
    if held is not None and held < complete:
        raise NotReady(f"chi bộ họp xét công nhận ngày {vietnamese.ngay_van_ban(held)}, trước khi đảng viên "
                       f"đủ {c.ruleset.value('du_bi_thang')} tháng dự bị (ngày {vietnamese.ngay_van_ban(complete)})")
    full, yes = int(figures["chinh_thuc_tinh"]), milestone["tan_thanh"]
    if int(figures["du_bi"]) < 1:
        raise NotReady("moc.nghi_quyet_cong_nhan_chi_bo: tổng số đảng viên phải lớn hơn số đảng viên chính thức, "
                       "vì đảng viên đang được xét vẫn là đảng viên dự bị tại cuộc họp")
    needed = Fraction(c.ruleset.value("ty_le_tan_thanh_chi_bo")).limit_denominator(100)
    if Fraction(yes, full) < needed:
        raise NotReady(f"nghị quyết chi bộ chỉ có {yes}/{full} đảng viên chính thức tán thành "
                       f"({vietnamese.phan_tram(yes, full)}), chưa đạt {needed.numerator}/{needed.denominator}: "
                       "không đủ điều kiện đề nghị công nhận chính thức")
    return milestone, figures


def _chi_bo_reference(c: Candidate, milestone: dict) -> str:
    return f"{resolution_reference(milestone, 'NQ', c.chi_bo)} của {c.chi_bo['ten']}"


def _member_common(c: Candidate, on: dt.date | None = None) -> dict:
    """The probationary member and the dates of the probation, ready to print
    (place names of ``on``, the document's date)."""
    ceremony, complete = probation(c)
    values = candidate_values(c, on)
    values.update({
        "ngay_ket_nap": vietnamese.ngay_van_ban(ceremony),
        "ngay_chinh_thuc": vietnamese.ngay_van_ban(complete),
        "ket_nap": _admitted_word(c),
    })
    return values


def _date_line(c: Candidate, body: dict, milestone: dict) -> str:
    day = date_of(milestone.get("ngay"))
    return vietnamese.dong_ngay(place_of(c.org, body, day), day)


def _header(c: Candidate, body: dict, milestone: dict) -> tuple[str, str]:
    return header_names(c.org, body, date_of(milestone.get("ngay")))


def _recognition_sentence(c: Candidate) -> str:
    _, complete = probation(c)
    return (f"công nhận đồng chí {c.data['ho_ten']} là đảng viên chính thức kể từ ngày "
            f"{vietnamese.ngay_van_ban(complete)}")


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
    superior, issuer = _header(c, c.chi_bo, milestone)
    residence = c.data.get("tam_tru") or c.data.get("thuong_tru") or DOTS
    on = date_of(milestone.get("ngay")) or probation(c)[1]
    author, signed = compiled_for_chi_bo(c, on)
    values = {
        "van_ban": {
            "cap_tren": superior,
            "co_quan": issuer,
            "so_ky_hieu": issued_number({}, "BC", c.chi_bo),
            "dong_ngay": _date_line(c, c.chi_bo, milestone),
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
    recognise = _recognition_sentence(c)
    if chain:
        return f"Chi bộ đề nghị {', '.join(chain)} xem xét, đề nghị {decider} {recognise}."
    return f"Chi bộ đề nghị {decider} xem xét, {recognise}."


@candidate_form("13-KNĐ")
def chi_bo_proposal(c: Candidate) -> list[Rendered]:
    """Mẫu 13-KNĐ: Nghị quyết của chi bộ đề nghị công nhận đảng viên chính thức."""
    milestone, figures = chi_bo_resolution(c)
    member_values = _member_common(c, date_of(milestone.get("ngay")))
    superior, issuer = _header(c, c.chi_bo, milestone)
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
            "cap_tren": superior,
            "co_quan": issuer,
            "so_ky_hieu": issued_number(milestone, "NQ", c.chi_bo),
            "dong_ngay": _date_line(c, c.chi_bo, milestone),
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


# ------------------------------------------------------------------ 14-KNĐ

def _file_contents(c: Candidate) -> tuple[list[str], list[str]]:
    """The recognition file as the section committee finds it: one line per
    document, and the documents still missing."""
    lines, missing = [], []
    cert = c.milestone("chung_nhan_dang_vien_moi")
    if cert:
        number = cert.get("so_ky_hieu") or (f"số {cert['so']}" if cert.get("so") else "")
        number = f"số {number}" if number and not number.startswith("số") else number
        lines.append("Giấy chứng nhận học lớp bồi dưỡng lý luận chính trị dành cho đảng viên mới"
                     + (f" {number}" if number else "")
                     + f", cấp ngày {formatted_date(cert.get('ngay'))}"
                     + (f" ({cert['noi_cap']});" if cert.get("noi_cap") else ";"))
    else:
        missing.append("giấy chứng nhận học lớp bồi dưỡng lý luận chính trị dành cho đảng viên mới")
    own = c.milestone("tu_kiem_diem")
    if own:
        lines.append(f"Bản tự kiểm điểm của đảng viên dự bị, ngày {formatted_date(own.get('ngay'))};")
    else:
        missing.append("bản tự kiểm điểm của đảng viên dự bị")
    helper = c.milestone("nhan_xet_giup_do")
    helper_ma = c.data.get("nguoi_giup_do")
    who = f" (đồng chí {member(c, helper_ma)['ho_ten']})" if helper_ma in c.org.members else ""
    if helper:
        lines.append(f"Bản nhận xét của đảng viên chính thức được phân công giúp đỡ{who}, "
                     f"ngày {formatted_date(helper.get('ngay'))};")
    else:
        missing.append("bản nhận xét của đảng viên được phân công giúp đỡ")
    opinions = c.milestone("y_kien_cong_nhan")
    if opinions:
        lines.append("Tổng hợp ý kiến nhận xét của tổ chức đoàn thể và chi ủy nơi cư trú, "
                     f"ngày {formatted_date(opinions.get('ngay'))};")
    else:
        missing.append("tổng hợp ý kiến nhận xét của tổ chức đoàn thể và chi ủy nơi cư trú")
    return lines, missing


@candidate_form("14-KNĐ")
def section_report(c: Candidate) -> list[Rendered]:
    """Mẫu 14-KNĐ: Báo cáo thẩm định của đảng ủy bộ phận (recognition)."""
    section = _section(c)
    if section is None:
        raise NotReady("chi bộ không thuộc đảng bộ bộ phận: không cần báo cáo thẩm định của đảng ủy bộ phận")
    milestone_cb, figures = chi_bo_resolution(c)
    milestone = c.milestone("bao_cao_cong_nhan_dang_uy_bo_phan")
    member_values = _member_common(c, date_of(milestone.get("ngay")))
    superior, issuer = _header(c, section, milestone)
    addressee = c.org.ancestor(section, "co_so") or c.org.parent(section) or section
    ceremony, complete = probation(c)
    meeting = date_of(milestone_cb.get("ngay"))

    lines, missing = _file_contents(c)
    lines.append(f"{_chi_bo_reference(c, milestone_cb)}: chi bộ họp ngày {_short(meeting)}, sau khi đồng chí "
                 f"{c.data['ho_ten']} đủ {c.ruleset.value('du_bi_thang')} tháng dự bị (ngày "
                 f"{vietnamese.ngay_van_ban(complete)}); có {figures['tan_thanh']}/{figures['chinh_thuc_tinh']} "
                 f"đảng viên chính thức tán thành, đạt {figures['ty_le_tan_thanh']} tổng số đảng viên "
                 "chính thức của chi bộ.")
    if missing:
        conclusion = ("Hồ sơ còn thiếu: " + "; ".join(missing)
                      + ". Đề nghị chi bộ bổ sung trước khi trình cấp trên.")
    else:
        conclusion = ("Hồ sơ đầy đủ các tài liệu theo quy định; việc xét và biểu quyết của chi bộ đúng "
                      "thủ tục, thời hạn và nguyên tắc.")

    decider = authority(c)[0]
    proposer = _name(section)
    recognise = _recognition_sentence(c)
    receiver = _name(addressee)
    if addressee is decider:
        proposal = f"{proposer} nhất trí đề nghị {receiver} xem xét, {recognise}."
    else:
        proposal = (f"{proposer} nhất trí với đề nghị của {c.chi_bo['ten']}, đề nghị {receiver} xem xét, "
                    f"đề nghị {authority(c)[2]} {recognise}.")

    values = {
        "van_ban": {
            "cap_tren": superior,
            "co_quan": issuer,
            "so_ky_hieu": issued_number(milestone, "BC", section),
            "dong_ngay": _date_line(c, section, milestone),
            "ky": signer(c.org, section, "Đảng ủy"),
            "noi_nhan": ["- Như trên,", f"- {c.chi_bo['ten']},", "- Lưu."],
        },
        "uv": member_values,
        "cn": {
            "kinh_gui": receiver,
            "co_quan_tham_dinh": proposer,
            "nghi_quyet_chi_bo": _chi_bo_reference(c, milestone_cb),
            "quyet_dinh_ket_nap": admission_decision(c),
            "ho_so": lines,
            "ket_luan_ho_so": conclusion,
            "de_nghi": proposal,
        },
    }
    return _rendered("14-KNĐ", values, "14-KND")


# ------------------------------------------------------------------ 15-KNĐ

@candidate_form("15-KNĐ")
def grassroots_proposal(c: Candidate) -> list[Rendered]:
    """Mẫu 15-KNĐ: Nghị quyết của đảng ủy cơ sở đề nghị công nhận đảng viên chính thức."""
    grassroots = _grassroots_proposes(c)
    if grassroots is None:
        raise NotReady("đảng ủy cơ sở là cấp quyết định (hoặc không có đảng ủy cơ sở): "
                       "không cần nghị quyết đề nghị của đảng ủy cơ sở")
    milestone_cb, figures = chi_bo_resolution(c)
    section = _section(c)
    report = c.milestone("bao_cao_cong_nhan_dang_uy_bo_phan")
    if section is not None and not report:
        raise NotReady("chưa có báo cáo thẩm định của đảng ủy bộ phận khi xét công nhận "
                       "(moc.bao_cao_cong_nhan_dang_uy_bo_phan)")
    milestone = c.milestone("nghi_quyet_cong_nhan_dang_uy")
    member_values = _member_common(c, date_of(milestone.get("ngay")))
    superior, issuer = _header(c, grassroots, milestone)
    committee = _name(grassroots)

    grounds = list(c.ruleset_on(date_of(milestone.get("ngay"))).grounds)
    grounds.append(f"Căn cứ Quy chế làm việc của {committee}"
                   + (f" nhiệm kỳ {c.org.data['nhiem_ky']};" if c.org.data.get("nhiem_ky") else ";"))
    considered = f"Xét {_chi_bo_reference(c, milestone_cb)}"
    if section is not None:
        number = document_number(report.get("so"), "BC", section.get("ky_hieu", "ĐU"))
        when = f" ngày {formatted_date(report['ngay'])}" if date_of(report.get("ngay")) else ""
        considered += f" và Báo cáo thẩm định số {number}{when} của {_name(section)}"
    grounds.append(considered + ",")

    _, _, decider = authority(c)
    recipients = [f"- {decider} (để xem xét, quyết định),"]
    if section is not None:
        recipients.append(f"- {_name(section)},")
    recipients += [f"- {c.chi_bo['ten']},", "- Lưu."]

    values = {
        "van_ban": {
            "cap_tren": superior,
            "co_quan": issuer,
            "so_ky_hieu": issued_number(milestone, "NQ", grassroots),
            "dong_ngay": _date_line(c, grassroots, milestone),
            "ky": signer(c.org, grassroots, "Đảng ủy"),
            "noi_nhan": recipients,
        },
        "uv": member_values,
        "bq": figures,
        "cap_uy": committee_vote(milestone),
        "cn": {
            "can_cu": grounds,
            "co_quan_de_nghi": committee,
            "tap_the_quyet_nghi": vietnamese.in_hoa(committee),
            "quyet_dinh_ket_nap": admission_decision(c),
            "de_nghi": f"Đề nghị {decider} xem xét, {_recognition_sentence(c)}.",
        },
    }
    return _rendered("15-KNĐ", values, "15-KND")


# ------------------------------------------------------------------ 16-KNĐ

def seniority(c: Candidate) -> str:
    """The sentence on Party seniority (tuổi đảng) for the decision."""
    name = c.data["ho_ten"]
    decision = c.milestone("quyet_dinh_ket_nap")
    decided = date_of(decision.get("ngay"))
    if decided is None:
        raise NotReady("chưa có ngày của quyết định kết nạp (moc.quyet_dinh_ket_nap): "
                       "chưa xác định được tuổi đảng")
    readmission = c.data.get("ket_nap_lai")
    if readmission:
        first = formatted_date(readmission.get("ngay_ket_nap_lan_dau"))
        left = formatted_date(readmission.get("ngay_ra_khoi_dang"))
        return (f"Tuổi đảng của đồng chí {name} được tính từ ngày ghi trong quyết định kết nạp lần đầu "
                f"(vào Đảng lần đầu ngày {first}), trừ thời gian không tham gia sinh hoạt đảng "
                f"từ ngày {left} đến ngày {vietnamese.ngay_van_ban(decided)}.")
    return (f"Tuổi đảng của đồng chí {name} được tính từ ngày {vietnamese.ngay_van_ban(decided)} (ngày ghi "
            f"trong {admission_decision(c, dated=False)} về việc kết nạp đảng viên).")


@candidate_form("16-KNĐ")
def decision(c: Candidate) -> list[Rendered]:
    """Mẫu 16-KNĐ: Quyết định công nhận đảng viên chính thức (the frame of 9-KNĐ)."""
    milestone_cb, _ = chi_bo_resolution(c)
    body, collective, decider = authority(c)
    grassroots = _grassroots_proposes(c)
    section = _section(c)
    if grassroots is not None:
        proposal = c.milestone("nghi_quyet_cong_nhan_dang_uy")
        if not proposal:
            raise NotReady("chưa có nghị quyết của đảng ủy cơ sở đề nghị công nhận đảng viên chính thức "
                           "(moc.nghi_quyet_cong_nhan_dang_uy)")
        proposer, reference = _name(grassroots), resolution_reference(proposal, "NQ", grassroots)
    elif section is not None and section is not body:
        report = c.milestone("bao_cao_cong_nhan_dang_uy_bo_phan")
        if not report:
            raise NotReady("chưa có báo cáo thẩm định của đảng ủy bộ phận khi xét công nhận "
                           "(moc.bao_cao_cong_nhan_dang_uy_bo_phan)")
        proposer = c.chi_bo["ten"]
        reference = resolution_reference(milestone_cb, "NQ", c.chi_bo)
    else:
        proposer = c.chi_bo["ten"]
        reference = resolution_reference(milestone_cb, "NQ", c.chi_bo)
    tenure = seniority(c)
    milestone = c.milestone("quyet_dinh_cong_nhan")
    superior, issuer = _header(c, body, milestone)
    committee = _name(body)

    grounds = list(c.ruleset_on(date_of(milestone.get("ngay"))).grounds)
    grounds.append(f"Căn cứ Quy chế làm việc của {committee}"
                   + (f" nhiệm kỳ {c.org.data['nhiem_ky']};" if c.org.data.get("nhiem_ky") else ";"))
    board = "Ban Xây dựng Đảng" if body.get("ban_xay_dung_dang") else None
    grounds.append(vote_ground(decider, milestone))
    grounds.append(f"Xét đề nghị của {proposer} ({reference})" + (f" và của {board}," if board else ","))

    executors = ["Văn phòng Đảng ủy" if body.get("van_phong") else None, board]
    top = c.org.ancestor(c.chi_bo, "co_so")
    if top is not None and top is not body:
        executors.append(_name(top))
    executors.append(c.chi_bo["ten"])
    who = ", ".join(e for e in executors if e) + f" và đồng chí {c.data['ho_ten']}"

    values = {
        "van_ban": {
            "cap_tren": superior,
            "co_quan": issuer,
            "so_ky_hieu": document_number(milestone.get("so"), "QĐ", body.get("ky_hieu", "ĐU")),
            "dong_ngay": _date_line(c, body, milestone),
            "ky": signer(c.org, body, collective),
            "noi_nhan": ["- Như Điều 2,", "- Lưu Văn phòng Đảng ủy."],
        },
        "uv": _member_common(c, date_of(milestone.get("ngay"))),
        "qd": {
            "can_cu": grounds,
            "tap_the_quyet_dinh": vietnamese.in_hoa(decider),
            "thi_hanh": who,
        },
        "cn": {
            "tuoi_dang": tenure,
        },
    }
    return _rendered("16-KNĐ", values, "16-KND")
