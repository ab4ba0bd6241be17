"""The committees' documents of the official-recognition stage:

* 14-KNĐ (đảng ủy bộ phận): after 13-KNĐ, only when the chi bộ sits in a đảng bộ bộ phận.
* 15-KNĐ (đảng ủy cơ sở): after 13-KNĐ (and 14-KNĐ where it applies), only when the
  grassroots committee is not itself the deciding committee.
* 16-KNĐ (decision): after the proposal of the level just below the deciding committee.

Shared facts and rules: :mod:`dossier.forms.cong_nhan_facts`.
"""

from __future__ import annotations

from dossier import vietnamese
from dossier.context import (
    Candidate,
    date_of,
    document_number,
    resolution_reference,
    signer,
)
from dossier.forms import NotReady, Rendered, candidate_form
from dossier.forms.common import committee_vote, formatted_date, letterhead, member
from dossier.forms.cong_nhan_facts import (
    _chi_bo_reference,
    _grassroots_proposes,
    _member_common,
    _name,
    _recognition_sentence,
    _rendered,
    _section,
    _short,
    admission_decision,
    authority,
    chi_bo_resolution,
    probation,
    seniority,
)
from dossier.forms.ket_nap_resolutions import vote_ground


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
            **letterhead(c, section, milestone, "BC", "CB"),
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
            **letterhead(c, grassroots, milestone, "NQ", "CB"),
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
            **letterhead(c, body, milestone, "QĐ", "ĐU"),
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
